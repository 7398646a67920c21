//! Port of the character predicates of Objects/unicodectype.c that the tokenizer needs.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// CPython's `Py_UNICODE_ISPRINTABLE`: every character except those in the categories
/// Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs — the space character excepted.
pub fn is_printable(ch: char) -> bool {
    if ch == ' ' {
        return true;
    }
    !matches!(
        ch.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Surrogate
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::SpaceSeparator
    )
}

/// Whether `name` is a valid Python identifier (`str.isidentifier`): the first character is
/// XID_Start or `_`, the others XID_Continue.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || unicode_ident::is_xid_start(c) => {}
        _ => return false,
    }
    chars.all(unicode_ident::is_xid_continue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_follows_cpython_categories() {
        assert!(is_printable('a'));
        assert!(is_printable(' '));
        assert!(is_printable('€'));
        assert!(!is_printable('\u{a0}'));
        assert!(!is_printable('\u{200b}'));
        assert!(!is_printable('\n'));
    }

    #[test]
    fn identifiers_use_xid_properties() {
        assert!(is_identifier("héllo"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a€"));
    }
}
