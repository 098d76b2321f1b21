//! Randomized no-panic runs for every decoder and parser that reads outside input, plus the
//! replay of the regression corpus in `fuzz-corpus/`.
//!
//! * `corpus_replays_without_panics` is a normal test: every `cargo test` replays each corpus
//!   file through its target, checking the expected outcome that the file name encodes.
//! * The `fuzz_*` tests are `#[ignore]`d; `scripts/fuzz` runs them in release mode. Each runs
//!   `FUZZ_CASES` inputs (default 1 000 000) from a SplitMix64 generator seeded by `FUZZ_SEED`
//!   (default: the clock; always printed), mixing structure-aware mutations of the fixtures and the
//!   corpus, plain random bytes and strings, and arbitrary `serde_json::Value` trees. Every call runs
//!   under `catch_unwind`; a panic (or a broken invariant, which is an assertion) saves the input
//!   to `fuzz-corpus/crashes/` in the corpus file format and fails the test. Each test prints
//!   `FUZZ-RESULT <target>\t<inputs>\t<panics>\t<seconds>` for the script's summary.
//!
//! Corpus layout: `fuzz-corpus/<target>/<expect>-<name>`, `<expect>` being `ok` (`Ok`/`Some`),
//! `err` (`Err`/`None`) or `any` (only "does not panic"). See `fuzz-corpus/README.md`.

// The input types are owned (`Vec<u8>`, `String`) so that one `fn(&I)` signature serves every
// target and its crash-file encoder.
#![allow(clippy::ptr_arg)]

use runner_core::*;
use serde_json::{json, Map, Value};
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// Random numbers: SplitMix64, reproducible from the printed seed.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `1/n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A length biased towards small values, sometimes large.
    fn len(&mut self, max: usize) -> usize {
        match self.below(8) {
            0..=4 => self.below(8.min(max) + 1),
            5 | 6 => self.below(64.min(max) + 1),
            _ => self.below(max + 1),
        }
    }

    /// Interesting integers: boundaries, small values and anything.
    fn int(&mut self) -> i64 {
        match self.below(6) {
            0 => *self.pick(&[
                0,
                1,
                -1,
                i64::MIN,
                i64::MAX,
                i64::from(i32::MIN),
                i64::from(u32::MAX),
                86_400,
                86_401,
                1_444_919_575_778,
                253_402_300_799_999,
                -62_167_219_200_000,
            ]),
            1 | 2 => self.below(2000) as i64 - 1000,
            3 => (self.next() >> self.below(64)) as i64,
            _ => self.next() as i64,
        }
    }

    fn float(&mut self) -> f64 {
        match self.below(4) {
            0 => *self.pick(&[
                0.0,
                -0.0,
                0.5,
                1.0,
                -1.0,
                1e300,
                -1e300,
                f64::MAX,
                f64::MIN_POSITIVE,
                5e-324,
                1.8e19,
                9.2e18,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                0.999_999_999_999,
            ]),
            1 => f64::from_bits(self.next()),
            _ => (self.next() as f64 / u64::MAX as f64) * 2.0 - 0.5,
        }
    }
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| {
            let s = s.trim();
            match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => s.parse().ok(),
            }
        })
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        })
}

fn cases() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.trim().replace('_', "").parse().ok())
        .unwrap_or(1_000_000)
}

// ---------------------------------------------------------------------------------------------
// Running one target: catch panics, save the inputs that panic, count.

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records panic messages per thread; stays silent on fuzzing threads (they report themselves).
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = format!("{payload}{location}"));
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-corpus")
}

struct Fuzz {
    target: &'static str,
    file_prefix: &'static str,
    seed: u64,
    rng: Rng,
    tried: u64,
    panics: u64,
    started: Instant,
    in_target: f64,
}

impl Fuzz {
    fn new(target: &'static str, file_prefix: &'static str) -> Fuzz {
        install_panic_hook();
        QUIET.with(|q| q.set(true));
        let base = seed();
        // Each target gets its own stream, so one target's reproduction doesn't depend on others.
        let seed = file_prefix.bytes().fold(base, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        });
        println!("[fuzz] {target}: FUZZ_SEED={base:#x} (stream {seed:#x})");
        Fuzz {
            target,
            file_prefix,
            seed,
            rng: Rng(seed),
            tried: 0,
            panics: 0,
            started: Instant::now(),
            in_target: 0.0,
        }
    }

    /// Runs `f(input)`; on a panic saves `encode(input)` to `fuzz-corpus/crashes/`.
    fn check<I>(&mut self, input: &I, encode: fn(&I) -> Vec<u8>, f: impl FnOnce(&I)) {
        self.tried += 1;
        let t = Instant::now();
        let ok = catch_unwind(AssertUnwindSafe(|| f(input))).is_ok();
        self.in_target += t.elapsed().as_secs_f64();
        if ok {
            return;
        }
        self.panics += 1;
        let message = LAST_PANIC.with(|p| p.borrow().clone());
        if self.panics <= 20 {
            let dir = corpus_dir().join("crashes");
            let name = format!(
                "{}-{:x}-{}",
                self.file_prefix,
                self.seed,
                self.tried.saturating_sub(1)
            );
            let path = dir.join(&name);
            let saved = std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&path, encode(input)))
                .map_or_else(
                    |e| format!("could not save: {e}"),
                    |()| path.display().to_string(),
                );
            eprintln!(
                "[fuzz] PANIC in {}: {message}\n[fuzz]   input: {saved}",
                self.target
            );
        }
    }

    fn finish(self) {
        let secs = self.started.elapsed().as_secs_f64();
        println!(
            "[fuzz] {}: {} inputs, {} panics in {secs:.1} s ({:.1} s in the target)",
            self.target, self.tried, self.panics, self.in_target
        );
        println!(
            "FUZZ-RESULT {}\t{}\t{}\t{secs:.1}",
            self.target, self.tried, self.panics
        );
        assert_eq!(
            self.panics, 0,
            "{}: inputs that panicked are in fuzz-corpus/crashes/",
            self.target
        );
    }
}

fn raw(b: &Vec<u8>) -> Vec<u8> {
    b.clone()
}

fn text(s: &String) -> Vec<u8> {
    s.clone().into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Seeds: the fixtures and the corpus.

fn read_dir_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (!name.starts_with('.') && name != "README.md")
                .then(|| std::fs::read(e.path()).ok().map(|b| (name, b)))
                .flatten()
        })
        .collect();
    files.sort();
    files
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    read_dir_files(&corpus_dir().join(target))
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

