//! Every single-byte codec decodes every byte exactly as CPython 3.14's codec does
//! (fixture `tests/golden/codec_tables.json`, produced by CPython).

use oxpy_tokenize::source::{Codec, decode};
use serde_json::Value;

#[test]
fn single_byte_codecs_match_cpython_byte_for_byte() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/codec_tables.json"
    ))
    .expect("fixture present");
    let tables: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("valid JSON");
    let mut failures = Vec::new();
    for (name, table) in &tables {
        let codec = Codec::lookup(name).expect("codec supported");
        for (byte, expected) in table.as_array().expect("array").iter().enumerate() {
            let ours = decode(&[byte as u8], codec, false).ok().and_then(|s| {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(c as u64),
                    _ => None,
                }
            });
            if ours != expected.as_u64() {
                failures.push(format!(
                    "{name} byte {byte:#04x}: ours {ours:?} CPython {expected}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
