//! oxpy's virtual machine layer, the counterpart of CPython's `Python/ceval.c` and
//! `Modules/main.c`: it owns the `oxpy` command line.
//!
//! There is no evaluation loop yet. What exists:
//! - [`cli`]: the `oxpy` command line (CPython's option syntax), which so far runs
//!   `oxpy -m tokenize [-e] [FILE]` ([`cli::tokenize_main`]) and says "not implemented yet"
//!   for everything else.

pub mod cli;
