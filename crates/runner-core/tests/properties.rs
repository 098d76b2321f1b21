//! Property tests: nothing from outside can panic the domain, and invariants hold.

use proptest::prelude::*;
use runner_core::*;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,20}".prop_map(Value::String),
        "[0-9a-fA-F]{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            Just("execution_id".to_string()),
            Just("status".to_string()),
            Just("timers".to_string()),
            Just("start".to_string()),
            Just("end".to_string()),
            Just("repository_log".to_string()),
            Just("recent_commit".to_string()),
            Just("failed_hosts".to_string()),
            Just("is_vpn_established".to_string()),
            Just("results".to_string()),
            Just("totalSize".to_string()),
            Just("size".to_string()),
            Just("page".to_string()),
            "[a-z_]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A serde_json tree as the domain's own JSON value (through its text).
fn core_value(v: &Value) -> runner_core::json::Value {
    runner_core::json::parse(&v.to_string()).expect("serde_json writes valid JSON")
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~')
}

proptest! {
    #[test]
    fn json_round_trips_through_serde_json(v in json_value()) {
        // serde_json's compact text, read by runner_core::json and written back, is the same text
        let text = v.to_string();
        prop_assert_eq!(core_value(&v).to_string(), text);
    }

    #[test]
    fn json_reads_numbers_like_serde_json(n in any::<i64>(), f in -1e15f64..1e15) {
        let int = runner_core::json::parse(&n.to_string()).expect("integer");
        let runner_core::json::Value::Number(int) = int else { panic!("not a number") };
        prop_assert_eq!(int.as_i64(), Some(n));
        let text = serde_json::to_string(&f).expect("finite");
        let runner_core::json::Value::Number(float) = runner_core::json::parse(&text).expect("float") else { panic!("not a number") };
        prop_assert_eq!(float.as_i64(), Some(f.trunc() as i64));
    }

    #[test]
    fn decoding_json_values_never_panics(v in json_value(), page in any::<u32>(), size in any::<u32>()) {
        let _ = Execution::from_value(&core_value(&v));
        let bytes = v.to_string().into_bytes();
        if let Ok(e) = Execution::from_slice(&bytes) {
            prop_assert!(e.total_run_ms(i64::MAX) >= 0);
            prop_assert!(e.timers.windows(2).all(|w| w[0].start <= w[1].start));
        }
        if let Ok(p) = ExecutionPage::from_slice(&bytes, page, size) {
            let _ = (p.has_next(), p.page_count());
            prop_assert!(search_order(Some(page), p.page_count()).len() <= 1000);
        }
        let wrapped = serde_json::json!({"totalSize": 5, "results": [v]}).to_string();
        prop_assert!(ExecutionPage::from_slice(wrapped.as_bytes(), page, size).is_ok());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), now in any::<i64>()) {
        let _ = Execution::from_slice(&bytes);
        let _ = ExecutionPage::from_slice(&bytes, 0, PAGE_SIZE);
        let _ = server_message(&bytes);
        for status in [0u16, 200, 400, 409, 429, 503, 599, 999] {
            let _ = classify_response(status, &bytes, None, now).map_err(|e| e.message());
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_expiry(&text);
        let _ = parse_retry_after(&text, now);
        let _ = parse_http_date(&text);
    }

    #[test]
    fn text_inputs_never_panic(s in ".{0,40}", now in any::<i64>()) {
        if let Ok(n) = parse_expiry(&s) {
            prop_assert!(n <= MAX_EXPIRY_SECS);
        }
        if let Some(ms) = parse_retry_after(&s, now) {
            prop_assert!(ms <= 86_400_000);
        }
        let _ = parse_http_date(&s);
        let _ = Status::parse(&s);
    }

    #[test]
    fn pseudo_json_repository_logs_never_panic(s in "[\"'{}:, a-f0-9\\\\\\[\\]]{0,40}") {
        let doc = serde_json::json!({"execution_id": "e", "status": "RUNNING", "repository_log": s});
        let e = Execution::from_value(&core_value(&doc));
        prop_assert!(e.is_ok());
    }

    #[test]
    fn expiry_accepts_every_valid_integer(n in 0u32..=MAX_EXPIRY_SECS, pad in " {0,3}") {
        prop_assert_eq!(parse_expiry(&format!("{pad}{n}{pad}")), Ok(n));
        prop_assert_eq!(parse_expiry(&format!("{}", u64::from(n) + 86_401)), Err(ExpiryError::TooLarge));
    }

    #[test]
    fn encode_segment_only_emits_unreserved_or_escapes(s in any::<String>()) {
        let enc = encode_segment(&s);
        let b = enc.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                prop_assert!(i + 2 < b.len(), "{enc}");
                let hex = &enc[i + 1..i + 3];
                prop_assert!(hex.bytes().all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(&h)));
                i += 3;
            } else {
                prop_assert!(is_unreserved(b[i]), "{enc}");
                i += 1;
            }
        }
        prop_assert!(enc != "." && enc != "..");
        let job = JobRef::new("", "acct", "job");
        prop_assert_eq!(job.stop_url(&s), format!("/jobs/acct/job/executions/{enc}/stop"));
    }

    #[test]
    fn next_poll_is_bounded(
        status in prop::option::of(prop::sample::select(Status::ALL.to_vec())),
        since in prop::option::of(any::<u64>()),
        errors in any::<u32>(),
        retry_after in prop::option::of(any::<u64>()),
        lasting in any::<bool>(),
        visible in any::<bool>(),
        interval in any::<u64>(),
        jitter in any::<f64>(),
    ) {
        let input = PollInput {
            status,
            since_user_action_ms: since,
            consecutive_errors: errors,
            retry_after_ms: retry_after,
            lasting_error: lasting,
            outcome_pending: false,
            visible,
            interval_ms: interval,
        };
        let decision = next_poll(&input, jitter);
        if !visible {
            prop_assert_eq!(decision, PollDecision::Paused);
        }
        if let PollDecision::After(ms) = decision {
            let retry = retry_after.unwrap_or(0).min(3_600_000);
            prop_assert!(ms >= 250);
            if errors > 0 {
                let cap = if lasting { LASTING_BACKOFF_CAP_MS } else { BACKOFF_CAP_MS };
                prop_assert!(ms <= cap.max(retry), "{ms}");
            } else {
                prop_assert!((1_000..=3_600_000).contains(&ms), "{ms}");
            }
        }
    }
}

