//! Diagnosis of arbitrary deliveries: never panics, and a delivery that verifies gets no error
//! finding.
#![no_main]

use libfuzzer_sys::{arbitrary, fuzz_target};
use twenty_webhooks::diagnose::{DiagnoseBody, DiagnoseInput, Severity, diagnose};
use twenty_webhooks::{Delivery, Verifier};

#[derive(Debug, arbitrary::Arbitrary)]
struct Input {
    secret: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    now_ms: i64,
    tolerance_ms: u64,
}

fuzz_target!(|input: Input| {
    let secrets = [input.secret];
    let findings = diagnose(&DiagnoseInput {
        secrets: &secrets,
        headers: &input.headers,
        body: DiagnoseBody::Raw(&input.body),
        now_ms: input.now_ms,
        tolerance_ms: input.tolerance_ms,
    });
    let verified = Verifier::new(&secrets)
        .map(|v| v.with_tolerance_ms(input.tolerance_ms))
        .and_then(|v| v.verify(&Delivery::from_headers(&input.headers, &input.body), input.now_ms));
    if verified.is_ok() {
        assert!(findings.iter().all(|f| f.severity != Severity::Error), "{findings:?}");
    }
});
