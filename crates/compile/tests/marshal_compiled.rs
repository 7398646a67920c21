//! `marshal.dumps(compile(...))` byte for byte as CPython 3.14 writes it: the writer's model
//! of which objects CPython shares (`FLAG_REF`) applied to oxpy's own code objects.
//!
//! - every corpus module of `tests/golden/code.jsonl` (`marshal_hex`, CPython's bytes) must
//!   come out identical, except the files listed in `tests/marshal_compiled_gaps.txt`
//!   (shrink-only; empty today: 223/223);
//! - `tests/marshal_cases/sharing.jsonl`: small sources, each exercising one sharing rule
//!   (frozenset items, frozensets copied by `intern_constants`, slice parts), with the
//!   bytes CPython 3.14.2 wrote for them.
//!
//! A difference is reported as the first differing object (`marshal::listing`).

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oxpy_compile::marshal::{dumps_code, listing};
use oxpy_compile::{CompileOptions, compile_source};
use serde_json::Value;

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// `None` when oxpy's bytes equal CPython's, else where they first differ.
fn difference(src: &[u8], path: &str, theirs: &[u8]) -> Option<String> {
    let code = match compile_source(src, path, &CompileOptions::default()) {
        Ok(c) => c.code,
        Err(e) => return Some(format!("does not compile: {e:?}")),
    };
    let ours = dumps_code(&code).unwrap();
    if ours == theirs {
        return None;
    }
    Some(match listing::first_difference(&ours, theirs) {
        Some((a, b)) => format!("\n  ours    {a}\n  CPython {b}"),
        None => "same objects, different bytes".into(),
    })
}

fn list(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn corpus_marshal_matches_cpython() {
    let gaps = list(&here().join("tests/marshal_compiled_gaps.txt"));
    let text = std::fs::read_to_string(here().join("tests/golden/code.jsonl")).unwrap();
    let (mut same, mut total) = (0usize, 0usize);
    let (mut new_gaps, mut fixed) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let Some(theirs) = rec.get("marshal_hex").and_then(Value::as_str) else {
            continue;
        };
        let path = rec["path"].as_str().unwrap().to_string();
        let src = std::fs::read(here().join("../..").join(&path)).unwrap();
        total += 1;
        match (
            difference(&src, &path, &unhex(theirs)),
            gaps.contains(&path),
        ) {
            (None, true) => fixed.push(path),
            (None, false) => same += 1,
            (Some(d), false) => new_gaps.push(format!("{path}: {d}")),
            (Some(_), true) => {}
        }
    }
    println!("marshal.dumps(compile(...)) byte-identical to CPython: {same}/{total}");
    assert!(new_gaps.is_empty(), "{}", new_gaps.join("\n"));
    assert!(
        fixed.is_empty(),
        "identical now, remove from tests/marshal_compiled_gaps.txt:\n{}",
        fixed.join("\n")
    );
}

#[test]
fn sharing_rules_match_cpython() {
    let text = std::fs::read_to_string(here().join("tests/marshal_cases/sharing.jsonl")).unwrap();
    let mut failures = Vec::new();
    for line in text.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let src = rec["src"].as_str().unwrap();
        let theirs = unhex(rec["hex"].as_str().unwrap());
        if let Some(d) = difference(src.as_bytes(), "m.py", &theirs) {
            failures.push(format!("{src:?}: {d}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
