//! Port of Python/flowgraph.c's constant folding: tuples of constants, constant
//! lists and sets (`optimize_lists_and_sets`), `list` → `tuple` intrinsics, unary and
//! binary operations on constants, and the `LOAD_CONST` / `LOAD_SMALL_INT` helpers.

use num_bigint::BigInt;
use oxpy_objects::constant::ConstValue;

use crate::generated::opcode::Opcode;
use crate::instr_sequence::SourceLocation;
use crate::opcode_utils::INTRINSIC_UNARY_POSITIVE;
use crate::opcode_utils::has_const;
use crate::unit::{ConstCache, same_key};

use super::FlowgraphError;
use super::cfg::{BlockId, Cfg, CfgInstr};
use super::const_eval::{UnaryOp, eval_binop, eval_unaryop, frozenset_from};

/// `_PY_STACK_USE_GUIDELINE`: longest constant sequence folded.
const STACK_USE_GUIDELINE: usize = 30;
/// `MIN_CONST_SEQUENCE_SIZE`: shortest list/set literal turned into a constant.
const MIN_CONST_SEQUENCE_SIZE: i32 = 3;

/// `loads_const`
pub fn loads_const(op: Opcode) -> bool {
    has_const(op) || op == Opcode::LOAD_SMALL_INT
}

/// `get_const_value`
pub fn get_const_value(
    opcode: Opcode,
    oparg: i32,
    consts: &[ConstValue],
) -> Result<ConstValue, FlowgraphError> {
    if opcode == Opcode::LOAD_SMALL_INT {
        return Ok(ConstValue::Int(BigInt::from(oparg)));
    }
    usize::try_from(oparg)
        .ok()
        .and_then(|i| consts.get(i))
        .cloned()
        .ok_or(FlowgraphError::BadConstIndex(oparg))
}

/// `add_const`: the index of `newconst` (merged through the cache) in `consts`,
/// appending it when absent.
pub fn add_const(
    newconst: ConstValue,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
) -> Result<i32, FlowgraphError> {
    if contains_nan(&newconst) {
        // A NaN is unequal to itself, so CPython's constant key of a fresh NaN
        // object matches no cached or listed constant: it is always appended.
        if consts.len() >= i32::MAX as usize - 1 {
            return Err(FlowgraphError::TooManyConstants);
        }
        consts.push(newconst);
        return Ok(consts.len() as i32 - 1);
    }
    if !const_cache.foreign_canonical.is_empty()
        && let Some(&k) = const_cache.foreign_canonical.get(&newconst.key())
    {
        return Ok(k as i32);
    }
    let newconst = const_cache.merge_owned(newconst);
    let foreign = const_cache.foreign_prefix.min(consts.len());
    // Constants of another kind never share a key: only those of the same kind are
    // compared (folded tuples are looked for among mostly strings and numbers).
    let kind = std::mem::discriminant(&newconst);
    let found = consts.iter().enumerate().position(|(i, c)| {
        std::mem::discriminant(c) == kind
            && same_key(c, &newconst)
            && (i >= foreign || is_singleton(c))
    });
    if let Some(index) = found {
        return Ok(index as i32);
    }
    if consts.len() >= i32::MAX as usize - 1 {
        return Err(FlowgraphError::TooManyConstants);
    }
    consts.push(newconst);
    Ok(consts.len() as i32 - 1)
}

/// A float or complex with a NaN part.
fn contains_nan(v: &ConstValue) -> bool {
    match v {
        ConstValue::Float(f) => f.is_nan(),
        ConstValue::Complex { real, imag } => real.is_nan() || imag.is_nan(),
        _ => false,
    }
}

