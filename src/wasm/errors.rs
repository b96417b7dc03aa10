//! Core errors as plain JavaScript objects `{ kind, code, message, hint }`. The package's
//! JavaScript layer turns them into `WebhookVerificationError` / `WebhookPayloadError`.

use crate::prelude::*;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::{PayloadError, VerifyError};

/// Which error class the JavaScript layer should raise.
#[derive(Clone, Copy)]
enum Kind {
    Verification,
    Payload,
}

fn error_info(kind: Kind, code: &str, message: &str, hint: &str) -> JsValue {
    let info = Object::new();
    let kind = match kind {
        Kind::Verification => "verification",
        Kind::Payload => "payload",
    };
    for (name, value) in [("kind", kind), ("code", code), ("message", message), ("hint", hint)] {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&info, &name.into(), &value.into());
    }
    info.into()
}

pub(super) fn verify_error(error: &VerifyError) -> JsValue {
    error_info(Kind::Verification, error.code(), &error.to_string(), &error.hint())
}

pub(super) fn payload_error(error: &PayloadError) -> JsValue {
    error_info(Kind::Payload, error.code(), &error.to_string(), &error.hint())
}
