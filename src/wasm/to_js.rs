//! Core values as plain JavaScript objects and arrays, key order kept.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::diagnose::Finding;
use crate::json::JsonValue;

pub(super) fn json_to_js(value: &JsonValue) -> JsValue {
    match value {
        JsonValue::Null => JsValue::NULL,
        JsonValue::Bool(flag) => JsValue::from_bool(*flag),
        JsonValue::Number(number) => JsValue::from_f64(*number),
        JsonValue::String(text) => JsValue::from_str(&text.to_string_lossy()),
        JsonValue::Array(items) => items.iter().map(json_to_js).collect::<Array>().into(),
        JsonValue::Object(object) => {
            let js = Object::new();
            for (key, value) in object.iter() {
                set(&js, &key.to_string_lossy(), &json_to_js(value));
            }
            js.into()
        }
    }
}

pub(super) fn findings_to_js(findings: &[Finding]) -> JsValue {
    findings
        .iter()
        .map(|finding| {
            let js = Object::new();
            set(&js, "code", &finding.code.as_str().into());
            set(&js, "severity", &finding.severity.as_str().into());
            set(&js, "message", &finding.message.as_str().into());
            set(&js, "hint", &finding.hint.into());
            if let Some(former) = finding.code.former() {
                set(&js, "formerCode", &former.into());
            }
            JsValue::from(js)
        })
        .collect::<Array>()
        .into()
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Defining a property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &key.into(), value);
}
