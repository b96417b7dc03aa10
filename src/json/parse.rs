//! `JSON.parse`, producing a [`JsonValue`]: strict JSON grammar, numbers read as doubles,
//! escapes decoded to UTF-16 (so a lone `\ud800` survives), a repeated key keeping its first
//! position and last value.

use crate::prelude::*;

use core::fmt;

use core::marker::PhantomData;

use super::MAX_DEPTH;
use super::number::{NumberText, read_number};
use super::value::{JsonObject, JsonString, JsonValue};

/// Why text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset where reading stopped.
    pub offset: usize,
    /// What was expected there.
    pub expected: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.offset)
    }
}

impl core::error::Error for ParseError {}

pub(super) fn parse<N: NumberText>(text: &str) -> Result<JsonValue, ParseError> {
    let mut reader = Reader::<N> { bytes: text.as_bytes(), pos: 0, numbers: PhantomData };
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.pos != reader.bytes.len() {
        return Err(reader.error("the end of the text"));
    }
    Ok(value)
}

struct Reader<'a, N> {
    bytes: &'a [u8],
    pos: usize,
    numbers: PhantomData<N>,
}

impl<N: NumberText> Reader<'_, N> {
    fn error(&self, expected: &'static str) -> ParseError {
        ParseError { offset: self.pos, expected }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn literal(&mut self, word: &'static str, value: JsonValue) -> Result<JsonValue, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(word))
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonValue, ParseError> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(JsonValue::String(self.string()?)),
            Some(b't') => self.literal("true", JsonValue::Bool(true)),
            Some(b'f') => self.literal("false", JsonValue::Bool(false)),
            Some(b'n') => self.literal("null", JsonValue::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("a JSON value")),
        }
    }

    fn nested(&self, depth: usize) -> Result<usize, ParseError> {
        if depth >= MAX_DEPTH { Err(self.error("less deeply nested arrays and objects")) } else { Ok(depth + 1) }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, ParseError> {
        let depth = self.nested(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b']') {
            return Ok(JsonValue::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            if self.eat(b']') {
                return Ok(JsonValue::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("',' or ']'"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, ParseError> {
        let depth = self.nested(depth)?;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_space();
        if self.eat(b'}') {
            return Ok(JsonValue::Object(JsonObject::new()));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("a string key"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b':') {
                return Err(self.error("':'"));
            }
            let value = self.value(depth)?;
            entries.push((key, value));
            self.skip_space();
            if self.eat(b'}') {
                return Ok(JsonValue::Object(JsonObject::from_entries(entries)));
            }
            if !self.eat(b',') {
                return Err(self.error("',' or '}'"));
            }
        }
    }

    fn number(&mut self) -> Result<JsonValue, ParseError> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("a digit")),
        }
        if self.eat(b'.') {
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.required_digits()?;
        }
        let text = core::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| self.error("a number"))?;
        Ok(JsonValue::Number(read_number::<N>(text)))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), ParseError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("a digit"));
        }
        self.digits();
        Ok(())
    }

    /// Reads a string literal. Text is kept as UTF-8 until a `\u` escape produces a code unit
    /// that does not pair up, after which the rest is collected as UTF-16.
    fn string(&mut self) -> Result<JsonString, ParseError> {
        self.pos += 1;
        let mut units: Vec<u16> = Vec::new();
        let mut plain_from = self.pos;
        let mut escaped = false;
        loop {
            let byte = self.peek().ok_or_else(|| self.error("a closing '\"'"))?;
            match byte {
                b'"' => break,
                0x00..=0x1f => return Err(self.error("an escape instead of a control character")),
                b'\\' => {
                    escaped = true;
                    let plain = core::str::from_utf8(&self.bytes[plain_from..self.pos]).unwrap_or_default();
                    units.extend(plain.encode_utf16());
                    self.pos += 1;
                    units.push(self.escape()?);
                    plain_from = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        let plain = core::str::from_utf8(&self.bytes[plain_from..self.pos]).unwrap_or_default();
        self.pos += 1;
        if !escaped {
            return Ok(JsonString::from(plain));
        }
        units.extend(plain.encode_utf16());
        Ok(JsonString::from_utf16(units))
    }

    fn escape(&mut self) -> Result<u16, ParseError> {
        let byte = self.peek().ok_or_else(|| self.error("an escape"))?;
        self.pos += 1;
        Ok(match byte {
            b'"' => 0x22,
            b'\\' => 0x5c,
            b'/' => 0x2f,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => 0x0a,
            b'r' => 0x0d,
            b't' => 0x09,
            b'u' => {
                let hex = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error("four hex digits"))?;
                let hex = core::str::from_utf8(hex).map_err(|_| self.error("four hex digits"))?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(self.error("four hex digits"));
                }
                let unit = u16::from_str_radix(hex, 16).map_err(|_| self.error("four hex digits"))?;
                self.pos += 4;
                unit
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("a valid escape"));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{RustNumbers, stringify};
    use super::*;

    fn parse(text: &str) -> Result<JsonValue, ParseError> {
        super::parse::<RustNumbers>(text)
    }

    fn round_trip(text: &str) -> String {
        stringify(&parse(text).unwrap()).unwrap()
    }

    #[test]
    fn reads_what_json_parse_reads() {
        // Right-hand sides are JSON.stringify(JSON.parse(left)) in V8.
        assert_eq!(round_trip(" { \"a\" : [ 1 , 2.50 , -0 , 1E2 , 1e400 ] } "), r#"{"a":[1,2.5,0,100,null]}"#);
        assert_eq!(round_trip(r#""\u00e9\/\ud83d\ude00\ud800""#), "\"é/😀\\ud800\"");
        assert_eq!(round_trip(r#"{"a":1,"b":2,"a":3}"#), r#"{"a":3,"b":2}"#);
        assert_eq!(round_trip(r#"{"b":1,"1":2}"#), r#"{"1":2,"b":1}"#);
    }

    #[test]
    fn refuses_what_json_parse_refuses() {
        for bad in ["", "01", "1.", ".5", "+1", "[1,]", "{\"a\":1,}", "'a'", "\"\t\"", "\"\\x\"", "nul", "[1] 2", "NaN", "\"\\u12\""] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
