//! Port of the `.pyc` parts of Lib/importlib/_bootstrap_external.py (`_code_to_timestamp_pyc`,
//! `_code_to_hash_pyc`, `_classify_pyc`, `cache_from_source`) and of `_imp.source_hash`
//! (Python/pyhash.c `_Py_KeyedHash`: SipHash-1-3 keyed with the magic number).
//!
//! A `.pyc` file is a 16-byte header followed by the marshalled module code object:
//! the magic number, a flags word (bit 0: hash-based, bit 1: check the source), then either
//! the source's mtime and size (32 bits each) or its 8-byte hash.

use std::path::{Path, PathBuf};

use oxpy_objects::code::CodeObject;

use super::error::WriteError;

/// `importlib.util.MAGIC_NUMBER` of CPython 3.14 (3627, then `\r\n`).
pub const MAGIC_NUMBER: [u8; 4] = [0x2b, 0x0e, 0x0d, 0x0a];

/// `sys.implementation.cache_tag`.
pub const CACHE_TAG: &str = "cpython-314";

/// How a `.pyc` file says whether it is stale (`py_compile.PycInvalidationMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalidation {
    /// The source's modification time and size (truncated to 32 bits).
    Timestamp {
        /// `int(st_mtime)`.
        mtime: u64,
        /// `st_size`.
        size: u64,
    },
    /// The source's hash ([`source_hash`]); `checked` asks the importer to verify it.
    Hash {
        /// `importlib.util.source_hash(source)`.
        hash: [u8; 8],
        /// `CHECKED_HASH` (true) or `UNCHECKED_HASH`.
        checked: bool,
    },
}

/// The whole `.pyc` file for a module code object.
pub fn pyc_bytes(code: &CodeObject, invalidation: Invalidation) -> Result<Vec<u8>, WriteError> {
    let mut data = MAGIC_NUMBER.to_vec();
    match invalidation {
        Invalidation::Timestamp { mtime, size } => {
            data.extend_from_slice(&0u32.to_le_bytes());
            data.extend_from_slice(&(mtime as u32).to_le_bytes());
            data.extend_from_slice(&(size as u32).to_le_bytes());
        }
        Invalidation::Hash { hash, checked } => {
            let flags = 1u32 | (u32::from(checked) << 1);
            data.extend_from_slice(&flags.to_le_bytes());
            data.extend_from_slice(&hash);
        }
    }
    data.extend(super::write::dumps_code(code)?);
    Ok(data)
}

/// Why a `.pyc` header was refused (`_classify_pyc`), with CPython's exception and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PycError {
    /// `ImportError: bad magic number in NAME: MAGIC`.
    BadMagic(Vec<u8>),
    /// `ImportError: invalid flags N in NAME`.
    InvalidFlags(u32),
    /// `EOFError: reached EOF while reading pyc header of NAME`.
    Eof,
}

impl PycError {
    /// `str(exc)` for a file named `name`.
    pub fn message(&self, name: &str) -> String {
        let name = oxpy_objects::repr::str_repr(name);
        match self {
            PycError::BadMagic(magic) => format!(
                "bad magic number in {name}: {}",
                oxpy_objects::bytes_repr::bytes_repr(magic)
            ),
            PycError::InvalidFlags(flags) => format!("invalid flags {flags} in {name}"),
            PycError::Eof => format!("reached EOF while reading pyc header of {name}"),
        }
    }
}

/// A parsed `.pyc` header and the marshal data after it.
pub fn split_pyc(data: &[u8]) -> Result<(Invalidation, &[u8]), PycError> {
    let magic = data.get(..4).unwrap_or(data);
    if magic != MAGIC_NUMBER {
        return Err(PycError::BadMagic(magic.to_vec()));
    }
    let word = |i: usize| -> Result<u32, PycError> {
        let b = data.get(i..i + 4).ok_or(PycError::Eof)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let flags = word(4)?;
    if flags & !0b11 != 0 {
        return Err(PycError::InvalidFlags(flags));
    }
    let body = data.get(16..).ok_or(PycError::Eof)?;
    let header = if flags & 1 == 0 {
        Invalidation::Timestamp {
            mtime: u64::from(word(8)?),
            size: u64::from(word(12)?),
        }
    } else {
        let mut hash = [0u8; 8];
        hash.copy_from_slice(data.get(8..16).ok_or(PycError::Eof)?);
        Invalidation::Hash {
            hash,
            checked: flags & 2 != 0,
        }
    };
    Ok((header, body))
}

/// `importlib.util.source_hash(source)`: SipHash-1-3 of the source keyed with the magic
/// number token (k0) and 0 (k1), as 8 little-endian bytes.
pub fn source_hash(source: &[u8]) -> [u8; 8] {
    let key = u64::from(u32::from_le_bytes(MAGIC_NUMBER));
    siphash13(key, 0, source).to_le_bytes()
}

/// SipHash-1-3 (one compression round, three finalization rounds).
fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(chunk);
        let m = u64::from_le_bytes(raw);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = [0u8; 8];
    let tail = chunks.remainder();
    last[..tail.len()].copy_from_slice(tail);
    last[7] = data.len() as u8;
    let m = u64::from_le_bytes(last);
    v[3] ^= m;
    round(&mut v);
    v[0] ^= m;
    v[2] ^= 0xff;
    for _ in 0..3 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// `importlib.util.cache_from_source(path)` (no `sys.pycache_prefix`, no optimization tag):
/// `DIR/__pycache__/NAME.cpython-314.pyc`.
pub fn cache_from_source(path: &Path) -> PathBuf {
    let head = path.parent().unwrap_or_else(|| Path::new(""));
    let tail = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // tail.rpartition('.')
    let (base, sep, rest) = match tail.rfind('.') {
        Some(i) => (&tail[..i], ".", &tail[i + 1..]),
        None => ("", "", tail.as_str()),
    };
    let stem = if base.is_empty() { rest } else { base };
    head.join("__pycache__")
        .join(format!("{stem}{sep}{CACHE_TAG}.pyc"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_hash_matches_cpython() {
        // importlib.util.source_hash(...) in CPython 3.14.
        let cases: [(&[u8], &str); 3] = [
            (b"", "61f5b7cb653a6aa4"),
            (b"abc", "6e461bf6a5e97b4a"),
            (b"hello world 123456789", "9ef90facbfb96ff9"),
        ];
        for (source, expected) in cases {
            let hex: String = source_hash(source)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(hex, expected);
        }
    }

    #[test]
    fn cache_paths_follow_importlib() {
        assert_eq!(
            cache_from_source(Path::new("a/b/mod.py")),
            PathBuf::from("a/b/__pycache__/mod.cpython-314.pyc")
        );
        assert_eq!(
            cache_from_source(Path::new("mod")),
            PathBuf::from("__pycache__/modcpython-314.pyc")
        );
    }
}
