//! The values a `Constant` node (and `MatchSingleton`) can hold, and their `repr()`.

use num_bigint::BigInt;
use oxpy_objects::{bytes_repr::bytes_repr, complex_repr::complex_repr, float_repr::float_repr};

/// A literal value of the AST.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An integer of any size.
    Int(IntValue),
    /// A float.
    Float(f64),
    /// An imaginary literal (`1j`): the AST holds complex numbers with a real part.
    Complex {
        /// Real part.
        real: f64,
        /// Imaginary part.
        imag: f64,
    },
    /// A str.
    Str(String),
    /// A bytes object.
    Bytes(Box<[u8]>),
    /// `...`
    Ellipsis,
}

impl Constant {
    /// `repr()` of the value, as `ast.dump` prints it.
    pub fn repr(&self) -> String {
        match self {
            Constant::None => "None".into(),
            Constant::Bool(true) => "True".into(),
            Constant::Bool(false) => "False".into(),
            Constant::Int(IntValue::Small(v)) => v.to_string(),
            Constant::Int(IntValue::Big(i)) => oxpy_objects::int_repr::int_repr(i),
            Constant::Float(f) => float_repr(*f),
            Constant::Complex { real, imag } => complex_repr(*real, *imag),
            Constant::Str(s) => oxpy_objects::repr::str_repr(s),
            Constant::Bytes(b) => bytes_repr(b),
            Constant::Ellipsis => "Ellipsis".into(),
        }
    }
}

/// The value of an int literal: inline when it fits in an `i64` (most do), boxed
/// otherwise, so that the `Constant` an `Expr` holds stays small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntValue {
    /// A value in `i64`'s range.
    Small(i64),
    /// A value outside `i64`'s range (never one inside: equal values compare equal).
    Big(Box<BigInt>),
}

impl IntValue {
    /// The value as a `BigInt`.
    pub fn to_bigint(&self) -> BigInt {
        match self {
            IntValue::Small(v) => BigInt::from(*v),
            IntValue::Big(b) => (**b).clone(),
        }
    }
}

impl From<BigInt> for IntValue {
    fn from(b: BigInt) -> Self {
        match i64::try_from(&b) {
            Ok(v) => IntValue::Small(v),
            Err(_) => IntValue::Big(Box::new(b)),
        }
    }
}

impl From<i64> for IntValue {
    fn from(v: i64) -> Self {
        IntValue::Small(v)
    }
}
