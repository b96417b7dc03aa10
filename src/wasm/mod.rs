//! The WebAssembly facade: converts JavaScript values to core types and back, nothing more.
//! The npm package's hand-written layer (`pkg/src/`) wraps these exports into the public API.
//!
//! The rule that keeps the module healthy whatever callers pass: **no caller-controlled
//! JavaScript value crosses into wasm.** The JavaScript layer reads every argument first (where
//! a getter, a Proxy trap or `toJSON` can throw and is turned into a typed error) and these
//! exports take only strings, numbers, booleans, bytes and arrays of strings; the imports they
//! call run no code of the caller's. So no exception of a caller's can unwind through wasm
//! frames and leave the instance half-updated; the ones nothing prevents (a stack overflow,
//! out of memory) make `pkg/src/lifecycle.js` replace the instance. `tests/package/stress.test.mjs`
//! checks the exported signatures in the generated glue.

use crate::prelude::*;

mod errors;
mod event;
mod numbers;
mod random;
mod to_js;

// The .wasm links no std, so it brings its own allocator and panic handler. A panic is a bug
// (inputs are checked, never unwrapped): it traps, and JavaScript sees a RuntimeError.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

use wasm_bindgen::prelude::*;

use errors::{payload_error, verify_error};
use event::{Content, EventFields};
use numbers::JsNumbers;
use random::random_bytes;

use crate::diagnose::{DiagnoseBody, DiagnoseInput, diagnose_with};
use crate::error::{PayloadError, SecretProblem, VerifyError};
use crate::event_date::parse_iso;
use crate::event_name::Action;
use crate::headers::Delivery;
use crate::json::stringify_with;
use crate::metadata_sample::sample_metadata_event_with as sample_metadata;
use crate::operations::matches_operations as matches;
use crate::payload::Split;
use crate::sample::{SampleOptions, sample_record_with as sample};
use crate::signing::sign as sign_hex;
use crate::verifier::{PendingVerification, Verifier};
use crate::{nonce_from_random, secret_from_random};

/// The keyed verifier behind the package's `Verifier`.
///
/// The JavaScript layer writes each delivery into `scratch` through a view of wasm memory and
/// passes only lengths: no allocation, no string conversion in glue code. A body comes in one
/// piece or several (bounded memory for any size): the first piece is followed in scratch by
/// the timestamp and the signature. The call with the last piece returns the matching secret's
/// index; any failure returns -1 and keeps the error for `lastError`.
#[wasm_bindgen]
pub struct WasmVerifier {
    verifier: Verifier,
    pending: Option<PendingVerification>,
    last_error: Option<VerifyError>,
    scratch: Vec<u8>,
}

#[wasm_bindgen]
impl WasmVerifier {
    #[wasm_bindgen(constructor)]
    pub fn new(secrets: Vec<String>, tolerance_ms: f64) -> Result<WasmVerifier, JsValue> {
        let verifier = Verifier::new(&secrets).map_err(|e| verify_error(&e))?;
        Ok(Self { verifier: verifier.with_tolerance_ms(tolerance_ms as u64), pending: None, last_error: None, scratch: Vec::new() })
    }

    /// Makes the scratch buffer at least `capacity` bytes and returns its address in wasm
    /// memory; the address changes only when the buffer grows.
    #[wasm_bindgen(js_name = scratch)]
    pub fn scratch(&mut self, capacity: usize) -> *const u8 {
        if self.scratch.len() < capacity {
            // Doubling keeps re-growth rare; past the largest power of two, exactly what is asked.
            self.scratch.resize(capacity.checked_next_power_of_two().unwrap_or(capacity), 0);
        }
        self.scratch.as_ptr()
    }

    /// The scratch buffer's size.
    #[wasm_bindgen(js_name = scratchCapacity)]
    pub fn scratch_capacity(&self) -> usize {
        self.scratch.len()
    }

