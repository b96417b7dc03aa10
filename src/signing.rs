//! HMAC-SHA256 over `timestamp + ":" + body`, keyed by the secret's UTF-8 bytes, as Twenty's
//! server computes it (`createHmac('sha256', secret).update(`${timestamp}:${body}`)`).

use crate::prelude::*;

use core::fmt;

use twenty_webhooks_hmac::HmacSha256;

use crate::error::{SecretProblem, VerifyError};
use crate::headers::parse_timestamp;

/// A raw HMAC-SHA256 signature.
pub type Signature = [u8; 32];

/// A secret turned into a ready HMAC state: the key's inner and outer pads are hashed once, so
/// each signature costs only the message's own blocks. `Debug` never shows the key.
#[derive(Clone)]
pub struct SigningKey {
    keyed: HmacSha256,
}

impl SigningKey {
    /// Keys an HMAC with the secret's UTF-8 bytes. The secret must have a non-white-space
    /// character: Twenty treats an empty secret as "send unsigned".
    pub fn new(secret: &str) -> Result<Self, VerifyError> {
        Self::at_index(secret, 0)
    }

    /// As [`SigningKey::new`], naming the secret's position in a rotation list in errors.
    pub(crate) fn at_index(secret: &str, index: usize) -> Result<Self, VerifyError> {
        if secret.is_empty() {
            return Err(VerifyError::InvalidSecret(SecretProblem::Empty { index }));
        }
        if secret.trim().is_empty() {
            return Err(VerifyError::InvalidSecret(SecretProblem::WhitespaceOnly { index }));
        }
        Ok(Self::from_key_bytes(secret.as_bytes()))
    }

    /// Keys an HMAC with arbitrary bytes (diagnostics try keys Twenty would never use).
    pub(crate) fn from_key_bytes(key: &[u8]) -> Self {
        Self { keyed: HmacSha256::new(key) }
    }

    /// The signature of `timestamp:body`.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> Signature {
        let mut mac = self.message_mac(timestamp);
        mac.update(body);
        mac.finish()
    }

    /// The signature of a message given in parts (diagnostics try other framings).
    pub(crate) fn sign_parts(&self, parts: &[&[u8]]) -> Signature {
        let mut mac = MessageMac(self.keyed.clone());
        for part in parts {
            mac.update(part);
        }
        mac.finish()
    }

    /// Whether `signature` is the signature of `timestamp:body`, compared in constant time.
    pub fn matches(&self, timestamp: &str, body: &[u8], signature: &Signature) -> bool {
        let mut mac = self.message_mac(timestamp);
        mac.update(body);
        mac.matches(signature)
    }

    /// A MAC of `timestamp:` that the body is then fed into, in as many pieces as it comes.
    pub(crate) fn message_mac(&self, timestamp: &str) -> MessageMac {
        let mut mac = MessageMac(self.keyed.clone());
        mac.update(timestamp.as_bytes());
        mac.update(b":");
        mac
    }
}

/// An HMAC under way over one message.
#[derive(Clone)]
pub(crate) struct MessageMac(HmacSha256);

impl MessageMac {
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Whether the message's MAC is `signature`, compared in constant time.
    pub(crate) fn matches(self, signature: &Signature) -> bool {
        self.0.verify(signature)
    }

    fn finish(self) -> Signature {
        self.0.finalize()
    }
}

impl fmt::Debug for MessageMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MessageMac([REDACTED])")
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([REDACTED])")
    }
}

/// Twenty's signature as lowercase hex: `HMAC-SHA256(secret, timestamp + ":" + body)`.
///
/// The timestamp must be what goes in the `X-Twenty-Webhook-Timestamp` header (1 to 16 decimal
/// digits, milliseconds), so that what is signed here verifies.
///
/// ```
/// let hex = twenty_webhooks::sign("your-secret", "1735066639761", b"{}").unwrap();
/// assert_eq!(hex, "3c75332dc09cc3cbdc0eb604062cd81de3683b23e3d3c843393eedd8081d89bb");
/// ```
pub fn sign(secret: &str, timestamp: &str, body: &[u8]) -> Result<String, VerifyError> {
    parse_timestamp(timestamp)?;
    Ok(hex::encode(SigningKey::new(secret)?.sign(timestamp, body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_vectors() {
        let file = include_str!("../tests/vectors/hmac-rfc4231.json");
        let cases: Vec<serde_json::Value> = serde_json::from_str(file).unwrap();
        assert!(cases.len() >= 6);
        for case in cases {
            let field = |name: &str| hex::decode(case[name].as_str().unwrap()).unwrap();
            let key = SigningKey::from_key_bytes(&field("key_hex"));
            let mac = key.sign_parts(&[&field("data_hex")]);
            assert_eq!(mac.to_vec(), field("mac_hex"), "{}", case["name"]);
        }
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = SigningKey::new("top-secret-value").unwrap();
        assert_eq!(format!("{key:?}"), "SigningKey([REDACTED])");
    }

    #[test]
    fn signing_checks_its_inputs() {
        assert_eq!(sign("", "1", b"").unwrap_err().code(), "INVALID_SECRET");
        assert_eq!(sign(" ", "1", b"").unwrap_err().code(), "INVALID_SECRET");
        assert_eq!(sign("s", "1.5", b"").unwrap_err().code(), "MALFORMED_TIMESTAMP");
    }
}
