//! Port of Grammar/python.gram's expression rules (Parser/parser.c, Parser/action_helpers.c): expressions, atoms, comprehensions, call arguments and assignment/del targets.

use oxpy_tokenize::TokenKind as T;

use super::Kw;
use super::{AST_DEPTH_LIMIT, CallArgs, MemoRule, Parser, Start, push_small, take_from, tok_loc};
use crate::Constant;
use crate::ast::{
    Boolop, Cmpop, Comprehension, Expr, ExprContext, ExprKind, Keyword, Operator, Unaryop,
};
use crate::location::Location;

/// An element of `kwargs`: a keyword or a starred expression (`KeywordOrStarred`).
pub(crate) enum KwOrStarred {
    Kw(Keyword),
    Starred(Expr),
}

pub(crate) fn mk(kind: ExprKind, loc: Location) -> Expr {
    Expr { kind, loc }
}

/// `_PyPegen_set_expr_context`: `ctx` on a target and, for tuples, lists and starred
/// expressions, on their elements.
pub(crate) fn set_ctx(mut e: Expr, ctx: ExprContext) -> Expr {
    set_ctx_mut(&mut e, ctx);
    e
}

fn set_ctx_mut(e: &mut Expr, new: ExprContext) {
    match &mut e.kind {
        ExprKind::Name { ctx, .. }
        | ExprKind::Attribute { ctx, .. }
        | ExprKind::Subscript { ctx, .. } => *ctx = new,
        ExprKind::Starred { value, ctx } => {
            *ctx = new;
            set_ctx_mut(value, new);
        }
        ExprKind::Tuple { elts, ctx } | ExprKind::List { elts, ctx } => {
            *ctx = new;
            for x in elts {
                set_ctx_mut(x, new);
            }
        }
        _ => {}
    }
}

/// From this many elements a display gathered alone on `expr_stack` takes the stack's
/// buffer instead of a copy of it.
const LARGE_LIST: usize = 256;

/// From this many elements a display forgets the memo entries of its elements as it
/// goes (they are asked for again only when the whole display is parsed again).
const LARGE_MEMO: usize = 16;

