//! The execution status and what each status allows.

/// Longest text kept for a status the widget does not know (it is shown in the badge).
pub const MAX_UNKNOWN_CHARS: usize = 60;

/// The status of one Runner execution, as reported in the execution document.
///
/// Unknown values are kept in [`Status::Unknown`] (cleaned for display); decoding never fails on them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Queued, not started yet.
    Pending,
    /// Preparing the run (VPN, repository checkout).
    Initializing,
    /// The playbook is running.
    Running,
    /// Finished successfully.
    Success,
    /// Finished with a failure.
    Failure,
    /// Could not be initialized.
    InitFailure,
    /// A stop was requested and is in progress.
    Stopping,
    /// Stopped on request.
    Stopped,
    /// A kill was requested and is in progress.
    Killing,
    /// Killed on request.
    Killed,
    /// A status the documentation does not list; holds the trimmed original text.
    Unknown(String),
}

impl Status {
    /// The ten documented statuses, in lifecycle order.
    pub const ALL: [Status; 10] = [
        Status::Pending,
        Status::Initializing,
        Status::Running,
        Status::Success,
        Status::Failure,
        Status::InitFailure,
        Status::Stopping,
        Status::Stopped,
        Status::Killing,
        Status::Killed,
    ];

    /// The ten documented statuses (same as [`Status::ALL`]).
    pub fn all() -> [Status; 10] {
        Self::ALL
    }