fn fixtures() -> Vec<Vec<u8>> {
    read_dir_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// Every JSON document we know: fixtures, both document corpora, and a few built in.
fn json_seeds() -> Vec<Vec<u8>> {
    let mut seeds = fixtures();
    seeds.extend(corpus("execution"));
    seeds.extend(corpus("page"));
    seeds.extend(corpus("server_message"));
    seeds.push(br#"{"execution_id":"e","status":"RUNNING"}"#.to_vec());
    seeds.push(br#"{"results":[]}"#.to_vec());
    seeds
}

fn text_seeds(targets: &[&str]) -> Vec<String> {
    targets
        .iter()
        .flat_map(|t| corpus(t))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Generators.

const KEYS: &[&str] = &[
    "execution_id",
    "job_id",
    "account_alias",
    "status",
    "timers",
    "start",
    "end",
    "repository_log",
    "recent_commit",
    "commit",
    "sha",
    "hash",
    "author",
    "author_name",
    "author_email",
    "email",
    "date",
    "message",
    "tags",
    "failed_hosts",
    "is_vpn_established",
    "results",
    "totalSize",
    "total_size",
    "total",
    "page",
    "size",
    "error",
    "detail",
    "error_description",
    "errorMessage",
    "id",
    "",
    "__proto__",
];

const STATUSES: &[&str] = &[
    "PENDING",
    "INITIALIZING",
    "RUNNING",
    "SUCCESS",
    "FAILURE",
    "INIT_FAILURE",
    "init-failure",
    " stopping ",
    "STOPPED",
    "KILLING",
    "KILLED",
    "PAUSED",
    "",
    "İNIT FAİLURE",
];

const FRAGMENTS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "1.7976931348623157e308",
    "18446744073709551616",
    "18446744073709551615",
    "-9223372036854775809",
    "9223372036854775807",
    "1e-400",
    "0.5",
    "1E2",
    "\"\"",
    "\" \"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\uDBFF\\uDFFF\"",
    "\"\\u202e\"",
    "\"é\"",
    "\"١٢\"",
    "[]",
    "{}",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "None",
    "True",
    "False",
    "NaN",
    "Infinity",
    "\"RUNNING\"",
    "\"2015-10-15T14:32:55.778Z\"",
    "\"2016-02-29T23:59:60.9999999999+14:00\"",
    "\"0000-01-01 00:00:00-99:99\"",
    "{\"recent_commit\":[]}",
    "{\"recent_commit\":[null]}",
    "\"{'recent_commit': [{'commit': 'abc1234', 'message': None}]}\"",
    "\"execution_id\":",
    "\"status\":",
    "\"timers\":",
    "\"results\":",
    "\"start\":",
    "\"failed_hosts\":",
    "\"repository_log\":",
    "<html>",
    "\u{feff}",
    "\u{10ffff}",
];

const CHARS: &[char] = &[
    '0',
    '1',
    '2',
    '5',
    '6',
    '9',
    ' ',
    ' ',
    '\t',
    '\n',
    '\r',
    ',',
    '-',
    '+',
    '.',
    ':',
    '/',
    '%',
    '?',
    '#',
    '~',
    '_',
    '\'',
    '"',
    '\\',
    '{',
    '}',
    '[',
    ']',
    'a',
    'e',
    'E',
    'x',
    'Z',
    'z',
    'T',
    'G',
    'M',
    'é',
    'İ',
    'ß',
    'K',
    '١',
    '５',
    '\u{3000}',
    '\u{85}',
    '\u{a0}',
    '\u{200b}',
    '\u{202e}',
    '\u{2066}',
    '\u{feff}',
    '\0',
    '\u{7f}',
    '\u{1b}',
    '\u{301}',
    '\u{10ffff}',
    '😀',
    '…',
    '’',
];

fn random_char(rng: &mut Rng) -> char {
    match rng.below(4) {
        0 => char::from_u32(rng.next() as u32 % 0x11_0000).unwrap_or('\u{fffd}'),
        1 => char::from(0x20 + rng.below(0x5f) as u8),
        _ => *rng.pick(CHARS),
    }
}

fn random_string(rng: &mut Rng, max: usize) -> String {
    let n = rng.len(max);
    (0..n).map(|_| random_char(rng)).collect()
}

fn random_bytes(rng: &mut Rng, max: usize) -> Vec<u8> {
    let n = rng.len(max);
    (0..n).map(|_| rng.next() as u8).collect()
}

/// An RFC 3339-ish timestamp with every part possibly out of range or malformed.
fn timestamp(rng: &mut Rng) -> String {
    let num = |rng: &mut Rng, width: usize, max: u64| {
        let v = if rng.one_in(4) {
            rng.next() % 10u64.pow(width as u32)
        } else {
            rng.next() % (max + 1)
        };
        format!("{v:0width$}")
    };
    let mut s = format!(
        "{}-{}-{}{}{}:{}:{}",
        num(rng, 4, 9999),
        num(rng, 2, 13),
        num(rng, 2, 32),
        rng.pick(&["T", "t", " ", "_"]),
        num(rng, 2, 24),
        num(rng, 2, 60),
        num(rng, 2, 61),
    );
    if rng.one_in(2) {
        s.push('.');
        let n = rng.len(30);
        s.extend((0..n).map(|_| char::from(b'0' + rng.below(10) as u8)));
    }
    match rng.below(5) {
        0 => s.push_str(rng.pick::<&str>(&["Z", "z", "", "GMT", "+", "+00:0"])),
        1 | 2 => {
            s.push(*rng.pick(&['+', '-']));
            s.push_str(&num(rng, 2, 99));
            s.push(*rng.pick(&[':', ':', '-', '.']));
            s.push_str(&num(rng, 2, 99));
        }
        _ => s.push('Z'),
    }
    if rng.one_in(8) {
        mutate_text(rng, &mut s);
    }
    s
}

/// A repository log in one of the documented shapes: single-quoted pseudo-JSON, a SHA, a commit.
fn repository_log(rng: &mut Rng) -> Value {
    let commit = json!({
        "commit": if rng.one_in(3) { json!(random_string(rng, 50)) } else { json!("b087e1a44c79d0576d7cccd249d3e71a3c54fe12") },
        "author": if rng.one_in(3) { Value::Null } else { json!("O'Brien \"OB\"") },
        "date": "Wed Sep 16 16:27:20 2015 -0500",
        "message": if rng.one_in(2) { json!(random_string(rng, 30)) } else { json!("Don't 'panic'") },
    });
    match rng.below(6) {
        0 => {
            let sha_len = rng.below(45);
            let sha: String = (0..sha_len)
                .map(|_| *rng.pick(&['a', 'f', '0', '9', 'g', 'A', ' ']))
                .collect();
            json!(sha)
        }
        1 => json!({"recent_commit": [commit], "tags": []}),
        2 => json!({"recent_commit": commit}),
        _ => {
            let doc = json!({"recent_commit": [commit], "tags": []});
            let mut s = if rng.one_in(2) {
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            } else {
                doc.to_string()
            };
            // Python-style rewrites: some double quotes become single, literals capitalized,
            // escapes that only make sense inside single quotes.
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                match c {
                    '"' if !rng.one_in(4) => out.push('\''),
                    '\'' if rng.one_in(2) => out.push_str("\\'"),
                    c => out.push(c),
                }
            }
            s = out
                .replace("null", if rng.one_in(2) { "None" } else { "null" })
                .replace("true", "True");
            if rng.one_in(2) {
                mutate_text(rng, &mut s);
            }
            json!(s)
        }
    }
}

fn random_leaf(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => json!(rng.int()),
        3 => json!(rng.next()),
        4 => serde_json::Number::from_f64(rng.float()).map_or(Value::Null, Value::Number),
        5 => json!(rng.pick(STATUSES)),
        6 => json!(timestamp(rng)),
        7 => repository_log(rng),
        8 => json!(rng.int().to_string()),
        9 => json!(format!("{}", rng.float())),
        10 => json!(" ".repeat(rng.len(5))),
        // Now and then a long string (sanitizing, truncation, pseudo-JSON scanning).
        11 if rng.one_in(32) => json!(random_string(rng, 10_000)),
        _ => json!(random_string(rng, 40)),
    }
}

/// An arbitrary `Value` tree whose keys are mostly the ones the decoders look at.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.one_in(3) {
        return random_leaf(rng);
    }
    if rng.one_in(2) {
        let n = rng.len(6);
        Value::Array((0..n).map(|_| random_value(rng, depth - 1)).collect())
    } else {
        let n = rng.len(6);
        let mut map = Map::new();
        for _ in 0..n {
            let key = if rng.one_in(6) {
                random_string(rng, 10)
            } else {
                rng.pick(KEYS).to_string()
            };
            map.insert(key, random_value(rng, depth - 1));
        }
        Value::Object(map)
    }
}

