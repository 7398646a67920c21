//! Port of Parser/token.c (`_PyToken_OneChar`, `_PyToken_TwoChars`, `_PyToken_ThreeChars`):
//! the operators and delimiters, longest match first.
//!
//! The stateful engine ([`crate::lexer`]) asks for one operator at a time and keeps every
//! context-dependent rule (indentation, brackets, string prefixes, f-string modes, numbers
//! and their errors) to itself.

use crate::token::TokenKind;

/// The longest exact operator at the start of `bytes` and its length in bytes, as CPython's
/// `_PyToken_OneChar`/`TwoChars`/`ThreeChars` resolve it (`<>` included, `.`/`...` not:
/// the engine reads those itself); `None` when `bytes` does not start with one.
#[inline(always)]
pub(crate) fn operator(bytes: &[u8]) -> Option<(TokenKind, usize)> {
    use TokenKind::*;
    let (&c1, rest) = bytes.split_first()?;
    let c2 = rest.first().copied().unwrap_or(0);
    let c3 = rest.get(1).copied().unwrap_or(0);
    let one = match c1 {
        b'(' => return Some((LPAR, 1)),
        b')' => return Some((RPAR, 1)),
        b'[' => return Some((LSQB, 1)),
        b']' => return Some((RSQB, 1)),
        b'{' => return Some((LBRACE, 1)),
        b'}' => return Some((RBRACE, 1)),
        b',' => return Some((COMMA, 1)),
        b';' => return Some((SEMI, 1)),
        b'~' => return Some((TILDE, 1)),
        b':' => COLON,
        b'+' => PLUS,
        b'-' => MINUS,
        b'*' => STAR,
        b'/' => SLASH,
        b'|' => VBAR,
        b'&' => AMPER,
        b'<' => LESS,
        b'>' => GREATER,
        b'=' => EQUAL,
        b'!' => EXCLAMATION,
        b'%' => PERCENT,
        b'^' => CIRCUMFLEX,
        b'@' => AT,
        _ => return None,
    };
    let two = match (c1, c2) {
        (b'*', b'*') => DOUBLESTAR,
        (b'/', b'/') => DOUBLESLASH,
        (b'<', b'<') => LEFTSHIFT,
        (b'>', b'>') => RIGHTSHIFT,
        (b'<', b'>') | (b'!', b'=') => NOTEQUAL,
        (b'-', b'>') => RARROW,
        (b':', b'=') => COLONEQUAL,
        (b'=', b'=') => EQEQUAL,
        (b'<', b'=') => LESSEQUAL,
        (b'>', b'=') => GREATEREQUAL,
        (b'+', b'=') => PLUSEQUAL,
        (b'-', b'=') => MINEQUAL,
        (b'*', b'=') => STAREQUAL,
        (b'/', b'=') => SLASHEQUAL,
        (b'|', b'=') => VBAREQUAL,
        (b'&', b'=') => AMPEREQUAL,
        (b'%', b'=') => PERCENTEQUAL,
        (b'^', b'=') => CIRCUMFLEXEQUAL,
        (b'@', b'=') => ATEQUAL,
        _ => return Some((one, 1)),
    };
    let three = match (two, c3) {
        (DOUBLESTAR, b'=') => DOUBLESTAREQUAL,
        (DOUBLESLASH, b'=') => DOUBLESLASHEQUAL,
        (LEFTSHIFT, b'=') => LEFTSHIFTEQUAL,
        (RIGHTSHIFT, b'=') => RIGHTSHIFTEQUAL,
        _ => return Some((two, 2)),
    };
    Some((three, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_operator_wins() {
        assert_eq!(operator(b"**= 1"), Some((TokenKind::DOUBLESTAREQUAL, 3)));
        assert_eq!(operator(b"->x"), Some((TokenKind::RARROW, 2)));
        assert_eq!(operator(b"<>"), Some((TokenKind::NOTEQUAL, 2)));
        assert_eq!(operator(b"<"), Some((TokenKind::LESS, 1)));
        assert_eq!(operator(b"**"), Some((TokenKind::DOUBLESTAR, 2)));
    }

    #[test]
    fn every_exact_operator_is_found_whole() {
        // Every operator of `token.EXACT_TOKEN_TYPES` except the ones the engine reads itself.
        for &kind in TokenKind::ALL {
            if !kind.is_exact_operator() || matches!(kind, TokenKind::DOT | TokenKind::ELLIPSIS) {
                continue;
            }
            let texts: &[&str] = match kind {
                TokenKind::NOTEQUAL => &["!=", "<>"],
                _ => &[],
            };
            let all_texts: Vec<String> = if texts.is_empty() {
                (0u8..128)
                    .flat_map(|a| (0u8..128).map(move |b| (a, b)))
                    .flat_map(|(a, b)| {
                        [
                            String::from(a as char),
                            format!("{}{}", a as char, b as char),
                        ]
                    })
                    .chain(["**=", "//=", "<<=", ">>="].map(String::from))
                    .filter(|t| TokenKind::exact_operator(t) == Some(kind))
                    .collect()
            } else {
                texts.iter().map(|t| t.to_string()).collect()
            };
            assert!(!all_texts.is_empty(), "{kind:?}");
            for text in all_texts {
                let mut input = text.clone().into_bytes();
                input.push(b'a');
                assert_eq!(operator(&input), Some((kind, text.len())), "{text}");
            }
        }
    }

    #[test]
    fn unknown_characters_are_not_operators() {
        assert_eq!(operator(b"$"), None);
        assert_eq!(operator(b"?"), None);
        assert_eq!(operator(b"a"), None);
        assert_eq!(operator(b""), None);
    }
}
