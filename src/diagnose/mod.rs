//! Why a delivery does not verify. `diagnose` re-runs verification step by step and, where the
//! signature does not match, tries the known mistakes one by one (re-serialised body, double
//! stringify, trimmed or hex-decoded secret, other framings) until one reproduces the signature.

use crate::prelude::*;

mod body;
mod finding;

pub use finding::{Finding, Severity};

use body::BodyReadings;

use crate::base64;
use crate::codes::Code;
use crate::error::{SignatureProblem, VerifyError};
use crate::freshness::check_freshness;
use crate::headers::{DUPLICATED, Delivery, SIGNATURE_HEADER, TIMESTAMP_HEADER, parse_signature, parse_timestamp};
use crate::json::{JsonValue, NumberText, RustNumbers, quote};
use crate::signing::{Signature, SigningKey};

/// A delivery to examine, and what the receiver believes. `Debug` never shows the secrets.
#[derive(Clone, Copy)]
pub struct DiagnoseInput<'a> {
    /// The secret or secrets the receiver verifies with.
    pub secrets: &'a [String],
    /// Every header received, names in any case.
    pub headers: &'a [(String, String)],
    /// The body as the receiver has it.
    pub body: DiagnoseBody<'a>,
    /// The receiver's clock.
    pub now_ms: i64,
    /// The receiver's tolerance.
    pub tolerance_ms: u64,
}

impl core::fmt::Debug for DiagnoseInput<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DiagnoseInput")
            .field("secrets", &format_args!("[REDACTED; {}]", self.secrets.len()))
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("now_ms", &self.now_ms)
            .field("tolerance_ms", &self.tolerance_ms)
            .finish()
    }
}

