//! Port of Python/codegen.c and the compiler-unit half of Python/compile.c: AST →
//! [`InstrSequence`] (pseudo-instructions and labels) per code unit, each handed to
//! [`crate::unit::optimize_and_assemble`].
//!
//! One [`Compiler`] per compilation (`struct _PyCompiler`), one [`Unit`] per code object
//! being built (`struct compiler_unit`); the submodules hold the visitors, grouped by
//! what they compile.

// Scoped steps are closures called in place so a failure can leave the scope, as
// CPython's `RETURN_IF_ERROR_IN_SCOPE` does.
#![allow(clippy::redundant_closure_call)]

mod call;
mod class;
mod comprehension;
mod expr;
mod fstring;
mod function;
mod names;
mod pattern;
pub mod preprocess;
mod stmt;
mod try_except;

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::fast_hash::FastIndexMap;
use oxpy_objects::code::{CodeObject, co_flags, fast_kind};
use std::hash::BuildHasher;

use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};
use oxpy_objects::constant::ConstValue;
use oxpy_parser::ast;
use oxpy_parser::{Constant, IntValue, Location};

use crate::error::{CompileError, CompileWarning, ErrorLocation};
use crate::future::FutureFeatures;
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::{InstrSequence, Label, SourceLocation};
use crate::symtable::{BlockId, BlockKey, BlockType, Scope, SymbolTable, SymbolTableEntry, flags};
use crate::unit::{CodeUnitMetadata, ConstCache, NameSet, UnitConst, same_key};

/// Result of a codegen step.
pub(crate) type CResult<T = ()> = Result<T, CompileError>;

/// `NO_LOCATION`
pub(crate) const NO_LOC: SourceLocation = SourceLocation::NONE;
/// `NEXT_LOCATION`: take the location of the next instruction (resolved by the flowgraph).
pub(crate) const NEXT_LOC: SourceLocation = SourceLocation::new(-2, -2, -2, -2);

/// `LOC(x)`: the location of an AST node.
#[inline]
pub(crate) fn loc(l: &Location) -> SourceLocation {
    SourceLocation::new(l.lineno, l.end_lineno, l.col_offset, l.end_col_offset)
}

/// `_PY_STACK_USE_GUIDELINE`
pub(crate) const STACK_USE_GUIDELINE: usize = 30;
/// `CO_MAXBLOCKS`
pub(crate) const CO_MAXBLOCKS: usize = 21;

/// `MAKE_FUNCTION_*` flags (`SET_FUNCTION_ATTRIBUTE` opargs).
pub(crate) mod make_fn {
    pub const DEFAULTS: u32 = 0x01;
    pub const KWDEFAULTS: u32 = 0x02;
    pub const ANNOTATIONS: u32 = 0x04;
    pub const CLOSURE: u32 = 0x08;
    pub const ANNOTATE: u32 = 0x10;
}

/// `INTRINSIC_*` numbers of `CALL_INTRINSIC_1` and `CALL_INTRINSIC_2`.
pub(crate) mod intrinsic {
    pub const PRINT: i32 = 1;
    pub const IMPORT_STAR: i32 = 2;
    pub const STOPITERATION_ERROR: i32 = 3;
    pub const ASYNC_GEN_WRAP: i32 = 4;
    pub const UNARY_POSITIVE: i32 = 5;
    pub const LIST_TO_TUPLE: i32 = 6;
    pub const TYPEVAR: i32 = 7;
    pub const PARAMSPEC: i32 = 8;
    pub const TYPEVARTUPLE: i32 = 9;
    pub const SUBSCRIPT_GENERIC: i32 = 10;
    pub const TYPEALIAS: i32 = 11;
    pub const PREP_RERAISE_STAR: i32 = 1;
    pub const TYPEVAR_WITH_BOUND: i32 = 2;
    pub const TYPEVAR_WITH_CONSTRAINTS: i32 = 3;
    pub const SET_FUNCTION_TYPE_PARAMS: i32 = 4;
    pub const SET_TYPEPARAM_DEFAULT: i32 = 5;
}

/// `RESUME` opargs.
pub(crate) mod resume {
    pub const AT_FUNC_START: i32 = 0;
    pub const AFTER_YIELD: i32 = 1;
    pub const AFTER_YIELD_FROM: i32 = 2;
    pub const AFTER_AWAIT: i32 = 3;
}

/// `LOAD_COMMON_CONSTANT` opargs.
pub(crate) mod common_const {
    pub const ASSERTION_ERROR: i32 = 0;
    pub const NOT_IMPLEMENTED_ERROR: i32 = 1;
    pub const BUILTIN_TUPLE: i32 = 2;
    pub const BUILTIN_ALL: i32 = 3;
    pub const BUILTIN_ANY: i32 = 4;
}

/// `LOAD_SPECIAL` opargs.
pub(crate) mod special {
    pub const ENTER: i32 = 0;
    pub const EXIT: i32 = 1;
    pub const AENTER: i32 = 2;
    pub const AEXIT: i32 = 3;
}

/// `NB_SUBSCR`, the `BINARY_OP` oparg of a subscript.
pub(crate) const NB_SUBSCR: i32 = 26;

/// `_PyCompile_CodeUnit` scope types (`COMPILE_SCOPE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeType {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
    Annotations,
}

/// `_PyCompile_FBlockType`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FBlockType {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry,
    FinallyEnd,
    With,
    AsyncWith,
    HandlerCleanup,
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
    StopIteration,
}

