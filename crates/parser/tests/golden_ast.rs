//! Golden test: `ast.parse` + `ast.dump(include_attributes=True)` of every corpus file,
//! and CPython's SyntaxError (class, message, location) for every file it rejects
//! (fixtures: `tests/golden/ast.jsonl`, produced by CPython 3.14).
//!
//! Files oxpy does not match yet are listed in `tests/golden/known_gaps.txt`; the test
//! fails when any other file differs, and when a listed file starts to match (so the list
//! only shrinks).

#[path = "support/ast_record.rs"]
mod ast_record;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[test]
fn corpus_parses_like_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/ast.jsonl")).expect("fixture");
    let gaps_text =
        std::fs::read_to_string(here.join("tests/golden/known_gaps.txt")).expect("gap list");
    let gaps: BTreeSet<&str> = gaps_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let (mut parsed_same, mut parsed_total, mut errors_same, mut errors_total) = (0, 0, 0, 0);
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).expect("valid JSON");
        let path = expected["path"].as_str().expect("path").to_string();
        let data = std::fs::read(here.join("../..").join(&path)).expect("corpus file");
        let ours = ast_record::ast_record(&data);
        let diff = ast_record::first_difference(&expected, &ours);
        let failed = ast_record::outcome(&expected) == ast_record::Outcome::Failed;
        if failed {
            errors_total += 1;
            errors_same += usize::from(diff.is_none());
        } else {
            parsed_total += 1;
            parsed_same += usize::from(diff.is_none());
        }
        match (diff, gaps.contains(path.as_str())) {
            (Some(d), false) => unexpected.push(format!("{path}: {d}")),
            (None, true) => fixed.push(path),
            _ => {}
        }
    }
    println!(
        "ast parity: {parsed_same}/{parsed_total} parsed files identical, {errors_same}/{errors_total} errors identical"
    );
    assert!(
        unexpected.is_empty(),
        "{} file(s) differ from CPython and are not known gaps:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now identical to CPython, remove from tests/golden/known_gaps.txt:\n{}",
        fixed.join("\n")
    );
}

#[test]
fn corpus_warnings_match_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/ast.jsonl")).expect("fixture");
    let mut diffs = Vec::new();
    let mut total = 0;
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).expect("valid JSON");
        let path = expected["path"].as_str().expect("path").to_string();
        let want: Vec<(String, i64)> = expected["warnings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|w| {
                (
                    w["message"].as_str().unwrap_or_default().to_string(),
                    w["lineno"].as_i64().unwrap_or_default(),
                )
            })
            .collect();
        total += want.len();
        let data = std::fs::read(here.join("../..").join(&path)).expect("corpus file");
        let Ok(source) = oxpy_tokenize::source_for_parser(&data) else {
            continue;
        };
        let report = oxpy_parser::parse_report(&source, &oxpy_parser::ParseOptions::default());
        let got: Vec<(String, i64)> = report
            .warnings
            .into_iter()
            .map(|w| (w.message, w.lineno))
            .collect();
        if got != want {
            diffs.push(format!("{path}: ours {got:?} expected {want:?}"));
        }
    }
    println!(
        "ast warnings: {total} expected, {} files differ",
        diffs.len()
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
