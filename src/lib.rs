//! Twenty CRM's webhook protocol, exactly: sign, verify and build deliveries byte for byte as
//! Twenty's server does, and explain why one does not verify.
//!
//! Twenty POSTs `JSON.stringify(payload)` with three headers: `X-Twenty-Webhook-Timestamp`
//! (milliseconds), `X-Twenty-Webhook-Signature` (lowercase hex of HMAC-SHA256 keyed by the
//! secret's UTF-8 bytes over `timestamp + ":" + body`) and `X-Twenty-Webhook-Nonce` (not signed).
//!
//! ```
//! use twenty_webhooks::{Delivery, Verifier, sign};
//!
//! let body = br#"{"eventName":"person.created"}"#;
//! let signature = sign("my-secret", "1735066639761", body).unwrap();
//! let headers = [
//!     ("x-twenty-webhook-timestamp", "1735066639761"), // names in any case
//!     ("x-twenty-webhook-signature", signature.as_str()),
//! ];
//! let verifier = Verifier::new(&["my-secret"]).unwrap();
//! let now_ms = 1_735_066_640_000; // the caller's clock: the core never reads one
//! assert!(verifier.verify(&Delivery::from_headers(&headers, body), now_ms).is_ok());
//! ```
//!
//! The core is plain Rust with no clock, no randomness and no JavaScript types; `src/wasm/` is
//! the thin facade the npm package is built from (the `wasm` feature).

#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod base64;
mod delivery_id;
pub mod diagnose;
mod error;
mod event_date;
mod event_name;
mod freshness;
mod headers;
pub mod json;
mod metadata_sample;
mod operations;
mod payload;
mod prelude;
mod random;
mod request;
mod sample;
mod signing;
mod template;
mod verifier;

#[cfg(feature = "wasm")]
mod wasm;

pub use delivery_id::{DELIVERY_ID_LENGTH, delivery_id};
pub use error::{MAX_REPORTED_LENGTH, PayloadError, SecretProblem, SignatureProblem, VerifyError};
pub use event_date::{MAX_EPOCH_MS, format_iso, parse_iso};
pub use event_name::{Action, EventName};
pub use freshness::{DEFAULT_TOLERANCE_MS, check_freshness, looks_like_seconds};
pub use headers::{
    CONTENT_TYPE, Delivery, MAX_TIMESTAMP_DIGITS, NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, parse_signature, parse_timestamp,
};
pub use metadata_sample::{SAMPLED_METADATA, sample_metadata_event, sample_metadata_event_with};
pub use operations::matches_operations;
pub use payload::{MetadataEvent, RecordEvent, build_metadata_payload, build_metadata_payload_with, build_payload, build_payload_with};
pub use random::{SampleRng, nonce_from_random, secret_from_random, uuid_v4};
pub use request::request_headers;
pub use sample::{STANDARD_OBJECTS, SampleOptions, sample_record, sample_record_with};
pub use signing::{Signature, SigningKey, sign};
pub use verifier::{PendingVerification, Verified, Verifier};

// The README's Rust examples run as doc tests (its other code blocks are not Rust).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
