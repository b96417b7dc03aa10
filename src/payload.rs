//! The body Twenty POSTs for one event: `JSON.stringify` of an object whose keys come in
//! Twenty's order, optional keys left out rather than set to null. Record events and metadata
//! events have different envelopes around their content (the record, or the metadata event):
//!
//! - record: `targetUrl, eventName, objectMetadata, workspaceId, webhookId, eventDate, userId?,
//!   workspaceMemberId?, record, updatedFields?` (Twenty's `CallWebhookJobsJob`);
//! - metadata: `targetUrl, eventName, workspaceId, webhookId, eventDate, userId?, apiKeyId?,
//!   event` (Twenty's `CallWebhookJobsForMetadataJob`).

use crate::prelude::*;

use crate::error::PayloadError;
use crate::event_date::format_iso;
use crate::event_name::EventName;
use crate::json::{JsonValue, NumberText, RustNumbers, write_str, write_value};

/// One record event, as Twenty's webhook job holds it before sending.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordEvent {
    /// The webhook's target URL as stored.
    pub target_url: String,
    /// `<objectNameSingular>.<action>`, e.g. `person.created`.
    pub event_name: String,
    /// The object's metadata id (a UUID).
    pub object_metadata_id: String,
    /// The object's singular name; must agree with `event_name`.
    pub object_name_singular: String,
    /// The workspace's id (a UUID).
    pub workspace_id: String,
    /// The webhook's id (a UUID).
    pub webhook_id: String,
    /// When the event was sent, in milliseconds since the epoch.
    pub event_date_ms: i64,
    /// The user who made the change, when a signed-in user did.
    pub user_id: Option<String>,
    /// Their workspace member id, under the same condition.
    pub workspace_member_id: Option<String>,
    /// The record (an object): after-state, or last state for `destroyed`.
    pub record: JsonValue,
    /// The fields an update, delete or restore touched.
    pub updated_fields: Option<Vec<String>>,
}

/// One metadata event (an object, a field, a view… created, updated or deleted), as Twenty's
/// webhook job holds it before sending.
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataEvent {
    /// The webhook's target URL as stored.
    pub target_url: String,
    /// `metadata.<metadataName>.<created|updated|deleted>`, e.g. `metadata.view.updated`.
    pub event_name: String,
    /// The workspace's id (a UUID).
    pub workspace_id: String,
    /// The webhook's id (a UUID).
    pub webhook_id: String,
    /// When the event was sent, in milliseconds since the epoch.
    pub event_date_ms: i64,
    /// The user who made the change, when a signed-in user did.
    pub user_id: Option<String>,
    /// The API key that made the change, when one did.
    pub api_key_id: Option<String>,
    /// The change (an object): `{ type, metadataName, recordId, properties }` as Twenty builds
    /// it; see [`sample_metadata_event`](crate::sample_metadata_event).
    pub event: JsonValue,
}

/// The exact body Twenty's server sends for a record event.
///
/// Checks that `event_name` is `<object>.<action>` with an action Twenty delivers, that it
/// names the same object as `object_name_singular`, and that the record is an object.
pub fn build_payload(event: &RecordEvent) -> Result<String, PayloadError> {
    build_payload_with::<RustNumbers>(event)
}

/// [`build_payload`] with the record's numbers written by `N`.
pub fn build_payload_with<N: NumberText>(event: &RecordEvent) -> Result<String, PayloadError> {
    let envelope = Envelope {
        target_url: &event.target_url,
        event_name: &event.event_name,
        workspace_id: &event.workspace_id,
        webhook_id: &event.webhook_id,
        event_date_ms: event.event_date_ms,
        user_id: event.user_id.as_deref(),
        kind: EnvelopeKind::Record {
            object_metadata_id: &event.object_metadata_id,
            object_name_singular: &event.object_name_singular,
            workspace_member_id: event.workspace_member_id.as_deref(),
            updated_fields: event.updated_fields.as_deref(),
        },
    };
    surround::<N>(&envelope, &event.record)
}

/// The exact body Twenty's server sends for a metadata event.
///
/// Checks that `event_name` is `metadata.<metadataName>.<created|updated|deleted>` and that
/// the event is an object.
pub fn build_metadata_payload(event: &MetadataEvent) -> Result<String, PayloadError> {
    build_metadata_payload_with::<RustNumbers>(event)
}

