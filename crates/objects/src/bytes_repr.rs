//! Port of the repr of Objects/bytesobject.c (`PyBytes_Repr` with `smartquotes`, as `bytes_repr` calls it): `repr()` of a `bytes`.
//!
//! Entry point: [`bytes_repr`].

/// `repr(b)` for a Python `bytes`, exactly as CPython 3.14's `PyBytes_Repr(b, 1)` writes it.
///
/// The quote is `'` unless `b` contains `'` and no `"`. Backslash and the chosen quote are
/// escaped with a backslash; `\t`, `\n`, `\r` get their short escapes; other bytes below
/// 0x20 and bytes from 0x7f up become `\xNN` (lowercase hex); the rest is kept as ASCII.
///
/// ```
/// use oxpy_objects::bytes_repr::bytes_repr;
/// assert_eq!(bytes_repr(b"it's"), "b\"it's\"");
/// assert_eq!(bytes_repr(b"a\0\t\xff'\""), "b'a\\x00\\t\\xff\\'\"'");
/// ```
#[doc(alias = "PyBytes_Repr")]
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(char::from(quote));
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(char::from(c));
            }
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if !(b' '..0x7f).contains(&c) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\x");
                out.push(char::from(HEX[usize::from(c >> 4)]));
                out.push(char::from(HEX[usize::from(c & 0xf)]));
            }
            c => out.push(char::from(c)),
        }
    }
    out.push(char::from(quote));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (bytes, CPython 3.14.2's `repr`), checked with the Pyodide oracle; the full set is in
    /// `tests/golden/constant_reprs.txt`.
    #[test]
    fn reprs_match_cpython() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "b''"),
            (b"a", "b'a'"),
            (b"'", "b\"'\""),
            (b"\"", "b'\"'"),
            (b"'\"", "b'\\'\"'"),
            (b"\\", "b'\\\\'"),
            (b"\t\n\r", "b'\\t\\n\\r'"),
            (b"it's", "b\"it's\""),
            (b"say \"hi\"", "b'say \"hi\"'"),
            (b"\x7f\x80\xff", "b'\\x7f\\x80\\xff'"),
            (b"\x0b\x0c\x1b", "b'\\x0b\\x0c\\x1b'"),
            (b"\"\"Z\xb8", "b'\"\"Z\\xb8'"),
        ];
        for &(b, expected) in cases {
            assert_eq!(bytes_repr(b), expected, "repr of {b:?}");
        }
    }
}