    /// Starts a delivery: scratch holds the body's first piece, then the timestamp and the
    /// signature (a length of -1: the header is absent; bytes above 0x7f: characters that are
    /// not ASCII).
    #[wasm_bindgen(js_name = verifyFirst)]
    pub fn verify_first(&mut self, piece_len: usize, timestamp_len: i32, signature_len: i32, now_ms: f64, last: bool) -> i32 {
        let written = piece_len + timestamp_len.max(0) as usize + signature_len.max(0) as usize;
        if written > self.scratch.len() {
            return self.outcome(Err(beyond_scratch()));
        }
        let mut rest = self.scratch.as_slice();
        let mut take = |len: usize| {
            let (taken, after) = rest.split_at(len.min(rest.len()));
            rest = after;
            taken
        };
        let piece = take(piece_len);
        let timestamp = usize::try_from(timestamp_len).ok().map(|len| header_text(take(len)));
        let signature = usize::try_from(signature_len).ok().map(|len| header_text(take(len)));
        if last {
            // The whole body in one piece, the common case: no verification state to keep.
            let delivery = Delivery { timestamp: timestamp.as_deref(), signature: signature.as_deref(), nonce: None, body: piece };
            let verified = self.verifier.verify(&delivery, now_ms as i64);
            return self.outcome(verified.map(|v| v.secret_index as i32));
        }
        let started = self.verifier.begin(timestamp.as_deref(), signature.as_deref(), now_ms as i64).map(|mut pending| {
            pending.update(piece);
            pending
        });
        self.settle(started, last)
    }

    /// Feeds the next piece of the body, now at the start of scratch.
    #[wasm_bindgen(js_name = verifyNext)]
    pub fn verify_next(&mut self, piece_len: usize, last: bool) -> i32 {
        let continued = match (self.pending.take(), self.scratch.get(..piece_len)) {
            (Some(mut pending), Some(piece)) => {
                pending.update(piece);
                Ok(pending)
            }
            _ => Err(beyond_scratch()),
        };
        self.settle(continued, last)
    }

    #[wasm_bindgen(js_name = lastError)]
    pub fn last_error(&self) -> JsValue {
        self.last_error.as_ref().map_or(JsValue::NULL, verify_error)
    }
}

impl WasmVerifier {
    /// Keeps a verification under way for the next piece, or finishes it after the last.
    fn settle(&mut self, pending: Result<PendingVerification, VerifyError>, last: bool) -> i32 {
        let outcome = pending.and_then(|pending| {
            if last {
                return pending.finish().map(|verified| verified.secret_index as i32);
            }
            self.pending = Some(pending);
            Ok(0)
        });
        self.outcome(outcome)
    }

    /// A secret's index, 0 to go on, or -1 with the error kept for `lastError`.
    fn outcome(&mut self, result: Result<i32, VerifyError>) -> i32 {
        result.unwrap_or_else(|error| {
            self.last_error = Some(error);
            -1
        })
    }
}

/// What the JavaScript layer can only cause by a bug of its own: a piece it did not write.
fn beyond_scratch() -> VerifyError {
    VerifyError::InvalidBody { received: "a piece that is not in the verifier's buffer".into() }
}

/// A header's bytes as text. They are ASCII but for characters the JavaScript layer marks as
/// not ASCII; `from_utf8` checks the common case quickly, and the rare one keeps its length.
fn header_text(bytes: &[u8]) -> Cow<'_, str> {
    match core::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Errors the JavaScript layer detects from types alone; their texts live in the core.
#[wasm_bindgen]
pub enum InputError {
    InvalidBody,
    SecretNotText,
    InvalidJson,
    InvalidDate,
}

/// `{ kind, code, message, hint }` for an input error; `detail` is what was received, the
/// secret's index, or the JSON reader's message.
#[wasm_bindgen(js_name = inputError)]
pub fn input_error(which: InputError, detail: String) -> JsValue {
    match which {
        InputError::InvalidBody => verify_error(&VerifyError::InvalidBody { received: detail }),
        InputError::SecretNotText => {
            verify_error(&VerifyError::InvalidSecret(SecretProblem::NotText { index: detail.parse().unwrap_or(0) }))
        }
        InputError::InvalidJson => payload_error(&PayloadError::InvalidJson { reason: detail }),
        InputError::InvalidDate => payload_error(&PayloadError::InvalidEventDate {
            reason: format!("expected a Date, epoch milliseconds or an ISO-8601 string, not {detail}"),
        }),
    }
}

#[wasm_bindgen]
pub fn sign(secret: &str, timestamp: &str, body: &[u8]) -> Result<String, JsValue> {
    sign_hex(secret, timestamp, body).map_err(|e| verify_error(&e))
}

/// Twenty's headers for a delivery of `body`, in Twenty's order, flat: name, value, name…; only
/// `Content-Type` when the secret is empty (Twenty then sends unsigned). The JavaScript layer
/// makes the object (filled from here, `Object.prototype`'s setters would run).
#[wasm_bindgen(js_name = requestHeaders)]
pub fn request_headers(secret: &str, timestamp: &str, nonce: &str, body: &[u8]) -> Result<Vec<String>, JsValue> {
    let headers = crate::request_headers(secret, timestamp, nonce, body).map_err(|e| verify_error(&e))?;
    Ok(headers.into_iter().flat_map(|(name, value)| [name.to_owned(), value]).collect())
}

