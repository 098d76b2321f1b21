//! Renders execution documents in the two shapes the docs show.

use serde_json::{json, Map, Value};

use crate::config::ShapeMode;
use crate::state::Execution;

/// The document of one execution in the given shape (a `raw` document is emitted verbatim).
pub fn render(execution: &Execution, mode: ShapeMode) -> Value {
    if let Some(raw) = &execution.raw {
        return raw.clone();
    }
    let mut doc = Map::new();
    doc.insert("execution_id".into(), json!(execution.execution_id));
    doc.insert("job_id".into(), json!(execution.job_id));
    doc.insert("account_alias".into(), json!(execution.account_alias));
    doc.insert("status".into(), json!(execution.status()));
    doc.insert("failed_hosts".into(), json!(execution.failed_hosts));
    doc.insert(
        "is_vpn_established".into(),
        json!(execution.is_vpn_established),
    );
    match mode {
        ShapeMode::Timers | ShapeMode::Docs => {
            let timers: Vec<Value> = execution
                .timers
                .iter()
                .map(|t| json!({ "start": t.start, "end": t.end }))
                .collect();
            doc.insert("timers".into(), Value::Array(timers));
            doc.insert("repository_log".into(), execution.repository_log.clone());
        }
        ShapeMode::Flat => {
            let latest = execution.timers.last();
            doc.insert("start".into(), json!(latest.map(|t| t.start)));
            doc.insert("end".into(), json!(latest.and_then(|t| t.end)));
            doc.insert(
                "repository_log".into(),
                flat_repository_log(&execution.repository_log),
            );
            doc.insert("id".into(), json!(execution.doc_id));
        }
    }
    for (key, value) in &execution.extra {
        doc.insert(key.clone(), value.clone());
    }
    Value::Object(doc)
}

/// An object `repository_log` becomes the docs' single-quoted pseudo-JSON string; other values stay.
pub fn flat_repository_log(log: &Value) -> Value {
    match log {
        Value::Object(object) => Value::String(pseudo_json(object)),
        other => other.clone(),
    }
}

/// `{\n 'recent_commit': [ { "commit": "…", "author": "…", "date": "…", "message": "…" } ],\n 'tags': []\n}`
pub fn pseudo_json(log: &Map<String, Value>) -> String {
    let commits: Vec<String> = log
        .get("recent_commit")
        .and_then(Value::as_array)
        .map(|commits| commits.iter().map(pseudo_commit).collect())
        .unwrap_or_default();
    let commits = if commits.is_empty() {
        "[]".to_string()
    } else {
        format!("[ {} ]", commits.join(", "))
    };
    let tags: Vec<String> = log
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| tags.iter().map(Value::to_string).collect())
        .unwrap_or_default();
    format!(
        "{{\n 'recent_commit': {commits},\n 'tags': [{}]\n}}",
        tags.join(", ")
    )
}

fn pseudo_commit(commit: &Value) -> String {
    let Some(commit) = commit.as_object() else {
        return commit.to_string();
    };
    let fields: Vec<String> = ["commit", "author", "date", "message"]
        .iter()
        .filter_map(|key| {
            commit
                .get(*key)
                .map(|value| format!("{}: {value}", Value::from(*key)))
        })
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

/// A document whose fields all have the wrong types, for the `wrong_types` fault.
pub fn wrong_types(route: &str) -> Value {
    match route {
        "list" => json!({ "totalSize": "many", "page": "0", "size": null, "results": {} }),
        "login" => {
            json!({ "userName": 7, "accountAlias": [], "roles": "admin", "bearerToken": 42 })
        }
        _ => json!({
            "execution_id": 7,
            "job_id": false,
            "account_alias": {},
            "status": 42,
            "timers": "x",
            "start": "yesterday",
            "end": [],
            "repository_log": 12,
            "failed_hosts": "none",
            "is_vpn_established": "yes"
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_json_matches_the_docs() {
        let log = json!({"recent_commit": [{"commit": "b087e1a44c79d0576d7cccd249d3e71a3c54fe12",
            "author": "Author name", "author_email": "a@example.com",
            "date": "Wed Sep 16 16:27:20 2015 -0500", "message": "Latest commit"}], "tags": []});
        let Value::Object(log) = log else { panic!() };
        assert_eq!(
            pseudo_json(&log),
            "{\n 'recent_commit': [ { \"commit\": \"b087e1a44c79d0576d7cccd249d3e71a3c54fe12\", \"author\": \"Author name\", \"date\": \"Wed Sep 16 16:27:20 2015 -0500\", \"message\": \"Latest commit\" } ],\n 'tags': []\n}"
        );
    }
}
