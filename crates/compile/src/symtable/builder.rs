//! Port of the block and definition bookkeeping of Python/symtable.c (`ste_new`,
//! `symtable_enter_block`, `symtable_add_def`, directives, error locations) and of
//! `_PySymtable_Build`.

use std::borrow::Cow;
use std::rc::Rc;

use std::hash::BuildHasher;

use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};

use crate::fast_hash::{FastBuildHasher, FastHashMap, FastIndexMap, same_str};
use oxpy_parser::{Location, ast};

use super::mangle::maybe_mangle_in;
use super::{
    BlockId, BlockKey, BlockType, ComprehensionType, SymbolTable, SymbolTableEntry, flags::*,
};
use crate::error::{CompileError, ErrorLocation};
use crate::future::{
    CO_FUTURE_ANNOTATIONS, FutureFeatures, PY_CF_ALLOW_TOP_LEVEL_AWAIT, docstring,
};
use crate::instr_sequence::SourceLocation;

/// `LOCATION(x)`: a node's location as `_Py_SourceLocation`.
#[inline]
pub(super) fn loc(l: &Location) -> SourceLocation {
    SourceLocation::new(l.lineno, l.end_lineno, l.col_offset, l.end_col_offset)
}

/// `SET_ERROR_LOCATION`: a SyntaxError at `l` (1-based byte offsets).
pub(super) fn syntax_error(message: String, l: SourceLocation) -> CompileError {
    CompileError::Syntax {
        message,
        location: ErrorLocation {
            lineno: l.lineno,
            offset: l.col_offset + 1,
            end_lineno: l.end_lineno,
            end_offset: l.end_col_offset + 1,
        },
    }
}

/// `expr_context_ty` as `check_name` sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    Load,
    Store,
    Del,
}

impl From<ast::ExprContext> for Ctx {
    fn from(c: ast::ExprContext) -> Self {
        match c {
            ast::ExprContext::Load => Ctx::Load,
            ast::ExprContext::Store => Ctx::Store,
            ast::ExprContext::Del => Ctx::Del,
        }
    }
}

/// What the builder keeps of a block besides the contract's fields.
#[derive(Default)]
pub(super) struct Extra {
    /// `ste_directives`: (mangled name, location) of each `global`/`nonlocal` name.
    pub directives: Vec<(String, SourceLocation)>,
    /// `ste_scope_info`: what a TypeVariable block holds, for error messages.
    pub scope_info: Option<&'static str>,
    /// `ste_in_conditional_block`
    pub in_conditional_block: bool,
    /// `ste_mangled_names`: index of the (shared) set in `Builder::mangled_sets`.
    pub mangled: Option<usize>,
}

/// `struct symtable` while pass 1 runs.
pub(super) struct Builder<'f> {
    pub entries: Vec<SymbolTableEntry>,
    pub extra: Vec<Extra>,
    pub blocks: FastHashMap<BlockKey, BlockId>,
    /// `st_stack`; its last element is `st_cur`.
    stack: Vec<BlockId>,
    /// `st_top` (whose symbols are `st_global`).
    pub top: BlockId,
    /// `st_private`: the name of the class being compiled.
    pub private: Option<String>,
    pub future: &'f FutureFeatures,
    /// The sets `ste_mangled_names` point to (shared between a block and its children).
    pub mangled_sets: Vec<Vec<String>>,
    /// Every symbol name met so far, so each block's symbols share one copy.
    pub names: Names,
    /// How deep the visit is in statements, expressions and patterns (when to check
    /// the stack).
    pub depth: u32,
}

