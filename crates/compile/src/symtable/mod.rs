//! Port of Python/symtable.c and Include/internal/pycore_symtable.h: the symbol table
//! (scopes, and every name's binding in each) that codegen asks for names' scopes.
//!
//! This file is the contract codegen builds on; the work is done in `builder` and
//! `visit` (pass 1: the raw facts of every name, `symtable_visit_*`), `analyze` (pass 2:
//! scopes, cells, free variables, inlined comprehensions, `analyze_block`) and
//! [`mangle`] (`_Py_Mangle`, `_Py_MaybeMangle`).
//!
//! # Block keys
//! CPython keys `st_blocks` by the address of an AST node; here a [`BlockKey`] is the
//! address of the same Rust item plus a [`tag`] (every kind of key has its own tag, so
//! two keys made from one node — or from a node and its first field — never meet).
//! Build keys with the [`BlockKey`] constructors, always on the tree that was given
//! to [`build`] (the same allocations, not a clone; the nodes are boxed or in `Vec`s,
//! so moving the `Mod` itself is fine):
//!
//! | block | CPython key | oxpy key |
//! |---|---|---|
//! | module (`top`) | `mod` | [`BlockKey::module`]`(&Mod)` (address 0, tag [`tag::MODULE`]; also [`SymbolTable::top`]) |
//! | function / async function | the `stmt` | [`BlockKey::node`]`(&Stmt)` (tag `NODE`) |
//! | class | the `stmt` | [`BlockKey::node`]`(&Stmt)` (tag `NODE`) |
//! | type alias value (`TypeAliasBlock`) | the `TypeAlias` `stmt` | [`BlockKey::node`]`(&Stmt)` (tag `NODE`) |
//! | lambda | the `expr` | [`BlockKey::node`]`(&Expr)` (tag `NODE`) |
//! | list/set/dict comprehension, generator expression | the `expr` | [`BlockKey::node`]`(&Expr)` (tag `NODE`) |
//! | type parameters of a generic def/class/type alias | the `type_params` seq | [`BlockKey::type_params`]`(&Box<[TypeParam]>)` (the field of the `Stmt`; tag [`tag::TYPE_PARAMS`]) |
//! | `__annotate__` of a function (its parameters and return annotations) | the `arguments` | [`BlockKey::function_annotations`]`(&Arguments)` (deref the `Box`; tag [`tag::FUNCTION_ANNOTATIONS`]) |
//! | `__annotate__` of a module, class or function body (`AnnAssign`s) | `ste_id + 1` of that block | [`BlockKey::annotations_of`]`(key of that block)` (same address, tag [`tag::BLOCK_ANNOTATIONS`]); also [`SymbolTableEntry::annotation_block`] |
//! | `TypeVar` bound / constraints | the `type_param` | [`BlockKey::type_param_bound`]`(&TypeParam)` (tag [`tag::TYPE_PARAM_BOUND`]) |
//! | `TypeVar` default | `type_param + 1` | [`BlockKey::type_param_default`]`(&TypeParam)` (tag [`tag::TYPE_PARAM_DEFAULT`]) |
//! | `ParamSpec` / `TypeVarTuple` default | the `type_param` | [`BlockKey::type_param_bound`]`(&TypeParam)` (tag `TYPE_PARAM_BOUND`, as CPython uses the node itself) |
//!
//! Under `from __future__ import annotations` the annotation blocks are still built
//! (and keyed as above) but, as in CPython, are nobody's children and are not analyzed.
//!
//! CPython's `compile()` builds the table on the preprocessed tree
//! (`_PyAST_Preprocess`: `__debug__` is a constant there), the `symtable` module on the
//! tree as parsed; codegen must look blocks up in the tree it gave to [`build`].
//!
//! # Which errors are the symtable's
//! Raised here (all `SyntaxError`, at the node's location with 1-based byte offsets,
//! `col_offset + 1` and `end_col_offset + 1` as CPython's `SET_ERROR_LOCATION` does —
//! CPython does not convert these to character offsets), in the order the visit meets
//! them, and before any codegen error:
//! - `name 'x' is parameter and global` / `… and nonlocal`, `name 'x' is assigned to
//!   before global declaration` / `… nonlocal …`, `name 'x' is used prior to global
//!   declaration` / `… nonlocal …`, `annotated name 'x' can't be global` / `… nonlocal`;
//! - `duplicate argument 'a' in function definition`, `duplicate type parameter 'T'`,
//!   `reserved name '__classdict__' cannot be used for type parameter`;
//! - `import * only allowed at module level`, `from __future__ imports must occur at the
//!   beginning of the file` (and, from [`crate::future`], `future feature x is not
//!   defined`, `not a chance`);
//! - `cannot assign to __debug__`, `cannot delete __debug__`;
//! - `'await' outside function`, `'await' outside async function`, `'async with' outside
//!   async function`, `'async for' outside async function`, `asynchronous comprehension
//!   outside of an asynchronous function`, `'yield' inside list comprehension` (set, dict,
//!   generator expression);
//! - assignment expressions: `assignment expression cannot rebind comprehension iteration
//!   variable 'x'`, `comprehension inner loop cannot rebind assignment expression target
//!   'x'`, `assignment expression cannot be used in a comprehension iterable expression`,
//!   `assignment expression within a comprehension cannot be used in a class body` (in a
//!   TypeVar bound, a type alias, within the definition of a generic);
//! - `named expression` / `yield expression` / `await expression` `cannot be used within
//!   an annotation` (`within a TypeVar bound`, `… constraint`, `… default`, `within a
//!   ParamSpec default`, `within a TypeVarTuple default`, `within a type alias`, `within
//!   the definition of a generic`);
//! - pass 2: `nonlocal declaration not allowed at module level`, `no binding for nonlocal
//!   'x' found`, `name 'x' is nonlocal and global`, `nonlocal binding not allowed for
//!   type parameter 'T'` (at the `nonlocal`/`global` statement).
//!
//! Codegen raises the rest: `'return' outside function`, `'yield' outside function`,
//! `'return' with value in async generator`, `'yield from' inside async function`,
//! `'break' outside loop`, `'continue' not properly in loop`, `too many expressions in
//! star-unpacking assignment`, the pattern-matching errors, and so on. The symtable raises
//! no warnings in 3.14.

