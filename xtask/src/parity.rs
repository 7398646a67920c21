//! `cargo xtask parity tokens PATH…`: oxpy against real CPython 3.14, file by file.
//!
//! The expected records come from the oracle (`--oracle FILE.jsonl`, or run on the spot and
//! cached). Without PATH the stdlib of Pyodide's `python_stdlib.zip` is used.

#[path = "../../crates/tokenize/tests/support/oracle_record.rs"]
mod oracle_record;
#[path = "../../crates/tokenize/tests/support/parser_outcome.rs"]
mod parser_outcome;

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
        "parser-tokens" => parser_tokens(&paths, oracle_file.as_deref(), show),
        #[cfg(feature = "parser")]
        "ast" => crate::parity_ast::run(&paths, oracle_file.as_deref(), show),
        #[cfg(not(feature = "parser"))]
        "ast" => crate::reexec_with_parser(false, &["parity"], args),
        #[cfg(feature = "compile")]
        "code" => crate::parity_code::run(&paths, oracle_file.as_deref(), show),
        #[cfg(not(feature = "compile"))]
        "code" => crate::reexec_with_parser(false, &["parity"], args),
        other => Err(format!(
            "no parity check for `{other}` yet (have: tokens, parser-tokens, ast, code)"
        )),
    }
}

/// The oracle's records for `paths` in `mode`, by path.
pub(crate) fn expected_records(
    mode: &str,
    paths: &[String],
    oracle_file: Option<&str>,
) -> Result<HashMap<String, Value>, String> {
    let text = match oracle_file {
        Some(f) => std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?,
        None => oracle::run(
            mode,
            paths,
            &std::env::current_dir().map_err(|e| e.to_string())?,
        )?,
    };
    let mut expected = HashMap::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("oracle output: {e}"))?;
        if let Some(p) = v["path"].as_str() {
            expected.insert(p.to_string(), v);
        }
    }
    Ok(expected)
}

/// The parser view against `ast.parse`'s outcome (errors raised by the lexer itself,
/// successes, tokenizer warnings).
fn parser_tokens(paths: &[String], oracle_file: Option<&str>, show: usize) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let expected = expected_records("ast", paths, oracle_file)?;
    let mut same = 0usize;
    let mut errors_compared = 0usize;
    let mut diffs = Vec::new();
    for input in &inputs {
        let Some(exp) = expected.get(&input.name) else {
            continue;
        };
        let outcome = parser_outcome::check(&input.name, &input.data, exp);
        errors_compared += usize::from(outcome.compared_error);
        if outcome.problems.is_empty() {
            same += 1;
        } else {
            diffs.push(format!("{}: {}", input.name, outcome.problems.join("; ")));
        }
    }
    for d in diffs.iter().take(show) {
        println!("DIFF {d}");
    }
    let compared = same + diffs.len();
    println!(
        "parity parser-tokens: {same}/{compared} files agree with ast.parse ({errors_compared} lexer errors compared)"
    );
    if diffs.is_empty() && compared > 0 {
        Ok(())
    } else {
        Err(format!("{} file(s) differ from CPython 3.14", diffs.len()))
    }
}

fn tokens(paths: &[String], oracle_file: Option<&str>, show: usize) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let expected = expected_records("tokens", paths, oracle_file)?;
    let mut same = 0usize;
    let mut diffs = Vec::new();
    let mut skipped = Vec::new();
    for input in &inputs {
        let Some(exp) = expected.get(&input.name) else {
            skipped.push(format!("{}: no oracle record", input.name));
            continue;
        };
        if exp.get("oracle_error").is_some()
            || exp.get("fatal").is_some()
            || exp.get("timeout").is_some()
        {
            skipped.push(format!(
                "{}: the oracle could not produce a record",
                input.name
            ));
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
    let pct = if compared == 0 {
        0.0
    } else {
        100.0 * same as f64 / compared as f64
    };
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
