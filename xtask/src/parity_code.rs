//! `cargo xtask parity code [PATH…]`: oxpy's compiler against CPython 3.14's `compile()`,
//! every code object of every file, field by field.
//!
//! Default PATH: the stdlib of Pyodide's `python_stdlib.zip`. The comparison rules are
//! shared with the compile crate's golden test (`crates/compile/tests/support/code_record.rs`).

#[path = "../../crates/compile/tests/support/code_record.rs"]
mod code_record;

use crate::corpus;
use std::collections::BTreeMap;

/// Compares every input with the oracle's `code` records; prints the figures and, per
/// differing file, the first differing field.
pub fn run(paths: &[String], oracle_file: Option<&str>, show: usize) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let expected = crate::parity::expected_records("code", paths, oracle_file)?;
    let (mut same, mut total, mut compiled, mut cpython_compiled) =
        (0usize, 0usize, 0usize, 0usize);
    let mut marshal_same = 0usize;
    let mut by_field: BTreeMap<String, usize> = BTreeMap::new();
    let mut diffs = Vec::new();
    for input in &inputs {
        let Some(exp) = expected.get(&input.name) else {
            continue;
        };
        if exp.get("oracle_error").is_some() || exp.get("fatal").is_some() {
            continue;
        }
        total += 1;
        let ours = code_record::code_record(&input.name, &input.data);
        if exp.get("error").is_none() {
            cpython_compiled += 1;
            compiled += usize::from(ours.get("error").is_none());
            marshal_same += usize::from(code_record::marshal_identical(exp, &ours));
        }
        match code_record::first_difference(exp, &ours) {
            None => same += 1,
            Some(d) => {
                *by_field.entry(d.field.clone()).or_default() += 1;
                diffs.push(format!("{}: {}", input.name, d.detail));
            }
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
    println!("first differing field, by files: {by_field:?}");
    println!(
        "marshal.dumps(module) byte-identical to CPython's: {marshal_same}/{cpython_compiled} files ({:.2}%)",
        pct(marshal_same, cpython_compiled)
    );
    println!(
        "parity code: {same}/{total} files with every code object identical ({:.2}%); {compiled}/{cpython_compiled} files CPython compiles also compile ({:.2}%)",
        pct(same, total),
        pct(compiled, cpython_compiled)
    );
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(format!("{} file(s) differ from CPython 3.14", diffs.len()))
    }
}
