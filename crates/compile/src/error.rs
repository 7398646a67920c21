//! The compile layer's errors and warnings, as data: what CPython's symtable, codegen and
//! flowgraph raise, with CPython's class, message and location.

use oxpy_parser::ParseError;

/// A location as CPython's symtable and compiler report it on a SyntaxError: 1-based
/// lines and 1-based offsets. Unlike the parser's errors these offsets are UTF-8 byte
/// columns plus one (CPython does not convert them to characters); 0 where unset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ErrorLocation {
    /// `lineno`
    pub lineno: i32,
    /// `offset` (1-based)
    pub offset: i32,
    /// `end_lineno`
    pub end_lineno: i32,
    /// `end_offset` (1-based)
    pub end_offset: i32,
}

/// Why compiling failed.
#[derive(Clone, Debug, PartialEq)]
pub enum CompileError {
    /// The source did not parse (tokenizer or parser error, unchanged).
    Parse(ParseError),
    /// A SyntaxError raised by the symtable or the compiler.
    Syntax {
        /// `SyntaxError` (the compile layer raises no subclass).
        message: String,
        /// Where.
        location: ErrorLocation,
    },
    /// A construct this compiler does not handle yet (never silent).
    Unsupported(&'static str),
}

impl From<ParseError> for CompileError {
    fn from(e: ParseError) -> Self {
        CompileError::Parse(e)
    }
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompileError::Parse(e) => write!(f, "{e:?}"),
            CompileError::Syntax { message, location } => {
                write!(f, "SyntaxError: {message} (line {})", location.lineno)
            }
            CompileError::Unsupported(what) => write!(f, "not supported yet: {what}"),
        }
    }
}

impl std::error::Error for CompileError {}

/// A warning the compiler raised (`SyntaxWarning` mostly), as `warnings` records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileWarning {
    /// Category name, e.g. `SyntaxWarning`.
    pub category: &'static str,
    /// The message.
    pub message: String,
    /// Line the warning points at.
    pub lineno: i32,
}