/// `fb_datum`
#[derive(Clone, Copy, Debug)]
pub(crate) enum FbDatum<'a> {
    None,
    Stmts(&'a [ast::Stmt]),
    Name(&'a str),
}

/// `_PyCompile_FBlockInfo`
#[derive(Clone, Copy, Debug)]
pub(crate) struct FBlock<'a> {
    pub kind: FBlockType,
    pub block: Label,
    pub exit: Label,
    pub loc: SourceLocation,
    pub datum: FbDatum<'a>,
}

/// `struct compiler_unit`
pub(crate) struct Unit<'a> {
    pub ste: BlockId,
    pub scope_type: ScopeType,
    pub private: Option<std::rc::Rc<str>>,
    pub static_attributes: Option<BTreeSet<String>>,
    pub deferred_annotations: Option<Vec<&'a ast::Stmt>>,
    pub conditional_annotation_indices: Vec<i64>,
    pub next_conditional_annotation_index: i64,
    pub seq: InstrSequence,
    pub stashed_seq: Option<InstrSequence>,
    pub fblocks: Vec<FBlock<'a>>,
    pub in_inlined_comp: i32,
    pub in_conditional_block: i32,
    pub md: CodeUnitMetadata,
    /// The index in `md.consts` of each small int constant added so far.
    pub small_ints: crate::fast_hash::FastHashMap<i64, i32>,
    /// The index in `md.consts` of `None`, once added ([`Compiler::load_none`]).
    pub none_index: Option<i32>,
    /// `nameop`'s memo: per symbol of the unit's block (by its index in the block's
    /// symbols), the name's index in `md.names` and in `md.varnames` once known (-1
    /// before). Both tables are only appended to, so an index stays right.
    pub name_slots: Vec<[i32; 2]>,
}

/// `struct _PyCompiler`: the state of one compilation.
pub(crate) struct Compiler<'a> {
    pub st: SymbolTable,
    pub future: FutureFeatures,
    pub optimize: u8,
    pub interactive: bool,
    pub filename: String,
    pub const_cache: ConstCache,
    pub units: Vec<Unit<'a>>,
    pub warnings: Vec<CompileWarning>,
    pub disable_warning: i32,
    /// `c_save_nested_seqs`: codegen only (no flowgraph), each unit's sequence kept in
    /// its parent's `nested` (`_PyCompile_CodeGen`).
    pub codegen_only: bool,
    /// Time spent in the flowgraph passes and the assembler, over every unit (the
    /// per-phase figures of `cargo xtask bench compile`).
    pub assemble_time: std::time::Duration,
    /// Buffers the flowgraph of one unit hands to the next.
    pub scratch: crate::unit::UnitScratch,
    /// How deep `visit_expr` is nested (when to check the stack).
    pub depth: u32,
}

/// `visit_expr` checks the stack at every this many levels of nesting.
pub(crate) const STACK_CHECK_EVERY: u32 = 4;

/// A name's resolved operation kind (`_PyCompile_optype`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpType {
    Fast,
    Global,
    Deref,
    Name,
}

/// Converts an AST literal to a code constant.
pub(crate) fn const_of(c: &Constant) -> ConstValue {
    match c {
        Constant::None => ConstValue::None,
        Constant::Bool(b) => ConstValue::Bool(*b),
        Constant::Int(i) => ConstValue::Int(i.to_bigint()),
        Constant::Float(f) => ConstValue::Float(*f),
        Constant::Complex { real, imag } => ConstValue::Complex {
            real: *real,
            imag: *imag,
        },
        Constant::Str(s) => ConstValue::Str(s.clone()),
        Constant::Bytes(b) => ConstValue::Bytes(b.to_vec()),
        Constant::Ellipsis => ConstValue::Ellipsis,
    }
}

/// `_PyCompile_DictAddObj`: the index of `name` in the set, appended when new (the
/// name is copied only then).
#[inline]
fn index_of(set: &mut NameSet, name: &str) -> i32 {
    set.index_of(name) as i32
}

/// `_PyAST_GetDocString`: the docstring of a body, if its first statement is a string.
pub(crate) fn get_docstring(body: &[ast::Stmt]) -> Option<&str> {
    let first = body.first()?;
    if let ast::StmtKind::Expr { value } = &first.kind
        && let ast::ExprKind::Constant {
            value: Constant::Str(s),
            ..
        } = &value.kind
    {
        return Some(s);
    }
    None
}

/// A constant looked up in a map keyed by [`ConstKey`](oxpy_objects::constant::ConstKey)
/// without building its key (same hash, same equality).
struct KeyOf<'v>(&'v ConstValue);

impl std::hash::Hash for KeyOf<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash_as_key(state);
    }
}

/// A str hashed as its [`ConstKey`] would be, without building the key.
struct StrKeyOf<'s>(&'s str);

impl std::hash::Hash for StrKeyOf<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        oxpy_objects::constant::ConstKey::hash_str(self.0, state);
    }
}

/// The keyword names of a call, hashed as the [`ConstKey`] of the tuple of their
/// strs would be, without building the tuple.
pub(crate) struct KwNamesKeyOf<'k>(pub(crate) &'k [ast::Keyword]);

impl KwNamesKeyOf<'_> {
    fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.0.iter().map(|k| k.arg.as_deref().unwrap_or_default())
    }

    /// Whether `c` is the tuple of these names.
    pub(crate) fn matches(&self, c: &ConstValue) -> bool {
        matches!(c, ConstValue::Tuple(items)
            if items.len() == self.0.len()
                && items.iter().zip(self.names()).all(|(k, n)| matches!(k, ConstValue::Str(s) if s == n)))
    }
}

