//! oxpy's virtual machine layer, the counterpart of CPython's `Python/ceval.c` and `Modules/main.c`: it owns the `oxpy` command line.
