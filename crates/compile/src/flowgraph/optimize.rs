//! Port of Python/flowgraph.c's optimizer: `optimize_cfg` and the passes it runs
//! (small-block inlining, unreachable code, `optimize_load_const`,
//! `optimize_basic_block` with jump threading and SWAP elimination, redundant NOPs,
//! pairs and jumps), then superinstructions and cold-block placement.

// The peephole switch mirrors CPython's case by case.
#![allow(clippy::collapsible_match, clippy::if_same_then_else)]

use oxpy_objects::constant::ConstValue;

use crate::generated::metadata::{num_popped, num_pushed};
use crate::generated::opcode::Opcode;
use crate::instr_sequence::SourceLocation;
use crate::opcode_utils::{
    INTRINSIC_LIST_TO_TUPLE, INTRINSIC_UNARY_POSITIVE, has_jump, has_target, is_unconditional_jump,
};
use crate::unit::ConstCache;

use super::FlowgraphError;
use super::cfg::{BlockId, Cfg, CfgInstr};
use super::const_eval::is_true;
use super::const_fold::{
    add_const, fold_const_binop, fold_const_unaryop, fold_constant_intrinsic_list_to_tuple,
    fold_tuple_of_constants, get_const_value, maybe_instr_make_load_smallint,
    optimize_lists_and_sets,
};
use super::lineno::resolve_line_numbers;

/// `MAX_COPY_SIZE`: largest exit block copied into its predecessor.
const MAX_COPY_SIZE: usize = 4;

/// `optimize_cfg`
pub fn optimize_cfg(
    g: &mut Cfg,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
    _firstlineno: i32,
) -> Result<(), FlowgraphError> {
    // The builder starts a block after every terminator (and the passes before this
    // one turn no instruction into one).
    if !g.built_well_formed {
        g.check_cfg()?;
    }
    inline_small_or_no_lineno_blocks(g);
    remove_unreachable(g);
    resolve_line_numbers(g);
    optimize_load_const(const_cache, g, consts)?;
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        optimize_basic_block(const_cache, g, b, consts)?;
        cur = g.b(b).next;
    }
    remove_redundant_nops_and_pairs(g);
    remove_unreachable(g);
    remove_redundant_nops_and_jumps(g)?;
    Ok(())
}

/// `remove_unreachable`: counts predecessors from the entry; blocks nobody reaches
/// are emptied.
pub fn remove_unreachable(g: &mut Cfg) {
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        let block = g.bm(b);
        block.predecessors = 0;
        cur = block.next;
    }
    g.reset_visited();
    let entry = g.entry;
    let with_block_pushes = g.pseudo_present & super::cfg::pseudo::BLOCKS != 0;
    let mut stack = g.take_work();
    stack.push(entry);
    g.bm(entry).predecessors = 1;
    g.set_visited(entry);
    // Each edge counts once per predecessor and marks its block once: the counts
    // and the marks do not depend on the order edges are followed in.
    let reach = |g: &mut Cfg, stack: &mut Vec<BlockId>, t: BlockId| {
        if g.visit_first(t) {
            stack.push(t);
        }
        g.bm(t).predecessors += 1;
    };
    while let Some(b) = stack.pop() {
        let block = g.b(b);
        let next = block.next.filter(|_| block.has_fallthrough());
        // A jump ends its block (`check_cfg`, kept by every pass up to here): only a
        // `SETUP_*` has a target elsewhere, so without them the last instruction is
        // the one to look at.
        let n = block.len();
        let from = if with_block_pushes {
            0
        } else {
            n.saturating_sub(1)
        };
        if let Some(next) = next {
            reach(g, &mut stack, next);
        }
        for k in from..n {
            let i = &g.b(b).instrs()[k];
            if let Some(target) = i.target.get().filter(|_| i.is_jump() || i.is_block_push()) {
                reach(g, &mut stack, target);
            }
        }
    }
    g.put_work(stack);
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        let block = g.bm(b);
        if block.predecessors == 0 {
            block.truncate(0);
            block.except_handler = false;
        }
        cur = block.next;
    }
}

/// `basicblock_remove_redundant_nops`: NOPs without a line, or whose line the
/// neighbours already carry, go. Returns how many went.
#[inline]
pub fn basicblock_remove_redundant_nops(g: &mut Cfg, bb: BlockId) -> usize {
    // Only NOPs go or pass their location on: a block without one stays as it is, and
    // the instructions before the first one stay where they are.
    match g
        .b(bb)
        .instrs()
        .iter()
        .position(|i| i.opcode == Opcode::NOP)
    {
        None => 0,
        Some(first) => remove_redundant_nops_from(g, bb, first),
    }
}

