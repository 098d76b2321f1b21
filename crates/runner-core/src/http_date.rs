//! HTTP-date parsing (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 and asctime, without chrono.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Parses an HTTP-date into epoch milliseconds:
/// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` or `Sun Nov  6 08:49:37 1994`.
/// Two-digit years are 1970–2069. Returns `None` for anything else.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let mut tokens: Vec<&str> = value
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|t| !t.is_empty())
        .take(8)
        .collect();
    if tokens.len() > 7 {
        return None;
    }
    if tokens.first().is_some_and(|t| is_weekday(t)) {
        tokens.remove(0);
    }
    if tokens
        .last()
        .is_some_and(|t| ["gmt", "utc", "z", "+0000"].contains(&t.to_ascii_lowercase().as_str()))
    {
        tokens.pop();
    }
    let (day, month, year, time) = match tokens.as_slice() {
        [d, m, y, t] if d.bytes().all(|b| b.is_ascii_digit()) => (*d, *m, *y, *t),
        [m, d, t, y] => (*d, *m, *y, *t),
        _ => return None,
    };
    let day: u32 = small_number(day, 1, 2)?;
    let month = month_number(month)?;
    let year = match year.len() {
        2 => {
            let yy = i64::from(small_number(year, 2, 2)?);
            if yy < 70 {
                2000 + yy
            } else {
                1900 + yy
            }
        }
        _ => i64::from(small_number(year, 4, 4)?),
    };
    let mut hms = time.split(':');
    let h = small_number(hms.next()?, 2, 2)?;
    let mi = small_number(hms.next()?, 2, 2)?;
    let s = small_number(hms.next()?, 2, 2)?;
    if hms.next().is_some() {
        return None;
    }
    crate::time::epoch_ms(year, month, day, h, mi, s)
}

fn is_weekday(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    WEEKDAYS.iter().any(|w| {
        lower == *w || (lower.starts_with(w) && lower.ends_with("day") && lower.len() <= 9)
    })
}

fn month_number(t: &str) -> Option<u32> {
    let lower = t.to_ascii_lowercase();
    let index = MONTHS.iter().position(|m| *m == lower)?;
    u32::try_from(index + 1).ok()
}

/// An ASCII-digit number with between `min` and `max` digits.
fn small_number(t: &str, min: usize, max: usize) -> Option<u32> {
    if !(min..=max).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUN_1994: i64 = 784_111_777_000;

    #[test]
    fn three_formats() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(SUN_1994)
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(SUN_1994)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(SUN_1994));
        assert_eq!(
            parse_http_date("  sun, 06 nov 1994 08:49:37 gmt "),
            Some(SUN_1994)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tuesday, 01-Jan-30 00:00:00 GMT"),
            Some(1_893_456_000_000)
        );
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "120",
            "Sun, 06 Nov 1994",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:00 GMT",
            "Sun, 006 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 994 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "a b c d e f g h i",
        ] {
            assert_eq!(parse_http_date(s), None, "{s:?}");
        }
    }
}
