//! Expressions of Python/codegen.c: `codegen_visit_expr` and its helpers (boolean
//! operators, comparisons and conditional jumps, containers and unpacking, subscripts
//! and slices, attributes with the `super()` shortcuts, `yield`/`await`), and the
//! compiler's SyntaxWarnings about literals.

use oxpy_objects::constant::ConstValue;
use oxpy_parser::Constant;
use oxpy_parser::ast::{self, Boolop, Cmpop, ExprContext, ExprKind, Unaryop};

use super::names::NameOp;
use super::stmt::{binop_arg, is_constant_slice, should_apply_two_element_slice_optimization};
use super::{
    CResult, Compiler, NB_SUBSCR, NO_LOC, STACK_USE_GUIDELINE, ScopeType, const_of, intrinsic, loc,
};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::{Label, SourceLocation};
use crate::symtable::{Scope, flags};

/// `infer_type`: the type name of a literal-ish expression.
pub(crate) fn infer_type(e: &ast::Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::List { .. } | ExprKind::ListComp { .. } => "list",
        ExprKind::Dict { .. } | ExprKind::DictComp { .. } => "dict",
        ExprKind::Set { .. } | ExprKind::SetComp { .. } => "set",
        ExprKind::GeneratorExp { .. } => "generator",
        ExprKind::Lambda { .. } => "function",
        ExprKind::JoinedStr { .. }
        | ExprKind::TemplateStr { .. }
        | ExprKind::FormattedValue { .. }
        | ExprKind::Interpolation(_) => "str",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "NoneType",
            Constant::Bool(_) => "bool",
            Constant::Int(_) => "int",
            Constant::Float(_) => "float",
            Constant::Complex { .. } => "complex",
            Constant::Str(_) => "str",
            Constant::Bytes(_) => "bytes",
            Constant::Ellipsis => "ellipsis",
        },
        _ => return None,
    })
}

/// `check_is_arg`: false for a literal other than the named singletons.
fn check_is_arg(e: &ast::Expr) -> bool {
    match &e.kind {
        ExprKind::Tuple { elts, .. } => !elts
            .iter()
            .all(|x| matches!(x.kind, ExprKind::Constant { .. })),
        ExprKind::Constant { value, .. } => matches!(
            value,
            Constant::None | Constant::Bool(_) | Constant::Ellipsis
        ),
        _ => true,
    }
}

/// `compare_masks` and the `Py_*` comparison numbers, as the `COMPARE_OP` oparg.
fn compare_oparg(op: Cmpop) -> Option<i32> {
    let (cmp, mask) = match op {
        Cmpop::Lt => (0, 2),
        Cmpop::LtE => (1, 2 | 8),
        Cmpop::Eq => (2, 8),
        Cmpop::NotEq => (3, 1 | 2 | 4),
        Cmpop::Gt => (4, 4),
        Cmpop::GtE => (5, 4 | 8),
        _ => return None,
    };
    Some((cmp << 5) | mask)
}

impl<'a> Compiler<'a> {
    /// `codegen_check_compare`: `is` with a literal.
    fn check_compare(&mut self, e: &'a ast::Expr) -> CResult {
        let ExprKind::Compare {
            left,
            ops,
            comparators,
        } = &e.kind
        else {
            return Ok(());
        };
        let mut lft = check_is_arg(left);
        let mut left_expr: &ast::Expr = left;
        for (op, right_expr) in ops.iter().zip(comparators) {
            let right = check_is_arg(right_expr);
            if matches!(op, Cmpop::Is | Cmpop::IsNot) && (!right || !lft) {
                let literal = if !lft { left_expr } else { right_expr };
                let tn = infer_type(literal).unwrap_or("object");
                let msg = if *op == Cmpop::Is {
                    format!("\"is\" with '{tn}' literal. Did you mean \"==\"?")
                } else {
                    format!("\"is not\" with '{tn}' literal. Did you mean \"!=\"?")
                };
                return self.warn(loc(&e.loc), msg);
            }
            lft = right;
            left_expr = right_expr;
        }
        Ok(())
    }

