//! The values a code object's `co_consts` can hold (what marshal can write), with
//! CPython's `repr()` of each and the constant key the compiler de-duplicates by
//! (`_PyCode_ConstantKey` in Objects/codeobject.c).

use std::hash::{Hash, Hasher};
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
///
/// `Hash` is written out so that [`ConstValue::hash_as_key`] can feed a hasher the
/// same data straight from a value: a map keyed by `ConstKey` can be searched for a
/// value without building its key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

/// The tags [`ConstKey`]'s hash starts each variant with.
mod key_tag {
    pub const NONE: u8 = 0;
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const FLOAT: u8 = 3;
    pub const COMPLEX: u8 = 4;
    pub const STR: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const ELLIPSIS: u8 = 7;
    pub const TUPLE: u8 = 8;
    pub const FROZENSET: u8 = 9;
    pub const SLICE: u8 = 10;
    pub const CODE: u8 = 11;
}

impl Hash for ConstKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            ConstKey::None => state.write_u8(key_tag::NONE),
            ConstKey::Bool(b) => {
                state.write_u8(key_tag::BOOL);
                state.write_u8(u8::from(*b));
            }
            ConstKey::Int(i) => {
                state.write_u8(key_tag::INT);
                i.hash(state);
            }
            ConstKey::Float(bits) => {
                state.write_u8(key_tag::FLOAT);
                state.write_u64(*bits);
            }
            ConstKey::Complex(re, im) => {
                state.write_u8(key_tag::COMPLEX);
                state.write_u64(*re);
                state.write_u64(*im);
            }
            ConstKey::Str(s) => {
                state.write_u8(key_tag::STR);
                s.as_str().hash(state);
            }
            ConstKey::Bytes(b) => {
                state.write_u8(key_tag::BYTES);
                b.as_slice().hash(state);
            }
            ConstKey::Ellipsis => state.write_u8(key_tag::ELLIPSIS),
            ConstKey::Tuple(items) => {
                state.write_u8(key_tag::TUPLE);
                state.write_usize(items.len());
                for k in items {
                    k.hash(state);
                }
            }
            ConstKey::FrozenSet(items) => {
                state.write_u8(key_tag::FROZENSET);
                state.write_usize(items.len());
                for k in items {
                    k.hash(state);
                }
            }
            ConstKey::Slice(parts) => {
                state.write_u8(key_tag::SLICE);
                for k in parts.iter() {
                    k.hash(state);
                }
            }
            ConstKey::Code(p) => {
                state.write_u8(key_tag::CODE);
                state.write_usize(*p);
            }
        }
    }
}

impl ConstKey {
    /// Feeds `state` what hashing `ConstKey::Str(s)` would, without building the key.
    pub fn hash_str<H: Hasher>(s: &str, state: &mut H) {
        state.write_u8(key_tag::STR);
        s.hash(state);
    }

    /// Feeds `state` what hashing a `ConstKey::Tuple` of `ConstKey::Str(s)` for each of
    /// `items` would, without building the key.
    pub fn hash_str_tuple<'s, H: Hasher>(
        items: impl ExactSizeIterator<Item = &'s str>,
        state: &mut H,
    ) {
        state.write_u8(key_tag::TUPLE);
        state.write_usize(items.len());
        for s in items {
            Self::hash_str(s, state);
        }
    }
}

impl ConstValue {
    /// Feeds `state` what hashing `self.key()` would, without building the key.
    pub fn hash_as_key<H: Hasher>(&self, state: &mut H) {
        match self {
            ConstValue::None => state.write_u8(key_tag::NONE),
            ConstValue::Bool(b) => {
                state.write_u8(key_tag::BOOL);
                state.write_u8(u8::from(*b));
            }
            ConstValue::Int(i) => {
                state.write_u8(key_tag::INT);
                i.hash(state);
            }
            ConstValue::Float(f) => {
                state.write_u8(key_tag::FLOAT);
                state.write_u64(f.to_bits());
            }
            ConstValue::Complex { real, imag } => {
                state.write_u8(key_tag::COMPLEX);
                state.write_u64(real.to_bits());
                state.write_u64(imag.to_bits());
            }
            ConstValue::Str(s) => {
                state.write_u8(key_tag::STR);
                s.as_str().hash(state);
            }
            ConstValue::Bytes(b) => {
                state.write_u8(key_tag::BYTES);
                b.as_slice().hash(state);
            }
            ConstValue::Ellipsis => state.write_u8(key_tag::ELLIPSIS),
            ConstValue::Tuple(items) => {
                state.write_u8(key_tag::TUPLE);
                state.write_usize(items.len());
                for v in items {
                    v.hash_as_key(state);
                }
            }
            // The key sorts the items: build it.
            ConstValue::FrozenSet(_) => self.key().hash(state),
            ConstValue::Slice(parts) => {
                state.write_u8(key_tag::SLICE);
                for v in parts.iter() {
                    v.hash_as_key(state);
                }
            }
            ConstValue::Code(code) => {
                state.write_u8(key_tag::CODE);
                state.write_usize(Arc::as_ptr(code) as usize);
            }
        }
    }

    /// `self.key() == *key`, without building the key.
    pub fn matches_key(&self, key: &ConstKey) -> bool {
        use ConstValue as V;
        match (self, key) {
            (V::None, ConstKey::None) | (V::Ellipsis, ConstKey::Ellipsis) => true,
            (V::Bool(a), ConstKey::Bool(b)) => a == b,
            (V::Int(a), ConstKey::Int(b)) => a == b,
            (V::Float(f), ConstKey::Float(bits)) => f.to_bits() == *bits,
            (V::Complex { real, imag }, ConstKey::Complex(re, im)) => {
                real.to_bits() == *re && imag.to_bits() == *im
            }
            (V::Str(a), ConstKey::Str(b)) => a == b,
            (V::Bytes(a), ConstKey::Bytes(b)) => a == b,
            (V::Tuple(items), ConstKey::Tuple(keys)) => {
                items.len() == keys.len() && items.iter().zip(keys).all(|(v, k)| v.matches_key(k))
            }
            (V::FrozenSet(_), ConstKey::FrozenSet(_)) => self.key() == *key,
            (V::Slice(parts), ConstKey::Slice(keys)) => {
                parts.iter().zip(keys.iter()).all(|(v, k)| v.matches_key(k))
            }
            (V::Code(code), ConstKey::Code(p)) => Arc::as_ptr(code) as usize == *p,
            _ => false,
        }
    }
}
