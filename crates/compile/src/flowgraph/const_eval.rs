//! The operations constant folding evaluates, with the semantics of CPython 3.14's
//! objects (Objects/longobject.c, floatobject.c, complexobject.c, unicodeobject.c,
//! bytesobject.c, tupleobject.c, setobject.c): `PyNumber_*`, `PyObject_GetItem`,
//! `PyObject_IsTrue`, `PyFrozenSet_New` (with its iteration order), and flowgraph.c's
//! size guards (`const_folding_safe_*`).
//!
//! `None` means "not folded": CPython would raise (and the folder clears the
//! error), or the operation is one this port does not evaluate.

use num_bigint::{BigInt, Sign};
use oxpy_objects::constant::ConstValue;

use super::complex_ops;
use crate::opcode_utils::nb;

/// `MAX_INT_SIZE` (bits)
const MAX_INT_SIZE: u64 = 128;
/// `MAX_COLLECTION_SIZE` (items)
const MAX_COLLECTION_SIZE: i64 = 256;
/// `MAX_STR_SIZE` (characters)
const MAX_STR_SIZE: i64 = 4096;
/// `MAX_TOTAL_ITEMS` (including nested collections)
const MAX_TOTAL_ITEMS: i64 = 1024;

/// `PyObject_IsTrue`
pub fn is_true(v: &ConstValue) -> bool {
    match v {
        ConstValue::None => false,
        ConstValue::Bool(b) => *b,
        ConstValue::Int(i) => i.sign() != Sign::NoSign,
        ConstValue::Float(f) => *f != 0.0,
        ConstValue::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        ConstValue::Str(s) => !s.is_empty(),
        ConstValue::Bytes(b) => !b.is_empty(),
        ConstValue::Tuple(t) | ConstValue::FrozenSet(t) => !t.is_empty(),
        ConstValue::Ellipsis | ConstValue::Slice(_) | ConstValue::Code(_) => true,
    }
}

/// An int or bool as a `BigInt` (`PyLong_Check`).
fn as_int(v: &ConstValue) -> Option<BigInt> {
    match v {
        ConstValue::Int(i) => Some(i.clone()),
        ConstValue::Bool(b) => Some(BigInt::from(u8::from(*b))),
        _ => None,
    }
}

/// `_PyLong_NumBits`
fn num_bits(i: &BigInt) -> u64 {
    i.bits()
}

fn to_i64(i: &BigInt) -> Option<i64> {
    i64::try_from(i).ok()
}

/// `PyLong_AsDouble`: correctly rounded (half to even); `None` on overflow.
pub fn int_to_f64(i: &BigInt) -> Option<f64> {
    let (sign, mag) = (i.sign(), i.magnitude());
    let bits = mag.bits();
    let value = if bits <= 64 {
        let digits = mag.to_u64_digits();
        digits.first().copied().unwrap_or(0) as f64
    } else {
        // Keep 55 significant bits plus a sticky bit, then one rounding.
        let shift = bits - 55;
        let top: num_bigint::BigUint = mag >> shift;
        let mut t = top.to_u64_digits().first().copied().unwrap_or(0);
        let low_mask = (num_bigint::BigUint::from(1u8) << shift) - 1u8;
        if (mag & low_mask).bits() != 0 {
            t |= 1;
        }
        let f = t as f64 * 2f64.powi(shift.min(2000) as i32);
        if !f.is_finite() {
            return None;
        }
        f
    };
    Some(if sign == Sign::Minus { -value } else { value })
}

/// A real number of the numeric tower, as a float (`PyFloat_AsDouble` of int/bool).
fn as_float(v: &ConstValue) -> Option<f64> {
    match v {
        ConstValue::Float(f) => Some(*f),
        _ => as_int(v).and_then(|i| int_to_f64(&i)),
    }
}

fn is_real(v: &ConstValue) -> bool {
    matches!(
        v,
        ConstValue::Int(_) | ConstValue::Bool(_) | ConstValue::Float(_)
    )
}

