//! Golden test of `ast.parse(source, mode=…, type_comments=…)`: the `eval`, `single` and
//! `func_type` start rules and `type_comments=True`, against CPython 3.14's trees and
//! errors (fixture: `tests/golden/parse_modes.jsonl`, made by
//! `tests/golden/gen_parse_modes.mjs`).

use oxpy_parser::dump::{DumpOptions, dump_tree};
use oxpy_parser::{Mode, ParseOptions, parse_bytes};
use serde_json::{Value, json};
use std::path::PathBuf;

fn ours(source: &str, mode: Mode, type_comments: bool) -> Value {
    let opts = ParseOptions {
        mode,
        type_comments,
        ..ParseOptions::default()
    };
    let dump_opts = DumpOptions {
        include_attributes: true,
        ..DumpOptions::default()
    };
    match parse_bytes(source.as_bytes(), &opts).and_then(|t| dump_tree(&t, &dump_opts)) {
        Ok(d) => json!({ "dump": d }),
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

#[test]
fn modes_and_type_comments_parse_like_cpython() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/parse_modes.jsonl")).unwrap();
    let mut failures = Vec::new();
    let mut total = 0;
    for line in golden.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let source = rec["source"].as_str().unwrap();
        let mode: Mode = rec["mode"].as_str().unwrap().parse().unwrap();
        let tc = rec["type_comments"].as_bool().unwrap();
        total += 1;
        let got = ours(source, mode, tc);
        let same = match rec.get("error") {
            Some(e) => got.get("error") == Some(e),
            None => got.get("dump") == rec.get("dump"),
        };
        if !same {
            failures.push(format!(
                "{source:?} mode={mode} type_comments={tc}\n  expected {}\n  got      {}",
                rec.get("error").or(rec.get("dump")).unwrap(),
                got.get("error").or(got.get("dump")).unwrap()
            ));
        }
    }
    println!("parse modes: {}/{total} identical", total - failures.len());
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
