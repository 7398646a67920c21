//! oxpy's object model, the counterpart of CPython's `Objects/`. So far only reprs exist:
//! the object types themselves are still to come.
//!
//! Modules:
//! - [`repr`]: `repr()` of `str` (`unicode_repr`) and `str.isprintable()` per character.

pub mod repr;