/// The body as the receiver has it: raw bytes, or (a mistake in itself) a parsed value.
#[derive(Debug, Clone, Copy)]
pub enum DiagnoseBody<'a> {
    /// The bytes as received.
    Raw(&'a [u8]),
    /// A value already parsed from the body; examined as JSON.stringify would write it.
    Parsed(&'a JsonValue),
    /// A value already parsed from the body, written again as JSON text by the caller.
    ParsedText(&'a [u8]),
}

/// Everything that keeps the delivery from verifying, in the order verification meets it, plus
/// warnings. A delivery that verifies has no finding of severity [`Severity::Error`].
pub fn diagnose(input: &DiagnoseInput<'_>) -> Vec<Finding> {
    diagnose_with::<RustNumbers>(input)
}

/// [`diagnose`] with JSON numbers read and written by `N`.
pub fn diagnose_with<N: NumberText>(input: &DiagnoseInput<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let written;
    let body: &[u8] = match input.body {
        DiagnoseBody::Raw(bytes) => bytes,
        DiagnoseBody::Parsed(value) => {
            findings.push(parsed_finding());
            written = crate::json::stringify_with::<N>(value).unwrap_or_default();
            written.as_bytes()
        }
        DiagnoseBody::ParsedText(text) => {
            findings.push(parsed_finding());
            text
        }
    };
    let keys = candidate_keys(input.secrets);
    if keys.is_empty() {
        findings.push(Finding::error(
            Code::InvalidSecret,
            "No usable secret was given: an empty or white-space secret cannot check a signature.",
        ));
        return findings;
    }
    // The headers exactly as verification reads them (a repeated one reads as malformed), then
    // near misses for the ones it does not find.
    let delivery = Delivery::from_headers(input.headers, body);
    let signature_raw = delivery.signature.or_else(|| near_miss(input.headers, SIGNATURE_HEADER, &mut findings));
    let timestamp_raw = delivery.timestamp.or_else(|| near_miss(input.headers, TIMESTAMP_HEADER, &mut findings));
    let (Some(signature_raw), Some(timestamp_raw)) = (signature_raw, timestamp_raw) else {
        return findings;
    };
    let timestamp = read_timestamp(timestamp_raw, &mut findings);
    let Some(signature) = read_signature(signature_raw, &mut findings) else {
        freshness_findings(input, timestamp, false, &mut findings);
        return findings;
    };
    let genuine = explain_signature::<N>(&keys, input.secrets, timestamp_raw, body, &signature, &mut findings);
    freshness_findings(input, timestamp, genuine, &mut findings);
    findings
}

fn parsed_finding() -> Finding {
    Finding::error(
        Code::BodyParsed,
        "The body given is a parsed object, not the raw text Twenty signed; it was examined as JSON.stringify would write it.",
    )
}

/// A key to try, and which mistake it stands for (none for the secret as given).
struct CandidateKey {
    key: SigningKey,
    mistake: Option<Code>,
}

fn candidate_keys(secrets: &[String]) -> Vec<CandidateKey> {
    let mut keys = Vec::new();
    for secret in secrets {
        let Ok(key) = SigningKey::new(secret) else { continue };
        keys.push(CandidateKey { key, mistake: None });
        let trimmed = secret.trim();
        if trimmed != secret {
            keys.push(CandidateKey { key: SigningKey::from_key_bytes(trimmed.as_bytes()), mistake: Some(Code::SecretWhitespace) });
        }
        if let Ok(decoded) = hex::decode(trimmed) {
            keys.push(CandidateKey { key: SigningKey::from_key_bytes(&decoded), mistake: Some(Code::SecretDecoded) });
        }
    }
    keys
}

/// A header that is not there by its name: its value under a near-miss name, reported as
/// renamed, or nothing, reported as missing.
fn near_miss<'h>(headers: &'h [(String, String)], canonical: &str, findings: &mut Vec<Finding>) -> Option<&'h str> {
    let display = canonical;
    let word = canonical.rsplit('-').next().unwrap_or(canonical).to_ascii_lowercase();
    let near_miss = headers.iter().find(|(name, _)| contains_ignoring_case(name, &word));
    if let Some((name, value)) = near_miss {
        findings.push(Finding::error(
            Code::HeaderRenamed,
            format!("The {word} arrived in a header named {}, not {display}.", quote(&shorten(name))),
        ));
        return Some(value);
    }
    let any_twenty_header = headers.iter().any(|(name, _)| name.get(..17).is_some_and(|p| p.eq_ignore_ascii_case("x-twenty-webhook-")));
    let missing = if canonical == SIGNATURE_HEADER { Code::MissingSignature } else { Code::MissingTimestamp };
    findings.push(Finding::error(
        missing,
        if any_twenty_header {
            format!("There is no {display} header, while other X-Twenty-Webhook-* headers arrived: something on the way drops it.")
        } else {
            format!("There is no {display} header, nor any X-Twenty-Webhook-* header: the webhook may have no secret.")
        },
    ));
    None
}

fn read_timestamp(raw: &str, findings: &mut Vec<Finding>) -> Option<u64> {
    match parse_timestamp(raw) {
        Ok(timestamp) => Some(timestamp),
        Err(_) => {
            // The value is not echoed: whatever was put there, a message is no place for it.
            let message = if raw == DUPLICATED || raw.contains(',') {
                "The X-Twenty-Webhook-Timestamp header appears more than once.".to_owned()
            } else {
                format!("The X-Twenty-Webhook-Timestamp header is not 1 to 16 decimal digits (it has {} characters).", raw.chars().count())
            };
            findings.push(Finding::error(Code::MalformedTimestamp, message));
            None
        }
    }
}

fn read_signature(raw: &str, findings: &mut Vec<Finding>) -> Option<Signature> {
    let error = match parse_signature(raw) {
        Ok(signature) => return Some(signature),
        Err(error) => error,
    };
    match error {
        VerifyError::MalformedSignature(SignatureProblem::Prefixed) => {
            findings.push(Finding::error(Code::SignaturePrefixed, error.to_string()));
            raw.get(7..).and_then(|hex| parse_signature(hex).ok())
        }
        VerifyError::MalformedSignature(SignatureProblem::Base64) => {
            findings.push(Finding::error(Code::SignatureBase64, error.to_string()));
            base64::decode_32(raw)
        }
        _ => {
            findings.push(Finding::error(Code::MalformedSignature, error.to_string()));
            None
        }
    }
}

