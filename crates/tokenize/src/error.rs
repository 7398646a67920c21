//! Port of the error paths of Parser/tokenizer/helpers.c and Python/Python-tokenize.c: typed tokenizer errors with CPython's messages and locations.

use std::fmt;

/// The exception class CPython raises for an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExceptionClass {
    /// `SyntaxError`
    SyntaxError,
    /// `IndentationError`
    IndentationError,
    /// `TabError`
    TabError,
}

impl ExceptionClass {
    /// The class name as Python prints it.
    pub fn name(self) -> &'static str {
        match self {
            ExceptionClass::SyntaxError => "SyntaxError",
            ExceptionClass::IndentationError => "IndentationError",
            ExceptionClass::TabError => "TabError",
        }
    }
}

/// What went wrong, one variant per message CPython's tokenizer can produce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenizeErrorKind {
    /// A character that cannot start or continue an identifier: `invalid character '€' (U+20AC)`.
    InvalidCharacter(char),
    /// A non-printable character: `invalid non-printable character U+00A0`.
    InvalidNonPrintable(u32),
    /// A malformed number: `invalid decimal literal` (the payload is the kind: decimal,
    /// hexadecimal, octal, binary, imaginary).
    InvalidLiteral(&'static str),
    /// `invalid digit '8' in octal literal`.
    InvalidDigit {
        /// The offending digit.
        digit: char,
        /// `octal` or `binary`.
        kind: &'static str,
    },
    /// `leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers`.
    LeadingZeros,
    /// `unterminated string literal (detected at line N)`, with the escaped-quote hint when
    /// the string's last quote was escaped.
    UnterminatedString {
        /// The line where the end of line or file was met.
        detected_at: u32,
        /// Whether a `\'`/`\"` was seen (CPython then suggests an escaped end quote).
        escaped_quote: bool,
    },
    /// `unterminated triple-quoted string literal (detected at line N)`.
    UnterminatedTripleQuoted {
        /// The line where the end of file was met.
        detected_at: u32,
    },
    /// `unterminated f-string literal (detected at line N)` (or t-string).
    UnterminatedFString {
        /// `'f'` or `'t'`.
        prefix: char,
        /// The line where the end of line was met.
        detected_at: u32,
    },
    /// `unterminated triple-quoted f-string literal (detected at line N)` (or t-string).
    UnterminatedTripleQuotedFString {
        /// `'f'` or `'t'`.
        prefix: char,
        /// The line where the end of file was met.
        detected_at: u32,
    },
    /// `f-string: expecting '}'` (or t-string).
    FStringExpectingBrace(char),
    /// `f-string: single '}' is not allowed` (or t-string).
    FStringSingleBrace(char),
    /// `f-string: unmatched ')'` (or t-string).
    FStringUnmatched {
        /// `'f'` or `'t'`.
        prefix: char,
        /// The closing bracket.
        bracket: char,
    },
    /// `f-string: expressions nested too deeply` (or t-string).
    FStringNestedTooDeeply(char),
    /// `f-string: newlines are not allowed in format specifiers for single quoted f-strings`.
    FStringNewlineInFormatSpec(char),
    /// `too many nested f-strings` (or t-strings).
    TooManyNestedFStrings(char),
    /// `unmatched ')'`.
    UnmatchedBracket(char),
    /// `closing parenthesis ')' does not match opening parenthesis '['` (with `on line N`
    /// when the opening bracket is on another line).
    MismatchedBracket {
        /// The closing bracket.
        close: char,
        /// The opening bracket it was matched against.
        open: char,
        /// The opening bracket's line, when it differs from the closing one's.
        open_line: Option<u32>,
    },
    /// `too many nested parentheses`.
    TooManyNestedParens,
    /// `'u' and 'b' prefixes are incompatible`.
    IncompatiblePrefixes(char, char),
    /// `source code cannot contain null bytes`.
    NullBytes,
    /// `unindent does not match any outer indentation level` (IndentationError).
    UnindentMismatch,
    /// `inconsistent use of tabs and spaces in indentation` (TabError).
    TabSpace,
    /// `too many levels of indentation` (IndentationError).
    TooDeep,
    /// `unexpected character after line continuation character`.
    LineContinuation,
    /// The input ended inside brackets or after a line continuation. The `tokenize` module
    /// says `unexpected EOF in multi-line statement`; the parser names the open bracket.
    Eof {
        /// The innermost open bracket, its line and its column (bytes), if any.
        open_bracket: Option<(char, u32, u32)>,
    },
}

impl TokenizeErrorKind {
    /// The exception class CPython raises.
    pub fn class(&self) -> ExceptionClass {
        match self {
            TokenizeErrorKind::UnindentMismatch | TokenizeErrorKind::TooDeep => {
                ExceptionClass::IndentationError
            }
            TokenizeErrorKind::TabSpace => ExceptionClass::TabError,
            _ => ExceptionClass::SyntaxError,
        }
    }
}

