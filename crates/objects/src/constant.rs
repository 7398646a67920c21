//! The values a code object's `co_consts` can hold (what marshal can write), with
//! CPython's `repr()` of each and the constant key the compiler de-duplicates by
//! (`_PyCode_ConstantKey` in Objects/codeobject.c).

use std::sync::Arc;

use num_bigint::BigInt;

use crate::code::CodeObject;
use crate::{bytes_repr, complex_repr, float_repr, int_repr, repr};

/// An immutable constant of a code object.
#[derive(Clone, Debug)]
pub enum ConstValue {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An int of any size.
    Int(BigInt),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex {
        /// Real part.
        real: f64,
        /// Imaginary part.
        imag: f64,
    },
    /// A str.
    Str(String),
    /// A bytes object.
    Bytes(Vec<u8>),
    /// `...`
    Ellipsis,
    /// A tuple of constants.
    Tuple(Vec<ConstValue>),
    /// A frozenset of constants, in the order CPython iterates it.
    FrozenSet(Vec<ConstValue>),
    /// A `slice(start, stop, step)` of constants (marshal version 5).
    Slice(Box<[ConstValue; 3]>),
    /// A nested code object.
    Code(Arc<CodeObject>),
}

impl ConstValue {
    /// CPython's type name of the value (`type(c).__name__`).
    pub fn type_name(&self) -> &'static str {
        match self {
            ConstValue::None => "NoneType",
            ConstValue::Bool(_) => "bool",
            ConstValue::Int(_) => "int",
            ConstValue::Float(_) => "float",
            ConstValue::Complex { .. } => "complex",
            ConstValue::Str(_) => "str",
            ConstValue::Bytes(_) => "bytes",
            ConstValue::Ellipsis => "ellipsis",
            ConstValue::Tuple(_) => "tuple",
            ConstValue::FrozenSet(_) => "frozenset",
            ConstValue::Slice(_) => "slice",
            ConstValue::Code(_) => "code",
        }
    }

    /// `repr()` of the value. A code object's address is written `0xADDR`, as the
    /// oracle scrubs it.
    pub fn repr(&self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out);
        out
    }

    fn write_repr(&self, out: &mut String) {
        match self {
            ConstValue::None => out.push_str("None"),
            ConstValue::Bool(true) => out.push_str("True"),
            ConstValue::Bool(false) => out.push_str("False"),
            ConstValue::Int(i) => out.push_str(&int_repr::int_repr(i)),
            ConstValue::Float(f) => out.push_str(&float_repr::float_repr(*f)),
            ConstValue::Complex { real, imag } => {
                out.push_str(&complex_repr::complex_repr(*real, *imag))
            }
            ConstValue::Str(s) => out.push_str(&repr::str_repr(s)),
            ConstValue::Bytes(b) => out.push_str(&bytes_repr::bytes_repr(b)),
            ConstValue::Ellipsis => out.push_str("Ellipsis"),
            ConstValue::Tuple(items) => {
                out.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_repr(out);
                }
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            ConstValue::FrozenSet(items) => {
                if items.is_empty() {
                    out.push_str("frozenset()");
                    return;
                }
                out.push_str("frozenset({");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_repr(out);
                }
                out.push_str("})");
            }
            ConstValue::Slice(parts) => {
                out.push_str("slice(");
                for (i, item) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_repr(out);
                }
                out.push(')');
            }
            ConstValue::Code(code) => {
                out.push_str("<code object ");
                out.push_str(&code.name);
                // code_repr: `file "%U"`, the name in double quotes as it is.
                out.push_str(" at 0xADDR, file \"");
                out.push_str(&code.filename);
                out.push_str("\", line ");
                out.push_str(&code.firstlineno.to_string());
                out.push('>');
            }
        }
    }

    /// The key under which the compiler merges equal constants, so that `0`, `0.0`,
    /// `-0.0`, `False` and `0j` stay distinct while equal tuples merge.
    pub fn key(&self) -> ConstKey {
        match self {
            ConstValue::None => ConstKey::None,
            ConstValue::Bool(b) => ConstKey::Bool(*b),
            ConstValue::Int(i) => ConstKey::Int(i.clone()),
            ConstValue::Float(f) => ConstKey::Float(f.to_bits()),
            ConstValue::Complex { real, imag } => ConstKey::Complex(real.to_bits(), imag.to_bits()),
            ConstValue::Str(s) => ConstKey::Str(s.clone()),
            ConstValue::Bytes(b) => ConstKey::Bytes(b.clone()),
            ConstValue::Ellipsis => ConstKey::Ellipsis,
            ConstValue::Tuple(items) => ConstKey::Tuple(items.iter().map(Self::key).collect()),
            ConstValue::FrozenSet(items) => {
                let mut keys: Vec<ConstKey> = items.iter().map(Self::key).collect();
                keys.sort();
                ConstKey::FrozenSet(keys)
            }
            ConstValue::Slice(parts) => {
                ConstKey::Slice(Box::new([parts[0].key(), parts[1].key(), parts[2].key()]))
            }
            ConstValue::Code(code) => ConstKey::Code(Arc::as_ptr(code) as usize),
        }
    }
}

/// Equality and hashing of constants as the compiler's constant cache sees them: by
/// type and exact value (floats by bit pattern, so `0.0` and `-0.0` differ; every NaN
/// bit pattern is its own key), code objects by identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConstKey {
    /// `None`
    None,
    /// A bool.
    Bool(bool),
    /// An int.
    Int(BigInt),
    /// A float's bits.
    Float(u64),
    /// A complex number's bits.
    Complex(u64, u64),
    /// A str.
    Str(String),
    /// A bytes object.
    Bytes(Vec<u8>),
    /// `...`
    Ellipsis,
    /// A tuple.
    Tuple(Vec<ConstKey>),
    /// A frozenset, keys sorted.
    FrozenSet(Vec<ConstKey>),
    /// A slice.
    Slice(Box<[ConstKey; 3]>),
    /// A code object, by identity.
    Code(usize),
}

impl PartialEq for ConstValue {
    /// Structural equality with the constant key's rules (floats by bits), except that
    /// nested code objects compare by content.
    fn eq(&self, other: &Self) -> bool {
        use ConstValue as C;
        match (self, other) {
            (C::Code(a), C::Code(b)) => Arc::ptr_eq(a, b) || a == b,
            (C::Tuple(a), C::Tuple(b)) | (C::FrozenSet(a), C::FrozenSet(b)) => a == b,
            (C::Slice(a), C::Slice(b)) => a == b,
            (C::Code(_), _) | (_, C::Code(_)) => false,
            _ => self.key() == other.key(),
        }
    }
}
