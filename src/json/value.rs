//! The JSON value model: what a JavaScript value looks like to `JSON.stringify`.

use crate::prelude::*;

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::heapsort::heapsort_by;
use super::{NumberText, ParseError, RustNumbers, StringifyError};

/// A JSON value. Numbers are doubles, as in JavaScript; objects keep their keys' order.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum JsonValue {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number; non-finite ones are written as `null`, as JSON.stringify does.
    Number(f64),
    /// A string.
    String(JsonString),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object.
    Object(JsonObject),
}

impl JsonValue {
    /// Reads JSON text with `JSON.parse`'s rules: numbers become doubles, a repeated key keeps
    /// its first position and its last value.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        Self::parse_with::<RustNumbers>(text)
    }

    /// [`JsonValue::parse`] with numbers read by `N`.
    pub fn parse_with<N: NumberText>(text: &str) -> Result<Self, ParseError> {
        super::parse::parse::<N>(text)
    }

    /// Writes the value exactly as `JSON.stringify` would.
    pub fn stringify(&self) -> Result<String, StringifyError> {
        super::stringify(self)
    }

    /// The string, when this is a string of well-formed Unicode.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => s.as_str(),
            _ => None,
        }
    }

    /// The object, when this is one.
    pub fn as_object(&self) -> Option<&JsonObject> {
        match self {
            Self::Object(object) => Some(object),
            _ => None,
        }
    }
}

impl From<&str> for JsonValue {
    fn from(text: &str) -> Self {
        Self::String(text.into())
    }
}

impl From<String> for JsonValue {
    fn from(text: String) -> Self {
        Self::String(text.into())
    }
}

impl From<f64> for JsonValue {
    fn from(number: f64) -> Self {
        Self::Number(number)
    }
}

impl From<bool> for JsonValue {
    fn from(flag: bool) -> Self {
        Self::Bool(flag)
    }
}

impl From<JsonObject> for JsonValue {
    fn from(object: JsonObject) -> Self {
        Self::Object(object)
    }
}

impl<T: Into<JsonValue>> From<Vec<T>> for JsonValue {
    fn from(items: Vec<T>) -> Self {
        Self::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<JsonValue>> From<Option<T>> for JsonValue {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

/// A JavaScript string: almost always well-formed Unicode, kept as UTF-8; a string with a lone
/// surrogate (legal in JavaScript, written by JSON.stringify as `\udxxx`) keeps its UTF-16.
// Ord: any total order consistent with Eq, for finding repeated keys by sorting. Well-formed
// text is always Utf8, so equal strings always share a representation.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonString(Repr);

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Repr {
    Utf8(String),
    Utf16(Vec<u16>),
}

impl JsonString {
    /// A string from UTF-16 code units; well-formed ones are stored as UTF-8.
    pub fn from_utf16(units: Vec<u16>) -> Self {
        match String::from_utf16(&units) {
            Ok(text) => Self(Repr::Utf8(text)),
            Err(_) => Self(Repr::Utf16(units)),
        }
    }

    /// The text, unless it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Repr::Utf8(text) => Some(text),
            Repr::Utf16(_) => None,
        }
    }

    /// The text, with any lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Utf8(text) => Cow::Borrowed(text),
            Repr::Utf16(units) => Cow::Owned(String::from_utf16_lossy(units)),
        }
    }

    /// The UTF-16 code units, when the string holds a lone surrogate.
    pub(crate) fn lone_surrogate_units(&self) -> Option<&[u16]> {
        match &self.0 {
            Repr::Utf8(_) => None,
            Repr::Utf16(units) => Some(units),
        }
    }

    /// The array index this key names, as JavaScript orders keys: a canonical decimal integer
    /// below 2^32 - 1. JavaScript lists such keys first, in ascending order.
    pub(crate) fn array_index(&self) -> Option<u32> {
        let text = self.as_str()?;
        let canonical = text == "0" || (!text.starts_with('0') && !text.is_empty() && text.len() <= 10);
        if !canonical || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse::<u32>().ok().filter(|&index| index != u32::MAX)
    }
}

impl From<String> for JsonString {
    fn from(text: String) -> Self {
        Self(Repr::Utf8(text))
    }
}

impl From<&str> for JsonString {
    fn from(text: &str) -> Self {
        Self(Repr::Utf8(text.to_owned()))
    }
}

impl PartialEq<str> for JsonString {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl fmt::Debug for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Utf8(text) => fmt::Debug::fmt(text, f),
            Repr::Utf16(units) => write!(f, "utf16{units:x?}"),
        }
    }
}

impl fmt::Display for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

/// An object's properties in order. Keys are unique: setting a key again replaces its value in
/// place, as assigning a property does in JavaScript.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct JsonObject {
    entries: Vec<(JsonString, JsonValue)>,
}