impl Parser<'_> {
    /// Whether `star_named_expression` (or `named_expression`) at `q` returns what
    /// `expression` returned there: the tokens start neither a starred nor a `:=`
    /// expression.
    fn plain_expression_at(&self, q: usize) -> bool {
        match self.toks.get(q) {
            Some(t) if t.kind == T::STAR => false,
            Some(t) if t.kind == T::NAME => {
                self.toks.get(q + 1).map(|t| t.kind) != Some(T::COLONEQUAL)
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Hands `e`, which `expression` returned at `q` and which ends at the cursor, back
    /// to the memo when the alternative that asked for it fails.
    pub(crate) fn give_back_expr(&mut self, q: usize, e: Expr) {
        let end = self.pos;
        self.give_back(MemoRule::Expression, q, end, e);
    }

    // ------------------------------------------------------------ expressions ----

    /// `expressions`
    pub(crate) fn expressions(&mut self) -> Option<Expr> {
        let start = self.start();
        let a = self.expression()?;
        if !self.at(T::COMMA) {
            return Some(a);
        }
        let mut elts = vec![a];
        while self.at(T::COMMA) {
            let m = self.mark();
            self.pos += 1;
            match self.expression() {
                Some(e) => elts.push(e),
                None => {
                    if self.error.is_some() {
                        return None;
                    }
                    self.reset(m);
                    break;
                }
            }
        }
        self.eat(T::COMMA);
        Some(mk(
            ExprKind::Tuple {
                elts: elts.into(),
                ctx: ExprContext::Load,
            },
            self.loc_from(start),
        ))
    }

    /// `expression` (memo)
    pub(crate) fn expression(&mut self) -> Option<Expr> {
        self.memo_expr(MemoRule::Expression, |p| {
            if p.invalid {
                p.invalid_expression();
                p.invalid_legacy_expression();
                if p.error.is_some() {
                    return None;
                }
            }
            let start = p.start();
            if p.at_kw(Kw::Lambda) {
                return p.lambdef();
            }
            if !p.invalid && !matches!(p.kind(), T::PLUS | T::MINUS | T::TILDE) {
                // First pass: `disjunction` here starts with `primary` at this very
                // token, `PRIMARY_LEVELS` rules deeper (no `not`, sign or `await`
                // before it). Parsed first at that depth, it is the whole expression
                // when no operator follows; else it waits in `primed` for that call.
                if !matches!(p.cur_kw(), Kw::Not | Kw::Await) {
                    let s = p.mark();
                    p.level += PRIMARY_LEVELS;
                    let e = p.primary();
                    p.level -= PRIMARY_LEVELS;
                    let e = e?;
                    if !continues_expression(p.kind(), p.cur_kw()) {
                        return Some(e);
                    }
                    p.primed = Some((s, p.pos, e));
                    p.reset(s);
                }
            }
            let a = p.disjunction();
            p.primed = None;
            let a = a?;
            if p.at_kw(Kw::If) {
                let r = p.alt(|p| {
                    p.kw(Kw::If)?;
                    let b = p.disjunction()?;
                    p.kw(Kw::Else)?;
                    let c = p.expression()?;
                    Some((b, c))
                });
                if let Some((b, c)) = r {
                    return Some(mk(
                        ExprKind::IfExp {
                            test: Box::new(b),
                            body: Box::new(a),
                            orelse: Box::new(c),
                        },
                        p.loc_from(start),
                    ));
                }
                if p.error.is_some() {
                    return None;
                }
            }
            Some(a)
        })
    }

    /// `yield_expr`
    pub(crate) fn yield_expr(&mut self) -> Option<Expr> {
        self.alt(|p| {
            let start = p.start();
            p.kw(Kw::Yield)?;
            if p.kw(Kw::From).is_some() {
                let a = p.expression()?;
                return Some(mk(
                    ExprKind::YieldFrom { value: Box::new(a) },
                    p.loc_from(start),
                ));
            }
            let a = p.star_expressions();
            if p.error.is_some() {
                return None;
            }
            Some(mk(
                ExprKind::Yield {
                    value: a.map(Box::new),
                },
                p.loc_from(start),
            ))
        })
    }

    /// `star_expressions`
    pub(crate) fn star_expressions(&mut self) -> Option<Expr> {
        let start = self.start();
        let a = self.star_expression()?;
        if !self.at(T::COMMA) {
            return Some(a);
        }
        let mut elts = vec![a];
        while self.at(T::COMMA) {
            let m = self.mark();
            self.pos += 1;
            match self.star_expression() {
                Some(e) => elts.push(e),
                None => {
                    if self.error.is_some() {
                        return None;
                    }
                    self.reset(m);
                    break;
                }
            }
        }
        self.eat(T::COMMA);
        Some(mk(
            ExprKind::Tuple {
                elts: elts.into(),
                ctx: ExprContext::Load,
            },
            self.loc_from(start),
        ))
    }

    /// `star_expression` (memo)
    pub(crate) fn star_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if p.at(T::STAR) {
                let r = p.alt(|p| {
                    let start = p.start();
                    p.eat(T::STAR)?;
                    let a = p.bitwise_or()?;
                    Some(mk(
                        ExprKind::Starred {
                            value: Box::new(a),
                            ctx: ExprContext::Load,
                        },
                        p.loc_from(start),
                    ))
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            p.expression()
        })
    }

    /// `star_named_expressions`: `','.star_named_expression+ [',']`
    pub(crate) fn star_named_expressions(&mut self) -> Option<Vec<Expr>> {
        let v = self.gather_exprs(|p| p.star_named_expression())?;
        self.eat(T::COMMA);
        Some(v)
    }

    /// `','.elem+`: one or more `elem`s separated by commas (no trailing comma consumed).
    pub(crate) fn gather<X>(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Option<X>,
    ) -> Option<Vec<X>> {
        let first = self.alt(&mut f)?;
        let mut v = vec![first];
        loop {
            let m = self.mark();
            if self.eat(T::COMMA).is_none() {
                break;
            }
            match self.alt(&mut f) {
                Some(x) => v.push(x),
                None => {
                    self.reset(m);
                    break;
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        Some(v)
    }

    /// `','.double_starred_kvpair+`, as the dict's keys and values (gathered apart, so a
    /// large dict display is not held twice, as pairs and then as two lists).
    fn gather_pairs(&mut self) -> Option<(Vec<Option<Expr>>, Vec<Expr>)> {
        let mut element = (self.memo_mark(), self.pos);
        let (k, v) = self.alt(|p| p.double_starred_kvpair())?;
        let (mut keys, mut values) = (vec![k], vec![v]);
        loop {
            let m = self.mark();
            if self.eat(T::COMMA).is_none() {
                break;
            }
            if keys.len() >= LARGE_MEMO {
                self.memo_forget_since(element.0, element.1);
            }
            element = (self.memo_mark(), self.pos);
            match self.alt(|p| p.double_starred_kvpair()) {
                Some((k, v)) => {
                    if keys.len() == keys.capacity() && keys.len() >= LARGE_MEMO {
                        // Large dicts grow by half: less room left over in two lists.
                        keys.reserve_exact(keys.len() / 2);
                        values.reserve_exact(values.len() / 2);
                    }
                    keys.push(k);
                    values.push(v);
                }
                None => {
                    self.reset(m);
                    break;
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        Some((keys, values))
    }

    /// `','.elem+` for expressions: gathered on `expr_stack` (shared by nested lists),
    /// so the list is allocated once, at its final size.
    pub(crate) fn gather_exprs(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Option<Expr>,
    ) -> Option<Vec<Expr>> {
        let mut element = (self.memo_mark(), self.pos);
        let first = self.alt(&mut f)?;
        let base = self.expr_stack.len();
        push_small(&mut self.expr_stack, first);
        loop {
            let m = self.mark();
            if self.eat(T::COMMA).is_none() {
                break;
            }
            if self.expr_stack.len() - base >= LARGE_MEMO {
                self.memo_forget_since(element.0, element.1);
            }
            element = (self.memo_mark(), self.pos);
            match self.alt(&mut f) {
                Some(x) => push_small(&mut self.expr_stack, x),
                None => {
                    self.reset(m);
                    break;
                }
            }
        }
        if self.error.is_some() {
            self.expr_stack.truncate(base);
            return None;
        }
        if base == 0 && self.expr_stack.len() >= LARGE_LIST {
            // A large display alone on the stack: the stack becomes the list rather than
            // being copied into it (the copy and the stack would both be alive).
            return Some(std::mem::take(&mut self.expr_stack));
        }
        Some(take_from(&mut self.expr_stack, base))
    }

    /// `star_named_expression`
    pub(crate) fn star_named_expression(&mut self) -> Option<Expr> {
        if self.at(T::STAR) {
            let r = self.alt(|p| {
                let start = p.start();
                p.eat(T::STAR)?;
                let a = p.bitwise_or()?;
                Some(mk(
                    ExprKind::Starred {
                        value: Box::new(a),
                        ctx: ExprContext::Load,
                    },
                    p.loc_from(start),
                ))
            });
            if r.is_some() || self.error.is_some() {
                return r;
            }
        }
        self.named_expression()
    }

    /// `assignment_expression`: `NAME ':=' ~ expression`
    pub(crate) fn assignment_expression(&mut self) -> Option<Expr> {
        if self.kind() != T::NAME
            || self.toks.kw(self.pos).unwrap_or(Kw::Def).is_hard()
            || self.kind_at(1) != T::COLONEQUAL
        {
            return None;
        }
        let m = self.mark();
        let start = self.start();
        let Some(target) = self.name_expr(ExprContext::Store) else {
            self.reset(m);
            return None;
        };
        self.eat(T::COLONEQUAL)?;
        // The cut: no other alternative of `named_expression` is tried after `:=`.
        let Some(value) = self.expression() else {
            self.reset(m);
            return None;
        };
        self.check_version(8, "Assignment expressions are")?;
        Some(mk(
            ExprKind::NamedExpr {
                target: Box::new(target),
                value: Box::new(value),
            },
            self.loc_from(start),
        ))
    }

    /// `named_expression`
    pub(crate) fn named_expression(&mut self) -> Option<Expr> {
        if let Some(e) = self.assignment_expression() {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        if self.invalid {
            self.invalid_named_expression();
            if self.error.is_some() {
                return None;
            }
        }
        self.alt(|p| {
            let e = p.expression()?;
            if p.at(T::COLONEQUAL) {
                return None;
            }
            Some(e)
        })
    }

    /// `disjunction` (memo)
    pub(crate) fn disjunction(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start();
            let a = p.conjunction()?;
            if !p.at_kw(Kw::Or) {
                return Some(a);
            }
            let mut values = Vec::with_capacity(2);
            values.push(a);
            loop {
                let m = p.mark();
                if p.kw(Kw::Or).is_none() {
                    break;
                }
                match p.conjunction() {
                    Some(c) => values.push(c),
                    None => {
                        p.reset(m);
                        break;
                    }
                }
            }
            if p.error.is_some() {
                return None;
            }
            if values.len() == 1 {
                return values.pop();
            }
            Some(mk(
                ExprKind::BoolOp {
                    op: Boolop::Or,
                    values: values.into(),
                },
                p.loc_from(start),
            ))
        })
    }

    /// `conjunction` (memo)
    pub(crate) fn conjunction(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start();
            let a = p.inversion()?;
            if !p.at_kw(Kw::And) {
                return Some(a);
            }
            let mut values = Vec::with_capacity(2);
            values.push(a);
            loop {
                let m = p.mark();
                if p.kw(Kw::And).is_none() {
                    break;
                }
                match p.inversion() {
                    Some(c) => values.push(c),
                    None => {
                        p.reset(m);
                        break;
                    }
                }
            }
            if p.error.is_some() {
                return None;
            }
            if values.len() == 1 {
                return values.pop();
            }
            Some(mk(
                ExprKind::BoolOp {
                    op: Boolop::And,
                    values: values.into(),
                },
                p.loc_from(start),
            ))
        })
    }

    /// `inversion` (memo)
    pub(crate) fn inversion(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if p.at_kw(Kw::Not) {
                let r = p.alt(|p| {
                    let start = p.start();
                    p.kw(Kw::Not)?;
                    let a = p.inversion()?;
                    Some(mk(
                        ExprKind::UnaryOp {
                            op: Unaryop::Not,
                            operand: Box::new(a),
                        },
                        p.loc_from(start),
                    ))
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            p.comparison()
        })
    }

    fn compare_op(&mut self) -> Option<Cmpop> {
        let t = self.cur()?;
        let op = match t.kind {
            T::EQEQUAL => Cmpop::Eq,
            T::NOTEQUAL => {
                if self.text(t) != "!=" {
                    return None;
                }
                Cmpop::NotEq
            }
            T::LESSEQUAL => Cmpop::LtE,
            T::LESS => Cmpop::Lt,
            T::GREATEREQUAL => Cmpop::GtE,
            T::GREATER => Cmpop::Gt,
            T::NAME => match self.cur_kw() {
                Kw::In => Cmpop::In,
                Kw::Not => {
                    if !self.at_kw_n(1, Kw::In) {
                        return None;
                    }
                    self.pos += 1;
                    Cmpop::NotIn
                }
                Kw::Is => {
                    if self.at_kw_n(1, Kw::Not) {
                        self.pos += 1;
                        Cmpop::IsNot
                    } else {
                        Cmpop::Is
                    }
                }
                _ => return None,
            },
            _ => return None,
        };
        self.pos += 1;
        Some(op)
    }

    /// `comparison`
    pub(crate) fn comparison(&mut self) -> Option<Expr> {
        let start = self.start();
        let a = self.bitwise_or()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        loop {
            let m = self.mark();
            let Some(op) = self.compare_op() else {
                self.reset(m);
                break;
            };
            match self.bitwise_or() {
                Some(b) => {
                    if ops.is_empty() {
                        // Most comparisons have one operator: no room for more.
                        ops.reserve_exact(1);
                        comparators.reserve_exact(1);
                    }
                    ops.push(op);
                    comparators.push(b);
                }
                None => {
                    self.reset(m);
                    break;
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        if ops.is_empty() {
            return Some(a);
        }
        Some(mk(
            ExprKind::Compare {
                left: Box::new(a),
                ops: ops.into(),
                comparators: comparators.into(),
            },
            self.loc_from(start),
        ))
    }

    /// `bitwise_or` (left-recursive, memo) with the levels under it (`bitwise_xor`,
    /// `bitwise_and`, `shift_expr`, `sum`, `term`): each is a left-recursive rule, i.e. a
    /// chain of operands of the next level, built here by precedence climbing over
    /// factors (the same trees, locations and chain limits, without a call per level).
    pub(crate) fn bitwise_or(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let (a, _) = p.binary_chain(0)?;
            Some(a)
        })
    }

    /// The chain of level `min` (0 = `bitwise_or` … 5 = `term`): operands of level
    /// `min + 1` joined by operators of level `min` or above. The flag says the parse
    /// stopped at an operator whose right operand failed (every enclosing level stops
    /// there too, as each left-recursive rule did).
    fn binary_chain(&mut self, min: usize) -> Option<(Expr, bool)> {
        let start = self.start();
        let mut a = self.factor()?;
        // Operators joined so far per level, since the last operator of a lower level
        // (each level's own loop count in the grammar's rule).
        let mut lengths = [0usize; 6];
        loop {
            let m = self.mark();
            let Some((op, level)) = binary_op(self.kind()) else {
                break;
            };
            if level < min {
                break;
            }
            lengths[level] += 1;
            for l in &mut lengths[level + 1..] {
                *l = 0;
            }
            if lengths[level] > AST_DEPTH_LIMIT {
                self.raise_recursion_error();
                return None;
            }
            self.pos += 1;
            let right = if level + 1 < 6 {
                self.binary_chain(level + 1)
            } else {
                self.factor().map(|b| (b, false))
            };
            match right {
                Some((b, stopped)) => {
                    if op == Operator::MatMult {
                        self.check_version(5, "The '@' operator is")?;
                    }
                    a = mk(
                        ExprKind::BinOp {
                            left: Box::new(a),
                            op,
                            right: Box::new(b),
                        },
                        self.loc_from(start),
                    );
                    if stopped {
                        return Some((a, true));
                    }
                }
                None => {
                    if self.error.is_some() {
                        return None;
                    }
                    self.reset(m);
                    return Some((a, true));
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        Some((a, false))
    }

    /// `factor` (memo)
    pub(crate) fn factor(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let op = match p.kind() {
                T::PLUS => Some(Unaryop::UAdd),
                T::MINUS => Some(Unaryop::USub),
                T::TILDE => Some(Unaryop::Invert),
                _ => None,
            };
            if let Some(op) = op {
                let r = p.alt(|p| {
                    let start = p.start();
                    p.pos += 1;
                    let a = p.factor()?;
                    Some(mk(
                        ExprKind::UnaryOp {
                            op,
                            operand: Box::new(a),
                        },
                        p.loc_from(start),
                    ))
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            p.power()
        })
    }

    /// `power`
    fn power(&mut self) -> Option<Expr> {
        let start = self.start();
        let a = self.await_primary()?;
        if self.at(T::DOUBLESTAR) {
            let m = self.mark();
            self.pos += 1;
            match self.factor() {
                Some(b) => {
                    return Some(mk(
                        ExprKind::BinOp {
                            left: Box::new(a),
                            op: Operator::Pow,
                            right: Box::new(b),
                        },
                        self.loc_from(start),
                    ));
                }
                None => {
                    if self.error.is_some() {
                        return None;
                    }
                    self.reset(m);
                }
            }
        }
        Some(a)
    }

    /// `await_primary` (memo)
    fn await_primary(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if p.at_kw(Kw::Await) {
                let r = p.alt(|p| {
                    let start = p.start();
                    p.kw(Kw::Await)?;
                    let a = p.primary()?;
                    p.check_version(5, "Await expressions are")?;
                    Some(mk(
                        ExprKind::Await { value: Box::new(a) },
                        p.loc_from(start),
                    ))
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            p.primary()
        })
    }

    /// `primary` (left-recursive)
    pub(crate) fn primary(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some((s, end, _)) = &p.primed
                && *s == p.pos
            {
                let end = *end;
                if let Some((_, _, e)) = p.primed.take() {
                    p.pos = end;
                    return Some(e);
                }
            }
            let start = p.start();
            let mut a = p.atom()?;
            let mut length = 0;
            loop {
                if !matches!(p.kind(), T::DOT | T::LPAR | T::LSQB) {
                    // No trailer starts here (what suffix_parts finds out).
                    if p.error.is_some() {
                        return None;
                    }
                    break;
                }
                let m = p.mark();
                match p.primary_suffix(a, start, ExprContext::Load) {
                    Ok(b) => a = b,
                    Err(back) => {
                        if p.error.is_some() {
                            return None;
                        }
                        p.reset(m);
                        a = back;
                        break;
                    }
                }
                length += 1;
                if length > AST_DEPTH_LIMIT {
                    p.raise_recursion_error();
                    return None;
                }
            }
            Some(a)
        })
    }

    /// One trailer after a primary: `.NAME`, a generator argument, `(args)`, `[slices]`,
    /// applied to `a` (the node is built only when the trailer parsed, so a failed attempt
    /// costs no copy of `a`).
    fn primary_suffix(&mut self, a: Expr, start: Start, ctx: ExprContext) -> Result<Expr, Expr> {
        match self.suffix_parts() {
            Some(parts) => Ok(self.apply_suffix(a, parts, start, ctx)),
            None => Err(a),
        }
    }

    /// Parses one trailer without its base.
    fn suffix_parts(&mut self) -> Option<Suffix> {
        match self.kind() {
            T::DOT => {
                self.pos += 1;
                let (attr, _) = self.name()?;
                Some(Suffix::Attribute(attr))
            }
            T::LPAR => {
                // `()` has no generator argument (genexp needs an expression first; the
                // error pass still runs it for its invalid_* rules).
                if (self.invalid || self.kind_at(1) != T::RPAR)
                    && let Some(g) = self.alt(|p| p.genexp())
                {
                    return Some(Suffix::Call(vec![g], Vec::new(), false));
                }
                if self.error.is_some() {
                    return None;
                }
                self.pos += 1;
                let args = self.arguments();
                if self.error.is_some() {
                    return None;
                }
                self.eat(T::RPAR)?;
                let from_args = args.is_some();
                let (args, keywords) = args.unwrap_or_default();
                Some(Suffix::Call(args, keywords, from_args))
            }
            T::LSQB => {
                self.pos += 1;
                let s = self.slices()?;
                self.eat(T::RSQB)?;
                Some(Suffix::Subscript(s))
            }
            _ => None,
        }
    }

    /// The node for `a` followed by a parsed trailer, ending at the current token.
    fn apply_suffix(&self, a: Expr, parts: Suffix, start: Start, ctx: ExprContext) -> Expr {
        let kind = match parts {
            Suffix::Attribute(attr) => ExprKind::Attribute {
                value: Box::new(a),
                attr,
                ctx,
            },
            Suffix::Call(args, keywords, _) => ExprKind::Call {
                func: Box::new(a),
                args: args.into(),
                keywords: keywords.into(),
            },
            Suffix::Subscript(slice) => ExprKind::Subscript {
                value: Box::new(a),
                slice: Box::new(slice),
                ctx,
            },
        };
        mk(kind, self.loc_from(start))
    }

    /// `slices`
    pub(crate) fn slices(&mut self) -> Option<Expr> {
        let start = self.start();
        if let Some(a) = self.alt(|p| {
            let a = p.slice()?;
            if p.at(T::COMMA) {
                return None;
            }
            Some(a)
        }) {
            return Some(a);
        }
        if self.error.is_some() {
            return None;
        }
        let elts = self.gather_exprs(|p| {
            if let Some(s) = p.alt(|p| p.slice()) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            p.starred_expression()
        })?;
        self.eat(T::COMMA);
        Some(mk(
            ExprKind::Tuple {
                elts: elts.into(),
                ctx: ExprContext::Load,
            },
            self.loc_from(start),
        ))
    }

    /// `slice`
    fn slice(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            let start = p.start();
            let q = p.pos;
            let lower = p.alt(|p| p.expression());
            if p.error.is_some() {
                return None;
            }
            if !p.at(T::COLON) {
                if let Some(e) = lower {
                    p.give_back_expr(q, e);
                }
                return None;
            }
            p.pos += 1;
            let upper = p.alt(|p| p.expression());
            if p.error.is_some() {
                return None;
            }
            let step = p.alt(|p| {
                p.eat(T::COLON)?;
                Some(p.alt(|p| p.expression()))
            });
            if p.error.is_some() {
                return None;
            }
            Some(mk(
                ExprKind::Slice {
                    lower: lower.map(Box::new),
                    upper: upper.map(Box::new),
                    step: step.flatten().map(Box::new),
                },
                p.loc_from(start),
            ))
        });
        if r.is_some() || self.error.is_some() {
            return r;
        }
        self.named_expression()
    }

    /// `atom`
    pub(crate) fn atom(&mut self) -> Option<Expr> {
        let t = self.cur()?;
        match t.kind {
            T::NAME => {
                let c = match self.toks.kw(self.pos).unwrap_or(Kw::No) {
                    Kw::True => Constant::Bool(true),
                    Kw::False => Constant::Bool(false),
                    Kw::None => Constant::None,
                    kw if kw.is_hard() => return None,
                    _ => {
                        // `NAME` (what name_expr does with the token in hand).
                        self.pos += 1;
                        return Some(mk(
                            ExprKind::Name {
                                id: self.identifier(t),
                                ctx: ExprContext::Load,
                            },
                            tok_loc(t),
                        ));
                    }
                };
                self.pos += 1;
                Some(mk(
                    ExprKind::Constant {
                        value: c,
                        kind: None,
                    },
                    tok_loc(t),
                ))
            }
            T::STRING | T::FSTRING_START | T::TSTRING_START => self.strings(),
            T::NUMBER => {
                self.pos += 1;
                let v = self.number(t)?;
                Some(mk(
                    ExprKind::Constant {
                        value: v,
                        kind: None,
                    },
                    tok_loc(t),
                ))
            }
            T::LPAR => {
                if let Some(e) = self.alt(|p| p.tuple()) {
                    return Some(e);
                }
                if let Some(e) = self.alt(|p| p.group()) {
                    return Some(e);
                }
                self.alt(|p| p.genexp())
            }
            T::LSQB => {
                if let Some(e) = self.alt(|p| p.list()) {
                    return Some(e);
                }
                self.alt(|p| p.listcomp())
            }
            T::LBRACE => {
                if let Some(e) = self.alt(|p| p.dict()) {
                    return Some(e);
                }
                if let Some(e) = self.alt(|p| p.set()) {
                    return Some(e);
                }
                if let Some(e) = self.alt(|p| p.dictcomp()) {
                    return Some(e);
                }
                self.alt(|p| p.setcomp())
            }
            T::ELLIPSIS => {
                self.pos += 1;
                Some(mk(
                    ExprKind::Constant {
                        value: Constant::Ellipsis,
                        kind: None,
                    },
                    tok_loc(t),
                ))
            }
            _ => None,
        }
    }

    /// `group`
    fn group(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            p.eat(T::LPAR)?;
            let q = p.pos;
            let a = if p.at_kw(Kw::Yield) {
                p.yield_expr()?
            } else {
                p.named_expression()?
            };
            if !p.at(T::RPAR) {
                if !p.at_index_kw(q, Kw::Yield) && p.plain_expression_at(q) {
                    p.give_back_expr(q, a);
                }
                return None;
            }
            p.pos += 1;
            Some(a)
        });
        if r.is_some() || self.error.is_some() {
            return r;
        }
        if self.invalid {
            self.invalid_group();
        }
        None
    }

    /// `tuple`
    fn tuple(&mut self) -> Option<Expr> {
        let start = self.start();
        self.eat(T::LPAR)?;
        let elts = self.alt(|p| {
            let q = p.pos;
            let y = p.star_named_expression()?;
            if !p.at(T::COMMA) {
                if p.plain_expression_at(q) {
                    p.give_back_expr(q, y);
                }
                return None;
            }
            p.pos += 1;
            let mut v = vec![y];
            if let Some(z) = p.alt(|p| p.star_named_expressions()) {
                v.extend(z);
            }
            Some(v)
        });
        if self.error.is_some() {
            return None;
        }
        self.eat(T::RPAR)?;
        Some(mk(
            ExprKind::Tuple {
                elts: elts.unwrap_or_default().into(),
                ctx: ExprContext::Load,
            },
            self.loc_from(start),
        ))
    }

    /// `list`
    fn list(&mut self) -> Option<Expr> {
        let start = self.start();
        self.eat(T::LSQB)?;
        let q = self.pos;
        let elts = self.alt(|p| p.star_named_expressions());
        if self.error.is_some() {
            return None;
        }
        if !self.at(T::RSQB) {
            if let Some(mut v) = elts
                && v.len() == 1
                && self.toks.at(self.pos - 1).kind != T::COMMA
                && self.plain_expression_at(q)
                && let Some(e) = v.pop()
            {
                self.give_back_expr(q, e);
            }
            return None;
        }
        self.pos += 1;
        Some(mk(
            ExprKind::List {
                elts: elts.unwrap_or_default().into(),
                ctx: ExprContext::Load,
            },
            self.loc_from(start),
        ))
    }

    /// `set`
    fn set(&mut self) -> Option<Expr> {
        let start = self.start();
        self.eat(T::LBRACE)?;
        let elts = self.star_named_expressions()?;
        self.eat(T::RBRACE)?;
        Some(mk(
            ExprKind::Set { elts: elts.into() },
            self.loc_from(start),
        ))
    }

    /// `dict`
    fn dict(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            let start = p.start();
            p.eat(T::LBRACE)?;
            let (keys, values) = p
                .alt(|p| {
                    let v = p.gather_pairs()?;
                    p.eat(T::COMMA);
                    Some(v)
                })
                .unwrap_or_default();
            if p.error.is_some() {
                return None;
            }
            p.eat(T::RBRACE)?;
            Some(mk(
                ExprKind::Dict {
                    keys: keys.into(),
                    values: values.into(),
                },
                p.loc_from(start),
            ))
        });
        if r.is_some() || self.error.is_some() {
            return r;
        }
        if self.invalid {
            self.alt(|p| {
                p.eat(T::LBRACE)?;
                p.invalid_double_starred_kvpairs();
                None::<()>
            });
        }
        None
    }

    pub(crate) fn double_starred_kvpair(&mut self) -> Option<(Option<Expr>, Expr)> {
        if self.eat(T::DOUBLESTAR).is_some() {
            let a = self.bitwise_or()?;
            return Some((None, a));
        }
        let (k, v) = self.kvpair()?;
        Some((Some(k), v))
    }

    /// `kvpair`: `expression ':' expression`
    pub(crate) fn kvpair(&mut self) -> Option<(Expr, Expr)> {
        self.alt(|p| {
            let q = p.pos;
            let a = p.expression()?;
            if !p.at(T::COLON) {
                p.give_back_expr(q, a);
                return None;
            }
            p.pos += 1;
            let b = p.expression()?;
            Some((a, b))
        })
    }

    // --------------------------------------------------------- comprehensions ----

    /// `for_if_clauses`
    pub(crate) fn for_if_clauses(&mut self) -> Option<Vec<Comprehension>> {
        let mut v = Vec::new();
        while let Some(c) = self.for_if_clause() {
            v.push(c);
        }
        if self.error.is_some() || v.is_empty() {
            return None;
        }
        Some(v)
    }

    fn for_if_clause(&mut self) -> Option<Comprehension> {
        let m = self.mark();
        let is_async = if self.at_kw(Kw::Async) && self.at_kw_n(1, Kw::For) {
            self.pos += 1;
            1
        } else {
            0
        };
        if self.kw(Kw::For).is_some() {
            let r = self.alt(|p| {
                let target = p.star_targets()?;
                p.kw(Kw::In)?;
                Some(target)
            });
            if let Some(target) = r {
                // cut
                let rest = self.alt(|p| {
                    let iter = p.disjunction()?;
                    let mut ifs = Vec::new();
                    loop {
                        let m = p.mark();
                        if p.kw(Kw::If).is_none() {
                            break;
                        }
                        match p.disjunction() {
                            Some(c) => ifs.push(c),
                            None => {
                                p.reset(m);
                                break;
                            }
                        }
                    }
                    Some((iter, ifs))
                });
                if self.error.is_some() {
                    return None;
                }
                let Some((iter, ifs)) = rest else {
                    self.reset(m);
                    return None;
                };
                if is_async == 1 {
                    self.check_version(6, "Async comprehensions are")?;
                }
                return Some(Comprehension {
                    target: Box::new(target),
                    iter: Box::new(iter),
                    ifs: ifs.into(),
                    is_async,
                });
            }
        }
        self.reset(m);
        if self.invalid && self.error.is_none() {
            self.invalid_for_if_clause();
            if self.error.is_none() {
                self.invalid_for_target();
            }
        }
        None
    }

    /// `listcomp`
    fn listcomp(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            let start = p.start();
            p.eat(T::LSQB)?;
            let elt = p.named_expression()?;
            let generators = p.for_if_clauses()?;
            p.eat(T::RSQB)?;
            Some(mk(
                ExprKind::ListComp {
                    elt: Box::new(elt),
                    generators: generators.into(),
                },
                p.loc_from(start),
            ))
        });
        if r.is_none() && self.invalid {
            self.invalid_comprehension();
        }
        r
    }

    /// `setcomp`
    fn setcomp(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            let start = p.start();
            p.eat(T::LBRACE)?;
            let elt = p.named_expression()?;
            let generators = p.for_if_clauses()?;
            p.eat(T::RBRACE)?;
            Some(mk(
                ExprKind::SetComp {
                    elt: Box::new(elt),
                    generators: generators.into(),
                },
                p.loc_from(start),
            ))
        });
        if r.is_none() && self.invalid {
            self.invalid_comprehension();
        }
        r
    }

    /// `genexp`
    pub(crate) fn genexp(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            let start = p.start();
            p.eat(T::LPAR)?;
            let q = p.pos;
            let (elt, plain) = match p.assignment_expression() {
                Some(e) => (e, false),
                None => {
                    let e = p.expression()?;
                    if p.at(T::COLONEQUAL) {
                        return None;
                    }
                    (e, true)
                }
            };
            let Some(generators) = p.for_if_clauses() else {
                if plain {
                    p.give_back_expr(q, elt);
                }
                return None;
            };
            p.eat(T::RPAR)?;
            Some(mk(
                ExprKind::GeneratorExp {
                    elt: Box::new(elt),
                    generators: generators.into(),
                },
                p.loc_from(start),
            ))
        });
        if r.is_none() && self.invalid {
            self.invalid_comprehension();
        }
        r
    }

    /// `dictcomp`
    fn dictcomp(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            let start = p.start();
            p.eat(T::LBRACE)?;
            let (k, v) = p.kvpair()?;
            let generators = p.for_if_clauses()?;
            p.eat(T::RBRACE)?;
            Some(mk(
                ExprKind::DictComp {
                    key: Box::new(k),
                    value: Box::new(v),
                    generators: generators.into(),
                },
                p.loc_from(start),
            ))
        });
        if r.is_none() && self.invalid {
            self.invalid_dict_comprehension();
        }
        r
    }

    // -------------------------------------------------------------- arguments ----

    /// `arguments` (memo): `args [','] &')'`
    pub(crate) fn arguments(&mut self) -> Option<CallArgs> {
        self.memo_args(|p| {
            let r = p.alt(|p| {
                let a = p.args()?;
                p.eat(T::COMMA);
                if !p.at(T::RPAR) {
                    return None;
                }
                Some(a)
            });
            if r.is_some() || p.error.is_some() {
                return r;
            }
            if p.invalid {
                p.invalid_arguments();
            }
            None
        })
    }

    /// `args`
    pub(crate) fn args(&mut self) -> Option<CallArgs> {
        let r = self.alt(|p| {
            let a = p.gather_exprs(|p| p.positional_arg())?;
            let b = p.alt(|p| {
                p.eat(T::COMMA)?;
                p.kwargs()
            });
            if p.error.is_some() {
                return None;
            }
            let mut args = a;
            let mut keywords = Vec::new();
            for x in b.unwrap_or_default() {
                match x {
                    KwOrStarred::Kw(k) => keywords.push(k),
                    KwOrStarred::Starred(e) => args.push(e),
                }
            }
            Some((args, keywords))
        });
        if r.is_some() || self.error.is_some() {
            return r;
        }
        let b = self.kwargs()?;
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        for x in b {
            match x {
                KwOrStarred::Kw(k) => keywords.push(k),
                KwOrStarred::Starred(e) => args.push(e),
            }
        }
        Some((args, keywords))
    }

    /// `(starred_expression | (assignment_expression | expression !':=') !'=')`
    pub(crate) fn positional_arg(&mut self) -> Option<Expr> {
        if let Some(e) = self.alt(|p| p.starred_expression()) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        self.alt(|p| {
            let e = match p.assignment_expression() {
                Some(e) => e,
                None => {
                    if p.error.is_some() {
                        return None;
                    }
                    let e = p.expression()?;
                    if p.at(T::COLONEQUAL) {
                        return None;
                    }
                    e
                }
            };
            if p.at(T::EQUAL) {
                return None;
            }
            Some(e)
        })
    }

    /// `kwargs`
    pub(crate) fn kwargs(&mut self) -> Option<Vec<KwOrStarred>> {
        if !self.invalid {
            // First pass: the first two alternatives start with the same greedy
            // `','.kwarg_or_starred+`, parsed once.
            if let Some(mut a) = self.alt(|p| p.gather(|p| p.kwarg_or_starred())) {
                let m = self.mark();
                if let Some(b) = self.alt(|p| {
                    p.eat(T::COMMA)?;
                    p.gather(|p| p.kwarg_or_double_starred())
                }) {
                    a.extend(b);
                    return Some(a);
                }
                if self.error.is_some() {
                    return None;
                }
                self.reset(m);
                return Some(a);
            }
            if self.error.is_some() {
                return None;
            }
            return self.alt(|p| p.gather(|p| p.kwarg_or_double_starred()));
        }
        let r = self.alt(|p| {
            let mut a = p.gather(|p| p.kwarg_or_starred())?;
            p.eat(T::COMMA)?;
            let b = p.gather(|p| p.kwarg_or_double_starred())?;
            a.extend(b);
            Some(a)
        });
        if r.is_some() || self.error.is_some() {
            return r;
        }
        if let Some(a) = self.alt(|p| p.gather(|p| p.kwarg_or_starred())) {
            return Some(a);
        }
        if self.error.is_some() {
            return None;
        }
        self.alt(|p| p.gather(|p| p.kwarg_or_double_starred()))
    }

    /// `starred_expression`
    pub(crate) fn starred_expression(&mut self) -> Option<Expr> {
        if self.invalid {
            self.invalid_starred_expression_unpacking();
            if self.error.is_some() {
                return None;
            }
        }
        let r = self.alt(|p| {
            let start = p.start();
            p.eat(T::STAR)?;
            let a = p.expression()?;
            Some(mk(
                ExprKind::Starred {
                    value: Box::new(a),
                    ctx: ExprContext::Load,
                },
                p.loc_from(start),
            ))
        });
        if r.is_none() && self.invalid && self.error.is_none() {
            self.invalid_starred_expression();
        }
        r
    }

    fn keyword_arg(&mut self) -> Option<Keyword> {
        self.alt(|p| {
            let start = p.start();
            let (name, _) = p.name()?;
            p.eat(T::EQUAL)?;
            let b = p.expression()?;
            Some(Keyword {
                arg: Some(name),
                value: Box::new(b),
                loc: p.loc_from(start),
            })
        })
    }

    fn kwarg_or_starred(&mut self) -> Option<KwOrStarred> {
        if self.invalid {
            self.invalid_kwarg();
            if self.error.is_some() {
                return None;
            }
        }
        if let Some(k) = self.keyword_arg() {
            return Some(KwOrStarred::Kw(k));
        }
        if self.error.is_some() {
            return None;
        }
        self.starred_expression().map(KwOrStarred::Starred)
    }

    fn kwarg_or_double_starred(&mut self) -> Option<KwOrStarred> {
        if self.invalid {
            self.invalid_kwarg();
            if self.error.is_some() {
                return None;
            }
        }
        if let Some(k) = self.keyword_arg() {
            return Some(KwOrStarred::Kw(k));
        }
        if self.error.is_some() {
            return None;
        }
        self.alt(|p| {
            let start = p.start();
            p.eat(T::DOUBLESTAR)?;
            let a = p.expression()?;
            Some(KwOrStarred::Kw(Keyword {
                arg: None,
                value: Box::new(a),
                loc: p.loc_from(start),
            }))
        })
    }

    // ---------------------------------------------------------------- targets ----

    /// `star_targets`
    pub(crate) fn star_targets(&mut self) -> Option<Expr> {
        let start = self.start();
        let a = self.star_target()?;
        if !self.at(T::COMMA) {
            return Some(a);
        }
        let mut elts = vec![a];
        loop {
            let m = self.mark();
            if self.eat(T::COMMA).is_none() {
                break;
            }
            match self.star_target() {
                Some(e) => elts.push(e),
                None => {
                    if self.error.is_some() {
                        return None;
                    }
                    self.reset(m);
                    break;
                }
            }
        }
        self.eat(T::COMMA);
        Some(mk(
            ExprKind::Tuple {
                elts: elts.into(),
                ctx: ExprContext::Store,
            },
            self.loc_from(start),
        ))
    }

    fn star_targets_list_seq(&mut self) -> Option<Vec<Expr>> {
        let v = self.gather_exprs(|p| p.star_target())?;
        self.eat(T::COMMA);
        Some(v)
    }

    fn star_targets_tuple_seq(&mut self) -> Option<Vec<Expr>> {
        let a = self.star_target()?;
        let mut v = vec![a];
        loop {
            let m = self.mark();
            if self.eat(T::COMMA).is_none() {
                break;
            }
            match self.star_target() {
                Some(e) => v.push(e),
                None => {
                    self.reset(m);
                    break;
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        if v.len() == 1 {
            self.eat(T::COMMA)?;
        } else {
            self.eat(T::COMMA);
        }
        Some(v)
    }

    /// `star_target` (memo)
    pub(crate) fn star_target(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if p.at(T::STAR) {
                let r = p.alt(|p| {
                    let start = p.start();
                    p.eat(T::STAR)?;
                    if p.at(T::STAR) {
                        return None;
                    }
                    let a = p.star_target()?;
                    Some(mk(
                        ExprKind::Starred {
                            value: Box::new(set_ctx(a, ExprContext::Store)),
                            ctx: ExprContext::Store,
                        },
                        p.loc_from(start),
                    ))
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            p.target_with_star_atom()
        })
    }

    /// `target_with_star_atom` (memo)
    fn target_with_star_atom(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some(e) = p.alt(|p| p.subscript_attribute_target(ExprContext::Store)) {
                return Some(e);
            }
            if p.error.is_some() {
                return None;
            }
            p.star_atom()
        })
    }

    /// `t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead` in `ctx`.
    pub(crate) fn subscript_attribute_target(&mut self, ctx: ExprContext) -> Option<Expr> {
        let start = self.start();
        let q = self.pos;
        let a = self.t_primary()?;
        let end = self.pos;
        let r = match self.kind() {
            T::DOT | T::LSQB => self.primary_suffix(a, start, ctx),
            _ => Err(a),
        };
        let e = match r {
            Ok(e) => e,
            Err(a) => {
                self.give_back(MemoRule::TPrimary, q, end, a);
                return None;
            }
        };
        if self.t_lookahead() {
            return None;
        }
        Some(e)
    }

    fn t_lookahead(&mut self) -> bool {
        matches!(self.kind(), T::LPAR | T::LSQB | T::DOT)
    }

    /// `t_primary` (left-recursive)
    pub(crate) fn t_primary(&mut self) -> Option<Expr> {
        self.memo_expr(MemoRule::TPrimary, |p| {
            let start = p.start();
            let mut a = p.atom()?;
            if !p.t_lookahead() {
                return None;
            }
            let mut length = 0;
            loop {
                let m = p.mark();
                let Some(parts) = p.suffix_parts() else {
                    if p.error.is_some() {
                        return None;
                    }
                    p.reset(m);
                    break;
                };
                if !p.t_lookahead() {
                    if let Suffix::Call(args, keywords, true) = parts {
                        // `arguments` ended before the `)` just consumed.
                        let end = p.pos - 1;
                        p.give_back(MemoRule::Arguments, m + 1, end, (args, keywords));
                    }
                    p.reset(m);
                    break;
                }
                a = p.apply_suffix(a, parts, start, ExprContext::Load);
                length += 1;
                if length > AST_DEPTH_LIMIT {
                    p.raise_recursion_error();
                    return None;
                }
            }
            Some(a)
        })
    }

    /// `star_atom`
    fn star_atom(&mut self) -> Option<Expr> {
        match self.kind() {
            T::NAME => self.name_expr(ExprContext::Store),
            T::LPAR => {
                if let Some(e) = self.alt(|p| {
                    p.eat(T::LPAR)?;
                    let a = p.target_with_star_atom()?;
                    p.eat(T::RPAR)?;
                    Some(set_ctx(a, ExprContext::Store))
                }) {
                    return Some(e);
                }
                self.alt(|p| {
                    let start = p.start();
                    p.eat(T::LPAR)?;
                    let elts = p.alt(|p| p.star_targets_tuple_seq());
                    p.eat(T::RPAR)?;
                    Some(mk(
                        ExprKind::Tuple {
                            elts: elts.unwrap_or_default().into(),
                            ctx: ExprContext::Store,
                        },
                        p.loc_from(start),
                    ))
                })
            }
            T::LSQB => self.alt(|p| {
                let start = p.start();
                p.eat(T::LSQB)?;
                let elts = p.alt(|p| p.star_targets_list_seq());
                p.eat(T::RSQB)?;
                Some(mk(
                    ExprKind::List {
                        elts: elts.unwrap_or_default().into(),
                        ctx: ExprContext::Store,
                    },
                    p.loc_from(start),
                ))
            }),
            _ => None,
        }
    }

    /// `single_target`
    pub(crate) fn single_target(&mut self) -> Option<Expr> {
        if let Some(e) = self.alt(|p| p.subscript_attribute_target(ExprContext::Store)) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        if let Some(e) = self.name_expr(ExprContext::Store) {
            return Some(e);
        }
        self.alt(|p| {
            p.eat(T::LPAR)?;
            let a = p.single_target()?;
            p.eat(T::RPAR)?;
            Some(a)
        })
    }

    /// `del_targets`
    pub(crate) fn del_targets(&mut self) -> Option<Vec<Expr>> {
        let v = self.gather_exprs(|p| p.del_target())?;
        self.eat(T::COMMA);
        Some(v)
    }

    /// `del_target` (memo)
    fn del_target(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some(e) = p.alt(|p| p.subscript_attribute_target(ExprContext::Del)) {
                return Some(e);
            }
            if p.error.is_some() {
                return None;
            }
            match p.kind() {
                T::NAME => p.name_expr(ExprContext::Del),
                T::LPAR => {
                    if let Some(e) = p.alt(|p| {
                        p.eat(T::LPAR)?;
                        let a = p.del_target()?;
                        p.eat(T::RPAR)?;
                        Some(set_ctx(a, ExprContext::Del))
                    }) {
                        return Some(e);
                    }
                    p.alt(|p| {
                        let start = p.start();
                        p.eat(T::LPAR)?;
                        let elts = p.alt(|p| p.del_targets());
                        p.eat(T::RPAR)?;
                        Some(mk(
                            ExprKind::Tuple {
                                elts: elts.unwrap_or_default().into(),
                                ctx: ExprContext::Del,
                            },
                            p.loc_from(start),
                        ))
                    })
                }
                T::LSQB => p.alt(|p| {
                    let start = p.start();
                    p.eat(T::LSQB)?;
                    let elts = p.alt(|p| p.del_targets());
                    p.eat(T::RSQB)?;
                    Some(mk(
                        ExprKind::List {
                            elts: elts.unwrap_or_default().into(),
                            ctx: ExprContext::Del,
                        },
                        p.loc_from(start),
                    ))
                }),
                _ => None,
            }
        })
    }
}

