//! A JavaScript event object read into the core's [`Event`], with the defaults a tester wants:
//! ids drawn at random, the event date now, `nameSingular` taken from the event name.

use crate::prelude::*;

use js_sys::{Array, Date, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::numbers::number_text;
use super::random::{now_ms, random_uuid};
use super::record::{read_json, read_string};
use crate::error::PayloadError;
use crate::event_date::{MAX_EPOCH_MS, parse_iso};
use crate::json::JsonValue;
use crate::payload::Event;

pub(super) fn read_event(input: &JsValue) -> Result<Event, PayloadError> {
    if !input.is_object() {
        return Err(invalid("event", "an object"));
    }
    let target_url = required_string(input, "targetUrl")?;
    let event_name = required_string(input, "eventName")?;
    let metadata = field(input, "objectMetadata")?;
    if !metadata.is_undefined() && !metadata.is_object() {
        return Err(invalid("objectMetadata", "an object { id, nameSingular }"));
    }
    let metadata_field = |name: &str| -> Result<Option<String>, PayloadError> {
        if metadata.is_undefined() { Ok(None) } else { optional_string(&metadata, name, &format!("objectMetadata.{name}")) }
    };
    // The object part of the name, when there is one; build_payload checks the name itself.
    let object_in_name = event_name.split_once('.').map_or(event_name.as_str(), |(object, _)| object);
    let object_name_singular = metadata_field("nameSingular")?.unwrap_or_else(|| object_in_name.to_owned());
    let record = match read_json(field(input, "record")?, "record")? {
        Some(record @ JsonValue::Object(_)) => record,
        _ => return Err(invalid("record", "an object (the record's fields)")),
    };
    Ok(Event {
        target_url,
        object_metadata_id: metadata_field("id")?.unwrap_or_else(random_uuid),
        object_name_singular,
        workspace_id: optional_string(input, "workspaceId", "workspaceId")?.unwrap_or_else(random_uuid),
        webhook_id: optional_string(input, "webhookId", "webhookId")?.unwrap_or_else(random_uuid),
        event_date_ms: read_event_date(&field(input, "eventDate")?)?,
        user_id: optional_string(input, "userId", "userId")?,
        workspace_member_id: optional_string(input, "workspaceMemberId", "workspaceMemberId")?,
        record,
        updated_fields: read_updated_fields(&field(input, "updatedFields")?)?,
        event_name,
    })
}

/// A `Date`, epoch milliseconds, or an ISO-8601 string; now when absent.
pub(super) fn read_event_date(value: &JsValue) -> Result<i64, PayloadError> {
    let invalid_date = |reason: String| PayloadError::InvalidEventDate { reason };
    let epoch_ms = if value.is_undefined() {
        now_ms()
    } else if let Some(text) = value.as_string() {
        return parse_iso(&text).map_err(invalid_date);
    } else if let Some(date) = value.dyn_ref::<Date>() {
        date.get_time()
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
    array.iter().map(|name| name.as_string().ok_or_else(expected)).collect::<Result<_, _>>().map(Some)
}

fn field(object: &JsValue, name: &str) -> Result<JsValue, PayloadError> {
    Reflect::get(object, &name.into()).map_err(|_| PayloadError::Unserializable { path: name.into(), reason: "reading it threw".into() })
}

fn required_string(object: &JsValue, name: &str) -> Result<String, PayloadError> {
    optional_string(object, name, name)?.ok_or_else(|| invalid(name, "a string"))
}

/// `None` for undefined or null (Twenty never sends null for these).
fn optional_string(object: &JsValue, name: &str, path: &str) -> Result<Option<String>, PayloadError> {
    let value = field(object, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = read_string(&value).ok_or_else(|| invalid(path, "a string"))?;
    text.as_str().map(|t| Some(t.to_owned())).ok_or_else(|| invalid(path, "well-formed Unicode text"))
}

fn invalid(field: &str, expected: &'static str) -> PayloadError {
    PayloadError::InvalidField { field: field.into(), expected }
}