impl fmt::Display for TokenizeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TokenizeErrorKind::*;
        match self {
            InvalidCharacter(c) => write!(f, "invalid character '{c}' (U+{:04X})", *c as u32),
            InvalidNonPrintable(c) => write!(f, "invalid non-printable character U+{c:04X}"),
            InvalidLiteral(kind) => write!(f, "invalid {kind} literal"),
            InvalidDigit { digit, kind } => write!(f, "invalid digit '{digit}' in {kind} literal"),
            LeadingZeros => f.write_str(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            ),
            UnterminatedString {
                detected_at,
                escaped_quote: false,
            } => write!(f, "unterminated string literal (detected at line {detected_at})"),
            UnterminatedString {
                detected_at,
                escaped_quote: true,
            } => write!(
                f,
                "unterminated string literal (detected at line {detected_at}); perhaps you escaped the end quote?"
            ),
            UnterminatedTripleQuoted { detected_at } => write!(
                f,
                "unterminated triple-quoted string literal (detected at line {detected_at})"
            ),
            UnterminatedFString {
                prefix,
                detected_at,
            } => write!(
                f,
                "unterminated {prefix}-string literal (detected at line {detected_at})"
            ),
            UnterminatedTripleQuotedFString {
                prefix,
                detected_at,
            } => write!(
                f,
                "unterminated triple-quoted {prefix}-string literal (detected at line {detected_at})"
            ),
            FStringExpectingBrace(p) => write!(f, "{p}-string: expecting '}}'"),
            FStringSingleBrace(p) => write!(f, "{p}-string: single '}}' is not allowed"),
            FStringUnmatched { prefix, bracket } => {
                write!(f, "{prefix}-string: unmatched '{bracket}'")
            }
            FStringNestedTooDeeply(p) => write!(f, "{p}-string: expressions nested too deeply"),
            FStringNewlineInFormatSpec(p) => write!(
                f,
                "{p}-string: newlines are not allowed in format specifiers for single quoted {p}-strings"
            ),
            TooManyNestedFStrings(p) => write!(f, "too many nested {p}-strings"),
            UnmatchedBracket(c) => write!(f, "unmatched '{c}'"),
            MismatchedBracket {
                close,
                open,
                open_line: Some(line),
            } => write!(
                f,
                "closing parenthesis '{close}' does not match opening parenthesis '{open}' on line {line}"
            ),
            MismatchedBracket {
                close,
                open,
                open_line: None,
            } => write!(
                f,
                "closing parenthesis '{close}' does not match opening parenthesis '{open}'"
            ),
            TooManyNestedParens => f.write_str("too many nested parentheses"),
            IncompatiblePrefixes(a, b) => write!(f, "'{a}' and '{b}' prefixes are incompatible"),
            NullBytes => f.write_str("source code cannot contain null bytes"),
            UnindentMismatch => f.write_str("unindent does not match any outer indentation level"),
            TabSpace => f.write_str("inconsistent use of tabs and spaces in indentation"),
            TooDeep => f.write_str("too many levels of indentation"),
            LineContinuation => {
                f.write_str("unexpected character after line continuation character")
            }
            Eof { .. } => f.write_str("unexpected EOF in multi-line statement"),
        }
    }
}

/// A tokenizer error: what went wrong and where, as CPython's exception carries it.
///
/// `lineno`/`offset`/`end_lineno`/`end_offset` are the values of the `SyntaxError`
/// attributes CPython sets (1-based lines; offsets as CPython computes them for this
/// error, in characters unless CPython itself uses bytes). `text` is the line CPython
/// attaches, without its newline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizeError {
    /// What went wrong.
    pub kind: TokenizeErrorKind,
    /// The line of the error (1-based).
    pub lineno: u32,
    /// The `offset` CPython reports.
    pub offset: u32,
    /// The `end_lineno` CPython reports, if any.
    pub end_lineno: Option<u32>,
    /// The `end_offset` CPython reports, if any.
    pub end_offset: Option<u32>,
    /// The source line CPython attaches to the exception.
    pub text: String,
}

impl TokenizeError {
    /// The exception class (`SyntaxError`, `IndentationError`, `TabError`).
    pub fn class(&self) -> ExceptionClass {
        self.kind.class()
    }

    /// The exception message (`msg`).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for TokenizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (line {}, offset {})",
            self.class().name(),
            self.kind,
            self.lineno,
            self.offset
        )
    }
}

impl std::error::Error for TokenizeError {}

/// A warning the tokenizer emits for the parser (CPython's `_PyTokenizer_parser_warn`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizeWarning {
    /// The warning message, e.g. `invalid decimal literal`.
    pub message: String,
    /// The line it is reported on.
    pub lineno: u32,
}
