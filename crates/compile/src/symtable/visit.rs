//! Port of pass 1 of Python/symtable.c: the `symtable_visit_*` functions, which record
//! what each block does with each name (bound, used, parameter, declared global, …).

use oxpy_parser::ast::{self, ExprKind, PatternKind, StmtKind, TypeParamKind};

use super::builder::{Builder, Ctx, loc, syntax_error};
use super::{BlockKey, BlockType, ComprehensionType, flags::*};
use crate::error::CompileError;
use crate::future::{CO_FUTURE_ANNOTATIONS, docstring};
use crate::instr_sequence::SourceLocation;

type R = Result<(), CompileError>;

/// Stack headroom before growing (the tree can be `AST_DEPTH_LIMIT` deep).
const RED_ZONE: usize = 128 * 1024;
/// Size of each new stack segment.
const STACK_SEGMENT: usize = 2 * 1024 * 1024;
/// The stack is checked at every this many levels of nesting (`Builder::depth`): the
/// levels in between use far less than [`RED_ZONE`].
const STACK_CHECK_EVERY: u32 = 4;

/// Which statement opens a type-parameter block (`enum _stmt_kind` as
/// `symtable_enter_type_param_block` needs it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Generic {
    Function,
    Class,
    TypeAlias,
}

/// The parts of a (async) function definition.
struct FunctionParts<'a> {
    name: &'a str,
    args: &'a ast::Arguments,
    body: &'a [ast::Stmt],
    decorator_list: &'a [ast::Expr],
    returns: Option<&'a ast::Expr>,
    /// The field itself: its address keys the type-parameter block.
    #[allow(clippy::borrowed_box)]
    type_params: &'a Box<[ast::TypeParam]>,
}

