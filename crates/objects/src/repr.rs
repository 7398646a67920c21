//! Port of the repr parts of Objects/unicodeobject.c (`unicode_repr`) and of `Py_UNICODE_ISPRINTABLE` (Objects/unicodectype.c): `repr()` of a `str`.
//!
//! Entry points: [`str_repr`] (the text `repr(s)` gives) and [`is_printable`]
//! (`str.isprintable()` for one character, as CPython 3.14 with its Unicode 16.0.0 database
//! answers it).

pub use crate::unicodectype::is_printable;

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
}
