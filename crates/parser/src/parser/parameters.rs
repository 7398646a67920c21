//! Port of Grammar/python.gram's parameter rules (Parser/parser.c, Parser/action_helpers.c): `params`, `lambda_params`, `lambdef` and `type_params`.

use oxpy_tokenize::TokenKind as T;

use super::Kw;
use super::Parser;
use super::expression::mk;
use crate::ast::{Arg, Arguments, Expr, ExprKind, TypeParam, TypeParamKind};

/// `SlashWithDefault`: parameters before `/`, the last ones with defaults.
pub(crate) type SlashWithDefault = (Vec<Arg>, Vec<(Arg, Expr)>);

/// `StarEtc`: what follows the positional parameters.
#[derive(Default)]
struct StarEtc {
    vararg: Option<Arg>,
    kwonly: Vec<(Arg, Option<Expr>)>,
    kwarg: Option<Arg>,
}

/// The empty `arguments` (`_PyPegen_empty_arguments`).
pub(crate) fn empty_arguments() -> Arguments {
    Arguments {
        posonlyargs: Vec::new().into(),
        args: Vec::new().into(),
        vararg: None,
        kwonlyargs: Vec::new().into(),
        kw_defaults: Vec::new().into(),
        kwarg: None,
        defaults: Vec::new().into(),
    }
}

/// `_PyPegen_make_arguments`.
fn make_arguments(
    slash_no_default: Option<Vec<Arg>>,
    slash_with_default: Option<SlashWithDefault>,
    plain: Vec<Arg>,
    with_default: Vec<(Arg, Expr)>,
    star: Option<StarEtc>,
) -> Arguments {
    let mut posonlyargs = Vec::new();
    let mut defaults = Vec::new();
    if let Some(a) = slash_no_default {
        posonlyargs = a;
    } else if let Some((plain_names, names_with_defaults)) = slash_with_default {
        posonlyargs = plain_names;
        for (a, d) in names_with_defaults {
            posonlyargs.push(a);
            defaults.push(d);
        }
    }
    let mut args = plain;
    for (a, d) in with_default {
        args.push(a);
        defaults.push(d);
    }
    let star = star.unwrap_or_default();
    let mut kwonlyargs = Vec::new();
    let mut kw_defaults = Vec::new();
    for (a, d) in star.kwonly {
        kwonlyargs.push(a);
        // `None` for a keyword-only parameter without a default, as CPython stores it.
        kw_defaults.push(d);
    }
    Arguments {
        posonlyargs: posonlyargs.into(),
        args: args.into(),
        vararg: star.vararg.map(Box::new),
        kwonlyargs: kwonlyargs.into(),
        kw_defaults: kw_defaults.into(),
        kwarg: star.kwarg.map(Box::new),
        defaults: defaults.into(),
    }
}