impl<'f> Builder<'f> {
    /// `_PySymtable_Build`.
    pub fn build(
        module: &ast::Mod,
        future: &'f FutureFeatures,
    ) -> Result<SymbolTable, CompileError> {
        let pool = POOL.take().unwrap_or_else(|| Pool {
            entries: Vec::with_capacity(256),
            extra: Vec::with_capacity(256),
            blocks: FastHashMap::with_capacity_and_hasher(256, Default::default()),
            names: Names::with_capacity_and_hasher(256, Default::default()),
        });
        let mut names = pool.names;
        names.clear();
        let mut st = Builder {
            entries: pool.entries,
            extra: pool.extra,
            blocks: pool.blocks,
            stack: Vec::new(),
            top: 0,
            private: None,
            future,
            mangled_sets: Vec::new(),
            names,
            depth: 0,
        };
        let r = st.build_in(module);
        // A finished table took the block list and key map (they come back with
        // `recycle`); a failed one leaves them here.
        let mut entries = std::mem::take(&mut st.entries);
        entries.clear();
        let mut extra = std::mem::take(&mut st.extra);
        extra.clear();
        let mut blocks = std::mem::take(&mut st.blocks);
        blocks.clear();
        POOL.set(Some(Pool {
            entries,
            extra,
            blocks,
            names: std::mem::take(&mut st.names),
        }));
        r
    }

    /// [`Builder::build`] with the builder made.
    fn build_in(&mut self, module: &ast::Mod) -> Result<SymbolTable, CompileError> {
        let st = self;
        let loc0 = SourceLocation::new(0, 0, 0, 0);
        st.top = st.enter_block("top", BlockType::Module, BlockKey::module(module), loc0)?;
        match module {
            ast::Mod::Module { body, .. } => {
                if docstring(body).is_some() {
                    st.entries[st.top].has_docstring = true;
                }
                for s in body {
                    st.visit_stmt(s)?;
                }
            }
            ast::Mod::Expression { body } => st.visit_expr(body)?,
            ast::Mod::Interactive { body } => {
                for s in body {
                    st.visit_stmt(s)?;
                }
            }
            ast::Mod::FunctionType { .. } => {
                return Err(CompileError::Unsupported(
                    "this compiler does not handle FunctionTypes",
                ));
            }
        }
        st.exit_block();
        let directives: Vec<Vec<(String, SourceLocation)>> = st
            .extra
            .iter_mut()
            .map(|e| std::mem::take(&mut e.directives))
            .collect();
        for (entry, extra) in st.entries.iter_mut().zip(&st.extra) {
            if let Some(i) = extra.mangled {
                entry.mangled_names = st.mangled_sets.get(i).cloned();
            }
        }
        super::analyze::analyze(&mut st.entries, &directives, st.top, &mut st.names)?;
        Ok(SymbolTable {
            entries: std::mem::take(&mut st.entries),
            blocks: std::mem::take(&mut st.blocks),
            warnings: Vec::new(),
        })
    }

    /// `st_cur`.
    #[inline]
    pub fn cur(&self) -> BlockId {
        self.stack.last().copied().unwrap_or(self.top)
    }

    /// The current block.
    #[inline]
    pub fn ste(&mut self) -> &mut SymbolTableEntry {
        let cur = self.cur();
        &mut self.entries[cur]
    }

    /// The current block, read-only.
    #[inline]
    pub fn ste_ref(&self) -> &SymbolTableEntry {
        &self.entries[self.cur()]
    }

    /// The current block's builder-only state.
    #[inline]
    pub fn cur_extra(&mut self) -> &mut Extra {
        let cur = self.cur();
        &mut self.extra[cur]
    }

    /// The whole stack of open blocks, innermost last.
    pub fn stack(&self) -> &[BlockId] {
        &self.stack
    }

