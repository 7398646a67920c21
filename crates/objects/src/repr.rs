//! Port of the repr parts of Objects/unicodeobject.c (`unicode_repr`) and of `Py_UNICODE_ISPRINTABLE` (Objects/unicodectype.c): `repr()` of a `str`.
//!
//! Entry points: [`str_repr`] (the text `repr(s)` gives) and [`is_printable`]
//! (`str.isprintable()` for one character, as CPython 3.14 with its Unicode 16.0.0 database
//! answers it).

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Code point ranges (inclusive) that Unicode 17 and later assigned, so that the
/// `unicode-properties` tables call them printable while CPython 3.14 (Unicode 16.0.0)
/// still sees them as unassigned (`Cn`, not printable). Derived by comparing the crate with
/// the CPython table in `tests/golden/printable_ranges.txt`; the test `printable_matches_cpython`
/// fails when a crate update makes this list stale.
const ASSIGNED_AFTER_UNICODE_16: &[(u32, u32)] = &[
    (0x558, 0x558),
    (0x58B, 0x58C),
    (0x5C8, 0x5C9),
    (0x88F, 0x88F),
    (0xB53, 0xB54),
    (0xC5C, 0xC5C),
    (0xCDC, 0xCDC),
    (0x1ACF, 0x1AF0),
    (0x208F, 0x208F),
    (0x209D, 0x209F),
    (0x20C1, 0x20C4),
    (0x2B96, 0x2B96),
    (0x2E60, 0x2E63),
    (0xA7CE, 0xA7CF),
    (0xA7D2, 0xA7D2),
    (0xA7D4, 0xA7D4),
    (0xA7DD, 0xA7DD),
    (0xA7E2, 0xA7E2),
    (0xA7F1, 0xA7F1),
    (0xAB6C, 0xAB6D),
    (0xFBC3, 0xFBD2),
    (0xFD90, 0xFD91),
    (0xFDC8, 0xFDCE),
    (0x107BB, 0x107BF),
    (0x10940, 0x10959),
    (0x10EC5, 0x10EC7),
    (0x10EC9, 0x10EEE),
    (0x10EF0, 0x10EFB),
    (0x11B0A, 0x11B0A),
    (0x11B60, 0x11B67),
    (0x11DB0, 0x11DDB),
    (0x11DE0, 0x11DE9),
    (0x11DF0, 0x11DF1),
    (0x1246F, 0x1246F),
    (0x12475, 0x1247F),
    (0x12550, 0x12686),
    (0x16EA0, 0x16EB8),
    (0x16EBB, 0x16ED3),
    (0x16FF2, 0x16FF6),
    (0x187F8, 0x187FF),
    (0x18CD6, 0x18CDA),
    (0x18D09, 0x18D20),
    (0x18D80, 0x18DF2),
    (0x18E00, 0x19191),
    (0x191A0, 0x191D2),
    (0x1B123, 0x1B128),
    (0x1B168, 0x1B168),
    (0x1CCFA, 0x1CCFC),
    (0x1CEBA, 0x1CED0),
    (0x1CED2, 0x1CED4),
    (0x1CEDD, 0x1CEFD),
    (0x1D127, 0x1D128),
    (0x1D1EB, 0x1D1FF),
    (0x1D250, 0x1D281),
    (0x1D6A6, 0x1D6A6),
    (0x1DB00, 0x1DB1C),
    (0x1DF1F, 0x1DF24),
    (0x1DF2B, 0x1DF81),
    (0x1DF90, 0x1DF96),
    (0x1DFCD, 0x1DFFF),
    (0x1E6C0, 0x1E6DE),
    (0x1E6E0, 0x1E6F5),
    (0x1E6FE, 0x1E6FF),
    (0x1F1AE, 0x1F1AE),
    (0x1F6D8, 0x1F6D9),
    (0x1F777, 0x1F77A),
    (0x1F7DA, 0x1F7DB),
    (0x1F7F1, 0x1F7FF),
    (0x1F8D0, 0x1F8D8),
    (0x1FA54, 0x1FA57),
    (0x1FA8A, 0x1FA8E),
    (0x1FAC8, 0x1FAC8),
    (0x1FACC, 0x1FACD),
    (0x1FADD, 0x1FADD),
    (0x1FAEA, 0x1FAEB),
    (0x1FAEF, 0x1FAEF),
    (0x1FAF9, 0x1FAFA),
    (0x1FBFA, 0x1FBFA),
    (0x2B73A, 0x2B73F),
    (0x2B81E, 0x2B81E),
    (0x2CEA2, 0x2CEAD),
    (0x323B0, 0x33479),
    (0x3D000, 0x3FC3F),
];

