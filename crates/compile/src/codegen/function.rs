//! Functions of Python/codegen.c: `def` and `async def` (decorators, defaults,
//! keyword-only defaults, PEP 649 `__annotate__`, PEP 695 type parameters), `lambda`,
//! and `type` aliases.

use num_bigint::BigInt;
use oxpy_objects::constant::ConstValue;
use oxpy_parser::ast::{self, ExprContext, ExprKind, StmtKind, TypeParamKind};

use super::{
    CResult, Compiler, FBlockType, FbDatum, NO_LOC, ScopeType, get_docstring, intrinsic, loc,
    make_fn,
};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::SourceLocation;
use crate::symtable::BlockKey;

impl<'a> Compiler<'a> {
    /// `codegen_decorators`
    pub(crate) fn decorators(&mut self, decos: &'a [ast::Expr]) -> CResult {
        for d in decos {
            self.visit_expr(d)?;
        }
        Ok(())
    }

    /// `codegen_apply_decorators`
    pub(crate) fn apply_decorators(&mut self, decos: &'a [ast::Expr]) {
        for d in decos.iter().rev() {
            self.addop_i(Op::CALL, 0, loc(&d.loc));
        }
    }

    /// `codegen_kwonlydefaults`: whether a dict was pushed.
    fn kwonlydefaults(
        &mut self,
        l: SourceLocation,
        kwonlyargs: &'a [ast::Arg],
        kw_defaults: &'a [Option<ast::Expr>],
    ) -> CResult<bool> {
        let mut count = 0;
        for (arg, default) in kwonlyargs.iter().zip(kw_defaults) {
            if let Some(d) = default {
                count += 1;
                let mangled = self.maybe_mangle(&arg.arg);
                self.load_str(&mangled, l);
                self.visit_expr(d)?;
            }
        }
        if count > 0 {
            self.addop_i(Op::BUILD_MAP, count, l);
            return Ok(true);
        }
        Ok(false)
    }

