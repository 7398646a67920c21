//! Port of Include/internal/pycore_opcode_utils.h: the opcode predicates the flowgraph
//! and the assembler use, written over the generated metadata
//! ([`crate::generated::metadata`]).

use crate::generated::metadata::{self, OpcodeFlags};
use crate::generated::opcode::{ALL, MAX_PSEUDO_OPCODE, Opcode};

/// Number of opcode numbers, real and pseudo.
const NUM_OPCODES: usize = MAX_PSEUDO_OPCODE as usize + 1;

/// Every opcode's [`metadata::flags`] bits, [`metadata::cache_entries`] and whether it
/// is a real opcode [`metadata::deopt`] changes, by opcode number, computed at compile time: the flowgraph and the assembler ask for them
/// for every instruction in every pass, and an indexed load inlines where the
/// generated `match` is a call.
static TABLE: [(u32, u8, bool); NUM_OPCODES] = {
    let mut t = [(0u32, 0u8, false); NUM_OPCODES];
    let mut i = 0;
    while i < ALL.len() {
        let op = ALL[i];
        let deopts = op.number() <= 255 && metadata::deopt(op).number() != op.number();
        t[op.number() as usize] = (metadata::flags(op).0, metadata::cache_entries(op), deopts);
        i += 1;
    }
    t
};

/// Every opcode number's [`Opcode`] (`None` for the numbers that are none), so
/// decoding a number is an indexed load rather than the generated `match`.
static FROM_NUMBER: [Option<Opcode>; NUM_OPCODES] = {
    let mut t = [None; NUM_OPCODES];
    let mut i = 0;
    while i < ALL.len() {
        t[ALL[i].number() as usize] = Some(ALL[i]);
        i += 1;
    }
    t
};

/// Bits of [`FACTS`]: `HAS_JUMP`.
const F_JUMP: u16 = 1;
/// `IS_BLOCK_PUSH_OPCODE`
const F_BLOCK_PUSH: u16 = 2;
/// `IS_SCOPE_EXIT_OPCODE`
const F_SCOPE_EXIT: u16 = 4;
/// `IS_UNCONDITIONAL_JUMP_OPCODE`
const F_UNCOND_JUMP: u16 = 8;
/// `IS_CONDITIONAL_JUMP_OPCODE`
const F_COND_JUMP: u16 = 16;
/// `HAS_ARG`
const F_ARG: u16 = 32;
/// `HAS_CONST`
const F_CONST: u16 = 64;
/// `HAS_EVAL_BREAK`
const F_EVAL_BREAK: u16 = 128;
/// `IS_PSEUDO`
const F_PSEUDO: u16 = 256;

/// `fact` if `flags` has `flag`.
const fn bit(flags: u32, flag: u32, fact: u16) -> u16 {
    if flags & flag != 0 { fact } else { 0 }
}

/// What the flowgraph asks of every opcode in every pass, one bit each, by opcode
/// number (one load and a mask instead of a flags lookup and comparisons).
static FACTS: [u16; NUM_OPCODES] = {
    let mut t = [0u16; NUM_OPCODES];
    let mut i = 0;
    while i < ALL.len() {
        let op = ALL[i];
        let f = metadata::flags(op).0;
        let mut facts = bit(f, OpcodeFlags::HAS_JUMP, F_JUMP)
            | bit(f, OpcodeFlags::HAS_ARG, F_ARG)
            | bit(f, OpcodeFlags::HAS_CONST, F_CONST)
            | bit(f, OpcodeFlags::HAS_EVAL_BREAK, F_EVAL_BREAK)
            | bit(f, OpcodeFlags::IS_PSEUDO, F_PSEUDO);
        if is_block_push(op) {
            facts |= F_BLOCK_PUSH;
        }
        if matches!(
            op,
            Opcode::RETURN_VALUE | Opcode::RAISE_VARARGS | Opcode::RERAISE
        ) {
            facts |= F_SCOPE_EXIT;
        }
        if matches!(
            op,
            Opcode::JUMP
                | Opcode::JUMP_NO_INTERRUPT
                | Opcode::JUMP_FORWARD
                | Opcode::JUMP_BACKWARD
                | Opcode::JUMP_BACKWARD_NO_INTERRUPT
        ) {
            facts |= F_UNCOND_JUMP;
        }
        if matches!(
            op,
            Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::POP_JUMP_IF_NONE
                | Opcode::POP_JUMP_IF_NOT_NONE
        ) {
            facts |= F_COND_JUMP;
        }
        t[op.number() as usize] = facts;
        i += 1;
    }
    t
};

