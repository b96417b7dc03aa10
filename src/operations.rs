//! Which webhooks receive an event: Twenty's two rules, membership of a few exact strings.
//!
//! Record events (`CallWebhookJobsJob`): `<object>.<action>`, `*.<action>`, `<object>.*` or
//! `*.*`, except that `workflowRun.updated` needs the exact string. Metadata events
//! (`CallWebhookJobsForMetadataJob`): `metadata.<name>.<action>`, `metadata.<name>.*`,
//! `metadata.*.<action>`, `metadata.*.*` or `*.*`; so `*.created`, `<name>.*` and `person.*`
//! never select a metadata event.

use crate::event_name::{EventName, METADATA_PREFIX};

/// The one event that only an exact `operations` entry selects; Twenty keeps workflow-run
/// updates, which are frequent, away from wildcard subscribers.
const EXACT_ONLY: &str = "workflowRun.updated";

/// Whether a webhook whose `operations` list is given receives `event_name`, by Twenty's rule
/// for the event's kind (plain string membership, no globbing).
///
/// Every string gets an answer. A name that is neither `<object>.<action>` nor
/// `metadata.<metadataName>.<action>` (see [`EventName::parse`]) is one Twenty never emits, so
/// no webhook receives it: `false`.
///
/// ```
/// use twenty_webhooks::matches_operations;
/// assert!(matches_operations(&["*.created"], "person.created"));
/// assert!(!matches_operations(&["company.*"], "person.created"));
/// assert!(!matches_operations(&["*.*"], "workflowRun.updated"));
/// assert!(matches_operations(&["*.*"], "metadata.view.updated"));
/// assert!(!matches_operations(&["*.created"], "metadata.view.created"));
/// assert!(matches_operations(&["metadata.*.created"], "metadata.view.created"));
/// ```
pub fn matches_operations<S: AsRef<str>>(operations: &[S], event_name: &str) -> bool {
    // Membership of the strings Twenty lists, checked part by part rather than by building them:
    // `<first>.<second>` with each part the event's own or `*`.
    let receives = |first: &str, second: &str| {
        operations.iter().any(|op| op.as_ref().split_once('.').is_some_and(|(a, b)| (a == first || a == "*") && (b == second || b == "*")))
    };
    match EventName::parse(event_name) {
        Ok(EventName::Record { .. }) if event_name == EXACT_ONLY => operations.iter().any(|op| op.as_ref() == EXACT_ONLY),
        Ok(EventName::Record { object, action }) => receives(object, action),
        Ok(EventName::Metadata { metadata_name, action }) => {
            let metadata_rule = |op: &str| {
                op.strip_prefix(METADATA_PREFIX)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .and_then(|rest| rest.split_once('.'))
                    .is_some_and(|(name, wanted)| (name == metadata_name || name == "*") && (wanted == action || wanted == "*"))
            };
            operations.iter().any(|op| op.as_ref() == "*.*" || metadata_rule(op.as_ref()))
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_receives_nothing() {
        let none: [&str; 0] = [];
        assert!(!matches_operations(&none, "person.created"));
        assert!(!matches_operations(&none, "metadata.view.created"));
    }

    #[test]
    fn patterns_are_exact_strings_not_globs() {
        assert!(matches_operations(&["person.*"], "person.updated"));
        for op in ["pers*.updated", "*", "Person.updated", "person.updated.x", "person.updated "] {
            assert!(!matches_operations(&[op], "person.updated"), "{op}");
        }
    }

    #[test]
    fn metadata_events_follow_their_own_rule() {
        let event = "metadata.fieldMetadata.updated";
        for op in [event, "metadata.fieldMetadata.*", "metadata.*.updated", "metadata.*.*", "*.*"] {
            assert!(matches_operations(&[op], event), "{op}");
        }
        for op in
            ["*.updated", "fieldMetadata.*", "fieldMetadata.updated", "person.*", "metadata.*", "metadata.view.*", "metadata.*.created"]
        {
            assert!(!matches_operations(&[op], event), "{op}");
        }
        // The workflow-run exception is a record rule only.
        assert!(matches_operations(&["*.*"], "metadata.workflowRun.updated"));
    }

    #[test]
    fn record_rules_never_select_metadata_and_back() {
        assert!(!matches_operations(&["metadata.*.*"], "person.created"));
        assert!(!matches_operations(&["metadata.*.created"], "person.created"));
    }

    #[test]
    fn names_twenty_never_emits_match_nothing() {
        for name in ["", "person", "*.*", "person.created.x", "metadata.*.created", "a..b", "metadata.view.created.x"] {
            assert!(!matches_operations(&["*.*", name], name), "{name:?}");
        }
    }
}
