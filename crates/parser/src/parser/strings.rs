//! Port of Grammar/python.gram's literal rules (Parser/string_parser.c, Parser/action_helpers.c): numbers, string and bytes decoding, implicit concatenation, f-strings (`JoinedStr`/`FormattedValue`) and t-strings (`TemplateStr`/`Interpolation`).

use num_bigint::BigInt;
use num_traits_lite::parse_int;
use oxpy_tokenize::{ExceptionClass, Token, TokenKind as T};

use super::expression::mk;
use super::{MemoRule, Parser, tok_loc};
use crate::ast::{Expr, ExprInterpolation, ExprKind};
use crate::location::Location;
use crate::{Constant, IntValue};

/// NFKC normalisation of an identifier (`_PyPegen_new_identifier`).
pub(crate) fn nfkc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect()
}

mod num_traits_lite {
    use num_bigint::BigInt;

    /// Parses digits in `radix` (already free of underscores and prefix).
    pub(crate) fn parse_int(digits: &str, radix: u32) -> Option<BigInt> {
        if digits.is_empty() {
            return Some(BigInt::from(0));
        }
        BigInt::parse_bytes(digits.as_bytes(), radix)
    }
}

/// Which literal family a piece of an implicit concatenation belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Plain,
    Template,
}

/// An error found while decoding escapes: (start, end) positions as CPython's codec reports
/// them, and the reason.
struct DecodeError {
    start: usize,
    end: usize,
    reason: &'static str,
}

