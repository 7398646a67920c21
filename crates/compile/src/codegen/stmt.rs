//! Statements of Python/codegen.c: bodies and docstrings, assignments, control flow
//! (`if`, `for`, `while`, `return`, `break`, `continue`), imports, `assert`, `raise`,
//! and the deferred (PEP 649) module and class annotations.

use num_bigint::BigInt;
use oxpy_objects::constant::ConstValue;
use oxpy_parser::ast::{self, ExprContext, ExprKind, StmtKind};

use super::names::NameOp;
use super::{
    CResult, Compiler, FBlockType, FbDatum, NB_SUBSCR, NO_LOC, ScopeType, clean_doc, common_const,
    get_docstring, loc,
};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::SourceLocation;
use crate::symtable::{BlockKey, BlockType};

/// `Operator` → `BINARY_OP` oparg (`NB_*`), in-place variants 13 higher.
pub(crate) fn binop_arg(op: ast::Operator, inplace: bool) -> i32 {
    use ast::Operator::*;
    let base = match op {
        Add => 0,
        BitAnd => 1,
        FloorDiv => 2,
        LShift => 3,
        MatMult => 4,
        Mult => 5,
        Mod => 6,
        BitOr => 7,
        Pow => 8,
        RShift => 9,
        Sub => 10,
        Div => 11,
        BitXor => 12,
    };
    if inplace { base + 13 } else { base }
}

impl<'a> Compiler<'a> {
    /// `codegen_body`: docstring, statements, then the deferred annotations.
    pub(crate) fn codegen_body(
        &mut self,
        l: SourceLocation,
        stmts: &'a [ast::Stmt],
        is_interactive: bool,
    ) -> CResult {
        if self.future_annotations() && self.ste().annotations_used {
            self.addop(Op::SETUP_ANNOTATIONS, l);
        }
        if stmts.is_empty() {
            return Ok(());
        }
        let mut first = 0;
        if !is_interactive
            && self.ste().has_docstring
            && let Some(doc) = get_docstring(stmts)
        {
            first = 1;
            let cleaned = clean_doc(doc);
            let st = &stmts[0];
            let StmtKind::Expr { value } = &st.kind else {
                return Ok(());
            };
            self.load_const(ConstValue::Str(cleaned), loc(&value.loc));
            self.nameop(NO_LOC, "__doc__", ExprContext::Store)?;
        }
        for s in &stmts[first..] {
            self.visit_stmt(s)?;
        }
        if !self.future_annotations() {
            self.process_deferred_annotations(l)?;
        }
        Ok(())
    }

