//! `cargo xtask roundtrip-pyc [--jobs N] [PATH…]`: the `.pyc` files oxpy writes, run by
//! real CPython 3.14.
//!
//! Every input (default: `corpus/`) that oxpy compiles is written as a timestamp `.pyc`
//! next to a copy of its source in a scratch tree, compiled under the absolute name the
//! oracle's `run` mode gives a script (`/home/pyodide/PATH`). The oracle then runs each
//! `.pyc` (its `run` mode accepts `.pyc` paths) and each source file in the same tree, and
//! the two runs must agree on stdout, stderr (less the compile-time SyntaxWarnings, which a
//! `.pyc` never prints) and exit status. The source runs are cached
//! (`target/oracle-cache/`) while the sources do not change.

use crate::{corpus, oracle};
use oxpy_compile::marshal::pyc::{Invalidation, pyc_bytes};
use oxpy_compile::{CompileOptions, compile_source};
use serde_json::Value;
use std::collections::HashMap;

/// Where the oracle's `run` mode puts scripts (`--cwd`'s default).
const ORACLE_CWD: &str = "/home/pyodide";

/// Entry point.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut jobs = "1".to_string();
    let mut show = 20usize;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--jobs" => jobs = it.next().cloned().unwrap_or(jobs),
            "--show" => show = it.next().and_then(|s| s.parse().ok()).unwrap_or(show),
            _ => paths.push(a.clone()),
        }
    }
    if paths.is_empty() {
        paths.push("corpus".to_string());
    }
    let root = oracle::repo_root();
    let scratch = root.join("target/roundtrip-pyc");
    let inputs = corpus::collect(&paths)?;
    let mut sources = Vec::new();
    let mut pycs = Vec::new();
    let mut not_compiled = 0usize;
    for input in &inputs {
        let rel = input.name.trim_start_matches("./").to_string();
        let dest = scratch.join(&rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        // Unchanged sources keep their mtime, so the oracle's cached runs of them stay valid.
        if std::fs::read(&dest).ok().as_deref() != Some(input.data.as_slice()) {
            std::fs::write(&dest, &input.data).map_err(|e| e.to_string())?;
        }
        let _ = std::fs::remove_file(scratch.join(format!("{rel}c")));
        let filename = format!("{ORACLE_CWD}/{rel}");
        let Ok(compiled) = compile_source(&input.data, &filename, &CompileOptions::default())
        else {
            not_compiled += 1;
            continue;
        };
        let bytes = pyc_bytes(
            &compiled.code,
            Invalidation::Timestamp {
                mtime: 0,
                size: input.data.len() as u64,
            },
        )
        .map_err(|e| format!("{rel}: {e:?}"))?;
        std::fs::write(scratch.join(format!("{rel}c")), bytes).map_err(|e| e.to_string())?;
        sources.push(rel.clone());
        pycs.push(format!("{rel}c"));
    }
    println!(
        "roundtrip-pyc: {} files compiled by oxpy ({not_compiled} did not compile, skipped)",
        pycs.len()
    );
    let options = ["--jobs", jobs.as_str()];
    let from_source = records(&oracle::run_with("run", &options, &sources, &scratch)?)?;
    let from_pyc = records(&oracle::run_with("run", &options, &pycs, &scratch)?)?;
    let mut same = 0usize;
    let mut diffs = Vec::new();
    for (src, pyc) in sources.iter().zip(&pycs) {
        let (Some(want), Some(got)) = (from_source.get(src), from_pyc.get(pyc)) else {
            diffs.push(format!("{src}: no oracle record"));
            continue;
        };
        match first_difference(want, got) {
            None => same += 1,
            Some(d) => diffs.push(format!("{src}: {d}")),
        }
    }
    for d in diffs.iter().take(show) {
        println!("DIFF {d}");
    }
    println!(
        "roundtrip-pyc: {same}/{} oxpy .pyc files run in CPython 3.14 exactly as their source does",
        pycs.len()
    );
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(format!("{} file(s) differ", diffs.len()))
    }
}

fn records(text: &str) -> Result<HashMap<String, Value>, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("oracle output: {e}"))?;
        if let Some(p) = v["path"].as_str() {
            out.insert(p.to_string(), v);
        }
    }
    Ok(out)
}

/// The source run's stderr without the SyntaxWarnings that compiling the source printed
/// first (`PATH:LINE: SyntaxWarning: …` and the source line under it): a `.pyc` is already
/// compiled, so CPython prints none for it either.
fn without_compile_warnings(stderr: &str) -> &str {
    let mut rest = stderr;
    while let Some((first, after)) = rest.split_once('\n') {
        let is_warning = first.starts_with(ORACLE_CWD) && first.contains(": SyntaxWarning: ");
        let Some((_, after_source)) = after.split_once('\n').filter(|_| is_warning) else {
            break;
        };
        rest = after_source;
    }
    rest
}

fn first_difference(want: &Value, got: &Value) -> Option<String> {
    for key in [
        "exit",
        "stdout",
        "stderr",
        "oracle_error",
        "fatal",
        "timeout",
    ] {
        let same = if key == "stderr" {
            let text = |v: &Value| v.get(key).and_then(Value::as_str).map(str::to_string);
            text(want).map(|t| without_compile_warnings(&t).to_string()) == text(got)
        } else {
            want.get(key) == got.get(key)
        };
        if !same {
            let show = |v: &Value| {
                let s = v.get(key).map(Value::to_string).unwrap_or_default();
                s.chars().take(300).collect::<String>()
            };
            return Some(format!(
                "{key}:\n    pyc    {}\n    source {}",
                show(got),
                show(want)
            ));
        }
    }
    None
}
