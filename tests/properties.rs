//! Properties over arbitrary inputs: what is signed verifies, and any single-byte change to
//! the body, the timestamp or the signature is refused.

use proptest::prelude::*;
use twenty_webhooks::json::JsonValue;
use twenty_webhooks::{Delivery, Verifier, VerifyError, sign};

/// Secrets as Twenty accepts them: any text with a non-white-space character.
fn secret() -> impl Strategy<Value = String> {
    "\\PC{0,80}".prop_filter("needs a non-white-space character", |s| !s.trim().is_empty())
}

/// Timestamps within the tolerance of NOW, 13 digits like Date.now().
const NOW: i64 = 1_735_066_639_761;
fn timestamp() -> impl Strategy<Value = String> {
    (NOW - 300_000..=NOW + 300_000).prop_map(|t| t.to_string())
}

fn verify(secret: &str, timestamp: &str, signature: &str, body: &[u8]) -> Result<(), VerifyError> {
    let delivery = Delivery { timestamp: Some(timestamp), signature: Some(signature), nonce: None, body };
    Verifier::new(&[secret]).unwrap().verify(&delivery, NOW).map(|_| ())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn what_is_signed_verifies(secret in secret(), timestamp in timestamp(), body in proptest::collection::vec(any::<u8>(), 0..600)) {
        let signature = sign(&secret, &timestamp, &body).unwrap();
        prop_assert_eq!(verify(&secret, &timestamp, &signature, &body), Ok(()));
        prop_assert_eq!(verify(&secret, &timestamp, &signature.to_uppercase(), &body), Ok(()));
    }

    #[test]
    fn any_changed_body_byte_is_refused(secret in secret(), timestamp in timestamp(), body in proptest::collection::vec(any::<u8>(), 1..600), at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let signature = sign(&secret, &timestamp, &body).unwrap();
        let mut tampered = body.clone();
        tampered[at.index(body.len())] ^= flip;
        prop_assert_eq!(verify(&secret, &timestamp, &signature, &tampered), Err(VerifyError::SignatureMismatch));
    }

    #[test]
    fn any_changed_timestamp_byte_is_refused(secret in secret(), timestamp in timestamp(), body in proptest::collection::vec(any::<u8>(), 0..200), at in any::<prop::sample::Index>(), digit in 0u8..10) {
        let signature = sign(&secret, &timestamp, &body).unwrap();
        let mut changed = timestamp.clone().into_bytes();
        let i = at.index(changed.len());
        prop_assume!(changed[i] != b'0' + digit);
        changed[i] = b'0' + digit;
        let changed = String::from_utf8(changed).unwrap();
        // Another timestamp may fall outside the tolerance; either way it must not verify.
        prop_assert!(verify(&secret, &changed, &signature, &body).is_err());
    }

    #[test]
    fn any_changed_signature_byte_is_refused(secret in secret(), timestamp in timestamp(), body in proptest::collection::vec(any::<u8>(), 0..200), at in 0usize..64, replacement in "[0-9a-f]") {
        let signature = sign(&secret, &timestamp, &body).unwrap();
        let mut changed = signature.clone().into_bytes();
        prop_assume!(changed[at] != replacement.as_bytes()[0]);
        changed[at] = replacement.as_bytes()[0];
        let changed = String::from_utf8(changed).unwrap();
        prop_assert_eq!(verify(&secret, &timestamp, &changed, &body), Err(VerifyError::SignatureMismatch));
    }

    #[test]
    fn json_reads_back_what_it_writes(text in json_text()) {
        let value = JsonValue::parse(&text).unwrap();
        let written = value.stringify().unwrap();
        prop_assert_eq!(JsonValue::parse(&written).unwrap().stringify().unwrap(), written);
    }
}

/// JSON text built from arbitrary values, via serde_json (a second, independent writer).
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(serde_json::Value::Number)),
        any::<i64>().prop_map(|i| serde_json::Value::Number(i.into())),
        "\\PC*".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            proptest::collection::vec(("\\PC{0,8}", inner), 0..8)
                .prop_map(|entries| serde_json::Value::Object(entries.into_iter().collect())),
        ]
    })
    .prop_map(|value| value.to_string())
}
