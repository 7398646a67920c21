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
    /// An integer of any size (boxed: it is the largest value, and every `Expr` pays for
    /// the largest).
    Int(Box<BigInt>),
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
            Constant::Int(i) => oxpy_objects::int_repr::int_repr(i),
            Constant::Float(f) => float_repr(*f),
            Constant::Complex { real, imag } => complex_repr(*real, *imag),
            Constant::Str(s) => oxpy_objects::repr::str_repr(s),
            Constant::Bytes(b) => bytes_repr(b),
            Constant::Ellipsis => "Ellipsis".into(),
        }
    }
}