/// Twenty's body for an event without its content, with U+0000 where the content goes: the
/// body is what comes before it, the content's JSON text (the record, or the metadata event, as
/// the engine's `JSON.stringify` writes it), then what comes after. (JSON text has no raw
/// U+0000, and one string crosses faster than an array of two.)
///
/// `texts` is the event's text fields joined (see `event::Slot`; updated field names follow),
/// `lengths` their lengths in UTF-16 code units, u32::MAX for an absent one. One string and one
/// array cross instead of a dozen strings.
#[wasm_bindgen(js_name = payloadEnvelope)]
pub fn payload_envelope(
    texts: &str,
    lengths: &[u32],
    flags: u32,
    event_date_ms: f64,
    record: Content,
    event: Content,
) -> Result<String, JsValue> {
    let fields = EventFields { texts: split_utf16(texts, lengths), flags, event_date_ms, record, event };
    let Split { mut head, tail } = event::envelope_parts(&fields).map_err(|e| payload_error(&e))?;
    head.push('\0');
    head.push_str(&tail);
    Ok(head)
}

/// `text` cut into pieces of the given UTF-16 lengths (JavaScript's string lengths); u32::MAX
/// stands for an absent piece.
fn split_utf16<'a>(text: &'a str, lengths: &[u32]) -> Vec<Option<&'a str>> {
    // ASCII text (the usual envelope) has as many bytes as UTF-16 units: no need to count.
    let ascii = text.is_ascii();
    let mut rest = text;
    let mut piece = |length: usize| {
        let end = if ascii {
            length.min(rest.len())
        } else {
            let mut units = 0;
            rest.char_indices()
                .find_map(|(at, c)| {
                    let reached = units >= length;
                    units += c.len_utf16();
                    reached.then_some(at)
                })
                .unwrap_or(rest.len())
        };
        let (piece, after) = rest.split_at(end);
        rest = after;
        piece
    };
    lengths.iter().map(|&length| (length != u32::MAX).then(|| piece(length as usize))).collect()
}

/// What the JavaScript layer found wrong with an event before anything reached wasm.
#[wasm_bindgen]
pub enum EventProblem {
    /// The event is not an object.
    NotObject,
    /// `path` is not a string.
    NotText,
    /// `path` is a string with lone surrogates.
    NotWellFormed,
    /// `objectMetadata` is not an object.
    ObjectMetadataNotObject,
    /// `updatedFields` is not an array of strings.
    NotFieldNames,
    /// The event date is neither a Date, a number nor a string.
    NotDate,
    /// A BigInt at `path`.
    BigInt,
    /// A cycle at `path`.
    Cycle,
    /// Reading `path` threw; `detail` is the exception's message.
    Threw,
    /// Nesting too deep for the engine's `JSON.stringify`; `detail` is its message.
    TooDeep,
}

/// `{ kind, code, message, hint }` for an event problem found in JavaScript.
#[wasm_bindgen(js_name = eventError)]
pub fn event_error(problem: EventProblem, path: String, detail: String) -> JsValue {
    let error = match problem {
        EventProblem::NotObject => event::invalid("event", "an object { targetUrl, eventName, … }"),
        EventProblem::NotText => event::invalid(&path, "a string"),
        EventProblem::NotWellFormed => event::invalid(&path, "well-formed Unicode text"),
        EventProblem::ObjectMetadataNotObject => event::invalid("objectMetadata", "an object { id, nameSingular }"),
        EventProblem::NotFieldNames => event::invalid("updatedFields", "an array of field names"),
        EventProblem::NotDate => {
            PayloadError::InvalidEventDate { reason: "expected a Date, epoch milliseconds or an ISO-8601 string".into() }
        }
        EventProblem::BigInt => PayloadError::Unserializable { path, reason: event::BIGINT.into() },
        EventProblem::Cycle => PayloadError::Unserializable { path, reason: event::CYCLE.into() },
        EventProblem::Threw => PayloadError::Unserializable { path, reason: format!("{}{detail}", event::THREW) },
        EventProblem::TooDeep => {
            PayloadError::Unserializable { path, reason: format!("it nests too deeply for JSON.stringify ({detail})") }
        }
    };
    payload_error(&error)
}

