//! `oxpy -m ast` against real CPython 3.14's `python -m ast`: exact stdout, stderr and exit
//! status, run from the repository root.
//!
//! Fixtures: `crates/parser/tests/golden/cli_ast.jsonl` (`python -m ast FILE` for every
//! corpus file, see that folder's README) and `tests/golden/cli_ast_options.jsonl` (the
//! options — modes, `-a`, `-i`, `--show-empty`, `--no-type-comments`, `--feature-version`
//! below and at each construct's version, `-O` with `from __future__` errors, argparse's
//! help and errors — and stdin), written by `tests/golden/gen_cli_ast.mjs` over
//! the files in `tests/golden/ast/`. Corpus files oxpy does not match yet are listed in
//! `tests/golden/cli_ast_known_gaps.txt`; the list only shrinks.

#[path = "support/cli.rs"]
mod cli;

use cli::{first_difference, records, repo_root};
use serde_json::Value;
use std::path::Path;

/// Runs one record: `None` when oxpy's output is CPython's, else what differs.
fn difference(rec: &Value, args: &[String]) -> Option<String> {
    let stdin = rec.get("stdin").and_then(Value::as_str);
    let (out, err, status) = cli::run_module("ast", args, stdin);
    let label = match stdin {
        Some(text) => format!("stdin {text:?} args {args:?}"),
        None => format!("{args:?}"),
    };
    let mut diffs = Vec::new();
    let exp_out = rec["stdout"].as_str().expect("stdout");
    let exp_err = rec["stderr"].as_str().expect("stderr");
    let exp_status = rec["exit"].as_i64().expect("exit");
    if out != exp_out {
        diffs.push(format!("stdout {}", first_difference(&out, exp_out)));
    }
    if err != exp_err {
        diffs.push(format!("stderr ours {err:?} expected {exp_err:?}"));
    }
    if status != exp_status {
        diffs.push(format!("exit ours {status} expected {exp_status}"));
    }
    (!diffs.is_empty()).then(|| format!("{label}: {}", diffs.join("; ")))
}

#[test]
fn every_corpus_file_prints_like_cpython() {
    let fixture = repo_root().join("crates/parser/tests/golden/cli_ast.jsonl");
    let gaps = cli::gap_list("cli_ast_known_gaps.txt");
    let recs = records(&fixture);
    assert!(recs.len() >= 273, "the fixture covers the corpus");
    let (mut same, mut unexpected, mut fixed) = (0, Vec::new(), Vec::new());
    for rec in &recs {
        let path = rec["path"].as_str().expect("path");
        let diff = difference(rec, &[path.to_string()]);
        same += usize::from(diff.is_none());
        match (diff, gaps.contains(path)) {
            (Some(d), false) => unexpected.push(d),
            (None, true) => fixed.push(path.to_string()),
            _ => {}
        }
    }
    println!("cli ast parity: {same}/{} identical", recs.len());
    assert!(
        unexpected.is_empty(),
        "{} file(s) differ and are not known gaps:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now identical to CPython, remove from tests/golden/cli_ast_known_gaps.txt:\n{}",
        fixed.join("\n")
    );
}

#[test]
fn options_and_stdin_print_like_cpython() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cli_ast_options.jsonl");
    let recs = records(&fixture);
    let diffs: Vec<String> = recs
        .iter()
        .filter_map(|rec| {
            let args: Vec<String> = rec["args"]
                .as_array()
                .expect("args")
                .iter()
                .map(|v| v.as_str().expect("string arg").to_string())
                .collect();
            difference(rec, &args)
        })
        .collect();
    assert!(
        diffs.is_empty(),
        "{} of {} records differ:\n{}",
        diffs.len(),
        recs.len(),
        diffs.join("\n")
    );
}
