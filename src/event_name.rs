//! Event names: `<objectNameSingular>.<action>`, e.g. `person.created`.

use core::fmt;

use crate::error::PayloadError;

/// What happened to a record. Twenty delivers these five to webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// A record was created.
    Created,
    /// Fields of a record changed.
    Updated,
    /// A record was soft-deleted (`deletedAt` set).
    Deleted,
    /// A soft-deleted record was restored.
    Restored,
    /// A record was deleted for good; the payload carries its last state.
    Destroyed,
}

impl Action {
    /// Every action, in Twenty's order.
    pub const ALL: [Action; 5] = [Self::Created, Self::Updated, Self::Deleted, Self::Restored, Self::Destroyed];

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
}

impl core::str::FromStr for Action {
    type Err = PayloadError;

    fn from_str(text: &str) -> Result<Self, PayloadError> {
        Self::parse(text).ok_or_else(|| PayloadError::InvalidEventName { event_name: text.into(), reason: NOT_DELIVERED })
    }
}

const NOT_DELIVERED: &str = "the action must be created, updated, deleted, restored or destroyed";

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An event name split into its object and action parts. The action is kept as text so that
/// older servers' names (`person.create`) can still be matched against operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventName<'a> {
    /// The object's singular name, e.g. `person`.
    pub object: &'a str,
    /// The action as written, e.g. `created`.
    pub action: &'a str,
}

impl<'a> EventName<'a> {
    /// Splits `object.action`; both parts must be identifiers (ASCII letters and digits,
    /// starting with a letter), as Twenty's object names and actions are.
    pub fn parse(name: &'a str) -> Result<Self, PayloadError> {
        let invalid = |reason| PayloadError::InvalidEventName { event_name: name.into(), reason };
        let (object, action) = name.split_once('.').ok_or_else(|| invalid("expected <object>.<action>"))?;
        if !is_identifier(object) {
            return Err(invalid("the object part must be a name such as person"));
        }
        if !is_identifier(action) {
            return Err(invalid("the action part must be a word such as created"));
        }
        Ok(Self { object, action })
    }

    /// Like [`EventName::parse`], and the action must be one Twenty delivers to webhooks.
    pub fn parse_delivered(name: &'a str) -> Result<(Self, Action), PayloadError> {
        let event = Self::parse(name)?;
        let action =
            Action::parse(event.action).ok_or_else(|| PayloadError::InvalidEventName { event_name: name.into(), reason: NOT_DELIVERED })?;
        Ok((event, action))
    }
}

/// Whether `text` can be a Twenty object name: an ASCII letter, then letters and digits.
pub fn is_identifier(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|first| first.is_ascii_alphabetic()) && bytes.all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_split_into_object_and_action() {
        assert_eq!(EventName::parse("person.created"), Ok(EventName { object: "person", action: "created" }));
        assert_eq!(EventName::parse("person.create").map(|e| e.action), Ok("create"));
        for bad in ["person", ".created", "person.", "person.created.x", "per son.created", "1x.created", "*.created"] {
            assert!(EventName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn delivered_events_have_one_of_the_five_actions() {
        assert_eq!(EventName::parse_delivered("note.destroyed").map(|(_, a)| a), Ok(Action::Destroyed));
        assert!(matches!(EventName::parse_delivered("note.create"), Err(PayloadError::InvalidEventName { .. })));
    }
}
