//! Lexer for the instruction DSL (the counterpart of CPython's `Tools/cases_generator/lexer.py`).
//!
//! The declarations use a handful of tokens (names, integers, punctuation,
//! `--`); bodies are Rust, so the lexer also understands Rust's string, char
//! and lifetime literals well enough to keep braces balanced. Comments
//! (`// ...` and `/* ... */`) are skipped.

use crate::error::{DslError, DslErrorKind, Location};

/// The kind of a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// An identifier or keyword (`inst`, `oparg`, `LOAD_FAST`, ...).
    Ident(String),
    /// An integer literal (decimal, `0x` hex, `0o` octal or `0b` binary).
    Number(i64),
    /// A string, char or lifetime literal inside a body (kept verbatim).
    Literal(String),
    /// Punctuation: one char, or one of `--`, `->`, `=>`, `::`, `<<`, `>>`,
    /// `==`, `!=`, `<=`, `>=`, `&&`, `||`.
    Punct(&'static str),
    /// End of input.
    Eof,
}

impl TokenKind {
    /// A short description for error messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Ident(s) => format!("`{s}`"),
            Self::Number(n) => format!("`{n}`"),
            Self::Literal(s) => format!("literal {s}"),
            Self::Punct(p) => format!("`{p}`"),
            Self::Eof => "end of file".to_owned(),
        }
    }
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (chars).
    pub column: u32,
}

const PUNCT2: [&str; 12] = [
    "--", "->", "=>", "::", "<<", ">>", "==", "!=", "<=", ">=", "&&", "||",
];
const PUNCT1: &str = "(){}[],;:+-*/%&|^!~<>=.?#@$'";

fn punct1(c: char) -> Option<&'static str> {
    const ALL: [&str; 28] = [
        "(", ")", "{", "}", "[", "]", ",", ";", ":", "+", "-", "*", "/", "%", "&", "|", "^", "!",
        "~", "<", ">", "=", ".", "?", "#", "@", "$", "'",
    ];
    debug_assert_eq!(ALL.len(), PUNCT1.chars().count());
    ALL.iter().copied().find(|p| p.starts_with(c))
}

/// Splits `src` into tokens; the last token is always [`TokenKind::Eof`].
pub fn tokenize(file: &str, src: &str) -> Result<Vec<Token>, DslError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    let loc = |line, column| Location {
        file: file.to_owned(),
        line,
        column,
    };
    // Advances over chars[i..j], tracking lines and columns.
    let advance = |i: &mut usize, j: usize, line: &mut u32, col: &mut u32| {
        for &c in &chars[*i..j] {
            if c == '\n' {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
        }
        *i = j;
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            let j = i + 1;
            advance(&mut i, j, &mut line, &mut col);
            continue;
        }
        if c == '/' && next == Some('/') {
            let mut j = i;
            while j < chars.len() && chars[j] != '\n' {
                j += 1;
            }
            advance(&mut i, j, &mut line, &mut col);
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut j = i + 2;
            loop {
                if j + 1 >= chars.len() {
                    return Err(DslError::new(
                        DslErrorKind::UnterminatedComment,
                        loc(line, col),
                    ));
                }
                if chars[j] == '*' && chars[j + 1] == '/' {
                    break;
                }
                j += 1;
            }
            advance(&mut i, j + 2, &mut line, &mut col);
            continue;
        }
        let (tok_line, tok_col) = (line, col);
        let kind;
        let mut j = i + 1;
        if c.is_alphabetic() || c == '_' {
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            kind = TokenKind::Ident(chars[i..j].iter().collect());
        } else if c.is_ascii_digit() {
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let text: String = chars[i..j].iter().filter(|&&c| c != '_').collect();
            kind = TokenKind::Number(parse_int(&text).ok_or_else(|| {
                DslError::new(
                    DslErrorKind::Expected {
                        expected: "an integer literal".into(),
                        found: format!("`{text}`"),
                    },
                    loc(line, col),
                )
            })?);
        } else if c == '"' {
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(DslError::new(
                    DslErrorKind::UnterminatedLiteral,
                    loc(line, col),
                ));
            }
            j += 1;
            kind = TokenKind::Literal(chars[i..j].iter().collect());
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                j = i + 2;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(DslError::new(
                        DslErrorKind::UnterminatedLiteral,
                        loc(line, col),
                    ));
                }
                j += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                j = i + 3;
            } else {
                while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
            }
            kind = TokenKind::Literal(chars[i..j].iter().collect());
        } else if let Some(p) = next
            .map(|n| format!("{c}{n}"))
            .and_then(|two| PUNCT2.iter().copied().find(|p| **p == two))
        {
            j = i + 2;
            kind = TokenKind::Punct(p);
        } else if let Some(p) = punct1(c) {
            kind = TokenKind::Punct(p);
        } else {
            return Err(DslError::new(
                DslErrorKind::UnexpectedChar(c),
                loc(line, col),
            ));
        }
        advance(&mut i, j, &mut line, &mut col);
        out.push(Token {
            kind,
            line: tok_line,
            column: tok_col,
        });
    }
    out.push(Token {
        kind: TokenKind::Eof,
        line,
        column: col,
    });
    Ok(out)
}

fn parse_int(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let (digits, radix) = if let Some(rest) = lower.strip_prefix("0x") {
        (rest, 16)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (rest, 8)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (rest, 2)
    } else {
        (lower.as_str(), 10)
    };
    // Allow Rust integer suffixes such as `1u32` inside bodies.
    let digits = digits.trim_end_matches(|c: char| {
        c.is_ascii_alphabetic() && !(radix == 16 && c.is_ascii_hexdigit())
    });
    let digits = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ]
    .iter()
    .find_map(|s| digits.strip_suffix(s))
    .unwrap_or(digits);
    i64::from_str_radix(digits, radix).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        tokenize("t.dsl", src)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn stack_effect_tokens() {
        assert_eq!(
            kinds("(a, b[oparg>>8] -- c) // x"),
            vec![
                TokenKind::Punct("("),
                TokenKind::Ident("a".into()),
                TokenKind::Punct(","),
                TokenKind::Ident("b".into()),
                TokenKind::Punct("["),
                TokenKind::Ident("oparg".into()),
                TokenKind::Punct(">>"),
                TokenKind::Number(8),
                TokenKind::Punct("]"),
                TokenKind::Punct("--"),
                TokenKind::Ident("c".into()),
                TokenKind::Punct(")"),
                TokenKind::Eof,
            ]
        );
    }

    #[test]
    fn literals_and_positions() {
        let toks = tokenize("t.dsl", "x\n  'a' '\\n' 'life \"}\" 0xFF").unwrap();
        assert_eq!(toks[1].line, 2);
        assert_eq!(toks[1].column, 3);
        assert_eq!(toks[1].kind, TokenKind::Literal("'a'".into()));
        assert_eq!(toks[2].kind, TokenKind::Literal("'\\n'".into()));
        assert_eq!(toks[3].kind, TokenKind::Literal("'life".into()));
        assert_eq!(toks[4].kind, TokenKind::Literal("\"}\"".into()));
        assert_eq!(toks[5].kind, TokenKind::Number(255));
    }

    #[test]
    fn errors_have_locations() {
        let err = tokenize("t.dsl", "a\n /* open").unwrap_err();
        assert_eq!(err.to_string(), "t.dsl:2:2: unterminated /* comment");
        let err = tokenize("t.dsl", "a ` b").unwrap_err();
        assert_eq!(err.to_string(), "t.dsl:1:3: unexpected character '`'");
    }
}
