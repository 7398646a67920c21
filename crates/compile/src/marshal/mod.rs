//! Port of Python/marshal.c (version 5, CPython 3.14): code objects and their constants to
//! bytes and back, and the `.pyc` container around them (Lib/importlib/_bootstrap_external.py).
//!
//! - [`write`]: `marshal.dumps`, byte-identical to CPython for compiled modules (see its docs
//!   for how object sharing is modelled);
//!   and [`dumps_value`] for any value [`loads`] returns;
//! - [`read`]: `marshal.loads`, with CPython's checks and error messages ([`error`]); sets and
//!   dicts merge equal items as CPython's do (`py_eq`), and a str with lone surrogates is
//!   kept as its bytes ([`Value::SurrogateStr`]);
//! - [`pyc`]: `.pyc` headers (magic number, flags, mtime/size or source hash);
//! - [`listing`]: marshal data as one line per object, and where two streams first differ;

pub mod error;
pub mod listing;
mod py_eq;
pub mod pyc;
pub mod read;
pub mod write;

pub use error::{ReadError, WriteError};
pub use read::{Value, loads, loads_code};
pub use write::{dumps, dumps_code, dumps_value};

/// `Py_MARSHAL_VERSION`.
pub const VERSION: u32 = 5;

/// `MAX_MARSHAL_STACK_DEPTH` (non-Windows builds): how deeply values may nest.
pub const MAX_MARSHAL_STACK_DEPTH: usize = 2000;

/// The type codes of the marshal format (`TYPE_*`, `FLAG_REF`).
pub mod type_code {
    /// `TYPE_NULL`
    pub const NULL: u8 = b'0';
    /// `TYPE_NONE`
    pub const NONE: u8 = b'N';
    /// `TYPE_FALSE`
    pub const FALSE: u8 = b'F';
    /// `TYPE_TRUE`
    pub const TRUE: u8 = b'T';
    /// `TYPE_STOPITER`
    pub const STOPITER: u8 = b'S';
    /// `TYPE_ELLIPSIS`
    pub const ELLIPSIS: u8 = b'.';
    /// `TYPE_INT`
    pub const INT: u8 = b'i';
    /// `TYPE_INT64` (read only)
    pub const INT64: u8 = b'I';
    /// `TYPE_FLOAT` (version 1, read only)
    pub const FLOAT: u8 = b'f';
    /// `TYPE_BINARY_FLOAT`
    pub const BINARY_FLOAT: u8 = b'g';
    /// `TYPE_COMPLEX` (version 1, read only)
    pub const COMPLEX: u8 = b'x';
    /// `TYPE_BINARY_COMPLEX`
    pub const BINARY_COMPLEX: u8 = b'y';
    /// `TYPE_LONG`
    pub const LONG: u8 = b'l';
    /// `TYPE_STRING` (bytes)
    pub const STRING: u8 = b's';
    /// `TYPE_INTERNED`
    pub const INTERNED: u8 = b't';
    /// `TYPE_REF`
    pub const REF: u8 = b'r';
    /// `TYPE_TUPLE`
    pub const TUPLE: u8 = b'(';
    /// `TYPE_LIST`
    pub const LIST: u8 = b'[';
    /// `TYPE_DICT`
    pub const DICT: u8 = b'{';
    /// `TYPE_CODE`
    pub const CODE: u8 = b'c';
    /// `TYPE_UNICODE`
    pub const UNICODE: u8 = b'u';
    /// `TYPE_UNKNOWN`
    pub const UNKNOWN: u8 = b'?';
    /// `TYPE_SET`
    pub const SET: u8 = b'<';
    /// `TYPE_FROZENSET`
    pub const FROZENSET: u8 = b'>';
    /// `TYPE_SLICE` (version 5)
    pub const SLICE: u8 = b':';
    /// `TYPE_ASCII`
    pub const ASCII: u8 = b'a';
    /// `TYPE_ASCII_INTERNED`
    pub const ASCII_INTERNED: u8 = b'A';
    /// `TYPE_SMALL_TUPLE`
    pub const SMALL_TUPLE: u8 = b')';
    /// `TYPE_SHORT_ASCII`
    pub const SHORT_ASCII: u8 = b'z';
    /// `TYPE_SHORT_ASCII_INTERNED`
    pub const SHORT_ASCII_INTERNED: u8 = b'Z';
    /// `FLAG_REF`: with a type code, the object gets a reference slot.
    pub const FLAG_REF: u8 = 0x80;
}
