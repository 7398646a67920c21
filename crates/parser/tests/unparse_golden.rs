//! Golden test of [`oxpy_parser::unparse::expr_as_unicode`] against CPython 3.14's
//! `_PyAST_ExprAsUnicode`: the annotation strings `from __future__ import annotations`
//! stores (fixture: `tests/golden/unparse.jsonl`, made by `tests/golden/gen_unparse.mjs`
//! from `tests/golden/unparse_exprs.txt`).
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use oxpy_parser::ast::{Mod, StmtKind};
use oxpy_parser::unparse::expr_as_unicode;
use oxpy_parser::{ParseOptions, parse_bytes};
use serde_json::Value;
use std::path::PathBuf;

/// The module CPython compiled for one record (see gen_unparse.mjs).
fn source(context: &str, expr: &str) -> String {
    match context {
        "annassign" => format!("from __future__ import annotations\nx: {expr}\n"),
        "vararg" => format!("from __future__ import annotations\ndef f(*a: {expr}): pass\n"),
        "return" => format!("from __future__ import annotations\ndef f() -> {expr}: pass\n"),
        other => panic!("unknown context {other}"),
    }
}

/// oxpy's annotation string, or the parse error's message.
fn ours(context: &str, expr: &str) -> Result<String, String> {
    let src = source(context, expr);
    let tree = parse_bytes(src.as_bytes(), &ParseOptions::default())
        .map_err(|e| format!("{}: {}", e.class_name(), e.message()))?;
    let Mod::Module { body, .. } = tree else {
        panic!("not a module")
    };
    let annotation = match (&body[1].kind, context) {
        (StmtKind::AnnAssign { annotation, .. }, "annassign") => annotation,
        (StmtKind::FunctionDef(f), "vararg") => f
            .args
            .vararg
            .as_ref()
            .and_then(|a| a.annotation.as_ref())
            .unwrap(),
        (StmtKind::FunctionDef(f), "return") => f.returns.as_ref().unwrap(),
        other => panic!("unexpected statement {other:?}"),
    };
    Ok(expr_as_unicode(annotation).unwrap())
}

#[test]
fn annotations_unparse_like_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/unparse.jsonl")).unwrap();
    let (mut total, mut checked, mut compile_errors) = (0, 0, 0);
    let mut failures = Vec::new();
    for line in golden.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let context = rec["context"].as_str().unwrap();
        let expr = rec["expr"].as_str().unwrap();
        total += 1;
        let got = ours(context, expr);
        match (rec.get("text").and_then(Value::as_str), &got) {
            (Some(text), Ok(g)) if g == text => checked += 1,
            // CPython refused the module: a parse error must be the same one; the other
            // errors (annotation scopes rejecting `yield`, `await`, `:=`) are the compile
            // layer's and parsing succeeds.
            (None, Err(e)) if Some(e.as_str()) == rec["error"].as_str() => checked += 1,
            (None, Ok(_)) => compile_errors += 1,
            _ => failures.push(format!(
                "[{context}] {expr}\n  expected {}\n  got      {got:?}",
                rec.get("text").unwrap_or(&rec["error"])
            )),
        }
    }
    eprintln!(
        "unparse golden: {checked}/{total} match ({compile_errors} refused by CPython's compile layer, parsed and unparsed by oxpy)"
    );
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
