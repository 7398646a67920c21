//! oxpy's specializer, the counterpart of CPython's `Python/specialize.c` (typed inline-cache layouts, families, deopt tables); no code yet.
