//! Port of Python/assemble.c: the optimized instruction sequence of one code unit
//! becomes its code object — jump offsets (with `EXTENDED_ARG` sizes iterated to a
//! fixed point), bytecode with zeroed inline caches, the location table
//! ([`linetable`]), the exception table ([`exceptiontable`]) and the localsplus
//! names and kinds.

pub mod exceptiontable;
pub mod linetable;

use oxpy_objects::code::{CodeObject, co_flags, fast_kind};
use oxpy_objects::constant::ConstValue;

use crate::flowgraph::Cfg;
use crate::generated::metadata::OpcodeFlags;
use crate::generated::opcode::Opcode;
use crate::instr_sequence::{ExceptHandlerInfo, InstrSequence, SourceLocation};
use crate::opcode_utils::flags_and_caches;
use crate::opcode_utils::{has_target, instr_size, is_backwards_jump, is_terminator};
use crate::unit::{CodeUnitMetadata, ConstCache};

use exceptiontable::ExceptionEntry;

/// `NEXT_LOCATION`: an instruction that takes the location of the one after it
/// (resolved by the assembler; a terminator gets no location).
pub const NEXT_LOCATION: SourceLocation = SourceLocation::new(-2, -2, -2, -2);

/// `END_SEND_OFFSET`: code units from the `SEND` an `END_ASYNC_FOR` names to the
/// `END_SEND` it really refers to.
const END_SEND_OFFSET: i32 = 5;

/// A jump's oparg (`resolve_jump_offsets`): the distance in code units from the end of
/// the jump at `offset` to `target_offset`, which must lie in the jump's direction.
fn jump_oparg(op: Opcode, offset: i32, target_offset: i32) -> Result<i32, AssembleError> {
    if op == Opcode::END_ASYNC_FOR {
        return Ok(offset - target_offset - END_SEND_OFFSET);
    }
    let backwards = target_offset < offset;
    if backwards != is_backwards_jump(op) {
        return Err(AssembleError::BadJumpDirection);
    }
    Ok(if backwards {
        offset - target_offset
    } else {
        target_offset - offset
    })
}

/// What the assembler rejects (CPython: `SystemError` / assertion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssembleError {
    /// An opcode number that is no opcode.
    UnknownOpcode(u16),
    /// A pseudo-instruction left in the final sequence.
    PseudoInstruction(u16),
    /// A jump or handler label that names no instruction.
    BadTarget(i32),
    /// A jump whose direction does not match its opcode.
    BadJumpDirection,
    /// A negative or out-of-range argument.
    BadOparg(i32),
    /// An exception handler with an impossible stack depth.
    BadHandlerDepth,
}

fn opcode_of(n: u16) -> Result<Opcode, AssembleError> {
    crate::opcode_utils::opcode_from_number(n).ok_or(AssembleError::UnknownOpcode(n))
}

/// One instruction as the assembler's passes see it: the opcode decoded, jump
/// targets as instruction indices, the handler's label an instruction index.
#[derive(Clone, Copy, Debug)]
struct AsmInstr {
    op: Opcode,
    /// `_PyCompile_InstrSize` of the instruction as it stands.
    size: u8,
    /// `HAS_JUMP`
    jump: bool,
    /// Inline cache entries after the instruction.
    caches: u8,
    oparg: i32,
    /// `i_target`: the index of a jump's target instruction.
    target: u32,
    /// `i_offset`, in code units.
    offset: i32,
    loc: SourceLocation,
    handler: ExceptHandlerInfo,
}

/// The instructions being assembled, with what the later passes ask of them all.
struct AsmInstrs {
    instrs: Vec<AsmInstr>,
    /// The number of instructions there will be (jump targets are checked against it).
    len: usize,
    /// Whether an instruction jumps (else there are no offsets to resolve).
    any_jump: bool,
    /// Whether an instruction has `NEXT_LOCATION` (else there is nothing to resolve).
    any_next_location: bool,
}

impl AsmInstrs {
    fn with_len(len: usize) -> Self {
        AsmInstrs {
            instrs: Vec::with_capacity(len),
            len,
            any_jump: false,
            any_next_location: false,
        }
    }

