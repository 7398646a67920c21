//! `oxpy -m dis FILE` against real CPython 3.14's `python -m dis FILE`: exact stdout, stderr
//! and exit status, run from the repository root, for every corpus file
//! (`crates/compile/tests/golden/cli_dis.jsonl`). Files oxpy's compiler cannot match yet
//! are listed in `tests/golden/cli_dis_known_gaps.txt`, a shrink-only list: a file that
//! becomes identical must be removed from it.

#[path = "support/cli.rs"]
mod cli;

use cli::{first_difference, records, repo_root};

#[test]
fn every_corpus_file_disassembles_like_cpython() {
    let fixture = repo_root().join("crates/compile/tests/golden/cli_dis.jsonl");
    let gaps = cli::gap_list("cli_dis_known_gaps.txt");
    let recs = records(&fixture);
    assert!(recs.len() >= 273, "the fixture covers the corpus");
    let (mut same, mut unexpected, mut fixed) = (0, Vec::new(), Vec::new());
    for rec in &recs {
        let path = rec["path"].as_str().expect("path");
        let (out, err, status) = cli::run_module("dis", &[path.to_string()], None);
        let mut diffs = Vec::new();
        let exp_out = rec["dis"].as_str().expect("dis");
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
        let diff = (!diffs.is_empty()).then(|| format!("{path}: {}", diffs.join("; ")));
        same += usize::from(diff.is_none());
        match (diff, gaps.contains(path)) {
            (Some(d), false) => unexpected.push(d),
            (None, true) => fixed.push(path.to_string()),
            _ => {}
        }
    }
    println!("cli dis parity: {same}/{} identical", recs.len());
    if std::env::var_os("CLI_DIS_LIST_GAPS").is_some() {
        for rec in &recs {
            let path = rec["path"].as_str().expect("path");
            if unexpected
                .iter()
                .any(|d| d.starts_with(&format!("{path}: ")))
                || gaps.contains(path) && !fixed.iter().any(|f| f == path)
            {
                println!("GAP {path}");
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} file(s) differ and are not known gaps:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now identical to CPython, remove from tests/golden/cli_dis_known_gaps.txt:\n{}",
        fixed.join("\n")
    );
}
