//! URLs of the Runner API, with every path segment percent-encoded.

/// Percent-encodes one path segment: everything except ASCII letters, digits, `-`, `_` and `~`
/// becomes `%XX` (upper-case hex of each UTF-8 byte). Note that URL parsers still read `%2E` and
/// `%2E%2E` as `.` and `..`: ids that are dot segments are refused by [`is_dot_segment`] callers.
pub fn encode_segment(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
    out
}

/// Whether an id would be read as `.` or `..` in a URL path even once percent-encoded (it would
/// move the request to another path of the API origin, with the token): such ids are refused.
pub fn is_dot_segment(id: &str) -> bool {
    matches!(id, "." | "..")
}

fn trim_base(base: &str) -> String {
    base.trim().trim_end_matches('/').to_string()
}

/// Identifies one job: where its API lives, its account alias and its id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JobRef {
    /// API base URL without a trailing `/`; empty means same origin.
    pub api_base: String,
    /// Account alias.
    pub account: String,
    /// Job id.
    pub job: String,
}

impl JobRef {
    /// Builds a job reference; trailing `/` are removed from `api_base`.
    pub fn new(api_base: &str, account: &str, job: &str) -> JobRef {
        JobRef {
            api_base: trim_base(api_base),
            account: account.to_string(),
            job: job.to_string(),
        }
    }

    fn job_url(&self) -> String {
        format!(
            "{}/jobs/{}/{}",
            self.api_base,
            encode_segment(&self.account),
            encode_segment(&self.job)
        )
    }

    /// `GET` one page of executions.
    pub fn executions_url(&self, page: u32, size: u32) -> String {
        format!("{}/executions?page={page}&size={size}", self.job_url())
    }

    /// `GET` one execution.
    pub fn execution_url(&self, execution_id: &str) -> String {
        format!(
            "{}/executions/{}",
            self.job_url(),
            encode_segment(execution_id)
        )
    }

    /// `POST` to stop an execution.
    pub fn stop_url(&self, execution_id: &str) -> String {
        format!("{}/stop", self.execution_url(execution_id))
    }

    /// `POST` to kill an execution.
    pub fn kill_url(&self, execution_id: &str) -> String {
        format!("{}/kill", self.execution_url(execution_id))
    }

    /// `POST` to restart a failed execution.
    pub fn restart_url(&self, execution_id: &str) -> String {
        format!("{}/restart", self.execution_url(execution_id))
    }

    /// `POST` to start the job.
    pub fn start_url(&self) -> String {
        format!("{}/start", self.job_url())
    }
}

/// The login endpoint under the authentication base URL.
pub fn login_url(auth_base: &str) -> String {
    format!("{}/v2/authentication/login", trim_base(auth_base))
}

#[cfg(test)]
mod tests {
    #[test]
    fn dot_segment_ids_are_recognised() {
        for id in [".", ".."] {
            assert!(super::is_dot_segment(id), "{id}");
        }
        for id in [
            "...",
            ".a",
            "a.",
            "%2e%2e",
            "44fdcfa2-6a7f-46d3-9f71-22e629e2358a",
        ] {
            assert!(!super::is_dot_segment(id), "{id}");
        }
    }

    use super::*;

    #[test]
    fn encodes_segments() {
        assert_eq!(encode_segment("abc-DEF_0~9"), "abc-DEF_0~9");
        assert_eq!(encode_segment("a/b"), "a%2Fb");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("."), "%2E");
        assert_eq!(encode_segment("a?b#c d"), "a%3Fb%23c%20d");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment("%2F"), "%252F");
        assert_eq!(encode_segment(""), "");
    }

    #[test]
    fn builds_urls() {
        let j = JobRef::new("https://api.runner.ctl.io//", "XXXX", "ba7e6f6a");
        assert_eq!(j.api_base, "https://api.runner.ctl.io");
        assert_eq!(
            j.executions_url(0, 100),
            "https://api.runner.ctl.io/jobs/XXXX/ba7e6f6a/executions?page=0&size=100"
        );
        assert_eq!(
            j.execution_url("e1"),
            "https://api.runner.ctl.io/jobs/XXXX/ba7e6f6a/executions/e1"
        );
        assert_eq!(
            j.stop_url("e1"),
            "https://api.runner.ctl.io/jobs/XXXX/ba7e6f6a/executions/e1/stop"
        );
        assert_eq!(
            j.kill_url("e1"),
            "https://api.runner.ctl.io/jobs/XXXX/ba7e6f6a/executions/e1/kill"
        );
        assert_eq!(
            j.restart_url("e1"),
            "https://api.runner.ctl.io/jobs/XXXX/ba7e6f6a/executions/e1/restart"
        );
        assert_eq!(
            j.start_url(),
            "https://api.runner.ctl.io/jobs/XXXX/ba7e6f6a/start"
        );
    }

    #[test]
    fn hostile_ids_stay_in_their_segment() {
        let j = JobRef::new("", "ac/ct", "..");
        assert_eq!(j.start_url(), "/jobs/ac%2Fct/%2E%2E/start");
        assert_eq!(
            j.stop_url("../../x"),
            "/jobs/ac%2Fct/%2E%2E/executions/%2E%2E%2F%2E%2E%2Fx/stop"
        );
        assert_eq!(
            j.stop_url("a?b=1#f"),
            "/jobs/ac%2Fct/%2E%2E/executions/a%3Fb%3D1%23f/stop"
        );
        assert_eq!(
            j.execution_url("a b ü"),
            "/jobs/ac%2Fct/%2E%2E/executions/a%20b%20%C3%BC"
        );
        assert_eq!(j.kill_url(""), "/jobs/ac%2Fct/%2E%2E/executions//kill");
    }

    #[test]
    fn login() {
        assert_eq!(
            login_url("https://api.ctl.io/"),
            "https://api.ctl.io/v2/authentication/login"
        );
        assert_eq!(login_url(""), "/v2/authentication/login");
    }
}
