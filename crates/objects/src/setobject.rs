//! Port of the insertion half of Objects/setobject.c (`set_add_entry`, `set_table_resize`,
//! `set_insert_clean`) and of the hashes it needs from Python/pyhash.c: the order in which
//! CPython iterates a frozenset built by adding items one at a time (what `frozenset(t)`
//! and `marshal.loads` do), which is the order of its `repr()`. The compiler's constant
//! folding and the marshal reader both use it.
//!
//! Hashes follow a 64-bit CPython (`_PyHASH_BITS` = 61): ints, bools, floats, complex
//! numbers and `None` (a fixed hash since 3.12) exactly. Items of other types (str, bytes,
//! tuples, ...) would need the process's hash secret; when a set holds any of them its
//! items keep the order given.

use num_bigint::ToBigInt;
use num_bigint::{BigInt, Sign};

use crate::constant::ConstValue;

const HASH_BITS: u32 = 61;
const MODULUS: u64 = (1 << HASH_BITS) - 1;
const HASH_INF: i64 = 314_159;
const HASH_IMAG: i64 = 1_000_003;
/// `hash(None)`: a constant since CPython 3.12.
const HASH_NONE: i64 = 0xFCA8_6420;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;

/// The items of `frozenset(items)` (duplicates dropped, the first kept) in CPython's
/// iteration order.
pub fn frozenset_from(items: Vec<ConstValue>) -> Vec<ConstValue> {
    let hashes: Option<Vec<i64>> = items.iter().map(hash).collect();
    let Some(hashes) = hashes else {
        // Unknown hashes: keep the order, drop exact duplicates.
        let mut out: Vec<ConstValue> = Vec::with_capacity(items.len());
        for item in items {
            if !out.iter().any(|o| py_eq(o, &item)) {
                out.push(item);
            }
        }
        return out;
    };
    let mut table = Table::new();
    for (item, h) in items.into_iter().zip(hashes) {
        table.add(item, h);
    }
    table.into_items()
}

struct Table {
    slots: Vec<Option<(ConstValue, i64)>>,
    used: usize,
}

impl Table {
    fn new() -> Table {
        Table {
            slots: (0..MIN_SIZE).map(|_| None).collect(),
            used: 0,
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// `set_add_entry` (no dummies: nothing is ever removed).
    fn add(&mut self, key: ConstValue, hash: i64) {
        let mask = self.mask();
        let mut perturb = hash as u64 as usize;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.slots[j] {
                    None => {
                        self.slots[j] = Some((key, hash));
                        self.used += 1;
                        // fill == used: no deletions.
                        if self.used * 5 >= mask * 3 {
                            let grow = if self.used > 50_000 { 2 } else { 4 };
                            self.resize(self.used * grow);
                        }
                        return;
                    }
                    Some((k, h)) if *h == hash && py_eq(k, &key) => return,
                    Some(_) => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }

    /// `set_table_resize` + `set_insert_clean`.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, (0..size).map(|_| None).collect());
        let mask = size - 1;
        for (key, hash) in old.into_iter().flatten() {
            let mut perturb = hash as u64 as usize;
            let mut i = (hash as u64 as usize) & mask;
            'probe: loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    if self.slots[j].is_none() {
                        self.slots[j] = Some((key, hash));
                        break 'probe;
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
            }
        }
    }

    fn into_items(self) -> Vec<ConstValue> {
        self.slots.into_iter().flatten().map(|(k, _)| k).collect()
    }
}

/// `hash(v)` where it does not depend on the hash secret.
pub fn hash(v: &ConstValue) -> Option<i64> {
    Some(match v {
        ConstValue::None => HASH_NONE,
        ConstValue::Bool(b) => i64::from(*b),
        ConstValue::Int(i) => int_hash(i),
        ConstValue::Float(f) => float_hash(*f)?,
        ConstValue::Complex { real, imag } => {
            let r = float_hash(*real)? as u64;
            let i = float_hash(*imag)? as u64;
            let combined = r.wrapping_add((HASH_IMAG as u64).wrapping_mul(i)) as i64;
            if combined == -1 { -2 } else { combined }
        }
        _ => return None,
    })
}

/// `long_hash`: the value modulo 2**61 - 1, sign kept, -1 mapped to -2.
fn int_hash(i: &BigInt) -> i64 {
    let (sign, mag) = i.to_u64_digits();
    let mut x: u64 = 0;
    for d in mag.iter().rev() {
        // x = (x * 2**64 + d) mod MODULUS; 2**64 = 8 (mod 2**61 - 1).
        let wide = (u128::from(x) << 64) + u128::from(*d);
        x = (wide % u128::from(MODULUS)) as u64;
    }
    let h = if sign == Sign::Minus {
        -(x as i64)
    } else {
        x as i64
    };
    if h == -1 { -2 } else { h }
}

/// `_Py_HashDouble` (a NaN hashes by identity: unknown).
fn float_hash(v: f64) -> Option<i64> {
    if v.is_nan() {
        return None;
    }
    if v.is_infinite() {
        return Some(if v > 0.0 { HASH_INF } else { -HASH_INF });
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let bits = HASH_BITS as i32;
    let e = if e >= 0 {
        e % bits
    } else {
        bits - 1 - ((-1 - e) % bits)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (HASH_BITS - e));
    let h = (x as i64).wrapping_mul(sign);
    Some(if h == -1 { -2 } else { h })
}

/// C's `frexp`: `v = m * 2**e` with `0.5 <= |m| < 1` (m = 0 for 0).
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * f64::from_bits(0x4350_0000_0000_0000)); // 2**54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// Python's `==` between two constants as a set compares them (numbers across types,
/// exactly: `2**53 + 1 != 2.0**53`).
pub fn py_eq(a: &ConstValue, b: &ConstValue) -> bool {
    use ConstValue as C;
    match (number(a), number(b)) {
        (Some(x), Some(y)) => return x == y,
        (Some(_), None) | (None, Some(_)) => return false,
        (None, None) => {}
    }
    match (a, b) {
        (C::Tuple(x), C::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (C::FrozenSet(x), C::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| py_eq(p, q)))
        }
        _ => a == b,
    }
}

