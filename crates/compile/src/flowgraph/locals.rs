//! Port of Python/flowgraph.c's passes over locals and constants:
//! `remove_unused_consts`, `add_checks_for_loads_of_uninitialized_variables`
//! (`LOAD_FAST_CHECK`) and `optimize_load_fast` (`LOAD_FAST_BORROW`).

use oxpy_objects::constant::ConstValue;

use crate::generated::opcode::Opcode;
use crate::opcode_utils::has_const;
use crate::opcode_utils::{has_target, is_block_push, is_exit_or_unconditional_jump};
use crate::opcode_utils::{num_popped, num_pushed};

use super::cfg::{BlockId, Cfg};

/// `remove_unused_consts`: constants no instruction loads are dropped (the first,
/// maybe a docstring, always stays) and the indices renumbered.
pub fn remove_unused_consts(g: &mut Cfg, consts: &mut Vec<ConstValue>) {
    let nconsts = consts.len();
    if nconsts == 0 {
        return;
    }
    let mut index_map = start_index_map(g, nconsts);
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        cur = g.b(b).next;
        mark_used_consts(g.b(b).instrs(), &mut index_map);
    }
    finish_unused_consts(g, consts, index_map);
}

/// [`remove_unused_consts`] then [`add_checks_for_loads_of_uninitialized_variables`],
/// the first walk of the checks (every block in order) marking the constants used.
/// The passes touch different things (constant indices; `LOAD_FAST` opcodes), so
/// their order does not matter.
pub fn remove_unused_consts_and_add_checks(
    g: &mut Cfg,
    consts: &mut Vec<ConstValue>,
    nlocals: usize,
    nparams: usize,
) {
    let nconsts = consts.len();
    let mut index_map = start_index_map(g, nconsts);
    if !add_checks_marking_consts(g, nlocals, nparams, &mut index_map) && nconsts > 0 {
        let mut cur = Some(g.entry);
        while let Some(b) = cur {
            cur = g.b(b).next;
            mark_used_consts(g.b(b).instrs(), &mut index_map);
        }
    }
    if nconsts == 0 {
        g.scratch.index_map = index_map;
        return;
    }
    finish_unused_consts(g, consts, index_map);
}

/// The scratch map of [`remove_unused_consts`] for `nconsts` constants: none used
/// but the first.
fn start_index_map(g: &mut Cfg, nconsts: usize) -> Vec<isize> {
    let mut index_map = std::mem::take(&mut g.scratch.index_map);
    index_map.clear();
    index_map.resize(nconsts, -1);
    if let Some(first) = index_map.first_mut() {
        *first = 0;
    }
    index_map
}

/// Marks in `index_map` the constants `instrs` load.
#[inline]
fn mark_used_consts(instrs: &[crate::flowgraph::CfgInstr], index_map: &mut [isize]) {
    for instr in instrs {
        mark_used_const(instr, index_map);
    }
}

#[inline(always)]
fn mark_used_const(instr: &crate::flowgraph::CfgInstr, index_map: &mut [isize]) {
    if has_const(instr.opcode)
        && let Some(slot) = usize::try_from(instr.oparg)
            .ok()
            .and_then(|i| index_map.get_mut(i))
    {
        *slot = instr.oparg as isize;
    }
}

/// [`remove_unused_consts`] once the used constants are marked: drops the others
/// and renumbers the loads.
fn finish_unused_consts(g: &mut Cfg, consts: &mut Vec<ConstValue>, index_map: Vec<isize>) {
    let nconsts = consts.len();
    let mut used = std::mem::take(&mut g.scratch.used);
    used.clear();
    used.extend(index_map.iter().filter(|&&i| i >= 0).map(|&i| i as usize));
    g.scratch.index_map = index_map;
    if used.len() == nconsts {
        g.scratch.used = used;
        return;
    }
    let mut reverse = std::mem::take(&mut g.scratch.reverse);
    reverse.clear();
    reverse.resize(nconsts, -1);
    for (new, &old) in used.iter().enumerate() {
        reverse[old] = new as i32;
    }
    // Keep the used constants in order, moving them (no copies).
    let mut old = 0;
    consts.retain(|_| {
        let keep = reverse[old] >= 0;
        old += 1;
        keep
    });
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        cur = g.b(b).next;
        for instr in g.bm(b).instrs_mut() {
            if has_const(instr.opcode)
                && let Some(&r) = usize::try_from(instr.oparg)
                    .ok()
                    .and_then(|i| reverse.get(i))
            {
                instr.oparg = r;
            }
        }
    }
    g.scratch.used = used;
    g.scratch.reverse = reverse;
}

