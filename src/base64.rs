//! Just enough base64 to recognise a signature sent in the wrong encoding.

/// Decodes base64 (standard or URL-safe alphabet, padding optional) of exactly 32 bytes.
pub(crate) fn decode_32(text: &str) -> Option<[u8; 32]> {
    let text = text.strip_suffix('=').unwrap_or(text);
    if text.len() != 43 {
        return None;
    }
    let mut out = [0u8; 32];
    let mut bits: u32 = 0;
    let mut pending = 0u32;
    let mut written = 0;
    for byte in text.bytes() {
        bits = (bits << 6) | u32::from(sextet(byte)?);
        pending += 6;
        if pending >= 8 {
            pending -= 8;
            out[written] = (bits >> pending) as u8;
            written += 1;
        }
    }
    // 43 sextets are 258 bits: 32 bytes and 2 bits that must be zero in canonical base64.
    (bits & 0b11 == 0).then_some(out)
}

fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_a_32_byte_value_in_both_alphabets() {
        // RFC 4231 case 2's MAC, base64-encoded by `Buffer.from(hex, "hex").toString("base64")`.
        let expected = hex::decode("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843").unwrap();
        let standard = super::decode_32("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=").unwrap();
        let url_safe = super::decode_32("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM").unwrap();
        assert_eq!(standard.to_vec(), expected);
        assert_eq!(url_safe, standard);
        assert!(super::decode_32("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOE").is_none());
        assert!(super::decode_32("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOE*").is_none());
    }
}
