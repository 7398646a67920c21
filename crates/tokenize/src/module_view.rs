//! Port of Python/Python-tokenize.c and the C-tokenizer half of Lib/tokenize.py: the tokens `tokenize.generate_tokens` yields.
//!
//! Differences from the parser view: COMMENT and NL tokens exist, operators are reported
//! with the generic type OP (the exact type is derived from the string), NEWLINE's string is
//! the newline itself, columns count characters, every token carries its physical line, and
//! the tokenizer is lenient about numbers and identifiers exactly where CPython is.

use crate::error::{ExceptionClass, TokenizeError, TokenizeErrorKind};
use crate::lexer::{LexOptions, Lexer, char_count};
use crate::source::SourceText;
use crate::token::TokenKind;
use std::fmt;

/// One token as `tokenize.TokenInfo` holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenInfo<'a> {
    /// `type`: operators have the generic type OP.
    pub kind: TokenKind,
    /// `exact_type`: the operator's own type for OP tokens, else `kind`.
    pub exact_kind: TokenKind,
    /// `string`: the token's text.
    pub string: &'a str,
    /// `start`: (line, column in characters).
    pub start: (u32, i64),
    /// `end`: (line, column in characters).
    pub end: (u32, i64),
    /// `line`: the physical line(s) the token was found on.
    pub line: &'a str,
}

/// What stops `tokenize.generate_tokens`: a `tokenize.TokenError` or an
/// `IndentationError`/`TabError` that passes through unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleError {
    /// `tokenize.TokenError(msg, (lineno, offset))`.
    TokenError {
        /// The message (CPython's, with tokenize's rewording of unterminated triple quotes).
        message: String,
        /// The line.
        lineno: u32,
        /// The offset CPython reports.
        offset: u32,
    },
    /// An `IndentationError` or `TabError`.
    Indentation(TokenizeError),
}

impl ModuleError {
    /// The Python class name: `TokenError`, `IndentationError` or `TabError`.
    pub fn class_name(&self) -> &'static str {
        match self {
            ModuleError::TokenError { .. } => "TokenError",
            ModuleError::Indentation(e) => e.class().name(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            ModuleError::TokenError { message, .. } => message.clone(),
            ModuleError::Indentation(e) => e.message(),
        }
    }

    /// `(lineno, offset)` as the exception carries them.
    pub fn location(&self) -> (u32, u32) {
        match self {
            ModuleError::TokenError { lineno, offset, .. } => (*lineno, *offset),
            ModuleError::Indentation(e) => (e.lineno, e.offset),
        }
    }

    fn from_tokenize_error(err: TokenizeError) -> Self {
        if err.class() != ExceptionClass::SyntaxError {
            return ModuleError::Indentation(err);
        }
        let mut message = err.message();
        if matches!(err.kind, TokenizeErrorKind::UnterminatedTripleQuoted { .. }) {
            message = "EOF in multi-line string".into();
        }
        ModuleError::TokenError {
            message,
            lineno: err.lineno,
            offset: err.offset,
        }
    }
}

impl fmt::Display for ModuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, offset) = self.location();
        write!(
            f,
            "{}: {} ({line}, {offset})",
            self.class_name(),
            self.message()
        )
    }
}

impl std::error::Error for ModuleError {}

/// Character-column cache for the current line (CPython's `byte_col_offset_diff`).
#[derive(Default)]
struct Columns {
    line_begin: usize,
    byte: usize,
    chars: usize,
}

impl Columns {
    fn chars_between(&mut self, text: &[u8], line_begin: usize, pos: usize) -> usize {
        if self.line_begin != line_begin || pos < self.byte {
            self.line_begin = line_begin;
            self.byte = line_begin;
            self.chars = 0;
        }
        let pos = pos.min(text.len());
        self.chars += char_count(&text[self.byte..pos]);
        self.byte = pos;
        self.chars
    }
}

