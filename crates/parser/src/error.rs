//! Parser errors: CPython's `SyntaxError` (and subclasses) as the parser raises them, typed by origin.

use oxpy_tokenize::{ExceptionClass, SourceError, TokenizeError};
use std::fmt;

/// Where a `SyntaxError` points: CPython's `lineno`, `offset` (1-based, in characters),
/// `end_lineno`, `end_offset`; `None` where CPython leaves the attribute `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ErrorLocation {
    /// `lineno`
    pub lineno: Option<i64>,
    /// `offset`
    pub offset: Option<i64>,
    /// `end_lineno`
    pub end_lineno: Option<i64>,
    /// `end_offset`
    pub end_offset: Option<i64>,
}

/// Why a source text is not a Python module.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseError {
    /// The bytes could not be decoded (`compile()`'s source errors).
    Source(SourceError),
    /// The tokenizer raised the error (passed through as CPython passes it).
    Tokenize(TokenizeError),
    /// `RecursionError: maximum recursion depth exceeded…`: the tree would be deeper than
    /// oxpy builds (see `parser::AST_DEPTH_LIMIT`) or than `ast.dump` can walk.
    Recursion {
        /// The message.
        message: String,
    },
    /// The parser raised the error.
    Syntax {
        /// `SyntaxError`, `IndentationError` or `TabError`.
        class: ExceptionClass,
        /// The message, exactly as CPython words it.
        message: String,
        /// Where it points.
        location: ErrorLocation,
    },
}

impl ParseError {
    /// The exception class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            ParseError::Source(e) => e.class_name(),
            ParseError::Tokenize(e) => e.class().name(),
            ParseError::Recursion { .. } => "RecursionError",
            ParseError::Syntax { class, .. } => class.name(),
        }
    }

    /// The message (`msg`).
    pub fn message(&self) -> String {
        match self {
            ParseError::Source(e) => e.to_string(),
            ParseError::Tokenize(e) => e.message(),
            ParseError::Recursion { message } => message.clone(),
            ParseError::Syntax { message, .. } => message.clone(),
        }
    }

    /// The location attributes of the exception.
    pub fn location(&self) -> ErrorLocation {
        match self {
            ParseError::Source(e) => {
                let (lineno, offset, end_lineno, end_offset) = e.compile_location();
                ErrorLocation {
                    lineno,
                    offset,
                    end_lineno,
                    end_offset,
                }
            }
            ParseError::Tokenize(e) => ErrorLocation {
                lineno: Some(i64::from(e.lineno)),
                offset: Some(i64::from(e.offset)),
                end_lineno: e.end_lineno.map(i64::from),
                end_offset: e.end_offset.map(i64::from),
            },
            ParseError::Recursion { .. } => ErrorLocation::default(),
            ParseError::Syntax { location, .. } => *location,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location();
        write!(f, "{}: {}", self.class_name(), self.message())?;
        if let (Some(l), Some(o)) = (loc.lineno, loc.offset) {
            write!(f, " (line {l}, offset {o})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

impl From<TokenizeError> for ParseError {
    fn from(e: TokenizeError) -> Self {
        ParseError::Tokenize(e)
    }
}

impl From<SourceError> for ParseError {
    fn from(e: SourceError) -> Self {
        ParseError::Source(e)
    }
}
