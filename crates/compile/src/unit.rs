//! Port of `_PyCompile_CodeUnitMetadata` (Include/internal/pycore_compile.h) and of
//! compile.c's `optimize_and_assemble_code_unit`: what codegen hands to the flowgraph and
//! the assembler for one code unit.

use std::collections::HashMap;

use indexmap::{IndexMap, IndexSet};
use oxpy_objects::code::CodeObject;
use oxpy_objects::constant::{ConstKey, ConstValue};

use crate::error::CompileError;
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
    pub consts: IndexMap<ConstKey, ConstValue>,
    /// `u_names`
    pub names: IndexSet<String>,
    /// `u_varnames`
    pub varnames: IndexSet<String>,
    /// `u_cellvars`
    pub cellvars: IndexSet<String>,
    /// `u_freevars`
    pub freevars: IndexSet<String>,
    /// `u_fasthidden`: names that are fast locals only inside an inlined comprehension
    /// (value `true` while hidden).
    pub fasthidden: IndexMap<String, bool>,
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
    pub map: HashMap<ConstKey, ConstValue>,
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

/// `optimize_and_assemble_code_unit`: CFG from the sequence, the flowgraph passes, then
/// the assembler, giving the code object.
pub fn optimize_and_assemble(
    seq: &InstrSequence,
    metadata: &CodeUnitMetadata,
    const_cache: &mut ConstCache,
    code_flags: u32,
    filename: &str,
) -> Result<CodeObject, CompileError> {
    let _ = (seq, metadata, const_cache, code_flags, filename);
    Err(CompileError::Unsupported(
        "flowgraph and assembler not written yet",
    ))
}
