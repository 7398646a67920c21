//! Comprehensions of Python/codegen.c and compile.c: generator expressions as nested
//! functions, list/set/dict comprehensions inlined (PEP 709) with their scope tweaks
//! (`_PyCompile_TweakInlinedComprehensionScopes`).

use std::collections::BTreeSet;
use std::rc::Rc;

use oxpy_parser::ast::{self, ExprKind};

use super::{CResult, Compiler, FBlockType, FbDatum, NO_LOC, ScopeType, loc};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::{Label, SourceLocation};
use crate::symtable::{BlockId, BlockKey, Scope, flags};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CompType {
    GenExp,
    ListComp,
    SetComp,
    DictComp,
}

/// `_PyCompile_InlinedComprehensionState`
#[derive(Default)]
struct InlineState {
    pushed_locals: Option<Vec<Rc<str>>>,
    temp_symbols: Option<Vec<(Rc<str>, u32)>>,
    fast_hidden: Option<BTreeSet<String>>,
    cleanup: Option<Label>,
}

fn symbol_scope(sym: u32) -> u32 {
    (sym >> flags::SCOPE_OFFSET) & flags::SCOPE_MASK
}

impl<'a> Compiler<'a> {
    /// `codegen_comprehension` (and `codegen_genexp`/`listcomp`/`setcomp`/`dictcomp`).
    pub(crate) fn codegen_comprehension(&mut self, e: &'a ast::Expr) -> CResult {
        let (ty, name, generators, elt, val) = match &e.kind {
            ExprKind::GeneratorExp { elt, generators } => {
                (CompType::GenExp, "<genexpr>", generators, &**elt, None)
            }
            ExprKind::ListComp { elt, generators } => {
                (CompType::ListComp, "<listcomp>", generators, &**elt, None)
            }
            ExprKind::SetComp { elt, generators } => {
                (CompType::SetComp, "<setcomp>", generators, &**elt, None)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => (
                CompType::DictComp,
                "<dictcomp>",
                generators,
                &**key,
                Some(&**value),
            ),
            _ => return Ok(()),
        };
        let key = BlockKey::node(e);
        let Some(&entry) = self.st.blocks.get(&key) else {
            return Err(crate::error::CompileError::Unsupported(
                "symtable has no block for this comprehension",
            ));
        };
        let is_inlined = self.st.entries[entry].comp_inlined;
        let is_async = self.st.entries[entry].coroutine;
        let l = loc(&e.loc);
        let outermost = &generators[0];
        let mut state = InlineState::default();
        let outer_iter_op = if outermost.is_async != 0 {
            Op::GET_AITER
        } else {
            Op::GET_ITER
        };
        if is_inlined {
            self.visit_expr(&outermost.iter)?;
            self.addop(outer_iter_op, loc(&outermost.iter.loc));
            self.tweak_inlined_comprehension_scopes(entry, &mut state);
            self.push_inlined_comprehension_locals(l, entry, &mut state);
        } else {
            self.codegen_enter_scope(
                name,
                ScopeType::Comprehension,
                key,
                e.loc.lineno,
                None,
                Some((1, 0, 0)),
            )?;
        }
        let r = (|| -> CResult {
            if ty != CompType::GenExp {
                let op = match ty {
                    CompType::ListComp => Op::BUILD_LIST,
                    CompType::SetComp => Op::BUILD_SET,
                    _ => Op::BUILD_MAP,
                };
                self.addop_i(op, 0, l);
                if is_inlined {
                    self.addop_i(Op::SWAP, 2, l);
                }
            }
            self.comprehension_generator(l, generators, 0, 0, elt, val, ty, is_inlined)
        })();
        if let Err(err) = r {
            if !is_inlined {
                self.exit_scope();
            }
            return Err(err);
        }
        if is_inlined {
            self.pop_inlined_comprehension_locals(l, &mut state);
            self.revert_inlined_comprehension_scopes(&mut state);
            return Ok(());
        }
        if ty != CompType::GenExp {
            self.addop(Op::RETURN_VALUE, l);
        }
        if ty == CompType::GenExp {
            self.wrap_in_stopiteration_handler();
        }
        let co = self.optimize_and_assemble(true);
        self.exit_scope();
        let co = co?;
        self.make_closure(l, co, 0)?;
        self.visit_expr(&outermost.iter)?;
        self.addop(outer_iter_op, loc(&outermost.iter.loc));
        self.addop_i(Op::CALL, 0, l);
        if is_async && ty != CompType::GenExp {
            self.addop_i(Op::GET_AWAITABLE, 0, l);
            self.load_none(l);
            self.add_yield_from(l, true);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn comprehension_generator(
        &mut self,
        l: SourceLocation,
        generators: &'a [ast::Comprehension],
        gen_index: usize,
        depth: i32,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
        iter_on_stack: bool,
    ) -> CResult {
        if generators[gen_index].is_async != 0 {
            self.async_comprehension_generator(
                l,
                generators,
                gen_index,
                depth,
                elt,
                val,
                ty,
                iter_on_stack,
            )
        } else {
            self.sync_comprehension_generator(
                l,
                generators,
                gen_index,
                depth,
                elt,
                val,
                ty,
                iter_on_stack,
            )
        }
    }

    /// The element code of the innermost generator.
    fn comprehension_element(
        &mut self,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
        depth: i32,
    ) -> CResult<SourceLocation> {
        let mut elt_loc = loc(&elt.loc);
        match ty {
            CompType::GenExp => {
                self.visit_expr(elt)?;
                self.addop_yield(elt_loc);
                self.addop(Op::POP_TOP, elt_loc);
            }
            CompType::ListComp => {
                self.visit_expr(elt)?;
                self.addop_i(Op::LIST_APPEND, depth + 1, elt_loc);
            }
            CompType::SetComp => {
                self.visit_expr(elt)?;
                self.addop_i(Op::SET_ADD, depth + 1, elt_loc);
            }
            CompType::DictComp => {
                self.visit_expr(elt)?;
                if let Some(v) = val {
                    self.visit_expr(v)?;
                    elt_loc = SourceLocation::new(
                        elt.loc.lineno,
                        v.loc.end_lineno,
                        elt.loc.col_offset,
                        v.loc.end_col_offset,
                    );
                }
                self.addop_i(Op::MAP_ADD, depth + 1, elt_loc);
            }
        }
        Ok(elt_loc)
    }

    #[allow(clippy::too_many_arguments)]
    fn sync_comprehension_generator(
        &mut self,
        l: SourceLocation,
        generators: &'a [ast::Comprehension],
        gen_index: usize,
        mut depth: i32,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
        iter_on_stack: bool,
    ) -> CResult {
        let mut start = Some(self.new_label());
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        let g = &generators[gen_index];
        let il = loc(&g.iter.loc);
        if !iter_on_stack {
            if gen_index == 0 {
                self.addop_i(Op::LOAD_FAST, 0, l);
            } else {
                let elts = match &g.iter.kind {
                    ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => Some(elts),
                    _ => None,
                };
                if let Some(elts) = elts
                    && elts.len() == 1
                    && !matches!(elts[0].kind, ExprKind::Starred { .. })
                {
                    self.visit_expr(&elts[0])?;
                    start = None;
                }
                if start.is_some() {
                    self.visit_expr(&g.iter)?;
                    self.addop(Op::GET_ITER, il);
                }
            }
        }
        if let Some(st) = start {
            depth += 1;
            self.use_label(st);
            self.addop_j(Op::FOR_ITER, anchor, il);
        }
        self.visit_expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(l, cond, if_cleanup, false)?;
        }
        let next = gen_index + 1;
        if next < generators.len() {
            self.comprehension_generator(l, generators, next, depth, elt, val, ty, false)?;
        }
        let mut elt_loc = loc(&elt.loc);
        if next >= generators.len() {
            elt_loc = self.comprehension_element(elt, val, ty, depth)?;
        }
        self.use_label(if_cleanup);
        if let Some(st) = start {
            self.addop_j(Op::JUMP, st, elt_loc);
            self.use_label(anchor);
            self.addop(Op::END_FOR, NO_LOC);
            self.addop(Op::POP_ITER, NO_LOC);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn async_comprehension_generator(
        &mut self,
        l: SourceLocation,
        generators: &'a [ast::Comprehension],
        gen_index: usize,
        mut depth: i32,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
        iter_on_stack: bool,
    ) -> CResult {
        let start = self.new_label();
        let send = self.new_label();
        let except = self.new_label();
        let if_cleanup = self.new_label();
        let g = &generators[gen_index];
        if !iter_on_stack {
            if gen_index == 0 {
                self.addop_i(Op::LOAD_FAST, 0, l);
            } else {
                self.visit_expr(&g.iter)?;
                self.addop(Op::GET_AITER, loc(&g.iter.loc));
            }
        }
        self.use_label(start);
        self.push_fblock(
            l,
            FBlockType::AsyncComprehensionGenerator,
            start,
            Label::NONE,
            FbDatum::None,
        )?;
        self.addop_j(Op::SETUP_FINALLY, except, l);
        self.addop(Op::GET_ANEXT, l);
        self.load_none(l);
        self.use_label(send);
        self.add_yield_from(l, true);
        self.addop(Op::POP_BLOCK, l);
        self.visit_expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(l, cond, if_cleanup, false)?;
        }
        depth += 1;
        let next = gen_index + 1;
        if next < generators.len() {
            self.comprehension_generator(l, generators, next, depth, elt, val, ty, false)?;
        }
        let mut elt_loc = loc(&elt.loc);
        if next >= generators.len() {
            elt_loc = self.comprehension_element(elt, val, ty, depth)?;
        }
        self.use_label(if_cleanup);
        self.addop_j(Op::JUMP, start, elt_loc);
        self.pop_fblock(FBlockType::AsyncComprehensionGenerator, start);
        self.use_label(except);
        self.addop_j(Op::END_ASYNC_FOR, send, l);
        Ok(())
    }

    /// `_PyCompile_TweakInlinedComprehensionScopes`
    fn tweak_inlined_comprehension_scopes(&mut self, comp: BlockId, state: &mut InlineState) {
        let outer = self.ur().ste;
        let in_class_block = super::is_class(&self.st.entries[outer]) && !self.in_inlined_comp();
        self.u().in_inlined_comp += 1;
        let symbols: Vec<(Rc<str>, u32)> = self.st.entries[comp]
            .symbols
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let function_like = self.st.entries[outer].is_function_like();
        for (k, symbol) in symbols {
            let scope = symbol_scope(symbol);
            let outsymbol = self.st.entries[outer].symbol(&k);
            let outsc = symbol_scope(outsymbol);
            let free = Scope::Free as u32;
            let cell = Scope::Cell as u32;
            if (scope != outsc && scope != free && !(scope == cell && outsc == free))
                || in_class_block
            {
                self.st.entries[outer].symbols.insert(k.clone(), symbol);
                state
                    .temp_symbols
                    .get_or_insert_with(Vec::new)
                    .push((k.clone(), outsymbol));
            }
            if (((symbol & flags::DEF_LOCAL != 0) && (symbol & flags::DEF_NONLOCAL == 0))
                || in_class_block)
                && !function_like
            {
                {
                    let orig = self.ur().md.fasthidden.get(&*k).copied();
                    if orig != Some(true) {
                        self.u().md.fasthidden.insert(k.to_string(), true);
                        state
                            .fast_hidden
                            .get_or_insert_with(BTreeSet::new)
                            .insert(k.to_string());
                    }
                }
            }
        }
    }

    /// `_PyCompile_RevertInlinedComprehensionScopes`
    fn revert_inlined_comprehension_scopes(&mut self, state: &mut InlineState) {
        self.u().in_inlined_comp -= 1;
        let outer = self.ur().ste;
        if let Some(temp) = state.temp_symbols.take() {
            for (k, v) in temp {
                self.st.entries[outer].symbols.insert(k, v);
            }
        }
        if let Some(hidden) = state.fast_hidden.take() {
            for k in hidden {
                self.u().md.fasthidden.insert(k, false);
            }
        }
    }

    /// `codegen_push_inlined_comprehension_locals`
    fn push_inlined_comprehension_locals(
        &mut self,
        l: SourceLocation,
        comp: BlockId,
        state: &mut InlineState,
    ) {
        let outer = self.ur().ste;
        // As CPython: evaluated after the tweak raised `u_in_inlined_comp`.
        let in_class_block =
            super::is_class(&self.st.entries[outer]) && self.ur().in_inlined_comp == 0;
        let symbols: Vec<(Rc<str>, u32)> = self.st.entries[comp]
            .symbols
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        for (k, symbol) in symbols {
            let scope = symbol_scope(symbol);
            let outsymbol = self.st.entries[outer].symbol(&k);
            let outsc = symbol_scope(outsymbol);
            if ((symbol & flags::DEF_LOCAL != 0) && (symbol & flags::DEF_NONLOCAL == 0))
                || in_class_block
            {
                let mangled = self.maybe_mangle(&k);
                let i = self.varname_index(&mangled);
                self.addop_i(Op::LOAD_FAST_AND_CLEAR, i, l);
                if scope == Scope::Cell as u32 {
                    let i = if outsc == Scope::Free as u32 {
                        self.freevar_index(&mangled)
                    } else {
                        self.cellvar_index(&mangled)
                    };
                    self.addop_i(Op::MAKE_CELL, i, l);
                }
                state.pushed_locals.get_or_insert_with(Vec::new).push(k);
            }
        }
        if let Some(pushed) = &state.pushed_locals {
            let n = pushed.len();
            self.addop_i(Op::SWAP, (n + 1) as i32, l);
            let cleanup = self.new_label();
            state.cleanup = Some(cleanup);
            self.addop_j(Op::SETUP_FINALLY, cleanup, l);
        }
    }

    /// `restore_inlined_comprehension_locals`
    fn restore_inlined_comprehension_locals(&mut self, l: SourceLocation, pushed: &[Rc<str>]) {
        self.addop_i(Op::SWAP, (pushed.len() + 1) as i32, l);
        for k in pushed.iter().rev() {
            let mangled = self.maybe_mangle(k);
            let i = self.varname_index(&mangled);
            self.addop_i(Op::STORE_FAST_MAYBE_NULL, i, l);
        }
    }

    /// `codegen_pop_inlined_comprehension_locals`
    fn pop_inlined_comprehension_locals(&mut self, l: SourceLocation, state: &mut InlineState) {
        if let Some(pushed) = state.pushed_locals.take() {
            self.addop(Op::POP_BLOCK, NO_LOC);
            let end = self.new_label();
            self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
            if let Some(cleanup) = state.cleanup {
                self.use_label(cleanup);
            }
            self.addop_i(Op::SWAP, 2, NO_LOC);
            self.addop(Op::POP_TOP, NO_LOC);
            self.restore_inlined_comprehension_locals(l, &pushed);
            self.addop_i(Op::RERAISE, 0, NO_LOC);
            self.use_label(end);
            self.restore_inlined_comprehension_locals(l, &pushed);
        }
    }

    /// `codegen_wrap_in_stopiteration_handler`
    pub(crate) fn wrap_in_stopiteration_handler(&mut self) {
        let handler = self.new_label();
        self.seq()
            .insert_instruction(0, Op::SETUP_CLEANUP.number(), handler.0, NO_LOC);
        self.load_none(NO_LOC);
        self.addop(Op::RETURN_VALUE, NO_LOC);
        self.use_label(handler);
        self.addop_i(
            Op::CALL_INTRINSIC_1,
            super::intrinsic::STOPITERATION_ERROR,
            NO_LOC,
        );
        self.addop_i(Op::RERAISE, 1, NO_LOC);
    }
}
