//! Failed hosts: the filter the card offers on long lists, and the list it copies.

/// Whether `host` matches the filter `query`: it contains the query, ignoring ASCII case (host
/// names are ASCII; other characters must match exactly). Spaces around the query are ignored, and
/// an empty query matches every host.
pub fn host_matches(host: &str, query: &str) -> bool {
    let needle = query.trim().as_bytes();
    // a plain scan: `str::contains` would bring the two-way substring searcher into the wasm
    needle.is_empty()
        || host
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The hosts for the clipboard, one per line, as in an Ansible retry file (`--limit @file`). A
/// control character inside a name (a line break from a hostile or broken server) becomes U+FFFD,
/// so each host stays on its own line and the pasted list holds nothing invisible.
pub fn hosts_for_clipboard(hosts: &[String]) -> String {
    let mut out = String::new();
    for (i, host) in hosts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(
            host.chars()
                .map(|c| if c.is_control() { '\u{FFFD}' } else { c }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_substrings_ignoring_ascii_case_and_spaces_around() {
        assert!(host_matches("web-0012.Prod.example.com", "prod"));
        assert!(host_matches("web-0012.prod.example.com", "  WEB-00 "));
        assert!(host_matches("db", ""));
        assert!(host_matches("db", "   "));
        assert!(!host_matches("db-1", "web"));
        assert!(!host_matches("db", "db-1"));
        assert!(!host_matches("", "x"));
    }

    #[test]
    fn non_ascii_characters_match_exactly() {
        assert!(host_matches("hôte-1", "hôte"));
        assert!(!host_matches("HÔTE-1", "hôte"));
    }

    #[test]
    fn clipboard_list_has_one_host_per_line_and_no_control_characters() {
        let hosts = vec![
            "a.example".to_string(),
            "b\nrm -rf /".to_string(),
            "c\u{7}\r\t".to_string(),
            "<img src=x>".to_string(),
        ];
        assert_eq!(
            hosts_for_clipboard(&hosts),
            "a.example\nb\u{FFFD}rm -rf /\nc\u{FFFD}\u{FFFD}\u{FFFD}\n<img src=x>"
        );
        assert_eq!(hosts_for_clipboard(&Vec::new()), "");
        let blanks = ["".to_string(), "".to_string()];
        assert_eq!(hosts_for_clipboard(&blanks), "\n");
        let one = ["only".to_string()];
        assert_eq!(hosts_for_clipboard(&one), "only");
    }
}
