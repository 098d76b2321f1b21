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

/// Checks an API or login base from the page's configuration and returns it without trailing `/`:
/// empty (the page's own origin), an absolute path, or an absolute URL without query, fragment or
/// credentials. The token (API) and the password (login) travel to it, so a URL must be
/// `https://`; plain `http://` is accepted only for this computer (`localhost`, `127.x.x.x`,
/// `[::1]`), which is how the local Runner server and development run.
pub fn parse_base(name: &str, value: Option<&str>) -> Result<String, String> {
    let value = value.unwrap_or("").trim().trim_end_matches('/');
    if value.is_empty() {
        return Ok(String::new());
    }
    let bad = |why: &str| Err(format!("{name} must be {why}, not “{}”.", redacted(value)));
    const SHAPE: &str = "an https:// URL or a path starting with “/”";
    if value.chars().any(|c| c.is_whitespace() || c.is_control())
        || value.contains(['?', '#', '\\'])
    {
        return bad(SHAPE);
    }
    let (secure, rest) = match (
        value.strip_prefix("https://"),
        value.strip_prefix("http://"),
    ) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) if value.starts_with('/') && !value.starts_with("//") => {
            return Ok(value.to_string())
        }
        (None, None) => return bad(SHAPE),
    };
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return bad(SHAPE);
    }
    if !secure && !is_loopback(authority) {
        return bad("https:// (plain http:// only for localhost)");
    }
    Ok(value.to_string())
}

/// A base from [`parse_base`] made absolute against the page's `origin` (`location.origin`): an
/// empty base or a path would otherwise be resolved by `fetch` against the document's base URL,
/// which a `<base href>` on the page can point at another origin (and the token would follow). An
/// opaque origin (`"null"`) leaves the base as it is.
pub fn absolute_base(base: &str, origin: &str) -> String {
    let web_origin = origin.starts_with("https://") || origin.starts_with("http://");
    if web_origin && (base.is_empty() || base.starts_with('/')) {
        format!("{}{base}", origin.trim_end_matches('/'))
    } else {
        base.to_string()
    }
}

/// `value` with the user-info part of a URL (`user:password@`) replaced by `…`, for messages. The
/// authority is read as browsers read it: after the scheme's `:` and any run of `/` or `\\`, up to
/// the next `/`, `\\`, `?` or `#`.
fn redacted(value: &str) -> String {
    // byte searches for ASCII: positions are character boundaries (and no substring search code)
    let bytes = value.as_bytes();
    let slash = |b: &u8| *b == b'/' || *b == b'\\';
    let scheme_end = match bytes
        .iter()
        .position(|&b| matches!(b, b':' | b'/' | b'\\' | b'?' | b'#'))
    {
        Some(colon) if bytes[colon] == b':' => colon + 1,
        // no scheme: `//host` (or `\\host`) still names an authority, a path does not
        _ if bytes.len() >= 2 && bytes[..2].iter().all(slash) => 0,
        _ => return value.to_string(),
    };
    let start = scheme_end + bytes[scheme_end..].iter().take_while(|b| slash(b)).count();
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|&&b| !matches!(b, b'/' | b'\\' | b'?' | b'#'))
            .count();
    match bytes[start..end].iter().rposition(|&b| b == b'@') {
        Some(at) => format!("{}…{}", &value[..start], &value[start + at..]),
        None => value.to_string(),
    }
}

/// Whether a URL authority (`host[:port]`) names this computer.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => return v6 == "::1]" || v6.starts_with("::1]:"),
        None => authority.split(':').next().unwrap_or(""),
    }
    .to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    let octet = |o: &str| o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u8>().is_ok();
    host.split('.').count() == 4 && host.starts_with("127.") && host.split('.').all(octet)
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_bases_are_pinned_to_the_page_origin() {
        use super::absolute_base;
        let origin = "https://portal.example";
        assert_eq!(absolute_base("", origin), "https://portal.example");
        assert_eq!(
            absolute_base("/runner", origin),
            "https://portal.example/runner"
        );
        assert_eq!(
            absolute_base("https://api.example", origin),
            "https://api.example"
        );
        assert_eq!(
            absolute_base("/runner", "http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080/runner"
        );
        // an opaque origin (sandboxed frame, file:) has nothing to pin to
        assert_eq!(absolute_base("/runner", "null"), "/runner");
        assert_eq!(absolute_base("", "null"), "");
    }

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
    fn bases_accept_paths_https_and_loopback_http() {
        let ok = |v: &str| parse_base("apiBase", Some(v));
        assert_eq!(ok(""), Ok(String::new()));
        assert_eq!(parse_base("apiBase", None), Ok(String::new()));
        assert_eq!(ok("  /runner/ "), Ok("/runner".into()));
        assert_eq!(
            ok("https://api.runner.ctl.io/"),
            Ok("https://api.runner.ctl.io".into())
        );
        assert_eq!(
            ok("https://10.0.0.7:8443/v1"),
            Ok("https://10.0.0.7:8443/v1".into())
        );
        for local in [
            "http://localhost:8081",
            "http://LOCALHOST",
            "http://runner.localhost/api",
            "http://127.0.0.1:8081",
            "http://127.8.9.10",
            "http://[::1]:8081/",
        ] {
            assert!(ok(local).is_ok(), "{local}");
        }
    }

    #[test]
    fn bases_refuse_cleartext_to_other_hosts_and_odd_shapes() {
        let err = |v: &str| parse_base("apiBase", Some(v)).unwrap_err();
        for remote in [
            "http://api.runner.ctl.io",
            "http://10.0.0.7:8081",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example",
            "http://128.0.0.1",
            "http://127.0.0.256",
            "http://[::2]",
            "http://[::1].evil.example",
        ] {
            assert_eq!(
                err(remote),
                format!(
                    "apiBase must be https:// (plain http:// only for localhost), not “{remote}”."
                ),
                "{remote}"
            );
        }
        for odd in [
            "ftp://x",
            "//evil.example",
            "api.runner.ctl.io",
            "https://",
            "http://127.0.0.1@evil.example",
            "https://api.example/?q",
            "https://api.example/#f",
            "https://api.exa mple",
            "javascript:alert(1)",
            "https:\\\\evil.example",
        ] {
            assert!(
                err(odd).starts_with("apiBase must be an https:// URL or a path"),
                "{odd}"
            );
        }
    }

    #[test]
    fn a_refused_base_never_shows_its_password() {
        let message =
            parse_base("authBase", Some("https://user:s3cret@api.example/x")).unwrap_err();
        assert_eq!(
            message,
            "authBase must be an https:// URL or a path starting with “/”, not “https://…@api.example/x”."
        );
        // a protocol-relative value names a host too
        let message = parse_base("apiBase", Some("//user:s3cret@evil.example")).unwrap_err();
        assert!(message.ends_with("not “//…@evil.example”."), "{message}");
        // browsers read `\\` as `/` in such URLs: the user-info is found there too
        let message =
            parse_base("authBase", Some("https:\\\\user:s3cret@localhost/x@y")).unwrap_err();
        assert!(
            message.ends_with("not “https:\\\\…@localhost/x@y”."),
            "{message}"
        );
        // an `@` in a path is no user-info
        let message = parse_base("apiBase", Some("http://runner.example/a@b")).unwrap_err();
        assert!(
            message.ends_with("not “http://runner.example/a@b”."),
            "{message}"
        );
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