use std::rc::Rc;

use crate::fast_hash::{FastHashMap, FastIndexMap};

use crate::error::CompileError;
use crate::instr_sequence::SourceLocation;
use oxpy_parser::ast;

mod analyze;
mod builder;
pub mod mangle;
mod visit;

pub use mangle::{mangle, maybe_mangle};

/// `_Py_block_ty`: the kind of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    /// `FunctionBlock` (also lambdas and comprehensions).
    Function,
    /// `ClassBlock`
    Class,
    /// `ModuleBlock`
    Module,
    /// `AnnotationBlock`: a PEP 649 `__annotate__` scope.
    Annotation,
    /// `TypeVariableBlock`: the lazily evaluated bound/constraints/default of a type parameter.
    TypeVariable,
    /// `TypeAliasBlock`: the lazily evaluated value of a `type` statement.
    TypeAlias,
    /// `TypeParametersBlock`: the scope holding a generic's type parameters.
    TypeParameters,
}

/// `_Py_comprehension_ty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ComprehensionType {
    /// `NoComprehension`
    #[default]
    None,
    /// `ListComprehension`
    List,
    /// `DictComprehension`
    Dict,
    /// `SetComprehension`
    Set,
    /// `GeneratorExpression`
    Generator,
}

/// Def-use flags of a symbol (`DEF_*`, `USE`), and its resolved scope in the bits above
/// [`SCOPE_OFFSET`].
pub mod flags {
    /// `DEF_GLOBAL`: global statement.
    pub const DEF_GLOBAL: u32 = 1;
    /// `DEF_LOCAL`: assignment in the block.
    pub const DEF_LOCAL: u32 = 2;
    /// `DEF_PARAM`: formal parameter.
    pub const DEF_PARAM: u32 = 2 << 1;
    /// `DEF_NONLOCAL`: nonlocal statement.
    pub const DEF_NONLOCAL: u32 = 2 << 2;
    /// `USE`: the name is used.
    pub const USE: u32 = 2 << 3;
    /// `DEF_FREE_CLASS`: free variable from a class's method.
    pub const DEF_FREE_CLASS: u32 = 2 << 5;
    /// `DEF_IMPORT`: bound by an import.
    pub const DEF_IMPORT: u32 = 2 << 6;
    /// `DEF_ANNOT`: the name is annotated.
    pub const DEF_ANNOT: u32 = 2 << 7;
    /// `DEF_COMP_ITER`: a comprehension iteration variable.
    pub const DEF_COMP_ITER: u32 = 2 << 8;
    /// `DEF_TYPE_PARAM`: a type parameter.
    pub const DEF_TYPE_PARAM: u32 = 2 << 9;
    /// `DEF_COMP_CELL`: a cell in an inlined comprehension.
    pub const DEF_COMP_CELL: u32 = 2 << 10;
    /// `DEF_BOUND`
    pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
    /// `SCOPE_OFFSET`: where the resolved scope starts in a symbol's flags.
    pub const SCOPE_OFFSET: u32 = 12;
    /// `SCOPE_MASK`
    pub const SCOPE_MASK: u32 = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL;
}

