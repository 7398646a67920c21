//! `cargo xtask parity tokens PATH…`: oxpy against real CPython 3.14, file by file.
//!
//! The expected records come from the oracle (`--oracle FILE.jsonl`, or run on the spot and
//! cached). Without PATH the stdlib of Pyodide's `python_stdlib.zip` is used.

#[path = "../../crates/tokenize/tests/support/oracle_record.rs"]
mod oracle_record;

use crate::{corpus, oracle};
use serde_json::Value;
use std::collections::HashMap;

/// Entry point: `parity <layer> [--oracle FILE] [--show N] PATH…`.
pub fn run(args: &[String]) -> Result<(), String> {
    let Some(layer) = args.first() else {
        return Err("usage: cargo xtask parity tokens [--oracle FILE] [--show N] [PATH…]".into());
    };
    let mut oracle_file = None;
    let mut show = 20usize;
    let mut paths = Vec::new();
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--oracle" => oracle_file = it.next().cloned(),
            "--show" => show = it.next().and_then(|s| s.parse().ok()).unwrap_or(show),
            _ => paths.push(a.clone()),
        }
    }
    if paths.is_empty() {
        paths.push(corpus::stdlib_zip()?);
    }
    match layer.as_str() {
        "tokens" => tokens(&paths, oracle_file.as_deref(), show),
        other => Err(format!("no parity check for `{other}` yet (have: tokens)")),
    }
}

fn tokens(paths: &[String], oracle_file: Option<&str>, show: usize) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let expected_text = match oracle_file {
        Some(f) => std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?,
        None => oracle::run("tokens", paths, &std::env::current_dir().map_err(|e| e.to_string())?)?,
    };
    let mut expected: HashMap<String, Value> = HashMap::new();
    for line in expected_text.lines() {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("oracle output: {e}"))?;
        if let Some(p) = v["path"].as_str() {
            expected.insert(p.to_string(), v);
        }
    }
    let mut same = 0usize;
    let mut diffs = Vec::new();
    let mut skipped = Vec::new();
    for input in &inputs {
        let Some(exp) = expected.get(&input.name) else {
            skipped.push(format!("{}: no oracle record", input.name));
            continue;
        };
        if exp.get("oracle_error").is_some() || exp.get("fatal").is_some() || exp.get("timeout").is_some() {
            skipped.push(format!("{}: the oracle could not produce a record", input.name));
            continue;
        }
        let ours = oracle_record::tokens_record(&input.data);
        match oracle_record::first_difference(exp, &ours) {
            None => same += 1,
            Some(d) => diffs.push(format!("{}: {d}", input.name)),
        }
    }
    let compared = same + diffs.len();
    for d in diffs.iter().take(show) {
        println!("DIFF {d}");
    }
    for s in &skipped {
        println!("SKIP {s}");
    }
    let pct = if compared == 0 { 0.0 } else { 100.0 * same as f64 / compared as f64 };
    println!(
        "parity tokens: {same}/{compared} files identical ({pct:.2}%), {} skipped",
        skipped.len()
    );
    if diffs.is_empty() && compared > 0 {
        Ok(())
    } else {
        Err(format!("{} file(s) differ from CPython 3.14", diffs.len()))
    }
}
