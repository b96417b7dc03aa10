//! The core speaks of the protocol, not of a runtime: no text in the code table, and no string in
//! the core's error and diagnose sources, names a JavaScript API or option. The npm package adds
//! that wording itself (pkg/src/errors.js).

use twenty_webhooks::{Code, CodeKind};

/// Words that only make sense to a JavaScript user of the package.
const JAVASCRIPT_WORDS: &[&str] = &[
    "toleranceMs",
    "express",
    "request.text",
    "arrayBuffer",
    "await ",
    "Date.now",
    "diagnose()",
    "init()",
    "TwentyWebhookEvent",
    "type definitions",
    "BigInt",
    "createHmac",
    "Uint8Array",
    "ArrayBuffer",
    "Buffer",
    "${",
    ".wasm",
    "JavaScript",
];

/// The core's sources whose strings become messages and hints.
const CORE_TEXT_SOURCES: &[(&str, &str)] = &[
    ("src/codes.rs", include_str!("../src/codes.rs")),
    ("src/error.rs", include_str!("../src/error.rs")),
    ("src/diagnose/mod.rs", include_str!("../src/diagnose/mod.rs")),
    ("src/diagnose/finding.rs", include_str!("../src/diagnose/finding.rs")),
];

fn javascript_word_in(text: &str) -> Option<&'static str> {
    JAVASCRIPT_WORDS.iter().copied().find(|word| text.contains(word))
}

#[test]
fn the_code_table_speaks_of_the_protocol() {
    for code in Code::ALL {
        for text in [code.summary(), code.hint()] {
            assert_eq!(javascript_word_in(text), None, "{code}: {text}");
        }
    }
}

#[test]
fn core_messages_speak_of_the_protocol() {
    for (file, source) in CORE_TEXT_SOURCES {
        for (number, line) in source.lines().enumerate() {
            let code_part = line.split("//").next().unwrap_or_default();
            if let Some(word) = javascript_word_in(code_part) {
                panic!("{file}:{}: {word:?} in {}", number + 1, line.trim());
            }
        }
    }
}

#[test]
fn the_denylist_catches_the_wording_that_was_moved_out() {
    let moved = "Read the body before any JSON parsing, e.g. await request.text() or express.raw(), or raise toleranceMs.";
    assert_eq!(javascript_word_in(moved), Some("toleranceMs"));
}

#[test]
fn findings_former_names_point_at_codes_that_are_findings() {
    let renamed: Vec<_> = Code::ALL.iter().filter(|code| code.former().is_some()).collect();
    assert!(!renamed.is_empty());
    assert!(renamed.iter().all(|code| code.is(CodeKind::Finding)));
}
