//! Port of Python/assemble.c: the optimized instruction sequence of one code unit
//! becomes its code object — jump offsets (with `EXTENDED_ARG` sizes iterated to a
//! fixed point), bytecode with zeroed inline caches, the location table
//! ([`linetable`]), the exception table ([`exceptiontable`]) and the localsplus
//! names and kinds.

pub mod exceptiontable;
pub mod linetable;

use oxpy_objects::code::{CodeObject, co_flags, fast_kind};
use oxpy_objects::constant::ConstValue;

use crate::generated::metadata::OpcodeFlags;
use crate::generated::opcode::Opcode;
use crate::instr_sequence::{InstrSequence, Instruction, SourceLocation};
use crate::opcode_utils::{cache_entries, flags};
use crate::opcode_utils::{has_target, instr_size, is_backwards_jump, is_terminator};
use crate::unit::{CodeUnitMetadata, ConstCache};

use exceptiontable::ExceptionEntry;

/// `NEXT_LOCATION`: an instruction that takes the location of the one after it
/// (resolved by the assembler; a terminator gets no location).
pub const NEXT_LOCATION: SourceLocation = SourceLocation::new(-2, -2, -2, -2);

/// `END_SEND_OFFSET`: code units from the `SEND` an `END_ASYNC_FOR` names to the
/// `END_SEND` it really refers to.
const END_SEND_OFFSET: i32 = 5;

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
    Opcode::from_number(n).ok_or(AssembleError::UnknownOpcode(n))
}

/// The decoded opcodes with their flags, the instruction sizes, and whether any
/// instruction jumps.
type Decoded = (Vec<(Opcode, OpcodeFlags)>, Vec<u8>, bool);

/// `resolve_unconditional_jumps` and the set-up of `resolve_jump_offsets`, in one
/// pass: each opcode decoded (with its flags), `JUMP`/`JUMP_NO_INTERRUPT` made forward
/// or backward by comparing the target index with the jump's, jump targets checked and
/// kept in `target`, and each instruction's first size.
fn decode_instructions(instrs: &mut [Instruction]) -> Result<Decoded, AssembleError> {
    let n = instrs.len();
    let mut ops = Vec::with_capacity(n);
    let mut sizes = Vec::with_capacity(n);
    let mut any_jump = false;
    for (i, instr) in instrs.iter_mut().enumerate() {
        let mut op = opcode_of(instr.opcode)?;
        if matches!(op, Opcode::JUMP | Opcode::JUMP_NO_INTERRUPT) {
            let is_forward = instr.oparg > i as i32;
            op = match op {
                Opcode::JUMP if !is_forward => Opcode::JUMP_BACKWARD,
                Opcode::JUMP_NO_INTERRUPT if !is_forward => Opcode::JUMP_BACKWARD_NO_INTERRUPT,
                _ => Opcode::JUMP_FORWARD,
            };
            instr.opcode = op.number();
        }
        let f = flags(op);
        if f.contains(OpcodeFlags::HAS_JUMP) {
            if f.contains(OpcodeFlags::IS_PSEUDO) {
                return Err(AssembleError::PseudoInstruction(instr.opcode));
            }
            if instr.oparg < 0 || instr.oparg as usize >= n {
                return Err(AssembleError::BadTarget(instr.oparg));
            }
            instr.target = instr.oparg;
            any_jump = true;
        }
        ops.push((op, f));
        sizes.push(instr_size(op, instr.oparg) as u8);
    }
    Ok((ops, sizes, any_jump))
}

