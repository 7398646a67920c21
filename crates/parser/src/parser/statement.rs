//! Port of Grammar/python.gram's statement rules (Parser/parser.c, Parser/action_helpers.c): `file`, simple and compound statements, blocks, imports, `with`, `try`, `match`.

use oxpy_tokenize::TokenKind as T;

use super::Kw;
use super::expression::{mk, set_ctx};
use super::parameters::empty_arguments;
use super::{Parser, Start};
use super::{push_small, take_from};
use crate::ast::{
    Alias, Excepthandler, ExcepthandlerKind, Expr, ExprContext, ExprKind, MatchCase, Mod, Operator,
    Stmt, StmtClassDef, StmtFor, StmtFunctionDef, StmtImportFrom, StmtKind, StmtTry, StmtWith,
    Withitem,
};
use crate::location::Location;

/// The token after `star_expressions` at the start of a simple statement.
enum Follow {
    Equal,
    Colon,
    AugAssign,
    Other,
    /// `=` after an expression that is a `star_targets`: the target, `=` consumed.
    Target(Expr),
    /// An augmented assignment operator after a `single_target`: the target (the
    /// operator not consumed).
    AugTarget(Expr),
}

/// Whether `e`, parsed by `star_expressions`, is what `star_targets` (`single`:
/// `single_target`) parses over the same tokens, in the load context. Targets are made of
/// `primary` trailers (`t_primary`) and of the displays and starred expressions the
/// expression rules build the same way, so only the context differs.
fn is_target(e: &Expr, single: bool) -> bool {
    match &e.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => true,
        _ if single => false,
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().all(|x| is_target(x, false))
        }
        ExprKind::Starred { value, .. } => {
            !matches!(value.kind, ExprKind::Starred { .. }) && is_target(value, false)
        }
        _ => false,
    }
}

fn stmt(kind: StmtKind, loc: Location) -> Stmt {
    Stmt { kind, loc }
}

