//! A small, strict-enough JSON reader and writer for the Runner's documents.
//!
//! The widget used `serde_json::Value` for this; its generic machinery (and the float parsing and
//! printing it pulls in) was a large share of the wasm download, while the decoders only ever read
//! a tree of values. This module parses into such a tree in one pass, copies string runs in bulk,
//! never panics, bounds nesting (hostile input cannot exhaust the stack), and keeps numbers as their
//! literal text: the Runner's numbers are integers (timestamps, sizes, seconds), read exactly by
//! [`Number::truncated`] without any floating point.

use std::fmt;

/// Deepest nesting accepted (arrays/objects); deeper input is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Object members keep their order; a repeated key reads as its last value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number, kept as its (grammar-checked) literal text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(String);

/// The members of a JSON object, in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

/// Why a text is not JSON: what was wrong and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the input.
    pub offset: usize,
    /// What was expected or found there.
    pub what: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Parses a whole JSON text (surrounding whitespace and a leading byte-order mark allowed).
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let skipped = text.len() - body.len();
    let mut p = Parser {
        src: body,
        bytes: body.as_bytes(),
        pos: 0,
    };
    let result = p.value(0).and_then(|v| {
        p.skip_ws();
        if p.pos == p.bytes.len() {
            Ok(v)
        } else {
            Err(p.error("trailing characters"))
        }
    });
    result.map_err(|mut e| {
        e.offset += skipped;
        e
    })
}

/// Parses JSON from bytes, which must be UTF-8.
pub fn from_slice(bytes: &[u8]) -> Result<Value, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => Err(ParseError {
            offset: e.valid_up_to(),
            what: "invalid UTF-8",
        }),
    }
}

/// Appends `s` as a JSON string literal (quoted and escaped) to `out`.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escape.is_empty() {
            let code = c as u32;
            out.push_str("\\u00");
            out.push(hex_digit(code >> 4));
            out.push(hex_digit(code & 0xF));
        } else {
            out.push_str(escape);
        }
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out.push('"');
}

fn hex_digit(n: u32) -> char {
    char::from_digit(n, 16).unwrap_or('0')
}

impl Value {
    /// The member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, mutable, if this is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value's type for messages: "null", "a boolean", "a number", "a string", …
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Appends the compact JSON text of this value to `out`.
    pub fn write_to(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n.as_str()),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_to(out);
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, key);
                    out.push(':');
                    value.write_to(out);
                }
                out.push('}');
            }
        }
    }
}

/// Compact JSON text.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_to(&mut out);
        f.write_str(&out)
    }
}

impl Map {
    /// The value of `key` (the last one if the key repeats).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` to `value`, replacing an existing member of that name.
    pub fn insert(&mut self, key: String, value: Value) {
        match self.0.iter_mut().rev().find(|(k, _)| *k == key) {
            Some(member) => member.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Takes `key` out (every member of that name), returning its last value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let mut last = None;
        self.0.retain_mut(|(k, v)| {
            if k == key {
                last = Some(std::mem::replace(v, Value::Null));
                false
            } else {
                true
            }
        });
        last
    }

    /// Members in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Number of members (repeated keys counted each time).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Map(iter.into_iter().collect())
    }
}

impl Number {
    /// A number from its literal text, if the text follows the JSON number grammar.
    pub fn parse(literal: &str) -> Option<Number> {
        (number_len(literal.as_bytes()) == Some(literal.len())).then(|| Number(literal.into()))
    }

    /// The literal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value truncated toward zero, and whether it was already an integer; `None` when the
    /// integer part does not fit an `i128`.
    pub fn truncated(&self) -> Option<(i128, bool)> {
        truncate_literal(&self.0, 0)
    }

    /// The value times 10^`exp10`, truncated toward zero, and whether nothing was cut off
    /// (`scaled(3)` turns seconds into whole milliseconds).
    pub fn scaled(&self, exp10: i16) -> Option<(i128, bool)> {
        truncate_literal(&self.0, i64::from(exp10))
    }

    /// The value as a non-negative integer (fractions truncated), if it fits.
    pub fn as_u64(&self) -> Option<u64> {
        let (n, _) = self.truncated()?;
        if self.0.starts_with('-') && n == 0 && !self.is_zero() {
            return None;
        }
        u64::try_from(n).ok()
    }

    /// The value as an integer (fractions truncated toward zero), if it fits.
    pub fn as_i64(&self) -> Option<i64> {
        i64::try_from(self.truncated()?.0).ok()
    }

    /// Whether the value is exactly `n`.
    pub fn is_exactly(&self, n: i128) -> bool {
        self.truncated() == Some((n, true))
    }

