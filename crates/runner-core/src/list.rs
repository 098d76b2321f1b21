//! The paged list of executions (`GET …/executions?page=&size=`) and how to search it.

use std::cell::{OnceCell, RefCell};

use crate::decode::{lenient_u64, type_name};
use crate::execution::{peek_execution_id, DecodeError, Execution};
use crate::json::Value;

/// The largest (and default) page size the API accepts.
pub const PAGE_SIZE: u32 = 100;

/// The most pages [`search_order`] will ever visit.
pub const MAX_SEARCH_PAGES: u32 = 1000;

/// One entry of a list page, decoded on demand and once: a card reads one entry of a page of a
/// hundred, and the cards of one job share the page (behind an `Rc`: neither is cloned nor
/// compared, since an entry's state changes when it is decoded).
#[derive(Debug)]
pub struct PageEntry {
    /// The entry's `execution_id`, read even when the rest of the entry is unusable.
    pub id: Option<String>,
    /// Position in `results` (for error paths).
    pub index: usize,
    /// The entry as sent, until it is decoded (the decoding takes it).
    value: RefCell<Value>,
    decoded: OnceCell<Result<Execution, DecodeError>>,
}

impl PageEntry {
    /// An entry holding `value` as sent.
    pub fn new(id: Option<String>, index: usize, value: Value) -> PageEntry {
        PageEntry {
            id,
            index,
            value: RefCell::new(value),
            decoded: OnceCell::new(),
        }
    }

    /// The decoded execution, or why it cannot be decoded (at `$.results[index]`). The first
    /// call decodes, taking the entry's value (its failed hosts move, they are not copied).
    pub fn execution(&self) -> Result<Execution, DecodeError> {
        self.decoded
            .get_or_init(|| {
                let value = self.value.take();
                Execution::from_owned_at(value, &format!("$.results[{}]", self.index))
            })
            .clone()
    }
}

/// One page of the executions list.
#[derive(Debug)]
pub struct ExecutionPage {
    /// Total number of executions across all pages, when the server said.
    pub total_size: Option<u64>,
    /// This page's number, from 0.
    pub page: u32,
    /// The page size in use (never 0 unless 0 was requested and the server said nothing).
    pub size: u32,
    /// The entries, in server order.
    pub entries: Vec<PageEntry>,
}

impl ExecutionPage {
    /// Decodes a list body. The envelope must be an object with a `results` array (or be a bare
    /// array of executions); `totalSize`, `page` and `size` are optional and may be numeric strings.
    pub fn from_slice(
        bytes: &[u8],
        requested_page: u32,
        requested_size: u32,
    ) -> Result<ExecutionPage, DecodeError> {
        let v = crate::json::from_slice(bytes)
            .map_err(|e| DecodeError::new("$", format!("not valid JSON: {e}")))?;
        let (results, map) = match v {
            Value::Array(items) => (items, None),
            Value::Object(mut map) => match map.remove("results") {
                Some(Value::Array(items)) => (items, Some(map)),
                None | Some(Value::Null) => return Err(DecodeError::new("$.results", "missing")),
                Some(other) => {
                    return Err(DecodeError::new(
                        "$.results",
                        format!("expected an array, found {}", type_name(&other)),
                    ))
                }
            },
            other => {
                return Err(DecodeError::new(
                    "$",
                    format!(
                        "expected an object with results, found {}",
                        type_name(&other)
                    ),
                ))
            }
        };
        let number = |keys: &[&str]| {
            map.as_ref()
                .and_then(|m| keys.iter().find_map(|k| m.get(k).and_then(lenient_u64)))
        };
        let to_u32 = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let entries = results
            .into_iter()
            .enumerate()
            .map(|(index, value)| PageEntry::new(peek_execution_id(&value), index, value))
            .collect();
        Ok(ExecutionPage {
            total_size: number(&["totalSize", "total_size", "total"]),
            page: number(&["page"]).map_or(requested_page, to_u32),
            size: number(&["size"])
                .filter(|s| *s > 0)
                .map_or(requested_size, to_u32),
            entries,
        })
    }