/// `long_true_divide`: the correctly rounded quotient; `None` on division by zero or
/// overflow.
fn int_true_divide(a: &BigInt, b: &BigInt) -> Option<f64> {
    if b.sign() == Sign::NoSign {
        return None;
    }
    let negate = (a.sign() == Sign::Minus) != (b.sign() == Sign::Minus);
    if a.sign() == Sign::NoSign {
        return Some(if negate { -0.0 } else { 0.0 });
    }
    let (na, nb) = (a.magnitude(), b.magnitude());
    let limit = 1u64 << 53;
    let small = |m: &num_bigint::BigUint| m.bits() <= 53 || *m == num_bigint::BigUint::from(limit);
    let q = if small(na) && small(nb) {
        int_to_f64(&BigInt::from(na.clone()))? / int_to_f64(&BigInt::from(nb.clone()))?
    } else {
        // 55+ significant quotient bits, the remainder as a sticky bit, one rounding.
        let shift = 55 - (na.bits() as i64 - nb.bits() as i64);
        let (num, den) = if shift >= 0 {
            (na << shift as usize, nb.clone())
        } else {
            (na.clone(), nb << (-shift) as usize)
        };
        let quot = &num / &den;
        let rem = &num % &den;
        let mut qu = quot.to_u64_digits().first().copied().unwrap_or(0);
        if rem.bits() != 0 {
            qu |= 1;
        }
        let mut f = qu as f64;
        let mut e = -shift;
        while e > 1000 {
            f *= 2f64.powi(1000);
            e -= 1000;
        }
        while e < -1000 {
            f *= 2f64.powi(-1000);
            e += 1000;
        }
        f * 2f64.powi(e as i32)
    };
    if !q.is_finite() {
        return None;
    }
    Some(if negate { -q } else { q })
}

/// Floor division and modulo of ints (`l_divmod`).
fn int_divmod(a: &BigInt, b: &BigInt) -> Option<(BigInt, BigInt)> {
    if b.sign() == Sign::NoSign {
        return None;
    }
    let mut q = a / b;
    let mut r = a % b;
    if r.sign() != Sign::NoSign && (r.sign() == Sign::Minus) != (b.sign() == Sign::Minus) {
        q -= 1;
        r += b;
    }
    Some((q, r))
}

/// `_float_div_mod`
fn float_divmod(vx: f64, wx: f64) -> Option<(f64, f64)> {
    if wx == 0.0 {
        return None;
    }
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(vx / wx)
    };
    Some((floordiv, m))
}

/// The result of `float_pow`: a float, or a complex number for a negative base
/// raised to a fractional power.
enum FloatPow {
    Real(f64),
    Complex(f64, f64),
}

/// `DOUBLE_IS_ODD_INTEGER`
fn is_odd_integer(x: f64) -> bool {
    (x % 2.0).abs() == 1.0
}

/// `float_pow`: `None` where CPython raises (zero to a negative power, overflow).
fn float_pow(iv: f64, iw: f64) -> Option<FloatPow> {
    use FloatPow::Real;
    if iw == 0.0 {
        return Some(Real(1.0));
    }
    if iv.is_nan() {
        return Some(Real(iv));
    }
    if iw.is_nan() {
        return Some(Real(if iv == 1.0 { 1.0 } else { iw }));
    }
    if iw.is_infinite() {
        let av = iv.abs();
        return Some(Real(if av == 1.0 {
            1.0
        } else if (iw > 0.0) == (av > 1.0) {
            iw.abs()
        } else {
            0.0
        }));
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Some(Real(if iw > 0.0 {
            if odd { iv } else { iv.abs() }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        }));
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return None;
        }
        return Some(Real(if is_odd_integer(iw) { iv } else { 0.0 }));
    }
    if iv == 1.0 {
        return Some(Real(1.0));
    }
    let mut negate = false;
    let mut base = iv;
    if iv < 0.0 {
        if iw != iw.floor() {
            // Negative numbers raised to fractional powers become complex.
            let (re, im) = complex_ops::pow((iv, 0.0), (iw, 0.0))?;
            return Some(FloatPow::Complex(re, im));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Some(Real(if negate { -1.0 } else { 1.0 }));
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        return None;
    }
    Some(Real(if negate { -r } else { r }))
}

fn complex_parts(v: &ConstValue) -> Option<(f64, f64)> {
    match v {
        ConstValue::Complex { real, imag } => Some((*real, *imag)),
        _ => None,
    }
}

