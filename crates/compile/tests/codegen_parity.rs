//! Codegen parity: every corpus file's instruction sequences, before the flowgraph, as
//! CPython 3.14's `_testinternalcapi.compiler_codegen` produces them (fixture
//! `tests/golden/codegen.jsonl`, made by `tests/golden/codegen_gen.py` under the
//! oracle's Pyodide): opcode, oparg (labels as instruction indices) and location of
//! every instruction of every unit, and the SyntaxErrors.
//!
//! Files that differ are listed in `tests/golden/codegen_known_gaps.txt` (shrink-only:
//! the test fails on a new difference and when a listed file starts to match).
//! `OXPY_UPDATE_GAPS=1` rewrites the list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use oxpy_compile::codegen::{CodegenOutput, CodegenUnit, codegen_units};
use oxpy_compile::generated::opcode::Opcode;
use serde_json::Value;

fn opname(n: i64) -> String {
    u16::try_from(n)
        .ok()
        .and_then(Opcode::from_number)
        .map_or_else(|| n.to_string(), |o| o.name().to_string())
}

/// oxpy's codegen of one fixture file. Case files named `eval_*`, `single_*`, `opt1_*`,
/// `opt2_*` use that mode / optimize level (as the generator does).
fn ours(path: &str, data: &[u8]) -> Result<CodegenOutput, oxpy_compile::CompileError> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mode = if name.starts_with("eval_") {
        oxpy_parser::Mode::Eval
    } else if name.starts_with("single_") {
        oxpy_parser::Mode::Single
    } else {
        oxpy_parser::Mode::Exec
    };
    let optimize = if name.starts_with("opt2_") {
        2
    } else {
        u8::from(name.starts_with("opt1_"))
    };
    let opts = oxpy_parser::ParseOptions {
        mode,
        ..Default::default()
    };
    let m = oxpy_parser::parse_bytes(data, &opts)?;
    codegen_units(&m, path, optimize)
}

/// The first difference of one file, as (category, detail).
fn compare(expected: &Value, path: &str, data: &[u8]) -> Option<(String, String)> {
    let ours = match ours(path, data) {
        Ok(out) => {
            if let Some(exp) = expected.get("warnings").and_then(Value::as_array) {
                let exp: Vec<String> = exp.iter().map(|w| w.to_string()).collect();
                let got: Vec<String> = out
                    .warnings
                    .iter()
                    .map(|w| serde_json::json!([w.category, w.message, w.lineno]).to_string())
                    .collect();
                if exp != got {
                    return Some(("warnings".into(), format!("ours {got:?}, CPython {exp:?}")));
                }
            }
            Ok(out.units)
        }
        Err(e) => Err(e),
    };
    match (expected.get("units"), ours) {
        (Some(units), Ok(ours)) => compare_units(units.as_array()?, &ours),
        (Some(_), Err(e)) => Some(("our error".into(), format!("{e}"))),
        (None, Ok(_)) => Some((
            "missing error".into(),
            format!("CPython: {}", expected["error"].as_str().unwrap_or("")),
        )),
        (None, Err(e)) => {
            let exp = expected["error"].as_str().unwrap_or("");
            let (ours, loc) = match &e {
                oxpy_compile::CompileError::Syntax { message, location } => (
                    message.clone(),
                    vec![
                        i64::from(location.lineno),
                        i64::from(location.offset),
                        i64::from(location.end_lineno),
                        i64::from(location.end_offset),
                    ],
                ),
                oxpy_compile::CompileError::Parse(_) => return None,
                other => (format!("{other}"), Vec::new()),
            };
            if let Some(msg) = expected.get("error_msg").and_then(Value::as_str) {
                if msg != ours {
                    return Some((
                        "error message".into(),
                        format!("ours {ours:?}, CPython {msg:?}"),
                    ));
                }
                let exp_loc: Vec<i64> = expected["error_loc"]
                    .as_array()
                    .map(|a| a.iter().map(|v| v.as_i64().unwrap_or(0)).collect())
                    .unwrap_or_default();
                if exp_loc != loc {
                    return Some((
                        "error location".into(),
                        format!("{ours}: ours {loc:?}, CPython {exp_loc:?}"),
                    ));
                }
                return None;
            }
            if exp.contains(&ours) {
                None
            } else {
                Some((
                    "error message".into(),
                    format!("ours {ours:?}, CPython {exp:?}"),
                ))
            }
        }
    }
}

/// The first differing instruction of the units.
fn compare_units(units: &[Value], ours: &[CodegenUnit]) -> Option<(String, String)> {
    if units.len() != ours.len() {
        return Some((
            "unit count".into(),
            format!("{} units, CPython {}", ours.len(), units.len()),
        ));
    }
    for (ui, (exp, our)) in units.iter().zip(ours).enumerate() {
        let exp = exp.as_array()?;
        for (i, e) in exp.iter().enumerate() {
            let e: Vec<i64> = e
                .as_array()?
                .iter()
                .map(|v| v.as_i64().unwrap_or(0))
                .collect();
            let Some(o) = our.instrs.get(i) else {
                return Some((
                    "missing instrs".into(),
                    format!("unit {ui}: ours ends at {i}, CPython has {}", opname(e[0])),
                ));
            };
            let o: Vec<i64> = o.iter().map(|&x| i64::from(x)).collect();
            if e[0] != o[0] {
                return Some((
                    format!("opcode {} vs {}", opname(o[0]), opname(e[0])),
                    format!(
                        "unit {ui} instr {i}: ours {} {:?}, CPython {} {:?}",
                        opname(o[0]),
                        &o[1..],
                        opname(e[0]),
                        &e[1..]
                    ),
                ));
            }
            if e[1] != o[1] {
                return Some((
                    format!("oparg of {}", opname(e[0])),
                    format!(
                        "unit {ui} instr {i} {}: ours {}, CPython {}",
                        opname(e[0]),
                        o[1],
                        e[1]
                    ),
                ));
            }
            if e[2..] != o[2..] {
                return Some((
                    format!("location of {}", opname(e[0])),
                    format!(
                        "unit {ui} instr {i} {}: ours {:?}, CPython {:?}",
                        opname(e[0]),
                        &o[2..],
                        &e[2..]
                    ),
                ));
            }
        }
        if our.instrs.len() > exp.len() {
            return Some((
                "extra instrs".into(),
                format!("unit {ui}: ours has {} more", our.instrs.len() - exp.len()),
            ));
        }
    }
    None
}

