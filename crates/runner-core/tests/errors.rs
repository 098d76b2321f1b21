//! HTTP outcome mapping and the user-facing messages.

use runner_core::{
    classify_response, parse_retry_after, response_now, server_message, ApiError, DecodeError,
};

const NOW: i64 = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT

fn classify(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
    classify_response(status, body.as_bytes(), retry_after, NOW).unwrap_err()
}

#[test]
fn success_is_ok() {
    for s in [200, 201, 204, 299] {
        assert_eq!(classify_response(s, b"<html>", None, NOW), Ok(()));
    }
}

#[test]
fn bad_request_with_message() {
    let e = classify(400, r#"{"message": "Invalid expiryDuration"}"#, None);
    assert_eq!(
        e,
        ApiError::BadRequest {
            message: Some("Invalid expiryDuration".into())
        }
    );
    assert_eq!(e.message(), "Invalid expiryDuration");
    assert_eq!(e.status(), Some(400));
    assert!(!e.is_retryable());
    assert_eq!(
        classify(400, "", None).message(),
        "The Runner service rejected the request."
    );
}

#[test]
fn bad_request_saying_not_running() {
    for body in [
        r#"{"message": "Execution is not running"}"#,
        r#"{"error": "Execution already finished"}"#,
        "Execution can't be stopped",
    ] {
        let e = classify(400, body, None);
        assert!(
            matches!(e, ApiError::NotRunning { message: Some(_) }),
            "{body}: {e:?}"
        );
        // what it means for an action the controller says; outside one, the server's words
        assert!(!e.message().contains("had already finished"), "{body}");
    }
}

#[test]
fn auth_and_not_found() {
    let e = classify(401, "", None);
    assert_eq!(e, ApiError::Unauthorized);
    assert_eq!(
        e.message(),
        "Your session has expired or the token is invalid. Sign in again."
    );
    let e = classify(403, "{}", None);
    assert_eq!(e, ApiError::Forbidden);
    assert_eq!(
        e.message(),
        "You don't have permission to see or stop this execution."
    );
    let e = classify(404, "not here", None);
    assert_eq!(e, ApiError::NotFound);
    assert_eq!(e.to_string(), "Execution not found.");
    assert_eq!(e.status(), Some(404));
}

#[test]
fn conflict_is_not_running() {
    let e = classify(409, r#"{"message": "already STOPPED"}"#, None);
    assert_eq!(
        e,
        ApiError::NotRunning {
            message: Some("already STOPPED".into())
        }
    );
    assert_eq!(e.status(), None);
}

#[test]
fn rate_limited_with_seconds() {
    let e = classify(429, "", Some(" 12 "));
    assert_eq!(
        e,
        ApiError::RateLimited {
            retry_after_ms: Some(12_000)
        }
    );
    // the wait is the card's countdown, not a figure fixed in the text
    assert_eq!(e.message(), "The Runner service is busy.");
    assert_eq!(e.retry_after_ms(), Some(12_000));
    assert!(e.is_retryable());
    let e = classify(429, "", None);
    assert_eq!(e.message(), "The Runner service is busy.");
}

#[test]
fn unavailable_with_http_date() {
    let e = classify(503, "", Some("Sun, 06 Nov 1994 08:50:07 GMT"));
    assert_eq!(
        e,
        ApiError::Unavailable {
            status: 503,
            retry_after_ms: Some(30_000)
        }
    );
    assert_eq!(
        e.message(),
        "The Runner service is temporarily unavailable."
    );
    assert!(e.is_retryable());
    assert_eq!(e.status(), Some(503));
    let e = classify(502, "<html><body>Bad gateway</body></html>", Some("soon"));
    assert_eq!(
        e,
        ApiError::Unavailable {
            status: 502,
            retry_after_ms: None
        }
    );
    assert!(matches!(
        classify(504, "", None),
        ApiError::Unavailable { status: 504, .. }
    ));
}

#[test]
fn server_errors() {
    let e = classify(500, r#"{"message": "NullPointerException"}"#, None);
    assert_eq!(
        e,
        ApiError::Server {
            status: 500,
            message: Some("NullPointerException".into())
        }
    );
    assert_eq!(
        e.message(),
        "The Runner service failed (HTTP 500): NullPointerException"
    );
    assert!(e.is_retryable());
    let e = classify(500, "", None);
    assert_eq!(
        e.message(),
        "The Runner service failed (HTTP 500). Try again later."
    );
}

#[test]
fn empty_and_html_bodies() {
    assert_eq!(
        classify(500, "   ", None),
        ApiError::Server {
            status: 500,
            message: None
        }
    );
    let html = "<!DOCTYPE html><html><body><h1>Internal error</h1></body></html>";
    assert_eq!(
        classify(500, html, None),
        ApiError::Server {
            status: 500,
            message: None
        }
    );
    assert_eq!(
        classify(400, html, None),
        ApiError::BadRequest { message: None }
    );
}

#[test]
fn other_statuses() {
    let e = classify(418, "short and stout", None);
    assert_eq!(
        e,
        ApiError::Http {
            status: 418,
            message: Some("short and stout".into())
        }
    );
    assert!(!e.is_retryable());
    assert_eq!(
        classify(302, "", None).message(),
        "The request failed (HTTP 302)."
    );
    // a 408 is the server giving up on a request it never took in: nothing was done
    let not_taken = classify(408, "", None);
    assert_eq!(
        not_taken,
        ApiError::Unavailable {
            status: 408,
            retry_after_ms: None
        }
    );
    assert!(not_taken.is_retryable() && !not_taken.may_have_arrived());
    assert_eq!(
        not_taken.action_message(),
        "The Runner service is busy and did nothing; try again shortly."
    );
    // what fetch answers for a redirect it does not follow (`redirect: "manual"`): status 0
    assert_eq!(classify(0, "", None), ApiError::Redirected);
}

#[test]
fn fixed_messages() {
    let net = ApiError::Network {
        detail: "TypeError: Failed to fetch".into(),
    };
    assert_eq!(
        net.message(),
        "You appear to be offline, or the Runner service can't be reached."
    );
    assert!(net.is_retryable());
    assert_eq!(
        ApiError::Timeout.message(),
        "The Runner service didn't answer in time."
    );
    let d = ApiError::from(DecodeError::new("$", "not valid JSON"));
    assert_eq!(
        d.message(),
        "The Runner service sent a response the widget couldn't read."
    );
    assert!(d.is_retryable());
    assert_eq!(d.retry_after_ms(), None);
}

#[test]
fn server_messages_are_bounded_plain_text() {
    assert_eq!(server_message(b""), None);
    assert_eq!(server_message(b"  \n "), None);
    assert_eq!(server_message(b"\xff\xfe"), None);
    assert_eq!(server_message(br#"{"message": ""}"#), None);
    assert_eq!(
        server_message(br#"{"detail": " x "}"#).as_deref(),
        Some("x")
    );
    assert_eq!(
        server_message(br#"{"error": {"message": "nested"}}"#).as_deref(),
        Some("nested")
    );
    assert_eq!(
        server_message(br#""just a string""#).as_deref(),
        Some("just a string")
    );
    assert_eq!(server_message(br#"{"code": 5}"#), None);
    assert_eq!(server_message(b"[1,2]"), None);
    assert_eq!(
        server_message(b"line1\r\n\tline2\x07\x1b[31m").as_deref(),
        Some("line1 line2[31m")
    );
    let long = format!(r#"{{"message": "{}"}}"#, "é".repeat(500));
    let m = server_message(long.as_bytes()).unwrap();
    assert_eq!(m.chars().count(), 200);
    assert!(m.ends_with('…'));
    let e = ApiError::BadRequest {
        message: Some("a\u{202E}b\nc".repeat(300)),
    };
    assert!(e.message().chars().count() <= 200);
    assert!(!e.message().contains(['\n', '\u{202E}']));
}

#[test]
fn retry_after_values() {
    assert_eq!(parse_retry_after("120", NOW), Some(120_000));
    assert_eq!(parse_retry_after("0", NOW), Some(0));
    assert_eq!(
        parse_retry_after("99999999999999999999999", NOW),
        Some(86_400_000)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:38 GMT", NOW),
        Some(1_000)
    );
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", NOW),
        Some(0)
    );
    assert_eq!(parse_retry_after("Sun Nov  6 08:49:30 1994", NOW), Some(0));
    assert_eq!(
        parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", NOW),
        Some(86_400_000)
    );
    for bad in ["", "-5", "1.5", "soon", "12 s"] {
        assert_eq!(parse_retry_after(bad, NOW), None, "{bad:?}");
    }
}

#[test]
fn a_retry_after_date_is_measured_by_the_servers_clock() {
    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    let retry = "Sun, 06 Nov 1994 08:49:40 GMT"; // 3 s after the response's Date
    for browser_off_by in [-600_000, 0, 600_000] {
        let sent_at = response_now(Some(date), NOW + browser_off_by);
        assert_eq!(
            parse_retry_after(retry, sent_at),
            Some(3_000),
            "{browser_off_by}"
        );
    }
    // no (usable) Date header: the browser's clock is all there is
    assert_eq!(response_now(None, 42), 42);
    assert_eq!(response_now(Some("yesterday"), 42), 42);
}

#[test]
fn action_messages_never_promise_a_retry() {
    let busy = classify_response(503, b"", Some("2"), 0).unwrap_err();
    assert_eq!(
        busy.action_message(),
        "The Runner service is busy and did nothing; try again in 2 s."
    );
    let limited = classify_response(429, b"", None, 0).unwrap_err();
    assert!(!limited.action_message().contains("retrying"));
    let forbidden = classify_response(403, b"", None, 0).unwrap_err();
    assert_eq!(forbidden.action_message(), forbidden.message());
    // a gateway's 502 or 504 may come after the Runner service did it: never "did nothing"
    let gateway = classify_response(504, b"", Some("2"), 0).unwrap_err();
    assert_eq!(
        gateway.action_message(),
        "The gateway in front of the Runner service answered HTTP 504."
    );
}

#[test]
fn only_errors_after_which_an_action_may_have_happened_say_so() {
    let arrived = |status: u16| {
        classify_response(status, b"", None, 0)
            .unwrap_err()
            .may_have_arrived()
    };
    for status in [500, 502, 504, 599] {
        assert!(arrived(status), "{status}");
    }
    for status in [400, 401, 403, 404, 408, 409, 418, 429, 503] {
        assert!(!arrived(status), "{status}");
    }
    assert!(ApiError::Timeout.may_have_arrived());
    // a refused redirect: a 303 after a POST usually comes once the request was carried out
    assert!(ApiError::Redirected.may_have_arrived());
    assert!(ApiError::Network {
        detail: "Failed to fetch".into()
    }
    .may_have_arrived());
    assert!(!ApiError::TokenProvider {
        message: "no".into()
    }
    .may_have_arrived());
}

#[test]
fn a_refused_redirect_says_so_and_is_retried() {
    let redirected = ApiError::Redirected;
    assert_eq!(
        redirected.message(),
        "The Runner service answered with a redirect, which the card does not follow."
    );
    assert_eq!(redirected.action_message(), redirected.message());
    assert_eq!(redirected.login_message(), redirected.message());
    assert!(redirected.is_retryable());
    assert_eq!(redirected.status(), None);
}