/// `resolve_jump_offsets`: replaces target indices by relative offsets in code units,
/// recomputing instruction sizes until no `EXTENDED_ARG` appears or disappears.
/// `ops` are the instructions' opcodes and flags, `sizes` their sizes (updated).
fn resolve_jump_offsets(
    instrs: &mut [Instruction],
    ops: &[(Opcode, OpcodeFlags)],
    sizes: &mut [u8],
    any_jump: bool,
) -> Result<(), AssembleError> {
    let n = instrs.len();
    loop {
        let mut totsize = 0i32;
        for (instr, &size) in instrs.iter_mut().zip(sizes.iter()) {
            instr.offset = totsize;
            totsize += i32::from(size);
        }
        if !any_jump {
            return Ok(());
        }
        let mut recompile = false;
        let mut offset = 0i32;
        for i in 0..n {
            let (op, f) = ops[i];
            let isize = sizes[i];
            offset += i32::from(isize);
            if !f.contains(OpcodeFlags::HAS_JUMP) {
                continue;
            }
            let target_offset = instrs[instrs[i].target as usize].offset;
            let oparg = if op == Opcode::END_ASYNC_FOR {
                offset - target_offset - END_SEND_OFFSET
            } else if target_offset < offset {
                if !is_backwards_jump(op) {
                    return Err(AssembleError::BadJumpDirection);
                }
                offset - target_offset
            } else {
                if is_backwards_jump(op) {
                    return Err(AssembleError::BadJumpDirection);
                }
                target_offset - offset
            };
            instrs[i].oparg = oparg;
            let new_size = instr_size(op, oparg) as u8;
            if new_size != isize {
                sizes[i] = new_size;
                recompile = true;
            }
        }
        if !recompile {
            return Ok(());
        }
    }
}

/// `write_instr`: `EXTENDED_ARG` prefixes, the instruction, then zeroed caches, into
/// `code` (its [`instr_size`] `size` code units, already zeroed).
fn write_instr(
    code: &mut [u8],
    op: Opcode,
    f: OpcodeFlags,
    oparg: i32,
    size: u8,
) -> Result<(), AssembleError> {
    if f.contains(OpcodeFlags::IS_PSEUDO) {
        return Err(AssembleError::PseudoInstruction(op.number()));
    }
    if oparg < 0 || (!f.contains(OpcodeFlags::HAS_ARG) && oparg != 0) {
        return Err(AssembleError::BadOparg(oparg));
    }
    let caches = usize::from(cache_entries(op));
    let ilen = usize::from(size) - caches;
    let ext = Opcode::EXTENDED_ARG.number() as u8;
    let mut units = code.chunks_exact_mut(2);
    for k in (1..ilen).rev() {
        if let Some(u) = units.next() {
            u[0] = ext;
            u[1] = ((oparg >> (8 * k)) & 0xFF) as u8;
        }
    }
    if let Some(u) = units.next() {
        u[0] = op.number() as u8;
        u[1] = (oparg & 0xFF) as u8;
    }
    let cache = Opcode::CACHE.number() as u8;
    if cache != 0 {
        for u in units {
            u[0] = cache;
        }
    }
    Ok(())
}

/// `assemble_location_info`: `NEXT_LOCATION` resolved, then runs of equal locations
/// encoded.
fn assemble_location_info(
    instrs: &mut [Instruction],
    ops: &[(Opcode, OpcodeFlags)],
    sizes: &[u8],
    firstlineno: i32,
) -> Vec<u8> {
    for i in (0..instrs.len()).rev() {
        if instrs[i].loc == NEXT_LOCATION {
            if is_terminator(ops[i].0) {
                instrs[i].loc = SourceLocation::NONE;
            } else if let Some(next) = instrs.get(i + 1) {
                instrs[i].loc = next.loc;
            } else {
                instrs[i].loc = SourceLocation::NONE;
            }
        }
    }
    linetable::encode(
        firstlineno,
        instrs
            .iter()
            .zip(sizes)
            .map(|(instr, &size)| (usize::from(size), instr.loc)),
    )
}

