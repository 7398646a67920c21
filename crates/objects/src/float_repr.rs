//! Port of the repr of Objects/floatobject.c (`float_repr`) and of the `'r'` mode of Python/pystrtod.c (`PyOS_double_to_string`, `format_float_short`): `repr()` of a `float`.
//!
//! Entry points: [`float_repr`] (the text `repr(x)` gives) and [`format_float_short`] (the
//! `'r'` mode with CPython's `Py_DTSF_SIGN` / `Py_DTSF_ADD_DOT_0` flags, which `complex`'s
//! repr also uses).
//!
//! CPython takes the shortest round-tripping digits from David Gay's `_Py_dg_dtoa` (mode 0).
//! Rust's `{:e}` formatting of an `f64` yields the same shortest, closest digits, so this
//! module only lays those digits out as CPython does: positional notation when the decimal
//! exponent `e` (the value is `d.ddd × 10^e`) satisfies `-4 <= e < 16`, else `d.ddde±XX`
//! with at least two exponent digits.

use std::fmt::Write as _;

/// The flags of `PyOS_double_to_string` that the `'r'` reprs use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReprFlags {
    /// `Py_DTSF_SIGN`: write `+` before non-negative values (and before `nan`).
    pub always_sign: bool,
    /// `Py_DTSF_ADD_DOT_0`: write `.0` after an integral value shown without exponent.
    pub add_dot_0: bool,
}

/// `repr(x)` for a Python `float`, exactly as CPython 3.14's `float_repr` writes it:
/// `PyOS_double_to_string(x, 'r', 0, Py_DTSF_ADD_DOT_0, NULL)`.
///
/// ```
/// use oxpy_objects::float_repr::float_repr;
/// assert_eq!(float_repr(0.1), "0.1");
/// assert_eq!(float_repr(100.0), "100.0");
/// assert_eq!(float_repr(1e16), "1e+16");
/// assert_eq!(float_repr(1e-5), "1e-05");
/// assert_eq!(float_repr(-0.0), "-0.0");
/// assert_eq!(float_repr(f64::NEG_INFINITY), "-inf");
/// ```
pub fn float_repr(x: f64) -> String {
    format_float_short(
        x,
        ReprFlags {
            always_sign: false,
            add_dot_0: true,
        },
    )
}

/// CPython's `PyOS_double_to_string(x, 'r', 0, flags, NULL)`: the shortest decimal string
/// that reads back as `x`.
///
/// Infinities are `inf` / `-inf`; a NaN is `nan` whatever its sign bit (`+nan` with
/// [`ReprFlags::always_sign`]). Finite values use positional notation when the decimal
/// exponent is in `-4..16`, else exponent notation (`1.5e+300`, `1e-05`).
///
/// ```
/// use oxpy_objects::float_repr::{format_float_short, ReprFlags};
/// let sign = ReprFlags { always_sign: true, add_dot_0: false };
/// assert_eq!(format_float_short(2.0, sign), "+2");
/// assert_eq!(format_float_short(-0.0, sign), "-0");
/// assert_eq!(format_float_short(f64::NAN, sign), "+nan");
/// ```
#[doc(alias = "PyOS_double_to_string")]
pub fn format_float_short(x: f64, flags: ReprFlags) -> String {
    let mut out = String::with_capacity(24);
    if x.is_nan() {
        // `format_float_short` ignores the sign of a NaN.
        if flags.always_sign {
            out.push('+');
        }
        out.push_str("nan");
        return out;
    }
    if x.is_sign_negative() {
        out.push('-');
    } else if flags.always_sign {
        out.push('+');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }

    let (digits, decpt) = shortest_digits(x.abs());
    let n = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    if decpt <= -4 || decpt > 16 {
        // Exponent notation: one digit before the point.
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let exp = decpt - 1;
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        );
    } else if decpt <= 0 {
        out.push_str("0.");
        push_zeros(&mut out, -decpt);
        out.push_str(&digits);
    } else if decpt >= n {
        out.push_str(&digits);
        push_zeros(&mut out, decpt - n);
        if flags.add_dot_0 {
            out.push_str(".0");
        }
    } else {
        let (int_part, frac_part) = digits.split_at(decpt.unsigned_abs() as usize);
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac_part);
    }
    out
}