    /// Appends an instruction whose jump oparg is its target's index: the part of
    /// `resolve_unconditional_jumps` for one instruction (`JUMP`/`JUMP_NO_INTERRUPT`
    /// made forward or backward by comparing the target index with the jump's), the
    /// target checked and kept, and the instruction's first size.
    #[inline]
    fn push(
        &mut self,
        mut op: Opcode,
        oparg: i32,
        loc: SourceLocation,
        handler: ExceptHandlerInfo,
    ) -> Result<(), AssembleError> {
        if matches!(op, Opcode::JUMP | Opcode::JUMP_NO_INTERRUPT) {
            let is_forward = oparg > self.instrs.len() as i32;
            op = match op {
                Opcode::JUMP if !is_forward => Opcode::JUMP_BACKWARD,
                Opcode::JUMP_NO_INTERRUPT if !is_forward => Opcode::JUMP_BACKWARD_NO_INTERRUPT,
                _ => Opcode::JUMP_FORWARD,
            };
        }
        let (f, caches) = flags_and_caches(op);
        let jump = f.contains(OpcodeFlags::HAS_JUMP);
        if f.contains(OpcodeFlags::IS_PSEUDO) {
            return Err(AssembleError::PseudoInstruction(op.number()));
        }
        // A jump's oparg is checked once it is an offset (`write_instr`).
        if !jump && (oparg < 0 || (!f.contains(OpcodeFlags::HAS_ARG) && oparg != 0)) {
            return Err(AssembleError::BadOparg(oparg));
        }
        let mut target = 0;
        if jump {
            if oparg < 0 || oparg as usize >= self.len {
                return Err(AssembleError::BadTarget(oparg));
            }
            target = oparg as u32;
            self.any_jump = true;
        }
        if loc == NEXT_LOCATION {
            self.any_next_location = true;
        }
        let extended =
            u8::from(oparg > 0xFF_FFFF) + u8::from(oparg > 0xFFFF) + u8::from(oparg > 0xFF);
        self.instrs.push(AsmInstr {
            op,
            size: extended + 1 + caches,
            jump,
            caches,
            oparg,
            target,
            offset: 0,
            loc,
            handler,
        });
        Ok(())
    }

    /// `resolve_jump_offsets`: replaces target indices by relative offsets in code
    /// units, recomputing instruction sizes until no `EXTENDED_ARG` appears or
    /// disappears. Returns the code size in code units.
    fn resolve_jump_offsets(&mut self) -> Result<usize, AssembleError> {
        let instrs = &mut self.instrs;
        loop {
            let mut totsize = 0i32;
            for instr in instrs.iter_mut() {
                instr.offset = totsize;
                totsize += i32::from(instr.size);
            }
            if !self.any_jump {
                return Ok(totsize as usize);
            }
            let mut recompile = false;
            for i in 0..instrs.len() {
                let instr = instrs[i];
                if !instr.jump {
                    continue;
                }
                // The offset just after the instruction, at its size as it was.
                let offset = instr.offset + i32::from(instr.size);
                let target_offset = instrs[instr.target as usize].offset;
                let op = instr.op;
                let oparg = jump_oparg(op, offset, target_offset)?;
                instrs[i].oparg = oparg;
                let new_size = instr_size(op, oparg) as u8;
                if new_size != instr.size {
                    instrs[i].size = new_size;
                    recompile = true;
                }
            }
            if !recompile {
                return Ok(totsize as usize);
            }
        }
    }

    /// `assemble_location_info`'s first half: `NEXT_LOCATION` takes the next
    /// instruction's location (a terminator's, or the last instruction's, none).
    fn resolve_next_locations(&mut self) {
        if !self.any_next_location {
            return;
        }
        let instrs = &mut self.instrs;
        for i in (0..instrs.len()).rev() {
            if instrs[i].loc == NEXT_LOCATION {
                instrs[i].loc = if is_terminator(instrs[i].op) {
                    SourceLocation::NONE
                } else {
                    instrs
                        .get(i + 1)
                        .map_or(SourceLocation::NONE, |next| next.loc)
                };
            }
        }
    }

