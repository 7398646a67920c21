//! `oxpy -m tokenize` against real CPython 3.14's `python -m tokenize`: exact stdout, stderr
//! and exit status, run from the repository root.
//!
//! Fixtures: `crates/tokenize/tests/golden/cli_tokenize.jsonl` (every corpus file, see that
//! folder's README) and `tests/golden/cli_tokenize_{exact,edge,stdin}.jsonl` (`-e`, corner-case
//! files in `tests/golden/edge/`, stdin input), written by `tests/golden/gen_cli_tokenize.mjs`.

#[path = "support/cli.rs"]
mod cli;

use cli::{first_difference, records, repo_root};
use serde_json::Value;
use std::path::Path;

/// Runs every record and returns a description of each one that differs.
fn differences(
    fixture: &Path,
    default_args: impl Fn(&Value) -> Vec<String>,
) -> (usize, Vec<String>) {
    let recs = records(fixture);
    let mut diffs = Vec::new();
    for rec in &recs {
        let args: Vec<String> = match rec.get("args").and_then(Value::as_array) {
            Some(a) => a
                .iter()
                .map(|v| v.as_str().expect("string arg").to_string())
                .collect(),
            None => default_args(rec),
        };
        let stdin = rec.get("stdin").and_then(Value::as_str);
        let (out, err, status) = cli::run_module("tokenize", &args, stdin);
        let label = match stdin {
            Some(text) => format!("stdin {text:?} args {args:?}"),
            None => format!("{args:?}"),
        };
        let exp_out = rec["stdout"].as_str().expect("stdout");
        let exp_err = rec["stderr"].as_str().expect("stderr");
        let exp_status = rec["exit"].as_i64().expect("exit");
        if out != exp_out {
            diffs.push(format!(
                "{label}: stdout {}",
                first_difference(&out, exp_out)
            ));
        }
        if err != exp_err {
            diffs.push(format!("{label}: stderr ours {err:?} expected {exp_err:?}"));
        }
        if status != exp_status {
            diffs.push(format!("{label}: exit ours {status} expected {exp_status}"));
        }
    }
    (recs.len(), diffs)
}

fn assert_no_differences(total: usize, diffs: &[String]) {
    assert!(
        diffs.is_empty(),
        "{} difference(s) over {total} records:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

fn path_arg(rec: &Value) -> Vec<String> {
    vec![rec["path"].as_str().expect("path").to_string()]
}

#[test]
fn every_corpus_file_prints_like_cpython() {
    let fixture = repo_root().join("crates/tokenize/tests/golden/cli_tokenize.jsonl");
    let (total, diffs) = differences(&fixture, path_arg);
    assert!(
        total >= 273,
        "the fixture covers the corpus ({total} records)"
    );
    assert_no_differences(total, &diffs);
}

#[test]
fn exact_mode_prints_like_cpython() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cli_tokenize_exact.jsonl");
    let (total, diffs) = differences(&fixture, path_arg);
    assert_no_differences(total, &diffs);
}

#[test]
fn corner_case_files_print_like_cpython() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cli_tokenize_edge.jsonl");
    let (total, diffs) = differences(&fixture, path_arg);
    assert_no_differences(total, &diffs);
}

#[test]
fn stdin_prints_like_cpython() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cli_tokenize_stdin.jsonl");
    let (total, diffs) = differences(&fixture, |_| Vec::new());
    assert_no_differences(total, &diffs);
}
