//! The reprs of `float`, `complex`, `bytes` and `int` against CPython 3.14's answers in
//! `tests/golden/constant_reprs.txt` (regenerate with `tests/golden/gen_constant_reprs.py`),
//! and property tests of `float_repr`.

use num_bigint::BigInt;
use oxpy_objects::bytes_repr::bytes_repr;
use oxpy_objects::complex_repr::complex_repr;
use oxpy_objects::float_repr::float_repr;
use oxpy_objects::int_repr::{int_repr, int_repr_checked};
use proptest::prelude::*;

const GOLDEN: &str = include_str!("golden/constant_reprs.txt");

fn f64_from_hex(s: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(s, 16).expect("hex bits"))
}

fn bytes_from_hex(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex byte"))
        .collect()
}

#[test]
fn golden_reprs_match_cpython() {
    let mut counts = [0usize; 5];
    let mut failures = Vec::new();
    for line in GOLDEN.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (kind, rest) = line.split_once(' ').expect("kind");
        match kind {
            "float" => {
                let (bits, expected) = rest.split_once(' ').expect("float line");
                let got = float_repr(f64_from_hex(bits));
                if got != expected {
                    failures.push(format!("float {bits}: got {got}, CPython {expected}"));
                }
                counts[0] += 1;
            }
            "complex" => {
                let mut parts = rest.splitn(3, ' ');
                let re = parts.next().expect("re");
                let im = parts.next().expect("im");
                let expected = parts.next().expect("repr");
                let got = complex_repr(f64_from_hex(re), f64_from_hex(im));
                if got != expected {
                    failures.push(format!("complex {re} {im}: got {got}, CPython {expected}"));
                }
                counts[1] += 1;
            }
            "bytes" => {
                let (hex, expected) = rest.split_once(' ').expect("bytes line");
                let got = bytes_repr(&bytes_from_hex(hex));
                if got != expected {
                    failures.push(format!("bytes {hex}: got {got}, CPython {expected}"));
                }
                counts[2] += 1;
            }
            "int" => {
                let (value, expected) = rest.split_once(' ').expect("int line");
                let v: BigInt = value.parse().expect("int");
                let got = int_repr(&v);
                if got != expected || int_repr_checked(&v).as_deref() != Ok(expected) {
                    failures.push(format!("int {value}: got {got}, CPython {expected}"));
                }
                counts[3] += 1;
            }
            "intpow" => {
                // intpow nines|pow SIGN N ok DIGITS | err MESSAGE
                let mut parts = rest.splitn(5, ' ');
                let tag = parts.next().expect("tag");
                let sign: i32 = parts.next().expect("sign").parse().expect("sign");
                let n: u32 = parts.next().expect("n").parse().expect("n");
                let outcome = parts.next().expect("outcome");
                let detail = parts.next().expect("detail");
                let mut v = BigInt::from(10).pow(n);
                if tag == "nines" {
                    v -= 1;
                }
                v *= sign;
                let got = match int_repr_checked(&v) {
                    Ok(text) => format!("ok {}", text.trim_start_matches('-').len()),
                    Err(e) => format!("err {e}"),
                };
                let expected = format!("{outcome} {detail}");
                if got != expected {
                    failures.push(format!("{line}: got {got}"));
                }
                counts[4] += 1;
            }
            other => panic!("unknown record {other:?}"),
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Guard against a truncated fixture.
    assert!(
        counts[0] > 5000 && counts[1] > 600 && counts[2] > 200,
        "{counts:?}"
    );
    assert!(counts[3] > 100 && counts[4] == 20, "{counts:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Any finite float's repr reads back as the same bits; a non-finite one is `inf`,
    /// `-inf` or `nan`.
    #[test]
    fn float_repr_round_trips(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        let text = float_repr(x);
        if x.is_finite() {
            let back: f64 = text.parse().expect("repr parses");
            prop_assert_eq!(back.to_bits(), bits, "{}", text);
            prop_assert!(text.contains('.') || text.contains('e'), "{}", text);
        } else if x.is_nan() {
            prop_assert_eq!(text, "nan");
        } else {
            prop_assert_eq!(text, if x > 0.0 { "inf" } else { "-inf" });
        }
    }

    /// Decimal-looking values (the usual constants in source code) round-trip too.
    #[test]
    fn float_repr_round_trips_decimals(mant in 0u64..100_000_000_000_000_000, exp in -330i32..310) {
        let x: f64 = format!("{mant}e{exp}").parse().expect("literal");
        let text = float_repr(x);
        let back: f64 = text.parse().expect("repr parses");
        prop_assert_eq!(back.to_bits(), x.to_bits(), "{}", text);
    }

    /// A complex repr never panics and embeds the parts' reprs.
    #[test]
    fn complex_repr_total(re in any::<u64>(), im in any::<u64>()) {
        let text = complex_repr(f64::from_bits(re), f64::from_bits(im));
        prop_assert!(text.ends_with('j') || text.ends_with("j)"), "{}", text);
    }

    /// Bytes reprs are printable ASCII and never panic.
    #[test]
    fn bytes_repr_is_ascii(b in proptest::collection::vec(any::<u8>(), 0..64)) {
        let text = bytes_repr(&b);
        prop_assert!(text.bytes().all(|c| (b' '..0x7f).contains(&c)), "{}", text);
    }
}