    /// `assemble_emit`: the bytecode (`write_instr`: `EXTENDED_ARG` prefixes, the
    /// instruction, zeroed caches), the location table (runs of equal locations) and
    /// the exception table (runs of instructions with the same handler), in one walk.
    fn emit(mut self, firstlineno: i32) -> Result<Assembled, AssembleError> {
        let total = self.resolve_jump_offsets()?;
        self.resolve_next_locations();
        let instrs = &self.instrs;
        // Zeroed: `CACHE` is opcode 0, so the caches need no writing.
        let mut code: Vec<u8> = vec![Opcode::CACHE.number() as u8; 2 * total];
        let mut lines = linetable::LineTableWriter::new(firstlineno);
        // Entries are mostly two or three bytes, at most one per instruction.
        lines.table.reserve(3 * instrs.len() + 8);
        let mut run_loc = SourceLocation::NONE;
        let mut run_size = 0usize;
        let mut exceptions = Vec::new();
        let mut handler = ExceptHandlerInfo::default();
        let mut start = 0u32;
        let mut ioffset = 0u32;
        let ext = Opcode::EXTENDED_ARG.number() as u8;
        let mut at = 0usize;
        for instr in instrs {
            let (op, oparg, size) = (instr.op, instr.oparg, instr.size);
            if oparg < 0 {
                return Err(AssembleError::BadOparg(oparg));
            }
            let ilen = usize::from(size - instr.caches);
            at = write_units(&mut code, at, ext, op.number() as u8, oparg, ilen);
            at += 2 * usize::from(instr.caches);

            if instr.loc != run_loc {
                lines.emit(run_loc, run_size);
                run_loc = instr.loc;
                run_size = 0;
            }
            run_size += usize::from(size);

            if instr.handler.label != handler.label {
                if handler.label >= 0 {
                    emit_exception_entry(&mut exceptions, instrs, start, ioffset, &handler)?;
                }
                start = ioffset;
                handler = instr.handler;
            }
            ioffset += u32::from(size);
        }
        lines.emit(run_loc, run_size);
        if handler.label >= 0 {
            emit_exception_entry(&mut exceptions, instrs, start, ioffset, &handler)?;
        }
        Ok(Assembled {
            code,
            linetable: lines.table,
            exceptiontable: exceptions,
        })
    }
}

/// `assemble_emit_exception_table_entry` for the instructions `start..end` (code
/// units) covered by `h`.
fn emit_exception_entry(
    out: &mut Vec<u8>,
    instrs: &[AsmInstr],
    start: u32,
    end: u32,
    h: &ExceptHandlerInfo,
) -> Result<(), AssembleError> {
    let target = instrs
        .get(h.label as usize)
        .ok_or(AssembleError::BadTarget(h.label))?
        .offset;
    push_exception_entry(out, start, end, target, h)
}

/// The entry itself, once the handler's `target` offset is known.
fn push_exception_entry(
    out: &mut Vec<u8>,
    start: u32,
    end: u32,
    target: i32,
    h: &ExceptHandlerInfo,
) -> Result<(), AssembleError> {
    let mut depth = h.startdepth - 1;
    if h.preserve_lasti {
        depth -= 1;
    }
    if depth < 0 || target < 0 || end <= start {
        return Err(AssembleError::BadHandlerDepth);
    }
    exceptiontable::emit_entry(
        out,
        &ExceptionEntry {
            start,
            end,
            target: target as u32,
            depth: depth as u32,
            lasti: h.preserve_lasti,
        },
    );
    Ok(())
}

/// The three tables `assemble_emit` produces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assembled {
    /// `co_code`
    pub code: Vec<u8>,
    /// `co_linetable`
    pub linetable: Vec<u8>,
    /// `co_exceptiontable`
    pub exceptiontable: Vec<u8>,
}

/// `_PyInstructionSequence_ApplyLabelMap`, `resolve_unconditional_jumps`,
/// `resolve_jump_offsets` and `assemble_emit`: the bytes of a code object from its
/// final instruction sequence (labels applied or not).
pub fn assemble(instrs: &mut InstrSequence, firstlineno: i32) -> Result<Assembled, AssembleError> {
    instrs
        .apply_label_map(|op| crate::opcode_utils::opcode_from_number(op).is_some_and(has_target));
    let mut asm = AsmInstrs::with_len(instrs.instrs.len());
    for instr in &instrs.instrs {
        asm.push(
            opcode_of(instr.opcode)?,
            instr.oparg,
            instr.loc,
            instr.except_handler,
        )?;
    }
    asm.emit(firstlineno)
}

