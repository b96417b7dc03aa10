//! Core errors as plain JavaScript objects `{ kind, code, message, hint, hintOf }`. The package's
//! JavaScript layer turns them into `WebhookVerificationError` / `WebhookPayloadError`, and
//! replaces the core's protocol-level hint with its JavaScript wording where it has one for the
//! code table's row `hintOf` (`pkg/src/errors.js`).

use crate::prelude::*;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::codes::Code;
use crate::error::{PayloadError, VerifyError};

/// Which error class the JavaScript layer should raise.
#[derive(Clone, Copy)]
enum Kind {
    Verification,
    Payload,
}

fn error_info(kind: Kind, code: Code, message: &str, hint_row: Code) -> JsValue {
    let info = Object::new();
    let kind = match kind {
        Kind::Verification => "verification",
        Kind::Payload => "payload",
    };
    let fields = [("kind", kind), ("code", code.as_str()), ("message", message), ("hint", hint_row.hint()), ("hintOf", hint_row.as_str())];
    for (name, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&info, &name.into(), &value.into());
    }
    info.into()
}

pub(super) fn verify_error(error: &VerifyError) -> JsValue {
    error_info(Kind::Verification, error.code_row(), &error.to_string(), error.hint_row())
}

pub(super) fn payload_error(error: &PayloadError) -> JsValue {
    error_info(Kind::Payload, error.code_row(), &error.to_string(), error.code_row())
}
