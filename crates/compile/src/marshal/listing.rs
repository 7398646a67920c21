//! A listing of marshal data, one line per object (its path, type code, `FLAG_REF` and
//! reference slot), and the first difference between two byte strings in those terms: the
//! tool for finding why a `marshal.dumps` differs from CPython's (which object got a slot or
//! a `TYPE_REF` where CPython's did not).
//!
//! The walk follows the layout of Python/marshal.c's `r_object` but keeps no values; it
//! stops at the first malformed byte (the listing then ends with an `error` line).

use super::{MAX_MARSHAL_STACK_DEPTH, type_code as t};

/// One object of the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Byte offset of its type code.
    pub offset: usize,
    /// Where it sits: `co_consts[2].co_names[0]`, ... (empty for the top object).
    pub path: String,
    /// The type code without `FLAG_REF`.
    pub code: u8,
    /// The reference slot it was given (`FLAG_REF`), or the slot a `TYPE_REF` names.
    pub slot: Option<u32>,
    /// A short rendering of its payload (a str's text, an int, a container's length).
    pub payload: String,
}

impl Entry {
    /// The entry without its offset, as compared between two streams.
    pub fn describe(&self) -> String {
        let code = char::from(self.code);
        let slot = match (self.code, self.slot) {
            (t::REF, Some(n)) => format!(" -> slot {n}"),
            (_, Some(n)) => format!(" FLAG_REF slot {n}"),
            (_, None) => String::new(),
        };
        format!("{} '{code}'{slot} {}", self.path, self.payload)
    }
}

/// The objects of `data` in stream order (an `error` entry ends a malformed stream).
pub fn listing(data: &[u8]) -> Vec<Entry> {
    let mut walker = Walker {
        data,
        pos: 0,
        slots: 0,
        out: Vec::new(),
    };
    if let Err(msg) = walker.object(String::new(), 0) {
        walker.out.push(Entry {
            offset: walker.pos,
            path: String::new(),
            code: b'!',
            slot: None,
            payload: format!("error: {msg}"),
        });
    }
    walker.out
}

/// The first object at which `ours` and `theirs` differ, as `(ours, theirs)` descriptions
/// with their byte offsets; `None` when the listings are equal.
pub fn first_difference(ours: &[u8], theirs: &[u8]) -> Option<(String, String)> {
    let a = listing(ours);
    let b = listing(theirs);
    let show = |e: Option<&Entry>| match e {
        Some(e) => format!("@{} {}", e.offset, e.describe()),
        None => "(end)".to_string(),
    };
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i), b.get(i));
        if x.map(Entry::describe) != y.map(Entry::describe) {
            return Some((show(x), show(y)));
        }
    }
    None
}

struct Walker<'a> {
    data: &'a [u8],
    pos: usize,
    slots: u32,
    out: Vec<Entry>,
}

type Step<T> = Result<T, &'static str>;

