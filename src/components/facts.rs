use std::sync::Arc;

use leptos::prelude::*;
use runner_core::{Execution, RepositoryLog};

use super::{text, CommitInfo, FailedHosts, IdText};

/// Ids, VPN flag, commit and failed hosts of one execution.
///
/// Built once per card and kept: each part follows its own field, so a poll that changes the
/// status does not rebuild the hosts list or the commit, and what the user expanded stays expanded.
#[component]
pub fn Facts(
    /// The execution to describe (None until the first answer: every part is then empty).
    #[prop(into)]
    execution: Signal<Option<Execution>>,
    /// The card's polite live region (the Copy buttons say how a copy went).
    announce: RwSignal<String>,
) -> impl IntoView {
    let field = move |f: fn(&Execution) -> String| {
        text(move || execution.with(|e| e.as_ref().map(f).unwrap_or_default()))
    };
    let execution_id = field(|e| e.execution_id.clone());
    let job_id = field(|e| e.job_id.clone().unwrap_or_default());
    let account = field(|e| e.account_alias.clone().unwrap_or_default());
    let vpn = field(|e| {
        match e.is_vpn_established {
            Some(true) => "Established",
            Some(false) => "Not established",
            None => "Unknown",
        }
        .to_string()
    });
    // memos: these two build DOM, so they change only when their own field does
    let log = Memo::new(move |_| {
        execution.with(|e| {
            e.as_ref()
                .map(|e| e.repository_log.clone())
                .unwrap_or(RepositoryLog::Absent)
        })
    });
    let hosts = Memo::new(move |_| {
        execution.with(|e| {
            e.as_ref()
                .map(|e| e.failed_hosts.clone())
                .unwrap_or_else(|| Arc::from(Vec::new()))
        })
    });
    view! {
        <dl class="rw-facts">
            <div class="rw-facts__row">
                <dt>"Execution"</dt>
                <dd><IdText value=execution_id what="execution id" announce/></dd>
            </div>
            <div class="rw-facts__row">
                <dt>"Job"</dt>
                <dd><IdText value=job_id what="job id" announce/></dd>
            </div>
            <div class="rw-facts__row">
                <dt>"Account"</dt>
                <dd><code>{account}</code></dd>
            </div>
            <div class="rw-facts__row">
                <dt>"VPN"</dt>
                <dd data-vpn=vpn>{vpn}</dd>
            </div>
            <div class="rw-facts__row">
                <dt>"Playbook commit"</dt>
                <dd><CommitInfo log=log/></dd>
            </div>
            <div class="rw-facts__row rw-facts__row--wide">
                <dt>"Failed hosts"</dt>
                <dd><FailedHosts hosts=hosts announce/></dd>
            </div>
        </dl>
    }
}
