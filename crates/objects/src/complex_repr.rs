//! Port of the repr of Objects/complexobject.c (`complex_repr`): `repr()` of a `complex`.
//!
//! Entry point: [`complex_repr`]. Both parts use the `'r'` mode of `PyOS_double_to_string`
//! ([`format_float_short`]) without `.0`; the real part is left out, with the parentheses,
//! exactly when it is `+0.0`.

use crate::float_repr::{ReprFlags, format_float_short};

/// `repr(complex(re, im))`, exactly as CPython 3.14's `complex_repr` writes it.
///
/// When `re` is `+0.0` the result is the imaginary part followed by `j` (`1j`, `-0j`,
/// `infj`, `nanj`); otherwise it is `(RE±IMj)` with the imaginary part's sign always
/// written (`(1+2j)`, `(1-0j)`, `(-0-1j)`, `(nan+nanj)`).
///
/// ```
/// use oxpy_objects::complex_repr::complex_repr;
/// assert_eq!(complex_repr(0.0, 1.0), "1j");
/// assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
/// assert_eq!(complex_repr(-0.0, -1.0), "(-0-1j)"); // repr(-1j)
/// assert_eq!(complex_repr(1e16, 1e-5), "(1e+16+1e-05j)");
/// ```
pub fn complex_repr(re: f64, im: f64) -> String {
    if re == 0.0 && re.is_sign_positive() {
        let mut out = format_float_short(im, ReprFlags::default());
        out.push('j');
        return out;
    }
    let re_text = format_float_short(re, ReprFlags::default());
    let im_text = format_float_short(
        im,
        ReprFlags {
            always_sign: true,
            add_dot_0: false,
        },
    );
    let mut out = String::with_capacity(re_text.len() + im_text.len() + 3);
    out.push('(');
    out.push_str(&re_text);
    out.push_str(&im_text);
    out.push_str("j)");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (real, imaginary, CPython 3.14.2's `repr`), checked with the Pyodide oracle; the full
    /// set is in `tests/golden/constant_reprs.txt`.
    #[test]
    fn reprs_match_cpython() {
        let cases: &[(f64, f64, &str)] = &[
            (0.0, 0.0, "0j"),
            (0.0, -0.0, "-0j"),
            (-0.0, 0.0, "(-0+0j)"),
            (-0.0, -0.0, "(-0-0j)"),
            (0.0, 1.0, "1j"),
            (-0.0, -1.0, "(-0-1j)"),
            (-0.0, 1.0, "(-0+1j)"),
            (1.0, -0.0, "(1-0j)"),
            (1.0, 2.0, "(1+2j)"),
            (0.0, 2.5, "2.5j"),
            (0.0, 1e16, "1e+16j"),
            (0.0, f64::INFINITY, "infj"),
            (0.0, f64::NEG_INFINITY, "-infj"),
            (0.0, f64::NAN, "nanj"),
            (0.0, -f64::NAN, "nanj"),
            (-0.0, f64::NAN, "(-0+nanj)"),
            (1.0, f64::NEG_INFINITY, "(1-infj)"),
            (f64::NAN, f64::NAN, "(nan+nanj)"),
            (-1.5, 5e-324, "(-1.5+5e-324j)"),
            (123456.789, 0.1, "(123456.789+0.1j)"),
        ];
        for &(re, im, expected) in cases {
            assert_eq!(
                complex_repr(re, im),
                expected,
                "repr of complex({re}, {im})"
            );
        }
    }
}
