//! Port of Python/symtable.c and Include/internal/pycore_symtable.h: the symbol table
//! (scopes, and every name's binding in each) that codegen asks for names' scopes.
//!
//! This file is the contract codegen builds on. Blocks are keyed as CPython keys them
//! (`st_blocks`: the address of the AST node that opens the block), see [`BlockKey`].

use indexmap::IndexMap;

use crate::error::CompileError;
use crate::instr_sequence::SourceLocation;
use oxpy_parser::ast;

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

impl BlockKey {
    /// The key of `item` with `tag`.
    pub fn of<T>(item: &T, tag: u8) -> Self {
        BlockKey {
            addr: item as *const T as usize,
            tag,
        }
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
    pub symbols: IndexMap<String, u32>,
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
    pub fn symbol(&self, name: &str) -> u32 {
        self.symbols.get(name).copied().unwrap_or(0)
    }

    /// `_PyST_GetScope`: the resolved scope of `name`.
    pub fn scope(&self, name: &str) -> Scope {
        match (self.symbol(name) >> flags::SCOPE_OFFSET) & flags::SCOPE_MASK {
            1 => Scope::Local,
            2 => Scope::GlobalExplicit,
            3 => Scope::GlobalImplicit,
            4 => Scope::Free,
            5 => Scope::Cell,
            _ => Scope::Unknown,
        }
    }

    /// `_PyST_IsFunctionLike`: function, annotation and type-parameter-ish blocks.
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
    pub blocks: std::collections::HashMap<BlockKey, BlockId>,
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

/// `_PySymtable_Build`: the symbol table of `module`, or the SyntaxError CPython's
/// symtable raises.
pub fn build(
    module: &ast::Mod,
    filename: &str,
    future: &crate::future::FutureFeatures,
) -> Result<SymbolTable, CompileError> {
    let _ = (module, filename, future);
    Err(CompileError::Unsupported("symtable not written yet"))
}