/// A plausible execution document with random values in its fields.
fn random_execution(rng: &mut Rng) -> Value {
    let mut map = Map::new();
    let mut maybe = |rng: &mut Rng, key: &str, v: Value| {
        if !rng.one_in(6) {
            map.insert(key.to_string(), v);
        }
    };
    let id = if rng.one_in(3) {
        random_leaf(rng)
    } else {
        json!(format!("e-{}", rng.below(1000)))
    };
    maybe(rng, "execution_id", id);
    let status = if rng.one_in(4) {
        random_leaf(rng)
    } else {
        json!(rng.pick(STATUSES))
    };
    maybe(rng, "status", status);
    let n = rng.len(6);
    let timers: Vec<Value> = (0..n)
        .map(|_| {
            if rng.one_in(5) {
                random_leaf(rng)
            } else {
                let t = |rng: &mut Rng| match rng.below(4) {
                    0 => json!(timestamp(rng)),
                    1 => random_leaf(rng),
                    _ => json!(rng.int()),
                };
                json!({"start": t(rng), "end": t(rng)})
            }
        })
        .collect();
    let timers = if rng.one_in(5) {
        random_leaf(rng)
    } else {
        Value::Array(timers)
    };
    maybe(rng, "timers", timers);
    let start = json!(rng.int());
    maybe(rng, "start", start);
    let log = repository_log(rng);
    maybe(rng, "repository_log", log);
    let hosts = if rng.one_in(2) {
        random_value(rng, 2)
    } else {
        json!(["web1", 0, null])
    };
    maybe(rng, "failed_hosts", hosts);
    let vpn = random_leaf(rng);
    maybe(rng, "is_vpn_established", vpn);
    let job = random_leaf(rng);
    maybe(rng, "job_id", job);
    Value::Object(map)
}

/// `{key: v}` without `json!`, which would re-serialize `v` (quadratic when nesting deeply).
fn object(key: &str, v: Value) -> Value {
    Value::Object(Map::from_iter([(key.to_string(), v)]))
}

/// Applies one structural change somewhere in `v`.
fn mutate_value(rng: &mut Rng, v: &mut Value) {
    // Walk down to a random node.
    let descend = !rng.one_in(3);
    match v {
        Value::Array(items) if descend && !items.is_empty() => {
            let i = rng.below(items.len());
            return mutate_value(rng, &mut items[i]);
        }
        Value::Object(map) if descend && !map.is_empty() => {
            let i = rng.below(map.len());
            if let Some((_, child)) = map.iter_mut().nth(i) {
                return mutate_value(rng, child);
            }
        }
        _ => {}
    }
    match rng.below(12) {
        0 => *v = random_leaf(rng),
        1 => *v = random_value(rng, 3),
        // Type swaps.
        2 => {
            *v = match v.take() {
                Value::String(s) => s
                    .trim()
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::Array(vec![Value::String(s)])),
                Value::Number(n) => Value::String(n.to_string()),
                Value::Bool(b) => json!(u8::from(b)),
                Value::Null => json!({}),
                Value::Array(mut items) => items.pop().unwrap_or(Value::Null),
                Value::Object(map) => Value::Array(map.into_iter().map(|(_, v)| v).collect()),
            }
        }
        3 => *v = Value::String(v.to_string()),
        4 => *v = Value::Array(vec![v.take()]),
        5 => *v = object(rng.pick::<&str>(KEYS), v.take()),
        // Deep nesting (the serializer and parser must cope; serde_json stops at 128).
        6 => {
            let depth = rng.below(200);
            for _ in 0..depth {
                *v = if rng.one_in(2) {
                    Value::Array(vec![v.take()])
                } else {
                    object("recent_commit", v.take())
                };
            }
        }
        7 => match v {
            Value::Object(map) if !map.is_empty() => {
                let i = rng.below(map.len());
                let key = map.keys().nth(i).cloned().unwrap_or_default();
                map.remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                items.remove(i);
            }
            _ => *v = Value::Null,
        },
        8 => match v {
            Value::Object(map) => {
                map.insert(rng.pick(KEYS).to_string(), random_value(rng, 2));
            }
            Value::Array(items) => {
                let n = rng.len(300);
                let item = random_value(rng, 2);
                items.extend(std::iter::repeat_n(item, n));
            }
            _ => *v = random_execution(rng),
        },
        9 => *v = json!(timestamp(rng)),
        10 => *v = repository_log(rng),
        _ => {
            if let Value::String(s) = v {
                mutate_text(rng, s);
            } else {
                *v = json!(rng.pick(FRAGMENTS));
            }
        }
    }
}

/// Applies 1..=4 character-level edits.
fn mutate_text(rng: &mut Rng, s: &mut String) {
    for _ in 0..=rng.below(4) {
        let mut chars: Vec<char> = s.chars().collect();
        let at = rng.below(chars.len() + 1);
        match rng.below(8) {
            0 | 1 => chars.insert(at, random_char(rng)),
            2 if at < chars.len() => {
                chars.remove(at);
            }
            3 if at < chars.len() => chars[at] = random_char(rng),
            4 => chars.truncate(at),
            5 => {
                let n = rng.len(2000);
                let c = random_char(rng);
                chars.splice(at..at, std::iter::repeat_n(c, n));
            }
            6 => {
                let frag: Vec<char> = rng.pick(FRAGMENTS).chars().collect();
                chars.splice(at..at, frag);
            }
            _ if !chars.is_empty() => {
                let from = rng.below(chars.len());
                let to = (from + rng.len(16)).min(chars.len());
                let copy: Vec<char> = chars[from..to].to_vec();
                chars.splice(at..at, copy);
            }
            _ => chars.push(random_char(rng)),
        }
        *s = chars.into_iter().collect();
    }
}

/// Applies 1..=8 byte-level edits; `others` are spliced in.
fn mutate_bytes(rng: &mut Rng, b: &mut Vec<u8>, others: &[Vec<u8>]) {
    const BYTES: &[u8] =
        b"\0\x7f\x80\xbf\xc0\xc3\xe2\xed\xf0\xf4\xff\"'\\{}[],: \n\t0123456789-+.eEnutfl";
    for _ in 0..=rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(11) {
            0 if at < b.len() => b[at] ^= 1 << rng.below(8),
            1 if at < b.len() => b[at] = *rng.pick(BYTES),
            2 if at < b.len() => {
                let to = (at + rng.len(32)).min(b.len());
                b.drain(at..to);
            }
            3 => {
                let extra = random_bytes(rng, 16);
                b.splice(at..at, extra);
            }
            4 => {
                let frag = rng.pick(FRAGMENTS).as_bytes().to_vec();
                b.splice(at..at, frag);
            }
            5 if at < b.len() => {
                let to = (at + rng.len(64)).min(b.len());
                let copy = b[at..to].to_vec();
                let dest = rng.below(b.len() + 1);
                b.splice(dest..dest, copy);
            }
            6 => b.truncate(at),
            7 if !others.is_empty() => {
                let other = rng.pick(others);
                let from = rng.below(other.len() + 1);
                b.truncate(at);
                b.extend_from_slice(&other[from..]);
            }
            // A huge number where a digit is.
            8 => {
                if let Some(i) = (0..b.len())
                    .map(|k| (at + k) % b.len())
                    .find(|&i| b[i].is_ascii_digit())
                {
                    let n = rng.len(400);
                    b.splice(i..i, std::iter::repeat_n(b'9', n));
                }
            }
            // Deep nesting, balanced or not.
            9 => {
                let depth = rng.len(5000);
                let open = if rng.one_in(2) { b'[' } else { b'{' };
                b.splice(at..at, std::iter::repeat_n(open, depth));
                if open == b'[' && rng.one_in(2) {
                    let at = rng.below(b.len() + 1);
                    b.splice(at..at, std::iter::repeat_n(b']', depth));
                }
            }
            _ => {
                let s = random_string(rng, 8);
                b.splice(at..at, s.into_bytes());
            }
        }
    }
}

