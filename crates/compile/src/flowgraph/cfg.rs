//! Port of Python/flowgraph.c's graph half: basic blocks, building the graph from an
//! instruction sequence and flattening it back, label resolution, exception handler
//! labelling, stack depth, jump normalisation and pseudo-instruction conversion.
//!
//! Blocks live in an arena ([`Cfg::blocks`]) and refer to each other by index; the
//! `b_next` chain from [`Cfg::entry`] is the code order. A block keeps every slot it
//! ever used ([`BasicBlock`] `slots`, `iused` of them live), because CPython's passes
//! re-use stale slots: an instruction appended where one was removed inherits the old
//! one's exception handler, which shows in `co_exceptiontable`.

use crate::generated::opcode::Opcode;
use crate::instr_sequence::{ExceptHandlerInfo, InstrSequence, Instruction, SourceLocation};
use crate::opcode_utils::{
    RESUME_AT_FUNC_START, RESUME_OPARG_DEPTH1_MASK, has_target, is_block_push, is_conditional_jump,
    is_exit_or_unconditional_jump, is_scope_exit, is_terminator,
};
use crate::opcode_utils::{has_arg, has_jump, num_popped, num_pushed};

use super::FlowgraphError;

/// Index of a block in [`Cfg::blocks`] (32 bits, so a [`CfgInstr`] stays small).
pub type BlockId = u32;

/// The block arena: a `Vec` indexed by [`BlockId`].
#[derive(Clone, Debug, Default)]
pub struct Blocks(pub Vec<BasicBlock>);

impl std::ops::Deref for Blocks {
    type Target = Vec<BasicBlock>;
    fn deref(&self) -> &Vec<BasicBlock> {
        &self.0
    }
}

impl std::ops::DerefMut for Blocks {
    fn deref_mut(&mut self) -> &mut Vec<BasicBlock> {
        &mut self.0
    }
}

impl std::ops::Index<BlockId> for Blocks {
    type Output = BasicBlock;
    #[inline]
    fn index(&self, b: BlockId) -> &BasicBlock {
        &self.0[b as usize]
    }
}

impl std::ops::IndexMut<BlockId> for Blocks {
    #[inline]
    fn index_mut(&mut self, b: BlockId) -> &mut BasicBlock {
        &mut self.0[b as usize]
    }
}

/// `cfg_instr`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CfgInstr {
    /// Opcode (real or pseudo).
    pub opcode: Opcode,
    /// Argument (a label id for jumps until targets are resolved).
    pub oparg: i32,
    /// Source location.
    pub loc: SourceLocation,
    /// `i_target`: the block a jump or `SETUP_*` goes to.
    pub target: BlockRef,
    /// `i_except`: the handler block an exception goes to.
    pub except: BlockRef,
}

/// An `Option<BlockId>` in four bytes (`u32::MAX` is none), so a [`CfgInstr`] takes
/// 32 bytes: the passes walk and copy instructions all the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockRef(u32);

impl BlockRef {
    /// No block.
    pub const NONE: BlockRef = BlockRef(u32::MAX);

    /// The block, if any.
    #[inline]
    pub fn get(self) -> Option<BlockId> {
        (self.0 != u32::MAX).then_some(self.0)
    }

    /// Whether there is a block.
    #[inline]
    pub fn is_some(self) -> bool {
        self.0 != u32::MAX
    }
}

const _: () = assert!(std::mem::size_of::<CfgInstr>() == 32);
const _: () = assert!(std::mem::size_of::<BasicBlock>() == 64);

impl From<Option<BlockId>> for BlockRef {
    #[inline]
    fn from(b: Option<BlockId>) -> Self {
        // A graph has fewer than `u32::MAX` blocks (each takes far more than a byte).
        BlockRef(b.unwrap_or(u32::MAX))
    }
}

impl CfgInstr {
    /// An instruction with no target and no handler.
    pub fn new(opcode: Opcode, oparg: i32, loc: SourceLocation) -> Self {
        CfgInstr {
            opcode,
            oparg,
            loc,
            target: BlockRef::NONE,
            except: BlockRef::NONE,
        }
    }

    /// `INSTR_SET_OP0`
    pub fn set_op0(&mut self, op: Opcode) {
        self.opcode = op;
        self.oparg = 0;
    }

    /// `INSTR_SET_OP1`
    pub fn set_op1(&mut self, op: Opcode, oparg: i32) {
        self.opcode = op;
        self.oparg = oparg;
    }

    /// `is_jump`
    pub fn is_jump(&self) -> bool {
        has_jump(self.opcode)
    }

    /// `is_block_push`
    pub fn is_block_push(&self) -> bool {
        is_block_push(self.opcode)
    }

    /// Zeroed memory (what a fresh slot holds in CPython).
    fn zeroed() -> Self {
        CfgInstr::new(Opcode::CACHE, 0, SourceLocation::new(0, 0, 0, 0))
    }
}

/// An exception stack (`struct _PyCfgExceptStack`): `handlers[0]` is "no handler".
pub type ExceptStack = Vec<Option<BlockId>>;

/// `basicblock`.
#[derive(Clone, Debug)]
pub struct BasicBlock {
    /// `b_label`: label id, or -1.
    pub label: i32,
    slots: Vec<CfgInstr>,
    iused: u32,
    /// `b_next`: the block reached by falling through / next in code order.
    pub next: Option<BlockId>,
    /// `b_unsafe_locals_mask`
    pub unsafe_locals_mask: u64,
    /// `b_predecessors`
    pub predecessors: i32,
    /// `b_startdepth`
    pub startdepth: i32,
    /// `b_preserve_lasti`
    pub preserve_lasti: bool,
    /// `b_visited`, as a stamp: the block is visited when this equals the graph's
    /// [`Cfg::visit_epoch`] (so clearing every mark is one increment).
    pub visit: u16,
    /// `b_except_handler`
    pub except_handler: bool,
    /// `b_cold`
    pub cold: bool,
    /// `b_warm`
    pub warm: bool,
    /// Set when the block may hold a NOP that redundant-NOP removal has not seen
    /// yet (see `remove_redundant_nops_and_jumps`).
    pub nops_dirty: bool,
}

impl BasicBlock {
    fn new() -> Self {
        BasicBlock {
            label: -1,
            slots: Vec::new(),
            iused: 0,
            next: None,
            unsafe_locals_mask: 0,
            predecessors: 0,
            startdepth: 0,
            preserve_lasti: false,
            visit: 0,
            except_handler: false,
            cold: false,
            warm: false,
            nops_dirty: false,
        }
    }