/// `_PyCfg_ToInstructionSequence` and [`assemble`] in one: the bytes of a code object
/// straight from its optimized graph (blocks in `b_next` order, a jump's target and a
/// handler the index of their block's first instruction), without the sequence in
/// between.
pub fn assemble_cfg(g: &Cfg, firstlineno: i32) -> Result<Assembled, AssembleError> {
    assemble_cfg_with(g, firstlineno, &mut AsmScratch::default())
}

/// Buffers [`assemble_cfg_with`] works in, handed from one code unit to the next.
#[derive(Debug, Default)]
pub struct AsmScratch {
    starts: Vec<i32>,
    sizes: Vec<u8>,
    offsets: Vec<i32>,
    jumps: Vec<AsmJump>,
}

/// [`assemble_cfg`] in the buffers of `scratch`.
pub fn assemble_cfg_with(
    g: &Cfg,
    firstlineno: i32,
    scratch: &mut AsmScratch,
) -> Result<Assembled, AssembleError> {
    // Where each block starts (an empty block: where the next one does); a block
    // off the chain is no target.
    let mut starts = std::mem::take(&mut scratch.starts);
    starts.clear();
    starts.resize(g.blocks.len(), -111);
    let mut total = 0usize;
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        let block = &g.blocks[b];
        starts[b as usize] = total as i32;
        total += block.len();
        cur = block.next;
    }
    let result = match CfgAssembler::new(g, &starts, total, scratch) {
        Ok(Some(mut asm)) => {
            let r = asm.emit(g, &starts, firstlineno);
            asm.give_back(scratch);
            r
        }
        Ok(None) => assemble_cfg_with_next_locations(g, &starts, total, firstlineno),
        Err(e) => Err(e),
    };
    scratch.starts = starts;
    result
}

/// [`assemble_cfg`] through [`AsmInstrs`], for a graph where an instruction takes
/// the next one's location (`NEXT_LOCATION`, rare), which wants the instructions
/// in one list.
fn assemble_cfg_with_next_locations(
    g: &Cfg,
    starts: &[i32],
    total: usize,
    firstlineno: i32,
) -> Result<Assembled, AssembleError> {
    let mut asm = AsmInstrs::with_len(total);
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        let block = &g.blocks[b];
        for instr in block.instrs() {
            let mut oparg = instr.oparg;
            if has_target(instr.opcode) {
                oparg = match instr.target.get() {
                    Some(t) => starts[t as usize],
                    None => return Err(AssembleError::BadTarget(oparg)),
                };
            }
            asm.push(
                instr.opcode,
                oparg,
                instr.loc,
                handler_info(g, starts, instr.except.get()),
            )?;
        }
        cur = block.next;
    }
    asm.emit(firstlineno)
}

/// The `i_except_handler_info` of an instruction whose handler is block `h`.
#[inline]
fn handler_info(
    g: &Cfg,
    starts: &[i32],
    h: Option<crate::flowgraph::BlockId>,
) -> ExceptHandlerInfo {
    match h {
        Some(h) => {
            let hb = &g.blocks[h];
            ExceptHandlerInfo {
                label: starts[h as usize],
                startdepth: hb.startdepth,
                preserve_lasti: hb.preserve_lasti,
            }
        }
        None => ExceptHandlerInfo::default(),
    }
}

/// A jump of [`CfgAssembler`]: where it is, its (resolved) opcode, its target's
/// instruction index, and its oparg (the target index, then a relative offset).
#[derive(Clone, Copy, Debug)]
struct AsmJump {
    index: u32,
    op: Opcode,
    target: u32,
    oparg: i32,
}

/// The assembler's state for a graph read in place: the instructions stay in their
/// blocks; only their sizes and offsets, and the jumps, are kept aside.
struct CfgAssembler {
    /// Each instruction's size in code units, in code order.
    sizes: Vec<u8>,
    /// Each instruction's offset in code units.
    offsets: Vec<i32>,
    jumps: Vec<AsmJump>,
}

