//! The embedding contract's options, validated. Pure: the caller supplies a lookup by name.

use crate::token::Provider;

/// The shortest and longest poll interval a page may configure, in seconds.
pub const POLL_INTERVAL_RANGE_MS: (i128, i128) = (1_000, 3_600_000);

/// A validated card configuration.
#[derive(Clone)]
pub struct CardOptions {
    pub account: String,
    pub job: String,
    pub execution: String,
    /// Runner host, absolute (a path or nothing is put on the page's origin); "" or a path only
    /// for an opaque origin, where nothing else can be done.
    pub api_base: String,
    /// Login host, the same way.
    pub auth_base: String,
    pub poll_interval_ms: u64,
    pub token: Option<String>,
    pub provider: Option<Provider>,
    /// The card title's element: `h2`…`h6` (default `h3`), to fit the page's heading outline.
    pub heading: &'static str,
}

/// Names of the options, as data attributes and as `mount()` keys.
pub struct Names {
    pub account: &'static str,
    pub job: &'static str,
    pub execution: &'static str,
    pub api_base: &'static str,
    pub auth_base: &'static str,
    pub token_provider: &'static str,
    pub poll_interval: &'static str,
    pub heading_level: &'static str,
}

/// `data-*` attribute names.
pub const ATTRIBUTES: Names = Names {
    account: "data-account",
    job: "data-job",
    execution: "data-execution",
    api_base: "data-api-base",
    auth_base: "data-auth-base",
    token_provider: "data-token-provider",
    poll_interval: "data-poll-interval",
    heading_level: "data-heading-level",
};

/// `mount(element, options)` keys.
pub const KEYS: Names = Names {
    account: "account",
    job: "job",
    execution: "execution",
    api_base: "apiBase",
    auth_base: "authBase",
    token_provider: "tokenProvider",
    poll_interval: "pollInterval",
    heading_level: "headingLevel",
};

impl CardOptions {
    /// Reads and validates the options; `get` returns a named option's text if present.
    /// `provider` is a function handed over directly (programmatic mounts), taking precedence over a name.
    pub fn parse(
        names: &Names,
        get: impl Fn(&str) -> Option<String>,
        token: Option<String>,
        provider: Option<Provider>,
    ) -> Result<Self, String> {
        let required = |name: &str| -> Result<String, String> {
            let value = get(name).map(|v| v.trim().to_string()).unwrap_or_default();
            if value.is_empty() {
                return Err(format!("{name} is missing."));
            }
            if value.chars().count() > 200
                || value.chars().any(char::is_control)
                || runner_core::is_dot_segment(&value)
            {
                return Err(format!("{name} is not a valid id."));
            }
            Ok(value)
        };
        let account = required(names.account)?;
        let job = required(names.job)?;
        let execution = required(names.execution)?;
        // the page's origin, whatever `<base href>` the page has (the token goes where these point)
        let origin = crate::platform::page_origin();
        let base = |name| {
            runner_core::parse_base(name, get(name).as_deref())
                .map(|b| runner_core::absolute_base(&b, &origin))
        };
        let api_base = base(names.api_base)?;
        let auth_base = base(names.auth_base)?;
        let poll_interval_ms = match get(names.poll_interval)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
        {
            None => runner_core::DEFAULT_INTERVAL_MS,
            Some(text) => match poll_interval_ms(&text) {
                Some(ms) => ms,
                None => {
                    return Err(format!(
                        "{} must be a number of seconds from 1 to 3600, not “{text}”.",
                        names.poll_interval
                    ))
                }
            },
        };
        let heading = heading_tag(names.heading_level, get(names.heading_level))?;
        let provider = provider.or_else(|| {
            get(names.token_provider)
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .map(Provider::Global)
        });
        if let Some(Provider::Global(name)) = &provider {
            if !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
            {
                return Err(format!(
                    "{} must name a global function, not “{name}”.",
                    names.token_provider
                ));
            }
        }
        Ok(CardOptions {
            account,
            job,
            execution,
            api_base,
            auth_base,
            poll_interval_ms,
            token,
            provider,
            heading,
        })
    }
}

/// Whole milliseconds from a number of seconds (`"5"`, `"2.5"`), if within [`POLL_INTERVAL_RANGE_MS`].
fn poll_interval_ms(text: &str) -> Option<u64> {
    let (ms, exact) = runner_core::json::Number::parse(text)?.scaled(3)?;
    let (low, high) = POLL_INTERVAL_RANGE_MS;
    let fits = (low..high).contains(&ms) || (ms == high && exact);
    fits.then(|| u64::try_from(ms).ok()).flatten()
}

/// The title's element for a heading level's text: `h2`…`h6`, `h3` when none is given.
/// Not generic, so both callers of [`CardOptions::parse`] share it.
fn heading_tag(name: &str, level: Option<String>) -> Result<&'static str, String> {
    let level = level.unwrap_or_default();
    let level = level.trim();
    if level.is_empty() {
        return Ok("h3");
    }
    Ok(match level {
        "2" => "h2",
        "3" => "h3",
        "4" => "h4",
        "5" => "h5",
        "6" => "h6",
        _ => return Err(format!("{name} must be 2, 3, 4, 5 or 6, not “{level}”.")),
    })
}
