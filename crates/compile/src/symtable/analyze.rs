//! Port of pass 2 of Python/symtable.c (`symtable_analyze`, `analyze_block`,
//! `analyze_name`, `inline_comprehension`, `analyze_cells`, `drop_class_free`,
//! `update_symbols`): each name's scope (local, global, free, cell) from the raw facts
//! of pass 1, and the inlining of comprehensions (PEP 709).

use std::borrow::Cow;
use std::rc::Rc;

use crate::fast_hash::FastIndexMap;

use super::builder::{Names, intern, syntax_error};
use super::{BlockId, BlockType, ComprehensionType, Scope, SymbolTableEntry, flags::*};
use crate::error::{CompileError, ErrorLocation};
use crate::instr_sequence::SourceLocation;

/// A name in the analysis, compared by its allocation: every symbol name is the
/// builder's one shared copy of that name (`Builder::names`), so equal names are the
/// same `Rc`, and sets never compare strings.
#[derive(Clone, Debug)]
struct Key(Rc<str>);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

/// A set of names: a small vector searched by pointer. The sets of the analysis hold
/// a block's bound names, free names, explicit globals, type parameters: mostly a few,
/// at most a function's locals, so a scan beats hashing and copying one for each child
/// block is one allocation.
#[derive(Clone, Debug, Default)]
struct Set(Vec<Key>);

impl Set {
    fn contains(&self, key: &Key) -> bool {
        self.0.iter().any(|k| k == key)
    }

    /// Adds `key`; false when it was there.
    fn insert(&mut self, key: Key) -> bool {
        if self.contains(&key) {
            return false;
        }
        self.0.push(key);
        true
    }

    /// Removes `key` (every copy: see [`Set::append`]); false when it was not there.
    fn remove(&mut self, key: &Key) -> bool {
        let n = self.0.len();
        self.0.retain(|k| k != key);
        self.0.len() != n
    }

    /// Adds `keys`, each once.
    fn extend<'k>(&mut self, keys: impl IntoIterator<Item = &'k Key>) {
        for k in keys {
            if !self.contains(k) {
                self.0.push(k.clone());
            }
        }
    }

    /// Adds `keys` without looking for them first: a name may then be held twice,
    /// which `contains` and `remove` do not mind (for the sets that are never
    /// iterated: bound names, globals).
    fn append(&mut self, other: &Set) {
        self.0.extend_from_slice(&other.0);
    }

    fn iter(&self) -> std::slice::Iter<'_, Key> {
        self.0.iter()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The scope of each symbol of a block, by the symbol's index in the block's
/// `symbols` (inlined comprehensions append to both at once).
type Scopes = Vec<u32>;
type R = Result<(), CompileError>;

const LOCAL: u32 = Scope::Local as u32;
const GLOBAL_EXPLICIT: u32 = Scope::GlobalExplicit as u32;
const GLOBAL_IMPLICIT: u32 = Scope::GlobalImplicit as u32;
const FREE: u32 = Scope::Free as u32;
const CELL: u32 = Scope::Cell as u32;

/// `SYMBOL_TO_SCOPE`.
fn symbol_to_scope(flags: u32) -> u32 {
    (flags >> SCOPE_OFFSET) & SCOPE_MASK
}

struct Analyzer<'a> {
    entries: &'a mut [SymbolTableEntry],
    directives: &'a [Vec<(String, SourceLocation)>],
    /// The shared `__class__`, `__classdict__` and `__conditional_annotations__`.
    class_names: [Key; 3],
}

/// `symtable_analyze`: pass 2 over every block below `top`.
/// `names` holds every symbol's name (the builder's shared copies).
pub(super) fn analyze(
    entries: &mut [SymbolTableEntry],
    directives: &[Vec<(String, SourceLocation)>],
    top: BlockId,
    names: &mut Names,
) -> R {
    let class_names = [
        Key(intern(names, "__class__")),
        Key(intern(names, "__classdict__")),
        Key(intern(names, "__conditional_annotations__")),
    ];
    let mut a = Analyzer {
        entries,
        directives,
        class_names,
    };
    let mut free = Set::default();
    a.analyze_block(
        top,
        None,
        &mut free,
        Cow::Owned(Set::default()),
        Cow::Owned(Set::default()),
        None,
    )
}