    /// `codegen_default_arguments`
    fn default_arguments(&mut self, l: SourceLocation, args: &'a ast::Arguments) -> CResult<u32> {
        let mut fl = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.visit_expr(d)?;
            }
            self.addop_i(Op::BUILD_TUPLE, args.defaults.len() as i32, l);
            fl |= make_fn::DEFAULTS;
        }
        if !args.kwonlyargs.is_empty()
            && self.kwonlydefaults(l, &args.kwonlyargs, &args.kw_defaults)?
        {
            fl |= make_fn::KWDEFAULTS;
        }
        Ok(fl)
    }

    /// `codegen_argannotation`
    fn argannotation(
        &mut self,
        id: &str,
        annotation: Option<&'a ast::Expr>,
        count: &mut i32,
        l: SourceLocation,
    ) -> CResult {
        let Some(annotation) = annotation else {
            return Ok(());
        };
        let mangled = self.maybe_mangle(id);
        self.load_str(&mangled, l);
        if self.future_annotations() {
            self.visit_annexpr(annotation)?;
        } else if let ExprKind::Starred { value, .. } = &annotation.kind {
            self.visit_expr(value)?;
            self.addop_i(Op::UNPACK_SEQUENCE, 1, l);
        } else {
            self.visit_expr(annotation)?;
        }
        *count += 1;
        Ok(())
    }

    /// `codegen_annotations_in_scope`
    fn annotations_in_scope(
        &mut self,
        l: SourceLocation,
        args: &'a ast::Arguments,
        returns: Option<&'a ast::Expr>,
        count: &mut i32,
    ) -> CResult {
        for a in &args.args {
            self.argannotation(&a.arg, a.annotation.as_deref(), count, l)?;
        }
        for a in &args.posonlyargs {
            self.argannotation(&a.arg, a.annotation.as_deref(), count, l)?;
        }
        if let Some(a) = &args.vararg {
            self.argannotation(&a.arg, a.annotation.as_deref(), count, l)?;
        }
        for a in &args.kwonlyargs {
            self.argannotation(&a.arg, a.annotation.as_deref(), count, l)?;
        }
        if let Some(a) = &args.kwarg {
            self.argannotation(&a.arg, a.annotation.as_deref(), count, l)?;
        }
        self.argannotation("return", returns, count, l)
    }

    /// `codegen_function_annotations`: the `__annotate__` function, if any.
    fn function_annotations(
        &mut self,
        l: SourceLocation,
        args: &'a ast::Arguments,
        returns: Option<&'a ast::Expr>,
    ) -> CResult<u32> {
        let key = BlockKey::function_annotations(args);
        let Some(&ste) = self.st.blocks.get(&key) else {
            return Ok(0);
        };
        if !self.st.entries[ste].annotations_used {
            return Ok(0);
        }
        let name = self.st.entries[ste].name.clone();
        self.setup_annotations_scope(l, key, &name)?;
        let mut count = 0;
        if let Err(e) = self.annotations_in_scope(l, args, returns, &mut count) {
            self.exit_scope();
            return Err(e);
        }
        self.addop_i(Op::BUILD_MAP, count, l);
        self.leave_annotations_scope(l)?;
        Ok(make_fn::ANNOTATE)
    }

    /// `codegen_type_param_bound_or_default`
    fn type_param_bound_or_default(
        &mut self,
        e: &'a ast::Expr,
        name: &str,
        key: BlockKey,
        allow_starred: bool,
    ) -> CResult {
        let el = loc(&e.loc);
        self.load_const(
            ConstValue::Tuple(vec![ConstValue::Int(BigInt::from(1))]),
            el,
        );
        self.setup_annotations_scope(el, key, name)?;
        let r = (|| -> CResult {
            match &e.kind {
                ExprKind::Starred { value, .. } if allow_starred => {
                    self.visit_expr(value)?;
                    self.addop_i(Op::UNPACK_SEQUENCE, 1, el);
                }
                _ => self.visit_expr(e)?,
            }
            self.addop(Op::RETURN_VALUE, el);
            Ok(())
        })();
        if let Err(err) = r {
            self.exit_scope();
            return Err(err);
        }
        let co = self.optimize_and_assemble(true);
        self.exit_scope();
        self.make_closure(el, co?, make_fn::DEFAULTS)
    }

    /// `codegen_type_params`
    pub(crate) fn type_params(&mut self, type_params: &'a [ast::TypeParam]) -> CResult {
        let mut seen_default = false;
        for tp in type_params {
            let l = loc(&tp.loc);
            let (name, default) = match &tp.kind {
                TypeParamKind::TypeVar {
                    name,
                    bound,
                    default_value,
                } => {
                    self.load_str(name, l);
                    if let Some(bound) = bound {
                        self.type_param_bound_or_default(
                            bound,
                            name,
                            BlockKey::type_param_bound(tp),
                            false,
                        )?;
                        let intr = if matches!(bound.kind, ExprKind::Tuple { .. }) {
                            intrinsic::TYPEVAR_WITH_CONSTRAINTS
                        } else {
                            intrinsic::TYPEVAR_WITH_BOUND
                        };
                        self.addop_i(Op::CALL_INTRINSIC_2, intr, l);
                    } else {
                        self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::TYPEVAR, l);
                    }
                    if let Some(d) = default_value {
                        seen_default = true;
                        self.type_param_bound_or_default(
                            d,
                            name,
                            BlockKey::type_param_default(tp),
                            false,
                        )?;
                        self.addop_i(Op::CALL_INTRINSIC_2, intrinsic::SET_TYPEPARAM_DEFAULT, l);
                    } else if seen_default {
                        return self.error(
                            l,
                            format!(
                                "non-default type parameter '{name}' follows default type parameter"
                            ),
                        );
                    }
                    (name, None::<()>)
                }
                TypeParamKind::TypeVarTuple {
                    name,
                    default_value,
                } => {
                    self.load_str(name, l);
                    self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::TYPEVARTUPLE, l);
                    if let Some(d) = default_value {
                        self.type_param_bound_or_default(
                            d,
                            name,
                            BlockKey::type_param_bound(tp),
                            true,
                        )?;
                        self.addop_i(Op::CALL_INTRINSIC_2, intrinsic::SET_TYPEPARAM_DEFAULT, l);
                        seen_default = true;
                    } else if seen_default {
                        return self.error(
                            l,
                            format!(
                                "non-default type parameter '{name}' follows default type parameter"
                            ),
                        );
                    }
                    (name, None)
                }
                TypeParamKind::ParamSpec {
                    name,
                    default_value,
                } => {
                    self.load_str(name, l);
                    self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::PARAMSPEC, l);
                    if let Some(d) = default_value {
                        self.type_param_bound_or_default(
                            d,
                            name,
                            BlockKey::type_param_bound(tp),
                            false,
                        )?;
                        self.addop_i(Op::CALL_INTRINSIC_2, intrinsic::SET_TYPEPARAM_DEFAULT, l);
                        seen_default = true;
                    } else if seen_default {
                        return self.error(
                            l,
                            format!(
                                "non-default type parameter '{name}' follows default type parameter"
                            ),
                        );
                    }
                    (name, None)
                }
            };
            let _ = default;
            self.addop_i(Op::COPY, 1, l);
            self.nameop(l, name, ExprContext::Store)?;
        }
        if let Some(first) = type_params.first() {
            self.addop_i(Op::BUILD_TUPLE, type_params.len() as i32, loc(&first.loc));
        }
        Ok(())
    }

    /// `codegen_function_body`
    fn function_body(
        &mut self,
        s: &'a ast::Stmt,
        is_async: bool,
        funcflags: u32,
        firstlineno: i32,
    ) -> CResult {
        let (name, args, body) = match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => (&f.name, &f.args, &f.body),
            _ => return Ok(()),
        };
        let scope_type = if is_async {
            ScopeType::AsyncFunction
        } else {
            ScopeType::Function
        };
        self.codegen_enter_scope(
            name,
            scope_type,
            BlockKey::node(s),
            firstlineno,
            None,
            Some((
                args.args.len() as u32,
                args.posonlyargs.len() as u32,
                args.kwonlyargs.len() as u32,
            )),
        )?;
        let r = (|| -> CResult {
            let mut first = 0;
            if self.ste().has_docstring
                && let Some(doc) = get_docstring(body)
            {
                first = 1;
                let cleaned = super::clean_doc(doc);
                self.add_const(ConstValue::Str(cleaned));
            }
            let start = self.new_label();
            self.use_label(start);
            let add_stopiteration = self.ste().coroutine || self.ste().generator;
            if add_stopiteration {
                self.push_fblock(
                    NO_LOC,
                    FBlockType::StopIteration,
                    start,
                    crate::instr_sequence::Label::NONE,
                    FbDatum::None,
                )?;
            }
            for st in &body[first..] {
                self.visit_stmt(st)?;
            }
            if add_stopiteration {
                self.wrap_in_stopiteration_handler();
                self.pop_fblock(FBlockType::StopIteration, start);
            }
            Ok(())
        })();
        if let Err(e) = r {
            self.exit_scope();
            return Err(e);
        }
        let co = self.optimize_and_assemble(true);
        self.exit_scope();
        self.make_closure(loc(&s.loc), co?, funcflags)
    }

    /// `codegen_function`
    pub(crate) fn codegen_function(&mut self, s: &'a ast::Stmt, is_async: bool) -> CResult {
        let (name, args, returns, decos, type_params) = match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => (
                &f.name,
                &f.args,
                &f.returns,
                &f.decorator_list,
                &f.type_params,
            ),
            _ => return Ok(()),
        };
        self.decorators(decos)?;
        let firstlineno = decos.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let l = loc(&s.loc);
        let is_generic = !type_params.is_empty();
        let mut funcflags = self.default_arguments(l, args)?;
        let mut num_typeparam_args = 0;
        if is_generic {
            if funcflags & make_fn::DEFAULTS != 0 {
                num_typeparam_args += 1;
            }
            if funcflags & make_fn::KWDEFAULTS != 0 {
                num_typeparam_args += 1;
            }
            if num_typeparam_args == 2 {
                self.addop_i(Op::SWAP, 2, l);
            }
            let tp_name = format!("<generic parameters of {name}>");
            self.codegen_enter_scope(
                &tp_name,
                ScopeType::Annotations,
                BlockKey::type_params(type_params),
                firstlineno,
                None,
                Some((num_typeparam_args, 0, 0)),
            )?;
            if let Err(e) = self.type_params(type_params) {
                self.exit_scope();
                return Err(e);
            }
            for i in 0..num_typeparam_args {
                self.addop_i(Op::LOAD_FAST, i as i32, l);
            }
        }
        let inner = (|| -> CResult {
            funcflags |= self.function_annotations(l, args, returns.as_deref())?;
            self.function_body(s, is_async, funcflags, firstlineno)
        })();
        if let Err(e) = inner {
            if is_generic {
                self.exit_scope();
            }
            return Err(e);
        }
        if is_generic {
            self.addop_i(Op::SWAP, 2, l);
            self.addop_i(Op::CALL_INTRINSIC_2, intrinsic::SET_FUNCTION_TYPE_PARAMS, l);
            let co = self.optimize_and_assemble(false);
            self.exit_scope();
            self.make_closure(l, co?, 0)?;
            if num_typeparam_args > 0 {
                self.addop_i(Op::SWAP, (num_typeparam_args + 1) as i32, l);
                self.addop_i(Op::CALL, (num_typeparam_args - 1) as i32, l);
            } else {
                self.addop(Op::PUSH_NULL, l);
                self.addop_i(Op::CALL, 0, l);
            }
        }
        self.apply_decorators(decos);
        self.nameop(l, name, ExprContext::Store)
    }

    /// `codegen_lambda`
    pub(crate) fn codegen_lambda(&mut self, e: &'a ast::Expr) -> CResult {
        let ExprKind::Lambda { args, body } = &e.kind else {
            return Ok(());
        };
        let l = loc(&e.loc);
        let funcflags = self.default_arguments(l, args)?;
        self.codegen_enter_scope(
            "<lambda>",
            ScopeType::Lambda,
            BlockKey::node(e),
            e.loc.lineno,
            None,
            Some((
                args.args.len() as u32,
                args.posonlyargs.len() as u32,
                args.kwonlyargs.len() as u32,
            )),
        )?;
        if let Err(err) = self.visit_expr(body) {
            self.exit_scope();
            return Err(err);
        }
        let co = if self.ste().generator {
            self.optimize_and_assemble(false)
        } else {
            self.addop(Op::RETURN_VALUE, loc(&body.loc));
            self.optimize_and_assemble(true)
        };
        self.exit_scope();
        self.make_closure(l, co?, funcflags)
    }

    /// `codegen_typealias_body`
    fn typealias_body(&mut self, s: &'a ast::Stmt, name: &str, value: &'a ast::Expr) -> CResult {
        let l = loc(&s.loc);
        self.load_const(ConstValue::Tuple(vec![ConstValue::Int(BigInt::from(1))]), l);
        self.setup_annotations_scope(l, BlockKey::node(s), name)?;
        if let Err(e) = self.visit_expr(value) {
            self.exit_scope();
            return Err(e);
        }
        self.addop(Op::RETURN_VALUE, l);
        let co = self.optimize_and_assemble(false);
        self.exit_scope();
        self.make_closure(l, co?, make_fn::DEFAULTS)?;
        self.addop_i(Op::BUILD_TUPLE, 3, l);
        self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::TYPEALIAS, l);
        Ok(())
    }

    /// `codegen_typealias`
    pub(crate) fn codegen_typealias(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::TypeAlias {
            name,
            type_params,
            value,
        } = &s.kind
        else {
            return Ok(());
        };
        let ExprKind::Name { id: name, .. } = &name.kind else {
            return Ok(());
        };
        let l = loc(&s.loc);
        let is_generic = !type_params.is_empty();
        if is_generic {
            let tp_name = format!("<generic parameters of {name}>");
            self.codegen_enter_scope(
                &tp_name,
                ScopeType::Annotations,
                BlockKey::type_params(type_params),
                l.lineno,
                None,
                None,
            )?;
            self.load_str(name, l);
            if let Err(e) = self.type_params(type_params) {
                self.exit_scope();
                return Err(e);
            }
        } else {
            self.load_str(name, l);
            self.load_none(l);
        }
        if let Err(e) = self.typealias_body(s, name, value) {
            if is_generic {
                self.exit_scope();
            }
            return Err(e);
        }
        if is_generic {
            let co = self.optimize_and_assemble(false);
            self.exit_scope();
            self.make_closure(l, co?, 0)?;
            self.addop(Op::PUSH_NULL, l);
            self.addop_i(Op::CALL, 0, l);
        }
        self.nameop(l, name, ExprContext::Store)
    }
}
