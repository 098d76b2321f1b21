//! The `repository_log` field: the Git commit the playbook ran from, in any of its documented shapes.

use crate::json::{Map, Value};

/// The most recent commit of the playbook repository; every field is optional.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Commit {
    /// Full commit hash (`commit` on the wire).
    pub sha: Option<String>,
    /// Author name.
    pub author: Option<String>,
    /// Author e-mail address.
    pub author_email: Option<String>,
    /// Commit date as the server wrote it (e.g. `Wed Sep 16 16:27:20 2015 -0500`).
    pub date: Option<String>,
    /// Commit message.
    pub message: Option<String>,
}

impl Commit {
    /// The first seven characters of the hash (character-safe), if there is a hash.
    pub fn short_sha(&self) -> Option<String> {
        self.sha.as_ref().map(|s| s.chars().take(7).collect())
    }

    /// One line for the card: message, "by" author, date, the parts present, joined with " — ".
    /// Each part is a bidirectional isolate (U+2068 … U+2069), with the embedding, override and
    /// isolate controls it carried (U+202A–U+202E, U+2066–U+2069) taken out: a right-to-left
    /// override in a message can't reorder the author and date after it (nor a stray U+2069 end
    /// the isolate early), and Arabic or Hebrew text keeps its own direction without pulling the
    /// rest along.
    pub fn detail(&self) -> String {
        let isolate = |part: &str| {
            let plain = part.replace(
                |c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
                "",
            );
            format!("\u{2068}{plain}\u{2069}")
        };
        [
            self.message.as_deref().map(isolate),
            self.author.as_deref().map(|a| format!("by {}", isolate(a))),
            self.date.as_deref().map(isolate),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" — ")
    }

    fn is_empty(&self) -> bool {
        self == &Commit::default()
    }
}

/// What the execution says about the playbook's Git version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepositoryLog {
    /// Missing, null, or empty.
    Absent,
    /// A commit could be read.
    Commit(Commit),
    /// Something else; shown as-is.
    Raw(String),
}

impl RepositoryLog {
    /// Decodes every documented shape; never fails.
    pub fn from_value(v: &Value) -> RepositoryLog {
        match v {
            Value::Null => RepositoryLog::Absent,
            Value::Object(map) => match commit_from_object(map) {
                Some(c) => RepositoryLog::Commit(c),
                None if has_empty_recent_commit(map) => RepositoryLog::Absent,
                None => RepositoryLog::Raw(v.to_string()),
            },
            Value::String(s) => from_text(s),
            other => RepositoryLog::Raw(other.to_string()),
        }
    }
}

fn from_text(s: &str) -> RepositoryLog {
    let text = s.trim();
    if text.is_empty() {
        return RepositoryLog::Absent;
    }
    let parsed = crate::json::parse(text)
        .ok()
        .or_else(|| crate::json::parse(&single_to_double_quotes(text)).ok());
    if let Some(Value::Object(map)) = &parsed {
        if let Some(c) = commit_from_object(map) {
            return RepositoryLog::Commit(c);
        }
    }
    if is_sha(text) {
        return RepositoryLog::Commit(Commit {
            sha: Some(text.to_string()),
            ..Commit::default()
        });
    }
    RepositoryLog::Raw(s.to_string())
}

fn is_sha(s: &str) -> bool {
    (7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn has_empty_recent_commit(map: &Map) -> bool {
    matches!(map.get("recent_commit"), Some(Value::Array(a)) if a.is_empty())
        || matches!(map.get("recent_commit"), Some(Value::Null))
}

/// `{"recent_commit": [{...}]}`, `{"recent_commit": {...}}`, or a bare commit object.
fn commit_from_object(map: &Map) -> Option<Commit> {
    let inner = match map.get("recent_commit") {
        Some(Value::Array(items)) => items.first()?.as_object()?,
        Some(Value::Object(obj)) => obj,
        _ => map,
    };
    let field = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| inner.get(k).and_then(crate::decode::non_empty_string))
    };
    let commit = Commit {
        sha: field(&["commit", "sha", "hash"]),
        author: field(&["author", "author_name"]),
        author_email: field(&["author_email", "email"]),
        date: field(&["date"]),
        message: field(&["message"]),
    };
    (!commit.is_empty()).then_some(commit)
}

