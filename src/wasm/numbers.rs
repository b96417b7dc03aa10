//! Number text from the JavaScript engine itself: `String(value)` and `Number(text)` are the
//! reference for JSON.stringify and JSON.parse, and using them keeps Rust's float formatting
//! and parsing out of the wasm file.

use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::json::NumberText;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = String)]
    fn number_to_string(value: f64) -> String;

    #[wasm_bindgen(js_name = Number)]
    fn string_to_number(text: &str) -> f64;
}

pub(super) struct JsNumbers;

impl NumberText for JsNumbers {
    fn write_float(out: &mut String, value: f64) {
        out.push_str(&number_to_string(value));
    }

    fn read_float(text: &str) -> f64 {
        string_to_number(text)
    }
}

/// A double as JavaScript prints it, for messages.
pub(super) fn number_text(value: f64) -> String {
    number_to_string(value)
}