/// [`basicblock_remove_redundant_nops`] of a block whose first NOP is at `first`.
#[inline(never)]
fn remove_redundant_nops_from(g: &mut Cfg, bb: BlockId, first: usize) -> usize {
    let next_block = g.next_nonempty_block(g.b(bb).next);
    let next_loc = next_block.map(|next| {
        let mut loc = SourceLocation::NONE;
        for instr in g.b(next).instrs() {
            if instr.opcode == Opcode::NOP && instr.loc.lineno < 0 {
                continue;
            }
            loc = instr.loc;
            break;
        }
        loc
    });
    let block = g.bm(bb);
    let instrs = block.instrs_mut();
    let n = instrs.len();
    let mut dest = first;
    let mut prev_lineno = match first {
        0 => -1,
        _ => instrs[first - 1].loc.lineno,
    };
    for src in first..n {
        let instr = instrs[src];
        let lineno = instr.loc.lineno;
        if instr.opcode == Opcode::NOP {
            if lineno < 0 {
                continue;
            }
            if prev_lineno == lineno {
                continue;
            }
            if src < n - 1 {
                let next_lineno = instrs[src + 1].loc.lineno;
                if next_lineno == lineno {
                    continue;
                }
                if next_lineno < 0 {
                    instrs[src + 1].loc = instr.loc;
                    continue;
                }
            } else if let Some(next_loc) = next_loc
                && lineno == next_loc.lineno
            {
                continue;
            }
        }
        if dest != src {
            instrs[dest] = instr;
        }
        dest += 1;
        prev_lineno = lineno;
    }
    block.truncate(dest);
    n - dest
}

/// `remove_redundant_nops`
pub fn remove_redundant_nops(g: &mut Cfg) -> usize {
    let mut changes = 0;
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        changes += basicblock_remove_redundant_nops(g, b);
        cur = g.b(b).next;
    }
    changes
}

/// `remove_redundant_nops_and_pairs`: also `LOAD_CONST/LOAD_SMALL_INT/COPY 1;
/// POP_TOP` pairs, across fall-through into unlabelled blocks.
pub fn remove_redundant_nops_and_pairs(g: &mut Cfg) {
    let mut done = false;
    while !done {
        done = true;
        // The last instruction seen (where it is, its opcode and oparg as they are now),
        // unless a label, a jump or a block end without fall-through came since. Inside
        // a block that is the instruction before (as it is now); a block's first one
        // looks back across the blocks before.
        let mut last: Option<(BlockId, usize, Opcode, i32)> = None;
        let mut cur = Some(g.entry);
        while let Some(b) = cur {
            // The first NOP or POP_TOP: nothing before it is either, so the NOP
            // removal and the pair scan both start there.
            let first = g
                .b(b)
                .instrs()
                .iter()
                .position(|x| matches!(x.opcode, Opcode::NOP | Opcode::POP_TOP));
            let mut i = first.unwrap_or(usize::MAX);
            if let Some(k) = first {
                let nop = g.b(b).instrs()[k..]
                    .iter()
                    .position(|x| x.opcode == Opcode::NOP);
                if let Some(m) = nop {
                    remove_redundant_nops_from(g, b, k + m);
                }
            }
            if g.b(b).label >= 0 {
                last = None;
            }
            let n = g.b(b).len();
            i = i.min(n);
            while let Some(k) = g.b(b).instrs()[i..]
                .iter()
                .position(|x| x.opcode == Opcode::POP_TOP)
            {
                i += k;
                let prev = match i {
                    0 => last,
                    _ => {
                        let p = &g.b(b).instrs()[i - 1];
                        Some((b, i - 1, p.opcode, p.oparg))
                    }
                };
                if let Some((pb, pi, prev_opcode, prev_oparg)) = prev {
                    let is_redundant_pair =
                        matches!(prev_opcode, Opcode::LOAD_CONST | Opcode::LOAD_SMALL_INT)
                            || (prev_opcode == Opcode::COPY && prev_oparg == 1);
                    if is_redundant_pair {
                        g.bm(pb).instrs_mut()[pi].set_op0(Opcode::NOP);
                        g.bm(b).instrs_mut()[i].set_op0(Opcode::NOP);
                        done = false;
                    }
                }
                i += 1;
            }
            if let Some(l) = g.b(b).last() {
                last = Some((b, n - 1, l.opcode, l.oparg));
            }
            let last_is_jump = last.is_some_and(|(_, _, op, _)| has_jump(op));
            if last_is_jump || !g.b(b).has_fallthrough() {
                last = None;
            }
            cur = g.b(b).next;
        }
    }
}

