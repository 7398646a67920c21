//! Exceptions and context managers of Python/codegen.c: the frame-block stack
//! (`codegen_unwind_fblock*`), `try`/`except`/`finally`, `try`/`except*`, `with` and
//! `async with`.

use oxpy_parser::ast::{self, ExcepthandlerKind, ExprContext, StmtKind};

use super::{CResult, Compiler, FBlock, FBlockType, FbDatum, NO_LOC, intrinsic, loc, special};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::{Label, SourceLocation};

impl<'a> Compiler<'a> {
    /// `codegen_call_exit_with_nones`
    fn call_exit_with_nones(&mut self, l: SourceLocation) {
        self.load_none(l);
        self.load_none(l);
        self.load_none(l);
        self.addop_i(Op::CALL, 3, l);
    }

    /// `codegen_pop_except_and_reraise`
    fn pop_except_and_reraise(&mut self, l: SourceLocation) {
        self.addop_i(Op::COPY, 3, l);
        self.addop(Op::POP_EXCEPT, l);
        self.addop_i(Op::RERAISE, 1, l);
    }

    /// `codegen_unwind_fblock`
    pub(crate) fn unwind_fblock(
        &mut self,
        l: &mut SourceLocation,
        info: &FBlock<'a>,
        preserve_tos: bool,
    ) -> CResult {
        match info.kind {
            FBlockType::WhileLoop
            | FBlockType::ExceptionHandler
            | FBlockType::ExceptionGroupHandler
            | FBlockType::AsyncComprehensionGenerator
            | FBlockType::StopIteration => Ok(()),
            FBlockType::ForLoop => {
                if preserve_tos {
                    self.addop_i(Op::SWAP, 2, *l);
                }
                self.addop(Op::POP_TOP, *l);
                Ok(())
            }
            FBlockType::TryExcept => {
                self.addop(Op::POP_BLOCK, *l);
                Ok(())
            }
            FBlockType::FinallyTry => {
                self.addop(Op::POP_BLOCK, *l);
                if preserve_tos {
                    self.push_fblock(
                        *l,
                        FBlockType::PopValue,
                        Label::NONE,
                        Label::NONE,
                        FbDatum::None,
                    )?;
                }
                if let FbDatum::Stmts(body) = info.datum {
                    self.visit_stmts(body)?;
                }
                if preserve_tos {
                    self.pop_fblock(FBlockType::PopValue, Label::NONE);
                }
                *l = NO_LOC;
                Ok(())
            }
            FBlockType::FinallyEnd => {
                if preserve_tos {
                    self.addop_i(Op::SWAP, 2, *l);
                }
                self.addop(Op::POP_TOP, *l);
                if preserve_tos {
                    self.addop_i(Op::SWAP, 2, *l);
                }
                self.addop(Op::POP_BLOCK, *l);
                self.addop(Op::POP_EXCEPT, *l);
                Ok(())
            }
            FBlockType::With | FBlockType::AsyncWith => {
                *l = info.loc;
                self.addop(Op::POP_BLOCK, *l);
                if preserve_tos {
                    self.addop_i(Op::SWAP, 3, *l);
                    self.addop_i(Op::SWAP, 2, *l);
                }
                self.call_exit_with_nones(*l);
                if info.kind == FBlockType::AsyncWith {
                    self.addop_i(Op::GET_AWAITABLE, 2, *l);
                    self.load_none(*l);
                    self.add_yield_from(*l, true);
                }
                self.addop(Op::POP_TOP, *l);
                *l = NO_LOC;
                Ok(())
            }
            FBlockType::HandlerCleanup => {
                let name = match info.datum {
                    FbDatum::Name(n) => Some(n),
                    _ => None,
                };
                if name.is_some() {
                    self.addop(Op::POP_BLOCK, *l);
                }
                if preserve_tos {
                    self.addop_i(Op::SWAP, 2, *l);
                }
                self.addop(Op::POP_BLOCK, *l);
                self.addop(Op::POP_EXCEPT, *l);
                if let Some(n) = name {
                    self.load_none(*l);
                    self.nameop(*l, n, ExprContext::Store)?;
                    self.nameop(*l, n, ExprContext::Del)?;
                }
                Ok(())
            }
            FBlockType::PopValue => {
                if preserve_tos {
                    self.addop_i(Op::SWAP, 2, *l);
                }
                self.addop(Op::POP_TOP, *l);
                Ok(())
            }
        }
    }