impl CfgAssembler {
    /// `resolve_unconditional_jumps` and the first sizes, with the checks of
    /// `write_instr` on the instructions whose oparg stays as it is. `None` when an
    /// instruction has `NEXT_LOCATION`.
    fn new(
        g: &Cfg,
        starts: &[i32],
        total: usize,
        scratch: &mut AsmScratch,
    ) -> Result<Option<Self>, AssembleError> {
        let mut sizes = std::mem::take(&mut scratch.sizes);
        sizes.clear();
        sizes.reserve(total);
        let mut jumps = std::mem::take(&mut scratch.jumps);
        jumps.clear();
        let mut cur = Some(g.entry);
        while let Some(b) = cur {
            let block = &g.blocks[b];
            for instr in block.instrs() {
                if instr.loc.lineno == NEXT_LOCATION.lineno && instr.loc == NEXT_LOCATION {
                    scratch.sizes = sizes;
                    scratch.jumps = jumps;
                    return Ok(None);
                }
                let mut op = instr.opcode;
                let mut oparg = instr.oparg;
                let (f, caches) = flags_and_caches(op);
                // Neither a jump nor a pseudo-instruction (which every instruction
                // with a target is): the oparg stays, only checked.
                if f.0 & (OpcodeFlags::HAS_JUMP | OpcodeFlags::IS_PSEUDO) == 0 {
                    if oparg < 0 || (!f.contains(OpcodeFlags::HAS_ARG) && oparg != 0) {
                        return Err(AssembleError::BadOparg(oparg));
                    }
                    sizes.push(extended_args(oparg) + 1 + caches);
                    continue;
                }
                let i = sizes.len() as i32;
                if has_target(op) {
                    oparg = match instr.target.get() {
                        Some(t) => starts[t as usize],
                        None => return Err(AssembleError::BadTarget(oparg)),
                    };
                    if matches!(op, Opcode::JUMP | Opcode::JUMP_NO_INTERRUPT) {
                        let is_forward = oparg > i;
                        op = match op {
                            Opcode::JUMP if !is_forward => Opcode::JUMP_BACKWARD,
                            Opcode::JUMP_NO_INTERRUPT if !is_forward => {
                                Opcode::JUMP_BACKWARD_NO_INTERRUPT
                            }
                            _ => Opcode::JUMP_FORWARD,
                        };
                    }
                }
                let (f, caches) = flags_and_caches(op);
                if f.contains(OpcodeFlags::IS_PSEUDO) {
                    return Err(AssembleError::PseudoInstruction(op.number()));
                }
                if f.contains(OpcodeFlags::HAS_JUMP) {
                    if oparg < 0 || oparg as usize >= total {
                        return Err(AssembleError::BadTarget(oparg));
                    }
                    jumps.push(AsmJump {
                        index: i as u32,
                        op,
                        target: oparg as u32,
                        oparg,
                    });
                } else if oparg < 0 || (!f.contains(OpcodeFlags::HAS_ARG) && oparg != 0) {
                    return Err(AssembleError::BadOparg(oparg));
                }
                sizes.push(extended_args(oparg) + 1 + caches);
            }
            cur = block.next;
        }
        let mut offsets = std::mem::take(&mut scratch.offsets);
        offsets.clear();
        offsets.reserve(total);
        Ok(Some(CfgAssembler {
            sizes,
            offsets,
            jumps,
        }))
    }

    /// Gives the buffers back to `scratch`.
    fn give_back(self, scratch: &mut AsmScratch) {
        scratch.sizes = self.sizes;
        scratch.offsets = self.offsets;
        scratch.jumps = self.jumps;
    }

    /// `resolve_jump_offsets` (see [`AsmInstrs::resolve_jump_offsets`]), over the
    /// jumps only. Returns the code size in code units.
    fn resolve_jump_offsets(&mut self) -> Result<usize, AssembleError> {
        loop {
            self.offsets.clear();
            let mut totsize = 0i32;
            for &size in &self.sizes {
                self.offsets.push(totsize);
                totsize += i32::from(size);
            }
            let mut recompile = false;
            for jump in &mut self.jumps {
                let i = jump.index as usize;
                let size = self.sizes[i];
                let offset = self.offsets[i] + i32::from(size);
                let target_offset = self.offsets[jump.target as usize];
                let op = jump.op;
                let oparg = jump_oparg(op, offset, target_offset)?;
                jump.oparg = oparg;
                let new_size = instr_size(op, oparg) as u8;
                if new_size != size {
                    self.sizes[i] = new_size;
                    recompile = true;
                }
            }
            if !recompile {
                return Ok(totsize as usize);
            }
        }
    }

