//! `cargo xtask bench tokenize [--repeat N] [PATH…]`: oxpy's tokenizer throughput on the CPython 3.14 stdlib, side by side with CPython.
//!
//! oxpy is timed in-process on text decoded up front (file reads and decoding excluded),
//! best of N passes. CPython is timed by `bench/frontend/frontend_bench.py` in its own
//! process on the same files: native `python3` when present (and `python3.14` if on PATH),
//! and CPython 3.14 as WebAssembly under Node (Pyodide) — the wasm figure is a floor, not
//! native speed. Benchmarks are commands, never tests.

use crate::{corpus, oracle};
use oxpy_tokenize::{LexOptions, Lexer, ModuleTokens, SourceText, TokenKind};
use std::process::Command;
use std::time::Instant;

/// Entry point. A debug build of xtask re-runs itself in release mode, so the figures are
/// always those of optimised code.
pub fn run(args: &[String]) -> Result<(), String> {
    if cfg!(debug_assertions) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "run",
                "--quiet",
                "--release",
                "--package",
                "xtask",
                "--",
                "bench",
            ])
            .args(args)
            .status()
            .map_err(|e| e.to_string())?;
        return if status.success() {
            Ok(())
        } else {
            Err("the release benchmark failed".into())
        };
    }
    let Some(what) = args.first() else {
        return Err("usage: cargo xtask bench tokenize [--repeat N] [--no-cpython] [PATH…]".into());
    };
    let mut repeat = 5usize;
    let mut cpython = true;
    let mut paths = Vec::new();
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--repeat" => repeat = it.next().and_then(|s| s.parse().ok()).unwrap_or(repeat),
            "--no-cpython" => cpython = false,
            _ => paths.push(a.clone()),
        }
    }
    if paths.is_empty() {
        paths.push(corpus::stdlib_zip()?);
    }
    match what.as_str() {
        "tokenize" => tokenize(&paths, repeat, cpython),
        other => Err(format!("no benchmark `{other}` yet (have: tokenize)")),
    }
}

fn best_of<F: FnMut() -> usize>(repeat: usize, mut f: F) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut count = 0;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        count = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, count)
}

fn tokenize(paths: &[String], repeat: usize, cpython: bool) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let mut parser_texts = Vec::new();
    let mut module_texts: Vec<SourceText> = Vec::new();
    for input in &inputs {
        if let Ok(t) = oxpy_tokenize::source_for_parser(&input.data) {
            parser_texts.push(t);
        }
        if let Ok((_, t)) = oxpy_tokenize::source_for_tokenize(&input.data) {
            module_texts.push(t);
        }
    }
    let bytes: usize = module_texts.iter().map(|t| t.as_str().len()).sum();
    let lines: usize = module_texts
        .iter()
        .map(|t| t.as_str().matches('\n').count())
        .sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} files, {:.2} MB, {} lines ({})",
        module_texts.len(),
        mb,
        lines,
        paths.join(" ")
    );
    println!(
        "{:<48} {:>9} {:>9} {:>12}  notes",
        "tokenizer", "best s", "MB/s", "lines/s"
    );
    let (secs, ntok) = best_of(repeat, || {
        let mut n = 0;
        for t in &parser_texts {
            let mut lexer = Lexer::new(t.as_str(), t.implicit_newline(), LexOptions::default());
            while let Ok(tok) = lexer.next_token() {
                n += 1;
                if tok.kind == TokenKind::ENDMARKER {
                    break;
                }
            }
        }
        n
    });
    row(
        "oxpy parser view (one core)",
        secs,
        mb,
        lines,
        &format!("{ntok} tokens"),
    );
    let (secs, ntok) = best_of(repeat, || {
        let mut n = 0;
        for t in &module_texts {
            n += ModuleTokens::new(t).filter(Result::is_ok).count();
        }
        n
    });
    row(
        "oxpy tokenize-module view (one core)",
        secs,
        mb,
        lines,
        &format!("{ntok} tokens"),
    );
    if cpython {
        for (label, cmd) in cpython_commands() {
            match run_frontend_bench(&cmd, paths, repeat) {
                Ok((secs, used_mb, used_lines, note)) => {
                    row(&label, secs, used_mb, used_lines, &note)
                }
                Err(e) => println!("{label:<48} unavailable: {e}"),
            }
        }
    }
    Ok(())
}

fn row(label: &str, secs: f64, mb: f64, lines: usize, note: &str) {
    println!(
        "{label:<48} {secs:>9.3} {:>9.2} {:>12.0}  {note}",
        mb / secs,
        lines as f64 / secs
    );
}

fn cpython_commands() -> Vec<(String, Vec<String>)> {
    let root = oracle::repo_root();
    let script = root.join("bench/frontend/frontend_bench.py");
    let mut out = Vec::new();
    for exe in ["python3.14", "python3"] {
        if let Ok(o) = Command::new(exe).arg("--version").output()
            && o.status.success()
        {
            let v = String::from_utf8_lossy(&o.stdout).trim().to_string();
            out.push((
                format!("{v} tokenize.generate_tokens (native)"),
                vec![exe.to_string(), script.to_string_lossy().into_owned()],
            ));
        }
    }
    out.push((
        "CPython 3.14 tokenize.generate_tokens (wasm)".to_string(),
        vec![
            "node".to_string(),
            root.join("bench/frontend/pyodide_frontend.mjs")
                .to_string_lossy()
                .into_owned(),
        ],
    ));
    out
}

/// Runs frontend_bench.py's tokenize phase; returns (seconds, MB, lines, note).
fn run_frontend_bench(
    cmd: &[String],
    paths: &[String],
    repeat: usize,
) -> Result<(f64, f64, usize, String), String> {
    let [path] = paths else {
        return Err("CPython comparison needs exactly one zip".into());
    };
    if cmd[0] == "node" {
        oracle::ensure_installed()?;
    }
    let json = std::env::temp_dir().join(format!("oxpy-frontend-{}.json", std::process::id()));
    let out = Command::new(&cmd[0])
        .args(&cmd[1..])
        .arg(path)
        .args([
            "--phases",
            "tokenize",
            "--repeat",
            &repeat.to_string(),
            "--json",
        ])
        .arg(&json)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("failed")
            .to_string());
    }
    let text = std::fs::read_to_string(&json).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&json);
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let secs = v["phases"]["tokenize"]["seconds"]
        .as_f64()
        .ok_or("no tokenize phase")?;
    let mb = v["bytes_used"].as_f64().unwrap_or(0.0) / 1e6;
    let lines = v["lines_used"].as_u64().unwrap_or(0) as usize;
    let note = format!(
        "{} files used; {}",
        v["files_used"],
        v["phases"]["tokenize"]["note"].as_str().unwrap_or("")
    );
    Ok((secs, mb, lines, note))
}
