//! oxpy's tier-2 optimizer, the counterpart of CPython's `Python/optimizer*.c`.
//!
//! So far it holds the micro-op tables ([`generated`]: uop ids, names, flags, stack
//! effects, each instruction's expansion into uops, the `replaced` rules), generated
//! from `inputs/bytecodes.dsl` and `inputs/optimizer_bytecodes.dsl` by
//! `cargo xtask regen-cases`. Trace building and abstract interpretation are not
//! written yet.

pub mod generated;

#[cfg(test)]
mod tests {
    use super::generated::uops::{ALL, Uop, UopFlags, expansion};
    use oxpy_compile::generated::Opcode;

    #[test]
    fn ids_names_and_expansions() {
        for u in ALL {
            assert_eq!(Uop::from_id(u.id()), Some(u));
        }
        assert_eq!(Uop::_EXIT_TRACE.id(), 300);
        assert_eq!(Uop::_SET_IP.id(), 301);
        assert_eq!(Uop::_NOP.id(), Opcode::NOP.number());
        let steps = expansion(Opcode::LOAD_GLOBAL_BUILTIN)
            .map(|s| s.iter().map(|s| s.uop).collect::<Vec<_>>());
        assert_eq!(
            steps,
            Some(vec![
                Uop::_GUARD_GLOBALS_VERSION,
                Uop::_LOAD_GLOBAL_BUILTINS,
                Uop::_PUSH_NULL_CONDITIONAL
            ])
        );
        assert_eq!(
            expansion(Opcode::JUMP_BACKWARD_JIT),
            None,
            "_JIT is tier-1 only"
        );
        assert_eq!(
            Uop::_ITER_JUMP_LIST.tier_two_replacement(),
            Some(Uop::_GUARD_NOT_EXHAUSTED_LIST)
        );
        assert!(
            Uop::_LOAD_CONST_INLINE
                .flags()
                .contains(UopFlags::TIER2_ONLY | UopFlags::PURE)
        );
        assert_eq!(Uop::_LOAD_FAST_3.replicated_oparg(), Some(3));
        assert_eq!(Uop::_BUILD_LIST.num_popped(4), 4);
    }
}