/// Values CPython keeps one object of (small ints, `None`, bools, `...`, the empty
/// tuple, str and bytes, one-character latin-1 strings and one-byte bytes): equal
/// ones are identical even when they did not come through the constant cache.
fn is_singleton(v: &ConstValue) -> bool {
    match v {
        ConstValue::None | ConstValue::Bool(_) | ConstValue::Ellipsis => true,
        ConstValue::Int(i) => i32::try_from(i).is_ok_and(|v| (-5..=256).contains(&v)),
        ConstValue::Tuple(t) => t.is_empty(),
        ConstValue::Str(s) => {
            s.chars().count() == 0
                || (s.chars().count() == 1 && s.chars().all(|c| (c as u32) < 256))
        }
        ConstValue::Bytes(b) => b.len() <= 1,
        _ => false,
    }
}

/// `_PY_IS_SMALL_INT`: the ints `LOAD_SMALL_INT` can load (0..256).
fn small_int(v: &ConstValue) -> Option<i32> {
    match v {
        ConstValue::Int(i) => i32::try_from(i).ok().filter(|v| (0..256).contains(v)),
        _ => None,
    }
}

/// `maybe_instr_make_load_smallint`: a small exact int becomes `LOAD_SMALL_INT`.
pub fn maybe_instr_make_load_smallint(instr: &mut CfgInstr, newconst: &ConstValue) -> bool {
    if let Some(v) = small_int(newconst) {
        instr.set_op1(Opcode::LOAD_SMALL_INT, v);
        return true;
    }
    false
}

/// `instr_make_load_const`
fn instr_make_load_const(
    g: &mut Cfg,
    bb: BlockId,
    i: usize,
    newconst: ConstValue,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
) -> Result<(), FlowgraphError> {
    if maybe_instr_make_load_smallint(&mut g.bm(bb).instrs_mut()[i], &newconst) {
        return Ok(());
    }
    let oparg = add_const(newconst, consts, const_cache)?;
    g.bm(bb).instrs_mut()[i].set_op1(Opcode::LOAD_CONST, oparg);
    Ok(())
}

/// `get_const_loading_instrs`: the indices of the `size` constant loads ending at
/// `start` (NOPs skipped), in order, or `None`.
fn get_const_loading_instrs(g: &Cfg, bb: BlockId, start: isize, size: usize) -> Option<Vec<usize>> {
    let instrs = g.b(bb).instrs();
    // Checked before anything is allocated: most runs are not all constants.
    let mut left = size;
    let mut pos = start;
    while pos >= 0 && left > 0 {
        let instr = &instrs[pos as usize];
        if instr.opcode != Opcode::NOP {
            if !loads_const(instr.opcode) {
                return None;
            }
            left -= 1;
        }
        pos -= 1;
    }
    if left != 0 {
        return None;
    }
    // Every load was checked above: this walk only records where they are.
    let mut out = vec![0usize; size];
    let mut left = size;
    let mut pos = start;
    while left > 0 {
        if instrs[pos as usize].opcode != Opcode::NOP {
            left -= 1;
            out[left] = pos as usize;
        }
        pos -= 1;
    }
    Some(out)
}

/// `nop_out`: NOPs without location.
fn nop_out(g: &mut Cfg, bb: BlockId, idx: &[usize]) {
    for &i in idx {
        let instr = &mut g.bm(bb).instrs_mut()[i];
        instr.set_op0(Opcode::NOP);
        instr.loc = SourceLocation::NONE;
    }
}

fn const_values(
    g: &Cfg,
    bb: BlockId,
    idx: &[usize],
    consts: &[ConstValue],
) -> Result<Vec<ConstValue>, FlowgraphError> {
    idx.iter()
        .map(|&i| {
            let instr = g.b(bb).instrs()[i];
            get_const_value(instr.opcode, instr.oparg, consts)
        })
        .collect()
}