impl Builder<'_> {
    /// Runs `f` with the current block marked as inside a conditional block
    /// (`ENTER_CONDITIONAL_BLOCK` / `LEAVE_CONDITIONAL_BLOCK`).
    fn conditional(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.cur_extra().in_conditional_block;
        self.cur_extra().in_conditional_block = true;
        let r = f(self);
        self.cur_extra().in_conditional_block = saved;
        r
    }

    fn visit_stmts(&mut self, body: &[ast::Stmt]) -> R {
        body.iter().try_for_each(|s| self.visit_stmt(s))
    }

    fn visit_exprs(&mut self, exprs: &[ast::Expr]) -> R {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    /// `symtable_visit_stmt`.
    pub(super) fn visit_stmt(&mut self, s: &ast::Stmt) -> R {
        self.depth += 1;
        let r = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.visit_stmt_inner(s))
        } else {
            self.visit_stmt_inner(s)
        };
        self.depth -= 1;
        r
    }

    fn visit_stmt_inner(&mut self, s: &ast::Stmt) -> R {
        let sloc = loc(&s.loc);
        match &s.kind {
            StmtKind::FunctionDef(f) => self.visit_function(
                s,
                FunctionParts {
                    name: &f.name,
                    args: &f.args,
                    body: &f.body,
                    decorator_list: &f.decorator_list,
                    returns: f.returns.as_deref(),
                    type_params: &f.type_params,
                },
                false,
            )?,
            StmtKind::AsyncFunctionDef(f) => self.visit_function(
                s,
                FunctionParts {
                    name: &f.name,
                    args: &f.args,
                    body: &f.body,
                    decorator_list: &f.decorator_list,
                    returns: f.returns.as_deref(),
                    type_params: &f.type_params,
                },
                true,
            )?,
            StmtKind::ClassDef(node) => {
                let ast::StmtClassDef {
                    name,
                    bases,
                    keywords,
                    body,
                    decorator_list,
                    type_params,
                } = &**node;
                self.add_def(name, DEF_LOCAL, sloc)?;
                self.visit_exprs(decorator_list)?;
                let saved_private = self.private.clone();
                let generic = !type_params.is_empty();
                if generic {
                    self.enter_type_param_block(
                        name,
                        BlockKey::type_params(type_params),
                        false,
                        false,
                        Generic::Class,
                        sloc,
                    )?;
                    self.private = Some(name.clone());
                    self.mangled_sets.push(Vec::new());
                    let set = self.mangled_sets.len() - 1;
                    self.cur_extra().mangled = Some(set);
                    for tp in type_params {
                        self.visit_type_param(tp)?;
                    }
                }
                self.visit_exprs(bases)?;
                self.check_keywords(keywords)?;
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
                self.enter_block(name, BlockType::Class, BlockKey::node(s), sloc)?;
                self.private = Some(name.clone());
                if generic {
                    self.add_def("__type_params__", DEF_LOCAL, sloc)?;
                    self.add_def(".type_params", USE, sloc)?;
                }
                if docstring(body).is_some() {
                    self.ste().has_docstring = true;
                }
                self.visit_stmts(body)?;
                self.exit_block();
                if generic {
                    self.exit_block();
                }
                self.private = saved_private;
            }
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => {
                self.visit_expr(name)?;
                let ExprKind::Name { id, .. } = &name.kind else {
                    return Err(CompileError::Unsupported("type alias name is not a Name"));
                };
                let is_in_class = self.ste_ref().block_type == BlockType::Class;
                let generic = !type_params.is_empty();
                if generic {
                    self.enter_type_param_block(
                        id,
                        BlockKey::type_params(type_params),
                        false,
                        false,
                        Generic::TypeAlias,
                        sloc,
                    )?;
                    for tp in type_params {
                        self.visit_type_param(tp)?;
                    }
                }
                self.enter_block(id, BlockType::TypeAlias, BlockKey::node(s), sloc)?;
                self.ste().can_see_class_scope = is_in_class;
                if is_in_class {
                    self.add_def("__classdict__", USE, loc(&value.loc))?;
                }
                self.visit_expr(value)?;
                self.exit_block();
                if generic {
                    self.exit_block();
                }
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.visit_expr(v)?;
                    self.ste().returns_value = true;
                }
            }
            StmtKind::Delete { targets } => self.visit_exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.visit_exprs(targets)?;
                self.visit_expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                self.ste().annotations_used = true;
                if let ExprKind::Name { id, .. } = &target.kind {
                    let cur = self.lookup(id);
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0
                        && self.cur() != self.top
                        && *simple != 0
                    {
                        let msg = if cur & DEF_GLOBAL != 0 {
                            format!("annotated name '{id}' can't be global")
                        } else {
                            format!("annotated name '{id}' can't be nonlocal")
                        };
                        return Err(syntax_error(msg, sloc));
                    }
                    if *simple != 0 {
                        self.add_def(id, DEF_ANNOT | DEF_LOCAL, loc(&target.loc))?;
                    }
                    if value.is_some() {
                        self.add_def(id, DEF_LOCAL, loc(&target.loc))?;
                    }
                } else {
                    self.visit_expr(target)?;
                }
                let key = BlockKey::annotations_of(self.ste_ref().key);
                self.visit_annotation(annotation, key)?;
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.visit_expr(target)?;
                self.visit_expr(value)?;
            }
            StmtKind::For(node) | StmtKind::AsyncFor(node) => {
                if matches!(s.kind, StmtKind::AsyncFor(_)) {
                    self.maybe_set_coroutine_for_module();
                    self.raise_if_not_coroutine("'async for' outside async function", sloc)?;
                }
                self.visit_expr(&node.target)?;
                self.visit_expr(&node.iter)?;
                self.conditional(|st| {
                    st.visit_stmts(&node.body)?;
                    st.visit_stmts(&node.orelse)
                })?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.visit_expr(test)?;
                self.conditional(|st| {
                    st.visit_stmts(body)?;
                    st.visit_stmts(orelse)
                })?;
            }
            StmtKind::Match { subject, cases } => {
                self.visit_expr(subject)?;
                self.conditional(|st| cases.iter().try_for_each(|m| st.visit_match_case(m)))?;
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(exc) = exc {
                    self.visit_expr(exc)?;
                    if let Some(cause) = cause {
                        self.visit_expr(cause)?;
                    }
                }
            }
            StmtKind::Try(node) | StmtKind::TryStar(node) => {
                let ast::StmtTry {
                    body,
                    handlers,
                    orelse,
                    finalbody,
                } = &**node;
                self.conditional(|st| {
                    st.visit_stmts(body)?;
                    handlers
                        .iter()
                        .try_for_each(|h| st.visit_excepthandler(h))?;
                    st.visit_stmts(orelse)?;
                    st.visit_stmts(finalbody)
                })?;
            }
            StmtKind::Assert { test, msg } => {
                self.visit_expr(test)?;
                if let Some(m) = msg {
                    self.visit_expr(m)?;
                }
            }
            StmtKind::Import { names } => {
                names.iter().try_for_each(|a| self.visit_alias(a))?;
            }
            StmtKind::ImportFrom(node) => {
                let ast::StmtImportFrom {
                    module,
                    names,
                    level,
                } = &**node;
                names.iter().try_for_each(|a| self.visit_alias(a))?;
                self.check_import_from(s, module.as_deref(), level.unwrap_or(0))?;
            }
            StmtKind::Global { names } => {
                for name in names {
                    let cur = self.lookup(name);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to global declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be global")
                        } else {
                            format!("name '{name}' is assigned to before global declaration")
                        };
                        return Err(syntax_error(msg, sloc));
                    }
                    self.add_def(name, DEF_GLOBAL, sloc)?;
                    self.record_directive(name, sloc);
                }
            }
            StmtKind::Nonlocal { names } => {
                for name in names {
                    let cur = self.lookup(name);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to nonlocal declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be nonlocal")
                        } else {
                            format!("name '{name}' is assigned to before nonlocal declaration")
                        };
                        return Err(syntax_error(msg, sloc));
                    }
                    self.add_def(name, DEF_NONLOCAL, sloc)?;
                    self.record_directive(name, sloc);
                }
            }
            StmtKind::Expr { value } => self.visit_expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::With(node) | StmtKind::AsyncWith(node) => {
                if matches!(s.kind, StmtKind::AsyncWith(_)) {
                    self.maybe_set_coroutine_for_module();
                    self.raise_if_not_coroutine("'async with' outside async function", sloc)?;
                }
                self.conditional(|st| {
                    node.items.iter().try_for_each(|i| st.visit_withitem(i))?;
                    st.visit_stmts(&node.body)
                })?;
            }
        }
        Ok(())
    }

    /// The `FunctionDef_kind` / `AsyncFunctionDef_kind` cases of `symtable_visit_stmt`.
    fn visit_function(&mut self, s: &ast::Stmt, f: FunctionParts<'_>, is_async: bool) -> R {
        let sloc = loc(&s.loc);
        self.add_def(f.name, DEF_LOCAL, sloc)?;
        self.visit_exprs(&f.args.defaults)?;
        for d in f.args.kw_defaults.iter().flatten() {
            self.visit_expr(d)?;
        }
        self.visit_exprs(f.decorator_list)?;
        let generic = !f.type_params.is_empty();
        if generic {
            let has_kwdefaults = f.args.kw_defaults.iter().any(Option::is_some);
            // The parser always gives `defaults` (possibly empty), never NULL.
            self.enter_type_param_block(
                f.name,
                BlockKey::type_params(f.type_params),
                true,
                has_kwdefaults,
                Generic::Function,
                sloc,
            )?;
            for tp in f.type_params {
                self.visit_type_param(tp)?;
            }
        }
        let new_ste = self.ste_new(f.name, BlockType::Function, BlockKey::node(s), sloc);
        if docstring(f.body).is_some() {
            self.entries[new_ste].has_docstring = true;
        }
        self.visit_annotations(s, f.args, f.returns, new_ste)?;
        self.enter_existing_block(new_ste, true);
        if is_async {
            self.ste().coroutine = true;
        }
        self.visit_arguments(f.args)?;
        self.visit_stmts(f.body)?;
        self.exit_block();
        if generic {
            self.exit_block();
        }
        Ok(())
    }

    /// `symtable_enter_type_param_block`.
    fn enter_type_param_block(
        &mut self,
        name: &str,
        key: BlockKey,
        has_defaults: bool,
        has_kwdefaults: bool,
        kind: Generic,
        l: SourceLocation,
    ) -> R {
        let current_type = self.ste_ref().block_type;
        self.enter_block(name, BlockType::TypeParameters, key, l)?;
        if current_type == BlockType::Class {
            self.ste().can_see_class_scope = true;
            self.add_def("__classdict__", USE, l)?;
        }
        if kind == Generic::Class {
            self.add_def(".type_params", DEF_LOCAL, l)?;
            self.add_def(".type_params", USE, l)?;
            self.add_def(".generic_base", DEF_LOCAL, l)?;
            self.add_def(".generic_base", USE, l)?;
        }
        if has_defaults {
            self.add_def(".defaults", DEF_PARAM, l)?;
        }
        if has_kwdefaults {
            self.add_def(".kwdefaults", DEF_PARAM, l)?;
        }
        Ok(())
    }

    /// `check_import_from`: a `from __future__ import` after the leading ones.
    fn check_import_from(&self, s: &ast::Stmt, module: Option<&str>, level: i64) -> R {
        let fut = self.future;
        if module == Some("__future__")
            && level == 0
            && (s.loc.lineno > fut.lineno
                || (s.loc.lineno == fut.end_lineno && s.loc.col_offset > fut.end_col_offset))
        {
            return Err(syntax_error(
                "from __future__ imports must occur at the beginning of the file".into(),
                loc(&s.loc),
            ));
        }
        Ok(())
    }

    /// `maybe_set_ste_coroutine_for_module`.
    fn maybe_set_coroutine_for_module(&mut self) {
        if self.allows_top_level_await() {
            self.ste().coroutine = true;
        }
    }

    /// `symtable_raise_if_not_coroutine`.
    fn raise_if_not_coroutine(&self, msg: &str, l: SourceLocation) -> R {
        if !self.ste_ref().coroutine {
            return Err(syntax_error(msg.into(), l));
        }
        Ok(())
    }

    /// `check_keywords`: no keyword argument may be called `__debug__`.
    fn check_keywords(&self, keywords: &[ast::Keyword]) -> R {
        for k in keywords {
            if let Some(arg) = &k.arg {
                Self::check_name(arg, loc(&k.loc), Ctx::Store)?;
            }
        }
        Ok(())
    }

    /// `symtable_extend_namedexpr_scope`: binds the target of a `:=` inside a
    /// comprehension in the nearest enclosing function or module.
    fn extend_namedexpr_scope(&mut self, target: &ast::Expr) -> R {
        let ExprKind::Name { id, .. } = &target.kind else {
            return Err(CompileError::Unsupported(
                "assignment expression target is not a Name",
            ));
        };
        let tloc = loc(&target.loc);
        let stack: Vec<_> = self.stack().to_vec();
        for &ste in stack.iter().rev() {
            let entry = &self.entries[ste];
            if entry.comprehension != ComprehensionType::None {
                let in_scope = self.lookup_entry(ste, id);
                if in_scope & DEF_COMP_ITER != 0 && in_scope & DEF_LOCAL != 0 {
                    return Err(syntax_error(
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{id}'"
                        ),
                        tloc,
                    ));
                }
                continue;
            }
            match entry.block_type {
                BlockType::Function => {
                    let in_scope = self.lookup_entry(ste, id);
                    if in_scope & DEF_GLOBAL != 0 {
                        self.add_def(id, DEF_GLOBAL, tloc)?;
                    } else {
                        self.add_def(id, DEF_NONLOCAL, tloc)?;
                    }
                    self.record_directive(id, tloc);
                    return self.add_def_helper(id, DEF_LOCAL, ste, tloc);
                }
                BlockType::Module => {
                    self.add_def(id, DEF_GLOBAL, tloc)?;
                    self.record_directive(id, tloc);
                    return self.add_def_helper(id, DEF_GLOBAL, ste, tloc);
                }
                BlockType::Class => {
                    return Err(syntax_error(
                        "assignment expression within a comprehension cannot be used in a class body".into(),
                        tloc,
                    ));
                }
                BlockType::TypeParameters => {
                    return Err(syntax_error(
                        "assignment expression within a comprehension cannot be used within the definition of a generic".into(),
                        tloc,
                    ));
                }
                BlockType::TypeAlias => {
                    return Err(syntax_error(
                        "assignment expression within a comprehension cannot be used in a type alias".into(),
                        tloc,
                    ));
                }
                BlockType::TypeVariable => {
                    return Err(syntax_error(
                        "assignment expression within a comprehension cannot be used in a TypeVar bound".into(),
                        tloc,
                    ));
                }
                BlockType::Annotation => {}
            }
        }
        Err(CompileError::Unsupported(
            "assignment expression with no enclosing function or module",
        ))
    }

    /// `symtable_handle_namedexpr`.
    fn handle_namedexpr(&mut self, e: &ast::Expr, target: &ast::Expr, value: &ast::Expr) -> R {
        if self.ste_ref().comp_iter_expr > 0 {
            return Err(syntax_error(
                "assignment expression cannot be used in a comprehension iterable expression"
                    .into(),
                loc(&e.loc),
            ));
        }
        if self.ste_ref().comprehension != ComprehensionType::None {
            self.extend_namedexpr_scope(target)?;
        }
        self.visit_expr(value)?;
        self.visit_expr(target)
    }

    /// `symtable_visit_expr`. The commonest leaves are handled where the visit meets
    /// them (no stack check; nothing at all for a constant).
    #[inline(always)]
    pub(super) fn visit_expr(&mut self, e: &ast::Expr) -> R {
        match &e.kind {
            ExprKind::Name { id, ctx } => self.visit_name(id, *ctx, loc(&e.loc)),
            ExprKind::Constant { .. } => Ok(()),
            _ => self.visit_expr_nested(e),
        }
    }

    /// [`Builder::visit_expr`] of a node with children.
    #[inline(never)]
    fn visit_expr_nested(&mut self, e: &ast::Expr) -> R {
        self.depth += 1;
        let r = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.visit_expr_inner(e))
        } else {
            self.visit_expr_inner(e)
        };
        self.depth -= 1;
        r
    }

    fn visit_expr_inner(&mut self, e: &ast::Expr) -> R {
        let eloc = loc(&e.loc);
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.raise_if_annotation_block("named expression", e)?;
                self.handle_namedexpr(e, target, value)?;
            }
            ExprKind::BoolOp { values, .. } => self.visit_exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.visit_expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.visit_exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.visit_expr(d)?;
                }
                self.enter_block("lambda", BlockType::Function, BlockKey::node(e), eloc)?;
                self.visit_arguments(args)?;
                self.visit_expr(body)?;
                self.exit_block();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_expr(body)?;
                self.visit_expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.visit_expr(k)?;
                }
                self.visit_exprs(values)?;
            }
            ExprKind::Set { elts } => self.visit_exprs(elts)?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.handle_comprehension(e, "genexpr", generators, elt, None)?;
            }
            ExprKind::ListComp { elt, generators } => {
                self.handle_comprehension(e, "listcomp", generators, elt, None)?;
            }
            ExprKind::SetComp { elt, generators } => {
                self.handle_comprehension(e, "setcomp", generators, elt, None)?;
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.handle_comprehension(e, "dictcomp", generators, key, Some(value))?;
            }
            ExprKind::Yield { value } => {
                self.raise_if_annotation_block("yield expression", e)?;
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
                self.ste().generator = true;
                if self.ste_ref().comprehension != ComprehensionType::None {
                    return self.raise_comprehension_yield(e);
                }
            }
            ExprKind::YieldFrom { value } => {
                self.raise_if_annotation_block("yield expression", e)?;
                self.visit_expr(value)?;
                self.ste().generator = true;
                if self.ste_ref().comprehension != ComprehensionType::None {
                    return self.raise_comprehension_yield(e);
                }
            }
            ExprKind::Await { value } => {
                self.raise_if_annotation_block("await expression", e)?;
                if !self.allows_top_level_await() {
                    if !self.ste_ref().is_function_like() {
                        return Err(syntax_error("'await' outside function".into(), eloc));
                    }
                    if !self.is_async_def()
                        && self.ste_ref().comprehension == ComprehensionType::None
                    {
                        return Err(syntax_error("'await' outside async function".into(), eloc));
                    }
                }
                self.visit_expr(value)?;
                self.ste().coroutine = true;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.visit_expr(left)?;
                self.visit_exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.visit_expr(func)?;
                self.visit_exprs(args)?;
                self.check_keywords(keywords)?;
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.visit_expr(value)?;
                if let Some(f) = format_spec {
                    self.visit_expr(f)?;
                }
            }
            ExprKind::Interpolation(node) => {
                self.visit_expr(&node.value)?;
                if let Some(f) = &node.format_spec {
                    self.visit_expr(f)?;
                }
            }
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => {
                self.visit_exprs(values)?;
            }
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, attr, ctx } => {
                Self::check_name(attr, eloc, (*ctx).into())?;
                self.visit_expr(value)?;
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.visit_expr(value)?;
                self.visit_expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.visit_expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.visit_expr(part)?;
                }
            }
            ExprKind::Name { id, ctx } => self.visit_name(id, *ctx, eloc)?,
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                self.visit_exprs(elts)?;
            }
        }
        Ok(())
    }

    /// The `Name_kind` case of `symtable_visit_expr`.
    #[inline(never)]
    fn visit_name(&mut self, id: &str, ctx: ast::ExprContext, eloc: SourceLocation) -> R {
        let cur = self.cur();
        if self.entries[cur].in_unevaluated_annotation {
            return Ok(());
        }
        if ctx != ast::ExprContext::Load {
            return self.add_def_ctx(id, DEF_LOCAL, eloc, ctx.into());
        }
        // `add_def_ctx` of a use: no name check, no type parameter.
        self.add_def_helper(id, USE, cur, eloc)?;
        // `super` counts as a use of `__class__`.
        if id == "super" && self.entries[cur].is_function_like() {
            self.add_def("__class__", USE, eloc)?;
        }
        Ok(())
    }

    /// `symtable_visit_type_param_bound_or_default`.
    fn visit_type_param_bound_or_default(
        &mut self,
        e: Option<&ast::Expr>,
        name: &str,
        tp: &ast::TypeParam,
        key: BlockKey,
        scope_info: &'static str,
    ) -> R {
        if name == "__classdict__" {
            return Err(syntax_error(
                format!("reserved name '{name}' cannot be used for type parameter"),
                loc(&tp.loc),
            ));
        }
        if let Some(e) = e {
            let is_in_class = self.ste_ref().can_see_class_scope;
            let eloc = loc(&e.loc);
            self.enter_block(name, BlockType::TypeVariable, key, eloc)?;
            self.ste().can_see_class_scope = is_in_class;
            if is_in_class {
                self.add_def("__classdict__", USE, eloc)?;
            }
            self.cur_extra().scope_info = Some(scope_info);
            self.visit_expr(e)?;
            self.exit_block();
        }
        Ok(())
    }

    /// `symtable_visit_type_param`.
    fn visit_type_param(&mut self, tp: &ast::TypeParam) -> R {
        let tloc = loc(&tp.loc);
        match &tp.kind {
            TypeParamKind::TypeVar {
                name,
                bound,
                default_value,
            } => {
                self.add_def(name, DEF_TYPE_PARAM | DEF_LOCAL, tloc)?;
                let info = match bound.as_deref().map(|b| &b.kind) {
                    Some(ExprKind::Tuple { .. }) => "a TypeVar constraint",
                    _ => "a TypeVar bound",
                };
                self.visit_type_param_bound_or_default(
                    bound.as_deref(),
                    name,
                    tp,
                    BlockKey::type_param_bound(tp),
                    info,
                )?;
                self.visit_type_param_bound_or_default(
                    default_value.as_deref(),
                    name,
                    tp,
                    BlockKey::type_param_default(tp),
                    "a TypeVar default",
                )?;
            }
            TypeParamKind::TypeVarTuple {
                name,
                default_value,
            } => {
                self.add_def(name, DEF_TYPE_PARAM | DEF_LOCAL, tloc)?;
                self.visit_type_param_bound_or_default(
                    default_value.as_deref(),
                    name,
                    tp,
                    BlockKey::type_param_bound(tp),
                    "a TypeVarTuple default",
                )?;
            }
            TypeParamKind::ParamSpec {
                name,
                default_value,
            } => {
                self.add_def(name, DEF_TYPE_PARAM | DEF_LOCAL, tloc)?;
                self.visit_type_param_bound_or_default(
                    default_value.as_deref(),
                    name,
                    tp,
                    BlockKey::type_param_bound(tp),
                    "a ParamSpec default",
                )?;
            }
        }
        Ok(())
    }

    /// `symtable_visit_pattern`.
    fn visit_pattern(&mut self, p: &ast::Pattern) -> R {
        self.depth += 1;
        let r = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.visit_pattern_inner(p))
        } else {
            self.visit_pattern_inner(p)
        };
        self.depth -= 1;
        r
    }

    fn visit_pattern_inner(&mut self, p: &ast::Pattern) -> R {
        let ploc = loc(&p.loc);
        match &p.kind {
            PatternKind::MatchValue { value } => self.visit_expr(value)?,
            PatternKind::MatchSingleton { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter().try_for_each(|q| self.visit_pattern(q))?;
            }
            PatternKind::MatchStar { name } => {
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, ploc)?;
                }
            }
            PatternKind::MatchMapping(node) => {
                let ast::PatternMatchMapping {
                    keys,
                    patterns,
                    rest,
                } = &**node;
                self.visit_exprs(keys)?;
                patterns.iter().try_for_each(|q| self.visit_pattern(q))?;
                if let Some(r) = rest {
                    self.add_def(r, DEF_LOCAL, ploc)?;
                }
            }
            PatternKind::MatchClass(node) => {
                let ast::PatternMatchClass {
                    cls,
                    patterns,
                    kwd_attrs,
                    kwd_patterns,
                } = &**node;
                self.visit_expr(cls)?;
                patterns.iter().try_for_each(|q| self.visit_pattern(q))?;
                for (attr, q) in kwd_attrs.iter().zip(kwd_patterns) {
                    Self::check_name(attr, loc(&q.loc), Ctx::Store)?;
                }
                kwd_patterns
                    .iter()
                    .try_for_each(|q| self.visit_pattern(q))?;
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(q) = pattern {
                    self.visit_pattern(q)?;
                }
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, ploc)?;
                }
            }
        }
        Ok(())
    }

    /// `symtable_visit_params`.
    fn visit_params(&mut self, args: &[ast::Arg]) -> R {
        for a in args {
            self.add_def(&a.arg, DEF_PARAM, loc(&a.loc))?;
        }
        Ok(())
    }

    /// `symtable_visit_annotation`: an `AnnAssign`'s annotation, in the block's
    /// `__annotate__` scope.
    fn visit_annotation(&mut self, annotation: &ast::Expr, key: BlockKey) -> R {
        let aloc = loc(&annotation.loc);
        let cur = self.cur();
        // Annotations in function bodies are never evaluated.
        let is_unevaluated = self.entries[cur].block_type == BlockType::Function;
        let ty = self.entries[cur].block_type;
        if ((ty == BlockType::Class && self.extra[cur].in_conditional_block)
            || ty == BlockType::Module)
            && !self.entries[cur].has_conditional_annotations
        {
            self.entries[cur].has_conditional_annotations = true;
            self.add_def("__conditional_annotations__", USE, aloc)?;
        }
        match self.entries[cur].annotation_block {
            None => {
                let block = self.enter_block("__annotate__", BlockType::Annotation, key, aloc)?;
                self.entries[cur].annotation_block = Some(block);
                let future_annotations = self.future.features & CO_FUTURE_ANNOTATIONS != 0;
                if ty == BlockType::Class && !future_annotations {
                    self.ste().can_see_class_scope = true;
                    self.add_def("__classdict__", USE, aloc)?;
                }
            }
            Some(block) => self.enter_existing_block(block, false),
        }
        if is_unevaluated {
            self.ste().in_unevaluated_annotation = true;
        }
        let r = self.visit_expr(annotation);
        if is_unevaluated {
            self.ste().in_unevaluated_annotation = false;
        }
        self.exit_block();
        r
    }

    /// `symtable_visit_argannotations`.
    fn visit_argannotations(&mut self, args: &[ast::Arg]) -> R {
        for a in args {
            if let Some(ann) = &a.annotation {
                self.ste().annotations_used = true;
                self.visit_expr(ann)?;
            }
        }
        Ok(())
    }

    /// `symtable_visit_annotations`: a function's `__annotate__` block (always made).
    fn visit_annotations(
        &mut self,
        o: &ast::Stmt,
        a: &ast::Arguments,
        returns: Option<&ast::Expr>,
        function: super::BlockId,
    ) -> R {
        let is_in_class = self.ste_ref().can_see_class_scope;
        let current_type = self.ste_ref().block_type;
        let oloc = loc(&o.loc);
        self.enter_block(
            "__annotate__",
            BlockType::Annotation,
            BlockKey::function_annotations(a),
            oloc,
        )?;
        let function_name = self.entries[function].name.clone();
        self.ste().function_name = Some(function_name);
        if is_in_class || current_type == BlockType::Class {
            self.ste().can_see_class_scope = true;
            self.add_def("__classdict__", USE, oloc)?;
        }
        self.visit_argannotations(&a.posonlyargs)?;
        self.visit_argannotations(&a.args)?;
        for star in [&a.vararg, &a.kwarg].into_iter().flatten() {
            if let Some(ann) = &star.annotation {
                self.ste().annotations_used = true;
                self.visit_expr(ann)?;
            }
        }
        self.visit_argannotations(&a.kwonlyargs)?;
        if let Some(r) = returns {
            self.ste().annotations_used = true;
            self.visit_expr(r)?;
        }
        self.exit_block();
        Ok(())
    }

    /// `symtable_visit_arguments`: the parameters, in the function's own block.
    fn visit_arguments(&mut self, a: &ast::Arguments) -> R {
        self.visit_params(&a.posonlyargs)?;
        self.visit_params(&a.args)?;
        self.visit_params(&a.kwonlyargs)?;
        if let Some(v) = &a.vararg {
            self.add_def(&v.arg, DEF_PARAM, loc(&v.loc))?;
            self.ste().varargs = true;
        }
        if let Some(k) = &a.kwarg {
            self.add_def(&k.arg, DEF_PARAM, loc(&k.loc))?;
            self.ste().varkeywords = true;
        }
        Ok(())
    }

    /// `symtable_visit_excepthandler`.
    fn visit_excepthandler(&mut self, eh: &ast::Excepthandler) -> R {
        let ast::ExcepthandlerKind::ExceptHandler { r#type, name, body } = &eh.kind;
        if let Some(t) = r#type {
            self.visit_expr(t)?;
        }
        if let Some(n) = name {
            self.add_def(n, DEF_LOCAL, loc(&eh.loc))?;
        }
        self.visit_stmts(body)
    }

    /// `symtable_visit_withitem`.
    fn visit_withitem(&mut self, item: &ast::Withitem) -> R {
        self.visit_expr(&item.context_expr)?;
        if let Some(v) = &item.optional_vars {
            self.visit_expr(v)?;
        }
        Ok(())
    }

    /// `symtable_visit_match_case`.
    fn visit_match_case(&mut self, m: &ast::MatchCase) -> R {
        self.visit_pattern(&m.pattern)?;
        if let Some(g) = &m.guard {
            self.visit_expr(g)?;
        }
        self.visit_stmts(&m.body)
    }

    /// `symtable_visit_alias`: binds the first part of a dotted import name.
    fn visit_alias(&mut self, a: &ast::Alias) -> R {
        let name = a.asname.as_deref().unwrap_or(&a.name);
        let store_name = name.split('.').next().unwrap_or(name);
        if name != "*" {
            return self.add_def(store_name, DEF_IMPORT, loc(&a.loc));
        }
        if self.ste_ref().block_type != BlockType::Module {
            return Err(syntax_error(
                "import * only allowed at module level".into(),
                loc(&a.loc),
            ));
        }
        Ok(())
    }

    /// `symtable_visit_comprehension`: a `for … in … if …` after the first.
    fn visit_comprehension(&mut self, lc: &ast::Comprehension) -> R {
        self.ste().comp_iter_target = true;
        self.visit_expr(&lc.target)?;
        self.ste().comp_iter_target = false;
        self.ste().comp_iter_expr += 1;
        self.visit_expr(&lc.iter)?;
        self.ste().comp_iter_expr -= 1;
        self.visit_exprs(&lc.ifs)?;
        if lc.is_async != 0 {
            self.ste().coroutine = true;
        }
        Ok(())
    }

    /// `symtable_handle_comprehension`.
    fn handle_comprehension(
        &mut self,
        e: &ast::Expr,
        scope_name: &str,
        generators: &[ast::Comprehension],
        elt: &ast::Expr,
        value: Option<&ast::Expr>,
    ) -> R {
        let is_generator = matches!(e.kind, ExprKind::GeneratorExp { .. });
        let Some(outermost) = generators.first() else {
            return Err(CompileError::Unsupported(
                "comprehension without generators",
            ));
        };
        let eloc = loc(&e.loc);
        // The outermost iterable is evaluated in the enclosing scope.
        self.ste().comp_iter_expr += 1;
        self.visit_expr(&outermost.iter)?;
        self.ste().comp_iter_expr -= 1;
        self.enter_block(scope_name, BlockType::Function, BlockKey::node(e), eloc)?;
        self.ste().comprehension = match e.kind {
            ExprKind::ListComp { .. } => ComprehensionType::List,
            ExprKind::SetComp { .. } => ComprehensionType::Set,
            ExprKind::DictComp { .. } => ComprehensionType::Dict,
            _ => ComprehensionType::Generator,
        };
        if outermost.is_async != 0 {
            self.ste().coroutine = true;
        }
        // The outermost iterator is received as the argument `.0`.
        let ste_loc = self.ste_ref().loc;
        self.add_def(".0", DEF_PARAM, ste_loc)?;
        self.ste().comp_iter_target = true;
        self.visit_expr(&outermost.target)?;
        self.ste().comp_iter_target = false;
        self.visit_exprs(&outermost.ifs)?;
        for g in &generators[1..] {
            self.visit_comprehension(g)?;
        }
        if let Some(v) = value {
            self.visit_expr(v)?;
        }
        self.visit_expr(elt)?;
        self.ste().generator = is_generator;
        let is_async = self.ste_ref().coroutine && !is_generator;
        self.exit_block();
        if is_async
            && !self.is_async_def()
            && self.ste_ref().comprehension == ComprehensionType::None
            && !self.allows_top_level_await()
        {
            return Err(syntax_error(
                "asynchronous comprehension outside of an asynchronous function".into(),
                eloc,
            ));
        }
        if is_async {
            self.ste().coroutine = true;
        }
        Ok(())
    }

    /// `symtable_raise_if_annotation_block`: no `:=`, `yield` or `await` in annotation
    /// and type scopes.
    fn raise_if_annotation_block(&self, name: &str, e: &ast::Expr) -> R {
        let cur = self.cur();
        let msg = match self.entries[cur].block_type {
            BlockType::Annotation => format!("{name} cannot be used within an annotation"),
            BlockType::TypeVariable => {
                let info = self.extra[cur].scope_info.unwrap_or("a TypeVar bound");
                format!("{name} cannot be used within {info}")
            }
            BlockType::TypeAlias => format!("{name} cannot be used within a type alias"),
            BlockType::TypeParameters => {
                format!("{name} cannot be used within the definition of a generic")
            }
            _ => return Ok(()),
        };
        Err(syntax_error(msg, loc(&e.loc)))
    }

    /// `symtable_raise_if_comprehension_block`: `yield` inside a comprehension.
    fn raise_comprehension_yield(&self, e: &ast::Expr) -> R {
        let msg = match self.ste_ref().comprehension {
            ComprehensionType::List => "'yield' inside list comprehension",
            ComprehensionType::Set => "'yield' inside set comprehension",
            ComprehensionType::Dict => "'yield' inside dict comprehension",
            _ => "'yield' inside generator expression",
        };
        Err(syntax_error(msg.into(), loc(&e.loc)))
    }
}