/// `remove_redundant_nops_and_jumps`: both until nothing changes.
///
/// After the first round only some blocks can lose a NOP: a block's NOP removal
/// depends on its own instructions and the line of the next non-empty block's first
/// instruction, and a round leaves both settled unless that next block empties. So a
/// later round scans the blocks whose jump became a NOP and the blocks before one
/// that emptied; the others would remove nothing.
pub fn remove_redundant_nops_and_jumps(g: &mut Cfg) -> Result<(), FlowgraphError> {
    let mut first_round = true;
    loop {
        let mut removed_nops = 0;
        let mut prev_nonempty: Option<BlockId> = None;
        let mut cur = Some(g.entry);
        while let Some(b) = cur {
            if std::mem::take(&mut g.bm(b).nops_dirty) || first_round {
                let removed = basicblock_remove_redundant_nops(g, b);
                removed_nops += removed;
                if removed > 0
                    && g.b(b).is_empty()
                    && let Some(p) = prev_nonempty
                {
                    g.bm(p).nops_dirty = true;
                }
            }
            if !g.b(b).is_empty() {
                prev_nonempty = Some(b);
            }
            cur = g.b(b).next;
        }
        first_round = false;
        let removed_jumps = remove_redundant_jumps(g)?;
        if removed_nops + removed_jumps == 0 {
            return Ok(());
        }
    }
}

/// `remove_redundant_jumps`: an unconditional jump to the next non-empty block
/// becomes a NOP (its block marked `nops_dirty`). Returns how many.
pub fn remove_redundant_jumps(g: &mut Cfg) -> Result<usize, FlowgraphError> {
    let mut changes = 0;
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        if let Some(last) = g.b(b).last().copied()
            && is_unconditional_jump(last.opcode)
        {
            let jump_target = g
                .next_nonempty_block(last.target.get())
                .ok_or(FlowgraphError::JumpWithoutTarget)?;
            let next = g.next_nonempty_block(g.b(b).next);
            if Some(jump_target) == next {
                changes += 1;
                g.bm(b).nops_dirty = true;
                if let Some(l) = g.bm(b).last_mut() {
                    l.set_op0(Opcode::NOP);
                }
            }
        }
        cur = g.b(b).next;
    }
    Ok(changes)
}

fn basicblock_inline_small_or_no_lineno_blocks(g: &mut Cfg, bb: BlockId) -> bool {
    let Some(last) = g.b(bb).last().copied() else {
        return false;
    };
    if !is_unconditional_jump(last.opcode) {
        return false;
    }
    let Some(target) = last.target.get() else {
        return false;
    };
    let t = g.b(target);
    let small_exit_block = t.exits_scope() && t.len() <= MAX_COPY_SIZE;
    let no_lineno_no_fallthrough = t.has_no_lineno() && !t.has_fallthrough();
    if small_exit_block || no_lineno_no_fallthrough {
        let removed_jump_opcode = last.opcode;
        if let Some(l) = g.bm(bb).last_mut() {
            l.set_op0(Opcode::NOP);
        }
        g.append_instructions(bb, target);
        if no_lineno_no_fallthrough
            && let Some(l) = g.bm(bb).last_mut()
            && is_unconditional_jump(l.opcode)
            && removed_jump_opcode == Opcode::JUMP
        {
            l.opcode = Opcode::JUMP;
        }
        g.bm(target).predecessors -= 1;
        return true;
    }
    false
}

/// `inline_small_or_no_lineno_blocks`: a jump to a small exit block, or to a block
/// without line numbers that does not fall through, is replaced by a copy of it.
pub fn inline_small_or_no_lineno_blocks(g: &mut Cfg) {
    loop {
        let mut changes = false;
        let mut cur = Some(g.entry);
        while let Some(b) = cur {
            if basicblock_inline_small_or_no_lineno_blocks(g, b) {
                changes = true;
            }
            cur = g.b(b).next;
        }
        if !changes {
            return;
        }
    }
}

/// `jump_thread`: the jump ending `bb` goes straight to where `target` (the first
/// instruction of its target) jumps. Returns whether it changed.
fn jump_thread(g: &mut Cfg, bb: BlockId, inst: CfgInstr, target: CfgInstr, opcode: Opcode) -> bool {
    if inst.target != target.target {
        if let Some(l) = g.bm(bb).last_mut() {
            l.set_op0(Opcode::NOP);
        }
        if let Some(t) = target.target.get() {
            g.add_jump(bb, opcode, t, target.loc);
        }
        return true;
    }
    false
}

