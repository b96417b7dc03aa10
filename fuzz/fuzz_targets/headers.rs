//! Header parsing: any bytes as header names and values. Must not panic; what parses must be
//! well-formed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twenty_webhooks::{Delivery, parse_signature, parse_timestamp};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(timestamp) = parse_timestamp(&text) {
        assert_eq!(timestamp.to_string().trim_start_matches('0'), text.trim_start_matches('0'));
    }
    if parse_signature(&text).is_ok() {
        assert_eq!(text.len(), 64);
    }
    let pairs: Vec<(String, String)> =
        text.split('\n').filter_map(|line| line.split_once(':')).map(|(name, value)| (name.to_owned(), value.to_owned())).collect();
    let _ = Delivery::from_headers(&pairs, data);
});
