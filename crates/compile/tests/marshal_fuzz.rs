//! marshal's reader never panics: arbitrary bytes, truncated and mutated real `.pyc` bodies
//! and general values (lists, dicts, sets, surrogate strs), and deep nesting all give a value
//! or a `ReadError`; whatever reads back writes (`dumps_value`) to data that reads and writes
//! again the same; generated values of every type code round-trip.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::sync::Arc;

use num_bigint::BigInt;
use oxpy_compile::marshal::{ReadError, Value, dumps_code, dumps_value, loads, loads_code};
use proptest::prelude::*;

/// A few real module code objects (from the golden data) to truncate and mutate.
fn samples() -> &'static [Vec<u8>] {
    static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(load_samples)
}

fn load_samples() -> Vec<Vec<u8>> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/code.jsonl"),
    )
    .unwrap();
    text.lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let h = v.get("marshal_hex")?.as_str()?.to_string();
            Some(
                (0..h.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                    .collect(),
            )
        })
        .take(12)
        .collect()
}

/// CPython-made marshal data of general values (`tests/marshal_cases/values.jsonl`).
fn value_samples() -> &'static [Vec<u8>] {
    static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(|| {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/marshal_cases/values.jsonl"),
        )
        .unwrap();
        text.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let h = v["data"].as_str().unwrap();
                (0..h.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                    .collect()
            })
            .collect()
    })
}

/// A value written and read back writes again the same bytes from then on.
fn round_trip(value: &Value) {
    let Ok(first) = dumps_value(value) else {
        return; // too deeply nested to write
    };
    let again = loads(&first).unwrap_or_else(|e| panic!("{e}: {first:02x?}"));
    let second = dumps_value(&again).unwrap();
    let third = dumps_value(&loads(&second).unwrap()).unwrap();
    assert_eq!(second, third);
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::None),
        Just(Value::Ellipsis),
        Just(Value::StopIteration),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| Value::Int(Arc::new(BigInt::from(i)))),
        (-10i64..300).prop_map(|i| Value::Int(Arc::new(BigInt::from(i)))),
        any::<i128>().prop_map(|i| Value::Int(Arc::new(BigInt::from(i) * BigInt::from(i)))),
        any::<f64>().prop_map(|f| Value::Float(Arc::new(f))),
        prop_oneof![Just(0.0f64), Just(1.0), Just(-0.0), Just(2.0)]
            .prop_map(|f| Value::Float(Arc::new(f))),
        (any::<f64>(), prop_oneof![Just(0.0f64), any::<f64>()])
            .prop_map(|(r, i)| Value::Complex(Arc::new([r, i]))),
        ("[a-c ]{0,3}", any::<bool>()).prop_map(|(s, i)| Value::Str(Arc::from(s), i)),
        (".{0,4}", any::<bool>()).prop_map(|(s, i)| Value::Str(Arc::from(s), i)),
        ("[a-z]{0,2}", 0xdc80u16..0xdcff, any::<bool>()).prop_map(|(s, u, i)| {
            // s + a lone surrogate, encoded as surrogatepass does.
            let mut b = s.into_bytes();
            b.extend([
                0xed,
                0xa0 | ((u >> 6) & 0x1f) as u8,
                0x80 | (u & 0x3f) as u8,
            ]);
            Value::SurrogateStr(Arc::from(b), i)
        }),
        proptest::collection::vec(any::<u8>(), 0..4).prop_map(|b| Value::Bytes(Arc::from(b))),
    ]
}

/// A hashable value: a leaf or a tuple or frozenset of leaves.
fn hashable() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => leaf(),
        1 => proptest::collection::vec(leaf(), 0..3).prop_map(|v| Value::Tuple(Arc::from(v))),
        1 => proptest::collection::vec(leaf(), 0..3).prop_map(|v| Value::FrozenSet(Arc::from(v))),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(|v| Value::Tuple(Arc::from(v))),
            proptest::collection::vec(inner.clone(), 0..6).prop_map(|v| Value::List(Arc::from(v))),
            proptest::collection::vec((hashable(), inner.clone()), 0..6)
                .prop_map(|v| Value::Dict(Arc::from(v))),
            proptest::collection::vec(hashable(), 0..6).prop_map(|v| Value::Set(Arc::from(v))),
            proptest::collection::vec(hashable(), 0..6)
                .prop_map(|v| Value::FrozenSet(Arc::from(v))),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| Value::Slice(Arc::new([a, b, c]))),
            // The same object twice: written once, then as a TYPE_REF.
            inner.prop_map(|v| Value::List(Arc::from(vec![v.clone(), v]))),
        ]
    })
}