fn serialize(rng: &mut Rng, v: &Value) -> Vec<u8> {
    if rng.one_in(4) {
        serde_json::to_vec_pretty(v).unwrap_or_default()
    } else {
        serde_json::to_vec(v).unwrap_or_default()
    }
}

/// One document input: structure-aware (value mutations of a seed), byte mutations of a seed,
/// an arbitrary value tree, or plain random bytes.
fn json_input(rng: &mut Rng, seeds: &[Vec<u8>], parsed: &[Value], page: bool) -> Vec<u8> {
    match rng.below(10) {
        0..=3 => {
            let mut v = rng.pick(parsed).clone();
            if page && rng.one_in(3) {
                let n = rng.len(20);
                let results: Vec<Value> = (0..n).map(|_| random_execution(rng)).collect();
                v = json!({"totalSize": random_leaf(rng), "page": rng.int(), "size": rng.int(), "results": results});
            }
            for _ in 0..=rng.below(4) {
                mutate_value(rng, &mut v);
            }
            let mut b = serialize(rng, &v);
            if rng.one_in(4) {
                mutate_bytes(rng, &mut b, seeds);
            }
            b
        }
        4..=6 => {
            let mut b = rng.pick(seeds).clone();
            mutate_bytes(rng, &mut b, seeds);
            b
        }
        7 => {
            let v = if rng.one_in(2) {
                random_execution(rng)
            } else {
                random_value(rng, 5)
            };
            let v = if page && rng.one_in(2) {
                json!({"results": [v], "size": random_leaf(rng)})
            } else {
                v
            };
            serialize(rng, &v)
        }
        8 => random_string(rng, 300).into_bytes(),
        _ => random_bytes(rng, 300),
    }
}

fn parsed_seeds(seeds: &[Vec<u8>]) -> Vec<Value> {
    let mut parsed: Vec<Value> = seeds
        .iter()
        .filter_map(|b| serde_json::from_slice(b).ok())
        .collect();
    parsed.push(json!({"execution_id": "e", "status": "RUNNING"}));
    parsed
}

// ---------------------------------------------------------------------------------------------
// The checks: call the target and assert its invariants (a broken invariant counts as a panic).

fn check_execution(e: &Execution) {
    assert!(!e.execution_id.trim().is_empty(), "empty id accepted");
    assert!(e.timers.windows(2).all(|w| w[0].start <= w[1].start));
    for now in [i64::MIN, 0, i64::MAX] {
        assert!(e.total_run_ms(now) >= 0);
        let _ = format_duration(e.total_run_ms(now));
    }
    for t in &e.timers {
        let _ = (format_utc(t.start), t.end.map(format_utc), t.is_open());
    }
    let _ = (e.current_timer(), e.status.as_str(), e.status.is_terminal());
    if let RepositoryLog::Commit(c) = &e.repository_log {
        assert!(c.short_sha().is_none_or(|s| s.chars().count() <= 7));
    }
}

fn execution_target(bytes: &Vec<u8>) {
    let result = Execution::from_slice(bytes);
    match runner_core::json::from_slice(bytes) {
        Ok(value) => assert_eq!(
            Execution::from_value(&value),
            result,
            "slice and value differ"
        ),
        Err(_) => {
            assert_eq!(result.as_ref().map_err(|e| e.path.as_str()), Err("$"));
            // differential: what serde_json accepts, runner_core::json accepts too
            assert!(
                serde_json::from_slice::<Value>(bytes).is_err(),
                "serde_json accepts what runner_core::json rejects"
            );
        }
    }
    match &result {
        Ok(e) => check_execution(e),
        Err(e) => assert!(e.path.starts_with('$') && !e.to_string().is_empty()),
    }
}

fn page_target(bytes: &Vec<u8>) {
    let (requested_page, requested_size) = match bytes.len() % 4 {
        0 => (0, PAGE_SIZE),
        1 => (u32::MAX, 0),
        2 => (7, u32::MAX),
        _ => (3, 1),
    };
    let Ok(p) = ExecutionPage::from_slice(bytes, requested_page, requested_size) else {
        return;
    };
    for entry in &p.entries {
        if let Ok(e) = &entry.execution() {
            check_execution(e);
            assert_eq!(entry.id.as_deref(), Some(e.execution_id.as_str()));
            assert!(p.find(&e.execution_id).is_some());
        }
    }
    let has_next = p.has_next();
    if let Some(count) = p.page_count().filter(|c| *c < u32::MAX) {
        let expected = !p.entries.is_empty() && u64::from(p.page) + 1 < u64::from(count);
        assert_eq!(has_next, expected, "has_next disagrees with page_count");
    }
    let order: Vec<u32> = search_order(Some(p.page), p.page_count()).collect();
    assert!(order.len() <= 1000);
}

fn expiry_target(s: &String) {
    match parse_expiry(s) {
        Ok(n) => {
            assert!(n <= MAX_EXPIRY_SECS);
            assert_eq!(parse_expiry(&n.to_string()), Ok(n));
        }
        Err(e) => assert!(!e.message().is_empty()),
    }
}