    /// The live instructions.
    pub fn instrs(&self) -> &[CfgInstr] {
        &self.slots[..self.iused as usize]
    }

    /// The live instructions, mutable.
    pub fn instrs_mut(&mut self) -> &mut [CfgInstr] {
        &mut self.slots[..self.iused as usize]
    }

    /// `b_iused`
    pub fn len(&self) -> usize {
        self.iused as usize
    }

    /// `b_iused == 0`
    pub fn is_empty(&self) -> bool {
        self.iused == 0
    }

    /// Keeps the first `n` instructions (the rest become stale slots).
    pub fn truncate(&mut self, n: usize) {
        self.iused = n.min(self.iused as usize) as u32;
    }

    /// `basicblock_next_instr`: a new live slot (stale contents kept).
    fn next_instr(&mut self) -> usize {
        if self.iused as usize == self.slots.len() {
            if self.slots.capacity() == 0 {
                // Most blocks hold a few instructions: skip the first regrowths.
                self.slots.reserve(8);
            }
            self.slots.push(CfgInstr::zeroed());
        }
        self.iused += 1;
        self.iused as usize - 1
    }

    /// `basicblock_addop`: sets opcode, oparg, target and location of a new slot (its
    /// handler is whatever the slot held).
    pub fn addop(&mut self, opcode: Opcode, oparg: i32, loc: SourceLocation) {
        if self.iused as usize == self.slots.len() {
            // A fresh slot: what `next_instr` would give, written at once.
            if self.slots.capacity() == 0 {
                self.slots.reserve(8);
            }
            self.slots.push(CfgInstr::new(opcode, oparg, loc));
            self.iused += 1;
            return;
        }
        let i = self.next_instr();
        let s = &mut self.slots[i];
        s.opcode = opcode;
        s.oparg = oparg;
        s.target = BlockRef::NONE;
        s.loc = loc;
    }

    /// Appends a whole instruction (struct copy).
    pub fn push(&mut self, instr: CfgInstr) {
        let i = self.next_instr();
        self.slots[i] = instr;
    }

    /// `basicblock_insert_instruction`
    pub fn insert(&mut self, pos: usize, instr: CfgInstr) {
        self.next_instr();
        let mut i = self.iused as usize - 1;
        while i > pos {
            self.slots[i] = self.slots[i - 1];
            i -= 1;
        }
        self.slots[pos] = instr;
    }

    /// `basicblock_last_instr`
    pub fn last(&self) -> Option<&CfgInstr> {
        self.instrs().last()
    }

    /// `basicblock_last_instr`, mutable.
    pub fn last_mut(&mut self) -> Option<&mut CfgInstr> {
        self.instrs_mut().last_mut()
    }

    /// `basicblock_nofallthrough` / `BB_NO_FALLTHROUGH`
    pub fn no_fallthrough(&self) -> bool {
        self.last()
            .is_some_and(|l| is_exit_or_unconditional_jump(l.opcode))
    }

    /// `BB_HAS_FALLTHROUGH`
    pub fn has_fallthrough(&self) -> bool {
        !self.no_fallthrough()
    }

    /// `basicblock_exits_scope`
    pub fn exits_scope(&self) -> bool {
        self.last().is_some_and(|l| is_scope_exit(l.opcode))
    }

    /// `basicblock_has_no_lineno`
    pub fn has_no_lineno(&self) -> bool {
        self.instrs().iter().all(|i| i.loc.lineno < 0)
    }
}

/// `cfg_builder`: the blocks of one code unit.
#[derive(Clone, Debug)]
pub struct Cfg {
    /// Every block ever allocated.
    pub blocks: Blocks,
    /// `g_entryblock`
    pub entry: BlockId,
    curblock: BlockId,
    current_label: i32,
    /// Emptied instruction buffers new blocks take before allocating (handed from
    /// one code unit's graph to the next, see [`Cfg::take_buffers`]).
    spare: Vec<Vec<CfgInstr>>,
    /// A block list the traversals use as their work stack (kept between passes,
    /// and between code units through [`crate::unit::UnitScratch`]).
    pub work: Vec<BlockId>,
    /// An emptied buffer [`Cfg::to_instruction_sequence`] writes into (handed on
    /// between code units).
    pub seq_buf: Vec<Instruction>,
    /// Emptied exception stacks [`Cfg::label_exception_targets`] copies into (handed
    /// on between code units).
    pub except_pool: Vec<ExceptStack>,
    /// Which pseudo-instructions the graph was built with ([`pseudo`] bits; every
    /// bit unless built by [`Cfg::from_instruction_sequence_with`]): no pass creates
    /// them, so a pass that only rewrites them may skip a graph without them.
    pub pseudo_present: u8,
    /// Set by [`Cfg::from_instruction_sequence_with`], whose blocks end at every
    /// terminator: `check_cfg` has nothing to find until a pass edits the graph.
    pub built_well_formed: bool,
    /// The passes' work buffers (handed on between code units).
    pub scratch: FlowScratch,
    /// The stamp a block's [`BasicBlock::visit`] holds when it is visited (never 0,
    /// the stamp of a new block).
    pub visit_epoch: u16,
}

/// Buffers the passes work in, kept with the graph and handed from one code unit's
/// graph to the next (through [`crate::unit::UnitScratch`]), so a unit allocates
/// none of them.
#[derive(Clone, Debug, Default)]
pub struct FlowScratch {
    /// Building: what each instruction is to the block structure ([`TARGET`] ...).
    pub(crate) build_flags: Vec<u8>,
    /// Label resolution: label → block.
    pub(crate) label2block: Vec<Option<BlockId>>,
    /// `remove_unused_consts`: old index → used (its index) or -1.
    pub(crate) index_map: Vec<isize>,
    /// `remove_unused_consts`: old index → new index.
    pub(crate) reverse: Vec<i32>,
    /// `remove_unused_consts`: the used indices in order.
    pub(crate) used: Vec<usize>,
    /// `optimize_load_fast`: each instruction's flags.
    pub(crate) instr_flags: Vec<u8>,
    /// `optimize_load_fast`: the abstract stack.
    pub(crate) refs: Vec<super::locals::Ref>,
    /// `label_exception_targets`: each block's `b_exceptstack`.
    pub(crate) except_stacks: Vec<Option<ExceptStack>>,
}

