//! Verification of arbitrary deliveries: never panics, and a forged delivery never verifies
//! unless it carries the real signature.
#![no_main]

use libfuzzer_sys::{arbitrary, fuzz_target};
use twenty_webhooks::{Delivery, Verifier, sign};

#[derive(Debug, arbitrary::Arbitrary)]
struct Input<'a> {
    secrets: Vec<&'a str>,
    timestamp: Option<&'a str>,
    signature: Option<&'a str>,
    body: &'a [u8],
    now_ms: i64,
    tolerance_ms: u64,
}

fuzz_target!(|input: Input<'_>| {
    let Ok(verifier) = Verifier::new(&input.secrets) else { return };
    let verifier = verifier.with_tolerance_ms(input.tolerance_ms);
    let delivery = Delivery { timestamp: input.timestamp, signature: input.signature, nonce: None, body: input.body };
    if let Ok(verified) = verifier.verify(&delivery, input.now_ms) {
        let secret = input.secrets[verified.secret_index];
        let expected = sign(secret, input.timestamp.unwrap(), input.body).unwrap();
        assert!(input.signature.unwrap().eq_ignore_ascii_case(&expected));
    }
});