/// Rule levels between `expression`'s body and `primary`'s (`disjunction`,
/// `conjunction`, `inversion`, `bitwise_or`, `factor`, `await_primary`).
const PRIMARY_LEVELS: usize = 6;

/// Whether a token after a primary continues the expression around it: `**`, a binary or
/// comparison operator, `and`, `or`, `if`, `in`, `not`, `is`.
fn continues_expression(k: T, kw: Kw) -> bool {
    match k {
        T::NAME => matches!(kw, Kw::In | Kw::Not | Kw::Is | Kw::And | Kw::Or | Kw::If),
        T::DOUBLESTAR
        | T::EQEQUAL
        | T::NOTEQUAL
        | T::LESS
        | T::GREATER
        | T::LESSEQUAL
        | T::GREATEREQUAL => true,
        _ => binary_op(k).is_some(),
    }
}

/// A binary operator token: the operator and its level (0 = `|` … 5 = `*` `/` `//` `%`
/// `@`).
fn binary_op(k: T) -> Option<(Operator, usize)> {
    Some(match k {
        T::VBAR => (Operator::BitOr, 0),
        T::CIRCUMFLEX => (Operator::BitXor, 1),
        T::AMPER => (Operator::BitAnd, 2),
        T::LEFTSHIFT => (Operator::LShift, 3),
        T::RIGHTSHIFT => (Operator::RShift, 3),
        T::PLUS => (Operator::Add, 4),
        T::MINUS => (Operator::Sub, 4),
        T::STAR => (Operator::Mult, 5),
        T::SLASH => (Operator::Div, 5),
        T::DOUBLESLASH => (Operator::FloorDiv, 5),
        T::PERCENT => (Operator::Mod, 5),
        T::AT => (Operator::MatMult, 5),
        _ => return None,
    })
}

/// A trailer of a primary, parsed without its base.
enum Suffix {
    /// `.NAME`
    Attribute(String),
    /// `(args)` or a generator argument (whether the arguments came from `arguments`).
    Call(Vec<Expr>, Vec<Keyword>, bool),
    /// `[slices]`
    Subscript(Expr),
}