    /// `ste_new`: a new block, registered under `key` but not entered.
    pub fn ste_new(
        &mut self,
        name: &str,
        block_type: BlockType,
        key: BlockKey,
        loc: SourceLocation,
    ) -> BlockId {
        let parent = self.stack.last().map(|&p| &self.entries[p]);
        let nested = parent.is_some_and(|p| p.nested || p.is_function_like());
        let method = parent.is_some_and(|p| p.block_type == BlockType::Class)
            && block_type == BlockType::Function;
        let id = self.entries.len();
        self.entries.push(SymbolTableEntry {
            key,
            name: name.to_string(),
            function_name: None,
            // Most blocks have a few symbols: skip the first regrowths.
            symbols: FastIndexMap::with_capacity_and_hasher(8, Default::default()),
            varnames: Vec::new(),
            children: Vec::new(),
            mangled_names: None,
            block_type,
            nested,
            generator: false,
            coroutine: false,
            annotations_used: false,
            comprehension: ComprehensionType::None,
            varargs: false,
            varkeywords: false,
            returns_value: false,
            needs_class_closure: false,
            needs_classdict: false,
            has_conditional_annotations: false,
            in_unevaluated_annotation: false,
            comp_inlined: false,
            comp_iter_target: false,
            can_see_class_scope: false,
            has_docstring: false,
            method,
            comp_iter_expr: 0,
            loc,
            annotation_block: None,
        });
        self.extra.push(Extra::default());
        self.blocks.insert(key, id);
        id
    }

    /// `symtable_enter_existing_block`: `add_to_children` is false when an annotation
    /// block is entered again for a later annotation.
    pub fn enter_existing_block(&mut self, id: BlockId, add_to_children: bool) {
        let prev = self.stack.last().copied();
        self.stack.push(id);
        if let Some(prev) = prev {
            self.entries[id].comp_iter_expr = self.entries[prev].comp_iter_expr;
            if self.extra[prev].mangled.is_some() && self.entries[id].block_type != BlockType::Class
            {
                self.extra[id].mangled = self.extra[prev].mangled;
            }
        }
        if self.future.features & CO_FUTURE_ANNOTATIONS != 0
            && self.entries[id].block_type == BlockType::Annotation
        {
            return;
        }
        if let Some(prev) = prev
            && add_to_children
        {
            self.entries[prev].children.push(id);
        }
    }

    /// `symtable_enter_block`: a new block, entered; annotation and type blocks get
    /// their `.format` parameter.
    pub fn enter_block(
        &mut self,
        name: &str,
        block_type: BlockType,
        key: BlockKey,
        loc: SourceLocation,
    ) -> Result<BlockId, CompileError> {
        let id = self.ste_new(name, block_type, key, loc);
        self.enter_existing_block(id, true);
        if matches!(
            block_type,
            BlockType::Annotation | BlockType::TypeVariable | BlockType::TypeAlias
        ) {
            // `add_def(".format", DEF_PARAM)` then `add_def(".format", USE)` on the
            // new, empty block: its first symbol and parameter, in one insert.
            let format = intern(&mut self.names, ".format");
            let entry = &mut self.entries[id];
            entry.symbols.insert(format, DEF_PARAM | USE);
            entry.varnames.push(".format".to_owned());
        }
        Ok(id)
    }

    /// `symtable_exit_block`.
    pub fn exit_block(&mut self) {
        self.stack.pop();
    }

    /// The mangled-name set of block `id`, if it has one.
    #[inline]
    fn mangled_of(&self, id: BlockId) -> Option<&[String]> {
        self.extra[id]
            .mangled
            .and_then(|i| self.mangled_sets.get(i))
            .map(Vec::as_slice)
    }

    /// `_Py_MaybeMangle(st_private, ste, name)`.
    #[inline]
    pub fn mangle_in(&self, id: BlockId, name: &str) -> String {
        self.mangle_cow(id, name).into_owned()
    }

