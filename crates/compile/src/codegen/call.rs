//! Calls of Python/codegen.c: `codegen_call`, the method-call and `super()` shortcuts,
//! the inlined `all()`/`any()`/`tuple()` of a generator expression, and the argument
//! helpers shared with class definitions.

use std::hash::BuildHasher;

use indexmap::map::raw_entry_v1::RawEntryApiV1;
use oxpy_objects::constant::ConstValue;
use oxpy_parser::ast::{self, Cmpop, ExprContext, ExprKind};

use super::expr::infer_type;
use super::names::NameOp;
use super::{
    CResult, Compiler, KwNamesKeyOf, NO_LOC, STACK_USE_GUIDELINE, common_const, intrinsic, loc,
};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::{Label, SourceLocation};

impl<'a> Compiler<'a> {
    /// `codegen_validate_keywords`
    fn validate_keywords(&self, keywords: &[ast::Keyword]) -> CResult {
        for (i, k) in keywords.iter().enumerate() {
            let Some(arg) = &k.arg else { continue };
            for other in &keywords[i + 1..] {
                if other.arg.as_deref() == Some(arg.as_str()) {
                    return self
                        .error(loc(&other.loc), format!("keyword argument repeated: {arg}"));
                }
            }
        }
        Ok(())
    }

    /// `check_caller`
    fn check_caller(&mut self, e: &ast::Expr) -> CResult {
        if matches!(
            e.kind,
            ExprKind::Constant { .. }
                | ExprKind::Tuple { .. }
                | ExprKind::List { .. }
                | ExprKind::ListComp { .. }
                | ExprKind::Dict { .. }
                | ExprKind::DictComp { .. }
                | ExprKind::Set { .. }
                | ExprKind::SetComp { .. }
                | ExprKind::GeneratorExp { .. }
                | ExprKind::JoinedStr { .. }
                | ExprKind::TemplateStr { .. }
                | ExprKind::FormattedValue { .. }
                | ExprKind::Interpolation(_)
        ) {
            let tn = infer_type(e).unwrap_or("object");
            return self.warn(
                loc(&e.loc),
                format!("'{tn}' object is not callable; perhaps you missed a comma?"),
            );
        }
        Ok(())
    }

    /// `codegen_call`
    pub(crate) fn codegen_call(&mut self, e: &'a ast::Expr) -> CResult {
        let ExprKind::Call {
            func,
            args,
            keywords,
        } = &e.kind
        else {
            return Ok(());
        };
        self.validate_keywords(keywords)?;
        if self.maybe_optimize_method_call(e)? {
            return Ok(());
        }
        let skip_normal_call = self.new_label();
        self.check_caller(func)?;
        self.visit_expr(func)?;
        self.maybe_optimize_function_call(e, skip_normal_call)?;
        self.addop(Op::PUSH_NULL, loc(&func.loc));
        let r = self.call_helper(loc(&e.loc), 0, args, None, keywords);
        self.use_label(skip_normal_call);
        r
    }

