//! API failures: mapping HTTP outcomes to [`ApiError`] and choosing the text the user sees.

use crate::execution::DecodeError;
pub use crate::http_date::parse_http_date;

/// The longest server-provided message shown to the user, in characters.
pub const MAX_MESSAGE_CHARS: usize = 200;
/// The longest `Retry-After` honoured: 24 hours.
pub const MAX_RETRY_AFTER_MS: u64 = 86_400_000;

/// Everything that can go wrong talking to the Runner service.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// 400: the request was rejected.
    BadRequest {
        /// The server's message, if it sent one.
        message: Option<String>,
    },
    /// 401: token missing, invalid or expired.
    Unauthorized,
    /// 403: not allowed.
    Forbidden,
    /// 404, or the execution is in no list page.
    NotFound,
    /// 409, or a 400 saying the execution is not running / already finished.
    NotRunning {
        /// The server's message, if it sent one.
        message: Option<String>,
    },
    /// 429: too many requests.
    RateLimited {
        /// How long the server asked us to wait.
        retry_after_ms: Option<u64>,
    },
    /// 502, 503 or 504: temporarily unavailable; or 408, the request not taken in time.
    Unavailable {
        /// The HTTP status.
        status: u16,
        /// How long the server asked us to wait.
        retry_after_ms: Option<u64>,
    },
    /// Any other 5xx.
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's message, if it sent one.
        message: Option<String>,
    },
    /// Any other non-2xx status.
    Http {
        /// The HTTP status.
        status: u16,
        /// The server's message, if it sent one.
        message: Option<String>,
    },
    /// The request never got an HTTP answer (offline, DNS, CORS).
    Network {
        /// Technical detail for logs; not shown as the message.
        detail: String,
    },
    /// No answer in time.
    Timeout,
    /// A redirect, which the widget never follows (the token stays with the configured API).
    /// Whether the request was carried out before it is unknown (a 303 after a POST usually was).
    Redirected,
    /// The host page's token provider failed; `message` says how (never the token).
    TokenProvider { message: String },
    /// A 2xx answer whose body could not be read.
    Decode(DecodeError),
}

impl ApiError {
    /// The user-facing text; plain, bounded, and chosen only here.
    pub fn message(&self) -> String {
        let server = |m: &Option<String>| m.as_deref().and_then(sanitize);
        match self {
            ApiError::BadRequest { message } => {
                server(message).unwrap_or_else(|| "The Runner service rejected the request.".into())
            }
            ApiError::Unauthorized => {
                "Your session has expired or the token is invalid. Sign in again.".into()
            }
            ApiError::Forbidden => {
                "You don't have permission to see or stop this execution.".into()
            }
            ApiError::NotFound => "Execution not found.".into(),
            // what it means for a stop, kill or restart is the action's to say (the controller
            // does); a list or a login refused with it is only refused
            ApiError::NotRunning { message } => {
                server(message).unwrap_or_else(|| "The Runner service refused the request.".into())
            }
            // no wait here: the card's error line counts down to its next try ("Trying again in
            // 8s"), which a fixed figure would contradict a second later; a sign-in is not retried
            ApiError::RateLimited { .. } => "The Runner service is busy.".into(),
            ApiError::Unavailable { .. } => "The Runner service is temporarily unavailable.".into(),
            ApiError::Server { status, message } => match server(message) {
                Some(m) => format!("The Runner service failed (HTTP {status}): {m}"),
                None => format!("The Runner service failed (HTTP {status}). Try again later."),
            },
            ApiError::Http { status, message } => {
                server(message).unwrap_or_else(|| format!("The request failed (HTTP {status})."))
            }
            ApiError::Network { .. } => {
                "You appear to be offline, or the Runner service can't be reached.".into()
            }
            ApiError::Timeout => "The Runner service didn't answer in time.".into(),
            ApiError::Redirected => {
                "The Runner service answered with a redirect, which the card does not follow."
                    .into()
            }
            ApiError::TokenProvider { message } => format!(
                "Couldn't get a sign-in token from this page: {}",
                sanitize(message).unwrap_or_else(|| "no reason given.".into())
            ),
            ApiError::Decode(_) => {
                "The Runner service sent a response the widget couldn't read.".into()
            }
        }
    }

    /// The text after a user's action (stop, kill, restart) failed. Unlike polling, an action is
    /// never retried by itself, so "busy" says when the user may try again instead of "retrying".
    pub fn action_message(&self) -> String {
        let again = |ms: &Option<u64>| match ms {
            Some(ms) if *ms > 0 => format!("try again in {} s", ms.div_ceil(1000)),
            _ => "try again shortly".into(),
        };
        match self {
            ApiError::Unavailable {
                status: status @ (502 | 504),
                ..
            } => format!("The gateway in front of the Runner service answered HTTP {status}."),
            ApiError::RateLimited { retry_after_ms }
            | ApiError::Unavailable { retry_after_ms, .. } => {
                format!(
                    "The Runner service is busy and did nothing; {}.",
                    again(retry_after_ms)
                )
            }
            other => other.message(),
        }
    }