    /// [`Builder::mangle_in`], borrowing `name` when it is unchanged.
    #[inline(always)]
    pub fn mangle_cow<'n>(&self, id: BlockId, name: &'n str) -> Cow<'n, str> {
        // Outside a class nothing is mangled, nor a name not starting with `__`.
        if self.private.is_none() || !name.starts_with("__") {
            return Cow::Borrowed(name);
        }
        self.mangle_private(id, name)
    }

    /// [`Builder::mangle_cow`] of a `__` name inside a class.
    #[inline(never)]
    fn mangle_private<'n>(&self, id: BlockId, name: &'n str) -> Cow<'n, str> {
        maybe_mangle_in(self.private.as_deref(), self.mangled_of(id), name)
    }

    /// `symtable_lookup_entry`: the flags of `name` (mangled) in block `id`.
    #[inline]
    pub fn lookup_entry(&self, id: BlockId, name: &str) -> u32 {
        let mangled = self.mangle_cow(id, name);
        self.entries[id].symbol(&mangled)
    }

    /// `symtable_lookup`: in the current block.
    #[inline]
    pub fn lookup(&self, name: &str) -> u32 {
        self.lookup_entry(self.cur(), name)
    }

    /// `symtable_add_def_helper`: records `flag` for `name` in block `id` (the name is
    /// mangled as the current block mangles).
    pub fn add_def_helper(
        &mut self,
        name: &str,
        flag: u32,
        id: BlockId,
        loc: SourceLocation,
    ) -> Result<(), CompileError> {
        let mangled = self.mangle_cow(self.cur(), name);
        // One hash of the name serves every map it is looked up in.
        let hash = hash_name(&mangled);
        let ste = &mut self.entries[id];
        let comp_iter_target = ste.comp_iter_target;
        let check_comp_iter = |val: u32| -> Result<u32, CompileError> {
            if !comp_iter_target {
                return Ok(val);
            }
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(syntax_error(
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target '{name}'"
                    ),
                    loc,
                ));
            }
            Ok(val | DEF_COMP_ITER)
        };
        match ste
            .symbols
            .raw_entry_mut_v1()
            .from_hash(hash, |k| same_str(k, &mangled))
        {
            RawEntryMut::Occupied(mut o) => {
                let val = *o.get();
                if flag & DEF_PARAM != 0 && val & DEF_PARAM != 0 {
                    return Err(syntax_error(
                        format!("duplicate argument '{name}' in function definition"),
                        loc,
                    ));
                }
                if flag & DEF_TYPE_PARAM != 0 && val & DEF_TYPE_PARAM != 0 {
                    return Err(syntax_error(
                        format!("duplicate type parameter '{name}'"),
                        loc,
                    ));
                }
                *o.get_mut() = check_comp_iter(val | flag)?;
            }
            RawEntryMut::Vacant(v) => {
                let val = check_comp_iter(flag)?;
                let key = intern_hashed(&mut self.names, hash, &mangled);
                v.insert_hashed_nocheck(hash, key, val);
            }
        }
        if flag & DEF_PARAM != 0 {
            self.entries[id].varnames.push(mangled.into_owned());
        } else if flag & DEF_GLOBAL != 0 {
            match self.entries[self.top]
                .symbols
                .raw_entry_mut_v1()
                .from_hash(hash, |k| same_str(k, &mangled))
            {
                RawEntryMut::Occupied(mut o) => *o.get_mut() |= flag,
                RawEntryMut::Vacant(v) => {
                    let key = intern_hashed(&mut self.names, hash, &mangled);
                    v.insert_hashed_nocheck(hash, key, flag);
                }
            }
        }
        Ok(())
    }

    /// `check_name`: `__debug__` cannot be bound or deleted.
    #[inline]
    pub fn check_name(name: &str, loc: SourceLocation, ctx: Ctx) -> Result<(), CompileError> {
        if name == "__debug__" {
            match ctx {
                Ctx::Store => {
                    return Err(syntax_error("cannot assign to __debug__".into(), loc));
                }
                Ctx::Del => return Err(syntax_error("cannot delete __debug__".into(), loc)),
                Ctx::Load => {}
            }
        }
        Ok(())
    }

    /// `symtable_add_def_ctx`.
    #[inline]
    pub fn add_def_ctx(
        &mut self,
        name: &str,
        flag: u32,
        loc: SourceLocation,
        ctx: Ctx,
    ) -> Result<(), CompileError> {
        if flag & (DEF_PARAM | DEF_LOCAL | DEF_IMPORT) != 0 {
            Self::check_name(name, loc, ctx)?;
        }
        if flag & DEF_TYPE_PARAM != 0 {
            let cur = self.cur();
            if let Some(i) = self.extra[cur].mangled
                && let Some(set) = self.mangled_sets.get_mut(i)
                && !set.iter().any(|n| n == name)
            {
                set.push(name.to_string());
            }
        }
        let cur = self.cur();
        self.add_def_helper(name, flag, cur, loc)
    }

    /// `symtable_add_def`.
    #[inline]
    pub fn add_def(
        &mut self,
        name: &str,
        flag: u32,
        loc: SourceLocation,
    ) -> Result<(), CompileError> {
        let ctx = if flag == USE { Ctx::Load } else { Ctx::Store };
        self.add_def_ctx(name, flag, loc, ctx)
    }

    /// `symtable_record_directive`: where a `global`/`nonlocal` name was declared.
    pub fn record_directive(&mut self, name: &str, loc: SourceLocation) {
        let mangled = self.mangle_in(self.cur(), name);
        self.cur_extra().directives.push((mangled, loc));
    }

    /// `allows_top_level_await`.
    pub fn allows_top_level_await(&self) -> bool {
        self.future.features & PY_CF_ALLOW_TOP_LEVEL_AWAIT != 0
            && self.ste_ref().block_type == BlockType::Module
    }

    /// `IS_ASYNC_DEF`.
    pub fn is_async_def(&self) -> bool {
        let ste = self.ste_ref();
        ste.block_type == BlockType::Function && ste.coroutine
    }
}

