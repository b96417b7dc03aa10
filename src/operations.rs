//! Which webhooks receive an event: Twenty's rule, membership of four exact strings.

use crate::prelude::*;

use crate::error::PayloadError;
use crate::event_name::EventName;

/// The one event that only an exact `operations` entry selects; Twenty keeps workflow-run
/// updates, which are frequent, away from wildcard subscribers.
const EXACT_ONLY: &str = "workflowRun.updated";

/// Whether a webhook whose `operations` list is given receives `event_name`: the list holds
/// `<object>.<action>`, `*.<action>`, `<object>.*` or `*.*` (plain string membership, no
/// globbing), except that `workflowRun.updated` needs the exact string.
///
/// ```
/// use twenty_webhooks::matches_operations;
/// assert_eq!(matches_operations(&["*.created"], "person.created"), Ok(true));
/// assert_eq!(matches_operations(&["company.*"], "person.created"), Ok(false));
/// assert_eq!(matches_operations(&["*.*"], "workflowRun.updated"), Ok(false));
/// ```
pub fn matches_operations<S: AsRef<str>>(operations: &[S], event_name: &str) -> Result<bool, PayloadError> {
    let EventName { object, action } = EventName::parse(event_name)?;
    let receives = |wanted: &[&str]| operations.iter().any(|op| wanted.contains(&op.as_ref()));
    if event_name == EXACT_ONLY {
        return Ok(receives(&[EXACT_ONLY]));
    }
    let (exact, any_object, any_action) = (event_name, format!("*.{action}"), format!("{object}.*"));
    Ok(receives(&[exact, &any_object, &any_action, "*.*"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_receives_nothing() {
        let none: [&str; 0] = [];
        assert_eq!(matches_operations(&none, "person.created"), Ok(false));
    }

    #[test]
    fn patterns_are_exact_strings_not_globs() {
        assert_eq!(matches_operations(&["person.*"], "person.updated"), Ok(true));
        assert_eq!(matches_operations(&["pers*.updated"], "person.updated"), Ok(false));
        assert_eq!(matches_operations(&["*"], "person.updated"), Ok(false));
        assert_eq!(matches_operations(&["Person.updated"], "person.updated"), Ok(false));
        assert_eq!(matches_operations(&["person.updated.x"], "person.updated"), Ok(false));
    }

    #[test]
    fn malformed_event_names_are_errors() {
        assert!(matches_operations(&["*.*"], "person").is_err());
    }
}
