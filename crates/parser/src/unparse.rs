//! Port of Python/ast_unparse.c: an expression back to source text, as CPython 3.14 stores
//! annotations under `from __future__ import annotations` (`_PyAST_ExprAsUnicode`).
//!
//! This is CPython's small C unparser, not `ast.unparse` (Lib/ast.py): the text differs from
//! `ast.unparse`'s in places (`lambda*a: 0`, `2 ** (-1)`, `a[*b,]`, `--1`, infinite floats
//! as `1e309`), and only what this unparser writes is what the compiler puts in `co_consts`.
//!
//! Entry point: [`expr_as_unicode`]. How it writes:
//! - every operator has a priority (`Pr`); a sub-expression is written with the
//!   priority its parent asks for, and gets parentheses when its own is lower;
//! - constants are written with their `repr()` (a `str` constant keeps its `u` prefix), with
//!   `inf` replaced by `1e309` in floats and complex numbers, `...` for the ellipsis;
//! - f-strings (`JoinedStr`) are rebuilt from their parts (braces of literal parts doubled,
//!   replacement fields `{expr!c:spec}`) and the whole body is quoted with `repr()`, so a
//!   concatenation of strings and f-strings comes back as one f-string; t-strings
//!   (`TemplateStr`) the same with a `t` prefix, where an `Interpolation` writes its
//!   original expression text (`Interpolation.str`) rather than its unparsed value.

use crate::ast::{self, Boolop, Cmpop, Expr, ExprKind, Operator, Unaryop};
use crate::constant::Constant;

/// What CPython's unparser rejects (it raises `SystemError`/`TypeError`); the parser never
/// builds such trees, only a hand-made AST can hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnparseError {
    /// A `FormattedValue`/`Interpolation` conversion other than -1, `'s'`, `'r'`, `'a'`
    /// ("unknown f-value conversion kind").
    UnknownConversion(i64),
    /// A part of an f-string or t-string that is not a string constant, a replacement field
    /// or a nested f-/t-string ("unknown expression kind inside f-string or t-string").
    BadFStringPart,
    /// A literal part of an f-string/t-string (or `Interpolation.str`) that is not a `str`.
    NonStrFStringLiteral,
}

impl std::fmt::Display for UnparseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnparseError::UnknownConversion(c) => {
                write!(f, "unknown f-value conversion kind ({c})")
            }
            UnparseError::BadFStringPart => {
                f.write_str("unknown expression kind inside f-string or t-string")
            }
            UnparseError::NonStrFStringLiteral => {
                f.write_str("f-string or t-string literal part is not a str")
            }
        }
    }
}

impl std::error::Error for UnparseError {}

/// The source text of `e` exactly as CPython 3.14's `_PyAST_ExprAsUnicode` writes it (the
/// string `from __future__ import annotations` stores for an annotation).
///
/// ```
/// use oxpy_parser::{parse_bytes, ast, Mode, ParseOptions, unparse::expr_as_unicode};
/// let opts = ParseOptions { mode: Mode::Eval, ..ParseOptions::default() };
/// let ast::Mod::Expression { body } = parse_bytes(b"(x+1)*2 ** -y", &opts).unwrap() else {
///     unreachable!()
/// };
/// assert_eq!(expr_as_unicode(&body).unwrap(), "(x + 1) * 2 ** (-y)");
/// ```
pub fn expr_as_unicode(e: &Expr) -> Result<String, UnparseError> {
    expr_at(e, PR_TEST)
}

/// `expr_as_unicode(e, level)`: `e` written at priority `level`.
fn expr_at(e: &Expr, level: Pr) -> Result<String, UnparseError> {
    let mut w = Writer {
        out: String::with_capacity(64),
    };
    w.expr(e, level)?;
    Ok(w.out)
}