/// Whether `op` has any of the [`FACTS`] bits `mask`.
#[inline]
fn fact(op: Opcode, mask: u16) -> bool {
    FACTS[usize::from(op.number())] & mask != 0
}

/// [`Opcode::from_number`], from a table.
#[inline]
pub fn opcode_from_number(n: u16) -> Option<Opcode> {
    FROM_NUMBER.get(usize::from(n)).copied().flatten()
}

/// [`metadata::flags`], from the table.
#[inline]
pub fn flags(op: Opcode) -> OpcodeFlags {
    OpcodeFlags(TABLE.get(usize::from(op.number())).map_or(0, |e| e.0))
}

/// [`metadata::flags`] and [`metadata::cache_entries`] in one lookup.
#[inline]
pub fn flags_and_caches(op: Opcode) -> (OpcodeFlags, u8) {
    TABLE
        .get(usize::from(op.number()))
        .map_or((OpcodeFlags(0), 0), |e| (OpcodeFlags(e.0), e.1))
}

/// [`metadata::cache_entries`], from the table.
#[inline]
pub fn cache_entries(op: Opcode) -> u8 {
    TABLE.get(usize::from(op.number())).map_or(0, |e| e.1)
}

/// A real opcode that [`metadata::deopt`] maps to another (a specialization).
#[inline]
pub fn deopts(op: Opcode) -> bool {
    TABLE.get(usize::from(op.number())).is_some_and(|e| e.2)
}

/// Marks an opcode whose stack effect depends on its oparg in [`STACK_TABLE`].
const BY_OPARG: i8 = -1;

/// Opargs [`STACK_TABLE`] tries: every generated formula (a multiple of the oparg, its
/// low bit, its low or high byte) gives a different count for one of them.
const SAMPLE_OPARGS: [i64; 9] = [1, 2, 3, 4, 255, 256, 257, 65535, 65536];

/// What `op` pops (or pushes) for `oparg`.
const fn count(op: Opcode, oparg: i64, pushed: bool) -> i64 {
    if pushed {
        metadata::num_pushed(op, oparg)
    } else {
        metadata::num_popped(op, oparg)
    }
}

/// [`count`] if it is the same small count for every sample oparg, else [`BY_OPARG`].
const fn fixed_count(op: Opcode, pushed: bool) -> i8 {
    let c0 = count(op, 0, pushed);
    if c0 < 0 || c0 > 127 {
        return BY_OPARG;
    }
    let mut k = 0;
    while k < SAMPLE_OPARGS.len() {
        if count(op, SAMPLE_OPARGS[k], pushed) != c0 {
            return BY_OPARG;
        }
        k += 1;
    }
    c0 as i8
}

/// Every opcode's [`metadata::num_popped`] and [`metadata::num_pushed`] when they do
/// not depend on the oparg ([`BY_OPARG`] when they do), by opcode number: the stack
/// depth and borrow passes ask for them for every instruction.
static STACK_TABLE: [(i8, i8); NUM_OPCODES] = {
    let mut t = [(BY_OPARG, BY_OPARG); NUM_OPCODES];
    let mut i = 0;
    while i < ALL.len() {
        let op = ALL[i];
        t[op.number() as usize] = (fixed_count(op, false), fixed_count(op, true));
        i += 1;
    }
    t
};

/// Marks an opcode without a fixed effect in [`EFFECT_TABLE`].
const NO_FIXED_EFFECT: i8 = i8::MIN;

