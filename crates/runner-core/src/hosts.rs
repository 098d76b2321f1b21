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

/// The hosts for the clipboard, one per line, the names as the server sent them. A character
/// that is invisible or breaks lines (controls, line and paragraph separators, bidi controls,
/// zero-width characters: from a hostile or broken server) becomes U+FFFD, so each host stays on
/// its own line and the pasted list holds nothing hidden. (Names are not checked against Ansible's
/// pattern syntax: read the list before using it as a `--limit` file.)
pub fn hosts_for_clipboard(hosts: &[String]) -> String {
    let mut out = String::new();
    for (i, host) in hosts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(host.chars().map(|c| if hidden(c) { '\u{FFFD}' } else { c }));
    }
    out
}

/// Whether `c` is invisible or breaks a line: controls (Cc), line and paragraph separators (Zl,
/// Zp), the format characters (Cf) that hide or reorder text, and the blank letters and
/// variation selectors that show nothing (Hangul fillers, U+034F, U+FE00–FE0F).
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

#[cfg(test)]
mod blank_letter_tests {
    #[test]
    fn blank_letters_and_variation_selectors_are_shown() {
        for c in [
            '\u{3164}', '\u{115F}', '\u{1160}', '\u{FFA0}', '\u{034F}', '\u{FE00}', '\u{FE0F}',
        ] {
            assert!(super::hidden(c), "U+{:04X}", u32::from(c));
        }
        assert!(!super::hidden('가') && !super::hidden('w'));
    }
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
            "web\u{202E}moc.lien\u{2028}x\u{200B}y\u{FEFF}".to_string(),
            "hôte-1".to_string(),
        ];
        assert_eq!(
            hosts_for_clipboard(&hosts),
            "a.example\nb\u{FFFD}rm -rf /\nc\u{FFFD}\u{FFFD}\u{FFFD}\n<img src=x>\n\
             web\u{FFFD}moc.lien\u{FFFD}x\u{FFFD}y\u{FFFD}\nhôte-1"
        );
        assert_eq!(hosts_for_clipboard(&Vec::new()), "");
        let blanks = ["".to_string(), "".to_string()];
        assert_eq!(hosts_for_clipboard(&blanks), "\n");
        let one = ["only".to_string()];
        assert_eq!(hosts_for_clipboard(&one), "only");
    }
}
