use std::sync::Arc;

use leptos::prelude::*;
use runner_core::{Execution, RepositoryLog};

use super::{commit_info, failed_hosts, id_text};
use crate::dom::{el, El};

/// Ids, VPN flag, commit and failed hosts of one execution.
///
/// Built once per card and kept: each part follows its own field, so a poll that changes the
/// status does not rebuild the hosts list or the commit, and what the user expanded stays expanded.
///
/// - `execution`: the execution to describe (None until the first answer: every part is then empty).
/// - `announce`: the card's polite live region (the Copy buttons say how a copy went).
pub fn facts(execution: Signal<Option<Execution>>, announce: RwSignal<String>) -> El {
    let field = move |f: fn(&Execution) -> String| {
        Signal::derive(move || execution.with(|e| e.as_ref().map(f).unwrap_or_default()))
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
    let row = |term: &str, detail: El| {
        el("div")
            .class("rw-facts__row")
            .child(el("dt").text(term))
            .child(detail)
    };
    el("dl")
        .class("rw-facts")
        .child(row(
            "Execution",
            el("dd").children(id_text(execution_id, "execution id", announce)),
        ))
        .child(row(
            "Job",
            el("dd").children(id_text(job_id, "job id", announce)),
        ))
        .child(row(
            "Account",
            el("dd").child(el("code").dyn_text(move || account.get())),
        ))
        .child(row(
            "VPN",
            el("dd")
                .dyn_value_attr("data-vpn", move || vpn.get())
                .dyn_text(move || vpn.get()),
        ))
        .child(row(
            "Playbook commit",
            el("dd").dyn_child(move || Some(log.with(|log| commit_info(log, announce)))),
        ))
        .child(
            row(
                "Failed hosts",
                el("dd").child(failed_hosts(hosts.into(), announce)),
            )
            .class("rw-facts__row rw-facts__row--wide"),
        )
}