impl std::hash::Hash for KwNamesKeyOf<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        oxpy_objects::constant::ConstKey::hash_str_tuple(self.names(), state);
    }
}

/// `_PyCompile_CleanDoc`: `inspect.cleandoc` without dropping blank lines.
pub(crate) fn clean_doc(doc: &str) -> String {
    if find_byte(doc.as_bytes(), 0, b'\t') < doc.len() {
        return clean_expanded_doc(&expand_tabs(doc));
    }
    clean_expanded_doc(doc)
}

/// The index of the first `byte` in `bytes` at or after `from`, or `bytes.len()`:
/// eight bytes at a time (docstrings are long, their lines many).
#[inline]
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(byte);
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word) ^ pattern;
        // The lowest byte of `w` that is zero (no false hit below the first one).
        let zero = w.wrapping_sub(LO) & !w & HI;
        if zero != 0 {
            return i + (zero.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] != byte {
        i += 1;
    }
    i
}

/// `str.expandtabs(8)`.
fn expand_tabs(doc: &str) -> String {
    let mut expanded = String::with_capacity(doc.len());
    let mut col = 0usize;
    for ch in doc.chars() {
        match ch {
            '\t' => {
                let n = 8 - col % 8;
                expanded.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' | '\r' => {
                expanded.push(ch);
                col = 0;
            }
            _ => {
                expanded.push(ch);
                col += 1;
            }
        }
    }
    expanded
}

/// [`clean_doc`] after the tabs are expanded: the first line loses its leading
/// spaces, the others the margin (the fewest leading spaces of a later line holding
/// anything else), a line at a time.
fn clean_expanded_doc(expanded: &str) -> String {
    let b = expanded.as_bytes();
    let n = b.len();
    let spaces = |from: usize| b[from..].iter().take_while(|&&c| c == b' ').count();
    // Just past the first line's newline (`n` for a single line).
    let first_end = (find_byte(b, 0, b'\n') + 1).min(n);
    let mut margin = usize::MAX;
    let mut start = first_end;
    while start < n {
        let k = spaces(start);
        let end = find_byte(b, start + k, b'\n');
        if start + k < end {
            margin = margin.min(k);
        }
        start = end + 1;
    }
    if margin == usize::MAX {
        margin = 0;
    }
    let lead = spaces(0);
    if lead == 0 && margin == 0 {
        return expanded.to_owned();
    }
    let mut out = String::with_capacity(n);
    out.push_str(&expanded[lead.min(first_end)..first_end]);
    let mut start = first_end;
    while start < n {
        let end = (find_byte(b, start, b'\n') + 1).min(n);
        let k = spaces(start).min(margin).min(end - start);
        out.push_str(&expanded[start + k..end]);
        start = end;
    }
    out
}

impl<'a> Compiler<'a> {
    /// A compiler over a built symbol table.
    pub fn new(
        st: SymbolTable,
        future: FutureFeatures,
        optimize: u8,
        interactive: bool,
        filename: &str,
    ) -> Self {
        Compiler {
            st,
            future,
            optimize,
            interactive,
            filename: filename.to_string(),
            const_cache: ConstCache::default(),
            units: Vec::new(),
            warnings: Vec::new(),
            disable_warning: 0,
            codegen_only: false,
            assemble_time: std::time::Duration::ZERO,
            scratch: crate::unit::UnitScratch::default(),
            depth: 0,
        }
    }

    // ----- accessors (the `_PyCompile_*` getters) -----