fn check(data: &[u8]) {
    if let Ok(code) = loads_code(data) {
        // Whatever reads as a code object writes and reads back the same.
        let again = dumps_code(&code).unwrap();
        assert_eq!(loads_code(&again).unwrap(), code);
    }
    if let Ok(value) = loads(data) {
        round_trip(&value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..256)) {
        check(&data);
    }

    #[test]
    fn mutated_code_never_panics(
        which in 0usize..12,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let samples = samples();
        let mut data = samples[which % samples.len()].clone();
        for (at, byte) in edits {
            let i = at.index(data.len());
            data[i] = byte;
        }
        check(&data);
        let end = cut.index(data.len() + 1);
        check(&data[..end]);
    }

    #[test]
    fn mutated_values_never_panic(
        which in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let samples = value_samples();
        let mut data = samples[which.index(samples.len())].clone();
        for (at, byte) in edits {
            let i = at.index(data.len());
            data[i] = byte;
        }
        check(&data);
        let end = cut.index(data.len() + 1);
        check(&data[..end]);
    }

    #[test]
    fn generated_values_round_trip(v in value()) {
        round_trip(&v);
    }
}

#[test]
fn every_truncation_of_a_real_module_fails_cleanly() {
    let data = &samples()[0];
    for end in 0..data.len() {
        assert!(
            loads_code(&data[..end]).is_err(),
            "prefix of {end} bytes read"
        );
    }
}

#[test]
fn nesting_is_bounded_like_cpython() {
    // 3000 nested one-item tuples: deeper than MAX_MARSHAL_STACK_DEPTH.
    let mut data = Vec::new();
    for _ in 0..3000 {
        data.extend_from_slice(b")\x01");
    }
    data.push(b'N');
    assert_eq!(loads(&data), Err(ReadError::RecursionLimit));
    let ok: Vec<u8> = std::iter::repeat_n(*b")\x01", 1999)
        .flatten()
        .chain([b'N'])
        .collect();
    assert!(loads(&ok).is_ok());
}

#[test]
fn cpython_messages() {
    let msg = |d: &[u8]| loads(d).unwrap_err().to_string();
    assert_eq!(msg(b""), "EOFError: EOF read where object expected");
    assert_eq!(msg(b"i\x01"), "EOFError: marshal data too short");
    assert_eq!(msg(b"z"), "EOFError: EOF read where not expected");
    assert_eq!(
        msg(b"\x01"),
        "ValueError: bad marshal data (unknown type code)"
    );
    assert_eq!(
        msg(b"r\x00\x00\x00\x00"),
        "ValueError: bad marshal data (invalid reference)"
    );
    assert_eq!(
        msg(b"(\xff\xff\xff\xff"),
        "ValueError: bad marshal data (tuple size out of range)"
    );
    assert_eq!(
        msg(b")\x010"),
        "TypeError: NULL object in marshal data for tuple"
    );
    assert_eq!(
        msg(b"0"),
        "TypeError: NULL object in marshal data for object"
    );
    assert_eq!(
        msg(b"l\x01\x00\x00\x00\x00\x00"),
        "ValueError: bad marshal data (unnormalized long data)"
    );
    assert_eq!(
        msg(b"l\x01\x00\x00\x00\x00\x80"),
        "ValueError: bad marshal data (digit out of range in long)"
    );
    assert_eq!(
        msg(b"u\x01\x00\x00\x00\xff"),
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    );
    assert_eq!(
        msg(b"<\x01\x00\x00\x00[\x00\x00\x00\x00"),
        "TypeError: unhashable type: 'list'"
    );
}
