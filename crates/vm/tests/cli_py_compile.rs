//! `oxpy -m py_compile` against real CPython 3.14's `python -m py_compile`: exact stdout,
//! stderr and exit status, and the `__pycache__` files written.
//!
//! Fixture: `tests/golden/cli_py_compile.jsonl`, written by
//! `tests/golden/gen_cli_py_compile.mjs` (every `corpus/syntax` file, two valid corpus
//! files, the edge cases in `tests/golden/py_compile/`, `-q`, several files, file names on
//! stdin, argparse's help and errors, a missing file). Each record runs in a fresh
//! directory holding copies of the files it names, so no `__pycache__` lands in the
//! repository. `[Errno N]` numbers are compared without the number: the oracle runs under
//! Emscripten, whose errno values are not Linux's.

#[path = "support/cli.rs"]
mod cli;

use cli::{first_difference, records, repo_root};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The 3.14 magic number and `\r\n`, as a `.pyc` starts.
const MAGIC: [u8; 4] = [0x2b, 0x0e, 0x0d, 0x0a];

/// `[Errno 44]` → `[Errno N]`.
fn without_errno(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("[Errno ") {
        out.push_str(&rest[..i + 7]);
        rest = rest[i + 7..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('N');
    }
    out.push_str(rest);
    out
}

/// A fresh directory with copies of the repository files `names` lists.
fn workdir(n: usize, names: &[&str]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oxpy-py-compile-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for name in names {
        let from = repo_root().join(name);
        if name.ends_with(".py") && from.is_file() {
            let to = dir.join(name);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("dirs");
            std::fs::copy(&from, &to).expect("copy");
        }
    }
    dir
}

/// Every `.pyc` under `dir`, relative to it.
fn pycs(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = entry.path();
        if p.is_dir() {
            pycs(&p, base, out);
        } else if p.extension().is_some_and(|e| e == "pyc") {
            let rel = p.strip_prefix(base).expect("inside");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn py_compile_prints_and_writes_like_cpython() {
    let recs = records(&repo_root().join("crates/vm/tests/golden/cli_py_compile.jsonl"));
    assert!(recs.len() >= 70, "the fixture covers the syntax corpus");
    let mut diffs = Vec::new();
    for (n, rec) in recs.iter().enumerate() {
        let args: Vec<String> = rec["args"]
            .as_array()
            .expect("args")
            .iter()
            .map(|a| a.as_str().expect("str").to_string())
            .collect();
        let stdin = rec.get("stdin").and_then(Value::as_str);
        let mut names: Vec<&str> = args.iter().map(String::as_str).collect();
        names.extend(stdin.unwrap_or_default().lines());
        let dir = workdir(n, &names);
        let (out, err, status) = cli::run_module_in(&dir, "py_compile", &args, stdin);
        let label = format!("{args:?} stdin {stdin:?}");
        let exp_out = rec["stdout"].as_str().expect("stdout");
        let exp_err = rec["stderr"].as_str().expect("stderr");
        if out != exp_out {
            diffs.push(format!(
                "{label}: stdout {}",
                first_difference(&out, exp_out)
            ));
        }
        if without_errno(&err) != without_errno(exp_err) {
            diffs.push(format!("{label}: stderr ours {err:?} expected {exp_err:?}"));
        }
        if status != rec["exit"].as_i64().expect("exit") {
            diffs.push(format!(
                "{label}: exit ours {status} expected {}",
                rec["exit"]
            ));
        }
        let mut written = Vec::new();
        pycs(&dir, &dir, &mut written);
        written.sort();
        let mut expected: Vec<String> = rec["pyc"]
            .as_array()
            .expect("pyc")
            .iter()
            .map(|p| p.as_str().expect("str").to_string())
            .collect();
        expected.sort();
        if written != expected {
            diffs.push(format!("{label}: wrote {written:?}, CPython {expected:?}"));
        }
        for pyc in &written {
            let bytes = std::fs::read(dir.join(pyc)).expect("pyc readable");
            let source = dir.join(
                pyc.replace("__pycache__/", "")
                    .replace(".cpython-314.pyc", ".py"),
            );
            let size = std::fs::metadata(&source).map_or(0, |m| m.len());
            let ok = bytes.len() > 16
                && bytes[..4] == MAGIC
                && bytes[4..8] == [0, 0, 0, 0]
                && u64::from(u32::from_le_bytes([
                    bytes[12], bytes[13], bytes[14], bytes[15],
                ])) == size;
            if !ok {
                diffs.push(format!("{label}: {pyc} has a wrong header"));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "py_compile parity: {}/{} records identical",
        recs.len() - diffs.len().min(recs.len()),
        recs.len()
    );
    assert!(
        diffs.is_empty(),
        "{} difference(s):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn errno_numbers_are_compared_without_their_value() {
    assert_eq!(
        without_errno("[Errno 44] No such file or directory: 'x.py'"),
        without_errno("[Errno 2] No such file or directory: 'x.py'")
    );
    assert_eq!(without_errno("no errno"), "no errno");
}
