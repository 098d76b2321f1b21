use leptos::prelude::*;
use runner_core::Execution;

use super::{CommitInfo, FailedHosts, IdText};

/// Ids, VPN flag, commit and failed hosts of one execution.
#[component]
pub fn Facts(
    /// The execution to describe.
    execution: Execution,
    /// The account alias configured for the card (used when the document has none).
    account: String,
) -> impl IntoView {
    let Execution {
        execution_id,
        job_id,
        account_alias,
        repository_log,
        failed_hosts,
        is_vpn_established,
        ..
    } = execution;
    let vpn = match is_vpn_established {
        Some(true) => "Established",
        Some(false) => "Not established",
        None => "Unknown",
    };
    let job_id = job_id.unwrap_or_default();
    let account = account_alias.unwrap_or(account);
    view! {
        <dl class="rw-facts">
            <div class="rw-facts__row">
                <dt>"Execution"</dt>
                <dd><IdText value=execution_id what="execution id"/></dd>
            </div>
            <div class="rw-facts__row">
                <dt>"Job"</dt>
                <dd>{if job_id.is_empty() { view! { <span class="rw-muted">"Unknown"</span> }.into_any() } else { view! { <IdText value=job_id what="job id"/> }.into_any() }}</dd>
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
                <dd><CommitInfo log=repository_log/></dd>
            </div>
            <div class="rw-facts__row rw-facts__row--wide">
                <dt>"Failed hosts"</dt>
                <dd><FailedHosts hosts=failed_hosts/></dd>
            </div>
        </dl>
    }
}
