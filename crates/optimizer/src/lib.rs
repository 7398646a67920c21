//! oxpy's tier-2 optimizer, the counterpart of CPython's `Python/optimizer*.c` (uop tables, abstract interpretation); no code yet.
