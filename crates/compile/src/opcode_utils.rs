//! Port of Include/internal/pycore_opcode_utils.h: the opcode predicates the flowgraph
//! and the assembler use, written over the generated metadata
//! ([`crate::generated::metadata`]).

use crate::generated::metadata::{cache_entries, has_jump};
use crate::generated::opcode::Opcode;

/// `RESUME_AT_FUNC_START`: the oparg of the `RESUME` at the start of a code object.
pub const RESUME_AT_FUNC_START: i32 = 0;
/// `RESUME_OPARG_DEPTH1_MASK`: set on a `RESUME` after a yield at exception depth 1.
pub const RESUME_OPARG_DEPTH1_MASK: i32 = 0x4;

/// `INTRINSIC_UNARY_POSITIVE` (`CALL_INTRINSIC_1` oparg, Include/internal/pycore_intrinsics.h).
pub const INTRINSIC_UNARY_POSITIVE: i32 = 5;
/// `INTRINSIC_LIST_TO_TUPLE` (`CALL_INTRINSIC_1` oparg).
pub const INTRINSIC_LIST_TO_TUPLE: i32 = 6;

/// `BINARY_OP` opargs (`NB_*`, Include/internal/pycore_opcode_utils.h / opcode.h).
pub mod nb {
    /// `+`
    pub const ADD: i32 = 0;
    /// `&`
    pub const AND: i32 = 1;
    /// `//`
    pub const FLOOR_DIVIDE: i32 = 2;
    /// `<<`
    pub const LSHIFT: i32 = 3;
    /// `@`
    pub const MATRIX_MULTIPLY: i32 = 4;
    /// `*`
    pub const MULTIPLY: i32 = 5;
    /// `%`
    pub const REMAINDER: i32 = 6;
    /// `|`
    pub const OR: i32 = 7;
    /// `**`
    pub const POWER: i32 = 8;
    /// `>>`
    pub const RSHIFT: i32 = 9;
    /// `-`
    pub const SUBTRACT: i32 = 10;
    /// `/`
    pub const TRUE_DIVIDE: i32 = 11;
    /// `^`
    pub const XOR: i32 = 12;
    /// `[]` (subscript)
    pub const SUBSCR: i32 = 26;
}

/// `IS_BLOCK_PUSH_OPCODE`: the `SETUP_*` pseudo-instructions.
pub fn is_block_push(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::SETUP_FINALLY | Opcode::SETUP_WITH | Opcode::SETUP_CLEANUP
    )
}

/// `HAS_TARGET`: the oparg is a jump target (label / block).
pub fn has_target(op: Opcode) -> bool {
    has_jump(op) || is_block_push(op)
}

/// `IS_SCOPE_EXIT_OPCODE`
pub fn is_scope_exit(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::RETURN_VALUE | Opcode::RAISE_VARARGS | Opcode::RERAISE
    )
}

/// `IS_TERMINATOR_OPCODE`: must be the last instruction of a basic block.
pub fn is_terminator(op: Opcode) -> bool {
    has_jump(op) || is_scope_exit(op)
}

/// `IS_ASSEMBLER_OPCODE`: emitted only by the assembler.
pub fn is_assembler_opcode(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_FORWARD | Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// `IS_BACKWARDS_JUMP_OPCODE`
pub fn is_backwards_jump(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// `IS_UNCONDITIONAL_JUMP_OPCODE`
pub fn is_unconditional_jump(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP
            | Opcode::JUMP_NO_INTERRUPT
            | Opcode::JUMP_FORWARD
            | Opcode::JUMP_BACKWARD
            | Opcode::JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// `IS_CONDITIONAL_JUMP_OPCODE`
pub fn is_conditional_jump(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::POP_JUMP_IF_FALSE
            | Opcode::POP_JUMP_IF_TRUE
            | Opcode::POP_JUMP_IF_NONE
            | Opcode::POP_JUMP_IF_NOT_NONE
    )
}

/// `_PyCompile_InstrSize`: code units of `op` with `oparg`, `EXTENDED_ARG`s and caches
/// included.
pub fn instr_size(op: Opcode, oparg: i32) -> usize {
    let extended =
        usize::from(oparg > 0xFF_FFFF) + usize::from(oparg > 0xFFFF) + usize::from(oparg > 0xFF);
    extended + 1 + usize::from(cache_entries(op))
}
