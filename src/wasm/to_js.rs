//! Core values as texts the JavaScript layer turns into objects itself: objects made here would
//! be filled through `Reflect.set`, which runs any setter on `Object.prototype`.

use crate::prelude::*;

use crate::diagnose::Finding;

/// Findings flattened: code, severity, message, hint, former code (empty if none), code…
pub(super) fn findings_to_texts(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .flat_map(|finding| {
            [
                finding.code.as_str().to_owned(),
                finding.severity.as_str().to_owned(),
                finding.message.clone(),
                finding.hint.to_owned(),
                finding.code.former().unwrap_or_default().to_owned(),
            ]
        })
        .collect()
}
