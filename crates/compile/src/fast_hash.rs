//! A fast, non-cryptographic hasher for the compiler's internal maps (names, constant
//! keys, symbol tables): the multiply-rotate word hash rustc uses ("FxHash"), written
//! here so the crate needs no extra dependency.
//!
//! The maps only hold what one compilation produced and iterate in insertion order
//! ([`indexmap`]) wherever order is observable, so the hash function never changes
//! output; it only replaces std's SipHash, which dominated the map lookups.

use std::hash::{BuildHasherDefault, Hash, Hasher};

/// The word hash: per word, rotate, xor, multiply by a large odd constant.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            // The 1..=7 trailing bytes as one word, read without a variable-length copy
            // (two overlapping 4-byte reads, or the first, middle and last byte).
            let word = if n >= 4 {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(lo) | (u64::from(hi) << 32)
            } else {
                u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
            };
            self.add(word ^ ((n as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The product's high bits are the well-mixed ones; bring them down to where
        // the table picks its bucket.
        self.hash.rotate_left(26)
    }
}

/// Builds [`FastHasher`]s.
pub type FastBuildHasher = BuildHasherDefault<FastHasher>;
/// `HashMap` with [`FastHasher`].
pub type FastHashMap<K, V> = std::collections::HashMap<K, V, FastBuildHasher>;
/// `HashSet` with [`FastHasher`].
pub type FastHashSet<T> = std::collections::HashSet<T, FastBuildHasher>;
/// `IndexMap` with [`FastHasher`].
pub type FastIndexMap<K, V> = indexmap::IndexMap<K, V, FastBuildHasher>;
/// `IndexSet` with [`FastHasher`].
pub type FastIndexSet<T> = indexmap::IndexSet<T, FastBuildHasher>;

/// The four bytes of `s` at `i` as a word.
#[inline(always)]
fn word4(s: &[u8], i: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&s[i..i + 4]);
    u32::from_le_bytes(w)
}

/// The eight bytes of `s` at `i` as a word.
#[inline(always)]
fn word8(s: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[i..i + 8]);
    u64::from_le_bytes(w)
}

/// Whether two strs are equal, short ones compared inline (a few overlapping word
/// reads) instead of through `memcmp`: names are short, and the maps are keyed by
/// them.
#[inline(always)]
pub fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=8 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        9..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

/// A str looked up in a map keyed by names (`String`, `Rc<str>`): hashed as the str,
/// compared with [`same_str`].
#[derive(Clone, Copy, Debug)]
pub struct Name<'s>(pub &'s str);

impl Hash for Name<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl indexmap::Equivalent<String> for Name<'_> {
    #[inline(always)]
    fn equivalent(&self, key: &String) -> bool {
        same_str(self.0, key)
    }
}

impl indexmap::Equivalent<std::rc::Rc<str>> for Name<'_> {
    #[inline(always)]
    fn equivalent(&self, key: &std::rc::Rc<str>) -> bool {
        same_str(self.0, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    fn hash_of<T: Hash>(v: &T) -> u64 {
        FastBuildHasher::default().hash_one(v)
    }

    #[test]
    fn distinguishes_lengths_and_contents() {
        assert_ne!(hash_of(&"a"), hash_of(&"a\0"));
        assert_ne!(hash_of(&"abcdefgh"), hash_of(&"abcdefgh\0"));
        assert_ne!(hash_of(&"x"), hash_of(&"y"));
        assert_eq!(hash_of(&"same"), hash_of(&String::from("same")));
        let mut m: FastIndexMap<String, u32> = FastIndexMap::default();
        for i in 0..1000 {
            m.insert(format!("name{i}"), i);
        }
        assert_eq!(m.get("name517"), Some(&517));
        assert_eq!(m.get_index_of("name3"), Some(3));
        assert_eq!(m.get_index_of(&Name("name517")), Some(517));
        assert_eq!(m.get_index_of(&Name("name5170")), None);
    }

    #[test]
    fn same_str_is_str_equality() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "abd",
            "xbc",
            "self",
            "selg",
            "tself",
            "__init__",
            "__init_x",
            "_init__x",
            "__class__",
            "__classdict__",
            "__classdict_x",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "bbcdefghijklmnopq",
            "é",
            "e",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_str(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }
}