    /// `codegen_visit_stmt`
    pub(crate) fn visit_stmt(&mut self, s: &'a ast::Stmt) -> CResult {
        let l = loc(&s.loc);
        match &s.kind {
            StmtKind::FunctionDef(_) => self.codegen_function(s, false),
            StmtKind::AsyncFunctionDef(_) => self.codegen_function(s, true),
            StmtKind::ClassDef(_) => self.codegen_class(s),
            StmtKind::TypeAlias { .. } => self.codegen_typealias(s),
            StmtKind::Return { value } => self.codegen_return(s, value.as_deref()),
            StmtKind::Delete { targets } => {
                for t in targets {
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value, .. } => {
                self.visit_expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.addop_i(Op::COPY, 1, l);
                    }
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => {
                self.codegen_augassign(s, target, *op, value)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.codegen_annassign(s, target, annotation, value.as_deref(), *simple != 0),
            StmtKind::For(_) => self.cond_block(|c| c.codegen_for(s)),
            StmtKind::AsyncFor(_) => self.cond_block(|c| c.codegen_async_for(s)),
            StmtKind::While { test, body, orelse } => {
                self.cond_block(|c| c.codegen_while(s, test, body, orelse))
            }
            StmtKind::If { test, body, orelse } => {
                self.cond_block(|c| c.codegen_if(s, test, body, orelse))
            }
            StmtKind::Match { .. } => self.cond_block(|c| c.codegen_match(s)),
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(exc) = exc {
                    self.visit_expr(exc)?;
                    n += 1;
                    if let Some(cause) = cause {
                        self.visit_expr(cause)?;
                        n += 1;
                    }
                }
                self.addop_i(Op::RAISE_VARARGS, n, l);
                Ok(())
            }
            StmtKind::Try(_) => self.cond_block(|c| c.codegen_try(s)),
            StmtKind::TryStar(_) => self.cond_block(|c| c.codegen_try_star(s)),
            StmtKind::Assert { test, msg } => self.codegen_assert(s, test, msg.as_deref()),
            StmtKind::Import { names } => self.codegen_import(s, names),
            StmtKind::ImportFrom(i) => {
                self.codegen_from_import(s, i.module.as_deref(), &i.names, i.level.unwrap_or(0))
            }
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => Ok(()),
            StmtKind::Expr { value } => self.codegen_stmt_expr(l, value),
            StmtKind::Pass => {
                self.addop(Op::NOP, l);
                Ok(())
            }
            StmtKind::Break => self.codegen_break(l),
            StmtKind::Continue => self.codegen_continue(l),
            StmtKind::With(_) => self.cond_block(|c| c.codegen_with(s, 0)),
            StmtKind::AsyncWith(_) => self.cond_block(|c| c.codegen_async_with(s, 0)),
        }
    }

    /// `CODEGEN_COND_BLOCK`
    fn cond_block(&mut self, f: impl FnOnce(&mut Self) -> CResult) -> CResult {
        self.u().in_conditional_block += 1;
        let r = f(self);
        self.u().in_conditional_block -= 1;
        r
    }

    pub(crate) fn visit_stmts(&mut self, stmts: &'a [ast::Stmt]) -> CResult {
        for s in stmts {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    /// `codegen_stmt_expr`
    fn codegen_stmt_expr(&mut self, l: SourceLocation, value: &'a ast::Expr) -> CResult {
        if self.is_interactive_top_level() {
            self.visit_expr(value)?;
            self.addop_i(Op::CALL_INTRINSIC_1, super::intrinsic::PRINT, l);
            self.addop(Op::POP_TOP, NO_LOC);
            return Ok(());
        }
        if matches!(value.kind, ExprKind::Constant { .. }) {
            self.addop(Op::NOP, l);
            return Ok(());
        }
        self.visit_expr(value)?;
        self.addop(Op::POP_TOP, NO_LOC);
        Ok(())
    }

    /// `codegen_if`
    fn codegen_if(
        &mut self,
        s: &'a ast::Stmt,
        test: &'a ast::Expr,
        body: &'a [ast::Stmt],
        orelse: &'a [ast::Stmt],
    ) -> CResult {
        let end = self.new_label();
        let next = if orelse.is_empty() {
            end
        } else {
            self.new_label()
        };
        self.jump_if(loc(&s.loc), test, next, false)?;
        self.visit_stmts(body)?;
        if !orelse.is_empty() {
            self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
            self.use_label(next);
            self.visit_stmts(orelse)?;
        }
        self.use_label(end);
        Ok(())
    }

    /// `codegen_for`
    fn codegen_for(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::For(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtFor {
            target,
            iter,
            body,
            orelse,
            ..
        } = &**node;
        let l = loc(&s.loc);
        let start = self.new_label();
        let body_l = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        self.push_fblock(l, FBlockType::ForLoop, start, end, FbDatum::None)?;
        self.visit_expr(iter)?;
        let il = loc(&iter.loc);
        self.addop(Op::GET_ITER, il);
        self.use_label(start);
        self.addop_j(Op::FOR_ITER, cleanup, il);
        self.addop(Op::NOP, loc(&target.loc));
        self.use_label(body_l);
        self.visit_expr(target)?;
        self.visit_stmts(body)?;
        self.addop_j(Op::JUMP, start, NO_LOC);
        self.use_label(cleanup);
        self.addop(Op::END_FOR, NO_LOC);
        self.addop(Op::POP_ITER, NO_LOC);
        self.pop_fblock(FBlockType::ForLoop, start);
        self.visit_stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_async_for`
    fn codegen_async_for(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::AsyncFor(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtFor {
            target,
            iter,
            body,
            orelse,
            ..
        } = &**node;
        let l = loc(&s.loc);
        let start = self.new_label();
        let send = self.new_label();
        let except = self.new_label();
        let end = self.new_label();
        self.visit_expr(iter)?;
        self.addop(Op::GET_AITER, loc(&iter.loc));
        self.use_label(start);
        self.push_fblock(l, FBlockType::ForLoop, start, end, FbDatum::None)?;
        self.addop_j(Op::SETUP_FINALLY, except, l);
        self.addop(Op::GET_ANEXT, l);
        self.load_none(l);
        self.use_label(send);
        self.add_yield_from(l, true);
        self.addop(Op::POP_BLOCK, l);
        self.addop(Op::NOT_TAKEN, l);
        self.visit_expr(target)?;
        self.visit_stmts(body)?;
        self.addop_j(Op::JUMP, start, NO_LOC);
        self.pop_fblock(FBlockType::ForLoop, start);
        self.use_label(except);
        self.addop_j(Op::END_ASYNC_FOR, send, loc(&iter.loc));
        self.visit_stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_while`
    fn codegen_while(
        &mut self,
        s: &'a ast::Stmt,
        test: &'a ast::Expr,
        body: &'a [ast::Stmt],
        orelse: &'a [ast::Stmt],
    ) -> CResult {
        let lp = self.new_label();
        let end = self.new_label();
        let anchor = self.new_label();
        self.use_label(lp);
        self.push_fblock(loc(&s.loc), FBlockType::WhileLoop, lp, end, FbDatum::None)?;
        self.jump_if(loc(&s.loc), test, anchor, false)?;
        self.visit_stmts(body)?;
        self.addop_j(Op::JUMP, lp, NO_LOC);
        self.pop_fblock(FBlockType::WhileLoop, lp);
        self.use_label(anchor);
        self.visit_stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_return`
    fn codegen_return(&mut self, s: &'a ast::Stmt, value: Option<&'a ast::Expr>) -> CResult {
        let mut l = loc(&s.loc);
        let preserve_tos = value.is_some_and(|v| !matches!(v.kind, ExprKind::Constant { .. }));
        if !self.ste().is_function_like() {
            return self.error(l, "'return' outside function");
        }
        if value.is_some() && self.ste().coroutine && self.ste().generator {
            return self.error(l, "'return' with value in async generator");
        }
        if preserve_tos {
            if let Some(v) = value {
                self.visit_expr(v)?;
            }
        } else if let Some(v) = value {
            l = loc(&v.loc);
            self.addop(Op::NOP, l);
        }
        if value.is_none_or(|v| v.loc.lineno != s.loc.lineno) {
            l = loc(&s.loc);
            self.addop(Op::NOP, l);
        }
        self.unwind_fblock_stack(&mut l, preserve_tos, false)?;
        match value {
            None => self.load_none(l),
            Some(v) if !preserve_tos => {
                if let ExprKind::Constant { value, .. } = &v.kind {
                    self.load_constant(value, l);
                }
            }
            _ => {}
        }
        self.addop(Op::RETURN_VALUE, l);
        Ok(())
    }

    /// `codegen_break`
    fn codegen_break(&mut self, l: SourceLocation) -> CResult {
        let origin = l;
        let mut l = l;
        self.addop(Op::NOP, l);
        let lp = self.unwind_fblock_stack(&mut l, false, true)?;
        let Some(lp) = lp else {
            return self.error(origin, "'break' outside loop");
        };
        self.unwind_fblock(&mut l, &lp, false)?;
        self.addop_j(Op::JUMP, lp.exit, l);
        Ok(())
    }

    /// `codegen_continue`
    fn codegen_continue(&mut self, l: SourceLocation) -> CResult {
        let origin = l;
        let mut l = l;
        self.addop(Op::NOP, l);
        let lp = self.unwind_fblock_stack(&mut l, false, true)?;
        let Some(lp) = lp else {
            return self.error(origin, "'continue' not properly in loop");
        };
        self.addop_j(Op::JUMP, lp.block, l);
        Ok(())
    }

    /// `codegen_import_as`
    fn codegen_import_as(&mut self, l: SourceLocation, name: &str, asname: &str) -> CResult {
        if let Some(dot) = name.find('.') {
            let mut rest = &name[dot + 1..];
            loop {
                let (attr, more) = match rest.find('.') {
                    Some(d) => (&rest[..d], Some(&rest[d + 1..])),
                    None => (rest, None),
                };
                let i = self.name_index(attr);
                self.addop_i(Op::IMPORT_FROM, i, l);
                match more {
                    None => break,
                    Some(m) => {
                        self.addop_i(Op::SWAP, 2, l);
                        self.addop(Op::POP_TOP, l);
                        rest = m;
                    }
                }
            }
            self.nameop(l, asname, ExprContext::Store)?;
            self.addop(Op::POP_TOP, l);
            return Ok(());
        }
        self.nameop(l, asname, ExprContext::Store)
    }

    /// `codegen_import`
    fn codegen_import(&mut self, s: &'a ast::Stmt, names: &'a [ast::Alias]) -> CResult {
        let l = loc(&s.loc);
        for alias in names {
            self.load_const(ConstValue::Int(BigInt::from(0)), l);
            self.load_none(l);
            self.addop_name(l, NameOp::Plain(Op::IMPORT_NAME), &alias.name);
            match &alias.asname {
                Some(asname) => self.codegen_import_as(l, &alias.name, asname)?,
                None => {
                    let store = match alias.name.find('.') {
                        Some(d) => &alias.name[..d],
                        None => &alias.name,
                    };
                    self.nameop(l, store, ExprContext::Store)?;
                }
            }
        }
        Ok(())
    }

    /// `codegen_from_import`
    fn codegen_from_import(
        &mut self,
        s: &'a ast::Stmt,
        module: Option<&str>,
        names: &'a [ast::Alias],
        level: i64,
    ) -> CResult {
        let l = loc(&s.loc);
        self.load_const(ConstValue::Int(BigInt::from(level)), l);
        let tuple = names
            .iter()
            .map(|a| ConstValue::Str(a.name.clone()))
            .collect();
        self.load_const(ConstValue::Tuple(tuple), l);
        self.addop_name(l, NameOp::Plain(Op::IMPORT_NAME), module.unwrap_or(""));
        for (i, alias) in names.iter().enumerate() {
            if i == 0 && alias.name.starts_with('*') {
                self.addop_i(Op::CALL_INTRINSIC_1, super::intrinsic::IMPORT_STAR, l);
                self.addop(Op::POP_TOP, NO_LOC);
                return Ok(());
            }
            self.addop_name(l, NameOp::Plain(Op::IMPORT_FROM), &alias.name);
            let store = alias.asname.as_deref().unwrap_or(&alias.name);
            self.nameop(l, store, ExprContext::Store)?;
        }
        self.addop(Op::POP_TOP, l);
        Ok(())
    }

    /// `codegen_assert`
    fn codegen_assert(
        &mut self,
        s: &'a ast::Stmt,
        test: &'a ast::Expr,
        msg: Option<&'a ast::Expr>,
    ) -> CResult {
        let l = loc(&s.loc);
        if let ExprKind::Tuple { elts, .. } = &test.kind
            && !elts.is_empty()
        {
            self.warn(l, "assertion is always true, perhaps remove parentheses?")?;
        }
        if self.optimize > 0 {
            return Ok(());
        }
        let end = self.new_label();
        self.jump_if(l, test, end, true)?;
        self.addop_i(Op::LOAD_COMMON_CONSTANT, common_const::ASSERTION_ERROR, l);
        if let Some(m) = msg {
            self.visit_expr(m)?;
            self.addop_i(Op::CALL, 0, l);
        }
        self.addop_i(Op::RAISE_VARARGS, 1, loc(&test.loc));
        self.use_label(end);
        Ok(())
    }

    /// `codegen_augassign`
    fn codegen_augassign(
        &mut self,
        s: &'a ast::Stmt,
        e: &'a ast::Expr,
        op: ast::Operator,
        value: &'a ast::Expr,
    ) -> CResult {
        let l = loc(&e.loc);
        match &e.kind {
            ExprKind::Attribute { value: v, attr, .. } => {
                self.visit_expr(v)?;
                self.addop_i(Op::COPY, 1, l);
                let l2 = self.update_start_location_to_match_attr(l, e);
                self.addop_name(l2, NameOp::Plain(Op::LOAD_ATTR), attr);
            }
            ExprKind::Subscript {
                value: v, slice, ..
            } => {
                self.visit_expr(v)?;
                if should_apply_two_element_slice_optimization(slice) {
                    self.slice_two_parts(slice)?;
                    self.addop_i(Op::COPY, 3, l);
                    self.addop_i(Op::COPY, 3, l);
                    self.addop_i(Op::COPY, 3, l);
                    self.addop(Op::BINARY_SLICE, l);
                } else {
                    self.visit_expr(slice)?;
                    self.addop_i(Op::COPY, 2, l);
                    self.addop_i(Op::COPY, 2, l);
                    self.addop_i(Op::BINARY_OP, NB_SUBSCR, l);
                }
            }
            ExprKind::Name { id, .. } => self.nameop(l, id, ExprContext::Load)?,
            _ => {
                return Err(crate::error::CompileError::Unsupported(
                    "invalid node type for augmented assignment",
                ));
            }
        }
        self.visit_expr(value)?;
        self.addop_i(Op::BINARY_OP, binop_arg(op, true), loc(&s.loc));
        match &e.kind {
            ExprKind::Attribute { attr, .. } => {
                let l2 = self.update_start_location_to_match_attr(l, e);
                self.addop_i(Op::SWAP, 2, l2);
                self.addop_name(l2, NameOp::Plain(Op::STORE_ATTR), attr);
            }
            ExprKind::Subscript { slice, .. } => {
                if should_apply_two_element_slice_optimization(slice) {
                    self.addop_i(Op::SWAP, 4, l);
                    self.addop_i(Op::SWAP, 3, l);
                    self.addop_i(Op::SWAP, 2, l);
                    self.addop(Op::STORE_SLICE, l);
                } else {
                    self.addop_i(Op::SWAP, 3, l);
                    self.addop_i(Op::SWAP, 2, l);
                    self.addop(Op::STORE_SUBSCR, l);
                }
            }
            ExprKind::Name { id, .. } => self.nameop(l, id, ExprContext::Store)?,
            _ => {}
        }
        Ok(())
    }

    /// `codegen_check_ann_expr`
    fn check_ann_expr(&mut self, e: &'a ast::Expr) -> CResult {
        self.visit_expr(e)?;
        self.addop(Op::POP_TOP, loc(&e.loc));
        Ok(())
    }

    /// `codegen_check_ann_subscr`
    fn check_ann_subscr(&mut self, e: &'a ast::Expr) -> CResult {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper, step].into_iter().flatten() {
                    self.check_ann_expr(p)?;
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => {
                for el in elts {
                    self.check_ann_subscr(el)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    /// `codegen_annassign`
    fn codegen_annassign(
        &mut self,
        s: &'a ast::Stmt,
        targ: &'a ast::Expr,
        annotation: &'a ast::Expr,
        value: Option<&'a ast::Expr>,
        simple: bool,
    ) -> CResult {
        let l = loc(&s.loc);
        let future = self.future_annotations();
        if let Some(v) = value {
            self.visit_expr(v)?;
            self.visit_expr(targ)?;
        }
        match &targ.kind {
            ExprKind::Name { id, .. } => {
                let st = self.scope_type();
                if simple && matches!(st, ScopeType::Module | ScopeType::Class) {
                    if future {
                        self.visit_annexpr(annotation)?;
                        self.addop_name(l, NameOp::Plain(Op::LOAD_NAME), "__annotations__");
                        let mangled = self.maybe_mangle(id).into_owned();
                        self.load_const(ConstValue::Str(mangled), l);
                        self.addop(Op::STORE_SUBSCR, l);
                    } else if let Some(idx) = self.add_deferred_annotation(s) {
                        if st == ScopeType::Class {
                            let i = self.cellvar_index("__conditional_annotations__");
                            self.addop_i(Op::LOAD_DEREF, i, l);
                        } else {
                            self.addop_name(
                                l,
                                NameOp::Plain(Op::LOAD_NAME),
                                "__conditional_annotations__",
                            );
                        }
                        self.load_const(ConstValue::Int(BigInt::from(idx)), l);
                        self.addop_i(Op::SET_ADD, 1, l);
                        self.addop(Op::POP_TOP, l);
                    }
                }
            }
            ExprKind::Attribute { value: v, .. } => {
                if value.is_none() {
                    self.check_ann_expr(v)?;
                }
            }
            ExprKind::Subscript {
                value: v, slice, ..
            } => {
                if value.is_none() {
                    self.check_ann_expr(v)?;
                    self.check_ann_subscr(slice)?;
                }
            }
            _ => {
                return Err(crate::error::CompileError::Unsupported(
                    "invalid node type for annotated assignment",
                ));
            }
        }
        if future && !simple && matches!(self.scope_type(), ScopeType::Module | ScopeType::Class) {
            // codegen_check_annotation: only reached under the future import, where it
            // emits nothing.
        }
        Ok(())
    }

    /// `codegen_visit_annexpr`: the annotation's source text (`_PyAST_ExprAsUnicode`) as a
    /// constant.
    pub(crate) fn visit_annexpr(&mut self, annotation: &'a ast::Expr) -> CResult {
        let text = oxpy_parser::unparse::expr_as_unicode(annotation).map_err(|_| {
            crate::error::CompileError::Unsupported("annotation CPython's unparser rejects")
        })?;
        self.load_const(ConstValue::Str(text), loc(&annotation.loc));
        Ok(())
    }

    /// `_PyCompile_AddDeferredAnnotation`: records `s`; returns its conditional index
    /// when it needs one.
    fn add_deferred_annotation(&mut self, s: &'a ast::Stmt) -> Option<i64> {
        let u = self.u();
        u.deferred_annotations.get_or_insert_with(Vec::new).push(s);
        if u.scope_type == ScopeType::Module || u.in_conditional_block != 0 {
            let idx = u.next_conditional_annotation_index;
            u.next_conditional_annotation_index += 1;
            u.conditional_annotation_indices.push(idx);
            Some(idx)
        } else {
            u.conditional_annotation_indices.push(-1);
            None
        }
    }

    /// `codegen_deferred_annotations_body`
    fn deferred_annotations_body(
        &mut self,
        l: SourceLocation,
        deferred: &[&'a ast::Stmt],
        indices: &[i64],
        scope_type: ScopeType,
    ) -> CResult {
        self.addop_i(Op::BUILD_MAP, 0, l);
        for (st, &idx) in deferred.iter().zip(indices) {
            let StmtKind::AnnAssign {
                target, annotation, ..
            } = &st.kind
            else {
                continue;
            };
            let ExprKind::Name { id, .. } = &target.kind else {
                continue;
            };
            let mangled = self.mangle(id).into_owned();
            let sl = loc(&st.loc);
            let not_set = self.new_label();
            if idx != -1 {
                self.load_const(ConstValue::Int(BigInt::from(idx)), sl);
                if scope_type == ScopeType::Class {
                    let i = self.freevar_index("__conditional_annotations__");
                    self.addop_i(Op::LOAD_DEREF, i, sl);
                } else {
                    // ADDOP_NAME leaves LOAD_GLOBAL's oparg unshifted.
                    self.addop_name(
                        sl,
                        NameOp::Plain(Op::LOAD_GLOBAL),
                        "__conditional_annotations__",
                    );
                }
                self.addop_i(Op::CONTAINS_OP, 0, sl);
                self.addop_j(Op::POP_JUMP_IF_FALSE, not_set, sl);
            }
            self.visit_expr(annotation)?;
            self.addop_i(Op::COPY, 2, sl);
            self.load_const(ConstValue::Str(mangled), sl);
            self.addop(Op::STORE_SUBSCR, l);
            self.use_label(not_set);
        }
        Ok(())
    }

    /// `codegen_process_deferred_annotations`
    fn process_deferred_annotations(&mut self, l: SourceLocation) -> CResult {
        let Some(deferred) = self.u().deferred_annotations.take() else {
            return Ok(());
        };
        let indices = std::mem::take(&mut self.u().conditional_annotation_indices);
        let scope_type = self.scope_type();
        let need_separate_block = scope_type == ScopeType::Module;
        if need_separate_block {
            let u = self.u();
            let parent = std::mem::replace(&mut u.seq, crate::instr_sequence::InstrSequence::new());
            u.stashed_seq = Some(parent);
        }
        let ste = self.ste();
        let key = BlockKey::annotations_of(ste.key);
        let ann_name = ste
            .annotation_block
            .map(|b| self.st.entries[b].name.clone())
            .unwrap_or_else(|| "__annotate__".to_string());
        let is_class_block = ste.block_type == BlockType::Class;
        self.setup_annotations_scope(l, key, &ann_name)?;
        self.deferred_annotations_body(l, &deferred, &indices, scope_type)?;
        self.leave_annotations_scope(l)?;
        let name = if is_class_block {
            "__annotate_func__"
        } else {
            "__annotate__"
        };
        self.nameop(l, name, ExprContext::Store)?;
        if need_separate_block {
            let u = self.u();
            if let Some(parent) = u.stashed_seq.take() {
                let anno = std::mem::replace(&mut u.seq, parent);
                u.seq.annotations_code = Some(Box::new(anno));
            }
        }
        Ok(())
    }

    /// `codegen_setup_annotations_scope`
    pub(crate) fn setup_annotations_scope(
        &mut self,
        l: SourceLocation,
        key: BlockKey,
        name: &str,
    ) -> CResult {
        self.codegen_enter_scope(
            name,
            ScopeType::Annotations,
            key,
            l.lineno,
            None,
            Some((0, 1, 0)),
        )?;
        self.addop_i(Op::LOAD_FAST, 0, l);
        // _Py_ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS
        self.load_const(ConstValue::Int(BigInt::from(2)), l);
        // (Py_GT << 5) | compare_masks[Py_GT]
        self.addop_i(Op::COMPARE_OP, (4 << 5) | 4, l);
        let body = self.new_label();
        self.addop_j(Op::POP_JUMP_IF_FALSE, body, l);
        self.addop_i(
            Op::LOAD_COMMON_CONSTANT,
            common_const::NOT_IMPLEMENTED_ERROR,
            l,
        );
        self.addop_i(Op::RAISE_VARARGS, 1, l);
        self.use_label(body);
        Ok(())
    }

    /// `codegen_leave_annotations_scope`
    pub(crate) fn leave_annotations_scope(&mut self, l: SourceLocation) -> CResult {
        self.addop(Op::RETURN_VALUE, l);
        let co = self.optimize_and_assemble(true);
        self.exit_scope();
        let mut co = co?;
        if let Some(first) = co.localsplusnames.first_mut() {
            *first = "format".to_string();
        }
        self.make_closure(l, co, 0)
    }

    /// `codegen_add_yield_from`
    pub(crate) fn add_yield_from(&mut self, l: SourceLocation, is_await: bool) {
        let send = self.new_label();
        let fail = self.new_label();
        let exit = self.new_label();
        self.use_label(send);
        self.addop_j(Op::SEND, exit, l);
        self.addop_j(Op::SETUP_FINALLY, fail, l);
        self.addop_i(Op::YIELD_VALUE, 1, l);
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.addop_i(
            Op::RESUME,
            if is_await {
                super::resume::AFTER_AWAIT
            } else {
                super::resume::AFTER_YIELD_FROM
            },
            l,
        );
        self.addop_j(Op::JUMP_NO_INTERRUPT, send, l);
        self.use_label(fail);
        self.addop(Op::CLEANUP_THROW, l);
        self.use_label(exit);
        self.addop(Op::END_SEND, l);
    }

    /// `codegen_addop_yield`
    pub(crate) fn addop_yield(&mut self, l: SourceLocation) {
        if self.ste().generator && self.ste().coroutine {
            self.addop_i(Op::CALL_INTRINSIC_1, super::intrinsic::ASYNC_GEN_WRAP, l);
        }
        self.addop_i(Op::YIELD_VALUE, 0, l);
        self.addop_i(Op::RESUME, super::resume::AFTER_YIELD, l);
    }
}

/// `is_constant_slice`
pub(crate) fn is_constant_slice(s: &ast::Expr) -> bool {
    let ExprKind::Slice { lower, upper, step } = &s.kind else {
        return false;
    };
    [lower, upper, step].iter().all(|p| {
        p.as_ref()
            .is_none_or(|e| matches!(e.kind, ExprKind::Constant { .. }))
    })
}

/// `should_apply_two_element_slice_optimization`
pub(crate) fn should_apply_two_element_slice_optimization(s: &ast::Expr) -> bool {
    !is_constant_slice(s) && matches!(&s.kind, ExprKind::Slice { step: None, .. })
}
