//! Port of Python/assemble.c's location-table writer (PEP 626/657 `co_linetable`,
//! InternalDocs/code_objects.md "Format of the locations table") and of the reader in
//! Objects/codeobject.c (`_PyCode_CheckLineNumber`'s decoding), used by tests and `dis`.

use crate::instr_sequence::SourceLocation;

/// `_PyCodeLocationInfoKind`: the kind code of a location entry (bits 3..6 of its first
/// byte).
pub mod kind {
    /// `PY_CODE_LOCATION_INFO_SHORT0` (short forms are 0..=9).
    pub const SHORT0: u8 = 0;
    /// `PY_CODE_LOCATION_INFO_ONE_LINE0` (one-line forms are 10..=12).
    pub const ONE_LINE0: u8 = 10;
    /// `PY_CODE_LOCATION_INFO_NO_COLUMNS`
    pub const NO_COLUMNS: u8 = 13;
    /// `PY_CODE_LOCATION_INFO_LONG`
    pub const LONG: u8 = 14;
    /// `PY_CODE_LOCATION_INFO_NONE`
    pub const NONE: u8 = 15;
}

/// `write_varint`: 6-bit groups, least significant first, bit 6 = more follows.
pub fn write_varint(out: &mut Vec<u8>, mut val: u32) {
    while val >= 64 {
        out.push(64 | (val & 63) as u8);
        val >>= 6;
    }
    out.push(val as u8);
}

/// `write_signed_varint`: zig-zag-like (sign in bit 0) then [`write_varint`].
pub fn write_signed_varint(out: &mut Vec<u8>, val: i32) {
    let uval = if val < 0 {
        (val.unsigned_abs() << 1) | 1
    } else {
        (val as u32) << 1
    };
    write_varint(out, uval);
}

/// The bytes of one location entry, built on the stack (at most a first byte and
/// four varints of six bytes each).
struct Entry {
    buf: [u8; 25],
    len: usize,
}

impl Entry {
    fn new(first: u8) -> Self {
        let mut buf = [0; 25];
        buf[0] = first;
        Entry { buf, len: 1 }
    }

    /// [`write_varint`]
    fn varint(&mut self, mut val: u32) {
        while val >= 64 {
            self.buf[self.len] = 64 | (val & 63) as u8;
            self.len += 1;
            val >>= 6;
        }
        self.buf[self.len] = val as u8;
        self.len += 1;
    }