fn retry_after_target(s: &String) {
    let now = (s.len() as i64).wrapping_mul(0x9E37_79B9) ^ 784_111_777_000;
    for now in [now, i64::MIN, 0, i64::MAX] {
        if let Some(ms) = parse_retry_after(s, now) {
            assert!(ms <= 86_400_000, "{ms}");
        }
    }
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        assert!(parse_retry_after(s, 0).is_some(), "digits must be accepted");
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn http_date_target(s: &String) {
    let Some(ms) = parse_http_date(s) else {
        return;
    };
    assert!((-62_167_219_200_000..=253_402_300_799_999 + 1000).contains(&ms));
    // Round trip through the IMF-fixdate form of the same instant.
    let f = format_utc(ms); // "YYYY-MM-DD HH:MM:SS UTC"
    let month: usize = f[5..7].parse().unwrap_or(1);
    let imf = format!(
        "Sun, {} {} {} {} GMT",
        &f[8..10],
        MONTHS[month - 1],
        &f[0..4],
        &f[11..19]
    );
    if ms <= 253_402_300_799_999 {
        assert_eq!(parse_http_date(&imf), Some(ms), "{imf}");
    }
}

fn check_api_error(e: &ApiError) {
    let m = e.message();
    assert!(!m.trim().is_empty());
    assert!(m.chars().count() <= 300, "message too long: {}", m.len());
    assert!(
        !m.chars()
            .any(|c| c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "unsafe character in {m:?}"
    );
    assert_eq!(e.to_string(), m);
    let _ = (e.is_retryable(), e.status(), e.retry_after_ms());
}

#[derive(Debug)]
struct Classify {
    status: u16,
    now: i64,
    retry_after: Option<String>,
    body: Vec<u8>,
}

fn escape_line(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}

/// Corpus form: `STATUS NOW_MS\n` + Retry-After (escaped; `~none~` for no header) + `\n` + body.
fn encode_classify(c: &Classify) -> Vec<u8> {
    let retry = c
        .retry_after
        .as_deref()
        .map_or("~none~".to_string(), escape_line);
    let mut out = format!("{} {}\n{retry}\n", c.status, c.now).into_bytes();
    out.extend_from_slice(&c.body);
    out
}

fn decode_classify(b: &[u8]) -> Option<Classify> {
    let first = b.iter().position(|&c| c == b'\n')?;
    let second = first + 1 + b[first + 1..].iter().position(|&c| c == b'\n')?;
    let head = std::str::from_utf8(&b[..first]).ok()?;
    let (status, now) = head.trim().split_once(' ')?;
    let retry = std::str::from_utf8(&b[first + 1..second]).ok()?;
    Some(Classify {
        status: status.parse().ok()?,
        now: now.parse().ok()?,
        retry_after: (retry != "~none~").then(|| unescape_line(retry)),
        body: b[second + 1..].to_vec(),
    })
}

fn classify_target(c: &Classify) {
    let result = classify_response(c.status, &c.body, c.retry_after.as_deref(), c.now);
    assert_eq!(result.is_ok(), (200..=299).contains(&c.status));
    if let Err(e) = &result {
        check_api_error(e);
        assert!(e.retry_after_ms().is_none_or(|ms| ms <= 86_400_000));
        assert_eq!(
            e.status(),
            match c.status {
                0 | 409 => None,
                400 => e.status(), // 400 or NotRunning
                s => Some(s),
            }
        );
    }
    // The variants built from text the page or server controls.
    // (Capped: past a few thousand characters, longer text only costs time.)
    let text: String = String::from_utf8_lossy(&c.body)
        .chars()
        .take(2000)
        .collect();
    for e in [
        ApiError::TokenProvider {
            message: text.clone(),
        },
        ApiError::BadRequest {
            message: Some(text.clone()),
        },
        ApiError::Server {
            status: c.status,
            message: Some(text.clone()),
        },
        ApiError::Http {
            status: c.status,
            message: Some(text),
        },
        ApiError::RateLimited {
            retry_after_ms: c.retry_after.as_deref().and_then(|r| r.trim().parse().ok()),
        },
        ApiError::Network {
            detail: String::from_utf8_lossy(&c.body).into_owned(),
        },
        ApiError::Decode(DecodeError::new("$", "x")),
    ] {
        check_api_error(&e);
    }
}

fn server_message_target(body: &Vec<u8>) {
    if let Some(m) = server_message(body) {
        assert!(!m.is_empty() && m == m.trim(), "{m:?}");
        assert!(m.chars().count() <= 200);
        assert!(!m.contains("  "));
        assert!(!m.chars().any(char::is_control));
    }
}

fn encode_segment_target(s: &String) {
    let enc = encode_segment(s);
    let b = enc.as_bytes();
    let mut decoded = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            assert!(i + 3 <= b.len(), "dangling % in {enc}");
            let hex = &enc[i + 1..i + 3];
            assert!(hex
                .bytes()
                .all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(&h)));
            decoded.push(u8::from_str_radix(hex, 16).unwrap_or(0));
            i += 3;
        } else {
            assert!(
                b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_' | b'~'),
                "reserved byte {:#x} in {enc}",
                b[i]
            );
            decoded.push(b[i]);
            i += 1;
        }
    }
    assert_eq!(decoded, s.as_bytes(), "does not round-trip");
    assert!(enc != "." && enc != "..");
    assert_eq!(
        JobRef::new("", "acct", "job").stop_url(s),
        format!("/jobs/acct/job/executions/{enc}/stop")
    );
}

#[derive(Debug)]
struct Poll {
    input: PollInput,
    jitter: f64,
}

/// Corpus form, one line: `status since errors retry_after visible interval jitter [lasting [pending]]`
/// (`-` for `None`; status as wire text; jitter as a float or `bits:0x…`; `lasting` and
/// `pending` (outcome_pending) absent = false).
fn encode_poll(p: &Poll) -> Vec<u8> {
    let opt = |v: Option<u64>| v.map_or("-".to_string(), |n| n.to_string());
    let i = &p.input;
    format!(
        "{} {} {} {} {} {} bits:{:#x} {} {}",
        i.status.as_ref().map_or("-", Status::as_str),
        opt(i.since_user_action_ms),
        i.consecutive_errors,
        opt(i.retry_after_ms),
        i.visible,
        i.interval_ms,
        p.jitter.to_bits(),
        i.lasting_error,
        i.outcome_pending
    )
    .into_bytes()
}

fn decode_poll(b: &[u8]) -> Option<Poll> {
    let text = std::str::from_utf8(b).ok()?;
    let f: Vec<&str> = text.split_whitespace().collect();
    let (fields, lasting, pending) = match f.as_slice() {
        [rest @ .., lasting, pending] if rest.len() == 7 => {
            (rest, lasting.parse().ok()?, pending.parse().ok()?)
        }
        [rest @ .., lasting] if rest.len() == 7 => (rest, lasting.parse().ok()?, false),
        rest => (rest, false, false),
    };
    let [status, since, errors, retry, visible, interval, jitter] = fields else {
        return None;
    };
    let opt = |s: &str| {
        if s == "-" {
            Some(None)
        } else {
            s.parse().ok().map(Some)
        }
    };
    Some(Poll {
        input: PollInput {
            status: (*status != "-").then(|| Status::parse(status)),
            since_user_action_ms: opt(since)?,
            consecutive_errors: errors.parse().ok()?,
            retry_after_ms: opt(retry)?,
            lasting_error: lasting,
            outcome_pending: pending,
            visible: visible.parse().ok()?,
            interval_ms: interval.parse().ok()?,
        },
        jitter: match jitter.strip_prefix("bits:0x") {
            Some(hex) => f64::from_bits(u64::from_str_radix(hex, 16).ok()?),
            None => jitter.parse().ok()?,
        },
    })
}

fn poll_target(p: &Poll) {
    let i = &p.input;
    let decision = next_poll(i, p.jitter);
    assert_eq!(next_poll(i, p.jitter), decision, "not deterministic");
    // a terminal status ends polling, unless the user's action was just sent from it
    let terminal = i.status.as_ref().is_some_and(Status::is_terminal) && !awaits_outcome(i);
    let retry = i.retry_after_ms.unwrap_or(0).min(3_600_000);
    if awaits_outcome(i) && i.visible && i.consecutive_errors == 0 {
        assert_eq!(decision, PollDecision::After(1_000u64.max(retry)));
    }
    match decision {
        PollDecision::Paused => assert!(!i.visible),
        PollDecision::Done => assert!(i.visible && terminal && i.consecutive_errors == 0),
        PollDecision::After(ms) => {
            assert!(i.visible && !(terminal && i.consecutive_errors == 0));
            assert!(ms >= 250 && ms >= retry, "{ms}");
            if i.consecutive_errors > 0 {
                let cap = if i.lasting_error {
                    LASTING_BACKOFF_CAP_MS
                } else {
                    BACKOFF_CAP_MS
                };
                assert!(ms <= cap.max(retry), "{ms}");
            } else {
                assert!((1_000..=3_600_000).contains(&ms), "{ms}");
            }
        }
    }
}

