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
        // By first byte, then among the few keywords starting with it.
        let Some(&first) = name.as_bytes().first() else {
            return Kw::No;
        };
        if name.len() > 8 {
            return Kw::No;
        }
        match first {
            b'F' => match name {
                "False" => Kw::False,
                _ => Kw::No,
            },
            b'N' => match name {
                "None" => Kw::None,
                _ => Kw::No,
            },
            b'T' => match name {
                "True" => Kw::True,
                _ => Kw::No,
            },
            b'_' => match name {
                "_" => Kw::Underscore,
                _ => Kw::No,
            },
            b'a' => match name {
                "and" => Kw::And,
                "as" => Kw::As,
                "assert" => Kw::Assert,
                "async" => Kw::Async,
                "await" => Kw::Await,
                _ => Kw::No,
            },
            b'b' => match name {
                "break" => Kw::Break,
                _ => Kw::No,
            },
            b'c' => match name {
                "class" => Kw::Class,
                "continue" => Kw::Continue,
                "case" => Kw::Case,
                _ => Kw::No,
            },
            b'd' => match name {
                "def" => Kw::Def,
                "del" => Kw::Del,
                _ => Kw::No,
            },
            b'e' => match name {
                "elif" => Kw::Elif,
                "else" => Kw::Else,
                "except" => Kw::Except,
                _ => Kw::No,
            },
            b'f' => match name {
                "finally" => Kw::Finally,
                "for" => Kw::For,
                "from" => Kw::From,
                _ => Kw::No,
            },
            b'g' => match name {
                "global" => Kw::Global,
                _ => Kw::No,
            },
            b'i' => match name {
                "if" => Kw::If,
                "import" => Kw::Import,
                "in" => Kw::In,
                "is" => Kw::Is,
                _ => Kw::No,
            },
            b'l' => match name {
                "lambda" => Kw::Lambda,
                _ => Kw::No,
            },
            b'm' => match name {
                "match" => Kw::Match,
                _ => Kw::No,
            },
            b'n' => match name {
                "nonlocal" => Kw::Nonlocal,
                "not" => Kw::Not,
                _ => Kw::No,
            },
            b'o' => match name {
                "or" => Kw::Or,
                _ => Kw::No,
            },
            b'p' => match name {
                "pass" => Kw::Pass,
                _ => Kw::No,
            },
            b'r' => match name {
                "raise" => Kw::Raise,
                "return" => Kw::Return,
                _ => Kw::No,
            },
            b't' => match name {
                "try" => Kw::Try,
                "type" => Kw::Type,
                _ => Kw::No,
            },
            b'w' => match name {
                "while" => Kw::While,
                "with" => Kw::With,
                _ => Kw::No,
            },
            b'y' => match name {
                "yield" => Kw::Yield,
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
