//! Port of the complex arithmetic of Objects/complexobject.c (CPython 3.14):
//! `_Py_c_prod`, `_Py_c_quot`, `_Py_cr_quot`, `_Py_rc_quot`, `_Py_c_pow`,
//! `c_powu`/`c_powi` and `complex_pow`, with C11 Annex G's recovery of infinities
//! that a naive formula computes as `nan+nanj`. Constant folding evaluates
//! complex constants with them.
//!
//! `None` stands for CPython's `errno` being set (`EDOM`: division by zero,
//! `ERANGE`: an infinite power), where the real operation raises.

/// A complex value as `(real, imag)`.
pub type Complex = (f64, f64);

/// `copysign(isinf(x) ? 1.0 : 0.0, x)`: Annex G's "box" of an operand part.
fn boxed(x: f64) -> f64 {
    (if x.is_infinite() { 1.0f64 } else { 0.0 }).copysign(x)
}

/// A NaN part becomes a zero of the same sign (Annex G).
fn nan_to_zero(x: f64) -> f64 {
    if x.is_nan() { 0.0f64.copysign(x) } else { x }
}

/// `_Py_c_prod`: `a * b`.
pub fn prod(a: Complex, b: Complex) -> Complex {
    let (mut ar, mut ai) = a;
    let (mut br, mut bi) = b;
    let (ac, bd, ad, bc) = (ar * br, ai * bi, ar * bi, ai * br);
    let r = (ac - bd, ad + bc);
    if !(r.0.is_nan() && r.1.is_nan()) {
        return r;
    }
    let mut recalc = false;
    if ar.is_infinite() || ai.is_infinite() {
        ar = boxed(ar);
        ai = boxed(ai);
        br = nan_to_zero(br);
        bi = nan_to_zero(bi);
        recalc = true;
    }
    if br.is_infinite() || bi.is_infinite() {
        br = boxed(br);
        bi = boxed(bi);
        ar = nan_to_zero(ar);
        ai = nan_to_zero(ai);
        recalc = true;
    }
    if !recalc && (ac.is_infinite() || bd.is_infinite() || ad.is_infinite() || bc.is_infinite()) {
        ar = nan_to_zero(ar);
        ai = nan_to_zero(ai);
        br = nan_to_zero(br);
        bi = nan_to_zero(bi);
        recalc = true;
    }
    if recalc {
        (
            f64::INFINITY * (ar * br - ai * bi),
            f64::INFINITY * (ar * bi + ai * br),
        )
    } else {
        r
    }
}

/// The Annex G recovery of a quotient computed as `nan+nanj`.
fn recover_quot(r: Complex, a: Complex, b: Complex) -> Complex {
    if !(r.0.is_nan() && r.1.is_nan()) {
        return r;
    }
    if (a.0.is_infinite() || a.1.is_infinite()) && b.0.is_finite() && b.1.is_finite() {
        let (x, y) = (boxed(a.0), boxed(a.1));
        (
            f64::INFINITY * (x * b.0 + y * b.1),
            f64::INFINITY * (y * b.0 - x * b.1),
        )
    } else if (b.0.is_infinite() || b.1.is_infinite()) && a.0.is_finite() && a.1.is_finite() {
        let (x, y) = (boxed(b.0), boxed(b.1));
        (0.0 * (a.0 * x + a.1 * y), 0.0 * (a.1 * x - a.0 * y))
    } else {
        r
    }
}

/// `_Py_c_quot`: `a / b` (Smith's algorithm); `None` when `b` is zero.
pub fn quot(a: Complex, b: Complex) -> Option<Complex> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    let r = if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        ((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom)
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        ((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom)
    } else {
        (f64::NAN, f64::NAN)
    };
    Some(recover_quot(r, a, b))
}

/// `_Py_cr_quot`: complex divided by a real; `None` when `b` is zero.
pub fn cr_quot(a: Complex, b: f64) -> Option<Complex> {
    if b == 0.0 {
        return None;
    }
    Some((a.0 / b, a.1 / b))
}

/// `_Py_rc_quot`: a real divided by a complex (Smith's algorithm without the
/// numerator's imaginary part, which keeps the sign of zero results); `None` when
/// `b` is zero.
pub fn rc_quot(a: f64, b: Complex) -> Option<Complex> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    let r = if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        (a / denom, (-a * ratio) / denom)
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        ((a * ratio) / denom, (-a) / denom)
    } else {
        (f64::NAN, f64::NAN)
    };
    Some(recover_quot(r, (a, 0.0), b))
}

/// `_Py_c_pow`: `a ** b` through polar form; `None` for zero to a negative or
/// complex power.
fn c_pow(a: Complex, b: Complex) -> Option<Complex> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Some((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return None;
        }
        return Some((0.0, 0.0));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Some((len * phase.cos(), len * phase.sin()))
}

/// `c_powu`: `x ** n` for `n >= 0` by repeated squaring.
fn c_powu(x: Complex, n: i64) -> Complex {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = prod(r, p);
        }
        mask <<= 1;
        p = prod(p, p);
    }
    r
}

/// `c_powi`: `x ** n` for a small integer `n`.
fn c_powi(x: Complex, n: i64) -> Option<Complex> {
    if n > 0 {
        Some(c_powu(x, n))
    } else {
        quot((1.0, 0.0), c_powu(x, -n))
    }
}

/// `complex_pow` (no modulo): `None` where CPython raises ZeroDivisionError or
/// OverflowError (an infinite part).
pub fn pow(a: Complex, b: Complex) -> Option<Complex> {
    let p = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        c_powi(a, b.0 as i64)?
    } else {
        c_pow(a, b)?
    };
    if p.0.is_infinite() || p.1.is_infinite() {
        return None;
    }
    Some(p)
}