    /// [`AsmInstrs::emit`] reading the graph's blocks in code order.
    fn emit(
        &mut self,
        g: &Cfg,
        starts: &[i32],
        firstlineno: i32,
    ) -> Result<Assembled, AssembleError> {
        let total = self.resolve_jump_offsets()?;
        let mut code: Vec<u8> = vec![Opcode::CACHE.number() as u8; 2 * total];
        let mut lines = linetable::LineTableWriter::new(firstlineno);
        lines.table.reserve(3 * self.sizes.len() + 8);
        let mut run_loc = SourceLocation::NONE;
        let mut run_size = 0usize;
        let mut exceptions = Vec::new();
        let mut handler = ExceptHandlerInfo::default();
        let mut except = crate::flowgraph::BlockRef::NONE;
        let mut start = 0u32;
        // The next jump's place in `self.jumps`, and its instruction index (`u32::MAX`
        // once there is none).
        let mut next_jump = 0usize;
        let mut next_jump_at = self.jumps.first().map_or(u32::MAX, |j| j.index);
        let ext = Opcode::EXTENDED_ARG.number() as u8;
        let mut i = 0usize;
        let mut at = 0usize;
        let mut cur = Some(g.entry);
        while let Some(b) = cur {
            let block = &g.blocks[b];
            for instr in block.instrs() {
                let size = usize::from(self.sizes.get(i).copied().unwrap_or(0));
                let (op, oparg) = if i as u32 == next_jump_at {
                    let j = self.jumps[next_jump];
                    next_jump += 1;
                    next_jump_at = self.jumps.get(next_jump).map_or(u32::MAX, |j| j.index);
                    if j.oparg < 0 {
                        return Err(AssembleError::BadOparg(j.oparg));
                    }
                    (j.op, j.oparg)
                } else {
                    (instr.opcode, instr.oparg)
                };
                if oparg <= 0xFF {
                    if let Some(unit) = code.get_mut(at..at + 2) {
                        unit[0] = op.number() as u8;
                        unit[1] = oparg as u8;
                    }
                    // The caches stay zero (`CACHE`).
                    at += 2 * size;
                } else {
                    let ilen = 1 + usize::from(extended_args(oparg));
                    write_units(&mut code, at, ext, op.number() as u8, oparg, ilen);
                    at += 2 * size;
                }

                if instr.loc != run_loc {
                    lines.emit(run_loc, run_size);
                    run_loc = instr.loc;
                    run_size = 0;
                }
                run_size += size;

                // `handler` is the handler of block `except` (`handler.label` its
                // start): only another block may start elsewhere.
                if instr.except != except {
                    except = instr.except;
                    let label = match except.get() {
                        Some(h) => starts[h as usize],
                        None => -1,
                    };
                    if label != handler.label {
                        let ioffset = self.offsets.get(i).map_or(0, |&o| o as u32);
                        if handler.label >= 0 {
                            emit_exception_entry_at(
                                &mut exceptions,
                                &self.offsets,
                                start,
                                ioffset,
                                &handler,
                            )?;
                        }
                        start = ioffset;
                        handler = handler_info(g, starts, except.get());
                    }
                }
                i += 1;
            }
            cur = block.next;
        }
        lines.emit(run_loc, run_size);
        if handler.label >= 0 {
            emit_exception_entry_at(
                &mut exceptions,
                &self.offsets,
                start,
                total as u32,
                &handler,
            )?;
        }
        Ok(Assembled {
            code,
            linetable: lines.table,
            exceptiontable: exceptions,
        })
    }
}

/// The `EXTENDED_ARG` prefixes an oparg needs.
#[inline]
fn extended_args(oparg: i32) -> u8 {
    if oparg <= 0xFF {
        return 0;
    }
    u8::from(oparg > 0xFF_FFFF) + u8::from(oparg > 0xFFFF) + 1
}

/// [`emit_exception_entry`] with the instruction offsets given apart.
fn emit_exception_entry_at(
    out: &mut Vec<u8>,
    offsets: &[i32],
    start: u32,
    end: u32,
    h: &ExceptHandlerInfo,
) -> Result<(), AssembleError> {
    let target = *offsets
        .get(h.label as usize)
        .ok_or(AssembleError::BadTarget(h.label))?;
    push_exception_entry(out, start, end, target, h)
}

