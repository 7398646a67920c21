//! Port of `_PyCompile_CodeUnitMetadata` (Include/internal/pycore_compile.h) and of
//! compile.c's `optimize_and_assemble_code_unit`: what codegen hands to the flowgraph and
//! the assembler for one code unit.

use crate::fast_hash::{FastHashMap, FastIndexMap, FastIndexSet};
use oxpy_objects::code::CodeObject;
use oxpy_objects::constant::{ConstKey, ConstValue};

use crate::assemble::{self, AssembleError};
use crate::error::CompileError;
use crate::flowgraph::{self, Cfg, FlowgraphError};
use crate::instr_sequence::InstrSequence;

/// `_PyCompile_CodeUnitMetadata`: the name tables of one code unit. Each set maps a
/// name to its index (its position in the set).
#[derive(Clone, Debug, Default)]
pub struct CodeUnitMetadata {
    /// `u_name`
    pub name: String,
    /// `u_qualname`
    pub qualname: String,
    /// `u_consts`: constant key → (index, value), in index order.
    pub consts: FastIndexMap<ConstKey, ConstValue>,
    /// `u_names`
    pub names: FastIndexSet<String>,
    /// `u_varnames`
    pub varnames: FastIndexSet<String>,
    /// `u_cellvars`
    pub cellvars: FastIndexSet<String>,
    /// `u_freevars`
    pub freevars: FastIndexSet<String>,
    /// `u_fasthidden`: names that are fast locals only inside an inlined comprehension
    /// (value `true` while hidden).
    pub fasthidden: FastIndexMap<String, bool>,
    /// `u_argcount`
    pub argcount: u32,
    /// `u_posonlyargcount`
    pub posonlyargcount: u32,
    /// `u_kwonlyargcount`
    pub kwonlyargcount: u32,
    /// `u_firstlineno`
    pub firstlineno: i32,
}

/// `c_const_cache`: constants shared across every code unit of one compilation, so
/// equal tuples, strings and frozensets become one object (what marshal's references
/// see).
#[derive(Clone, Debug, Default)]
pub struct ConstCache {
    /// Key → the canonical value.
    pub map: FastHashMap<ConstKey, ConstValue>,
    /// How many leading entries of a code unit's constant list are not objects of
    /// this cache (0 in a real compilation, where every constant went through it;
    /// the constant list `_testinternalcapi.optimize_cfg` is given is foreign, so a
    /// folded constant equal to one of those is appended again, not re-used).
    pub foreign_prefix: usize,
    /// Keys whose canonical object is the foreign constant at that index.
    pub foreign_canonical: FastHashMap<ConstKey, usize>,
}

impl ConstCache {
    /// `_PyCompile_ConstCacheMergeOne`: the canonical value equal to `value` (under
    /// the constant key), inserting it (and, for tuples and frozensets, its items)
    /// when new.
    pub fn merge_one(&mut self, value: &ConstValue) -> ConstValue {
        if let ConstValue::Tuple(items) | ConstValue::FrozenSet(items) = value {
            for item in items {
                self.merge_one(item);
            }
        }
        self.map
            .entry(value.key())
            .or_insert_with(|| value.clone())
            .clone()
    }
}

/// The number of parameters (`len(ste_varnames)` of a function's symbol table
/// entry): positional-only, positional-or-keyword and keyword-only parameters plus
/// `*args` and `**kwargs`.
fn nparams(metadata: &CodeUnitMetadata, code_flags: u32) -> usize {
    use oxpy_objects::code::co_flags;
    (metadata.posonlyargcount + metadata.argcount + metadata.kwonlyargcount) as usize
        + usize::from(code_flags & co_flags::VARARGS != 0)
        + usize::from(code_flags & co_flags::VARKEYWORDS != 0)
}

fn flowgraph_error(e: FlowgraphError) -> CompileError {
    CompileError::Unsupported(e.message())
}

fn assemble_error(e: AssembleError) -> CompileError {
    CompileError::Unsupported(match e {
        AssembleError::UnknownOpcode(_) => "assembler: unknown opcode",
        AssembleError::PseudoInstruction(_) => "assembler: pseudo-instruction left",
        AssembleError::BadTarget(_) => "assembler: bad jump target",
        AssembleError::BadJumpDirection => "assembler: jump direction",
        AssembleError::BadOparg(_) => "assembler: bad oparg",
        AssembleError::BadHandlerDepth => "assembler: bad handler depth",
    })
}

/// `optimize_and_assemble_code_unit`: CFG from the sequence, the flowgraph passes, then
/// the assembler, giving the code object.
pub fn optimize_and_assemble(
    seq: &InstrSequence,
    metadata: &CodeUnitMetadata,
    const_cache: &mut ConstCache,
    code_flags: u32,
    filename: &str,
) -> Result<CodeObject, CompileError> {
    let consts: Vec<ConstValue> = metadata.consts.values().cloned().collect();
    optimize_and_assemble_owned(
        seq.clone(),
        consts,
        metadata,
        const_cache,
        code_flags,
        filename,
    )
}

/// [`optimize_and_assemble`] on a sequence and constant list it may consume (what
/// codegen hands over when it is done with a unit, so nothing is copied).
pub fn optimize_and_assemble_owned(
    mut seq: InstrSequence,
    mut consts: Vec<ConstValue>,
    metadata: &CodeUnitMetadata,
    const_cache: &mut ConstCache,
    code_flags: u32,
    filename: &str,
) -> Result<CodeObject, CompileError> {
    let mut g = Cfg::from_instruction_sequence(&mut seq).map_err(flowgraph_error)?;
    drop(seq);
    let nlocals = metadata.varnames.len();
    let nparams = nparams(metadata, code_flags);
    flowgraph::optimize_code_unit(
        &mut g,
        &mut consts,
        const_cache,
        nlocals,
        nparams,
        metadata.firstlineno,
    )
    .map_err(flowgraph_error)?;
    let mut fin = flowgraph::optimized_cfg_to_instruction_sequence(&mut g, metadata, code_flags)
        .map_err(flowgraph_error)?;
    drop(g);
    assemble::make_code_object(
        metadata,
        const_cache,
        consts,
        fin.stackdepth,
        &mut fin.seq,
        fin.nlocalsplus,
        code_flags,
        filename,
    )
    .map_err(assemble_error)
}
