//! oxpy's `ast` record for one file in the oracle's shape, and its comparison with CPython's.
//!
//! Shared by the golden test (`tests/golden_ast.rs`) and `cargo xtask parity ast` (which
//! includes this file by path), so both judge parity the same way.

use serde_json::{Value, json};

/// Python frames left for `ast.dump`'s `_format` in the oracle, which calls `ast.dump` three
/// frames deep (so a tree about 995 levels deep raises RecursionError there).
const ORACLE_DUMP_FRAMES: usize = 997;

/// oxpy's record: `dump_attributes` and `dump`, or `error`.
pub fn ast_record(data: &[u8]) -> Value {
    let dumped = oxpy_parser::parse_module_bytes(data).and_then(|tree| {
        let opts = |include_attributes| oxpy_parser::dump::DumpOptions {
            include_attributes,
            frames: ORACLE_DUMP_FRAMES,
            ..Default::default()
        };
        Ok((
            oxpy_parser::dump::dump_tree(&tree, &opts(true))?,
            oxpy_parser::dump::dump_tree(&tree, &opts(false))?,
        ))
    });
    match dumped {
        Ok((with_attributes, plain)) => json!({
            "dump_attributes": with_attributes,
            "dump": plain,
        }),
        Err(e) => {
            let loc = e.location();
            json!({"error": {
                "type": e.class_name(),
                "msg": e.message(),
                "lineno": loc.lineno,
                "offset": loc.offset,
                "end_lineno": loc.end_lineno,
                "end_offset": loc.end_offset,
            }})
        }
    }
}

/// What kind of record CPython produced for a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// CPython parsed it.
    Parsed,
    /// CPython raised an error.
    Failed,
}

/// CPython's outcome for a record.
pub fn outcome(expected: &Value) -> Outcome {
    if expected.get("error").is_some() {
        Outcome::Failed
    } else {
        Outcome::Parsed
    }
}

/// `None` when oxpy's record equals CPython's, else the first difference.
pub fn first_difference(expected: &Value, ours: &Value) -> Option<String> {
    match (expected.get("error"), ours.get("error")) {
        (Some(theirs), Some(mine)) => {
            let keys = [
                "type",
                "msg",
                "lineno",
                "offset",
                "end_lineno",
                "end_offset",
            ];
            for k in keys {
                // A missing attribute and `None` are the same to CPython.
                let null = Value::Null;
                if theirs.get(k).unwrap_or(&null) != mine.get(k).unwrap_or(&null) {
                    return Some(format!(
                        "error {k}: ours {} expected {}",
                        mine[k], theirs[k]
                    ));
                }
            }
            None
        }
        (Some(theirs), None) => Some(format!("CPython raised {theirs} but oxpy parsed the file")),
        (None, Some(mine)) => Some(format!("oxpy raised {mine} but CPython parsed the file")),
        (None, None) => {
            let exp = expected["dump_attributes"].as_str().unwrap_or("");
            let got = ours["dump_attributes"].as_str().unwrap_or("");
            if exp == got {
                return None;
            }
            let at = exp
                .char_indices()
                .zip(got.chars())
                .find(|((_, a), b)| a != b)
                .map(|((i, _), _)| i)
                .unwrap_or(exp.len().min(got.len()));
            let from = exp[..at]
                .char_indices()
                .rev()
                .nth(60)
                .map(|(i, _)| i)
                .unwrap_or(0);
            let ours_tail: String = got
                .chars()
                .skip(exp[..from].chars().count())
                .take(160)
                .collect();
            let exp_tail: String = exp[from..].chars().take(160).collect();
            Some(format!(
                "dump differs:\n    ours     …{ours_tail}\n    expected …{exp_tail}"
            ))
        }
    }
}