/// `compute_localsplus_info`: names and kinds of locals, cells and frees.
pub fn compute_localsplus_info(
    umd: &CodeUnitMetadata,
    nlocalsplus: usize,
    flags: u32,
) -> (Vec<String>, Vec<u8>) {
    let (slots, kinds) = localsplus_slots(umd, nlocalsplus, flags, true);
    let names = slots
        .into_iter()
        .map(|s| match s {
            Slot::Var(i) => umd.varnames.get_index(i).cloned().unwrap_or_default(),
            Slot::Cell(i) => umd.cellvars.get_index(i).cloned().unwrap_or_default(),
            Slot::Free(i) => umd.freevars.get_index(i).cloned().unwrap_or_default(),
            Slot::Empty => String::new(),
        })
        .collect();
    (names, kinds)
}

/// Where the name of a localsplus slot comes from.
#[derive(Clone, Copy)]
enum Slot {
    Empty,
    /// `u_varnames[i]`
    Var(usize),
    /// `u_cellvars[i]`
    Cell(usize),
    /// `u_freevars[i]`
    Free(usize),
}

/// [`compute_localsplus_info`] giving each slot's source instead of a copy of its name.
/// Without `with_names` only the kinds (the names list comes back empty).
fn localsplus_slots(
    umd: &CodeUnitMetadata,
    nlocalsplus: usize,
    flags: u32,
    with_names: bool,
) -> (Vec<Slot>, Vec<u8>) {
    let mut names = if with_names {
        vec![Slot::Empty; nlocalsplus]
    } else {
        Vec::new()
    };
    let mut kinds = vec![0u8; nlocalsplus];
    let mut set = |offset: usize, name: Slot, kind: u8| {
        if let Some(k) = kinds.get_mut(offset) {
            *k = kind;
            if let Some(slot) = names.get_mut(offset) {
                *slot = name;
            }
        }
    };
    let groups: [(Option<u32>, u8); 6] = [
        (Some(umd.posonlyargcount), fast_kind::ARG_POS),
        (Some(umd.argcount), fast_kind::ARG_POS | fast_kind::ARG_KW),
        (Some(umd.kwonlyargcount), fast_kind::ARG_KW),
        (
            Some(u32::from(flags & co_flags::VARARGS != 0)),
            fast_kind::ARG_VAR | fast_kind::ARG_POS,
        ),
        (
            Some(u32::from(flags & co_flags::VARKEYWORDS != 0)),
            fast_kind::ARG_VAR | fast_kind::ARG_KW,
        ),
        (None, 0),
    ];
    let mut pos = 0usize;
    let mut max = 0usize;
    let nvarnames = umd.varnames.len();
    for (count, argkind) in groups {
        max = match count {
            Some(c) => max + c as usize,
            None => usize::MAX,
        };
        while pos < max && pos < nvarnames {
            let Some(k) = umd.varnames.get_index(pos) else {
                break;
            };
            let offset = pos;
            pos += 1;
            let mut kind = fast_kind::LOCAL | argkind;
            if !umd.fasthidden.is_empty() && umd.fasthidden.contains_key(k.as_str()) {
                kind |= fast_kind::HIDDEN;
            }
            if !umd.cellvars.is_empty() && umd.cellvars.contains(k.as_str()) {
                kind |= fast_kind::CELL;
            }
            set(offset, Slot::Var(offset), kind);
        }
    }
    let nlocals = umd.varnames.len();
    let mut numdropped = 0;
    for (i, k) in umd.cellvars.iter().enumerate() {
        if umd.varnames.contains(k.as_str()) {
            numdropped += 1;
            continue;
        }
        set(i + nlocals - numdropped, Slot::Cell(i), fast_kind::CELL);
    }
    // A free variable's index in the unit continues after the cells (its
    // `u_freevars` value is `ncells + i`).
    let ncells = umd.cellvars.len();
    for i in 0..umd.freevars.len() {
        set(
            ncells + i + nlocals - numdropped,
            Slot::Free(i),
            fast_kind::FREE,
        );
    }
    (names, kinds)
}