/// `basicblock_optimize_load_const`: small ints to `LOAD_SMALL_INT`; constant
/// conditions, `is None` tests and `TO_BOOL` of constants folded.
fn basicblock_optimize_load_const(
    const_cache: &mut ConstCache,
    instrs: &mut [CfgInstr],
    consts: &mut Vec<ConstValue>,
) -> Result<(), FlowgraphError> {
    let mut opcode = Opcode::CACHE;
    let mut oparg = 0;
    let n = instrs.len();
    let mut next = 0;
    while next < n {
        let mut i = next;
        next += 1;
        if opcode != Opcode::LOAD_CONST && opcode != Opcode::LOAD_SMALL_INT {
            // Until a constant load, each instruction only becomes the one tracked:
            // skip to the next load (the one before it is no load either).
            match instrs[i..]
                .iter()
                .position(|x| matches!(x.opcode, Opcode::LOAD_CONST | Opcode::LOAD_SMALL_INT))
            {
                Some(k) => {
                    i += k;
                    next = i + 1;
                }
                None => break,
            }
        }
        {
            let inst = &mut instrs[i];
            if inst.opcode == Opcode::LOAD_CONST {
                let constant = usize::try_from(inst.oparg)
                    .ok()
                    .and_then(|k| consts.get(k))
                    .ok_or(FlowgraphError::BadConstIndex(inst.oparg))?;
                maybe_instr_make_load_smallint(inst, constant);
            }
        }
        let inst = instrs[i];
        let is_copy_of_load_const =
            opcode == Opcode::LOAD_CONST && inst.opcode == Opcode::COPY && inst.oparg == 1;
        if !is_copy_of_load_const {
            opcode = inst.opcode;
            oparg = inst.oparg;
        }
        if opcode != Opcode::LOAD_CONST && opcode != Opcode::LOAD_SMALL_INT {
            continue;
        }
        let nextop = instrs.get(i + 1).map(|x| x.opcode);
        match nextop {
            Some(
                nextop @ (Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::JUMP_IF_FALSE
                | Opcode::JUMP_IF_TRUE),
            ) => {
                let cnt = get_const_value(opcode, oparg, consts)?;
                let is_true = is_true(&cnt);
                if num_pushed(nextop, 0) - num_popped(nextop, 0) == -1 {
                    instrs[i].set_op0(Opcode::NOP);
                }
                let jump_if_true =
                    matches!(nextop, Opcode::POP_JUMP_IF_TRUE | Opcode::JUMP_IF_TRUE);
                if is_true == jump_if_true {
                    instrs[i + 1].opcode = Opcode::JUMP;
                } else {
                    instrs[i + 1].set_op0(Opcode::NOP);
                }
            }
            Some(Opcode::IS_OP) => {
                let cnt = get_const_value(opcode, oparg, consts)?;
                if !matches!(cnt, ConstValue::None) {
                    continue;
                }
                if n <= i + 2 {
                    continue;
                }
                let mut jump_idx = i + 2;
                if instrs[jump_idx].opcode == Opcode::TO_BOOL {
                    instrs[jump_idx].set_op0(Opcode::NOP);
                    if n <= i + 3 {
                        continue;
                    }
                    jump_idx = i + 3;
                }
                let mut invert = instrs[i + 1].oparg != 0;
                let jump_op = instrs[jump_idx].opcode;
                if jump_op == Opcode::POP_JUMP_IF_FALSE {
                    invert = !invert;
                } else if jump_op != Opcode::POP_JUMP_IF_TRUE {
                    continue;
                }
                instrs[i].set_op0(Opcode::NOP);
                instrs[i + 1].set_op0(Opcode::NOP);
                instrs[jump_idx].opcode = if invert {
                    Opcode::POP_JUMP_IF_NOT_NONE
                } else {
                    Opcode::POP_JUMP_IF_NONE
                };
            }
            Some(Opcode::TO_BOOL) => {
                let cnt = get_const_value(opcode, oparg, consts)?;
                let is_true = is_true(&cnt);
                let index = add_const(ConstValue::Bool(is_true), consts, const_cache)?;
                instrs[i].set_op0(Opcode::NOP);
                instrs[i + 1].set_op1(Opcode::LOAD_CONST, index);
            }
            _ => {}
        }
    }
    Ok(())
}

/// `optimize_load_const`
pub fn optimize_load_const(
    const_cache: &mut ConstCache,
    g: &mut Cfg,
    consts: &mut Vec<ConstValue>,
) -> Result<(), FlowgraphError> {
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        let (mut slots, n) = g.take_slots(b);
        let r = basicblock_optimize_load_const(const_cache, &mut slots[..n], consts);
        g.put_slots(b, slots);
        r?;
        cur = g.b(b).next;
    }
    Ok(())
}

/// [`rewritten_in_block`] of every opcode, by number.
static BLOCK_REWRITE: [bool; crate::generated::opcode::MAX_PSEUDO_OPCODE as usize + 1] = {
    let mut t = [false; crate::generated::opcode::MAX_PSEUDO_OPCODE as usize + 1];
    let all = crate::generated::opcode::ALL;
    let mut i = 0;
    while i < all.len() {
        t[all[i].number() as usize] = rewritten_in_block(all[i]);
        i += 1;
    }
    t
};

/// Whether [`optimize_basic_block`] has a rewrite for an instruction with this opcode.
#[inline]
fn has_block_rewrite(op: Opcode) -> bool {
    BLOCK_REWRITE[usize::from(op.number())]
}