/// The resolved scope of a name in a block (`LOCAL` … `CELL`), 0 when unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Not in the block's symbols.
    Unknown = 0,
    /// `LOCAL`
    Local = 1,
    /// `GLOBAL_EXPLICIT`
    GlobalExplicit = 2,
    /// `GLOBAL_IMPLICIT`
    GlobalImplicit = 3,
    /// `FREE`
    Free = 4,
    /// `CELL`
    Cell = 5,
}

impl Scope {
    /// `SYMBOL_TO_SCOPE`: the resolved scope held in a symbol's flags.
    #[inline]
    pub fn of_flags(flags: u32) -> Scope {
        match (flags >> flags::SCOPE_OFFSET) & flags::SCOPE_MASK {
            1 => Scope::Local,
            2 => Scope::GlobalExplicit,
            3 => Scope::GlobalImplicit,
            4 => Scope::Free,
            5 => Scope::Cell,
            _ => Scope::Unknown,
        }
    }
}

/// The key of a block in [`SymbolTable::blocks`]: as CPython, the address of the AST
/// item that opens the block (the `Stmt` of a def/class, the `Expr` of a lambda or
/// comprehension, the `Mod`, the `Vec` of type parameters, …), plus a tag telling the
/// kinds of keys apart where CPython derives a second key from the same node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockKey {
    /// Address of the AST item.
    pub addr: usize,
    /// Which key of that item (0 for the item itself).
    pub tag: u8,
}

/// The tags of [`BlockKey`]s: one per kind of key (see the table in the module docs).
pub mod tag {
    /// The node that opens the block: a def/class/type-alias `Stmt`, a lambda or
    /// comprehension `Expr`.
    pub const NODE: u8 = 0;
    /// The `type_params` of a generic def, class or type alias (`Box<[TypeParam]>`).
    pub const TYPE_PARAMS: u8 = 1;
    /// The `Arguments` of a function: its `__annotate__` block.
    pub const FUNCTION_ANNOTATIONS: u8 = 2;
    /// The `__annotate__` block of a module, class or function body (`ste_id + 1`).
    pub const BLOCK_ANNOTATIONS: u8 = 3;
    /// A `TypeParam`: the bound or constraints of a `TypeVar`, the default of a
    /// `ParamSpec` or `TypeVarTuple`.
    pub const TYPE_PARAM_BOUND: u8 = 4;
    /// A `TypeParam`: the default of a `TypeVar` (`tp + 1`).
    pub const TYPE_PARAM_DEFAULT: u8 = 5;
    /// The module (address 0: the `Mod` itself may move, its nodes do not).
    pub const MODULE: u8 = 6;
}

