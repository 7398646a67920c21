//! Port of `_PyCompile_CodeUnitMetadata` (Include/internal/pycore_compile.h) and of
//! compile.c's `optimize_and_assemble_code_unit`: what codegen hands to the flowgraph and
//! the assembler for one code unit.

use crate::fast_hash::{FastHashMap, FastIndexMap};
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
    /// `u_consts`: the constants in index order, each its own key ([`UnitConst`]).
    pub consts: FastIndexMap<UnitConst, ()>,
    /// `u_names`
    pub names: NameSet,
    /// `u_varnames`
    pub varnames: NameSet,
    /// `u_cellvars`
    pub cellvars: NameSet,
    /// `u_freevars`
    pub freevars: NameSet,
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

/// A constant of a code unit, hashed and compared as its [`ConstKey`] would be (see
/// [`ConstValue::hash_as_key`], [`same_key`]), so the unit's table needs no key
/// beside the value.
#[derive(Clone, Debug)]
pub struct UnitConst(pub ConstValue);

impl std::hash::Hash for UnitConst {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash_as_key(state);
    }
}

impl PartialEq for UnitConst {
    fn eq(&self, other: &Self) -> bool {
        same_key(&self.0, &other.0)
    }
}

impl Eq for UnitConst {}

/// One of a code unit's name tables (`u_names`, `u_varnames`, ...): names in
/// insertion order, each found by its index. A name is looked up with one hash and
/// copied only when it is new ([`NameSet::index_of`]).
#[derive(Clone, Debug, Default)]
pub struct NameSet(FastIndexMap<String, ()>);

impl NameSet {
    /// An empty set with room for `n` names.
    pub fn with_capacity(n: usize) -> Self {
        NameSet(FastIndexMap::with_capacity_and_hasher(
            n,
            Default::default(),
        ))
    }

    /// The number of names.
    #[inline]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set has no name.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names in index order.
    #[inline]
    pub fn iter(&self) -> indexmap::map::Keys<'_, String, ()> {
        self.0.keys()
    }

    /// The index of `name`, if it is in the set.
    #[inline]
    pub fn get_index_of(&self, name: &str) -> Option<usize> {
        self.0.get_index_of(&crate::fast_hash::Name(name))
    }

    /// The name at index `i`.
    #[inline]
    pub fn get_index(&self, i: usize) -> Option<&String> {
        self.0.get_index(i).map(|(k, _)| k)
    }

    /// Whether `name` is in the set.
    #[inline]
    pub fn contains(&self, name: &str) -> bool {
        self.get_index_of(name).is_some()
    }

    /// `_PyCompile_DictAddObj`: the index of `name`, appended (copied) when new; one
    /// hash and one probe either way.
    #[inline]
    pub fn index_of(&mut self, name: &str) -> usize {
        use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};
        use std::hash::BuildHasher;
        let hash = self.0.hasher().hash_one(name);
        match self
            .0
            .raw_entry_mut_v1()
            .from_hash(hash, |k| crate::fast_hash::same_str(k, name))
        {
            RawEntryMut::Occupied(o) => o.index(),
            RawEntryMut::Vacant(e) => {
                let i = e.index();
                e.insert_hashed_nocheck(hash, name.to_owned(), ());
                i
            }
        }
    }

    /// Appends `name` unless it is there; whether it was new.
    pub fn insert(&mut self, name: String) -> bool {
        self.0.insert(name, ()).is_none()
    }
}

impl IntoIterator for NameSet {
    type Item = String;
    type IntoIter = indexmap::map::IntoKeys<String, ()>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_keys()
    }
}

impl<'a> IntoIterator for &'a NameSet {
    type Item = &'a String;
    type IntoIter = indexmap::map::Keys<'a, String, ()>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.keys()
    }
}

impl Extend<String> for NameSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, names: I) {
        self.0.extend(names.into_iter().map(|n| (n, ())));
    }
}

impl FromIterator<String> for NameSet {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> Self {
        NameSet(names.into_iter().map(|n| (n, ())).collect())
    }
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
        self.register(value).clone()
    }

    /// [`ConstCache::merge_one`] without the copy of the result (what the items of a
    /// tuple or frozenset need: only their registration).
    fn register(&mut self, value: &ConstValue) -> &ConstValue {
        if let ConstValue::Tuple(items) | ConstValue::FrozenSet(items) = value {
            for item in items {
                self.register(item);
            }
        }
        self.map.entry(value.key()).or_insert_with(|| value.clone())
    }

    /// [`ConstCache::merge_one`] on a value it may return as it is when the merge
    /// cannot be observed (see [`ConstCache::tracks`]).
    pub fn merge_owned(&mut self, value: ConstValue) -> ConstValue {
        if self.tracks(&value) {
            self.merge_one(&value)
        } else {
            value
        }
    }

    /// Whether merging `value` can make a difference. The cache holds copies, not
    /// shared objects, so two constants with equal keys are the same value unless
    /// one holds a frozenset (whose iteration order is the first one's); a value
    /// without one is left out in a real compilation. With foreign constants
    /// (`foreign_prefix > 0`, `_testinternalcapi.optimize_cfg`) membership itself
    /// decides which index a folded constant gets, so everything is tracked.
    pub fn tracks(&self, value: &ConstValue) -> bool {
        self.foreign_prefix > 0 || holds_frozenset(value)
    }
}

/// Whether a constant is, or (in a tuple or slice) holds, a frozenset.
pub fn holds_frozenset(v: &ConstValue) -> bool {
    match v {
        ConstValue::FrozenSet(_) => true,
        ConstValue::Tuple(items) => items.iter().any(holds_frozenset),
        ConstValue::Slice(parts) => parts.iter().any(holds_frozenset),
        _ => false,
    }
}