    /// `codegen_unwind_fblock_stack`: unwinds every block (or up to the innermost loop
    /// when `want_loop`), returning that loop.
    pub(crate) fn unwind_fblock_stack(
        &mut self,
        l: &mut SourceLocation,
        preserve_tos: bool,
        want_loop: bool,
    ) -> CResult<Option<FBlock<'a>>> {
        let Some(top) = self.ur().fblocks.last().copied() else {
            return Ok(None);
        };
        if top.kind == FBlockType::ExceptionGroupHandler {
            return self.error(
                *l,
                "'break', 'continue' and 'return' cannot appear in an except* block",
            );
        }
        if want_loop && matches!(top.kind, FBlockType::WhileLoop | FBlockType::ForLoop) {
            return Ok(Some(top));
        }
        self.pop_fblock(top.kind, top.block);
        self.unwind_fblock(l, &top, preserve_tos)?;
        let r = self.unwind_fblock_stack(l, preserve_tos, want_loop)?;
        self.push_fblock(top.loc, top.kind, top.block, top.exit, top.datum)?;
        Ok(r)
    }

    /// `codegen_try`
    pub(crate) fn codegen_try(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::Try(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtTry { finalbody, .. } = &**node;
        if !finalbody.is_empty() {
            self.codegen_try_finally(s, false)
        } else {
            self.codegen_try_except(s)
        }
    }

    /// `codegen_try_star`
    pub(crate) fn codegen_try_star(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::TryStar(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtTry { finalbody, .. } = &**node;
        if !finalbody.is_empty() {
            self.codegen_try_finally(s, true)
        } else {
            self.codegen_try_star_except(s)
        }
    }

    /// `codegen_try_finally` and `codegen_try_star_finally`.
    fn codegen_try_finally(&mut self, s: &'a ast::Stmt, star: bool) -> CResult {
        let (body, handlers, finalbody) = match &s.kind {
            StmtKind::Try(t) | StmtKind::TryStar(t) => (&t.body, &t.handlers, &t.finalbody),
            _ => return Ok(()),
        };
        let l = loc(&s.loc);
        let body_l = self.new_label();
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.addop_j(Op::SETUP_FINALLY, end, l);
        self.use_label(body_l);
        self.push_fblock(
            l,
            FBlockType::FinallyTry,
            body_l,
            end,
            FbDatum::Stmts(finalbody),
        )?;
        if !handlers.is_empty() {
            if star {
                self.codegen_try_star_except(s)?;
            } else {
                self.codegen_try_except(s)?;
            }
        } else {
            self.visit_stmts(body)?;
        }
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.pop_fblock(FBlockType::FinallyTry, body_l);
        self.visit_stmts(finalbody)?;
        self.addop_j(Op::JUMP_NO_INTERRUPT, exit, NO_LOC);
        self.use_label(end);
        self.addop_j(Op::SETUP_CLEANUP, cleanup, NO_LOC);
        self.addop(Op::PUSH_EXC_INFO, NO_LOC);
        self.push_fblock(
            NO_LOC,
            FBlockType::FinallyEnd,
            end,
            Label::NONE,
            FbDatum::None,
        )?;
        self.visit_stmts(finalbody)?;
        self.pop_fblock(FBlockType::FinallyEnd, end);
        self.addop_i(Op::RERAISE, 0, NO_LOC);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOC);
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_try_except`
    fn codegen_try_except(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::Try(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtTry {
            body,
            handlers,
            orelse,
            ..
        } = &**node;
        let l = loc(&s.loc);
        let body_l = self.new_label();
        let mut except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.addop_j(Op::SETUP_FINALLY, except, l);
        self.use_label(body_l);
        self.push_fblock(l, FBlockType::TryExcept, body_l, Label::NONE, FbDatum::None)?;
        self.visit_stmts(body)?;
        self.pop_fblock(FBlockType::TryExcept, body_l);
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.visit_stmts(orelse)?;
        self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
        let n = handlers.len();
        self.use_label(except);
        self.addop_j(Op::SETUP_CLEANUP, cleanup, NO_LOC);
        self.addop(Op::PUSH_EXC_INFO, NO_LOC);
        self.push_fblock(
            l,
            FBlockType::ExceptionHandler,
            Label::NONE,
            Label::NONE,
            FbDatum::None,
        )?;
        for (i, handler) in handlers.iter().enumerate() {
            let ExcepthandlerKind::ExceptHandler {
                r#type,
                name,
                body: hbody,
            } = &handler.kind;
            let hl = loc(&handler.loc);
            if r#type.is_none() && i + 1 < n {
                return self.error(hl, "default 'except:' must be last");
            }
            except = self.new_label();
            if let Some(t) = r#type {
                self.visit_expr(t)?;
                self.addop(Op::CHECK_EXC_MATCH, hl);
                self.addop_j(Op::POP_JUMP_IF_FALSE, except, hl);
            }
            if let Some(name) = name {
                let cleanup_end = self.new_label();
                let cleanup_body = self.new_label();
                self.nameop(hl, name, ExprContext::Store)?;
                self.addop_j(Op::SETUP_CLEANUP, cleanup_end, hl);
                self.use_label(cleanup_body);
                self.push_fblock(
                    hl,
                    FBlockType::HandlerCleanup,
                    cleanup_body,
                    Label::NONE,
                    FbDatum::Name(name),
                )?;
                self.visit_stmts(hbody)?;
                self.pop_fblock(FBlockType::HandlerCleanup, cleanup_body);
                self.addop(Op::POP_BLOCK, NO_LOC);
                self.addop(Op::POP_BLOCK, NO_LOC);
                self.addop(Op::POP_EXCEPT, NO_LOC);
                self.load_none(NO_LOC);
                self.nameop(NO_LOC, name, ExprContext::Store)?;
                self.nameop(NO_LOC, name, ExprContext::Del)?;
                self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
                self.use_label(cleanup_end);
                self.load_none(NO_LOC);
                self.nameop(NO_LOC, name, ExprContext::Store)?;
                self.nameop(NO_LOC, name, ExprContext::Del)?;
                self.addop_i(Op::RERAISE, 1, NO_LOC);
            } else {
                let cleanup_body = self.new_label();
                self.addop(Op::POP_TOP, hl);
                self.use_label(cleanup_body);
                self.push_fblock(
                    hl,
                    FBlockType::HandlerCleanup,
                    cleanup_body,
                    Label::NONE,
                    FbDatum::None,
                )?;
                self.visit_stmts(hbody)?;
                self.pop_fblock(FBlockType::HandlerCleanup, cleanup_body);
                self.addop(Op::POP_BLOCK, NO_LOC);
                self.addop(Op::POP_EXCEPT, NO_LOC);
                self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
            }
            self.use_label(except);
        }
        self.pop_fblock(FBlockType::ExceptionHandler, Label::NONE);
        self.addop_i(Op::RERAISE, 0, NO_LOC);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOC);
        self.use_label(end);
        Ok(())
    }

    /// `codegen_try_star_except`
    fn codegen_try_star_except(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::TryStar(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtTry {
            body,
            handlers,
            orelse,
            ..
        } = &**node;
        let l = loc(&s.loc);
        let body_l = self.new_label();
        let mut except = self.new_label();
        let orelse_l = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        self.addop_j(Op::SETUP_FINALLY, except, l);
        self.use_label(body_l);
        self.push_fblock(l, FBlockType::TryExcept, body_l, Label::NONE, FbDatum::None)?;
        self.visit_stmts(body)?;
        self.pop_fblock(FBlockType::TryExcept, body_l);
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.addop_j(Op::JUMP_NO_INTERRUPT, orelse_l, NO_LOC);
        let n = handlers.len();
        self.use_label(except);
        self.addop_j(Op::SETUP_CLEANUP, cleanup, NO_LOC);
        self.addop(Op::PUSH_EXC_INFO, NO_LOC);
        self.push_fblock(
            l,
            FBlockType::ExceptionGroupHandler,
            Label::NONE,
            Label::NONE,
            FbDatum::None,
        )?;
        for (i, handler) in handlers.iter().enumerate() {
            let ExcepthandlerKind::ExceptHandler {
                r#type,
                name,
                body: hbody,
            } = &handler.kind;
            let hl = loc(&handler.loc);
            except = self.new_label();
            let except_with_error = self.new_label();
            let no_match = self.new_label();
            if i == 0 {
                self.addop_i(Op::BUILD_LIST, 0, hl);
                self.addop_i(Op::COPY, 2, hl);
            }
            if let Some(t) = r#type {
                self.visit_expr(t)?;
                self.addop(Op::CHECK_EG_MATCH, hl);
                self.addop_i(Op::COPY, 1, hl);
                self.addop_j(Op::POP_JUMP_IF_NONE, no_match, hl);
            }
            let cleanup_end = self.new_label();
            let cleanup_body = self.new_label();
            match name {
                Some(name) => self.nameop(hl, name, ExprContext::Store)?,
                None => self.addop(Op::POP_TOP, hl),
            }
            self.addop_j(Op::SETUP_CLEANUP, cleanup_end, hl);
            self.use_label(cleanup_body);
            let datum = match name {
                Some(n) => FbDatum::Name(n),
                None => FbDatum::None,
            };
            self.push_fblock(
                hl,
                FBlockType::HandlerCleanup,
                cleanup_body,
                Label::NONE,
                datum,
            )?;
            self.visit_stmts(hbody)?;
            self.pop_fblock(FBlockType::HandlerCleanup, cleanup_body);
            self.addop(Op::POP_BLOCK, NO_LOC);
            if let Some(name) = name {
                self.load_none(NO_LOC);
                self.nameop(NO_LOC, name, ExprContext::Store)?;
                self.nameop(NO_LOC, name, ExprContext::Del)?;
            }
            self.addop_j(Op::JUMP_NO_INTERRUPT, except, NO_LOC);
            self.use_label(cleanup_end);
            if let Some(name) = name {
                self.load_none(NO_LOC);
                self.nameop(NO_LOC, name, ExprContext::Store)?;
                self.nameop(NO_LOC, name, ExprContext::Del)?;
            }
            self.addop_i(Op::LIST_APPEND, 3, NO_LOC);
            self.addop(Op::POP_TOP, NO_LOC);
            self.addop_j(Op::JUMP_NO_INTERRUPT, except_with_error, NO_LOC);
            self.use_label(except);
            self.addop(Op::NOP, NO_LOC);
            self.addop_j(Op::JUMP_NO_INTERRUPT, except_with_error, NO_LOC);
            self.use_label(no_match);
            self.addop(Op::POP_TOP, hl);
            self.use_label(except_with_error);
            if i + 1 == n {
                self.addop_i(Op::LIST_APPEND, 1, NO_LOC);
                self.addop_j(Op::JUMP_NO_INTERRUPT, reraise_star, NO_LOC);
            }
        }
        self.pop_fblock(FBlockType::ExceptionGroupHandler, Label::NONE);
        let reraise = self.new_label();
        self.use_label(reraise_star);
        self.addop_i(Op::CALL_INTRINSIC_2, intrinsic::PREP_RERAISE_STAR, NO_LOC);
        self.addop_i(Op::COPY, 1, NO_LOC);
        self.addop_j(Op::POP_JUMP_IF_NOT_NONE, reraise, NO_LOC);
        self.addop(Op::POP_TOP, NO_LOC);
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.addop(Op::POP_EXCEPT, NO_LOC);
        self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
        self.use_label(reraise);
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.addop_i(Op::SWAP, 2, NO_LOC);
        self.addop(Op::POP_EXCEPT, NO_LOC);
        self.addop_i(Op::RERAISE, 0, NO_LOC);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOC);
        self.use_label(orelse_l);
        self.visit_stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `codegen_with_except_finish`
    fn with_except_finish(&mut self, cleanup: Label) {
        let suppress = self.new_label();
        self.addop(Op::TO_BOOL, NO_LOC);
        self.addop_j(Op::POP_JUMP_IF_TRUE, suppress, NO_LOC);
        self.addop_i(Op::RERAISE, 2, NO_LOC);
        self.use_label(suppress);
        self.addop(Op::POP_TOP, NO_LOC);
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.addop(Op::POP_EXCEPT, NO_LOC);
        self.addop(Op::POP_TOP, NO_LOC);
        self.addop(Op::POP_TOP, NO_LOC);
        self.addop(Op::POP_TOP, NO_LOC);
        let exit = self.new_label();
        self.addop_j(Op::JUMP_NO_INTERRUPT, exit, NO_LOC);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOC);
        self.use_label(exit);
    }

    /// `codegen_with_inner`
    pub(crate) fn codegen_with(&mut self, s: &'a ast::Stmt, pos: usize) -> CResult {
        let StmtKind::With(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtWith { items, body, .. } = &**node;
        let item = &items[pos];
        let block = self.new_label();
        let fin = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.visit_expr(&item.context_expr)?;
        let l = loc(&item.context_expr.loc);
        self.addop_i(Op::COPY, 1, l);
        self.addop_i(Op::LOAD_SPECIAL, special::EXIT, l);
        self.addop_i(Op::SWAP, 2, l);
        self.addop_i(Op::SWAP, 3, l);
        self.addop_i(Op::LOAD_SPECIAL, special::ENTER, l);
        self.addop_i(Op::CALL, 0, l);
        self.addop_j(Op::SETUP_WITH, fin, l);
        self.use_label(block);
        self.push_fblock(l, FBlockType::With, block, fin, FbDatum::None)?;
        match &item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.addop(Op::POP_TOP, l),
        }
        if pos + 1 == items.len() {
            self.visit_stmts(body)?;
        } else {
            self.codegen_with(s, pos + 1)?;
        }
        self.addop(Op::POP_BLOCK, NO_LOC);
        self.pop_fblock(FBlockType::With, block);
        self.call_exit_with_nones(l);
        self.addop(Op::POP_TOP, l);
        self.addop_j(Op::JUMP, exit, l);
        self.use_label(fin);
        self.addop_j(Op::SETUP_CLEANUP, cleanup, l);
        self.addop(Op::PUSH_EXC_INFO, l);
        self.addop(Op::WITH_EXCEPT_START, l);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_async_with_inner`
    pub(crate) fn codegen_async_with(&mut self, s: &'a ast::Stmt, pos: usize) -> CResult {
        let StmtKind::AsyncWith(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtWith { items, body, .. } = &**node;
        let item = &items[pos];
        let block = self.new_label();
        let fin = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.visit_expr(&item.context_expr)?;
        let l = loc(&item.context_expr.loc);
        self.addop_i(Op::COPY, 1, l);
        self.addop_i(Op::LOAD_SPECIAL, special::AEXIT, l);
        self.addop_i(Op::SWAP, 2, l);
        self.addop_i(Op::SWAP, 3, l);
        self.addop_i(Op::LOAD_SPECIAL, special::AENTER, l);
        self.addop_i(Op::CALL, 0, l);
        self.addop_i(Op::GET_AWAITABLE, 1, l);
        self.load_none(l);
        self.add_yield_from(l, true);
        self.addop_j(Op::SETUP_WITH, fin, l);
        self.use_label(block);
        self.push_fblock(l, FBlockType::AsyncWith, block, fin, FbDatum::None)?;
        match &item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.addop(Op::POP_TOP, l),
        }
        if pos + 1 == items.len() {
            self.visit_stmts(body)?;
        } else {
            self.codegen_async_with(s, pos + 1)?;
        }
        self.pop_fblock(FBlockType::AsyncWith, block);
        self.addop(Op::POP_BLOCK, l);
        self.call_exit_with_nones(l);
        self.addop_i(Op::GET_AWAITABLE, 2, l);
        self.load_none(l);
        self.add_yield_from(l, true);
        self.addop(Op::POP_TOP, l);
        self.addop_j(Op::JUMP, exit, l);
        self.use_label(fin);
        self.addop_j(Op::SETUP_CLEANUP, cleanup, l);
        self.addop(Op::PUSH_EXC_INFO, l);
        self.addop(Op::WITH_EXCEPT_START, l);
        self.addop_i(Op::GET_AWAITABLE, 2, l);
        self.load_none(l);
        self.add_yield_from(l, true);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }
}
