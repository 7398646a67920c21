//! Checks the parser view of one file against the outcome of CPython's `ast.parse` on it.
//!
//! Shared by `tests/golden_parser_view.rs` and `cargo xtask parity parser-tokens` (which
//! includes this file by path). The rules:
//! - a file CPython parses must tokenize without error in the parser view;
//! - when the parser view fails with one of the lexer's own SyntaxErrors, CPython must
//!   report exactly that error: class, message, lineno, offset, end_lineno, end_offset;
//! - every warning the tokenizer emits must be among CPython's warnings for the file.
//!
//! Errors that the parser builds from the tokenizer's state (EOF inside brackets,
//! indentation errors) are the parser layer's to word and are not compared here.

use oxpy_tokenize::{TokenizeErrorKind, parser_tokens, source_for_parser};
use serde_json::{Value, json};

/// What checking one file found.
pub struct Outcome {
    /// Differences from CPython (empty when the file agrees).
    pub problems: Vec<String>,
    /// Whether a lexer error was compared with CPython's.
    pub compared_error: bool,
}

/// Checks `data` (a file named `path`) against CPython's `ast` record `expected`.
pub fn check(path: &str, data: &[u8], expected: &Value) -> Outcome {
    let mut problems = Vec::new();
    let mut compared_error = false;
    let _ = path;
    let source = match source_for_parser(data) {
        Ok(s) => s,
        Err(e) => {
            match expected.get("error") {
                None => problems.push(format!("decoding failed ({e}) but CPython parsed it")),
                Some(theirs) => {
                    compared_error = true;
                    let (lineno, offset, end_lineno, end_offset) = e.compile_location();
                    let ours = json!({
                        "type": e.class_name(),
                        "msg": e.to_string(),
                        "lineno": lineno,
                        "offset": offset,
                        "end_lineno": end_lineno,
                        "end_offset": end_offset,
                    });
                    if &ours != theirs {
                        problems.push(format!("ours {ours} expected {theirs}"));
                    }
                }
            }
            return Outcome {
                problems,
                compared_error,
            };
        }
    };
    let mut tokens = parser_tokens(&source);
    let mut error = None;
    for item in tokens.by_ref() {
        if let Err(e) = item {
            error = Some(e);
        }
    }
    let theirs = expected["warnings"].as_array().cloned().unwrap_or_default();
    for w in tokens.lexer().warnings() {
        let ours = json!({"category": "SyntaxWarning", "message": w.message, "lineno": w.lineno});
        let found = theirs.iter().any(|t| {
            t["category"] == ours["category"]
                && t["message"] == ours["message"]
                && t["lineno"] == ours["lineno"]
        });
        if !found {
            problems.push(format!("warning {ours} not emitted by CPython"));
        }
    }
    match (error, expected.get("error")) {
        (None, _) => {}
        (Some(e), None) => problems.push(format!("tokenizer error {e} but CPython parsed it")),
        (Some(e), Some(theirs)) => {
            let parser_worded = matches!(
                e.kind,
                TokenizeErrorKind::Eof { .. }
                    | TokenizeErrorKind::UnindentMismatch
                    | TokenizeErrorKind::TabSpace
                    | TokenizeErrorKind::TooDeep
                    | TokenizeErrorKind::LineContinuation
            );
            if !parser_worded {
                compared_error = true;
                let ours = json!({
                    "type": e.class().name(),
                    "msg": e.message(),
                    "lineno": e.lineno,
                    "offset": e.offset,
                    "end_lineno": e.end_lineno,
                    "end_offset": e.end_offset,
                });
                let mut theirs = theirs.clone();
                if let Some(o) = theirs.as_object_mut() {
                    o.retain(|k, _| {
                        matches!(
                            k.as_str(),
                            "type" | "msg" | "lineno" | "offset" | "end_lineno" | "end_offset"
                        )
                    });
                }
                if ours != theirs {
                    problems.push(format!("ours {ours} expected {theirs}"));
                }
            }
        }
    }
    Outcome {
        problems,
        compared_error,
    }
}
