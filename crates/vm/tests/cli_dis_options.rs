//! `oxpy -m dis [-C] [-O] [-P] [-S] ...` against real CPython 3.14's `python -m dis` with the
//! same arguments: exact stdout, stderr and exit status, run from the repository root, for
//! every record of `tests/golden/cli_dis_options.jsonl` (made by
//! `tests/golden/gen_cli_dis.mjs`: every combination of the views over edge cases, the
//! positions and all-views listings of corpus files, long options, stdin, errors). Code
//! object addresses are the only allowed difference (`0xADDR` on both sides).

#[path = "support/cli.rs"]
mod cli;

use cli::{first_difference, records, repo_root};

/// `<code object f at 0x7f...>` with the address written `0xADDR`, as the fixtures have it.
fn normalize_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        let (head, tail) = rest.split_at(i + " at 0x".len());
        out.push_str(head);
        let digits = if tail.starts_with("ADDR") {
            "ADDR".len()
        } else {
            tail.find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(tail.len())
        };
        if digits > 0 {
            out.push_str("ADDR");
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

#[test]
fn dis_views_match_cpython() {
    let fixture = repo_root().join("crates/vm/tests/golden/cli_dis_options.jsonl");
    let recs = records(&fixture);
    assert!(recs.len() >= 100, "the fixture covers the views");
    let mut failures = Vec::new();
    for rec in &recs {
        let args: Vec<String> = rec["args"]
            .as_array()
            .expect("args")
            .iter()
            .map(|a| a.as_str().expect("arg").to_string())
            .collect();
        let stdin = rec.get("stdin").and_then(|s| s.as_str());
        let (out, err, status) = cli::run_module("dis", &args, stdin);
        let (out, err) = (normalize_addresses(&out), normalize_addresses(&err));
        let exp_out = normalize_addresses(rec["stdout"].as_str().expect("stdout"));
        let exp_err = normalize_addresses(rec["stderr"].as_str().expect("stderr"));
        let exp_status = rec["exit"].as_i64().expect("exit");
        let mut diffs = Vec::new();
        if out != exp_out {
            diffs.push(format!("stdout {}", first_difference(&out, &exp_out)));
        }
        if err != exp_err {
            diffs.push(format!("stderr ours {err:?} expected {exp_err:?}"));
        }
        if status != exp_status {
            diffs.push(format!("exit ours {status} expected {exp_status}"));
        }
        if !diffs.is_empty() {
            failures.push(format!("{args:?}: {}", diffs.join("; ")));
        }
    }
    println!(
        "cli dis views: {}/{} identical",
        recs.len() - failures.len(),
        recs.len()
    );
    assert!(
        failures.is_empty(),
        "{} command line(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn addresses_are_normalized() {
    assert_eq!(
        normalize_addresses("<code object f at 0x7f00ab, file> at 0xADDR at 0x"),
        "<code object f at 0xADDR, file> at 0xADDR at 0x"
    );
}