/// The AST types whose nodes open blocks ([`BlockKey::node`]).
pub trait KeyNode: private::Sealed {}
impl KeyNode for ast::Stmt {}
impl KeyNode for ast::Expr {}
mod private {
    pub trait Sealed {}
    impl Sealed for oxpy_parser::ast::Stmt {}
    impl Sealed for oxpy_parser::ast::Expr {}
}

impl BlockKey {
    /// The key of `item` with `tag`.
    #[inline]
    pub fn of<T>(item: &T, tag: u8) -> Self {
        BlockKey {
            addr: item as *const T as usize,
            tag,
        }
    }

    /// The module's block. Not the address of the `Mod` (a value that moves when
    /// returned): one fixed key, there is one module per table.
    pub fn module(module: &ast::Mod) -> Self {
        let _ = module;
        BlockKey {
            addr: 0,
            tag: tag::MODULE,
        }
    }

    /// The block a node opens: a def/class/type-alias `Stmt` or a lambda/comprehension
    /// `Expr` (only those two types, so that a `&Box<Expr>` cannot slip in).
    #[inline]
    pub fn node<T: KeyNode>(node: &T) -> Self {
        Self::of(node, tag::NODE)
    }

    /// The type-parameter block of a generic (its `type_params` field).
    // The key is the field's address: an empty sequence has no address of its own.
    #[allow(clippy::borrowed_box)]
    pub fn type_params(type_params: &Box<[ast::TypeParam]>) -> Self {
        Self::of(type_params, tag::TYPE_PARAMS)
    }

    /// The `__annotate__` block of a function's parameters and return.
    pub fn function_annotations(args: &ast::Arguments) -> Self {
        Self::of(args, tag::FUNCTION_ANNOTATIONS)
    }

    /// The `__annotate__` block of the `AnnAssign`s in the block keyed `parent`.
    pub fn annotations_of(parent: BlockKey) -> Self {
        BlockKey {
            addr: parent.addr,
            tag: tag::BLOCK_ANNOTATIONS,
        }
    }

    /// The block of a `TypeVar`'s bound, or a `ParamSpec`/`TypeVarTuple` default.
    pub fn type_param_bound(tp: &ast::TypeParam) -> Self {
        Self::of(tp, tag::TYPE_PARAM_BOUND)
    }

    /// The block of a `TypeVar`'s default.
    pub fn type_param_default(tp: &ast::TypeParam) -> Self {
        Self::of(tp, tag::TYPE_PARAM_DEFAULT)
    }
}

/// Index of an entry in [`SymbolTable::entries`].
pub type BlockId = usize;