/// How a message to sign was framed, and which mistake each framing stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Framing {
    AsTwenty,
    Compact,
    TwentyOrdered,
    StringifiedAgain,
    InnerText,
    BodyOnly,
    DotSeparator,
}

/// Tries each key with each framing; reports what reproduces the signature, or what is left.
/// Returns whether the signature is genuine for the body as received.
fn explain_signature<N: NumberText>(
    keys: &[CandidateKey],
    secrets: &[String],
    timestamp: &str,
    body: &[u8],
    signature: &Signature,
    findings: &mut Vec<Finding>,
) -> bool {
    let signed_as =
        |framing: Framing, message: &[&[u8]]| keys.iter().find(|k| k.key.sign_parts(message) == *signature).map(|k| (framing, k.mistake));
    let ts = timestamp.as_bytes();
    if let Some((_, None)) = signed_as(Framing::AsTwenty, &[ts, b":", body]) {
        return true;
    }
    let readings = BodyReadings::of::<N>(body);
    let mut attempts: Vec<(Framing, Vec<&[u8]>)> = vec![(Framing::AsTwenty, vec![ts, b":", body])];
    if let Some(compact) = readings.compact.as_deref().filter(|c| c.as_bytes() != body) {
        attempts.push((Framing::Compact, vec![ts, b":", compact.as_bytes()]));
    }
    if let Some(ordered) = &readings.twenty_ordered {
        attempts.push((Framing::TwentyOrdered, vec![ts, b":", ordered.as_bytes()]));
    }
    attempts.push((Framing::StringifiedAgain, vec![ts, b":", readings.stringified_again.as_bytes()]));
    if let Some(inner) = &readings.inner_text {
        attempts.push((Framing::InnerText, vec![ts, b":", inner.as_bytes()]));
    }
    attempts.push((Framing::BodyOnly, vec![body]));
    attempts.push((Framing::DotSeparator, vec![ts, b".", body]));

    let found = attempts.iter().find_map(|(framing, message)| signed_as(*framing, message));
    match found {
        Some((framing, mistake)) => {
            if let Some(mistake) = mistake {
                findings.push(key_finding(mistake));
            }
            if let Some(finding) = framing_finding(framing, &readings) {
                findings.push(finding);
            }
        }
        None => unexplained(secrets, body, &readings, findings),
    }
    false
}

fn key_finding(mistake: Code) -> Finding {
    if mistake == Code::SecretWhitespace {
        Finding::error(mistake, "The secret has white space around it; the signature matches the secret without it.")
    } else {
        Finding::error(
            mistake,
            "The signature was made with the secret's hex-decoded bytes as the HMAC key; Twenty keys the HMAC with the secret's text.",
        )
    }
}

fn framing_finding(framing: Framing, readings: &BodyReadings) -> Option<Finding> {
    let finding = match framing {
        Framing::AsTwenty => return None,
        Framing::Compact => Finding::error(
            Code::BodyReserialized,
            format!(
                "The body is not the bytes Twenty sent: it was parsed and written again ({}). Written back in Twenty's form, it matches the signature.",
                if readings.only_whitespace_added { "white space was added" } else { "escapes or number formats changed" }
            ),
        ),
        Framing::TwentyOrdered => Finding::error(
            Code::BodyReserialized,
            "The body is not the bytes Twenty sent: its keys were reordered. In Twenty's key order, it matches the signature.",
        ),
        Framing::StringifiedAgain => Finding::error(
            Code::DoubleStringified,
            "The signature was computed over JSON.stringify of the body text: the payload was stringified twice, the mistake in Twenty's documentation example.",
        ),
        Framing::InnerText => Finding::error(
            Code::DoubleStringified,
            "The body is a JSON string holding the JSON payload: it was stringified twice before sending, while the signature covers it stringified once.",
        ),
        Framing::BodyOnly => Finding::error(
            Code::SignedWithoutTimestamp,
            "The signature covers the body alone; Twenty signs the timestamp, a colon, then the body.",
        ),
        Framing::DotSeparator => Finding::error(
            Code::WrongSeparator,
            "The signature covers timestamp.body with a dot, as Stripe and Standard Webhooks do; Twenty uses a colon.",
        ),
    };
    Some(finding)
}