/// `assemble_exception_table`: one entry per run of instructions with the same
/// handler.
fn assemble_exception_table(
    instrs: &[Instruction],
    sizes: &[u8],
) -> Result<Vec<u8>, AssembleError> {
    let mut out = Vec::new();
    let mut ioffset = 0u32;
    let mut handler = crate::instr_sequence::ExceptHandlerInfo {
        label: -1,
        startdepth: -1,
        preserve_lasti: false,
    };
    let mut start = 0u32;
    let emit =
        |out: &mut Vec<u8>, start: u32, end: u32, h: &crate::instr_sequence::ExceptHandlerInfo| {
            let target = instrs
                .get(h.label as usize)
                .ok_or(AssembleError::BadTarget(h.label))?
                .offset;
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
        };
    for (instr, &size) in instrs.iter().zip(sizes) {
        if instr.except_handler.label != handler.label {
            if handler.label >= 0 {
                emit(&mut out, start, ioffset, &handler)?;
            }
            start = ioffset;
            handler = instr.except_handler;
        }
        ioffset += u32::from(size);
    }
    if handler.label >= 0 {
        emit(&mut out, start, ioffset, &handler)?;
    }
    Ok(out)
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
    instrs.apply_label_map(|op| Opcode::from_number(op).is_some_and(has_target));
    let (ops, mut sizes, any_jump) = decode_instructions(&mut instrs.instrs)?;
    resolve_jump_offsets(&mut instrs.instrs, &ops, &mut sizes, any_jump)?;
    let total: usize = sizes.iter().map(|&s| usize::from(s)).sum();
    let mut code = vec![0u8; 2 * total];
    let mut at = 0usize;
    for ((instr, &(op, f)), &size) in instrs.instrs.iter().zip(&ops).zip(&sizes) {
        let end = at + 2 * usize::from(size);
        if let Some(dest) = code.get_mut(at..end) {
            write_instr(dest, op, f, instr.oparg, size)?;
        }
        at = end;
    }
    let linetable = assemble_location_info(&mut instrs.instrs, &ops, &sizes, firstlineno);
    let exceptiontable = assemble_exception_table(&instrs.instrs, &sizes)?;
    Ok(Assembled {
        code,
        linetable,
        exceptiontable,
    })
}

/// `compute_localsplus_info`: names and kinds of locals, cells and frees.
pub fn compute_localsplus_info(
    umd: &CodeUnitMetadata,
    nlocalsplus: usize,
    flags: u32,
) -> (Vec<String>, Vec<u8>) {
    let (slots, kinds) = localsplus_slots(umd, nlocalsplus, flags);
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
fn localsplus_slots(
    umd: &CodeUnitMetadata,
    nlocalsplus: usize,
    flags: u32,
) -> (Vec<Slot>, Vec<u8>) {
    let mut names = vec![Slot::Empty; nlocalsplus];
    let mut kinds = vec![0u8; nlocalsplus];
    let mut set = |offset: usize, name: Slot, kind: u8| {
        if let Some(slot) = names.get_mut(offset) {
            *slot = name;
            kinds[offset] = kind;
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

/// [`compute_localsplus_info`] on metadata it may consume: the names move.
fn take_localsplus_info(
    umd: &mut CodeUnitMetadata,
    nlocalsplus: usize,
    flags: u32,
) -> (Vec<String>, Vec<u8>) {
    let (slots, kinds) = localsplus_slots(umd, nlocalsplus, flags);
    let mut varnames: Vec<Option<String>> = std::mem::take(&mut umd.varnames)
        .into_iter()
        .map(Some)
        .collect();
    let mut cellvars: Vec<Option<String>> = std::mem::take(&mut umd.cellvars)
        .into_iter()
        .map(Some)
        .collect();
    let mut freevars: Vec<Option<String>> = std::mem::take(&mut umd.freevars)
        .into_iter()
        .map(Some)
        .collect();
    let take = |v: &mut Vec<Option<String>>, i: usize| {
        v.get_mut(i).and_then(Option::take).unwrap_or_default()
    };
    let names = slots
        .into_iter()
        .map(|s| match s {
            Slot::Var(i) => take(&mut varnames, i),
            Slot::Cell(i) => take(&mut cellvars, i),
            Slot::Free(i) => take(&mut freevars, i),
            Slot::Empty => String::new(),
        })
        .collect();
    (names, kinds)
}

/// `_PyAssemble_MakeCodeObject`: assembles the sequence and builds the code object
/// (`makecode`). `code_flags` come from the caller (compile.c's
/// `compute_code_flags`).
#[allow(clippy::too_many_arguments)]
pub fn make_code_object(
    mut umd: CodeUnitMetadata,
    const_cache: &mut ConstCache,
    consts: Vec<ConstValue>,
    maxdepth: i32,
    instrs: &mut InstrSequence,
    nlocalsplus: usize,
    code_flags: u32,
    filename: &str,
) -> Result<CodeObject, AssembleError> {
    let assembled = assemble(instrs, umd.firstlineno)?;
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
    Ok(CodeObject {
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
    })
}
