//! The headers of a delivery as Twenty sends it.

use crate::prelude::*;

use crate::error::VerifyError;
use crate::headers::{CONTENT_TYPE, NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use crate::signing::sign;

/// Twenty's headers for `body`, in Twenty's order: `Content-Type`, then timestamp, signature
/// and nonce. With an empty secret, only `Content-Type`: Twenty sends such deliveries unsigned.
///
/// ```
/// let headers = twenty_webhooks::request_headers("your-secret", "1735066639761", "00", b"{}").unwrap();
/// assert_eq!(headers[2], ("X-Twenty-Webhook-Signature", "3c75332dc09cc3cbdc0eb604062cd81de3683b23e3d3c843393eedd8081d89bb".to_owned()));
/// assert_eq!(twenty_webhooks::request_headers("", "1", "00", b"{}").unwrap().len(), 1);
/// ```
pub fn request_headers(secret: &str, timestamp: &str, nonce: &str, body: &[u8]) -> Result<Vec<(&'static str, String)>, VerifyError> {
    let mut headers = vec![("Content-Type", CONTENT_TYPE.to_owned())];
    if secret.is_empty() {
        return Ok(headers);
    }
    let signature = sign(secret, timestamp, body)?;
    headers.push((TIMESTAMP_HEADER, timestamp.to_owned()));
    headers.push((SIGNATURE_HEADER, signature));
    headers.push((NONCE_HEADER, nonce.to_owned()));
    Ok(headers)
}