/// Bits of [`Cfg::pseudo_present`].
pub mod pseudo {
    /// `SETUP_FINALLY`, `SETUP_WITH`, `SETUP_CLEANUP` or `POP_BLOCK`.
    pub const BLOCKS: u8 = 1;
    /// `JUMP_IF_FALSE` or `JUMP_IF_TRUE`.
    pub const JUMP_IF: u8 = 2;
    /// `LOAD_CLOSURE` or `STORE_FAST_MAYBE_NULL`.
    pub const LOCALS: u8 = 4;
    /// Every bit.
    pub const ALL: u8 = BLOCKS | JUMP_IF | LOCALS;

    use crate::generated::opcode::Opcode;

    /// The bit of `op`, or 0.
    #[inline]
    pub fn bit(op: Opcode) -> u8 {
        match op {
            Opcode::SETUP_FINALLY
            | Opcode::SETUP_WITH
            | Opcode::SETUP_CLEANUP
            | Opcode::POP_BLOCK => BLOCKS,
            Opcode::JUMP_IF_FALSE | Opcode::JUMP_IF_TRUE => JUMP_IF,
            Opcode::LOAD_CLOSURE | Opcode::STORE_FAST_MAYBE_NULL => LOCALS,
            _ => 0,
        }
    }
}

impl Default for Cfg {
    fn default() -> Self {
        Self::new()
    }
}

/// What building the graph records of an instruction: it has a target ...
const HAS_TARGET: u8 = 1;
/// ... it ends its block (`IS_TERMINATOR_OPCODE`) ...
const TERMINATOR: u8 = 2;
/// ... a jump goes to it ...
const TARGET: u8 = 4;
/// ... the instruction before it ends its block ...
const AFTER_TERMINATOR: u8 = 8;
/// ... it is `ANNOTATIONS_PLACEHOLDER`.
const PLACEHOLDER: u8 = 16;

fn opcode_of(n: u16) -> Result<Opcode, FlowgraphError> {
    crate::opcode_utils::opcode_from_number(n).ok_or(FlowgraphError::UnknownOpcode(n))
}

/// `get_stack_effects`: the net effect, `jump` telling which way a branch goes.
#[inline]
pub fn stack_effect(op: Opcode, oparg: i32, jump: bool) -> Result<i32, FlowgraphError> {
    match crate::opcode_utils::fixed_stack_effect(op, jump) {
        Some(e) => Ok(e),
        None => match OPARG_EFFECTS[usize::from(op.number())] {
            Some(f) if oparg >= 0 => Ok(f.at(oparg)),
            _ => stack_effect_by_oparg(op, oparg, jump),
        },
    }
}

/// The generated `num_pushed` or `num_popped` of `op`.
const fn count(op: Opcode, pushed: bool, oparg: i64) -> i64 {
    if pushed {
        crate::generated::metadata::num_pushed(op, oparg)
    } else {
        crate::generated::metadata::num_popped(op, oparg)
    }
}

/// A count `base + per_oparg * oparg + per_low_bit * (oparg & 1)` (what most
/// oparg-dependent stack effects are: `CALL`, `BUILD_*`, `LOAD_ATTR`, ...).
#[derive(Clone, Copy, Debug)]
struct Linear {
    base: i64,
    per_oparg: i64,
    per_low_bit: i64,
}

impl Linear {
    /// The form of `count` (a generated `num_popped` / `num_pushed`) if it has one
    /// that is never negative, checked on opargs that tell the generated forms (a
    /// multiple of the oparg, its low bit, its low or high byte) apart.
    const fn of(op: Opcode, pushed: bool) -> Option<Linear> {
        const SAMPLES: [i64; 12] = [0, 1, 2, 3, 4, 5, 255, 256, 257, 65535, 65536, 1 << 24];
        let base = count(op, pushed, 0);
        let per_two = count(op, pushed, 2) - base;
        if per_two % 2 != 0 {
            return None;
        }
        let per_oparg = per_two / 2;
        let per_low_bit = count(op, pushed, 1) - base - per_oparg;
        if base < 0 || per_oparg < 0 || per_low_bit < 0 {
            return None;
        }
        let form = Linear {
            base,
            per_oparg,
            per_low_bit,
        };
        let mut k = 0;
        while k < SAMPLES.len() {
            if count(op, pushed, SAMPLES[k]) != form.count(SAMPLES[k]) {
                return None;
            }
            k += 1;
        }
        Some(form)
    }

    const fn count(&self, x: i64) -> i64 {
        self.base + self.per_oparg * x + self.per_low_bit * (x & 1)
    }

    /// `pushed - popped` as a form.
    const fn minus(self, popped: Linear) -> Linear {
        Linear {
            base: self.base - popped.base,
            per_oparg: self.per_oparg - popped.per_oparg,
            per_low_bit: self.per_low_bit - popped.per_low_bit,
        }
    }

    /// [`stack_effect_by_oparg`]'s result for a non-negative `oparg`.
    #[inline]
    fn at(self, oparg: i32) -> i32 {
        self.count(i64::from(oparg)) as i32
    }
}

/// The stack effect, as a [`Linear`] form, of each opcode (by number) whose effect
/// depends on its oparg that way, whichever way it branches: no block push, no
/// specialization, counts never negative. [`stack_effect_by_oparg`] for the others.
static OPARG_EFFECTS: [Option<Linear>; crate::generated::opcode::MAX_PSEUDO_OPCODE as usize + 1] = {
    use crate::generated::opcode::ALL;
    let mut t = [None; crate::generated::opcode::MAX_PSEUDO_OPCODE as usize + 1];
    let mut i = 0;
    while i < ALL.len() {
        let op = ALL[i];
        let deopts =
            op.number() <= 255 && crate::generated::metadata::deopt(op).number() != op.number();
        if !deopts
            && !is_block_push(op)
            && let (Some(popped), Some(pushed)) = (Linear::of(op, false), Linear::of(op, true))
        {
            t[op.number() as usize] = Some(pushed.minus(popped));
        }
        i += 1;
    }
    t
};

/// What `op` pops and pushes for `oparg` (the generated `num_popped` and
/// `num_pushed`), from [`Linear`] forms when the opcode has them.
#[inline]
pub(crate) fn stack_counts(op: Opcode, oparg: i32) -> (i64, i64) {
    match STACK_COUNTS[usize::from(op.number())] {
        Some((popped, pushed)) if oparg >= 0 => (
            popped.count(i64::from(oparg)),
            pushed.count(i64::from(oparg)),
        ),
        _ => (num_popped(op, oparg), num_pushed(op, oparg)),
    }
}

