//! The errors of Python/marshal.c (and of the code-object checks `marshal.loads` runs), with
//! the exception class and message CPython 3.14 raises for each.

/// What a `bad marshal data (... size out of range)` message names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizedKind {
    /// `TYPE_STRING`: "bytes object".
    Bytes,
    /// `TYPE_ASCII`, `TYPE_UNICODE`, ...: "string".
    Str,
    /// `TYPE_TUPLE`: "tuple".
    Tuple,
    /// `TYPE_LIST`: "list".
    List,
    /// `TYPE_SET`, `TYPE_FROZENSET`: "set".
    Set,
}

/// What a `NULL object in marshal data for ...` message names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NullIn {
    /// An item of a tuple.
    Tuple,
    /// An item of a list.
    List,
    /// An item of a set or frozenset.
    Set,
    /// A field of a code object.
    Code,
    /// The top-level object.
    Object,
}

/// Why `marshal.loads` failed. [`ReadError::exception`] and the `Display` text give
/// CPython's exception class and message; the few variants CPython has no counterpart for
/// (oxpy's constants cannot hold every object) say so in their docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// `EOFError: marshal data too short` (fewer bytes left than a field needs).
    TooShort,
    /// `EOFError: EOF read where not expected` (a one-byte field is missing).
    EofNotExpected,
    /// `EOFError: EOF read where object expected` (a type code is missing).
    EofObjectExpected,
    /// `ValueError: bad marshal data (unknown type code)`.
    UnknownTypeCode,
    /// `ValueError: recursion limit exceeded` (deeper than `MAX_MARSHAL_STACK_DEPTH`).
    RecursionLimit,
    /// `ValueError: bad marshal data (KIND size out of range)`.
    SizeOutOfRange(SizedKind),
    /// `ValueError: bad marshal data (long size out of range)`.
    LongSizeOutOfRange,
    /// `ValueError: bad marshal data (digit out of range in long)`.
    LongDigitOutOfRange,
    /// `ValueError: bad marshal data (unnormalized long data)`.
    UnnormalizedLong,
    /// `ValueError: bad marshal data (invalid reference)`.
    InvalidReference,
    /// `ValueError: bad marshal data (index list too large)`.
    IndexListTooLarge,
    /// `TypeError: NULL object in marshal data for ...`.
    NullObject(NullIn),
    /// `ValueError: could not convert string to float: '...'` (`TYPE_FLOAT`/`TYPE_COMPLEX`;
    /// the text as C's `%.200s` shows it).
    BadFloat(String),
    /// `UnicodeDecodeError: 'utf-8' codec can't decode ...` (`TYPE_UNICODE`/`TYPE_INTERNED`).
    Utf8 {
        /// The offending bytes (one, or the truncated sequence at the end).
        bytes: Vec<u8>,
        /// Their position in the string's data.
        position: usize,
        /// `invalid start byte`, `invalid continuation byte` or `unexpected end of data`.
        reason: &'static str,
    },
    /// `TypeError: unhashable type: 'T'` (a list, dict or set inside a set or as a dict key).
    Unhashable(&'static str),
    /// `SystemError: ...: bad argument to internal function` (`_PyCode_Validate`: a code
    /// field of the wrong type, or names and kinds of different lengths).
    BadInternalCall,
    /// `SystemError: non-string found in code slot` (`co_names`/`co_localsplusnames`).
    NonStringInCodeSlot,
    /// `ValueError: code: co_code is malformed` (odd length).
    CodeMalformed,
    /// `ValueError: code: co_varnames is too small`.
    VarnamesTooSmall,
    /// `ValueError: unmarshalling code objects is disallowed` (`allow_code=False`).
    CodeDisallowed,
    /// oxpy only: a code object's str (a constant, a name, its filename, name or qualname)
    /// with a lone surrogate, valid for CPython's `surrogatepass` but not for oxpy's code
    /// objects, whose strs are Rust `String`s ([`loads`](super::loads) keeps such a str as
    /// a [`Value::SurrogateStr`](super::Value::SurrogateStr)).
    LoneSurrogate,
    /// oxpy only: a code object's constant of a type `co_consts` cannot hold in oxpy
    /// (list, dict, set, `StopIteration`, `NULL`); CPython would accept it.
    UnsupportedConstant(&'static str),
    /// oxpy only: the data shares objects (`TYPE_REF`) so often that copying them out would
    /// exceed the memory budget (CPython shares instead of copying).
    TooLarge,
    /// oxpy only: a reference to a tuple/list/set/code object while it is still being read
    /// (a cycle, which oxpy's values cannot hold).
    CyclicReference,
}

impl ReadError {
    /// The Python exception class CPython raises (`EOFError`, `ValueError`, ...).
    pub fn exception(&self) -> &'static str {
        use ReadError as E;
        match self {
            E::TooShort | E::EofNotExpected | E::EofObjectExpected => "EOFError",
            E::NullObject(_) | E::Unhashable(_) => "TypeError",
            E::Utf8 { .. } => "UnicodeDecodeError",
            E::BadInternalCall | E::NonStringInCodeSlot => "SystemError",
            E::UnknownTypeCode
            | E::RecursionLimit
            | E::SizeOutOfRange(_)
            | E::LongSizeOutOfRange
            | E::LongDigitOutOfRange
            | E::UnnormalizedLong
            | E::InvalidReference
            | E::IndexListTooLarge
            | E::BadFloat(_)
            | E::CodeMalformed
            | E::VarnamesTooSmall
            | E::CodeDisallowed
            | E::LoneSurrogate
            | E::UnsupportedConstant(_)
            | E::TooLarge
            | E::CyclicReference => "ValueError",
        }
    }

    /// The exception's message (`str(exc)`).
    pub fn message(&self) -> String {
        use ReadError as E;
        match self {
            E::TooShort => "marshal data too short".into(),
            E::EofNotExpected => "EOF read where not expected".into(),
            E::EofObjectExpected => "EOF read where object expected".into(),
            E::UnknownTypeCode => "bad marshal data (unknown type code)".into(),
            E::RecursionLimit => "recursion limit exceeded".into(),
            E::SizeOutOfRange(kind) => {
                let what = match kind {
                    SizedKind::Bytes => "bytes object",
                    SizedKind::Str => "string",
                    SizedKind::Tuple => "tuple",
                    SizedKind::List => "list",
                    SizedKind::Set => "set",
                };
                format!("bad marshal data ({what} size out of range)")
            }
            E::LongSizeOutOfRange => "bad marshal data (long size out of range)".into(),
            E::LongDigitOutOfRange => "bad marshal data (digit out of range in long)".into(),
            E::UnnormalizedLong => "bad marshal data (unnormalized long data)".into(),
            E::InvalidReference => "bad marshal data (invalid reference)".into(),
            E::IndexListTooLarge => "bad marshal data (index list too large)".into(),
            E::NullObject(what) => {
                let what = match what {
                    NullIn::Tuple => "tuple",
                    NullIn::List => "list",
                    NullIn::Set => "set",
                    NullIn::Code => "code object",
                    NullIn::Object => "object",
                };
                format!("NULL object in marshal data for {what}")
            }
            E::BadFloat(text) => format!("could not convert string to float: '{text}'"),
            E::Utf8 {
                bytes,
                position,
                reason,
            } => match bytes.as_slice() {
                [one] => format!(
                    "'utf-8' codec can't decode byte 0x{one:02x} in position {position}: {reason}"
                ),
                _ => format!(
                    "'utf-8' codec can't decode bytes in position {position}-{}: {reason}",
                    position + bytes.len().saturating_sub(1)
                ),
            },
            E::Unhashable(type_name) => format!("unhashable type: '{type_name}'"),
            E::BadInternalCall => "Objects/codeobject.c: bad argument to internal function".into(),
            E::NonStringInCodeSlot => "non-string found in code slot".into(),
            E::CodeMalformed => "code: co_code is malformed".into(),
            E::VarnamesTooSmall => "code: co_varnames is too small".into(),
            E::CodeDisallowed => "unmarshalling code objects is disallowed".into(),
            E::LoneSurrogate => {
                "oxpy: a code object str with a lone surrogate is not supported".into()
            }
            E::UnsupportedConstant(t) => {
                format!("oxpy: a code object constant of type '{t}' is not supported")
            }
            E::TooLarge => "oxpy: marshal data shares too many objects to copy out".into(),
            E::CyclicReference => {
                "oxpy: marshal data refers to an object that is still being read".into()
            }
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.exception(), self.message())
    }
}

impl std::error::Error for ReadError {}

/// Why `marshal.dumps` failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// `ValueError: object too deeply nested to marshal`.
    NestedTooDeep,
    /// `ValueError: unmarshallable object` (a size above 2**31-1).
    Unmarshallable,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NestedTooDeep => {
                write!(f, "ValueError: object too deeply nested to marshal")
            }
            WriteError::Unmarshallable => write!(f, "ValueError: unmarshallable object"),
        }
    }
}

impl std::error::Error for WriteError {}
