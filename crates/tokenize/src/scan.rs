//! The logos-generated scanner for the context-free lexemes: ASCII identifiers, operators and comments.
//!
//! The stateful engine ([`crate::lexer`]) asks this scanner for one lexeme at a time and
//! keeps every context-dependent rule (indentation, brackets, string prefixes, f-string
//! modes, numbers and their errors) to itself.

use crate::token::TokenKind;
use logos::Logos;

/// A lexeme recognised by the DFA.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
#[logos(source = [u8])]
pub(crate) enum Lexeme {
    /// An identifier made of ASCII letters, digits and underscores.
    #[regex("[A-Za-z_][A-Za-z0-9_]*")]
    AsciiName,
    /// A comment up to (not including) the end of the line.
    #[regex("#[^\r\n]*")]
    Comment,
    /// An operator or delimiter, longest match first, as CPython's
    /// `_PyToken_OneChar`/`TwoChars`/`ThreeChars` resolve it.
    #[token("(", |_| TokenKind::LPAR)]
    #[token(")", |_| TokenKind::RPAR)]
    #[token("[", |_| TokenKind::LSQB)]
    #[token("]", |_| TokenKind::RSQB)]
    #[token("{", |_| TokenKind::LBRACE)]
    #[token("}", |_| TokenKind::RBRACE)]
    #[token(":", |_| TokenKind::COLON)]
    #[token(":=", |_| TokenKind::COLONEQUAL)]
    #[token(",", |_| TokenKind::COMMA)]
    #[token(";", |_| TokenKind::SEMI)]
    #[token("+", |_| TokenKind::PLUS)]
    #[token("+=", |_| TokenKind::PLUSEQUAL)]
    #[token("-", |_| TokenKind::MINUS)]
    #[token("-=", |_| TokenKind::MINEQUAL)]
    #[token("->", |_| TokenKind::RARROW)]
    #[token("*", |_| TokenKind::STAR)]
    #[token("*=", |_| TokenKind::STAREQUAL)]
    #[token("**", |_| TokenKind::DOUBLESTAR)]
    #[token("**=", |_| TokenKind::DOUBLESTAREQUAL)]
    #[token("/", |_| TokenKind::SLASH)]
    #[token("/=", |_| TokenKind::SLASHEQUAL)]
    #[token("//", |_| TokenKind::DOUBLESLASH)]
    #[token("//=", |_| TokenKind::DOUBLESLASHEQUAL)]
    #[token("|", |_| TokenKind::VBAR)]
    #[token("|=", |_| TokenKind::VBAREQUAL)]
    #[token("&", |_| TokenKind::AMPER)]
    #[token("&=", |_| TokenKind::AMPEREQUAL)]
    #[token("<", |_| TokenKind::LESS)]
    #[token("<=", |_| TokenKind::LESSEQUAL)]
    #[token("<<", |_| TokenKind::LEFTSHIFT)]
    #[token("<<=", |_| TokenKind::LEFTSHIFTEQUAL)]
    #[token("<>", |_| TokenKind::NOTEQUAL)]
    #[token(">", |_| TokenKind::GREATER)]
    #[token(">=", |_| TokenKind::GREATEREQUAL)]
    #[token(">>", |_| TokenKind::RIGHTSHIFT)]
    #[token(">>=", |_| TokenKind::RIGHTSHIFTEQUAL)]
    #[token("=", |_| TokenKind::EQUAL)]
    #[token("==", |_| TokenKind::EQEQUAL)]
    #[token("!", |_| TokenKind::EXCLAMATION)]
    #[token("!=", |_| TokenKind::NOTEQUAL)]
    #[token(".", |_| TokenKind::DOT)]
    #[token("%", |_| TokenKind::PERCENT)]
    #[token("%=", |_| TokenKind::PERCENTEQUAL)]
    #[token("~", |_| TokenKind::TILDE)]
    #[token("^", |_| TokenKind::CIRCUMFLEX)]
    #[token("^=", |_| TokenKind::CIRCUMFLEXEQUAL)]
    #[token("@", |_| TokenKind::AT)]
    #[token("@=", |_| TokenKind::ATEQUAL)]
    Op(TokenKind),
}

/// Scans one lexeme at the start of `bytes`; returns it and its length in bytes, or `None`
/// when the input does not start with a lexeme this scanner knows.
#[inline]
pub(crate) fn scan(bytes: &[u8]) -> Option<(Lexeme, usize)> {
    let mut lexer = Lexeme::lexer(bytes);
    match lexer.next() {
        Some(Ok(lexeme)) => Some((lexeme, lexer.span().end)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_operator_wins() {
        assert_eq!(
            scan(b"**= 1"),
            Some((Lexeme::Op(TokenKind::DOUBLESTAREQUAL), 3))
        );
        assert_eq!(scan(b"->x"), Some((Lexeme::Op(TokenKind::RARROW), 2)));
        assert_eq!(scan(b"<>"), Some((Lexeme::Op(TokenKind::NOTEQUAL), 2)));
    }

    #[test]
    fn names_stop_at_non_ascii() {
        assert_eq!(scan("abc€".as_bytes()), Some((Lexeme::AsciiName, 3)));
    }

    #[test]
    fn unknown_characters_are_not_lexemes() {
        assert_eq!(scan(b"$"), None);
        assert_eq!(scan(b"?"), None);
    }
}
