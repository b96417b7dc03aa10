//! Every code the project speaks, in one table: what each means and how to fix it, in the
//! protocol's words. Errors ([`VerifyError`](crate::VerifyError), [`PayloadError`](crate::PayloadError))
//! and `diagnose` findings take their codes and hints from here; the npm package's type
//! definitions and the README's tables are generated from it (`node scripts/codes.mjs`), and
//! `npm test -- lint` fails when they drift. One fact has one code: a delivery without a
//! signature is `MISSING_SIGNATURE` whether `verify` throws it or `diagnose` finds it.
//!
//! Adding a code is one row below; then `node scripts/codes.mjs` regenerates the rest.

use serde::{Serialize, Serializer};

/// Where a code appears: the error class that raises it, and whether `diagnose` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Raised as a verification error: a delivery, secret or body that cannot be verified.
    Verification,
    /// Raised as a payload error: an event or record that cannot become a Twenty payload.
    Payload,
    /// Raised by a front end for misuse of its API (the npm package's `TwentyWebhooksError`).
    Base,
    /// Raised by a front end's HTTP receiver: a request refused for what it is (path, method,
    /// media type, size, body) rather than for its signature, or handlers that failed.
    Receiving,
    /// Reported by `diagnose` as a finding.
    Finding,
}

impl CodeKind {
    /// `verification`, `payload`, `base`, `receiving` or `finding`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Verification => "verification",
            Self::Payload => "payload",
            Self::Base => "base",
            Self::Receiving => "receiving",
            Self::Finding => "finding",
        }
    }
}

/// The hint shared by the findings that mean "the body is not the bytes as received".
const RAW_BODY_HINT: &str = "Verify the raw body exactly as received, before any JSON parsing: writing a parsed body again \
                             does not reliably give back the same bytes.";

/// The hint shared by the two missing headers: Twenty leaves both out when it does not sign.
const UNSIGNED_HINT: &str = "Twenty signs a delivery only when the webhook has a secret: set one in Settings → APIs & \
                             Webhooks, and make sure proxies in front of you pass the X-Twenty-Webhook-* headers through.";

/// Writes [`Code`] and its accessors from the rows of [`code_table!`]'s invocation. Each
/// accessor is its own `match`, so a build links only the columns it reads.
macro_rules! code_table {
    ($(
        $variant:ident = $code:literal, [$($kind:ident),+], former: $former:expr,
        summary: $summary:literal,
        hint: $hint:expr;
    )+) => {
        /// A stable code: what JavaScript matches on, what `diagnose` reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(#[doc = $summary] $variant,)+
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Self::$variant),+];

            /// The code as text, e.g. `MISSING_SIGNATURE`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            /// Where it appears: an error class, `diagnose`, or both.
            pub const fn kinds(self) -> &'static [CodeKind] {
                match self { $(Self::$variant => &[$(CodeKind::$kind),+],)+ }
            }

            /// The name `diagnose` gave this finding before codes were unified, kept as an alias
            /// for one release.
            pub const fn former(self) -> Option<&'static str> {
                match self { $(Self::$variant => $former,)+ }
            }

            /// What the code means, in one sentence; the message itself where it has no detail to add.
            pub const fn summary(self) -> &'static str {
                match self { $(Self::$variant => $summary,)+ }
            }

            /// How to fix it, in one or two sentences, in the protocol's words.
            pub const fn hint(self) -> &'static str {
                match self { $(Self::$variant => $hint,)+ }
            }
        }
    };
}