    /// [`write_signed_varint`]
    fn signed_varint(&mut self, val: i32) {
        self.varint(if val < 0 {
            (val.unsigned_abs() << 1) | 1
        } else {
            (val as u32) << 1
        });
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// The location-table writer of `struct assembler` (`a_linetable`, `a_lineno`).
#[derive(Debug)]
pub struct LineTableWriter {
    /// The bytes written so far.
    pub table: Vec<u8>,
    /// `a_lineno`: line of the last entry that carried one.
    lineno: i32,
}

impl LineTableWriter {
    /// A writer starting at `firstlineno` (`assemble_location_info`).
    pub fn new(firstlineno: i32) -> Self {
        LineTableWriter {
            table: Vec::new(),
            lineno: firstlineno,
        }
    }

    /// `write_location_info_entry`: one entry of 1..=8 code units.
    #[inline(always)]
    fn entry(&mut self, loc: SourceLocation, isize: usize) {
        let length = (isize as u8).wrapping_sub(1) & 7;
        let first = |code: u8| 0x80 | (code << 3) | length;
        if loc.lineno < 0 {
            self.table.push(first(kind::NONE));
            return;
        }
        let line_delta = loc.lineno - self.lineno;
        let column = loc.col_offset;
        let end_column = loc.end_col_offset;
        if column < 0 || end_column < 0 {
            if loc.end_lineno == loc.lineno || loc.end_lineno == -1 {
                self.no_columns_entry(loc, length, line_delta);
                return;
            }
        } else if loc.end_lineno == loc.lineno {
            if line_delta == 0 && column < 80 && end_column - column < 16 && end_column >= column {
                self.table.extend_from_slice(&[
                    first(kind::SHORT0 + (column >> 3) as u8),
                    (((column & 7) << 4) | (end_column - column)) as u8,
                ]);
                return;
            }
            if (0..3).contains(&line_delta) && column < 128 && end_column < 128 {
                self.table.extend_from_slice(&[
                    first(kind::ONE_LINE0 + line_delta as u8),
                    column as u8,
                    end_column as u8,
                ]);
                self.lineno = loc.lineno;
                return;
            }
        }
        self.long_entry(loc, length, line_delta);
    }

    /// The `PY_CODE_LOCATION_INFO_NO_COLUMNS` form of [`LineTableWriter::entry`].
    #[inline(never)]
    fn no_columns_entry(&mut self, loc: SourceLocation, length: u8, line_delta: i32) {
        let mut buf = Entry::new(0x80 | (kind::NO_COLUMNS << 3) | length);
        buf.signed_varint(line_delta);
        self.table.extend_from_slice(buf.bytes());
        self.lineno = loc.lineno;
    }

    /// The `PY_CODE_LOCATION_INFO_LONG` form of [`LineTableWriter::entry`] (`length`:
    /// code units minus one).
    #[inline(never)]
    fn long_entry(&mut self, loc: SourceLocation, length: u8, line_delta: i32) {
        let mut buf = Entry::new(0x80 | (kind::LONG << 3) | length);
        buf.signed_varint(line_delta);
        buf.varint(loc.end_lineno.wrapping_sub(loc.lineno) as u32);
        buf.varint((loc.col_offset + 1) as u32);
        buf.varint((loc.end_col_offset + 1) as u32);
        self.table.extend_from_slice(buf.bytes());
        self.lineno = loc.lineno;
    }

    /// `assemble_emit_location`: `isize` code units at `loc`, split in entries of at
    /// most 8 units.
    #[inline]
    pub fn emit(&mut self, loc: SourceLocation, mut isize: usize) {
        if isize == 0 {
            return;
        }
        while isize > 8 {
            self.entry(loc, 8);
            isize -= 8;
        }
        self.entry(loc, isize);
    }
}

/// Encodes a location table from runs of `(code units, location)` in order
/// (consecutive equal locations are merged, as `assemble_location_info` does).
pub fn encode(
    firstlineno: i32,
    runs: impl IntoIterator<Item = (usize, SourceLocation)>,
) -> Vec<u8> {
    let runs = runs.into_iter();
    let mut w = LineTableWriter::new(firstlineno);
    // Entries are mostly two or three bytes, at most one per instruction.
    w.table.reserve(3 * runs.size_hint().0 + 8);
    let mut loc = SourceLocation::NONE;
    let mut size = 0;
    for (n, l) in runs {
        if l != loc {
            w.emit(loc, size);
            loc = l;
            size = 0;
        }
        size += n;
    }
    w.emit(loc, size);
    w.table
}

/// Why a location table could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadLineTable;

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, BadLineTable> {
        let b = *self.data.get(self.pos).ok_or(BadLineTable)?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u32, BadLineTable> {
        let mut b = self.byte()?;
        let mut val = u32::from(b & 63);
        let mut shift = 0;
        while b & 64 != 0 {
            b = self.byte()?;
            shift += 6;
            if shift > 30 {
                return Err(BadLineTable);
            }
            val |= u32::from(b & 63) << shift;
        }
        Ok(val)
    }

    fn signed_varint(&mut self) -> Result<i32, BadLineTable> {
        let uval = self.varint()?;
        let mag = (uval >> 1) as i32;
        Ok(if uval & 1 != 0 { -mag } else { mag })
    }
}

/// Decodes a location table into `(code units, location)` entries, one per entry of
/// the table (the reader of Objects/codeobject.c).
pub fn decode(
    firstlineno: i32,
    table: &[u8],
) -> Result<Vec<(usize, SourceLocation)>, BadLineTable> {
    let mut r = Reader {
        data: table,
        pos: 0,
    };
    let mut line = firstlineno;
    let mut out = Vec::new();
    while r.pos < table.len() {
        let first = r.byte()?;
        if first & 0x80 == 0 {
            return Err(BadLineTable);
        }
        let code = (first >> 3) & 15;
        let length = usize::from(first & 7) + 1;
        let loc = match code {
            kind::NONE => SourceLocation::NONE,
            kind::LONG => {
                line += r.signed_varint()?;
                let end_line = line + r.varint()? as i32;
                let col = r.varint()? as i32 - 1;
                let end_col = r.varint()? as i32 - 1;
                SourceLocation::new(line, end_line, col, end_col)
            }
            kind::NO_COLUMNS => {
                line += r.signed_varint()?;
                SourceLocation::new(line, line, -1, -1)
            }
            10..=12 => {
                line += i32::from(code - kind::ONE_LINE0);
                let col = i32::from(r.byte()?);
                let end_col = i32::from(r.byte()?);
                SourceLocation::new(line, line, col, end_col)
            }
            _ => {
                let second = r.byte()?;
                let col = i32::from(code) * 8 + i32::from(second >> 4);
                SourceLocation::new(line, line, col, col + i32::from(second & 15))
            }
        };
        out.push((length, loc));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let l = |a, b, c, d| SourceLocation::new(a, b, c, d);
        let runs = vec![
            (1, l(1, 1, 0, 0)),
            (2, l(1, 1, 4, 9)),
            (9, l(2, 2, 100, 120)),
            (1, SourceLocation::NONE),
            (1, l(5, 5, -1, -1)),
            (1, l(4, 7, 3, 2)),
            (1, l(4, 7, -1, -1)),
        ];
        let table = encode(1, runs.clone());
        let back = decode(1, &table).unwrap();
        let total: usize = back.iter().map(|e| e.0).sum();
        assert_eq!(total, 16);
        assert_eq!(encode(1, back), table);
    }
}
