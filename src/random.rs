//! Randomness turned into values. The bytes and seeds always come from outside (the wasm facade
//! draws them from `crypto.getRandomValues`): secrets and nonces from a cryptographic source,
//! and sample data from a seeded generator, so that the same seed gives the same sample.

use crate::prelude::*;

/// SplitMix64: tiny, fast, and statistically fine for picking sample names.
#[derive(Debug, Clone)]
pub struct SampleRng {
    state: u64,
}

impl SampleRng {
    /// A generator whose whole output is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// One item of a non-empty list.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A version-4 UUID in Twenty's lower-case form.
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid_v4(bytes)
    }
}

/// A fresh webhook secret as Twenty generates one: 32 random bytes as 64 lowercase hex digits.
/// The bytes come from the caller's cryptographic source.
pub fn secret_from_random(bytes: [u8; 32]) -> String {
    hex::encode(bytes)
}

/// A nonce as Twenty sends one: 16 random bytes as 32 lowercase hex digits.
pub fn nonce_from_random(bytes: [u8; 16]) -> String {
    hex::encode(bytes)
}

/// Formats 16 random bytes as a version-4, variant-1 UUID.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let (a, rest) = bytes.split_at(4);
    let (b, rest) = rest.split_at(2);
    let (c, rest) = rest.split_at(2);
    let (d, e) = rest.split_at(2);
    format!("{}-{}-{}-{}-{}", hex::encode(a), hex::encode(b), hex::encode(c), hex::encode(d), hex::encode(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_version_and_variant_bits() {
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let (mut a, mut b) = (SampleRng::new(7), SampleRng::new(7));
        assert_eq!(a.uuid(), b.uuid());
        assert_ne!(a.uuid(), SampleRng::new(8).uuid());
    }
}
