//! The symbol table against CPython 3.14's (`tests/golden/symtable.jsonl`, made by
//! `node crates/compile/tests/symtable_gen/gen.mjs`): for every corpus file and every
//! case in `tests/cases/symtable/`, the block tree `_symtable` shows (type, name, line,
//! nested flag, raw symbol flags with scopes, varnames, children) or the SyntaxError of
//! the future/symtable passes; and the symtable's errors against the compile errors of
//! `tests/golden/code.jsonl`.

use std::path::{Path, PathBuf};

use oxpy_compile::error::CompileError;
use oxpy_compile::future::future_features;
use oxpy_compile::symtable::{BlockType, SymbolTable, SymbolTableEntry, build};
use serde_json::{Map, Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn block_type(t: BlockType) -> &'static str {
    match t {
        BlockType::Module => "module",
        BlockType::Function => "function",
        BlockType::Class => "class",
        BlockType::Annotation => "annotation",
        BlockType::TypeAlias => "type_alias",
        BlockType::TypeParameters => "type_parameters",
        BlockType::TypeVariable => "type_variable",
    }
}

/// The block as `dump.py` prints a `_symtable` entry.
fn dump(st: &SymbolTable, e: &SymbolTableEntry) -> Value {
    let mut symbols: Vec<(&String, &u32)> = e.symbols.iter().collect();
    symbols.sort();
    let symbols: Map<String, Value> = symbols
        .into_iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "type": block_type(e.block_type),
        "name": e.name,
        "lineno": e.loc.lineno,
        "nested": e.nested,
        "symbols": symbols,
        "varnames": e.varnames,
        "children": e.children.iter().map(|&c| dump(st, &st.entries[c])).collect::<Vec<_>>(),
    })
}

fn error_json(e: &CompileError) -> Value {
    match e {
        CompileError::Syntax { message, location } => json!({
            "type": "SyntaxError",
            "msg": message,
            "lineno": location.lineno,
            "offset": location.offset,
            "end_lineno": location.end_lineno,
            "end_offset": location.end_offset,
        }),
        other => json!({ "type": "other", "msg": other.to_string() }),
    }
}

/// Future features and symbol table of a source file, or `None` if it does not parse.
fn symtable_of(data: &[u8], path: &str) -> Option<Result<SymbolTable, CompileError>> {
    let module = oxpy_parser::parse_module_bytes(data).ok()?;
    Some(future_features(&module).and_then(|ff| build(&module, path, &ff)))
}

fn first_difference(a: &Value, b: &Value, at: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if w == v => {}
                    Some(w) => return first_difference(v, w, &format!("{at}.{k}")),
                    None => return format!("{at}.{k}: ours {v}, CPython's missing"),
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return format!("{at}.{k}: ours missing, CPython's {}", y[k]);
                }
            }
            format!("{at}: ?")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, &format!("{at}[{i}]"));
                }
            }
            format!("{at}: ?")
        }
        _ => format!("{at}: ours {a}, CPython's {b}"),
    }
}

#[test]
fn symtable_matches_cpython() {
    let root = repo_root();
    let golden =
        std::fs::read_to_string(root.join("crates/compile/tests/golden/symtable.jsonl")).unwrap();
    let (mut tables, mut tables_ok, mut errors, mut errors_ok, mut parse_both) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for line in golden.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let path = rec["path"].as_str().unwrap();
        let data = std::fs::read(root.join(path)).unwrap();
        let ours = symtable_of(&data, path);
        if let Some(table) = rec.get("table") {
            tables += 1;
            match ours {
                Some(Ok(st)) => {
                    let mine = dump(&st, st.top());
                    if &mine == table {
                        tables_ok += 1;
                    } else {
                        failures.push(format!("{path}: {}", first_difference(&mine, table, "top")));
                    }
                }
                Some(Err(e)) => failures.push(format!("{path}: unexpected error {e}")),
                None => failures.push(format!("{path}: does not parse")),
            }
            continue;
        }
        let expected = &rec["error"];
        match (rec["stage"].as_str(), ours) {
            (Some("parse"), None) => parse_both += 1,
            (_, Some(Err(e))) => {
                errors += 1;
                if &error_json(&e) == expected {
                    errors_ok += 1;
                } else {
                    failures.push(format!(
                        "{path}: ours {}, CPython's {expected}",
                        error_json(&e)
                    ));
                }
            }
            (_, Some(Ok(_))) => {
                errors += 1;
                failures.push(format!("{path}: no error, CPython's {expected}"));
            }
            (_, None) => failures.push(format!("{path}: does not parse, CPython's {expected}")),
        }
    }
    eprintln!(
        "symtable: {tables_ok}/{tables} tables, {errors_ok}/{errors} errors match CPython 3.14 \
         ({parse_both} files fail to parse in both)"
    );
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every compile error of `code.jsonl` that the symtable raises is CPython's, and the
/// symtable raises no error where CPython compiles.
#[test]
fn symtable_errors_match_compile_errors() {
    let root = repo_root();
    let golden =
        std::fs::read_to_string(root.join("crates/compile/tests/golden/code.jsonl")).unwrap();
    let (mut raised, mut matched) = (0, 0);
    let mut failures = Vec::new();
    for line in golden.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let path = rec["path"].as_str().unwrap();
        let data = std::fs::read(root.join(path)).unwrap();
        let Some(ours) = symtable_of(&data, path) else {
            continue;
        };
        match (ours, rec.get("error")) {
            (Err(e), Some(expected)) => {
                raised += 1;
                let mine = error_json(&e);
                let same = [
                    "type",
                    "msg",
                    "lineno",
                    "offset",
                    "end_lineno",
                    "end_offset",
                ]
                .iter()
                .all(|k| mine[k] == expected[k]);
                if same {
                    matched += 1;
                } else {
                    failures.push(format!("{path}: ours {mine}, CPython's {expected}"));
                }
            }
            (Err(e), None) => failures.push(format!("{path}: ours {e}, CPython compiles")),
            (Ok(_), _) => {}
        }
    }
    eprintln!("symtable errors: {matched}/{raised} match code.jsonl");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