impl Parser<'_> {
    /// `NUMBER` → its value (`_PyPegen_number_token` / `parsenumber`).
    pub(crate) fn number(&mut self, t: Token) -> Option<Constant> {
        let text = self.text(t);
        if self.opts.feature_version.is_some_and(|minor| minor < 6) && text.contains('_') {
            self.raise_syntax(
                "Underscores in numeric literals are only supported in Python 3.6 and greater",
            );
            return None;
        }
        if text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
            // A plain decimal integer: no separators, prefix, exponent or suffix.
            if let Ok(v) = text.parse::<i64>() {
                return Some(Constant::Int(IntValue::Small(v)));
            }
        }
        let b = text.as_bytes();
        if b.len() > 2
            && b.len() <= 17
            && b[0] == b'0'
            && matches!(b[1], b'x' | b'X')
            && b[2..].iter().all(u8::is_ascii_hexdigit)
        {
            // A plain hexadecimal integer of at most 15 digits (fits in `i64`).
            if let Ok(v) = i64::from_str_radix(&text[2..], 16) {
                return Some(Constant::Int(IntValue::Small(v)));
            }
        }
        if b.iter().any(|&c| matches!(c, b'.' | b'e' | b'E'))
            && b.iter()
                .all(|&c| matches!(c, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            // A float without separators or suffix.
            if let Ok(v) = text.parse::<f64>() {
                return Some(Constant::Float(v));
            }
        }
        let s: String = text.chars().filter(|&c| c != '_').collect();
        if let Some(v) = parse_number(&s) {
            return Some(v);
        }
        self.raise_node(tok_loc(t), "invalid number literal");
        None
    }

    /// `strings` (memo): `(fstring|string)+ | tstring+`
    pub(crate) fn strings(&mut self) -> Option<Expr> {
        self.memo_expr(MemoRule::Strings, |p| p.strings_inner())
    }

    fn strings_inner(&mut self) -> Option<Expr> {
        if let Some(t) = self.cur()
            && t.kind == T::STRING
            && !matches!(
                self.kind_at(1),
                T::STRING | T::FSTRING_START | T::TSTRING_START
            )
        {
            // One plain literal: what the concatenation below makes of it.
            self.pos += 1;
            return self.string_constant(t);
        }
        let start = self.start();
        let mut parts: Vec<Expr> = Vec::new();
        let mut family: Option<Family> = None;
        loop {
            let k = self.kind();
            let fam = match k {
                T::STRING | T::FSTRING_START => Family::Plain,
                T::TSTRING_START => Family::Template,
                _ => break,
            };
            if let Some(f) = family {
                if f != fam {
                    if self.invalid {
                        // `invalid_string_tstring_concat`: from the last piece of the run
                        // to the first piece of the other kind.
                        if let Some(last) = parts.last() {
                            let loc = last.loc;
                            let other = match k {
                                T::STRING => self.cur().and_then(|t| {
                                    self.pos += 1;
                                    self.string_constant(t)
                                }),
                                T::FSTRING_START => self.fstring(false),
                                _ => self.fstring(true),
                            };
                            if self.error.is_some() {
                                return None;
                            }
                            const MSG: &str =
                                "cannot mix t-string literals with string or bytes literals";
                            match other {
                                Some(b) => self.raise_range(loc, b.loc, MSG),
                                None => self.raise_node(loc, MSG),
                            }
                        }
                        return None;
                    }
                    break;
                }
            }
            family = Some(fam);
            let m = self.mark();
            let piece = match k {
                T::STRING => {
                    let t = self.cur()?;
                    self.pos += 1;
                    self.string_constant(t)
                }
                T::FSTRING_START => self.fstring(false),
                _ => self.fstring(true),
            };
            match piece {
                Some(e) => parts.push(e),
                None => {
                    if self.error.is_some() {
                        return None;
                    }
                    self.reset(m);
                    break;
                }
            }
        }
        if parts.is_empty() {
            return None;
        }
        let loc = self.loc_from(start);
        match family {
            Some(Family::Template) => Some(self.concatenate_tstrings(parts, loc)),
            _ => self.concatenate_strings(parts, loc),
        }
    }

    /// `_PyPegen_constant_from_string`: one STRING token.
    fn string_constant(&mut self, t: Token) -> Option<Expr> {
        let text = self.text(t);
        let prefix_len = text.find(['\'', '"']).unwrap_or(0);
        let prefix = &text[..prefix_len];
        let rest = &text[prefix_len..];
        let q = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
            3
        } else {
            1
        };
        let body = &rest[q..rest.len().saturating_sub(q).max(q)];
        let raw = prefix.contains(['r', 'R']);
        let bytes = prefix.contains(['b', 'B']);
        let kind = text.starts_with('u').then(|| "u".to_string());
        let value = if bytes {
            if !body.is_ascii() {
                self.raise_node(
                    tok_loc(t),
                    "bytes can only contain ASCII literal characters",
                );
                return None;
            }
            if raw {
                Constant::Bytes(body.as_bytes().to_vec().into())
            } else {
                let mut invalid = None;
                let r = decode_bytes_escapes(body, &mut invalid);
                self.warn_invalid_escape(invalid, t);
                match r {
                    Ok(b) => Constant::Bytes(b.into()),
                    Err(e) => {
                        self.decode_error("bytesescape", e, Some(t));
                        return None;
                    }
                }
            }
        } else if raw || !body.contains('\\') {
            Constant::Str(body.to_string())
        } else {
            let mut invalid = None;
            let r = decode_unicode_escapes(body, &mut invalid);
            self.warn_invalid_escape(invalid, t);
            match r {
                Ok(s) => Constant::Str(s),
                Err(e) => {
                    self.decode_error("unicodeescape", e, Some(t));
                    return None;
                }
            }
        };
        Some(mk(
            ExprKind::Constant {
                value,
                kind: kind.map(Into::into),
            },
            tok_loc(t),
        ))
    }

    /// `warn_invalid_escape_sequence` for the literal token `t` (first pass only, once
    /// per token).
    fn warn_invalid_escape(&mut self, invalid: Option<InvalidEscape>, t: Token) {
        if let Some(inv) = invalid {
            self.warn_at(
                inv.message(),
                t.lineno as i32,
                (t.lineno as i32, t.col as i32),
            );
        }
    }

    /// A SyntaxWarning of the parser on `lineno`, once per source position `at`, never
    /// in the error pass (CPython warns in the first pass only).
    fn warn_at(&mut self, message: String, lineno: i32, at: (i32, i32)) {
        if self.invalid || !self.warned_at.insert(at) {
            return;
        }
        self.warnings.push(crate::ParseWarning {
            message,
            lineno: i64::from(lineno),
        });
    }

    /// `_Pypegen_raise_decode_error`: a literal's decoding error as a SyntaxError, on the
    /// literal's token `at` when given (CPython decodes a STRING in the action that
    /// consumes it, so the last token read is that literal), else on the last token.
    fn decode_error(&mut self, codec: &str, e: DecodeError, at: Option<Token>) {
        let pos = if e.end > e.start + 1 {
            format!("position {}-{}", e.start, e.end - 1)
        } else {
            format!("position {}", e.start)
        };
        let what = if codec == "bytesescape" {
            // `_PyBytes_DecodeEscape`'s ValueError for a bad \x names the escape's index.
            if e.reason == BAD_X_ESCAPE {
                format!("(value error) {} {}", e.reason, e.start)
            } else {
                format!("(value error) {}", e.reason)
            }
        } else {
            format!(
                "(unicode error) '{codec}' codec can't decode bytes in {pos}: {}",
                e.reason
            )
        };
        match at {
            Some(t) => self.raise_on_token(ExceptionClass::SyntaxError, what, t),
            None => self.raise_syntax(what),
        }
    }

    /// `fstring` / `tstring`: START middle* END → `JoinedStr` / `TemplateStr`.
    fn fstring(&mut self, template: bool) -> Option<Expr> {
        let start_kind = if template {
            T::TSTRING_START
        } else {
            T::FSTRING_START
        };
        let end_kind = if template {
            T::TSTRING_END
        } else {
            T::FSTRING_END
        };
        let middle_kind = if template {
            T::TSTRING_MIDDLE
        } else {
            T::FSTRING_MIDDLE
        };
        let a = self.eat(start_kind)?;
        let is_raw = self.text(a).contains(['r', 'R']);
        let mut raw_parts: Vec<Expr> = Vec::new();
        loop {
            let k = self.kind();
            if k == middle_kind {
                let t = self.cur()?;
                self.pos += 1;
                raw_parts.push(mk(
                    ExprKind::Constant {
                        value: Constant::Str(self.text(t).to_string()),
                        kind: None,
                    },
                    self.middle_loc(t),
                ));
            } else if k == T::LBRACE {
                let f = self.alt(|p| p.replacement_field(template, template))?;
                raw_parts.push(f);
            } else {
                break;
            }
        }
        let b = self.eat(end_kind)?;
        // `_get_resized_exprs`
        let mut values = Vec::new();
        for item in raw_parts {
            match item.kind {
                ExprKind::JoinedStr { values: v } => values.extend(v),
                ExprKind::Constant {
                    value: Constant::Str(s),
                    kind,
                } => {
                    let s = if s == "{{" || s == "}}" {
                        s[..1].to_string()
                    } else {
                        s
                    };
                    let decoded = if is_raw || !s.contains('\\') {
                        s
                    } else {
                        let mut invalid = None;
                        let r = decode_unicode_escapes(&s, &mut invalid);
                        // `{` and `}` escapes were warned about by the tokenizer.
                        if let Some(inv) = invalid.filter(|i| i.text != "{" && i.text != "}") {
                            self.warn_at(
                                inv.message(),
                                item.loc.lineno,
                                (item.loc.lineno, item.loc.col_offset),
                            );
                        }
                        match r {
                            Ok(d) => d,
                            Err(e) => {
                                self.decode_error("unicodeescape", e, None);
                                return None;
                            }
                        }
                    };
                    if decoded.is_empty() {
                        continue;
                    }
                    values.push(mk(
                        ExprKind::Constant {
                            value: Constant::Str(decoded),
                            kind,
                        },
                        item.loc,
                    ));
                }
                _ => values.push(item),
            }
        }
        let loc = Location {
            lineno: a.lineno as i32,
            col_offset: a.col as i32,
            end_lineno: b.end_lineno as i32,
            end_col_offset: b.end_col as i32,
        };
        if template {
            self.check_version(14, "t-strings are")?;
        }
        let kind = if template {
            ExprKind::TemplateStr {
                values: values.into(),
            }
        } else {
            ExprKind::JoinedStr {
                values: values.into(),
            }
        };
        Some(mk(kind, loc))
    }

    /// The location CPython gives an FSTRING_MIDDLE token: a doubled `{{`/`}}` at its end
    /// counts both braces, though the text keeps one.
    fn middle_loc(&self, t: Token) -> Location {
        let mut loc = tok_loc(t);
        let text = self.text(t).as_bytes();
        let next = self.src.as_bytes().get(t.end as usize);
        if let (Some(&last), Some(&n)) = (text.last(), next) {
            if (last == b'{' || last == b'}') && n == last {
                loc.end_col_offset += 1;
            }
        }
        loc
    }

    /// `fstring_replacement_field` / `tstring_replacement_field`.
    fn replacement_field(&mut self, template: bool, interpolation: bool) -> Option<Expr> {
        let r = self.alt(|p| p.replacement_field_inner(template, interpolation));
        if r.is_none() && self.invalid && self.error.is_none() {
            self.invalid_replacement_field(template);
        }
        r
    }

    fn replacement_field_inner(&mut self, template: bool, interpolation: bool) -> Option<Expr> {
        let lbrace = self.eat(T::LBRACE)?;
        let value = self.annotated_rhs()?;
        let debug = self.eat(T::EQUAL);
        // conversion
        let mut conversion_tok: Option<(Token, Token)> = None;
        if self.at(T::EXCLAMATION) {
            let bang = self.cur()?;
            self.pos += 1;
            let name = self.name_token()?;
            if bang.lineno != name.lineno || bang.end_col != name.col {
                let prefix = if template { 't' } else { 'f' };
                self.raise_range(
                    tok_loc(bang),
                    tok_loc(name),
                    format!("{prefix}-string: conversion type must come right after the exclamanation mark"),
                );
                return None;
            }
            let conv = self.text(name);
            if !matches!(conv, "s" | "r" | "a") {
                let prefix = if template { 't' } else { 'f' };
                let repr = oxpy_objects::repr::str_repr(&self.identifier(name));
                self.raise_node(
                    tok_loc(name),
                    format!("{prefix}-string: invalid conversion character {repr}: expected 's', 'r', or 'a'"),
                );
                return None;
            }
            conversion_tok = Some((bang, name));
        }
        // format spec
        let mut format: Option<(Token, Expr)> = None;
        if self.at(T::COLON) {
            let colon = self.cur()?;
            self.pos += 1;
            let middle_kind = if template {
                T::TSTRING_MIDDLE
            } else {
                T::FSTRING_MIDDLE
            };
            let mut spec: Vec<Expr> = Vec::new();
            loop {
                let k = self.kind();
                if k == middle_kind {
                    let t = self.cur()?;
                    self.pos += 1;
                    let text = self.text(t);
                    let s = if text.contains('\\') {
                        let mut invalid = None;
                        let r = decode_unicode_escapes(text, &mut invalid);
                        if let Some(inv) = invalid.filter(|i| i.text != "{" && i.text != "}") {
                            self.warn_at(
                                inv.message(),
                                t.lineno as i32,
                                (t.lineno as i32, t.col as i32),
                            );
                        }
                        match r {
                            Ok(s) => s,
                            Err(e) => {
                                self.decode_error("unicodeescape", e, None);
                                return None;
                            }
                        }
                    } else {
                        text.to_string()
                    };
                    spec.push(mk(
                        ExprKind::Constant {
                            value: Constant::Str(s),
                            kind: None,
                        },
                        tok_loc(t),
                    ));
                } else if k == T::LBRACE {
                    match self.alt(|p| p.replacement_field(template, false)) {
                        Some(f) => spec.push(f),
                        None => break,
                    }
                } else {
                    break;
                }
            }
            if self.error.is_some() {
                return None;
            }
            let loc = self.loc_from(colon.into());
            // `_PyPegen_setup_full_format_spec`
            spec.retain(|e| !is_empty_str(e));
            let n = spec.len();
            let res = if n == 0 || (n == 1 && matches!(spec[0].kind, ExprKind::Constant { .. })) {
                mk(
                    ExprKind::JoinedStr {
                        values: spec.into(),
                    },
                    loc,
                )
            } else {
                self.concatenate_strings(spec, loc)?
            };
            format = Some((colon, res));
        }
        let rbrace = self.eat(T::RBRACE)?;
        let start_loc = tok_loc(lbrace);
        let loc = Location {
            lineno: start_loc.lineno,
            col_offset: start_loc.col_offset,
            end_lineno: rbrace.end_lineno as i32,
            end_col_offset: rbrace.end_col as i32,
        };
        let conversion = match (&conversion_tok, &debug, &format) {
            (Some((_, name)), _, _) => i64::from(self.text(*name).as_bytes()[0]),
            (None, Some(_), None) => i64::from(b'r'),
            _ => -1,
        };
        // The text CPython's tokenizer records for `=` and for t-strings: the expression
        // source up to the `!`, `:` or `}` that ends it.
        let (end_tok, debug_end_line, debug_end_col) = match (&conversion_tok, &format) {
            (Some((bang, name)), _) => (*bang, name.lineno as i32, name.col as i32),
            (None, Some((colon, spec))) => (*colon, spec.loc.lineno, spec.loc.col_offset + 1),
            _ => (rbrace, loc.end_lineno, loc.end_col_offset),
        };
        let metadata = self.expr_text(lbrace, end_tok);
        let format_spec = format.map(|(_, e)| Box::new(e));
        let node = if interpolation {
            let s = metadata
                .trim_end_matches(|c: char| c.is_whitespace() || c == '=')
                .to_string();
            mk(
                ExprKind::Interpolation(Box::new(ExprInterpolation {
                    value: Box::new(value),
                    str: Constant::Str(s),
                    conversion,
                    format_spec,
                })),
                loc,
            )
        } else {
            mk(
                ExprKind::FormattedValue {
                    value: Box::new(value),
                    conversion,
                    format_spec,
                },
                loc,
            )
        };
        if debug.is_none() {
            return Some(node);
        }
        let debug_text = mk(
            ExprKind::Constant {
                value: Constant::Str(metadata),
                kind: None,
            },
            Location {
                lineno: loc.lineno,
                col_offset: loc.col_offset + 1,
                end_lineno: debug_end_line,
                end_col_offset: debug_end_col - 1,
            },
        );
        Some(mk(
            ExprKind::JoinedStr {
                values: vec![debug_text, node].into(),
            },
            Location {
                lineno: loc.lineno,
                col_offset: loc.col_offset,
                end_lineno: debug_end_line,
                end_col_offset: debug_end_col,
            },
        ))
    }

    /// The source between `{` and the token ending the expression, with comments removed
    /// (`set_ftstring_expr`).
    fn expr_text(&self, lbrace: Token, end: Token) -> String {
        let raw = &self.src[lbrace.end as usize..end.start as usize];
        if !raw.contains('#') {
            return raw.to_string();
        }
        let mut out = String::new();
        let mut in_string: Option<char> = None;
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                '\'' | '"' => {
                    match in_string {
                        None => in_string = Some(c),
                        Some(q) if q == c => in_string = None,
                        _ => {}
                    }
                    out.push(c);
                }
                '#' if in_string.is_none() => {
                    for n in chars.by_ref() {
                        if n == '\n' {
                            out.push('\n');
                            break;
                        }
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// `_PyPegen_concatenate_strings`.
    pub(crate) fn concatenate_strings(
        &mut self,
        strings: Vec<Expr>,
        loc: Location,
    ) -> Option<Expr> {
        let mut f_string_found = false;
        let mut unicode_found = false;
        let mut bytes_found = false;
        for e in &strings {
            match &e.kind {
                ExprKind::Constant {
                    value: Constant::Bytes(_),
                    ..
                } => bytes_found = true,
                ExprKind::Constant { .. } => unicode_found = true,
                _ => f_string_found = true,
            }
        }
        if (unicode_found || f_string_found) && bytes_found {
            self.raise_syntax("cannot mix bytes and nonbytes literals");
            return None;
        }
        if bytes_found {
            let mut res = Vec::new();
            let mut kind = None;
            for (i, e) in strings.into_iter().enumerate() {
                if let ExprKind::Constant {
                    value: Constant::Bytes(b),
                    kind: k,
                } = e.kind
                {
                    if i == 0 {
                        kind = k;
                    }
                    res.extend(b);
                }
            }
            return Some(mk(
                ExprKind::Constant {
                    value: Constant::Bytes(res.into()),
                    kind,
                },
                loc,
            ));
        }
        if !f_string_found && strings.len() == 1 {
            return strings.into_iter().next();
        }
        let mut flattened = Vec::new();
        for e in strings {
            match e.kind {
                ExprKind::JoinedStr { values } => flattened.extend(values),
                _ => flattened.push(e),
            }
        }
        let values = merge_constants(flattened, f_string_found);
        if !f_string_found {
            return values.into_iter().next();
        }
        Some(mk(
            ExprKind::JoinedStr {
                values: values.into(),
            },
            loc,
        ))
    }

    /// `_PyPegen_concatenate_tstrings`.
    fn concatenate_tstrings(&mut self, strings: Vec<Expr>, loc: Location) -> Expr {
        let mut flattened = Vec::new();
        for e in strings {
            match e.kind {
                ExprKind::TemplateStr { values } => flattened.extend(values),
                _ => flattened.push(e),
            }
        }
        let values = merge_constants(flattened, true);
        mk(
            ExprKind::TemplateStr {
                values: values.into(),
            },
            loc,
        )
    }
}

fn is_empty_str(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Constant { value: Constant::Str(s), .. } if s.is_empty())
}

/// Folds runs of adjacent string constants into one (dropping empty ones when `drop_empty`).
fn merge_constants(flattened: Vec<Expr>, drop_empty: bool) -> Vec<Expr> {
    let mut values: Vec<Expr> = Vec::new();
    let mut i = 0;
    let n = flattened.len();
    let mut items = flattened.into_iter().map(Some).collect::<Vec<_>>();
    while i < n {
        let Some(elem) = items[i].take() else {
            i += 1;
            continue;
        };
        let is_const = matches!(elem.kind, ExprKind::Constant { .. });
        if is_const
            && i + 1 < n
            && items[i + 1]
                .as_ref()
                .is_some_and(|e| matches!(e.kind, ExprKind::Constant { .. }))
        {
            let first_loc = elem.loc;
            let (mut text, kind) = match elem.kind {
                ExprKind::Constant {
                    value: Constant::Str(s),
                    kind,
                } => (s, kind),
                _ => (String::new(), None),
            };
            let mut last_loc = first_loc;
            let mut j = i + 1;
            while j < n {
                let is_c = items[j]
                    .as_ref()
                    .is_some_and(|e| matches!(e.kind, ExprKind::Constant { .. }));
                if !is_c {
                    break;
                }
                if let Some(e) = items[j].take() {
                    last_loc = e.loc;
                    if let ExprKind::Constant {
                        value: Constant::Str(s),
                        ..
                    } = e.kind
                    {
                        text.push_str(&s);
                    }
                }
                j += 1;
            }
            i = j;
            if drop_empty && text.is_empty() {
                continue;
            }
            values.push(mk(
                ExprKind::Constant {
                    value: Constant::Str(text),
                    kind,
                },
                Location {
                    lineno: first_loc.lineno,
                    col_offset: first_loc.col_offset,
                    end_lineno: last_loc.end_lineno,
                    end_col_offset: last_loc.end_col_offset,
                },
            ));
            continue;
        }
        i += 1;
        if drop_empty && is_empty_str(&elem) {
            continue;
        }
        values.push(elem);
    }
    values
}

/// `parsenumber`: a NUMBER token's text (without underscores) → its value.
fn parse_number(s: &str) -> Option<Constant> {
    let lower = s.to_ascii_lowercase();
    if let Some(imag) = lower.strip_suffix('j') {
        let v: f64 = imag.parse().ok()?;
        return Some(Constant::Complex { real: 0.0, imag: v });
    }
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.contains(['.', 'e']) {
        let v: f64 = lower.parse().ok()?;
        return Some(Constant::Float(v));
    } else {
        (10, lower.as_str())
    };
    let v: BigInt = parse_int(digits, radix)?;
    Some(Constant::Int(v.into()))
}

fn hex_val(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// `decode_unicode_with_escapes`: a non-raw str literal body → its value.
///
/// Positions in errors are those of CPython's intermediate buffer, where every non-ASCII
/// character has become a 10-byte `\U%08x` escape.
fn decode_unicode_escapes(
    body: &str,
    invalid: &mut Option<InvalidEscape>,
) -> Result<String, DecodeError> {
    // The position in CPython's buffer of the byte offset `i` (errors only).
    let bpos = |i: usize| -> usize {
        body[..i]
            .chars()
            .map(|c| if c.is_ascii() { 1 } else { 10 })
            .sum()
    };
    let b = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < b.len() {
        // The text up to the next backslash, as it is.
        let Some(k) = body[i..].find('\\') else {
            out.push_str(&body[i..]);
            break;
        };
        out.push_str(&body[i..i + k]);
        i += k;
        let start = i;
        i += 1;
        let Some(e) = body[i..].chars().next() else {
            // Only an f-string piece before `{` can end with a lone backslash: kept.
            out.push('\\');
            break;
        };
        i += e.len_utf8();
        match e {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let first = i - 1;
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if v > 0o377 && invalid.is_none() {
                    *invalid = Some(InvalidEscape {
                        text: body[first..i].to_string(),
                        octal: true,
                    });
                }
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                for _ in 0..n {
                    match b.get(i).and_then(|&c| hex_val(c)) {
                        Some(d) => {
                            v = v.wrapping_mul(16).wrapping_add(d);
                            i += 1;
                        }
                        None => {
                            return Err(DecodeError {
                                start: bpos(start),
                                end: bpos(i.min(b.len())),
                                reason: match e {
                                    'x' => "truncated \\xXX escape",
                                    'u' => "truncated \\uXXXX escape",
                                    _ => "truncated \\UXXXXXXXX escape",
                                },
                            });
                        }
                    }
                }
                if v > 0x10FFFF {
                    return Err(DecodeError {
                        start: bpos(start),
                        end: bpos(i),
                        reason: "illegal Unicode character",
                    });
                }
                // FIXME: lone surrogates cannot live in a Rust `String`.
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            'N' => {
                let err = |end| DecodeError {
                    start: bpos(start),
                    end,
                    reason: "malformed \\N character escape",
                };
                if b.get(i) != Some(&b'{') {
                    return Err(err(bpos(i.min(b.len()))));
                }
                let name_start = i + 1;
                let Some(close) = body[name_start..].find('}') else {
                    return Err(err(bpos(b.len())));
                };
                let name = &body[name_start..name_start + close];
                i = name_start + close + 1;
                if name.is_empty() {
                    // The decoder stops at the `}` of an empty name.
                    return Err(err(bpos(name_start + close)));
                }
                match unicode_names2::character(name) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(DecodeError {
                            start: bpos(start),
                            end: bpos(i),
                            reason: "unknown Unicode character name",
                        });
                    }
                }
            }
            other => {
                // Invalid escape: kept as is, and warned about (a backslash before a
                // non-ASCII character is a plain backslash: CPython's `\u005c`).
                if invalid.is_none() && other.is_ascii() {
                    *invalid = Some(InvalidEscape {
                        text: other.to_string(),
                        octal: false,
                    });
                }
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// `_PyBytes_DecodeEscape`: a non-raw bytes literal body (ASCII) → its value.
/// `_PyBytes_DecodeEscape`'s ValueError for a bad `\x` escape (the escape's index follows).
const BAD_X_ESCAPE: &str = "invalid \\x escape at position";

fn decode_bytes_escapes(
    body: &str,
    invalid: &mut Option<InvalidEscape>,
) -> Result<Vec<u8>, DecodeError> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let Some(&e) = b.get(i) else {
            return Err(DecodeError {
                start,
                end: start + 1,
                reason: "Trailing \\ in string",
            });
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let first = i - 1;
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if v > 0o377 && invalid.is_none() {
                    *invalid = Some(InvalidEscape {
                        text: String::from_utf8_lossy(&b[first..i]).into_owned(),
                        octal: true,
                    });
                }
                out.push((v & 0xFF) as u8);
            }
            b'x' => {
                let h1 = b.get(i).and_then(|&c| hex_val(c));
                let h2 = b.get(i + 1).and_then(|&c| hex_val(c));
                match (h1, h2) {
                    (Some(a), Some(c)) => {
                        out.push((a * 16 + c) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(DecodeError {
                            start,
                            end: start + 1,
                            reason: BAD_X_ESCAPE,
                        });
                    }
                }
            }
            other => {
                if invalid.is_none() {
                    *invalid = Some(InvalidEscape {
                        text: char::from(other).to_string(),
                        octal: false,
                    });
                }
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// The first invalid escape of a literal (`first_invalid_escape`): the character after
/// the backslash, or the digits of an octal escape above `\377`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InvalidEscape {
    text: String,
    octal: bool,
}

impl InvalidEscape {
    /// `warn_invalid_escape_sequence`'s message.
    fn message(&self) -> String {
        let t = &self.text;
        let what = if self.octal {
            "invalid octal escape sequence"
        } else {
            "invalid escape sequence"
        };
        format!(
            "\"\\{t}\" is an {what}. Such sequences will not work in the future. Did you mean \"\\\\{t}\"? A raw string is also an option."
        )
    }
}
