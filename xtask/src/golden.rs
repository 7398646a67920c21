//! `cargo xtask golden tokens|cli-tokenize|ast-outcomes|ast|cli-ast|code|cli-dis`: regenerates golden fixtures from real CPython 3.14.
//!
//! The fixtures under `crates/{tokenize,parser,compile}/tests/golden/` are the oracle's records for the
//! corpus in `corpus/` (and for tokenize/parser, their own cases in `tests/cases/`),
//! run from the repository root; nothing of oxpy's output goes in.

use crate::oracle;
use serde_json::{Value, json};

/// Entry point.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = oracle::repo_root();
    let which = args.first().map(String::as_str).unwrap_or("");
    let (mode, file) = match which {
        "tokens" => ("tokens", "crates/tokenize/tests/golden/tokens.jsonl"),
        "cli-tokenize" => ("cli", "crates/tokenize/tests/golden/cli_tokenize.jsonl"),
        "ast-outcomes" => ("ast", "crates/tokenize/tests/golden/ast_outcomes.jsonl"),
        "ast" => ("ast", "crates/parser/tests/golden/ast.jsonl"),
        "cli-ast" => ("cli", "crates/parser/tests/golden/cli_ast.jsonl"),
        "code" => ("code", "crates/compile/tests/golden/code.jsonl"),
        "cli-dis" => ("cli", "crates/compile/tests/golden/cli_dis.jsonl"),
        _ => {
            return Err(
                "usage: cargo xtask golden tokens|cli-tokenize|ast-outcomes|ast|cli-ast|code|cli-dis"
                    .into(),
            );
        }
    };
    if which == "code" || which == "cli-dis" {
        return compile_fixture(which, mode, file);
    }
    let mut inputs = vec![
        "corpus".to_string(),
        "crates/tokenize/tests/cases".to_string(),
    ];
    if which == "ast" || which == "cli-ast" {
        inputs.push("crates/parser/tests/cases".to_string());
    }
    let text = oracle::run(mode, &inputs, &root)?;
    let mut out = String::new();
    for line in text.lines() {
        let mut v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if which == "ast" {
            if let Some(o) = v.as_object_mut() {
                o.remove("python");
            }
        } else if which == "cli-ast" {
            let mut rec = json!({
                "path": v["path"],
                "stdout": v["ast"],
                "stderr": v["stderr"]["ast"],
                "exit": v["exit"]["ast"],
            });
            if let Some(e) = v.get("exception").and_then(|e| e.get("ast")) {
                rec["exception"] = e.clone();
            }
            v = rec;
        } else if mode == "cli" {
            let mut rec = json!({
                "path": v["path"],
                "stdout": v["tokenize"],
                "stderr": v["stderr"]["tokenize"],
                "exit": v["exit"]["tokenize"],
            });
            if let Some(e) = v.get("exception").and_then(|e| e.get("tokenize")) {
                rec["exception"] = e.clone();
            }
            v = rec;
        } else if mode == "ast" {
            let mut rec = json!({"path": v["path"]});
            if let Some(e) = v.get("error") {
                let mut e = e.clone();
                if let Some(o) = e.as_object_mut() {
                    o.retain(|k, _| {
                        matches!(
                            k.as_str(),
                            "type" | "msg" | "lineno" | "offset" | "end_lineno" | "end_offset"
                        )
                    });
                }
                rec["error"] = e;
            }
            let warnings: Vec<Value> = v["warnings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|w| json!({"category": w["category"], "message": w["message"], "lineno": w["lineno"]}))
                .collect();
            rec["warnings"] = Value::Array(warnings);
            v = rec;
        } else if let Some(o) = v.as_object_mut() {
            o.remove("python");
        }
        out.push_str(&serde_json::to_string(&v).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    std::fs::write(root.join(file), out).map_err(|e| e.to_string())?;
    println!("wrote {file}");
    Ok(())
}

/// The compile crate's fixtures: the oracle's `code` records for `corpus/` without the
/// views that follow from `co_linetable` (`co_positions`, `co_lines`), or the `dis` part
/// of its `cli` records.
fn compile_fixture(which: &str, mode: &str, file: &str) -> Result<(), String> {
    let root = oracle::repo_root();
    let text = oracle::run(mode, &["corpus".to_string()], &root)?;
    let mut out = String::new();
    for line in text.lines() {
        let mut v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if which == "cli-dis" {
            let mut rec = json!({
                "path": v["path"],
                "dis": v["dis"],
                "stderr": v["stderr"]["dis"],
                "exit": v["exit"]["dis"],
            });
            if let Some(e) = v.get("exception").and_then(|e| e.get("dis")) {
                rec["exception"] = e.clone();
            }
            v = rec;
        } else if let Some(o) = v.as_object_mut() {
            o.remove("python");
            if let Some(codes) = o.get_mut("codes").and_then(Value::as_array_mut) {
                for code in codes.iter_mut().filter_map(Value::as_object_mut) {
                    code.remove("co_positions");
                    code.remove("co_lines");
                }
            }
        }
        out.push_str(&serde_json::to_string(&v).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    std::fs::write(root.join(file), out).map_err(|e| e.to_string())?;
    println!("wrote {file}");
    Ok(())
}