proptest! {
    #[test]
    fn timers_sort_like_the_standard_sort(raw in proptest::collection::vec((0i64..50, proptest::option::of(0i64..50)), 0..200)) {
        let mut timers: Vec<Timer> = raw.iter().map(|&(start, end)| Timer { start, end }).collect();
        let mut expected = timers.clone();
        expected.sort_by_key(|t| (t.start, t.end.is_none(), t.end));
        execution::sort_timers(&mut timers);
        prop_assert_eq!(timers, expected);
    }
}

proptest! {
    #[test]
    fn bases_never_panic_and_accept_only_paths_https_or_loopback(raw in "(https?://)?[a-z0-9.:@/\\[\\]%é ]{0,30}") {
        if let Ok(base) = parse_base("apiBase", Some(&raw)) {
            prop_assert!(
                base.is_empty()
                    || (base.starts_with('/') && !base.starts_with("//"))
                    || base.starts_with("https://")
                    || base.starts_with("http://"),
                "{base}"
            );
            let authority = base.split_once("://").map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
            prop_assert!(!authority.contains('@'), "{base}");
        }
    }
}

proptest! {
    #[test]
    fn host_filter_is_a_substring_test_ignoring_ascii_case(host in "[a-zA-Z0-9.é-]{0,16}", query in " ?[a-zA-Z0-9.é-]{0,4} ?") {
        let expected = host
            .to_ascii_lowercase()
            .contains(&query.trim().to_ascii_lowercase());
        prop_assert_eq!(host_matches(&host, &query), expected);
    }

    #[test]
    fn copied_hosts_keep_one_line_each_and_nothing_hidden(hosts in proptest::collection::vec("(.|[\u{2028}\u{2029}\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\r\n])*", 1..20)) {
        let copied = hosts_for_clipboard(&hosts);
        prop_assert_eq!(copied.split('\n').count(), hosts.len());
        prop_assert_eq!(copied.lines().count(), hosts.len() - usize::from(hosts.last().is_some_and(|h| h.is_empty())));
        let hidden = |c: char| c.is_control() || matches!(c, '\u{2028}'..='\u{202E}' | '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        prop_assert!(copied.chars().all(|c| c == '\n' || !hidden(c)));
    }
}