fn random_poll(rng: &mut Rng) -> Poll {
    let opt_u64 = |rng: &mut Rng| match rng.below(4) {
        0 => None,
        1 => Some(*rng.pick(&[0, 1, 29_999, 30_000, 3_600_000, 3_600_001, u64::MAX])),
        _ => Some(rng.int() as u64 >> rng.below(64)),
    };
    let status = match rng.below(5) {
        0 => None,
        1 => Some(Status::parse(&random_string(rng, 10))),
        _ => Some(rng.pick(&Status::ALL).clone()),
    };
    let errors = match rng.below(4) {
        0 => 0,
        1 => rng.below(40) as u32,
        _ => rng.next() as u32 >> rng.below(32),
    };
    Poll {
        input: PollInput {
            status,
            since_user_action_ms: opt_u64(rng),
            consecutive_errors: errors,
            retry_after_ms: opt_u64(rng),
            lasting_error: rng.one_in(3),
            outcome_pending: rng.one_in(3),
            visible: !rng.one_in(4),
            interval_ms: opt_u64(rng).unwrap_or(5_000),
        },
        jitter: rng.float(),
    }
}

// ---------------------------------------------------------------------------------------------
// Text inputs for the small parsers.

fn expiry_input(rng: &mut Rng, seeds: &[String]) -> String {
    match rng.below(8) {
        0..=2 => {
            let mut s = String::new();
            s.push_str(rng.pick::<&str>(&["", " ", "\t", "\u{3000}", "\n"]));
            s.push_str(rng.pick::<&str>(&["", "", "+", "-", "--", "+-"]));
            let n = rng.len(40);
            s.extend((0..n).map(|_| char::from(b'0' + rng.below(10) as u8)));
            if rng.one_in(2) {
                s.push('.');
                let n = rng.len(30);
                s.extend((0..n).map(|_| if rng.one_in(4) { '5' } else { '0' }));
            }
            s.push_str(rng.pick::<&str>(&["", " ", "s", "\u{a0}"]));
            if rng.one_in(4) {
                mutate_text(rng, &mut s);
            }
            s
        }
        3 => (rng.int() as u32 % 200_000).to_string(),
        4..=5 => {
            let mut s = rng.pick(seeds).clone();
            mutate_text(rng, &mut s);
            s
        }
        _ => random_string(rng, 60),
    }
}

fn http_date_input(rng: &mut Rng, seeds: &[String]) -> String {
    const DAYS: &[&str] = &[
        "Sun",
        "Mon",
        "tue",
        "Wednesday",
        "Thursday",
        "FRIDAY",
        "Satday",
        "sunday",
        "Fooday",
    ];
    match rng.below(8) {
        0..=3 => {
            let day = format!("{:0w$}", rng.below(40), w = rng.below(4));
            let month = if rng.one_in(8) {
                random_string(rng, 4)
            } else {
                rng.pick(&MONTHS).to_string()
            };
            let year = match rng.below(4) {
                0 => format!("{:02}", rng.below(100)),
                1 => rng.below(100_000).to_string(),
                _ => format!("{:04}", rng.below(10_000)),
            };
            let time = format!(
                "{:02}:{:02}:{:02}{}",
                rng.below(26),
                rng.below(62),
                rng.below(62),
                rng.pick(&["", "", ":00", ".5"])
            );
            let weekday = rng.pick(DAYS).to_string();
            let zone = rng.pick(&["GMT", "gmt", "UTC", "Z", "+0000", "", "-0500", "GMT GMT"]);
            let mut s = match rng.below(4) {
                0 => format!("{weekday}, {day} {month} {year} {time} {zone}"),
                1 => format!("{weekday}, {day}-{month}-{year} {time} {zone}"),
                2 => format!("{weekday} {month} {day:>2} {time} {year}"),
                _ => {
                    let mut parts = [weekday, day, month, year, time, zone.to_string()];
                    for k in (1..parts.len()).rev() {
                        parts.swap(k, rng.below(k + 1));
                    }
                    let seps = [" ", ",", "-", ", ", "  ", "\t"];
                    parts
                        .iter()
                        .map(|p| format!("{p}{}", rng.pick(&seps)))
                        .collect()
                }
            };
            if rng.one_in(4) {
                mutate_text(rng, &mut s);
            }
            s
        }
        4..=5 => {
            let mut s = rng.pick(seeds).clone();
            mutate_text(rng, &mut s);
            s
        }
        _ => random_string(rng, 60),
    }
}

fn retry_after_input(rng: &mut Rng, seeds: &[String]) -> String {
    match rng.below(4) {
        0 => {
            let n = rng.len(40);
            let mut s: String = (0..n)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            if rng.one_in(3) {
                mutate_text(rng, &mut s);
            }
            s
        }
        1 => rng.int().to_string(),
        _ => http_date_input(rng, seeds),
    }
}

fn segment_input(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => rng
            .pick(&[".", "..", "../../x", "a/b", "%2F", "a?b=1#f", "", "é", "\0"])
            .to_string(),
        1 => {
            let n = rng.len(50);
            (0..n).map(|_| char::from(rng.below(128) as u8)).collect()
        }
        _ => random_string(rng, 200),
    }
}

/// API/login bases: schemes, loopback and remote hosts, look-alikes, user-info, ports and paths,
/// then text mutations.
fn base_input(rng: &mut Rng) -> String {
    let scheme = *rng.pick(&[
        "https://",
        "http://",
        "HTTP://",
        "ftp://",
        "//",
        "/",
        "",
        "https:\\\\",
        "\\\\",
        "/\\",
        "javascript:",
    ]);
    let user = *rng.pick(&["", "", "", "user:s3cret@", "@", "127.0.0.1@", "a@b@"]);
    let host = *rng.pick(&[
        "localhost",
        "LocalHost",
        "runner.localhost",
        "localhost.",
        "localhost.evil.example",
        "127.0.0.1",
        "127.255.255.254",
        "127.0.0.1.nip.io",
        "127.0.0.256",
        "127.1",
        "0x7f.0.0.1",
        "[::1]",
        "[::1].x",
        "[::ffff:127.0.0.1]",
        "[::2]",
        "api.runner.example",
        "10.0.0.7",
        "",
        "ünï.example",
        "a b",
    ]);
    let port = *rng.pick(&["", "", ":8081", ":", ":99999", ":abc"]);
    let path = *rng.pick(&["", "/", "/api", "/a/b/", "?q=1", "#f", "/x@y", "//", " "]);
    let mut s = format!("{scheme}{user}{host}{port}{path}");
    if rng.one_in(2) {
        mutate_text(rng, &mut s);
    }
    s
}