/// Rewrites Python-style single-quoted strings as JSON strings, leaving double-quoted strings
/// (and the apostrophes inside them) untouched. `None`/`True`/`False` outside strings become
/// `null`/`true`/`false`.
pub(crate) fn single_to_double_quotes(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 8);
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    out.push(c);
                    match c {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some('\'') => out.push('\''),
                            Some(e) => {
                                out.push('\\');
                                out.push(e);
                            }
                            None => {}
                        },
                        '"' => out.push_str("\\\""),
                        '\'' => break,
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            c if c.is_ascii_alphabetic() => {
                let mut word = String::from(c);
                while let Some(&n) = chars.peek().filter(|n| n.is_ascii_alphanumeric()) {
                    word.push(n);
                    chars.next();
                }
                out.push_str(match word.as_str() {
                    "None" => "null",
                    "True" => "true",
                    "False" => "false",
                    w => w,
                });
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_detail_isolates_each_part() {
        let commit = Commit {
            message: Some("fix \u{2069}\u{202E}gnp.exe\u{2066}".into()),
            author: Some("Dana".into()),
            date: Some("Wed Sep 16 16:27:20 2015 -0500".into()),
            ..Commit::default()
        };
        assert_eq!(
            commit.detail(),
            "\u{2068}fix gnp.exe\u{2069} — by \u{2068}Dana\u{2069} — \u{2068}Wed Sep 16 16:27:20 2015 -0500\u{2069}"
        );
        let author_only = Commit {
            author: Some("Dana".into()),
            ..Commit::default()
        };
        assert_eq!(author_only.detail(), "by \u{2068}Dana\u{2069}");
        assert_eq!(Commit::default().detail(), "");
    }

    use super::*;
    use crate::json::json;

    const DOCS_EXAMPLE: &str = "{\n 'recent_commit': [ { \"commit\": \"b087e1a44c79d0576d7cccd249d3e71a3c54fe12\", \"author\": \"Author name\", \"date\": \"Wed Sep 16 16:27:20 2015 -0500\", \"message\": \"Latest commit\" } ],\n 'tags': []\n}";

    fn sha_only(s: &str) -> RepositoryLog {
        RepositoryLog::Commit(Commit {
            sha: Some(s.into()),
            ..Commit::default()
        })
    }

    #[test]
    fn docs_pseudo_json() {
        let RepositoryLog::Commit(c) = RepositoryLog::from_value(&json!(DOCS_EXAMPLE)) else {
            panic!("expected a commit");
        };
        assert_eq!(
            c.sha.as_deref(),
            Some("b087e1a44c79d0576d7cccd249d3e71a3c54fe12")
        );
        assert_eq!(c.short_sha().as_deref(), Some("b087e1a"));
        assert_eq!(c.author.as_deref(), Some("Author name"));
        assert_eq!(c.author_email, None);
        assert_eq!(c.date.as_deref(), Some("Wed Sep 16 16:27:20 2015 -0500"));
        assert_eq!(c.message.as_deref(), Some("Latest commit"));
    }

    #[test]
    fn apostrophes_inside_double_quotes_survive() {
        let s = r#"{'recent_commit': [{'commit': 'abc1234', "message": "Don't 'panic'", 'author': 'O\'Brien "OB"'}]}"#;
        let RepositoryLog::Commit(c) = RepositoryLog::from_value(&json!(s)) else {
            panic!("expected a commit");
        };
        assert_eq!(c.message.as_deref(), Some("Don't 'panic'"));
        assert_eq!(c.author.as_deref(), Some("O'Brien \"OB\""));
        assert_eq!(c.sha.as_deref(), Some("abc1234"));
    }

    #[test]
    fn python_literals() {
        let s =
            "{'recent_commit': [{'commit': 'abcdef1', 'message': None}], 'tags': [], 'ok': True}";
        assert_eq!(RepositoryLog::from_value(&json!(s)), sha_only("abcdef1"));
    }

    #[test]
    fn shapes() {
        let sha = "b087e1a44c79d0576d7cccd249d3e71a3c54fe12";
        assert_eq!(RepositoryLog::from_value(&json!(sha)), sha_only(sha));
        assert_eq!(
            RepositoryLog::from_value(&json!(null)),
            RepositoryLog::Absent
        );
        assert_eq!(
            RepositoryLog::from_value(&json!("  ")),
            RepositoryLog::Absent
        );
        assert_eq!(
            RepositoryLog::from_value(&json!({"recent_commit": [], "tags": []})),
            RepositoryLog::Absent
        );
        assert_eq!(
            RepositoryLog::from_value(&json!("v1.2 of the playbook")),
            RepositoryLog::Raw("v1.2 of the playbook".into())
        );
        assert_eq!(
            RepositoryLog::from_value(&json!("abc12")),
            RepositoryLog::Raw("abc12".into())
        );
        assert_eq!(
            RepositoryLog::from_value(&json!(42)),
            RepositoryLog::Raw("42".into())
        );
        assert_eq!(
            RepositoryLog::from_value(&json!([1])),
            RepositoryLog::Raw("[1]".into())
        );
        assert_eq!(
            RepositoryLog::from_value(&json!({"tags": []})),
            RepositoryLog::Raw("{\"tags\":[]}".into())
        );
        assert_eq!(
            RepositoryLog::from_value(&json!({"recent_commit": {"commit": "abcdef0"}})),
            sha_only("abcdef0")
        );
    }

    #[test]
    fn short_sha_is_char_safe() {
        let c = Commit {
            sha: Some("ééééééééé".into()),
            ..Commit::default()
        };
        assert_eq!(c.short_sha().as_deref(), Some("ééééééé"));
        assert_eq!(Commit::default().short_sha(), None);
    }

    #[test]
    fn unterminated_quotes_do_not_panic() {
        for s in ["'abc", "\"abc", "{'a': 'b\\", "'\\", "\\'"] {
            let _ = single_to_double_quotes(s);
            let _ = RepositoryLog::from_value(&json!(s));
        }
    }
}
