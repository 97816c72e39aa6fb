//! Markdown: wiki pages (an index and one page per finding) and the executive
//! summary. User text is escaped so it can neither break the page's structure
//! nor inject HTML; only this module's own markup is live.
//!
//! The small helpers shared with the XLSX and Jira renderers live here too
//! (`change_text`, `reference_url`, `one_line`), so all formats say the same.

mod summary;

pub use summary::summary;

use crate::analysis::report::{status_words, Finding, FindingChange, Report};
use crate::export::file_stem;
use crate::model::labels::{
    risk_label, status_label, FEEDBACK_HEADING, FIELD_LABELS, LIBRARY_LABEL,
};
use std::fmt::Write;

/// "New" or "Changed: Scenario, Impact"; `None` when unchanged or without a
/// previous delivery.
pub(crate) fn change_text(f: &Finding) -> Option<String> {
    match &f.change {
        None => None,
        Some(FindingChange::New) => Some("New".into()),
        Some(FindingChange::Changed { fields }) => Some(format!("Changed: {}", fields.join(", "))),
    }
}

/// The MITRE page of a "CWE-n" or "CAPEC-n" reference.
pub(crate) fn reference_url(reference: &str) -> Option<String> {
    let r = reference.trim();
    let (prefix, number) = r.split_once('-')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match prefix.to_ascii_uppercase().as_str() {
        "CWE" => Some(format!(
            "https://cwe.mitre.org/data/definitions/{number}.html"
        )),
        "CAPEC" => Some(format!(
            "https://capec.mitre.org/data/definitions/{number}.html"
        )),
        _ => None,
    }
}

/// Text on one line: line breaks and runs of spaces become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Inline user text: HTML-significant characters as entities, Markdown
/// punctuation backslash-escaped, on one line.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Multi-line user text as paragraphs: each line escaped like `inline`, and a
/// line start that Markdown would read as a list, heading, quote, rule or code
/// block made plain.
fn block(s: &str) -> String {
    let mut lines = Vec::new();
    for line in s.lines() {
        let mut text = inline(line.trim_start());
        let first = text.chars().next();
        if matches!(first, Some('-' | '+' | '=')) {
            text.insert(0, '\\');
        } else if first.is_some_and(|c| c.is_ascii_digit()) {
            // "1." or "1)" starts an ordered list: escape the marker.
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            if matches!(text[digits..].chars().next(), Some('.' | ')')) {
                text.insert(digits, '\\');
            }
        }
        lines.push(text);
    }
    // Collapse runs of blank lines: one blank line is a paragraph break.
    let mut out = String::new();
    let mut blank = true;
    for line in lines {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(&line);
            out.push('\n');
            blank = false;
        }
    }
    out.trim_end().to_string()
}

/// A table cell: `inline` already escapes `|`, so user text cannot add columns.
fn cell(s: &str) -> String {
    let text = inline(s);
    if text.is_empty() {
        "—".into()
    } else {
        text
    }
}

fn reference_md(r: &str) -> String {
    match reference_url(r) {
        Some(url) => format!("[{}]({url})", inline(r)),
        None => inline(r),
    }
}

/// The page of a finding: `<id>-<title stem>.md`. The id keeps it unique.
pub fn page_name(f: &Finding) -> String {
    let id = file_stem(&f.id, "finding");
    let title = file_stem(&f.title, "");
    let title: String = title.chars().take(60).collect();
    let title = title.trim_end_matches('-');
    if title.is_empty() {
        format!("{id}.md")
    } else {
        format!("{id}-{title}.md")
    }
}

fn heading_line(report: &Report) -> String {
    let mut parts = vec![report.engagement_kind.clone()];
    if !report.info.customer.trim().is_empty() {
        parts.push(format!("for {}", inline(&report.info.customer)));
    }
    parts.push(report.date.clone());
    parts.push(format!("version {}", report.version));
    parts.join(" · ")
}

fn by_risk_table(out: &mut String, report: &Report) {
    out.push_str("| Risk level | Findings |\n|---|---:|\n");
    for c in &report.by_risk {
        let _ = writeln!(out, "| {} | {} |", risk_label(c.level), c.count);
    }
    let _ = writeln!(out, "| **Total** | **{}** |", report.findings.len());
}

/// "By status: 4 open, 1 mitigated, …", counted over the report's findings.
fn status_line(out: &mut String, report: &Report) {
    let _ = writeln!(out, "\nBy status: {}.", status_words(&report.by_status()));
}

/// "Changes since …" with the new, changed and removed findings; `link`
/// turns a finding into a link to its page (the wiki) or leaves it plain.
fn changes_section(out: &mut String, report: &Report, link: bool) {
    let Some(diff) = &report.changes else {
        return;
    };
    let _ = writeln!(
        out,
        "\n## Changes since the previous delivery\n\nSince “{}” ({}): {} new, {} changed, {} unchanged, {} removed.\n",
        inline(&diff.since_label),
        diff.since_date,
        diff.new,
        diff.changed,
        diff.unchanged,
        diff.removed.len()
    );
    let name = |f: &Finding| {
        let text = format!("{}: {}", inline(&f.id), inline(&f.title));
        if link {
            format!("[{text}]({})", page_name(f))
        } else {
            text
        }
    };
    for f in &report.findings {
        match &f.change {
            Some(FindingChange::New) => {
                let _ = writeln!(out, "- **New**: {}", name(f));
            }
            Some(FindingChange::Changed { fields }) => {
                let _ = writeln!(
                    out,
                    "- **Changed**: {} ({})",
                    name(f),
                    inline(&fields.join(", "))
                );
            }
            None => {}
        }
    }
    for r in &diff.removed {
        let _ = writeln!(
            out,
            "- **Removed**: {}: {}",
            inline(&r.id),
            inline(&r.title)
        );
    }
}

