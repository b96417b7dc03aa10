//! Verification of arbitrary deliveries: never panics, a forged delivery never verifies unless
//! it carries the real signature, and a body fed in two pieces gets the same verdict as whole.
#![no_main]

use libfuzzer_sys::{arbitrary, fuzz_target};
use twenty_webhooks::{Delivery, Verifier, sign};

#[derive(Debug, arbitrary::Arbitrary)]
struct Input<'a> {
    secrets: Vec<&'a str>,
    timestamp: Option<&'a str>,
    signature: Option<&'a str>,
    body: &'a [u8],
    split: usize,
    now_ms: i64,
    tolerance_ms: u64,
}

fuzz_target!(|input: Input<'_>| {
    let Ok(verifier) = Verifier::new(&input.secrets) else { return };
    let verifier = verifier.with_tolerance_ms(input.tolerance_ms);
    let delivery = Delivery { timestamp: input.timestamp, signature: input.signature, nonce: None, body: input.body };
    let whole = verifier.verify(&delivery, input.now_ms);
    if let Ok(verified) = whole {
        let secret = input.secrets[verified.secret_index];
        let expected = sign(secret, input.timestamp.unwrap(), input.body).unwrap();
        assert!(input.signature.unwrap().eq_ignore_ascii_case(&expected));
    }
    let (head, tail) = input.body.split_at(input.split % (input.body.len() + 1));
    let pieces = verifier.begin(input.timestamp, input.signature, input.now_ms).and_then(|mut pending| {
        pending.update(head);
        pending.update(tail);
        pending.finish()
    });
    assert_eq!(pieces, whole);
});