/// Operator priorities, lowest first (the C enum).
type Pr = u8;
const PR_TUPLE: Pr = 0;
/// `if`-`else`, `lambda`
const PR_TEST: Pr = 1;
const PR_OR: Pr = 2;
const PR_AND: Pr = 3;
const PR_NOT: Pr = 4;
/// comparisons, `in`, `is`
const PR_CMP: Pr = 5;
const PR_EXPR: Pr = 6;
const PR_BOR: Pr = PR_EXPR;
const PR_BXOR: Pr = 7;
const PR_BAND: Pr = 8;
const PR_SHIFT: Pr = 9;
const PR_ARITH: Pr = 10;
const PR_TERM: Pr = 11;
/// unary `+`, `-`, `~`
const PR_FACTOR: Pr = 12;
const PR_POWER: Pr = 13;
const PR_AWAIT: Pr = 14;
const PR_ATOM: Pr = 15;

type Res = Result<(), UnparseError>;

/// Stack left before [`Writer::expr`] moves to a new segment, and that segment's size.
const RED_ZONE: usize = 64 * 1024;
const STACK_SEGMENT: usize = 1024 * 1024;

/// The text being written (the C `PyUnicodeWriter`).
struct Writer {
    out: String,
}

impl Writer {
    fn s(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn s_if(&mut self, cond: bool, text: &str) {
        if cond {
            self.out.push_str(text);
        }
    }

    /// `append_ast_expr` (on a grown stack when the tree is deep).
    fn expr(&mut self, e: &Expr, level: Pr) -> Res {
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.expr_inner(e, level))
    }