    /// The text after a sign-in failed: what a 401, 403 or 404 means there, not what it means
    /// for an execution or a token.
    pub fn login_message(&self) -> String {
        match self {
            ApiError::Unauthorized => "The user name or password was not accepted.".into(),
            ApiError::Forbidden => "This user may not sign in here.".into(),
            ApiError::NotFound => {
                "The sign-in service was not found at the configured address (HTTP 404).".into()
            }
            other => other.message(),
        }
    }

    /// Whether an action that ended in this error may still have been carried out: its request
    /// may have reached the Runner service although no answer came back (a timeout, a dropped
    /// connection, a gateway's 502 or 504, a 500 part-way through). A 429, 503 or 4xx did nothing.
    pub fn may_have_arrived(&self) -> bool {
        matches!(
            self,
            ApiError::Network { .. }
                | ApiError::Timeout
                | ApiError::Redirected
                | ApiError::Server { .. }
                | ApiError::Unavailable {
                    status: 502 | 504,
                    ..
                }
        )
    }

    /// How long the server asked us to wait, if it said.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited { retry_after_ms }
            | ApiError::Unavailable { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }

    /// Whether trying again later may succeed: network, timeout, 429, 5xx, undecodable body.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network { .. }
                | ApiError::Timeout
                | ApiError::Redirected
                | ApiError::TokenProvider { .. }
                | ApiError::RateLimited { .. }
                | ApiError::Unavailable { .. }
                | ApiError::Server { .. }
                | ApiError::Decode(_)
        )
    }

    /// The HTTP status behind the error. `NotRunning` gives `None` because it comes from 400 or 409.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::BadRequest { .. } => Some(400),
            ApiError::Unauthorized => Some(401),
            ApiError::Forbidden => Some(403),
            ApiError::NotFound => Some(404),
            ApiError::RateLimited { .. } => Some(429),
            ApiError::Unavailable { status, .. }
            | ApiError::Server { status, .. }
            | ApiError::Http { status, .. } => Some(*status),
            ApiError::NotRunning { .. }
            | ApiError::Network { .. }
            | ApiError::Timeout
            | ApiError::Redirected
            | ApiError::TokenProvider { .. }
            | ApiError::Decode(_) => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

impl From<DecodeError> for ApiError {
    fn from(e: DecodeError) -> ApiError {
        ApiError::Decode(e)
    }
}

/// Maps an HTTP outcome: 2xx is `Ok`. `retry_after` is the raw `Retry-After` header value;
/// `now_ms` resolves an HTTP-date there. Status 0 is the opaque redirect of a fetch with
/// `redirect: "manual"` (a failed fetch rejects instead): [`ApiError::Redirected`].
pub fn classify_response(
    status: u16,
    body: &[u8],
    retry_after: Option<&str>,
    now_ms: i64,
) -> Result<(), ApiError> {
    let retry = || retry_after.and_then(|v| parse_retry_after(v, now_ms));
    Err(match status {
        200..=299 => return Ok(()),
        // the widget's requests are CORS requests that follow no redirect: the only answer
        // without a status is a redirect (an opaque one)
        0 => ApiError::Redirected,
        400 => {
            let message = server_message(body);
            if message.as_deref().is_some_and(says_not_running) {
                ApiError::NotRunning { message }
            } else {
                ApiError::BadRequest { message }
            }
        }
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden,
        404 => ApiError::NotFound,
        409 => ApiError::NotRunning {
            message: server_message(body),
        },
        429 => ApiError::RateLimited {
            retry_after_ms: retry(),
        },
        // 408: the server gave up waiting for the request itself (an idle connection): it did
        // nothing, and asking again will do
        408 | 502..=504 => ApiError::Unavailable {
            status,
            retry_after_ms: retry(),
        },
        500..=599 => ApiError::Server {
            status,
            message: server_message(body),
        },
        _ => ApiError::Http {
            status,
            message: server_message(body),
        },
    })
}

fn says_not_running(message: &str) -> bool {
    let m = message.to_ascii_lowercase().replace(['\'', '’'], "");
    [
        "not running",
        "already finished",
        "already completed",
        "already stopped",
        "already killed",
        "already terminated",
        "not stoppable",
        "not killable",
        "cannot be stopped",
        "cant be stopped",
        "cannot stop",
        "cant stop",
        "no longer running",
    ]
    .iter()
    .any(|p| contains(&m, p))
        // "Execution … is not active", not "Account … is not active" (that one is only refused)
        || (contains(&m, "not active") && contains(&m, "execution"))
}

/// Whether `needle` occurs in `hay`. A plain scan: these texts are short (a sanitized message, the
/// head of a body), and `str::contains` would bring the two-way substring searcher into the wasm.
fn contains(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len().max(1))
        .any(|w| w == needle.as_bytes())
}