    /// `maybe_optimize_function_call`: `all`/`any`/`tuple` of a generator expression.
    fn maybe_optimize_function_call(&mut self, e: &'a ast::Expr, end: Label) -> CResult<bool> {
        let ExprKind::Call {
            func,
            args,
            keywords,
        } = &e.kind
        else {
            return Ok(false);
        };
        let ExprKind::Name { id, .. } = &func.kind else {
            return Ok(false);
        };
        if args.len() != 1
            || !keywords.is_empty()
            || !matches!(args[0].kind, ExprKind::GeneratorExp { .. })
        {
            return Ok(false);
        }
        let l = loc(&func.loc);
        let skip = self.new_label();
        let (const_oparg, initial_res, continue_jump) = match id.as_str() {
            "all" => (common_const::BUILTIN_ALL, true, Op::POP_JUMP_IF_TRUE),
            "any" => (common_const::BUILTIN_ANY, false, Op::POP_JUMP_IF_FALSE),
            "tuple" => (common_const::BUILTIN_TUPLE, false, Op::NOP),
            _ => (-1, false, Op::NOP),
        };
        let mut optimized = false;
        if const_oparg != -1 {
            let is_tuple = const_oparg == common_const::BUILTIN_TUPLE;
            self.addop_i(Op::COPY, 1, l);
            self.addop_i(Op::LOAD_COMMON_CONSTANT, const_oparg, l);
            self.addcompare(l, Cmpop::Is);
            self.addop_j(Op::POP_JUMP_IF_FALSE, skip, l);
            self.addop(Op::POP_TOP, l);
            if is_tuple {
                self.addop_i(Op::BUILD_LIST, 0, l);
            }
            self.visit_expr(&args[0])?;
            let lp = self.new_label();
            let cleanup = self.new_label();
            self.use_label(lp);
            self.addop_j(Op::FOR_ITER, cleanup, l);
            if is_tuple {
                self.addop_i(Op::LIST_APPEND, 2, l);
                self.addop_j(Op::JUMP, lp, l);
            } else {
                self.addop(Op::TO_BOOL, l);
                self.addop_j(continue_jump, lp, l);
            }
            self.addop(Op::POP_ITER, NO_LOC);
            if !is_tuple {
                self.load_const(ConstValue::Bool(!initial_res), l);
            }
            self.addop_j(Op::JUMP, end, l);
            self.use_label(cleanup);
            self.addop(Op::END_FOR, NO_LOC);
            self.addop(Op::POP_ITER, NO_LOC);
            if is_tuple {
                self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::LIST_TO_TUPLE, l);
            } else {
                self.load_const(ConstValue::Bool(initial_res), l);
            }
            optimized = true;
            self.addop_j(Op::JUMP, end, l);
        }
        self.use_label(skip);
        Ok(optimized)
    }

    /// `maybe_optimize_method_call`
    fn maybe_optimize_method_call(&mut self, e: &'a ast::Expr) -> CResult<bool> {
        let ExprKind::Call {
            func: meth,
            args,
            keywords: kwds,
        } = &e.kind
        else {
            return Ok(false);
        };
        let ExprKind::Attribute {
            value,
            attr,
            ctx: ExprContext::Load,
        } = &meth.kind
        else {
            return Ok(false);
        };
        if self.is_import_originated(value) {
            return Ok(false);
        }
        let argsl = args.len();
        let kwdsl = kwds.len();
        if argsl + kwdsl + usize::from(kwdsl != 0) >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if args
            .iter()
            .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
        {
            return Ok(false);
        }
        if kwds.iter().any(|k| k.arg.is_none()) {
            return Ok(false);
        }
        let mut l = loc(&meth.loc);
        if self.can_optimize_super_call(meth) {
            self.load_args_for_super(value)?;
            let nargs = match &value.kind {
                ExprKind::Call { args, .. } => args.len(),
                _ => 0,
            };
            let kind = if nargs > 0 {
                NameOp::LoadSuperMethod
            } else {
                NameOp::LoadZeroSuperMethod
            };
            self.addop_name(l, kind, attr);
            l = self.update_start_location_to_match_attr(l, meth);
            self.addop(Op::NOP, l);
        } else {
            self.visit_expr(value)?;
            l = self.update_start_location_to_match_attr(l, meth);
            self.addop_name(l, NameOp::LoadMethod, attr);
        }
        for a in args {
            self.visit_expr(a)?;
        }
        if kwdsl > 0 {
            for k in kwds {
                self.visit_expr(&k.value)?;
            }
            self.call_simple_kw_helper(l, kwds);
            let l2 = self.update_start_location_to_match_attr(loc(&e.loc), meth);
            self.addop_i(Op::CALL_KW, (argsl + kwdsl) as i32, l2);
        } else {
            let l2 = self.update_start_location_to_match_attr(loc(&e.loc), meth);
            self.addop_i(Op::CALL, argsl as i32, l2);
        }
        Ok(true)
    }

    /// `codegen_call_simple_kw_helper`: the tuple of keyword names.
    fn call_simple_kw_helper(&mut self, l: SourceLocation, keywords: &[ast::Keyword]) {
        // A tuple of the same names already among the unit's constants is found
        // without building it (a tuple of strs is never tracked by the cache unless
        // foreign constants are in play).
        if self.const_cache.foreign_prefix == 0 {
            let consts = &self.ur().md.consts;
            let key = KwNamesKeyOf(keywords);
            let hash = consts.hasher().hash_one(&key);
            if let Some(i) = consts
                .raw_entry_v1()
                .index_from_hash(hash, |k| key.matches(&k.0))
            {
                self.addop_i(Op::LOAD_CONST, i as i32, l);
                return;
            }
        }
        let names = keywords
            .iter()
            .map(|k| ConstValue::Str(k.arg.clone().unwrap_or_default()))
            .collect();
        self.load_const(ConstValue::Tuple(names), l);
    }

    /// `codegen_subkwargs`
    fn subkwargs(
        &mut self,
        l: SourceLocation,
        keywords: &'a [ast::Keyword],
        begin: usize,
        end: usize,
    ) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.addop_i(Op::BUILD_MAP, 0, NO_LOC);
        }
        for kw in &keywords[begin..end] {
            self.load_str(kw.arg.as_deref().unwrap_or_default(), l);
            self.visit_expr(&kw.value)?;
            if big {
                self.addop_i(Op::MAP_ADD, 1, NO_LOC);
            }
        }
        if !big {
            self.addop_i(Op::BUILD_MAP, n as i32, l);
        }
        Ok(())
    }

    /// `codegen_call_helper_impl`
    pub(crate) fn call_helper(
        &mut self,
        l: SourceLocation,
        n: usize,
        args: &'a [ast::Expr],
        injected_arg: Option<&str>,
        keywords: &'a [ast::Keyword],
    ) -> CResult {
        self.validate_keywords(keywords)?;
        let nelts = args.len();
        let nkwelts = keywords.len();
        let ex_call = nelts + nkwelts * 2 > STACK_USE_GUIDELINE
            || args
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            || keywords.iter().any(|k| k.arg.is_none());
        if !ex_call {
            for a in args {
                self.visit_expr(a)?;
            }
            let mut nelts = nelts;
            if let Some(arg) = injected_arg {
                self.nameop(l, arg, ExprContext::Load)?;
                nelts += 1;
            }
            if nkwelts > 0 {
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
                self.call_simple_kw_helper(l, keywords);
                self.addop_i(Op::CALL_KW, (n + nelts + nkwelts) as i32, l);
            } else {
                self.addop_i(Op::CALL, (n + nelts) as i32, l);
            }
            return Ok(());
        }
        if n == 0
            && nelts == 1
            && let ExprKind::Starred { value, .. } = &args[0].kind
        {
            self.visit_expr(value)?;
        } else {
            self.starunpack_helper(
                l,
                args,
                injected_arg,
                n,
                Op::BUILD_LIST,
                Op::LIST_APPEND,
                Op::LIST_EXTEND,
                true,
            )?;
        }
        if nkwelts > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, kw) in keywords.iter().enumerate() {
                if kw.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(l, keywords, i - nseen, i)?;
                        if have_dict {
                            self.addop_i(Op::DICT_MERGE, 1, l);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.addop_i(Op::BUILD_MAP, 0, l);
                        have_dict = true;
                    }
                    self.visit_expr(&kw.value)?;
                    self.addop_i(Op::DICT_MERGE, 1, l);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(l, keywords, nkwelts - nseen, nkwelts)?;
                if have_dict {
                    self.addop_i(Op::DICT_MERGE, 1, l);
                }
            }
        }
        if nkwelts == 0 {
            self.addop(Op::PUSH_NULL, l);
        }
        self.addop(Op::CALL_FUNCTION_EX, l);
        Ok(())
    }
}
