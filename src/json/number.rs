//! Numbers as ECMAScript's `Number::toString(10)` writes them, which is what `JSON.stringify`
//! uses: the shortest digits that read back as the same double, placed by the spec's rules
//! (plain notation for exponents -7 < e < 21, otherwise `1.5e+21` style).

use crate::prelude::*;

use core::fmt::Write;

/// How a double becomes text and back: the one step of `JSON.stringify` and `JSON.parse` that
/// needs a float algorithm. [`RustNumbers`] implements ECMAScript's rules in Rust. The wasm
/// facade hands both steps to the JavaScript engine, the reference itself, which also keeps
/// Rust's float formatting and parsing (about 40 KB) out of the wasm file.
pub trait NumberText {
    /// Appends a finite, non-zero double that is not an integer below 2^53, exactly as
    /// `String(value)` writes it.
    fn write_float(out: &mut String, value: f64);

    /// Reads text that matches JSON's number grammar, as `Number(text)` does.
    fn read_float(text: &str) -> f64;
}

/// ECMAScript's number text, implemented with Rust's shortest round-trip formatting and its
/// correctly rounded parser.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustNumbers;

/// Integers this small print and parse exactly without float algorithms.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Appends `value` as JSON.stringify would: non-finite values become `null`, `-0` becomes `0`.
pub fn write_number<N: NumberText>(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push_str("null");
    } else if value == 0.0 {
        out.push('0');
    } else if value.abs() < EXACT_INTEGER_LIMIT && (value as i64) as f64 == value {
        let _ = write!(out, "{}", value as i64);
    } else {
        N::write_float(out, value);
    }
}

/// Reads JSON number text (already checked against JSON's grammar) as JSON.parse would.
pub(crate) fn read_number<N: NumberText>(text: &str) -> f64 {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let magnitude = digits.bytes().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0')) as f64;
        return if text.starts_with('-') { -magnitude } else { magnitude };
    }
    N::read_float(text)
}

impl NumberText for RustNumbers {
    fn write_float(out: &mut String, value: f64) {
        // Rust's `{:e}` yields the shortest round-trip digits, as the spec asks; only the layout
        // differs, so take the digits and the exponent and lay them out as ECMAScript does.
        let mut scientific = StackText::new();
        let _ = write!(scientific, "{:e}", value.abs());
        let (mantissa, exponent) = scientific.as_str().split_once('e').unwrap_or((scientific.as_str(), "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let mut digits = StackText::new();
        for c in mantissa.chars().filter(char::is_ascii_digit) {
            let _ = digits.write_char(c);
        }
        if value < 0.0 {
            out.push('-');
        }
        lay_out(out, digits.as_str(), exponent + 1);
    }

    fn read_float(text: &str) -> f64 {
        // Both Rust and JavaScript round correctly to the nearest double.
        text.parse().unwrap_or(f64::NAN)
    }
}

/// Number::toString's layout of digits `d1…dk` with value 0.d1…dk × 10^n.
fn lay_out(out: &mut String, digits: &str, n: i32) {
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_str(digits);
        out.extend(core::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (whole, fraction) = digits.split_at(n as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(core::iter::repeat_n('0', (-n) as usize));
        out.push_str(digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = write!(out, "e{}{}", if n - 1 < 0 { '-' } else { '+' }, (n - 1).abs());
    }
}

/// A small text buffer on the stack: a double's shortest form needs at most 25 bytes.
struct StackText {
    bytes: [u8; 40],
    len: usize,
}

impl StackText {
    fn new() -> Self {
        Self { bytes: [0; 40], len: 0 }
    }

    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl Write for StackText {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{RustNumbers, read_number, write_number};
    use crate::prelude::*;

    fn show(value: f64) -> String {
        let mut out = String::new();
        write_number::<RustNumbers>(&mut out, value);
        out
    }

    #[test]
    fn matches_v8_on_thousands_of_doubles() {
        let file: serde_json::Value = serde_json::from_str(include_str!("../../tests/vectors/numbers.json")).unwrap();
        let cases = file["cases"].as_array().unwrap();
        assert!(cases.len() >= 3000);
        for case in cases {
            let bits = u64::from_str_radix(case[0].as_str().unwrap(), 16).unwrap();
            let expected = case[1].as_str().unwrap();
            let value = f64::from_bits(bits);
            assert_eq!(show(value), expected, "bits {bits:016x}");
            assert_eq!(read_number::<RustNumbers>(expected).to_bits(), if value == 0.0 { 0 } else { bits }, "{expected}");
        }
    }

    #[test]
    fn matches_javascript_number_to_string() {
        // Each right-hand side is what `String(x)` prints in V8 (Node 20).
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (5e-7, "5e-7"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (9007199254740993.0, "9007199254740992"),
            (2f64.powi(60), "1152921504606847000"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
            (-1e-7, "-1e-7"),
            (1.2345e21, "1.2345e+21"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
            (f64::NEG_INFINITY, "null"),
        ];
        for &(value, expected) in cases {
            assert_eq!(show(value), expected, "{value:e}");
            if value.is_finite() {
                assert_eq!(read_number::<RustNumbers>(expected), value.abs() * value.signum());
            }
        }
    }
}
