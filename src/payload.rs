//! The body Twenty POSTs for one record event: `JSON.stringify` of an object whose keys come in
//! Twenty's order, optional keys left out rather than set to null.

use crate::prelude::*;

use crate::error::PayloadError;
use crate::event_date::format_iso;
use crate::event_name::EventName;
use crate::json::{JsonString, JsonValue, NumberText, RustNumbers, write_string, write_value};

/// One record event, as Twenty's webhook job holds it before sending.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
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
    /// The record: after-state, or last state for `destroyed`.
    pub record: JsonValue,
    /// The fields an update, delete or restore touched.
    pub updated_fields: Option<Vec<String>>,
}

/// The exact body Twenty's server sends for `event`.
///
/// Checks that `event_name` is `<object>.<action>` with an action Twenty delivers and that it
/// names the same object as `object_name_singular`.
pub fn build_payload(event: &Event) -> Result<String, PayloadError> {
    build_payload_with::<RustNumbers>(event)
}

/// [`build_payload`] with the record's numbers written by `N`.
pub fn build_payload_with<N: NumberText>(event: &Event) -> Result<String, PayloadError> {
    let object = match EventName::parse_delivered(&event.event_name)? {
        (EventName::Record { object, .. }, _) => object,
        (EventName::Metadata { .. }, _) => {
            return Err(PayloadError::InvalidEventName { event_name: event.event_name.clone(), reason: "a metadata event has no record" });
        }
    };
    if object != event.object_name_singular {
        return Err(PayloadError::ObjectMismatch { event_object: object.into(), name_singular: event.object_name_singular.clone() });
    }
    let event_date = format_iso(event.event_date_ms).ok_or_else(|| PayloadError::InvalidEventDate {
        reason: format!("{} ms is outside the range of a JavaScript date", event.event_date_ms),
    })?;

    let mut body = String::with_capacity(512);
    let key = |body: &mut String, name: &str, first: bool| {
        body.push_str(if first { "{\"" } else { ",\"" });
        body.push_str(name);
        body.push_str("\":");
    };
    let text = |body: &mut String, value: &str| write_string(body, &JsonString::from(value));

    key(&mut body, "targetUrl", true);
    text(&mut body, &event.target_url);
    key(&mut body, "eventName", false);
    text(&mut body, &event.event_name);
    key(&mut body, "objectMetadata", false);
    body.push_str("{\"id\":");
    text(&mut body, &event.object_metadata_id);
    body.push_str(",\"nameSingular\":");
    text(&mut body, &event.object_name_singular);
    body.push('}');
    key(&mut body, "workspaceId", false);
    text(&mut body, &event.workspace_id);
    key(&mut body, "webhookId", false);
    text(&mut body, &event.webhook_id);
    key(&mut body, "eventDate", false);
    text(&mut body, &event_date);
    if let Some(user_id) = &event.user_id {
        key(&mut body, "userId", false);
        text(&mut body, user_id);
    }
    if let Some(member_id) = &event.workspace_member_id {
        key(&mut body, "workspaceMemberId", false);
        text(&mut body, member_id);
    }
    key(&mut body, "record", false);
    write_value::<N>(&mut body, &event.record, 0)
        .map_err(|e| PayloadError::Unserializable { path: "record".into(), reason: e.to_string() })?;
    if let Some(fields) = &event.updated_fields {
        key(&mut body, "updatedFields", false);
        body.push('[');
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            text(&mut body, field);
        }
        body.push(']');
    }
    body.push('}');
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_event() -> Event {
        Event {
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

    #[test]
    fn builds_the_spec_body_byte_for_byte() {
        let expected = r#"{"targetUrl":"https://example.com/webhook","eventName":"person.created","objectMetadata":{"id":"370985db-22d8-4463-8e5f-2271d30913bd","nameSingular":"person"},"workspaceId":"872cfcf1-c79f-42bc-877d-5829f06eb3f9","webhookId":"90056586-1228-4e03-a507-70140aa85c05","eventDate":"2024-12-24T18:57:19.761Z","userId":"170ba418-85a2-4f91-8565-9cd714c6703a","workspaceMemberId":"9062a1e3-e066-49ba-8c4a-d869b6a0ca12","record":{"id":"f75f6b2e-9442-4c72-aa95-47d8e5ec8cb3","name":{"firstName":"Alice","lastName":"Doe"}}}"#;
        assert_eq!(build_payload(&spec_event()).unwrap(), expected);
        assert_eq!(expected.len(), 510);
    }

    #[test]
    fn updated_fields_come_last_and_optional_ids_can_be_absent() {
        let event = Event {
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
        let event = Event { object_name_singular: "company".into(), ..spec_event() };
        assert_eq!(build_payload(&event).unwrap_err().code(), "EVENT_OBJECT_MISMATCH");
        let event = Event { event_name: "person.create".into(), ..spec_event() };
        assert_eq!(build_payload(&event).unwrap_err().code(), "INVALID_EVENT_NAME");
    }
}
