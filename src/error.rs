//! Errors, one enum per job. Every variant has a stable `code()` and a `hint()` that says how to
//! fix it, both from the code table (`codes.rs`), and a message (`Display`) with the details. No
//! message or hint ever contains a secret: the variants cannot even hold one.

use crate::prelude::*;

use core::fmt;

use crate::codes::Code;
use crate::json::quote;

/// Signature lengths above this are reported as "over" it: front ends need not pass the rest of
/// an absurd header into the verifier to say it is malformed.
pub const MAX_REPORTED_LENGTH: usize = 256;

/// Why a delivery did not verify, or why a secret or body cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `X-Twenty-Webhook-Signature` header.
    MissingSignature,
    /// No `X-Twenty-Webhook-Timestamp` header.
    MissingTimestamp,
    /// The signature header is not 64 hexadecimal digits.
    MalformedSignature(SignatureProblem),
    /// The timestamp header is not 1–16 decimal digits.
    MalformedTimestamp,
    /// The timestamp is further in the past than the tolerance allows.
    TimestampTooOld {
        /// How far behind `now` the timestamp is.
        age_ms: u64,
        /// The tolerance in force.
        tolerance_ms: u64,
        /// The value is plausible as seconds since the epoch (Twenty sends milliseconds).
        looks_like_seconds: bool,
    },
    /// The timestamp is further in the future than the tolerance allows.
    TimestampTooNew {
        /// How far ahead of `now` the timestamp is.
        ahead_ms: u64,
        /// The tolerance in force.
        tolerance_ms: u64,
    },
    /// No secret produces the signature for this timestamp and body.
    SignatureMismatch,
    /// A secret cannot be used to sign or verify.
    InvalidSecret(SecretProblem),
    /// The body is not raw bytes or text (raised by front ends that accept loosely typed input).
    InvalidBody {
        /// What was received instead, e.g. "a plain object".
        received: String,
    },
}

/// How a signature header is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureProblem {
    /// Starts with `sha256=` (GitHub's style; Twenty sends bare hex).
    Prefixed,
    /// Looks like base64 of 32 bytes.
    Base64,
    /// Not 64 characters long.
    WrongLength(usize),
    /// 64 characters, but not all hexadecimal digits.
    NotHex,
    /// The header appears more than once.
    Repeated,
}

/// Why a secret cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretProblem {
    /// The secret at this position is the empty string.
    Empty {
        /// Position in the list of secrets (0 for a single secret).
        index: usize,
    },
    /// The secret at this position has only white space.
    WhitespaceOnly {
        /// Position in the list of secrets (0 for a single secret).
        index: usize,
    },
    /// The list of secrets is empty.
    NoSecrets,
    /// The secret at this position is not text (raised by front ends with loose typing).
    NotText {
        /// Position in the list of secrets (0 for a single secret).
        index: usize,
    },
}

impl VerifyError {
    /// This error's row in the code table.
    pub fn code_row(&self) -> Code {
        match self {
            Self::MissingSignature => Code::MissingSignature,
            Self::MissingTimestamp => Code::MissingTimestamp,
            Self::MalformedSignature(_) => Code::MalformedSignature,
            Self::MalformedTimestamp => Code::MalformedTimestamp,
            Self::TimestampTooOld { .. } => Code::TimestampTooOld,
            Self::TimestampTooNew { .. } => Code::TimestampTooNew,
            Self::SignatureMismatch => Code::SignatureMismatch,
            Self::InvalidSecret(_) => Code::InvalidSecret,
            Self::InvalidBody { .. } => Code::InvalidBody,
        }
    }

    /// The row whose hint fits best: this error's own, or that of the finer cause it knows
    /// (a prefixed or base64 signature, a timestamp in seconds).
    pub fn hint_row(&self) -> Code {
        match self {
            Self::MalformedSignature(SignatureProblem::Prefixed) => Code::SignaturePrefixed,
            Self::MalformedSignature(SignatureProblem::Base64) => Code::SignatureBase64,
            Self::TimestampTooOld { looks_like_seconds: true, .. } => Code::TimestampInSeconds,
            _ => self.code_row(),
        }
    }

