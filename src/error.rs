//! Errors, one enum per job. Every variant has a stable `code()` (what JavaScript matches on), a
//! message (`Display`) and a `hint()` that says how to fix it. No message or hint ever contains a
//! secret: the variants cannot even hold one.

use crate::prelude::*;

use core::fmt;

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
    /// The stable, upper-case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingSignature => "MISSING_SIGNATURE",
            Self::MissingTimestamp => "MISSING_TIMESTAMP",
            Self::MalformedSignature(_) => "MALFORMED_SIGNATURE",
            Self::MalformedTimestamp => "MALFORMED_TIMESTAMP",
            Self::TimestampTooOld { .. } => "TIMESTAMP_TOO_OLD",
            Self::TimestampTooNew { .. } => "TIMESTAMP_TOO_NEW",
            Self::SignatureMismatch => "SIGNATURE_MISMATCH",
            Self::InvalidSecret(_) => "INVALID_SECRET",
            Self::InvalidBody { .. } => "INVALID_BODY",
        }
    }

    /// How to fix it, in one or two sentences.
    pub fn hint(&self) -> String {
        match self {
            Self::MissingSignature | Self::MissingTimestamp => {
                "Twenty signs a delivery only when the webhook has a secret: set one in Settings → \
                 APIs & Webhooks, and make sure proxies in front of you pass the \
                 X-Twenty-Webhook-* headers through."
                    .into()
            }
            Self::MalformedSignature(SignatureProblem::Prefixed) => {
                "Twenty sends the signature as bare lowercase hex, with no \"sha256=\" prefix; pass \
                 the X-Twenty-Webhook-Signature header exactly as received."
                    .into()
            }
            Self::MalformedSignature(SignatureProblem::Base64) => {
                "Twenty's signature is hex, not base64; pass the X-Twenty-Webhook-Signature header \
                 exactly as received."
                    .into()
            }
            Self::MalformedSignature(_) => "Expected 64 hexadecimal digits (HMAC-SHA256 as hex); pass the \
                 X-Twenty-Webhook-Signature header exactly as received."
                .into(),
            Self::MalformedTimestamp => "Expected milliseconds since the epoch as 1 to 16 decimal digits; pass the \
                 X-Twenty-Webhook-Timestamp header exactly as received."
                .into(),
            Self::TimestampTooOld { looks_like_seconds: true, .. } => {
                "The timestamp looks like seconds since the epoch, but Twenty sends milliseconds \
                 (Date.now()). If you sign test deliveries yourself, use milliseconds."
                    .into()
            }
            Self::TimestampTooOld { .. } => "Either this is a replay of an old delivery, or your clock is behind the sender's: \
                 check NTP on this machine, or raise toleranceMs if deliveries queue for long."
                .into(),
            Self::TimestampTooNew { .. } => "The sender's clock is ahead of yours: check NTP on this machine, or raise \
                 toleranceMs to allow more skew."
                .into(),
            Self::SignatureMismatch => "Use the raw request body exactly as received (not a re-serialised JSON object) and \
                 the exact secret from Twenty's webhook settings; Twenty signs \
                 `${timestamp}:${body}` with HMAC-SHA256. diagnose() names the usual causes."
                .into(),
            Self::InvalidSecret(_) => "Pass the webhook's secret from Twenty's settings. An empty secret means Twenty \
                 sends unsigned deliveries, which cannot be verified."
                .into(),
            Self::InvalidBody { .. } => "Read the body before any JSON parsing, e.g. await request.text() or \
                 request.arrayBuffer(), or express.raw({ type: \"application/json\" })."
                .into(),
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingSignature => f.write_str("The X-Twenty-Webhook-Signature header is missing."),
            Self::MissingTimestamp => f.write_str("The X-Twenty-Webhook-Timestamp header is missing."),
            Self::MalformedSignature(problem) => match problem {
                SignatureProblem::Prefixed => f.write_str("The signature has a \"sha256=\" prefix; Twenty sends 64 bare hex digits."),
                SignatureProblem::Base64 => f.write_str("The signature looks like base64; Twenty sends 64 hex digits."),
                SignatureProblem::WrongLength(len) if *len > MAX_REPORTED_LENGTH => {
                    write!(f, "The signature is over {MAX_REPORTED_LENGTH} characters long; Twenty sends 64 hex digits.")
                }
                SignatureProblem::WrongLength(len) => write!(f, "The signature is {len} characters long; Twenty sends 64 hex digits."),
                SignatureProblem::NotHex => f.write_str("The signature has characters that are not hexadecimal digits."),
                SignatureProblem::Repeated => f.write_str("The X-Twenty-Webhook-Signature header appears more than once."),
            },
            Self::MalformedTimestamp => f.write_str("The X-Twenty-Webhook-Timestamp header is not 1 to 16 decimal digits."),
            Self::TimestampTooOld { age_ms, tolerance_ms, .. } => {
                write!(f, "The timestamp is {age_ms} ms in the past, beyond the tolerance of {tolerance_ms} ms.")
            }
            Self::TimestampTooNew { ahead_ms, tolerance_ms } => {
                write!(f, "The timestamp is {ahead_ms} ms in the future, beyond the tolerance of {tolerance_ms} ms.")
            }
            Self::SignatureMismatch => f.write_str("The signature does not match the timestamp and body for any configured secret."),
            Self::InvalidSecret(problem) => match problem {
                SecretProblem::Empty { index } => write!(f, "Secret #{index} is empty."),
                SecretProblem::WhitespaceOnly { index } => {
                    write!(f, "Secret #{index} has only white space.")
                }
                SecretProblem::NoSecrets => f.write_str("No secret was given."),
                SecretProblem::NotText { index } => write!(f, "Secret #{index} is not a string."),
            },
            Self::InvalidBody { received } => write!(
                f,
                "The body must be the raw request body (a string, Uint8Array or ArrayBuffer), \
                 not {received}."
            ),
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
    /// The stable, upper-case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidEventName { .. } => "INVALID_EVENT_NAME",
            Self::ObjectMismatch { .. } => "EVENT_OBJECT_MISMATCH",
            Self::InvalidEventDate { .. } => "INVALID_EVENT_DATE",
            Self::InvalidField { .. } => "INVALID_EVENT",
            Self::Unserializable { .. } => "UNSERIALIZABLE_VALUE",
            Self::InvalidObjectName { .. } => "INVALID_OBJECT_NAME",
            Self::InvalidJson { .. } => "INVALID_JSON",
        }
    }

    /// How to fix it, in one or two sentences.
    pub fn hint(&self) -> String {
        match self {
            Self::InvalidEventName { .. } => "Use `<objectNameSingular>.<action>` with one of the \
                actions Twenty delivers: created, updated, deleted, restored, destroyed; for \
                example \"person.created\"."
                .into(),
            Self::ObjectMismatch { event_object, .. } => format!(
                "Twenty always sends objectMetadata.nameSingular equal to the object in eventName; \
                 set it to \"{event_object}\" or leave it out."
            ),
            Self::InvalidEventDate { .. } => "Pass a Date, epoch milliseconds, or an ISO-8601 \
                string such as \"2024-12-24T18:57:19.761Z\"."
                .into(),
            Self::InvalidField { .. } => "See TwentyWebhookEvent in the type definitions for \
                every field and its type."
                .into(),
            Self::Unserializable { .. } => "Records must hold JSON data: convert BigInt to a \
                number or string, and break cycles, before building the payload."
                .into(),
            Self::InvalidObjectName { .. } => "Use a Twenty object name in singular camelCase, \
                such as person, company, opportunity, task or note."
                .into(),
            Self::InvalidJson { .. } => "Twenty always sends JSON. The signature is genuine, \
                so the sender itself sent this body: check what signs and sends it."
                .into(),
        }
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
