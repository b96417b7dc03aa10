//! Verification of a delivery: headers well-formed, timestamp fresh, signature made by one of
//! the configured secrets.

use crate::prelude::*;

use crate::error::{SecretProblem, VerifyError};
use crate::freshness::{DEFAULT_TOLERANCE_MS, check_freshness};
use crate::headers::{Delivery, parse_signature, parse_timestamp};
use crate::signing::{MessageMac, Signature, SigningKey};

/// Verifies deliveries against one secret or several (key rotation). Each secret is keyed
/// once, here, so every verification hashes only the message.
#[derive(Debug, Clone)]
pub struct Verifier {
    keys: Vec<SigningKey>,
    tolerance_ms: u64,
}

/// What a verified delivery carries besides its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The `X-Twenty-Webhook-Timestamp` value, milliseconds since the epoch.
    pub timestamp_ms: u64,
    /// Which secret (position in the list given to [`Verifier::new`]) made the signature.
    pub secret_index: usize,
}

impl Verifier {
    /// A verifier accepting signatures made by any of `secrets`, with the default tolerance of
    /// five minutes. Fails when the list is empty or a secret is empty or only white space.
    pub fn new<S: AsRef<str>>(secrets: &[S]) -> Result<Self, VerifyError> {
        if secrets.is_empty() {
            return Err(VerifyError::InvalidSecret(SecretProblem::NoSecrets));
        }
        let keys =
            secrets.iter().enumerate().map(|(index, secret)| SigningKey::at_index(secret.as_ref(), index)).collect::<Result<_, _>>()?;
        Ok(Self { keys, tolerance_ms: DEFAULT_TOLERANCE_MS })
    }

    /// The same verifier with another tolerance: how far, in milliseconds, a timestamp may lie
    /// before or after `now`.
    #[must_use]
    pub fn with_tolerance_ms(mut self, tolerance_ms: u64) -> Self {
        self.tolerance_ms = tolerance_ms;
        self
    }

    /// The tolerance in force, in milliseconds.
    pub fn tolerance_ms(&self) -> u64 {
        self.tolerance_ms
    }

    /// Checks, in this order: both headers present, both well-formed, the timestamp within the
    /// tolerance of `now_ms`, and the signature (constant-time) against each secret in turn.
    ///
    /// ```
    /// use twenty_webhooks::{Delivery, Verifier};
    /// let headers = [
    ///     ("X-Twenty-Webhook-Timestamp", "1735066639761"),
    ///     ("X-Twenty-Webhook-Signature", "3c75332dc09cc3cbdc0eb604062cd81de3683b23e3d3c843393eedd8081d89bb"),
    /// ];
    /// let verifier = Verifier::new(&["your-secret"]).unwrap();
    /// let verified = verifier.verify(&Delivery::from_headers(&headers, b"{}"), 1735066639761).unwrap();
    /// assert_eq!(verified.secret_index, 0);
    /// ```
    pub fn verify(&self, delivery: &Delivery<'_>, now_ms: i64) -> Result<Verified, VerifyError> {
        let (timestamp_raw, timestamp_ms, signature) = self.check_headers(delivery.timestamp, delivery.signature, now_ms)?;
        self.keys
            .iter()
            .position(|key| key.matches(timestamp_raw, delivery.body, &signature))
            .map(|secret_index| Verified { timestamp_ms, secret_index })
            .ok_or(VerifyError::SignatureMismatch)
    }

    /// Starts a verification whose body arrives in pieces (a stream, or a body too large to
    /// hold at once): the headers and freshness are checked now, the signature when
    /// [`PendingVerification::finish`] is called. Fails as [`Verifier::verify`] does.
    pub fn begin(&self, timestamp: Option<&str>, signature: Option<&str>, now_ms: i64) -> Result<PendingVerification, VerifyError> {
        let (timestamp_raw, timestamp_ms, signature) = self.check_headers(timestamp, signature, now_ms)?;
        let macs = self.keys.iter().map(|key| key.message_mac(timestamp_raw)).collect();
        Ok(PendingVerification { macs, signature, timestamp_ms })
    }

    /// Everything but the signature: both headers present and well-formed, the timestamp
    /// fresh. Gives the timestamp as sent (it is what was signed), its value, and the signature.
    fn check_headers<'t>(
        &self,
        timestamp: Option<&'t str>,
        signature: Option<&str>,
        now_ms: i64,
    ) -> Result<(&'t str, u64, Signature), VerifyError> {
        let signature_raw = signature.ok_or(VerifyError::MissingSignature)?;
        let timestamp_raw = timestamp.ok_or(VerifyError::MissingTimestamp)?;
        let timestamp_ms = parse_timestamp(timestamp_raw)?;
        let signature = parse_signature(signature_raw)?;
        check_freshness(timestamp_ms, now_ms, self.tolerance_ms)?;
        Ok((timestamp_raw, timestamp_ms, signature))
    }
}

