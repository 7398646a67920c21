//! Port of Python/future.c: the `from __future__ import …` features of a module.
//!
//! Only the statements at the start of a module (after its docstring) count; the
//! symtable rejects a `from __future__ import` anywhere else (see
//! [`crate::symtable`]).

use oxpy_parser::ast;

use crate::error::{CompileError, ErrorLocation};

/// `_PyFutureFeatures`: which future features are on, and where the last one was imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FutureFeatures {
    /// `CO_FUTURE_*` bits (and the `PyCF_*` compile flags merged in by the caller).
    pub features: u32,
    /// Line of the last `from __future__ import` at the start (`ff_location.lineno`), -1 if none.
    pub lineno: i32,
    /// Column (UTF-8 bytes) of that statement, -1 if none.
    pub col_offset: i32,
    /// `ff_location.end_lineno`, -1 if none.
    pub end_lineno: i32,
    /// `ff_location.end_col_offset`, -1 if none.
    pub end_col_offset: i32,
}

impl Default for FutureFeatures {
    /// No features; the location is `(-1, -1, -1, -1)` as `_PyFuture_FromAST` starts it.
    fn default() -> Self {
        FutureFeatures {
            features: 0,
            lineno: -1,
            col_offset: -1,
            end_lineno: -1,
            end_col_offset: -1,
        }
    }
}

/// `CO_FUTURE_ANNOTATIONS` (`from __future__ import annotations`).
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;
/// `CO_FUTURE_BARRY_AS_BDFL`.
pub const CO_FUTURE_BARRY_AS_BDFL: u32 = 0x40_0000;
/// `PyCF_ALLOW_TOP_LEVEL_AWAIT`: `await` and `async for/with` allowed at module level
/// (a compile flag the caller merges into [`FutureFeatures::features`]).
pub const PY_CF_ALLOW_TOP_LEVEL_AWAIT: u32 = 0x2000;

/// The first statement's string constant, if the body starts with a docstring
/// (`_PyAST_GetDocString`).
pub fn docstring(body: &[ast::Stmt]) -> Option<&str> {
    match body.first().map(|s| &s.kind) {
        Some(ast::StmtKind::Expr { value }) => match &value.kind {
            ast::ExprKind::Constant {
                value: oxpy_parser::Constant::Str(s),
                ..
            } => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn error_at(message: String, loc: &oxpy_parser::Location) -> CompileError {
    CompileError::Syntax {
        message,
        location: ErrorLocation {
            lineno: loc.lineno,
            offset: loc.col_offset + 1,
            end_lineno: loc.end_lineno,
            end_offset: loc.end_col_offset + 1,
        },
    }
}

/// `future_check_features`: the features one `from __future__ import` turns on.
fn check_features(ff: &mut FutureFeatures, names: &[ast::Alias]) -> Result<(), CompileError> {
    for alias in names {
        match alias.name.as_str() {
            "nested_scopes" | "generators" | "division" | "absolute_import" | "with_statement"
            | "print_function" | "unicode_literals" | "generator_stop" => {}
            "barry_as_FLUFL" => ff.features |= CO_FUTURE_BARRY_AS_BDFL,
            "annotations" => ff.features |= CO_FUTURE_ANNOTATIONS,
            "braces" => return Err(error_at("not a chance".into(), &alias.loc)),
            other => {
                return Err(error_at(
                    format!("future feature {} is not defined", truncate_100(other)),
                    &alias.loc,
                ));
            }
        }
    }
    Ok(())
}

/// `%.100s` of a UTF-8 string: at most 100 bytes, cut back to a character boundary.
fn truncate_100(s: &str) -> &str {
    if s.len() <= 100 {
        return s;
    }
    let mut end = 100;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `_PyFuture_FromAST`: the features the module's leading `from __future__` imports
/// turn on, or CPython's SyntaxError for an unknown feature.
pub fn future_features(module: &ast::Mod) -> Result<FutureFeatures, CompileError> {
    let mut ff = FutureFeatures::default();
    let body = match module {
        ast::Mod::Module { body, .. } | ast::Mod::Interactive { body } => body,
        _ => return Ok(ff),
    };
    let start = usize::from(docstring(body).is_some());
    for stmt in body.iter().skip(start) {
        match &stmt.kind {
            ast::StmtKind::ImportFrom(i)
                if i.level.unwrap_or(0) == 0 && i.module.as_deref() == Some("__future__") =>
            {
                check_features(&mut ff, &i.names)?;
                ff.lineno = stmt.loc.lineno;
                ff.col_offset = stmt.loc.col_offset;
                ff.end_lineno = stmt.loc.end_lineno;
                ff.end_col_offset = stmt.loc.end_col_offset;
            }
            _ => break,
        }
    }
    Ok(ff)
}