fn complex(real: f64, imag: f64) -> ConstValue {
    ConstValue::Complex { real, imag }
}

/// `float_pow` as a constant.
fn float_pow_value(a: f64, b: f64) -> Option<ConstValue> {
    Some(match float_pow(a, b)? {
        FloatPow::Real(f) => ConstValue::Float(f),
        FloatPow::Complex(re, im) => complex(re, im),
    })
}

/// `complex_add/sub/mul/div` with 3.14's mixed-mode rules (a real operand is not
/// converted to a complex) and `complex_pow` (which converts it).
fn complex_binop(l: &ConstValue, op: i32, r: &ConstValue) -> Option<ConstValue> {
    let lc = complex_parts(l);
    let rc = complex_parts(r);
    let to_c = |(re, im): complex_ops::Complex| Some(complex(re, im));
    if op == nb::POWER {
        let a = lc.or_else(|| Some((as_float(l)?, 0.0)))?;
        let b = rc.or_else(|| Some((as_float(r)?, 0.0)))?;
        return to_c(complex_ops::pow(a, b)?);
    }
    match (lc, rc) {
        (Some((a, b)), Some((c, d))) => match op {
            nb::ADD => Some(complex(a + c, b + d)),
            nb::SUBTRACT => Some(complex(a - c, b - d)),
            nb::MULTIPLY => to_c(complex_ops::prod((a, b), (c, d))),
            nb::TRUE_DIVIDE => to_c(complex_ops::quot((a, b), (c, d))?),
            _ => None,
        },
        (Some((a, b)), None) => {
            let x = as_float(r)?;
            match op {
                nb::ADD => Some(complex(a + x, b)),
                nb::SUBTRACT => Some(complex(a - x, b)),
                nb::MULTIPLY => Some(complex(a * x, b * x)),
                nb::TRUE_DIVIDE => to_c(complex_ops::cr_quot((a, b), x)?),
                _ => None,
            }
        }
        (None, Some((c, d))) => {
            let x = as_float(l)?;
            match op {
                nb::ADD => Some(complex(x + c, d)),
                nb::SUBTRACT => Some(complex(x - c, -d)),
                nb::MULTIPLY => Some(complex(x * c, x * d)),
                nb::TRUE_DIVIDE => to_c(complex_ops::rc_quot(x, (c, d))?),
                _ => None,
            }
        }
        (None, None) => None,
    }
}

fn numeric_binop(l: &ConstValue, op: i32, r: &ConstValue) -> Option<ConstValue> {
    if matches!(l, ConstValue::Complex { .. }) || matches!(r, ConstValue::Complex { .. }) {
        if !(is_real(l) || matches!(l, ConstValue::Complex { .. }))
            || !(is_real(r) || matches!(r, ConstValue::Complex { .. }))
        {
            return None;
        }
        return complex_binop(l, op, r);
    }
    if !is_real(l) || !is_real(r) {
        return None;
    }
    if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
        if matches!(op, nb::AND | nb::OR | nb::XOR)
            && let (ConstValue::Bool(x), ConstValue::Bool(y)) = (l, r)
        {
            return Some(ConstValue::Bool(match op {
                nb::AND => x & y,
                nb::OR => x | y,
                _ => x ^ y,
            }));
        }
        return int_binop(&a, op, &b);
    }
    let a = as_float(l)?;
    let b = as_float(r)?;
    let f = match op {
        nb::ADD => a + b,
        nb::SUBTRACT => a - b,
        nb::MULTIPLY => a * b,
        nb::TRUE_DIVIDE => {
            if b == 0.0 {
                return None;
            }
            a / b
        }
        nb::FLOOR_DIVIDE => float_divmod(a, b)?.0,
        nb::REMAINDER => float_divmod(a, b)?.1,
        nb::POWER => return float_pow_value(a, b),
        _ => return None,
    };
    Some(ConstValue::Float(f))
}

