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
    if cfg!(debug_assertions) || cfg!(not(feature = "compile")) {
        return crate::reexec_with_parser(true, &["bench"], args);
    }
    let Some(what) = args.first() else {
        return Err(
            "usage: cargo xtask bench tokenize|parse|compile [--repeat N] [--no-cpython] [PATH…]"
                .into(),
        );
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
        "parse" => parse(&paths, repeat, cpython),
        "compile" => compile(&paths, repeat, cpython),
        other => Err(format!(
            "no benchmark `{other}` yet (have: tokenize, parse, compile)"
        )),
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
        cpython_rows("tokenize.generate_tokens", "tokenize", paths, repeat);
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

/// One row per available CPython: `frontend_bench.py`'s `phase` on the same files.
fn cpython_rows(what: &str, phase: &str, paths: &[String], repeat: usize) {
    for (label, cmd) in cpython_commands(what) {
        match run_frontend_bench(&cmd, paths, repeat, phase) {
            Ok((secs, used_mb, used_lines, note)) => row(&label, secs, used_mb, used_lines, &note),
            Err(e) => println!("{label:<48} unavailable: {e}"),
        }
    }
}

fn cpython_commands(what: &str) -> Vec<(String, Vec<String>)> {
    let root = oracle::repo_root();
    let script = root.join("bench/frontend/frontend_bench.py");
    let mut out = Vec::new();
    for exe in ["python3.14", "python3"] {
        if let Ok(o) = Command::new(exe).arg("--version").output()
            && o.status.success()
        {
            let v = String::from_utf8_lossy(&o.stdout).trim().to_string();
            out.push((
                format!("{v} {what} (native)"),
                vec![exe.to_string(), script.to_string_lossy().into_owned()],
            ));
        }
    }
    out.push((
        format!("CPython 3.14 {what} (wasm)"),
        vec![
            "node".to_string(),
            root.join("bench/frontend/pyodide_frontend.mjs")
                .to_string_lossy()
                .into_owned(),
        ],
    ));
    out
}

/// Runs one phase of frontend_bench.py; returns (seconds, MB, lines, note).
fn run_frontend_bench(
    cmd: &[String],
    paths: &[String],
    repeat: usize,
    phase: &str,
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
        .args(["--phases", phase, "--repeat", &repeat.to_string(), "--json"])
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
    let secs = v["phases"][phase]["seconds"]
        .as_f64()
        .ok_or("no such phase")?;
    let mb = v["bytes_used"].as_f64().unwrap_or(0.0) / 1e6;
    let lines = v["lines_used"].as_u64().unwrap_or(0) as usize;
    let note = format!(
        "{} files used; {}",
        v["files_used"],
        v["phases"][phase]["note"].as_str().unwrap_or("")
    );
    Ok((secs, mb, lines, note))
}

#[cfg(not(feature = "parser"))]
fn parse(_paths: &[String], _repeat: usize, _cpython: bool) -> Result<(), String> {
    Err("built without the `parser` feature".into())
}

/// `bench parse`: tokenize + parse to AST, in-process, plus the peak heap per file.
#[cfg(feature = "parser")]
fn parse(paths: &[String], repeat: usize, cpython: bool) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let named: Vec<(&str, SourceText)> = inputs
        .iter()
        .filter_map(|i| {
            oxpy_tokenize::source_for_parser(&i.data)
                .ok()
                .map(|t| (i.name.as_str(), t))
        })
        .collect();
    let texts: Vec<&SourceText> = named.iter().map(|(_, t)| t).collect();
    let bytes: usize = texts.iter().map(|t| t.as_str().len()).sum();
    let lines: usize = texts.iter().map(|t| t.as_str().matches('\n').count()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} files, {:.2} MB, {} lines",
        texts.len(),
        mb,
        lines
    );
    println!(
        "{:<48} {:>9} {:>9} {:>12}  notes",
        "parser", "best s", "MB/s", "lines/s"
    );
    let (secs, ok) = best_of(repeat, || {
        texts
            .iter()
            .filter(|t| oxpy_parser::parse_module(t).is_ok())
            .count()
    });
    row(
        "oxpy tokenize+parse (one core)",
        secs,
        mb,
        lines,
        &format!("{ok} files parsed"),
    );
    // Peak heap while parsing each file, relative to its size (counted only here).
    crate::alloc_count::set_enabled(true);
    let mut trees = Vec::new();
    let mut ratios: Vec<(f64, &str, usize)> = named
        .iter()
        .filter(|(_, t)| !t.as_str().is_empty())
        .map(|&(name, ref t)| {
            let before = crate::alloc_count::reset_peak();
            let tree = oxpy_parser::parse_module(t);
            let peak = crate::alloc_count::peak().saturating_sub(before);
            let kept = crate::alloc_count::current().saturating_sub(before);
            trees.push(kept as f64 / t.as_str().len() as f64);
            drop(tree);
            (
                peak as f64 / t.as_str().len() as f64,
                name,
                t.as_str().len(),
            )
        })
        .collect();
    crate::alloc_count::set_enabled(false);
    ratios.sort_by(|a, b| a.0.total_cmp(&b.0));
    trees.sort_by(f64::total_cmp);
    if let (Some(max), Some(median)) = (ratios.last(), ratios.get(ratios.len() / 2)) {
        println!(
            "peak heap per file / source size: median {:.1}x, max {:.1}x",
            median.0, max.0
        );
    }
    for floor in [1000usize, 400] {
        let sized: Vec<_> = ratios.iter().filter(|r| r.2 >= floor).collect();
        if let Some(max) = sized.last() {
            println!(
                "  files of {floor} bytes or more: {} files, max {:.1}x ({})",
                sized.len(),
                max.0,
                max.1
            );
        }
    }
    let over: Vec<_> = ratios.iter().filter(|r| r.0 >= 20.0).collect();
    println!("files at 20x or more: {} of {}", over.len(), ratios.len());
    for (ratio, name, size) in over.iter().rev().take(40) {
        println!("  {ratio:>5.1}x  {size:>8} bytes  {name}");
    }
    if let (Some(max), Some(median)) = (trees.last(), trees.get(trees.len() / 2)) {
        println!("of which the tree itself: median {median:.1}x, max {max:.1}x");
    }
    if cpython {
        cpython_rows("ast.parse", "parse", paths, repeat);
    }
    Ok(())
}

