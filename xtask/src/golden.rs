//! `cargo xtask golden tokens|cli-tokenize`: regenerates the tokenizer's golden fixtures from real CPython 3.14.
//!
//! The fixtures under `crates/tokenize/tests/golden/` are the oracle's records for the
//! corpus in `corpus/`, run from the repository root; nothing of oxpy's output goes in.

use crate::oracle;
use serde_json::{Value, json};

/// Entry point.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = oracle::repo_root();
    let which = args.first().map(String::as_str).unwrap_or("");
    let (mode, file) = match which {
        "tokens" => ("tokens", "crates/tokenize/tests/golden/tokens.jsonl"),
        "cli-tokenize" => ("cli", "crates/tokenize/tests/golden/cli_tokenize.jsonl"),
        _ => return Err("usage: cargo xtask golden tokens|cli-tokenize".into()),
    };
    let text = oracle::run(mode, &["corpus".to_string()], &root)?;
    let mut out = String::new();
    for line in text.lines() {
        let mut v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if mode == "cli" {
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
