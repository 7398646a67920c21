//! Golden test: the `tokenize` module view against CPython 3.14's `tokenize.generate_tokens`
//! for every file of the corpus (fixtures in `tests/golden/tokens.jsonl`, see its README).

use oxpy_tokenize::{ModuleTokens, source_for_tokenize};
use serde_json::{Value, json};
use std::path::PathBuf;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Our record for one file, in the oracle's JSON shape.
fn our_record(data: &[u8]) -> Value {
    let mut out = serde_json::Map::new();
    let (detected, text) = match source_for_tokenize(data) {
        Ok(x) => x,
        Err(e) => {
            out.insert("encoding".into(), Value::Null);
            out.insert("tokens".into(), json!([]));
            out.insert(
                "error".into(),
                json!({"type": e.class_name(), "msg": e.to_string()}),
            );
            return Value::Object(out);
        }
    };
    out.insert("encoding".into(), json!(detected.name));
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

#[test]
fn every_corpus_file_tokenizes_like_cpython() {
    let golden = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tokens.jsonl"),
    )
    .expect("golden fixture present");
    let mut failures = Vec::new();
    let mut files = 0;
    for line in golden.lines() {
        let expected: Value = serde_json::from_str(line).expect("valid JSON");
        let path = expected["path"].as_str().expect("path").to_string();
        let data = std::fs::read(repo_root().join(&path)).expect("corpus file present");
        files += 1;
        let ours = our_record(&data);
        if expected["encoding"] != ours["encoding"] {
            failures.push(format!("{path}: encoding {} != {}", ours["encoding"], expected["encoding"]));
            continue;
        }
        let exp_tokens = expected["tokens"].as_array().cloned().unwrap_or_default();
        let our_tokens = ours["tokens"].as_array().cloned().unwrap_or_default();
        if let Some(i) = (0..exp_tokens.len().max(our_tokens.len()))
            .find(|&i| exp_tokens.get(i) != our_tokens.get(i))
        {
            failures.push(format!(
                "{path}: token {i}: ours {} expected {}",
                our_tokens.get(i).map(Value::to_string).unwrap_or_default(),
                exp_tokens.get(i).map(Value::to_string).unwrap_or_default()
            ));
            continue;
        }
        let exp_err = expected.get("error").map(|e| {
            let mut e = e.clone();
            if let Some(o) = e.as_object_mut() {
                o.retain(|k, _| matches!(k.as_str(), "type" | "msg" | "lineno" | "offset"));
                if o.get("lineno") == Some(&Value::Null) {
                    o.remove("lineno");
                    o.remove("offset");
                }
            }
            e
        });
        if exp_err.as_ref() != ours.get("error") {
            failures.push(format!(
                "{path}: error ours {:?} expected {:?}",
                ours.get("error"),
                exp_err
            ));
        }
    }
    assert!(files > 250, "the golden fixture covers the corpus");
    assert!(
        failures.is_empty(),
        "{} of {files} files differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
