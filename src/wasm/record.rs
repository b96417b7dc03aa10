//! A JavaScript value read into a [`JsonValue`] with the rules of `JSON.stringify`'s
//! SerializeJSONProperty: `toJSON` is called, boxed primitives are unwrapped, `undefined`,
//! functions and symbols are left out of objects (and become `null` in arrays), a BigInt or a
//! cycle is an error. (serde-wasm-bindgen's generic reader cannot do this: it reads `undefined`
//! as `null`, a `Date` as `{}`, accepts BigInt, and replaces lone surrogates.)

use crate::prelude::*;

use js_sys::{Array, Boolean, Function, JsString, Number, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::numbers::number_text;
use crate::error::PayloadError;
use crate::json::{JsonObject, JsonString, JsonValue, MAX_DEPTH, quote};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(object: &JsValue) -> Result<Array, JsValue>;

    /// `Object(value)`: a primitive boxed, so that its prototype's properties can be read.
    #[wasm_bindgen(js_name = Object)]
    fn boxed(value: &JsValue) -> JsValue;
}

/// Why a value cannot be serialised, in the words of messages (the JavaScript layer finds the
/// same problems in a payload's content).
pub(super) const BIGINT: &str = "it is a BigInt, which JSON.stringify refuses";
pub(super) const CYCLE: &str = "it refers back to an object that contains it (a cycle)";
pub(super) const THREW: &str = "reading it threw: ";

/// Longer arrays are refused: no record has them, and reading one element by element from
/// JavaScript (a sparse `new Array(1e9)` included) would take minutes and gigabytes.
const MAX_ARRAY_LENGTH: u32 = 1 << 20;

/// Reads `value` as the property `root` of its holder (the name starts error paths).
pub(super) fn read_json(value: JsValue, root: &str) -> Result<Option<JsonValue>, PayloadError> {
    let mut walker = Walker { open: Vec::new() };
    walker.property(&JsValue::from_str(root), value).map_err(|failure| failure.into_error(root))
}

/// Reads a JavaScript string exactly, lone surrogates included.
pub(super) fn read_string(value: &JsValue) -> Option<JsonString> {
    let text = value.as_string()?;
    // Decoding replaces lone surrogates with U+FFFD; only then is the slow exact path needed.
    if text.as_bytes().windows(3).any(|w| w == "\u{fffd}".as_bytes()) {
        let js: &JsString = value.unchecked_ref();
        if !js.is_well_formed() {
            return Some(JsonString::from_utf16(js.iter().collect()));
        }
    }
    Some(JsonString::from(text))
}

/// The objects and arrays being read, innermost last: a value met again among them is a cycle.
struct Walker {
    open: Vec<JsValue>,
}

/// A failure deep inside, with the path to it collected on the way out.
struct Failure {
    path_from_leaf: Vec<String>,
    reason: String,
}

impl Failure {
    fn new(reason: impl Into<String>) -> Self {
        Self { path_from_leaf: Vec::new(), reason: reason.into() }
    }

    fn at(mut self, segment: String) -> Self {
        self.path_from_leaf.push(segment);
        self
    }

    fn into_error(self, root: &str) -> PayloadError {
        let mut path = root.to_owned();
        for segment in self.path_from_leaf.iter().rev() {
            path.push_str(segment);
        }
        PayloadError::Unserializable { path, reason: self.reason }
    }
}

fn thrown(error: JsValue) -> Failure {
    let message = Reflect::get(&error, &"message".into()).ok().and_then(|m| m.as_string());
    Failure::new(format!("{THREW}{}", message.unwrap_or_else(|| "an exception".into())))
}

fn get(holder: &JsValue, key: &JsValue) -> Result<JsValue, Failure> {
    Reflect::get(holder, key).map_err(thrown)
}

impl Walker {
    /// SerializeJSONProperty: `None` where JSON.stringify writes nothing (undefined and friends).
    fn property(&mut self, key: &JsValue, mut value: JsValue) -> Result<Option<JsonValue>, Failure> {
        if value.is_object() || value.is_bigint() {
            let holder = if value.is_bigint() { boxed(&value) } else { value.clone() };
            let to_json = get(&holder, &"toJSON".into())?;
            if let Some(to_json) = to_json.dyn_ref::<Function>() {
                value = to_json.call1(&value, key).map_err(thrown)?;
            }
        }
        // Boxed primitives (new Number(1)…) stand for their values. `is_instance_of` is the real
        // `instanceof`: js-sys's `dyn_ref::<Number>` would match primitive numbers instead.
        if value.is_object() {
            if value.is_instance_of::<Number>() {
                value = JsValue::from_f64(value.unchecked_ref::<Number>().value_of());
            } else if value.is_instance_of::<JsString>() {
                value = value.unchecked_ref::<JsString>().value_of().into();
            } else if value.is_instance_of::<Boolean>() {
                value = JsValue::from_bool(value.unchecked_ref::<Boolean>().value_of());
            }
        }
        if value.is_null() {
            return Ok(Some(JsonValue::Null));
        }
        if let Some(flag) = value.as_bool() {
            return Ok(Some(JsonValue::Bool(flag)));
        }
        if let Some(text) = read_string(&value) {
            return Ok(Some(JsonValue::String(text)));
        }
        if let Some(number) = value.as_f64() {
            return Ok(Some(JsonValue::Number(number)));
        }
        if value.is_bigint() || value.is_instance_of::<js_sys::BigInt>() {
            return Err(Failure::new(BIGINT));
        }
        if !value.is_object() {
            return Ok(None); // undefined, a function or a symbol
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(Failure::new(format!("it nests deeper than {MAX_DEPTH} levels")));
        }
        if self.open.contains(&value) {
            return Err(Failure::new(CYCLE));
        }
        self.open.push(value.clone());
        let read = if Array::is_array(&value) { self.array(&value) } else { self.object(&value) };
        self.open.pop();
        read.map(Some)
    }

    fn array(&mut self, array: &JsValue) -> Result<JsonValue, Failure> {
        let length = get(array, &"length".into())?.as_f64().unwrap_or(0.0);
        if length > f64::from(MAX_ARRAY_LENGTH) {
            return Err(Failure::new(format!("an array of length {} is too long to write", number_text(length))));
        }
        let length = length as u32;
        let mut items = Vec::with_capacity(length as usize);
        for index in 0..length {
            let key = JsValue::from_f64(f64::from(index));
            let item = get(array, &key)?;
            let item = self.property(&JsValue::from_str(&index.to_string()), item).map_err(|f| f.at(format!("[{index}]")))?;
            items.push(item.unwrap_or(JsonValue::Null));
        }
        Ok(JsonValue::Array(items))
    }

    fn object(&mut self, object: &JsValue) -> Result<JsonValue, Failure> {
        let keys = object_keys(object).map_err(thrown)?;
        let mut read = JsonObject::new();
        for key in keys.iter() {
            let value = get(object, &key)?;
            let name = read_string(&key).unwrap_or_else(|| JsonString::from(""));
            let value = self.property(&key, value).map_err(|f| f.at(path_segment(&name)))?;
            if let Some(value) = value {
                read.push_new(name, value);
            }
        }
        Ok(JsonValue::Object(read))
    }
}

/// `.name` for identifier-like keys, `["odd key"]` otherwise.
fn path_segment(key: &JsonString) -> String {
    let text = key.to_string_lossy();
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain { format!(".{text}") } else { format!("[{}]", quote(&text)) }
}
