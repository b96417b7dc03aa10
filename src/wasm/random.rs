//! The clock and the randomness the core never reads itself, taken from the JavaScript host.

use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::random::uuid_v4;

#[wasm_bindgen]
extern "C" {
    /// Web Crypto's CSPRNG, present in browsers, Node ≥ 19, Deno, Bun and workerd.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]);
}

pub(super) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    get_random_values(&mut bytes);
    bytes
}

pub(super) fn random_uuid() -> String {
    uuid_v4(random_bytes())
}

pub(super) fn now_ms() -> f64 {
    js_sys::Date::now()
}