fn int_binop(a: &BigInt, op: i32, b: &BigInt) -> Option<ConstValue> {
    let zero = Sign::NoSign;
    let int = |i: BigInt| Some(ConstValue::Int(i));
    match op {
        nb::ADD => int(a + b),
        nb::SUBTRACT => int(a - b),
        nb::MULTIPLY => {
            if a.sign() != zero && b.sign() != zero && num_bits(a) + num_bits(b) > MAX_INT_SIZE {
                return None;
            }
            int(a * b)
        }
        nb::TRUE_DIVIDE => Some(ConstValue::Float(int_true_divide(a, b)?)),
        nb::FLOOR_DIVIDE => int(int_divmod(a, b)?.0),
        nb::REMAINDER => int(int_divmod(a, b)?.1),
        nb::POWER => {
            if b.sign() == Sign::Minus {
                let x = int_to_f64(a)?;
                let y = int_to_f64(b)?;
                return float_pow_value(x, y);
            }
            if a.sign() != zero && b.sign() == Sign::Plus {
                let wbits = u64::try_from(b).ok()?;
                if num_bits(a) > MAX_INT_SIZE / wbits {
                    return None;
                }
            }
            let e = u32::try_from(b).ok()?;
            int(a.pow(e))
        }
        nb::LSHIFT => {
            if b.sign() == Sign::Minus {
                return None;
            }
            if a.sign() != zero && b.sign() != zero {
                let wbits = u64::try_from(b).ok()?;
                if wbits > MAX_INT_SIZE || num_bits(a) > MAX_INT_SIZE - wbits {
                    return None;
                }
            }
            if a.sign() == zero {
                return int(BigInt::from(0));
            }
            int(a << usize::try_from(b).ok()?)
        }
        nb::RSHIFT => {
            if b.sign() == Sign::Minus {
                return None;
            }
            match usize::try_from(b) {
                Ok(n) => int(a >> n),
                Err(_) => int(if a.sign() == Sign::Minus {
                    BigInt::from(-1)
                } else {
                    BigInt::from(0)
                }),
            }
        }
        nb::AND => int(a & b),
        nb::OR => int(a | b),
        nb::XOR => int(a ^ b),
        _ => None,
    }
}

/// `const_folding_check_complexity`
fn check_complexity(obj: &ConstValue, mut limit: i64) -> i64 {
    if let ConstValue::Tuple(items) = obj {
        limit -= items.len() as i64;
        for item in items {
            if limit < 0 {
                break;
            }
            limit = check_complexity(item, limit);
            if limit < 0 {
                return limit;
            }
        }
    }
    limit
}

/// Sequence repetition (`str * n`, `bytes * n`, `tuple * n`) with the folding guards.
fn repeat(seq: &ConstValue, n: &BigInt) -> Option<ConstValue> {
    let size = match seq {
        ConstValue::Str(s) => s.chars().count() as i64,
        ConstValue::Bytes(b) => b.len() as i64,
        ConstValue::Tuple(t) => t.len() as i64,
        _ => return None,
    };
    if size != 0 {
        let n = to_i64(n)?;
        let max = if matches!(seq, ConstValue::Tuple(_)) {
            MAX_COLLECTION_SIZE
        } else {
            MAX_STR_SIZE
        };
        if n < 0 || n > max / size {
            return None;
        }
        if let ConstValue::Tuple(_) = seq
            && n != 0
            && check_complexity(seq, MAX_TOTAL_ITEMS / n) < 0
        {
            return None;
        }
    }
    let count = to_i64(n).map_or(0, |n| n.max(0)) as usize;
    Some(match seq {
        ConstValue::Str(s) => ConstValue::Str(s.repeat(count)),
        ConstValue::Bytes(b) => ConstValue::Bytes(b.repeat(count)),
        ConstValue::Tuple(t) => {
            let mut out = Vec::with_capacity(t.len() * count);
            for _ in 0..count {
                out.extend(t.iter().cloned());
            }
            ConstValue::Tuple(out)
        }
        _ => return None,
    })
}

/// `PySlice_Unpack` + `PySlice_AdjustIndices`: the indices a slice selects.
fn slice_indices(parts: &[ConstValue; 3], len: i64) -> Option<Vec<i64>> {
    let get = |v: &ConstValue| -> Option<Option<i64>> {
        match v {
            ConstValue::None => Some(None),
            _ => {
                let i = as_int(v)?;
                Some(Some(to_i64(&i).unwrap_or(if i.sign() == Sign::Minus {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                })))
            }
        }
    };
    let step = get(&parts[2])?.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(mut x) => {
                if x < 0 {
                    x += len;
                    if x < lower { lower } else { x }
                } else if x > upper {
                    upper
                } else {
                    x
                }
            }
        }
    };
    let start = adjust(get(&parts[0])?, if step < 0 { upper } else { lower });
    let stop = adjust(get(&parts[1])?, if step < 0 { lower } else { upper });
    let mut out = Vec::new();
    let mut i = start;
    if step > 0 {
        while i < stop {
            out.push(i);
            i += step;
        }
    } else {
        while i > stop {
            out.push(i);
            i += step;
        }
    }
    Some(out)
}