    /// The entry whose id is `execution_id`.
    pub fn find(&self, execution_id: &str) -> Option<&PageEntry> {
        self.entries
            .iter()
            .find(|e| e.id.as_deref() == Some(execution_id))
    }

    /// Whether a later page may hold more executions.
    pub fn has_next(&self) -> bool {
        if self.entries.is_empty() || self.size == 0 {
            return false;
        }
        match self.total_size {
            Some(total) => (u64::from(self.page) + 1).saturating_mul(u64::from(self.size)) < total,
            None => self.entries.len() >= self.size as usize,
        }
    }

    /// Whether `next` repeats this page entry for entry: a server that ignores `page` answers
    /// every page alike, and a search would walk [`MAX_SEARCH_PAGES`] of them.
    pub fn repeated_by(&self, next: &ExecutionPage) -> bool {
        !self.entries.is_empty()
            && self
                .entries
                .iter()
                .map(|e| &e.id)
                .eq(next.entries.iter().map(|e| &e.id))
    }

    /// Number of pages, when the total is known.
    pub fn page_count(&self) -> Option<u32> {
        let total = self.total_size?;
        let size = u64::from(self.size);
        (size > 0).then(|| u32::try_from(total.div_ceil(size)).unwrap_or(u32::MAX))
    }
}

