//! Duration and UTC timestamp formatting, with hand-written calendar arithmetic (no chrono).

const MS_PER_DAY: i64 = 86_400_000;
/// Earliest instant `format_utc` renders: 0000-01-01 00:00:00 UTC.
const MIN_MS: i64 = -62_167_219_200_000;
/// Latest instant `format_utc` renders: 9999-12-31 23:59:59.999 UTC.
const MAX_MS: i64 = 253_402_300_799_999;

/// The server's clock as seen from the browser: the offset (server minus browser, ms) learned from
/// the `Date` of responses, so elapsed times and countdowns are right on a computer whose clock is
/// off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerClock {
    offset_ms: i64,
    known: bool,
    /// An offset one answer showed that differs from the one in use, waiting for a second.
    seen: Option<i64>,
}

impl ServerClock {
    /// How far apart two offsets may be and still agree: `Date` has whole seconds, and an answer
    /// takes some time to arrive.
    pub const TOLERANCE_MS: i64 = 1_500;

    /// Server time minus browser time, in milliseconds (0 until an answer has been seen).
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms
    }

    /// Learns from one answer: its `Date` as epoch ms (`server_ms`, whole seconds) and the browser's
    /// clock when it arrived (`local_ms`). The first answer sets the offset; after that, a change
    /// needs two answers in a row that agree on it, so one odd `Date` (a proxy's, a cache's) does
    /// not move every elapsed time and countdown of the card.
    pub fn learn(&mut self, server_ms: i64, local_ms: i64) {
        // the true instant lies in [server_ms, server_ms + 1000)
        let offset = server_ms.saturating_add(500).saturating_sub(local_ms);
        let near = |a: i64, b: i64| a.saturating_sub(b).saturating_abs() <= Self::TOLERANCE_MS;
        let first = !std::mem::replace(&mut self.known, true);
        if !first && near(offset, self.offset_ms) {
            self.seen = None;
            return;
        }
        let confirmed = self
            .seen
            .replace(offset)
            .is_some_and(|seen| near(seen, offset));
        if first || confirmed {
            self.offset_ms = offset;
            self.seen = None;
        }
    }
}

/// Formats an elapsed time in milliseconds: `"45s"`, `"3m 05s"`, `"2h 03m 04s"`, `"3d 04h 05m"`.
/// Negative values render as `"0s"`.
pub fn format_duration(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    if d > 0 {
        format!("{d}d {h:02}h {m:02}m")
    } else if h > 0 {
        format!("{h}h {m:02}m {s:02}s")
    } else if m > 0 {
        format!("{m}m {s:02}s")
    } else {
        format!("{s}s")
    }
}

/// Formats the time left until a deadline, rounded up to the second, so a countdown never reads
/// `"0s"` while time is still left: 1 ms → `"1s"`, 1 000 ms → `"1s"`, 1 001 ms → `"2s"`. `None`
/// once nothing is left (the deadline has passed: say so instead of counting).
pub fn format_remaining(ms: i64) -> Option<String> {
    (ms > 0).then(|| format_duration(ms.saturating_add(999)))
}

/// Formats epoch milliseconds as `"2015-10-15 14:32:55 UTC"`.
/// Values outside years 0000..=9999 are clamped to that range.
pub fn format_utc(epoch_ms: i64) -> String {
    utc_text(epoch_ms, ' ', " UTC")
}

/// The same instant as an ISO 8601 / HTML `datetime` value: `2015-10-15T14:32:55Z`.
pub fn format_iso(epoch_ms: i64) -> String {
    utc_text(epoch_ms, 'T', "Z")
}

