//! marshal's reader never panics: arbitrary bytes, truncated and mutated real `.pyc` bodies,
//! and deep nesting all give a value or a `ReadError`.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use oxpy_compile::marshal::{ReadError, dumps_code, loads, loads_code};
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

fn check(data: &[u8]) {
    if let Ok(code) = loads_code(data) {
        // Whatever reads as a code object writes and reads back the same.
        let again = dumps_code(&code).unwrap();
        assert_eq!(loads_code(&again).unwrap(), code);
    }
    let _ = loads(data);
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
