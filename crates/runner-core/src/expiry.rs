//! Validation of the stop/kill `expiryDuration` the user types (whole seconds).

/// The longest expiry the widget accepts: 24 hours.
pub const MAX_EXPIRY_SECS: u32 = 86_400;

/// Why an expiry input was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpiryError {
    /// Nothing was entered.
    Empty,
    /// Not a plain decimal number.
    NotANumber,
    /// Below zero.
    Negative,
    /// Has a non-zero fractional part.
    Fractional,
    /// More than [`MAX_EXPIRY_SECS`].
    TooLarge,
}

impl ExpiryError {
    /// The text shown next to the input.
    pub fn message(&self) -> &'static str {
        match self {
            ExpiryError::Empty => "Enter the expiry in whole seconds.",
            ExpiryError::NotANumber => "Enter a number of seconds, for example 30.",
            ExpiryError::Negative => "Expiry can't be negative.",
            ExpiryError::Fractional => "Use whole seconds (no decimals).",
            ExpiryError::TooLarge => "Expiry can be at most 86400 seconds (24 hours).",
        }
    }
}

impl std::fmt::Display for ExpiryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ExpiryError {}

/// The ASCII digit, sign or point a keyboard in another script may type instead: Arabic-Indic,
/// Persian, Devanagari, Bengali and Thai digits, and full-width digits, `+`, `-`, `.`.
fn ascii_equivalent(c: char) -> char {
    const ZEROS: [u32; 6] = [0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10];
    let code = u32::from(c);
    if let Some(zero) = ZEROS.iter().find(|z| (**z..**z + 10).contains(&code)) {
        return char::from(b'0' + (code - zero) as u8);
    }
    match c {
        '\u{FF0B}' => '+',
        '\u{FF0D}' | '\u{2212}' => '-',
        '\u{FF0E}' | '\u{066B}' => '.',
        other => other,
    }
}

/// Parses an expiry in whole seconds: trimmed, optional `+`, digits (ASCII, or another script's:
/// [`ascii_equivalent`]), optionally followed by `.` and zeros (`"5."`, `"5.0"`). `"-0"` is 0.
pub fn parse_expiry(input: &str) -> Result<u32, ExpiryError> {
    let ascii: String = input.chars().map(ascii_equivalent).collect();
    let s = ascii.trim();
    if s.is_empty() {
        return Err(ExpiryError::Empty);
    }
    let (negative, unsigned) = match (s.strip_prefix('-'), s.strip_prefix('+')) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => (false, s),
    };
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let frac = frac_part.unwrap_or("");
    if !digits(int_part) || !digits(frac) || (int_part.is_empty() && frac.is_empty()) {
        return Err(ExpiryError::NotANumber);
    }
    let significant = int_part.trim_start_matches('0');
    let is_zero = significant.is_empty() && frac.bytes().all(|b| b == b'0');
    if negative && !is_zero {
        return Err(ExpiryError::Negative);
    }
    if frac.bytes().any(|b| b != b'0') {
        return Err(ExpiryError::Fractional);
    }
    if significant.len() > 6 {
        return Err(ExpiryError::TooLarge);
    }
    let value = significant
        .bytes()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    if value > MAX_EXPIRY_SECS {
        return Err(ExpiryError::TooLarge);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExpiryError::*;

    #[test]
    fn accepted() {
        for (input, want) in [
            ("0", 0),
            ("86400", 86_400),
            (" 30 ", 30),
            ("+7", 7),
            ("007", 7),
            ("5.0", 5),
            ("5.", 5),
            ("-0", 0),
            ("0000000000000000000000086400", 86_400),
            ("\t12\n", 12),
        ] {
            assert_eq!(parse_expiry(input), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn rejected() {
        for (input, want) in [
            ("", Empty),
            ("   ", Empty),
            ("-5", Negative),
            ("-1.5", Negative),
            ("1.5", Fractional),
            (".5", Fractional),
            ("abc", NotANumber),
            ("1e3", NotANumber),
            ("0x10", NotANumber),
            ("5 s", NotANumber),
            ("+", NotANumber),
            ("-", NotANumber),
            (".", NotANumber),
            ("+-5", NotANumber),
            ("1.2.3", NotANumber),
            ("١٢x", NotANumber),
            ("５秒", NotANumber),
            ("1,000", NotANumber),
            ("86401", TooLarge),
            ("99999999999999999999999", TooLarge),
        ] {
            assert_eq!(parse_expiry(input), Err(want.clone()), "{input:?}");
        }
    }

    #[test]
    fn digits_from_other_keyboards() {
        // Arabic-Indic, Persian, Devanagari, Bengali, Thai and full-width digits and signs
        for (input, want) in [
            ("٣٠", 30),
            ("۶۰", 60),
            ("१२०", 120),
            ("৫", 5),
            ("๙๐", 90),
            ("３０", 30),
            ("＋１５", 15),
            ("３０．０", 30),
            ("٣٠٫٠", 30),
        ] {
            assert_eq!(parse_expiry(input), Ok(want), "{input:?}");
        }
        assert_eq!(parse_expiry("－５"), Err(Negative));
        assert_eq!(parse_expiry("−5"), Err(Negative));
    }

    #[test]
    fn messages() {
        assert_eq!(
            TooLarge.to_string(),
            "Expiry can be at most 86400 seconds (24 hours)."
        );
        assert_eq!(Negative.message(), "Expiry can't be negative.");
        assert_eq!(Fractional.message(), "Use whole seconds (no decimals).");
        assert_eq!(
            NotANumber.message(),
            "Enter a number of seconds, for example 30."
        );
        assert_eq!(Empty.message(), "Enter the expiry in whole seconds.");
    }
}
