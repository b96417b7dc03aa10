//! What `diagnose` reports: a code from the code table, a severity, a message in plain words,
//! and the code's hint.

use crate::prelude::*;

use serde::{Serialize, Serializer};

use crate::codes::{Code, CodeKind};

/// How much a finding matters: an error alone stops verification; a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Verification fails because of this.
    Error,
    /// Worth knowing; verification does not fail because of it alone.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One thing `diagnose` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What was found (a code of kind [`CodeKind::Finding`]).
    pub code: Code,
    /// Whether it stops verification.
    pub severity: Severity,
    /// What was found, in plain words.
    pub message: String,
    /// How to fix it: the code's hint.
    pub hint: &'static str,
}

impl Finding {
    pub(super) fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message.into())
    }

    pub(super) fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message.into())
    }

    fn new(code: Code, severity: Severity, message: String) -> Self {
        debug_assert!(code.is(CodeKind::Finding), "{code} is not a finding");
        Self { code, severity, message, hint: code.hint() }
    }
}
