//! oxpy's specializer, the counterpart of CPython's `Python/specialize.c`.
//!
//! So far it holds the typed inline-cache layouts (one per family, like CPython's
//! `_Py*Cache` structs in `pycore_code.h`) and the family tables, generated from
//! `inputs/bytecodes.dsl` by `cargo xtask regen-cases` into [`generated`]. The
//! specialisation logic itself is not written yet.

pub mod generated;

/// One named cell of an inline-cache layout (an entry of CPython's `opcode._cache_format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CacheCell {
    /// The cell's name.
    pub name: &'static str,
    /// Offset in code units from the first cache unit.
    pub offset: u8,
    /// Size in code units (1, 2 or 4 for `u16`, `u32`, `u64` accessors).
    pub size: u8,
}