impl Walker<'_> {
    fn take(&mut self, n: usize) -> Step<&[u8]> {
        let end = self.pos.checked_add(n).ok_or("too short")?;
        let b = self.data.get(self.pos..end).ok_or("too short")?;
        self.pos = end;
        Ok(b)
    }

    fn byte(&mut self) -> Step<u8> {
        Ok(self.take(1)?[0])
    }

    fn long(&mut self) -> Step<i32> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn size(&mut self) -> Step<usize> {
        usize::try_from(self.long()?).map_err(|_| "negative size")
    }

    fn text(&mut self, n: usize) -> Step<String> {
        let raw = self.take(n)?;
        let s = String::from_utf8_lossy(raw);
        let mut shown: String = s.chars().take(40).collect();
        if s.chars().count() > 40 {
            shown.push('…');
        }
        Ok(format!("{shown:?}"))
    }

    fn object(&mut self, path: String, depth: usize) -> Step<()> {
        if depth > MAX_MARSHAL_STACK_DEPTH {
            return Err("too deep");
        }
        let offset = self.pos;
        let raw = self.byte()?;
        let code = raw & !t::FLAG_REF;
        let slot = if raw & t::FLAG_REF != 0 {
            self.slots += 1;
            Some(self.slots - 1)
        } else {
            None
        };
        let index = self.out.len();
        self.out.push(Entry {
            offset,
            path: path.clone(),
            code,
            slot,
            payload: String::new(),
        });
        let payload = match code {
            t::NULL | t::NONE | t::STOPITER | t::ELLIPSIS | t::FALSE | t::TRUE => String::new(),
            t::INT => self.long()?.to_string(),
            t::INT64 => format!("{:02x?}", self.take(8)?),
            t::BINARY_FLOAT => {
                let b = self.take(8)?;
                let mut raw = [0u8; 8];
                raw.copy_from_slice(b);
                f64::from_le_bytes(raw).to_string()
            }
            t::BINARY_COMPLEX => format!("{:02x?}", self.take(16)?),
            t::FLOAT => {
                let n = usize::from(self.byte()?);
                self.text(n)?
            }
            t::COMPLEX => {
                let n = usize::from(self.byte()?);
                let re = self.text(n)?;
                let n = usize::from(self.byte()?);
                format!("{re} {}", self.text(n)?)
            }
            t::LONG => {
                let n = self.long()?;
                let digits = self.take(n.unsigned_abs() as usize * 2)?;
                format!("{n} digits {:02x?}", digits)
            }
            t::STRING | t::ASCII | t::ASCII_INTERNED | t::UNICODE | t::INTERNED => {
                let n = self.size()?;
                self.text(n)?
            }
            t::SHORT_ASCII | t::SHORT_ASCII_INTERNED => {
                let n = usize::from(self.byte()?);
                self.text(n)?
            }
            t::REF => {
                let n = self.long()?;
                self.out[index].slot = u32::try_from(n).ok();
                String::new()
            }
            t::SMALL_TUPLE | t::TUPLE | t::LIST | t::SET | t::FROZENSET => {
                let n = if code == t::SMALL_TUPLE {
                    usize::from(self.byte()?)
                } else {
                    self.size()?
                };
                for i in 0..n {
                    self.object(format!("{path}[{i}]"), depth + 1)?;
                }
                format!("len {n}")
            }
            t::DICT => {
                let mut n = 0usize;
                loop {
                    if self.data.get(self.pos) == Some(&t::NULL) {
                        self.pos += 1;
                        break;
                    }
                    self.object(format!("{path}{{key {n}}}"), depth + 1)?;
                    self.object(format!("{path}{{value {n}}}"), depth + 1)?;
                    n += 1;
                }
                format!("len {n}")
            }
            t::SLICE => {
                for part in ["start", "stop", "step"] {
                    self.object(format!("{path}.{part}"), depth + 1)?;
                }
                String::new()
            }
            t::CODE => {
                let mut nums = Vec::new();
                for _ in 0..5 {
                    nums.push(self.long()?);
                }
                let fields = [
                    "co_code",
                    "co_consts",
                    "co_names",
                    "co_localsplusnames",
                    "co_localspluskinds",
                    "co_filename",
                    "co_name",
                    "co_qualname",
                ];
                for f in fields {
                    self.object(format!("{path}.{f}"), depth + 1)?;
                }
                self.long()?;
                for f in ["co_linetable", "co_exceptiontable"] {
                    self.object(format!("{path}.{f}"), depth + 1)?;
                }
                format!("{nums:?}")
            }
            _ => return Err("unknown type code"),
        };
        self.out[index].payload = payload;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_missing_flag() {
        // ('ab', 'ab') with and without a shared str.
        let shared = b")\x02\xfa\x02abr\x00\x00\x00\x00";
        let fresh = b")\x02z\x02abz\x02ab";
        let (a, b) = first_difference(shared, fresh).unwrap_or_default();
        assert!(a.contains("[0] 'z' FLAG_REF slot 0"), "{a}");
        assert!(b.contains("[0] 'z' \"ab\""), "{b}");
        assert_eq!(first_difference(fresh, fresh), None);
    }
}