/// `maybe_push`: merge `unsafe_mask` into `b`'s and schedule it if that taught
/// anything.
fn maybe_push(g: &mut Cfg, b: BlockId, unsafe_mask: u64, stack: &mut Vec<BlockId>) {
    let block = g.bm(b);
    let both = block.unsafe_locals_mask | unsafe_mask;
    if block.unsafe_locals_mask != both {
        block.unsafe_locals_mask = both;
        if g.visit_first(b) {
            stack.push(b);
        }
    }
}

/// `scan_block_for_locals`
fn scan_block_for_locals(g: &mut Cfg, b: BlockId, stack: &mut Vec<BlockId>) {
    scan_block_for_locals_marking::<false>(g, b, stack, &mut []);
}

/// [`scan_block_for_locals`], marking in `index_map` the constants the block loads
/// when `MARK` (see [`remove_unused_consts_and_add_checks`]).
fn scan_block_for_locals_marking<const MARK: bool>(
    g: &mut Cfg,
    b: BlockId,
    stack: &mut Vec<BlockId>,
    index_map: &mut [isize],
) {
    let mut unsafe_mask = g.b(b).unsafe_locals_mask;
    // Walked out of the arena: the pushes update other fields (of any block).
    let (mut slots, n) = g.take_slots(b);
    // A handler learns the union of the masks at its instructions: merged once per
    // run of instructions it covers (the fixed point, and so which loads get checked,
    // does not depend on the order blocks are scheduled in).
    let mut handler: Option<BlockId> = None;
    let mut handler_mask = 0u64;
    for instr in &mut slots[..n] {
        if MARK {
            mark_used_const(instr, index_map);
        }
        if let Some(e) = instr.except.get() {
            if handler != Some(e) {
                if let Some(h) = handler {
                    maybe_push(g, h, handler_mask, stack);
                }
                handler = Some(e);
                handler_mask = 0;
            }
            handler_mask |= unsafe_mask;
        }
        let bit = || (0..64).contains(&instr.oparg).then(|| 1u64 << instr.oparg);
        match instr.opcode {
            Opcode::DELETE_FAST | Opcode::LOAD_FAST_AND_CLEAR | Opcode::STORE_FAST_MAYBE_NULL => {
                if let Some(bit) = bit() {
                    unsafe_mask |= bit;
                }
            }
            Opcode::STORE_FAST | Opcode::LOAD_FAST_CHECK => {
                if let Some(bit) = bit() {
                    unsafe_mask &= !bit;
                }
            }
            Opcode::LOAD_FAST => {
                if let Some(bit) = bit() {
                    if unsafe_mask & bit != 0 {
                        instr.opcode = Opcode::LOAD_FAST_CHECK;
                    }
                    unsafe_mask &= !bit;
                }
            }
            _ => {}
        }
    }
    if let Some(h) = handler {
        maybe_push(g, h, handler_mask, stack);
    }
    g.put_slots(b, slots);
    if let Some(next) = g.b(b).next
        && g.b(b).has_fallthrough()
    {
        maybe_push(g, next, unsafe_mask, stack);
    }
    if let Some(last) = g.b(b).last().copied()
        && last.is_jump()
        && let Some(t) = last.target.get()
    {
        maybe_push(g, t, unsafe_mask, stack);
    }
}