/// When a response was sent, by the server's clock: its `Date` header, or `browser_now_ms` when it
/// has none. A `Retry-After` date is measured from this, so a browser whose clock is minutes off
/// still waits as long as the server asked (`Date` has whole seconds and is never later than the
/// true instant: the wait is never cut short).
pub fn response_now(server_date: Option<&str>, browser_now_ms: i64) -> i64 {
    server_date
        .and_then(parse_http_date)
        .unwrap_or(browser_now_ms)
}

/// Reads `Retry-After`: delta-seconds (`"120"`) or an HTTP-date. Past dates give `Some(0)`;
/// values are capped at 24 hours; anything else is `None`.
pub fn parse_retry_after(value: &str, now_ms: i64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        let secs = v.parse::<u64>().unwrap_or(u64::MAX);
        return Some(secs.saturating_mul(1000).min(MAX_RETRY_AFTER_MS));
    }
    let at = parse_http_date(v)?;
    let delta = at.saturating_sub(now_ms).max(0);
    Some(u64::try_from(delta).unwrap_or(0).min(MAX_RETRY_AFTER_MS))
}

/// The server's explanation from an error body: `{"message"|"error"|"detail": "..."}` (or
/// `{"error": {"message": "..."}}`), a JSON string, or short plain text (not HTML). Trimmed,
/// control characters removed, at most [`MAX_MESSAGE_CHARS`] characters; `None` if empty.
pub fn server_message(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() {
        return None;
    }
    match crate::json::parse(text) {
        Ok(v) => json_message(&v, 0).as_deref().and_then(sanitize),
        Err(_) if looks_like_html(text) || text.chars().count() > 1000 => None,
        Err(_) => sanitize(text),
    }
}

fn json_message(v: &crate::json::Value, depth: u8) -> Option<String> {
    use crate::json::Value;
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) if depth < 2 => [
            "message",
            "error",
            "detail",
            "error_description",
            "errorMessage",
        ]
        .iter()
        .find_map(|k| map.get(k).and_then(|v| json_message(v, depth + 1)))
        .filter(|s| !s.trim().is_empty()),
        _ => None,
    }
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        || ["<html", "<!doctype", "<body"]
            .iter()
            .any(|tag| contains(&head, tag))
}

/// Plain, single-line, bounded text: control and bidi-override characters dropped, whitespace
/// runs collapsed, truncated to [`MAX_MESSAGE_CHARS`] (with `…`). `None` if nothing is left.
pub(crate) fn sanitize(raw: &str) -> Option<String> {
    sanitize_to(raw, MAX_MESSAGE_CHARS)
}

/// [`sanitize`] with a limit of `max` characters (at least 2).
pub(crate) fn sanitize_to(raw: &str, max: usize) -> Option<String> {
    let max = max.max(2);
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| {
            !c.is_control()
                && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        })
        .collect();
    let words: Vec<&str> = cleaned.split(' ').filter(|w| !w.is_empty()).collect();
    let joined = words.join(" ");
    if joined.is_empty() {
        return None;
    }
    if joined.chars().count() <= max {
        return Some(joined);
    }
    let mut cut: String = joined.chars().take(max - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    Some(cut)
}

#[cfg(test)]
mod tests {
    use super::{classify_response, ApiError};

    #[test]
    fn a_refusal_of_a_list_or_a_login_is_not_called_a_finished_execution() {
        // a 400 "Account … is not active" or a 409 on the list, or on the login, says nothing of
        // the execution: the server's words, or that it refused
        let inactive =
            classify_response(400, br#"{"message":"Account XXXX is not active"}"#, None, 0)
                .unwrap_err();
        assert!(
            matches!(inactive, ApiError::BadRequest { .. }),
            "{inactive:?}"
        );
        assert_eq!(inactive.message(), "Account XXXX is not active");
        let execution =
            classify_response(400, br#"{"message":"Execution is not active"}"#, None, 0);
        assert!(
            matches!(execution, Err(ApiError::NotRunning { .. })),
            "{execution:?}"
        );
        assert_eq!(inactive.login_message(), "Account XXXX is not active");
        let conflict = classify_response(409, b"", None, 0).unwrap_err();
        assert_eq!(
            conflict.message(),
            "The Runner service refused the request."
        );
        assert!(!conflict.login_message().contains("finished"));
    }

    #[test]
    fn sign_in_failures_say_what_they_mean_there() {
        assert_eq!(
            ApiError::Unauthorized.login_message(),
            "The user name or password was not accepted."
        );
        assert_eq!(
            ApiError::Forbidden.login_message(),
            "This user may not sign in here."
        );
        assert!(ApiError::NotFound
            .login_message()
            .contains("sign-in service was not found"));
        assert_eq!(
            ApiError::Timeout.login_message(),
            ApiError::Timeout.message()
        );
    }
}
