//! What `diagnose` reports: a stable code, a severity, and plain-words message and hint.

use crate::prelude::*;

use serde::{Serialize, Serializer};

/// A stable name for each thing `diagnose` can find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingCode {
    /// The body given was an already-parsed object, not the raw text.
    BodyParsed,
    /// No secret usable for checking.
    SecretInvalid,
    /// A signature or timestamp header is absent.
    HeaderMissing,
    /// A header with a near-miss name carries the value.
    HeaderRenamed,
    /// The signature has a `sha256=` prefix.
    SignaturePrefixed,
    /// The signature is base64, not hex.
    SignatureBase64,
    /// The signature is not 64 hex digits for another reason.
    SignatureMalformed,
    /// The timestamp is not 1 to 16 decimal digits.
    TimestampMalformed,
    /// The timestamp is in seconds, not milliseconds.
    TimestampInSeconds,
    /// The timestamp is further from now than the tolerance.
    ClockSkew,
    /// The body is not the bytes Twenty sent: it was parsed and written again.
    BodyReserialized,
    /// The payload was passed through JSON.stringify twice.
    DoubleStringified,
    /// The signature covers the body without the timestamp.
    SignedWithoutTimestamp,
    /// The signature covers `timestamp.body` instead of `timestamp:body`.
    WrongSeparator,
    /// The secret has white space around it.
    SecretWhitespace,
    /// The HMAC key was the secret's hex-decoded bytes, not its text.
    SecretDecoded,
    /// The body is not JSON, which Twenty always sends.
    BodyNotJson,
    /// Nothing else explains the mismatch: most likely another secret.
    WrongSecret,
}

impl FindingCode {
    /// The code as JavaScript sees it, e.g. `BODY_RESERIALIZED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BodyParsed => "BODY_PARSED",
            Self::SecretInvalid => "SECRET_INVALID",
            Self::HeaderMissing => "HEADER_MISSING",
            Self::HeaderRenamed => "HEADER_RENAMED",
            Self::SignaturePrefixed => "SIGNATURE_PREFIXED",
            Self::SignatureBase64 => "SIGNATURE_BASE64",
            Self::SignatureMalformed => "SIGNATURE_MALFORMED",
            Self::TimestampMalformed => "TIMESTAMP_MALFORMED",
            Self::TimestampInSeconds => "TIMESTAMP_IN_SECONDS",
            Self::ClockSkew => "CLOCK_SKEW",
            Self::BodyReserialized => "BODY_RESERIALIZED",
            Self::DoubleStringified => "DOUBLE_STRINGIFIED",
            Self::SignedWithoutTimestamp => "SIGNED_WITHOUT_TIMESTAMP",
            Self::WrongSeparator => "WRONG_SEPARATOR",
            Self::SecretWhitespace => "SECRET_WHITESPACE",
            Self::SecretDecoded => "SECRET_DECODED",
            Self::BodyNotJson => "BODY_NOT_JSON",
            Self::WrongSecret => "WRONG_SECRET",
        }
    }
}

impl Serialize for FindingCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How much a finding matters: an error alone stops verification; a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Verification fails because of this.
    Error,
    /// Worth knowing; verification does not fail because of it alone.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One thing `diagnose` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What was found.
    pub code: FindingCode,
    /// Whether it stops verification.
    pub severity: Severity,
    /// What was found, in plain words.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Finding {
    pub(super) fn error(code: FindingCode, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message.into(), hint.into())
    }

    pub(super) fn warning(code: FindingCode, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message.into(), hint.into())
    }

    fn new(code: FindingCode, severity: Severity, message: String, hint: String) -> Self {
        Self { code, severity, message, hint }
    }
}
