//! oxpy's parser layer, the counterpart of CPython's `Parser/` and `Python/Python-ast.c`: tokens → AST.
//!
//! What exists so far: the AST itself ([`ast`], generated from `inputs/Python.asdl` by
//! `cargo xtask regen-ast`, one Rust type per node of CPython 3.14's `ast` module), its
//! [`Constant`] values and [`Location`]s, and `ast.dump` ([`dump`]). The PEG parser that
//! builds the tree from `oxpy_tokenize`'s parser view is not written yet.
//!
//! Source layout:
//! - `generated/`: the AST types and their dump view (never edited by hand);
//! - [`constant`], [`location`]: the leaf types the generated code uses;
//! - [`dump`]: `ast.dump`'s formatter.

pub mod constant;
pub mod dump;
pub mod error;
pub mod generated;
pub mod location;

pub use constant::Constant;
pub use error::{ErrorLocation, ParseError};
pub use generated::ast;
pub use location::Location;