/// The [`Linear`] forms of what each opcode (by number) pops and pushes, where it
/// has them.
static STACK_COUNTS: [Option<(Linear, Linear)>;
    crate::generated::opcode::MAX_PSEUDO_OPCODE as usize + 1] = {
    use crate::generated::opcode::ALL;
    let mut t = [None; crate::generated::opcode::MAX_PSEUDO_OPCODE as usize + 1];
    let mut i = 0;
    while i < ALL.len() {
        let op = ALL[i];
        if let (Some(popped), Some(pushed)) = (Linear::of(op, false), Linear::of(op, true)) {
            t[op.number() as usize] = Some((popped, pushed));
        }
        i += 1;
    }
    t
};

/// [`stack_effect`] of an opcode whose effect depends on its oparg (or that has none).
#[inline(never)]
fn stack_effect_by_oparg(op: Opcode, oparg: i32, jump: bool) -> Result<i32, FlowgraphError> {
    if crate::opcode_utils::deopts(op) {
        return Err(FlowgraphError::InvalidStackEffect(op.number()));
    }
    let popped = num_popped(op, oparg);
    let pushed = num_pushed(op, oparg);
    if popped < 0 || pushed < 0 {
        return Err(FlowgraphError::InvalidStackEffect(op.number()));
    }
    if is_block_push(op) && !jump {
        return Ok(0);
    }
    Ok((pushed - popped) as i32)
}

impl Cfg {
    /// `_PyCfgBuilder_New`: one empty entry block.
    pub fn new() -> Self {
        Cfg {
            blocks: Blocks(vec![BasicBlock::new()]),
            entry: 0,
            curblock: 0,
            current_label: -1,
            spare: Vec::new(),
            work: Vec::new(),
            seq_buf: Vec::new(),
            except_pool: Vec::new(),
            pseudo_present: pseudo::ALL,
            built_well_formed: false,
            scratch: FlowScratch::default(),
            visit_epoch: 1,
        }
    }

    /// `cfg_builder_new_block`
    pub fn new_block(&mut self) -> BlockId {
        let mut block = BasicBlock::new();
        if let Some(slots) = self.spare.pop() {
            block.slots = slots;
        }
        self.blocks.push(block);
        (self.blocks.len() - 1) as BlockId
    }

    /// The graph's instruction buffers, emptied, for the next graph
    /// ([`Cfg::from_instruction_sequence_reusing`]).
    /// Returns the emptied block list, for [`Cfg::from_instruction_sequence_with`].
    pub fn take_buffers(self, into: &mut Vec<Vec<CfgInstr>>) -> Vec<BasicBlock> {
        // The spare list holds as many buffers as the largest graph so far had
        // blocks: it stays where it is, and this graph's buffers join it.
        let mut pool = self.spare;
        pool.append(into);
        let mut list = self.blocks.0;
        pool.reserve(list.len());
        for block in list.drain(..) {
            let mut slots = block.slots;
            slots.clear();
            pool.push(slots);
        }
        *into = pool;
        list
    }

    /// The (emptied) work stack, to give back with [`Cfg::put_work`].
    pub fn take_work(&mut self) -> Vec<BlockId> {
        let mut w = std::mem::take(&mut self.work);
        w.clear();
        w
    }

    /// Gives the work stack back.
    pub fn put_work(&mut self, w: Vec<BlockId>) {
        self.work = w;
    }

    /// The block `b`.
    pub fn b(&self, b: BlockId) -> &BasicBlock {
        &self.blocks[b]
    }

    /// Takes block `b`'s instruction slots out of the arena, so a pass can walk them
    /// while it updates other blocks; its live count stays, and nothing may read `b`'s
    /// instructions until [`Cfg::put_slots`] gives them back.
    pub fn take_slots(&mut self, b: BlockId) -> (Vec<CfgInstr>, usize) {
        let block = &mut self.blocks[b];
        (std::mem::take(&mut block.slots), block.iused as usize)
    }

    /// Gives back what [`Cfg::take_slots`] took.
    pub fn put_slots(&mut self, b: BlockId, slots: Vec<CfgInstr>) {
        self.blocks[b].slots = slots;
    }

    /// The block `b`, mutable.
    pub fn bm(&mut self, b: BlockId) -> &mut BasicBlock {
        &mut self.blocks[b]
    }