/// `parse_base` never panics; what it accepts is a path, https, or http to this computer, with no
/// user-info; its messages never show a password.
fn base_target(s: &String) {
    match parse_base("apiBase", Some(s)) {
        Ok(base) => {
            assert!(!base.starts_with("//"), "{base}");
            if let Some(rest) = base.strip_prefix("http://") {
                let authority = rest.split('/').next().unwrap_or("");
                let host = match authority.strip_prefix('[') {
                    Some(v6) => format!("[{}]", v6.split(']').next().unwrap_or("")),
                    None => authority
                        .split(':')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                };
                assert!(
                    host == "localhost"
                        || host.ends_with(".localhost")
                        || host.starts_with("127.")
                        || host == "[::1]",
                    "cleartext to another computer: {base}"
                );
            } else if let Some(rest) = base.strip_prefix("https://") {
                assert!(
                    !rest.split('/').next().unwrap_or("").contains('@'),
                    "{base}"
                );
            } else {
                assert!(base.is_empty() || base.starts_with('/'), "{base}");
            }
        }
        Err(message) => {
            let s = s.trim().trim_end_matches('/'); // as parse_base reads it
                                                    // the authority as browsers read it: after `scheme:` and any `/` or `\\`, up to the next
                                                    // `/`, `\\`, `?` or `#` (a value without a scheme is a path, with no user-info)
            let after_scheme = match s
                .find([':', '/', '\\', '?', '#'])
                .filter(|&i| s[i..].starts_with(':'))
            {
                Some(colon) => colon + 1,
                // `//host` names a host without a scheme
                None if s.starts_with(['/', '\\']) && s[1..].starts_with(['/', '\\']) => 0,
                None => return,
            };
            let rest = s[after_scheme..].trim_start_matches(['/', '\\']);
            let start = s.len() - rest.len();
            let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
            if let Some(at) = authority.rfind('@') {
                // the value as far as its user-info, which the message must not repeat
                let raw = &s[..start + at + 1];
                let quoted = message.split_once("not “").map_or("", |(_, q)| q);
                if &s[start..start + at] != "…" {
                    assert!(!quoted.starts_with(raw), "{message}");
                }
                assert!(
                    quoted.starts_with(&format!("{}…@", &s[..start])),
                    "{message}"
                );
            }
        }
    }
}

fn server_body_input(rng: &mut Rng, seeds: &[Vec<u8>], parsed: &[Value]) -> Vec<u8> {
    match rng.below(8) {
        0 | 1 => {
            let key = *rng.pick(&[
                "message",
                "error",
                "detail",
                "error_description",
                "errorMessage",
                "msg",
            ]);
            let inner = if rng.one_in(2) {
                json!(random_string(rng, 400))
            } else {
                random_value(rng, 3)
            };
            let v = if rng.one_in(3) {
                json!({ key: { "message": inner } })
            } else {
                json!({ key: inner })
            };
            serialize(rng, &v)
        }
        2 => {
            let text = random_string(rng, 1500);
            let mut s = rng
                .pick(&["", "<html>", "<!DOCTYPE html>", " <body>", "Execution is "])
                .to_string();
            s.push_str(&text);
            s.into_bytes()
        }
        3 => json!(random_string(rng, 300)).to_string().into_bytes(),
        _ => json_input(rng, seeds, parsed, false),
    }
}

fn classify_input(
    rng: &mut Rng,
    seeds: &[Vec<u8>],
    parsed: &[Value],
    dates: &[String],
) -> Classify {
    let status = match rng.below(4) {
        0 => rng.next() as u16,
        _ => *rng.pick(&[
            0,
            100,
            199,
            200,
            204,
            299,
            300,
            304,
            400,
            401,
            403,
            404,
            408,
            409,
            418,
            429,
            499,
            500,
            501,
            502,
            503,
            504,
            505,
            599,
            600,
            999,
            u16::MAX,
        ]),
    };
    Classify {
        status,
        now: rng.int(),
        retry_after: (!rng.one_in(3)).then(|| retry_after_input(rng, dates)),
        body: server_body_input(rng, seeds, parsed),
    }
}