    /// `codegen_addcompare`
    pub(crate) fn addcompare(&mut self, l: SourceLocation, op: Cmpop) {
        match op {
            Cmpop::Is => self.addop_i(Op::IS_OP, 0, l),
            Cmpop::IsNot => self.addop_i(Op::IS_OP, 1, l),
            Cmpop::In => self.addop_i(Op::CONTAINS_OP, 0, l),
            Cmpop::NotIn => self.addop_i(Op::CONTAINS_OP, 1, l),
            _ => {
                if let Some(arg) = compare_oparg(op) {
                    self.addop_i(Op::COMPARE_OP, arg, l);
                }
            }
        }
    }

    /// `codegen_jump_if`: jump to `next` when `e`'s truth equals `cond`.
    #[allow(clippy::only_used_in_recursion)]
    pub(crate) fn jump_if(
        &mut self,
        l: SourceLocation,
        e: &'a ast::Expr,
        next: Label,
        cond: bool,
    ) -> CResult {
        match &e.kind {
            ExprKind::UnaryOp {
                op: Unaryop::Not,
                operand,
            } => return self.jump_if(l, operand, next, !cond),
            ExprKind::BoolOp { op, values } => {
                let n = values.len() - 1;
                let cond2 = *op == Boolop::Or;
                let mut next2 = next;
                if cond2 != cond {
                    next2 = self.new_label();
                }
                for v in &values[..n] {
                    self.jump_if(l, v, next2, cond2)?;
                }
                self.jump_if(l, &values[n], next, cond)?;
                if next2 != next {
                    self.use_label(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(l, test, next2, false)?;
                self.jump_if(l, body, next, cond)?;
                self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
                self.use_label(next2);
                self.jump_if(l, orelse, next, cond)?;
                self.use_label(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if ops.len() > 1 => {
                let n = ops.len() - 1;
                self.check_compare(e)?;
                let el = loc(&e.loc);
                let cleanup = self.new_label();
                self.visit_expr(left)?;
                for i in 0..n {
                    self.visit_expr(&comparators[i])?;
                    self.addop_i(Op::SWAP, 2, el);
                    self.addop_i(Op::COPY, 2, el);
                    self.addcompare(el, ops[i]);
                    self.addop(Op::TO_BOOL, el);
                    self.addop_j(Op::POP_JUMP_IF_FALSE, cleanup, el);
                }
                self.visit_expr(&comparators[n])?;
                self.addcompare(el, ops[n]);
                self.addop(Op::TO_BOOL, el);
                self.addop_j(
                    if cond {
                        Op::POP_JUMP_IF_TRUE
                    } else {
                        Op::POP_JUMP_IF_FALSE
                    },
                    next,
                    el,
                );
                let end = self.new_label();
                self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
                self.use_label(cleanup);
                self.addop(Op::POP_TOP, el);
                if !cond {
                    self.addop_j(Op::JUMP_NO_INTERRUPT, next, NO_LOC);
                }
                self.use_label(end);
                return Ok(());
            }
            _ => {}
        }
        self.visit_expr(e)?;
        let el = loc(&e.loc);
        self.addop(Op::TO_BOOL, el);
        self.addop_j(
            if cond {
                Op::POP_JUMP_IF_TRUE
            } else {
                Op::POP_JUMP_IF_FALSE
            },
            next,
            el,
        );
        Ok(())
    }

    /// `codegen_visit_expr`
    #[inline(always)]
    pub(crate) fn visit_expr(&mut self, e: &'a ast::Expr) -> CResult {
        // The commonest leaves are handled where the visit meets them (no stack check).
        match &e.kind {
            ExprKind::Name { id, ctx } => self.nameop(loc(&e.loc), id, *ctx),
            ExprKind::Constant { value, .. } => {
                self.load_constant(value, loc(&e.loc));
                Ok(())
            }
            _ => self.visit_expr_nested(e),
        }
    }

    /// [`Compiler::visit_expr`] of a node with children.
    #[inline(never)]
    fn visit_expr_nested(&mut self, e: &'a ast::Expr) -> CResult {
        self.depth += 1;
        let r = if self.depth % super::STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.visit_expr_inner(e))
        } else {
            self.visit_expr_inner(e)
        };
        self.depth -= 1;
        r
    }

    fn visit_expr_inner(&mut self, e: &'a ast::Expr) -> CResult {
        let l = loc(&e.loc);
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.visit_expr(value)?;
                self.addop_i(Op::COPY, 1, l);
                self.visit_expr(target)?;
            }
            ExprKind::BoolOp { op, values } => {
                let jumpi = if *op == Boolop::And {
                    Op::JUMP_IF_FALSE
                } else {
                    Op::JUMP_IF_TRUE
                };
                let end = self.new_label();
                let n = values.len() - 1;
                for v in &values[..n] {
                    self.visit_expr(v)?;
                    self.addop_j(jumpi, end, l);
                    self.addop(Op::POP_TOP, l);
                }
                self.visit_expr(&values[n])?;
                self.use_label(end);
            }
            ExprKind::BinOp { left, op, right } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
                self.addop_i(Op::BINARY_OP, binop_arg(*op, false), l);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.visit_expr(operand)?;
                match op {
                    Unaryop::UAdd => {
                        self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::UNARY_POSITIVE, l)
                    }
                    Unaryop::Not => {
                        self.addop(Op::TO_BOOL, l);
                        self.addop(Op::UNARY_NOT, l);
                    }
                    Unaryop::Invert => self.addop(Op::UNARY_INVERT, l),
                    Unaryop::USub => self.addop(Op::UNARY_NEGATIVE, l),
                }
            }
            ExprKind::Lambda { .. } => return self.codegen_lambda(e),
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next = self.new_label();
                self.jump_if(l, test, next, false)?;
                self.visit_expr(body)?;
                self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
                self.use_label(next);
                self.visit_expr(orelse)?;
                self.use_label(end);
            }
            ExprKind::Dict { keys, values } => return self.codegen_dict(e, keys, values),
            ExprKind::Set { elts } => {
                return self.starunpack_helper(
                    l,
                    elts,
                    None,
                    0,
                    Op::BUILD_SET,
                    Op::SET_ADD,
                    Op::SET_UPDATE,
                    false,
                );
            }
            ExprKind::GeneratorExp { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. } => return self.codegen_comprehension(e),
            ExprKind::Yield { value } => {
                if !self.ste().is_function_like() {
                    return self.error(l, "'yield' outside function");
                }
                match value {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_none(l),
                }
                self.addop_yield(l);
            }
            ExprKind::YieldFrom { value } => {
                if !self.ste().is_function_like() {
                    return self.error(l, "'yield from' outside function");
                }
                if self.scope_type() == ScopeType::AsyncFunction {
                    return self.error(l, "'yield from' inside async function");
                }
                self.visit_expr(value)?;
                self.addop(Op::GET_YIELD_FROM_ITER, l);
                self.load_none(l);
                self.add_yield_from(l, false);
            }
            ExprKind::Await { value } => {
                self.visit_expr(value)?;
                self.addop_i(Op::GET_AWAITABLE, 0, l);
                self.load_none(l);
                self.add_yield_from(l, true);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.check_compare(e)?;
                self.visit_expr(left)?;
                let n = ops.len() - 1;
                if n == 0 {
                    self.visit_expr(&comparators[0])?;
                    self.addcompare(l, ops[0]);
                } else {
                    let cleanup = self.new_label();
                    for i in 0..n {
                        self.visit_expr(&comparators[i])?;
                        self.addop_i(Op::SWAP, 2, l);
                        self.addop_i(Op::COPY, 2, l);
                        self.addcompare(l, ops[i]);
                        self.addop_i(Op::COPY, 1, l);
                        self.addop(Op::TO_BOOL, l);
                        self.addop_j(Op::POP_JUMP_IF_FALSE, cleanup, l);
                        self.addop(Op::POP_TOP, l);
                    }
                    self.visit_expr(&comparators[n])?;
                    self.addcompare(l, ops[n]);
                    let end = self.new_label();
                    self.addop_j(Op::JUMP_NO_INTERRUPT, end, NO_LOC);
                    self.use_label(cleanup);
                    self.addop_i(Op::SWAP, 2, l);
                    self.addop(Op::POP_TOP, l);
                    self.use_label(end);
                }
            }
            ExprKind::Call { .. } => return self.codegen_call(e),
            ExprKind::Constant { value, .. } => self.load_constant(value, l),
            ExprKind::JoinedStr { values } => return self.codegen_joined_str(e, values),
            ExprKind::TemplateStr { values } => return self.codegen_template_str(e, values),
            ExprKind::FormattedValue { .. } => return self.codegen_formatted_value(e),
            ExprKind::Interpolation(_) => return self.codegen_interpolation(e),
            ExprKind::Attribute { value, attr, ctx } => {
                if *ctx == ExprContext::Load && self.can_optimize_super_call(e) {
                    self.load_args_for_super(value)?;
                    let nargs = match &value.kind {
                        ExprKind::Call { args, .. } => args.len(),
                        _ => 0,
                    };
                    let kind = if nargs > 0 {
                        NameOp::LoadSuperAttr
                    } else {
                        NameOp::LoadZeroSuperAttr
                    };
                    self.addop_name(l, kind, attr);
                    let l2 = self.update_start_location_to_match_attr(l, e);
                    self.addop(Op::NOP, l2);
                    return Ok(());
                }
                self.maybe_add_static_attribute_to_class(e);
                self.visit_expr(value)?;
                let l2 = self.update_start_location_to_match_attr(l, e);
                let op = match ctx {
                    ExprContext::Load => Op::LOAD_ATTR,
                    ExprContext::Store => Op::STORE_ATTR,
                    ExprContext::Del => Op::DELETE_ATTR,
                };
                self.addop_name(l2, NameOp::Plain(op), attr);
            }
            ExprKind::Subscript { value, slice, ctx } => {
                return self.codegen_subscript(e, value, slice, *ctx);
            }
            ExprKind::Starred { ctx, .. } => {
                return if *ctx == ExprContext::Store {
                    self.error(l, "starred assignment target must be in a list or tuple")
                } else {
                    self.error(l, "can't use starred expression here")
                };
            }
            ExprKind::Slice { .. } => return self.codegen_slice(e),
            ExprKind::Name { id, ctx } => return self.nameop(l, id, *ctx),
            ExprKind::List { elts, ctx } => match ctx {
                ExprContext::Store => return self.assignment_helper(l, elts),
                ExprContext::Load => {
                    return self.starunpack_helper(
                        l,
                        elts,
                        None,
                        0,
                        Op::BUILD_LIST,
                        Op::LIST_APPEND,
                        Op::LIST_EXTEND,
                        false,
                    );
                }
                ExprContext::Del => {
                    for el in elts {
                        self.visit_expr(el)?;
                    }
                }
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Store => return self.assignment_helper(l, elts),
                ExprContext::Load => {
                    return self.starunpack_helper(
                        l,
                        elts,
                        None,
                        0,
                        Op::BUILD_LIST,
                        Op::LIST_APPEND,
                        Op::LIST_EXTEND,
                        true,
                    );
                }
                ExprContext::Del => {
                    for el in elts {
                        self.visit_expr(el)?;
                    }
                }
            },
        }
        Ok(())
    }

    /// `_PyCompile_MaybeAddStaticAttributeToClass`: `self.x = …` inside a class.
    fn maybe_add_static_attribute_to_class(&mut self, e: &ast::Expr) {
        let ExprKind::Attribute { value, attr, ctx } = &e.kind else {
            return;
        };
        if *ctx != ExprContext::Store {
            return;
        }
        let ExprKind::Name { id, .. } = &value.kind else {
            return;
        };
        if id != "self" {
            return;
        }
        let n = self.units.len();
        // c_stack: every unit but the current one, innermost first.
        for u in self.units[..n - 1].iter_mut().rev() {
            if u.scope_type == ScopeType::Class {
                if let Some(set) = &mut u.static_attributes {
                    set.insert(attr.clone());
                }
                break;
            }
        }
    }

    /// `update_start_location_to_match_attr`
    pub(crate) fn update_start_location_to_match_attr(
        &self,
        mut l: SourceLocation,
        attr: &ast::Expr,
    ) -> SourceLocation {
        let ExprKind::Attribute { attr: name, .. } = &attr.kind else {
            return l;
        };
        if l.lineno != attr.loc.end_lineno {
            l.lineno = attr.loc.end_lineno;
            let len = name.chars().count() as i32;
            if len <= attr.loc.end_col_offset {
                l.col_offset = attr.loc.end_col_offset - len;
            } else {
                l.col_offset = -1;
                l.end_col_offset = -1;
            }
            l.end_lineno = l.lineno.max(l.end_lineno);
            if l.lineno == l.end_lineno {
                l.end_col_offset = l.col_offset.max(l.end_col_offset);
            }
        }
        l
    }

    /// `can_optimize_super_call`
    pub(crate) fn can_optimize_super_call(&self, attr: &ast::Expr) -> bool {
        let ExprKind::Attribute {
            value, attr: name, ..
        } = &attr.kind
        else {
            return false;
        };
        let ExprKind::Call {
            func,
            args,
            keywords,
        } = &value.kind
        else {
            return false;
        };
        let ExprKind::Name { id, .. } = &func.kind else {
            return false;
        };
        if id != "super" || name == "__class__" || !keywords.is_empty() {
            return false;
        }
        if self.ste().scope(id) != Scope::GlobalImplicit {
            return false;
        }
        if self.st.top().scope(id) != Scope::Unknown {
            return false;
        }
        if args.len() == 2 {
            return !args
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Starred { .. }));
        }
        if !args.is_empty() {
            return false;
        }
        let md = &self.ur().md;
        if md.argcount == 0 && md.posonlyargcount == 0 {
            return false;
        }
        self.get_ref_type("__class__") == Scope::Free
    }

    /// `load_args_for_super`
    pub(crate) fn load_args_for_super(&mut self, e: &'a ast::Expr) -> CResult {
        let ExprKind::Call { func, args, .. } = &e.kind else {
            return Ok(());
        };
        let l = loc(&e.loc);
        if let ExprKind::Name { id, .. } = &func.kind {
            self.nameop(loc(&func.loc), id, ExprContext::Load)?;
        }
        if args.len() == 2 {
            self.visit_expr(&args[0])?;
            self.visit_expr(&args[1])?;
            return Ok(());
        }
        self.nameop(l, "__class__", ExprContext::Load)?;
        let first = self.ur().md.varnames.get_index(0).cloned();
        if let Some(first) = first {
            self.nameop(l, &first, ExprContext::Load)?;
        }
        Ok(())
    }

    /// `starunpack_helper_impl`
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn starunpack_helper(
        &mut self,
        l: SourceLocation,
        elts: &'a [ast::Expr],
        injected_arg: Option<&str>,
        pushed: usize,
        build: Op,
        add: Op,
        extend: Op,
        tuple: bool,
    ) -> CResult {
        let n = elts.len();
        let big = n + pushed + usize::from(injected_arg.is_some()) > STACK_USE_GUIDELINE;
        let seen_star = elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }));
        if !seen_star && !big {
            for e in elts {
                self.visit_expr(e)?;
            }
            let mut n = n;
            if let Some(arg) = injected_arg {
                self.nameop(l, arg, ExprContext::Load)?;
                n += 1;
            }
            if tuple {
                self.addop_i(Op::BUILD_TUPLE, (n + pushed) as i32, l);
            } else {
                self.addop_i(build, (n + pushed) as i32, l);
            }
            return Ok(());
        }
        let mut sequence_built = false;
        if big {
            self.addop_i(build, pushed as i32, l);
            sequence_built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &e.kind {
                if !sequence_built {
                    self.addop_i(build, (i + pushed) as i32, l);
                    sequence_built = true;
                }
                self.visit_expr(value)?;
                self.addop_i(extend, 1, l);
            } else {
                self.visit_expr(e)?;
                if sequence_built {
                    self.addop_i(add, 1, l);
                }
            }
        }
        if let Some(arg) = injected_arg {
            self.nameop(l, arg, ExprContext::Load)?;
            self.addop_i(add, 1, l);
        }
        if tuple {
            self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::LIST_TO_TUPLE, l);
        }
        Ok(())
    }

    /// `unpack_helper`
    fn unpack_helper(&mut self, l: SourceLocation, elts: &[ast::Expr]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e.kind, ExprKind::Starred { .. }) {
                if seen_star {
                    return self.error(l, "multiple starred expressions in assignment");
                }
                if i >= (1 << 8) || (n - i - 1) >= (i32::MAX as usize >> 8) {
                    return self.error(l, "too many expressions in star-unpacking assignment");
                }
                self.addop_i(Op::UNPACK_EX, (i + ((n - i - 1) << 8)) as i32, l);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(Op::UNPACK_SEQUENCE, n as i32, l);
        }
        Ok(())
    }

    /// `assignment_helper`
    fn assignment_helper(&mut self, l: SourceLocation, elts: &'a [ast::Expr]) -> CResult {
        self.unpack_helper(l, elts)?;
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => self.visit_expr(value)?,
                _ => self.visit_expr(e)?,
            }
        }
        Ok(())
    }

    /// `codegen_subdict`
    fn codegen_subdict(
        &mut self,
        l: SourceLocation,
        keys: &'a [Option<ast::Expr>],
        values: &'a [ast::Expr],
        begin: usize,
        end: usize,
    ) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.addop_i(Op::BUILD_MAP, 0, l);
        }
        for i in begin..end {
            if let Some(k) = &keys[i] {
                self.visit_expr(k)?;
            }
            self.visit_expr(&values[i])?;
            if big {
                self.addop_i(Op::MAP_ADD, 1, l);
            }
        }
        if !big {
            self.addop_i(Op::BUILD_MAP, n as i32, l);
        }
        Ok(())
    }

    /// `codegen_dict`
    fn codegen_dict(
        &mut self,
        e: &'a ast::Expr,
        keys: &'a [Option<ast::Expr>],
        values: &'a [ast::Expr],
    ) -> CResult {
        let l = loc(&e.loc);
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            let is_unpacking = keys[i].is_none();
            if is_unpacking {
                if elements > 0 {
                    self.codegen_subdict(l, keys, values, i - elements, i)?;
                    if have_dict {
                        self.addop_i(Op::DICT_UPDATE, 1, l);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop_i(Op::BUILD_MAP, 0, l);
                    have_dict = true;
                }
                self.visit_expr(&values[i])?;
                self.addop_i(Op::DICT_UPDATE, 1, l);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.codegen_subdict(l, keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.addop_i(Op::DICT_UPDATE, 1, l);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.codegen_subdict(l, keys, values, n - elements, n)?;
            if have_dict {
                self.addop_i(Op::DICT_UPDATE, 1, l);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop_i(Op::BUILD_MAP, 0, l);
        }
        Ok(())
    }

    /// `check_subscripter`
    fn check_subscripter(&mut self, e: &ast::Expr) -> CResult {
        let warn = match &e.kind {
            ExprKind::Constant { value, .. } => matches!(
                value,
                Constant::None
                    | Constant::Ellipsis
                    | Constant::Int(_)
                    | Constant::Bool(_)
                    | Constant::Float(_)
                    | Constant::Complex { .. }
            ),
            ExprKind::Set { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Lambda { .. } => true,
            _ => false,
        };
        if warn {
            let tn = infer_type(e).unwrap_or("object");
            return self.warn(
                loc(&e.loc),
                format!("'{tn}' object is not subscriptable; perhaps you missed a comma?"),
            );
        }
        Ok(())
    }

    /// `check_index`
    fn check_index(&mut self, e: &ast::Expr, s: &ast::Expr) -> CResult {
        let Some(index_type) = infer_type(s) else {
            return Ok(());
        };
        if matches!(index_type, "int" | "bool") || matches!(s.kind, ExprKind::Slice { .. }) {
            return Ok(());
        }
        let warn = match &e.kind {
            ExprKind::Constant { value, .. } => {
                matches!(value, Constant::Str(_) | Constant::Bytes(_))
            }
            ExprKind::Tuple { .. }
            | ExprKind::List { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::JoinedStr { .. }
            | ExprKind::TemplateStr { .. }
            | ExprKind::FormattedValue { .. }
            | ExprKind::Interpolation(_) => true,
            _ => false,
        };
        if warn {
            let tn = infer_type(e).unwrap_or("object");
            return self.warn(
                loc(&e.loc),
                format!(
                    "{tn} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
                ),
            );
        }
        Ok(())
    }

    /// `codegen_subscript`
    fn codegen_subscript(
        &mut self,
        e: &'a ast::Expr,
        value: &'a ast::Expr,
        slice: &'a ast::Expr,
        ctx: ExprContext,
    ) -> CResult {
        let l = loc(&e.loc);
        if ctx == ExprContext::Load {
            self.check_subscripter(value)?;
            self.check_index(value, slice)?;
        }
        self.visit_expr(value)?;
        if should_apply_two_element_slice_optimization(slice) && ctx != ExprContext::Del {
            self.slice_two_parts(slice)?;
            if ctx == ExprContext::Load {
                self.addop(Op::BINARY_SLICE, l);
            } else {
                self.addop(Op::STORE_SLICE, l);
            }
        } else {
            self.visit_expr(slice)?;
            match ctx {
                ExprContext::Load => self.addop_i(Op::BINARY_OP, NB_SUBSCR, l),
                ExprContext::Store => self.addop(Op::STORE_SUBSCR, l),
                ExprContext::Del => self.addop(Op::DELETE_SUBSCR, l),
            }
        }
        Ok(())
    }

    /// `codegen_slice_two_parts`
    pub(crate) fn slice_two_parts(&mut self, s: &'a ast::Expr) -> CResult {
        let ExprKind::Slice { lower, upper, .. } = &s.kind else {
            return Ok(());
        };
        let l = loc(&s.loc);
        match lower {
            Some(x) => self.visit_expr(x)?,
            None => self.load_none(l),
        }
        match upper {
            Some(x) => self.visit_expr(x)?,
            None => self.load_none(l),
        }
        Ok(())
    }

    /// `codegen_slice`
    fn codegen_slice(&mut self, s: &'a ast::Expr) -> CResult {
        let ExprKind::Slice { lower, upper, step } = &s.kind else {
            return Ok(());
        };
        let l = loc(&s.loc);
        if is_constant_slice(s) {
            let part = |p: &Option<Box<ast::Expr>>| match p.as_deref() {
                Some(ast::Expr {
                    kind: ExprKind::Constant { value, .. },
                    ..
                }) => const_of(value),
                _ => ConstValue::None,
            };
            let v = ConstValue::Slice(Box::new([part(lower), part(upper), part(step)]));
            self.load_const(v, l);
            return Ok(());
        }
        self.slice_two_parts(s)?;
        let mut n = 2;
        if let Some(st) = step {
            n += 1;
            self.visit_expr(st)?;
        }
        self.addop_i(Op::BUILD_SLICE, n, l);
        Ok(())
    }

    /// `is_import_originated`: a name the module binds by an import.
    pub(crate) fn is_import_originated(&self, e: &ast::Expr) -> bool {
        let ExprKind::Name { id, .. } = &e.kind else {
            return false;
        };
        self.st.top().symbol(id) & flags::DEF_IMPORT != 0
    }
}