    #[inline]
    pub(crate) fn u(&mut self) -> &mut Unit<'a> {
        let n = self.units.len();
        &mut self.units[n - 1]
    }

    #[inline]
    pub(crate) fn ur(&self) -> &Unit<'a> {
        &self.units[self.units.len() - 1]
    }

    #[inline]
    pub(crate) fn seq(&mut self) -> &mut InstrSequence {
        &mut self.u().seq
    }

    #[inline]
    pub(crate) fn ste(&self) -> &SymbolTableEntry {
        &self.st.entries[self.ur().ste]
    }

    #[inline]
    pub(crate) fn scope_type(&self) -> ScopeType {
        self.ur().scope_type
    }

    pub(crate) fn future_annotations(&self) -> bool {
        self.future.features & crate::future::CO_FUTURE_ANNOTATIONS != 0
    }

    pub(crate) fn is_interactive_top_level(&self) -> bool {
        self.interactive && self.units.len() == 1
    }

    #[inline]
    pub(crate) fn in_inlined_comp(&self) -> bool {
        self.ur().in_inlined_comp != 0
    }

    // ----- errors and warnings -----

    /// `_PyCompile_Error`: a SyntaxError at `loc`.
    pub(crate) fn error<T>(&self, loc: SourceLocation, msg: impl Into<String>) -> CResult<T> {
        Err(CompileError::Syntax {
            message: msg.into(),
            location: ErrorLocation {
                lineno: loc.lineno,
                offset: loc.col_offset + 1,
                end_lineno: loc.end_lineno,
                end_offset: loc.end_col_offset + 1,
            },
        })
    }

    /// `_PyCompile_Warn`: a SyntaxWarning at `loc`.
    pub(crate) fn warn(&mut self, loc: SourceLocation, msg: impl Into<String>) -> CResult {
        if self.disable_warning != 0 {
            return Ok(());
        }
        self.warnings.push(CompileWarning {
            category: "SyntaxWarning",
            message: msg.into(),
            lineno: loc.lineno,
        });
        Ok(())
    }

    // ----- emitting -----

    #[inline]
    pub(crate) fn addop(&mut self, op: Op, loc: SourceLocation) {
        self.seq().addop(op.number(), 0, loc);
    }

    #[inline]
    pub(crate) fn addop_i(&mut self, op: Op, oparg: i32, loc: SourceLocation) {
        self.seq().addop(op.number(), oparg, loc);
    }

    #[inline]
    pub(crate) fn addop_j(&mut self, op: Op, target: Label, loc: SourceLocation) {
        self.seq().addop(op.number(), target.0, loc);
    }

    #[inline]
    pub(crate) fn new_label(&mut self) -> Label {
        self.seq().new_label()
    }

    #[inline]
    pub(crate) fn use_label(&mut self, l: Label) {
        self.seq().use_label(l);
    }

    // ----- constants -----

    /// Registers `v` (and, recursively, its items) in the compilation's constant cache
    /// and returns the canonical value (`merge_consts_recursive`).
    #[inline]
    fn merge_const(&mut self, v: ConstValue) -> ConstValue {
        // Only a value holding a frozenset can differ from the canonical one with
        // the same key (`ConstCache::tracks`).
        if self.const_cache.foreign_prefix == 0
            && !matches!(
                v,
                ConstValue::Tuple(_) | ConstValue::FrozenSet(_) | ConstValue::Slice(_)
            )
        {
            return v;
        }
        self.merge_tracked(v)
    }

    /// [`Compiler::merge_const`] of a value that may hold a frozenset.
    #[inline(never)]
    fn merge_tracked(&mut self, v: ConstValue) -> ConstValue {
        if !self.const_cache.tracks(&v) {
            return v;
        }
        let key = v.key();
        if let Some(existing) = self.const_cache.map.get(&key) {
            return existing.clone();
        }
        let v = match v {
            ConstValue::Tuple(items) => {
                ConstValue::Tuple(items.into_iter().map(|i| self.merge_const(i)).collect())
            }
            ConstValue::FrozenSet(items) => {
                ConstValue::FrozenSet(items.into_iter().map(|i| self.merge_const(i)).collect())
            }
            other => other,
        };
        self.const_cache.map.insert(key, v.clone());
        v
    }

    /// `_PyCompile_AddConst`: the index of `v` in the unit's constants.
    pub(crate) fn add_const(&mut self, v: ConstValue) -> i32 {
        let v = self.merge_const(v);
        if let ConstValue::Code(code) = &v {
            // Code objects compare by value (code_richcompare).
            for (i, existing) in self.ur().md.consts.keys().enumerate() {
                // Equal code objects have the same first line and name: those two
                // rule out most others before the whole objects are compared.
                if let ConstValue::Code(other) = &existing.0
                    && (Arc::ptr_eq(code, other)
                        || (code.firstlineno == other.firstlineno
                            && code.name == other.name
                            && **code == **other))
                {
                    return i as i32;
                }
            }
        }
        let consts = &mut self.u().md.consts;
        // Found by the value itself (one hash): a key is only built for a new constant.
        let hash = consts.hasher().hash_one(KeyOf(&v));
        match consts
            .raw_entry_mut_v1()
            .from_hash(hash, |k| same_key(&k.0, &v))
        {
            RawEntryMut::Occupied(o) => o.index() as i32,
            RawEntryMut::Vacant(e) => {
                let i = e.index();
                e.insert_hashed_nocheck(hash, UnitConst(v), ());
                i as i32
            }
        }
    }

    /// `ADDOP_LOAD_CONST` of an AST literal. A str or small int already among the
    /// unit's constants is found without building the constant.
    pub(crate) fn load_constant(&mut self, c: &Constant, loc: SourceLocation) {
        let i = match c {
            Constant::None => return self.load_none(loc),
            Constant::Str(s) => self.add_const_str(s),
            Constant::Int(IntValue::Small(v)) => self.add_const_small_int(*v),
            _ => self.add_const(const_of(c)),
        };
        self.addop_i(Op::LOAD_CONST, i, loc);
    }

    /// [`Compiler::add_const`] of a str.
    fn add_const_str(&mut self, s: &str) -> i32 {
        // A tracked constant goes through the cache first (`merge_const`).
        if self.const_cache.foreign_prefix > 0 {
            return self.add_const(ConstValue::Str(s.to_owned()));
        }
        let consts = &mut self.u().md.consts;
        let hash = consts.hasher().hash_one(StrKeyOf(s));
        match consts
            .raw_entry_mut_v1()
            .from_hash(hash, |k| matches!(&k.0, ConstValue::Str(k) if k == s))
        {
            RawEntryMut::Occupied(o) => o.index() as i32,
            RawEntryMut::Vacant(e) => {
                let i = e.index();
                e.insert_hashed_nocheck(hash, UnitConst(ConstValue::Str(s.to_owned())), ());
                i as i32
            }
        }
    }

    /// [`Compiler::add_const`] of an int in `i64`'s range, memoized per unit (the
    /// unit's constants are only appended to, so an index stays right).
    fn add_const_small_int(&mut self, v: i64) -> i32 {
        if let Some(&i) = self.ur().small_ints.get(&v) {
            return i;
        }
        let i = self.add_const(ConstValue::Int(v.into()));
        self.u().small_ints.insert(v, i);
        i
    }

    /// `ADDOP_LOAD_CONST`
    pub(crate) fn load_const(&mut self, v: ConstValue, loc: SourceLocation) {
        let i = self.add_const(v);
        self.addop_i(Op::LOAD_CONST, i, loc);
    }

    pub(crate) fn load_str(&mut self, s: &str, loc: SourceLocation) {
        let i = self.add_const_str(s);
        self.addop_i(Op::LOAD_CONST, i, loc);
    }

    /// `ADDOP_LOAD_CONST` of `None`, its index memoized per unit (the unit's
    /// constants are only appended to).
    pub(crate) fn load_none(&mut self, loc: SourceLocation) {
        let i = match self.ur().none_index {
            Some(i) => i,
            None => {
                let i = self.add_const(ConstValue::None);
                self.u().none_index = Some(i);
                i
            }
        };
        self.addop_i(Op::LOAD_CONST, i, loc);
    }

    // ----- name tables -----

    /// `_PyCompile_DictAddObj` on `u_names`.
    #[inline]
    pub(crate) fn name_index(&mut self, name: &str) -> i32 {
        index_of(&mut self.u().md.names, name)
    }

    #[inline]
    pub(crate) fn varname_index(&mut self, name: &str) -> i32 {
        index_of(&mut self.u().md.varnames, name)
    }

    /// [`Compiler::name_index`] of a name most likely not in `u_names` yet.
    #[inline]
    pub(crate) fn new_name_index(&mut self, name: &str) -> i32 {
        index_of(&mut self.u().md.names, name)
    }

    pub(crate) fn cellvar_index(&mut self, name: &str) -> i32 {
        index_of(&mut self.u().md.cellvars, name)
    }

    /// The oparg of a free variable: its index after the cells (`u_freevars` values).
    pub(crate) fn freevar_index(&mut self, name: &str) -> i32 {
        let ncells = self.ur().md.cellvars.len();
        let v = &mut self.u().md.freevars;
        (ncells + v.index_of(name)) as i32
    }

    // ----- frame blocks -----

    /// `_PyCompile_PushFBlock`
    pub(crate) fn push_fblock(
        &mut self,
        loc: SourceLocation,
        kind: FBlockType,
        block: Label,
        exit: Label,
        datum: FbDatum<'a>,
    ) -> CResult {
        if self.ur().fblocks.len() >= CO_MAXBLOCKS {
            return self.error(loc, "too many statically nested blocks");
        }
        self.u().fblocks.push(FBlock {
            kind,
            block,
            exit,
            loc,
            datum,
        });
        if kind == FBlockType::FinallyEnd {
            self.disable_warning += 1;
        }
        Ok(())
    }

    /// `_PyCompile_PopFBlock`
    pub(crate) fn pop_fblock(&mut self, kind: FBlockType, _block: Label) {
        self.u().fblocks.pop();
        if kind == FBlockType::FinallyEnd {
            self.disable_warning -= 1;
        }
    }

    // ----- scopes -----

    /// `dictbytype` for the cell and the free variables at once: the names of `ste`
    /// with scope CELL or `DEF_COMP_CELL`, and with scope FREE or `DEF_FREE_CLASS`,
    /// each sorted.
    fn cells_and_frees(ste: &SymbolTableEntry) -> (NameSet, NameSet) {
        let mut cells: Vec<&str> = Vec::new();
        let mut frees: Vec<&str> = Vec::new();
        for (k, &v) in &ste.symbols {
            let scope = (v >> flags::SCOPE_OFFSET) & flags::SCOPE_MASK;
            if scope == Scope::Cell as u32 || v & flags::DEF_COMP_CELL != 0 {
                cells.push(k);
            }
            if scope == Scope::Free as u32 || v & flags::DEF_FREE_CLASS != 0 {
                frees.push(k);
            }
        }
        let to_set = |mut names: Vec<&str>| -> NameSet {
            if names.is_empty() {
                return NameSet::default();
            }
            names.sort_unstable();
            names.into_iter().map(str::to_owned).collect()
        };
        (to_set(cells), to_set(frees))
    }

    /// `_PyCompile_EnterScope`
    pub(crate) fn enter_scope(
        &mut self,
        name: &str,
        scope_type: ScopeType,
        key: BlockKey,
        lineno: i32,
        private: Option<&str>,
        umd: Option<(u32, u32, u32)>,
    ) -> CResult {
        let Some(&ste_id) = self.st.blocks.get(&key) else {
            return Err(CompileError::Unsupported(
                "symtable has no block for this scope",
            ));
        };
        let ste = &self.st.entries[ste_id];
        let function_like = ste.is_function_like();
        let (argcount, posonlyargcount, kwonlyargcount) = umd.unwrap_or_default();
        let mut md = CodeUnitMetadata {
            name: name.to_string(),
            firstlineno: lineno,
            // Most units have a few constants and names: skip the first regrowths.
            consts: FastIndexMap::with_capacity_and_hasher(8, Default::default()),
            // A module or class body names every symbol it uses (a function, its
            // globals).
            names: NameSet::with_capacity(if function_like {
                8
            } else {
                ste.symbols.len().max(8)
            }),
            // A function's locals end up in its varnames: room for every symbol at
            // once instead of regrowing the set as they come.
            varnames: NameSet::with_capacity(if function_like {
                ste.symbols.len()
            } else {
                ste.varnames.len()
            }),
            argcount,
            posonlyargcount,
            kwonlyargcount,
            ..Default::default()
        };
        md.varnames.extend(ste.varnames.iter().cloned());
        let (cells, frees) = Self::cells_and_frees(ste);
        md.cellvars = cells;
        if ste.needs_class_closure {
            md.cellvars.insert("__class__".to_string());
        }
        if ste.needs_classdict {
            md.cellvars.insert("__classdict__".to_string());
        }
        if ste.has_conditional_annotations {
            md.cellvars
                .insert("__conditional_annotations__".to_string());
        }
        md.freevars = frees;
        let private = match private {
            Some(p) => Some(std::rc::Rc::from(p)),
            None => self.units.last().and_then(|u| u.private.clone()),
        };
        let unit = Unit {
            ste: ste_id,
            scope_type,
            private,
            static_attributes: (scope_type == ScopeType::Class).then(BTreeSet::new),
            deferred_annotations: None,
            conditional_annotation_indices: Vec::new(),
            next_conditional_annotation_index: 0,
            seq: self.scratch.new_sequence(),
            stashed_seq: None,
            fblocks: Vec::new(),
            in_inlined_comp: 0,
            in_conditional_block: 0,
            md,
            small_ints: Default::default(),
            none_index: None,
            name_slots: Vec::new(),
        };
        self.units.push(unit);
        if scope_type != ScopeType::Module {
            self.set_qualname();
        }
        Ok(())
    }

    /// `compiler_set_qualname`
    fn set_qualname(&mut self) {
        let n = self.units.len();
        // CPython's c_stack holds the enclosing units only: stack_size = n - 1.
        let stack_size = n - 1;
        // The qualname is built in place: the parent's, `.<locals>` after a function,
        // then the name.
        let mut qualname = String::new();
        if stack_size > 1 {
            let mut parent_i = n - 2;
            if self.units[parent_i].scope_type == ScopeType::Annotations {
                if stack_size == 2 {
                    let name = self.units[n - 1].md.name.clone();
                    self.units[n - 1].md.qualname = name;
                    return;
                }
                parent_i = n - 3;
            }
            let u = &self.units[n - 1];
            let parent = &self.units[parent_i];
            let mut force_global = false;
            if matches!(
                u.scope_type,
                ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Class
            ) {
                let mangled = names::mangle(parent.private.as_deref(), &u.md.name);
                if self.st.entries[parent.ste].scope(&mangled) == Scope::GlobalExplicit {
                    force_global = true;
                }
            }
            if !force_global {
                const LOCALS: &str = ".<locals>";
                qualname.reserve(parent.md.qualname.len() + LOCALS.len() + 1 + u.md.name.len());
                qualname.push_str(&parent.md.qualname);
                if matches!(
                    parent.scope_type,
                    ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Lambda
                ) {
                    qualname.push_str(LOCALS);
                }
                qualname.push('.');
            }
        }
        let u = &mut self.units[n - 1];
        qualname.push_str(&u.md.name);
        u.md.qualname = qualname;
    }

    /// `_PyCompile_ExitScope`
    pub(crate) fn exit_scope(&mut self) {
        if !self.codegen_only {
            // Dropped where it is (popping would first move the whole unit out).
            self.units.truncate(self.units.len().saturating_sub(1));
            return;
        }
        let Some(u) = self.units.pop() else {
            return;
        };
        if let Some(parent) = self.units.last_mut() {
            parent.seq.nested.push(u.seq);
        }
    }

    /// `compute_code_flags`
    fn compute_code_flags(&self) -> u32 {
        let ste = self.ste();
        let mut fl = 0;
        if ste.is_function_like() {
            fl |= co_flags::NEWLOCALS | co_flags::OPTIMIZED;
            if ste.nested {
                fl |= co_flags::NESTED;
            }
            if ste.generator && !ste.coroutine {
                fl |= co_flags::GENERATOR;
            }
            if ste.generator && ste.coroutine {
                fl |= co_flags::ASYNC_GENERATOR;
            }
            if ste.varargs {
                fl |= co_flags::VARARGS;
            }
            if ste.varkeywords {
                fl |= co_flags::VARKEYWORDS;
            }
            if ste.has_docstring {
                fl |= co_flags::HAS_DOCSTRING;
            }
            if ste.method {
                fl |= co_flags::METHOD;
            }
        }
        if ste.coroutine && !ste.generator {
            fl |= co_flags::COROUTINE;
        }
        fl | (self.future.features & PYCF_MASK)
    }

    /// `_PyCodegen_AddReturnAtEnd` + `_PyCompile_OptimizeAndAssemble`: the current unit's
    /// code object (the unit stays current; the caller exits the scope).
    pub(crate) fn optimize_and_assemble(&mut self, add_none: bool) -> CResult<CodeObject> {
        let code_flags = self.compute_code_flags();
        if add_none {
            self.load_none(NO_LOC);
        }
        self.addop(Op::RETURN_VALUE, NO_LOC);
        let n = self.units.len();
        let u = &mut self.units[n - 1];
        if self.codegen_only {
            return Ok(stub_code(&u.seq, &u.md, code_flags, &self.filename));
        }
        let start = std::time::Instant::now();
        // The unit is left right after this (`exit_scope`): its sequence and constants
        // move into the assembler instead of being copied.
        let seq = std::mem::take(&mut u.seq);
        let mut md = std::mem::take(&mut u.md);
        let consts = std::mem::take(&mut md.consts)
            .into_keys()
            .map(|c| c.0)
            .collect();
        let co = crate::unit::optimize_and_assemble_owned(
            seq,
            consts,
            md,
            &mut self.const_cache,
            code_flags,
            &self.filename,
            &mut self.scratch,
        );
        self.assemble_time += start.elapsed();
        co
    }

    /// `_PyCompile_GetRefType`
    pub(crate) fn get_ref_type(&self, name: &str) -> Scope {
        if self.scope_type() == ScopeType::Class
            && matches!(
                name,
                "__class__" | "__classdict__" | "__conditional_annotations__"
            )
        {
            return Scope::Cell;
        }
        self.ste().scope(name)
    }

    /// `codegen_make_closure`
    pub(crate) fn make_closure(
        &mut self,
        loc: SourceLocation,
        co: CodeObject,
        mut fl: u32,
    ) -> CResult {
        let mut nfrees = 0;
        for (name, _) in co
            .localsplusnames
            .iter()
            .zip(&co.localspluskinds)
            .filter(|(_, k)| **k & fast_kind::FREE != 0)
        {
            let arg = if self.get_ref_type(name) == Scope::Cell {
                self.ur()
                    .md
                    .cellvars
                    .get_index_of(name.as_str())
                    .map(|i| i as i32)
            } else {
                let ncells = self.ur().md.cellvars.len();
                self.ur()
                    .md
                    .freevars
                    .get_index_of(name.as_str())
                    .map(|i| (ncells + i) as i32)
            };
            let Some(arg) = arg else {
                return Err(CompileError::Unsupported(
                    "closure variable missing from the enclosing scope",
                ));
            };
            self.addop_i(Op::LOAD_CLOSURE, arg, loc);
            nfrees += 1;
        }
        if nfrees > 0 {
            fl |= make_fn::CLOSURE;
            self.addop_i(Op::BUILD_TUPLE, nfrees, loc);
        }
        self.load_const(ConstValue::Code(Arc::new(co)), loc);
        self.addop(Op::MAKE_FUNCTION, loc);
        for bit in [
            make_fn::CLOSURE,
            make_fn::ANNOTATIONS,
            make_fn::ANNOTATE,
            make_fn::KWDEFAULTS,
            make_fn::DEFAULTS,
        ] {
            if fl & bit != 0 {
                self.addop_i(Op::SET_FUNCTION_ATTRIBUTE, bit as i32, loc);
            }
        }
        Ok(())
    }

    /// `codegen_enter_scope`: enter, then `RESUME` (and the module's annotations
    /// placeholder).
    pub(crate) fn codegen_enter_scope(
        &mut self,
        name: &str,
        scope_type: ScopeType,
        key: BlockKey,
        lineno: i32,
        private: Option<&str>,
        umd: Option<(u32, u32, u32)>,
    ) -> CResult {
        self.enter_scope(name, scope_type, key, lineno, private, umd)?;
        let mut l = SourceLocation::new(lineno, lineno, 0, 0);
        if scope_type == ScopeType::Module {
            l.lineno = 0;
        }
        self.addop_i(Op::RESUME, resume::AT_FUNC_START, l);
        if scope_type == ScopeType::Module {
            self.addop(Op::ANNOTATIONS_PLACEHOLDER, l);
        }
        Ok(())
    }

    /// `compiler_mod`: the module (expression, interactive statement) code object.
    pub fn compile_mod(&mut self, m: &'a ast::Mod) -> CResult<CodeObject> {
        self.codegen_enter_scope(
            "<module>",
            ScopeType::Module,
            BlockKey::module(m),
            1,
            None,
            None,
        )?;
        let add_none = !matches!(m, ast::Mod::Expression { .. });
        match m {
            ast::Mod::Module { body, .. } => {
                self.codegen_module(start_location(body), body, false)?;
            }
            ast::Mod::Interactive { body } => {
                self.interactive = true;
                self.codegen_module(start_location(body), body, true)?;
            }
            ast::Mod::Expression { body } => {
                self.visit_expr(body)?;
            }
            ast::Mod::FunctionType { .. } => {
                return Err(CompileError::Unsupported("func_type mode"));
            }
        }
        let co = self.optimize_and_assemble(add_none);
        self.exit_scope();
        co
    }

    /// `_PyCodegen_Module`
    fn codegen_module(
        &mut self,
        l: SourceLocation,
        body: &'a [ast::Stmt],
        is_interactive: bool,
    ) -> CResult {
        if self.ste().has_conditional_annotations {
            self.addop_i(Op::BUILD_SET, 0, l);
            let i = self.name_index("__conditional_annotations__");
            self.addop_i(Op::STORE_NAME, i, l);
        }
        self.codegen_body(l, body, is_interactive)
    }
}