    /// The stable, upper-case code for this error.
    pub fn code(&self) -> &'static str {
        self.code_row().as_str()
    }

    /// How to fix it, in one or two sentences.
    pub fn hint(&self) -> &'static str {
        self.hint_row().hint()
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Static messages are the table's summaries; `const` keeps the others out of the build.
            Self::MissingSignature => f.write_str(const { Code::MissingSignature.summary() }),
            Self::MissingTimestamp => f.write_str(const { Code::MissingTimestamp.summary() }),
            Self::MalformedTimestamp => f.write_str(const { Code::MalformedTimestamp.summary() }),
            Self::SignatureMismatch => f.write_str(const { Code::SignatureMismatch.summary() }),
            Self::MalformedSignature(problem) => match problem {
                SignatureProblem::Prefixed => f.write_str(const { Code::SignaturePrefixed.summary() }),
                SignatureProblem::Base64 => f.write_str(const { Code::SignatureBase64.summary() }),
                SignatureProblem::WrongLength(len) if *len > MAX_REPORTED_LENGTH => {
                    write!(f, "The signature is over {MAX_REPORTED_LENGTH} characters long; Twenty sends 64 hex digits.")
                }
                SignatureProblem::WrongLength(len) => write!(f, "The signature is {len} characters long; Twenty sends 64 hex digits."),
                SignatureProblem::NotHex => f.write_str("The signature has characters that are not hexadecimal digits."),
                SignatureProblem::Repeated => f.write_str("The X-Twenty-Webhook-Signature header appears more than once."),
            },
            Self::TimestampTooOld { age_ms, tolerance_ms, .. } => {
                write!(f, "The timestamp is {age_ms} ms in the past, beyond the tolerance of {tolerance_ms} ms.")
            }
            Self::TimestampTooNew { ahead_ms, tolerance_ms } => {
                write!(f, "The timestamp is {ahead_ms} ms in the future, beyond the tolerance of {tolerance_ms} ms.")
            }
            Self::InvalidSecret(problem) => match problem {
                SecretProblem::Empty { index } => write!(f, "Secret #{index} is empty."),
                SecretProblem::WhitespaceOnly { index } => {
                    write!(f, "Secret #{index} has only white space.")
                }
                SecretProblem::NoSecrets => f.write_str("No secret was given."),
                SecretProblem::NotText { index } => write!(f, "Secret #{index} is not a string."),
            },
            Self::InvalidBody { received } => write!(f, "The body must be the raw request body, as bytes or text, not {received}."),
        }
    }
}

impl core::error::Error for VerifyError {}

/// Why an event cannot be turned into a Twenty payload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadError {
    /// The event name is not `<object>.<action>`, or names an action Twenty does not deliver.
    InvalidEventName {
        /// The name as given.
        event_name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `eventName` and `objectMetadata.nameSingular` name different objects.
    ObjectMismatch {
        /// The object part of `eventName`.
        event_object: String,
        /// `objectMetadata.nameSingular`.
        name_singular: String,
    },
    /// The event date is not a valid date.
    InvalidEventDate {
        /// What is wrong with it.
        reason: String,
    },
    /// A field of the event is missing or of the wrong type.
    InvalidField {
        /// The field's name, e.g. `workspaceId`.
        field: String,
        /// What was expected, e.g. "a string".
        expected: &'static str,
    },
    /// A value in the record cannot be serialised as JSON.stringify would.
    Unserializable {
        /// Where it is, e.g. `record.amount`.
        path: String,
        /// Why, e.g. "a BigInt".
        reason: String,
    },
    /// No sample record can be made for this object name.
    InvalidObjectName {
        /// The name as given.
        name: String,
    },
    /// A verified body is not JSON, so it has no payload to read.
    InvalidJson {
        /// What the JSON reader said.
        reason: String,
    },
}

impl PayloadError {
    /// This error's row in the code table.
    pub fn code_row(&self) -> Code {
        match self {
            Self::InvalidEventName { .. } => Code::InvalidEventName,
            Self::ObjectMismatch { .. } => Code::EventObjectMismatch,
            Self::InvalidEventDate { .. } => Code::InvalidEventDate,
            Self::InvalidField { .. } => Code::InvalidEvent,
            Self::Unserializable { .. } => Code::UnserializableValue,
            Self::InvalidObjectName { .. } => Code::InvalidObjectName,
            Self::InvalidJson { .. } => Code::InvalidJson,
        }
    }

    /// The stable, upper-case code for this error.
    pub fn code(&self) -> &'static str {
        self.code_row().as_str()
    }

    /// How to fix it, in one or two sentences.
    pub fn hint(&self) -> &'static str {
        self.code_row().hint()
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidEventName { event_name, reason } => {
                write!(f, "Invalid event name {}: {reason}.", quote(event_name))
            }
            Self::ObjectMismatch { event_object, name_singular } => {
                write!(f, "eventName names the object {} but objectMetadata.nameSingular is {}.", quote(event_object), quote(name_singular))
            }
            Self::InvalidEventDate { reason } => write!(f, "Invalid eventDate: {reason}."),
            Self::InvalidField { field, expected } => {
                write!(f, "The event's {field} must be {expected}.")
            }
            Self::Unserializable { path, reason } => {
                write!(f, "{path} cannot be serialised as JSON: {reason}.")
            }
            Self::InvalidObjectName { name } => {
                write!(f, "{} is not an object name Twenty could have.", quote(name))
            }
            Self::InvalidJson { reason } => write!(f, "The verified body is not JSON: {reason}."),
        }
    }
}

impl core::error::Error for PayloadError {}
