//! Golden test: the `tokenize` module view against CPython 3.14's `tokenize.generate_tokens`
//! for every file of the corpus (fixtures in `tests/golden/tokens.jsonl`, see its README).

#[path = "support/oracle_record.rs"]
mod oracle_record;

use serde_json::Value;
use std::path::PathBuf;

#[test]
fn every_corpus_file_tokenizes_like_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/tokens.jsonl"))
        .expect("golden fixture present");
    let mut failures = Vec::new();
    let mut files = 0;
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).expect("valid JSON");
        let path = expected["path"].as_str().expect("path").to_string();
        let data = std::fs::read(here.join("../..").join(&path)).expect("corpus file present");
        files += 1;
        let ours = oracle_record::tokens_record(&data);
        if let Some(diff) = oracle_record::first_difference(&expected, &ours) {
            failures.push(format!("{path}: {diff}"));
        }
    }
    assert!(files > 250, "the golden fixture covers the corpus");
    assert!(
        failures.is_empty(),
        "{} of {files} files differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
