//! Port of Grammar/python.gram's `invalid_*` rules (Parser/parser.c, Parser/action_helpers.c, Parser/pegen_errors.c): the second pass's specialised SyntaxErrors.
//!
//! Each rule runs only when [`Parser::invalid`] is set, consumes nothing (it resets the
//! cursor) and sets [`Parser::error`] when it matches. Rules not ported yet are empty.

use oxpy_tokenize::token::is_soft_keyword;
use oxpy_tokenize::{ExceptionClass, TokenKind as T};

use super::Kw;
use super::{Parser, tok_loc};
use crate::Constant;
use crate::ast::{Cmpop, Expr, ExprKind};
use crate::location::Location;

/// Which kind of target an invalid-target error is about (`TARGETS_TYPE`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Targets {
    Star,
    Del,
    For,
}

/// `_PyPegen_get_expr_name`.
pub(crate) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::TemplateStr { .. } | ExprKind::Interpolation(_) => "t-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::Bool(false) => "False",
            Constant::Bool(true) => "True",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// `_PyPegen_get_invalid_target`.
fn invalid_target(e: &Expr, t: Targets) -> Option<&Expr> {
    match &e.kind {
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter().find_map(|x| invalid_target(x, t))
        }
        ExprKind::Starred { value, .. } => {
            if t == Targets::Del {
                Some(e)
            } else {
                invalid_target(value, t)
            }
        }
        ExprKind::Compare { left, ops, .. } => {
            if t == Targets::For {
                if ops.first() == Some(&Cmpop::In) {
                    return invalid_target(left, t);
                }
                return None;
            }
            Some(e)
        }
        ExprKind::Name { .. } | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => None,
        _ => Some(e),
    }
}