/// A code object carrying only what the enclosing unit reads (names, free variables),
/// for codegen-only runs.
fn stub_code(seq: &InstrSequence, md: &CodeUnitMetadata, flags: u32, filename: &str) -> CodeObject {
    // The raw instructions stand in for co_code, so different units stay different.
    let mut code = Vec::new();
    for i in &seq.instrs {
        code.extend_from_slice(&i.opcode.to_le_bytes());
        code.extend_from_slice(&i.oparg.to_le_bytes());
        for v in [
            i.loc.lineno,
            i.loc.end_lineno,
            i.loc.col_offset,
            i.loc.end_col_offset,
        ] {
            code.extend_from_slice(&v.to_le_bytes());
        }
    }
    let mut names = Vec::new();
    let mut kinds = Vec::new();
    for v in &md.varnames {
        names.push(v.clone());
        kinds.push(fast_kind::LOCAL);
    }
    for v in &md.cellvars {
        if let Some(i) = names.iter().position(|n| n == v) {
            kinds[i] |= fast_kind::CELL;
        } else {
            names.push(v.clone());
            kinds.push(fast_kind::CELL);
        }
    }
    for v in &md.freevars {
        names.push(v.clone());
        kinds.push(fast_kind::FREE);
    }
    CodeObject {
        argcount: md.argcount,
        posonlyargcount: md.posonlyargcount,
        kwonlyargcount: md.kwonlyargcount,
        stacksize: 0,
        flags,
        code,
        consts: md.consts.keys().map(|c| c.0.clone()).collect(),
        names: md.names.iter().cloned().collect(),
        localsplusnames: names,
        localspluskinds: kinds,
        filename: filename.to_string(),
        name: md.name.clone(),
        qualname: md.qualname.clone(),
        firstlineno: md.firstlineno,
        linetable: Vec::new(),
        exceptiontable: Vec::new(),
    }
}

