//! Port of Python/flowgraph.c's `prepare_localsplus`: cell and free variable offsets
//! (a cell that is also an argument shares the argument's slot) and the prefix
//! instructions `RETURN_GENERATOR; POP_TOP`, `MAKE_CELL`, `COPY_FREE_VARS`.

use oxpy_objects::code::co_flags;

use crate::generated::opcode::Opcode;
use crate::instr_sequence::SourceLocation;
use crate::unit::CodeUnitMetadata;

use super::cfg::{Cfg, CfgInstr};

/// `build_cellfixedoffsets`: for each cell then free variable, its localsplus slot
/// before arg cells are folded into their arguments.
fn build_cellfixedoffsets(umd: &CodeUnitMetadata) -> Vec<i32> {
    let nlocals = umd.varnames.len() as i32;
    let noffsets = umd.cellvars.len() + umd.freevars.len();
    let mut fixed: Vec<i32> = (0..noffsets as i32).map(|i| nlocals + i).collect();
    for (cellindex, name) in umd.cellvars.iter().enumerate() {
        if let Some(argoffset) = umd.varnames.get_index_of(name.as_str()) {
            fixed[cellindex] = argoffset as i32;
        }
    }
    fixed
}

/// `IS_GENERATOR`
fn is_generator(flags: u32) -> bool {
    flags & (co_flags::GENERATOR | co_flags::COROUTINE | co_flags::ASYNC_GENERATOR) != 0
}

/// `insert_prefix_instructions`
fn insert_prefix_instructions(
    umd: &CodeUnitMetadata,
    g: &mut Cfg,
    fixed: &[i32],
    nfreevars: usize,
    code_flags: u32,
) {
    let entry = g.entry;
    if is_generator(code_flags) {
        let loc = SourceLocation::new(umd.firstlineno, umd.firstlineno, -1, -1);
        g.bm(entry)
            .insert(0, CfgInstr::new(Opcode::RETURN_GENERATOR, 0, loc));
        g.bm(entry)
            .insert(1, CfgInstr::new(Opcode::POP_TOP, 0, loc));
    }
    let ncellvars = umd.cellvars.len();
    if ncellvars > 0 {
        let nvars = ncellvars + umd.varnames.len();
        let mut sorted = vec![0usize; nvars];
        for (i, &f) in fixed.iter().take(ncellvars).enumerate() {
            if let Some(slot) = usize::try_from(f).ok().and_then(|f| sorted.get_mut(f)) {
                *slot = i + 1;
            }
        }
        let mut ncellsused = 0;
        for &s in &sorted {
            if ncellsused >= ncellvars {
                break;
            }
            if s == 0 {
                continue;
            }
            let oldindex = s as i32 - 1;
            g.bm(entry).insert(
                ncellsused,
                CfgInstr::new(Opcode::MAKE_CELL, oldindex, SourceLocation::NONE),
            );
            ncellsused += 1;
        }
    }
    if nfreevars > 0 {
        g.bm(entry).insert(
            0,
            CfgInstr::new(
                Opcode::COPY_FREE_VARS,
                nfreevars as i32,
                SourceLocation::NONE,
            ),
        );
    }
}

/// `fix_cell_offsets`: cell/free opargs become localsplus indices. Returns how many
/// cells were arguments.
fn fix_cell_offsets(umd: &CodeUnitMetadata, g: &mut Cfg, fixedmap: &mut [i32]) -> usize {
    let nlocals = umd.varnames.len() as i32;
    let mut numdropped = 0;
    for (i, f) in fixedmap.iter_mut().enumerate() {
        if *f == i as i32 + nlocals {
            *f -= numdropped;
        } else {
            numdropped += 1;
        }
    }
    // Without cells and frees no oparg changes.
    let mut cur = Some(g.entry).filter(|_| !fixedmap.is_empty());
    while let Some(b) = cur {
        cur = g.b(b).next;
        for inst in g.bm(b).instrs_mut() {
            if matches!(
                inst.opcode,
                Opcode::MAKE_CELL
                    | Opcode::LOAD_CLOSURE
                    | Opcode::LOAD_DEREF
                    | Opcode::STORE_DEREF
                    | Opcode::DELETE_DEREF
                    | Opcode::LOAD_FROM_DICT_OR_DEREF
            ) && let Some(&f) = usize::try_from(inst.oparg)
                .ok()
                .and_then(|o| fixedmap.get(o))
            {
                inst.oparg = f;
            }
        }
    }
    numdropped as usize
}

/// `prepare_localsplus`: the prefix instructions and cell offsets; returns
/// `nlocalsplus`.
pub fn prepare_localsplus(umd: &CodeUnitMetadata, g: &mut Cfg, code_flags: u32) -> usize {
    let nlocals = umd.varnames.len();
    let ncellvars = umd.cellvars.len();
    let nfreevars = umd.freevars.len();
    let nlocalsplus = nlocals + ncellvars + nfreevars;
    let mut fixed = build_cellfixedoffsets(umd);
    insert_prefix_instructions(umd, g, &fixed, nfreevars, code_flags);
    let numdropped = fix_cell_offsets(umd, g, &mut fixed);
    nlocalsplus - numdropped
}
