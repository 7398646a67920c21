//! `marshal.loads` of general values (lists, dicts, sets, strs with lone surrogates, ...)
//! and `marshal.dumps` of what it returned, against CPython 3.14.2:
//! `tests/marshal_cases/values.jsonl` holds, per case, marshal data (`data`, written by
//! CPython or crafted: repeated set items and dict keys, a code object with stack size 0)
//! and `marshal.dumps(marshal.loads(data))` as CPython wrote it (`rewritten`).

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use oxpy_compile::marshal::{Value, dumps_value, listing, loads, loads_code};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn cases() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/marshal_cases/values.jsonl"
    ))
    .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn loads_then_dumps_as_cpython() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let data = unhex(case["data"].as_str().unwrap());
        let theirs = unhex(case["rewritten"].as_str().unwrap());
        let value = match loads(&data) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let ours = dumps_value(&value).unwrap();
        if ours != theirs {
            let (a, b) = listing::first_difference(&ours, &theirs).unwrap_or_default();
            failures.push(format!("{name}:\n  ours    {a}\n  CPython {b}"));
        }
        // What was written reads back and writes again the same.
        assert_eq!(dumps_value(&loads(&ours).unwrap()).unwrap(), ours, "{name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lone_surrogates_round_trip() {
    // 'a\ud800\udc00b': two lone surrogates (not a pair), as CPython's surrogatepass wrote.
    let data = b"u\x08\x00\x00\x00a\xed\xa0\x80\xed\xb0\x80b";
    let v = loads(data).unwrap();
    assert!(matches!(&v, Value::SurrogateStr(b, false) if **b == data[5..]));
    assert_eq!(v.type_name(), "str");
    assert_eq!(dumps_value(&v).unwrap(), data);
    // Valid UTF-8 stays a plain str.
    assert!(
        matches!(loads(b"u\x02\x00\x00\x00\xc3\xa9").unwrap(), Value::Str(s, false) if &*s == "\u{e9}")
    );
    // An error after a surrogate is reported where it is, as CPython does.
    assert_eq!(
        loads(b"u\x05\x00\x00\x00\xed\xb2\x80a\xff")
            .unwrap_err()
            .to_string(),
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 4: invalid start byte"
    );
}

#[test]
fn code_with_stack_size_zero_loads_with_one() {
    let case = cases()
        .into_iter()
        .find(|c| c["name"] == "code stacksize 0")
        .unwrap();
    let code = loads_code(&unhex(case["data"].as_str().unwrap())).unwrap();
    assert_eq!(
        u64::from(code.stacksize),
        case["co_stacksize"].as_u64().unwrap()
    );
    assert_eq!(code.stacksize, 1);
}
