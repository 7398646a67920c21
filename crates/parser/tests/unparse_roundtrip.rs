//! Property test of [`oxpy_parser::unparse::expr_as_unicode`]: for generated expression
//! trees, parsing the unparsed text gives the same tree back (`ast.dump` without
//! positions equal) — the round trip `from __future__ import annotations` relies on.
//!
//! The trees are the ones the parser itself can build (what an annotation can hold):
//! non-negative numbers, `Starred` only where the grammar takes it, `Slice` only in a
//! subscript, `Store` targets, f-string parts alternating literal/field, `Interpolation.str`
//! the field's source text. Where CPython's unparser itself cannot round-trip (it quotes an
//! f-string's whole body with `repr()`, so a field holding a string whose quotes or
//! backslashes get escaped would read back differently), the generator keeps the strings
//! inside f-/t-string fields to a plain alphabet and the literal parts free of quotes; the
//! golden test (`unparse_golden.rs`) covers those spellings against CPython.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use num_bigint::BigInt;
use oxpy_parser::ast::{
    self, Boolop, Cmpop, Comprehension, Expr, ExprContext, ExprInterpolation, ExprKind, Mod,
    Operator, Unaryop,
};
use oxpy_parser::unparse::expr_as_unicode;
use oxpy_parser::{Constant, Location, Mode, ParseOptions, dump::dump, parse_bytes};
use proptest::prelude::*;

/// A small deterministic generator driven by proptest's seed.
struct Gen {
    state: u64,
    /// Nodes left to build; leaves only once it runs out.
    fuel: u32,
}

const NAMES: &[&str] = &["a", "b", "x", "y", "_", "match", "type", "é", "Σx", "self"];
const SAFE: &[u8] = b"abcxyz019 _";
const SPEC: &[u8] = b"abfx0129<>^.%,+- ";

fn mk(kind: ExprKind) -> Expr {
    Expr {
        kind,
        loc: Location::default(),
    }
}

fn name(id: &str, ctx: ExprContext) -> Expr {
    mk(ExprKind::Name {
        id: id.to_string(),
        ctx,
    })
}

fn str_const(s: String) -> Expr {
    mk(ExprKind::Constant {
        value: Constant::Str(s),
        kind: None,
    })
}

