//! Readings of a received body that might be what was really signed: the forms a body takes
//! when someone parses it and writes it again, or stringifies it once too often.

use crate::prelude::*;

use crate::json::{JsonObject, JsonString, JsonValue, NumberText, stringify_with, write_string};

/// Twenty's top-level keys in the order its server writes them.
pub(super) const TWENTY_KEY_ORDER: [&str; 10] = [
    "targetUrl",
    "eventName",
    "objectMetadata",
    "workspaceId",
    "webhookId",
    "eventDate",
    "userId",
    "workspaceMemberId",
    "record",
    "updatedFields",
];

/// What a body looks like under each reading.
pub(super) struct BodyReadings {
    /// `JSON.stringify(JSON.parse(body))`: Twenty's own form of the same data. `None` when the
    /// body is not JSON.
    pub compact: Option<String>,
    /// The compact form with the top-level keys put back in Twenty's order, when they were not.
    pub twenty_ordered: Option<String>,
    /// When the body is a JSON string literal, the text inside it.
    pub inner_text: Option<String>,
    /// `JSON.stringify(body)`: the body text stringified once more.
    pub stringified_again: String,
    /// Whether the body differs from its compact form only by white space outside strings.
    pub only_whitespace_added: bool,
    /// Whether, below the top level, every object of three or more keys (and there are at least
    /// three) has its keys in alphabetical order: the mark of a writer that sorts keys (Python's
    /// sort_keys, Go maps, jq -S). Twenty's records, written in field order, do not look so.
    pub keys_sorted: bool,
}

impl BodyReadings {
    pub(super) fn of<N: NumberText>(body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let parsed = core::str::from_utf8(body).ok().and_then(|t| JsonValue::parse_with::<N>(t).ok());
        let compact = parsed.as_ref().and_then(|value| stringify_with::<N>(value).ok());
        let twenty_ordered = parsed
            .as_ref()
            .and_then(JsonValue::as_object)
            .filter(|object| !in_twenty_order(object))
            .and_then(|object| stringify_with::<N>(&JsonValue::Object(twenty_ordered(object))).ok());
        let inner_text = match &parsed {
            Some(JsonValue::String(inner)) => inner.as_str().map(str::to_owned),
            _ => None,
        };
        let mut stringified_again = String::with_capacity(text.len() + 16);
        write_string(&mut stringified_again, &JsonString::from(&*text));
        let only_whitespace_added = compact.as_deref().is_some_and(|c| without_whitespace(&text) == c);
        let keys_sorted = parsed.as_ref().and_then(JsonValue::as_object).is_some_and(|top| {
            let (sorted, unsorted) = top.iter().map(|(_, v)| count_key_orders(v)).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            sorted >= 3 && unsorted == 0
        });
        Self { compact, twenty_ordered, inner_text, stringified_again, only_whitespace_added, keys_sorted }
    }
}

/// Whether the keys Twenty writes appear in Twenty's order (others may sit anywhere).
pub(super) fn in_twenty_order(object: &JsonObject) -> bool {
    let ranks: Vec<usize> = object.iter().filter_map(|(key, _)| TWENTY_KEY_ORDER.iter().position(|known| key == *known)).collect();
    ranks.windows(2).all(|pair| pair[0] < pair[1])
}

/// The object with Twenty's keys first, in Twenty's order, then any others as they were.
fn twenty_ordered(object: &JsonObject) -> JsonObject {
    let mut ordered = JsonObject::new();
    for known in TWENTY_KEY_ORDER {
        if let Some(value) = object.get(known) {
            ordered.insert(known, value.clone());
        }
    }
    for (key, value) in object.iter() {
        if !TWENTY_KEY_ORDER.iter().any(|known| key == *known) {
            ordered.insert(key.clone(), value.clone());
        }
    }
    ordered
}

/// How many objects of three or more keys have them in alphabetical order, and how many not.
fn count_key_orders(value: &JsonValue) -> (usize, usize) {
    match value {
        JsonValue::Array(items) => items.iter().map(count_key_orders).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
        JsonValue::Object(object) => {
            let keys = || object.iter().map(|(key, _)| key.as_str().unwrap_or_default());
            let in_order = keys().zip(keys().skip(1)).all(|(a, b)| a <= b);
            let own = match (object.len(), in_order) {
                (0..=2, _) => (0, 0),
                (_, true) => (1, 0),
                _ => (0, 1),
            };
            object.iter().map(|(_, v)| count_key_orders(v)).fold(own, |a, b| (a.0 + b.0, a.1 + b.1))
        }
        _ => (0, 0),
    }
}

/// The text with JSON's insignificant white space (outside strings) removed.
fn without_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::RustNumbers;

    impl BodyReadings {
        fn of_rust(body: &[u8]) -> Self {
            Self::of::<RustNumbers>(body)
        }
    }

    #[test]
    fn a_pretty_printed_body_reads_back_to_the_compact_one() {
        let readings = BodyReadings::of_rust(b"{\n  \"a\": \"x y\",\n  \"b\": [1, 2]\n}");
        assert_eq!(readings.compact.as_deref(), Some(r#"{"a":"x y","b":[1,2]}"#));
        assert!(readings.only_whitespace_added);
        assert_eq!(readings.twenty_ordered, None);
    }

    #[test]
    fn sorted_top_level_keys_are_put_back_in_twenty_order() {
        let readings = BodyReadings::of_rust(br#"{"eventName":"person.created","record":{},"targetUrl":"u"}"#);
        assert_eq!(readings.twenty_ordered.as_deref(), Some(r#"{"targetUrl":"u","eventName":"person.created","record":{}}"#));
    }

    #[test]
    fn bodies_with_every_object_sorted_are_noticed() {
        let nested_sorted = br#"{"targetUrl":"u","eventName":"e","record":{"a":1,"b":{"x":1,"y":2,"z":3},"c":{"m":1,"n":2,"o":3}}}"#;
        assert!(BodyReadings::of_rust(nested_sorted).keys_sorted);
        let twenty_like = br#"{"targetUrl":"u","eventName":"e","record":{"id":1,"name":{"firstName":"A","lastName":"B"},"emails":{"primaryEmail":"a","additionalEmails":null}}}"#;
        assert!(!BodyReadings::of_rust(twenty_like).keys_sorted);
    }

    #[test]
    fn a_string_body_is_read_inside_and_stringified_again() {
        let readings = BodyReadings::of_rust(br#""{\"a\":1}""#);
        assert_eq!(readings.inner_text.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(readings.stringified_again, r#""\"{\\\"a\\\":1}\"""#);
    }
}
