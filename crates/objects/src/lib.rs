//! oxpy's object model, the counterpart of CPython's `Objects/`. So far: reprs, the code
//! object's data and the constants a code object holds; the runtime types are still to come.
//!
//! Modules:
//! - [`code`]: the code object's fields (Objects/codeobject.c).
//! - [`constant`]: the values of `co_consts`, their reprs and de-duplication keys.
//! - [`repr`]: `repr()` of `str` (`unicode_repr`) and `str.isprintable()` per character.
//! - [`float_repr`]: `repr()` of `float` (`float_repr`, the `'r'` mode of `PyOS_double_to_string`).
//! - [`complex_repr`]: `repr()` of `complex` (`complex_repr`).
//! - [`bytes_repr`]: `repr()` of `bytes` (`PyBytes_Repr`).
//! - [`int_repr`]: decimal `repr()` of `int`, with the `sys.set_int_max_str_digits` limit.
//! - [`unicodectype`]: the character predicates (printable, XID) with CPython 3.14's Unicode 16.0.0.
//! - `obmalloc` (feature `mimalloc`): the small-object allocator oxpy's programs install.

pub mod bytes_repr;
pub mod code;
pub mod complex_repr;
pub mod constant;
pub mod float_repr;
pub mod int_repr;
#[cfg(feature = "mimalloc")]
pub mod obmalloc;
pub mod repr;
pub mod setobject;
pub mod unicodectype;
