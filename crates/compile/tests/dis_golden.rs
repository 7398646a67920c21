//! dis against CPython 3.14: the code objects of every golden module (read from its
//! `marshal_hex`) disassemble to the golden `dis_text` (`dis.dis(code, depth=0)`), and the
//! module as a whole to the stdout of `python -m dis FILE` (`tests/golden/cli_dis.jsonl`).

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use oxpy_compile::dis::{dis, disassemble};
use oxpy_compile::marshal::loads_code;
use oxpy_objects::code::CodeObject;
use oxpy_objects::constant::ConstValue;
use serde_json::Value;

fn records(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
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

fn flatten(code: &Arc<CodeObject>, out: &mut Vec<Arc<CodeObject>>) {
    out.push(Arc::clone(code));
    for c in &code.consts {
        if let ConstValue::Code(inner) = c {
            flatten(inner, out);
        }
    }
}

fn first_difference(ours: &str, expected: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), expected.lines().collect());
    match (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        Some(i) => format!(
            "line {}: ours {:?} expected {:?}",
            i + 1,
            a.get(i).unwrap_or(&"<none>"),
            b.get(i).unwrap_or(&"<none>")
        ),
        None => "trailing newline".into(),
    }
}

/// The module code object of every golden record that has one, by path.
fn modules() -> HashMap<String, Arc<CodeObject>> {
    records("code.jsonl")
        .into_iter()
        .filter_map(|r| {
            let m = r.get("marshal_hex")?.as_str()?;
            Some((
                r["path"].as_str()?.to_string(),
                loads_code(&unhex(m)).unwrap(),
            ))
        })
        .collect()
}

#[test]
fn every_code_object_disassembles_as_cpython() {
    let mut failures = Vec::new();
    let mut total = 0;
    for rec in records("code.jsonl") {
        let Some(m) = rec.get("marshal_hex").and_then(Value::as_str) else {
            continue;
        };
        let code = loads_code(&unhex(m)).unwrap();
        let mut all = Vec::new();
        flatten(&code, &mut all);
        for (c, g) in all.iter().zip(rec["codes"].as_array().unwrap()) {
            total += 1;
            let expected = g["dis_text"].as_str().unwrap();
            let ours = disassemble(c);
            if ours != expected {
                failures.push(format!(
                    "{} {}: {}",
                    rec["path"].as_str().unwrap(),
                    c.qualname,
                    first_difference(&ours, expected)
                ));
            }
        }
    }
    eprintln!(
        "dis: {}/{total} code objects identical",
        total - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn modules_disassemble_as_python_m_dis() {
    let modules = modules();
    let mut failures = Vec::new();
    let mut total = 0;
    for rec in records("cli_dis.jsonl") {
        let path = rec["path"].as_str().unwrap();
        let Some(code) = modules.get(path) else {
            continue;
        };
        total += 1;
        let expected = rec["dis"].as_str().unwrap();
        let ours = dis(code);
        if ours != expected {
            failures.push(format!("{path}: {}", first_difference(&ours, expected)));
        }
    }
    eprintln!(
        "python -m dis: {}/{total} modules identical",
        total - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