/// CPython's `Py_UNICODE_ISPRINTABLE` (what `str.isprintable()` asks of each character):
/// false for the categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs except the space character,
/// with CPython 3.14's Unicode 16.0.0 assignments.
pub fn is_printable(ch: char) -> bool {
    if ch == ' ' {
        return true;
    }
    if matches!(
        ch.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Surrogate
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::SpaceSeparator
    ) {
        return false;
    }
    let cp = u32::from(ch);
    ASSIGNED_AFTER_UNICODE_16
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// `repr(s)` for a Python `str`, exactly as CPython 3.14's `unicode_repr` writes it.
///
/// The quote is `'` unless `s` contains `'` and no `"`. Backslash and the chosen quote are
/// escaped with a backslash; `\t`, `\n`, `\r` get their short escapes; the other C0 controls
/// and DEL become `\xNN`; other ASCII is kept; non-ASCII characters are kept when
/// [`is_printable`], else written `\xNN`, `\uNNNN` or `\UNNNNNNNN` (lowercase hex).
/// (A Rust `str` holds no lone surrogates, which CPython would write as `\udNNN`.)
///
/// ```
/// use oxpy_objects::repr::str_repr;
/// assert_eq!(str_repr("it's"), "\"it's\"");
/// assert_eq!(str_repr("a\tb\u{200b}é"), "'a\\tb\\u200bé'");
/// ```
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' || c == '\x7f' => push_escape(&mut out, c),
            c if c.is_ascii() => out.push(c),
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

/// Appends the shortest of `\xNN`, `\uNNNN`, `\UNNNNNNNN` that holds `c`.
fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let cp = u32::from(c);
    // Writing to a String cannot fail.
    let _ = if cp <= 0xff {
        write!(out, "\\x{cp:02x}")
    } else if cp <= 0xffff {
        write!(out, "\\u{cp:04x}")
    } else {
        write!(out, "\\U{cp:08x}")
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs of (string, CPython 3.14.2's `repr` of it), checked with the Pyodide oracle.
    #[test]
    fn reprs_match_cpython() {
        let cases: &[(&str, &str)] = &[
            ("", "''"),
            ("a", "'a'"),
            ("'", "\"'\""),
            ("\"", "'\"'"),
            ("'\"", "'\\'\"'"),
            ("a\\b", "'a\\\\b'"),
            ("\n\r\t", "'\\n\\r\\t'"),
            (
                "\x00\x1f\x7f\u{80}\u{9f}\u{a0}\u{ad}",
                "'\\x00\\x1f\\x7f\\x80\\x9f\\xa0\\xad'",
            ),
            ("é\u{200b}\u{2028}\u{3000}", "'é\\u200b\\u2028\\u3000'"),
            ("\u{1F600}", "'\u{1F600}'"),
            ("\u{E0001}", "'\\U000e0001'"),
            ("\u{10FFFF}", "'\\U0010ffff'"),
            ("\u{FFFF}", "'\\uffff'"),
            ("\u{E000}", "'\\ue000'"),
            (" ", "' '"),
            ("\x0b\x0c", "'\\x0b\\x0c'"),
        ];
        for (s, expected) in cases {
            assert_eq!(&str_repr(s), expected, "repr of {s:?}");
        }
    }

    #[test]
    fn table_is_sorted_and_disjoint() {
        for w in ASSIGNED_AFTER_UNICODE_16.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:x?}");
        }
    }
}