/// A number as (real, imaginary) exact values for comparison.
#[derive(PartialEq)]
enum Num {
    Int(BigInt),
    Real(f64, f64),
}

fn number(v: &ConstValue) -> Option<Num> {
    Some(match v {
        ConstValue::Bool(b) => Num::Int(BigInt::from(u8::from(*b))),
        ConstValue::Int(i) => Num::Int(i.clone()),
        ConstValue::Float(f) => match integral(*f) {
            Some(i) => Num::Int(i),
            None => Num::Real(*f, 0.0),
        },
        ConstValue::Complex { real, imag } if *imag == 0.0 => match integral(*real) {
            Some(i) => Num::Int(i),
            None => Num::Real(*real, 0.0),
        },
        ConstValue::Complex { real, imag } => Num::Real(*real, *imag),
        _ => return None,
    })
}

/// An int-valued float as an int (`None` for fractions, infinities and NaN): how a float
/// compares equal to an int.
pub fn integral(f: f64) -> Option<BigInt> {
    if f.is_finite() && f.fract() == 0.0 {
        f.to_bigint()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(v: &[i64]) -> Vec<ConstValue> {
        v.iter()
            .map(|&i| ConstValue::Int(BigInt::from(i)))
            .collect()
    }

    #[test]
    fn small_int_sets_iterate_by_slot() {
        assert_eq!(frozenset_from(ints(&[2, 3, 9])), ints(&[9, 2, 3]));
        assert_eq!(frozenset_from(ints(&[20, 30, 40])), ints(&[40, 20, 30]));
        assert_eq!(frozenset_from(ints(&[5, 6, 7, 9])), ints(&[9, 5, 6, 7]));
        assert_eq!(frozenset_from(ints(&[1, 1, 2])), ints(&[1, 2]));
    }

    #[test]
    fn none_hashes_as_cpython_3_14() {
        // CPython 3.14: frozenset((1, 2, None)) iterates as {None, 1, 2}.
        let items = vec![
            ConstValue::Int(BigInt::from(1)),
            ConstValue::Int(BigInt::from(2)),
            ConstValue::None,
        ];
        let order = frozenset_from(items);
        assert_eq!(order[0], ConstValue::None);
        assert_eq!(hash(&ConstValue::None), Some(4_238_894_112));
    }

    #[test]
    fn hashes_match_cpython() {
        assert_eq!(int_hash(&BigInt::from(-1)), -2);
        assert_eq!(int_hash(&(BigInt::from(1) << 61)), 1);
        assert_eq!(float_hash(1.5), Some(1_152_921_504_606_846_977));
        assert_eq!(float_hash(-0.5), Some(-1_152_921_504_606_846_976));
        assert_eq!(float_hash(2.0), Some(2));
        assert_eq!(frexp(8.0), (0.5, 4));
    }
}
