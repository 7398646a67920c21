//! End to end: modules under `from __future__ import annotations` with unusual annotation
//! expressions (`tests/cases/future_annotations/`) compile to CPython 3.14's code objects,
//! field by field and as `marshal.dumps` bytes — the annotation strings in `co_consts` come from
//! `oxpy_parser::unparse` (`_PyAST_ExprAsUnicode`). Fixture
//! `tests/golden/future_annotations.jsonl`, made from the repository root with
//! `node tools/oracle/oracle.mjs code crates/compile/tests/cases/future_annotations/ --out crates/compile/tests/golden/future_annotations.jsonl`.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

#[path = "support/code_record.rs"]
mod code_record;

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