/// `PyObject_GetItem` on a constant sequence.
fn subscript(container: &ConstValue, index: &ConstValue) -> Option<ConstValue> {
    let len = match container {
        ConstValue::Str(s) => s.chars().count(),
        ConstValue::Bytes(b) => b.len(),
        ConstValue::Tuple(t) => t.len(),
        _ => return None,
    } as i64;
    if let ConstValue::Slice(parts) = index {
        let idx = slice_indices(parts, len)?;
        return Some(match container {
            ConstValue::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                ConstValue::Str(idx.iter().map(|&i| chars[i as usize]).collect())
            }
            ConstValue::Bytes(b) => ConstValue::Bytes(idx.iter().map(|&i| b[i as usize]).collect()),
            ConstValue::Tuple(t) => {
                ConstValue::Tuple(idx.iter().map(|&i| t[i as usize].clone()).collect())
            }
            _ => return None,
        });
    }
    let i = to_i64(&as_int(index)?)?;
    let i = if i < 0 { i + len } else { i };
    if i < 0 || i >= len {
        return None;
    }
    let i = i as usize;
    Some(match container {
        ConstValue::Str(s) => ConstValue::Str(s.chars().nth(i)?.to_string()),
        ConstValue::Bytes(b) => ConstValue::Int(BigInt::from(b[i])),
        ConstValue::Tuple(t) => t[i].clone(),
        _ => return None,
    })
}

/// `eval_const_binop`: `BINARY_OP oparg` on two constants.
pub fn eval_binop(left: &ConstValue, op: i32, right: &ConstValue) -> Option<ConstValue> {
    use ConstValue as C;
    match op {
        nb::ADD => match (left, right) {
            (C::Str(a), C::Str(b)) => Some(C::Str(format!("{a}{b}"))),
            (C::Bytes(a), C::Bytes(b)) => Some(C::Bytes([a.as_slice(), b.as_slice()].concat())),
            (C::Tuple(a), C::Tuple(b)) => Some(C::Tuple(a.iter().chain(b).cloned().collect())),
            _ => numeric_binop(left, op, right),
        },
        nb::MULTIPLY => match (as_int(left), as_int(right)) {
            (Some(n), None) if matches!(right, C::Str(_) | C::Bytes(_) | C::Tuple(_)) => {
                repeat(right, &n)
            }
            (None, Some(n)) if matches!(left, C::Str(_) | C::Bytes(_) | C::Tuple(_)) => {
                repeat(left, &n)
            }
            _ => numeric_binop(left, op, right),
        },
        nb::REMAINDER => match left {
            C::Str(_) | C::Bytes(_) => None,
            _ => numeric_binop(left, op, right),
        },
        nb::SUBSCR => subscript(left, right),
        nb::MATRIX_MULTIPLY => None,
        _ => numeric_binop(left, op, right),
    }
}

/// `eval_const_unaryop`: `UNARY_NEGATIVE`, `UNARY_INVERT`, `UNARY_NOT` or unary plus
/// (`CALL_INTRINSIC_1 INTRINSIC_UNARY_POSITIVE`).
pub fn eval_unaryop(kind: UnaryOp, v: &ConstValue) -> Option<ConstValue> {
    use ConstValue as C;
    match kind {
        UnaryOp::Not => Some(C::Bool(!is_true(v))),
        UnaryOp::Negative => match v {
            C::Float(f) => Some(C::Float(-f)),
            C::Complex { real, imag } => Some(complex(-real, -imag)),
            _ => Some(C::Int(-as_int(v)?)),
        },
        UnaryOp::Positive => match v {
            C::Float(_) | C::Complex { .. } => Some(v.clone()),
            _ => Some(C::Int(as_int(v)?)),
        },
        UnaryOp::Invert => Some(C::Int(-(as_int(v)?) - 1)),
    }
}

