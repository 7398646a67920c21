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

#[cfg(test)]
mod tests {
    use super::generated::cache::{LoadAttrCache, LoadGlobalCache, ToBoolCache};
    use super::generated::families::{FAMILIES, family_head};
    use oxpy_compile::generated::Opcode;
    use oxpy_compile::generated::metadata::{cache_entries, deopt, specializations};

    #[test]
    fn cells_read_and_write_code_units() {
        let mut c = LoadGlobalCache::default();
        c.set_counter(0x1234);
        c.set_index(7);
        assert_eq!((c.counter(), c.index()), (0x1234, 7));
        assert_eq!(c.units, [0x1234, 7, 0, 0]);

        let mut a = LoadAttrCache::default();
        a.set_version(0xDEAD_BEEF);
        a.set_descr(0x0102_0304_0506_0708);
        assert_eq!(a.units[1..3], [0xBEEF, 0xDEAD]);
        assert_eq!(a.units[5..9], [0x0708, 0x0506, 0x0304, 0x0102]);
        assert_eq!(
            (a.version(), a.descr()),
            (0xDEAD_BEEF, 0x0102_0304_0506_0708)
        );

        let code = [9u16, 1, 2, 3, 4];
        let t = ToBoolCache::read(&code[1..]);
        assert_eq!(
            t.map(|t| (t.counter(), t.version())),
            Some((1, 0x0003_0002))
        );
        assert_eq!(ToBoolCache::read(&code[3..]), None);
        let mut out = [0u16; 3];
        assert_eq!(t.and_then(|t| t.write(&mut out)), Some(()));
        assert_eq!(out, [1, 2, 3]);
    }

    #[test]
    fn family_tables_agree_with_compile_metadata() {
        for (head, members) in FAMILIES {
            assert_eq!(specializations(*head), *members);
            for m in *members {
                assert_eq!(family_head(*m), Some(*head));
                assert_eq!(deopt(*m), *head);
            }
        }
        assert_eq!(
            LoadGlobalCache::SIZE,
            usize::from(cache_entries(Opcode::LOAD_GLOBAL))
        );
        assert_eq!(family_head(Opcode::LOAD_GLOBAL), None);
    }
}