/// One code unit's instruction sequence from [`codegen_units`], labels resolved to
/// instruction indices (`_PyCompile_CodeGen`'s view).
#[derive(Clone, Debug)]
pub struct CodegenUnit {
    /// `co_qualname` of the unit.
    pub qualname: String,
    /// `(opcode, oparg, lineno, end_lineno, col_offset, end_col_offset)` per instruction.
    pub instrs: Vec<[i32; 6]>,
}

/// What [`codegen_units`] returns.
#[derive(Clone, Debug)]
pub struct CodegenOutput {
    /// The module first, then each unit's nested units in the order they were finished.
    pub units: Vec<CodegenUnit>,
    /// The SyntaxWarnings of preprocessing, the symbol table and codegen, in order.
    pub warnings: Vec<CompileWarning>,
}

/// Codegen only, as `_testinternalcapi.compiler_codegen`: every unit's sequence before
/// the flowgraph, and the warnings. For tests and parity tools.
pub fn codegen_units(
    module: &ast::Mod,
    filename: &str,
    optimize: u8,
) -> Result<CodegenOutput, CompileError> {
    let mut m = module.clone();
    let future = crate::future::future_features(&m)?;
    let mut warnings = Vec::new();
    preprocess::preprocess(
        &mut m,
        optimize,
        future.features & crate::future::CO_FUTURE_ANNOTATIONS != 0,
        &mut warnings,
    );
    let st = crate::symtable::build(&m, filename, &future)?;
    warnings.extend(st.warnings.iter().cloned());
    let interactive = matches!(m, ast::Mod::Interactive { .. });
    let mut c = Compiler::new(st, future, optimize, interactive, filename);
    c.codegen_only = true;
    c.codegen_enter_scope(
        "<module>",
        ScopeType::Module,
        BlockKey::module(&m),
        1,
        None,
        None,
    )?;
    match &m {
        ast::Mod::Module { body, .. } => c.codegen_module(start_location(body), body, false)?,
        ast::Mod::Interactive { body } => {
            c.interactive = true;
            c.codegen_module(start_location(body), body, true)?
        }
        ast::Mod::Expression { body } => c.visit_expr(body)?,
        ast::Mod::FunctionType { .. } => {}
    }
    let add_none = !matches!(m, ast::Mod::Expression { .. });
    if add_none {
        c.load_none(NO_LOC);
    }
    c.addop(Op::RETURN_VALUE, NO_LOC);
    warnings.append(&mut c.warnings);
    let mut units = Vec::new();
    if let Some(top) = c.units.pop() {
        flatten(top.md.qualname.clone(), top.seq, &mut units);
    }
    Ok(CodegenOutput { units, warnings })
}

