//! oxpy's tier-2 optimizer, the counterpart of CPython's `Python/optimizer*.c`.
//!
//! So far it holds the micro-op tables ([`generated`]: uop ids, names, flags, stack
//! effects, each instruction's expansion into uops, the `replaced` rules), generated
//! from `inputs/bytecodes.dsl` and `inputs/optimizer_bytecodes.dsl` by
//! `cargo xtask regen-cases`. Trace building and abstract interpretation are not
//! written yet.

pub mod generated;
