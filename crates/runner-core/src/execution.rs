//! The execution document and its tolerant decoding.

use crate::decode::{epoch_ms, lenient_bool, non_empty_string, string_or_number, type_name};
use crate::json::{Map, Value};
use crate::status::Status;
use crate::urls::JobRef;
use std::sync::Arc;

pub use crate::repository_log::{Commit, RepositoryLog};

/// One run period of an execution, in epoch milliseconds (UTC). Restarts add timers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timer {
    /// When the run period started.
    pub start: i64,
    /// When it ended; `None` while still running.
    pub end: Option<i64>,
}

impl Timer {
    /// Whether the timer is still running (no end yet).
    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }

    /// End (or `now_ms` while open) minus start; never negative.
    pub fn duration_ms(&self, now_ms: i64) -> i64 {
        self.end.unwrap_or(now_ms).saturating_sub(self.start).max(0)
    }

    /// How long the run took, or has taken so far if it is `running` (see [`running_timer`]);
    /// `None` for an open timer that is not running: its end was never recorded.
    pub fn elapsed_ms(&self, now_ms: i64, running: bool) -> Option<i64> {
        (self.end.is_some() || running).then(|| self.duration_ms(now_ms))
    }
}

/// Which of `timers` (oldest first) is running: the last one, if it is open and the execution is
/// not `finished`. The server may leave an earlier timer open (before a restart) or a finished
/// execution's last one: such a timer has no known end and must not count up for ever.
pub fn running_timer(timers: &[Timer], finished: bool) -> Option<usize> {
    let last = timers.len().checked_sub(1)?;
    (!finished && timers[last].is_open()).then_some(last)
}

/// Why a document could not be read, with a JSON path such as `$.results[3].status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Where the problem is, e.g. `$.execution_id` or `$`.
    pub path: String,
    /// What is wrong there.
    pub reason: String,
}

