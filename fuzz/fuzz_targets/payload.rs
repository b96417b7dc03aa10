//! Payload building from arbitrary JSON text, event names and dates: never panics, and what is
//! built is JSON that reads back to the same record (or metadata event).
#![no_main]

use libfuzzer_sys::{arbitrary, fuzz_target};
use twenty_webhooks::json::JsonValue;
use twenty_webhooks::{MetadataEvent, RecordEvent, build_metadata_payload, build_payload, format_iso, parse_iso};

#[derive(Debug, arbitrary::Arbitrary)]
struct Input<'a> {
    record_json: &'a str,
    event_name: &'a str,
    name_singular: &'a str,
    event_date: &'a str,
    event_date_ms: i64,
    user_id: Option<&'a str>,
    updated_fields: Option<Vec<&'a str>>,
}

fuzz_target!(|input: Input<'_>| {
    if let Ok(ms) = parse_iso(input.event_date) {
        assert_eq!(parse_iso(&format_iso(ms).unwrap()), Ok(ms));
    }
    let Ok(record) = JsonValue::parse(input.record_json) else { return };
    let event = RecordEvent {
        target_url: "https://example.com/webhook".into(),
        event_name: input.event_name.into(),
        object_metadata_id: "id".into(),
        object_name_singular: input.name_singular.into(),
        workspace_id: "w".into(),
        webhook_id: "h".into(),
        event_date_ms: input.event_date_ms,
        user_id: input.user_id.map(Into::into),
        workspace_member_id: None,
        record: record.clone(),
        updated_fields: input.updated_fields.map(|f| f.into_iter().map(Into::into).collect()),
    };
    if let Ok(body) = build_payload(&event) {
        let parsed = JsonValue::parse(&body).expect("a built payload is JSON");
        let round_trip = parsed.as_object().and_then(|o| o.get("record")).expect("it has the record");
        assert_eq!(round_trip.stringify().unwrap(), record.stringify().unwrap());
    }
    let metadata = MetadataEvent {
        target_url: "https://example.com/webhook".into(),
        event_name: input.event_name.into(),
        workspace_id: "w".into(),
        webhook_id: "h".into(),
        event_date_ms: input.event_date_ms,
        user_id: input.user_id.map(Into::into),
        api_key_id: None,
        event: record.clone(),
    };
    if let Ok(body) = build_metadata_payload(&metadata) {
        let parsed = JsonValue::parse(&body).expect("a built payload is JSON");
        let round_trip = parsed.as_object().and_then(|o| o.get("event")).expect("it has the event");
        assert_eq!(round_trip.stringify().unwrap(), record.stringify().unwrap());
    }
});