    fn is_zero(&self) -> bool {
        self.is_exactly(0)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(Number(n.to_string()))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

/// Length of the JSON number at the start of `b`, if there is one.
fn number_len(b: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += digits(i),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
    }
    Some(i)
}

/// Where the first `"` or `\` of `bytes` is: the end of a string's run of plain characters.
/// Looks at 8 bytes at a time (a long host list is mostly such runs).
fn string_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    // a byte of `word` that is zero has its high bit set here; the lowest one marked is exact
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let (words, rest) = bytes.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        let word = u64::from_le_bytes(*word);
        let found = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')));
        if found != 0 {
            return Some(n * 8 + (found.trailing_zeros() / 8) as usize);
        }
    }
    let tail = words.len() * 8;
    rest.iter()
        .position(|c| *c == b'"' || *c == b'\\')
        .map(|i| tail + i)
}

/// Integer part (toward zero) of a grammar-checked literal, and whether nothing was cut off.
fn truncate_literal(lit: &str, extra_exp: i64) -> Option<(i128, bool)> {
    let b = lit.as_bytes();
    let neg = b.first() == Some(&b'-');
    let body = &b[usize::from(neg)..];
    let mantissa_end = body
        .iter()
        .position(|c| matches!(c, b'e' | b'E'))
        .unwrap_or(body.len());
    let (mantissa, exp_part) = body.split_at(mantissa_end);
    let point = mantissa
        .iter()
        .position(|c| *c == b'.')
        .unwrap_or(mantissa.len());
    let digits: Vec<u8> = mantissa
        .iter()
        .copied()
        .filter(u8::is_ascii_digit)
        .collect();
    if digits.iter().all(|d| *d == b'0') {
        return Some((0, true));
    }
    // exponent, saturated far beyond anything representable
    let exp = exp_part.get(1..).map_or(0i64, |e| {
        let (neg_e, e) = match e.first() {
            Some(b'-') => (true, &e[1..]),
            Some(b'+') => (false, &e[1..]),
            _ => (false, e),
        };
        let mag = e.iter().fold(0i64, |acc, d| {
            (acc * 10 + i64::from(d - b'0')).min(1_000_000_000_000_000)
        });
        if neg_e {
            -mag
        } else {
            mag
        }
    });
    // position of the decimal point within `digits`
    let point = i64::try_from(point).ok()? + exp + extra_exp;
    let len = i64::try_from(digits.len()).ok()?;
    if point > len + 40 {
        return None;
    }
    let mut value: i128 = 0;
    for k in 0..point.max(0) {
        let d = digits.get(usize::try_from(k).ok()?).map_or(0, |d| d - b'0');
        value = value.checked_mul(10)?.checked_add(i128::from(d))?;
    }
    let cut_from = usize::try_from(point.clamp(0, len)).ok()?;
    let exact = digits[cut_from..].iter().all(|d| *d == b'0');
    Some((if neg { -value } else { value }, exact))
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, what: &'static str) -> ParseError {
        ParseError {
            offset: self.pos,
            what,
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.skip_ws();
        match self.bytes.get(self.pos) {
            None => Err(self.error("unexpected end of input")),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(_) => {
                let len = number_len(&self.bytes[self.pos..])
                    .ok_or_else(|| self.error("expected a value"))?;
                let literal = &self.src[self.pos..self.pos + len];
                self.pos += len;
                Ok(Value::Number(Number(literal.to_string())))
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(Map(members)));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a member name"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            members.push((key, self.value(depth)?));
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(Map(members)));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    /// A string starting at the opening quote. Unpaired surrogate escapes become U+FFFD.
    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = string_stop(&self.bytes[self.pos..]).ok_or(ParseError {
                offset: self.bytes.len(),
                what: "unterminated string",
            })?;
            // both stops are ASCII, so the run ends on a character boundary
            let plain = &self.src[self.pos..self.pos + run];
            self.pos += run;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                // no escape so far (each one adds a character): one exact allocation
                if out.is_empty() {
                    return Ok(plain.to_string());
                }
                out.push_str(plain);
                return Ok(out);
            }
            out.push_str(plain);
            self.pos += 1;
            let escape = *self
                .bytes
                .get(self.pos)
                .ok_or_else(|| self.error("unterminated string"))?;
            self.pos += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let high = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&high)
                        && self.bytes[self.pos..].starts_with(b"\\u")
                    {
                        let save = self.pos;
                        self.pos += 2;
                        let low = self.hex4()?;
                        if (0xDC00..0xE000).contains(&low) {
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        } else {
                            self.pos = save;
                            None
                        }
                    } else {
                        char::from_u32(high)
                    };
                    out.push(c.unwrap_or('\u{FFFD}'));
                }
                _ => {
                    self.pos -= 1;
                    return Err(self.error("invalid escape"));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let mut n = 0;
        for d in digits {
            n = n * 16
                + char::from(*d)
                    .to_digit(16)
                    .ok_or_else(|| self.error("invalid \\u escape"))?;
        }
        self.pos += 4;
        Ok(n)
    }
}

