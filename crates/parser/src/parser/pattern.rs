//! Port of Grammar/python.gram's pattern rules (Parser/parser.c, Parser/action_helpers.c): the patterns of `match` statements' `case` blocks.

use oxpy_tokenize::TokenKind as T;

use super::Kw;
use super::expression::mk;
use super::{Parser, tok_loc};
use crate::Constant;
use crate::ast::{
    Expr, ExprContext, ExprKind, Operator, Pattern, PatternKind, PatternMatchClass,
    PatternMatchMapping, Unaryop,
};

fn pat(kind: PatternKind, loc: crate::Location) -> Pattern {
    Pattern { kind, loc }
}

impl Parser<'_> {
    /// `patterns: open_sequence_pattern | pattern`
    pub(crate) fn patterns(&mut self) -> Option<Pattern> {
        if let Some(p) = self.alt(|p| {
            let start = p.start();
            let patterns = p.open_sequence_pattern()?;
            Some(pat(
                PatternKind::MatchSequence {
                    patterns: patterns.into(),
                },
                p.loc_from(start),
            ))
        }) {
            return Some(p);
        }
        if self.error.is_some() {
            return None;
        }
        self.pattern()
    }

    /// `pattern: as_pattern | or_pattern`
    pub(crate) fn pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            if let Some(r) = p.alt(|p| {
                let start = p.start();
                let pattern = p.or_pattern()?;
                p.kw(Kw::As)?;
                let (name, _) = p.pattern_capture_target()?;
                Some(pat(
                    PatternKind::MatchAs {
                        pattern: Some(Box::new(pattern)),
                        name: Some(name),
                    },
                    p.loc_from(start),
                ))
            }) {
                return Some(r);
            }
            if p.error.is_some() {
                return None;
            }
            if p.invalid {
                p.invalid_as_pattern();
                if p.error.is_some() {
                    return None;
                }
            }
            p.alt(|p| p.or_pattern())
        })
    }

    fn or_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        let first = self.closed_pattern()?;
        let mut v = vec![first];
        loop {
            let m = self.mark();
            if self.eat(T::VBAR).is_none() {
                break;
            }
            match self.alt(|p| p.closed_pattern()) {
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
        if v.len() == 1 {
            return v.pop();
        }
        Some(pat(
            PatternKind::MatchOr { patterns: v.into() },
            self.loc_from(start),
        ))
    }

    fn closed_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        let alts: [fn(&mut Self) -> Option<Pattern>; 8] = [
            Self::literal_pattern,
            Self::capture_pattern,
            Self::wildcard_pattern,
            Self::value_pattern,
            Self::group_pattern,
            Self::sequence_pattern,
            Self::mapping_pattern,
            Self::class_pattern,
        ];
        let _ = start;
        for f in alts {
            if let Some(r) = self.alt(f) {
                return Some(r);
            }
            if self.error.is_some() {
                return None;
            }
        }
        None
    }

    fn literal_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        if let Some(t) = self.cur() {
            if t.kind == T::NAME {
                let v = match self.text(t) {
                    "None" => Constant::None,
                    "True" => Constant::Bool(true),
                    "False" => Constant::Bool(false),
                    _ => return None,
                };
                self.pos += 1;
                return Some(pat(PatternKind::MatchSingleton { value: v }, tok_loc(t)));
            }
        }
        let value = self.literal_value()?;
        Some(pat(
            PatternKind::MatchValue {
                value: Box::new(value),
            },
            self.loc_from(start),
        ))
    }

    /// `signed_number !('+' | '-') | complex_number | strings`
    fn literal_value(&mut self) -> Option<Expr> {
        if let Some(e) = self.alt(|p| {
            let e = p.signed_number()?;
            if matches!(p.kind(), T::PLUS | T::MINUS) {
                return None;
            }
            Some(e)
        }) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        if let Some(e) = self.alt(|p| p.complex_number()) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        if matches!(self.kind(), T::STRING | T::FSTRING_START | T::TSTRING_START) {
            return self.strings();
        }
        None
    }

    /// `literal_expr`
    fn literal_expr(&mut self) -> Option<Expr> {
        if let Some(e) = self.alt(|p| p.literal_value()) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        let t = self.cur()?;
        if t.kind != T::NAME {
            return None;
        }
        let v = match self.text(t) {
            "None" => Constant::None,
            "True" => Constant::Bool(true),
            "False" => Constant::Bool(false),
            _ => return None,
        };
        self.pos += 1;
        Some(mk(
            ExprKind::Constant {
                value: v,
                kind: None,
            },
            tok_loc(t),
        ))
    }

    fn number_expr(&mut self) -> Option<(Expr, Constant)> {
        let t = self.eat(T::NUMBER)?;
        let v = self.number(t)?;
        Some((
            mk(
                ExprKind::Constant {
                    value: v.clone(),
                    kind: None,
                },
                tok_loc(t),
            ),
            v,
        ))
    }

    fn signed_number(&mut self) -> Option<Expr> {
        let start = self.start();
        if self.eat(T::MINUS).is_some() {
            let (n, _) = self.number_expr()?;
            return Some(mk(
                ExprKind::UnaryOp {
                    op: Unaryop::USub,
                    operand: Box::new(n),
                },
                self.loc_from(start),
            ));
        }
        self.number_expr().map(|(e, _)| e)
    }

    fn complex_number(&mut self) -> Option<Expr> {
        let start = self.start();
        let neg = self.eat(T::MINUS).is_some();
        let (real, v) = self.number_expr()?;
        if matches!(v, Constant::Complex { .. }) {
            self.raise_node(real.loc, "real number required in complex literal");
            return None;
        }
        let real = if neg {
            mk(
                ExprKind::UnaryOp {
                    op: Unaryop::USub,
                    operand: Box::new(real),
                },
                self.loc_from(start),
            )
        } else {
            real
        };
        let op = match self.kind() {
            T::PLUS => Operator::Add,
            T::MINUS => Operator::Sub,
            _ => return None,
        };
        self.pos += 1;
        let (imag, v) = self.number_expr()?;
        if !matches!(v, Constant::Complex { .. }) {
            self.raise_node(imag.loc, "imaginary number required in complex literal");
            return None;
        }
        Some(mk(
            ExprKind::BinOp {
                left: Box::new(real),
                op,
                right: Box::new(imag),
            },
            self.loc_from(start),
        ))
    }

    /// `pattern_capture_target: !"_" NAME !('.' | '(' | '=')`
    fn pattern_capture_target(&mut self) -> Option<(String, crate::Location)> {
        if self.at_kw(Kw::Underscore) {
            return None;
        }
        let m = self.mark();
        let (name, t) = self.name()?;
        if matches!(self.kind(), T::DOT | T::LPAR | T::EQUAL) {
            self.reset(m);
            return None;
        }
        Some((name, tok_loc(t)))
    }

    fn capture_pattern(&mut self) -> Option<Pattern> {
        let (name, loc) = self.pattern_capture_target()?;
        Some(pat(
            PatternKind::MatchAs {
                pattern: None,
                name: Some(name),
            },
            loc,
        ))
    }

    fn wildcard_pattern(&mut self) -> Option<Pattern> {
        let t = self.kw(Kw::Underscore)?;
        Some(pat(
            PatternKind::MatchAs {
                pattern: None,
                name: None,
            },
            tok_loc(t),
        ))
    }

    fn value_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        let a = self.attr()?;
        if matches!(self.kind(), T::DOT | T::LPAR | T::EQUAL) {
            return None;
        }
        Some(pat(
            PatternKind::MatchValue { value: Box::new(a) },
            self.loc_from(start),
        ))
    }

    /// `attr: name_or_attr '.' NAME`
    fn attr(&mut self) -> Option<Expr> {
        let e = self.name_or_attr()?;
        if matches!(e.kind, ExprKind::Attribute { .. }) {
            Some(e)
        } else {
            None
        }
    }

    fn name_or_attr(&mut self) -> Option<Expr> {
        let start = self.start();
        let mut e = self.name_expr(ExprContext::Load)?;
        loop {
            let m = self.mark();
            if self.eat(T::DOT).is_none() {
                break;
            }
            match self.name() {
                Some((attr, _)) => {
                    e = mk(
                        ExprKind::Attribute {
                            value: Box::new(e),
                            attr,
                            ctx: ExprContext::Load,
                        },
                        self.loc_from(start),
                    );
                }
                None => {
                    self.reset(m);
                    break;
                }
            }
        }
        Some(e)
    }

    fn group_pattern(&mut self) -> Option<Pattern> {
        self.eat(T::LPAR)?;
        let p = self.pattern()?;
        self.eat(T::RPAR)?;
        Some(p)
    }

    fn sequence_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        if self.eat(T::LSQB).is_some() {
            let patterns = self.alt(|p| p.maybe_sequence_pattern());
            if self.error.is_some() {
                return None;
            }
            self.eat(T::RSQB)?;
            return Some(pat(
                PatternKind::MatchSequence {
                    patterns: patterns.unwrap_or_default().into(),
                },
                self.loc_from(start),
            ));
        }
        self.eat(T::LPAR)?;
        let patterns = self.alt(|p| p.open_sequence_pattern());
        if self.error.is_some() {
            return None;
        }
        self.eat(T::RPAR)?;
        Some(pat(
            PatternKind::MatchSequence {
                patterns: patterns.unwrap_or_default().into(),
            },
            self.loc_from(start),
        ))
    }

    fn open_sequence_pattern(&mut self) -> Option<Vec<Pattern>> {
        let first = self.maybe_star_pattern()?;
        self.eat(T::COMMA)?;
        let mut v = vec![first];
        if let Some(rest) = self.alt(|p| p.maybe_sequence_pattern()) {
            v.extend(rest);
        }
        if self.error.is_some() {
            return None;
        }
        Some(v)
    }

    fn maybe_sequence_pattern(&mut self) -> Option<Vec<Pattern>> {
        let v = self.gather(|p| p.maybe_star_pattern())?;
        self.eat(T::COMMA);
        Some(v)
    }

    fn maybe_star_pattern(&mut self) -> Option<Pattern> {
        if let Some(p) = self.alt(|p| p.star_pattern()) {
            return Some(p);
        }
        if self.error.is_some() {
            return None;
        }
        self.pattern()
    }

    fn star_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        self.eat(T::STAR)?;
        if let Some((name, _)) = self.pattern_capture_target() {
            return Some(pat(
                PatternKind::MatchStar { name: Some(name) },
                self.loc_from(start),
            ));
        }
        self.wildcard_pattern()?;
        Some(pat(
            PatternKind::MatchStar { name: None },
            self.loc_from(start),
        ))
    }

    fn mapping_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        let r = self.alt(|p| {
            p.eat(T::LBRACE)?;
            if p.eat(T::RBRACE).is_some() {
                return Some((Vec::new(), Vec::new(), None));
            }
            if let Some(rest) = p.alt(|p| {
                let r = p.double_star_pattern()?;
                p.eat(T::COMMA);
                p.eat(T::RBRACE)?;
                Some(r)
            }) {
                return Some((Vec::new(), Vec::new(), Some(rest)));
            }
            if p.error.is_some() {
                return None;
            }
            let items = p.gather(|p| p.key_value_pattern())?;
            let rest = p.alt(|p| {
                p.eat(T::COMMA)?;
                let r = p.double_star_pattern()?;
                Some(r)
            });
            p.eat(T::COMMA);
            p.eat(T::RBRACE)?;
            let (keys, patterns) = items.into_iter().unzip();
            Some((keys, patterns, rest))
        });
        if let Some((keys, patterns, rest)) = r {
            return Some(pat(
                PatternKind::MatchMapping(Box::new(PatternMatchMapping {
                    keys: keys.into(),
                    patterns: patterns.into(),
                    rest,
                })),
                self.loc_from(start),
            ));
        }
        if self.invalid && self.error.is_none() {
            self.invalid_mapping_pattern();
        }
        None
    }

    fn key_value_pattern(&mut self) -> Option<(Expr, Pattern)> {
        let key = match self.alt(|p| p.literal_expr()) {
            Some(k) => k,
            None => {
                if self.error.is_some() {
                    return None;
                }
                self.attr()?
            }
        };
        self.eat(T::COLON)?;
        let v = self.pattern()?;
        Some((key, v))
    }

    fn double_star_pattern(&mut self) -> Option<String> {
        self.eat(T::DOUBLESTAR)?;
        self.pattern_capture_target().map(|(n, _)| n)
    }

    fn class_pattern(&mut self) -> Option<Pattern> {
        let start = self.start();
        let r = self.alt(|p| {
            let cls = p.name_or_attr()?;
            p.eat(T::LPAR)?;
            if p.eat(T::RPAR).is_some() {
                return Some((cls, Vec::new(), Vec::new(), Vec::new()));
            }
            let positional = p
                .alt(|p| {
                    p.gather(|p| {
                        let x = p.pattern()?;
                        Some(x)
                    })
                })
                .unwrap_or_default();
            if p.error.is_some() {
                return None;
            }
            // A keyword pattern is not a positional one (`x=` stops `pattern`).
            let mut kwd_attrs = Vec::new();
            let mut kwd_patterns = Vec::new();
            let kws = if positional.is_empty() {
                p.alt(|p| p.keyword_patterns())
            } else {
                p.alt(|p| {
                    p.eat(T::COMMA)?;
                    p.keyword_patterns()
                })
            };
            if p.error.is_some() {
                return None;
            }
            if positional.is_empty() && kws.is_none() {
                return None;
            }
            for (a, x) in kws.unwrap_or_default() {
                kwd_attrs.push(a);
                kwd_patterns.push(x);
            }
            p.eat(T::COMMA);
            p.eat(T::RPAR)?;
            Some((cls, positional, kwd_attrs, kwd_patterns))
        });
        if let Some((cls, patterns, kwd_attrs, kwd_patterns)) = r {
            return Some(pat(
                PatternKind::MatchClass(Box::new(PatternMatchClass {
                    cls: Box::new(cls),
                    patterns: patterns.into(),
                    kwd_attrs: kwd_attrs.into(),
                    kwd_patterns: kwd_patterns.into(),
                })),
                self.loc_from(start),
            ));
        }
        if self.invalid && self.error.is_none() {
            self.invalid_class_pattern();
        }
        None
    }

    fn keyword_patterns(&mut self) -> Option<Vec<(String, Pattern)>> {
        self.gather(|p| {
            let (name, _) = p.name()?;
            p.eat(T::EQUAL)?;
            let v = p.pattern()?;
            Some((name, v))
        })
    }
}