impl Analyzer<'_> {
    /// `error_at_directive`: `message` at the `global`/`nonlocal` that declared `name`.
    fn error_at_directive(&self, ste: BlockId, name: &str, message: String) -> CompileError {
        match self.directives[ste].iter().find(|(n, _)| n == name) {
            Some((_, l)) => syntax_error(message, *l),
            None => CompileError::Syntax {
                message,
                location: ErrorLocation::default(),
            },
        }
    }

    /// `analyze_name`: the scope of one name of block `ste`, given its flags.
    #[allow(clippy::too_many_arguments)]
    fn analyze_name(
        &self,
        ste: BlockId,
        key: &Key,
        flags: u32,
        bound: Option<&mut Cow<'_, Set>>,
        free: &mut Set,
        global: &mut Cow<'_, Set>,
        type_params: &mut Cow<'_, Set>,
        class_entry: Option<BlockId>,
    ) -> Result<u32, CompileError> {
        let name: &str = &key.0;
        if flags & DEF_GLOBAL != 0 {
            if flags & DEF_NONLOCAL != 0 {
                return Err(self.error_at_directive(
                    ste,
                    name,
                    format!("name '{name}' is nonlocal and global"),
                ));
            }
            if !global.contains(key) {
                global.to_mut().insert(key.clone());
            }
            // The sets come from the parent shared: copied only when changed.
            if let Some(b) = bound
                && b.contains(key)
            {
                b.to_mut().remove(key);
            }
            return Ok(GLOBAL_EXPLICIT);
        }
        if flags & DEF_NONLOCAL != 0 {
            let Some(b) = bound else {
                return Err(self.error_at_directive(
                    ste,
                    name,
                    "nonlocal declaration not allowed at module level".into(),
                ));
            };
            if !b.contains(key) {
                return Err(self.error_at_directive(
                    ste,
                    name,
                    format!("no binding for nonlocal '{name}' found"),
                ));
            }
            if type_params.contains(key) {
                return Err(self.error_at_directive(
                    ste,
                    name,
                    format!("nonlocal binding not allowed for type parameter '{name}'"),
                ));
            }
            free.insert(key.clone());
            return Ok(FREE);
        }
        if flags & DEF_BOUND != 0 {
            if global.contains(key) {
                global.to_mut().remove(key);
            }
            if flags & DEF_TYPE_PARAM != 0 {
                if !type_params.contains(key) {
                    type_params.to_mut().insert(key.clone());
                }
            } else if type_params.contains(key) {
                type_params.to_mut().remove(key);
            }
            return Ok(LOCAL);
        }
        // In a scope that can see the class namespace, a name the class binds (or
        // declares global) is looked up in the class and then the globals.
        if let Some(c) = class_entry {
            let class_flags = self.entries[c].symbol(name);
            if class_flags & DEF_GLOBAL != 0 {
                return Ok(GLOBAL_EXPLICIT);
            } else if class_flags & DEF_BOUND != 0 && class_flags & DEF_NONLOCAL == 0 {
                return Ok(GLOBAL_IMPLICIT);
            }
        }
        if let Some(b) = bound
            && b.contains(key)
        {
            free.insert(key.clone());
            return Ok(FREE);
        }
        Ok(GLOBAL_IMPLICIT)
    }

    /// `is_free_in_any_child`.
    fn is_free_in_any_child(&self, entry: BlockId, name: &str) -> bool {
        self.entries[entry]
            .children
            .iter()
            .any(|&c| symbol_to_scope(self.entries[c].symbol(name)) == FREE)
    }

    /// `inline_comprehension`: merges the symbols of comprehension `comp` into `ste`.
    fn inline_comprehension(
        &mut self,
        ste: BlockId,
        comp: BlockId,
        scopes: &mut Scopes,
        comp_free: &mut Set,
        inlined_cells: &mut Set,
    ) {
        let comp_symbols: Vec<(Key, u32)> = self.entries[comp]
            .symbols
            .iter()
            .map(|(k, &v)| (Key(k.clone()), v))
            .collect();
        let is_class = self.entries[ste].block_type == BlockType::Class;
        let mut remove_dunder_class = false;
        for (k, comp_flags) in comp_symbols {
            // Skip the comprehension's parameter `.0`.
            if comp_flags & DEF_PARAM != 0 {
                continue;
            }
            let mut scope = symbol_to_scope(comp_flags);
            let only_flags = comp_flags & ((1 << SCOPE_OFFSET) - 1);
            if scope == CELL || only_flags & DEF_COMP_CELL != 0 {
                inlined_cells.insert(k.clone());
            }
            let existing = self.entries[ste].symbols.get(&*k.0).copied();
            // `__class__` is never free through a class scope (see drop_class_free).
            if scope == FREE && is_class && k == self.class_names[0] {
                scope = GLOBAL_IMPLICIT;
                comp_free.remove(&k);
                remove_dunder_class = true;
            }
            match existing {
                None => {
                    // Appended to both: `scopes` stays parallel to the symbols.
                    self.entries[ste].symbols.insert(k.0.clone(), only_flags);
                    scopes.push(scope);
                }
                Some(flags) => {
                    // A free variable of the comprehension that is local outside simply
                    // becomes local, unless a child of the comprehension needs it free
                    // or the outer scope is a class.
                    if flags & DEF_BOUND != 0 && !is_class && !self.is_free_in_any_child(comp, &k.0)
                    {
                        comp_free.remove(&k);
                    }
                }
            }
        }
        if remove_dunder_class {
            self.entries[comp].symbols.shift_remove("__class__");
        }
    }

    /// `drop_class_free`: `__class__`, `__classdict__` and
    /// `__conditional_annotations__` are the class's implicit cells, never free beyond it.
    fn drop_class_free(&mut self, ste: BlockId, free: &mut Set) {
        let e = &mut self.entries[ste];
        let [class, classdict, cond] = &self.class_names;
        if free.remove(class) {
            e.needs_class_closure = true;
        }
        if free.remove(classdict) {
            e.needs_classdict = true;
        }
        if free.remove(cond) {
            e.has_conditional_annotations = true;
        }
    }

    /// `update_symbols`: writes the scopes into the block's symbols, and records the
    /// free variables of children that pass through it.
    fn update_symbols(
        &mut self,
        ste: BlockId,
        scopes: &Scopes,
        bound: Option<&Set>,
        free: &Set,
        inlined_cells: &Set,
        classflag: bool,
    ) -> R {
        let symbols = &mut self.entries[ste].symbols;
        if scopes.len() != symbols.len() {
            return Err(CompileError::Unsupported("symbol without a scope"));
        }
        for ((name, flags), &scope) in symbols.iter_mut().zip(scopes) {
            if !inlined_cells.is_empty() && inlined_cells.contains(&Key(name.clone())) {
                *flags |= DEF_COMP_CELL;
            }
            *flags |= scope << SCOPE_OFFSET;
        }
        if free.is_empty() {
            return Ok(());
        }
        // Free variables of children not resolved yet; sets have no order, so take them
        // sorted (only the insertion order of the symbols depends on it).
        let mut names: Vec<&Key> = free.iter().collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for name in names {
            if let Some(flags) = symbols.get_mut(&*name.0) {
                // A method's free variable named like a class local or global.
                if classflag {
                    *flags |= DEF_FREE_CLASS;
                }
                continue;
            }
            if let Some(b) = bound
                && !b.contains(name)
            {
                continue; // a global
            }
            symbols.insert(name.0.clone(), FREE << SCOPE_OFFSET);
        }
        Ok(())
    }

    /// `analyze_cells`: locals that children use freely become cells.
    fn analyze_cells(
        symbols: &FastIndexMap<Rc<str>, u32>,
        scopes: &mut Scopes,
        free: &mut Set,
        inlined_cells: &Set,
    ) {
        if free.is_empty() && inlined_cells.is_empty() {
            return;
        }
        for (name, scope) in symbols.keys().zip(scopes.iter_mut()) {
            if *scope != LOCAL {
                continue;
            }
            let key = Key(name.clone());
            if !free.contains(&key) && !inlined_cells.contains(&key) {
                continue;
            }
            *scope = CELL;
            free.remove(&key);
        }
    }

    /// `analyze_block` (with `analyze_child_block`'s copies made by the caller).
    fn analyze_block(
        &mut self,
        ste: BlockId,
        mut bound: Option<Cow<'_, Set>>,
        free: &mut Set,
        mut global: Cow<'_, Set>,
        mut type_params: Cow<'_, Set>,
        class_entry: Option<BlockId>,
    ) -> R {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
            // Every symbol gets a scope, and most are bound here.
            let nsymbols = self.entries[ste].symbols.len();
            let mut scopes = Scopes::with_capacity(nsymbols);
            let mut newglobal = Set::default();
            let mut newfree = Set::default();
            let mut newbound = Set::default();
            let mut inlined_cells = Set::default();
            let is_class = self.entries[ste].block_type == BlockType::Class;
            // `newbound` and `newglobal` are only what the children see: a block
            // without children builds neither.
            let nchildren = self.entries[ste].children.len();
            // A class's names are not visible in its methods: pass down what was
            // visible before it.
            if is_class && nchildren > 0 {
                newglobal.append(&global);
                if let Some(b) = &bound {
                    newbound.append(b);
                }
            }
            for i in 0..nsymbols {
                let Some((name, &flags)) = self.entries[ste].symbols.get_index(i) else {
                    break;
                };
                let name = Key(name.clone());
                let scope = self.analyze_name(
                    ste,
                    &name,
                    flags,
                    bound.as_mut(),
                    free,
                    &mut global,
                    &mut type_params,
                    class_entry,
                )?;
                scopes.push(scope);
            }
            if nchildren > 0 && !is_class {
                if self.entries[ste].is_function_like() {
                    // The block's locals (`local` in CPython): the names just given
                    // LOCAL, each once.
                    let symbols = &self.entries[ste].symbols;
                    newbound.0.extend(
                        symbols
                            .keys()
                            .zip(&scopes)
                            .filter(|&(_, &sc)| sc == LOCAL)
                            .map(|(k, _)| Key(k.clone())),
                    );
                }
                if let Some(b) = &bound {
                    newbound.append(b);
                }
            } else if nchildren > 0 {
                newbound.0.extend(self.class_names.iter().cloned());
            }

            let ste_sees_class = self.entries[ste].can_see_class_scope;
            for ci in 0..nchildren {
                let child = self.entries[ste].children[ci];
                let new_class_entry = if self.entries[child].can_see_class_scope {
                    if is_class { Some(ste) } else { class_entry }
                } else {
                    None
                };
                // Every comprehension but generator expressions is inlined, except in
                // annotation scopes nested in classes.
                let inline_comp = self.entries[child].comprehension != ComprehensionType::None
                    && !self.entries[child].generator
                    && !ste_sees_class;
                // CPython's child starts from a copy of `newfree` and is merged back
                // into it: starting empty gives the same union (the child only adds
                // to it, and what inlining removes from it stays in `newfree`).
                let mut child_free = Set::default();
                self.analyze_block(
                    child,
                    Some(Cow::Borrowed(&newbound)),
                    &mut child_free,
                    // Outside a class the children see this block's globals as
                    // they are now.
                    Cow::Borrowed(if is_class { &newglobal } else { &*global }),
                    Cow::Borrowed(&*type_params),
                    new_class_entry,
                )?;
                if inline_comp {
                    self.inline_comprehension(
                        ste,
                        child,
                        &mut scopes,
                        &mut child_free,
                        &mut inlined_cells,
                    );
                    self.entries[child].comp_inlined = true;
                }
                newfree.extend(child_free.iter());
            }

            // Splice the children of inlined comprehensions into the children list.
            let mut i = self.entries[ste].children.len();
            while i > 0 {
                i -= 1;
                let c = self.entries[ste].children[i];
                if self.entries[c].comp_inlined {
                    let grandchildren = self.entries[c].children.clone();
                    self.entries[ste].children.splice(i..=i, grandchildren);
                }
            }

            if self.entries[ste].is_function_like() {
                Self::analyze_cells(
                    &self.entries[ste].symbols,
                    &mut scopes,
                    &mut newfree,
                    &inlined_cells,
                );
            } else if is_class {
                self.drop_class_free(ste, &mut newfree);
            }
            let classflag = is_class || self.entries[ste].can_see_class_scope;
            self.update_symbols(
                ste,
                &scopes,
                bound.as_deref(),
                &newfree,
                &inlined_cells,
                classflag,
            )?;
            free.extend(newfree.iter());
            Ok(())
        })
    }
}
