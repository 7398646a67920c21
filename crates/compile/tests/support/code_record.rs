//! oxpy's `code` record for one file in the oracle's shape (`node oracle.mjs code`), and
//! its comparison with CPython's, field by field.
//!
//! Shared by the compile crate's golden tests and `cargo xtask parity code` (which includes
//! this file by path), so both judge parity the same way.

#![allow(dead_code)]

use oxpy_compile::{CompileError, CompileOptions, Compiled, ConstValue, compile_source};
use oxpy_objects::code::CodeObject;
use serde_json::{Value, json};

/// The code-object fields compared, in the order they are checked.
pub const FIELDS: [&str; 20] = [
    "co_name",
    "co_qualname",
    "co_filename",
    "co_firstlineno",
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_flags",
    "co_names",
    "co_varnames",
    "co_cellvars",
    "co_freevars",
    "co_localsplusnames",
    "co_consts",
    "co_code",
    "co_stacksize",
    "co_linetable",
    "co_exceptiontable",
    "count",
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every code object of `top`, depth-first in `co_consts` order (index 0 is `top`).
pub fn flatten(top: &CodeObject) -> Vec<&CodeObject> {
    fn walk<'a>(code: &'a CodeObject, out: &mut Vec<&'a CodeObject>) {
        out.push(code);
        for c in &code.consts {
            walk_const(c, out);
        }
    }
    fn walk_const<'a>(c: &'a ConstValue, out: &mut Vec<&'a CodeObject>) {
        match c {
            ConstValue::Code(code) => walk(code, out),
            ConstValue::Tuple(items) | ConstValue::FrozenSet(items) => {
                for i in items {
                    walk_const(i, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(top, &mut out);
    out
}

/// One code object as the oracle records it (without `dis_text`, `co_positions` and the
/// other derived views).
pub fn code_json(code: &CodeObject, all: &[&CodeObject]) -> Value {
    let consts: Vec<Value> = code
        .consts
        .iter()
        .map(|c| match c {
            ConstValue::Code(inner) => {
                let idx = all
                    .iter()
                    .position(|o| std::ptr::eq(*o, inner.as_ref()))
                    .unwrap_or(usize::MAX);
                json!({ "code": idx })
            }
            other => json!({ "repr": other.repr(), "type": other.type_name() }),
        })
        .collect();
    json!({
        "co_name": code.name,
        "co_qualname": code.qualname,
        "co_filename": code.filename,
        "co_firstlineno": code.firstlineno,
        "co_argcount": code.argcount,
        "co_posonlyargcount": code.posonlyargcount,
        "co_kwonlyargcount": code.kwonlyargcount,
        "co_nlocals": code.nlocals(),
        "co_stacksize": code.stacksize,
        "co_flags": code.flags,
        "co_code": hex(&code.code),
        "co_consts": consts,
        "co_names": code.names,
        "co_varnames": code.varnames(),
        "co_cellvars": code.cellvars(),
        "co_freevars": code.freevars(),
        "co_localsplusnames": code.localsplusnames,
        "co_linetable": hex(&code.linetable),
        "co_exceptiontable": hex(&code.exceptiontable),
    })
}

/// The record of a compilation's outcome: `codes` and `warnings`, or `error`.
pub fn outcome_record(outcome: &Result<Compiled, CompileError>) -> Value {
    match outcome {
        Ok(compiled) => {
            let all = flatten(&compiled.code);
            let codes: Vec<Value> = all.iter().map(|c| code_json(c, &all)).collect();
            let warnings: Vec<Value> = compiled
                .warnings
                .iter()
                .map(|w| json!({"category": w.category, "message": w.message, "lineno": w.lineno}))
                .collect();
            let marshal = oxpy_compile::marshal::dumps_code(&compiled.code)
                .map(|b| hex(&b))
                .unwrap_or_default();
            json!({ "codes": codes, "warnings": warnings, "marshal_hex": marshal })
        }
        Err(CompileError::Parse(e)) => {
            let loc = e.location();
            json!({"error": {
                "type": e.class_name(), "msg": e.message(),
                "lineno": loc.lineno, "offset": loc.offset,
                "end_lineno": loc.end_lineno, "end_offset": loc.end_offset,
            }})
        }
        Err(CompileError::Syntax { message, location }) => json!({"error": {
            "type": "SyntaxError", "msg": message,
            "lineno": location.lineno, "offset": location.offset,
            "end_lineno": location.end_lineno, "end_offset": location.end_offset,
        }}),
        Err(CompileError::Unsupported(what)) => {
            json!({"error": {"type": "Unsupported", "msg": what}})
        }
    }
}

/// Compiles `data` as `compile(data, name, "exec", dont_inherit=True, optimize=0)` and
/// returns oxpy's record.
pub fn code_record(name: &str, data: &[u8]) -> Value {
    outcome_record(&compile_source(data, name, &CompileOptions::default()))
}

/// The top-level elements of a set repr's body (`{a, b}`), split at commas outside
/// brackets and quotes, sorted: frozenset order depends on str hashing, so sets compare
/// as sets.
fn set_elements(repr: &str) -> Vec<String> {
    let body = repr
        .strip_prefix("frozenset({")
        .and_then(|r| r.strip_suffix("})"))
        .unwrap_or(repr);
    let mut out = Vec::new();
    let (mut depth, mut quote, mut escaped, mut start) = (0i32, None::<char>, false, 0usize);
    for (i, ch) in body.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' => quote = Some(ch),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(body[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(body[start..].trim().to_string());
    out.sort();
    out
}

fn consts_equal(expected: &Value, ours: &Value) -> bool {
    let (Some(e), Some(o)) = (expected.as_array(), ours.as_array()) else {
        return expected == ours;
    };
    e.len() == o.len()
        && e.iter().zip(o).all(|(a, b)| {
            if a["type"] == "frozenset" && b["type"] == "frozenset" {
                set_elements(a["repr"].as_str().unwrap_or(""))
                    == set_elements(b["repr"].as_str().unwrap_or(""))
            } else {
                a == b
            }
        })
}

/// The first field that differs and a description of the difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// `error`, `warnings`, `count` or a `co_*` field name.
    pub field: String,
    /// Where and how.
    pub detail: String,
}

/// `None` when oxpy's record equals CPython's, else the first difference.
pub fn first_difference(expected: &Value, ours: &Value) -> Option<Difference> {
    let diff = |field: &str, detail: String| {
        Some(Difference {
            field: field.to_string(),
            detail,
        })
    };
    match (expected.get("error"), ours.get("error")) {
        (Some(theirs), Some(mine)) => {
            for k in [
                "type",
                "msg",
                "lineno",
                "offset",
                "end_lineno",
                "end_offset",
            ] {
                let null = Value::Null;
                if theirs.get(k).unwrap_or(&null) != mine.get(k).unwrap_or(&null) {
                    return diff(
                        "error",
                        format!("error {k}: ours {} expected {}", mine[k], theirs[k]),
                    );
                }
            }
            return None;
        }
        (Some(theirs), None) => {
            return diff("error", format!("CPython raised {theirs}, oxpy compiled"));
        }
        (None, Some(mine)) => {
            return diff("error", format!("oxpy raised {mine}, CPython compiled"));
        }
        (None, None) => {}
    }
    let empty = Vec::new();
    let exp_codes = expected["codes"].as_array().unwrap_or(&empty);
    let our_codes = ours["codes"].as_array().unwrap_or(&empty);
    for (i, (e, o)) in exp_codes.iter().zip(our_codes).enumerate() {
        for f in FIELDS.iter().take(FIELDS.len() - 1) {
            let same = if *f == "co_consts" {
                consts_equal(&e[*f], &o[*f])
            } else {
                e[*f] == o[*f]
            };
            if !same {
                return diff(
                    f,
                    format!(
                        "code #{i} ({}) {f}:\n    ours     {}\n    expected {}",
                        e["co_qualname"], o[*f], e[*f]
                    ),
                );
            }
        }
    }
    if exp_codes.len() != our_codes.len() {
        return diff(
            "count",
            format!(
                "{} code objects, expected {}",
                our_codes.len(),
                exp_codes.len()
            ),
        );
    }
    let warnings = |v: &Value| -> Vec<(String, String, i64)> {
        v["warnings"]
            .as_array()
            .map(|ws| {
                ws.iter()
                    .map(|w| {
                        (
                            w["category"].as_str().unwrap_or("").to_string(),
                            w["message"].as_str().unwrap_or("").to_string(),
                            w["lineno"].as_i64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (we, wo) = (warnings(expected), warnings(ours));
    if we != wo {
        return diff("warnings", format!("ours {wo:?}\n    expected {we:?}"));
    }
    None
}

/// Whether oxpy's `marshal.dumps` of the module equals CPython's byte for byte.
pub fn marshal_identical(expected: &Value, ours: &Value) -> bool {
    expected.get("marshal_hex").is_some() && expected.get("marshal_hex") == ours.get("marshal_hex")
}