    fn expr_inner(&mut self, e: &Expr, level: Pr) -> Res {
        match &e.kind {
            ExprKind::BoolOp { op, values } => self.boolop(*op, values, level),
            ExprKind::BinOp { left, op, right } => self.binop(left, *op, right, level),
            ExprKind::UnaryOp { op, operand } => self.unaryop(*op, operand, level),
            ExprKind::Lambda { args, body } => {
                self.s_if(level > PR_TEST, "(");
                let n_positional = args.args.len() + args.posonlyargs.len();
                self.s(if n_positional > 0 {
                    "lambda "
                } else {
                    "lambda"
                });
                self.arguments(args)?;
                self.s(": ");
                self.expr(body, PR_TEST)?;
                self.s_if(level > PR_TEST, ")");
                Ok(())
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.s_if(level > PR_TEST, "(");
                self.expr(body, PR_TEST + 1)?;
                self.s(" if ");
                self.expr(test, PR_TEST + 1)?;
                self.s(" else ");
                self.expr(orelse, PR_TEST)?;
                self.s_if(level > PR_TEST, ")");
                Ok(())
            }
            ExprKind::Dict { keys, values } => {
                self.s("{");
                for (i, value) in values.iter().enumerate() {
                    self.s_if(i > 0, ", ");
                    match keys.get(i).and_then(Option::as_ref) {
                        Some(key) => {
                            self.expr(key, PR_TEST)?;
                            self.s(": ");
                            self.expr(value, PR_TEST)?;
                        }
                        None => {
                            self.s("**");
                            self.expr(value, PR_EXPR)?;
                        }
                    }
                }
                self.s("}");
                Ok(())
            }
            ExprKind::Set { elts } => self.sequence("{", elts, "}"),
            ExprKind::GeneratorExp { elt, generators } => self.genexp(elt, generators),
            ExprKind::ListComp { elt, generators } => {
                self.s("[");
                self.expr(elt, PR_TEST)?;
                self.comprehensions(generators)?;
                self.s("]");
                Ok(())
            }
            ExprKind::SetComp { elt, generators } => {
                self.s("{");
                self.expr(elt, PR_TEST)?;
                self.comprehensions(generators)?;
                self.s("}");
                Ok(())
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.s("{");
                self.expr(key, PR_TEST)?;
                self.s(": ");
                self.expr(value, PR_TEST)?;
                self.comprehensions(generators)?;
                self.s("}");
                Ok(())
            }
            ExprKind::Yield { value } => match value {
                None => {
                    self.s("(yield)");
                    Ok(())
                }
                Some(v) => {
                    self.s("(yield ");
                    self.expr(v, PR_TEST)?;
                    self.s(")");
                    Ok(())
                }
            },
            ExprKind::YieldFrom { value } => {
                self.s("(yield from ");
                self.expr(value, PR_TEST)?;
                self.s(")");
                Ok(())
            }
            ExprKind::Await { value } => {
                self.s_if(level > PR_AWAIT, "(");
                self.s("await ");
                self.expr(value, PR_ATOM)?;
                self.s_if(level > PR_AWAIT, ")");
                Ok(())
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.s_if(level > PR_CMP, "(");
                self.expr(left, PR_CMP + 1)?;
                for (op, right) in ops.iter().zip(comparators) {
                    self.s(cmpop_text(*op));
                    self.expr(right, PR_CMP + 1)?;
                }
                self.s_if(level > PR_CMP, ")");
                Ok(())
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords),
            ExprKind::Constant { value, kind } => {
                if matches!(value, Constant::Ellipsis) {
                    self.s("...");
                    return Ok(());
                }
                if let Some(kind) = kind {
                    self.s(kind);
                }
                self.constant(value);
                Ok(())
            }
            ExprKind::JoinedStr { values } => self.joinedstr(values, false),
            ExprKind::TemplateStr { values } => self.templatestr(values),
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                let text = expr_at(value, PR_TEST + 1)?;
                self.interpolation_str(&text);
                self.conversion(*conversion)?;
                self.format_spec(format_spec.as_deref())?;
                self.s("}");
                Ok(())
            }
            ExprKind::Interpolation(node) => {
                self.interpolation(&node.str, node.conversion, node.format_spec.as_deref())
            }
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value, PR_ATOM)?;
                // An int needs a space before the dot (`1 .real`).
                let int = matches!(
                    &value.kind,
                    ExprKind::Constant {
                        value: Constant::Int(_),
                        ..
                    }
                );
                self.s(if int { " ." } else { "." });
                self.s(attr);
                Ok(())
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value, PR_ATOM)?;
                self.s("[");
                self.expr(slice, PR_TUPLE)?;
                self.s("]");
                Ok(())
            }
            ExprKind::Starred { value, .. } => {
                self.s("*");
                self.expr(value, PR_EXPR)
            }
            ExprKind::Slice { lower, upper, step } => {
                if let Some(lower) = lower {
                    self.expr(lower, PR_TEST)?;
                }
                self.s(":");
                if let Some(upper) = upper {
                    self.expr(upper, PR_TEST)?;
                }
                if let Some(step) = step {
                    self.s(":");
                    self.expr(step, PR_TEST)?;
                }
                Ok(())
            }
            ExprKind::Name { id, .. } => {
                self.s(id);
                Ok(())
            }
            ExprKind::List { elts, .. } => self.sequence("[", elts, "]"),
            ExprKind::Tuple { elts, .. } => {
                if elts.is_empty() {
                    self.s("()");
                    return Ok(());
                }
                self.s_if(level > PR_TUPLE, "(");
                for (i, el) in elts.iter().enumerate() {
                    self.s_if(i > 0, ", ");
                    self.expr(el, PR_TEST)?;
                }
                self.s_if(elts.len() == 1, ",");
                self.s_if(level > PR_TUPLE, ")");
                Ok(())
            }
            ExprKind::NamedExpr { target, value } => {
                self.s_if(level > PR_TUPLE, "(");
                self.expr(target, PR_ATOM)?;
                self.s(" := ");
                self.expr(value, PR_ATOM)?;
                self.s_if(level > PR_TUPLE, ")");
                Ok(())
            }
        }
    }

    /// `append_ast_list` / `append_ast_set`: `open` elements at `PR_TEST`, comma-separated,
    /// `close`.
    fn sequence(&mut self, open: &str, elts: &[Expr], close: &str) -> Res {
        self.s(open);
        for (i, el) in elts.iter().enumerate() {
            self.s_if(i > 0, ", ");
            self.expr(el, PR_TEST)?;
        }
        self.s(close);
        Ok(())
    }

    /// `append_ast_boolop`
    fn boolop(&mut self, op: Boolop, values: &[Expr], level: Pr) -> Res {
        let (text, pr) = match op {
            Boolop::And => (" and ", PR_AND),
            Boolop::Or => (" or ", PR_OR),
        };
        self.s_if(level > pr, "(");
        for (i, v) in values.iter().enumerate() {
            self.s_if(i > 0, text);
            self.expr(v, pr + 1)?;
        }
        self.s_if(level > pr, ")");
        Ok(())
    }

    /// `append_ast_binop`: `**` is right-associative, the others left.
    fn binop(&mut self, left: &Expr, op: Operator, right: &Expr, level: Pr) -> Res {
        let (text, pr) = match op {
            Operator::Add => (" + ", PR_ARITH),
            Operator::Sub => (" - ", PR_ARITH),
            Operator::Mult => (" * ", PR_TERM),
            Operator::MatMult => (" @ ", PR_TERM),
            Operator::Div => (" / ", PR_TERM),
            Operator::Mod => (" % ", PR_TERM),
            Operator::LShift => (" << ", PR_SHIFT),
            Operator::RShift => (" >> ", PR_SHIFT),
            Operator::BitOr => (" | ", PR_BOR),
            Operator::BitXor => (" ^ ", PR_BXOR),
            Operator::BitAnd => (" & ", PR_BAND),
            Operator::FloorDiv => (" // ", PR_TERM),
            Operator::Pow => (" ** ", PR_POWER),
        };
        let rassoc = Pr::from(op == Operator::Pow);
        self.s_if(level > pr, "(");
        self.expr(left, pr + rassoc)?;
        self.s(text);
        self.expr(right, pr + (1 - rassoc))?;
        self.s_if(level > pr, ")");
        Ok(())
    }

    /// `append_ast_unaryop`
    fn unaryop(&mut self, op: Unaryop, operand: &Expr, level: Pr) -> Res {
        let (text, pr) = match op {
            Unaryop::Invert => ("~", PR_FACTOR),
            Unaryop::Not => ("not ", PR_NOT),
            Unaryop::UAdd => ("+", PR_FACTOR),
            Unaryop::USub => ("-", PR_FACTOR),
        };
        self.s_if(level > pr, "(");
        self.s(text);
        self.expr(operand, pr)?;
        self.s_if(level > pr, ")");
        Ok(())
    }

    /// `append_ast_arg`
    fn arg(&mut self, arg: &ast::Arg) -> Res {
        self.s(&arg.arg);
        if let Some(annotation) = &arg.annotation {
            self.s(": ");
            self.expr(annotation, PR_TEST)?;
        }
        Ok(())
    }

    /// `append_ast_args`: a lambda's parameters.
    fn arguments(&mut self, args: &ast::Arguments) -> Res {
        let mut first = true;
        let n_posonly = args.posonlyargs.len();
        let n_positional = n_posonly + args.args.len();
        for (i, a) in args.posonlyargs.iter().chain(&args.args).enumerate() {
            self.s_if(!first, ", ");
            first = false;
            self.arg(a)?;
            // The defaults belong to the last parameters.
            if let Some(di) = (i + args.defaults.len()).checked_sub(n_positional)
                && let Some(default) = args.defaults.get(di)
            {
                self.s("=");
                self.expr(default, PR_TEST)?;
            }
            if n_posonly > 0 && i + 1 == n_posonly {
                self.s(", /");
            }
        }
        if args.vararg.is_some() || !args.kwonlyargs.is_empty() {
            self.s_if(!first, ", ");
            first = false;
            self.s("*");
            if let Some(vararg) = &args.vararg {
                self.arg(vararg)?;
            }
        }
        let n_kwonly = args.kwonlyargs.len();
        for (i, a) in args.kwonlyargs.iter().enumerate() {
            self.s_if(!first, ", ");
            first = false;
            self.arg(a)?;
            if let Some(di) = (i + args.kw_defaults.len()).checked_sub(n_kwonly)
                && let Some(Some(default)) = args.kw_defaults.get(di)
            {
                self.s("=");
                self.expr(default, PR_TEST)?;
            }
        }
        if let Some(kwarg) = &args.kwarg {
            self.s_if(!first, ", ");
            self.s("**");
            self.arg(kwarg)?;
        }
        Ok(())
    }

    /// `append_ast_comprehensions`
    fn comprehensions(&mut self, generators: &[ast::Comprehension]) -> Res {
        for g in generators {
            self.s(if g.is_async != 0 {
                " async for "
            } else {
                " for "
            });
            self.expr(&g.target, PR_TUPLE)?;
            self.s(" in ");
            self.expr(&g.iter, PR_TEST + 1)?;
            for cond in &g.ifs {
                self.s(" if ");
                self.expr(cond, PR_TEST + 1)?;
            }
        }
        Ok(())
    }

    /// `append_ast_genexp`
    fn genexp(&mut self, elt: &Expr, generators: &[ast::Comprehension]) -> Res {
        self.s("(");
        self.expr(elt, PR_TEST)?;
        self.comprehensions(generators)?;
        self.s(")");
        Ok(())
    }

    /// `append_ast_call`: a lone generator argument keeps only its own parentheses.
    fn call(&mut self, func: &Expr, args: &[Expr], keywords: &[ast::Keyword]) -> Res {
        self.expr(func, PR_ATOM)?;
        if let ([only], []) = (args, keywords)
            && let ExprKind::GeneratorExp { elt, generators } = &only.kind
        {
            return self.genexp(elt, generators);
        }
        self.s("(");
        let mut first = true;
        for a in args {
            self.s_if(!first, ", ");
            first = false;
            self.expr(a, PR_TEST)?;
        }
        for kw in keywords {
            self.s_if(!first, ", ");
            first = false;
            match &kw.arg {
                None => self.s("**"),
                Some(name) => {
                    self.s(name);
                    self.s("=");
                }
            }
            self.expr(&kw.value, PR_TEST)?;
        }
        self.s(")");
        Ok(())
    }

    /// `append_ast_constant` / `append_repr`: `repr()`, with `inf` spelled `1e309` in
    /// infinite floats and in every complex number.
    fn constant(&mut self, value: &Constant) {
        match value {
            Constant::Float(f) if f.is_infinite() => {
                self.s(&value.repr().replace("inf", INF_TEXT));
            }
            Constant::Complex { .. } => {
                self.s(&value.repr().replace("inf", INF_TEXT));
            }
            other => self.s(&other.repr()),
        }
    }

    /// `append_fstring_element`: one part of an f-/t-string body.
    fn fstring_element(&mut self, e: &Expr, is_format_spec: bool) -> Res {
        match &e.kind {
            ExprKind::Constant {
                value: Constant::Str(s),
                ..
            } => {
                // escape_braces
                self.s(&s.replace('{', "{{").replace('}', "}}"));
                Ok(())
            }
            ExprKind::Constant { .. } => Err(UnparseError::NonStrFStringLiteral),
            ExprKind::JoinedStr { values } => self.joinedstr(values, is_format_spec),
            ExprKind::TemplateStr { values } => self.templatestr(values),
            ExprKind::FormattedValue { .. } | ExprKind::Interpolation(_) => self.expr(e, PR_TEST),
            _ => Err(UnparseError::BadFStringPart),
        }
    }

    /// `append_joinedstr`: the body quoted with `repr()` after `f`, or bare inside a format
    /// spec.
    fn joinedstr(&mut self, values: &[Expr], is_format_spec: bool) -> Res {
        let body = ftstring_body(values, is_format_spec)?;
        if is_format_spec {
            self.s(&body);
        } else {
            self.s("f");
            self.s(&Constant::Str(body).repr());
        }
        Ok(())
    }

    /// `append_templatestr`: the parts as one `t'…'` literal; a `FormattedValue` among them
    /// (an f-string concatenated to the t-string) is written as its own `f'…'` literal,
    /// separated from its neighbours by a space.
    fn templatestr(&mut self, values: &[Expr]) -> Res {
        if values.is_empty() {
            return self.values_subarray(values, 't');
        }
        let mut last = 0;
        for (i, value) in values.iter().enumerate() {
            if matches!(value.kind, ExprKind::FormattedValue { .. }) {
                if i > last {
                    self.values_subarray(&values[last..i], 't')?;
                    self.s(" ");
                }
                self.values_subarray(&values[i..=i], 'f')?;
                if i + 1 < values.len() {
                    self.s(" ");
                }
                last = i + 1;
            }
        }
        if last < values.len() {
            self.values_subarray(&values[last..], 't')?;
        }
        Ok(())
    }

    /// `_write_values_subarray`: `prefix` and the `repr()` of the parts' body.
    fn values_subarray(&mut self, values: &[Expr], prefix: char) -> Res {
        let body = ftstring_body(values, false)?;
        self.out.push(prefix);
        self.s(&Constant::Str(body).repr());
        Ok(())
    }

    /// `append_interpolation_str`: `{` and the field's expression text, with a space
    /// between them when the text starts with `{`.
    fn interpolation_str(&mut self, text: &str) {
        self.s(if text.starts_with('{') { "{ " } else { "{" });
        self.s(text);
    }

    /// `append_interpolation_conversion`
    fn conversion(&mut self, conversion: i64) -> Res {
        if conversion < 0 {
            return Ok(());
        }
        let text = match u8::try_from(conversion) {
            Ok(b'a') => "!a",
            Ok(b'r') => "!r",
            Ok(b's') => "!s",
            _ => return Err(UnparseError::UnknownConversion(conversion)),
        };
        self.s(text);
        Ok(())
    }

    /// `append_interpolation_format_spec`
    fn format_spec(&mut self, spec: Option<&Expr>) -> Res {
        if let Some(spec) = spec {
            self.s(":");
            self.fstring_element(spec, true)?;
        }
        Ok(())
    }

    /// `append_interpolation`: a t-string field, written from its source text.
    fn interpolation(
        &mut self,
        text: &Constant,
        conversion: i64,
        format_spec: Option<&Expr>,
    ) -> Res {
        let Constant::Str(text) = text else {
            return Err(UnparseError::NonStrFStringLiteral);
        };
        self.interpolation_str(text);
        self.conversion(conversion)?;
        self.format_spec(format_spec)?;
        self.s("}");
        Ok(())
    }
}

/// What `append_repr` writes for infinity: `1e309` overflows to `inf` when read back.
const INF_TEXT: &str = "1e309";

/// `build_ftstring_body`: the parts of an f-/t-string, unquoted.
fn ftstring_body(values: &[Expr], is_format_spec: bool) -> Result<String, UnparseError> {
    let mut w = Writer {
        out: String::with_capacity(64),
    };
    for v in values {
        w.fstring_element(v, is_format_spec)?;
    }
    Ok(w.out)
}

/// The comparison operator with its spaces.
fn cmpop_text(op: Cmpop) -> &'static str {
    match op {
        Cmpop::Eq => " == ",
        Cmpop::NotEq => " != ",
        Cmpop::Lt => " < ",
        Cmpop::LtE => " <= ",
        Cmpop::Gt => " > ",
        Cmpop::GtE => " >= ",
        Cmpop::Is => " is ",
        Cmpop::IsNot => " is not ",
        Cmpop::In => " in ",
        Cmpop::NotIn => " not in ",
    }
}