/// The shortest round-tripping decimal digits of a finite, non-negative `x` (no leading or
/// trailing zeros, `"0"` for zero) and `decpt`, the position of the decimal point relative
/// to the first digit: `x = 0.DIGITS × 10^decpt`, as `_Py_dg_dtoa` (mode 0) reports it.
fn shortest_digits(x: f64) -> (String, i32) {
    // `{:e}` writes the shortest round-tripping digits as `D[.DDD]e[-]N`.
    let (mut digits, exp) = split_sci(&format!("{x:e}"));
    if let Some(even) = round_half_even(x, &digits, exp) {
        digits = even;
    }
    (digits, exp + 1)
}

/// Splits Rust's `D[.DDD]e[-]N` into the digit string `DDDD` and the exponent `N`.
fn split_sci(sci: &str) -> (String, i32) {
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let digits = mantissa.chars().filter(|&c| c != '.').collect();
    (digits, exp.parse().unwrap_or(0))
}

/// Gay's `_Py_dg_dtoa` and Rust's shortest formatting differ in one case: when `x` lies
/// exactly halfway between the two closest shortest candidates, Rust takes the upper one
/// and Gay the one whose last digit is even (e.g. `2**-25` is `2.9802322387695312e-08` in
/// CPython, where Rust writes `…313e-8`). Returns the even candidate in that case, which
/// has the same length and exponent as `digits`, provided it reads back as `x`: below a
/// power of two the rounding interval is narrower, so the lower candidate may not
/// round-trip, and then both keep the upper one (`2**-24` is `5.960464477539063e-08`).
fn round_half_even(x: f64, digits: &str, exp: i32) -> Option<String> {
    let last = digits.bytes().last()?;
    // Only an odd last digit can be the upper half of a tie that Gay breaks the other way.
    // (Ties need two shortest candidates within one rounding interval, so in practice they
    // only occur with 16 or 17 digits; the exact checks below make no such assumption.)
    if last % 2 == 0 {
        return None;
    }
    // One more digit, correctly rounded: a tie reads `A5`, with `A` one below `digits`.
    let (longer, longer_exp) = split_sci(&format!("{x:.prec$e}", prec = digits.len()));
    if longer_exp != exp || !longer.ends_with('5') {
        return None;
    }
    // The exact expansion (at most 767 significant digits) proves the tie.
    let (exact, exact_exp) = split_sci(&format!("{x:.800e}"));
    let exact = exact.trim_end_matches('0');
    if exact_exp != exp || exact != longer {
        return None;
    }
    let candidate = &exact[..digits.len()];
    if candidate.bytes().last()? % 2 != 0 || candidate == digits {
        return None;
    }
    let back: f64 = format!("0.{candidate}e{}", exp + 1).parse().ok()?;
    (back.to_bits() == x.to_bits()).then(|| candidate.to_owned())
}

/// Appends `count` zeros (none when `count <= 0`).
fn push_zeros(out: &mut String, count: i32) {
    for _ in 0..count.max(0) {
        out.push('0');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value, CPython 3.14.2's `repr`), checked with the Pyodide oracle; the full set is in
    /// `tests/golden/constant_reprs.txt`.
    #[test]
    fn reprs_match_cpython() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (100.0, "100.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1e22, "1e+22"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (1.5e300, "1.5e+300"),
            (-1.5e-300, "-1.5e-300"),
            (123456789012345.0, "123456789012345.0"),
            (1234567890123456.8, "1234567890123456.8"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (9999999999999998.0, "9999999999999998.0"),
            (2e16 + 8.0, "2.000000000000001e+16"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.00012345, "0.00012345"),
            (0.000012345, "1.2345e-05"),
            // Exact ties between two shortest candidates: CPython takes the even digit.
            (2f64.powi(-25), "2.9802322387695312e-08"),
            (f64::from_bits(0xc3169516bec74209), "-1589093602545794.2"),
            (f64::from_bits(0x43065767e220f3ea), "786069146836605.2"),
            (2f64.powi(-24), "5.960464477539063e-08"),
            (2f64.powi(-21), "4.76837158203125e-07"),
        ];
        for &(x, expected) in cases {
            assert_eq!(float_repr(x), expected, "repr of {x:e}");
        }
    }

    #[test]
    fn flags() {
        let plain = ReprFlags::default();
        let sign = ReprFlags {
            always_sign: true,
            add_dot_0: false,
        };
        assert_eq!(format_float_short(1.0, plain), "1");
        assert_eq!(format_float_short(1e16, plain), "1e+16");
        assert_eq!(format_float_short(0.0, sign), "+0");
        assert_eq!(format_float_short(-1.5, sign), "-1.5");
        assert_eq!(format_float_short(f64::INFINITY, sign), "+inf");
        assert_eq!(format_float_short(-f64::NAN, sign), "+nan");
    }
}