/// `fold_tuple_of_constants`: `LOAD_CONST c1 … LOAD_CONST cn; BUILD_TUPLE n` →
/// `LOAD_CONST (c1, …, cn)`.
pub fn fold_tuple_of_constants(
    g: &mut Cfg,
    bb: BlockId,
    i: usize,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
) -> Result<(), FlowgraphError> {
    let seq_size = g.b(bb).instrs()[i].oparg;
    if seq_size < 0 || seq_size as usize > STACK_USE_GUIDELINE {
        return Ok(());
    }
    let Some(idx) = get_const_loading_instrs(g, bb, i as isize - 1, seq_size as usize) else {
        return Ok(());
    };
    let items = const_values(g, bb, &idx, consts)?;
    nop_out(g, bb, &idx);
    instr_make_load_const(g, bb, i, ConstValue::Tuple(items), consts, const_cache)
}

/// `fold_constant_intrinsic_list_to_tuple`: `BUILD_LIST 0; (LOAD_CONST c;
/// LIST_APPEND 1)*; CALL_INTRINSIC_1 INTRINSIC_LIST_TO_TUPLE` → `LOAD_CONST (c, …)`.
pub fn fold_constant_intrinsic_list_to_tuple(
    g: &mut Cfg,
    bb: BlockId,
    i: usize,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
) -> Result<(), FlowgraphError> {
    let mut consts_found = 0usize;
    let mut expect_append = true;
    let mut pos = i as isize - 1;
    while pos >= 0 {
        let instr = g.b(bb).instrs()[pos as usize];
        let (opcode, oparg) = (instr.opcode, instr.oparg);
        if opcode == Opcode::NOP {
            pos -= 1;
            continue;
        }
        if opcode == Opcode::BUILD_LIST && oparg == 0 {
            if !expect_append {
                return Ok(());
            }
            let mut items = vec![ConstValue::None; consts_found];
            let mut newpos = i as isize - 1;
            while newpos >= pos {
                let np = newpos as usize;
                let instr = g.b(bb).instrs()[np];
                newpos -= 1;
                if instr.opcode == Opcode::NOP {
                    continue;
                }
                if loads_const(instr.opcode) {
                    let constant = get_const_value(instr.opcode, instr.oparg, consts)?;
                    consts_found -= 1;
                    items[consts_found] = constant;
                }
                nop_out(g, bb, &[np]);
            }
            return instr_make_load_const(g, bb, i, ConstValue::Tuple(items), consts, const_cache);
        }
        if expect_append {
            if opcode != Opcode::LIST_APPEND || oparg != 1 {
                return Ok(());
            }
        } else {
            if !loads_const(opcode) {
                return Ok(());
            }
            consts_found += 1;
        }
        expect_append = !expect_append;
        pos -= 1;
    }
    Ok(())
}

/// `optimize_lists_and_sets`: a constant list/set iterated or tested with `in`
/// becomes a constant tuple/frozenset (a non-constant list iterated becomes a tuple);
/// a constant literal of at least 3 items becomes `BUILD_LIST 0; LOAD_CONST tuple;
/// LIST_EXTEND 1` (or the set equivalent).
pub fn optimize_lists_and_sets(
    g: &mut Cfg,
    bb: BlockId,
    i: usize,
    nextop: Option<Opcode>,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
) -> Result<(), FlowgraphError> {
    let instr = g.b(bb).instrs()[i];
    let contains_or_iter = matches!(nextop, Some(Opcode::GET_ITER | Opcode::CONTAINS_OP));
    let seq_size = instr.oparg;
    if seq_size < 0
        || seq_size as usize > STACK_USE_GUIDELINE
        || (seq_size < MIN_CONST_SEQUENCE_SIZE && !contains_or_iter)
    {
        return Ok(());
    }
    let Some(idx) = get_const_loading_instrs(g, bb, i as isize - 1, seq_size as usize) else {
        if contains_or_iter && instr.opcode == Opcode::BUILD_LIST {
            g.bm(bb).instrs_mut()[i].set_op1(Opcode::BUILD_TUPLE, seq_size);
        }
        return Ok(());
    };
    let items = const_values(g, bb, &idx, consts)?;
    let result = if instr.opcode == Opcode::BUILD_SET {
        frozenset_from(&items)
    } else {
        ConstValue::Tuple(items)
    };
    let index = add_const(result, consts, const_cache)?;
    nop_out(g, bb, &idx);
    let instrs = g.bm(bb).instrs_mut();
    if contains_or_iter {
        instrs[i].set_op1(Opcode::LOAD_CONST, index);
    } else if i >= 2 {
        instrs[i - 2].loc = instr.loc;
        instrs[i - 2].set_op1(instr.opcode, 0);
        instrs[i - 1].set_op1(Opcode::LOAD_CONST, index);
        let extend = if instr.opcode == Opcode::BUILD_LIST {
            Opcode::LIST_EXTEND
        } else {
            Opcode::SET_UPDATE
        };
        instrs[i].set_op1(extend, 1);
    }
    Ok(())
}

