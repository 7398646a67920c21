//! Golden test: every code object of every corpus file compiled as CPython 3.14's
//! `compile(src, path, "exec")` compiles it, field by field (fixture
//! `tests/golden/code.jsonl`, produced by CPython 3.14), and CPython's compile-time
//! errors and warnings.
//!
//! Files oxpy does not match yet are listed in `tests/golden/code_known_gaps.txt`; the
//! test fails when any other file differs, and when a listed file starts to match (so
//! the list only shrinks). `OXPY_UPDATE_GAPS=1 cargo test -p oxpy-compile --test
//! golden_code` rewrites the list from the current results.

#[path = "support/code_record.rs"]
mod code_record;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[test]
fn corpus_compiles_like_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/code.jsonl")).expect("fixture");
    let gaps_path = here.join("tests/golden/code_known_gaps.txt");
    let gaps_text = std::fs::read_to_string(&gaps_path).unwrap_or_default();
    let gaps: BTreeSet<&str> = gaps_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut failing = Vec::new();
    let mut by_field: BTreeMap<String, usize> = BTreeMap::new();
    let (mut same, mut total, mut marshal_same, mut compiled) = (0usize, 0usize, 0usize, 0usize);
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).expect("valid JSON");
        let path = expected["path"].as_str().expect("path").to_string();
        let data = std::fs::read(here.join("../..").join(&path)).expect("corpus file");
        let ours = code_record::code_record(&path, &data);
        let diff = code_record::first_difference(&expected, &ours);
        total += 1;
        if expected.get("marshal_hex").is_some() {
            compiled += 1;
            marshal_same += usize::from(code_record::marshal_identical(&expected, &ours));
        }
        match &diff {
            None => same += 1,
            Some(d) => {
                *by_field.entry(d.field.clone()).or_default() += 1;
                failing.push(path.clone());
            }
        }
        match (diff, gaps.contains(path.as_str())) {
            (Some(d), false) => unexpected.push(format!("{path}: {}", d.detail)),
            (None, true) => fixed.push(path),
            _ => {}
        }
    }
    println!("code parity: {same}/{total} files with every code object identical");
    println!("first differing field: {by_field:?}");
    println!("marshal.dumps(module) byte-identical: {marshal_same}/{compiled} files");
    if std::env::var_os("OXPY_UPDATE_GAPS").is_some() {
        let mut text = String::from(
            "# Corpus files whose code objects differ from CPython 3.14's (shrink-only; see tests/golden_code.rs).\n",
        );
        for p in &failing {
            text.push_str(p);
            text.push('\n');
        }
        std::fs::write(&gaps_path, text).expect("write gap list");
        return;
    }
    assert!(
        unexpected.is_empty(),
        "{} file(s) differ from CPython and are not known gaps:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now identical to CPython, remove from tests/golden/code_known_gaps.txt (or run with OXPY_UPDATE_GAPS=1):\n{}",
        fixed.join("\n")
    );
}
