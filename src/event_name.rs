//! Event names, of two kinds: record events `<objectNameSingular>.<action>` (`person.created`)
//! and metadata events `metadata.<metadataName>.<action>` (`metadata.view.updated`).

use core::fmt;

use crate::error::PayloadError;

/// What happened. Twenty delivers all five for records, and created, updated and deleted for
/// metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// A record (or metadata entity) was created.
    Created,
    /// Fields of it changed.
    Updated,
    /// A record was soft-deleted (`deletedAt` set), or a metadata entity deleted.
    Deleted,
    /// A soft-deleted record was restored.
    Restored,
    /// A record was deleted for good; the payload carries its last state.
    Destroyed,
}

impl Action {
    /// Every action, in Twenty's order.
    pub const ALL: [Action; 5] = [Self::Created, Self::Updated, Self::Deleted, Self::Restored, Self::Destroyed];

    /// The actions Twenty sends metadata events for.
    pub const METADATA: [Action; 3] = [Self::Created, Self::Updated, Self::Deleted];

    /// The action as it appears in event names.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
            Self::Restored => "restored",
            Self::Destroyed => "destroyed",
        }
    }

    /// Reads an action as it appears in event names.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == text)
    }

    /// Reads an action of a metadata event: created, updated or deleted.
    pub fn parse_metadata(text: &str) -> Option<Self> {
        Self::METADATA.into_iter().find(|action| action.as_str() == text)
    }
}

impl core::str::FromStr for Action {
    type Err = PayloadError;

    fn from_str(text: &str) -> Result<Self, PayloadError> {
        Self::parse(text).ok_or_else(|| PayloadError::InvalidEventName { event_name: text.into(), reason: NOT_DELIVERED })
    }
}

const NOT_DELIVERED: &str = "the action must be created, updated, deleted, restored or destroyed";
const NOT_DELIVERED_FOR_METADATA: &str = "a metadata event's action must be created, updated or deleted";

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first part of every metadata event name.
pub const METADATA_PREFIX: &str = "metadata";

/// An event name split into its parts. Actions are kept as text so that older servers' names
/// (`person.create`) can still be matched against operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName<'a> {
    /// `<objectNameSingular>.<action>`: a record was created, updated…
    Record {
        /// The object's singular name, e.g. `person`.
        object: &'a str,
        /// The action as written, e.g. `created`.
        action: &'a str,
    },
    /// `metadata.<metadataName>.<action>`: the workspace's metadata (an object, a field, a
    /// view…) changed.
    Metadata {
        /// The metadata entity's camelCase name, e.g. `fieldMetadata` or `view`.
        metadata_name: &'a str,
        /// The action as written, e.g. `updated`.
        action: &'a str,
    },
}

impl<'a> EventName<'a> {
    /// Splits an event name; every part must be an identifier (ASCII letters and digits,
    /// starting with a letter), as Twenty's object names, metadata names and actions are.
    /// Three parts make a metadata event, and then the first must be `metadata`.
    pub fn parse(name: &'a str) -> Result<Self, PayloadError> {
        let invalid = |reason| PayloadError::InvalidEventName { event_name: name.into(), reason };
        let mut parts = name.split('.');
        let (first, second, third) = (parts.next(), parts.next(), parts.next());
        if parts.next().is_some() {
            return Err(invalid(EXPECTED_SHAPE));
        }
        match (first, second, third) {
            (Some(METADATA_PREFIX), Some(metadata_name), Some(action)) => {
                if !is_identifier(metadata_name) {
                    return Err(invalid("the metadata name must be a camelCase name such as fieldMetadata or view"));
                }
                if !is_identifier(action) {
                    return Err(invalid("the action part must be a word such as updated"));
                }
                Ok(Self::Metadata { metadata_name, action })
            }
            (Some(object), Some(action), None) => {
                if !is_identifier(object) {
                    return Err(invalid("the object part must be a name such as person"));
                }
                if !is_identifier(action) {
                    return Err(invalid("the action part must be a word such as created"));
                }
                Ok(Self::Record { object, action })
            }
            _ => Err(invalid(EXPECTED_SHAPE)),
        }
    }

    /// Like [`EventName::parse`], and the action must be one Twenty delivers for this kind of
    /// event: any of the five for records, created, updated or deleted for metadata.
    pub fn parse_delivered(name: &'a str) -> Result<(Self, Action), PayloadError> {
        let event = Self::parse(name)?;
        let action = match event {
            Self::Record { action, .. } => Action::parse(action).ok_or(NOT_DELIVERED),
            Self::Metadata { action, .. } => Action::parse_metadata(action).ok_or(NOT_DELIVERED_FOR_METADATA),
        };
        let action = action.map_err(|reason| PayloadError::InvalidEventName { event_name: name.into(), reason })?;
        Ok((event, action))
    }

    /// The action as written.
    pub fn action(&self) -> &'a str {
        match self {
            Self::Record { action, .. } | Self::Metadata { action, .. } => action,
        }
    }

    /// Whether this is a metadata event.
    pub fn is_metadata(&self) -> bool {
        matches!(self, Self::Metadata { .. })
    }
}

const EXPECTED_SHAPE: &str = "expected <object>.<action> or metadata.<metadataName>.<action>";

/// Whether `text` can be a Twenty object or metadata name: an ASCII letter, then letters and
/// digits.
pub fn is_identifier(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|first| first.is_ascii_alphabetic()) && bytes.all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_event_names_split_into_object_and_action() {
        assert_eq!(EventName::parse("person.created"), Ok(EventName::Record { object: "person", action: "created" }));
        assert_eq!(EventName::parse("person.create").map(|e| e.action()), Ok("create"));
        for bad in ["person", ".created", "person.", "per son.created", "1x.created", "*.created", "a.b.c.d", ""] {
            assert!(EventName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn metadata_event_names_have_three_parts_and_the_metadata_prefix() {
        assert_eq!(
            EventName::parse("metadata.fieldMetadata.updated"),
            Ok(EventName::Metadata { metadata_name: "fieldMetadata", action: "updated" })
        );
        assert!(EventName::parse("metadata.view.deleted").unwrap().is_metadata());
        // Two parts are a record event, even for an object called "metadata".
        assert_eq!(EventName::parse("metadata.created"), Ok(EventName::Record { object: "metadata", action: "created" }));
        for bad in [
            "person.view.created",
            "metadata.*.created",
            "metadata.view.*",
            "metadata..created",
            "metadata.view.",
            "metadata.view.created.x",
        ] {
            assert!(EventName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn delivered_events_have_an_action_twenty_sends_for_their_kind() {
        assert_eq!(EventName::parse_delivered("note.destroyed").map(|(_, a)| a), Ok(Action::Destroyed));
        assert!(matches!(EventName::parse_delivered("note.create"), Err(PayloadError::InvalidEventName { .. })));
        assert_eq!(EventName::parse_delivered("metadata.view.deleted").map(|(_, a)| a), Ok(Action::Deleted));
        assert!(EventName::parse_delivered("metadata.view.restored").is_err());
        assert!(EventName::parse_delivered("metadata.view.destroyed").is_err());
    }
}
