//! Typed errors for the instruction DSL: every error carries `file:line:column`.

use std::fmt;

/// A position in a DSL source file (1-based line and column, columns count chars).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file name as given to the lexer (e.g. `inputs/bytecodes.dsl`).
    pub file: String,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number, in characters.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// What went wrong while reading or analysing the DSL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DslErrorKind {
    /// A character that starts no token.
    UnexpectedChar(char),
    /// A `/* ...` comment that never ends.
    UnterminatedComment,
    /// A string or character literal that never ends.
    UnterminatedLiteral,
    /// A `{`, `(` or `[` without its closing partner, or a stray closer.
    Unbalanced(String),
    /// The parser wanted one thing and found another.
    Expected {
        /// What the grammar allows here.
        expected: String,
        /// What the input has instead.
        found: String,
    },
    /// An annotation the DSL does not know.
    UnknownAnnotation(String),
    /// An argument of `uses(...)` the DSL does not know.
    UnknownUse(String),
    /// A name defined twice.
    Duplicate {
        /// The name.
        name: String,
        /// Where it was defined first.
        first: Location,
    },
    /// A reference to an op, instruction or family that does not exist.
    Undefined {
        /// What kind of thing was expected (`op`, `instruction`, ...).
        what: &'static str,
        /// The name.
        name: String,
    },
    /// A stack-effect size expression that uses something other than `oparg`
    /// and integer arithmetic.
    BadExpression(String),
    /// Two parts of a macro disagree on the size of a stack item they share.
    StackMismatch(String),
    /// Members of a family (or targets of a pseudo-instruction) disagree.
    Inconsistent(String),
    /// An `override` that does not match the op it overrides.
    BadOverride(String),
    /// Any other semantic error.
    Invalid(String),
}

impl fmt::Display for DslErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedChar(c) => write!(f, "unexpected character {c:?}"),
            Self::UnterminatedComment => write!(f, "unterminated /* comment"),
            Self::UnterminatedLiteral => write!(f, "unterminated string or character literal"),
            Self::Unbalanced(what) => write!(f, "unbalanced {what}"),
            Self::Expected { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::UnknownAnnotation(a) => write!(f, "unknown annotation `{a}`"),
            Self::UnknownUse(u) => write!(
                f,
                "unknown uses(...) item `{u}` (expected oparg, consts, names, locals, free or jump)"
            ),
            Self::Duplicate { name, first } => {
                write!(f, "`{name}` is defined twice (first at {first})")
            }
            Self::Undefined { what, name } => write!(f, "unknown {what} `{name}`"),
            Self::BadExpression(msg) => write!(f, "bad size expression: {msg}"),
            Self::StackMismatch(msg) => write!(f, "stack mismatch: {msg}"),
            Self::Inconsistent(msg) => write!(f, "{msg}"),
            Self::BadOverride(msg) => write!(f, "bad override: {msg}"),
            Self::Invalid(msg) => write!(f, "{msg}"),
        }
    }
}

/// An error in the DSL input, with the place it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DslError {
    /// What went wrong.
    pub kind: DslErrorKind,
    /// Where.
    pub location: Location,
}

impl DslError {
    /// Builds an error at `location`.
    pub fn new(kind: DslErrorKind, location: Location) -> Self {
        Self { kind, location }
    }
}

impl fmt::Display for DslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.kind)
    }
}

impl std::error::Error for DslError {}