impl DecodeError {
    /// Builds an error at `path`.
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> DecodeError {
        DecodeError {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl std::error::Error for DecodeError {}

/// One execution of a Runner job, as the widget understands it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execution {
    /// The execution's id (a number on the wire is kept as its text).
    pub execution_id: String,
    /// The job this execution belongs to.
    pub job_id: Option<String>,
    /// The account alias that owns the job.
    pub account_alias: Option<String>,
    /// Current status; unknown values are kept, never rejected.
    pub status: Status,
    /// Run periods, sorted by start; one per (re)start.
    pub timers: Vec<Timer>,
    /// Whether `timers` is the whole history (the document had a `timers` array). The list page
    /// documents flat `start`/`end` instead: one run only (see [`Execution::keep_history`]).
    pub whole_history: bool,
    /// The playbook's Git version.
    pub repository_log: RepositoryLog,
    /// Hosts that failed, as text (shared: a list can hold tens of thousands).
    pub failed_hosts: Arc<[String]>,
    /// Whether the VPN to the account's network was up, when known.
    pub is_vpn_established: Option<bool>,
}

impl Execution {
    /// Decodes an execution document at the root path `$`.
    pub fn from_value(v: &Value) -> Result<Execution, DecodeError> {
        Self::from_value_at(v, "$")
    }

    /// Decodes an execution document found at `path` (used in error messages).
    pub fn from_value_at(v: &Value, path: &str) -> Result<Execution, DecodeError> {
        Self::from_owned_at(v.clone(), path)
    }

    /// [`Execution::from_value_at`], taking the document: the failed hosts (there may be tens of
    /// thousands) move into the execution instead of being copied.
    pub fn from_owned_at(v: Value, path: &str) -> Result<Execution, DecodeError> {
        let Value::Object(mut map) = v else {
            return Err(DecodeError::new(
                path,
                format!("not an object (found {})", type_name(&v)),
            ));
        };
        let at = |key: &str| format!("{path}.{key}");
        let hosts = map.remove("failed_hosts");
        let (timers, whole_history) = timers(&map, &at("timers"))?;
        Ok(Execution {
            execution_id: execution_id(&map, &at("execution_id"))?,
            job_id: map.get("job_id").and_then(string_or_number),
            account_alias: map.get("account_alias").and_then(string_or_number),
            status: status(&map, &at("status"))?,
            timers,
            whole_history,
            repository_log: map
                .get("repository_log")
                .map_or(RepositoryLog::Absent, RepositoryLog::from_value),
            failed_hosts: failed_hosts(hosts, &at("failed_hosts"))?.into(),
            is_vpn_established: map.get("is_vpn_established").and_then(lenient_bool),
        })
    }

    /// Parses and decodes a JSON body; invalid JSON is reported at `$`.
    pub fn from_slice(bytes: &[u8]) -> Result<Execution, DecodeError> {
        let v = crate::json::from_slice(bytes)
            .map_err(|e| DecodeError::new("$", format!("not valid JSON: {e}")))?;
        Self::from_owned_at(v, "$")
    }

    /// The latest timer, if it is still open.
    pub fn current_timer(&self) -> Option<&Timer> {
        self.timers.last().filter(|t| t.is_open())
    }

    /// Names the job and account `job` (the one the document was asked through) where the
    /// document names none: an execution found in a job's list, or answered from its path, is
    /// that job's.
    pub fn fill_in(&mut self, job: &JobRef) {
        for (field, known) in [
            (&mut self.job_id, &job.job),
            (&mut self.account_alias, &job.account),
        ] {
            if field.as_deref().is_none_or(|f| f.trim().is_empty()) && !known.is_empty() {
                *field = Some(known.clone());
            }
        }
    }

    /// Keeps the runs `previous` (an earlier document of the same execution) knew that this one
    /// cannot tell: the list page documents one flat `start`/`end` where the stop and restart
    /// replies carry every timer, so without this the card's run rows would jump from all runs to
    /// one at the next poll. A document with a `timers` array is the whole history and is taken
    /// as it is; a flat one is read as one run (the latest): it updates the run that started at
    /// the same time (never reopening one that has ended) or is added after the others. A flat
    /// run older than the latest known is ignored.
    pub fn keep_history(&mut self, previous: &Execution) {
        if self.whole_history || previous.execution_id != self.execution_id {
            return;
        }
        // `timers` stays sorted: a run is replaced in place or added after the latest
        let mut timers = previous.timers.clone();
        // every run is known when the earlier answer knew them all and no run is new
        let mut whole = previous.whole_history;
        for t in self.timers.drain(..) {
            let latest = timers.len().checked_sub(1);
            match timers.iter().position(|known| known.start == t.start) {
                // a run that has ended is never reopened
                Some(i) if timers[i].end.is_none() || t.end.is_some() => timers[i] = t,
                Some(_) => {}
                // a later run: added (an earlier run still open stays, its end never seen)
                None if latest.is_none_or(|l| t.start > timers[l].start) => {
                    // runs may have come and gone unseen before it
                    whole = false;
                    timers.push(t)
                }
                // older than the latest run known: not the latest run, nothing to learn
                None => {}
            }
        }
        self.timers = timers;
        self.whole_history = whole;
    }

    /// Sum of all timer durations, open timers counted up to `now_ms`.
    pub fn total_run_ms(&self, now_ms: i64) -> i64 {
        self.timers
            .iter()
            .fold(0i64, |acc, t| acc.saturating_add(t.duration_ms(now_ms)))
    }
}

/// The `execution_id` of a document, if it has a usable one (used for list entries that fail).
pub(crate) fn peek_execution_id(v: &Value) -> Option<String> {
    v.get("execution_id")
        .and_then(string_or_number)
        .filter(|s| !s.trim().is_empty())
}

fn execution_id(map: &Map, path: &str) -> Result<String, DecodeError> {
    match map.get("execution_id") {
        None | Some(Value::Null) => Err(DecodeError::new(path, "missing")),
        Some(v) => match string_or_number(v) {
            Some(s) if s.trim().is_empty() => Err(DecodeError::new(path, "empty")),
            Some(s) => Ok(s),
            None => Err(DecodeError::new(
                path,
                format!("expected a string, found {}", type_name(v)),
            )),
        },
    }
}

fn status(map: &Map, path: &str) -> Result<Status, DecodeError> {
    match map.get("status") {
        None | Some(Value::Null) => Err(DecodeError::new(path, "missing")),
        Some(Value::String(s)) => Ok(Status::parse(s)),
        Some(v) => Err(DecodeError::new(
            path,
            format!("expected a string, found {}", type_name(v)),
        )),
    }
}

/// `timers: [{start, end}]`, falling back to the flat `start`/`end` fields of the list page; and
/// whether that is the whole history (a `timers` array that was not empty or had no flat fields
/// next to it).
fn timers(map: &Map, path: &str) -> Result<(Vec<Timer>, bool), DecodeError> {
    let mut timers: Vec<Timer> = match map.get("timers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| timer(item.as_object()?))
            .collect(),
        Some(v) => {
            return Err(DecodeError::new(
                path,
                format!("expected an array, found {}", type_name(v)),
            ))
        }
    };
    let mut whole = matches!(map.get("timers"), Some(Value::Array(_)));
    if timers.is_empty() {
        if let Some(flat) = timer(map) {
            timers.push(flat);
            whole = false;
        }
    }
    sort_timers(&mut timers);
    Ok((timers, whole))
}

/// Orders timers by start, then end (a running one after an ended one with the same start): a
/// heap sort, O(n log n) for any input, in a fraction of the standard sort's code (wasm size).
pub fn sort_timers(v: &mut [Timer]) {
    fn key(t: &Timer) -> (i64, bool, i64) {
        (t.start, t.end.is_none(), t.end.unwrap_or(0))
    }
    fn sift(v: &mut [Timer], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && key(&v[child]) < key(&v[child + 1]) {
                child += 1;
            }
            if key(&v[root]) >= key(&v[child]) {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let len = v.len();
    for root in (0..len / 2).rev() {
        sift(v, root, len);
    }
    for end in (1..len).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

fn timer(obj: &Map) -> Option<Timer> {
    Some(Timer {
        start: obj.get("start").and_then(epoch_ms)?,
        end: obj.get("end").and_then(epoch_ms),
    })
}

fn failed_hosts(v: Option<Value>, path: &str) -> Result<Vec<String>, DecodeError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            let mut hosts = Vec::with_capacity(items.len());
            // a blank name is no host: not shown, counted or copied (as a blank single string)
            hosts.extend(items.into_iter().filter_map(|item| match item {
                Value::Null => None,
                Value::String(s) if s.trim().is_empty() => None,
                Value::String(s) => Some(s),
                other => Some(other.to_string()),
            }));
            Ok(hosts)
        }
        Some(s @ Value::String(_)) => Ok(non_empty_string(&s).into_iter().collect()),
        Some(other) => Err(DecodeError::new(
            path,
            format!(
                "expected an array of host names, found {}",
                type_name(&other)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn base() -> Value {
        json!({"execution_id": "e1", "status": "RUNNING"})
    }

    fn with(key: &str, value: Value) -> Value {
        let mut v = base();
        if let Some(map) = v.as_object_mut() {
            map.insert(key.into(), value);
        }
        v
    }

    #[test]
    fn minimal_document() {
        let e = Execution::from_value(&base()).unwrap();
        assert_eq!(e.execution_id, "e1");
        assert_eq!(e.status, Status::Running);
        assert!(e.timers.is_empty());
        assert_eq!(e.repository_log, RepositoryLog::Absent);
        assert!(e.failed_hosts.is_empty());
        assert_eq!(e.is_vpn_established, None);
        assert_eq!(e.current_timer(), None);
        assert_eq!(e.total_run_ms(10), 0);
    }

    #[test]
    fn required_fields_name_their_path() {
        let err = |v: Value| Execution::from_value(&v).unwrap_err().to_string();
        assert_eq!(err(json!([])), "$: not an object (found an array)");
        assert_eq!(err(json!({"status": "RUNNING"})), "$.execution_id: missing");
        assert_eq!(
            err(with("execution_id", json!(""))),
            "$.execution_id: empty"
        );
        assert_eq!(
            err(with("execution_id", json!({}))),
            "$.execution_id: expected a string, found an object"
        );
        assert_eq!(err(json!({"execution_id": "e"})), "$.status: missing");
        assert_eq!(
            err(with("status", json!(3))),
            "$.status: expected a string, found a number"
        );
        assert_eq!(
            err(with("timers", json!({}))),
            "$.timers: expected an array, found an object"
        );
        assert_eq!(
            err(with("failed_hosts", json!(true))),
            "$.failed_hosts: expected an array of host names, found a boolean"
        );
        let e = Execution::from_value_at(&json!(1), "$.results[3]").unwrap_err();
        assert_eq!(e.path, "$.results[3]");
    }

    #[test]
    fn numeric_execution_id_and_unknown_status() {
        let mut v = with("execution_id", json!(42));
        if let Some(m) = v.as_object_mut() {
            m.insert("status".into(), json!("PAUSED"));
        }
        let e = Execution::from_value(&v).unwrap();
        assert_eq!(e.execution_id, "42");
        assert_eq!(e.status, Status::Unknown("PAUSED".into()));
    }

    #[test]
    fn only_the_last_open_timer_of_a_live_execution_runs() {
        let closed = Timer {
            start: 1_000,
            end: Some(4_000),
        };
        let open = Timer {
            start: 5_000,
            end: None,
        };
        assert_eq!(
            running_timer(&[closed.clone(), open.clone()], false),
            Some(1)
        );
        assert_eq!(running_timer(&[closed.clone(), open.clone()], true), None);
        assert_eq!(running_timer(&[open.clone(), closed.clone()], false), None);
        assert_eq!(running_timer(&[], false), None);
        assert_eq!(closed.elapsed_ms(9_000, false), Some(3_000));
        assert_eq!(open.elapsed_ms(9_000, true), Some(4_000));
        assert_eq!(
            open.elapsed_ms(9_000, false),
            None,
            "no end recorded: unknown"
        );
    }

    #[test]
    fn timers_are_sorted_and_tolerant() {
        let v = with(
            "timers",
            json!([
                {"start": 3000, "end": null},
                {"start": "1000", "end": 2000.5},
                {"end": 5},
                {"start": "later"},
                7,
            ]),
        );
        let e = Execution::from_value(&v).unwrap();
        assert_eq!(
            e.timers,
            vec![
                Timer {
                    start: 1000,
                    end: Some(2000)
                },
                Timer {
                    start: 3000,
                    end: None
                }
            ]
        );
        assert_eq!(
            e.current_timer(),
            Some(&Timer {
                start: 3000,
                end: None
            })
        );
        assert_eq!(e.total_run_ms(4000), 2000);
    }

    #[test]
    fn flat_start_end() {
        let mut v = with("start", json!(100));
        if let Some(m) = v.as_object_mut() {
            m.insert("end".into(), json!(250));
            m.insert("timers".into(), json!([]));
        }
        let e = Execution::from_value(&v).unwrap();
        assert_eq!(
            e.timers,
            vec![Timer {
                start: 100,
                end: Some(250)
            }]
        );
        assert_eq!(e.current_timer(), None);
        assert_eq!(e.total_run_ms(1_000_000), 150);
    }

    #[test]
    fn the_job_asked_through_names_a_document_that_names_none() {
        let job = JobRef::new("", "XXXX", "job-1");
        let mut bare = Execution::from_value(&base()).unwrap();
        bare.fill_in(&job);
        assert_eq!(bare.job_id.as_deref(), Some("job-1"));
        assert_eq!(bare.account_alias.as_deref(), Some("XXXX"));
        let mut blank = with("job_id", json!(" "));
        if let Some(m) = blank.as_object_mut() {
            m.insert("account_alias".into(), json!("YYYY"));
        }
        let mut blank = Execution::from_value(&blank).unwrap();
        blank.fill_in(&job);
        assert_eq!(blank.job_id.as_deref(), Some("job-1"));
        assert_eq!(
            blank.account_alias.as_deref(),
            Some("YYYY"),
            "the document's own is kept"
        );
        let mut unknown = Execution::from_value(&base()).unwrap();
        unknown.fill_in(&JobRef::new("", "", ""));
        assert_eq!((unknown.job_id, unknown.account_alias), (None, None));
    }

    #[test]
    fn a_flat_document_keeps_the_runs_a_whole_history_knew() {
        let t = |start: i64, end: Option<i64>| Timer { start, end };
        // the restart reply: every timer, the new one open
        let reply = with(
            "timers",
            json!([{"start": 100, "end": 250}, {"start": 900, "end": null}]),
        );
        let reply = Execution::from_value(&reply).unwrap();
        assert!(reply.whole_history);
        // the next list page: the latest run only, flat
        let mut page = with("start", json!(900));
        if let Some(m) = page.as_object_mut() {
            m.insert("end".into(), json!(null));
            m.insert("id".into(), json!("61671a90"));
        }
        let mut listed = Execution::from_value(&page).unwrap();
        assert!(!listed.whole_history);
        listed.keep_history(&reply);
        assert_eq!(listed.timers, vec![t(100, Some(250)), t(900, None)]);
        assert!(listed.whole_history, "every run is still known");
        // the run ends: the flat end replaces the open one
        if let Some(m) = page.as_object_mut() {
            m.insert("end".into(), json!(1_500));
        }
        let mut ended = Execution::from_value(&page).unwrap();
        ended.keep_history(&listed);
        assert_eq!(ended.timers, vec![t(100, Some(250)), t(900, Some(1_500))]);
        // a restart seen only through the list adds its run to those seen before
        let mut restarted = with("start", json!(2_000));
        if let Some(m) = restarted.as_object_mut() {
            m.insert("end".into(), json!(null));
        }
        let mut restarted = Execution::from_value(&restarted).unwrap();
        restarted.keep_history(&ended);
        assert_eq!(
            restarted.timers,
            vec![t(100, Some(250)), t(900, Some(1_500)), t(2_000, None)]
        );
        assert!(
            !restarted.whole_history,
            "runs may have come and gone unseen"
        );
        // a flat run older than the latest known teaches nothing; an ended run is never reopened
        for (start, end) in [(50, json!(null)), (100, json!(null)), (900, json!(null))] {
            let mut stale = with("start", json!(start));
            if let Some(m) = stale.as_object_mut() {
                m.insert("end".into(), end);
            }
            let mut stale = Execution::from_value(&stale).unwrap();
            stale.keep_history(&restarted);
            assert_eq!(stale.timers, restarted.timers, "start {start}");
        }
        // a later run while the latest known is still open (it ended and was restarted between
        // two polls): added; the open one stays, its end never seen
        let mut next = with("start", json!(2_100));
        if let Some(m) = next.as_object_mut() {
            m.insert("end".into(), json!(null));
        }
        let mut next = Execution::from_value(&next).unwrap();
        next.keep_history(&restarted);
        assert_eq!(
            next.timers,
            vec![
                t(100, Some(250)),
                t(900, Some(1_500)),
                t(2_000, None),
                t(2_100, None)
            ]
        );
        // a document without any timer keeps them all
        let mut bare = Execution::from_value(&base()).unwrap();
        assert!(!bare.whole_history);
        bare.keep_history(&restarted);
        assert_eq!(bare.timers, restarted.timers);
        // a `timers` array is the whole history: taken as it is, even if shorter
        let mut whole = with("timers", json!([{"start": 900, "end": 1_500}]));
        let whole_doc = whole.clone();
        let mut whole_e = Execution::from_value(&whole_doc).unwrap();
        whole_e.keep_history(&restarted);
        assert_eq!(whole_e.timers, vec![t(900, Some(1_500))]);
        // `timers: []` next to flat fields is the flat shape
        if let Some(m) = whole.as_object_mut() {
            m.insert("timers".into(), json!([]));
            m.insert("start".into(), json!(2_000));
        }
        let mut empty_and_flat = Execution::from_value(&whole).unwrap();
        assert!(!empty_and_flat.whole_history);
        empty_and_flat.keep_history(&restarted);
        assert_eq!(empty_and_flat.timers, restarted.timers);
        // another execution's runs are never taken
        let mut other = with("execution_id", json!("e2"));
        if let Some(m) = other.as_object_mut() {
            m.insert("start".into(), json!(5));
        }
        let mut other = Execution::from_value(&other).unwrap();
        other.keep_history(&restarted);
        assert_eq!(other.timers, vec![t(5, None)]);
    }

    #[test]
    fn timer_durations_never_negative() {
        assert_eq!(
            Timer {
                start: 10,
                end: Some(5)
            }
            .duration_ms(0),
            0
        );
        assert_eq!(
            Timer {
                start: 10,
                end: None
            }
            .duration_ms(5),
            0
        );
        assert_eq!(
            Timer {
                start: i64::MIN,
                end: None
            }
            .duration_ms(i64::MAX),
            i64::MAX
        );
        assert!(Timer {
            start: 0,
            end: None
        }
        .is_open());
    }

    #[test]
    fn failed_hosts_variants() {
        let hosts = |v: Value| {
            Execution::from_value(&with("failed_hosts", v))
                .unwrap()
                .failed_hosts
                .to_vec()
        };
        assert_eq!(hosts(json!([0])), vec!["0"]);
        assert_eq!(
            hosts(json!(["a", null, 1.5, {"h": 1}])),
            vec!["a", "1.5", "{\"h\":1}"]
        );
        assert_eq!(hosts(json!(["web1", "", "  ", "\t"])), vec!["web1"]);
        assert_eq!(hosts(json!("web1")), vec!["web1"]);
        assert_eq!(hosts(json!("")), Vec::<String>::new());
        assert_eq!(hosts(json!(null)), Vec::<String>::new());
    }

    #[test]
    fn vpn_and_optional_strings() {
        let vpn = |v: Value| {
            Execution::from_value(&with("is_vpn_established", v))
                .unwrap()
                .is_vpn_established
        };
        assert_eq!(vpn(json!(true)), Some(true));
        assert_eq!(vpn(json!("false")), Some(false));
        assert_eq!(vpn(json!(1)), Some(true));
        assert_eq!(vpn(json!("maybe")), None);
        let e = Execution::from_value(&with("job_id", json!(["x"]))).unwrap();
        assert_eq!(e.job_id, None);
    }

    #[test]
    fn invalid_json() {
        let e = Execution::from_slice(b"{nope").unwrap_err();
        assert_eq!(e.path, "$");
        assert!(e.reason.starts_with("not valid JSON: "), "{e}");
    }
}