/// Whether [`optimize_basic_block`] has a rewrite for an instruction with this opcode.
const fn rewritten_in_block(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::BUILD_TUPLE
            | Opcode::BUILD_LIST
            | Opcode::BUILD_SET
            | Opcode::POP_JUMP_IF_NOT_NONE
            | Opcode::POP_JUMP_IF_NONE
            | Opcode::POP_JUMP_IF_FALSE
            | Opcode::POP_JUMP_IF_TRUE
            | Opcode::JUMP_IF_FALSE
            | Opcode::JUMP_IF_TRUE
            | Opcode::JUMP
            | Opcode::JUMP_NO_INTERRUPT
            | Opcode::STORE_FAST
            | Opcode::SWAP
            | Opcode::LOAD_GLOBAL
            | Opcode::COMPARE_OP
            | Opcode::CONTAINS_OP
            | Opcode::IS_OP
            | Opcode::TO_BOOL
            | Opcode::UNARY_NOT
            | Opcode::UNARY_INVERT
            | Opcode::UNARY_NEGATIVE
            | Opcode::CALL_INTRINSIC_1
            | Opcode::BINARY_OP
    )
}

/// `optimize_basic_block`: peephole rewrites, constant folding and jump threading
/// within one block, then SWAP elimination.
pub fn optimize_basic_block(
    const_cache: &mut ConstCache,
    g: &mut Cfg,
    bb: BlockId,
    consts: &mut Vec<ConstValue>,
) -> Result<(), FlowgraphError> {
    let nop = CfgInstr::new(Opcode::NOP, 0, SourceLocation::NONE);
    // Whether the block may hold a SWAP: every SWAP is a candidate the scan below
    // stops at (the instructions it steps over are none), or one it makes.
    let mut any_swap = false;
    let mut i: isize = 0;
    while (i as usize) < g.b(bb).len() {
        let iu = i as usize;
        // Most instructions have no rewrite: skip runs of them before copying anything.
        let Some(skip) = g.b(bb).instrs()[iu..]
            .iter()
            .position(|x| has_block_rewrite(x.opcode))
        else {
            break;
        };
        i += skip as isize;
        let iu = i as usize;
        let inst = g.b(bb).instrs()[iu];
        let opcode = inst.opcode;
        let oparg = inst.oparg;
        let target = if has_target(opcode) {
            match inst
                .target
                .get()
                .and_then(|t| g.b(t).instrs().first().copied())
            {
                Some(t) => t,
                None => nop,
            }
        } else {
            nop
        };
        let next = g.b(bb).instrs().get(iu + 1).copied();
        let nextop = next.map(|x| x.opcode);
        let block = g.bm(bb);
        match opcode {
            Opcode::BUILD_TUPLE => {
                if let Some(nx) = next
                    && nx.opcode == Opcode::UNPACK_SEQUENCE
                    && oparg == nx.oparg
                {
                    match oparg {
                        1 => {
                            block.instrs_mut()[iu].set_op0(Opcode::NOP);
                            block.instrs_mut()[iu + 1].set_op0(Opcode::NOP);
                            i += 1;
                            continue;
                        }
                        2 | 3 => {
                            block.instrs_mut()[iu].set_op0(Opcode::NOP);
                            block.instrs_mut()[iu + 1].opcode = Opcode::SWAP;
                            any_swap = true;
                            i += 1;
                            continue;
                        }
                        _ => {}
                    }
                }
                fold_tuple_of_constants(g, bb, iu, consts, const_cache)?;
            }
            Opcode::BUILD_LIST | Opcode::BUILD_SET => {
                optimize_lists_and_sets(g, bb, iu, nextop, consts, const_cache)?;
            }
            Opcode::POP_JUMP_IF_NOT_NONE | Opcode::POP_JUMP_IF_NONE => {
                if target.opcode == Opcode::JUMP {
                    i -= isize::from(jump_thread(g, bb, inst, target, inst.opcode));
                }
            }
            Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                if target.opcode == Opcode::JUMP {
                    i -= isize::from(jump_thread(g, bb, inst, target, opcode));
                }
            }
            Opcode::JUMP_IF_FALSE | Opcode::JUMP_IF_TRUE => {
                let same = opcode;
                let other = if opcode == Opcode::JUMP_IF_FALSE {
                    Opcode::JUMP_IF_TRUE
                } else {
                    Opcode::JUMP_IF_FALSE
                };
                if target.opcode == Opcode::JUMP || target.opcode == same {
                    i -= isize::from(jump_thread(g, bb, inst, target, same));
                    i += 1;
                    continue;
                } else if target.opcode == other {
                    let t = inst.target.get().and_then(|t| g.b(t).next);
                    g.bm(bb).instrs_mut()[iu].target = t.into();
                    continue;
                }
            }
            Opcode::JUMP | Opcode::JUMP_NO_INTERRUPT => match target.opcode {
                Opcode::JUMP => {
                    i -= isize::from(jump_thread(g, bb, inst, target, Opcode::JUMP));
                    i += 1;
                    continue;
                }
                Opcode::JUMP_NO_INTERRUPT => {
                    i -= isize::from(jump_thread(g, bb, inst, target, opcode));
                    i += 1;
                    continue;
                }
                _ => {}
            },
            Opcode::STORE_FAST => {
                if let Some(nx) = next
                    && nx.opcode == opcode
                    && oparg == nx.oparg
                    && inst.loc.lineno == nx.loc.lineno
                {
                    block.instrs_mut()[iu].opcode = Opcode::POP_TOP;
                    block.instrs_mut()[iu].oparg = 0;
                }
            }
            Opcode::SWAP => {
                any_swap = true;
                if oparg == 1 {
                    block.instrs_mut()[iu].set_op0(Opcode::NOP);
                }
            }
            Opcode::LOAD_GLOBAL => {
                if nextop == Some(Opcode::PUSH_NULL) && (oparg & 1) == 0 {
                    block.instrs_mut()[iu].set_op1(Opcode::LOAD_GLOBAL, oparg | 1);
                    block.instrs_mut()[iu + 1].set_op0(Opcode::NOP);
                }
            }
            Opcode::COMPARE_OP => {
                if nextop == Some(Opcode::TO_BOOL) {
                    block.instrs_mut()[iu].set_op0(Opcode::NOP);
                    block.instrs_mut()[iu + 1].set_op1(Opcode::COMPARE_OP, oparg | 16);
                    i += 1;
                    continue;
                }
            }
            Opcode::CONTAINS_OP | Opcode::IS_OP => {
                if nextop == Some(Opcode::TO_BOOL) {
                    block.instrs_mut()[iu].set_op0(Opcode::NOP);
                    block.instrs_mut()[iu + 1].set_op1(opcode, oparg);
                    i += 1;
                    continue;
                }
                if nextop == Some(Opcode::UNARY_NOT) {
                    block.instrs_mut()[iu].set_op0(Opcode::NOP);
                    block.instrs_mut()[iu + 1].set_op1(opcode, oparg ^ 1);
                    i += 1;
                    continue;
                }
            }
            Opcode::TO_BOOL => {
                if nextop == Some(Opcode::TO_BOOL) {
                    block.instrs_mut()[iu].set_op0(Opcode::NOP);
                    i += 1;
                    continue;
                }
            }
            Opcode::UNARY_NOT | Opcode::UNARY_INVERT | Opcode::UNARY_NEGATIVE => {
                if opcode == Opcode::UNARY_NOT {
                    if nextop == Some(Opcode::TO_BOOL) {
                        block.instrs_mut()[iu].set_op0(Opcode::NOP);
                        block.instrs_mut()[iu + 1].set_op0(Opcode::UNARY_NOT);
                        i += 1;
                        continue;
                    }
                    if nextop == Some(Opcode::UNARY_NOT) {
                        block.instrs_mut()[iu].set_op0(Opcode::NOP);
                        block.instrs_mut()[iu + 1].set_op0(Opcode::NOP);
                        i += 1;
                        continue;
                    }
                }
                fold_const_unaryop(g, bb, iu, consts, const_cache)?;
            }
            Opcode::CALL_INTRINSIC_1 => {
                if oparg == INTRINSIC_LIST_TO_TUPLE {
                    if nextop == Some(Opcode::GET_ITER) {
                        block.instrs_mut()[iu].set_op0(Opcode::NOP);
                    } else {
                        fold_constant_intrinsic_list_to_tuple(g, bb, iu, consts, const_cache)?;
                    }
                } else if oparg == INTRINSIC_UNARY_POSITIVE {
                    fold_const_unaryop(g, bb, iu, consts, const_cache)?;
                }
            }
            Opcode::BINARY_OP => {
                fold_const_binop(g, bb, iu, consts, const_cache)?;
            }
            _ => {}
        }
        i += 1;
    }

    if !any_swap {
        return Ok(());
    }
    let mut i = 0;
    while i < g.b(bb).len() {
        if g.b(bb).instrs()[i].opcode == Opcode::SWAP {
            i = swaptimize(g, bb, i);
            apply_static_swaps(g, bb, i as isize);
        }
        i += 1;
    }
    Ok(())
}

