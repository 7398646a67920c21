//! Port of Python/ast_preprocess.c (CPython 3.14): what is still done on the AST before
//! the symbol table — `__debug__` becomes a constant, `'%s' % (…)` with simple
//! conversions becomes an f-string, docstrings go under `-OO`, negative and complex
//! literals of `match` patterns fold, and the PEP 765 SyntaxWarnings for `return`,
//! `break` and `continue` in a `finally` block. (Other constant folding happens in the
//! flowgraph since 3.14.)

use num_bigint::BigInt;
use oxpy_parser::Constant;
use oxpy_parser::ast::{self, ExprContext, ExprKind, PatternKind, StmtKind};

use crate::error::CompileWarning;

/// `ControlFlowInFinallyContext`
#[derive(Clone, Copy)]
struct CfContext {
    in_finally: bool,
    in_funcdef: bool,
    in_loop: bool,
}

/// `_PyASTPreprocessState`
struct State<'w> {
    optimize: u8,
    future_annotations: bool,
    cf: Vec<CfContext>,
    warnings: &'w mut Vec<CompileWarning>,
    /// How deep the walk is in statements and expressions (when to check the stack).
    depth: u32,
}

/// The stack is checked at every this many levels of nesting (`State::depth`).
const STACK_CHECK_EVERY: u32 = 4;

/// `_PyAST_Preprocess`: rewrites `m` in place, appending the SyntaxWarnings raised.
pub fn preprocess(
    m: &mut ast::Mod,
    optimize: u8,
    future_annotations: bool,
    warnings: &mut Vec<CompileWarning>,
) {
    let mut st = State {
        optimize,
        future_annotations,
        cf: Vec::new(),
        warnings,
        depth: 0,
    };
    match m {
        ast::Mod::Module { body, .. } => st.body(body),
        ast::Mod::Interactive { body } => {
            for s in body {
                st.stmt(s);
            }
        }
        ast::Mod::Expression { body } => st.expr(body),
        ast::Mod::FunctionType { .. } => {}
    }
}

fn is_docstring(body: &[ast::Stmt]) -> bool {
    crate::codegen::get_docstring(body).is_some()
}

/// `F_LJUST` and friends of `simple_format_arg_parse`.
const F_LJUST: u8 = 1;

/// `parse_literal`: the literal text up to the next lone `%`.
fn parse_literal(
    fmt: &[char],
    pos: &mut usize,
    lit_loc: &oxpy_parser::Location,
) -> Option<ast::Expr> {
    let start = *pos;
    let mut p = start;
    let mut has_percents = false;
    while p < fmt.len() {
        if fmt[p] != '%' {
            p += 1;
        } else if p + 1 < fmt.len() && fmt[p + 1] == '%' {
            has_percents = true;
            p += 2;
        } else {
            break;
        }
    }
    *pos = p;
    if p == start {
        return None;
    }
    let mut s: String = fmt[start..p].iter().collect();
    if has_percents {
        s = s.replace("%%", "%");
    }
    Some(ast::Expr {
        kind: ExprKind::Constant {
            value: Constant::Str(s),
            kind: None,
        },
        loc: *lit_loc,
    })
}

