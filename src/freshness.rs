//! Freshness: a delivery is accepted only when its timestamp lies within a two-sided tolerance
//! of the receiver's clock. The clock always comes in as an argument (`now_ms`): the core never
//! reads time itself, so every rule here is testable and works on wasm32, which has no clock.

use crate::error::VerifyError;

/// Five minutes, the usual window for signed webhooks.
pub const DEFAULT_TOLERANCE_MS: u64 = 300_000;

/// Accepts `timestamp_ms` when it is at most `tolerance_ms` before or after `now_ms`; the
/// boundary itself passes.
pub fn check_freshness(timestamp_ms: u64, now_ms: i64, tolerance_ms: u64) -> Result<(), VerifyError> {
    let age_ms = i128::from(now_ms) - i128::from(timestamp_ms);
    if age_ms > i128::from(tolerance_ms) {
        return Err(VerifyError::TimestampTooOld {
            age_ms: saturate(age_ms),
            tolerance_ms,
            looks_like_seconds: looks_like_seconds(timestamp_ms, now_ms),
        });
    }
    if -age_ms > i128::from(tolerance_ms) {
        return Err(VerifyError::TimestampTooNew { ahead_ms: saturate(-age_ms), tolerance_ms });
    }
    Ok(())
}

/// Whether a timestamp reads as seconds since the epoch: within a year of `now` in seconds.
pub fn looks_like_seconds(timestamp: u64, now_ms: i64) -> bool {
    const YEAR_S: i128 = 366 * 24 * 3600;
    let now_s = i128::from(now_ms) / 1000;
    now_s > YEAR_S && (i128::from(timestamp) - now_s).abs() <= YEAR_S
}

fn saturate(value: i128) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_735_066_639_761;

    #[test]
    fn the_boundary_passes_on_both_sides() {
        assert_eq!(check_freshness(NOW as u64 - 1000, NOW, 1000), Ok(()));
        assert_eq!(check_freshness(NOW as u64 + 1000, NOW, 1000), Ok(()));
        assert!(matches!(
            check_freshness(NOW as u64 - 1001, NOW, 1000),
            Err(VerifyError::TimestampTooOld { age_ms: 1001, tolerance_ms: 1000, looks_like_seconds: false })
        ));
        assert_eq!(check_freshness(NOW as u64 + 1001, NOW, 1000), Err(VerifyError::TimestampTooNew { ahead_ms: 1001, tolerance_ms: 1000 }));
    }

    #[test]
    fn a_timestamp_in_seconds_is_too_old_and_says_so() {
        let seconds = NOW as u64 / 1000;
        assert!(matches!(
            check_freshness(seconds, NOW, DEFAULT_TOLERANCE_MS),
            Err(VerifyError::TimestampTooOld { looks_like_seconds: true, .. })
        ));
    }

    #[test]
    fn extreme_clocks_do_not_overflow() {
        assert!(check_freshness(0, i64::MAX, 0).is_err());
        assert!(check_freshness(u64::MAX, i64::MIN, u64::MAX).is_err());
        assert_eq!(check_freshness(9_999_999_999_999_999, i64::MIN, u64::MAX), Ok(()));
    }
}