fn flatten(qualname: String, mut seq: InstrSequence, out: &mut Vec<CodegenUnit>) {
    let nested = std::mem::take(&mut seq.nested);
    seq.apply_label_map(|op| {
        Op::from_number(op).is_some_and(|o| {
            crate::generated::metadata::has_jump(o)
                || matches!(o, Op::SETUP_FINALLY | Op::SETUP_CLEANUP | Op::SETUP_WITH)
        })
    });
    let instrs = seq
        .instrs
        .iter()
        .map(|i| {
            [
                i32::from(i.opcode),
                i.oparg,
                i.loc.lineno,
                i.loc.end_lineno,
                i.loc.col_offset,
                i.loc.end_col_offset,
            ]
        })
        .collect();
    out.push(CodegenUnit { qualname, instrs });
    for n in nested {
        flatten(String::new(), n, out);
    }
}

/// `PyCF_MASK`: the future flags a code object inherits.
const PYCF_MASK: u32 =
    0x2_0000 | 0x4_0000 | 0x8_0000 | 0x10_0000 | 0x20_0000 | 0x40_0000 | 0x80_0000 | 0x100_0000;

/// `start_location`
fn start_location(body: &[ast::Stmt]) -> SourceLocation {
    match body.first() {
        Some(s) => loc(&s.loc),
        None => SourceLocation::new(1, 1, 0, 0),
    }
}

/// Whether the block is a class block.
#[inline]
pub(crate) fn is_class(ste: &SymbolTableEntry) -> bool {
    ste.block_type == BlockType::Class
}
