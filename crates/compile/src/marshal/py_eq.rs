//! Python's `==` and a hash consistent with it for marshal values, as `PySet_Add` and
//! `PyDict_SetItem` use them when `marshal.loads` fills a set or dict (Objects/setobject.c,
//! Objects/dictobject.c, and the numeric comparisons of Objects/longobject.c,
//! floatobject.c, complexobject.c): `1`, `1.0`, `True` and `1+0j` are one key.
//!
//! As in CPython, an object is equal to itself first (`PyObject_RichCompare`'s identity
//! shortcut in set and dict lookups), so a NaN read again through a `TYPE_REF` is found.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use num_bigint::BigInt;
use oxpy_objects::setobject::integral;

use super::read::{RED_ZONE, STACK_GROWTH, Value};

/// Buckets of equal-hash items of one set or dict, to find an equal item again.
#[derive(Default)]
pub(super) struct Index {
    buckets: HashMap<u64, Vec<usize>>,
    /// Nodes visited by hashing and comparing (charged to the reader's budget).
    pub(super) work: u64,
}

impl Index {
    /// The position of an item equal to `v` (`key` picks the value out of an item), or
    /// `None` after recording that `v` will be at `new_index`.
    pub(super) fn find_or_insert<T>(
        &mut self,
        v: &Value,
        new_index: usize,
        items: &[T],
        key: impl Fn(&T) -> &Value,
    ) -> Option<usize> {
        let h = py_hash(v, &mut self.work);
        let bucket = self.buckets.entry(h).or_default();
        for &i in bucket.iter() {
            if let Some(item) = items.get(i) {
                if py_eq(key(item), v, &mut self.work) {
                    return Some(i);
                }
            }
        }
        bucket.push(new_index);
        None
    }
}

/// A number as Python compares it.
enum Num<'a> {
    Int(std::borrow::Cow<'a, BigInt>),
    Float(f64),
    Complex(f64, f64),
}

fn num(v: &Value) -> Option<Num<'_>> {
    Some(match v {
        Value::Bool(b) => Num::Int(std::borrow::Cow::Owned(BigInt::from(u8::from(*b)))),
        Value::Int(i) => Num::Int(std::borrow::Cow::Borrowed(i)),
        Value::Float(f) => Num::Float(**f),
        Value::Complex(c) => Num::Complex(c[0], c[1]),
        _ => return None,
    })
}

fn real_eq(a: &Num<'_>, b: &Num<'_>) -> bool {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x == y,
        (Num::Float(x), Num::Float(y)) => x == y,
        (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => {
            integral(*f).is_some_and(|g| &g == i.as_ref())
        }
        _ => false,
    }
}

fn split(n: Num<'_>) -> (Num<'_>, f64) {
    match n {
        Num::Complex(re, im) => (Num::Float(re), im),
        other => (other, 0.0),
    }
}

/// Python's `a == b` for hashable values.
pub(super) fn py_eq(a: &Value, b: &Value, work: &mut u64) -> bool {
    stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || eq_inner(a, b, work))
}

fn eq_inner(a: &Value, b: &Value, work: &mut u64) -> bool {
    *work = work.saturating_add(1);
    match (a, b) {
        (Value::Float(x), Value::Float(y)) if std::sync::Arc::ptr_eq(x, y) => return true,
        (Value::Complex(x), Value::Complex(y)) if std::sync::Arc::ptr_eq(x, y) => return true,
        _ => {}
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        let ((x, xi), (y, yi)) = (split(x), split(y));
        return xi == yi && real_eq(&x, &y);
    }
    let all = |xs: &[Value], ys: &[Value], work: &mut u64| {
        xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| py_eq(x, y, work))
    };
    match (a, b) {
        (Value::None, Value::None)
        | (Value::Ellipsis, Value::Ellipsis)
        | (Value::StopIteration, Value::StopIteration) => true,
        (Value::Str(x, _), Value::Str(y, _)) => x == y,
        (Value::SurrogateStr(x, _), Value::SurrogateStr(y, _)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => all(x, y, work),
        (Value::Slice(x), Value::Slice(y)) => all(&x[..], &y[..], work),
        (Value::FrozenSet(x) | Value::Set(x), Value::FrozenSet(y) | Value::Set(y)) => {
            x.len() == y.len() && x.iter().all(|i| y.iter().any(|j| py_eq(i, j, work)))
        }
        (Value::Code(x), Value::Code(y)) => x == y,
        _ => false,
    }
}

/// A hash equal for values [`py_eq`] finds equal.
pub(super) fn py_hash(v: &Value, work: &mut u64) -> u64 {
    stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || {
        let mut h = DefaultHasher::new();
        hash_into(v, &mut h, work);
        h.finish()
    })
}

fn hash_into(v: &Value, h: &mut DefaultHasher, work: &mut u64) {
    *work = work.saturating_add(1);
    if let Some(n) = num(v) {
        let (re, im) = split(n);
        if im != 0.0 {
            (1u8, re_bits(&re), im.to_bits()).hash(h);
            return;
        }
        match re {
            Num::Int(i) => (0u8, i.as_ref()).hash(h),
            Num::Float(f) => match integral(f) {
                Some(i) => (0u8, &i).hash(h),
                // -0.0 == 0.0 is integral above; NaN never equal: any hash will do.
                None => (2u8, f.to_bits()).hash(h),
            },
            Num::Complex(..) => {}
        }
        return;
    }
    match v {
        Value::Str(s, _) => (3u8, &**s).hash(h),
        Value::SurrogateStr(b, _) => (4u8, &**b).hash(h),
        Value::Bytes(b) => (5u8, &**b).hash(h),
        Value::Tuple(items) => {
            (6u8, items.len()).hash(h);
            for i in items.iter() {
                hash_into(i, h, work);
            }
        }
        Value::Slice(parts) => {
            7u8.hash(h);
            for i in parts.iter() {
                hash_into(i, h, work);
            }
        }
        Value::FrozenSet(items) | Value::Set(items) => {
            // Order-independent: the sum of the items' own hashes.
            let sum = items
                .iter()
                .fold(0u64, |acc, i| acc.wrapping_add(py_hash(i, work)));
            (8u8, items.len(), sum).hash(h);
        }
        Value::Code(code) => (9u8, &code.name, code.firstlineno).hash(h),
        other => (10u8, other.type_name()).hash(h),
    }
}

fn re_bits(n: &Num<'_>) -> u64 {
    match n {
        Num::Float(f) => f.to_bits(),
        _ => 0,
    }
}