/// A verification under way: the headers passed, the body is fed in with
/// [`PendingVerification::update`], and [`PendingVerification::finish`] gives the verdict.
#[derive(Debug, Clone)]
pub struct PendingVerification {
    macs: Vec<MessageMac>,
    signature: Signature,
    timestamp_ms: u64,
}

impl PendingVerification {
    /// Feeds the next piece of the body.
    pub fn update(&mut self, piece: &[u8]) {
        for mac in &mut self.macs {
            mac.update(piece);
        }
    }

    /// Compares, in constant time, the signature with each secret's MAC of the whole body.
    pub fn finish(self) -> Result<Verified, VerifyError> {
        let Self { macs, signature, timestamp_ms } = self;
        macs.into_iter()
            .position(|mac| mac.matches(&signature))
            .map(|secret_index| Verified { timestamp_ms, secret_index })
            .ok_or(VerifyError::SignatureMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers::{SIGNATURE_HEADER, TIMESTAMP_HEADER};

    const NOW: i64 = 1_735_066_639_761;
    const TS: &str = "1735066639761";

    fn delivery<'a>(signature: &'a str, body: &'a [u8]) -> Delivery<'a> {
        Delivery { timestamp: Some(TS), signature: Some(signature), nonce: None, body }
    }

    #[test]
    fn any_secret_of_a_rotation_may_match_and_is_reported() {
        let signature = hex::encode(SigningKey::new("new").unwrap().sign(TS, b"{}"));
        let verifier = Verifier::new(&["old", "new"]).unwrap();
        assert_eq!(verifier.verify(&delivery(&signature, b"{}"), NOW), Ok(Verified { timestamp_ms: NOW as u64, secret_index: 1 }));
        let retired = Verifier::new(&["old"]).unwrap();
        assert_eq!(retired.verify(&delivery(&signature, b"{}"), NOW), Err(VerifyError::SignatureMismatch));
    }

    #[test]
    fn secrets_must_have_content() {
        let no_secrets: [&str; 0] = [];
        assert_eq!(Verifier::new(&no_secrets).unwrap_err(), VerifyError::InvalidSecret(SecretProblem::NoSecrets));
        assert_eq!(Verifier::new(&["ok", " \t"]).unwrap_err(), VerifyError::InvalidSecret(SecretProblem::WhitespaceOnly { index: 1 }));
        assert_eq!(Verifier::new(&[""]).unwrap_err(), VerifyError::InvalidSecret(SecretProblem::Empty { index: 0 }));
    }

    #[test]
    fn missing_headers_are_named_signature_first() {
        let verifier = Verifier::new(&["s"]).unwrap();
        let none: [(&str, &str); 0] = [];
        assert_eq!(verifier.verify(&Delivery::from_headers(&none, b""), NOW), Err(VerifyError::MissingSignature));
        let only_signature = [(SIGNATURE_HEADER, "00")];
        assert_eq!(verifier.verify(&Delivery::from_headers(&only_signature, b""), NOW), Err(VerifyError::MissingTimestamp));
        let only_timestamp = [(TIMESTAMP_HEADER, TS)];
        assert_eq!(verifier.verify(&Delivery::from_headers(&only_timestamp, b""), NOW), Err(VerifyError::MissingSignature));
    }

    #[test]
    fn a_body_fed_in_pieces_verifies_like_a_whole_one() {
        let body = b"{\"eventName\":\"person.created\",\"record\":{}}";
        let signature = hex::encode(SigningKey::new("s").unwrap().sign(TS, body));
        let verifier = Verifier::new(&["other", "s"]).unwrap();
        for split in [0, 1, 17, body.len()] {
            let mut pending = verifier.begin(Some(TS), Some(&signature), NOW).unwrap();
            pending.update(&body[..split]);
            pending.update(&body[split..]);
            assert_eq!(pending.finish(), Ok(Verified { timestamp_ms: NOW as u64, secret_index: 1 }));
        }
        let mut pending = verifier.begin(Some(TS), Some(&signature), NOW).unwrap();
        pending.update(&body[1..]);
        assert_eq!(pending.finish(), Err(VerifyError::SignatureMismatch));
    }

    #[test]
    fn a_stale_delivery_is_refused_before_its_signature_is_checked() {
        let verifier = Verifier::new(&["s"]).unwrap().with_tolerance_ms(10);
        let forged = "0".repeat(64);
        assert!(matches!(verifier.verify(&delivery(&forged, b"{}"), NOW + 11), Err(VerifyError::TimestampTooOld { .. })));
    }
}