/// The compiler's SyntaxWarnings of every corpus file against `code.jsonl`'s.
#[test]
fn warnings_match_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/code.jsonl")).unwrap();
    let mut bad = Vec::new();
    let mut checked = 0;
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).unwrap();
        let path = expected["path"].as_str().unwrap();
        if expected.get("error").is_some_and(|e| !e.is_null()) {
            continue;
        }
        let data = std::fs::read(here.join("../..").join(path)).unwrap();
        let Ok(m) = oxpy_parser::parse_module_bytes(&data) else {
            continue;
        };
        let Ok(out) = codegen_units(&m, path, 0) else {
            bad.push(format!("{path}: codegen failed"));
            continue;
        };
        checked += 1;
        let exp: Vec<(String, String, i64)> = expected["warnings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|w| {
                        (
                            w["category"].as_str().unwrap_or("").to_string(),
                            w["message"].as_str().unwrap_or("").to_string(),
                            w["lineno"].as_i64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let ours: Vec<(String, String, i64)> = out
            .warnings
            .iter()
            .map(|w| {
                (
                    w.category.to_string(),
                    w.message.clone(),
                    i64::from(w.lineno),
                )
            })
            .collect();
        if exp != ours {
            bad.push(format!("{path}: ours {ours:?}, CPython {exp:?}"));
        }
    }
    eprintln!("warnings: {} of {checked} files differ", bad.len());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn codegen_matches_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/codegen.jsonl")).unwrap();
    let gaps_path = here.join("tests/golden/codegen_known_gaps.txt");
    let gaps_text = std::fs::read_to_string(&gaps_path).unwrap_or_default();
    let gaps: BTreeSet<&str> = gaps_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let (mut same, mut total) = (0, 0);
    let mut failing = Vec::new();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).unwrap();
        let path = expected["path"].as_str().unwrap().to_string();
        let data = std::fs::read(here.join("../..").join(&path)).unwrap();
        total += 1;
        let diff = compare(&expected, &path, &data);
        match &diff {
            None => same += 1,
            Some((kind, detail)) => {
                *by_kind.entry(kind.clone()).or_default() += 1;
                failing.push(path.clone());
                if std::env::var_os("OXPY_SHOW_DIFFS").is_some() {
                    eprintln!("{path}: {detail}");
                }
            }
        }
        match (diff, gaps.contains(path.as_str())) {
            (Some((_, d)), false) => unexpected.push(format!("{path}: {d}")),
            (None, true) => fixed.push(path),
            _ => {}
        }
    }
    eprintln!("codegen parity: {same}/{total} files identical to CPython 3.14's codegen");
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    for (k, n) in kinds.iter().take(25) {
        eprintln!("  {n:4}  {k}");
    }
    if std::env::var_os("OXPY_UPDATE_GAPS").is_some() {
        let mut text = String::from(
            "# Corpus files whose codegen differs from CPython 3.14's (shrink-only; see tests/codegen_parity.rs).\n",
        );
        for p in &failing {
            text.push_str(p);
            text.push('\n');
        }
        std::fs::write(&gaps_path, text).unwrap();
        return;
    }
    assert!(
        unexpected.is_empty(),
        "new codegen differences:\n{}",
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now identical, remove from codegen_known_gaps.txt:\n{}",
        fixed.join("\n")
    );
}

/// The same comparison over any fixture made by the same script (e.g. the whole 3.14
/// stdlib): `OXPY_CODEGEN_FIXTURE=<jsonl> OXPY_CODEGEN_ROOT=<dir the paths are
/// relative to> cargo test -p oxpy-compile --test codegen_parity -- --ignored`.
#[test]
#[ignore]
fn codegen_matches_cpython_on_any_fixture() {
    let (Some(fixture), Some(root)) = (
        std::env::var_os("OXPY_CODEGEN_FIXTURE"),
        std::env::var_os("OXPY_CODEGEN_ROOT"),
    ) else {
        return;
    };
    let text = std::fs::read_to_string(fixture).unwrap();
    let root = PathBuf::from(root);
    let (mut same, mut total) = (0, 0);
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    for line in text.lines() {
        let expected: Value = serde_json::from_str(line).unwrap();
        let path = expected["path"].as_str().unwrap().to_string();
        let Ok(data) = std::fs::read(root.join(&path)) else {
            continue;
        };
        total += 1;
        match compare(&expected, &path, &data) {
            None => same += 1,
            Some((kind, detail)) => {
                *by_kind.entry(kind).or_default() += 1;
                eprintln!("{path}: {detail}");
            }
        }
    }
    eprintln!("codegen parity: {same}/{total} files identical");
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    for (k, n) in kinds.iter().take(30) {
        eprintln!("  {n:4}  {k}");
    }
}