/// Every opcode's net stack effect when it does not depend on the oparg and the
/// opcode has one (not a specialization, counts known), without and with the jump
/// taken (a `SETUP_*` has no effect unless it jumps), by opcode number; otherwise
/// [`NO_FIXED_EFFECT`].
static EFFECT_TABLE: [(i8, i8); NUM_OPCODES] = {
    let mut t = [(NO_FIXED_EFFECT, NO_FIXED_EFFECT); NUM_OPCODES];
    let mut i = 0;
    while i < ALL.len() {
        let op = ALL[i];
        let n = op.number() as usize;
        let (popped, pushed) = STACK_TABLE[n];
        if !TABLE[n].2 && popped != BY_OPARG && pushed != BY_OPARG {
            let effect = pushed - popped;
            let plain = if is_block_push(op) { 0 } else { effect };
            t[n] = (plain, effect);
        }
        i += 1;
    }
    t
};

/// The stack effect of `op` when it is fixed (see [`EFFECT_TABLE`]), `jump` telling
/// which way a branch goes.
#[inline]
pub fn fixed_stack_effect(op: Opcode, jump: bool) -> Option<i32> {
    let &(plain, jumped) = EFFECT_TABLE.get(usize::from(op.number()))?;
    let e = if jump { jumped } else { plain };
    (e != NO_FIXED_EFFECT).then_some(i32::from(e))
}

/// [`metadata::num_popped`], from the table when it does not depend on the oparg.
#[inline]
pub fn num_popped(op: Opcode, oparg: i32) -> i64 {
    match STACK_TABLE.get(usize::from(op.number())) {
        Some(&(p, _)) if p != BY_OPARG => i64::from(p),
        _ => metadata::num_popped(op, i64::from(oparg)),
    }
}

/// [`metadata::num_pushed`], from the table when it does not depend on the oparg.
#[inline]
pub fn num_pushed(op: Opcode, oparg: i32) -> i64 {
    match STACK_TABLE.get(usize::from(op.number())) {
        Some(&(_, p)) if p != BY_OPARG => i64::from(p),
        _ => metadata::num_pushed(op, i64::from(oparg)),
    }
}

/// `HAS_JUMP` ([`metadata::has_jump`]).
#[inline]
pub fn has_jump(op: Opcode) -> bool {
    fact(op, F_JUMP)
}

/// `HAS_ARG` ([`metadata::has_arg`]).
#[inline]
pub fn has_arg(op: Opcode) -> bool {
    fact(op, F_ARG)
}

/// `HAS_CONST` ([`metadata::has_const`]).
#[inline]
pub fn has_const(op: Opcode) -> bool {
    fact(op, F_CONST)
}

/// `HAS_EVAL_BREAK` ([`metadata::has_eval_break`]).
#[inline]
pub fn has_eval_break(op: Opcode) -> bool {
    fact(op, F_EVAL_BREAK)
}

/// `IS_PSEUDO` ([`metadata::is_pseudo`]).
#[inline]
pub fn is_pseudo(op: Opcode) -> bool {
    fact(op, F_PSEUDO)
}

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
#[inline]
pub const fn is_block_push(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::SETUP_FINALLY | Opcode::SETUP_WITH | Opcode::SETUP_CLEANUP
    )
}

/// `HAS_TARGET`: the oparg is a jump target (label / block).
#[inline]
pub fn has_target(op: Opcode) -> bool {
    fact(op, F_JUMP | F_BLOCK_PUSH)
}

/// `IS_SCOPE_EXIT_OPCODE`
#[inline]
pub fn is_scope_exit(op: Opcode) -> bool {
    fact(op, F_SCOPE_EXIT)
}

/// `IS_TERMINATOR_OPCODE`: must be the last instruction of a basic block.
#[inline]
pub fn is_terminator(op: Opcode) -> bool {
    fact(op, F_JUMP | F_SCOPE_EXIT)
}

/// `IS_SCOPE_EXIT_OPCODE || IS_UNCONDITIONAL_JUMP_OPCODE`: control never goes on to
/// the next instruction (`BB_NO_FALLTHROUGH` of a block ending in `op`).
#[inline]
pub fn is_exit_or_unconditional_jump(op: Opcode) -> bool {
    fact(op, F_SCOPE_EXIT | F_UNCOND_JUMP)
}

