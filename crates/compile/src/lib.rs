//! oxpy's compiler layer, the counterpart of CPython's `Python/symtable.c`, `codegen.c`,
//! `compile.c`, `flowgraph.c`, `assemble.c` and `marshal.c` (AST → code objects).
//!
//! Pipeline, one module per CPython file:
//! - [`future`]: `from __future__` features (Python/future.c);
//! - [`symtable`]: scopes and bindings (Python/symtable.c);
//! - [`codegen`]: AST preprocessing (Python/ast_preprocess.c), then AST →
//!   [`instr_sequence::InstrSequence`] with pseudo-instructions and labels
//!   (Python/codegen.c, compile.c);
//! - [`unit::optimize_and_assemble`]: flowgraph passes and the assembler
//!   (Python/flowgraph.c, assemble.c) → [`oxpy_objects::code::CodeObject`];
//! - [`marshal`]: code objects to bytes and back, `.pyc` files (Python/marshal.c);
//! - [`dis`]: the text of `dis.dis(code)` (Lib/dis.py).
//!
//! [`generated`] holds CPython 3.14's opcode numbers, names, flags, cache sizes, stack
//! effects, deopt and pseudo-instruction tables (`Include/opcode_ids.h`,
//! `pycore_opcode_metadata.h`), generated from `inputs/bytecodes.dsl` by
//! `cargo xtask regen-cases`.

pub mod assemble;
pub mod codegen;
pub mod compile;
pub mod dis;
pub mod error;
pub mod fast_hash;
pub mod flowgraph;
pub mod future;
pub mod generated;
pub mod instr_sequence;
pub mod marshal;
pub mod opcode_utils;
pub mod symtable;
pub mod unit;

pub use compile::{
    CompileOptions, Compiled, Mode, PhaseTimes, compile_ast, compile_source, compile_source_timed,
};
pub use error::{CompileError, CompileWarning};
pub use oxpy_objects::code::CodeObject;
pub use oxpy_objects::constant::ConstValue;

#[cfg(test)]
mod tests {
    use super::generated::metadata::{
        InvalidStackEffect, cache_entries, deopt, has_arg, has_exc, instruction_size, stack_effect,
    };
    use super::generated::opcode::{ALL, HAVE_ARGUMENT, Opcode};

    #[test]
    fn numbers_and_names_round_trip() {
        for op in ALL {
            assert_eq!(Opcode::from_number(op.number()), Some(op));
            assert_eq!(Opcode::from_name(op.name()), Some(op));
        }
        assert!(ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Opcode::RESUME.number(), 128);
        assert_eq!(HAVE_ARGUMENT, 43);
        assert_eq!(Opcode::from_number(212), None);
    }

    #[test]
    fn metadata_matches_cpython_examples() {
        assert_eq!(stack_effect(Opcode::BUILD_LIST, 3, None), Ok(-2));
        assert_eq!(stack_effect(Opcode::LOAD_ATTR, 1, None), Ok(1));
        assert_eq!(stack_effect(Opcode::SETUP_CLEANUP, 0, Some(false)), Ok(0));
        assert_eq!(stack_effect(Opcode::SETUP_CLEANUP, 0, None), Ok(2));
        assert_eq!(
            stack_effect(Opcode::LOAD_ATTR_SLOT, 0, None),
            Err(InvalidStackEffect)
        );
        assert_eq!(cache_entries(Opcode::LOAD_ATTR), 9);
        assert_eq!(cache_entries(Opcode::LOAD_ATTR_SLOT), 0);
        assert_eq!(instruction_size(Opcode::LOAD_ATTR_SLOT), 10);
        assert_eq!(deopt(Opcode::LOAD_ATTR_SLOT), Opcode::LOAD_ATTR);
        assert!(has_arg(Opcode::LOAD_FAST) && !has_arg(Opcode::POP_TOP));
        assert!(has_exc(Opcode::SETUP_WITH));
    }
}
