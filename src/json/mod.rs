//! JSON as JavaScript has it: a value model that keeps key order and every UTF-16 string
//! (lone surrogates included), a writer that produces `JSON.stringify`'s exact bytes, and a
//! reader with `JSON.parse`'s rules. Twenty signs `JSON.stringify(payload)`, so these rules,
//! not general JSON, decide which bytes are on the wire.

mod heapsort;
mod number;
mod parse;
mod value;
mod write;

pub use number::{NumberText, RustNumbers, write_number};
pub use parse::ParseError;
pub use value::{JsonObject, JsonString, JsonValue};
pub use write::{StringifyError, quote, stringify, stringify_with};
pub(crate) use write::{write_str, write_string, write_value};

/// The deepest nesting read or written. V8 itself stops somewhat deeper, with a stack overflow;
/// this limit keeps every caller well inside wasm's 1 MiB stack.
pub const MAX_DEPTH: usize = 1000;
