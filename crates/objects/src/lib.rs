//! oxpy's object model, the counterpart of CPython's `Objects/`. So far only reprs exist:
//! the object types themselves are still to come.
//!
//! Modules:
//! - [`repr`]: `repr()` of `str` (`unicode_repr`) and `str.isprintable()` per character.
//! - [`float_repr`]: `repr()` of `float` (`float_repr`, the `'r'` mode of `PyOS_double_to_string`).
//! - [`complex_repr`]: `repr()` of `complex` (`complex_repr`).
//! - [`bytes_repr`]: `repr()` of `bytes` (`PyBytes_Repr`).
//! - [`int_repr`]: decimal `repr()` of `int`, with the `sys.set_int_max_str_digits` limit.
//! - [`unicodectype`]: the character predicates (printable, XID) with CPython 3.14's Unicode 16.0.0.

pub mod bytes_repr;
pub mod complex_repr;
pub mod float_repr;
pub mod int_repr;
pub mod repr;
pub mod unicodectype;