/// `fast_scan_many_locals`: locals from the 65th on, one block at a time.
fn fast_scan_many_locals(g: &mut Cfg, nlocals: usize) {
    let mut states = vec![0usize; nlocals - 64];
    let mut blocknum = 0usize;
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        blocknum += 1;
        for instr in g.bm(b).instrs_mut() {
            let Ok(arg) = usize::try_from(instr.oparg) else {
                continue;
            };
            if arg < 64 || arg - 64 >= states.len() {
                continue;
            }
            match instr.opcode {
                Opcode::DELETE_FAST
                | Opcode::LOAD_FAST_AND_CLEAR
                | Opcode::STORE_FAST_MAYBE_NULL => states[arg - 64] = blocknum - 1,
                Opcode::STORE_FAST => states[arg - 64] = blocknum,
                Opcode::LOAD_FAST => {
                    if states[arg - 64] != blocknum {
                        instr.opcode = Opcode::LOAD_FAST_CHECK;
                    }
                    states[arg - 64] = blocknum;
                }
                _ => {}
            }
        }
        cur = g.b(b).next;
    }
}

/// `add_checks_for_loads_of_uninitialized_variables`: `LOAD_FAST` of a local that
/// may be unbound becomes `LOAD_FAST_CHECK`.
pub fn add_checks_for_loads_of_uninitialized_variables(
    g: &mut Cfg,
    nlocals: usize,
    nparams: usize,
) {
    add_checks_marking_consts(g, nlocals, nparams, &mut []);
}

/// [`add_checks_for_loads_of_uninitialized_variables`], its first walk marking in
/// `index_map` the constants each block loads. False when there was no walk (no
/// locals).
fn add_checks_marking_consts(
    g: &mut Cfg,
    mut nlocals: usize,
    nparams: usize,
    index_map: &mut [isize],
) -> bool {
    if nlocals == 0 {
        return false;
    }
    if nlocals > 64 {
        fast_scan_many_locals(g, nlocals);
        nlocals = 64;
    }
    g.reset_visited();
    let mut stack = g.take_work();
    let mut start_mask = 0u64;
    for i in nparams..nlocals {
        start_mask |= 1u64 << i;
    }
    let entry = g.entry;
    maybe_push(g, entry, start_mask, &mut stack);
    let mut cur = Some(entry);
    while let Some(b) = cur {
        scan_block_for_locals_marking::<true>(g, b, &mut stack, index_map);
        cur = g.b(b).next;
    }
    while let Some(b) = stack.pop() {
        g.clear_visited(b);
        scan_block_for_locals(g, b, &mut stack);
    }
    g.put_work(stack);
    true
}

const NOT_LOCAL: i32 = -1;
const DUMMY_INSTR: i32 = -1;

/// `ref`: who produced a stack value, and which local it is a copy of.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ref {
    instr: i32,
    local: i32,
}

/// `SUPPORT_KILLED`: the local was overwritten while the value was on the stack.
const SUPPORT_KILLED: u8 = 1;
/// `STORED_AS_LOCAL`: the value was stored into a local.
const STORED_AS_LOCAL: u8 = 2;
/// `REF_UNCONSUMED`: the value outlives the block.
const REF_UNCONSUMED: u8 = 4;

fn kill_local(flags: &mut [u8], refs: &[Ref], local: i32) {
    for r in refs {
        if r.local == local
            && let Some(f) = usize::try_from(r.instr).ok().and_then(|i| flags.get_mut(i))
        {
            *f |= SUPPORT_KILLED;
        }
    }
}

fn store_local(flags: &mut [u8], refs: &[Ref], local: i32, r: Ref) {
    kill_local(flags, refs, local);
    if r.instr != DUMMY_INSTR
        && let Some(f) = usize::try_from(r.instr).ok().and_then(|i| flags.get_mut(i))
    {
        *f |= STORED_AS_LOCAL;
    }
}

fn load_fast_push_block(g: &mut Cfg, sp: &mut Vec<BlockId>, target: BlockId) {
    if g.visit_first(target) {
        sp.push(target);
    }
}

fn pop(refs: &mut Vec<Ref>) -> Ref {
    refs.pop().unwrap_or(Ref {
        instr: DUMMY_INSTR,
        local: NOT_LOCAL,
    })
}