/// No known mistake reproduces the signature: say what is certain about the body, and what is
/// left is the secret.
fn unexplained(secrets: &[String], body: &[u8], readings: &BodyReadings, findings: &mut Vec<Finding>) {
    let reserialized = readings.compact.as_deref().is_some_and(|c| c.as_bytes() != body);
    if reserialized || readings.twenty_ordered.is_some() || readings.keys_sorted {
        let what = if readings.twenty_ordered.is_some() {
            "its top-level keys are not in Twenty's order"
        } else if readings.keys_sorted {
            "every object has its keys in alphabetical order, as key-sorting writers leave them"
        } else if readings.only_whitespace_added {
            "white space was added"
        } else {
            "escapes or number formats differ from JSON.stringify's"
        };
        findings.push(Finding::error(
            Code::BodyReserialized,
            format!(
                "The body is not the bytes Twenty sent: {what}, so it was parsed and written again. The original bytes cannot be recovered from it."
            ),
        ));
        return;
    }
    if readings.compact.is_none() {
        findings.push(Finding::warning(
            Code::BodyNotJson,
            "The body is not JSON, while Twenty always sends JSON: it may have been cut short or altered on the way.",
        ));
    }
    if secrets.iter().any(|s| s.trim() != s) {
        findings.push(Finding::warning(
            Code::SecretWhitespace,
            "The secret has white space around it. Twenty uses a secret exactly as typed, so check whether that white space belongs to it.",
        ));
    }
    findings.push(Finding::error(
        Code::WrongSecret,
        "The signature does not match, and none of the usual mistakes explains it: most likely the secret differs from the webhook's secret in Twenty.",
    ));
}

fn freshness_findings(input: &DiagnoseInput<'_>, timestamp: Option<u64>, genuine: bool, findings: &mut Vec<Finding>) {
    let Some(timestamp) = timestamp else { return };
    let Err(error) = check_freshness(timestamp, input.now_ms, input.tolerance_ms) else { return };
    let the = if genuine { "The signature is genuine, but the" } else { "The" };
    let finding = match error {
        VerifyError::TimestampTooOld { looks_like_seconds: true, .. } => Finding::error(
            Code::TimestampInSeconds,
            format!("{the} timestamp {timestamp} looks like seconds since the epoch; Twenty sends milliseconds."),
        ),
        VerifyError::TimestampTooOld { age_ms, tolerance_ms, .. } => Finding::error(
            Code::TimestampTooOld,
            format!("{the} timestamp is {age_ms} ms in the past, beyond the tolerance of {tolerance_ms} ms."),
        ),
        VerifyError::TimestampTooNew { ahead_ms, tolerance_ms } => Finding::error(
            Code::TimestampTooNew,
            format!("{the} timestamp is {ahead_ms} ms in the future, beyond the tolerance of {tolerance_ms} ms."),
        ),
        _ => return,
    };
    findings.push(finding);
}

/// Whether `lower` (lower-case ASCII) occurs in `text`, ignoring ASCII case.
fn contains_ignoring_case(text: &str, lower: &str) -> bool {
    text.as_bytes().windows(lower.len()).any(|window| window.eq_ignore_ascii_case(lower.as_bytes()))
}

/// Caps echoed input, so a huge header cannot make a huge message.
fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secrets() {
        let secrets = ["top-secret-value".to_owned()];
        let input = DiagnoseInput { secrets: &secrets, headers: &[], body: DiagnoseBody::Raw(b"{}"), now_ms: 0, tolerance_ms: 0 };
        let shown = format!("{input:?}");
        assert!(!shown.contains("top-secret") && shown.contains("REDACTED"), "{shown}");
    }
}