impl JsonObject {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`: a new key goes last, an existing one keeps its place.
    pub fn insert(&mut self, key: impl Into<JsonString>, value: impl Into<JsonValue>) {
        self.set(key.into(), value.into());
    }

    // One copy of the work, whatever types `insert` was called with.
    fn set(&mut self, key: JsonString, value: JsonValue) {
        match self.entries.iter_mut().find(|(existing, _)| *existing == key) {
            Some((_, slot)) => *slot = value,
            None => self.entries.push((key, value)),
        }
    }

    /// An object of `entries` in order, with JavaScript's rule for a repeated key (first place,
    /// last value), in O(n log n) whatever the keys: the positions are sorted by (key,
    /// position), so repeats sit side by side.
    pub(crate) fn from_entries(entries: Vec<(JsonString, JsonValue)>) -> Self {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        heapsort_by(&mut order, |&a, &b| (&entries[a].0, a) < (&entries[b].0, b));
        // Where each place takes its value from, or None when the place goes: in each run of one
        // key (positions ascending), the first place takes the last value and the others go.
        let mut value_from: Vec<Option<usize>> = (0..entries.len()).map(Some).collect();
        let mut repeated = false;
        let mut run_start = 0;
        for end in 1..=order.len() {
            if end < order.len() && entries[order[end]].0 == entries[order[run_start]].0 {
                continue;
            }
            if end - run_start > 1 {
                repeated = true;
                value_from[order[run_start]] = Some(order[end - 1]);
                for &position in &order[run_start + 1..end] {
                    value_from[position] = None;
                }
            }
            run_start = end;
        }
        if !repeated {
            return Self { entries };
        }
        let (mut keys, mut values): (Vec<_>, Vec<_>) = entries.into_iter().map(|(k, v)| (Some(k), Some(v))).unzip();
        let mut object = Self::new();
        for (place, source) in value_from.into_iter().enumerate() {
            if let (Some(source), Some(key)) = (source, keys[place].take()) {
                if let Some(value) = values[source].take() {
                    object.entries.push((key, value));
                }
            }
        }
        object
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The properties in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&JsonString, &JsonValue)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// How many properties there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<JsonString>, V: Into<JsonValue>> FromIterator<(K, V)> for JsonObject {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        Self::from_entries(entries.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl Serialize for JsonValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(flag) => serializer.serialize_bool(*flag),
            Self::Number(number) if number.is_finite() => serializer.serialize_f64(*number),
            Self::Number(_) => serializer.serialize_unit(),
            Self::String(text) => serializer.serialize_str(&text.to_string_lossy()),
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Object(object) => {
                let mut map = serializer.serialize_map(Some(object.len()))?;
                for (key, value) in object.iter() {
                    map.serialize_entry(&*key.to_string_lossy(), value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = JsonValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<JsonValue, D::Error> {
        JsonValue::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<JsonValue, E> {
        Ok(JsonValue::Bool(flag))
    }

    // Integers become doubles, as they would in JavaScript.
    fn visit_i64<E: de::Error>(self, number: i64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(number as f64))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(number as f64))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(number))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<JsonValue, E> {
        Ok(JsonValue::from(text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<JsonValue, E> {
        Ok(JsonValue::from(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonValue::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, JsonValue>()? {
            entries.push((JsonString::from(key), value));
        }
        Ok(JsonValue::Object(JsonObject::from_entries(entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl JsonObject {
        fn stringify_for_test(&self) -> String {
            JsonValue::Object(self.clone()).stringify().unwrap()
        }
    }

    #[test]
    fn array_index_keys_are_canonical_integers_below_two_to_the_32_minus_one() {
        let index = |key: &str| JsonString::from(key).array_index();
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("42"), Some(42));
        assert_eq!(index("4294967294"), Some(4_294_967_294));
        for not_index in ["4294967295", "01", "-1", "1.0", "", " 1", "1e3", "99999999999"] {
            assert_eq!(index(not_index), None, "{not_index:?}");
        }
    }

    #[test]
    fn setting_a_key_again_keeps_its_place() {
        let mut object = JsonObject::new();
        object.insert("a", 1.0);
        object.insert("b", 2.0);
        object.insert("a", 3.0);
        let keys: Vec<_> = object.iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(object.get("a"), Some(&JsonValue::Number(3.0)));
    }

    #[test]
    fn many_keys_and_repeats_follow_javascript() {
        let mut entries: Vec<(JsonString, JsonValue)> =
            (0..50_000).map(|i| (format!("k{i}").into(), JsonValue::Number(f64::from(i)))).collect();
        entries.push(("k7".into(), JsonValue::Null));
        let interleaved: JsonObject = [("a", 1.0), ("b", 2.0), ("a", 3.0), ("c", 4.0), ("b", 5.0), ("a", 6.0)].into_iter().collect();
        assert_eq!(interleaved.stringify_for_test(), r#"{"a":6,"b":5,"c":4}"#);
        let object = JsonObject::from_entries(entries);
        assert_eq!(object.len(), 50_000);
        assert_eq!(object.get("k7"), Some(&JsonValue::Null));
        assert_eq!(object.iter().nth(7).map(|(k, _)| k.to_string()).as_deref(), Some("k7"));
    }

    #[test]
    fn deserialising_keeps_document_order() {
        let value: JsonValue = serde_json::from_str(r#"{"z":1,"a":[true,null,"x"]}"#).unwrap();
        assert_eq!(value.stringify().unwrap(), r#"{"z":1,"a":[true,null,"x"]}"#);
    }
}