/// [`build_metadata_payload`] with the event's numbers written by `N`.
pub fn build_metadata_payload_with<N: NumberText>(event: &MetadataEvent) -> Result<String, PayloadError> {
    let envelope = Envelope {
        target_url: &event.target_url,
        event_name: &event.event_name,
        workspace_id: &event.workspace_id,
        webhook_id: &event.webhook_id,
        event_date_ms: event.event_date_ms,
        user_id: event.user_id.as_deref(),
        kind: EnvelopeKind::Metadata { api_key_id: event.api_key_id.as_deref() },
    };
    surround::<N>(&envelope, &event.event)
}

fn surround<N: NumberText>(envelope: &Envelope<'_>, content: &JsonValue) -> Result<String, PayloadError> {
    let content_key = envelope.kind.content_key();
    if !matches!(content, JsonValue::Object(_)) {
        return Err(not_an_object(content_key));
    }
    let Split { head, tail } = split_payload(envelope)?;
    let mut body = head;
    write_value::<N>(&mut body, content, 0)
        .map_err(|e| PayloadError::Unserializable { path: content_key.into(), reason: e.to_string() })?;
    body.push_str(&tail);
    Ok(body)
}

/// Everything of a body but its content (the record, or the metadata event), borrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Envelope<'a> {
    pub target_url: &'a str,
    pub event_name: &'a str,
    pub workspace_id: &'a str,
    pub webhook_id: &'a str,
    pub event_date_ms: i64,
    pub user_id: Option<&'a str>,
    pub kind: EnvelopeKind<'a>,
}

/// The fields only one kind of event has.
#[derive(Debug, Clone, Copy)]
pub(crate) enum EnvelopeKind<'a> {
    Record {
        object_metadata_id: &'a str,
        object_name_singular: &'a str,
        workspace_member_id: Option<&'a str>,
        updated_fields: Option<&'a [String]>,
    },
    Metadata {
        api_key_id: Option<&'a str>,
    },
}

impl EnvelopeKind<'_> {
    /// The key the content is written under.
    pub fn content_key(&self) -> &'static str {
        match self {
            Self::Record { .. } => "record",
            Self::Metadata { .. } => "event",
        }
    }
}

/// A body cut around its content: the body is `head`, the content's JSON text, then `tail`.
/// Front ends whose own serialiser is the reference for the content (a JavaScript engine's
/// `JSON.stringify`) write the content themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split {
    pub head: String,
    pub tail: String,
}

/// Checks an envelope and writes it in Twenty's order, leaving the place of the content open.
pub(crate) fn split_payload(envelope: &Envelope<'_>) -> Result<Split, PayloadError> {
    let event_name = envelope.event_name;
    let (name, _) = EventName::parse_delivered(event_name)?;
    let wrong_kind = |reason| PayloadError::InvalidEventName { event_name: event_name.into(), reason };
    match (name, envelope.kind) {
        (EventName::Record { object, .. }, EnvelopeKind::Record { object_name_singular, .. }) if object != object_name_singular => {
            return Err(PayloadError::ObjectMismatch { event_object: object.into(), name_singular: object_name_singular.into() });
        }
        (EventName::Metadata { .. }, EnvelopeKind::Record { .. }) => {
            return Err(wrong_kind("a metadata event carries an event, not a record"));
        }
        (EventName::Record { .. }, EnvelopeKind::Metadata { .. }) => {
            return Err(wrong_kind("a record event carries a record, not a metadata event"));
        }
        _ => {}
    }
    let event_date = format_iso(envelope.event_date_ms).ok_or_else(|| PayloadError::InvalidEventDate {
        reason: format!("{} ms is outside the range of event dates (±8.64e15 ms around the epoch)", envelope.event_date_ms),
    })?;

    let mut head = String::with_capacity(512);
    let optional = |out: &mut String, name: &str, value: Option<&str>| {
        if let Some(value) = value {
            push_key(out, name);
            push_text(out, value);
        }
    };

    push_key(&mut head, "targetUrl");
    push_text(&mut head, envelope.target_url);
    push_key(&mut head, "eventName");
    push_text(&mut head, event_name);
    if let EnvelopeKind::Record { object_metadata_id, object_name_singular, .. } = envelope.kind {
        push_key(&mut head, "objectMetadata");
        head.push_str("{\"id\":");
        push_text(&mut head, object_metadata_id);
        head.push_str(",\"nameSingular\":");
        push_text(&mut head, object_name_singular);
        head.push('}');
    }
    push_key(&mut head, "workspaceId");
    push_text(&mut head, envelope.workspace_id);
    push_key(&mut head, "webhookId");
    push_text(&mut head, envelope.webhook_id);
    push_key(&mut head, "eventDate");
    push_text(&mut head, &event_date);
    optional(&mut head, "userId", envelope.user_id);
    match envelope.kind {
        EnvelopeKind::Record { workspace_member_id, .. } => optional(&mut head, "workspaceMemberId", workspace_member_id),
        EnvelopeKind::Metadata { api_key_id } => optional(&mut head, "apiKeyId", api_key_id),
    }
    push_key(&mut head, envelope.kind.content_key());

    let mut tail = String::new();
    if let EnvelopeKind::Record { updated_fields: Some(fields), .. } = envelope.kind {
        tail.push_str(",\"updatedFields\":[");
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                tail.push(',');
            }
            push_text(&mut tail, field);
        }
        tail.push(']');
    }
    tail.push('}');
    Ok(Split { head, tail })
}

