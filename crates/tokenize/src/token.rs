//! Port of Include/internal/pycore_token.h and Parser/token.c: token types with CPython 3.14's numbering.
//!
//! The numbers are those of Python's `token` module (`token.tok_name`); a test checks them
//! against the facts recorded from real CPython 3.14.

macro_rules! token_kinds {
    ($( $(#[$doc:meta])* $name:ident = $num:literal ),* $(,)?) => {
        /// A token type, numbered as CPython 3.14 numbers it (`token.tok_name`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        #[allow(clippy::upper_case_acronyms, non_camel_case_types)]
        pub enum TokenKind {
            $( $(#[$doc])* $name = $num, )*
        }

        impl TokenKind {
            /// Every token type, in numeric order.
            pub const ALL: &'static [TokenKind] = &[$(TokenKind::$name),*];

            /// The name `token.tok_name` gives this type (`"NAME"`, `"LPAR"`, …).
            pub fn name(self) -> &'static str {
                match self {
                    $( TokenKind::$name => stringify!($name), )*
                }
            }
        }
    };
}

token_kinds! {
    /// End of input.
    ENDMARKER = 0,
    /// An identifier or keyword.
    NAME = 1,
    /// A numeric literal.
    NUMBER = 2,
    /// A string or bytes literal (not an f-string or t-string).
    STRING = 3,
    /// The end of a logical line.
    NEWLINE = 4,
    /// An increase of the indentation level.
    INDENT = 5,
    /// A decrease of the indentation level.
    DEDENT = 6,
    /// `(`
    LPAR = 7,
    /// `)`
    RPAR = 8,
    /// `[`
    LSQB = 9,
    /// `]`
    RSQB = 10,
    /// `:`
    COLON = 11,
    /// `,`
    COMMA = 12,
    /// `;`
    SEMI = 13,
    /// `+`
    PLUS = 14,
    /// `-`
    MINUS = 15,
    /// `*`
    STAR = 16,
    /// `/`
    SLASH = 17,
    /// `|`
    VBAR = 18,
    /// `&`
    AMPER = 19,
    /// `<`
    LESS = 20,
    /// `>`
    GREATER = 21,
    /// `=`
    EQUAL = 22,
    /// `.`
    DOT = 23,
    /// `%`
    PERCENT = 24,
    /// `{`
    LBRACE = 25,
    /// `}`
    RBRACE = 26,
    /// `==`
    EQEQUAL = 27,
    /// `!=` (and `<>`, which only the Barry-as-FLUFL parser accepts)
    NOTEQUAL = 28,
    /// `<=`
    LESSEQUAL = 29,
    /// `>=`
    GREATEREQUAL = 30,
    /// `~`
    TILDE = 31,
    /// `^`
    CIRCUMFLEX = 32,
    /// `<<`
    LEFTSHIFT = 33,
    /// `>>`
    RIGHTSHIFT = 34,
    /// `**`
    DOUBLESTAR = 35,
    /// `+=`
    PLUSEQUAL = 36,
    /// `-=`
    MINEQUAL = 37,
    /// `*=`
    STAREQUAL = 38,
    /// `/=`
    SLASHEQUAL = 39,
    /// `%=`
    PERCENTEQUAL = 40,
    /// `&=`
    AMPEREQUAL = 41,
    /// `|=`
    VBAREQUAL = 42,
    /// `^=`
    CIRCUMFLEXEQUAL = 43,
    /// `<<=`
    LEFTSHIFTEQUAL = 44,
    /// `>>=`
    RIGHTSHIFTEQUAL = 45,
    /// `**=`
    DOUBLESTAREQUAL = 46,
    /// `//`
    DOUBLESLASH = 47,
    /// `//=`
    DOUBLESLASHEQUAL = 48,
    /// `@`
    AT = 49,
    /// `@=`
    ATEQUAL = 50,
    /// `->`
    RARROW = 51,
    /// `...`
    ELLIPSIS = 52,
    /// `:=`
    COLONEQUAL = 53,
    /// `!`
    EXCLAMATION = 54,
    /// Any other operator character (e.g. `$`, `?`): an operator with no exact type.
    OP = 55,
    /// A `# type: ignore` comment (only with type comments enabled).
    TYPE_IGNORE = 56,
    /// A `# type: …` comment (only with type comments enabled).
    TYPE_COMMENT = 57,
    /// A soft keyword (never produced by the tokenizer itself).
    SOFT_KEYWORD = 58,
    /// The prefix and opening quote of an f-string.
    FSTRING_START = 59,
    /// Literal text inside an f-string.
    FSTRING_MIDDLE = 60,
    /// The closing quote of an f-string.
    FSTRING_END = 61,
    /// The prefix and opening quote of a t-string.
    TSTRING_START = 62,
    /// Literal text inside a t-string.
    TSTRING_MIDDLE = 63,
    /// The closing quote of a t-string.
    TSTRING_END = 64,
    /// A comment (tokenize-module view only).
    COMMENT = 65,
    /// A non-logical newline (tokenize-module view only).
    NL = 66,
    /// An error.
    ERRORTOKEN = 67,
    /// The source encoding (tokenize-module view of bytes input only).
    ENCODING = 68,
}

impl TokenKind {
    /// The number `token.tok_name` uses for this type.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// Whether this is one of the exact operator types (`LPAR` … `EXCLAMATION`), which the
    /// `tokenize` module reports with the generic type `OP`.
    pub fn is_exact_operator(self) -> bool {
        (TokenKind::LPAR as u8..=TokenKind::EXCLAMATION as u8).contains(&(self as u8))
    }

    /// Whether the token's text may span lines (CPython's `ISSTRINGLIT`).
    pub fn is_string_literal(self) -> bool {
        matches!(
            self,
            TokenKind::STRING | TokenKind::FSTRING_MIDDLE | TokenKind::TSTRING_MIDDLE
        )
    }

    /// The exact operator type of an operator string (`token.EXACT_TOKEN_TYPES`), if any.
    pub fn exact_operator(text: &str) -> Option<TokenKind> {
        use TokenKind::*;
        Some(match text {
            "!" => EXCLAMATION,
            "!=" => NOTEQUAL,
            "%" => PERCENT,
            "%=" => PERCENTEQUAL,
            "&" => AMPER,
            "&=" => AMPEREQUAL,
            "(" => LPAR,
            ")" => RPAR,
            "*" => STAR,
            "**" => DOUBLESTAR,
            "**=" => DOUBLESTAREQUAL,
            "*=" => STAREQUAL,
            "+" => PLUS,
            "+=" => PLUSEQUAL,
            "," => COMMA,
            "-" => MINUS,
            "-=" => MINEQUAL,
            "->" => RARROW,
            "." => DOT,
            "..." => ELLIPSIS,
            "/" => SLASH,
            "//" => DOUBLESLASH,
            "//=" => DOUBLESLASHEQUAL,
            "/=" => SLASHEQUAL,
            ":" => COLON,
            ":=" => COLONEQUAL,
            ";" => SEMI,
            "<" => LESS,
            "<<" => LEFTSHIFT,
            "<<=" => LEFTSHIFTEQUAL,
            "<=" => LESSEQUAL,
            "=" => EQUAL,
            "==" => EQEQUAL,
            ">" => GREATER,
            ">=" => GREATEREQUAL,
            ">>" => RIGHTSHIFT,
            ">>=" => RIGHTSHIFTEQUAL,
            "@" => AT,
            "@=" => ATEQUAL,
            "[" => LSQB,
            "]" => RSQB,
            "^" => CIRCUMFLEX,
            "^=" => CIRCUMFLEXEQUAL,
            "{" => LBRACE,
            "|" => VBAR,
            "|=" => VBAREQUAL,
            "}" => RBRACE,
            "~" => TILDE,
            _ => return None,
        })
    }
}

/// Python 3.14's hard keywords (`keyword.kwlist`).
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Python 3.14's soft keywords (`keyword.softkwlist`).
pub const SOFT_KEYWORDS: &[&str] = &["_", "case", "match", "type"];

/// Whether `name` is a hard keyword (`keyword.iskeyword`).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.binary_search(&name).is_ok()
}

/// Whether `name` is a soft keyword (`keyword.issoftkeyword`).
pub fn is_soft_keyword(name: &str) -> bool {
    SOFT_KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts recorded from real CPython 3.14 (`inputs/upstream/cpython-3.14.json`).
    fn upstream() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../inputs/upstream/cpython-3.14.json"
        );
        let text = std::fs::read_to_string(path).expect("upstream snapshot present");
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn numbering_matches_cpython_token_module() {
        let facts = upstream();
        let tok_name = facts["token"]["tok_name"].as_object().expect("tok_name");
        for kind in TokenKind::ALL {
            let key = kind.number().to_string();
            assert_eq!(tok_name[&key].as_str(), Some(kind.name()), "token {key}");
        }
        // Every CPython token below N_TOKENS exists here.
        let real = tok_name
            .iter()
            .filter(|(k, v)| k.parse::<u32>().is_ok_and(|n| n < 69) && v.is_string())
            .count();
        assert_eq!(real, TokenKind::ALL.len());
    }

    #[test]
    fn exact_operators_match_cpython() {
        let facts = upstream();
        let exact = facts["token"]["EXACT_TOKEN_TYPES"]
            .as_object()
            .expect("exact types");
        for (text, name) in exact {
            let kind = TokenKind::exact_operator(text).expect("known operator");
            assert_eq!(Some(kind.name()), name.as_str(), "operator {text}");
            assert!(kind.is_exact_operator());
        }
        assert_eq!(TokenKind::exact_operator("<>"), None);
    }

    #[test]
    fn keyword_lists_match_cpython() {
        let facts = upstream();
        let kw: Vec<&str> = facts["keyword"]["kwlist"]
            .as_array()
            .expect("kwlist")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(kw, KEYWORDS);
        let soft: Vec<&str> = facts["keyword"]["softkwlist"]
            .as_array()
            .expect("softkwlist")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(soft, SOFT_KEYWORDS);
        assert!(is_keyword("await") && !is_keyword("match") && is_soft_keyword("match"));
    }
}
