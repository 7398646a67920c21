//! oxpy's tokenizer (in progress).