/// `{"name":` for the first key, `,"name":` after (the key names are plain ASCII).
// Out of line: inlined at each of a dozen call sites, these would cost the wasm file dearly.
#[inline(never)]
fn push_key(out: &mut String, name: &str) {
    out.push_str(if out.is_empty() { "{\"" } else { ",\"" });
    out.push_str(name);
    out.push_str("\":");
}

/// A string value, quoted and escaped as JSON.stringify writes it.
#[inline(never)]
fn push_text(out: &mut String, value: &str) {
    write_str(out, value);
}

/// The content (`record` or `event`) is not an object.
pub(crate) fn not_an_object(content_key: &str) -> PayloadError {
    let expected =
        if content_key == "record" { "an object (the record's fields)" } else { "an object { type, metadataName, recordId, properties }" };
    PayloadError::InvalidField { field: content_key.into(), expected }
}

/// A field of one kind of event given to the other kind (loosely typed front ends allow it).
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
pub(crate) fn field_of_other_kind(field: &str, metadata: bool) -> PayloadError {
    let expected = if metadata {
        "absent from a metadata event, which carries its change in event"
    } else {
        "absent from a record event, which carries its change in record"
    };
    PayloadError::InvalidField { field: field.into(), expected }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_event() -> RecordEvent {
        RecordEvent {
            target_url: "https://example.com/webhook".into(),
            event_name: "person.created".into(),
            object_metadata_id: "370985db-22d8-4463-8e5f-2271d30913bd".into(),
            object_name_singular: "person".into(),
            workspace_id: "872cfcf1-c79f-42bc-877d-5829f06eb3f9".into(),
            webhook_id: "90056586-1228-4e03-a507-70140aa85c05".into(),
            event_date_ms: 1_735_066_639_761,
            user_id: Some("170ba418-85a2-4f91-8565-9cd714c6703a".into()),
            workspace_member_id: Some("9062a1e3-e066-49ba-8c4a-d869b6a0ca12".into()),
            record: JsonValue::parse(r#"{"id":"f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3","name":{"firstName":"Alice","lastName":"Doe"}}"#)
                .unwrap(),
            updated_fields: None,
        }
    }

    fn view_event() -> MetadataEvent {
        MetadataEvent {
            target_url: "https://example.com/webhook".into(),
            event_name: "metadata.view.deleted".into(),
            workspace_id: "w".into(),
            webhook_id: "h".into(),
            event_date_ms: 0,
            user_id: None,
            api_key_id: Some("k".into()),
            event: JsonValue::parse(r#"{"type":"deleted","metadataName":"view","recordId":"v","properties":{"before":{"id":"v"}}}"#)
                .unwrap(),
        }
    }

    #[test]
    fn builds_the_spec_body_byte_for_byte() {
        let expected = r#"{"targetUrl":"https://example.com/webhook","eventName":"person.created","objectMetadata":{"id":"370985db-22d8-4463-8e5f-2271d30913bd","nameSingular":"person"},"workspaceId":"872cfcf1-c79f-42bc-877d-5829f06eb3f9","webhookId":"90056586-1228-4e03-a507-70140aa85c05","eventDate":"2024-12-24T18:57:19.761Z","userId":"170ba418-85a2-4f91-8565-9cd714c6703a","workspaceMemberId":"9062a1e3-e066-49ba-8c4a-d869b6a0ca12","record":{"id":"f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3","name":{"firstName":"Alice","lastName":"Doe"}}}"#;
        assert_eq!(build_payload(&spec_event()).unwrap(), expected);
        assert_eq!(expected.len(), 510);
    }

    #[test]
    fn updated_fields_come_last_and_optional_ids_can_be_absent() {
        let event = RecordEvent {
            event_name: "person.updated".into(),
            user_id: None,
            workspace_member_id: None,
            updated_fields: Some(vec!["name".into(), "emails".into()]),
            ..spec_event()
        };
        let body = build_payload(&event).unwrap();
        assert!(!body.contains("userId") && !body.contains("workspaceMemberId"));
        assert!(body.ends_with(r#""lastName":"Doe"}},"updatedFields":["name","emails"]}"#));
    }

    #[test]
    fn event_name_and_object_must_agree() {
        let event = RecordEvent { object_name_singular: "company".into(), ..spec_event() };
        assert_eq!(build_payload(&event).unwrap_err().code(), "EVENT_OBJECT_MISMATCH");
        let event = RecordEvent { event_name: "person.create".into(), ..spec_event() };
        assert_eq!(build_payload(&event).unwrap_err().code(), "INVALID_EVENT_NAME");
    }

    #[test]
    fn metadata_bodies_have_their_own_envelope() {
        let body = build_metadata_payload(&view_event()).unwrap();
        let expected = r#"{"targetUrl":"https://example.com/webhook","eventName":"metadata.view.deleted","workspaceId":"w","webhookId":"h","eventDate":"1970-01-01T00:00:00.000Z","apiKeyId":"k","event":{"type":"deleted","metadataName":"view","recordId":"v","properties":{"before":{"id":"v"}}}}"#;
        assert_eq!(body, expected);
        let with_user = build_metadata_payload(&MetadataEvent { user_id: Some("u".into()), ..view_event() }).unwrap();
        assert!(with_user.contains(r#""eventDate":"1970-01-01T00:00:00.000Z","userId":"u","apiKeyId":"k","event":"#));
    }

    #[test]
    fn each_kind_of_name_needs_its_kind_of_event() {
        let metadata_named = RecordEvent { event_name: "metadata.view.created".into(), ..spec_event() };
        assert_eq!(build_payload(&metadata_named).unwrap_err().code(), "INVALID_EVENT_NAME");
        let record_named = MetadataEvent { event_name: "person.created".into(), ..view_event() };
        assert_eq!(build_metadata_payload(&record_named).unwrap_err().code(), "INVALID_EVENT_NAME");
        let restored = MetadataEvent { event_name: "metadata.view.restored".into(), ..view_event() };
        assert_eq!(build_metadata_payload(&restored).unwrap_err().code(), "INVALID_EVENT_NAME");
    }

    #[test]
    fn contents_must_be_objects() {
        let event = RecordEvent { record: JsonValue::Array(vec![]), ..spec_event() };
        assert_eq!(build_payload(&event).unwrap_err().code(), "INVALID_EVENT");
        let event = MetadataEvent { event: JsonValue::Null, ..view_event() };
        assert_eq!(build_metadata_payload(&event).unwrap_err().code(), "INVALID_EVENT");
    }

    #[test]
    fn a_split_body_joins_to_the_whole() {
        let event = spec_event();
        let envelope = Envelope {
            target_url: &event.target_url,
            event_name: &event.event_name,
            workspace_id: &event.workspace_id,
            webhook_id: &event.webhook_id,
            event_date_ms: event.event_date_ms,
            user_id: None,
            kind: EnvelopeKind::Record {
                object_metadata_id: "m",
                object_name_singular: "person",
                workspace_member_id: None,
                updated_fields: Some(&["a".into()]),
            },
        };
        let Split { head, tail } = split_payload(&envelope).unwrap();
        assert!(head.ends_with(r#","record":"#));
        assert_eq!(tail, r#","updatedFields":["a"]}"#);
    }
}
