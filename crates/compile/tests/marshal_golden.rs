//! marshal against CPython 3.14: every module code object of `tests/golden/code.jsonl`
//! (`marshal_hex`, written by `marshal.dumps(compile(...))`) is read back, checked field by
//! field against the golden `codes`, and written again. The rewrite must be byte-identical
//! except for the files listed in `tests/marshal_write_gaps.txt` (a shrink-only list: a file
//! that becomes identical must be removed from it).

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use oxpy_compile::marshal::{dumps_code, loads_code};
use oxpy_objects::code::CodeObject;
use oxpy_objects::constant::ConstValue;
use serde_json::Value;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn records() -> Vec<Value> {
    let text = std::fs::read_to_string(golden_dir().join("code.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The code objects depth-first, pre-order, in `co_consts` order (the oracle's numbering).
fn flatten(code: &Arc<CodeObject>, out: &mut Vec<Arc<CodeObject>>) {
    out.push(Arc::clone(code));
    for c in &code.consts {
        if let ConstValue::Code(inner) = c {
            flatten(inner, out);
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Differences between a code object and its golden record.
fn compare(code: &CodeObject, golden: &Value, all: &[Arc<CodeObject>]) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |field: &str, ours: String, theirs: String| {
        if ours != theirs {
            diffs.push(format!("{field}: ours {ours} golden {theirs}"));
        }
    };
    let num = |k: &str| golden[k].as_i64().unwrap().to_string();
    let s = |k: &str| golden[k].as_str().unwrap().to_string();
    check("co_name", code.name.clone(), s("co_name"));
    check("co_qualname", code.qualname.clone(), s("co_qualname"));
    check("co_filename", code.filename.clone(), s("co_filename"));
    check(
        "co_firstlineno",
        code.firstlineno.to_string(),
        num("co_firstlineno"),
    );
    check("co_argcount", code.argcount.to_string(), num("co_argcount"));
    check(
        "co_posonlyargcount",
        code.posonlyargcount.to_string(),
        num("co_posonlyargcount"),
    );
    check(
        "co_kwonlyargcount",
        code.kwonlyargcount.to_string(),
        num("co_kwonlyargcount"),
    );
    check("co_nlocals", code.nlocals().to_string(), num("co_nlocals"));
    check(
        "co_stacksize",
        code.stacksize.to_string(),
        num("co_stacksize"),
    );
    check("co_flags", code.flags.to_string(), num("co_flags"));
    check("co_code", hex(&code.code), s("co_code"));
    check("co_linetable", hex(&code.linetable), s("co_linetable"));
    check(
        "co_exceptiontable",
        hex(&code.exceptiontable),
        s("co_exceptiontable"),
    );
    check(
        "co_names",
        format!("{:?}", code.names),
        format!("{:?}", strings(&golden["co_names"])),
    );
    check(
        "co_localsplusnames",
        format!("{:?}", code.localsplusnames),
        format!("{:?}", strings(&golden["co_localsplusnames"])),
    );
    check(
        "co_varnames",
        format!("{:?}", code.varnames()),
        format!("{:?}", strings(&golden["co_varnames"])),
    );
    check(
        "co_cellvars",
        format!("{:?}", code.cellvars()),
        format!("{:?}", strings(&golden["co_cellvars"])),
    );
    check(
        "co_freevars",
        format!("{:?}", code.freevars()),
        format!("{:?}", strings(&golden["co_freevars"])),
    );
    let consts = golden["co_consts"].as_array().unwrap();
    check(
        "len(co_consts)",
        code.consts.len().to_string(),
        consts.len().to_string(),
    );
    for (i, (c, g)) in code.consts.iter().zip(consts).enumerate() {
        if let Some(index) = g.get("code") {
            let index = index.as_u64().unwrap() as usize;
            let same = match c {
                ConstValue::Code(inner) => all.get(index).is_some_and(|o| Arc::ptr_eq(o, inner)),
                _ => false,
            };
            check(&format!("co_consts[{i}]"), same.to_string(), "true".into());
        } else {
            check(
                &format!("co_consts[{i}] repr"),
                c.repr(),
                g["repr"].as_str().unwrap().into(),
            );
            check(
                &format!("co_consts[{i}] type"),
                c.type_name().into(),
                g["type"].as_str().unwrap().into(),
            );
        }
    }
    diffs
}

fn gaps() -> BTreeSet<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/marshal_write_gaps.txt"),
    )
    .unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn golden_marshal_reads_and_rewrites() {
    let gaps = gaps();
    let mut read_failures = Vec::new();
    let mut identical = 0usize;
    let mut total = 0usize;
    let mut new_gaps = Vec::new();
    let mut fixed_gaps = Vec::new();
    for rec in records() {
        let Some(m) = rec.get("marshal_hex").and_then(Value::as_str) else {
            continue;
        };
        let path = rec["path"].as_str().unwrap().to_string();
        total += 1;
        let data = unhex(m);
        let code = match loads_code(&data) {
            Ok(c) => c,
            Err(e) => {
                read_failures.push(format!("{path}: {e}"));
                continue;
            }
        };
        let mut all = Vec::new();
        flatten(&code, &mut all);
        let golden = rec["codes"].as_array().unwrap();
        if all.len() != golden.len() {
            read_failures.push(format!(
                "{path}: {} code objects, golden {}",
                all.len(),
                golden.len()
            ));
            continue;
        }
        for (i, (c, g)) in all.iter().zip(golden).enumerate() {
            let diffs = compare(c, g, &all);
            if !diffs.is_empty() {
                read_failures.push(format!("{path} code {i}: {}", diffs.join("; ")));
            }
        }
        let written = dumps_code(&code).unwrap();
        // The written bytes read back to the same code object, identical or not.
        assert_eq!(
            loads_code(&written).unwrap(),
            code,
            "{path}: rewrite reads back differently"
        );
        if written == data {
            identical += 1;
            if gaps.contains(&path) {
                fixed_gaps.push(path);
            }
        } else {
            if std::env::var_os("MARSHAL_DIFF").is_some() {
                let at = written
                    .iter()
                    .zip(&data)
                    .position(|(a, b)| a != b)
                    .unwrap_or(written.len().min(data.len()));
                let lo = at.saturating_sub(24);
                eprintln!(
                    "{path}: first difference at byte {at}\n  ours   {}\n  golden {}",
                    hex(&written[lo..(at + 40).min(written.len())]),
                    hex(&data[lo..(at + 40).min(data.len())])
                );
            }
            if !gaps.contains(&path) {
                new_gaps.push(path);
            }
        }
    }
    eprintln!("marshal rewrite: {identical}/{total} byte-identical");
    assert!(
        read_failures.is_empty(),
        "{} read mismatches:\n{}",
        read_failures.len(),
        read_failures.join("\n")
    );
    assert!(
        new_gaps.is_empty(),
        "not byte-identical any more (or new):\n{}",
        new_gaps.join("\n")
    );
    assert!(
        fixed_gaps.is_empty(),
        "byte-identical now: remove from tests/marshal_write_gaps.txt:\n{}",
        fixed_gaps.join("\n")
    );
}

#[test]
fn pyc_files_round_trip_byte_for_byte() {
    use oxpy_compile::marshal::pyc::{Invalidation, pyc_bytes, split_pyc};
    // py_compile.compile('/tmp/m.py') of `x = 1.5\n` in CPython 3.14 (a timestamp .pyc).
    let hexed = "2b0e0d0a000000000905026b08000000e30000000000000000000000000100000000000000f30a00000080005200740052012300290267000000000000f83f4e2901da0178a900f300000000da092f746d702f6d2e7079da083c6d6f64756c653e720600000001000000730a000000f003010101d8040782017204000000";
    let data = unhex(hexed);
    let (header, body) = split_pyc(&data).unwrap();
    assert_eq!(
        header,
        Invalidation::Timestamp {
            mtime: 0x6b02_0509,
            size: 8
        }
    );
    let code = loads_code(body).unwrap();
    assert_eq!(code.filename, "/tmp/m.py");
    assert_eq!(pyc_bytes(&code, header).unwrap(), data);
}