/// [`compute_localsplus_info`] on metadata it may consume: the names move (the
/// variables in order, then the cells that are no argument, then the frees).
fn take_localsplus_info(
    umd: &mut CodeUnitMetadata,
    nlocalsplus: usize,
    flags: u32,
) -> (Vec<String>, Vec<u8>) {
    let (_, kinds) = localsplus_slots(umd, nlocalsplus, flags, false);
    let varnames = std::mem::take(&mut umd.varnames);
    let cellvars = std::mem::take(&mut umd.cellvars);
    let freevars = std::mem::take(&mut umd.freevars);
    // A cell that is also a variable shares the variable's slot.
    let own_cells: Vec<String> = if cellvars.is_empty() {
        Vec::new()
    } else {
        cellvars
            .into_iter()
            .filter(|c| !varnames.contains(c.as_str()))
            .collect()
    };
    let mut names: Vec<String> = varnames.into_iter().collect();
    names.reserve(own_cells.len() + freevars.len());
    names.extend(own_cells);
    names.extend(freevars);
    names.resize(nlocalsplus, String::new());
    (names, kinds)
}

/// `_PyAssemble_MakeCodeObject`: assembles the sequence and builds the code object
/// (`makecode`). `code_flags` come from the caller (compile.c's
/// `compute_code_flags`).
#[allow(clippy::too_many_arguments)]
pub fn make_code_object(
    umd: CodeUnitMetadata,
    const_cache: &mut ConstCache,
    consts: Vec<ConstValue>,
    maxdepth: i32,
    instrs: &mut InstrSequence,
    nlocalsplus: usize,
    code_flags: u32,
    filename: &str,
) -> Result<CodeObject, AssembleError> {
    let assembled = assemble(instrs, umd.firstlineno)?;
    Ok(code_object_from(
        umd,
        const_cache,
        consts,
        maxdepth,
        assembled,
        nlocalsplus,
        code_flags,
        filename,
    ))
}

/// `makecode`: the code object of an assembled code unit.
#[allow(clippy::too_many_arguments)]
pub fn code_object_from(
    mut umd: CodeUnitMetadata,
    const_cache: &mut ConstCache,
    consts: Vec<ConstValue>,
    maxdepth: i32,
    assembled: Assembled,
    nlocalsplus: usize,
    code_flags: u32,
    filename: &str,
) -> CodeObject {
    // `makecode` merges co_code, the tables, co_names, co_consts and the localsplus
    // names into the constant cache. Here the cache holds copies, so a merge is only
    // observable where equal keys can hold different values: a frozenset's iteration
    // order. Bytes and tuples of strs never differ from what an equal key finds, so
    // only a co_consts tuple holding a frozenset is merged (the same cache contents
    // as far as any later lookup can tell).
    if consts.iter().any(|c| const_cache.tracks(c)) {
        const_cache.merge_one(&ConstValue::Tuple(consts.clone()));
    }
    let names: Vec<String> = std::mem::take(&mut umd.names).into_iter().collect();
    let (localsplusnames, localspluskinds) =
        take_localsplus_info(&mut umd, nlocalsplus, code_flags);
    let qualname = if umd.qualname.is_empty() {
        umd.name.clone()
    } else {
        std::mem::take(&mut umd.qualname)
    };
    CodeObject {
        argcount: umd.posonlyargcount + umd.argcount,
        posonlyargcount: umd.posonlyargcount,
        kwonlyargcount: umd.kwonlyargcount,
        // CPython's code constructor gives every code object room for at least one
        // stack item (`raise` or `while True: pass` alone still get 1).
        stacksize: maxdepth.max(1) as u32,
        flags: code_flags,
        code: assembled.code,
        consts,
        names,
        localsplusnames,
        localspluskinds,
        filename: filename.to_owned(),
        name: umd.name,
        qualname,
        firstlineno: umd.firstlineno,
        linetable: assembled.linetable,
        exceptiontable: assembled.exceptiontable,
    }
}

/// Writes an instruction's `ilen` code units at byte `at` of `code`: its EXTENDED_ARG
/// prefixes (`ext`), then `op` with the low byte of `oparg`. Returns the offset after them.
#[inline]
fn write_units(code: &mut [u8], mut at: usize, ext: u8, op: u8, oparg: i32, ilen: usize) -> usize {
    for k in (1..ilen).rev() {
        if let Some(unit) = code.get_mut(at..at + 2) {
            unit[0] = ext;
            unit[1] = ((oparg >> (8 * k)) & 0xFF) as u8;
        }
        at += 2;
    }
    if let Some(unit) = code.get_mut(at..at + 2) {
        unit[0] = op;
        unit[1] = (oparg & 0xFF) as u8;
    }
    at + 2
}