impl Parser<'_> {
    /// `file: [statements] ENDMARKER`
    pub(crate) fn file_rule(&mut self) -> Option<Mod> {
        let body = self.statements_of(true).unwrap_or_default();
        if self.error.is_some() {
            return None;
        }
        self.eat(T::ENDMARKER)?;
        Some(Mod::Module {
            body: body.into(),
            type_ignores: std::mem::take(&mut self.type_ignores).into(),
        })
    }

    /// `_PyPegen_register_stmts`: the error pass remembers where the last compound
    /// statement it parsed starts (`SyntaxError._metadata`).
    fn register_stmt(&mut self, s: &Stmt) {
        if self.invalid {
            self.last_stmt = (i64::from(s.loc.lineno), i64::from(s.loc.col_offset));
        }
    }

    /// `interactive: statement_newline`
    pub(crate) fn interactive_rule(&mut self) -> Option<Mod> {
        let body = self.statement_newline()?;
        Some(Mod::Interactive { body: body.into() })
    }

    /// `statement_newline: single_compound_stmt NEWLINE | simple_stmts | NEWLINE | ENDMARKER`
    /// (ENDMARKER is `_PyPegen_interactive_exit`: no statement, and no error of its own).
    fn statement_newline(&mut self) -> Option<Vec<Stmt>> {
        if let Some(s) = self.alt(|p| {
            let s = p.rule(|p| p.compound_stmt())?;
            p.register_stmt(&s);
            p.eat(T::NEWLINE)?;
            Some(vec![s])
        }) {
            return Some(s);
        }
        if self.error.is_some() {
            return None;
        }
        if let Some(s) = self.alt(|p| p.simple_stmts()) {
            return Some(s);
        }
        if self.error.is_some() {
            return None;
        }
        let start = self.start();
        self.eat(T::NEWLINE)?;
        Some(vec![stmt(StmtKind::Pass, self.loc_from(start))])
    }

    /// `eval: expressions NEWLINE* ENDMARKER`
    pub(crate) fn eval_rule(&mut self) -> Option<Mod> {
        let body = self.expressions()?;
        while self.eat(T::NEWLINE).is_some() {}
        self.eat(T::ENDMARKER)?;
        Some(Mod::Expression {
            body: Box::new(body),
        })
    }

    /// `func_type: '(' [type_expressions] ')' '->' expression NEWLINE* ENDMARKER`
    pub(crate) fn func_type_rule(&mut self) -> Option<Mod> {
        self.eat(T::LPAR)?;
        let argtypes = self.alt(|p| p.type_expressions());
        if self.error.is_some() {
            return None;
        }
        self.eat(T::RPAR)?;
        self.eat(T::RARROW)?;
        let returns = self.expression()?;
        while self.eat(T::NEWLINE).is_some() {}
        self.eat(T::ENDMARKER)?;
        Some(Mod::FunctionType {
            argtypes: argtypes.unwrap_or_default().into(),
            returns: Box::new(returns),
        })
    }

    /// `type_expressions`: the argument types of a function type comment, `*` and `**`
    /// ones last (their expressions are kept without the stars).
    fn type_expressions(&mut self) -> Option<Vec<Expr>> {
        // ','.expression+ [',' '*' expression] [',' '**' expression]
        if let Some(v) = self.alt(|p| {
            let mut a = p.gather(|p| p.expression())?;
            let star = p.alt(|p| {
                p.eat(T::COMMA)?;
                p.eat(T::STAR)?;
                p.expression()
            });
            if p.error.is_some() {
                return None;
            }
            let dstar = p.alt(|p| {
                p.eat(T::COMMA)?;
                p.eat(T::DOUBLESTAR)?;
                p.expression()
            });
            if p.error.is_some() {
                return None;
            }
            a.extend(star);
            a.extend(dstar);
            Some(a)
        }) {
            return Some(v);
        }
        if self.error.is_some() {
            return None;
        }
        // '*' expression [',' '**' expression]
        if let Some(v) = self.alt(|p| {
            p.eat(T::STAR)?;
            let a = p.expression()?;
            let b = p.alt(|p| {
                p.eat(T::COMMA)?;
                p.eat(T::DOUBLESTAR)?;
                p.expression()
            });
            if p.error.is_some() {
                return None;
            }
            let mut v = vec![a];
            v.extend(b);
            Some(v)
        }) {
            return Some(v);
        }
        if self.error.is_some() {
            return None;
        }
        // '**' expression
        self.alt(|p| {
            p.eat(T::DOUBLESTAR)?;
            Some(vec![p.expression()?])
        })
    }

    /// `[TYPE_COMMENT]`: the comment's text (`NEW_TYPE_COMMENT`).
    pub(crate) fn opt_type_comment(&mut self) -> Option<Box<str>> {
        let t = self.eat(T::TYPE_COMMENT)?;
        Some(self.text(t).into())
    }

    /// `[func_type_comment]`: `NEWLINE TYPE_COMMENT &(NEWLINE INDENT)` |
    /// `invalid_double_type_comments` | `TYPE_COMMENT`.
    fn func_type_comment(&mut self) -> Option<Box<str>> {
        if self.at(T::NEWLINE)
            && self.kind_at(1) == T::TYPE_COMMENT
            && self.kind_at(2) == T::NEWLINE
            && self.kind_at(3) == T::INDENT
        {
            self.pos += 1;
            return self.opt_type_comment();
        }
        if self.invalid
            && self.at(T::TYPE_COMMENT)
            && self.kind_at(1) == T::NEWLINE
            && self.kind_at(2) == T::TYPE_COMMENT
            && self.kind_at(3) == T::NEWLINE
            && self.kind_at(4) == T::INDENT
        {
            self.pos += 5;
            self.raise_syntax("Cannot have two type comments on def");
            return None;
        }
        self.opt_type_comment()
    }

    /// `statements: statement+`. The statements are gathered on `stmt_stack` (shared by
    /// the nested blocks), so each body is allocated once, at its final size.
    pub(crate) fn statements(&mut self) -> Option<Vec<Stmt>> {
        self.statements_of(false)
    }

    /// `statements`; for the module's body (`module`), the stack itself becomes the body
    /// instead of a copy made while the stack still holds every statement.
    fn statements_of(&mut self, module: bool) -> Option<Vec<Stmt>> {
        let base = self.stmt_stack.len();
        loop {
            let m = self.mark();
            if self.statement().is_some() {
                self.memo_release(m);
            } else {
                self.reset(m);
                break;
            }
        }
        if self.error.is_some() || self.stmt_stack.len() == base {
            self.stmt_stack.truncate(base);
            return None;
        }
        if module && base == 0 {
            return Some(std::mem::take(&mut self.stmt_stack));
        }
        Some(take_from(&mut self.stmt_stack, base))
    }

    /// `statement: compound_stmt | simple_stmts` (pushed on `stmt_stack`).
    fn statement(&mut self) -> Option<()> {
        self.rule(|p| {
            if let Some(s) = p.alt(|p| p.compound_stmt()) {
                p.register_stmt(&s);
                push_small(&mut p.stmt_stack, s);
                return Some(());
            }
            if p.error.is_some() {
                return None;
            }
            p.alt(|p| p.simple_stmts_push())
        })
    }

    /// `simple_stmts`
    pub(crate) fn simple_stmts(&mut self) -> Option<Vec<Stmt>> {
        let base = self.stmt_stack.len();
        self.simple_stmts_push()?;
        Some(take_from(&mut self.stmt_stack, base))
    }

    /// `simple_stmts`, pushed on `stmt_stack` (nothing pushed when it fails).
    fn simple_stmts_push(&mut self) -> Option<()> {
        let base = self.stmt_stack.len();
        let r = self.simple_stmts_inner();
        if r.is_none() {
            self.stmt_stack.truncate(base);
        }
        r
    }

    fn simple_stmts_inner(&mut self) -> Option<()> {
        let s = self.simple_stmt()?;
        push_small(&mut self.stmt_stack, s);
        loop {
            let m = self.mark();
            if self.eat(T::SEMI).is_none() {
                break;
            }
            match self.alt(|p| p.simple_stmt()) {
                Some(s) => push_small(&mut self.stmt_stack, s),
                None => {
                    if self.error.is_some() {
                        return None;
                    }
                    self.reset(m);
                    break;
                }
            }
        }
        self.eat(T::SEMI);
        self.eat(T::NEWLINE)?;
        Some(())
    }

    /// `simple_stmt`
    fn simple_stmt(&mut self) -> Option<Stmt> {
        if !self.invalid {
            if matches!(
                self.kind(),
                T::DEDENT | T::ENDMARKER | T::NEWLINE | T::INDENT
            ) {
                // The end of a block or of the input: every alternative fails on this
                // token (the first pass tries one more statement there).
                return None;
            }
            if matches!(
                self.cur_kw(),
                Kw::Return
                    | Kw::Import
                    | Kw::From
                    | Kw::Raise
                    | Kw::Pass
                    | Kw::Del
                    | Kw::Yield
                    | Kw::Assert
                    | Kw::Break
                    | Kw::Continue
                    | Kw::Global
                    | Kw::Nonlocal
            ) {
                // No assignment, type alias or expression starts with these keywords:
                // every alternative before the keyword statements fails on this token.
                let start = self.start();
                return self.keyword_stmt(start);
            }
            let start = self.start();
            let m = self.mark();
            if let Some(target) = self.plain_first_target() {
                let r = self.assign_chain(start, Some(target));
                if r.is_some() || self.error.is_some() {
                    return r;
                }
                self.reset(m);
            }
            let follow = match self.expression_stmt_first() {
                Ok(s) => return Some(s),
                Err(f) => f,
            };
            if self.error.is_some() {
                return None;
            }
            // Only the alternatives whose target could end where `star_expressions` ended
            // (see expression_stmt_first); when they fail too, the ordered alternatives run.
            let r = match follow {
                Follow::Target(t) => self.assign_chain(start, Some(t)),
                Follow::AugTarget(t) => self.aug_assign_rest(start, t),
                Follow::Equal => self.assign_chain(start, None),
                Follow::Colon => match self.ann_assign_name(start) {
                    Some(s) => Some(s),
                    None if self.error.is_some() => None,
                    None => self.ann_assign_target(start),
                },
                Follow::AugAssign => self.aug_assign(start).flatten(),
                Follow::Other => None,
            };
            if r.is_some() || self.error.is_some() {
                return r;
            }
            self.reset(m);
        }
        if let Some(s) = self.alt(|p| p.assignment()) {
            return Some(s);
        }
        if self.error.is_some() {
            return None;
        }
        if self.at_kw(Kw::Type) {
            if let Some(s) = self.alt(|p| p.type_alias()) {
                return Some(s);
            }
            if self.error.is_some() {
                return None;
            }
        }
        let start = self.start();
        if let Some(e) = self.alt(|p| p.star_expressions()) {
            return Some(stmt(
                StmtKind::Expr { value: Box::new(e) },
                self.loc_from(start),
            ));
        }
        if self.error.is_some() {
            return None;
        }
        self.keyword_stmt(start)
    }

    /// The alternatives of `simple_stmt` that start with a keyword (`&'return' return_stmt`,
    /// `&('import' | 'from') import_stmt`, …).
    fn keyword_stmt(&mut self, start: Start) -> Option<Stmt> {
        let t = self.cur()?;
        if t.kind != T::NAME {
            return None;
        }
        match self.cur_kw() {
            Kw::Return => self.alt(|p| {
                p.pos += 1;
                let a = p.alt(|p| p.star_expressions());
                if p.error.is_some() {
                    return None;
                }
                Some(stmt(
                    StmtKind::Return {
                        value: a.map(Box::new),
                    },
                    p.loc_from(start),
                ))
            }),
            Kw::Import | Kw::From => self.alt(|p| p.import_stmt()),
            Kw::Raise => self.alt(|p| p.raise_stmt()),
            Kw::Pass => {
                self.pos += 1;
                Some(stmt(StmtKind::Pass, self.loc_from(start)))
            }
            Kw::Del => self.alt(|p| p.del_stmt()),
            Kw::Yield => self.alt(|p| {
                let y = p.yield_expr()?;
                Some(stmt(
                    StmtKind::Expr { value: Box::new(y) },
                    p.loc_from(start),
                ))
            }),
            Kw::Assert => self.alt(|p| p.assert_stmt()),
            Kw::Break => {
                self.pos += 1;
                Some(stmt(StmtKind::Break, self.loc_from(start)))
            }
            Kw::Continue => {
                self.pos += 1;
                Some(stmt(StmtKind::Continue, self.loc_from(start)))
            }
            Kw::Global | Kw::Nonlocal => self.alt(|p| {
                let global = p.cur_kw() == Kw::Global;
                p.pos += 1;
                let names = p.gather(|p| p.name().map(|(n, _)| n))?;
                let kind = if global {
                    StmtKind::Global {
                        names: names.into(),
                    }
                } else {
                    StmtKind::Nonlocal {
                        names: names.into(),
                    }
                };
                Some(stmt(kind, p.loc_from(start)))
            }),
            _ => None,
        }
    }

    /// First pass only: `star_expressions` followed by `;` or NEWLINE is the statement,
    /// found without trying `assignment` first. An `assignment` or `type_alias` match
    /// would need `=`, `:` or an augmented operator right after a target, at bracket depth
    /// 0; targets are expressions too, and `star_expressions` parses them to that very
    /// token (no expression consumes it there, and no NEWLINE or `;` occurs inside a
    /// target), so it cannot end at `;` or NEWLINE when they match. The tokens read are
    /// those the ordered alternatives read. Anything else (an assignment, a failure, an
    /// error the parser raised) goes back to the ordered alternatives: `None` without
    /// an error.
    ///
    /// Otherwise it tells which token followed `star_expressions`: by the same argument,
    /// `=` leaves only `(star_targets '=')+ …`, `:` only the annotated assignments, an
    /// augmented operator only `single_target augassign …`.
    fn expression_stmt_first(&mut self) -> Result<Stmt, Follow> {
        let m = self.mark();
        let tok_failed = self.tok_failed;
        let lex_failed = self.lex_failed;
        let start = self.start();
        let mut follow = Follow::Other;
        if let Some(e) = self.star_expressions() {
            match self.kind() {
                T::NEWLINE | T::SEMI => {
                    return Ok(stmt(
                        StmtKind::Expr { value: Box::new(e) },
                        self.loc_from(start),
                    ));
                }
                T::EQUAL => {
                    if is_target(&e, false) {
                        self.pos += 1;
                        return Err(Follow::Target(set_ctx(e, ExprContext::Store)));
                    }
                    follow = Follow::Equal;
                }
                T::COLON => follow = Follow::Colon,
                k if aug_operator(k).is_some() => {
                    if is_target(&e, true) {
                        return Err(Follow::AugTarget(set_ctx(e, ExprContext::Store)));
                    }
                    follow = Follow::AugAssign;
                }
                _ => {}
            }
        }
        self.undo_rule_error(tok_failed, lex_failed);
        self.reset(m);
        Err(follow)
    }

    /// After a speculative parse: an error raised by a rule (not the tokenizer, whose
    /// errors the ordered alternatives meet too) is dropped, and they decide whether (and
    /// which) error stands. Once the lexer has failed, before or during that parse, the
    /// error is the tokenizer's (no rule runs after an error) and stands.
    fn undo_rule_error(&mut self, tok_failed: bool, lex_failed: bool) {
        if self.error.is_some() && !lex_failed && !self.lex_failed {
            self.error = None;
            self.tok_failed = tok_failed;
        }
    }

    /// `annotated_rhs: yield_expr | star_expressions`
    pub(crate) fn annotated_rhs(&mut self) -> Option<Expr> {
        if self.at_kw(Kw::Yield) {
            return self.yield_expr();
        }
        self.star_expressions()
    }

    /// `assignment`
    fn assignment(&mut self) -> Option<Stmt> {
        let start = self.start();
        let r = self.ann_assign_name(start);
        if r.is_some() || self.error.is_some() {
            return r;
        }
        let r = self.ann_assign_target(start);
        if r.is_some() || self.error.is_some() {
            return r;
        }
        let r = self.assign_chain(start, None);
        if r.is_some() || self.error.is_some() {
            return r;
        }
        if let Some(r) = self.aug_assign(start) {
            // Past the cut: no other alternative.
            return r;
        }
        if self.error.is_some() {
            return None;
        }
        if self.invalid {
            self.invalid_assignment();
        }
        None
    }

    /// `':' expression ['=' annotated_rhs]` after an annotation's target: the
    /// `AnnAssign` (`simple` is 1 for a bare name).
    fn ann_assign_rest(&mut self, target: Expr, simple: i64, start: Start) -> Option<Stmt> {
        self.eat(T::COLON)?;
        let ann = self.expression()?;
        let value = self.alt(|p| {
            p.eat(T::EQUAL)?;
            p.annotated_rhs()
        });
        if self.error.is_some() {
            return None;
        }
        self.check_version(
            6,
            if simple == 1 {
                "Variable annotation syntax is"
            } else {
                "Variable annotations syntax is"
            },
        )?;
        Some(stmt(
            StmtKind::AnnAssign {
                target: Box::new(target),
                annotation: Box::new(ann),
                value: value.map(Box::new),
                simple,
            },
            self.loc_from(start),
        ))
    }

    /// `NAME ':' expression ['=' annotated_rhs]`
    fn ann_assign_name(&mut self, start: Start) -> Option<Stmt> {
        if !(self.lookahead(|p| p.name_token()) && self.kind_at(1) == T::COLON) {
            return None;
        }
        self.alt(|p| {
            let target = p.name_expr(ExprContext::Store)?;
            p.ann_assign_rest(target, 1, start)
        })
    }

    /// `('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs]`
    fn ann_assign_target(&mut self, start: Start) -> Option<Stmt> {
        self.alt(|p| {
            let target = if let Some(t) = p.alt(|p| {
                p.eat(T::LPAR)?;
                let t = p.single_target()?;
                p.eat(T::RPAR)?;
                Some(t)
            }) {
                t
            } else {
                p.alt(|p| p.subscript_attribute_target(ExprContext::Store))?
            };
            p.ann_assign_rest(target, 0, start)
        })
    }

    /// First pass: `NAME '='` or `NAME '.' NAME '='` (NAMEs that are no hard keywords)
    /// at the start of a statement, consumed up to the `=`: what `star_targets '='`
    /// makes of them (`star_expressions` would end at that `=`, so nothing before the
    /// target chain can match).
    fn plain_first_target(&mut self) -> Option<Expr> {
        let t0 = self.cur()?;
        if t0.kind != T::NAME || self.cur_kw().is_hard() {
            return None;
        }
        match self.kind_at(1) {
            T::EQUAL => {
                let e = self.name_expr(ExprContext::Store)?;
                self.pos += 1;
                Some(e)
            }
            T::DOT => {
                let t2 = self.fill_at(self.pos + 2)?;
                if t2.kind != T::NAME
                    || self.kw_at_index(self.pos + 2).is_hard()
                    || self.kind_at(3) != T::EQUAL
                {
                    return None;
                }
                let value = self.name_expr(ExprContext::Load)?;
                self.pos += 1;
                let (attr, _) = self.name()?;
                let loc = self.loc_from(t0.into());
                self.pos += 1;
                Some(mk(
                    ExprKind::Attribute {
                        value: Box::new(value),
                        attr,
                        ctx: ExprContext::Store,
                    },
                    loc,
                ))
            }
            _ => None,
        }
    }

    /// `(star_targets '=')+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]` (`first`:
    /// the first target, already consumed with its `=`).
    fn assign_chain(&mut self, start: Start, first: Option<Expr>) -> Option<Stmt> {
        self.alt(|p| {
            let mut targets = Vec::with_capacity(1);
            targets.extend(first);
            let mut rhs = None;
            loop {
                if !p.invalid && !targets.is_empty() {
                    // First pass: the right-hand side first. Not followed by `=`, it is
                    // the value: a `star_targets '='` here would make `star_expressions`
                    // end at that `=` (see expression_stmt_first).
                    let q = p.mark();
                    let (tok_failed, lex_failed) = (p.tok_failed, p.lex_failed);
                    if let Some(v) = p.annotated_rhs()
                        && !p.at(T::EQUAL)
                    {
                        rhs = Some(v);
                        break;
                    }
                    if p.error.is_some() && p.lex_failed != lex_failed {
                        return None;
                    }
                    p.undo_rule_error(tok_failed, lex_failed);
                    p.reset(q);
                }
                match p.alt(|p| {
                    let t = p.star_targets()?;
                    p.eat(T::EQUAL)?;
                    Some(t)
                }) {
                    Some(t) => targets.push(t),
                    None => break,
                }
            }
            if targets.is_empty() || p.error.is_some() {
                return None;
            }
            let value = match rhs {
                Some(v) => v,
                None => {
                    let v = p.annotated_rhs()?;
                    if p.at(T::EQUAL) {
                        return None;
                    }
                    v
                }
            };
            let type_comment = p.opt_type_comment();
            Some(stmt(
                StmtKind::Assign {
                    targets: targets.into(),
                    value: Box::new(value),
                    type_comment,
                },
                p.loc_from(start),
            ))
        })
    }

    /// `single_target augassign ~ (yield_expr | star_expressions)`: `None` when it fails
    /// before the cut, else its outcome.
    fn aug_assign(&mut self, start: Start) -> Option<Option<Stmt>> {
        let m = self.mark();
        if let Some(target) = self.alt(|p| p.single_target())
            && self.at_aug_operator()
        {
            // cut
            let r = self.aug_assign_rest(start, target);
            if r.is_none() {
                self.reset(m);
            }
            return Some(r);
        }
        self.reset(m);
        None
    }

    /// Whether an augmented assignment operator comes next.
    fn at_aug_operator(&mut self) -> bool {
        aug_operator(self.kind()).is_some()
    }

    /// `augassign ~ (yield_expr | star_expressions)` after `target` (the caller resets
    /// the cursor when it fails).
    fn aug_assign_rest(&mut self, start: Start, target: Expr) -> Option<Stmt> {
        let op = self.augassign()?;
        let value = self.annotated_rhs()?;
        Some(stmt(
            StmtKind::AugAssign {
                target: Box::new(target),
                op,
                value: Box::new(value),
            },
            self.loc_from(start),
        ))
    }

    /// `augassign`: consumes an augmented-assignment token.
    pub(crate) fn augassign(&mut self) -> Option<Operator> {
        let op = aug_operator(self.kind())?;
        self.pos += 1;
        if op == Operator::MatMult {
            self.check_version(5, "The '@' operator is")?;
        }
        Some(op)
    }

    /// `type_alias: "type" NAME [type_params] '=' expression`
    fn type_alias(&mut self) -> Option<Stmt> {
        let start = self.start();
        self.kw(Kw::Type)?;
        let name = self.name_expr(ExprContext::Store)?;
        let tp = self.alt(|p| p.type_params());
        if self.error.is_some() {
            return None;
        }
        self.eat(T::EQUAL)?;
        let value = self.expression()?;
        self.check_version(12, "Type statement is")?;
        Some(stmt(
            StmtKind::TypeAlias {
                name: Box::new(name),
                type_params: tp.unwrap_or_default().into(),
                value: Box::new(value),
            },
            self.loc_from(start),
        ))
    }

    fn raise_stmt(&mut self) -> Option<Stmt> {
        let start = self.start();
        self.kw(Kw::Raise)?;
        if let Some((a, b)) = self.alt(|p| {
            let a = p.expression()?;
            let b = p.alt(|p| {
                p.kw(Kw::From)?;
                p.expression()
            });
            Some((a, b))
        }) {
            if self.error.is_some() {
                return None;
            }
            return Some(stmt(
                StmtKind::Raise {
                    exc: Some(Box::new(a)),
                    cause: b.map(Box::new),
                },
                self.loc_from(start),
            ));
        }
        if self.error.is_some() {
            return None;
        }
        if self.invalid {
            self.invalid_raise_stmt();
            if self.error.is_some() {
                return None;
            }
        }
        Some(stmt(
            StmtKind::Raise {
                exc: None,
                cause: None,
            },
            self.loc_from(start),
        ))
    }

    fn del_stmt(&mut self) -> Option<Stmt> {
        let r = self.alt(|p| {
            let start = p.start();
            p.kw(Kw::Del)?;
            let targets = p.del_targets()?;
            if !matches!(p.kind(), T::SEMI | T::NEWLINE) {
                return None;
            }
            Some(stmt(
                StmtKind::Delete {
                    targets: targets.into(),
                },
                p.loc_from(start),
            ))
        });
        if r.is_none() && self.invalid && self.error.is_none() {
            self.invalid_del_stmt();
        }
        r
    }

    fn assert_stmt(&mut self) -> Option<Stmt> {
        let start = self.start();
        self.kw(Kw::Assert)?;
        let a = self.expression()?;
        let b = self.alt(|p| {
            p.eat(T::COMMA)?;
            p.expression()
        });
        if self.error.is_some() {
            return None;
        }
        Some(stmt(
            StmtKind::Assert {
                test: Box::new(a),
                msg: b.map(Box::new),
            },
            self.loc_from(start),
        ))
    }

    // ---------------------------------------------------------------- imports ----

    fn import_stmt(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_import();
            if self.error.is_some() {
                return None;
            }
        }
        let start = self.start();
        if self.kw(Kw::Import).is_some() {
            let names = self.gather(|p| p.dotted_as_name())?;
            return Some(stmt(
                StmtKind::Import {
                    names: names.into(),
                },
                self.loc_from(start),
            ));
        }
        self.kw(Kw::From)?;
        let mut level = 0;
        loop {
            match self.kind() {
                T::DOT => level += 1,
                T::ELLIPSIS => level += 3,
                _ => break,
            }
            self.pos += 1;
        }
        let module = if self.at_kw(Kw::Import) && level > 0 {
            None
        } else {
            Some(self.dotted_name()?)
        };
        self.kw(Kw::Import)?;
        let names = self.import_from_targets()?;
        Some(stmt(
            StmtKind::ImportFrom(Box::new(StmtImportFrom {
                module,
                names: names.into(),
                level: Some(level),
            })),
            self.loc_from(start),
        ))
    }

    fn import_from_targets(&mut self) -> Option<Vec<Alias>> {
        if let Some(v) = self.alt(|p| {
            p.eat(T::LPAR)?;
            let v = p.gather(|p| p.import_from_as_name())?;
            p.eat(T::COMMA);
            p.eat(T::RPAR)?;
            Some(v)
        }) {
            return Some(v);
        }
        if let Some(v) = self.alt(|p| {
            let v = p.gather(|p| p.import_from_as_name())?;
            if p.at(T::COMMA) {
                return None;
            }
            Some(v)
        }) {
            return Some(v);
        }
        if self.error.is_some() {
            return None;
        }
        let start = self.start();
        if self.eat(T::STAR).is_some() {
            return Some(vec![Alias {
                name: "*".into(),
                asname: None,
                loc: self.loc_from(start),
            }]);
        }
        if self.invalid {
            self.invalid_import_from_targets();
        }
        None
    }

    fn import_from_as_name(&mut self) -> Option<Alias> {
        if self.invalid {
            self.invalid_import_from_as_name();
            if self.error.is_some() {
                return None;
            }
        }
        let start = self.start();
        let (name, _) = self.name()?;
        let asname = self.alt(|p| {
            p.kw(Kw::As)?;
            p.name().map(|(n, _)| n)
        });
        Some(Alias {
            name,
            asname,
            loc: self.loc_from(start),
        })
    }

    fn dotted_as_name(&mut self) -> Option<Alias> {
        if self.invalid {
            self.invalid_dotted_as_name();
            if self.error.is_some() {
                return None;
            }
        }
        let start = self.start();
        let name = self.dotted_name()?;
        let asname = self.alt(|p| {
            p.kw(Kw::As)?;
            p.name().map(|(n, _)| n)
        });
        Some(Alias {
            name,
            asname,
            loc: self.loc_from(start),
        })
    }

    /// `dotted_name` (left-recursive)
    pub(crate) fn dotted_name(&mut self) -> Option<String> {
        let (mut s, _) = self.name()?;
        loop {
            let m = self.mark();
            if self.eat(T::DOT).is_none() {
                break;
            }
            match self.name() {
                Some((n, _)) => {
                    s.push('.');
                    s.push_str(&n);
                }
                None => {
                    self.reset(m);
                    break;
                }
            }
        }
        Some(s)
    }

    // --------------------------------------------------------------- compound ----

    fn compound_stmt(&mut self) -> Option<Stmt> {
        let t = self.cur()?;
        match t.kind {
            T::AT => {
                let decorators = self.decorators()?;
                if self.at_kw(Kw::Class) {
                    let mut c = self.class_def_raw()?;
                    if let StmtKind::ClassDef(node) = &mut c.kind {
                        node.decorator_list = decorators.into();
                    }
                    Some(c)
                } else {
                    let mut f = self.function_def_raw()?;
                    if let StmtKind::FunctionDef(node) | StmtKind::AsyncFunctionDef(node) =
                        &mut f.kind
                    {
                        node.decorator_list = decorators.into();
                    }
                    Some(f)
                }
            }
            T::NAME => match self.cur_kw() {
                Kw::Def => self.function_def_raw(),
                Kw::If => self.if_stmt(),
                Kw::Class => self.class_def_raw(),
                Kw::With => self.with_stmt(),
                Kw::For => self.for_stmt(),
                Kw::Try => self.try_stmt(),
                Kw::While => self.while_stmt(),
                Kw::Async => match self.kw_at_index(self.pos + 1) {
                    Kw::Def => self.function_def_raw(),
                    Kw::With => self.with_stmt(),
                    Kw::For => self.for_stmt(),
                    _ => None,
                },
                Kw::Match => self.match_stmt(),
                _ => None,
            },
            _ => None,
        }
    }

    /// `block`
    pub(crate) fn block(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            if let Some(b) = p.alt(|p| {
                p.eat(T::NEWLINE)?;
                p.eat(T::INDENT)?;
                let a = p.statements()?;
                p.eat(T::DEDENT)?;
                Some(a)
            }) {
                return Some(b);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(b) = p.alt(|p| p.simple_stmts()) {
                return Some(b);
            }
            if p.invalid && p.error.is_none() {
                p.invalid_block();
            }
            None
        })
    }

    fn decorators(&mut self) -> Option<Vec<Expr>> {
        let v = self.many(|p| {
            p.eat(T::AT)?;
            let f = p.named_expression()?;
            p.eat(T::NEWLINE)?;
            Some(f)
        });
        if v.is_empty() || self.error.is_some() {
            return None;
        }
        Some(v)
    }

    fn class_def_raw(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_class_def_raw();
            if self.error.is_some() {
                return None;
            }
        }
        self.alt(|p| {
            let start = p.start();
            p.kw(Kw::Class)?;
            let (name, _) = p.name()?;
            let tp = p.alt(|p| p.type_params());
            let args = p.alt(|p| {
                p.eat(T::LPAR)?;
                let a = p.alt(|p| p.arguments());
                if p.error.is_some() {
                    return None;
                }
                p.eat(T::RPAR)?;
                Some(a.unwrap_or_default())
            });
            if p.error.is_some() {
                return None;
            }
            p.eat(T::COLON)?;
            let body = p.block()?;
            let (bases, keywords) = args.unwrap_or_default();
            Some(stmt(
                StmtKind::ClassDef(Box::new(StmtClassDef {
                    name,
                    bases: bases.into(),
                    keywords: keywords.into(),
                    body: body.into(),
                    decorator_list: Vec::new().into(),
                    type_params: tp.unwrap_or_default().into(),
                })),
                p.loc_from(start),
            ))
        })
    }

    fn function_def_raw(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_def_raw();
            if self.error.is_some() {
                return None;
            }
        }
        self.alt(|p| {
            let start = p.start();
            let is_async = p.kw(Kw::Async).is_some();
            p.kw(Kw::Def)?;
            let (name, _) = p.name()?;
            let tp = p.alt(|p| p.type_params());
            if p.error.is_some() {
                return None;
            }
            p.eat(T::LPAR)?;
            let params = p.alt(|p| p.params(false));
            if p.error.is_some() {
                return None;
            }
            p.eat(T::RPAR)?;
            let returns = p.alt(|p| {
                p.eat(T::RARROW)?;
                p.expression()
            });
            if p.error.is_some() {
                return None;
            }
            p.eat(T::COLON)?;
            let type_comment = p.func_type_comment();
            if p.error.is_some() {
                return None;
            }
            let body = p.block()?;
            if is_async {
                p.check_version(5, "Async functions are")?;
            }
            let args = Box::new(params.unwrap_or_else(empty_arguments));
            let returns = returns.map(Box::new);
            let type_params = tp.unwrap_or_default();
            let kind = if is_async {
                StmtKind::AsyncFunctionDef(Box::new(StmtFunctionDef {
                    name,
                    args,
                    body: body.into(),
                    decorator_list: Vec::new().into(),
                    returns,
                    type_comment: type_comment.clone(),
                    type_params: type_params.into(),
                }))
            } else {
                StmtKind::FunctionDef(Box::new(StmtFunctionDef {
                    name,
                    args,
                    body: body.into(),
                    decorator_list: Vec::new().into(),
                    returns,
                    type_comment,
                    type_params: type_params.into(),
                }))
            };
            Some(stmt(kind, p.loc_from(start)))
        })
    }

    /// `if_stmt` / `elif_stmt`
    fn if_stmt(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_if_stmt();
            if self.error.is_some() {
                return None;
            }
        }
        self.if_rest(Kw::If)
    }

    fn if_rest(&mut self, kw: Kw) -> Option<Stmt> {
        self.alt(|p| {
            let start = p.start();
            p.kw(kw)?;
            let test = p.named_expression()?;
            p.eat(T::COLON)?;
            let body = p.block()?;
            let orelse = if p.at_kw(Kw::Elif) {
                if p.invalid {
                    p.invalid_elif_stmt();
                    if p.error.is_some() {
                        return None;
                    }
                }
                vec![p.rule(|p| p.if_rest(Kw::Elif))?]
            } else {
                let e = p.alt(|p| p.else_block());
                if p.error.is_some() {
                    return None;
                }
                e.unwrap_or_default()
            };
            Some(stmt(
                StmtKind::If {
                    test: Box::new(test),
                    body: body.into(),
                    orelse: orelse.into(),
                },
                p.loc_from(start),
            ))
        })
    }

    /// `else_block: 'else' &&':' block`
    fn else_block(&mut self) -> Option<Vec<Stmt>> {
        if self.invalid {
            self.invalid_else_stmt();
            if self.error.is_some() {
                return None;
            }
        }
        self.kw(Kw::Else)?;
        self.expect_forced(T::COLON, ":")?;
        self.block()
    }

    /// `&&tok`: the token, or a SyntaxError `expected '…'` at the current token.
    pub(crate) fn expect_forced(&mut self, k: T, what: &str) -> Option<()> {
        let t = self.cur()?;
        if t.kind != k {
            self.raise_known(
                oxpy_tokenize::ExceptionClass::SyntaxError,
                format!("expected '{what}'"),
                t.lineno as usize,
                t.col as i64,
                t.end_lineno as usize,
                t.end_col as i64,
            );
            return None;
        }
        self.pos += 1;
        Some(())
    }

    fn while_stmt(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_while_stmt();
            if self.error.is_some() {
                return None;
            }
        }
        self.alt(|p| {
            let start = p.start();
            p.kw(Kw::While)?;
            let test = p.named_expression()?;
            p.eat(T::COLON)?;
            let body = p.block()?;
            let orelse = p.alt(|p| p.else_block());
            if p.error.is_some() {
                return None;
            }
            Some(stmt(
                StmtKind::While {
                    test: Box::new(test),
                    body: body.into(),
                    orelse: orelse.unwrap_or_default().into(),
                },
                p.loc_from(start),
            ))
        })
    }

    fn for_stmt(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_for_stmt();
            if self.error.is_some() {
                return None;
            }
        }
        let m = self.mark();
        let start = self.start();
        let is_async = self.kw(Kw::Async).is_some();
        if self.kw(Kw::For).is_some() {
            if let Some(target) = self.alt(|p| {
                let t = p.star_targets()?;
                p.kw(Kw::In)?;
                Some(t)
            }) {
                // cut
                let r = self.alt(|p| {
                    let iter = p.star_expressions()?;
                    p.eat(T::COLON)?;
                    let tc = p.opt_type_comment();
                    let body = p.block()?;
                    let orelse = p.alt(|p| p.else_block());
                    if p.error.is_some() {
                        return None;
                    }
                    Some((iter, body, orelse.unwrap_or_default(), tc))
                });
                let (iter, body, orelse, type_comment) = r?;
                if is_async {
                    self.check_version(5, "Async for loops are")?;
                }
                let target = Box::new(target);
                let iter = Box::new(iter);
                let kind = if is_async {
                    StmtKind::AsyncFor(Box::new(StmtFor {
                        target,
                        iter,
                        body: body.into(),
                        orelse: orelse.into(),
                        type_comment,
                    }))
                } else {
                    StmtKind::For(Box::new(StmtFor {
                        target,
                        iter,
                        body: body.into(),
                        orelse: orelse.into(),
                        type_comment,
                    }))
                };
                return Some(stmt(kind, self.loc_from(start)));
            }
        }
        self.reset(m);
        if self.invalid && self.error.is_none() {
            self.invalid_for_target();
        }
        None
    }

    fn with_stmt(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_with_stmt_indent();
            if self.error.is_some() {
                return None;
            }
        }
        let start = self.start();
        let r = self.alt(|p| {
            let is_async = p.kw(Kw::Async).is_some();
            p.kw(Kw::With)?;
            // `async with (...)` takes no type comment.
            let (items, type_comment, body) = if let Some(r) = p.alt(|p| {
                p.eat(T::LPAR)?;
                let items = p.gather(|p| p.with_item())?;
                p.eat(T::COMMA);
                p.eat(T::RPAR)?;
                p.eat(T::COLON)?;
                let tc = if is_async { None } else { p.opt_type_comment() };
                Some((items, tc, p.block()?))
            }) {
                r
            } else {
                if p.error.is_some() {
                    return None;
                }
                let items = p.gather(|p| p.with_item())?;
                p.eat(T::COLON)?;
                let tc = p.opt_type_comment();
                (items, tc, p.block()?)
            };
            if is_async {
                p.check_version(5, "Async with statements are")?;
            }
            Some(if is_async {
                StmtKind::AsyncWith(Box::new(StmtWith {
                    items: items.into(),
                    body: body.into(),
                    type_comment,
                }))
            } else {
                StmtKind::With(Box::new(StmtWith {
                    items: items.into(),
                    body: body.into(),
                    type_comment,
                }))
            })
        });
        if let Some(kind) = r {
            return Some(stmt(kind, self.loc_from(start)));
        }
        if self.invalid && self.error.is_none() {
            self.invalid_with_stmt();
        }
        None
    }

    fn with_item(&mut self) -> Option<Withitem> {
        if let Some(w) = self.alt(|p| {
            let e = p.expression()?;
            p.kw(Kw::As)?;
            let t = p.star_target()?;
            if !matches!(p.kind(), T::COMMA | T::RPAR | T::COLON) {
                return None;
            }
            Some(Withitem {
                context_expr: Box::new(e),
                optional_vars: Some(Box::new(t)),
            })
        }) {
            return Some(w);
        }
        if self.invalid && self.error.is_none() {
            self.invalid_with_item();
        }
        let e = self.expression()?;
        Some(Withitem {
            context_expr: Box::new(e),
            optional_vars: None,
        })
    }

    fn try_stmt(&mut self) -> Option<Stmt> {
        if self.invalid {
            self.invalid_try_stmt();
            if self.error.is_some() {
                return None;
            }
        }
        let start = self.start();
        self.kw(Kw::Try)?;
        self.expect_forced(T::COLON, ":")?;
        let body = self.block()?;
        if self.at_kw(Kw::Finally) {
            let f = self.finally_block()?;
            return Some(stmt(
                StmtKind::Try(Box::new(StmtTry {
                    body: body.into(),
                    handlers: Vec::new().into(),
                    orelse: Vec::new().into(),
                    finalbody: f.into(),
                })),
                self.loc_from(start),
            ));
        }
        let m = self.mark();
        for star in [false, true] {
            self.reset(m);
            let handlers = self.many(|p| p.except_block(star));
            if self.error.is_some() {
                return None;
            }
            if handlers.is_empty() {
                continue;
            }
            let orelse = self.alt(|p| p.else_block());
            if self.error.is_some() {
                return None;
            }
            let finalbody = self.alt(|p| p.finally_block());
            if self.error.is_some() {
                return None;
            }
            let orelse = orelse.unwrap_or_default();
            let finalbody = finalbody.unwrap_or_default();
            if star {
                self.check_version(11, "Exception groups are")?;
            }
            let kind = if star {
                StmtKind::TryStar(Box::new(StmtTry {
                    body: body.into(),
                    handlers: handlers.into(),
                    orelse: orelse.into(),
                    finalbody: finalbody.into(),
                }))
            } else {
                StmtKind::Try(Box::new(StmtTry {
                    body: body.into(),
                    handlers: handlers.into(),
                    orelse: orelse.into(),
                    finalbody: finalbody.into(),
                }))
            };
            return Some(stmt(kind, self.loc_from(start)));
        }
        None
    }

    pub(crate) fn except_block(&mut self, star: bool) -> Option<Excepthandler> {
        if self.invalid {
            if star {
                self.invalid_except_star_stmt_indent();
            } else {
                self.invalid_except_stmt_indent();
            }
            if self.error.is_some() {
                return None;
            }
        }
        let start = self.start();
        let r = self.alt(|p| {
            p.kw(Kw::Except)?;
            if star {
                p.eat(T::STAR)?;
            }
            // 'except' expression 'as' NAME ':' block
            if let Some((e, n)) = p.alt(|p| {
                let q = p.pos;
                let e = p.expression()?;
                if p.kw(Kw::As).is_none() {
                    // For `expressions` below, which starts with this expression.
                    p.give_back_expr(q, e);
                    return None;
                }
                let (n, _) = p.name()?;
                p.eat(T::COLON)?;
                Some((e, n))
            }) {
                let b = p.block()?;
                return Some((Some(e), Some(n), b));
            }
            if p.error.is_some() {
                return None;
            }
            // 'except' expressions ':' block (`'except' expression ':' block` when the
            // expressions are one expression)
            let from = p.pos;
            if let Some(e) = p.alt(|p| {
                let e = p.expressions()?;
                p.eat(T::COLON)?;
                Some(e)
            }) {
                let bare_tuple =
                    p.opts.feature_version.is_some() && p.top_level_comma(from, p.pos - 1);
                let b = p.block()?;
                if bare_tuple {
                    p.check_version(14, "except expressions without parentheses are")?;
                }
                return Some((Some(e), None, b));
            }
            if p.error.is_some() || star {
                return None;
            }
            p.eat(T::COLON)?;
            let b = p.block()?;
            Some((None, None, b))
        });
        if let Some((t, name, body)) = r {
            return Some(Excepthandler {
                kind: ExcepthandlerKind::ExceptHandler {
                    r#type: t.map(Box::new),
                    name,
                    body: body.into(),
                },
                loc: self.loc_from(start),
            });
        }
        if self.invalid && self.error.is_none() {
            if star {
                self.invalid_except_star_stmt();
            } else {
                self.invalid_except_stmt();
            }
        }
        None
    }

    fn finally_block(&mut self) -> Option<Vec<Stmt>> {
        if self.invalid {
            self.invalid_finally_stmt();
            if self.error.is_some() {
                return None;
            }
        }
        self.kw(Kw::Finally)?;
        self.expect_forced(T::COLON, ":")?;
        self.block()
    }

    // ------------------------------------------------------------------ match ----

    fn match_stmt(&mut self) -> Option<Stmt> {
        let r = self.alt(|p| {
            let start = p.start();
            p.kw(Kw::Match)?;
            let subject = p.subject_expr()?;
            p.eat(T::COLON)?;
            p.eat(T::NEWLINE)?;
            p.eat(T::INDENT)?;
            let cases = p.many(|p| p.case_block());
            if cases.is_empty() || p.error.is_some() {
                return None;
            }
            p.eat(T::DEDENT)?;
            p.check_version(10, "Pattern matching is")?;
            Some(stmt(
                StmtKind::Match {
                    subject: Box::new(subject),
                    cases: cases.into(),
                },
                p.loc_from(start),
            ))
        });
        if r.is_none() && self.invalid && self.error.is_none() {
            self.invalid_match_stmt();
        }
        r
    }

    pub(crate) fn subject_expr(&mut self) -> Option<Expr> {
        if let Some(e) = self.alt(|p| {
            let start = p.start();
            let v = p.star_named_expression()?;
            p.eat(T::COMMA)?;
            let mut elts = vec![v];
            if let Some(rest) = p.alt(|p| p.star_named_expressions()) {
                elts.extend(rest);
            }
            if p.error.is_some() {
                return None;
            }
            Some(mk(
                ExprKind::Tuple {
                    elts: elts.into(),
                    ctx: ExprContext::Load,
                },
                p.loc_from(start),
            ))
        }) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        self.named_expression()
    }

    fn case_block(&mut self) -> Option<MatchCase> {
        if self.invalid {
            self.invalid_case_block();
            if self.error.is_some() {
                return None;
            }
        }
        self.kw(Kw::Case)?;
        let pattern = self.patterns()?;
        let guard = self.alt(|p| {
            p.kw(Kw::If)?;
            p.named_expression()
        });
        if self.error.is_some() {
            return None;
        }
        self.eat(T::COLON)?;
        let body = self.block()?;
        Some(MatchCase {
            pattern: Box::new(pattern),
            guard: guard.map(Box::new),
            body: body.into(),
        })
    }
}

/// The operator of an augmented-assignment token (`+=` → `Add`), `None` for any other token.
fn aug_operator(kind: T) -> Option<Operator> {
    Some(match kind {
        T::PLUSEQUAL => Operator::Add,
        T::MINEQUAL => Operator::Sub,
        T::STAREQUAL => Operator::Mult,
        T::ATEQUAL => Operator::MatMult,
        T::SLASHEQUAL => Operator::Div,
        T::PERCENTEQUAL => Operator::Mod,
        T::AMPEREQUAL => Operator::BitAnd,
        T::VBAREQUAL => Operator::BitOr,
        T::CIRCUMFLEXEQUAL => Operator::BitXor,
        T::LEFTSHIFTEQUAL => Operator::LShift,
        T::RIGHTSHIFTEQUAL => Operator::RShift,
        T::DOUBLESTAREQUAL => Operator::Pow,
        T::DOUBLESLASHEQUAL => Operator::FloorDiv,
        _ => return None,
    })
}
