//! End to end: modules under `from __future__ import annotations` with unusual annotation
//! expressions (`tests/cases/future_annotations/`) compile to CPython 3.14's code objects,
//! field by field and as `marshal.dumps` bytes — the annotation strings in `co_consts` come from
//! `oxpy_parser::unparse` (`_PyAST_ExprAsUnicode`). Fixture
//! `tests/golden/future_annotations.jsonl`, made from the repository root with
//! `node tools/oracle/oracle.mjs code crates/compile/tests/cases/future_annotations/ --out crates/compile/tests/golden/future_annotations.jsonl`.
//!
//! Also: every record of the parser's unparse fixture (`../parser/tests/golden/unparse.jsonl`,
//! CPython's annotation strings for ~1900 expressions) compiled with `compile_source`: the
//! string is among the module's constants, or oxpy refuses the module with CPython's
//! `SyntaxError` message.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

#[path = "support/code_record.rs"]
mod code_record;

use oxpy_compile::{CompileError, CompileOptions, ConstValue, compile_source};
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn future_annotation_cases_compile_like_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden =
        std::fs::read_to_string(here.join("tests/golden/future_annotations.jsonl")).unwrap();
    let mut failures = Vec::new();
    let mut total = 0;
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).unwrap();
        let path = expected["path"].as_str().unwrap();
        let data = std::fs::read(here.join("../..").join(path)).unwrap();
        let ours = code_record::code_record(path, &data);
        total += 1;
        if let Some(d) = code_record::first_difference(&expected, &ours) {
            failures.push(format!("{path}: {}", d.detail));
        } else if !code_record::marshal_identical(&expected, &ours) {
            failures.push(format!("{path}: marshal.dumps(module) differs"));
        }
    }
    assert_eq!(total, 3, "one record per case file");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The module CPython compiled for one record of the parser's unparse fixture.
fn unparse_source(context: &str, expr: &str) -> String {
    match context {
        "annassign" => format!("from __future__ import annotations\nx: {expr}\n"),
        "vararg" => format!("from __future__ import annotations\ndef f(*a: {expr}): pass\n"),
        "return" => format!("from __future__ import annotations\ndef f() -> {expr}: pass\n"),
        other => panic!("unknown context {other}"),
    }
}

#[test]
fn unparse_fixture_compiles_like_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden =
        std::fs::read_to_string(here.join("../parser/tests/golden/unparse.jsonl")).unwrap();
    let mut failures = Vec::new();
    let mut total = 0;
    for line in golden.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let (context, expr) = (
            rec["context"].as_str().unwrap(),
            rec["expr"].as_str().unwrap(),
        );
        let src = unparse_source(context, expr);
        total += 1;
        let outcome = compile_source(src.as_bytes(), "<unparse>", &CompileOptions::default());
        let ok = match (&outcome, rec.get("text").and_then(Value::as_str)) {
            (Ok(compiled), Some(text)) => code_record::flatten(&compiled.code).iter().any(|c| {
                c.consts
                    .iter()
                    .any(|k| matches!(k, ConstValue::Str(s) if s == text))
            }),
            (Err(CompileError::Syntax { message, .. }), None) => {
                rec["error"].as_str() == Some(&format!("SyntaxError: {message}"))
            }
            (Err(CompileError::Parse(e)), None) => {
                rec["error"].as_str() == Some(&format!("SyntaxError: {}", e.message()))
            }
            _ => false,
        };
        if !ok {
            let got = outcome
                .as_ref()
                .map(|_| "compiled")
                .map_err(ToString::to_string);
            failures.push(format!("[{context}] {expr}: expected {}, got {got:?}", rec));
        }
    }
    assert!(total > 1000, "fixture has {total} records");
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