    /// Parses wire text: trimmed, case-insensitive; `-` and spaces count as `_`.
    /// Anything else becomes [`Status::Unknown`] holding the original text cleaned for display:
    /// control and bidi characters removed, whitespace collapsed, at most [`MAX_UNKNOWN_CHARS`].
    pub fn parse(raw: &str) -> Status {
        // shown and announced as text: no control or bidi characters, one line, a badge's length
        let trimmed = crate::error::sanitize_to(raw, MAX_UNKNOWN_CHARS).unwrap_or_default();
        let normal: String = trimmed
            .chars()
            .map(|c| match c {
                '-' | ' ' => '_',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == normal)
            .unwrap_or(Status::Unknown(trimmed))
    }

    /// Canonical upper-case wire text (`"INIT_FAILURE"`); an unknown status gives its raw text.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Pending => "PENDING",
            Status::Initializing => "INITIALIZING",
            Status::Running => "RUNNING",
            Status::Success => "SUCCESS",
            Status::Failure => "FAILURE",
            Status::InitFailure => "INIT_FAILURE",
            Status::Stopping => "STOPPING",
            Status::Stopped => "STOPPED",
            Status::Killing => "KILLING",
            Status::Killed => "KILLED",
            Status::Unknown(raw) => raw,
        }
    }

    /// CSS modifier for badges, e.g. `rw-badge--init-failure`.
    pub fn css_modifier(&self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Initializing => "initializing",
            Status::Running => "running",
            Status::Success => "success",
            Status::Failure => "failure",
            Status::InitFailure => "init-failure",
            Status::Stopping => "stopping",
            Status::Stopped => "stopped",
            Status::Killing => "killing",
            Status::Killed => "killed",
            Status::Unknown(_) => "unknown",
        }
    }

    /// Human-readable text; an unknown status gives its raw text.
    pub fn label(&self) -> &str {
        match self {
            Status::Pending => "Pending",
            Status::Initializing => "Initializing",
            Status::Running => "Running",
            Status::Success => "Succeeded",
            Status::Failure => "Failed",
            Status::InitFailure => "Failed to initialize",
            Status::Stopping => "Stopping",
            Status::Stopped => "Stopped",
            Status::Killing => "Killing",
            Status::Killed => "Killed",
            Status::Unknown(raw) => raw,
        }
    }

    /// Still moving: PENDING, INITIALIZING, RUNNING, STOPPING, KILLING.
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Status::Pending
                | Status::Initializing
                | Status::Running
                | Status::Stopping
                | Status::Killing
        )
    }

    /// Finished for good: SUCCESS, FAILURE, INIT_FAILURE, STOPPED, KILLED.
    /// An unknown status is neither active nor terminal.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Status::Success
                | Status::Failure
                | Status::InitFailure
                | Status::Stopped
                | Status::Killed
        )
    }

    /// The documentation allows stop for Pending, Initializing, Running and Stopping.
    pub fn can_stop(&self) -> bool {
        matches!(
            self,
            Status::Pending | Status::Initializing | Status::Running | Status::Stopping
        )
    }

    /// Why Stop does nothing for this status (shown next to it), or `None` when it can be sent.
    pub fn stop_unavailable(&self) -> Option<&'static str> {
        if self.can_stop() {
            None
        } else if self.is_terminal() {
            Some("This execution has ended: there is nothing to stop.")
        } else if *self == Status::Killing {
            Some("The execution is being killed: a stop signal no longer applies.")
        } else {
            Some("Stop is unavailable: the server reported a status this card does not know.")
        }
    }

    /// Kill is allowed wherever stop is, and also while Killing.
    pub fn can_kill(&self) -> bool {
        self.can_stop() || matches!(self, Status::Killing)
    }

    /// Restart is only for failed executions.
    pub fn can_restart(&self) -> bool {
        matches!(self, Status::Failure)
    }

    /// Whether the widget should keep polling: active or unknown.
    pub fn keeps_polling(&self) -> bool {
        self.is_active() || matches!(self, Status::Unknown(_))
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_statuses_are_kept_short_and_plain() {
        let long = format!("PAUSED\u{202E}_BY\n{}", "X".repeat(500));
        let Status::Unknown(text) = Status::parse(&long) else {
            panic!("unknown expected");
        };
        assert_eq!(text.chars().count(), MAX_UNKNOWN_CHARS);
        assert!(text.starts_with("PAUSED_BY X") && text.ends_with('…'));
        assert_eq!(
            Status::parse(&text),
            Status::Unknown(text.clone()),
            "stable"
        );
        assert_eq!(
            Status::parse("RUN\u{200F}\u{202E}NING"),
            Status::parse("RUN\u{202E}NING")
        );
        assert_eq!(Status::parse(" \u{202E}running "), Status::Running);
        assert_eq!(Status::parse("\u{0}"), Status::Unknown(String::new()));
    }

    use super::*;

    #[test]
    fn round_trips_every_documented_status() {
        for s in Status::all() {
            assert_eq!(Status::parse(s.as_str()), s);
            assert_eq!(Status::parse(&s.as_str().to_lowercase()), s);
            assert_eq!(Status::parse(&format!("  {}\n", s.as_str())), s);
        }
    }

    #[test]
    fn parse_variants() {
        assert_eq!(Status::parse("running"), Status::Running);
        assert_eq!(Status::parse("Init_Failure"), Status::InitFailure);
        assert_eq!(Status::parse("init-failure"), Status::InitFailure);
        assert_eq!(Status::parse(" Paused "), Status::Unknown("Paused".into()));
        assert_eq!(Status::parse(""), Status::Unknown(String::new()));
        assert_eq!(Status::parse("Paused").as_str(), "Paused");
        assert_eq!(Status::parse("Paused").label(), "Paused");
        assert_eq!(Status::parse("Paused").css_modifier(), "unknown");
    }

    #[test]
    fn capability_table() {
        // status, active, terminal, stop, kill, restart, keeps_polling, css, label
        let table = [
            (
                Status::Pending,
                true,
                false,
                true,
                true,
                false,
                true,
                "pending",
                "Pending",
            ),
            (
                Status::Initializing,
                true,
                false,
                true,
                true,
                false,
                true,
                "initializing",
                "Initializing",
            ),
            (
                Status::Running,
                true,
                false,
                true,
                true,
                false,
                true,
                "running",
                "Running",
            ),
            (
                Status::Success,
                false,
                true,
                false,
                false,
                false,
                false,
                "success",
                "Succeeded",
            ),
            (
                Status::Failure,
                false,
                true,
                false,
                false,
                true,
                false,
                "failure",
                "Failed",
            ),
            (
                Status::InitFailure,
                false,
                true,
                false,
                false,
                false,
                false,
                "init-failure",
                "Failed to initialize",
            ),
            (
                Status::Stopping,
                true,
                false,
                true,
                true,
                false,
                true,
                "stopping",
                "Stopping",
            ),
            (
                Status::Stopped,
                false,
                true,
                false,
                false,
                false,
                false,
                "stopped",
                "Stopped",
            ),
            (
                Status::Killing,
                true,
                false,
                false,
                true,
                false,
                true,
                "killing",
                "Killing",
            ),
            (
                Status::Killed,
                false,
                true,
                false,
                false,
                false,
                false,
                "killed",
                "Killed",
            ),
            (
                Status::Unknown("X".into()),
                false,
                false,
                false,
                false,
                false,
                true,
                "unknown",
                "X",
            ),
        ];
        for (s, active, terminal, stop, kill, restart, polls, css, label) in table {
            assert_eq!(s.is_active(), active, "{s:?}");
            assert_eq!(s.is_terminal(), terminal, "{s:?}");
            assert_eq!(s.can_stop(), stop, "{s:?}");
            assert_eq!(s.can_kill(), kill, "{s:?}");
            assert_eq!(s.can_restart(), restart, "{s:?}");
            assert_eq!(s.keeps_polling(), polls, "{s:?}");
            assert_eq!(s.css_modifier(), css);
            assert_eq!(s.label(), label);
        }
    }

    #[test]
    fn stop_says_why_it_is_unavailable() {
        for s in [
            Status::Pending,
            Status::Initializing,
            Status::Running,
            Status::Stopping,
        ] {
            assert_eq!(s.stop_unavailable(), None, "{s:?}");
        }
        let ended = Some("This execution has ended: there is nothing to stop.");
        for s in [
            Status::Success,
            Status::Failure,
            Status::InitFailure,
            Status::Stopped,
            Status::Killed,
        ] {
            assert_eq!(s.stop_unavailable(), ended, "{s:?}");
        }
        assert!(Status::Killing
            .stop_unavailable()
            .is_some_and(|r| r.contains("being killed")));
        assert!(Status::Unknown("PAUSED".into())
            .stop_unavailable()
            .is_some_and(|r| r.contains("does not know")));
    }

    #[test]
    fn wire_text() {
        assert_eq!(Status::InitFailure.as_str(), "INIT_FAILURE");
        assert_eq!(Status::Killing.to_string(), "Killing");
    }
}
