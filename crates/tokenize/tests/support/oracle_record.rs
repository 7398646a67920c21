//! The oracle's `tokens` record for oxpy's `tokenize` module view, and its comparison with CPython's.
//!
//! Shared by the golden test (`tests/golden_tokens.rs`) and `cargo xtask parity tokens`
//! (which includes this file by path), so both judge parity the same way.

use oxpy_tokenize::{ModuleTokens, SourceText, source};
use serde_json::{Value, json};

/// oxpy's record for one file, in the shape `oracle.mjs tokens` writes.
pub fn tokens_record(data: &[u8]) -> Value {
    let mut out = serde_json::Map::new();
    // As `tokenize.open`: detect the encoding, then decode the whole text (a decoding
    // error comes before any token).
    let decoded = source::detect_encoding(data, None).and_then(|detected| {
        out.insert("encoding".into(), json!(detected.name));
        source::decode(data, detected.codec, detected.bom)
    });
    let text = match decoded {
        Ok(t) => SourceText::new(source::universal_newlines(&t).into_owned()),
        Err(e) => {
            out.entry("encoding").or_insert(Value::Null);
            out.insert("tokens".into(), json!([]));
            out.insert(
                "error".into(),
                json!({"type": e.class_name(), "msg": e.to_string()}),
            );
            return Value::Object(out);
        }
    };
    let mut tokens = Vec::new();
    for item in ModuleTokens::new(&text) {
        match item {
            Ok(t) => tokens.push(json!([
                t.kind.name(),
                t.exact_kind.name(),
                t.string,
                [t.start.0, t.start.1],
                [t.end.0, t.end.1],
                t.line
            ])),
            Err(e) => {
                let (lineno, offset) = e.location();
                out.insert(
                    "error".into(),
                    json!({"type": e.class_name(), "msg": e.message(), "lineno": lineno, "offset": offset}),
                );
            }
        }
    }
    out.insert("tokens".into(), Value::Array(tokens));
    Value::Object(out)
}

/// The error part of an oracle record that oxpy reproduces: type, message and, when
/// CPython gives one, the location.
fn comparable_error(record: &Value) -> Option<Value> {
    let mut e = record.get("error")?.clone();
    if let Some(o) = e.as_object_mut() {
        o.retain(|k, _| matches!(k.as_str(), "type" | "msg" | "lineno" | "offset"));
        if o.get("lineno") == Some(&Value::Null) {
            o.remove("lineno");
            o.remove("offset");
        }
    }
    Some(e)
}

/// Compares oxpy's record with CPython's; `None` when identical, else the first difference.
pub fn first_difference(expected: &Value, ours: &Value) -> Option<String> {
    if expected["encoding"] != ours["encoding"] {
        return Some(format!(
            "encoding: ours {} expected {}",
            ours["encoding"], expected["encoding"]
        ));
    }
    let empty = Vec::new();
    let exp = expected["tokens"].as_array().unwrap_or(&empty);
    let got = ours["tokens"].as_array().unwrap_or(&empty);
    if let Some(i) = (0..exp.len().max(got.len())).find(|&i| exp.get(i) != got.get(i)) {
        return Some(format!(
            "token {i}: ours {} expected {}",
            got.get(i)
                .map(Value::to_string)
                .unwrap_or_else(|| "nothing".into()),
            exp.get(i)
                .map(Value::to_string)
                .unwrap_or_else(|| "nothing".into())
        ));
    }
    let exp_err = comparable_error(expected);
    let our_err = comparable_error(ours);
    if exp_err != our_err {
        return Some(format!("error: ours {our_err:?} expected {exp_err:?}"));
    }
    None
}