/// `fold_const_binop`: `LOAD_CONST a; LOAD_CONST b; BINARY_OP op` → the result.
pub fn fold_const_binop(
    g: &mut Cfg,
    bb: BlockId,
    i: usize,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
) -> Result<(), FlowgraphError> {
    let Some(idx) = get_const_loading_instrs(g, bb, i as isize - 1, 2) else {
        return Ok(());
    };
    let operands = const_values(g, bb, &idx, consts)?;
    let op = g.b(bb).instrs()[i].oparg;
    let Some(newconst) = eval_binop(&operands[0], op, &operands[1]) else {
        return Ok(());
    };
    nop_out(g, bb, &idx);
    instr_make_load_const(g, bb, i, newconst, consts, const_cache)
}

/// `fold_const_unaryop`: `LOAD_CONST a; UNARY_* / CALL_INTRINSIC_1 UNARY_POSITIVE` →
/// the result.
pub fn fold_const_unaryop(
    g: &mut Cfg,
    bb: BlockId,
    i: usize,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
) -> Result<(), FlowgraphError> {
    let Some(idx) = get_const_loading_instrs(g, bb, i as isize - 1, 1) else {
        return Ok(());
    };
    let operand = const_values(g, bb, &idx, consts)?;
    let instr = g.b(bb).instrs()[i];
    let kind = match instr.opcode {
        Opcode::UNARY_NEGATIVE => UnaryOp::Negative,
        Opcode::UNARY_INVERT => UnaryOp::Invert,
        Opcode::UNARY_NOT => UnaryOp::Not,
        Opcode::CALL_INTRINSIC_1 if instr.oparg == INTRINSIC_UNARY_POSITIVE => UnaryOp::Positive,
        _ => return Ok(()),
    };
    let Some(newconst) = eval_unaryop(kind, &operand[0]) else {
        return Ok(());
    };
    let operand_instr = g.b(bb).instrs()[idx[0]];
    nop_out(g, bb, &idx);
    // `+x` of an exact int, float or complex is `x` itself (same object).
    if kind == UnaryOp::Positive
        && operand_instr.opcode == Opcode::LOAD_CONST
        && matches!(
            operand[0],
            ConstValue::Int(_) | ConstValue::Float(_) | ConstValue::Complex { .. }
        )
    {
        let instr = &mut g.bm(bb).instrs_mut()[i];
        if !maybe_instr_make_load_smallint(instr, &newconst) {
            let k = operand_instr.oparg;
            if const_cache.tracks(&newconst) {
                let key = newconst.key();
                if !const_cache.map.contains_key(&key)
                    && usize::try_from(k).is_ok_and(|k| k < const_cache.foreign_prefix)
                {
                    const_cache.foreign_canonical.insert(key, k as usize);
                }
                const_cache.merge_one(&newconst);
            }
            instr.set_op1(Opcode::LOAD_CONST, k);
        }
        return Ok(());
    }
    instr_make_load_const(g, bb, i, newconst, consts, const_cache)
}
