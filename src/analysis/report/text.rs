//! Small text helpers every format shares, so that inlined lists of
//! sentences read the same (and correctly) in each.

use crate::analysis::questions::DoingAboutIt;

/// `text` cut at a word boundary to at most `max` characters, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// `text` trimmed and ending as a sentence: a full stop added unless it ends
/// in one (or in "!", "?", "…"). Empty stays empty.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Items inlined as consecutive sentences: "Use TLS. Record the protocol."
/// (never "TLS.; Record the protocol..").
pub fn sentences<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    items
        .into_iter()
        .map(|s| sentence(s.as_ref()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "4 open, 1 mitigated, 1 accepted and 2 false positives": the status
/// figures in the words every format uses.
pub fn status_words(d: &DoingAboutIt) -> String {
    let fp = if d.false_positive == 1 {
        "false positive"
    } else {
        "false positives"
    };
    format!(
        "{} open, {} mitigated, {} accepted and {} {fp}",
        d.open, d.mitigated, d.accepted, d.false_positive
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_once() {
        assert_eq!(
            sentences(["Use TLS on plaintext connections.", " Record the protocol "]),
            "Use TLS on plaintext connections. Record the protocol."
        );
        assert_eq!(sentences(["Why?", "", "Done…"]), "Why? Done…");
        assert_eq!(shorten("one two three", 9), "one two…");
        assert_eq!(shorten("one. two three", 6), "one…");
    }
}
