//! Source positions of AST nodes, as CPython stores them (`lineno`, `col_offset`, `end_lineno`, `end_col_offset`).

/// Where a node starts and ends: 1-based lines, columns in UTF-8 bytes from the line start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Location {
    /// First line (1-based).
    pub lineno: i32,
    /// Byte column of the first character.
    pub col_offset: i32,
    /// Last line.
    pub end_lineno: i32,
    /// Byte column just past the last character.
    pub end_col_offset: i32,
}
