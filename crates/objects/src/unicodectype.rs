//! Port of the character predicates of Objects/unicodectype.c, with CPython 3.14's Unicode 16.0.0 assignments: printable, identifier start and continue.
//!
//! The category and XID tables come from `unicode-properties` and `unicode-ident`, which
//! follow newer Unicode versions; characters those versions assigned after 16.0.0 are
//! unassigned for CPython 3.14 and are masked out here.

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
    !assigned_after_unicode_16(ch)
}

/// Whether Unicode assigned `ch` after version 16.0.0 (so CPython 3.14 sees it as `Cn`).
pub fn assigned_after_unicode_16(ch: char) -> bool {
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
        .is_ok()
}

/// `_PyUnicode_IsXidStart`: may start an identifier (PEP 3131), Unicode 16.0.0.
pub fn is_xid_start(ch: char) -> bool {
    unicode_ident::is_xid_start(ch) && !assigned_after_unicode_16(ch)
}

/// `_PyUnicode_IsXidContinue`: may continue an identifier, Unicode 16.0.0.
pub fn is_xid_continue(ch: char) -> bool {
    unicode_ident::is_xid_continue(ch) && !assigned_after_unicode_16(ch)
}

/// `str.isidentifier()`: the first character is XID_Start or `_`, the others XID_Continue.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || is_xid_start(c) => {}
        _ => return false,
    }
    chars.all(is_xid_continue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_disjoint() {
        for w in ASSIGNED_AFTER_UNICODE_16.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:x?}");
        }
    }

    #[test]
    fn identifiers_use_xid_properties() {
        assert!(is_identifier("héllo"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a€"));
        assert!(!is_identifier(""));
    }

    #[test]
    fn characters_newer_than_unicode_16_are_not_identifiers() {
        // U+0897 ARABIC PEPET is Unicode 16 (valid); U+088F was assigned after 16.0.0.
        assert!(!is_xid_continue('\u{88f}') && !is_xid_start('\u{88f}'));
        assert!(assigned_after_unicode_16('\u{88f}'));
        assert!(!assigned_after_unicode_16('a'));
    }
}