/// `IS_ASSEMBLER_OPCODE`: emitted only by the assembler.
pub fn is_assembler_opcode(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_FORWARD | Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// `IS_BACKWARDS_JUMP_OPCODE`
#[inline]
pub fn is_backwards_jump(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// `IS_UNCONDITIONAL_JUMP_OPCODE`
#[inline]
pub fn is_unconditional_jump(op: Opcode) -> bool {
    fact(op, F_UNCOND_JUMP)
}

/// `IS_CONDITIONAL_JUMP_OPCODE`
#[inline]
pub fn is_conditional_jump(op: Opcode) -> bool {
    fact(op, F_COND_JUMP)
}

/// `_PyCompile_InstrSize`: code units of `op` with `oparg`, `EXTENDED_ARG`s and caches
/// included.
#[inline]
pub fn instr_size(op: Opcode, oparg: i32) -> usize {
    let extended =
        usize::from(oparg > 0xFF_FFFF) + usize::from(oparg > 0xFFFF) + usize::from(oparg > 0xFF);
    extended + 1 + usize::from(cache_entries(op))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_generated_metadata() {
        for n in 0..=MAX_PSEUDO_OPCODE {
            let Some(op) = Opcode::from_number(n) else {
                continue;
            };
            assert_eq!(flags(op), metadata::flags(op), "{op:?}");
            assert_eq!(cache_entries(op), metadata::cache_entries(op), "{op:?}");
            assert_eq!(deopts(op), n <= 255 && metadata::deopt(op) != op, "{op:?}");
        }
        for op in ALL {
            for oparg in (0..=1024).chain([65535, 65536, 65537, 1 << 20]) {
                assert_eq!(
                    num_popped(op, oparg),
                    metadata::num_popped(op, i64::from(oparg)),
                    "{op:?} {oparg}"
                );
                assert_eq!(
                    num_pushed(op, oparg),
                    metadata::num_pushed(op, i64::from(oparg)),
                    "{op:?} {oparg}"
                );
            }
        }
        for op in ALL {
            for jump in [false, true] {
                let Some(e) = fixed_stack_effect(op, jump) else {
                    continue;
                };
                assert!(!deopts(op), "{op:?}");
                for oparg in (0..=1024).chain([65535, 65536, 65537, 1 << 20]) {
                    let popped = metadata::num_popped(op, i64::from(oparg));
                    let pushed = metadata::num_pushed(op, i64::from(oparg));
                    assert!(popped >= 0 && pushed >= 0, "{op:?}");
                    let want = if is_block_push(op) && !jump {
                        0
                    } else {
                        pushed - popped
                    };
                    assert_eq!(i64::from(e), want, "{op:?} {oparg} {jump}");
                }
            }
        }
        for op in ALL {
            assert_eq!(has_jump(op), metadata::has_jump(op), "{op:?}");
            assert_eq!(has_arg(op), metadata::has_arg(op), "{op:?}");
            assert_eq!(has_const(op), metadata::has_const(op), "{op:?}");
            assert_eq!(is_pseudo(op), metadata::is_pseudo(op), "{op:?}");
            assert_eq!(
                has_eval_break(op),
                metadata::flags(op).contains(OpcodeFlags::HAS_EVAL_BREAK),
                "{op:?}"
            );
            assert_eq!(has_target(op), has_jump(op) || is_block_push(op));
            assert_eq!(
                is_exit_or_unconditional_jump(op),
                is_scope_exit(op) || is_unconditional_jump(op)
            );
        }
        for n in 0..=MAX_PSEUDO_OPCODE + 10 {
            assert_eq!(opcode_from_number(n), Opcode::from_number(n), "{n}");
        }
        assert_eq!(
            ALL.len(),
            (0..=MAX_PSEUDO_OPCODE)
                .filter_map(Opcode::from_number)
                .count()
        );
    }
}