fn utc_text(epoch_ms: i64, separator: char, zone: &str) -> String {
    let ms = epoch_ms.clamp(MIN_MS, MAX_MS);
    let days = ms.div_euclid(MS_PER_DAY);
    let secs = ms.rem_euclid(MS_PER_DAY) / 1000;
    let (y, mo, d) = civil_from_days(days);
    format!(
        "{y:04}-{mo:02}-{d:02}{separator}{:02}:{:02}:{:02}{zone}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
/// Callers keep `y` within a few thousand years so nothing overflows.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: (year, month 1..=12, day 1..=31).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Number of days in a month of a proleptic Gregorian year (0 for an invalid month).
pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Epoch milliseconds for a validated UTC date and time, or `None` when a field is out of range.
pub(crate) fn epoch_ms(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let valid = (0..=9999).contains(&y)
        && (1..=days_in_month(y, mo)).contains(&d)
        && h <= 23
        && mi <= 59
        && s <= 60;
    valid.then(|| {
        days_from_civil(y, mo, d) * MS_PER_DAY
            + i64::from(h) * 3_600_000
            + i64::from(mi) * 60_000
            + i64::from(s) * 1000
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_server_clock_moves_only_when_two_answers_agree() {
        let mut clock = ServerClock::default();
        assert_eq!(clock.offset_ms(), 0);
        // the user's computer is 3 minutes behind: the first answer sets it
        clock.learn(1_000_180_000, 1_000_000_000);
        assert_eq!(clock.offset_ms(), 180_500);
        // answers within the tolerance change nothing
        clock.learn(1_000_185_000, 1_000_005_800);
        assert_eq!(clock.offset_ms(), 180_500);
        // one odd Date (a proxy's, decades ahead) does not move it
        clock.learn(4_070_908_800_000, 1_000_010_000);
        assert_eq!(clock.offset_ms(), 180_500);
        // nor does a good answer after it forget the clock in use
        clock.learn(1_000_195_000, 1_000_015_000);
        assert_eq!(clock.offset_ms(), 180_500);
        // two answers in a row that agree on a new offset move it (the computer's clock was set)
        clock.learn(1_000_200_000, 1_000_200_000);
        assert_eq!(clock.offset_ms(), 180_500, "one is not enough");
        clock.learn(1_000_205_000, 1_000_205_300);
        assert_eq!(clock.offset_ms(), 200);
        // two odd answers that disagree with each other move nothing
        clock.learn(9_000_000_000_000, 1_000_210_000);
        clock.learn(7_000_000_000_000, 1_000_215_000);
        assert_eq!(clock.offset_ms(), 200);
        // extremes saturate instead of overflowing
        clock.learn(i64::MAX, i64::MIN);
        clock.learn(i64::MIN, i64::MAX);
        assert_eq!(clock.offset_ms(), 200);
    }

    use super::*;

    #[test]
    fn durations() {
        assert_eq!(format_duration(-5), "0s");
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(999), "0s");
        assert_eq!(format_duration(45_000), "45s");
        assert_eq!(format_duration(185_000), "3m 05s");
        assert_eq!(format_duration(7_384_000), "2h 03m 04s");
        assert_eq!(
            format_duration(((3 * 24 + 4) * 60 + 5) * 60_000 + 7_000),
            "3d 04h 05m"
        );
        assert!(format_duration(i64::MAX).ends_with('m'));
        assert_eq!(format_duration(i64::MIN), "0s");
    }

    #[test]
    fn remaining_rounds_up_and_ends_at_the_deadline() {
        assert_eq!(format_remaining(i64::MIN), None);
        assert_eq!(format_remaining(-1), None);
        assert_eq!(format_remaining(0), None);
        assert_eq!(format_remaining(1).as_deref(), Some("1s"));
        assert_eq!(format_remaining(1_000).as_deref(), Some("1s"));
        assert_eq!(format_remaining(1_001).as_deref(), Some("2s"));
        assert_eq!(format_remaining(59_500).as_deref(), Some("1m 00s"));
        assert!(format_remaining(i64::MAX).is_some_and(|t| t.ends_with('m')));
    }

    #[test]
    fn utc() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(1_444_919_575_778), "2015-10-15 14:32:55 UTC");
        assert_eq!(format_utc(951_782_400_000), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(format_utc(i64::MAX), "9999-12-31 23:59:59 UTC");
        assert_eq!(format_utc(i64::MIN), "0000-01-01 00:00:00 UTC");
        assert_eq!(format_iso(1_444_919_575_778), "2015-10-15T14:32:55Z");
    }

    #[test]
    fn civil_round_trip() {
        for days in (-800_000..3_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d <= days_in_month(y, m));
        }
    }

    #[test]
    fn epoch_ms_validates() {
        assert_eq!(epoch_ms(1994, 11, 6, 8, 49, 37), Some(784_111_777_000));
        assert_eq!(epoch_ms(2015, 2, 29, 0, 0, 0), None);
        assert_eq!(epoch_ms(2016, 2, 29, 0, 0, 0), Some(1_456_704_000_000));
        assert_eq!(epoch_ms(2015, 13, 1, 0, 0, 0), None);
        assert_eq!(epoch_ms(2015, 1, 1, 24, 0, 0), None);
    }
}
