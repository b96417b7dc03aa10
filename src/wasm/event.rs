//! An event's fields, as the JavaScript layer read and type-checked them, turned into the
//! core's [`Envelope`] with the defaults a tester wants: ids drawn at random, the event date
//! now, `nameSingular` taken from the event name. Only text and numbers cross into wasm: no
//! object of the caller's does, so no code of the caller's runs while wasm is on the stack.
//! The content (`record` or `event`) never crosses either: JavaScript serialises it with the
//! engine's own `JSON.stringify`, the reference, and says only what it found.

use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::numbers::number_text;
use super::random::{now_ms, random_uuid};
use crate::error::PayloadError;
use crate::event_date::{MAX_EPOCH_MS, parse_iso};
use crate::event_name::EventName;
use crate::payload::{Envelope, EnvelopeKind, Split, field_of_other_kind, not_an_object, split_payload};

/// Why a value cannot be serialised, in the words of messages (the JavaScript layer finds these
/// problems in a payload's content before anything reaches wasm).
pub(super) const BIGINT: &str = "it is a BigInt, which JSON.stringify refuses";
pub(super) const CYCLE: &str = "it refers back to an object that contains it (a cycle)";
pub(super) const THREW: &str = "reading it threw: ";

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

/// The text fields, in the order the JavaScript layer joins them; any updated field names
/// follow the last.
#[derive(Clone, Copy)]
pub(super) enum Slot {
    TargetUrl,
    EventName,
    ObjectMetadataId,
    NameSingular,
    WorkspaceId,
    WebhookId,
    UserId,
    WorkspaceMemberId,
    ApiKeyId,
    /// The event date, when given as text.
    EventDate,
}

/// How many text fields come before the updated field names.
pub(super) const SLOTS: usize = Slot::EventDate as usize + 1;

/// What the event has beside its text fields, as bits (the JavaScript layer reads their values
/// from here).
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub enum EventFlag {
    /// The event has an `objectMetadata` object.
    ObjectMetadata = 1,
    /// The event has `updatedFields` (their names follow the text fields).
    UpdatedFields = 2,
    /// The event date was given as a number or a Date: `event_date_ms`.
    EventDateMs = 4,
}

/// One event's fields: texts (None when absent), flags, the date in milliseconds when it was
/// given as a number or a Date, and what the content was.
pub(super) struct EventFields<'a> {
    pub texts: Vec<Option<&'a str>>,
    pub flags: u32,
    pub event_date_ms: f64,
    pub record: Content,
    pub event: Content,
}

impl<'a> EventFields<'a> {
    fn text(&self, slot: Slot) -> Option<&'a str> {
        self.texts.get(slot as usize).copied().flatten()
    }

    fn has(&self, flag: EventFlag) -> bool {
        self.flags & flag as u32 != 0
    }
}

/// The body's text before and after its content.
pub(super) fn envelope_parts(fields: &EventFields<'_>) -> Result<Split, PayloadError> {
    let target_url = fields.text(Slot::TargetUrl).ok_or_else(|| invalid("targetUrl", "a string"))?;
    let event_name = fields.text(Slot::EventName).ok_or_else(|| invalid("eventName", "a string"))?;
    let name = EventName::parse(event_name)?;
    let metadata = name.is_metadata();
    let other_kind: &[(&str, bool)] = if metadata {
        &[
            ("record", fields.record != Content::Absent),
            ("objectMetadata", fields.has(EventFlag::ObjectMetadata)),
            ("updatedFields", fields.has(EventFlag::UpdatedFields)),
            ("workspaceMemberId", fields.text(Slot::WorkspaceMemberId).is_some()),
        ]
    } else {
        &[("event", fields.event != Content::Absent), ("apiKeyId", fields.text(Slot::ApiKeyId).is_some())]
    };
    if let Some((field, _)) = other_kind.iter().find(|(_, present)| *present) {
        return Err(field_of_other_kind(field, metadata));
    }
    let (content, content_key) = if metadata { (fields.event, "event") } else { (fields.record, "record") };
    if content != Content::Object {
        return Err(not_an_object(content_key));
    }

    let workspace_id = fields.text(Slot::WorkspaceId).map_or_else(|| random_uuid().into(), Cow::Borrowed);
    let webhook_id = fields.text(Slot::WebhookId).map_or_else(|| random_uuid().into(), Cow::Borrowed);
    let event_date_ms = match fields.text(Slot::EventDate) {
        Some(iso) => parse_iso(iso).map_err(|reason| PayloadError::InvalidEventDate { reason })?,
        None if fields.has(EventFlag::EventDateMs) => epoch_ms(fields.event_date_ms)?,
        None => epoch_ms(now_ms())?,
    };
    let object_metadata_id;
    let updated_fields: Vec<String>;
    let kind = match name {
        EventName::Metadata { .. } => EnvelopeKind::Metadata { api_key_id: fields.text(Slot::ApiKeyId) },
        EventName::Record { object, .. } => {
            object_metadata_id = fields.text(Slot::ObjectMetadataId).map_or_else(|| random_uuid().into(), Cow::Borrowed);
            updated_fields = fields.texts.iter().skip(SLOTS).map(|name| name.unwrap_or_default().to_owned()).collect();
            EnvelopeKind::Record {
                object_metadata_id: &object_metadata_id,
                object_name_singular: fields.text(Slot::NameSingular).unwrap_or(object),
                workspace_member_id: fields.text(Slot::WorkspaceMemberId),
                updated_fields: fields.has(EventFlag::UpdatedFields).then_some(updated_fields.as_slice()),
            }
        }
    };
    split_payload(&Envelope {
        target_url,
        event_name,
        workspace_id: &workspace_id,
        webhook_id: &webhook_id,
        event_date_ms,
        user_id: fields.text(Slot::UserId),
        kind,
    })
}

/// A time in milliseconds as JavaScript's TimeClip takes it: finite, within ±8.64e15, fraction
/// dropped.
pub(super) fn epoch_ms(ms: f64) -> Result<i64, PayloadError> {
    if !ms.is_finite() || ms.abs() > MAX_EPOCH_MS as f64 {
        let reason = format!("{} is not a valid time (Invalid Date)", number_text(ms));
        return Err(PayloadError::InvalidEventDate { reason });
    }
    Ok(ms as i64) // in range, so the cast only drops the fraction
}

pub(super) fn invalid(field: &str, expected: &'static str) -> PayloadError {
    PayloadError::InvalidField { field: field.into(), expected }
}
