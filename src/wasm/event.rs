//! An event's fields, as the JavaScript layer read them, turned into the core's [`Envelope`]
//! with the defaults a tester wants: ids drawn at random, the event date now, `nameSingular`
//! taken from the event name. Every value here is a primitive (or an array of primitives the
//! JavaScript layer made): no object of the caller's crosses into wasm, so no code of the
//! caller's runs while wasm is on the stack. The content (`record` or `event`) never crosses
//! either: JavaScript serialises it with the engine's own `JSON.stringify`, the reference, and
//! says only what it found.

use crate::prelude::*;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::numbers::number_text;
use super::random::{now_ms, random_uuid};
use super::record::read_string;
use crate::error::PayloadError;
use crate::event_date::{MAX_EPOCH_MS, parse_iso};
use crate::event_name::EventName;
use crate::payload::{Envelope, EnvelopeKind, Split, field_of_other_kind, not_an_object, split_payload};

/// What `JSON.stringify` made of an event's `record` or `event`.
#[wasm_bindgen]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// The field is absent (undefined).
    Absent,
    /// JSON text of an object.
    Object,
    /// Anything else: an array, a primitive, or nothing JSON.stringify writes.
    NotObject,
}

/// The fields of one event. `object_metadata` is `true` when the event has an
/// `objectMetadata` object (its `id` and `nameSingular` then follow), undefined when it has
/// none, and the value itself otherwise.
pub(super) struct EventFields {
    pub target_url: JsValue,
    pub event_name: JsValue,
    pub object_metadata: JsValue,
    pub object_metadata_id: JsValue,
    pub name_singular: JsValue,
    pub workspace_id: JsValue,
    pub webhook_id: JsValue,
    pub event_date: JsValue,
    pub user_id: JsValue,
    pub workspace_member_id: JsValue,
    pub api_key_id: JsValue,
    pub updated_fields: JsValue,
    pub record: Content,
    pub event: Content,
}

/// The body's text before and after its content.
pub(super) fn envelope_parts(fields: &EventFields) -> Result<Split, PayloadError> {
    let target_url = required_string(&fields.target_url, "targetUrl")?;
    let event_name = required_string(&fields.event_name, "eventName")?;
    let name = EventName::parse(&event_name)?;
    let metadata = name.is_metadata();
    let present = |value: &JsValue| !value.is_undefined() && !value.is_null();
    let other_kind: &[(&str, bool)] = if metadata {
        &[
            ("record", fields.record != Content::Absent),
            ("objectMetadata", present(&fields.object_metadata)),
            ("updatedFields", present(&fields.updated_fields)),
        ]
    } else {
        &[("event", fields.event != Content::Absent)]
    };
    if let Some((field, _)) = other_kind.iter().find(|(_, present)| *present) {
        return Err(field_of_other_kind(field, metadata));
    }
    let (content, content_key) = if metadata { (fields.event, "event") } else { (fields.record, "record") };
    if content != Content::Object {
        return Err(not_an_object(content_key));
    }

    let workspace_id = optional_string(&fields.workspace_id, "workspaceId")?.unwrap_or_else(random_uuid);
    let webhook_id = optional_string(&fields.webhook_id, "webhookId")?.unwrap_or_else(random_uuid);
    let event_date_ms = read_event_date(&fields.event_date)?;
    let user_id = optional_string(&fields.user_id, "userId")?;
    let (object_metadata_id, name_singular, workspace_member_id, updated_fields, api_key_id);
    let kind = match name {
        EventName::Metadata { .. } => {
            api_key_id = optional_string(&fields.api_key_id, "apiKeyId")?;
            EnvelopeKind::Metadata { api_key_id: api_key_id.as_deref() }
        }
        EventName::Record { object, .. } => {
            let has_metadata = match fields.object_metadata.as_bool() {
                Some(true) => true,
                _ if fields.object_metadata.is_undefined() => false,
                _ => return Err(invalid("objectMetadata", "an object { id, nameSingular }")),
            };
            let metadata_field = |value: &JsValue, path| if has_metadata { optional_string(value, path) } else { Ok(None) };
            object_metadata_id = metadata_field(&fields.object_metadata_id, "objectMetadata.id")?.unwrap_or_else(random_uuid);
            name_singular = metadata_field(&fields.name_singular, "objectMetadata.nameSingular")?.unwrap_or_else(|| object.to_owned());
            workspace_member_id = optional_string(&fields.workspace_member_id, "workspaceMemberId")?;
            updated_fields = read_updated_fields(&fields.updated_fields)?;
            EnvelopeKind::Record {
                object_metadata_id: &object_metadata_id,
                object_name_singular: &name_singular,
                workspace_member_id: workspace_member_id.as_deref(),
                updated_fields: updated_fields.as_deref(),
            }
        }
    };
    split_payload(&Envelope {
        target_url: &target_url,
        event_name: &event_name,
        workspace_id: &workspace_id,
        webhook_id: &webhook_id,
        event_date_ms,
        user_id: user_id.as_deref(),
        kind,
    })
}

/// Epoch milliseconds (the JavaScript layer reads a `Date` into them) or an ISO-8601 string;
/// now when absent.
pub(super) fn read_event_date(value: &JsValue) -> Result<i64, PayloadError> {
    let invalid_date = |reason: String| PayloadError::InvalidEventDate { reason };
    let epoch_ms = if value.is_undefined() {
        now_ms()
    } else if let Some(text) = value.as_string() {
        return parse_iso(&text).map_err(invalid_date);
    } else if let Some(number) = value.as_f64() {
        number
    } else {
        return Err(invalid_date("expected a Date, epoch milliseconds or an ISO-8601 string".into()));
    };
    // As JavaScript's TimeClip: finite, within ±8.64e15, fraction dropped.
    if !epoch_ms.is_finite() || epoch_ms.abs() > MAX_EPOCH_MS as f64 {
        return Err(invalid_date(format!("{} is not a valid time (Invalid Date)", number_text(epoch_ms))));
    }
    Ok(epoch_ms as i64) // in range, so the cast only drops the fraction
}

fn read_updated_fields(value: &JsValue) -> Result<Option<Vec<String>>, PayloadError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let expected = || invalid("updatedFields", "an array of field names");
    let array = value.dyn_ref::<Array>().ok_or_else(expected)?;
    let well_formed = |name: JsValue| read_string(&name).and_then(|text| text.as_str().map(str::to_owned));
    array.iter().map(|name| well_formed(name).ok_or_else(expected)).collect::<Result<_, _>>().map(Some)
}

fn required_string(value: &JsValue, name: &str) -> Result<String, PayloadError> {
    optional_string(value, name)?.ok_or_else(|| invalid(name, "a string"))
}

/// `None` for undefined or null (Twenty never sends null for these).
fn optional_string(value: &JsValue, path: &str) -> Result<Option<String>, PayloadError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = read_string(value).ok_or_else(|| invalid(path, "a string"))?;
    text.as_str().map(|t| Some(t.to_owned())).ok_or_else(|| invalid(path, "well-formed Unicode text"))
}

pub(super) fn invalid(field: &str, expected: &'static str) -> PayloadError {
    PayloadError::InvalidField { field: field.into(), expected }
}