/// `a.key() == b.key()` without building the keys.
pub fn same_key(a: &ConstValue, b: &ConstValue) -> bool {
    use ConstValue as C;
    match (a, b) {
        (C::None, C::None) | (C::Ellipsis, C::Ellipsis) => true,
        (C::Bool(x), C::Bool(y)) => x == y,
        (C::Int(x), C::Int(y)) => x == y,
        (C::Float(x), C::Float(y)) => x.to_bits() == y.to_bits(),
        (C::Complex { real: r1, imag: i1 }, C::Complex { real: r2, imag: i2 }) => {
            r1.to_bits() == r2.to_bits() && i1.to_bits() == i2.to_bits()
        }
        (C::Str(x), C::Str(y)) => x == y,
        (C::Bytes(x), C::Bytes(y)) => x == y,
        (C::Tuple(x), C::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_key(p, q))
        }
        (C::Slice(x), C::Slice(y)) => x.iter().zip(y.iter()).all(|(p, q)| same_key(p, q)),
        (C::Code(x), C::Code(y)) => std::sync::Arc::ptr_eq(x, y),
        (C::FrozenSet(x), C::FrozenSet(y)) => x.len() == y.len() && a.key() == b.key(),
        _ => false,
    }
}

/// Buffers handed from one code unit to the next so each unit's graph and
/// instruction lists reuse the memory of the previous ones.
#[derive(Debug, Default)]
pub struct UnitScratch {
    /// Emptied basic-block instruction buffers.
    pub blocks: Vec<Vec<crate::flowgraph::CfgInstr>>,
    /// Emptied instruction-sequence buffers (codegen takes one per unit).
    pub instrs: Vec<Vec<crate::instr_sequence::Instruction>>,
    /// The graph traversals' work stack ([`Cfg::work`]).
    pub work: Vec<crate::flowgraph::BlockId>,
    /// The emptied block list of the last graph.
    pub block_list: Vec<crate::flowgraph::BasicBlock>,
    /// Exception-stack buffers ([`Cfg::except_pool`]).
    pub except_pool: Vec<crate::flowgraph::cfg::ExceptStack>,
    /// The assembler's buffers.
    pub asm: crate::assemble::AsmScratch,
    /// The flowgraph passes' buffers.
    pub flow: crate::flowgraph::cfg::FlowScratch,
}

impl UnitScratch {
    /// An empty instruction sequence, on a reused buffer when there is one.
    pub fn new_sequence(&mut self) -> InstrSequence {
        let mut seq = InstrSequence::new();
        if let Some(buf) = self.instrs.pop() {
            seq.instrs = buf;
        }
        seq
    }

    /// Gives a finished sequence's instruction buffer back (a few are kept: as many
    /// as units are open at once, usually).
    pub fn recycle(&mut self, seq: InstrSequence) {
        if self.instrs.len() < 16 {
            let mut buf = seq.instrs;
            buf.clear();
            self.instrs.push(buf);
        }
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
    let consts: Vec<ConstValue> = metadata.consts.keys().map(|c| c.0.clone()).collect();
    optimize_and_assemble_owned(
        seq.clone(),
        consts,
        metadata.clone(),
        const_cache,
        code_flags,
        filename,
        &mut UnitScratch::default(),
    )
}

/// [`optimize_and_assemble`] on a sequence, constant list and metadata it may consume
/// (what codegen hands over when it is done with a unit, so nothing is copied: the
/// names move into the code object). `metadata.consts` is not read (`consts` are the
/// constants).
pub fn optimize_and_assemble_owned(
    mut seq: InstrSequence,
    mut consts: Vec<ConstValue>,
    metadata: CodeUnitMetadata,
    const_cache: &mut ConstCache,
    code_flags: u32,
    filename: &str,
    scratch: &mut UnitScratch,
) -> Result<CodeObject, CompileError> {
    let buffers = std::mem::take(&mut scratch.blocks);
    let block_list = std::mem::take(&mut scratch.block_list);
    let flow = std::mem::take(&mut scratch.flow);
    let mut g = Cfg::from_instruction_sequence_with(&mut seq, buffers, block_list, flow)
        .map_err(flowgraph_error)?;
    scratch.recycle(seq);
    g.work = std::mem::take(&mut scratch.work);
    g.except_pool = std::mem::take(&mut scratch.except_pool);
    let nlocals = metadata.varnames.len();
    let nparams = nparams(&metadata, code_flags);
    flowgraph::optimize_code_unit(
        &mut g,
        &mut consts,
        const_cache,
        nlocals,
        nparams,
        metadata.firstlineno,
    )
    .map_err(flowgraph_error)?;
    let (stackdepth, nlocalsplus) =
        flowgraph::finish_optimized_cfg(&mut g, &metadata, code_flags).map_err(flowgraph_error)?;
    let assembled = assemble::assemble_cfg_with(&g, metadata.firstlineno, &mut scratch.asm)
        .map_err(assemble_error)?;
    scratch.work = std::mem::take(&mut g.work);
    scratch.except_pool = std::mem::take(&mut g.except_pool);
    scratch.flow = std::mem::take(&mut g.scratch);
    scratch.block_list = g.take_buffers(&mut scratch.blocks);
    Ok(assemble::code_object_from(
        metadata,
        const_cache,
        consts,
        stackdepth,
        assembled,
        nlocalsplus,
        code_flags,
        filename,
    ))
}