/// A sample record as JSON text: `JSON.parse` in the JavaScript layer makes plain own properties
/// (an object filled from here would run `Object.prototype`'s setters).
#[wasm_bindgen(js_name = sampleRecord)]
pub fn sample_record(object: &str, seed: Option<f64>, now_ms: f64, action: Option<String>) -> Result<String, JsValue> {
    let options = sample_options(seed, now_ms, action.as_deref()).map_err(|e| payload_error(&e))?;
    sample::<JsNumbers>(object, &options).and_then(|record| sample_text(&record, "record")).map_err(|e| payload_error(&e))
}

/// A sample metadata event as JSON text, as [`sample_record`].
#[wasm_bindgen(js_name = sampleMetadataEvent)]
pub fn sample_metadata_event(metadata_name: &str, seed: Option<f64>, now_ms: f64, action: Option<String>) -> Result<String, JsValue> {
    let options = sample_options(seed, now_ms, action.as_deref()).map_err(|e| payload_error(&e))?;
    sample_metadata::<JsNumbers>(metadata_name, &options).and_then(|event| sample_text(&event, "event")).map_err(|e| payload_error(&e))
}

/// A sample's options: `created` unless told, a random seed unless told.
fn sample_options(seed: Option<f64>, now_ms: f64, action: Option<&str>) -> Result<SampleOptions, PayloadError> {
    let action = action.map_or(Ok(Action::Created), str::parse::<Action>)?;
    let now_ms = event::epoch_ms(now_ms)?;
    let seed = seed.map_or_else(|| u64::from_le_bytes(random_bytes()), |s| s as u64);
    Ok(SampleOptions { seed, now_ms, action })
}

/// A sample written as JSON text; a sample nests a few levels, never too deep to write.
fn sample_text(value: &crate::json::JsonValue, path: &str) -> Result<String, PayloadError> {
    stringify_with::<JsNumbers>(value).map_err(|e| PayloadError::Unserializable { path: path.into(), reason: e.to_string() })
}

/// An ISO-8601 date as epoch milliseconds.
#[wasm_bindgen(js_name = epochMsOfIso)]
pub fn epoch_ms_of_iso(text: &str) -> Result<f64, JsValue> {
    parse_iso(text).map(|ms| ms as f64).map_err(|reason| payload_error(&PayloadError::InvalidEventDate { reason }))
}

#[wasm_bindgen(js_name = matchesOperations)]
pub fn matches_operations(operations: Vec<String>, event_name: &str) -> bool {
    matches(&operations, event_name)
}

#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret() -> String {
    secret_from_random(random_bytes())
}

#[wasm_bindgen(js_name = generateNonce)]
pub fn generate_nonce() -> String {
    nonce_from_random(random_bytes())
}

/// Findings for a delivery as flat texts: code, severity, message, hint, code… `headers` is
/// flat too: name, value, name, value… The body is its bytes, or (`parsed`) the JSON text the
/// JavaScript layer wrote from a parsed object.
#[wasm_bindgen]
pub fn diagnose(secrets: Vec<String>, headers: Vec<String>, body: &[u8], parsed: bool, now: f64, tolerance_ms: f64) -> Vec<String> {
    let headers: Vec<(String, String)> = headers.chunks_exact(2).map(|pair| (pair[0].clone(), pair[1].clone())).collect();
    let body = if parsed { DiagnoseBody::ParsedText(body) } else { DiagnoseBody::Raw(body) };
    let input = DiagnoseInput { secrets: &secrets, headers: &headers, body, now_ms: now as i64, tolerance_ms: tolerance_ms as u64 };
    to_js::findings_to_texts(&diagnose_with::<JsNumbers>(&input))
}

/// The id of the delivery whose signature header is `signature` (`undefined`: absent).
#[wasm_bindgen(js_name = deliveryId)]
pub fn delivery_id(signature: Option<String>) -> Result<String, JsValue> {
    crate::delivery_id(signature.as_deref()).map_err(|e| verify_error(&e))
}

/// HMAC-SHA256 of `prefix` and then `body`, keyed by `key`'s bytes: the primitive the package
/// composes the hop's Standard Webhooks signature from (`id.timestamp.` and the body).
#[wasm_bindgen(js_name = hmacSha256)]
pub fn hmac_sha256(key: &[u8], prefix: &[u8], body: &[u8]) -> Vec<u8> {
    crate::signing::SigningKey::from_key_bytes(key).sign_parts(&[prefix, body]).to_vec()
}
