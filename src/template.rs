//! JSON templates for samples: constant JSON text whose `"$name"` strings are filled in, so that
//! the shapes of Twenty's records and metadata entities are data rather than code.

use crate::json::{JsonObject, JsonValue, NumberText};
use crate::random::SampleRng;

/// One of the constant templates, read (they are objects; the samples' tests read them all).
pub(crate) fn template<N: NumberText>(text: &str) -> JsonObject {
    match JsonValue::parse_with::<N>(text) {
        Ok(JsonValue::Object(object)) => object,
        _ => JsonObject::new(),
    }
}

/// `value` with each `"$name"` string replaced: `$uuid` by a fresh UUID, any other name by the
/// value of that name in `values` (itself filled in), or null when there is none.
pub(crate) fn fill(value: &JsonValue, values: &JsonObject, rng: &mut SampleRng) -> JsonValue {
    match value {
        JsonValue::String(text) => match text.as_str().and_then(|text| text.strip_prefix('$')) {
            Some("uuid") => rng.uuid().into(),
            Some(name) => values.get(name).map_or(JsonValue::Null, |named| fill(named, values, rng)),
            None => value.clone(),
        },
        JsonValue::Array(items) => JsonValue::Array(items.iter().map(|item| fill(item, values, rng)).collect()),
        JsonValue::Object(object) => JsonValue::Object(fill_object(object, values, rng)),
        other => other.clone(),
    }
}

/// [`fill`] for each property of an object.
pub(crate) fn fill_object(object: &JsonObject, values: &JsonObject, rng: &mut SampleRng) -> JsonObject {
    object.iter().map(|(key, item)| (key.clone(), fill(item, values, rng))).collect()
}
