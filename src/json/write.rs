//! `JSON.stringify` without a replacer or indentation, byte for byte: no white space, keys in
//! JavaScript's order, `/` and non-ASCII written raw, control characters and lone surrogates
//! escaped with lower-case hex.

use crate::prelude::*;

use core::fmt;

use super::MAX_DEPTH;
use super::heapsort::heapsort_by;
use super::number::{NumberText, RustNumbers, write_number};
use super::value::{JsonObject, JsonString, JsonValue};

/// Why a value cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StringifyError {
    /// Arrays and objects nest deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl fmt::Display for StringifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooDeep => write!(f, "arrays and objects nest deeper than {MAX_DEPTH} levels"),
        }
    }
}

impl core::error::Error for StringifyError {}

/// The text `JSON.stringify(value)` returns.
pub fn stringify(value: &JsonValue) -> Result<String, StringifyError> {
    stringify_with::<RustNumbers>(value)
}

/// [`stringify`] with numbers written by `N`.
pub fn stringify_with<N: NumberText>(value: &JsonValue) -> Result<String, StringifyError> {
    let mut out = String::new();
    write_value::<N>(&mut out, value, 0)?;
    Ok(out)
}

/// Appends `value` as `JSON.stringify` would write it.
pub(crate) fn write_value<N: NumberText>(out: &mut String, value: &JsonValue, depth: usize) -> Result<(), StringifyError> {
    match value {
        JsonValue::Null => out.push_str("null"),
        JsonValue::Bool(true) => out.push_str("true"),
        JsonValue::Bool(false) => out.push_str("false"),
        JsonValue::Number(number) => write_number::<N>(out, *number),
        JsonValue::String(text) => write_string(out, text),
        JsonValue::Array(items) => {
            let depth = deeper(depth)?;
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value::<N>(out, item, depth)?;
            }
            out.push(']');
        }
        JsonValue::Object(object) => write_object::<N>(out, object, deeper(depth)?)?,
    }
    Ok(())
}

fn deeper(depth: usize) -> Result<usize, StringifyError> {
    if depth >= MAX_DEPTH { Err(StringifyError::TooDeep) } else { Ok(depth + 1) }
}

fn write_object<N: NumberText>(out: &mut String, object: &JsonObject, depth: usize) -> Result<(), StringifyError> {
    out.push('{');
    let mut first = true;
    let mut member = |out: &mut String, key: &JsonString, value: &JsonValue| {
        if !core::mem::take(&mut first) {
            out.push(',');
        }
        write_string(out, key);
        out.push(':');
        write_value::<N>(out, value, depth)
    };
    // JavaScript lists array-index keys first, ascending, then the others in insertion order.
    // Objects read from JavaScript are already in that order; ones built in Rust may not be.
    if object.iter().any(|(key, _)| key.array_index().is_some()) {
        let mut indexed: Vec<_> = object.iter().filter_map(|(k, v)| Some((k.array_index()?, k, v))).collect();
        heapsort_by(&mut indexed, |a, b| a.0 < b.0); // indices are unique, as keys are
        for (_, key, value) in indexed {
            member(out, key, value)?;
        }
        for (key, value) in object.iter().filter(|(key, _)| key.array_index().is_none()) {
            member(out, key, value)?;
        }
    } else {
        for (key, value) in object.iter() {
            member(out, key, value)?;
        }
    }
    out.push('}');
    Ok(())
}

/// `text` in double quotes with JSON's escapes: how messages quote what they were given.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    write_escaped(&mut out, text);
    out.push('"');
    out
}

/// Appends well-formed text quoted, with JSON.stringify's escapes.
pub(crate) fn write_str(out: &mut String, text: &str) {
    out.push('"');
    write_escaped(out, text);
    out.push('"');
}

/// Appends a quoted string with JSON.stringify's escapes.
pub(crate) fn write_string(out: &mut String, text: &JsonString) {
    let Some(units) = text.lone_surrogate_units() else {
        return write_str(out, text.as_str().unwrap_or_default());
    };
    out.push('"');
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok(c) => write_escaped(out, c.encode_utf8(&mut [0; 4])),
            Err(lone) => write_unicode_escape(out, lone.unpaired_surrogate()),
        }
    }
    out.push('"');
}

/// Appends well-formed text, escaping only what JSON.stringify escapes. Runs of plain bytes
/// are copied whole.
fn write_escaped(out: &mut String, text: &str) {
    let mut plain_from = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(text.get(plain_from..i).unwrap_or_default()); // ends on ASCII: always Some
        if escape.is_empty() {
            write_unicode_escape(out, u16::from(byte));
        } else {
            out.push_str(escape);
        }
        plain_from = i + 1;
    }
    out.push_str(text.get(plain_from..).unwrap_or_default());
}

fn write_unicode_escape(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::JsonObject;

    fn text(value: impl Into<JsonValue>) -> String {
        stringify(&value.into()).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_json_stringify_does() {
        // Right-hand sides are JSON.stringify's output in V8.
        assert_eq!(text("a\"b\\c/d"), r#""a\"b\\c/d""#);
        assert_eq!(text("\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}"), "\"\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}\"");
        assert_eq!(text("é \u{2028} 😀"), "\"é \u{2028} 😀\"");
        let lone = JsonValue::String(JsonString::from_utf16(vec![0x61, 0xd800, 0xdc00, 0xdfff]));
        assert_eq!(stringify(&lone).unwrap(), "\"a\u{10000}\\udfff\"");
    }

    #[test]
    fn array_index_keys_come_first_in_ascending_order() {
        let object: JsonObject = [("b", 1.0), ("10", 2.0), ("a", 3.0), ("2", 4.0)].into_iter().collect();
        assert_eq!(text(object), r#"{"2":4,"10":2,"b":1,"a":3}"#);
    }

    #[test]
    fn many_index_keys_are_ordered() {
        let object: JsonObject = (0..40_000u32).rev().map(|i| (i.to_string(), f64::from(i))).collect();
        let text = text(object);
        assert!(text.starts_with(r#"{"0":0,"1":1,"2":2,"#) && text.ends_with(r#""39999":39999}"#));
    }

    #[test]
    fn nesting_is_bounded() {
        let mut deep = JsonValue::Null;
        for _ in 0..MAX_DEPTH {
            deep = JsonValue::Array(vec![deep]);
        }
        assert!(stringify(&deep).is_ok());
        assert_eq!(stringify(&JsonValue::Array(vec![deep])), Err(StringifyError::TooDeep));
    }
}