/// Order in which to look for an execution across pages: the remembered page first (if it can
/// exist), then 0, 1, 2, … skipping it. Never more than [`MAX_SEARCH_PAGES`] pages.
pub fn search_order(remembered: Option<u32>, page_count: Option<u32>) -> std::vec::IntoIter<u32> {
    let limit = page_count.unwrap_or(MAX_SEARCH_PAGES).min(MAX_SEARCH_PAGES);
    let first = remembered.filter(|r| *r < limit);
    first
        .into_iter()
        .chain((0..limit).filter(|p| Some(*p) != first))
        .collect::<Vec<u32>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> ExecutionPage {
        ExecutionPage::from_slice(body.as_bytes(), 4, 50).unwrap()
    }

    #[test]
    fn envelope_errors() {
        let err = |b: &str| {
            ExecutionPage::from_slice(b.as_bytes(), 0, 100)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(err("{}"), "$.results: missing");
        assert_eq!(
            err(r#"{"results": {}}"#),
            "$.results: expected an array, found an object"
        );
        assert_eq!(
            err("3"),
            "$: expected an object with results, found a number"
        );
        assert!(err("").starts_with("$: not valid JSON"));
    }

    #[test]
    fn tolerant_numbers_and_defaults() {
        let p = page(r#"{"totalSize": "250", "page": "1", "size": 100.0, "results": []}"#);
        assert_eq!((p.total_size, p.page, p.size), (Some(250), 1, 100));
        let p = page(r#"{"results": []}"#);
        assert_eq!((p.total_size, p.page, p.size), (None, 4, 50));
        let p = page(r#"{"size": 0, "results": []}"#);
        assert_eq!(p.size, 50);
        let p = page(r#"[{"execution_id": "a", "status": "RUNNING"}]"#);
        assert_eq!(
            (p.total_size, p.page, p.size, p.entries.len()),
            (None, 4, 50, 1)
        );
    }

    #[test]
    fn a_page_that_repeats_the_last_one_is_noticed() {
        let a = page(r#"[{"execution_id": "a"}, {"execution_id": "b"}]"#);
        assert!(a.repeated_by(&page(
            r#"{"results": [{"execution_id": "a"}, {"execution_id": "b"}]}"#
        )));
        assert!(!a.repeated_by(&page(r#"[{"execution_id": "b"}, {"execution_id": "c"}]"#)));
        assert!(!a.repeated_by(&page(r#"[{"execution_id": "a"}]"#)));
        let empty = page("[]");
        assert!(
            !empty.repeated_by(&page("[]")),
            "an empty page ends a search anyway"
        );
    }

    #[test]
    fn bad_entries_keep_their_id() {
        let p = page(
            r#"{"results": [{"execution_id": "a"}, 5, {"execution_id": 7, "status": "SUCCESS"}]}"#,
        );
        assert_eq!(p.entries[0].id.as_deref(), Some("a"));
        assert_eq!(
            p.entries[0].execution().unwrap_err().to_string(),
            "$.results[0].status: missing"
        );
        assert_eq!(p.entries[1].id, None);
        assert_eq!(p.entries[1].execution().unwrap_err().path, "$.results[1]");
        assert!(p.find("7").is_some_and(|e| e.execution().is_ok()));
        assert!(p.find("a").is_some());
        assert!(p.find("b").is_none());
    }

    #[test]
    fn an_entry_is_decoded_once_and_shared() {
        let p = page(
            r#"{"results": [{"execution_id": "a", "status": "FAILURE", "failed_hosts": ["h1", null, 2, "h3"]}, 5]}"#,
        );
        let entry = p.find("a").unwrap();
        let (first, again) = (entry.execution().unwrap(), entry.execution().unwrap());
        assert_eq!(&*first.failed_hosts, ["h1", "2", "h3"]);
        assert_eq!(first, again);
        assert!(
            std::sync::Arc::ptr_eq(&first.failed_hosts, &again.failed_hosts),
            "the second read shares the first decoding"
        );
        // the same answer as decoding the document by reference, errors included
        let doc = crate::json::parse(
            r#"{"execution_id": "a", "status": "FAILURE", "failed_hosts": ["h1", null, 2, "h3"]}"#,
        )
        .unwrap();
        assert_eq!(Execution::from_value_at(&doc, "$.results[0]"), Ok(first));
        let bad = p.entries[1].execution().unwrap_err();
        assert_eq!(bad.path, "$.results[1]");
        assert_eq!(
            p.entries[1].execution().unwrap_err(),
            bad,
            "an error is kept too"
        );
    }

    #[test]
    fn paging() {
        let mk = |total, page, size, n| ExecutionPage {
            total_size: total,
            page,
            size,
            entries: (0..n)
                .map(|index| PageEntry::new(None, index, Value::Null))
                .collect(),
        };
        assert!(mk(Some(250), 1, 100, 100).has_next());
        assert!(!mk(Some(250), 2, 100, 50).has_next());
        assert!(!mk(Some(200), 1, 100, 100).has_next());
        assert!(mk(None, 0, 2, 2).has_next());
        assert!(!mk(None, 0, 2, 1).has_next());
        assert!(!mk(Some(500), 0, 100, 0).has_next());
        assert!(!mk(Some(500), 0, 0, 3).has_next());
        assert_eq!(mk(Some(250), 0, 100, 0).page_count(), Some(3));
        assert_eq!(mk(Some(0), 0, 100, 0).page_count(), Some(0));
        assert_eq!(mk(Some(u64::MAX), 0, 1, 0).page_count(), Some(u32::MAX));
        assert_eq!(mk(Some(5), 0, 0, 0).page_count(), None);
        assert_eq!(mk(None, 0, 100, 0).page_count(), None);
    }

    #[test]
    fn search_orders() {
        assert_eq!(
            search_order(Some(2), Some(4)).collect::<Vec<_>>(),
            vec![2, 0, 1, 3]
        );
        assert_eq!(
            search_order(None, Some(3)).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        assert_eq!(
            search_order(Some(9), Some(3)).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        assert_eq!(search_order(Some(0), Some(0)).count(), 0);
        assert_eq!(search_order(None, None).len(), 1000);
        let v: Vec<u32> = search_order(Some(5), Some(u32::MAX)).collect();
        assert_eq!((v.len(), v[0], v[1], v[6]), (1000, 5, 0, 6));
    }
}
