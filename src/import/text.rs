//! Another tool's texts held to what the app accepts when typed: a name is
//! one line of at most 200 characters, a description 20,000, a property 500.
//! What is longer is shortened, and the report says so.

use super::ImportReport;
use crate::model::props::MAX_TEXT;

pub use crate::model::{MAX_DESCRIPTION, MAX_NAME};

/// `s` as a name: line breaks and other control characters become spaces,
/// runs of spaces one, at most `MAX_NAME` characters. `what` names it in the report.
pub fn name(s: &str, what: &str, report: &mut ImportReport) -> String {
    let one_line: String = s
        .split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    shorten(one_line, MAX_NAME, what, report)
}

/// `s` as a description (several lines allowed), at most `MAX_DESCRIPTION` characters.
pub fn long(s: &str, what: &str, report: &mut ImportReport) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    shorten(clean.trim().to_string(), MAX_DESCRIPTION, what, report)
}

/// `s` as a property's text, at most 500 characters.
pub fn prop(s: &str, what: &str, report: &mut ImportReport) -> String {
    let one_line = name_chars(s);
    shorten(one_line, MAX_TEXT, what, report)
}

fn name_chars(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

fn shorten(s: String, max: usize, what: &str, report: &mut ImportReport) -> String {
    if s.chars().count() <= max {
        return s;
    }
    report.dropped(format!("the end of {what} longer than {max} characters"));
    s.chars().take(max).collect()
}
