//! Golden test: the parser view against what CPython 3.14's parser reports for the corpus
//! (`tests/golden/ast_outcomes.jsonl`); the rules are in `support/parser_outcome.rs`.

#[path = "support/parser_outcome.rs"]
mod parser_outcome;

use serde_json::Value;
use std::path::PathBuf;

#[test]
fn parser_view_errors_and_successes_match_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/ast_outcomes.jsonl"))
        .expect("golden fixture present");
    let mut failures = Vec::new();
    let mut compared_errors = 0;
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).expect("valid JSON");
        let path = expected["path"].as_str().expect("path").to_string();
        let data = std::fs::read(here.join("../..").join(&path)).expect("corpus file present");
        let outcome = parser_outcome::check(&path, &data, &expected);
        compared_errors += usize::from(outcome.compared_error);
        failures.extend(outcome.problems.into_iter().map(|p| format!("{path}: {p}")));
    }
    assert!(
        compared_errors >= 8,
        "the corpus exercises the lexer's own errors"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