/// The unary operations folding evaluates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Negative,
    /// `~x`
    Invert,
    /// `not x`
    Not,
    /// `+x`
    Positive,
}

/// `PyFrozenSet_New(tuple)`: duplicates dropped (first kept), items in the order
/// CPython's hash table iterates them ([`oxpy_objects::setobject`]).
pub fn frozenset_from(items: &[ConstValue]) -> ConstValue {
    ConstValue::FrozenSet(oxpy_objects::setobject::frozenset_from(items.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozenset_folds_in_cpython_order() {
        let items: Vec<ConstValue> = [20, 30, 40]
            .iter()
            .map(|&i| ConstValue::Int(BigInt::from(i)))
            .collect();
        assert_eq!(frozenset_from(&items).repr(), "frozenset({40, 20, 30})");
    }

    #[test]
    fn arithmetic() {
        let i = |v: i64| ConstValue::Int(BigInt::from(v));
        assert_eq!(eval_binop(&i(7), nb::FLOOR_DIVIDE, &i(-2)), Some(i(-4)));
        assert_eq!(eval_binop(&i(7), nb::REMAINDER, &i(-2)), Some(i(-1)));
        assert_eq!(
            eval_binop(&i(2), nb::POWER, &i(-1)),
            Some(ConstValue::Float(0.5))
        );
        assert_eq!(eval_binop(&i(2), nb::POWER, &i(200)), None);
        assert_eq!(eval_binop(&i(1), nb::TRUE_DIVIDE, &i(0)), None);
        assert_eq!(
            eval_binop(&ConstValue::Bool(true), nb::AND, &ConstValue::Bool(false)),
            Some(ConstValue::Bool(false))
        );
        assert_eq!(
            eval_binop(&ConstValue::Str("ab".into()), nb::MULTIPLY, &i(3)),
            Some(ConstValue::Str("ababab".into()))
        );
        assert_eq!(
            eval_binop(&ConstValue::Str("a%s".into()), nb::REMAINDER, &i(3)),
            None
        );
        assert_eq!(
            eval_binop(
                &ConstValue::Float(-7.5),
                nb::FLOOR_DIVIDE,
                &ConstValue::Float(2.0)
            ),
            Some(ConstValue::Float(-4.0))
        );
        // Complex results, as CPython 3.14 computes them.
        let c = |real: f64, imag: f64| ConstValue::Complex { real, imag };
        let f = ConstValue::Float;
        let parts = |v: Option<ConstValue>| match v {
            Some(ConstValue::Complex { real, imag }) => Some((real.to_bits(), imag.to_bits())),
            _ => None,
        };
        let bits = |re: f64, im: f64| Some((re.to_bits(), im.to_bits()));
        assert_eq!(
            parts(eval_binop(&i(-8), nb::POWER, &f(1.0 / 3.0))),
            bits(1.0000000000000002, 1.7320508075688772)
        );
        assert_eq!(
            parts(eval_binop(&c(0.0, 1.0), nb::POWER, &c(0.0, 1.0))),
            bits(0.20787957635076193, 0.0)
        );
        assert_eq!(
            parts(eval_binop(&c(1.0, 1.0), nb::POWER, &i(-2))),
            bits(0.0, -0.5)
        );
        assert_eq!(
            parts(eval_binop(&i(1), nb::TRUE_DIVIDE, &c(1.0, 0.0))),
            bits(1.0, -0.0)
        );
        assert_eq!(
            parts(eval_binop(&c(3.0, 4.0), nb::TRUE_DIVIDE, &c(1.0, 2.0))),
            bits(2.2, -0.4)
        );
        assert_eq!(eval_binop(&c(0.0, 0.0), nb::POWER, &i(-1)), None);
        assert_eq!(eval_binop(&c(1e200, 1e200), nb::POWER, &i(2)), None);
        assert_eq!(
            eval_binop(&c(1.0, 1.0), nb::TRUE_DIVIDE, &c(0.0, 0.0)),
            None
        );
        let (re, im) = complex_ops::prod((f64::INFINITY, f64::NAN), (1.0, 0.0));
        assert!(re == f64::INFINITY && im.is_nan());
    }
}