// ---------------------------------------------------------------------------------------------
// The fuzz targets (ignored: run them with scripts/fuzz).

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_execution_from_slice() {
    let mut fz = Fuzz::new("Execution::from_slice", "execution");
    let seeds = json_seeds();
    let parsed = parsed_seeds(&seeds);
    for _ in 0..cases() {
        let input = json_input(&mut fz.rng, &seeds, &parsed, false);
        fz.check(&input, raw, execution_target);
        // Arbitrary value trees straight into the decoder too (counted as inputs).
        if fz.rng.one_in(8) {
            let v = random_value(&mut fz.rng, 4);
            let bytes = serde_json::to_vec(&v).unwrap_or_default();
            fz.check(&bytes, raw, |_| {
                let _ = Execution::from_value(&core_value(&v)).map(|e| check_execution(&e));
            });
        }
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_json_parse() {
    let mut fz = Fuzz::new("json::from_slice (vs serde_json)", "json");
    let seeds = json_seeds();
    let parsed = parsed_seeds(&seeds);
    for _ in 0..cases() {
        let page = fz.rng.one_in(2);
        let input = json_input(&mut fz.rng, &seeds, &parsed, page);
        fz.check(&input, raw, json_target);
    }
    fz.finish();
}

/// runner_core::json against serde_json: whatever serde_json reads, ours reads to the same tree
/// (numbers compared by value); whatever ours reads, it writes back and reads again unchanged.
fn json_target(bytes: &Vec<u8>) {
    let ours = runner_core::json::from_slice(bytes);
    if let Ok(theirs) = serde_json::from_slice::<Value>(bytes) {
        let ours = ours
            .as_ref()
            .expect("serde_json reads what runner_core::json rejects");
        assert!(same_json(ours, &theirs), "trees differ");
    }
    if let Ok(v) = ours {
        let again = runner_core::json::parse(&v.to_string()).expect("our own output reads back");
        assert_eq!(again, v, "write → read changed the tree");
    }
}

fn same_json(ours: &runner_core::json::Value, theirs: &Value) -> bool {
    use runner_core::json::Value as O;
    match (ours, theirs) {
        (O::Null, Value::Null) => true,
        (O::Bool(a), Value::Bool(b)) => a == b,
        (O::String(a), Value::String(b)) => a == b,
        (O::Number(a), Value::Number(b)) => match (b.as_i64(), b.as_u64(), b.as_f64()) {
            (Some(i), _, _) => a.truncated() == Some((i128::from(i), true)),
            (None, Some(u), _) => a.truncated() == Some((i128::from(u), true)),
            (None, None, Some(f)) => a
                .as_str()
                .parse::<f64>()
                .is_ok_and(|x| (x - f).abs() <= 1e-12 * x.abs().max(1.0)),
            _ => false,
        },
        (O::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y))
        }
        (O::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.iter().map(|(k, _)| k).collect();
            keys.len() == b.len()
                && b.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|x| same_json(x, v)))
        }
        _ => false,
    }
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_execution_page_from_slice() {
    let mut fz = Fuzz::new("ExecutionPage::from_slice", "page");
    let seeds = json_seeds();
    let parsed = parsed_seeds(&seeds);
    for _ in 0..cases() {
        let input = json_input(&mut fz.rng, &seeds, &parsed, true);
        fz.check(&input, raw, page_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_parse_expiry() {
    let mut fz = Fuzz::new("parse_expiry", "expiry");
    let mut seeds = text_seeds(&["expiry"]);
    seeds.push("86400".into());
    for _ in 0..cases() {
        let input = expiry_input(&mut fz.rng, &seeds);
        fz.check(&input, text, expiry_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_parse_retry_after() {
    let mut fz = Fuzz::new("parse_retry_after", "retry_after");
    let mut seeds = text_seeds(&["retry_after", "http_date"]);
    seeds.push("120".into());
    for _ in 0..cases() {
        let input = retry_after_input(&mut fz.rng, &seeds);
        fz.check(&input, text, retry_after_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_parse_http_date() {
    let mut fz = Fuzz::new("parse_http_date", "http_date");
    let mut seeds = text_seeds(&["http_date", "retry_after"]);
    seeds.push("Sun, 06 Nov 1994 08:49:37 GMT".into());
    for _ in 0..cases() {
        let input = http_date_input(&mut fz.rng, &seeds);
        fz.check(&input, text, http_date_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_classify_response() {
    let mut fz = Fuzz::new("classify_response+ApiError::message", "classify");
    let mut seeds = json_seeds();
    seeds.extend(
        corpus("classify")
            .iter()
            .filter_map(|b| decode_classify(b))
            .map(|c| c.body),
    );
    let parsed = parsed_seeds(&seeds);
    let mut dates = text_seeds(&["http_date", "retry_after"]);
    dates.push("Sun, 06 Nov 1994 08:49:37 GMT".into());
    for _ in 0..cases() {
        let input = classify_input(&mut fz.rng, &seeds, &parsed, &dates);
        fz.check(&input, encode_classify, classify_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_server_message() {
    let mut fz = Fuzz::new("server_message", "server_message");
    let seeds = json_seeds();
    let parsed = parsed_seeds(&seeds);
    for _ in 0..cases() {
        let input = server_body_input(&mut fz.rng, &seeds, &parsed);
        fz.check(&input, raw, server_message_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_encode_segment() {
    let mut fz = Fuzz::new("encode_segment", "encode_segment");
    for _ in 0..cases() {
        let input = segment_input(&mut fz.rng);
        fz.check(&input, text, encode_segment_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_parse_base() {
    let mut fz = Fuzz::new("parse_base", "parse_base");
    for _ in 0..cases() {
        let input = base_input(&mut fz.rng);
        fz.check(&input, text, base_target);
    }
    fz.finish();
}

#[test]
#[ignore = "long randomized run; use scripts/fuzz"]
fn fuzz_next_poll() {
    let mut fz = Fuzz::new("next_poll", "next_poll");
    for _ in 0..cases() {
        let input = random_poll(&mut fz.rng);
        fz.check(&input, encode_poll, poll_target);
    }
    fz.finish();
}

// ---------------------------------------------------------------------------------------------
// The regression corpus, replayed by every `cargo test`.

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Ok,
    Err,
    Any,
}

fn expectation(name: &str) -> Expect {
    match name.split_once('-').map(|(e, _)| e) {
        Some("ok") => Expect::Ok,
        Some("err") => Expect::Err,
        _ => Expect::Any,
    }
}

/// Runs one corpus file through its target; returns whether it succeeded (`Ok`/`Some`), or
/// `None` when the file is not in that target's format.
fn replay(target: &str, bytes: &[u8]) -> Option<bool> {
    let text = || String::from_utf8_lossy(bytes).into_owned();
    Some(match target {
        "execution" => {
            execution_target(&bytes.to_vec());
            Execution::from_slice(bytes).is_ok()
        }
        "json" => {
            json_target(&bytes.to_vec());
            runner_core::json::from_slice(bytes).is_ok()
        }
        "page" => {
            page_target(&bytes.to_vec());
            ExecutionPage::from_slice(bytes, 0, PAGE_SIZE).is_ok()
        }
        "expiry" => {
            expiry_target(&text());
            parse_expiry(&text()).is_ok()
        }
        "retry_after" => {
            retry_after_target(&text());
            parse_retry_after(&text(), 784_111_777_000).is_some()
        }
        "http_date" => {
            http_date_target(&text());
            parse_http_date(&text()).is_some()
        }
        "server_message" => {
            server_message_target(&bytes.to_vec());
            server_message(bytes).is_some()
        }
        "classify" => {
            let c = decode_classify(bytes)?;
            classify_target(&c);
            classify_response(c.status, &c.body, c.retry_after.as_deref(), c.now).is_ok()
        }
        "encode_segment" => {
            encode_segment_target(&text());
            true
        }
        "parse_base" => {
            base_target(&text());
            parse_base("apiBase", Some(&text())).is_ok()
        }
        "next_poll" => {
            let p = decode_poll(bytes)?;
            poll_target(&p);
            matches!(next_poll(&p.input, p.jitter), PollDecision::After(_))
        }
        _ => return None,
    })
}

const TARGETS: &[&str] = &[
    "execution",
    "json",
    "page",
    "expiry",
    "retry_after",
    "http_date",
    "server_message",
    "classify",
    "encode_segment",
    "parse_base",
    "next_poll",
];

#[test]
fn corpus_replays_without_panics() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for target in TARGETS {
        let files = read_dir_files(&corpus_dir().join(target));
        assert!(!files.is_empty(), "fuzz-corpus/{target}/ is empty");
        for (name, bytes) in files {
            replayed += 1;
            match catch_unwind(AssertUnwindSafe(|| replay(target, &bytes))) {
                Err(_) => failures.push(format!("{target}/{name}: panicked")),
                Ok(None) => failures.push(format!("{target}/{name}: unreadable corpus file")),
                Ok(Some(ok)) => match expectation(&name) {
                    Expect::Ok if !ok => failures.push(format!("{target}/{name}: expected Ok")),
                    Expect::Err if ok => failures.push(format!("{target}/{name}: expected Err")),
                    _ => {}
                },
            }
        }
    }
    // Inputs a fuzz run saved: named `<target>-<stream>-<case>`; they must not panic any more.
    for (name, bytes) in read_dir_files(&corpus_dir().join("crashes")) {
        let Some(target) = TARGETS
            .iter()
            .find(|t| name.starts_with(&format!("{t}-")))
            .copied()
        else {
            failures.push(format!("crashes/{name}: names no target"));
            continue;
        };
        replayed += 1;
        match catch_unwind(AssertUnwindSafe(|| replay(target, &bytes))) {
            Err(_) => failures.push(format!("crashes/{name}: still panics")),
            Ok(None) => failures.push(format!("crashes/{name}: unreadable corpus file")),
            Ok(Some(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(replayed >= 30, "only {replayed} corpus files");
}

#[test]
fn corpus_formats_round_trip() {
    let c = Classify {
        status: 429,
        now: -5,
        retry_after: Some("a\\b\nc\r".into()),
        body: b"x\ny".to_vec(),
    };
    let back = decode_classify(&encode_classify(&c)).unwrap();
    assert_eq!(
        (back.status, back.now, back.retry_after, back.body),
        (c.status, c.now, c.retry_after, c.body)
    );
    let p = Poll {
        input: PollInput {
            status: Some(Status::Killed),
            since_user_action_ms: None,
            consecutive_errors: 3,
            retry_after_ms: Some(7),
            lasting_error: true,
            outcome_pending: true,
            visible: true,
            interval_ms: 9,
        },
        jitter: f64::NAN,
    };
    let back = decode_poll(&encode_poll(&p)).unwrap();
    assert_eq!(back.input, p.input);
    assert!(back.jitter.is_nan());
}

/// A serde_json tree as the domain's own JSON value (through its text).
fn core_value(v: &Value) -> runner_core::json::Value {
    runner_core::json::parse(&v.to_string()).expect("serde_json writes valid JSON")
}
