//! Decoding the documentation's example and the other documented shapes, from fixture files.

use runner_core::{Commit, Execution, ExecutionPage, RepositoryLog, Status, Timer, PAGE_SIZE};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn docs_commit() -> Commit {
    Commit {
        sha: Some("b087e1a44c79d0576d7cccd249d3e71a3c54fe12".into()),
        author: Some("Author name".into()),
        author_email: None,
        date: Some("Wed Sep 16 16:27:20 2015 -0500".into()),
        message: Some("Latest commit".into()),
    }
}

#[test]
fn docs_list_page_example() {
    let page = ExecutionPage::from_slice(&fixture("list_page_example.json"), 0, PAGE_SIZE).unwrap();
    assert_eq!((page.total_size, page.page, page.size), (Some(2), 0, 2));
    assert!(!page.has_next());
    assert_eq!(page.page_count(), Some(1));
    let entry = page.find("44fdcfa2-6a7f-46d3-9f71-22e629e2358a").unwrap();
    let e = entry.execution().unwrap();
    assert_eq!(
        e.job_id.as_deref(),
        Some("ba7e6f6a-2673-4580-a297-8d7e44483bd7")
    );
    assert_eq!(e.account_alias.as_deref(), Some("XXXX"));
    assert_eq!(e.status, Status::Running);
    assert_eq!(
        e.timers,
        vec![Timer {
            start: 1_444_919_575_778,
            end: None
        }]
    );
    assert_eq!(e.current_timer().map(|t| t.start), Some(1_444_919_575_778));
    assert_eq!(e.total_run_ms(1_444_919_635_778), 60_000);
    assert_eq!(e.repository_log, RepositoryLog::Commit(docs_commit()));
    assert!(e.failed_hosts.is_empty());
    assert_eq!(e.is_vpn_established, Some(false));
    assert!(
        page.find("61671a90-93f2-491a-b8f2-aed515f0b5a6").is_none(),
        "`id` is ignored"
    );
}

#[test]
fn restarted_execution_with_commit_object() {
    let e = Execution::from_slice(&fixture("execution_restarted.json")).unwrap();
    assert_eq!(
        e.timers,
        vec![
            Timer {
                start: 1_444_919_575_778,
                end: Some(1_444_919_635_778)
            },
            Timer {
                start: 1_444_919_700_000,
                end: None
            },
        ]
    );
    assert_eq!(
        e.current_timer(),
        Some(&Timer {
            start: 1_444_919_700_000,
            end: None
        })
    );
    assert_eq!(e.total_run_ms(1_444_919_710_000), 70_000);
    let want = Commit {
        author_email: Some("author@example.com".into()),
        ..docs_commit()
    };
    assert_eq!(e.repository_log, RepositoryLog::Commit(want));
    assert_eq!(e.is_vpn_established, Some(true));
}

#[test]
fn repository_log_as_plain_sha() {
    let e = Execution::from_slice(&fixture("execution_sha_string.json")).unwrap();
    let RepositoryLog::Commit(c) = &e.repository_log else {
        panic!("{:?}", e.repository_log)
    };
    assert_eq!(c.short_sha().as_deref(), Some("b087e1a"));
    assert_eq!(c.author, None);
    assert_eq!(e.status, Status::Success);
    assert_eq!(e.current_timer(), None);
}

#[test]
fn repository_log_null_and_flat_timer() {
    let e = Execution::from_slice(&fixture("execution_null_log.json")).unwrap();
    assert_eq!(e.repository_log, RepositoryLog::Absent);
    assert_eq!(
        e.timers,
        vec![Timer {
            start: 1_444_919_575_778,
            end: Some(1_444_919_600_000)
        }]
    );
    assert!(e.failed_hosts.is_empty());
    assert_eq!(e.status, Status::Stopped);
}

#[test]
fn failed_hosts_with_a_number() {
    let e = Execution::from_slice(&fixture("execution_failed_hosts_zero.json")).unwrap();
    assert_eq!(e.failed_hosts.to_vec(), vec!["0".to_string()]);
    assert!(e.status.can_restart());
}
