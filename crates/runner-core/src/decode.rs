//! Small tolerant readers shared by the document decoders.

use crate::json::{Number, Value};

/// Describes a JSON value's type for error messages ("a number", "an array").
pub(crate) fn type_name(v: &Value) -> &'static str {
    v.type_name()
}

/// A string, or a number rendered as text; anything else is `None`.
pub(crate) fn string_or_number(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// A trimmed, non-empty string; anything else is `None`.
pub(crate) fn non_empty_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// A non-negative integer from a number or a numeric string (fractions truncated).
pub(crate) fn lenient_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => Number::parse(s.trim())?.as_u64(),
        _ => None,
    }
}

/// A boolean from `true`/`false`, the strings `"true"`/`"false"`, or the numbers 0/1.
pub(crate) fn lenient_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) if n.is_exactly(0) => Some(false),
        Value::Number(n) if n.is_exactly(1) => Some(true),
        _ => None,
    }
}

/// Epoch milliseconds from an integer, a float, a numeric string, or an RFC 3339 timestamp.
pub(crate) fn epoch_ms(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            let s = s.trim();
            match Number::parse(s) {
                Some(n) => n.as_i64(),
                None => parse_rfc3339(s),
            }
        }
        _ => None,
    }
}

/// Parses `2015-10-15T14:32:55.778Z` / `2015-10-15 14:32:55+02:00` into epoch milliseconds.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let sep = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            if i - start < 3 {
                millis = millis * 10 + i64::from(c - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..3 {
            millis *= 10;
        }
    }
    let offset_ms = match b.get(i..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == i + 6 && sep(i + 3, b":") => {
            let mins = i64::from(num(i + 1, 2)?) * 60 + i64::from(num(i + 4, 2)?);
            if *sign == b'+' {
                mins * 60_000
            } else {
                -mins * 60_000
            }
        }
        _ => return None,
    };
    let base = crate::time::epoch_ms(i64::from(y), mo, d, h, mi, sec)?;
    Some(base + millis - offset_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn epoch_variants() {
        assert_eq!(epoch_ms(&json!(1444919575778i64)), Some(1_444_919_575_778));
        assert_eq!(epoch_ms(&json!(1444919575778.9)), Some(1_444_919_575_778));
        assert_eq!(epoch_ms(&json!(" 1444919575778 ")), Some(1_444_919_575_778));
        assert_eq!(
            epoch_ms(&json!("2015-10-15T14:32:55.778Z")),
            Some(1_444_919_575_778)
        );
        assert_eq!(
            epoch_ms(&json!("2015-10-15T16:32:55.7+02:00")),
            Some(1_444_919_575_700)
        );
        assert_eq!(
            epoch_ms(&json!("2015-10-15 14:32:55Z")),
            Some(1_444_919_575_000)
        );
        assert_eq!(epoch_ms(&json!(1e300)), None);
        assert_eq!(epoch_ms(&json!("soon")), None);
        assert_eq!(epoch_ms(&json!("2015-10-15T14:32:55")), None);
        assert_eq!(epoch_ms(&json!("2015-02-30T14:32:55Z")), None);
        assert_eq!(epoch_ms(&json!(null)), None);
    }

    #[test]
    fn lenient_readers() {
        assert_eq!(lenient_bool(&json!("TRUE")), Some(true));
        assert_eq!(lenient_bool(&json!(0)), Some(false));
        assert_eq!(lenient_bool(&json!(2)), None);
        assert_eq!(lenient_u64(&json!("12")), Some(12));
        assert_eq!(lenient_u64(&json!(-1)), None);
        assert_eq!(lenient_u64(&json!(3.0)), Some(3));
        assert_eq!(string_or_number(&json!(7)), Some("7".into()));
    }
}
