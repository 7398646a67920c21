//! Port of Lib/traceback.py's `TracebackException.format_exception_only` for the exceptions the front-end tools report (`SyntaxError` and its subclasses, and plain `Class: message` lines).
//!
//! A `SyntaxError` prints `  File "NAME", line N`, the stripped source line, a caret line
//! from `offset` to `end_offset` (`_format_syntax_error` as of 3.14), and `Class: msg`; an
//! `invalid syntax` error may first get a keyword suggestion
//! ([`super::keyword_typos`], `_find_keyword_typos`).

/// A `SyntaxError` (or `IndentationError`, `TabError`) as `traceback` sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxErrorInfo {
    /// The exception class name.
    pub class: String,
    /// `msg`.
    pub msg: String,
    /// `filename`.
    pub filename: Option<String>,
    /// `lineno`.
    pub lineno: Option<i64>,
    /// `offset` (1-based, in characters).
    pub offset: Option<i64>,
    /// `end_lineno`.
    pub end_lineno: Option<i64>,
    /// `end_offset`.
    pub end_offset: Option<i64>,
    /// `text`: the source line.
    pub text: Option<String>,
}

/// `str.isspace()` for one character.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\x1c'..='\x1f')
}

/// The lines `_format_syntax_error` yields (each ending with a newline).
pub fn format_syntax_error(e: &SyntaxErrorInfo) -> String {
    let mut out = String::new();
    let mut filename_suffix = String::new();
    if let Some(lineno) = e.lineno {
        let name = match e.filename.as_deref() {
            Some(n) if !n.is_empty() => n,
            _ => "<string>",
        };
        out.push_str(&format!("  File \"{name}\", line {lineno}\n"));
    } else if let Some(name) = &e.filename {
        filename_suffix = format!(" ({name})");
    }
    if let Some(text) = &e.text {
        let rtext = text.trim_end_matches('\n');
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let chars = |s: &str| s.chars().count() as i64;
        let spaces = chars(rtext) - chars(ltext);
        match e.offset {
            None => out.push_str(&format!("    {ltext}\n")),
            Some(offset) => {
                let mut offset = offset;
                let mut end_offset = if e.lineno == e.end_lineno {
                    match e.end_offset {
                        Some(end) if end != 0 => end,
                        _ => offset,
                    }
                } else {
                    chars(rtext) + 1
                };
                let text_len = chars(text);
                if !text.is_empty() && offset > text_len {
                    offset = chars(rtext) + 1;
                }
                if !text.is_empty() && end_offset > text_len {
                    end_offset = chars(rtext) + 1;
                }
                if offset >= end_offset || end_offset < 0 {
                    end_offset = offset + 1;
                }
                let colno = offset - 1 - spaces;
                let end_colno = end_offset - 1 - spaces;
                out.push_str(&format!("    {ltext}\n"));
                if colno >= 0 {
                    let caretspace: String = ltext
                        .chars()
                        .take(colno as usize)
                        .map(|c| if is_py_space(c) { c } else { ' ' })
                        .collect();
                    let carets = "^".repeat((end_colno - colno).max(0) as usize);
                    out.push_str(&format!("    {caretspace}{carets}\n"));
                }
            }
        }
    }
    let msg = if e.msg.is_empty() {
        "<no detail available>"
    } else {
        e.msg.as_str()
    };
    out.push_str(&format!("{}: {msg}{filename_suffix}\n", e.class));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(text: &str, offset: i64, end_offset: i64) -> SyntaxErrorInfo {
        SyntaxErrorInfo {
            class: "SyntaxError".into(),
            msg: "invalid syntax".into(),
            filename: Some("x.py".into()),
            lineno: Some(3),
            offset: Some(offset),
            end_lineno: Some(3),
            end_offset: Some(end_offset),
            text: Some(text.into()),
        }
    }

    #[test]
    fn carets_span_offset_to_end_offset_after_the_indentation() {
        assert_eq!(
            format_syntax_error(&info("    f() = 5\n", 5, 8)),
            "  File \"x.py\", line 3\n    f() = 5\n    ^^^\nSyntaxError: invalid syntax\n"
        );
    }

    #[test]
    fn tabs_in_the_line_are_kept_under_the_carets() {
        assert_eq!(
            format_syntax_error(&info("\tx\t$\n", 4, 5)),
            "  File \"x.py\", line 3\n    \tx\t$\n    \t \t^\nSyntaxError: invalid syntax\n"
        );
    }
}