/// The hash the symbol and name maps give `name`.
#[inline]
fn hash_name(name: &str) -> u64 {
    FastBuildHasher::default().hash_one(name)
}

/// The shared copy of `name` (whose [`hash_name`] is `hash`) in `names`, added when new.
#[inline]
pub(super) fn intern_hashed(names: &mut Names, hash: u64, name: &str) -> Rc<str> {
    match names
        .raw_entry_mut_v1()
        .from_hash(hash, |k| same_str(k, name))
    {
        RawEntryMut::Occupied(o) => o.key().clone(),
        RawEntryMut::Vacant(v) => {
            let n: Rc<str> = Rc::from(name);
            v.insert_hashed_nocheck(hash, n.clone(), ());
            n
        }
    }
}

/// The shared copy of `name` in `names`, added when new.
pub(super) fn intern(names: &mut Names, name: &str) -> Rc<str> {
    intern_hashed(names, hash_name(name), name)
}

/// Every symbol name of a module, one shared copy each.
pub(super) type Names = FastIndexMap<Rc<str>, ()>;

/// What one table leaves for the next on the same thread: the memory of its block
/// lists, key map and name interner, emptied.
struct Pool {
    entries: Vec<SymbolTableEntry>,
    extra: Vec<Extra>,
    blocks: FastHashMap<BlockKey, BlockId>,
    names: Names,
}

thread_local! {
    static POOL: std::cell::Cell<Option<Pool>> = const { std::cell::Cell::new(None) };
}

/// Gives the memory of a table codegen is done with to the next one built on this
/// thread.
pub(super) fn recycle(table: &mut SymbolTable) {
    let Some(mut pool) = POOL.take() else {
        return;
    };
    let mut entries = std::mem::take(&mut table.entries);
    let mut blocks = std::mem::take(&mut table.blocks);
    entries.clear();
    blocks.clear();
    if entries.capacity() > pool.entries.capacity() {
        pool.entries = entries;
    }
    if blocks.capacity() > pool.blocks.capacity() {
        pool.blocks = blocks;
    }
    POOL.set(Some(pool));
}