impl Parser<'_> {
    /// `RAISE_SYNTAX_ERROR_INVALID_TARGET`; whether it raised.
    fn raise_invalid_target(&mut self, t: Targets, e: &Expr) -> bool {
        let Some(bad) = invalid_target(e, t) else {
            return false;
        };
        let verb = if t == Targets::Del {
            "cannot delete"
        } else {
            "cannot assign to"
        };
        let msg = format!("{verb} {}", expr_name(bad));
        self.raise_node(bad.loc, msg);
        true
    }

    /// Runs an invalid rule's alternative: the cursor is always restored.
    fn try_invalid(&mut self, f: impl FnOnce(&mut Self) -> Option<()>) {
        if self.error.is_some() {
            return;
        }
        let m = self.mark();
        let _ = f(self);
        self.reset(m);
    }

    /// Runs `f` with the invalid rules off (`*_without_invalid`).
    fn without_invalid<X>(&mut self, f: impl FnOnce(&mut Self) -> Option<X>) -> Option<X> {
        let saved = self.invalid;
        self.invalid = false;
        let r = f(self);
        self.invalid = saved;
        r
    }

    /// `RAISE_SYNTAX_ERROR("expected ':'")` after `f` matched and a NEWLINE follows.
    fn expected_colon_if(&mut self, f: impl FnOnce(&mut Self) -> Option<()>) {
        self.try_invalid(|p| {
            f(p)?;
            p.eat(T::NEWLINE)?;
            p.raise_syntax("expected ':'");
            Some(())
        });
    }

    /// `a=KW … ':' NEWLINE !INDENT` → IndentationError naming `what` and `a`'s line.
    fn expected_indent_if(&mut self, what: &str, f: impl FnOnce(&mut Self) -> Option<u32>) {
        self.try_invalid(|p| {
            let line = f(p)?;
            p.eat(T::COLON)?;
            p.eat(T::NEWLINE)?;
            if p.at(T::INDENT) {
                return None;
            }
            p.raise_indentation(format!(
                "expected an indented block after {what} on line {line}"
            ));
            Some(())
        });
    }

    /// `invalid_expression`
    pub(crate) fn invalid_expression(&mut self) {
        // STRING a=(!STRING expression_without_invalid)+ STRING
        self.try_invalid(|p| {
            p.eat(T::STRING)?;
            let mut items: Vec<crate::Location> = Vec::new();
            while !p.at(T::STRING) {
                match p.alt(|p| p.without_invalid(|p| p.expression_without_invalid())) {
                    Some(e) => items.push(e.loc),
                    None => break,
                }
            }
            let (&first, &last) = (items.first()?, items.last()?);
            p.eat(T::STRING)?;
            p.raise_range(
                first,
                last,
                "invalid syntax. Is this intended to be part of the string?",
            );
            Some(())
        });
        // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
        self.try_invalid(|p| {
            let t = p.cur()?;
            if t.kind == T::NAME {
                if is_soft_keyword(p.text(t)) {
                    return None;
                }
                if p.lookahead(|p| {
                    p.name_token()?;
                    p.eat(T::STRING)
                }) {
                    return None;
                }
            }
            let a = p.disjunction()?;
            let b = p.without_invalid(|p| p.expression_without_invalid())?;
            if p.check_legacy_stmt(&a) {
                return None;
            }
            let level = p.level_at(p.pos.checked_sub(1)?);
            if level == 0 {
                return None;
            }
            p.raise_range(a.loc, b.loc, "invalid syntax. Perhaps you forgot a comma?");
            Some(())
        });
        // a=disjunction 'if' b=disjunction !('else'|':')
        self.try_invalid(|p| {
            let a = p.disjunction()?;
            p.kw(Kw::If)?;
            let b = p.disjunction()?;
            if p.at_kw(Kw::Else) || p.at(T::COLON) {
                return None;
            }
            p.raise_range(a.loc, b.loc, "expected 'else' after 'if' expression");
            Some(())
        });
        // disjunction 'if' disjunction 'else' !expression
        self.try_invalid(|p| {
            p.disjunction()?;
            p.kw(Kw::If)?;
            p.disjunction()?;
            p.kw(Kw::Else)?;
            if p.lookahead(|p| p.without_invalid(|p| p.expression())) {
                return None;
            }
            if p.error.is_some() {
                return None;
            }
            p.raise_on_next_token("expected expression after 'else', but statement is given");
            Some(())
        });
        // (pass|break|continue) 'if' disjunction 'else' simple_stmt
        self.try_invalid(|p| {
            let t = p.cur()?;
            if !(p.at_kw(Kw::Pass) || p.at_kw(Kw::Break) || p.at_kw(Kw::Continue)) {
                return None;
            }
            p.pos += 1;
            p.kw(Kw::If)?;
            p.disjunction()?;
            p.kw(Kw::Else)?;
            p.lookahead(|p| p.simple_stmts()).then_some(())?;
            p.raise_node(
                tok_loc(t),
                "expected expression before 'if', but statement is given",
            );
            Some(())
        });
    }

    /// `expression_without_invalid`
    fn expression_without_invalid(&mut self) -> Option<Expr> {
        self.expression()
    }

    /// `_PyPegen_check_legacy_stmt`: `print` or `exec` used as a statement.
    fn check_legacy_stmt(&self, e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Name { id, .. } if id == "print" || id == "exec")
    }

    /// The bracket nesting level after token `i` (CPython's `token->level`).
    fn level_at(&self, i: usize) -> i32 {
        let mut level = 0i32;
        for t in self.toks.through(i).unwrap_or_default() {
            match t.kind {
                T::LPAR | T::LSQB | T::LBRACE => level += 1,
                T::RPAR | T::RSQB | T::RBRACE => level -= 1,
                _ => {}
            }
        }
        level
    }

    /// `invalid_legacy_expression`
    pub(crate) fn invalid_legacy_expression(&mut self) {
        self.try_invalid(|p| {
            let a = p.name_expr(crate::ast::ExprContext::Load)?;
            if p.at(T::LPAR) {
                return None;
            }
            let b = p.star_expressions()?;
            if !p.check_legacy_stmt(&a) {
                return None;
            }
            let ExprKind::Name { id, .. } = &a.kind else {
                return None;
            };
            let msg = format!("Missing parentheses in call to '{id}'. Did you mean {id}(...)?");
            p.raise_range(a.loc, b.loc, msg);
            Some(())
        });
    }

    /// `invalid_named_expression`
    pub(crate) fn invalid_named_expression(&mut self) {
        self.try_invalid(|p| {
            let a = p.expression()?;
            p.eat(T::COLONEQUAL)?;
            p.expression()?;
            let msg = format!("cannot use assignment expressions with {}", expr_name(&a));
            p.raise_node(a.loc, msg);
            Some(())
        });
        self.try_invalid(|p| {
            let a = p.name_expr(crate::ast::ExprContext::Load)?;
            p.eat(T::EQUAL)?;
            let b = p.bitwise_or()?;
            if matches!(p.kind(), T::EQUAL | T::COLONEQUAL) {
                return None;
            }
            p.raise_range(
                a.loc,
                b.loc,
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            );
            Some(())
        });
        self.try_invalid(|p| {
            // !(list|tuple|genexp|'True'|'None'|'False')
            let m = p.mark();
            let excluded = p.at_kw(Kw::True) || p.at_kw(Kw::None) || p.at_kw(Kw::False) || {
                let r = match p.kind() {
                    T::LSQB => p.lookahead(|p| p.atom()).then(|| {
                        p.reset(m);
                        let e = p.atom();
                        p.reset(m);
                        e.is_some_and(|e| matches!(e.kind, ExprKind::List { .. }))
                    }),
                    T::LPAR => {
                        let e = p.atom();
                        p.reset(m);
                        Some(e.is_some_and(|e| {
                            matches!(
                                e.kind,
                                ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. }
                            )
                        }))
                    }
                    _ => None,
                };
                r.unwrap_or(false)
            };
            p.reset(m);
            if excluded {
                return None;
            }
            let a = p.bitwise_or()?;
            p.eat(T::EQUAL)?;
            p.bitwise_or()?;
            if matches!(p.kind(), T::EQUAL | T::COLONEQUAL) {
                return None;
            }
            let msg = format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                expr_name(&a)
            );
            p.raise_node(a.loc, msg);
            Some(())
        });
    }

    /// `invalid_assignment`
    pub(crate) fn invalid_assignment(&mut self) {
        // invalid_ann_assign_target ':' expression
        self.try_invalid(|p| {
            let a = p.invalid_ann_assign_target()?;
            p.eat(T::COLON)?;
            p.expression()?;
            let msg = format!(
                "only single target (not {}) can be annotated",
                expr_name(&a)
            );
            p.raise_node(a.loc, msg);
            Some(())
        });
        // star_named_expression ',' star_named_expressions* ':' expression
        self.try_invalid(|p| {
            let a = p.star_named_expression()?;
            p.eat(T::COMMA)?;
            let _ = p.many(|p| p.star_named_expressions());
            p.eat(T::COLON)?;
            p.expression()?;
            p.raise_node(a.loc, "only single target (not tuple) can be annotated");
            Some(())
        });
        // expression ':' expression
        self.try_invalid(|p| {
            let a = p.expression()?;
            p.eat(T::COLON)?;
            p.expression()?;
            p.raise_node(a.loc, "illegal target for annotation");
            Some(())
        });
        // (star_targets '=')* star_expressions '='
        self.try_invalid(|p| {
            let _ = p.many(|p| {
                let t = p.star_targets()?;
                p.eat(T::EQUAL)?;
                Some(t)
            });
            let a = p.star_expressions()?;
            p.eat(T::EQUAL)?;
            p.raise_invalid_target(Targets::Star, &a).then_some(())
        });
        // (star_targets '=')* yield_expr '='
        self.try_invalid(|p| {
            let _ = p.many(|p| {
                let t = p.star_targets()?;
                p.eat(T::EQUAL)?;
                Some(t)
            });
            let a = p.yield_expr()?;
            p.eat(T::EQUAL)?;
            p.raise_node(a.loc, "assignment to yield expression not possible");
            Some(())
        });
        // star_expressions augassign annotated_rhs
        self.try_invalid(|p| {
            let a = p.star_expressions()?;
            p.augassign()?;
            p.annotated_rhs()?;
            let msg = format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(&a)
            );
            p.raise_node(a.loc, msg);
            Some(())
        });
    }

    fn invalid_ann_assign_target(&mut self) -> Option<Expr> {
        let m = self.mark();
        if matches!(self.kind(), T::LSQB | T::LPAR) {
            if let Some(e) = self.atom() {
                if matches!(e.kind, ExprKind::List { .. } | ExprKind::Tuple { .. }) {
                    return Some(e);
                }
            }
            self.reset(m);
        }
        self.alt(|p| {
            p.eat(T::LPAR)?;
            let a = p.invalid_ann_assign_target()?;
            p.eat(T::RPAR)?;
            Some(a)
        })
    }

    /// `invalid_del_stmt`
    pub(crate) fn invalid_del_stmt(&mut self) {
        self.try_invalid(|p| {
            p.kw(Kw::Del)?;
            let a = p.star_expressions()?;
            p.raise_invalid_target(Targets::Del, &a).then_some(())
        });
    }

    /// `invalid_block`
    pub(crate) fn invalid_block(&mut self) {
        self.try_invalid(|p| {
            p.eat(T::NEWLINE)?;
            if p.at(T::INDENT) {
                return None;
            }
            p.raise_indentation("expected an indented block");
            Some(())
        });
    }

    /// `invalid_if_stmt`
    pub(crate) fn invalid_if_stmt(&mut self) {
        self.expected_colon_if(|p| {
            p.kw(Kw::If)?;
            p.named_expression()?;
            Some(())
        });
        self.expected_indent_if("'if' statement", |p| {
            let a = p.kw(Kw::If)?;
            p.named_expression()?;
            Some(a.lineno)
        });
    }

    /// `invalid_elif_stmt`
    pub(crate) fn invalid_elif_stmt(&mut self) {
        self.expected_colon_if(|p| {
            p.kw(Kw::Elif)?;
            p.named_expression()?;
            Some(())
        });
        self.expected_indent_if("'elif' statement", |p| {
            let a = p.kw(Kw::Elif)?;
            p.named_expression()?;
            Some(a.lineno)
        });
    }

    /// `invalid_else_stmt`
    pub(crate) fn invalid_else_stmt(&mut self) {
        self.expected_indent_if("'else' statement", |p| Some(p.kw(Kw::Else)?.lineno));
        self.try_invalid(|p| {
            p.kw(Kw::Else)?;
            p.eat(T::COLON)?;
            p.block()?;
            p.kw(Kw::Elif)?;
            p.raise_syntax("'elif' block follows an 'else' block");
            Some(())
        });
    }

    /// `invalid_while_stmt`
    pub(crate) fn invalid_while_stmt(&mut self) {
        self.expected_colon_if(|p| {
            p.kw(Kw::While)?;
            p.named_expression()?;
            Some(())
        });
        self.expected_indent_if("'while' statement", |p| {
            let a = p.kw(Kw::While)?;
            p.named_expression()?;
            Some(a.lineno)
        });
    }

    /// `invalid_for_stmt`
    pub(crate) fn invalid_for_stmt(&mut self) {
        self.expected_colon_if(|p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            p.kw(Kw::For)?;
            p.star_targets()?;
            p.kw(Kw::In)?;
            p.star_expressions()?;
            Some(())
        });
        self.expected_indent_if("'for' statement", |p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            let a = p.kw(Kw::For)?;
            p.star_targets()?;
            p.kw(Kw::In)?;
            p.star_expressions()?;
            Some(a.lineno)
        });
    }

    /// `invalid_for_target`
    pub(crate) fn invalid_for_target(&mut self) {
        self.try_invalid(|p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            p.kw(Kw::For)?;
            let a = p.star_expressions()?;
            p.raise_invalid_target(Targets::For, &a).then_some(())
        });
    }

    /// `invalid_for_if_clause`
    pub(crate) fn invalid_for_if_clause(&mut self) {
        self.try_invalid(|p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            p.kw(Kw::For)?;
            p.bitwise_or()?;
            loop {
                let m = p.mark();
                if p.eat(T::COMMA).is_none() {
                    break;
                }
                if p.bitwise_or().is_none() {
                    p.reset(m);
                    break;
                }
            }
            p.eat(T::COMMA);
            if p.at_kw(Kw::In) {
                return None;
            }
            p.raise_syntax("'in' expected after for-loop variables");
            Some(())
        });
    }

    /// `invalid_def_raw`
    pub(crate) fn invalid_def_raw(&mut self) {
        self.expected_indent_if("function definition", |p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            let a = p.kw(Kw::Def)?;
            p.name()?;
            let _ = p.alt(|p| p.type_params());
            p.eat(T::LPAR)?;
            let _ = p.alt(|p| p.params(false));
            p.eat(T::RPAR)?;
            let _ = p.alt(|p| {
                p.eat(T::RARROW)?;
                p.expression()
            });
            Some(a.lineno)
        });
        self.try_invalid(|p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            p.kw(Kw::Def)?;
            p.name()?;
            let _ = p.alt(|p| p.type_params());
            p.expect_forced(T::LPAR, "(")?;
            let _ = p.alt(|p| p.params(false));
            p.eat(T::RPAR)?;
            let _ = p.alt(|p| {
                p.eat(T::RARROW)?;
                p.expression()
            });
            p.expect_forced(T::COLON, ":")?;
            Some(())
        });
    }

    /// `invalid_class_def_raw`
    pub(crate) fn invalid_class_def_raw(&mut self) {
        let head = |p: &mut Self| -> Option<u32> {
            let a = p.kw(Kw::Class)?;
            p.name()?;
            let _ = p.alt(|p| p.type_params());
            let _ = p.alt(|p| {
                p.eat(T::LPAR)?;
                let _ = p.alt(|p| p.arguments());
                p.eat(T::RPAR)
            });
            Some(a.lineno)
        };
        self.expected_colon_if(|p| head(p).map(|_| ()));
        self.expected_indent_if("class definition", head);
    }

    /// `invalid_with_stmt_indent`
    pub(crate) fn invalid_with_stmt_indent(&mut self) {
        self.expected_indent_if("'with' statement", |p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            let a = p.kw(Kw::With)?;
            p.gather(|p| p.with_item_loose(false))?;
            Some(a.lineno)
        });
        self.expected_indent_if("'with' statement", |p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            let a = p.kw(Kw::With)?;
            p.eat(T::LPAR)?;
            p.gather(|p| p.with_item_loose(true))?;
            p.eat(T::COMMA);
            p.eat(T::RPAR)?;
            Some(a.lineno)
        });
    }

    /// `expression ['as' star_target]` (or `expressions …` inside parentheses).
    fn with_item_loose(&mut self, plural: bool) -> Option<()> {
        if plural {
            self.expressions()?;
        } else {
            self.expression()?;
        }
        let _ = self.alt(|p| {
            p.kw(Kw::As)?;
            p.star_target()
        });
        Some(())
    }

    /// `invalid_with_stmt`
    pub(crate) fn invalid_with_stmt(&mut self) {
        self.try_invalid(|p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            p.kw(Kw::With)?;
            p.gather(|p| p.with_item_loose(false))?;
            let trailing = p.eat(T::COMMA)?;
            p.eat(T::COLON)?;
            p.raise_node(
                tok_loc(trailing),
                "the last 'with' item has a trailing comma",
            );
            Some(())
        });
        self.expected_colon_if(|p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            p.kw(Kw::With)?;
            p.gather(|p| p.with_item_loose(false))?;
            Some(())
        });
        self.expected_colon_if(|p| {
            if p.at_kw(Kw::Async) {
                p.pos += 1;
            }
            p.kw(Kw::With)?;
            p.eat(T::LPAR)?;
            p.gather(|p| p.with_item_loose(true))?;
            p.eat(T::COMMA);
            p.eat(T::RPAR)?;
            Some(())
        });
    }

    /// `invalid_with_item`
    pub(crate) fn invalid_with_item(&mut self) {
        self.try_invalid(|p| {
            p.expression()?;
            p.kw(Kw::As)?;
            let a = p.expression()?;
            if !matches!(p.kind(), T::COMMA | T::RPAR | T::COLON) {
                return None;
            }
            p.raise_invalid_target(Targets::Star, &a).then_some(())
        });
    }

    /// `invalid_try_stmt`
    pub(crate) fn invalid_try_stmt(&mut self) {
        self.expected_indent_if("'try' statement", |p| Some(p.kw(Kw::Try)?.lineno));
        self.try_invalid(|p| {
            p.kw(Kw::Try)?;
            p.eat(T::COLON)?;
            p.block()?;
            if p.at_kw(Kw::Except) || p.at_kw(Kw::Finally) {
                return None;
            }
            p.raise_syntax("expected 'except' or 'finally' block");
            Some(())
        });
        self.try_invalid(|p| {
            p.kw(Kw::Try)?;
            p.eat(T::COLON)?;
            let _ = p.many(|p| p.block());
            let n = p.many(|p| p.except_block(false));
            if n.is_empty() {
                return None;
            }
            let a = p.kw(Kw::Except)?;
            let b = p.eat(T::STAR)?;
            p.expression()?;
            let _ = p.alt(|p| {
                p.kw(Kw::As)?;
                p.name()
            });
            p.eat(T::COLON)?;
            p.raise_range(
                tok_loc(a),
                tok_loc(b),
                "cannot have both 'except' and 'except*' on the same 'try'",
            );
            Some(())
        });
        self.try_invalid(|p| {
            p.kw(Kw::Try)?;
            p.eat(T::COLON)?;
            let _ = p.many(|p| p.block());
            let n = p.many(|p| p.except_block(true));
            if n.is_empty() {
                return None;
            }
            let a = p.kw(Kw::Except)?;
            let _ = p.alt(|p| {
                p.expression()?;
                let _ = p.alt(|p| {
                    p.kw(Kw::As)?;
                    p.name()
                });
                Some(())
            });
            p.eat(T::COLON)?;
            p.raise_node(
                tok_loc(a),
                "cannot have both 'except' and 'except*' on the same 'try'",
            );
            Some(())
        });
    }

    /// `invalid_except_stmt`
    pub(crate) fn invalid_except_stmt(&mut self) {
        self.try_invalid(|p| {
            p.kw(Kw::Except)?;
            let a = p.expression()?;
            p.eat(T::COMMA)?;
            p.expressions()?;
            p.kw(Kw::As)?;
            p.name()?;
            p.eat(T::COLON)?;
            p.raise_starting_from(
                a.loc,
                "multiple exception types must be parenthesized when using 'as'",
            );
            Some(())
        });
        self.expected_colon_if(|p| {
            p.kw(Kw::Except)?;
            p.expression()?;
            let _ = p.alt(|p| {
                p.kw(Kw::As)?;
                p.name()
            });
            Some(())
        });
        self.expected_colon_if(|p| p.kw(Kw::Except).map(|_| ()));
        self.try_invalid(|p| {
            p.kw(Kw::Except)?;
            p.expression()?;
            p.kw(Kw::As)?;
            let a = p.expression()?;
            p.eat(T::COLON)?;
            p.block()?;
            let msg = format!("cannot use except statement with {}", expr_name(&a));
            p.raise_node(a.loc, msg);
            Some(())
        });
    }

    /// `invalid_except_star_stmt`
    pub(crate) fn invalid_except_star_stmt(&mut self) {
        self.try_invalid(|p| {
            p.kw(Kw::Except)?;
            p.eat(T::STAR)?;
            let a = p.expression()?;
            p.eat(T::COMMA)?;
            p.expressions()?;
            p.kw(Kw::As)?;
            p.name()?;
            p.eat(T::COLON)?;
            p.raise_starting_from(
                a.loc,
                "multiple exception types must be parenthesized when using 'as'",
            );
            Some(())
        });
        self.expected_colon_if(|p| {
            p.kw(Kw::Except)?;
            p.eat(T::STAR)?;
            p.expression()?;
            let _ = p.alt(|p| {
                p.kw(Kw::As)?;
                p.name()
            });
            Some(())
        });
        self.try_invalid(|p| {
            p.kw(Kw::Except)?;
            p.eat(T::STAR)?;
            if !matches!(p.kind(), T::NEWLINE | T::COLON) {
                return None;
            }
            p.pos += 1;
            p.raise_syntax("expected one or more exception types");
            Some(())
        });
    }

    /// `invalid_except_stmt_indent`
    pub(crate) fn invalid_except_stmt_indent(&mut self) {
        self.expected_indent_if("'except' statement", |p| {
            let a = p.kw(Kw::Except)?;
            p.expression()?;
            let _ = p.alt(|p| {
                p.kw(Kw::As)?;
                p.name()
            });
            Some(a.lineno)
        });
        self.expected_indent_if("'except' statement", |p| Some(p.kw(Kw::Except)?.lineno));
    }

    /// `invalid_except_star_stmt_indent`
    pub(crate) fn invalid_except_star_stmt_indent(&mut self) {
        self.expected_indent_if("'except*' statement", |p| {
            let a = p.kw(Kw::Except)?;
            p.eat(T::STAR)?;
            p.expression()?;
            let _ = p.alt(|p| {
                p.kw(Kw::As)?;
                p.name()
            });
            Some(a.lineno)
        });
    }

    /// `invalid_finally_stmt`
    pub(crate) fn invalid_finally_stmt(&mut self) {
        self.expected_indent_if("'finally' statement", |p| Some(p.kw(Kw::Finally)?.lineno));
    }

    /// `invalid_match_stmt`
    pub(crate) fn invalid_match_stmt(&mut self) {
        self.expected_colon_if(|p| {
            p.kw(Kw::Match)?;
            p.subject_expr()?;
            Some(())
        });
        self.expected_indent_if("'match' statement", |p| {
            let a = p.kw(Kw::Match)?;
            p.subject_expr()?;
            Some(a.lineno)
        });
        self.try_invalid(|p| {
            let a = p.kw(Kw::Case)?;
            p.patterns()?;
            let _ = p.alt(|p| {
                p.kw(Kw::If)?;
                p.named_expression()
            });
            let b = p.eat(T::COLON)?;
            p.block()?;
            p.raise_range(
                tok_loc(a),
                tok_loc(b),
                "case statement must be inside match statement",
            );
            Some(())
        });
    }

    /// `invalid_case_block`
    pub(crate) fn invalid_case_block(&mut self) {
        self.expected_colon_if(|p| {
            p.kw(Kw::Case)?;
            p.patterns()?;
            let _ = p.alt(|p| {
                p.kw(Kw::If)?;
                p.named_expression()
            });
            Some(())
        });
        self.expected_indent_if("'case' statement", |p| {
            let a = p.kw(Kw::Case)?;
            p.patterns()?;
            let _ = p.alt(|p| {
                p.kw(Kw::If)?;
                p.named_expression()
            });
            Some(a.lineno)
        });
    }

    /// `invalid_arguments`
    pub(crate) fn invalid_arguments(&mut self) {
        // ((positional ',' kwargs) | kwargs) a=',' ','.(starred_expression !'=')+
        self.try_invalid(|p| {
            if p.alt(|p| {
                p.gather(|p| p.positional_arg())?;
                p.eat(T::COMMA)?;
                p.kwargs()
            })
            .is_none()
            {
                p.kwargs()?;
            }
            let a = p.eat(T::COMMA)?;
            p.gather(|p| {
                let e = p.starred_expression()?;
                if p.at(T::EQUAL) {
                    return None;
                }
                Some(e)
            })?;
            p.raise_starting_from(
                tok_loc(a),
                "iterable argument unpacking follows keyword argument unpacking",
            );
            Some(())
        });
        // a=expression b=for_if_clauses ',' [args | expression for_if_clauses]
        self.try_invalid(|p| {
            let a = p.expression()?;
            let b = p.for_if_clauses()?;
            p.eat(T::COMMA)?;
            if p.alt(|p| p.args()).is_none() {
                let _ = p.alt(|p| {
                    p.expression()?;
                    p.for_if_clauses()
                });
            }
            p.raise_range(
                a.loc,
                last_comprehension_item(&b)?,
                GENEXP_NOT_PARENTHESIZED,
            );
            Some(())
        });
        // a=NAME b='=' expression for_if_clauses
        self.try_invalid(|p| {
            let (_, a) = p.name()?;
            let b = p.eat(T::EQUAL)?;
            p.expression()?;
            p.for_if_clauses()?;
            p.raise_range(
                tok_loc(a),
                tok_loc(b),
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            );
            Some(())
        });
        // (args ',')? a=NAME b='=' &(',' | ')')
        self.try_invalid(|p| {
            let _ = p.alt(|p| {
                p.args()?;
                p.eat(T::COMMA)
            });
            let (_, a) = p.name()?;
            let b = p.eat(T::EQUAL)?;
            if !matches!(p.kind(), T::COMMA | T::RPAR) {
                return None;
            }
            p.raise_range(tok_loc(a), tok_loc(b), "expected argument value expression");
            Some(())
        });
        // a=args b=for_if_clauses (`_PyPegen_nonparen_genexp_in_call`: an error only
        // when the generator follows other positional arguments)
        self.try_invalid(|p| {
            let (positional, _) = p.args()?;
            let b = p.for_if_clauses()?;
            if positional.len() <= 1 {
                return None;
            }
            let a = positional.last()?.loc;
            p.raise_range(a, last_comprehension_item(&b)?, GENEXP_NOT_PARENTHESIZED);
            Some(())
        });
        // args ',' a=expression b=for_if_clauses
        self.try_invalid(|p| {
            p.args()?;
            p.eat(T::COMMA)?;
            let a = p.expression()?;
            let b = p.for_if_clauses()?;
            p.raise_range(
                a.loc,
                last_comprehension_item(&b)?,
                GENEXP_NOT_PARENTHESIZED,
            );
            Some(())
        });
        // a=args ',' args
        self.try_invalid(|p| {
            let (_, kws) = p.args()?;
            p.eat(T::COMMA)?;
            p.args()?;
            let msg = if kws.iter().any(|k| k.arg.is_none()) {
                "positional argument follows keyword argument unpacking"
            } else {
                "positional argument follows keyword argument"
            };
            p.raise_syntax(msg);
            Some(())
        });
    }

    /// `invalid_kwarg`
    pub(crate) fn invalid_kwarg(&mut self) {
        self.try_invalid(|p| {
            let t = p.cur()?;
            if !(p.at_kw(Kw::True) || p.at_kw(Kw::False) || p.at_kw(Kw::None)) {
                return None;
            }
            p.pos += 1;
            let b = p.eat(T::EQUAL)?;
            let msg = format!("cannot assign to {}", p.text(t));
            p.raise_range(tok_loc(t), tok_loc(b), msg);
            Some(())
        });
        self.try_invalid(|p| {
            let (_, a) = p.name()?;
            let b = p.eat(T::EQUAL)?;
            p.expression()?;
            p.for_if_clauses()?;
            p.raise_range(
                tok_loc(a),
                tok_loc(b),
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            );
            Some(())
        });
        self.try_invalid(|p| {
            if p.lookahead(|p| {
                p.name_token()?;
                p.eat(T::EQUAL)
            }) {
                return None;
            }
            let a = p.expression()?;
            let b = p.eat(T::EQUAL)?;
            p.raise_range(
                a.loc,
                tok_loc(b),
                "expression cannot contain assignment, perhaps you meant \"==\"?",
            );
            Some(())
        });
        self.try_invalid(|p| {
            let a = p.eat(T::DOUBLESTAR)?;
            p.expression()?;
            p.eat(T::EQUAL)?;
            let b = p.expression()?;
            p.raise_range(
                tok_loc(a),
                b.loc,
                "cannot assign to keyword argument unpacking",
            );
            Some(())
        });
    }

    /// `invalid_starred_expression_unpacking`
    pub(crate) fn invalid_starred_expression_unpacking(&mut self) {
        self.try_invalid(|p| {
            let a = p.eat(T::STAR)?;
            p.expression()?;
            p.eat(T::EQUAL)?;
            let b = p.expression()?;
            p.raise_range(
                tok_loc(a),
                b.loc,
                "cannot assign to iterable argument unpacking",
            );
            Some(())
        });
    }

    /// `invalid_starred_expression`
    pub(crate) fn invalid_starred_expression(&mut self) {
        self.try_invalid(|p| {
            p.eat(T::STAR)?;
            p.raise_syntax("Invalid star expression");
            Some(())
        });
    }

    /// `invalid_parameters`
    pub(crate) fn invalid_parameters(&mut self) {
        self.invalid_params_common(false);
    }

    /// `invalid_lambda_parameters`
    pub(crate) fn invalid_lambda_parameters(&mut self) {
        self.invalid_params_common(true);
    }

    /// Consumes a token of one of `kinds` (`('*' | '**' | '/')`).
    fn eat_any(&mut self, kinds: &[T]) -> Option<oxpy_tokenize::Token> {
        kinds.iter().find_map(|&k| self.eat(k))
    }

    /// `(slash_no_default | slash_with_default)` and its lambda form.
    fn slash_either(&mut self, lambda: bool) -> Option<()> {
        if self.alt(|p| p.slash_no_default(lambda)).is_some() {
            return Some(());
        }
        self.alt(|p| p.slash_with_default(lambda)).map(|_| ())
    }

    /// `invalid_parameters` (`lambda = false`) or `invalid_lambda_parameters`.
    fn invalid_params_common(&mut self, lambda: bool) {
        // a="/" ','
        self.try_invalid(|p| {
            let a = p.eat(T::SLASH)?;
            p.eat(T::COMMA)?;
            p.raise_node(tok_loc(a), "at least one argument must precede /");
            Some(())
        });
        // (slash_no_default | slash_with_default) param_maybe_default* a='/'
        self.try_invalid(|p| {
            p.slash_either(lambda)?;
            p.many(|p| p.param_maybe_default(lambda));
            let a = p.eat(T::SLASH)?;
            p.raise_node(tok_loc(a), "/ may appear only once");
            Some(())
        });
        // slash_no_default? param_no_default* invalid_parameters_helper a=param_no_default
        self.try_invalid(|p| {
            p.alt(|p| p.slash_no_default(lambda));
            p.many(|p| p.param_no_default(lambda));
            // invalid_parameters_helper: slash_with_default | param_with_default+
            if p.alt(|p| p.slash_with_default(lambda)).is_none()
                && p.many(|p| p.param_with_default(lambda)).is_empty()
            {
                return None;
            }
            let a = p.param_no_default(lambda)?;
            p.raise_node(
                a.loc,
                "parameter without a default follows parameter with a default",
            );
            Some(())
        });
        // param_no_default* a='(' param_no_default+ ','? b=')'
        // (lambda: lambda_param_no_default* a='(' ','.lambda_param+ ','? b=')')
        self.try_invalid(|p| {
            p.many(|p| p.param_no_default(lambda));
            let a = p.eat(T::LPAR)?;
            if lambda {
                p.param(true)?;
                while p
                    .alt(|p| {
                        p.eat(T::COMMA)?;
                        p.param(true)
                    })
                    .is_some()
                {}
            } else if p.many(|p| p.param_no_default(false)).is_empty() {
                return None;
            }
            p.eat(T::COMMA);
            let b = p.eat(T::RPAR)?;
            let what = if lambda {
                "Lambda expression parameters cannot be parenthesized"
            } else {
                "Function parameters cannot be parenthesized"
            };
            p.raise_range(tok_loc(a), tok_loc(b), what);
            Some(())
        });
        // (slash_no_default | slash_with_default)? param_maybe_default* '*'
        //     (',' | param_no_default) param_maybe_default* a='/'
        self.try_invalid(|p| {
            p.alt(|p| p.slash_either(lambda));
            p.many(|p| p.param_maybe_default(lambda));
            p.eat(T::STAR)?;
            if p.eat(T::COMMA).is_none() {
                p.param_no_default(lambda)?;
            }
            p.many(|p| p.param_maybe_default(lambda));
            let a = p.eat(T::SLASH)?;
            p.raise_node(tok_loc(a), "/ must be ahead of *");
            Some(())
        });
        // param_maybe_default+ '/' a='*'
        self.try_invalid(|p| {
            if p.many(|p| p.param_maybe_default(lambda)).is_empty() {
                return None;
            }
            p.eat(T::SLASH)?;
            let a = p.eat(T::STAR)?;
            p.raise_node(tok_loc(a), "expected comma between / and *");
            Some(())
        });
    }

    /// `invalid_star_etc`
    pub(crate) fn invalid_star_etc(&mut self) {
        self.invalid_star_etc_common(false);
    }

    /// `invalid_lambda_star_etc`
    pub(crate) fn invalid_lambda_star_etc(&mut self) {
        self.invalid_star_etc_common(true);
    }

    /// `invalid_star_etc` (`lambda = false`) or `invalid_lambda_star_etc`.
    fn invalid_star_etc_common(&mut self, lambda: bool) {
        let closer = if lambda { T::COLON } else { T::RPAR };
        // a='*' (')' | ',' (')' | '**'))   (lambda: '*' (':' | ',' (':' | '**')))
        self.try_invalid(|p| {
            let a = p.eat(T::STAR)?;
            let ok = p.eat(closer).is_some()
                || (p.eat(T::COMMA).is_some() && p.eat_any(&[closer, T::DOUBLESTAR]).is_some());
            if !ok {
                return None;
            }
            if lambda {
                p.raise_syntax("named arguments must follow bare *");
            } else {
                p.raise_node(tok_loc(a), "named arguments must follow bare *");
            }
            Some(())
        });
        // '*' ',' TYPE_COMMENT
        if !lambda {
            self.try_invalid(|p| {
                p.eat(T::STAR)?;
                p.eat(T::COMMA)?;
                p.eat(T::TYPE_COMMENT)?;
                p.raise_syntax("bare * has associated type comment");
                Some(())
            });
        }
        // '*' param a='='
        self.try_invalid(|p| {
            p.eat(T::STAR)?;
            p.param(lambda)?;
            let a = p.eat(T::EQUAL)?;
            p.raise_node(
                tok_loc(a),
                "var-positional argument cannot have default value",
            );
            Some(())
        });
        // '*' (param_no_default | ',') param_maybe_default* a='*' (param_no_default | ',')
        self.try_invalid(|p| {
            p.eat(T::STAR)?;
            if p.alt(|p| p.param_no_default(lambda)).is_none() {
                p.eat(T::COMMA)?;
            }
            p.many(|p| p.param_maybe_default(lambda));
            let a = p.eat(T::STAR)?;
            if p.alt(|p| p.param_no_default(lambda)).is_none() {
                p.eat(T::COMMA)?;
            }
            p.raise_node(tok_loc(a), "* argument may appear only once");
            Some(())
        });
    }

    /// `invalid_kwds`
    pub(crate) fn invalid_kwds(&mut self) {
        self.invalid_kwds_common(false);
    }

    /// `invalid_lambda_kwds`
    pub(crate) fn invalid_lambda_kwds(&mut self) {
        self.invalid_kwds_common(true);
    }

    /// `invalid_kwds` (`lambda = false`) or `invalid_lambda_kwds`.
    fn invalid_kwds_common(&mut self, lambda: bool) {
        // '**' param a='='
        self.try_invalid(|p| {
            p.eat(T::DOUBLESTAR)?;
            p.param(lambda)?;
            let a = p.eat(T::EQUAL)?;
            p.raise_node(tok_loc(a), "var-keyword argument cannot have default value");
            Some(())
        });
        // '**' param ',' a=param
        self.try_invalid(|p| {
            p.eat(T::DOUBLESTAR)?;
            p.param(lambda)?;
            p.eat(T::COMMA)?;
            let a = p.param(lambda)?;
            p.raise_node(a.loc, "arguments cannot follow var-keyword argument");
            Some(())
        });
        // '**' param ',' a[Token*]=('*'|'**'|'/')
        self.try_invalid(|p| {
            p.eat(T::DOUBLESTAR)?;
            p.param(lambda)?;
            p.eat(T::COMMA)?;
            let a = p.eat_any(&[T::STAR, T::DOUBLESTAR, T::SLASH])?;
            p.raise_node(tok_loc(a), "arguments cannot follow var-keyword argument");
            Some(())
        });
    }

    /// `invalid_default`
    pub(crate) fn invalid_default(&mut self) {
        self.try_invalid(|p| {
            let a = p.eat(T::EQUAL)?;
            if !matches!(p.kind(), T::RPAR | T::COMMA) {
                return None;
            }
            p.raise_node(tok_loc(a), "expected default value expression");
            Some(())
        });
    }

    /// `invalid_group`
    pub(crate) fn invalid_group(&mut self) {
        self.try_invalid(|p| {
            p.eat(T::LPAR)?;
            let a = p.starred_expression()?;
            p.eat(T::RPAR)?;
            p.raise_node(a.loc, "cannot use starred expression here");
            Some(())
        });
        self.try_invalid(|p| {
            p.eat(T::LPAR)?;
            let a = p.eat(T::DOUBLESTAR)?;
            p.expression()?;
            p.eat(T::RPAR)?;
            p.raise_node(tok_loc(a), "cannot use double starred expression here");
            Some(())
        });
    }

    /// `invalid_comprehension`
    pub(crate) fn invalid_comprehension(&mut self) {
        self.try_invalid(|p| {
            let open = p.cur()?;
            if !matches!(open.kind, T::LSQB | T::LPAR) {
                return None;
            }
            p.pos += 1;
            let a = p.eat(T::DOUBLESTAR)?;
            let b = p.expression()?;
            p.for_if_clauses()?;
            let msg = if open.kind == T::LSQB {
                "cannot use dict unpacking in list comprehension"
            } else {
                "cannot use dict unpacking in generator expression"
            };
            p.raise_range(tok_loc(a), b.loc, msg);
            Some(())
        });
        self.try_invalid(|p| {
            if !matches!(p.kind(), T::LSQB | T::LBRACE) {
                return None;
            }
            p.pos += 1;
            let a = p.star_named_expression()?;
            let comma = p.eat(T::COMMA)?;
            let b = p.alt(|p| p.star_named_expressions());
            p.for_if_clauses()?;
            let end = b
                .and_then(|v| v.last().map(|e| e.loc))
                .unwrap_or(tok_loc(comma));
            p.raise_range(
                a.loc,
                end,
                "did you forget parentheses around the comprehension target?",
            );
            Some(())
        });
    }

    /// `invalid_dict_comprehension`: `'{' a='**' bitwise_or for_if_clauses '}'`
    pub(crate) fn invalid_dict_comprehension(&mut self) {
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            let a = p.eat(T::DOUBLESTAR)?;
            p.bitwise_or()?;
            p.for_if_clauses()?;
            p.eat(T::RBRACE)?;
            p.raise_node(
                tok_loc(a),
                "dict unpacking cannot be used in dict comprehension",
            );
            Some(())
        });
    }

    /// `invalid_double_starred_kvpairs` (after the display's `{`)
    pub(crate) fn invalid_double_starred_kvpairs(&mut self) {
        // ','.double_starred_kvpair+ ',' invalid_kvpair
        self.try_invalid(|p| {
            p.gather(|p| p.double_starred_kvpair())?;
            p.eat(T::COMMA)?;
            p.invalid_kvpair();
            None
        });
        // expression ':' a='*' bitwise_or
        self.kv_starred_value();
        // expression a=':' &('}'|',')
        self.kv_missing_value();
    }

    /// `expression ':' a='*' bitwise_or`: "cannot use a starred expression in a dictionary
    /// value".
    fn kv_starred_value(&mut self) {
        self.try_invalid(|p| {
            p.expression()?;
            p.eat(T::COLON)?;
            let a = p.eat(T::STAR)?;
            p.bitwise_or()?;
            p.raise_starting_from(
                tok_loc(a),
                "cannot use a starred expression in a dictionary value",
            );
            Some(())
        });
    }

    /// `expression a=':' &('}'|',')`: "expression expected after dictionary key and ':'".
    fn kv_missing_value(&mut self) {
        self.try_invalid(|p| {
            p.expression()?;
            let a = p.eat(T::COLON)?;
            if !matches!(p.kind(), T::RBRACE | T::COMMA) {
                return None;
            }
            p.raise_node(
                tok_loc(a),
                "expression expected after dictionary key and ':'",
            );
            Some(())
        });
    }

    /// `invalid_kvpair`
    fn invalid_kvpair(&mut self) {
        // a=expression !(':')
        self.try_invalid(|p| {
            let a = p.expression()?;
            if p.at(T::COLON) {
                return None;
            }
            p.raise_known(
                ExceptionClass::SyntaxError,
                "':' expected after dictionary key".to_string(),
                a.loc.lineno as usize,
                i64::from(a.loc.end_col_offset) - 1,
                a.loc.end_lineno as usize,
                -1,
            );
            Some(())
        });
        // expression ':' a='*' bitwise_or
        self.kv_starred_value();
        // expression a=':' &('}'|',')
        self.kv_missing_value();
    }

    /// `invalid_type_params`
    pub(crate) fn invalid_type_params(&mut self) {
        self.try_invalid(|p| {
            p.eat(T::LSQB)?;
            let t = p.eat(T::RSQB)?;
            p.raise_starting_from(tok_loc(t), "Type parameter list cannot be empty");
            Some(())
        });
    }

    /// `invalid_type_param`
    pub(crate) fn invalid_type_param(&mut self) {
        for (tok, what) in [(T::STAR, "TypeVarTuple"), (T::DOUBLESTAR, "ParamSpec")] {
            self.try_invalid(|p| {
                p.eat(tok)?;
                p.name()?;
                let colon = p.eat(T::COLON)?;
                let e = p.expression()?;
                let msg = if matches!(e.kind, ExprKind::Tuple { .. }) {
                    format!("cannot use constraints with {what}")
                } else {
                    format!("cannot use bound with {what}")
                };
                p.raise_starting_from(tok_loc(colon), msg);
                Some(())
            });
        }
    }

    /// `invalid_raise_stmt`
    pub(crate) fn invalid_raise_stmt(&mut self) {
        self.try_invalid(|p| {
            let a = p.kw(Kw::Raise)?;
            let b = p.kw(Kw::From)?;
            p.raise_range(
                tok_loc(a),
                tok_loc(b),
                "did you forget an expression between 'raise' and 'from'?",
            );
            Some(())
        });
        self.try_invalid(|p| {
            p.kw(Kw::Raise)?;
            p.expression()?;
            let a = p.kw(Kw::From)?;
            p.raise_node(tok_loc(a), "did you forget an expression after 'from'?");
            Some(())
        });
    }

    /// `invalid_import`
    pub(crate) fn invalid_import(&mut self) {
        self.try_invalid(|p| {
            let a = p.kw(Kw::Import)?;
            p.gather(|p| p.dotted_name())?;
            p.kw(Kw::From)?;
            p.dotted_name()?;
            p.raise_starting_from(
                tok_loc(a),
                "Did you mean to use 'from ... import ...' instead?",
            );
            Some(())
        });
        self.try_invalid(|p| {
            p.kw(Kw::Import)?;
            let t = p.eat(T::NEWLINE)?;
            p.raise_starting_from(tok_loc(t), "Expected one or more names after 'import'");
            Some(())
        });
    }

    /// `invalid_import_from_targets`
    pub(crate) fn invalid_import_from_targets(&mut self) {
        self.try_invalid(|p| {
            p.gather(|p| {
                p.name()?;
                let _ = p.alt(|p| {
                    p.kw(Kw::As)?;
                    p.name()
                });
                Some(())
            })?;
            p.eat(T::COMMA)?;
            p.eat(T::NEWLINE)?;
            p.raise_syntax("trailing comma not allowed without surrounding parentheses");
            Some(())
        });
        self.try_invalid(|p| {
            let t = p.eat(T::NEWLINE)?;
            p.raise_starting_from(tok_loc(t), "Expected one or more names after 'import'");
            Some(())
        });
    }

    /// `invalid_import_from_as_name`
    pub(crate) fn invalid_import_from_as_name(&mut self) {
        self.try_invalid(|p| {
            p.name()?;
            p.invalid_import_as_tail()
        });
    }

    /// `invalid_dotted_as_name`
    pub(crate) fn invalid_dotted_as_name(&mut self) {
        self.try_invalid(|p| {
            p.dotted_name()?;
            p.invalid_import_as_tail()
        });
    }

    /// `'as' !(NAME (',' | ')' | ';' | NEWLINE)) a=expression`
    fn invalid_import_as_tail(&mut self) -> Option<()> {
        self.kw(Kw::As)?;
        if self.lookahead(|p| {
            p.name_token()?;
            matches!(p.kind(), T::COMMA | T::RPAR | T::SEMI | T::NEWLINE).then_some(())
        }) {
            return None;
        }
        let a = self.expression()?;
        let msg = format!("cannot use {} as import target", expr_name(&a));
        self.raise_node(a.loc, msg);
        Some(())
    }

    /// `invalid_as_pattern`
    pub(crate) fn invalid_as_pattern(&mut self) {}

    /// `invalid_mapping_pattern`
    pub(crate) fn invalid_mapping_pattern(&mut self) {}

    /// `invalid_class_pattern`
    pub(crate) fn invalid_class_pattern(&mut self) {}

    /// `invalid_fstring_replacement_field` / `invalid_tstring_replacement_field`
    pub(crate) fn invalid_replacement_field(&mut self, template: bool) {
        let prefix = if template { 't' } else { 'f' };
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            let a = p.cur()?;
            let c = match a.kind {
                T::EQUAL => '=',
                T::EXCLAMATION => '!',
                T::COLON => ':',
                T::RBRACE => '}',
                _ => return None,
            };
            p.raise_node(
                tok_loc(a),
                format!("{prefix}-string: valid expression required before '{c}'"),
            );
            Some(())
        });
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            if p.lookahead(|p| p.annotated_rhs()) || p.error.is_some() {
                return None;
            }
            p.raise_on_next_token(format!(
                "{prefix}-string: expecting a valid expression after '{{'"
            ));
            Some(())
        });
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            p.annotated_rhs()?;
            if matches!(p.kind(), T::EQUAL | T::EXCLAMATION | T::COLON | T::RBRACE) {
                return None;
            }
            p.raise_on_next_token(format!(
                "{prefix}-string: expecting '=', or '!', or ':', or '}}'"
            ));
            Some(())
        });
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            p.annotated_rhs()?;
            p.eat(T::EQUAL)?;
            if matches!(p.kind(), T::EXCLAMATION | T::COLON | T::RBRACE) {
                return None;
            }
            p.raise_on_next_token(format!("{prefix}-string: expecting '!', or ':', or '}}'"));
            Some(())
        });
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            p.annotated_rhs()?;
            p.eat(T::EQUAL);
            p.eat(T::EXCLAMATION)?;
            if matches!(p.kind(), T::COLON | T::RBRACE) {
                p.raise_on_next_token(format!("{prefix}-string: missing conversion character"));
                return Some(());
            }
            if !p.at(T::NAME) {
                p.raise_on_next_token(format!("{prefix}-string: invalid conversion character"));
                return Some(());
            }
            None
        });
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            p.annotated_rhs()?;
            p.eat(T::EQUAL);
            let _ = p.alt(|p| {
                p.eat(T::EXCLAMATION)?;
                p.name()
            });
            if matches!(p.kind(), T::COLON | T::RBRACE) {
                return None;
            }
            p.raise_on_next_token(format!("{prefix}-string: expecting ':' or '}}'"));
            Some(())
        });
        self.try_invalid(|p| {
            p.eat(T::LBRACE)?;
            p.annotated_rhs()?;
            p.eat(T::EQUAL);
            let _ = p.alt(|p| {
                p.eat(T::EXCLAMATION)?;
                p.name()
            });
            if p.at(T::RBRACE) {
                return None;
            }
            p.raise_on_next_token(format!("{prefix}-string: expecting '}}'"));
            Some(())
        });
    }
}

/// The message of the `invalid_arguments` alternatives for an unparenthesized generator.
const GENEXP_NOT_PARENTHESIZED: &str = "Generator expression must be parenthesized";

/// `_PyPegen_get_last_comprehension_item` of the last clause: its last `if`, or its
/// iterable when it has none.
fn last_comprehension_item(clauses: &[crate::ast::Comprehension]) -> Option<Location> {
    let last = clauses.last()?;
    Some(last.ifs.last().map_or(last.iter.loc, |e| e.loc))
}
