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
        match name {
            "False" => Kw::False,
            "None" => Kw::None,
            "True" => Kw::True,
            "and" => Kw::And,
            "as" => Kw::As,
            "assert" => Kw::Assert,
            "async" => Kw::Async,
            "await" => Kw::Await,
            "break" => Kw::Break,
            "class" => Kw::Class,
            "continue" => Kw::Continue,
            "def" => Kw::Def,
            "del" => Kw::Del,
            "elif" => Kw::Elif,
            "else" => Kw::Else,
            "except" => Kw::Except,
            "finally" => Kw::Finally,
            "for" => Kw::For,
            "from" => Kw::From,
            "global" => Kw::Global,
            "if" => Kw::If,
            "import" => Kw::Import,
            "in" => Kw::In,
            "is" => Kw::Is,
            "lambda" => Kw::Lambda,
            "nonlocal" => Kw::Nonlocal,
            "not" => Kw::Not,
            "or" => Kw::Or,
            "pass" => Kw::Pass,
            "raise" => Kw::Raise,
            "return" => Kw::Return,
            "try" => Kw::Try,
            "while" => Kw::While,
            "with" => Kw::With,
            "yield" => Kw::Yield,
            "_" => Kw::Underscore,
            "case" => Kw::Case,
            "match" => Kw::Match,
            "type" => Kw::Type,
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
