//! The shared vectors in `tests/vectors/*.json`, run against the Rust API. The same files drive
//! the package tests (Node, Deno, Bun, workerd, Chromium), so every surface meets one truth.

use serde_json::Value;
use twenty_webhooks::diagnose::{DiagnoseBody, DiagnoseInput, Severity, diagnose};
use twenty_webhooks::json::JsonValue;
use twenty_webhooks::{
    Delivery, MetadataEvent, RecordEvent, Verifier, build_metadata_payload, build_payload, matches_operations, parse_iso, sign,
};

fn vectors(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

fn text<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field].as_str().unwrap_or_else(|| panic!("{field} in {case}"))
}

fn secrets(case: &Value) -> Vec<String> {
    match &case["secret"] {
        Value::Array(list) => list.iter().map(|s| s.as_str().unwrap().to_owned()).collect(),
        one => vec![one.as_str().unwrap().to_owned()],
    }
}

fn headers(case: &Value) -> Vec<(String, String)> {
    case["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect()
}

#[test]
fn signatures_match_twenty() {
    let file = vectors("signatures.json");
    for case in file["signs"].as_array().unwrap() {
        let signature = sign(text(case, "secret"), text(case, "timestamp"), text(case, "body").as_bytes()).unwrap();
        assert_eq!(signature, text(case, "signature"), "{}", text(case, "name"));
    }
    for case in file["must_not_verify"].as_array().unwrap() {
        let verifier = Verifier::new(&[text(case, "secret")]).unwrap();
        let delivery = Delivery {
            timestamp: Some(text(case, "timestamp")),
            signature: Some(text(case, "signature")),
            nonce: None,
            body: text(case, "body").as_bytes(),
        };
        let now = text(case, "timestamp").parse().unwrap();
        assert_eq!(verifier.verify(&delivery, now).unwrap_err().code(), "SIGNATURE_MISMATCH", "{}", text(case, "name"));
    }
}

#[test]
fn verification_outcomes() {
    // Cases with `body_json` hand JavaScript a non-byte body; Rust's types rule them out.
    for case in vectors("verify.json").as_array().unwrap().iter().filter(|c| c.get("body_json").is_none()) {
        let name = text(case, "name");
        let secrets = secrets(case);
        let expect = &case["expect"];
        let verifier = match Verifier::new(&secrets) {
            Ok(verifier) => verifier.with_tolerance_ms(case["toleranceMs"].as_u64().unwrap_or(300_000)),
            Err(error) => {
                assert_eq!(Some(error.code()), expect["error"].as_str(), "{name}");
                continue;
            }
        };
        let headers = headers(case);
        let delivery = Delivery::from_headers(&headers, text(case, "body").as_bytes());
        match verifier.verify(&delivery, case["now"].as_i64().unwrap()) {
            Ok(verified) => {
                assert_eq!(expect["ok"], true, "{name}: verified, expected {expect}");
                assert_eq!(verified.secret_index as u64, expect["secretIndex"].as_u64().unwrap(), "{name}");
                assert_eq!(verified.timestamp_ms, expect["timestamp"].as_u64().unwrap(), "{name}");
            }
            Err(error) => {
                assert_eq!(Some(error.code()), expect["error"].as_str(), "{name}: {error}");
                if let Some(part) = expect["hintIncludes"].as_str() {
                    assert!(error.hint().contains(part), "{name}: hint {:?}", error.hint());
                }
            }
        }
    }
}

#[test]
fn payloads_are_byte_for_byte_twentys() {
    for case in vectors("payloads.json").as_array().unwrap() {
        let e = &case["event"];
        let optional = |field: &str| e[field].as_str().map(str::to_owned);
        let event = RecordEvent {
            target_url: text(e, "targetUrl").into(),
            event_name: text(e, "eventName").into(),
            object_metadata_id: text(&e["objectMetadata"], "id").into(),
            object_name_singular: text(&e["objectMetadata"], "nameSingular").into(),
            workspace_id: text(e, "workspaceId").into(),
            webhook_id: text(e, "webhookId").into(),
            event_date_ms: event_date_ms(e),
            user_id: optional("userId"),
            workspace_member_id: optional("workspaceMemberId"),
            record: JsonValue::parse(text(e, "record_json")).unwrap(),
            updated_fields: e["updatedFields"].as_array().map(|f| f.iter().map(|v| v.as_str().unwrap().to_owned()).collect()),
        };
        assert_eq!(build_payload(&event).unwrap(), text(case, "body"), "{}", text(case, "name"));
    }
}

#[test]
fn metadata_payloads_are_byte_for_byte_twentys() {
    for case in vectors("metadata-payloads.json").as_array().unwrap() {
        let e = &case["event"];
        let optional = |field: &str| e[field].as_str().map(str::to_owned);
        let event = MetadataEvent {
            target_url: text(e, "targetUrl").into(),
            event_name: text(e, "eventName").into(),
            workspace_id: text(e, "workspaceId").into(),
            webhook_id: text(e, "webhookId").into(),
            event_date_ms: event_date_ms(e),
            user_id: optional("userId"),
            api_key_id: optional("apiKeyId"),
            event: JsonValue::parse(text(e, "event_json")).unwrap(),
        };
        assert_eq!(build_metadata_payload(&event).unwrap(), text(case, "body"), "{}", text(case, "name"));
    }
}

fn event_date_ms(event: &Value) -> i64 {
    match &event["eventDate"] {
        Value::String(iso) => parse_iso(iso).unwrap(),
        ms => ms.as_i64().unwrap(),
    }
}

#[test]
fn operations_follow_twentys_rule() {
    for case in vectors("operations.json").as_array().unwrap() {
        let operations: Vec<&str> = case["operations"].as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect();
        let matched = matches_operations(&operations, text(case, "eventName"));
        assert_eq!(matched, case["expected"].as_bool().unwrap(), "{}", text(case, "name"));
    }
}

#[test]
fn diagnoses_name_the_mistake() {
    for case in vectors("diagnoses.json").as_array().unwrap() {
        let name = text(case, "name");
        let secrets = secrets(case);
        let headers = headers(case);
        let input = DiagnoseInput {
            secrets: &secrets,
            headers: &headers,
            body: DiagnoseBody::Raw(text(case, "body").as_bytes()),
            now_ms: case["now"].as_i64().unwrap(),
            tolerance_ms: case["tolerance_ms"].as_u64().unwrap(),
        };
        let errors: Vec<&str> = diagnose(&input).iter().filter(|f| f.severity == Severity::Error).map(|f| f.code.as_str()).collect();
        let expected: Vec<&str> = case["expect_codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        assert_eq!(errors, expected, "{name}");
    }
}

#[test]
fn delivery_ids_match_the_edge_receivers() {
    for case in vectors("delivery-ids.json").as_array().unwrap() {
        let id = twenty_webhooks::delivery_id(Some(text(case, "signature"))).unwrap();
        assert_eq!(id, text(case, "deliveryId"), "{}", text(case, "name"));
    }
}
