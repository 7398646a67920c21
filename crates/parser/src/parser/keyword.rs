//! Keyword identities of NAME tokens (Parser/token.c's keyword table, `_PyPegen_name_token`'s check): each NAME token is classified once when the parser reads it, so rules compare one byte instead of strings.

/// A hard or soft keyword, or [`Kw::No`] for a plain identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum Kw {
    /// Not a keyword (a plain identifier, or not a NAME token).
    No = 0,
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
    /// Soft keyword `_` (the first soft keyword: every id from here on is soft).
    Underscore,
    /// Soft keyword `case`.
    Case,
    /// Soft keyword `match`.
    Match,
    /// Soft keyword `type`.
    Type,
}

impl Kw {
    /// The keyword a NAME token's text spells (`keyword.kwlist` and `keyword.softkwlist`).
    pub(crate) fn of(name: &str) -> Kw {
        Kw::of_bytes(name.as_bytes())
    }

    /// [`Kw::of`] over the name's bytes (the token's text, not sliced as a `str`).
    pub(crate) fn of_bytes(name: &[u8]) -> Kw {
        // By first byte, then among the few keywords starting with it.
        let Some(&first) = name.first() else {
            return Kw::No;
        };
        if name.len() > 8 {
            return Kw::No;
        }
        match first {
            b'F' => match name {
                b"False" => Kw::False,
                _ => Kw::No,
            },
            b'N' => match name {
                b"None" => Kw::None,
                _ => Kw::No,
            },
            b'T' => match name {
                b"True" => Kw::True,
                _ => Kw::No,
            },
            b'_' => match name {
                b"_" => Kw::Underscore,
                _ => Kw::No,
            },
            b'a' => match name {
                b"and" => Kw::And,
                b"as" => Kw::As,
                b"assert" => Kw::Assert,
                b"async" => Kw::Async,
                b"await" => Kw::Await,
                _ => Kw::No,
            },
            b'b' => match name {
                b"break" => Kw::Break,
                _ => Kw::No,
            },
            b'c' => match name {
                b"class" => Kw::Class,
                b"continue" => Kw::Continue,
                b"case" => Kw::Case,
                _ => Kw::No,
            },
            b'd' => match name {
                b"def" => Kw::Def,
                b"del" => Kw::Del,
                _ => Kw::No,
            },
            b'e' => match name {
                b"elif" => Kw::Elif,
                b"else" => Kw::Else,
                b"except" => Kw::Except,
                _ => Kw::No,
            },
            b'f' => match name {
                b"finally" => Kw::Finally,
                b"for" => Kw::For,
                b"from" => Kw::From,
                _ => Kw::No,
            },
            b'g' => match name {
                b"global" => Kw::Global,
                _ => Kw::No,
            },
            b'i' => match name {
                b"if" => Kw::If,
                b"import" => Kw::Import,
                b"in" => Kw::In,
                b"is" => Kw::Is,
                _ => Kw::No,
            },
            b'l' => match name {
                b"lambda" => Kw::Lambda,
                _ => Kw::No,
            },
            b'm' => match name {
                b"match" => Kw::Match,
                _ => Kw::No,
            },
            b'n' => match name {
                b"nonlocal" => Kw::Nonlocal,
                b"not" => Kw::Not,
                _ => Kw::No,
            },
            b'o' => match name {
                b"or" => Kw::Or,
                _ => Kw::No,
            },
            b'p' => match name {
                b"pass" => Kw::Pass,
                _ => Kw::No,
            },
            b'r' => match name {
                b"raise" => Kw::Raise,
                b"return" => Kw::Return,
                _ => Kw::No,
            },
            b't' => match name {
                b"try" => Kw::Try,
                b"type" => Kw::Type,
                _ => Kw::No,
            },
            b'w' => match name {
                b"while" => Kw::While,
                b"with" => Kw::With,
                _ => Kw::No,
            },
            b'y' => match name {
                b"yield" => Kw::Yield,
                _ => Kw::No,
            },
            _ => Kw::No,
        }
    }

    /// Whether this is a hard keyword (never a `NAME` in the grammar).
    pub(crate) fn is_hard(self) -> bool {
        self != Kw::No && self < Kw::Underscore
    }
}

#[cfg(test)]
mod tests {
    use super::Kw;
    use oxpy_tokenize::token::{KEYWORDS, SOFT_KEYWORDS};

    #[test]
    fn classification_matches_the_keyword_lists() {
        for k in KEYWORDS {
            assert!(Kw::of(k).is_hard(), "{k}");
        }
        for k in SOFT_KEYWORDS {
            let kw = Kw::of(k);
            assert!(kw != Kw::No && !kw.is_hard(), "{k}");
        }
        assert_eq!(Kw::of("self"), Kw::No);
        assert_eq!(Kw::of("If"), Kw::No);
    }
}