    /// The blocks in code order (the `b_next` chain).
    pub fn order(&self) -> Vec<BlockId> {
        let mut out = Vec::with_capacity(self.blocks.len());
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            out.push(b);
            cur = self.blocks[b].next;
        }
        out
    }

    /// `next_nonempty_block`
    pub fn next_nonempty_block(&self, mut b: Option<BlockId>) -> Option<BlockId> {
        while let Some(id) = b {
            if !self.blocks[id].is_empty() {
                return Some(id);
            }
            b = self.blocks[id].next;
        }
        None
    }

    /// `basicblock_append_instructions`
    pub fn append_instructions(&mut self, to: BlockId, from: BlockId) {
        for k in 0..self.blocks[from].len() {
            let i = self.blocks[from].instrs()[k];
            self.blocks[to].push(i);
        }
    }

    /// `copy_basicblock`
    pub fn copy_basicblock(&mut self, block: BlockId) -> BlockId {
        let result = self.new_block();
        self.append_instructions(result, block);
        result
    }

    /// `basicblock_add_jump`
    pub fn add_jump(&mut self, b: BlockId, opcode: Opcode, target: BlockId, loc: SourceLocation) {
        let label = self.blocks[target].label;
        let block = &mut self.blocks[b];
        if block.last().is_some_and(|l| l.is_jump()) {
            return;
        }
        block.addop(opcode, label, loc);
        if let Some(last) = block.last_mut() {
            last.target = Some(target).into();
        }
    }

    /// `make_cfg_traversal_stack` (the reset part): clears `b_visited` of every block
    /// (a new stamp; the blocks are rewritten only when the stamps run out).
    pub fn reset_visited(&mut self) {
        if self.visit_epoch == u16::MAX {
            for block in self.blocks.0.iter_mut() {
                block.visit = 0;
            }
            self.visit_epoch = 1;
        } else {
            self.visit_epoch += 1;
        }
    }

    /// `b_visited` of `b`.
    #[inline]
    pub fn visited(&self, b: BlockId) -> bool {
        self.blocks[b].visit == self.visit_epoch
    }

    /// Sets `b_visited` of `b`.
    #[inline]
    pub fn set_visited(&mut self, b: BlockId) {
        self.blocks[b].visit = self.visit_epoch;
    }

    /// Clears `b_visited` of `b`.
    #[inline]
    pub fn clear_visited(&mut self, b: BlockId) {
        self.blocks[b].visit = 0;
    }

    /// Sets `b_visited` of `b`; true when it was clear.
    #[inline]
    pub fn visit_first(&mut self, b: BlockId) -> bool {
        let e = self.visit_epoch;
        let block = &mut self.blocks[b];
        let first = block.visit != e;
        block.visit = e;
        first
    }

    /// `get_max_label`
    pub fn max_label(&self) -> i32 {
        let mut max = -1;
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            max = max.max(self.blocks[b].label);
            cur = self.blocks[b].next;
        }
        max
    }

    fn current_block_is_terminated(&mut self) -> bool {
        let cur = &mut self.blocks[self.curblock];
        if cur.last().is_some_and(|l| is_terminator(l.opcode)) {
            return true;
        }
        if self.current_label >= 0 {
            if cur.last().is_some() || cur.label >= 0 {
                return true;
            }
            cur.label = self.current_label;
            self.current_label = -1;
        }
        false
    }

    fn maybe_start_new_block(&mut self) {
        if self.current_block_is_terminated() {
            let b = self.new_block();
            self.blocks[b].label = self.current_label;
            self.current_label = -1;
            self.blocks[self.curblock].next = Some(b);
            self.curblock = b;
        }
    }

    /// A new block labelled `label` (or -1), after the current one and current.
    fn open_block(&mut self, label: i32) {
        let b = self.new_block();
        self.blocks[b].label = label;
        self.blocks[self.curblock].next = Some(b);
        self.curblock = b;
    }

    /// `_PyCfgBuilder_UseLabel`
    pub fn use_label(&mut self, label: i32) {
        self.current_label = label;
        self.maybe_start_new_block();
    }

    /// `_PyCfgBuilder_Addop`
    pub fn addop(&mut self, opcode: Opcode, oparg: i32, loc: SourceLocation) {
        self.maybe_start_new_block();
        self.blocks[self.curblock].addop(opcode, oparg, loc);
    }

    /// `_PyCfg_FromInstructionSequence`: labels applied, then one label per jump
    /// target (its instruction index).
    pub fn from_instruction_sequence(seq: &mut InstrSequence) -> Result<Cfg, FlowgraphError> {
        Self::from_instruction_sequence_reusing(seq, Vec::new())
    }

    /// [`Cfg::from_instruction_sequence`] with emptied instruction buffers to build
    /// the blocks in (from [`Cfg::take_buffers`]).
    pub fn from_instruction_sequence_reusing(
        seq: &mut InstrSequence,
        buffers: Vec<Vec<CfgInstr>>,
    ) -> Result<Cfg, FlowgraphError> {
        Self::from_instruction_sequence_with(seq, buffers, Vec::new(), FlowScratch::default())
    }

    /// [`Cfg::from_instruction_sequence_reusing`] with an emptied block list too (from
    /// [`Cfg::take_buffers`]).
    pub fn from_instruction_sequence_with(
        seq: &mut InstrSequence,
        buffers: Vec<Vec<CfgInstr>>,
        mut block_list: Vec<BasicBlock>,
        mut scratch: FlowScratch,
    ) -> Result<Cfg, FlowgraphError> {
        // Each opcode decoded once, with what the loop below asks of it; jump opargs
        // (label ids, unless the labels were applied) become instruction indices
        // (`_PyInstructionSequence_ApplyLabelMap` for the jumps, written back into the
        // sequence; the graph takes no handler from it, so handler labels stay as
        // they are), marking the instructions that start a block.
        let n = seq.instrs.len();
        let labelmap = seq.labelmap.take();
        let lookup = |id: i32| match &labelmap {
            Some(map) => usize::try_from(id)
                .ok()
                .and_then(|i| map.get(i))
                .copied()
                .unwrap_or(-111),
            None => id,
        };
        let mut flags = std::mem::take(&mut scratch.build_flags);
        flags.clear();
        flags.resize(n + 1, 0);
        let mut nblocks = 1;
        let mut present = 0;
        for (i, instr) in seq.instrs.iter_mut().enumerate() {
            let op = opcode_of(instr.opcode)?;
            let mut kind = 0;
            if crate::opcode_utils::is_pseudo(op) {
                present |= pseudo::bit(op);
                if op == Opcode::ANNOTATIONS_PLACEHOLDER {
                    kind = PLACEHOLDER;
                }
            }
            if has_target(op) {
                kind |= HAS_TARGET;
                let t = lookup(instr.oparg);
                instr.oparg = t;
                if t < 0 || t as usize >= n {
                    return Err(FlowgraphError::BadLabel(t));
                }
                let target = &mut flags[t as usize];
                nblocks += usize::from(*target & TARGET == 0);
                *target |= TARGET;
            }
            if is_terminator(op) {
                kind |= TERMINATOR;
                nblocks += 1;
                flags[i + 1] |= AFTER_TERMINATOR;
            }
            flags[i] |= kind;
        }
        block_list.clear();
        block_list.push(BasicBlock::new());
        let mut g = Cfg {
            blocks: Blocks(block_list),
            entry: 0,
            curblock: 0,
            current_label: -1,
            spare: buffers,
            work: Vec::new(),
            seq_buf: Vec::new(),
            except_pool: Vec::new(),
            pseudo_present: pseudo::ALL,
            built_well_formed: true,
            scratch,
            visit_epoch: 1,
        };
        g.pseudo_present = present;
        if let Some(slots) = g.spare.pop() {
            g.blocks[0].slots = slots;
        }
        // A block starts at each jump target and after each terminator.
        g.blocks.reserve(nblocks);
        // ANNOTATIONS_PLACEHOLDER is replaced by the annotations code (or dropped);
        // later labels and jump opargs shift by the difference.
        let mut offset: i32 = 0;
        // Whether the instruction added last ends its block (`_PyCfgBuilder_Addop`
        // then starts a new one).
        let mut after_terminator = false;
        let mut i = 0;
        while i < n {
            if flags[i] & PLACEHOLDER != 0 {
                match &seq.annotations_code {
                    Some(ann) => {
                        for a in &ann.instrs {
                            g.addop(opcode_of(a.opcode)?, a.oparg, a.loc);
                        }
                        offset += ann.instrs.len() as i32 - 1;
                        g.pseudo_present = pseudo::ALL;
                    }
                    None => offset -= 1,
                }
                after_terminator = g.blocks[g.curblock]
                    .last()
                    .is_some_and(|l| is_terminator(l.opcode));
                i += 1;
                continue;
            }
            // `_PyCfgBuilder_UseLabel` / `_PyCfgBuilder_Addop` for the first
            // instruction of a run (what they come to here: the current block takes
            // the label if it is empty and has none, else a new block starts) ...
            if flags[i] & TARGET != 0 {
                let label = i as i32 + offset;
                let cur = &mut g.blocks[g.curblock];
                if cur.iused == 0 && cur.label < 0 {
                    cur.label = label;
                } else {
                    g.open_block(label);
                }
            } else if after_terminator {
                g.open_block(-1);
            }
            // ... and the instructions after it that start nothing: no label, no
            // terminator before them, appended as they are.
            let mut j = i + 1;
            while j < n && flags[j] & (TARGET | AFTER_TERMINATOR | PLACEHOLDER) == 0 {
                j += 1;
            }
            let block = &mut g.blocks[g.curblock];
            let base = block.slots.len();
            // Room for what later passes add to a block's end (a `NOT_TAKEN`, ...).
            block.slots.reserve(j - i + 2);
            // Decoded again (a table load; pass one checked every opcode).
            block.slots.extend(seq.instrs[i..j].iter().map(|x| {
                let op = crate::opcode_utils::opcode_from_number(x.opcode).unwrap_or(Opcode::NOP);
                CfgInstr::new(op, x.oparg, x.loc)
            }));
            block.iused = block.slots.len() as u32;
            if offset != 0 {
                for (slot, &f) in block.slots[base..].iter_mut().zip(&flags[i..j]) {
                    if f & HAS_TARGET != 0 {
                        slot.oparg += offset;
                    }
                }
            }
            after_terminator = flags[j - 1] & TERMINATOR != 0;
            i = j;
        }
        g.scratch.build_flags = flags;
        Ok(g)
    }

    /// `_PyCfg_ToInstructionSequence`: blocks numbered in order, jump opargs and
    /// handlers as labels, then the label map applied.
    pub fn to_instruction_sequence(&mut self) -> InstrSequence {
        let order = self.order();
        // Block `lbl` (its position in code order) starts at instruction `starts[lbl]`:
        // the label map, applied as the instructions are written.
        let mut starts: Vec<i32> = Vec::with_capacity(order.len());
        let mut total = 0usize;
        for (lbl, &b) in order.iter().enumerate() {
            self.blocks[b].label = lbl as i32;
            starts.push(total as i32);
            total += self.blocks[b].len();
        }
        let lookup = |id: i32| {
            usize::try_from(id)
                .ok()
                .and_then(|i| starts.get(i))
                .copied()
                .unwrap_or(-111)
        };
        let mut seq = InstrSequence::new();
        seq.labelmap = None;
        seq.instrs = std::mem::take(&mut self.seq_buf);
        seq.instrs.clear();
        seq.instrs.reserve(total);
        for &b in &order {
            // Walked out of the arena: the labels read are other fields (of any block).
            let (mut slots, n) = self.take_slots(b);
            for slot in &mut slots[..n] {
                let instr = *slot;
                let mut oparg = instr.oparg;
                let jump = has_target(instr.opcode);
                if jump {
                    if let Some(t) = instr.target.get() {
                        oparg = self.blocks[t].label;
                    }
                    slot.oparg = oparg;
                    oparg = lookup(oparg);
                }
                let mut except_handler = ExceptHandlerInfo::default();
                if let Some(h) = instr.except.get() {
                    let hb = &self.blocks[h];
                    except_handler = ExceptHandlerInfo {
                        label: hb.label,
                        startdepth: hb.startdepth,
                        preserve_lasti: hb.preserve_lasti,
                    };
                    if except_handler.label >= 0 {
                        except_handler.label = lookup(except_handler.label);
                    }
                }
                seq.instrs.push(Instruction {
                    opcode: instr.opcode.number(),
                    oparg,
                    loc: instr.loc,
                    except_handler,
                    target: 0,
                    offset: 0,
                });
            }
            self.put_slots(b, slots);
        }
        seq
    }

    /// `check_cfg`: a terminator must end its block.
    pub fn check_cfg(&self) -> Result<(), FlowgraphError> {
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            let instrs = self.blocks[b].instrs();
            if let Some((_, init)) = instrs.split_last()
                && init.iter().any(|i| is_terminator(i.opcode))
            {
                return Err(FlowgraphError::MalformedCfg);
            }
            cur = self.blocks[b].next;
        }
        Ok(())
    }

    /// CPython's `translate_jump_labels_to_targets` then `mark_except_handlers`, in
    /// one walk over the instructions (a `SETUP_*` target is marked as its label is
    /// resolved; the marks depend on nothing else).
    pub fn translate_jump_labels_and_mark_handlers(&mut self) -> Result<(), FlowgraphError> {
        let mut label2block = std::mem::take(&mut self.scratch.label2block);
        label2block.clear();
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            if let Ok(l) = usize::try_from(self.blocks[b].label) {
                if label2block.len() <= l {
                    label2block.resize(l + 1, None);
                }
                label2block[l] = Some(b);
            }
            cur = self.blocks[b].next;
        }
        // A jump ends its block (the graph was built so): only a `SETUP_*` can have a
        // target elsewhere, so without them the last instruction is the one to look at.
        let with_block_pushes = self.pseudo_present & pseudo::BLOCKS != 0;
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            cur = self.blocks[b].next;
            let n = self.blocks[b].len();
            let from = if with_block_pushes {
                0
            } else {
                n.saturating_sub(1)
            };
            for k in from..n {
                let instr = &mut self.blocks[b].slots[k];
                if has_target(instr.opcode) {
                    let lbl = instr.oparg;
                    let t = usize::try_from(lbl)
                        .ok()
                        .and_then(|l| label2block.get(l).copied().flatten())
                        .ok_or(FlowgraphError::BadLabel(lbl))?;
                    instr.target = Some(t).into();
                    let push = is_block_push(instr.opcode);
                    if push {
                        self.blocks[t].except_handler = true;
                    }
                }
            }
        }
        self.scratch.label2block = label2block;
        Ok(())
    }

    /// `label_exception_targets`: every instruction gets the handler on top of the
    /// exception stack at that point; `POP_BLOCK` becomes `NOP`; `RESUME` after a
    /// yield at depth 1 gets `RESUME_OPARG_DEPTH1_MASK`.
    pub fn label_exception_targets(&mut self) -> Result<(), FlowgraphError> {
        if self.pseudo_present & pseudo::BLOCKS == 0 {
            // No handler is ever pushed: every instruction keeps "no handler" (what a
            // new one has) and no RESUME is at depth 1. Only the marks of the walk
            // differ, and the next pass to read them resets them.
            return Ok(());
        }
        self.reset_visited();
        let entry = self.entry;
        let mut todo = self.take_work();
        let mut pool = std::mem::take(&mut self.except_pool);
        todo.push(entry);
        self.set_visited(entry);
        let mut first = pool.pop().unwrap_or_default();
        first.clear();
        first.push(None);
        // `b_exceptstack` of each block, by block.
        let mut stacks = std::mem::take(&mut self.scratch.except_stacks);
        stacks.clear();
        stacks.resize_with(self.blocks.len(), || None);
        stacks[entry as usize] = Some(first);
        let mut result = Ok(());
        while let Some(b) = todo.pop() {
            // The block's instructions are walked out of the arena (the targets the
            // walk updates are other fields, of any block); the fall-through test
            // reads the last opcode, which the walk never turns into a jump or exit.
            let fallthrough = self.blocks[b].has_fallthrough();
            let mut slots = std::mem::take(&mut self.blocks[b].slots);
            let n = self.blocks[b].len();
            let mut except_stack = stacks[b as usize].take();
            let r = self.label_block_exceptions(
                &mut slots[..n],
                fallthrough,
                &mut except_stack,
                &mut stacks,
                &mut todo,
                &mut pool,
            );
            self.blocks[b].slots = slots;
            if let Err(e) = r {
                result = Err(e);
                break;
            }
            let next = self.blocks[b].next;
            if let Some(n) = next
                && fallthrough
                && self.visit_first(n)
            {
                stacks[n as usize] = except_stack;
                todo.push(n);
            } else if let Some(s) = except_stack {
                pool.push(s);
            }
        }
        self.put_work(todo);
        pool.extend(stacks.drain(..).flatten());
        self.scratch.except_stacks = stacks;
        self.except_pool = pool;
        result
    }

    /// A copy of `stack` in a buffer from `pool`.
    fn pooled_copy(pool: &mut Vec<ExceptStack>, stack: &[Option<BlockId>]) -> ExceptStack {
        match pool.pop() {
            Some(mut s) => {
                s.clear();
                s.extend_from_slice(stack);
                s
            }
            None => stack.to_vec(),
        }
    }

    /// [`Cfg::label_exception_targets`] over one block's instructions.
    fn label_block_exceptions(
        &mut self,
        instrs: &mut [CfgInstr],
        fallthrough: bool,
        except_stack: &mut Option<ExceptStack>,
        stacks: &mut [Option<ExceptStack>],
        todo: &mut Vec<BlockId>,
        pool: &mut Vec<ExceptStack>,
    ) -> Result<(), FlowgraphError> {
        let mut handler = except_stack
            .as_ref()
            .and_then(|s| s.last().copied().flatten());
        let mut last_yield_except_depth: i32 = -1;
        for ins in instrs.iter_mut() {
            let stack = except_stack
                .as_mut()
                .ok_or(FlowgraphError::ExceptStackUnderflow)?;
            let opcode = ins.opcode;
            if is_block_push(opcode) {
                let target = ins.target.get().ok_or(FlowgraphError::JumpWithoutTarget)?;
                if self.visit_first(target) {
                    stacks[target as usize] = Some(Self::pooled_copy(pool, stack));
                    todo.push(target);
                }
                if matches!(opcode, Opcode::SETUP_WITH | Opcode::SETUP_CLEANUP) {
                    self.blocks[target].preserve_lasti = true;
                }
                stack.push(Some(target));
                handler = Some(target);
            } else if opcode == Opcode::POP_BLOCK {
                if stack.len() <= 1 {
                    return Err(FlowgraphError::ExceptStackUnderflow);
                }
                stack.pop();
                handler = stack.last().copied().flatten();
                ins.set_op0(Opcode::NOP);
            } else if has_jump(opcode) {
                ins.except = handler.into();
                let target = ins.target.get().ok_or(FlowgraphError::JumpWithoutTarget)?;
                if self.visit_first(target) {
                    stacks[target as usize] = if fallthrough {
                        Some(Self::pooled_copy(pool, stack))
                    } else {
                        except_stack.take()
                    };
                    todo.push(target);
                }
            } else if opcode == Opcode::YIELD_VALUE {
                ins.except = handler.into();
                last_yield_except_depth = stack.len() as i32 - 1;
            } else if opcode == Opcode::RESUME {
                ins.except = handler.into();
                if ins.oparg != RESUME_AT_FUNC_START {
                    if last_yield_except_depth == 1 {
                        ins.oparg |= RESUME_OPARG_DEPTH1_MASK;
                    }
                    last_yield_except_depth = -1;
                }
            } else {
                ins.except = handler.into();
            }
        }
        Ok(())
    }

    /// `calculate_stackdepth`: the largest stack depth along any path; sets every
    /// reachable block's `b_startdepth`.
    pub fn calculate_stackdepth(&mut self) -> Result<i32, FlowgraphError> {
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            self.blocks[b].startdepth = i32::MIN;
            cur = self.blocks[b].next;
        }
        let mut stack = self.take_work();
        let mut maxdepth = 0;
        let mut result = self.stackdepth_push(&mut stack, self.entry, 0);
        while result.is_ok()
            && let Some(b) = stack.pop()
        {
            let (slots, n) = self.take_slots(b);
            result = self.stackdepth_block(b, &slots[..n], &mut stack, &mut maxdepth);
            self.put_slots(b, slots);
        }
        self.put_work(stack);
        result.map(|()| maxdepth)
    }

    /// [`Cfg::calculate_stackdepth`] through block `b`, whose instructions are `instrs`
    /// (out of the arena).
    fn stackdepth_block(
        &mut self,
        b: BlockId,
        instrs: &[CfgInstr],
        stack: &mut Vec<BlockId>,
        maxdepth: &mut i32,
    ) -> Result<(), FlowgraphError> {
        let mut depth = self.blocks[b].startdepth;
        let mut next = self.blocks[b].next;
        for instr in instrs {
            let effect = stack_effect(instr.opcode, instr.oparg, false)?;
            let new_depth = depth + effect;
            if new_depth < 0 {
                return Err(FlowgraphError::StackUnderflow);
            }
            *maxdepth = (*maxdepth).max(depth);
            if has_target(instr.opcode) && instr.opcode != Opcode::END_ASYNC_FOR {
                let effect = stack_effect(instr.opcode, instr.oparg, true)?;
                let target_depth = depth + effect;
                *maxdepth = (*maxdepth).max(depth);
                let target = instr
                    .target
                    .get()
                    .ok_or(FlowgraphError::JumpWithoutTarget)?;
                self.stackdepth_push(stack, target, target_depth)?;
            }
            depth = new_depth;
            if is_exit_or_unconditional_jump(instr.opcode) {
                next = None;
                break;
            }
        }
        if let Some(n) = next {
            self.stackdepth_push(stack, n, depth)?;
        }
        Ok(())
    }

    fn stackdepth_push(
        &mut self,
        stack: &mut Vec<BlockId>,
        b: BlockId,
        depth: i32,
    ) -> Result<(), FlowgraphError> {
        let block = &mut self.blocks[b];
        if !(block.startdepth < 0 || block.startdepth == depth) {
            return Err(FlowgraphError::InconsistentStackDepth);
        }
        if block.startdepth < depth && block.startdepth < 100 {
            block.startdepth = depth;
            stack.push(b);
        }
        Ok(())
    }

    /// `normalize_jumps`: a `NOT_TAKEN` after every forward conditional jump; a
    /// backward one is inverted to jump over a new `NOT_TAKEN; JUMP` block.
    pub fn normalize_jumps(&mut self) {
        self.reset_visited();
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            self.set_visited(b);
            self.normalize_jumps_in_block(b);
            cur = self.blocks[b].next;
        }
    }

    fn normalize_jumps_in_block(&mut self, b: BlockId) {
        let Some(last) = self.blocks[b].last().copied() else {
            return;
        };
        if !is_conditional_jump(last.opcode) {
            return;
        }
        let Some(target) = last.target.get() else {
            return;
        };
        let is_forward = !self.visited(target);
        if is_forward {
            self.blocks[b].addop(Opcode::NOT_TAKEN, 0, last.loc);
            return;
        }
        let reversed = match last.opcode {
            Opcode::POP_JUMP_IF_NOT_NONE => Opcode::POP_JUMP_IF_NONE,
            Opcode::POP_JUMP_IF_NONE => Opcode::POP_JUMP_IF_NOT_NONE,
            Opcode::POP_JUMP_IF_FALSE => Opcode::POP_JUMP_IF_TRUE,
            _ => Opcode::POP_JUMP_IF_FALSE,
        };
        let backwards_jump = self.new_block();
        self.blocks[backwards_jump].addop(Opcode::NOT_TAKEN, 0, last.loc);
        self.add_jump(backwards_jump, Opcode::JUMP, target, last.loc);
        self.blocks[backwards_jump].startdepth = self.blocks[target].startdepth;
        let next = self.blocks[b].next;
        if let Some(l) = self.blocks[b].last_mut() {
            l.opcode = reversed;
            l.target = next.into();
        }
        self.blocks[backwards_jump].cold = self.blocks[b].cold;
        self.blocks[backwards_jump].next = next;
        self.blocks[b].next = Some(backwards_jump);
    }

    /// `convert_pseudo_conditional_jumps`: `JUMP_IF_FALSE/TRUE` become
    /// `COPY 1; TO_BOOL; POP_JUMP_IF_FALSE/TRUE`.
    pub fn convert_pseudo_conditional_jumps(&mut self) {
        if self.pseudo_present & pseudo::JUMP_IF == 0 {
            return;
        }
        let mut cur = Some(self.entry);
        while let Some(b) = cur {
            cur = self.blocks[b].next;
            let mut i = 0;
            while i < self.blocks[b].len() {
                let instr = self.blocks[b].instrs()[i];
                if matches!(instr.opcode, Opcode::JUMP_IF_FALSE | Opcode::JUMP_IF_TRUE) {
                    self.blocks[b].instrs_mut()[i].opcode = if instr.opcode == Opcode::JUMP_IF_FALSE
                    {
                        Opcode::POP_JUMP_IF_FALSE
                    } else {
                        Opcode::POP_JUMP_IF_TRUE
                    };
                    // The new instructions share the jump's location and handler.
                    let loc = instr.loc;
                    let mut copy = CfgInstr::new(Opcode::COPY, 1, loc);
                    copy.except = instr.except;
                    self.blocks[b].insert(i, copy);
                    i += 1;
                    let mut to_bool = CfgInstr::new(Opcode::TO_BOOL, 0, loc);
                    to_bool.except = instr.except;
                    self.blocks[b].insert(i, to_bool);
                    i += 1;
                }
                i += 1;
            }
        }
    }

    /// `convert_pseudo_ops`: `SETUP_*` become `NOP`, `LOAD_CLOSURE` becomes
    /// `LOAD_FAST`, `STORE_FAST_MAYBE_NULL` becomes `STORE_FAST`; then redundant NOPs
    /// and jumps go.
    pub fn convert_pseudo_ops(&mut self) -> Result<(), FlowgraphError> {
        let mut cur = Some(self.entry);
        if self.pseudo_present & (pseudo::BLOCKS | pseudo::LOCALS) == 0 {
            cur = None;
        }
        while let Some(b) = cur {
            cur = self.blocks[b].next;
            for instr in self.blocks[b].instrs_mut() {
                if instr.is_block_push() {
                    instr.set_op0(Opcode::NOP);
                } else if instr.opcode == Opcode::LOAD_CLOSURE {
                    instr.opcode = Opcode::LOAD_FAST;
                } else if instr.opcode == Opcode::STORE_FAST_MAYBE_NULL {
                    instr.opcode = Opcode::STORE_FAST;
                }
            }
        }
        super::optimize::remove_redundant_nops_and_jumps(self)
    }
}

/// `has_arg` of an opcode (re-exported for the passes).
pub fn op_has_arg(op: Opcode) -> bool {
    has_arg(op)
}