/// On-CPU time of this thread so far (Linux `schedstat`), if readable.
#[cfg(feature = "compile")]
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

#[cfg(not(feature = "compile"))]
fn compile(_paths: &[String], _repeat: usize, _cpython: bool) -> Result<(), String> {
    Err("built without the `compile` feature".into())
}

/// `bench compile`: source bytes → module code object (decode, tokenize, parse, symtable,
/// codegen, flowgraph, assemble), in-process, next to CPython's `compile()` on the same files.
#[cfg(feature = "compile")]
fn compile(paths: &[String], repeat: usize, cpython: bool) -> Result<(), String> {
    let inputs = corpus::collect(paths)?;
    let options = oxpy_compile::CompileOptions::default();
    // Only files oxpy compiles count, so a failure never inflates the figure.
    let usable: Vec<&corpus::Input> = inputs
        .iter()
        .filter(|i| oxpy_compile::compile_source(&i.data, &i.name, &options).is_ok())
        .collect();
    let bytes: usize = usable.iter().map(|i| i.data.len()).sum();
    let lines: usize = usable
        .iter()
        .map(|i| i.data.iter().filter(|&&b| b == b'\n').count())
        .sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} of {} files compile with oxpy, {:.2} MB, {} lines",
        usable.len(),
        inputs.len(),
        mb,
        lines
    );
    println!(
        "{:<48} {:>9} {:>9} {:>12}  notes",
        "compiler", "best s", "MB/s", "lines/s"
    );
    if usable.is_empty() {
        println!("{:<48} nothing to time", "oxpy compile (one core)");
    } else {
        // Best pass by wall time, with its on-CPU time (on a loaded machine the CPU
        // figure is the steadier one); each phase's figure is its best over the passes.
        let mut best = (f64::INFINITY, 0.0, 0);
        let mut phase_best: Option<oxpy_compile::PhaseTimes> = None;
        for _ in 0..repeat.max(1) {
            let mut times = oxpy_compile::PhaseTimes::default();
            let cpu = thread_cpu_seconds();
            let t = Instant::now();
            let ok = usable
                .iter()
                .filter(|i| {
                    oxpy_compile::compile_source_timed(&i.data, &i.name, &options, &mut times)
                        .is_ok()
                })
                .count();
            let secs = t.elapsed().as_secs_f64();
            let cpu = thread_cpu_seconds().zip(cpu).map_or(0.0, |(b, a)| b - a);
            if secs < best.0 {
                best = (secs, cpu, ok);
            }
            phase_best = Some(match phase_best {
                None => times,
                Some(b) => oxpy_compile::PhaseTimes {
                    parse: b.parse.min(times.parse),
                    preprocess: b.preprocess.min(times.preprocess),
                    symtable: b.symtable.min(times.symtable),
                    codegen: b.codegen.min(times.codegen),
                    assemble: b.assemble.min(times.assemble),
                },
            });
        }
        let (secs, cpu, ok) = best;
        let times = phase_best.unwrap_or_default();
        row(
            "oxpy compile (one core)",
            secs,
            mb,
            lines,
            &format!(
                "{ok} files compiled; on CPU {cpu:.3} s = {:.2} MB/s",
                mb / cpu
            ),
        );
        let phases = [
            ("parse", times.parse),
            ("preprocess", times.preprocess),
            ("symtable", times.symtable),
            ("codegen", times.codegen),
            ("flowgraph+assemble", times.assemble),
        ];
        let total: f64 = phases.iter().map(|(_, d)| d.as_secs_f64()).sum();
        for (name, d) in phases {
            let s = d.as_secs_f64();
            println!(
                "  {:<46} {s:>9.3} {:>9.2} {:>12}  {:.1}% of the phases' best times",
                format!("phase: {name}"),
                mb / s,
                "",
                100.0 * s / total
            );
        }
    }
    if cpython {
        cpython_rows("compile()", "compile", paths, repeat);
    }
    Ok(())
}
