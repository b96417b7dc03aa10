//! A delivery's id: the same for every copy and every retry of one Twenty delivery, so that
//! receivers can deduplicate on it. Twenty sends no id, and its nonce is not signed (anyone can
//! change it), so the id is derived from the signature: 32 hex digits, the first half of
//! SHA-256 over `twenty-webhooks-edge:` and the signature in lower case (a signature verifies
//! in either case). The edge receiver has issued ids by this rule since its first release.

use crate::prelude::*;

use twenty_webhooks_hmac::sha256;

use crate::error::VerifyError;

/// What the hash is prefixed with, so that the id is not the hash of the signature alone.
const DELIVERY_ID_CONTEXT: &[u8] = b"twenty-webhooks-edge:";

/// Hex digits in an id: 16 bytes of the hash.
pub const DELIVERY_ID_LENGTH: usize = 32;

/// The id of the delivery whose `X-Twenty-Webhook-Signature` is `signature`; a delivery without
/// one has no id ([`VerifyError::MissingSignature`]).
///
/// Derive it from a delivery that verified: any signature text gives an id. Only ASCII letters
/// are lower-cased; a signature that verifies is ASCII.
///
/// ```
/// let id = twenty_webhooks::delivery_id(Some("3C75332DC09CC3CBDC0EB604062CD81DE3683B23E3D3C843393EEDD8081D89BB")).unwrap();
/// assert_eq!(id, twenty_webhooks::delivery_id(Some("3c75332dc09cc3cbdc0eb604062cd81de3683b23e3d3c843393eedd8081d89bb")).unwrap());
/// assert_eq!(id.len(), 32);
/// ```
pub fn delivery_id(signature: Option<&str>) -> Result<String, VerifyError> {
    let signature = signature.ok_or(VerifyError::MissingSignature)?;
    let hash = sha256(&[DELIVERY_ID_CONTEXT, signature.to_ascii_lowercase().as_bytes()]);
    Ok(hex::encode(&hash[..DELIVERY_ID_LENGTH / 2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delivery_without_a_signature_has_no_id() {
        assert_eq!(delivery_id(None), Err(VerifyError::MissingSignature));
    }

    #[test]
    fn the_case_of_the_signature_does_not_change_the_id() {
        let lower = delivery_id(Some("abcdef0123")).unwrap();
        assert_eq!(delivery_id(Some("ABCDEF0123")).unwrap(), lower);
        assert_ne!(delivery_id(Some("abcdef0124")).unwrap(), lower);
        assert!(lower.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }
}