code_table! {
    MissingSignature = "MISSING_SIGNATURE", [Verification, Finding], former: Some("HEADER_MISSING"),
        summary: "The X-Twenty-Webhook-Signature header is missing.",
        hint: UNSIGNED_HINT;
    MissingTimestamp = "MISSING_TIMESTAMP", [Verification, Finding], former: Some("HEADER_MISSING"),
        summary: "The X-Twenty-Webhook-Timestamp header is missing.",
        hint: UNSIGNED_HINT;
    MalformedSignature = "MALFORMED_SIGNATURE", [Verification, Finding], former: Some("SIGNATURE_MALFORMED"),
        summary: "The X-Twenty-Webhook-Signature header is not 64 hexadecimal digits, or appears more than once.",
        hint: "Expected 64 hexadecimal digits (HMAC-SHA256 as hex); pass the X-Twenty-Webhook-Signature header exactly as received.";
    MalformedTimestamp = "MALFORMED_TIMESTAMP", [Verification, Finding], former: Some("TIMESTAMP_MALFORMED"),
        summary: "The X-Twenty-Webhook-Timestamp header is not 1 to 16 decimal digits.",
        hint: "Expected milliseconds since the epoch as 1 to 16 decimal digits; pass the X-Twenty-Webhook-Timestamp header exactly as received.";
    TimestampTooOld = "TIMESTAMP_TOO_OLD", [Verification, Finding], former: Some("CLOCK_SKEW"),
        summary: "The timestamp is further in the past than the tolerance allows.",
        hint: "Either this is a replay of an old delivery, or your clock is behind the sender's: check NTP on this machine, or raise the tolerance if deliveries queue for long.";
    TimestampTooNew = "TIMESTAMP_TOO_NEW", [Verification, Finding], former: Some("CLOCK_SKEW"),
        summary: "The timestamp is further in the future than the tolerance allows.",
        hint: "The sender's clock is ahead of yours: check NTP on this machine, or raise the tolerance to allow more skew.";
    SignatureMismatch = "SIGNATURE_MISMATCH", [Verification], former: None,
        summary: "The signature does not match the timestamp and body for any configured secret.",
        hint: "Use the raw request body exactly as received (not a re-serialised JSON object) and the exact secret from Twenty's webhook settings; Twenty signs timestamp:body with HMAC-SHA256. Diagnosing the delivery names the usual causes.";
    InvalidSecret = "INVALID_SECRET", [Verification, Finding], former: Some("SECRET_INVALID"),
        summary: "No usable secret: one is empty, only white space or not text, or there is none.",
        hint: "Pass the webhook's secret from Twenty's settings. An empty secret means Twenty sends unsigned deliveries, which cannot be verified.";
    InvalidBody = "INVALID_BODY", [Verification], former: None,
        summary: "The body is not the raw request body as bytes or text.",
        hint: "Pass the raw request body exactly as received, before any JSON parsing.";
    InvalidEventName = "INVALID_EVENT_NAME", [Payload], former: None,
        summary: "The event name is neither `<object>.<action>` nor `metadata.<metadataName>.<action>` with an action Twenty delivers.",
        hint: "Use `<objectNameSingular>.<action>` with created, updated, deleted, restored or destroyed (e.g. \"person.created\"), or `metadata.<metadataName>.<action>` with created, updated or deleted (e.g. \"metadata.view.updated\").";
    EventObjectMismatch = "EVENT_OBJECT_MISMATCH", [Payload], former: None,
        summary: "eventName and objectMetadata.nameSingular name different objects.",
        hint: "Twenty always sends objectMetadata.nameSingular equal to the object in eventName: make them agree, or leave nameSingular out.";
    InvalidEventDate = "INVALID_EVENT_DATE", [Payload], former: None,
        summary: "The event date is not a valid date.",
        hint: "Give epoch milliseconds or an ISO-8601 string with a zone, such as \"2024-12-24T18:57:19.761Z\".";
    InvalidEvent = "INVALID_EVENT", [Payload], former: None,
        summary: "A field of the event is missing or of the wrong type.",
        hint: "Give each field of the event the type it has in Twenty's payload; the message names the field and what it must be.";
    UnserializableValue = "UNSERIALIZABLE_VALUE", [Payload], former: None,
        summary: "A value in the record cannot be written as JSON (the message gives its path).",
        hint: "Records must hold JSON data: strings, finite numbers, booleans, null, arrays and objects, without cycles and at most 1000 levels deep.";
    InvalidObjectName = "INVALID_OBJECT_NAME", [Payload], former: None,
        summary: "No sample record can be made for this object name: Twenty could not have it.",
        hint: "Use a Twenty object name in singular camelCase, such as person, company, opportunity, task or note.";
    InvalidJson = "INVALID_JSON", [Payload], former: None,
        summary: "A verified body is not JSON, so it has no payload to read.",
        hint: "Twenty always sends JSON. The signature is genuine, so the sender itself sent this body: check what signs and sends it.";
    InvalidArgument = "INVALID_ARGUMENT", [Base], former: None,
        summary: "An argument has the wrong type or is out of range: a misuse of the API, not something a delivery did.",
        hint: "The message names the argument and what it must be.";
    NotInitialized = "NOT_INITIALIZED", [Base], former: None,
        summary: "A call came before the library was initialised.",
        hint: "Initialise the library once before the first call.";
    NotFound = "NOT_FOUND", [Receiving], former: None,
        summary: "Twenty deliveries are not received at this path.",
        hint: "Point the webhook's URL in Twenty at the path the receiver listens on.";
    MethodNotAllowed = "METHOD_NOT_ALLOWED", [Receiving], former: None,
        summary: "Twenty deliveries are POSTed.",
        hint: "Send the delivery with POST, as Twenty does.";
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE", [Receiving], former: None,
        summary: "Twenty sends Content-Type: application/json.",
        hint: "Send the delivery with Content-Type: application/json, and let proxies pass it through unchanged.";
    PayloadTooLarge = "PAYLOAD_TOO_LARGE", [Receiving], former: None,
        summary: "The body is larger than the receiver accepts.",
        hint: "Twenty's deliveries are a few KiB; raise the receiver's body limit if your records really are larger.";
    BodyIncomplete = "BODY_INCOMPLETE", [Receiving], former: None,
        summary: "The request ended before its body did.",
        hint: "The sender or a proxy closed the connection early; a re-send of the whole delivery is received normally.";
    BodyAlreadyParsed = "BODY_ALREADY_PARSED", [Receiving], former: None,
        summary: "A body parser consumed the request body before the receiver could read its raw bytes.",
        hint: "Let the receiver read the raw body before any body parser runs: the signature covers the exact bytes.";
    DeliveryInProgress = "DELIVERY_IN_PROGRESS", [Receiving], former: None,
        summary: "Another copy of this delivery is being received right now; its handlers have not finished, or have just failed.",
        hint: "Send again in a few seconds: once they have succeeded the copy is answered as a duplicate, and if they failed it runs them again.";
    HandlerFailed = "HANDLER_FAILED", [Receiving], former: None,
        summary: "A handler failed; the delivery was not acknowledged.",
        hint: "See the receiving server's logs; a re-send of the delivery runs its handlers again.";
    InternalError = "INTERNAL_ERROR", [Receiving], former: None,
        summary: "Unexpected error while receiving the delivery; it was not acknowledged.",
        hint: "See the receiving server's logs.";
    BodyParsed = "BODY_PARSED", [Finding], former: None,
        summary: "The body given is a parsed value, not the raw text Twenty signed.",
        hint: RAW_BODY_HINT;
    HeaderRenamed = "HEADER_RENAMED", [Finding], former: None,
        summary: "Twenty's signature or timestamp arrived in a header with a near-miss name (e.g. underscores).",
        hint: "Read Twenty's headers by their own names (names are case-insensitive). If a header is renamed on the way, fix the proxy or framework that does it; underscores instead of dashes are a common cause.";
    SignaturePrefixed = "SIGNATURE_PREFIXED", [Finding], former: None,
        summary: "The signature has a \"sha256=\" prefix; Twenty sends 64 bare hex digits.",
        hint: "Twenty sends the signature as bare lowercase hex, with no \"sha256=\" prefix; pass the X-Twenty-Webhook-Signature header exactly as received.";
    SignatureBase64 = "SIGNATURE_BASE64", [Finding], former: None,
        summary: "The signature looks like base64; Twenty sends 64 hex digits.",
        hint: "Twenty's signature is hex, not base64; pass the X-Twenty-Webhook-Signature header exactly as received.";
    TimestampInSeconds = "TIMESTAMP_IN_SECONDS", [Finding], former: None,
        summary: "The timestamp looks like seconds since the epoch; Twenty sends milliseconds.",
        hint: "The timestamp looks like seconds since the epoch, but Twenty sends milliseconds. If you sign test deliveries yourself, use milliseconds.";
    BodyReserialized = "BODY_RESERIALIZED", [Finding], former: None,
        summary: "The body is not the bytes Twenty sent: it was parsed and written again (white space, escapes, number formats or key order changed).",
        hint: RAW_BODY_HINT;
    DoubleStringified = "DOUBLE_STRINGIFIED", [Finding], former: None,
        summary: "The payload was serialised to JSON twice, before signing or before sending (the recipe in Twenty's documentation).",
        hint: "Serialise the payload to JSON once, send exactly that text, and sign the timestamp, a colon and that same text.";
    SignedWithoutTimestamp = "SIGNED_WITHOUT_TIMESTAMP", [Finding], former: None,
        summary: "The signature covers the body alone; Twenty signs the timestamp, a colon, then the body.",
        hint: "Compute HMAC-SHA256 over timestamp:body, the timestamp being the X-Twenty-Webhook-Timestamp value.";
    WrongSeparator = "WRONG_SEPARATOR", [Finding], former: None,
        summary: "The signature covers timestamp.body with a dot, as Stripe and Standard Webhooks do; Twenty uses a colon.",
        hint: "Compute HMAC-SHA256 over timestamp:body, with a colon.";
    SecretWhitespace = "SECRET_WHITESPACE", [Finding], former: None,
        summary: "The secret has white space around it.",
        hint: "Remove the spaces or line break around the secret unless they belong to it (they often come from copying it, or reading it from a file); compare it character by character with the one in Twenty's webhook settings.";
    SecretDecoded = "SECRET_DECODED", [Finding], former: None,
        summary: "The signature was made with the secret's hex-decoded bytes as the HMAC key; Twenty keys the HMAC with the secret's text.",
        hint: "Key the HMAC with the secret's text (its UTF-8 bytes), as Twenty does, without decoding it.";
    BodyNotJson = "BODY_NOT_JSON", [Finding], former: None,
        summary: "The body is not JSON, while Twenty always sends JSON: it may have been cut short or altered on the way.",
        hint: "Pass the complete raw body as received.";
    WrongSecret = "WRONG_SECRET", [Finding], former: None,
        summary: "None of the usual mistakes explains the mismatch: most likely the secret differs from the webhook's secret in Twenty.",
        hint: "Copy the secret again from Settings → APIs & Webhooks → your webhook. With several webhooks, each has its own secret.";
}

impl Code {
    /// Whether the code appears as `kind`.
    pub fn is(self, kind: CodeKind) -> bool {
        self.kinds().contains(&kind)
    }
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn codes_are_unique_upper_snake_case_and_unlike_former_names() {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for (i, code) in codes.iter().enumerate() {
            assert!(code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'), "{code}");
            assert!(!codes[..i].contains(code), "{code} twice");
        }
        for former in Code::ALL.iter().filter_map(|c| c.former()) {
            assert!(!codes.contains(&former), "{former} is both a code and a former name");
        }
    }

    #[test]
    fn every_code_is_raised_by_one_error_class_or_is_a_finding() {
        for code in Code::ALL {
            let classes =
                [CodeKind::Verification, CodeKind::Payload, CodeKind::Base, CodeKind::Receiving].iter().filter(|k| code.is(**k)).count();
            assert!(classes <= 1 && (classes == 1 || code.is(CodeKind::Finding)), "{code}");
            assert!(code.former().is_none() || code.is(CodeKind::Finding), "{code}: only findings were renamed");
            assert!(code.summary().ends_with('.') && code.hint().ends_with('.'), "{code}");
        }
    }
}