/// `swaptimize`: a run of SWAPs and NOPs replaced by the fewest SWAPs with the same
/// effect. Returns the index of the run's last instruction.
fn swaptimize(g: &mut Cfg, bb: BlockId, ix: usize) -> usize {
    let block = g.bm(bb);
    let instructions = &mut block.instrs_mut()[ix..];
    let mut depth = instructions[0].oparg;
    let mut len = 0;
    let mut more = false;
    let limit = instructions.len();
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        let opcode = instructions[len].opcode;
        if opcode == Opcode::SWAP {
            depth = depth.max(instructions[len].oparg);
            more = true;
        } else if opcode != Opcode::NOP {
            break;
        }
    }
    if !more {
        return ix;
    }
    const VISITED: i32 = -1;
    let depth = depth.max(0) as usize;
    let mut stack: Vec<i32> = (0..depth as i32).collect();
    for ins in instructions.iter().take(len) {
        if ins.opcode == Opcode::SWAP {
            let oparg = ins.oparg as usize;
            if oparg >= 1 && oparg <= depth {
                stack.swap(0, oparg - 1);
            }
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as i32 {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                if current < 0 {
                    break;
                }
                let c = current as usize;
                instructions[c].opcode = Opcode::SWAP;
                instructions[c].oparg = j as i32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        instructions[current as usize].set_op0(Opcode::NOP);
        current -= 1;
    }
    ix + len - 1
}

/// `SWAPPABLE`
fn swappable(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::STORE_FAST | Opcode::STORE_FAST_MAYBE_NULL | Opcode::POP_TOP
    )
}

