//! Port of Python/assemble.c's exception-table writer (`co_exceptiontable`,
//! InternalDocs/exception_handling.md) and of its reader (`dis._parse_exception_table`).

/// One entry of an exception table, in code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First code unit covered.
    pub start: u32,
    /// One past the last code unit covered.
    pub end: u32,
    /// Code unit of the handler.
    pub target: u32,
    /// Stack depth to pop to before pushing the exception.
    pub depth: u32,
    /// Whether `lasti` is pushed too.
    pub lasti: bool,
}

const CONTINUATION_BIT: u8 = 64;

/// `assemble_emit_exception_table_item`: big-endian 6-bit groups, bit 6 = more
/// follows, `msb` (bit 7) on the first byte of an entry.
fn emit_item(out: &mut Vec<u8>, value: u32, mut msb: u8) {
    for shift in [24u32, 18, 12, 6] {
        if value >= 1 << shift {
            out.push((((value >> shift) & 0x3f) as u8) | CONTINUATION_BIT | msb);
            msb = 0;
        }
    }
    out.push(((value & 0x3f) as u8) | msb);
}

/// `assemble_emit_exception_table_entry`.
pub fn emit_entry(out: &mut Vec<u8>, entry: &ExceptionEntry) {
    let depth_lasti = (entry.depth << 1) | u32::from(entry.lasti);
    emit_item(out, entry.start, 0x80);
    emit_item(out, entry.end - entry.start, 0);
    emit_item(out, entry.target, 0);
    emit_item(out, depth_lasti, 0);
}

/// Encodes the entries in order.
pub fn encode(entries: &[ExceptionEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        emit_entry(&mut out, e);
    }
    out
}

/// Why an exception table could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadExceptionTable;

/// Decodes an exception table (`dis._parse_exception_table`, in code units).
pub fn decode(table: &[u8]) -> Result<Vec<ExceptionEntry>, BadExceptionTable> {
    let mut pos = 0;
    let item = |pos: &mut usize| -> Result<u32, BadExceptionTable> {
        let mut b = *table.get(*pos).ok_or(BadExceptionTable)?;
        *pos += 1;
        let mut val = u32::from(b & 63);
        while b & CONTINUATION_BIT != 0 {
            b = *table.get(*pos).ok_or(BadExceptionTable)?;
            *pos += 1;
            val = val.checked_shl(6).ok_or(BadExceptionTable)? | u32::from(b & 63);
        }
        Ok(val)
    };
    let mut out = Vec::new();
    while pos < table.len() {
        if table[pos] & 0x80 == 0 {
            return Err(BadExceptionTable);
        }
        let start = item(&mut pos)?;
        let length = item(&mut pos)?;
        let target = item(&mut pos)?;
        let dl = item(&mut pos)?;
        out.push(ExceptionEntry {
            start,
            end: start + length,
            target,
            depth: dl >> 1,
            lasti: dl & 1 != 0,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let entries = vec![
            ExceptionEntry {
                start: 2,
                end: 12,
                target: 13,
                depth: 0,
                lasti: false,
            },
            ExceptionEntry {
                start: 70000,
                end: 70100,
                target: 1 << 25,
                depth: 3,
                lasti: true,
            },
        ];
        let t = encode(&entries);
        assert_eq!(decode(&t).unwrap(), entries);
    }
}
