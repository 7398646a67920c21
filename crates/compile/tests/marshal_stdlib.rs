//! `marshal.dumps(compile(...))` of the CPython 3.14 stdlib against CPython's, with the first
//! differing object of each file (`marshal::listing::first_difference`). Needs the oracle's
//! records and the stdlib sources, so it is ignored by default:
//!
//! ```text
//! OXPY_STDLIB_ORACLE=/work/oracle-stdlib-code.jsonl OXPY_STDLIB_DIR=/tmp/stdlib314 \
//!   cargo test -p oxpy-compile --release --test marshal_stdlib -- --ignored --nocapture
//! ```
//!
//! (`OXPY_STDLIB_DIR`: `python_stdlib.zip` unpacked.) `cargo xtask parity code --oracle ...`
//! gives the same figure: 552/559. The 7 others depend on the oracle's process, not on the
//! code objects: it had imported the module (argparse by the oracle itself; asyncio.events,
//! importlib._bootstrap, inspect, typing, weakref, _pyodide.jsbind by Pyodide's start-up),
//! so a nested class's dotted qualname was already interned and its `__qualname__`
//! constant is a separate object; a fresh CPython writes oxpy's bytes (checked for
//! argparse.py).

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use oxpy_compile::marshal::{dumps_code, listing};
use oxpy_compile::{CompileOptions, compile_source};
use serde_json::Value;
use std::io::BufRead;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
#[ignore = "needs OXPY_STDLIB_ORACLE and OXPY_STDLIB_DIR"]
fn stdlib_marshal_matches_cpython() {
    let (Some(oracle), Some(dir)) = (
        std::env::var_os("OXPY_STDLIB_ORACLE"),
        std::env::var_os("OXPY_STDLIB_DIR"),
    ) else {
        eprintln!("OXPY_STDLIB_ORACLE / OXPY_STDLIB_DIR not set");
        return;
    };
    let only = std::env::var("OXPY_STDLIB_ONLY").ok();
    let file = std::io::BufReader::new(std::fs::File::open(oracle).unwrap());
    let (mut same, mut total) = (0usize, 0usize);
    for line in file.lines() {
        let rec: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let Some(theirs) = rec.get("marshal_hex").and_then(Value::as_str) else {
            continue;
        };
        let path = rec["path"].as_str().unwrap();
        if only.as_deref().is_some_and(|o| !path.contains(o)) {
            continue;
        }
        total += 1;
        let data = std::fs::read(std::path::Path::new(&dir).join(path)).unwrap();
        let Ok(compiled) = compile_source(&data, path, &CompileOptions::default()) else {
            println!("{path}: does not compile");
            continue;
        };
        let ours = dumps_code(&compiled.code).unwrap();
        let theirs = unhex(theirs);
        if ours == theirs {
            same += 1;
            continue;
        }
        match listing::first_difference(&ours, &theirs) {
            Some((a, b)) => println!("{path}:\n  ours   {a}\n  CPython {b}"),
            None => println!("{path}: same listing, different bytes"),
        }
    }
    println!("stdlib marshal.dumps byte-identical: {same}/{total}");
}