/// `STORES_TO`
fn stores_to(instr: &CfgInstr) -> i32 {
    if matches!(
        instr.opcode,
        Opcode::STORE_FAST | Opcode::STORE_FAST_MAYBE_NULL
    ) {
        instr.oparg
    } else {
        -1
    }
}

/// `next_swappable_instruction`
fn next_swappable_instruction(instrs: &[CfgInstr], mut i: isize, lineno: i32) -> isize {
    loop {
        i += 1;
        let Some(instruction) = instrs.get(i as usize) else {
            return -1;
        };
        if 0 <= lineno && instruction.loc.lineno != lineno {
            return -1;
        }
        if instruction.opcode == Opcode::NOP {
            continue;
        }
        if swappable(instruction.opcode) {
            return i;
        }
        return -1;
    }
}

/// `apply_static_swaps`: SWAPs applied by reordering the stores/pops after them.
fn apply_static_swaps(g: &mut Cfg, bb: BlockId, mut i: isize) {
    let instrs = g.bm(bb).instrs_mut();
    while i >= 0 {
        let swap = instrs[i as usize];
        if swap.opcode != Opcode::SWAP {
            if swap.opcode == Opcode::NOP || swappable(swap.opcode) {
                i -= 1;
                continue;
            }
            return;
        }
        let j = next_swappable_instruction(instrs, i, -1);
        if j < 0 {
            return;
        }
        let mut k = j;
        let lineno = instrs[j as usize].loc.lineno;
        let mut count = swap.oparg - 1;
        while count > 0 {
            k = next_swappable_instruction(instrs, k, lineno);
            if k < 0 {
                return;
            }
            count -= 1;
        }
        let store_j = stores_to(&instrs[j as usize]);
        let store_k = stores_to(&instrs[k as usize]);
        if store_j >= 0 || store_k >= 0 {
            if store_j == store_k {
                return;
            }
            for instr in &instrs[(j + 1) as usize..k as usize] {
                let store_idx = stores_to(instr);
                if store_idx >= 0 && (store_idx == store_j || store_idx == store_k) {
                    return;
                }
            }
        }
        instrs[i as usize].set_op0(Opcode::NOP);
        instrs.swap(j as usize, k as usize);
        i -= 1;
    }
}

/// Returns whether the pair became a superinstruction (and its second half a NOP).
fn make_super_instruction(instrs: &mut [CfgInstr], i: usize, super_op: Opcode) -> bool {
    let line1 = instrs[i].loc.lineno;
    let line2 = instrs[i + 1].loc.lineno;
    if line1 >= 0 && line2 >= 0 && line1 != line2 {
        return false;
    }
    if instrs[i].oparg >= 16 || instrs[i + 1].oparg >= 16 {
        return false;
    }
    let oparg = (instrs[i].oparg << 4) | instrs[i + 1].oparg;
    instrs[i].set_op1(super_op, oparg);
    instrs[i + 1].set_op0(Opcode::NOP);
    true
}

/// `insert_superinstructions`: `LOAD_FAST_LOAD_FAST`, `STORE_FAST_LOAD_FAST`,
/// `STORE_FAST_STORE_FAST` for pairs on one line with small opargs.
///
/// Runs on the graph `optimize_cfg` left, which redundant-NOP removal leaves as it
/// is (its last round removed nothing; the passes since only renumber constants and
/// turn `LOAD_FAST` into `LOAD_FAST_CHECK`). So only blocks that got a
/// superinstruction (and a NOP) are scanned again: every other block, and the first
/// line of every block, are as that round left them.
pub fn insert_superinstructions(g: &mut Cfg) {
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        cur = g.b(b).next;
        let instrs = g.bm(b).instrs_mut();
        let n = instrs.len();
        let mut i = 0;
        let mut made = false;
        // Only a LOAD_FAST or STORE_FAST followed by one of them pairs up: skip to the
        // next candidate.
        while i + 1 < n {
            match instrs[i..n - 1]
                .iter()
                .position(|x| matches!(x.opcode, Opcode::LOAD_FAST | Opcode::STORE_FAST))
            {
                Some(k) => i += k,
                None => break,
            }
            match (instrs[i].opcode, instrs[i + 1].opcode) {
                (Opcode::LOAD_FAST, Opcode::LOAD_FAST) => {
                    made |= make_super_instruction(instrs, i, Opcode::LOAD_FAST_LOAD_FAST)
                }
                (Opcode::STORE_FAST, Opcode::LOAD_FAST) => {
                    made |= make_super_instruction(instrs, i, Opcode::STORE_FAST_LOAD_FAST)
                }
                (Opcode::STORE_FAST, Opcode::STORE_FAST) => {
                    made |= make_super_instruction(instrs, i, Opcode::STORE_FAST_STORE_FAST)
                }
                _ => {}
            }
            i += 1;
        }
        if made {
            basicblock_remove_redundant_nops(g, b);
        }
    }
}