/// `PySTEntryObject`: one block.
#[derive(Clone, Debug)]
pub struct SymbolTableEntry {
    /// `ste_id`
    pub key: BlockKey,
    /// `ste_name`
    pub name: String,
    /// `ste_function_name`: for annotation blocks, the function's name.
    pub function_name: Option<String>,
    /// `ste_symbols`: name → flags (with the scope above `SCOPE_OFFSET`), insertion order.
    /// The names are shared: one allocation per distinct name of the module.
    pub symbols: FastIndexMap<Rc<str>, u32>,
    /// `ste_varnames`: the parameters, in order.
    pub varnames: Vec<String>,
    /// `ste_children`
    pub children: Vec<BlockId>,
    /// `ste_mangled_names`: names that get private mangling (type parameter scopes).
    pub mangled_names: Option<Vec<String>>,
    /// `ste_type`
    pub block_type: BlockType,
    /// `ste_nested`
    pub nested: bool,
    /// `ste_generator`
    pub generator: bool,
    /// `ste_coroutine`
    pub coroutine: bool,
    /// `ste_annotations_used`
    pub annotations_used: bool,
    /// `ste_comprehension`
    pub comprehension: ComprehensionType,
    /// `ste_varargs`
    pub varargs: bool,
    /// `ste_varkeywords`
    pub varkeywords: bool,
    /// `ste_returns_value`
    pub returns_value: bool,
    /// `ste_needs_class_closure`
    pub needs_class_closure: bool,
    /// `ste_needs_classdict`
    pub needs_classdict: bool,
    /// `ste_has_conditional_annotations`
    pub has_conditional_annotations: bool,
    /// `ste_in_unevaluated_annotation`
    pub in_unevaluated_annotation: bool,
    /// `ste_comp_inlined`
    pub comp_inlined: bool,
    /// `ste_comp_iter_target`
    pub comp_iter_target: bool,
    /// `ste_can_see_class_scope`
    pub can_see_class_scope: bool,
    /// `ste_has_docstring`
    pub has_docstring: bool,
    /// `ste_method`
    pub method: bool,
    /// `ste_comp_iter_expr`
    pub comp_iter_expr: i32,
    /// `ste_loc`
    pub loc: SourceLocation,
    /// `ste_annotation_block`
    pub annotation_block: Option<BlockId>,
}

impl SymbolTableEntry {
    /// `_PyST_GetSymbol`: the flags of `name`, 0 when absent.
    #[inline]
    pub fn symbol(&self, name: &str) -> u32 {
        self.symbols
            .get(&crate::fast_hash::Name(name))
            .copied()
            .unwrap_or(0)
    }

    /// `_PyST_GetScope`: the resolved scope of `name`.
    #[inline]
    pub fn scope(&self, name: &str) -> Scope {
        Scope::of_flags(self.symbol(name))
    }

    /// `_PyST_IsFunctionLike`: function, annotation and type-parameter-ish blocks.
    #[inline]
    pub fn is_function_like(&self) -> bool {
        matches!(
            self.block_type,
            BlockType::Function
                | BlockType::Annotation
                | BlockType::TypeVariable
                | BlockType::TypeAlias
                | BlockType::TypeParameters
        )
    }
}

/// `struct symtable`: every block of one module, the top block first.
#[derive(Clone, Debug)]
pub struct SymbolTable {
    /// All entries; index 0 is the module (`st_top`).
    pub entries: Vec<SymbolTableEntry>,
    /// `st_blocks`: key → entry.
    pub blocks: FastHashMap<BlockKey, BlockId>,
    /// SyntaxWarnings raised while building (none are errors).
    pub warnings: Vec<crate::error::CompileWarning>,
}

impl SymbolTable {
    /// `_PySymtable_Lookup`: the block opened by `key`.
    pub fn lookup(&self, key: BlockKey) -> Option<&SymbolTableEntry> {
        self.blocks.get(&key).map(|&id| &self.entries[id])
    }

    /// The module's block.
    pub fn top(&self) -> &SymbolTableEntry {
        &self.entries[0]
    }
}

/// Empties `table`, giving its memory to the next table built on this thread (what
/// the compiler does when codegen is done with it).
pub fn recycle(table: &mut SymbolTable) {
    builder::recycle(table);
}

/// `_PySymtable_Build`: the symbol table of `module`, or the SyntaxError CPython's
/// symtable raises. `future` holds the module's future features
/// ([`crate::future::future_features`]) with the compile flags merged in
/// (e.g. [`crate::future::PY_CF_ALLOW_TOP_LEVEL_AWAIT`]). `filename` is not needed
/// (errors carry no file), it is kept for CPython's signature.
pub fn build(
    module: &ast::Mod,
    filename: &str,
    future: &crate::future::FutureFeatures,
) -> Result<SymbolTable, CompileError> {
    let _ = filename;
    builder::Builder::build(module, future)
}
