//! oxpy's parser layer, the counterpart of CPython's `Parser/` and `Python/Python-ast.c`: tokens → AST.
//!
//! What exists so far: the AST itself ([`ast`], generated from `inputs/Python.asdl` by
//! `cargo xtask regen-ast`, one Rust type per node of CPython 3.14's `ast` module), its
//! [`Constant`] values and [`Location`]s, `ast.dump` ([`dump`]), and the PEG parser
//! ([`parser`]) that builds the tree from `oxpy_tokenize`'s parser view.
//!
//! Source layout:
//! - `generated/`: the AST types and their dump view (never edited by hand);
//! - [`constant`], [`location`]: the leaf types the generated code uses;
//! - [`dump`]: `ast.dump`'s formatter;
//! - [`parser`]: the PEG parser (Grammar/python.gram), entry points [`parse_module_bytes`]
//!   and [`parse_module`] (`exec` mode), and [`parse`] / [`parse_bytes`] with
//!   [`ParseOptions`] (`ast.parse`'s `mode` — `exec`, `eval`, `single`, `func_type` — and
//!   `type_comments`);
//! - [`options`]: those options;
//! - [`unparse`]: an expression back to source text (`_PyAST_ExprAsUnicode`, the strings of
//!   `from __future__ import annotations`).
//!
//! # Which errors are whose
//! The parser raises what CPython's tokenizer and parser raise: every tokenizer error
//! (passed through, or worded by the parser for EOF in brackets and indentation), `invalid
//! syntax`, `expected ':'`, `'(' was never closed`, `unexpected indent`, `expected an
//! indented block after …`, `cannot assign to …`, `positional argument follows keyword
//! argument`, `f-string: …`, and the other `invalid_*` messages of Grammar/python.gram.
//! Errors CPython raises later belong to the compile layer, not here: `'return' outside
//! function`, `'break' outside loop`, `'yield' outside function`, `'await' outside async
//! function`, `nonlocal declaration not allowed at module level`, `no binding for nonlocal
//! 'x' found`, `name 'x' is used prior to global declaration`, `duplicate argument 'a' in
//! function definition`, `import * only allowed at module level`, and the compiler's
//! SyntaxWarnings. So do the `from __future__` errors (`not a chance`, `future feature x
//! is not defined`, `from __future__ imports must occur at the beginning of the file`),
//! though CPython's `ast.parse` raises them too: it ends with the compiler's future check
//! (`oxpy_compile::future`, which `oxpy -m ast` runs after this parser, and with `-O` the
//! compiler's preprocessing). Known gaps of the parser itself: the README's feature table.

pub mod constant;
pub mod dump;
pub mod error;
pub mod generated;
pub mod location;
pub mod options;
pub mod parser;
pub mod unparse;

pub use constant::{Constant, IntValue};
pub use error::{ErrorLocation, ParseError};
pub use generated::ast;
pub use location::Location;
pub use options::{Mode, ParseOptions};

/// Parses source bytes as `ast.parse(data)` / `compile(data, filename, "exec")` does.
pub fn parse_module_bytes(data: &[u8]) -> Result<ast::Mod, ParseError> {
    let source = oxpy_tokenize::source_for_parser(data)?;
    parse_module(&source)
}

/// Parses decoded text (see [`oxpy_tokenize::source_for_parser`]).
pub fn parse_module(source: &oxpy_tokenize::SourceText) -> Result<ast::Mod, ParseError> {
    parser::parse_file_on_big_stack(source)
}

/// Parses decoded text as `ast.parse(source, mode=…, type_comments=…)` does.
pub fn parse(
    source: &oxpy_tokenize::SourceText,
    opts: &ParseOptions,
) -> Result<ast::Mod, ParseError> {
    parser::parse_on_big_stack(source, *opts)
}

/// Parses source bytes (decoded as `compile()` decodes them) with the given options.
pub fn parse_bytes(data: &[u8], opts: &ParseOptions) -> Result<ast::Mod, ParseError> {
    let source = oxpy_tokenize::source_for_parser(data)?;
    parse(&source, opts)
}

/// One parse with what CPython attaches to a failure.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseReport {
    /// The tree or the error.
    pub result: Result<ast::Mod, ParseError>,
    /// `SyntaxError._metadata[:2]`: where the last compound statement the error pass parsed
    /// starts (line, column), `(0, 0)` when there is none (traceback's keyword suggestions
    /// look from there).
    pub last_statement: (i64, i64),
    /// The parse failed with the tokenizer at the end of the input: with
    /// `PyCF_ALLOW_INCOMPLETE_INPUT` CPython raises `_IncompleteInputError` instead.
    pub incomplete: bool,
    /// The `SyntaxWarning`s the tokenizer and the parser emitted, in order.
    pub warnings: Vec<ParseWarning>,
}

/// One `SyntaxWarning` of the parse (`warnings.warn_explicit(msg, SyntaxWarning, filename,
/// lineno)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseWarning {
    /// The message.
    pub message: String,
    /// The line it is reported on.
    pub lineno: i64,
}

/// Parses source bytes (decoded as `compile()` decodes them) as [`parse_bytes`] does,
/// keeping the warnings and what CPython attaches to a failure (a decoding failure is the
/// report's error, with nothing else).
pub fn parse_bytes_report(data: &[u8], opts: &ParseOptions) -> ParseReport {
    match oxpy_tokenize::source_for_parser(data) {
        Ok(source) => parse_report(&source, opts),
        Err(e) => ParseReport {
            result: Err(e.into()),
            last_statement: (0, 0),
            incomplete: false,
            warnings: Vec::new(),
        },
    }
}

/// Parses decoded text as [`parse`] does, keeping what CPython attaches to a failure.
pub fn parse_report(source: &oxpy_tokenize::SourceText, opts: &ParseOptions) -> ParseReport {
    parser::report_on_big_stack(source, *opts)
}