/// `json!(…)` for tests: serde_json's macro, read back as a [`Value`].
#[cfg(test)]
macro_rules! json {
    ($($t:tt)+) => {
        $crate::json::parse(&serde_json::json!($($t)+).to_string()).expect("json! builds valid JSON")
    };
}
#[cfg(test)]
pub(crate) use json;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_stops_are_found_word_by_word_as_byte_by_byte() {
        // bytes next to the stops, their high-bit twins, and bytes that borrow across a word
        let fillers = [
            0x00, 0x01, b'!', b'#', b'[', b']', 0x80, 0xA2, 0xDC, 0xFF, b'a',
        ];
        let naive = |b: &[u8]| b.iter().position(|c| *c == b'"' || *c == b'\\');
        for len in 0..26 {
            for filler in fillers {
                let mut bytes = vec![filler; len];
                assert_eq!(string_stop(&bytes), None, "{bytes:?}");
                for at in 0..len {
                    for stop in [b'"', b'\\'] {
                        bytes[at] = stop;
                        // a second stop later on must not win
                        if at + 3 < len {
                            bytes[at + 3] = b'"';
                        }
                        assert_eq!(string_stop(&bytes), naive(&bytes), "{bytes:?}");
                        assert_eq!(string_stop(&bytes), Some(at));
                        bytes.fill(filler);
                    }
                }
            }
        }
    }

    fn num(s: &str) -> Number {
        match parse(s) {
            Ok(Value::Number(n)) => n,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn parses_documents() {
        let v = parse(
            r#" {"a": [1, -2.5e3, true, false, null, "x\"\u00e9\ud83d\ude00"], "a": {"b": {}}} "#,
        )
        .unwrap();
        assert_eq!(
            v.get("a").and_then(|a| a.get("b")),
            Some(&Value::Object(Map::default()))
        );
        let Some(Value::Object(map)) = Some(&v) else {
            panic!()
        };
        assert_eq!(map.len(), 2);
        let first = &map.iter().next().unwrap().1.as_array().unwrap()[5];
        assert_eq!(first.as_str(), Some("x\"é😀"));
        assert_eq!(parse("\u{FEFF}[]").unwrap(), Value::Array(vec![]));
    }

    #[test]
    fn rejects_what_is_not_json() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{a:1}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "\"abc",
            "\"\\x\"",
            "\"\\u12G4\"",
            "nul",
            "[] []",
            "NaN",
            "'a'",
            "{\"a\":1,}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(parse("[1 2]").unwrap_err().offset, 3);
        assert!(from_slice(b"\"\xff\"").is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep).unwrap_err().what, "nested too deeply");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        assert!(parse(&"{\"a\":".repeat(100_000)).is_err());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(parse(r#""\ud800x""#).unwrap().as_str(), Some("\u{FFFD}x"));
        assert_eq!(
            parse(r#""\udc00\u0041""#).unwrap().as_str(),
            Some("\u{FFFD}A")
        );
        assert_eq!(
            parse(r#""\ud800\u0041""#).unwrap().as_str(),
            Some("\u{FFFD}A")
        );
    }

    #[test]
    fn numbers_truncate_exactly() {
        assert_eq!(num("1444919575778").as_i64(), Some(1_444_919_575_778));
        assert_eq!(num("1444919575778.9").as_i64(), Some(1_444_919_575_778));
        assert_eq!(num("1.444919575778e12").as_i64(), Some(1_444_919_575_778));
        assert_eq!(num("-1.5").as_i64(), Some(-1));
        assert_eq!(num("-1.5").as_u64(), None);
        assert_eq!(num("-0.5").as_u64(), None);
        assert_eq!(num("-0").as_u64(), Some(0));
        assert_eq!(num("3.0").as_u64(), Some(3));
        assert_eq!(num("12e-1").as_u64(), Some(1));
        assert_eq!(num("0e999999999").as_u64(), Some(0));
        assert_eq!(num("1e300").as_i64(), None);
        assert_eq!(num("1e-300").truncated(), Some((0, false)));
        let long = format!("1{}e-2000000", "0".repeat(2_000_000));
        assert_eq!(num(&long).truncated(), Some((1, true)));
        assert_eq!(num("18446744073709551615").as_u64(), Some(u64::MAX));
        assert_eq!(num("18446744073709551616").as_u64(), None);
        assert!(num("1.0").is_exactly(1));
        assert!(!num("1.5").is_exactly(1));
        assert!(num("0.000").is_exactly(0));
        assert_eq!(
            Number::parse("12.5e+3").map(|n| n.as_u64()),
            Some(Some(12_500))
        );
        assert_eq!(num("2.5").scaled(3), Some((2500, true)));
        assert_eq!(num("0.0015").scaled(3), Some((1, false)));
        assert_eq!(num("36e2").scaled(3), Some((3_600_000, true)));
        assert_eq!(Number::parse(" 1"), None);
        assert_eq!(Number::parse("1x"), None);
    }

    #[test]
    fn writes_compact_json() {
        let text = r#"{"a":[1,-2.5e3,true,null,"q\"\\\n\u0001é"],"b":{}}"#;
        assert_eq!(parse(text).unwrap().to_string(), text);
        let mut s = String::new();
        write_string(&mut s, "O'Brien \"OB\"\t");
        assert_eq!(s, r#""O'Brien \"OB\"\t""#);
    }
}
