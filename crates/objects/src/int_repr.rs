//! Port of the decimal repr of Objects/longobject.c (`long_to_decimal_string`, with its `sys.set_int_max_str_digits` limit): `repr()` of an `int`.
//!
//! Entry points: [`int_repr`] (no limit, for the compiler's own use), [`int_repr_checked`]
//! (CPython's default limit of [`INT_MAX_STR_DIGITS`] digits) and [`int_repr_with_limit`]
//! (a limit as `sys.set_int_max_str_digits` sets it).

use std::fmt;

use num_bigint::BigInt;

/// CPython's default `sys.get_int_max_str_digits()` (`_PY_LONG_DEFAULT_MAX_STR_DIGITS`).
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// The `ValueError` CPython raises when an `int` has more decimal digits than the limit
/// allows (`_MAX_STR_DIGITS_ERROR_FMT_TO_STR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntMaxStrDigitsError {
    /// The limit in force, the `%d` of CPython's message.
    pub limit: usize,
}

impl IntMaxStrDigitsError {
    /// The Python exception class CPython raises: `ValueError`.
    pub fn exception_type(&self) -> &'static str {
        "ValueError"
    }
}

impl fmt::Display for IntMaxStrDigitsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Exceeds the limit ({} digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit",
            self.limit
        )
    }
}

impl std::error::Error for IntMaxStrDigitsError {}

/// The decimal `repr(v)` of a Python `int`, without CPython's digit limit.
///
/// ```
/// use num_bigint::BigInt;
/// use oxpy_objects::int_repr::int_repr;
/// assert_eq!(int_repr(&BigInt::from(-42)), "-42");
/// ```
pub fn int_repr(v: &BigInt) -> String {
    v.to_str_radix(10)
}

/// `repr(v)` of a Python `int` under CPython's default limit: an error when `v` has more
/// than [`INT_MAX_STR_DIGITS`] (4300) decimal digits, the sign not counted.
///
/// ```
/// use num_bigint::BigInt;
/// use oxpy_objects::int_repr::int_repr_checked;
/// let big = BigInt::from(10).pow(4300);
/// let err = int_repr_checked(&big).unwrap_err();
/// assert!(err.to_string().starts_with("Exceeds the limit (4300 digits)"));
/// assert_eq!(int_repr_checked(&(big - 1u8)).map(|s| s.len()), Ok(4300));
/// ```
#[doc(alias = "long_to_decimal_string")]
pub fn int_repr_checked(v: &BigInt) -> Result<String, IntMaxStrDigitsError> {
    int_repr_with_limit(v, INT_MAX_STR_DIGITS)
}

/// `repr(v)` of a Python `int` with `sys.set_int_max_str_digits(max_str_digits)` in force:
/// an error when `v` has more than `max_str_digits` decimal digits (the sign not counted);
/// `0` means no limit, as in CPython.
pub fn int_repr_with_limit(
    v: &BigInt,
    max_str_digits: usize,
) -> Result<String, IntMaxStrDigitsError> {
    if max_str_digits == 0 {
        return Ok(int_repr(v));
    }
    let error = IntMaxStrDigitsError {
        limit: max_str_digits,
    };
    // Refuse huge values before converting, as CPython does: a value of `bits` bits is at
    // least 2^(bits-1) >= 16^((bits-1)/4), which has more than (bits-1)/4 decimal digits.
    let bits = v.bits();
    if bits.saturating_sub(1) / 4 >= u64::try_from(max_str_digits).unwrap_or(u64::MAX) {
        return Err(error);
    }
    let text = int_repr(v);
    let digits = text.len() - usize::from(text.starts_with('-'));
    if digits > max_str_digits {
        return Err(error);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CPython 3.14.2's answers, checked with the Pyodide oracle; the full set is in
    /// `tests/golden/constant_reprs.txt`.
    #[test]
    fn limit_matches_cpython() {
        let ten = BigInt::from(10);
        for (n, nines_ok, pow_ok) in [
            (4299, true, true),
            (4300, true, false),
            (4301, false, false),
        ] {
            for sign in [1, -1] {
                let pow = ten.pow(n) * sign;
                let nines = (ten.pow(n) - 1) * sign;
                assert_eq!(
                    int_repr_checked(&nines).is_ok(),
                    nines_ok,
                    "{sign} * (10**{n} - 1)"
                );
                assert_eq!(int_repr_checked(&pow).is_ok(), pow_ok, "{sign} * 10**{n}");
            }
        }
        let err = int_repr_checked(&ten.pow(10000)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Exceeds the limit (4300 digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit"
        );
        assert_eq!(err.exception_type(), "ValueError");
        assert!(int_repr_with_limit(&ten.pow(10000), 0).is_ok());
        assert!(int_repr_with_limit(&ten.pow(10000), 10001).is_ok());
        assert!(int_repr_with_limit(&ten.pow(10000), 10000).is_err());
    }

    #[test]
    fn small_values() {
        for (v, s) in [(0i64, "0"), (-1, "-1"), (i64::MIN, "-9223372036854775808")] {
            assert_eq!(int_repr(&BigInt::from(v)), s);
        }
    }
}
