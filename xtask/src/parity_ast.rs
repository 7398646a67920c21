//! `cargo xtask parity ast [PATH…]`: oxpy's parser against CPython 3.14's `ast.parse`, file by file.
//!
//! Default PATH: the stdlib of Pyodide's `python_stdlib.zip`. The comparison rules are
//! shared with the parser's golden test (`crates/parser/tests/support/ast_record.rs`).

#[path = "../../crates/parser/tests/support/ast_record.rs"]
mod ast_record;

use crate::corpus;

/// Compares every input with the oracle's `ast` records; prints the figures.
pub fn run(paths: &[String], oracle_file: Option<&str>, show: usize) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let expected = crate::parity::expected_records("ast", paths, oracle_file)?;
    let (mut parsed_same, mut parsed_total, mut errors_same, mut errors_total) = (0, 0, 0, 0);
    let mut diffs = Vec::new();
    for input in &inputs {
        let Some(exp) = expected.get(&input.name) else {
            continue;
        };
        if exp.get("oracle_error").is_some() || exp.get("fatal").is_some() {
            continue;
        }
        let ours = ast_record::ast_record(&input.data);
        let diff = ast_record::first_difference(exp, &ours);
        if ast_record::outcome(exp) == ast_record::Outcome::Failed {
            errors_total += 1;
            errors_same += usize::from(diff.is_none());
        } else {
            parsed_total += 1;
            parsed_same += usize::from(diff.is_none());
        }
        if let Some(d) = diff {
            diffs.push(format!("{}: {d}", input.name));
        }
    }
    for d in diffs.iter().take(show) {
        println!("DIFF {d}");
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "parity ast: {parsed_same}/{parsed_total} parsed files with identical dumps ({:.2}%), {errors_same}/{errors_total} errors identical ({:.2}%)",
        pct(parsed_same, parsed_total),
        pct(errors_same, errors_total)
    );
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(format!("{} file(s) differ from CPython 3.14", diffs.len()))
    }
}