/// `simple_format_arg_parse`: (spec, flags, width, prec).
fn simple_format_arg_parse(fmt: &[char], pos: &mut usize) -> Option<(char, u8, i32, i32)> {
    let mut p = *pos;
    let next = |p: &mut usize| -> Option<char> {
        let c = *fmt.get(*p)?;
        *p += 1;
        Some(c)
    };
    let mut flags = 0u8;
    let mut ch;
    loop {
        ch = next(&mut p)?;
        match ch {
            '-' => flags |= F_LJUST,
            '+' => flags |= 2,
            ' ' => flags |= 4,
            '#' => flags |= 8,
            '0' => flags |= 16,
            _ => break,
        }
    }
    let mut width = -1;
    let mut prec = -1;
    if ch.is_ascii_digit() {
        width = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            width = width * 10 + (ch as i32 - '0' as i32);
            ch = next(&mut p)?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    if ch == '.' {
        ch = next(&mut p)?;
        prec = 0;
        if ch.is_ascii_digit() {
            let mut digits = 0;
            while ch.is_ascii_digit() {
                prec = prec * 10 + (ch as i32 - '0' as i32);
                ch = next(&mut p)?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
    }
    *pos = p;
    Some((ch, flags, width, prec))
}

/// `parse_format`
fn parse_format(fmt: &[char], pos: &mut usize, arg: &ast::Expr) -> Option<ast::Expr> {
    let (spec, flags, width, prec) = simple_format_arg_parse(fmt, pos)?;
    if !matches!(spec, 's' | 'r' | 'a') {
        return None;
    }
    let mut buf = String::new();
    if flags & F_LJUST == 0 && width > 0 {
        buf.push('>');
    }
    if width >= 0 {
        buf.push_str(&width.to_string());
    }
    if prec >= 0 {
        buf.push('.');
        buf.push_str(&prec.to_string());
    }
    let format_spec = if buf.is_empty() {
        None
    } else {
        Some(Box::new(ast::Expr {
            kind: ExprKind::Constant {
                value: Constant::Str(buf),
                kind: None,
            },
            loc: oxpy_parser::Location {
                lineno: -1,
                col_offset: -1,
                end_lineno: -1,
                end_col_offset: -1,
            },
        }))
    };
    Some(ast::Expr {
        kind: ExprKind::FormattedValue {
            value: Box::new(arg.clone()),
            conversion: spec as i64,
            format_spec,
        },
        loc: arg.loc,
    })
}

/// `optimize_format`: the f-string equivalent of `fmt % (elts…)`, if simple enough.
fn optimize_format(
    node_loc: oxpy_parser::Location,
    fmt: &str,
    elts: &[ast::Expr],
) -> Option<ast::Expr> {
    let chars: Vec<char> = fmt.chars().collect();
    let no_loc = oxpy_parser::Location {
        lineno: -1,
        col_offset: -1,
        end_lineno: -1,
        end_col_offset: -1,
    };
    let mut pos = 0;
    let mut cnt = 0;
    let mut seq = Vec::new();
    loop {
        if let Some(lit) = parse_literal(&chars, &mut pos, &no_loc) {
            seq.push(lit);
        }
        if pos >= chars.len() {
            break;
        }
        if cnt >= elts.len() {
            return None;
        }
        pos += 1;
        let e = parse_format(&chars, &mut pos, &elts[cnt])?;
        cnt += 1;
        seq.push(e);
    }
    if cnt < elts.len() {
        return None;
    }
    Some(ast::Expr {
        kind: ExprKind::JoinedStr { values: seq.into() },
        loc: node_loc,
    })
}

fn negate(c: &Constant) -> Option<Constant> {
    Some(match c {
        Constant::Int(i) => Constant::Int((-i.to_bigint()).into()),
        Constant::Bool(b) => Constant::Int((-BigInt::from(u8::from(*b))).into()),
        Constant::Float(f) => Constant::Float(-f),
        Constant::Complex { real, imag } => Constant::Complex {
            real: -real,
            imag: -imag,
        },
        _ => return None,
    })
}

fn as_complex(c: &Constant) -> Option<(f64, f64)> {
    Some(match c {
        Constant::Int(i) => (num_traits_to_f64(&i.to_bigint())?, 0.0),
        Constant::Float(f) => (*f, 0.0),
        Constant::Complex { real, imag } => (*real, *imag),
        _ => return None,
    })
}

fn num_traits_to_f64(i: &BigInt) -> Option<f64> {
    i.to_string().parse::<f64>().ok()
}

fn add_sub(l: &Constant, r: &Constant, add: bool) -> Option<Constant> {
    match (l, r) {
        (Constant::Int(a), Constant::Int(b)) => {
            let (a, b) = (a.to_bigint(), b.to_bigint());
            Some(Constant::Int(if add { a + b } else { a - b }.into()))
        }
        (Constant::Complex { .. }, _) | (_, Constant::Complex { .. }) => {
            let (ar, ai) = as_complex(l)?;
            let (br, bi) = as_complex(r)?;
            Some(if add {
                Constant::Complex {
                    real: ar + br,
                    imag: ai + bi,
                }
            } else {
                Constant::Complex {
                    real: ar - br,
                    imag: ai - bi,
                }
            })
        }
        _ => {
            let (a, _) = as_complex(l)?;
            let (b, _) = as_complex(r)?;
            Some(Constant::Float(if add { a + b } else { a - b }))
        }
    }
}

/// `fold_const_match_patterns`
fn fold_const_match_patterns(e: &mut ast::Expr) {
    let folded = match &mut e.kind {
        ExprKind::UnaryOp {
            op: ast::Unaryop::USub,
            operand,
        } => match &operand.kind {
            ExprKind::Constant { value, .. } => negate(value),
            _ => None,
        },
        ExprKind::BinOp { left, op, right }
            if matches!(op, ast::Operator::Add | ast::Operator::Sub)
                && matches!(right.kind, ExprKind::Constant { .. }) =>
        {
            fold_const_match_patterns(left);
            match (&left.kind, &right.kind) {
                (ExprKind::Constant { value: lv, .. }, ExprKind::Constant { value: rv, .. }) => {
                    add_sub(lv, rv, *op == ast::Operator::Add)
                }
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(v) = folded {
        e.kind = ExprKind::Constant {
            value: v,
            kind: None,
        };
    }
}

impl State<'_> {
    fn warn_cf(&mut self, kw: &str, lineno: i32) {
        self.warnings.push(CompileWarning {
            category: "SyntaxWarning",
            message: format!("'{kw}' in a 'finally' block"),
            lineno,
        });
    }

    fn with_cf(&mut self, ctx: CfContext, f: impl FnOnce(&mut Self)) {
        self.cf.push(ctx);
        f(self);
        self.cf.pop();
    }

    /// `astfold_body`
    fn body(&mut self, stmts: &mut Box<[ast::Stmt]>) {
        let docstring = is_docstring(stmts);
        if docstring && self.optimize >= 2 {
            if stmts.len() == 1 {
                // A body that is only a docstring keeps a `pass` where it started.
                let l = stmts[0].loc;
                stmts[0] = ast::Stmt {
                    kind: StmtKind::Pass,
                    loc: oxpy_parser::Location {
                        lineno: l.lineno,
                        col_offset: l.col_offset,
                        end_lineno: l.lineno,
                        end_col_offset: l.col_offset + 4,
                    },
                };
            } else {
                let mut rest = std::mem::take(stmts).into_vec();
                rest.remove(0);
                *stmts = rest.into_boxed_slice();
            }
        }
        for s in stmts.iter_mut() {
            self.stmt(s);
        }
    }

    fn exprs(&mut self, es: &mut [ast::Expr]) {
        for e in es {
            self.expr(e);
        }
    }

    fn arguments(&mut self, a: &mut ast::Arguments) {
        if !self.future_annotations {
            for arg in a
                .posonlyargs
                .iter_mut()
                .chain(a.args.iter_mut())
                .chain(a.vararg.as_deref_mut())
                .chain(a.kwonlyargs.iter_mut())
            {
                if let Some(ann) = &mut arg.annotation {
                    self.expr(ann);
                }
            }
        }
        for d in a.kw_defaults.iter_mut().flatten() {
            self.expr(d);
        }
        if !self.future_annotations
            && let Some(k) = &mut a.kwarg
            && let Some(ann) = &mut k.annotation
        {
            self.expr(ann);
        }
        self.exprs(&mut a.defaults);
    }

    fn type_params(&mut self, tps: &mut [ast::TypeParam]) {
        for tp in tps {
            match &mut tp.kind {
                ast::TypeParamKind::TypeVar {
                    bound,
                    default_value,
                    ..
                } => {
                    if let Some(b) = bound {
                        self.expr(b);
                    }
                    if let Some(d) = default_value {
                        self.expr(d);
                    }
                }
                ast::TypeParamKind::ParamSpec { default_value, .. }
                | ast::TypeParamKind::TypeVarTuple { default_value, .. } => {
                    if let Some(d) = default_value {
                        self.expr(d);
                    }
                }
            }
        }
    }

    /// `astfold_stmt`
    fn stmt(&mut self, s: &mut ast::Stmt) {
        self.depth += 1;
        if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.stmt_inner(s));
        } else {
            self.stmt_inner(s);
        }
        self.depth -= 1;
    }

    fn stmt_inner(&mut self, s: &mut ast::Stmt) {
        let lineno = s.loc.lineno;
        let is_break = matches!(s.kind, StmtKind::Break);
        match &mut s.kind {
            StmtKind::FunctionDef(node) | StmtKind::AsyncFunctionDef(node) => {
                let ast::StmtFunctionDef {
                    args,
                    body,
                    decorator_list,
                    returns,
                    type_params,
                    ..
                } = &mut **node;
                self.type_params(type_params);
                self.arguments(args);
                self.with_cf(
                    CfContext {
                        in_finally: false,
                        in_funcdef: true,
                        in_loop: false,
                    },
                    |st| st.body(body),
                );
                self.exprs(decorator_list);
                if !self.future_annotations
                    && let Some(r) = returns
                {
                    self.expr(r);
                }
            }
            StmtKind::ClassDef(node) => {
                let ast::StmtClassDef {
                    bases,
                    keywords,
                    body,
                    decorator_list,
                    type_params,
                    ..
                } = &mut **node;
                self.type_params(type_params);
                self.exprs(bases);
                for k in keywords {
                    self.expr(&mut k.value);
                }
                self.body(body);
                self.exprs(decorator_list);
            }
            StmtKind::Return { value } => {
                if let Some(ctx) = self.cf.last().copied()
                    && ctx.in_finally
                    && !ctx.in_funcdef
                {
                    self.warn_cf("return", lineno);
                }
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::Delete { targets } => self.exprs(targets),
            StmtKind::Assign { targets, value, .. } => {
                self.exprs(targets);
                self.expr(value);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.expr(target);
                if !self.future_annotations {
                    self.expr(annotation);
                }
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => {
                self.expr(name);
                self.type_params(type_params);
                self.expr(value);
            }
            StmtKind::For(node) | StmtKind::AsyncFor(node) => {
                let ast::StmtFor {
                    target,
                    iter,
                    body,
                    orelse,
                    ..
                } = &mut **node;
                self.expr(target);
                self.expr(iter);
                self.with_cf(
                    CfContext {
                        in_finally: false,
                        in_funcdef: false,
                        in_loop: true,
                    },
                    |st| st.stmts(body),
                );
                self.stmts(orelse);
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.with_cf(
                    CfContext {
                        in_finally: false,
                        in_funcdef: false,
                        in_loop: true,
                    },
                    |st| st.stmts(body),
                );
                self.stmts(orelse);
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::With(node) | StmtKind::AsyncWith(node) => {
                let ast::StmtWith { items, body, .. } = &mut **node;
                for it in items {
                    self.expr(&mut it.context_expr);
                    if let Some(v) = &mut it.optional_vars {
                        self.expr(v);
                    }
                }
                self.stmts(body);
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e);
                }
                if let Some(c) = cause {
                    self.expr(c);
                }
            }
            StmtKind::Try(node) | StmtKind::TryStar(node) => {
                let ast::StmtTry {
                    body,
                    handlers,
                    orelse,
                    finalbody,
                } = &mut **node;
                self.stmts(body);
                for h in handlers {
                    let ast::ExcepthandlerKind::ExceptHandler { r#type, body, .. } = &mut h.kind;
                    if let Some(t) = r#type {
                        self.expr(t);
                    }
                    self.stmts(body);
                }
                self.stmts(orelse);
                self.with_cf(
                    CfContext {
                        in_finally: true,
                        in_funcdef: false,
                        in_loop: false,
                    },
                    |st| st.stmts(finalbody),
                );
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::Expr { value } => self.expr(value),
            StmtKind::Match { subject, cases } => {
                self.expr(subject);
                for c in cases {
                    self.pattern(&mut c.pattern);
                    if let Some(g) = &mut c.guard {
                        self.expr(g);
                    }
                    self.stmts(&mut c.body);
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                if let Some(ctx) = self.cf.last().copied()
                    && ctx.in_finally
                    && !ctx.in_loop
                {
                    let kw = if is_break { "break" } else { "continue" };
                    self.warn_cf(kw, lineno);
                }
            }
            StmtKind::Import { .. }
            | StmtKind::ImportFrom(_)
            | StmtKind::Global { .. }
            | StmtKind::Nonlocal { .. }
            | StmtKind::Pass => {}
        }
    }

    fn stmts(&mut self, stmts: &mut [ast::Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    /// `astfold_pattern`
    fn pattern(&mut self, p: &mut ast::Pattern) {
        match &mut p.kind {
            PatternKind::MatchValue { value } => fold_const_match_patterns(value),
            PatternKind::MatchSingleton { .. } | PatternKind::MatchStar { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                for q in patterns {
                    self.pattern(q);
                }
            }
            PatternKind::MatchMapping(node) => {
                let ast::PatternMatchMapping { keys, patterns, .. } = &mut **node;
                for k in keys {
                    fold_const_match_patterns(k);
                }
                for q in patterns {
                    self.pattern(q);
                }
            }
            PatternKind::MatchClass(node) => {
                let ast::PatternMatchClass {
                    cls,
                    patterns,
                    kwd_patterns,
                    ..
                } = &mut **node;
                self.expr(cls);
                for q in patterns.iter_mut().chain(kwd_patterns.iter_mut()) {
                    self.pattern(q);
                }
            }
            PatternKind::MatchAs { pattern, .. } => {
                if let Some(q) = pattern {
                    self.pattern(q);
                }
            }
        }
    }

    /// `astfold_expr`
    /// One expression: the commonest leaves are handled where the visit meets them (no
    /// call, no stack check): a constant is left as it is, a name only changes when it
    /// is `__debug__`.
    #[inline(always)]
    fn expr(&mut self, e: &mut ast::Expr) {
        match &e.kind {
            ExprKind::Constant { .. } => {}
            ExprKind::Name { id, ctx } => {
                if *ctx == ExprContext::Load && id == "__debug__" {
                    self.debug_name(e);
                }
            }
            _ => self.expr_nested(e),
        }
    }

    /// `__debug__` becomes the constant it is under the optimization level.
    #[cold]
    #[inline(never)]
    fn debug_name(&mut self, e: &mut ast::Expr) {
        e.kind = ExprKind::Constant {
            value: Constant::Bool(self.optimize == 0),
            kind: None,
        };
    }

    /// [`State::expr`] of a node with children.
    #[inline(never)]
    fn expr_nested(&mut self, e: &mut ast::Expr) {
        self.depth += 1;
        if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.expr_inner(e));
        } else {
            self.expr_inner(e);
        }
        self.depth -= 1;
    }

    fn expr_inner(&mut self, e: &mut ast::Expr) {
        match &mut e.kind {
            ExprKind::BoolOp { values, .. } => self.exprs(values),
            ExprKind::BinOp { left, op, right } => {
                self.expr(left);
                self.expr(right);
                if *op == ast::Operator::Mod
                    && let ExprKind::Constant {
                        value: Constant::Str(fmt),
                        ..
                    } = &left.kind
                    && let ExprKind::Tuple { elts, .. } = &right.kind
                    && !elts
                        .iter()
                        .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
                    && let Some(new) = optimize_format(e.loc, fmt, elts)
                {
                    *e = new;
                }
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Lambda { args, body } => {
                self.arguments(args);
                self.expr(body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter_mut().flatten() {
                    self.expr(k);
                }
                self.exprs(values);
            }
            ExprKind::Set { elts } => self.exprs(elts),
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.expr(elt);
                self.comprehensions(generators);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.expr(key);
                self.expr(value);
                self.comprehensions(generators);
            }
            ExprKind::Await { value } | ExprKind::YieldFrom { value } => self.expr(value),
            ExprKind::Yield { value } => {
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                self.exprs(comparators);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                self.exprs(args);
                for k in keywords {
                    self.expr(&mut k.value);
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value);
                if let Some(f) = format_spec {
                    self.expr(f);
                }
            }
            ExprKind::Interpolation(node) => {
                self.expr(&mut node.value);
                if let Some(f) = &mut node.format_spec {
                    self.expr(f);
                }
            }
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => self.exprs(values),
            ExprKind::Attribute { value, .. } | ExprKind::Starred { value, .. } => self.expr(value),
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value);
                self.expr(slice);
            }
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper, step].into_iter().flatten() {
                    self.expr(p);
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.exprs(elts),
            ExprKind::Name { id, ctx } => {
                if *ctx == ExprContext::Load && id == "__debug__" {
                    e.kind = ExprKind::Constant {
                        value: Constant::Bool(self.optimize == 0),
                        kind: None,
                    };
                }
            }
            ExprKind::NamedExpr { value, .. } => self.expr(value),
            ExprKind::Constant { .. } => {}
        }
    }

    fn comprehensions(&mut self, gens: &mut [ast::Comprehension]) {
        for g in gens {
            self.expr(&mut g.target);
            self.expr(&mut g.iter);
            self.exprs(&mut g.ifs);
        }
    }
}
