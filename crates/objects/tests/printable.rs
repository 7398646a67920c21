//! Checks [`oxpy_objects::repr::is_printable`] against CPython 3.14's `str.isprintable()` for
//! every code point (fixture `tests/golden/printable_ranges.txt`, see its header).

use oxpy_objects::repr::is_printable;
use std::path::PathBuf;

#[test]
fn printable_matches_cpython() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/printable_ranges.txt");
    let text = std::fs::read_to_string(path).expect("fixture present");
    let mut cpython = vec![false; 0x110000];
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (lo, hi) = line.split_once(' ').expect("two fields");
        let lo = u32::from_str_radix(lo, 16).expect("hex");
        let hi = u32::from_str_radix(hi, 16).expect("hex");
        for cp in lo..=hi {
            cpython[cp as usize] = true;
        }
    }
    let mut diffs = Vec::new();
    for cp in 0..0x110000u32 {
        let Some(ch) = char::from_u32(cp) else {
            assert!(!cpython[cp as usize], "surrogate U+{cp:04X} printable?");
            continue;
        };
        if is_printable(ch) != cpython[cp as usize] {
            diffs.push(format!(
                "U+{cp:04X}: ours {} CPython {}",
                is_printable(ch),
                cpython[cp as usize]
            ));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} code points differ:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
