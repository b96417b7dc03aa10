//! The headers Twenty sends with a signed delivery, and how their values are read.

use crate::error::{SignatureProblem, VerifyError};
use crate::signing::Signature;

// Names as Twenty writes them; receivers must compare them case-insensitively.

/// The signature: lowercase hex HMAC-SHA256 of `timestamp:body`.
pub const SIGNATURE_HEADER: &str = "X-Twenty-Webhook-Signature";
/// The timestamp: `Date.now()` as decimal text, milliseconds since the epoch.
pub const TIMESTAMP_HEADER: &str = "X-Twenty-Webhook-Timestamp";
/// A random 32-hex-digit nonce. Not covered by the signature, so it proves nothing.
pub const NONCE_HEADER: &str = "X-Twenty-Webhook-Nonce";
/// The body's media type; Twenty always sends `application/json`.
pub const CONTENT_TYPE: &str = "application/json";

/// The longest timestamp accepted. `Date.now()` has 13 digits until the year 2286; 16 leave
/// room for any clock and fit a `u64`. (Above 2^53, JavaScript numbers round, but such values
/// lie ages outside any tolerance.)
pub const MAX_TIMESTAMP_DIGITS: usize = 16;

/// The signature and timestamp headers of one delivery, and its raw body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery<'a> {
    /// The `X-Twenty-Webhook-Timestamp` value, if present.
    pub timestamp: Option<&'a str>,
    /// The `X-Twenty-Webhook-Signature` value, if present.
    pub signature: Option<&'a str>,
    /// The `X-Twenty-Webhook-Nonce` value, if present.
    pub nonce: Option<&'a str>,
    /// The raw body exactly as received.
    pub body: &'a [u8],
}

impl<'a> Delivery<'a> {
    /// Picks Twenty's headers out of `(name, value)` pairs, names in any case. When a header
    /// appears twice, the first is taken and the delivery is refused as malformed, because an
    /// HTTP hop would have joined the two into one list-valued header.
    pub fn from_headers<N: AsRef<str>, V: AsRef<str>>(headers: &'a [(N, V)], body: &'a [u8]) -> Self {
        let find = |wanted: &str| {
            let mut values = headers.iter().filter(|(name, _)| name.as_ref().eq_ignore_ascii_case(wanted)).map(|(_, value)| value.as_ref());
            let first = values.next();
            match values.next() {
                Some(_) => Some(DUPLICATED),
                None => first,
            }
        };
        Self { timestamp: find(TIMESTAMP_HEADER), signature: find(SIGNATURE_HEADER), nonce: find(NONCE_HEADER), body }
    }
}

/// What a repeated header reads as: never a valid timestamp, signature or nonce.
pub(crate) const DUPLICATED: &str = "(header repeated)";

/// Reads a timestamp header: 1 to 16 ASCII decimal digits, milliseconds since the epoch.
pub fn parse_timestamp(raw: &str) -> Result<u64, VerifyError> {
    let digits = raw.as_bytes();
    if digits.is_empty() || digits.len() > MAX_TIMESTAMP_DIGITS || !digits.iter().all(u8::is_ascii_digit) {
        return Err(VerifyError::MalformedTimestamp);
    }
    Ok(digits.iter().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0')))
}

/// Reads a signature header: exactly 64 hexadecimal digits, either case.
pub fn parse_signature(raw: &str) -> Result<Signature, VerifyError> {
    let malformed = || VerifyError::MalformedSignature(classify_malformed(raw));
    let digits = raw.as_bytes();
    if digits.len() != 64 {
        return Err(malformed());
    }
    let mut signature = [0u8; 32];
    for (byte, pair) in signature.iter_mut().zip(digits.chunks_exact(2)) {
        match (nibble(pair[0]), nibble(pair[1])) {
            (Some(high), Some(low)) => *byte = (high << 4) | low,
            _ => return Err(malformed()),
        }
    }
    Ok(signature)
}

/// A hexadecimal digit's value. Inlined: this runs on every delivery, in a crate built for size.
#[inline(always)]
fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Names the likely mistake behind a malformed signature, for the error's message and hint.
fn classify_malformed(raw: &str) -> SignatureProblem {
    let prefixed = raw.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("sha256="));
    // Repeated values arrive joined by commas (as HTTP joins them), which no signature has.
    if raw == DUPLICATED || raw.contains(',') {
        SignatureProblem::Repeated
    } else if prefixed {
        SignatureProblem::Prefixed
    } else if crate::base64::decode_32(raw).is_some() {
        SignatureProblem::Base64
    } else if raw.len() != 64 {
        SignatureProblem::WrongLength(raw.chars().count())
    } else {
        SignatureProblem::NotHex
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn timestamps_are_one_to_sixteen_digits() {
        assert_eq!(parse_timestamp("1735066639761"), Ok(1_735_066_639_761));
        assert_eq!(parse_timestamp("0"), Ok(0));
        assert_eq!(parse_timestamp("9999999999999999"), Ok(9_999_999_999_999_999));
        for bad in ["", "17350666397610000", "-1", "+1", "1.5", " 1", "1e3", "١٢"] {
            assert_eq!(parse_timestamp(bad), Err(VerifyError::MalformedTimestamp), "{bad:?}");
        }
    }

    #[test]
    fn signatures_are_64_hex_digits_in_either_case() {
        let lower = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(parse_signature(lower), parse_signature(&lower.to_uppercase()));
        let problem = |raw: &str| match parse_signature(raw) {
            Err(VerifyError::MalformedSignature(p)) => p,
            other => panic!("{raw:?} gave {other:?}"),
        };
        assert_eq!(problem(&format!("sha256={lower}")), SignatureProblem::Prefixed);
        assert_eq!(problem("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="), SignatureProblem::Base64);
        assert_eq!(problem("abc"), SignatureProblem::WrongLength(3));
        assert_eq!(problem(&format!("{lower}, {lower}")), SignatureProblem::Repeated);
        assert_eq!(problem(&lower.replace('5', "g")), SignatureProblem::NotHex);
    }

    #[test]
    fn headers_are_found_in_any_case_and_repeats_are_refused() {
        let headers = [("X-Twenty-Webhook-Timestamp", "1"), ("x-twenty-webhook-SIGNATURE", "ab")];
        let delivery = Delivery::from_headers(&headers, b"{}");
        assert_eq!(delivery.timestamp, Some("1"));
        assert_eq!(delivery.signature, Some("ab"));
        assert_eq!(delivery.nonce, None);

        let repeated = [(TIMESTAMP_HEADER, "1"), ("x-twenty-webhook-timestamp", "1"), (SIGNATURE_HEADER, "a"), (SIGNATURE_HEADER, "b")];
        let delivery = Delivery::from_headers(&repeated, b"");
        assert_eq!(delivery.timestamp.map(parse_timestamp), Some(Err(VerifyError::MalformedTimestamp)));
        assert_eq!(delivery.signature.map(parse_signature), Some(Err(VerifyError::MalformedSignature(SignatureProblem::Repeated))));
    }
}
