//! oxpy's tokenizer: CPython 3.14's `Parser/lexer/`, `Parser/tokenizer/`, `Python/Python-tokenize.c` and `Lib/tokenize.py`, token for token.
//!
//! One engine, two views:
//! - the **parser view** ([`Lexer`] with default [`LexOptions`]): what CPython's C tokenizer
//!   hands its PEG parser — no COMMENT/NL, exact operator types, byte columns, warnings
//!   for the parser;
//! - the **`tokenize` module view** ([`ModuleTokens`]): what `tokenize.generate_tokens`
//!   yields — COMMENT, NL, generic OP, character columns, the physical line.
//!
//! Source layout:
//! - [`source`]: bytes → text (BOM, PEP 263 cookies, codecs, newlines);
//! - [`token`]: token types with CPython's numbering, keywords;
//! - `scan`: operators and delimiters (longest match);
//! - [`lexer`]: the stateful engine (indentation, brackets, strings, f/t-string modes);
//! - [`module_view`]: the `tokenize` module's adjustments;
//! - [`error`]: typed errors with CPython's messages and locations.
//!
//! ```
//! use oxpy_tokenize::{parser_tokens, SourceText, TokenKind};
//! let src = SourceText::new("x = 1\n".to_string());
//! let kinds: Vec<TokenKind> = parser_tokens(&src).map(|t| t.unwrap().kind).collect();
//! assert_eq!(kinds, [TokenKind::NAME, TokenKind::EQUAL, TokenKind::NUMBER,
//!                    TokenKind::NEWLINE, TokenKind::ENDMARKER]);
//! ```

pub mod error;
pub mod lexer;
pub mod module_view;
mod scan;
pub mod source;
pub mod token;

pub use error::{ExceptionClass, TokenizeError, TokenizeErrorKind, TokenizeWarning};
pub use lexer::{LexOptions, Lexer, Token};
pub use module_view::{ModuleError, ModuleTokens, TokenInfo};
pub use source::{Codec, Detected, SourceError, SourceText};
pub use token::TokenKind;

/// The parser view's tokens of a text, ending with ENDMARKER or the first error.
pub fn parser_tokens(source: &SourceText) -> ParserTokens<'_> {
    ParserTokens {
        lexer: Lexer::new(
            source.as_str(),
            source.implicit_newline(),
            LexOptions::default(),
        ),
        done: false,
    }
}

/// Iterator over the parser view's tokens (see [`parser_tokens`]).
pub struct ParserTokens<'a> {
    lexer: Lexer<'a>,
    done: bool,
}

impl<'a> ParserTokens<'a> {
    /// The underlying engine (for its warnings and state).
    pub fn lexer(&self) -> &Lexer<'a> {
        &self.lexer
    }
}

impl Iterator for ParserTokens<'_> {
    type Item = Result<Token, TokenizeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.lexer.next_token();
        match &item {
            Ok(t) if t.kind == TokenKind::ENDMARKER => self.done = true,
            Err(_) => self.done = true,
            Ok(_) => {}
        }
        Some(item)
    }
}

/// Source bytes → text the way `compile()` reads them (see [`source::decode_for_compile`]).
pub fn source_for_parser(data: &[u8]) -> Result<SourceText, SourceError> {
    source::decode_for_compile(data)
}

/// Source bytes → text the way `tokenize.open()` reads them (universal newlines), with the
/// detected encoding; this is what `tokenize.generate_tokens(open(...).readline)` sees.
pub fn source_for_tokenize(data: &[u8]) -> Result<(Detected, SourceText), SourceError> {
    let detected = source::detect_encoding(data, None)?;
    let text = source::decode(data, detected.codec, detected.bom)?;
    let text = match source::universal_newlines(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(converted) => converted,
    };
    Ok((detected, SourceText::new(text)))
}

/// Source bytes → text the way `tokenize.tokenize(open(path, 'rb').readline)` reads them
/// (what `python -m tokenize FILE` uses): the encoding is detected with `filename` in its
/// error messages, and newlines are left as they are (`\r\n` stays in the text).
pub fn source_for_tokenize_bytes(
    data: &[u8],
    filename: Option<&str>,
) -> Result<(Detected, SourceText), SourceError> {
    let detected = source::detect_encoding(data, filename)?;
    let text = source::decode(data, detected.codec, detected.bom)?;
    Ok((detected, SourceText::new(text)))
}