/// (file name, content): `index.md` and one page per finding.
pub fn wiki(report: &Report) -> Vec<(String, String)> {
    let mut files = Vec::with_capacity(report.findings.len() + 1);
    files.push(("index.md".to_string(), index(report)));
    for f in &report.findings {
        files.push((page_name(f), page(report, f)));
    }
    files
}

fn index(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Threat model findings: {}\n\n{}\n",
        inline(&report.info.name),
        heading_line(report)
    );
    if !report.info.application.trim().is_empty() {
        let _ = writeln!(out, "Application: {}\n", inline(&report.info.application));
    }
    out.push_str("## Findings by risk level\n\n");
    by_risk_table(&mut out, report);
    status_line(&mut out, report);
    if report.findings.is_empty() {
        out.push_str("\n## Findings\n\nNo findings.\n");
    } else {
        out.push_str("\n## Open findings\n\n");
        let open = report.open_findings();
        if open.is_empty() {
            out.push_str("No open findings.\n");
        }
        findings_table(&mut out, report, &open);
        let resolved = report.resolved_findings();
        if !resolved.is_empty() {
            out.push_str(
                "\n## Resolved findings\n\nAccepted, mitigated or found a false positive.\n\n",
            );
            findings_table(&mut out, report, &resolved);
        }
    }
    changes_section(&mut out, report, true);
    out
}

fn findings_table(out: &mut String, report: &Report, findings: &[&Finding]) {
    if findings.is_empty() {
        return;
    }
    let changes = report.changes.is_some();
    out.push_str("| ID | Title | Risk level | Threat category | Affected asset | Status |");
    out.push_str(if changes {
        " Since last delivery |\n|---|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|---|\n"
    });
    for f in findings {
        let _ = write!(
            out,
            "| {} | [{}]({}) | {} | {} | {} | {} |",
            cell(&f.id),
            cell(&f.title),
            page_name(f),
            risk_label(f.risk),
            cell(&f.category),
            cell(&f.affected_asset),
            status_label(f.lifecycle)
        );
        if changes {
            let _ = write!(out, " {} |", cell(&change_text(f).unwrap_or_default()));
        }
        out.push('\n');
    }
}

fn page(report: &Report, f: &Finding) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", inline(&f.id), inline(&f.title));
    if let (Some(text), Some(diff)) = (change_text(f), &report.changes) {
        let _ = writeln!(
            out,
            "> **{}** since “{}” ({})\n",
            inline(&text),
            inline(&diff.since_label),
            diff.since_date
        );
    }
    let _ = writeln!(
        out,
        "[Back to the index](index.md) · {} · report of {}, version {}\n",
        inline(&report.info.name),
        report.date,
        report.version
    );
    let fields = f.fields();
    for (label, value) in FIELD_LABELS.iter().zip(fields.iter()) {
        let _ = writeln!(out, "## {label}\n");
        if *label == "Recommended actions" {
            if f.recommended_actions.is_empty() {
                out.push_str("None given.\n\n");
            }
            for a in &f.recommended_actions {
                let _ = writeln!(out, "- {}", inline(a));
            }
            if !f.recommended_actions.is_empty() {
                out.push('\n');
            }
        } else if *label == "Threat category" {
            let _ = writeln!(out, "{} ({})\n", inline(value), inline(&f.category_letter));
        } else {
            let text = block(value);
            let _ = writeln!(out, "{}\n", if text.is_empty() { "—" } else { &text });
        }
    }
    let _ = writeln!(out, "## Status\n\n{}\n", status_label(f.lifecycle));
    if !f.feedback.is_empty() {
        let _ = writeln!(out, "## {FEEDBACK_HEADING}\n");
        for l in &f.feedback {
            let _ = writeln!(out, "- {}", inline(&l.line()));
        }
        out.push('\n');
    }
    out.push_str("## References\n\n");
    if f.references.is_empty() {
        out.push_str("None.\n");
    }
    for r in &f.references {
        let _ = writeln!(out, "- {}", reference_md(r));
    }
    if let Some(source) = &f.library_source {
        let _ = writeln!(out, "\n{LIBRARY_LABEL}: {}", inline(source));
    }
    let _ = writeln!(out, "\n---\n\n[Back to the index](index.md)");
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_and_markdown() {
        assert_eq!(
            inline("<b>a|b</b> & *c*"),
            "&lt;b&gt;a\\|b&lt;/b&gt; &amp; \\*c\\*"
        );
        assert_eq!(
            block("- x\n1. y\n    code\n# h"),
            "\\- x\n1\\. y\ncode\n\\# h"
        );
    }

    #[test]
    fn reference_links() {
        assert_eq!(
            reference_url("CWE-319").as_deref(),
            Some("https://cwe.mitre.org/data/definitions/319.html")
        );
        assert_eq!(
            reference_url(" capec-94 ").as_deref(),
            Some("https://capec.mitre.org/data/definitions/94.html")
        );
        assert_eq!(reference_url("CWE-"), None);
        assert_eq!(reference_url("OWASP A01"), None);
    }
}
