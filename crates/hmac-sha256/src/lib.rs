//! HMAC-SHA256 (and plain SHA-256) behind non-generic functions.
//!
//! Generic code is compiled in the crate that uses it, with that crate's optimisation level.
//! twenty-webhooks is built for size (its wasm must stay small), which would also shrink, and
//! slow, the HMAC it instantiates. Instantiated here instead, in a crate the release profile
//! builds at opt-level 3, the hash keeps its speed.
#![no_std]

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// An HMAC-SHA256 keyed once; clone it to start a message.
#[derive(Clone)]
pub struct HmacSha256(Hmac<Sha256>);

impl HmacSha256 {
    /// Keys the HMAC (keys of any length: long ones are hashed first, as RFC 2104 says).
    pub fn new(key: &[u8]) -> Self {
        Self(Hmac::new_from_slice(key).expect("HMAC takes keys of any length"))
    }

    /// Feeds the next bytes of the message.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The MAC of the message.
    pub fn finalize(self) -> [u8; 32] {
        self.0.finalize().into_bytes().into()
    }

    /// Whether the message's MAC is `tag`, compared in constant time.
    pub fn verify(self, tag: &[u8; 32]) -> bool {
        self.0.verify_slice(tag).is_ok()
    }
}

/// SHA-256 of a message given in parts (no key), e.g. an id derived from a signature.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::Digest;
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part);
    }
    hash.finalize().into()
}
