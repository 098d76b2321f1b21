//! The Runner's rules, with no I/O: the execution model and its tolerant decoding, statuses and
//! what they allow, expiry validation, API URLs, error mapping, the polling policy, and time
//! formatting. Time is always passed in (`now_ms`, epoch milliseconds), so this crate builds
//! natively and for `wasm32-unknown-unknown` alike.

mod decode;
mod http_date;
mod repository_log;

pub mod json;

pub mod error;
pub mod execution;
pub mod expiry;
pub mod hosts;
pub mod list;
pub mod policy;
pub mod status;
pub mod time;
pub mod urls;

pub use error::{
    classify_response, parse_http_date, parse_retry_after, response_now, server_message, ApiError,
};
pub use execution::{running_timer, Commit, DecodeError, Execution, RepositoryLog, Timer};
pub use expiry::{parse_expiry, ExpiryError, MAX_EXPIRY_SECS};
pub use hosts::{host_matches, hosts_for_clipboard};
pub use list::{search_order, ExecutionPage, PageEntry, PAGE_SIZE};
pub use policy::{
    awaits_outcome, expiry_poll, next_poll, PollDecision, PollInput, BACKOFF_BASE_MS,
    BACKOFF_CAP_MS, DEFAULT_INTERVAL_MS, FAST_INTERVAL_MS, FAST_WINDOW_MS, LASTING_BACKOFF_CAP_MS,
};
pub use status::Status;
pub use time::{format_duration, format_iso, format_remaining, format_utc, ServerClock};
pub use urls::{absolute_base, encode_segment, is_dot_segment, login_url, parse_base, JobRef};