/// Iterator over the tokens `tokenize.generate_tokens` yields for a text.
pub struct ModuleTokens<'a> {
    lexer: Lexer<'a>,
    text: &'a str,
    cols: Columns,
    done: bool,
}

impl<'a> ModuleTokens<'a> {
    /// Tokens of `source`, as `tokenize.generate_tokens` yields them for its lines.
    pub fn new(source: &'a SourceText) -> Self {
        let opts = LexOptions {
            extra_tokens: true,
            type_comments: false,
        };
        ModuleTokens {
            lexer: Lexer::new(source.as_str(), source.implicit_newline(), opts),
            text: source.as_str(),
            cols: Columns::default(),
            done: false,
        }
    }

    /// Warnings emitted so far. In the `tokenize` module view only f-strings' invalid
    /// escapes before a brace (`"\{"`) warn, as in CPython.
    pub fn warnings(&self) -> &[crate::TokenizeWarning] {
        self.lexer.warnings()
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        let text: &'a str = self.text;
        let to = to.min(text.len());
        let from = from.min(to);
        text.get(from..to).unwrap_or("")
    }
}

impl<'a> Iterator for ModuleTokens<'a> {
    type Item = Result<TokenInfo<'a>, ModuleError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let tok = match self.lexer.next_token() {
            Ok(t) => t,
            Err(e) => {
                self.done = true;
                return Some(Err(ModuleError::from_tokenize_error(e)));
            }
        };
        let bytes = self.text.as_bytes();
        let kind = tok.kind;
        let trailing =
            kind == TokenKind::ENDMARKER || (kind == TokenKind::DEDENT && self.lexer.at_eof());
        if kind == TokenKind::ENDMARKER {
            self.done = true;
        }
        let line_start = if kind.is_string_literal() {
            self.lexer.multi_line_start()
        } else {
            self.lexer.line_start()
        };
        let implicit = self.lexer.implicit_newline();
        let line = if trailing {
            ""
        } else {
            let mut end = self.lexer.line_end();
            if implicit && end > line_start {
                end -= 1;
            }
            self.slice(line_start, end)
        };
        let start = tok.start as usize;
        let end = tok.end as usize;
        let mut string = self.slice(start, end);
        let mut lineno = tok.lineno;
        let mut end_lineno = tok.end_lineno;
        let mut col: i64 = if start >= line_start {
            self.cols.chars_between(bytes, line_start, start) as i64
        } else {
            -1
        };
        let cur_line_start = self.lexer.line_start();
        let mut end_col: i64 = if end >= cur_line_start {
            if lineno == end_lineno && start >= line_start {
                col + char_count(&bytes[start..end.max(start)]) as i64
            } else {
                char_count(&bytes[cur_line_start..end]) as i64
            }
        } else {
            -1
        };
        if trailing {
            lineno += 1;
            end_lineno = lineno;
            col = 0;
            end_col = 0;
        }
        let mut reported = kind;
        if kind.is_exact_operator() {
            reported = TokenKind::OP;
        } else if kind == TokenKind::NEWLINE {
            // CPython keeps the token's own text (normally empty) for an added newline.
            if !implicit {
                string = if bytes.get(start) == Some(&b'\r') {
                    "\r\n"
                } else {
                    "\n"
                };
            }
            end_col += 1;
        } else if kind == TokenKind::NL && implicit {
            string = "";
        }
        let exact_kind = if reported != TokenKind::OP {
            reported
        } else if kind.is_exact_operator() && kind != TokenKind::NOTEQUAL {
            // The engine's exact type is that of the operator's text (only `!=` and `<>`
            // share one, and `<>` is no exact operator for the `tokenize` module).
            kind
        } else {
            TokenKind::exact_operator(string).unwrap_or(TokenKind::OP)
        };
        Some(Ok(TokenInfo {
            kind: reported,
            exact_kind,
            string,
            start: (lineno, col),
            end: (end_lineno, end_col),
            line,
        }))
    }
}