fn mark_warm(g: &mut Cfg) {
    g.reset_visited();
    let entry = g.entry;
    let mut stack = g.take_work();
    stack.push(entry);
    g.set_visited(entry);
    while let Some(b) = stack.pop() {
        g.bm(b).warm = true;
        if let Some(next) = g.b(b).next
            && g.b(b).has_fallthrough()
            && g.visit_first(next)
        {
            stack.push(next);
        }
        // A jump ends its block (`check_cfg`; NOT_TAKEN comes later).
        if let Some(t) = g
            .b(b)
            .last()
            .filter(|i| i.is_jump())
            .and_then(|i| i.target.get())
        {
            if g.visit_first(t) {
                stack.push(t);
            }
        }
    }
    g.put_work(stack);
}

fn mark_cold(g: &mut Cfg) {
    mark_warm(g);
    g.reset_visited();
    let mut stack = g.take_work();
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        if g.b(b).except_handler {
            stack.push(b);
            g.set_visited(b);
        }
        cur = g.b(b).next;
    }
    while let Some(b) = stack.pop() {
        g.bm(b).cold = true;
        if let Some(next) = g.b(b).next
            && g.b(b).has_fallthrough()
            && !g.b(next).warm
            && g.visit_first(next)
        {
            stack.push(next);
        }
        if let Some(t) = g
            .b(b)
            .last()
            .filter(|i| i.is_jump())
            .and_then(|i| i.target.get())
        {
            if !g.b(t).warm && g.visit_first(t) {
                stack.push(t);
            }
        }
    }
    g.put_work(stack);
}

/// `push_cold_blocks_to_end`: exception handlers and what only they reach move after
/// the warm code (cold blocks falling into warm ones get an explicit jump).
pub fn push_cold_blocks_to_end(g: &mut Cfg) -> Result<(), FlowgraphError> {
    let entry = g.entry;
    if g.b(entry).next.is_none() {
        return Ok(());
    }
    // Cold blocks are those only exception handlers reach: without handlers the
    // order stays as it is.
    let mut cur = Some(entry);
    let mut any_handler = false;
    while let Some(b) = cur {
        if g.b(b).except_handler {
            any_handler = true;
            break;
        }
        cur = g.b(b).next;
    }
    if !any_handler {
        return Ok(());
    }
    mark_cold(g);
    let mut next_lbl = g.max_label() + 1;

    let mut cur = Some(entry);
    while let Some(b) = cur {
        if let Some(next) = g.b(b).next
            && g.b(b).cold
            && g.b(b).has_fallthrough()
            && g.b(next).warm
        {
            let explicit_jump = g.new_block();
            if g.b(next).label < 0 {
                g.bm(next).label = next_lbl;
                next_lbl += 1;
            }
            let label = g.b(next).label;
            g.bm(explicit_jump)
                .addop(Opcode::JUMP_NO_INTERRUPT, label, SourceLocation::NONE);
            g.bm(explicit_jump).cold = true;
            g.bm(explicit_jump).next = Some(next);
            g.bm(explicit_jump).predecessors = 1;
            g.bm(b).next = Some(explicit_jump);
            if let Some(last) = g.bm(explicit_jump).last_mut() {
                last.target = Some(next).into();
            }
        }
        cur = g.b(b).next;
    }

    let mut cold_blocks: Option<BlockId> = None;
    let mut cold_blocks_tail: Option<BlockId> = None;
    let mut b = entry;
    while g.b(b).next.is_some() {
        while let Some(n) = g.b(b).next
            && !g.b(n).cold
        {
            b = n;
        }
        let Some(start) = g.b(b).next else {
            break;
        };
        let mut b_end = start;
        while let Some(n) = g.b(b_end).next
            && g.b(n).cold
        {
            b_end = n;
        }
        match cold_blocks_tail {
            None => cold_blocks = Some(start),
            Some(tail) => g.bm(tail).next = Some(start),
        }
        cold_blocks_tail = Some(b_end);
        g.bm(b).next = g.b(b_end).next;
        g.bm(b_end).next = None;
    }
    g.bm(b).next = cold_blocks;

    if cold_blocks.is_some() {
        remove_redundant_nops_and_jumps(g)?;
    }
    Ok(())
}