impl Gen {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.below(items.len())]
    }

    /// Any text (top level), or text from `alphabet`.
    fn text(&mut self, alphabet: Option<&[u8]>, min: usize, forbid: &[char]) -> String {
        let len = min + self.below(6);
        let mut s = String::new();
        while s.chars().count() < len {
            let c = match alphabet {
                Some(a) => char::from(a[self.below(a.len())]),
                None => match self.below(10) {
                    0..=3 => char::from(b' ' + self.below(95) as u8),
                    4 => ['\0', '\t', '\n', '\r', '\x7f', '\x1b', '\\'][self.below(7)],
                    5 => ['\'', '"', '{', '}'][self.below(4)],
                    6 => ['é', '😀', '\u{200b}', '\u{0378}', '\u{2028}', '\u{a0}', 'Σ']
                        [self.below(7)],
                    _ => {
                        let cp = self.below(0x11_0000) as u32;
                        char::from_u32(cp).unwrap_or('?')
                    }
                },
            };
            if !forbid.contains(&c) {
                s.push(c);
            }
        }
        s
    }

    fn float(&mut self) -> f64 {
        match self.below(6) {
            0 => f64::INFINITY,
            1 => [0.0, 0.1, 1.5, 1e16, 1e-7, 1e22, 123456789.125][self.below(7)],
            _ => {
                let f = f64::from_bits(self.next()).abs();
                if f.is_nan() { 2.5 } else { f }
            }
        }
    }

    /// A constant; inside f-/t-string fields (`fdepth > 0`) strings and bytes keep to a
    /// plain alphabet, and two fields deep there are none.
    fn constant(&mut self, fdepth: u8) -> Expr {
        let (value, kind) = match self.below(11) {
            0 => (Constant::None, None),
            1 => (Constant::Bool(self.chance(50)), None),
            2 => (Constant::Ellipsis, None),
            3 => (Constant::Int(BigInt::from(self.below(1000)).into()), None),
            4 => {
                let big = BigInt::from(self.next()) * BigInt::from(self.next());
                (Constant::Int(big.into()), None)
            }
            5 => (Constant::Float(self.float()), None),
            6 => (
                Constant::Complex {
                    real: 0.0,
                    imag: self.float(),
                },
                None,
            ),
            _ if fdepth >= 2 => (Constant::Int(BigInt::from(7).into()), None),
            7 | 8 => {
                let s = self.text((fdepth > 0).then_some(SAFE), 0, &[]);
                let kind = self.chance(15).then(|| "u".to_string());
                (Constant::Str(s), kind)
            }
            9 => {
                let len = self.below(6);
                let b: Vec<u8> = (0..len)
                    .map(|_| {
                        if fdepth > 0 {
                            SAFE[self.below(SAFE.len())]
                        } else {
                            self.next() as u8
                        }
                    })
                    .collect();
                (Constant::Bytes(b.into()), None)
            }
            _ => (Constant::Int(BigInt::from(10).pow(30).into()), None),
        };
        mk(ExprKind::Constant {
            value,
            kind: kind.map(Into::into),
        })
    }

    fn leaf(&mut self, fdepth: u8) -> Expr {
        if self.chance(50) {
            name(self.pick(NAMES), ExprContext::Load)
        } else {
            self.constant(fdepth)
        }
    }

    fn exprs(&mut self, n: usize, depth: u32, fdepth: u8) -> Vec<Expr> {
        (0..n).map(|_| self.expr(depth, fdepth)).collect()
    }

    /// An element of a list/tuple/set/call: sometimes `*value`.
    fn element(&mut self, depth: u32, fdepth: u8) -> Expr {
        if self.chance(15) {
            let value = self.expr(depth, fdepth);
            mk(ExprKind::Starred {
                value: Box::new(value),
                ctx: ExprContext::Load,
            })
        } else {
            self.expr(depth, fdepth)
        }
    }

    fn elements(&mut self, n: usize, depth: u32, fdepth: u8) -> Vec<Expr> {
        (0..n).map(|_| self.element(depth, fdepth)).collect()
    }

    fn target(&mut self) -> Expr {
        if self.chance(30) {
            let elts = (0..1 + self.below(2))
                .map(|_| name(self.pick(NAMES), ExprContext::Store))
                .collect();
            mk(ExprKind::Tuple {
                elts,
                ctx: ExprContext::Store,
            })
        } else {
            name(self.pick(NAMES), ExprContext::Store)
        }
    }

    fn generators(&mut self, depth: u32, fdepth: u8) -> Vec<Comprehension> {
        (0..1 + self.below(2))
            .map(|_| Comprehension {
                target: Box::new(self.target()),
                iter: Box::new(self.expr(depth, fdepth)),
                ifs: {
                    let n = self.below(3);
                    self.exprs(n, depth, fdepth).into()
                },
                is_async: i64::from(self.chance(20)),
            })
            .collect()
    }

    fn arguments(&mut self, depth: u32, fdepth: u8) -> ast::Arguments {
        let mut n = 0;
        let mut arg = |_: &mut Self| {
            n += 1;
            ast::Arg {
                arg: format!("p{n}"),
                annotation: None,
                type_comment: None,
                loc: Location::default(),
            }
        };
        let posonlyargs: Vec<_> = (0..self.below(3)).map(|_| arg(self)).collect();
        let args: Vec<_> = (0..self.below(3)).map(|_| arg(self)).collect();
        let n_defaults = self.below(posonlyargs.len() + args.len() + 1);
        let defaults = self.exprs(n_defaults, depth, fdepth);
        let vararg = self.chance(30).then(|| Box::new(arg(self)));
        let kwonlyargs: Vec<_> = (0..self.below(3)).map(|_| arg(self)).collect();
        let kw_defaults = (0..kwonlyargs.len())
            .map(|_| self.chance(50).then(|| self.expr(depth, fdepth)))
            .collect();
        let kwarg = self.chance(30).then(|| Box::new(arg(self)));
        ast::Arguments {
            posonlyargs: posonlyargs.into(),
            args: args.into(),
            vararg,
            kwonlyargs: kwonlyargs.into(),
            kw_defaults,
            kwarg,
            defaults: defaults.into(),
        }
    }

    fn slice_part(&mut self, depth: u32, fdepth: u8) -> Expr {
        match self.below(4) {
            0 => {
                let opt = |g: &mut Self| g.chance(60).then(|| Box::new(g.expr(depth, fdepth)));
                let lower = opt(self);
                let upper = opt(self);
                let step = opt(self);
                mk(ExprKind::Slice { lower, upper, step })
            }
            1 => self.element(depth, fdepth),
            _ => self.expr(depth, fdepth),
        }
    }

    fn conversion(&mut self) -> i64 {
        [-1, -1, i64::from(b's'), i64::from(b'r'), i64::from(b'a')][self.below(5)]
    }

    /// A format spec: literal parts and plain fields, alternating.
    fn format_spec(&mut self, depth: u32, fdepth: u8, nested: bool) -> Option<Box<Expr>> {
        if !self.chance(40) {
            return None;
        }
        let mut values = Vec::new();
        let mut literal = self.chance(50);
        for _ in 0..self.below(4) {
            if literal {
                values.push(str_const(self.text(Some(SPEC), 1, &[])));
            } else {
                let value = self.expr(depth, fdepth + 1);
                let format_spec = if nested {
                    None
                } else {
                    self.format_spec(depth, fdepth, true)
                };
                values.push(mk(ExprKind::FormattedValue {
                    value: Box::new(value),
                    conversion: self.conversion(),
                    format_spec,
                }));
            }
            literal = !literal;
        }
        Some(Box::new(mk(ExprKind::JoinedStr {
            values: values.into(),
        })))
    }

    /// An f-string (`template` false) or t-string: literal parts and fields, alternating.
    fn ftstring(&mut self, depth: u32, fdepth: u8, template: bool) -> Expr {
        let alphabet = (fdepth > 0).then_some(SAFE);
        let mut values = Vec::new();
        let mut literal = self.chance(50);
        for _ in 0..self.below(4) {
            if literal {
                values.push(str_const(self.text(alphabet, 1, &['\'', '"'])));
            } else {
                let value = self.expr(depth, fdepth + 1);
                let conversion = self.conversion();
                let format_spec = self.format_spec(depth, fdepth, false);
                values.push(if template {
                    // The field's source text, as the parser records it: what the
                    // unparser writes for the value inside braces.
                    let mut text = expr_as_unicode(&value).unwrap();
                    if matches!(value.kind, ExprKind::Lambda { .. } | ExprKind::IfExp { .. }) {
                        text = format!("({text})");
                    }
                    if text.starts_with('{') {
                        text.insert(0, ' ');
                    }
                    mk(ExprKind::Interpolation(Box::new(ExprInterpolation {
                        value: Box::new(value),
                        str: Constant::Str(text),
                        conversion,
                        format_spec,
                    })))
                } else {
                    mk(ExprKind::FormattedValue {
                        value: Box::new(value),
                        conversion,
                        format_spec,
                    })
                });
            }
            literal = !literal;
        }
        mk(if template {
            ExprKind::TemplateStr {
                values: values.into(),
            }
        } else {
            ExprKind::JoinedStr {
                values: values.into(),
            }
        })
    }

    fn expr(&mut self, depth: u32, fdepth: u8) -> Expr {
        if depth == 0 || self.fuel == 0 {
            return self.leaf(fdepth);
        }
        self.fuel -= 1;
        let d = depth - 1;
        let b = |e: Expr| Box::new(e);
        let kind = match self.below(30) {
            0 => ExprKind::BoolOp {
                op: if self.chance(50) {
                    Boolop::And
                } else {
                    Boolop::Or
                },
                values: {
                    let n = 2 + self.below(2);
                    self.exprs(n, d, fdepth).into()
                },
            },
            1 => ExprKind::NamedExpr {
                target: b(name(self.pick(NAMES), ExprContext::Store)),
                value: b(self.expr(d, fdepth)),
            },
            2..=4 => {
                const OPS: [Operator; 13] = [
                    Operator::Add,
                    Operator::Sub,
                    Operator::Mult,
                    Operator::MatMult,
                    Operator::Div,
                    Operator::Mod,
                    Operator::Pow,
                    Operator::LShift,
                    Operator::RShift,
                    Operator::BitOr,
                    Operator::BitXor,
                    Operator::BitAnd,
                    Operator::FloorDiv,
                ];
                ExprKind::BinOp {
                    left: b(self.expr(d, fdepth)),
                    op: OPS[self.below(OPS.len())],
                    right: b(self.expr(d, fdepth)),
                }
            }
            5 | 6 => ExprKind::UnaryOp {
                op: [Unaryop::Invert, Unaryop::Not, Unaryop::UAdd, Unaryop::USub][self.below(4)],
                operand: b(self.expr(d, fdepth)),
            },
            7 => ExprKind::Lambda {
                args: Box::new(self.arguments(d, fdepth)),
                body: b(self.expr(d, fdepth)),
            },
            8 => ExprKind::IfExp {
                test: b(self.expr(d, fdepth)),
                body: b(self.expr(d, fdepth)),
                orelse: b(self.expr(d, fdepth)),
            },
            9 => {
                let n = self.below(4);
                let keys = (0..n)
                    .map(|_| self.chance(75).then(|| self.expr(d, fdepth)))
                    .collect();
                ExprKind::Dict {
                    keys,
                    values: self.exprs(n, d, fdepth).into(),
                }
            }
            10 => ExprKind::Set {
                elts: {
                    let n = 1 + self.below(3);
                    self.elements(n, d, fdepth).into()
                },
            },
            11 => ExprKind::ListComp {
                elt: b(self.expr(d, fdepth)),
                generators: self.generators(d, fdepth).into(),
            },
            12 => ExprKind::SetComp {
                elt: b(self.expr(d, fdepth)),
                generators: self.generators(d, fdepth).into(),
            },
            13 => ExprKind::DictComp {
                key: b(self.expr(d, fdepth)),
                value: b(self.expr(d, fdepth)),
                generators: self.generators(d, fdepth).into(),
            },
            14 => ExprKind::GeneratorExp {
                elt: b(self.expr(d, fdepth)),
                generators: self.generators(d, fdepth).into(),
            },
            15 => ExprKind::Await {
                value: b(self.expr(d, fdepth)),
            },
            16 => ExprKind::Yield {
                value: self.chance(70).then(|| b(self.expr(d, fdepth))),
            },
            17 => ExprKind::YieldFrom {
                value: b(self.expr(d, fdepth)),
            },
            18 | 19 => {
                const OPS: [Cmpop; 10] = [
                    Cmpop::Eq,
                    Cmpop::NotEq,
                    Cmpop::Lt,
                    Cmpop::LtE,
                    Cmpop::Gt,
                    Cmpop::GtE,
                    Cmpop::Is,
                    Cmpop::IsNot,
                    Cmpop::In,
                    Cmpop::NotIn,
                ];
                let n = 1 + self.below(3);
                ExprKind::Compare {
                    left: b(self.expr(d, fdepth)),
                    ops: (0..n).map(|_| OPS[self.below(OPS.len())]).collect(),
                    comparators: self.exprs(n, d, fdepth).into(),
                }
            }
            20 | 21 => {
                let func = b(self.expr(d, fdepth));
                let args = if self.chance(15) {
                    vec![mk(ExprKind::GeneratorExp {
                        elt: b(self.expr(d, fdepth)),
                        generators: self.generators(d, fdepth).into(),
                    })]
                } else {
                    let n = self.below(3);
                    self.elements(n, d, fdepth)
                };
                let keywords = (0..self.below(3))
                    .map(|i| ast::Keyword {
                        arg: self.chance(70).then(|| format!("k{i}")),
                        value: b(self.expr(d, fdepth)),
                        loc: Location::default(),
                    })
                    .collect();
                ExprKind::Call {
                    func,
                    args: args.into(),
                    keywords,
                }
            }
            22 | 23 if fdepth < 2 => {
                let template = self.chance(40);
                return self.ftstring(d, fdepth, template);
            }
            24 => ExprKind::Attribute {
                value: b(self.expr(d, fdepth)),
                attr: self.pick(NAMES).to_string(),
                ctx: ExprContext::Load,
            },
            25 | 26 => {
                let value = b(self.expr(d, fdepth));
                let slice = if self.chance(30) {
                    let n = 1 + self.below(3);
                    let elts = (0..n).map(|_| self.slice_part(d, fdepth)).collect();
                    mk(ExprKind::Tuple {
                        elts,
                        ctx: ExprContext::Load,
                    })
                } else {
                    match self.slice_part(d, fdepth) {
                        // A lone `*x` in brackets reads back as a 1-tuple.
                        Expr {
                            kind: ExprKind::Starred { value, .. },
                            ..
                        } => *value,
                        other => other,
                    }
                };
                ExprKind::Subscript {
                    value,
                    slice: b(slice),
                    ctx: ExprContext::Load,
                }
            }
            27 => ExprKind::List {
                elts: {
                    let n = self.below(4);
                    self.elements(n, d, fdepth).into()
                },
                ctx: ExprContext::Load,
            },
            28 => ExprKind::Tuple {
                elts: {
                    let n = self.below(4);
                    self.elements(n, d, fdepth).into()
                },
                ctx: ExprContext::Load,
            },
            _ => return self.leaf(fdepth),
        };
        mk(kind)
    }
}

fn dump_expr(e: Expr) -> String {
    dump(&Mod::Expression { body: Box::new(e) }, false).unwrap()
}

fn round_trip(seed: u64, depth: u32) -> Result<(), TestCaseError> {
    let mut g = Gen {
        state: seed | 1,
        fuel: 40,
    };
    let e = g.expr(depth, 0);
    let text = expr_as_unicode(&e).unwrap();
    let opts = ParseOptions {
        mode: Mode::Eval,
        ..ParseOptions::default()
    };
    let expected = dump_expr(e);
    let parsed = match parse_bytes(text.as_bytes(), &opts) {
        Ok(Mod::Expression { body }) => dump_expr(*body),
        Ok(_) => unreachable!(),
        Err(err) => {
            return Err(TestCaseError::fail(format!(
                "unparsed text does not parse: {}\n  text: {text}\n  tree: {expected}",
                err.message()
            )));
        }
    };
    prop_assert_eq!(&parsed, &expected, "text: {}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn unparse_then_parse_gives_the_same_tree(seed in any::<u64>(), depth in 1u32..6) {
        round_trip(seed, depth)?;
    }
}