/// `optimize_load_fast`: `LOAD_FAST` / `LOAD_FAST_LOAD_FAST` whose value is consumed
/// within the block before its local is overwritten, and never stored, become the
/// `_BORROW` variants (abstract interpretation of each block's stack).
pub fn optimize_load_fast(g: &mut Cfg) {
    let mut max_instrs = 0;
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        max_instrs = max_instrs.max(g.b(b).len());
        cur = g.b(b).next;
    }
    let mut instr_flags = std::mem::take(&mut g.scratch.instr_flags);
    instr_flags.clear();
    instr_flags.resize(max_instrs, 0);
    let mut refs = std::mem::take(&mut g.scratch.refs);
    g.reset_visited();
    let entry = g.entry;
    let mut sp = g.take_work();
    sp.push(entry);
    g.bm(entry).startdepth = 0;
    g.set_visited(entry);
    let push = |refs: &mut Vec<Ref>, instr: i32, local: i32| refs.push(Ref { instr, local });

    while let Some(block) = sp.pop() {
        // What the end of the walk asks of the block, read before its instructions
        // are taken out of the arena.
        let fallthrough_next = match (g.b(block).last(), g.b(block).next) {
            (Some(term), Some(next)) if !is_exit_or_unconditional_jump(term.opcode) => Some(next),
            _ => None,
        };
        // Only `LOAD_FAST` and `LOAD_FAST_LOAD_FAST` change, each block's from its own
        // instructions and start depth: a block without them only passes the walk on.
        if !g
            .b(block)
            .instrs()
            .iter()
            .any(|i| matches!(i.opcode, Opcode::LOAD_FAST | Opcode::LOAD_FAST_LOAD_FAST))
        {
            let (slots, n) = g.take_slots(block);
            for instr in &slots[..n] {
                if has_target(instr.opcode)
                    && let Some(t) = instr.target.get()
                {
                    load_fast_push_block(g, &mut sp, t);
                }
            }
            g.put_slots(block, slots);
            if let Some(next) = fallthrough_next {
                load_fast_push_block(g, &mut sp, next);
            }
            continue;
        }
        let (mut slots, n) = g.take_slots(block);
        instr_flags[..n].fill(0);
        refs.clear();
        for _ in 0..g.b(block).startdepth.max(0) {
            push(&mut refs, DUMMY_INSTR, NOT_LOCAL);
        }
        for (i, &instr) in slots[..n].iter().enumerate() {
            let opcode = instr.opcode;
            let oparg = instr.oparg;
            let ii = i as i32;
            match opcode {
                Opcode::DELETE_FAST => kill_local(&mut instr_flags, &refs, oparg),
                Opcode::LOAD_FAST => push(&mut refs, ii, oparg),
                Opcode::LOAD_FAST_AND_CLEAR => {
                    kill_local(&mut instr_flags, &refs, oparg);
                    push(&mut refs, ii, oparg);
                }
                Opcode::LOAD_FAST_LOAD_FAST => {
                    push(&mut refs, ii, oparg >> 4);
                    push(&mut refs, ii, oparg & 15);
                }
                Opcode::STORE_FAST => {
                    let r = pop(&mut refs);
                    store_local(&mut instr_flags, &refs, oparg, r);
                }
                Opcode::STORE_FAST_LOAD_FAST => {
                    let r = pop(&mut refs);
                    store_local(&mut instr_flags, &refs, oparg >> 4, r);
                    push(&mut refs, ii, oparg & 15);
                }
                Opcode::STORE_FAST_STORE_FAST => {
                    let r = pop(&mut refs);
                    store_local(&mut instr_flags, &refs, oparg >> 4, r);
                    let r = pop(&mut refs);
                    store_local(&mut instr_flags, &refs, oparg & 15, r);
                }
                Opcode::COPY => {
                    let idx = refs.len() as isize - oparg as isize;
                    let r = usize::try_from(idx)
                        .ok()
                        .and_then(|i| refs.get(i))
                        .copied()
                        .unwrap_or(Ref {
                            instr: DUMMY_INSTR,
                            local: NOT_LOCAL,
                        });
                    push(&mut refs, r.instr, r.local);
                }
                Opcode::SWAP => {
                    let len = refs.len();
                    if oparg >= 1 && (oparg as usize) <= len {
                        refs.swap(len - oparg as usize, len - 1);
                    }
                }
                Opcode::FORMAT_SIMPLE
                | Opcode::GET_ANEXT
                | Opcode::GET_LEN
                | Opcode::GET_YIELD_FROM_ITER
                | Opcode::IMPORT_FROM
                | Opcode::MATCH_KEYS
                | Opcode::MATCH_MAPPING
                | Opcode::MATCH_SEQUENCE
                | Opcode::WITH_EXCEPT_START => {
                    let net_pushed = num_pushed(opcode, oparg) - num_popped(opcode, oparg);
                    // CPython pushes refs attributed to instructions 0..net_pushed here
                    // (its loop variable shadows the instruction index).
                    for k in 0..net_pushed.max(0) {
                        push(&mut refs, k as i32, NOT_LOCAL);
                    }
                }
                Opcode::DICT_MERGE
                | Opcode::DICT_UPDATE
                | Opcode::LIST_APPEND
                | Opcode::LIST_EXTEND
                | Opcode::MAP_ADD
                | Opcode::RERAISE
                | Opcode::SET_ADD
                | Opcode::SET_UPDATE => {
                    let net_popped = num_popped(opcode, oparg) - num_pushed(opcode, oparg);
                    for _ in 0..net_popped.max(0) {
                        pop(&mut refs);
                    }
                }
                Opcode::CHECK_EXC_MATCH => {
                    pop(&mut refs);
                    push(&mut refs, ii, NOT_LOCAL);
                }
                Opcode::FOR_ITER => {
                    if let Some(t) = instr.target.get() {
                        load_fast_push_block(g, &mut sp, t);
                    }
                    push(&mut refs, ii, NOT_LOCAL);
                }
                Opcode::LOAD_ATTR | Opcode::LOAD_SUPER_ATTR => {
                    let self_ = pop(&mut refs);
                    if opcode == Opcode::LOAD_SUPER_ATTR {
                        pop(&mut refs);
                        pop(&mut refs);
                    }
                    push(&mut refs, ii, NOT_LOCAL);
                    if oparg & 1 != 0 {
                        push(&mut refs, self_.instr, self_.local);
                    }
                }
                Opcode::LOAD_SPECIAL => {
                    // `self -- method, self_or_null`: the owner stays on the stack.
                    let self_ = pop(&mut refs);
                    push(&mut refs, ii, NOT_LOCAL);
                    push(&mut refs, self_.instr, self_.local);
                }
                Opcode::SEND => {
                    if let Some(t) = instr.target.get() {
                        load_fast_push_block(g, &mut sp, t);
                    }
                    pop(&mut refs);
                    push(&mut refs, ii, NOT_LOCAL);
                }
                _ => {
                    let (num_popped, num_pushed) = super::cfg::stack_counts(opcode, oparg);
                    if has_target(opcode)
                        && let Some(t) = instr.target.get()
                    {
                        load_fast_push_block(g, &mut sp, t);
                    }
                    if !is_block_push(opcode) {
                        // Popping an empty stack pops nothing.
                        let left = refs.len().saturating_sub(num_popped.max(0) as usize);
                        refs.truncate(left);
                        for _ in 0..num_pushed.max(0) {
                            push(&mut refs, ii, NOT_LOCAL);
                        }
                    }
                }
            }
        }

        if let Some(next) = fallthrough_next {
            load_fast_push_block(g, &mut sp, next);
        }

        for r in &refs {
            if r.instr != -1
                && let Some(f) = usize::try_from(r.instr)
                    .ok()
                    .and_then(|i| instr_flags.get_mut(i))
            {
                *f |= REF_UNCONSUMED;
            }
        }

        for (instr, &flags) in slots[..n].iter_mut().zip(&instr_flags) {
            if flags == 0 {
                match instr.opcode {
                    Opcode::LOAD_FAST => instr.opcode = Opcode::LOAD_FAST_BORROW,
                    Opcode::LOAD_FAST_LOAD_FAST => {
                        instr.opcode = Opcode::LOAD_FAST_BORROW_LOAD_FAST_BORROW
                    }
                    _ => {}
                }
            }
        }
        g.put_slots(block, slots);
    }
    g.put_work(sp);
    g.scratch.instr_flags = instr_flags;
    g.scratch.refs = refs;
}
