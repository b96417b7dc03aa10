//! Event dates: Twenty sends `new Date().toISOString()`, e.g. `2024-12-24T18:57:19.761Z`.
//! These functions convert between that text and epoch milliseconds without reading a clock.

use crate::prelude::*;

/// The range of a JavaScript `Date`: ±100,000,000 days around the epoch.
pub const MAX_EPOCH_MS: i64 = 8_640_000_000_000_000;

const MS_PER_DAY: i64 = 86_400_000;

/// The ISO-8601 text `Date.prototype.toISOString` gives for `epoch_ms`, or `None` outside the
/// range of a JavaScript date.
pub fn format_iso(epoch_ms: i64) -> Option<String> {
    if !(-MAX_EPOCH_MS..=MAX_EPOCH_MS).contains(&epoch_ms) {
        return None;
    }
    let days = epoch_ms.div_euclid(MS_PER_DAY);
    let ms_of_day = epoch_ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let year =
        if (0..=9999).contains(&year) { format!("{year:04}") } else { format!("{}{:06}", if year < 0 { '-' } else { '+' }, year.abs()) };
    Some(format!(
        "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000
    ))
}

/// Reads an ISO-8601 date as epoch milliseconds: `YYYY-MM-DD`, or that followed by
/// `THH:MM`, optional `:SS` and fraction, and a zone (`Z` or `±HH:MM`). A date-time without a
/// zone is refused, since JavaScript would read it in the local zone of whoever runs it.
pub fn parse_iso(text: &str) -> Result<i64, String> {
    let mut cursor = Cursor { rest: text.as_bytes() };
    let year = match cursor.rest.first() {
        Some(&sign @ (b'+' | b'-')) => {
            cursor.skip(1);
            let year = cursor.number(6, "a six-digit year after the sign")?;
            if sign == b'-' && year == 0 {
                return Err("-000000 is not a valid year".into());
            }
            if sign == b'-' { -year } else { year }
        }
        _ => cursor.number(4, "a four-digit year")?,
    };
    cursor.expect(b'-', "'-' after the year")?;
    let month = cursor.number(2, "a two-digit month")?;
    cursor.expect(b'-', "'-' after the month")?;
    let day = cursor.number(2, "a two-digit day")?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(format!("{year:04}-{month:02}-{day:02} is not a calendar date"));
    }
    let mut ms_of_day = 0;
    let mut offset_minutes = 0;
    if !cursor.rest.is_empty() {
        cursor.expect(b'T', "'T' between date and time")?;
        let hour = cursor.number(2, "a two-digit hour")?;
        cursor.expect(b':', "':' after the hour")?;
        let minute = cursor.number(2, "two-digit minutes")?;
        let mut second = 0;
        let mut millis = 0;
        if cursor.eat(b':') {
            second = cursor.number(2, "two-digit seconds")?;
            if cursor.eat(b'.') {
                let digits = cursor.rest.iter().take_while(|b| b.is_ascii_digit()).count();
                if digits == 0 {
                    return Err("expected digits after the decimal point".into());
                }
                // Like JavaScript, keep milliseconds and drop finer digits.
                let kept = digits.min(3);
                millis = cursor.number(kept, "digits")? * 10_i64.pow(3 - kept as u32);
                cursor.skip(digits - kept);
            }
        }
        let is_midnight_24 = hour == 24 && minute == 0 && second == 0 && millis == 0;
        if (hour > 23 && !is_midnight_24) || minute > 59 || second > 59 {
            return Err(format!("{hour:02}:{minute:02}:{second:02} is not a time of day"));
        }
        ms_of_day = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
        offset_minutes = cursor.zone()?;
    }
    if !cursor.rest.is_empty() {
        return Err(format!("unexpected {} at the end", crate::json::quote(&String::from_utf8_lossy(cursor.rest))));
    }
    let epoch_ms = days_from_civil(year, month, day) * MS_PER_DAY + ms_of_day - offset_minutes * 60_000;
    if !(-MAX_EPOCH_MS..=MAX_EPOCH_MS).contains(&epoch_ms) {
        return Err("outside the range of event dates (±8.64e15 ms around the epoch)".into());
    }
    Ok(epoch_ms)
}

struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    fn skip(&mut self, count: usize) {
        self.rest = self.rest.get(count..).unwrap_or_default();
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.rest.first() == Some(&byte);
        self.skip(usize::from(found));
        found
    }

    fn number(&mut self, digits: usize, what: &str) -> Result<i64, String> {
        let field = self.rest.get(..digits).filter(|f| f.iter().all(u8::is_ascii_digit));
        let field = field.ok_or_else(|| format!("expected {what}"))?;
        self.skip(digits);
        Ok(field.iter().fold(0, |acc, d| acc * 10 + i64::from(d - b'0')))
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), String> {
        if self.eat(byte) { Ok(()) } else { Err(format!("expected {what}")) }
    }

    fn zone(&mut self) -> Result<i64, String> {
        const NEEDED: &str = "a zone, 'Z' or an offset such as +02:00 (without one, JavaScript \
                              would use the local time zone)";
        if self.eat(b'Z') {
            return Ok(0);
        }
        let sign = match self.rest.first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(format!("expected {NEEDED}")),
        };
        self.skip(1);
        let hours = self.number(2, "a two-digit offset hour")?;
        self.expect(b':', "':' in the offset")?;
        let minutes = self.number(2, "two-digit offset minutes")?;
        if hours > 23 || minutes > 59 {
            return Err("the offset is out of range".into());
        }
        Ok(sign * (hours * 60 + minutes))
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_to_iso_string() {
        // Right-hand sides are `new Date(ms).toISOString()` in V8.
        assert_eq!(format_iso(1_735_066_639_761).as_deref(), Some("2024-12-24T18:57:19.761Z"));
        assert_eq!(format_iso(0).as_deref(), Some("1970-01-01T00:00:00.000Z"));
        assert_eq!(format_iso(-1).as_deref(), Some("1969-12-31T23:59:59.999Z"));
        assert_eq!(format_iso(951_782_400_000).as_deref(), Some("2000-02-29T00:00:00.000Z"));
        assert_eq!(format_iso(MAX_EPOCH_MS).as_deref(), Some("+275760-09-13T00:00:00.000Z"));
        assert_eq!(format_iso(-MAX_EPOCH_MS).as_deref(), Some("-271821-04-20T00:00:00.000Z"));
        assert_eq!(format_iso(-62_198_755_200_000).as_deref(), Some("-000001-01-01T00:00:00.000Z"));
        assert_eq!(format_iso(MAX_EPOCH_MS + 1), None);
    }

    #[test]
    fn parses_iso_dates_with_a_zone() {
        assert_eq!(parse_iso("2024-12-24T18:57:19.761Z"), Ok(1_735_066_639_761));
        assert_eq!(parse_iso("2024-12-24T19:57:19.761+01:00"), Ok(1_735_066_639_761));
        assert_eq!(parse_iso("2024-12-24T18:57:19.7619Z"), Ok(1_735_066_639_761));
        assert_eq!(parse_iso("2024-12-24T18:57Z"), Ok(1_735_066_620_000));
        assert_eq!(parse_iso("2024-12-24"), Ok(1_735_000_000_000 - 1_735_000_000_000 % MS_PER_DAY));
        assert_eq!(parse_iso("+275760-09-13T00:00:00.000Z"), Ok(MAX_EPOCH_MS));
        for bad in [
            "2024-12-24T18:57:19",
            "2024-02-30",
            "2024-13-01",
            "24-12-24",
            "2024-12-24T25:00Z",
            "yesterday",
            "",
            "-000000-01-01",
            "+275760-09-13T00:00:00.001Z",
        ] {
            assert!(parse_iso(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn format_and_parse_are_inverse_across_the_whole_range() {
        let mut ms = -MAX_EPOCH_MS;
        while ms <= MAX_EPOCH_MS {
            let text = format_iso(ms).unwrap();
            assert_eq!(parse_iso(&text), Ok(ms), "{text}");
            ms += 7_777_777_777_777;
        }
    }
}