impl Parser<'_> {
    /// `params` (`lambda = false`) or `lambda_params` (`lambda = true`).
    pub(crate) fn params(&mut self, lambda: bool) -> Option<Arguments> {
        if self.invalid {
            if lambda {
                self.invalid_lambda_parameters();
            } else {
                self.invalid_parameters();
            }
            if self.error.is_some() {
                return None;
            }
        }
        self.parameters(lambda)
    }

    fn parameters(&mut self, lambda: bool) -> Option<Arguments> {
        if !self.invalid {
            return self.parameters_once(lambda);
        }
        // slash_no_default param_no_default* param_with_default* [star_etc]
        if let Some(r) = self.alt(|p| {
            let a = p.slash_no_default(lambda)?;
            let b = p.many(|p| p.param_no_default(lambda));
            let c = p.many(|p| p.param_with_default(lambda));
            let d = p.alt(|p| p.star_etc(lambda));
            if p.error.is_some() {
                return None;
            }
            p.check_version(8, "Positional-only parameters are")?;
            Some(make_arguments(Some(a), None, b, c, d))
        }) {
            return Some(r);
        }
        if let Some(r) = self.alt(|p| {
            let a = p.slash_with_default(lambda)?;
            let b = p.many(|p| p.param_with_default(lambda));
            let c = p.alt(|p| p.star_etc(lambda));
            if p.error.is_some() {
                return None;
            }
            p.check_version(8, "Positional-only parameters are")?;
            Some(make_arguments(None, Some(a), Vec::new(), b, c))
        }) {
            return Some(r);
        }
        if let Some(r) = self.alt(|p| {
            let a = p.many(|p| p.param_no_default(lambda));
            if a.is_empty() {
                return None;
            }
            let b = p.many(|p| p.param_with_default(lambda));
            let c = p.alt(|p| p.star_etc(lambda));
            if p.error.is_some() {
                return None;
            }
            Some(make_arguments(None, None, a, b, c))
        }) {
            return Some(r);
        }
        if let Some(r) = self.alt(|p| {
            let a = p.many(|p| p.param_with_default(lambda));
            if a.is_empty() {
                return None;
            }
            let b = p.alt(|p| p.star_etc(lambda));
            if p.error.is_some() {
                return None;
            }
            Some(make_arguments(None, None, Vec::new(), a, b))
        }) {
            return Some(r);
        }
        self.alt(|p| {
            let a = p.star_etc(lambda)?;
            Some(make_arguments(None, None, Vec::new(), Vec::new(), Some(a)))
        })
    }

    /// [`Parser::parameters`] in the first pass: the same alternatives, but the
    /// parameter lists they share are parsed once. Each alternative starts with
    /// `param_no_default*` (or `+`), then `param_with_default*` (or `+`), both greedy and
    /// never backtracked into, so they end at the same tokens in every alternative; only
    /// what follows them (`'/'`, `star_etc`) decides which alternative matches.
    fn parameters_once(&mut self, lambda: bool) -> Option<Arguments> {
        let plain = self.many(|p| p.param_no_default(lambda));
        if self.error.is_some() {
            return None;
        }
        let after_plain = self.mark();
        // slash_no_default param_no_default* param_with_default* [star_etc]
        if !plain.is_empty() && self.slash_end(lambda) {
            let b = self.many(|p| p.param_no_default(lambda));
            let c = self.many(|p| p.param_with_default(lambda));
            let d = self.alt(|p| p.star_etc(lambda));
            if self.error.is_some() {
                return None;
            }
            self.check_version(8, "Positional-only parameters are")?;
            return Some(make_arguments(Some(plain), None, b, c, d));
        }
        if self.error.is_some() {
            return None;
        }
        self.reset(after_plain);
        let with_default = self.many(|p| p.param_with_default(lambda));
        if self.error.is_some() {
            return None;
        }
        let after_defaults = self.mark();
        // slash_with_default param_with_default* [star_etc]
        if !with_default.is_empty() && self.slash_end(lambda) {
            let b = self.many(|p| p.param_with_default(lambda));
            let c = self.alt(|p| p.star_etc(lambda));
            if self.error.is_some() {
                return None;
            }
            self.check_version(8, "Positional-only parameters are")?;
            return Some(make_arguments(
                None,
                Some((plain, with_default)),
                Vec::new(),
                b,
                c,
            ));
        }
        if self.error.is_some() {
            return None;
        }
        self.reset(after_defaults);
        // param_no_default+ param_with_default* [star_etc]
        // | param_with_default+ [star_etc] (`plain` is empty: the defaults start here)
        // | star_etc (both are empty)
        if !plain.is_empty() || !with_default.is_empty() {
            let c = self.alt(|p| p.star_etc(lambda));
            if self.error.is_some() {
                return None;
            }
            return Some(make_arguments(None, None, plain, with_default, c));
        }
        self.alt(|p| {
            let a = p.star_etc(lambda)?;
            Some(make_arguments(None, None, Vec::new(), Vec::new(), Some(a)))
        })
    }

    /// `'/' (',' | &closer)` after the positional-only parameters (consumed when it
    /// matches; the caller resets the cursor when not).
    fn slash_end(&mut self, lambda: bool) -> bool {
        self.eat(T::SLASH).is_some() && self.param_end(lambda).is_some()
    }

    /// `e*`: zero or more.
    pub(crate) fn many<X>(&mut self, mut f: impl FnMut(&mut Self) -> Option<X>) -> Vec<X> {
        let mut v = Vec::new();
        while let Some(x) = self.alt(&mut f) {
            v.push(x);
        }
        v
    }

    fn closer(&self, lambda: bool) -> T {
        if lambda { T::COLON } else { T::RPAR }
    }

    /// A parameter followed by `,` or (without consuming it) the closer.
    fn param_end(&mut self, lambda: bool) -> Option<()> {
        if self.eat(T::COMMA).is_some() {
            return Some(());
        }
        let c = self.closer(lambda);
        self.at(c).then_some(())
    }

    /// The end of one parameter with its type comment (`params` only):
    /// `',' TYPE_COMMENT?` or `TYPE_COMMENT? &')'` (lambda parameters take none).
    fn param_tail(&mut self, lambda: bool) -> Option<Option<Box<str>>> {
        if lambda {
            return self.param_end(true).map(|()| None);
        }
        if self.eat(T::COMMA).is_some() {
            return Some(self.opt_type_comment());
        }
        let m = self.mark();
        let tc = self.opt_type_comment();
        if self.at(T::RPAR) {
            return Some(tc);
        }
        self.reset(m);
        None
    }

    pub(crate) fn slash_no_default(&mut self, lambda: bool) -> Option<Vec<Arg>> {
        let a = self.many(|p| p.param_no_default(lambda));
        if a.is_empty() {
            return None;
        }
        self.eat(T::SLASH)?;
        self.param_end(lambda)?;
        Some(a)
    }

    pub(crate) fn slash_with_default(&mut self, lambda: bool) -> Option<SlashWithDefault> {
        let a = self.many(|p| p.param_no_default(lambda));
        let b = self.many(|p| p.param_with_default(lambda));
        if b.is_empty() {
            return None;
        }
        self.eat(T::SLASH)?;
        self.param_end(lambda)?;
        Some((a, b))
    }

    fn star_etc(&mut self, lambda: bool) -> Option<StarEtc> {
        if self.invalid {
            if lambda {
                self.invalid_lambda_star_etc();
            } else {
                self.invalid_star_etc();
            }
            if self.error.is_some() {
                return None;
            }
        }
        if let Some(r) = self.alt(|p| {
            p.eat(T::STAR)?;
            let a = p.param_no_default(lambda)?;
            let b = p.many(|p| p.param_maybe_default(lambda));
            let c = p.alt(|p| p.kwds(lambda));
            if p.error.is_some() {
                return None;
            }
            Some(StarEtc {
                vararg: Some(a),
                kwonly: b,
                kwarg: c,
            })
        }) {
            return Some(r);
        }
        if !lambda {
            if let Some(r) = self.alt(|p| {
                p.eat(T::STAR)?;
                let a = p.param_star_annotation()?;
                let b = p.many(|p| p.param_maybe_default(false));
                let c = p.alt(|p| p.kwds(false));
                if p.error.is_some() {
                    return None;
                }
                Some(StarEtc {
                    vararg: Some(a),
                    kwonly: b,
                    kwarg: c,
                })
            }) {
                return Some(r);
            }
        }
        if let Some(r) = self.alt(|p| {
            p.eat(T::STAR)?;
            p.eat(T::COMMA)?;
            let b = p.many(|p| p.param_maybe_default(lambda));
            if b.is_empty() {
                return None;
            }
            let c = p.alt(|p| p.kwds(lambda));
            if p.error.is_some() {
                return None;
            }
            Some(StarEtc {
                vararg: None,
                kwonly: b,
                kwarg: c,
            })
        }) {
            return Some(r);
        }
        self.alt(|p| {
            let a = p.kwds(lambda)?;
            Some(StarEtc {
                vararg: None,
                kwonly: Vec::new(),
                kwarg: Some(a),
            })
        })
    }

    fn kwds(&mut self, lambda: bool) -> Option<Arg> {
        if self.invalid {
            if lambda {
                self.invalid_lambda_kwds();
            } else {
                self.invalid_kwds();
            }
            if self.error.is_some() {
                return None;
            }
        }
        self.alt(|p| {
            p.eat(T::DOUBLESTAR)?;
            p.param_no_default(lambda)
        })
    }

    pub(crate) fn param_no_default(&mut self, lambda: bool) -> Option<Arg> {
        self.alt(|p| {
            let mut a = p.param(lambda)?;
            a.type_comment = p.param_tail(lambda)?;
            Some(a)
        })
    }

    pub(crate) fn param_with_default(&mut self, lambda: bool) -> Option<(Arg, Expr)> {
        self.alt(|p| {
            let mut a = p.param(lambda)?;
            let d = p.default()?;
            a.type_comment = p.param_tail(lambda)?;
            Some((a, d))
        })
    }

    pub(crate) fn param_maybe_default(&mut self, lambda: bool) -> Option<(Arg, Option<Expr>)> {
        self.alt(|p| {
            let mut a = p.param(lambda)?;
            let d = p.alt(|p| p.default());
            if p.error.is_some() {
                return None;
            }
            a.type_comment = p.param_tail(lambda)?;
            Some((a, d))
        })
    }

    /// `param` / `lambda_param`
    pub(crate) fn param(&mut self, lambda: bool) -> Option<Arg> {
        let start = self.start();
        let (name, _) = self.name()?;
        let annotation = if lambda {
            None
        } else {
            let r = self.alt(|p| {
                p.eat(T::COLON)?;
                p.expression()
            });
            if self.error.is_some() {
                return None;
            }
            r
        };
        Some(Arg {
            arg: name,
            annotation: annotation.map(Box::new),
            type_comment: None,
            loc: self.loc_from(start),
        })
    }

    fn param_star_annotation(&mut self) -> Option<Arg> {
        self.alt(|p| {
            let start = p.start();
            let (name, _) = p.name()?;
            p.eat(T::COLON)?;
            let ann = p.star_expression()?;
            let mut arg = Arg {
                arg: name,
                annotation: Some(Box::new(ann)),
                type_comment: None,
                loc: p.loc_from(start),
            };
            arg.type_comment = p.param_tail(false)?;
            Some(arg)
        })
    }

    /// `default`: `'=' expression | invalid_default`
    fn default(&mut self) -> Option<Expr> {
        let r = self.alt(|p| {
            p.eat(T::EQUAL)?;
            p.expression()
        });
        if r.is_none() && self.invalid && self.error.is_none() {
            self.invalid_default();
        }
        r
    }

    /// `lambdef`
    pub(crate) fn lambdef(&mut self) -> Option<Expr> {
        self.alt(|p| {
            let start = p.start();
            p.kw(Kw::Lambda)?;
            let args = p.alt(|p| p.params(true));
            if p.error.is_some() {
                return None;
            }
            p.eat(T::COLON)?;
            let body = p.expression()?;
            Some(mk(
                ExprKind::Lambda {
                    args: Box::new(args.unwrap_or_else(empty_arguments)),
                    body: Box::new(body),
                },
                p.loc_from(start),
            ))
        })
    }

    /// `type_params`
    pub(crate) fn type_params(&mut self) -> Option<Vec<TypeParam>> {
        if self.invalid {
            self.invalid_type_params();
            if self.error.is_some() {
                return None;
            }
        }
        self.alt(|p| {
            p.eat(T::LSQB)?;
            let v = p.gather(|p| p.type_param())?;
            p.eat(T::COMMA);
            p.eat(T::RSQB)?;
            p.check_version(12, "Type parameter lists are")?;
            Some(v)
        })
    }

    fn type_param(&mut self) -> Option<TypeParam> {
        let start = self.start();
        if let Some((name, _)) = self.name() {
            let bound = self.alt(|p| {
                p.eat(T::COLON)?;
                p.expression()
            });
            let default_value = self.alt(|p| {
                p.eat(T::EQUAL)?;
                let e = p.expression()?;
                p.check_version(13, "Type parameter defaults are")?;
                Some(e)
            });
            if self.error.is_some() {
                return None;
            }
            return Some(TypeParam {
                kind: TypeParamKind::TypeVar {
                    name,
                    bound: bound.map(Box::new),
                    default_value: default_value.map(Box::new),
                },
                loc: self.loc_from(start),
            });
        }
        if self.invalid {
            self.invalid_type_param();
            if self.error.is_some() {
                return None;
            }
        }
        if let Some(r) = self.alt(|p| {
            p.eat(T::STAR)?;
            let (name, _) = p.name()?;
            let default_value = p.alt(|p| {
                p.eat(T::EQUAL)?;
                let e = p.star_expression()?;
                p.check_version(13, "Type parameter defaults are")?;
                Some(e)
            });
            if p.error.is_some() {
                return None;
            }
            Some(TypeParam {
                kind: TypeParamKind::TypeVarTuple {
                    name,
                    default_value: default_value.map(Box::new),
                },
                loc: p.loc_from(start),
            })
        }) {
            return Some(r);
        }
        self.alt(|p| {
            p.eat(T::DOUBLESTAR)?;
            let (name, _) = p.name()?;
            let default_value = p.alt(|p| {
                p.eat(T::EQUAL)?;
                let e = p.expression()?;
                p.check_version(13, "Type parameter defaults are")?;
                Some(e)
            });
            if p.error.is_some() {
                return None;
            }
            Some(TypeParam {
                kind: TypeParamKind::ParamSpec {
                    name,
                    default_value: default_value.map(Box::new),
                },
                loc: p.loc_from(start),
            })
        })
    }
}
