//! Markdown: wiki pages and the executive summary. STUB: helper C replaces this.
use crate::report::Report;

pub fn summary(_report: &Report) -> String {
    String::new()
}

/// (file name, content): `index.md` and one page per finding.
pub fn wiki(_report: &Report) -> Vec<(String, String)> {
    vec![]
}
