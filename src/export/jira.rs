//! Jira CSV: one issue per finding, for Jira's CSV importer (see "Jira import"
//! in the README for the field mapping and how re-imports update issues).
//!
//! Every field is quoted. The description is Jira text formatting (wiki
//! markup); user text in it is escaped so that it reads as typed.

use crate::analysis::report::{Finding, Report};
use crate::error::{Error, Result};
use crate::export::markdown::{one_line, reference_url};
use crate::model::labels::{
    risk_label, status_label, FEEDBACK_HEADING, FIELD_LABELS, LIBRARY_LABEL,
};
use crate::model::RiskLevel;
use std::collections::BTreeMap;

/// The header row. Jira takes repeated "Labels" columns as several labels.
pub const COLUMNS: [&str; 9] = [
    "Summary",
    "Description",
    "Issue Type",
    "Priority",
    "Labels",
    "Labels",
    "Labels",
    "Component/s",
    ID_COLUMN,
];

/// The column holding each finding's stable external id.
pub const ID_COLUMN: &str = "Threatloom ID";

/// Findings are security defects; the importer can map this to another type.
pub const ISSUE_TYPE: &str = "Bug";

/// Jira rejects longer summaries.
const MAX_SUMMARY_CHARS: usize = 255;

/// Jira's default priority scheme from the risk level; unrated findings get
/// the scheme's default, Medium.
pub fn priority(risk: Option<RiskLevel>) -> &'static str {
    match risk {
        Some(RiskLevel::Critical) => "Highest",
        Some(RiskLevel::High) => "High",
        Some(RiskLevel::Medium) | None => "Medium",
        Some(RiskLevel::Low) => "Low",
        Some(RiskLevel::Note) => "Lowest",
    }
}

/// A Jira label (no spaces allowed): lower case, words joined by `-`.
fn slug(prefix: &str, text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!("{prefix}-{}", words.join("-"))
}

/// The labels of a finding, one per "Labels" column.
pub fn labels(f: &Finding) -> [String; 3] {
    [
        "threatloom".to_string(),
        slug("stride", &f.category),
        slug("risk", risk_label(f.risk)),
    ]
}

/// The summary: one line, within Jira's length limit.
pub fn summary(f: &Finding) -> String {
    let title = one_line(&f.title);
    if title.chars().count() <= MAX_SUMMARY_CHARS {
        return title;
    }
    let mut cut: String = title.chars().take(MAX_SUMMARY_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Jira issue keys ("SEC-42") by Threatloom ID, read from Jira's own export.
pub type IssueKeys = BTreeMap<String, String>;

/// The header of Jira's issue key column, in its exports and for its importer.
pub const ISSUE_KEY: &str = "Issue key";

/// The CSV for Jira's importer. With `keys`, an "Issue key" column comes
/// first: rows with a key update that issue on import, the others create one.
pub fn csv(report: &Report, keys: &IssueKeys) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Export(format!("cannot write the Jira CSV: {e}"));
    let keyed = !keys.is_empty();
    let key_column = keyed.then_some(ISSUE_KEY);
    w.write_record(key_column.into_iter().chain(COLUMNS))
        .map_err(fail)?;
    for f in &report.findings {
        let [l1, l2, l3] = labels(f);
        let key = keyed.then(|| keys.get(&f.external_id).cloned().unwrap_or_default());
        w.write_record(key.into_iter().chain([
            summary(f),
            description(f),
            ISSUE_TYPE.to_string(),
            priority(f.risk).to_string(),
            l1,
            l2,
            l3,
            one_line(&f.affected_asset),
            f.external_id.clone(),
        ]))
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Export(format!("cannot write the Jira CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Export(format!("Jira CSV is not UTF-8: {e}")))
}

/// Reads the issue keys Jira gave our findings from a CSV exported from Jira
/// (its "Issue key" column and the "Threatloom ID" custom field, which Jira
/// exports as "Custom field (Threatloom ID)").
pub fn issue_keys(jira_export: &str) -> Result<IssueKeys> {
    let bad = |why: String| Error::Export(format!("the Jira export {why}"));
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(jira_export.as_bytes());
    let header = r
        .headers()
        .map_err(|e| bad(format!("is not a CSV file: {e}")))?
        .clone();
    let column = |want: &str| {
        header.iter().position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}');
            h.eq_ignore_ascii_case(want)
                || h.eq_ignore_ascii_case(&format!("Custom field ({want})"))
        })
    };
    let key_at = column(ISSUE_KEY).ok_or_else(|| bad(format!("has no \"{ISSUE_KEY}\" column")))?;
    let id_at = column(ID_COLUMN).ok_or_else(|| bad(format!("has no \"{ID_COLUMN}\" column")))?;
    let mut keys = IssueKeys::new();
    for (line, row) in r.records().enumerate() {
        let row = row.map_err(|e| bad(format!("cannot be read at row {}: {e}", line + 2)))?;
        let (Some(key), Some(id)) = (row.get(key_at), row.get(id_at)) else {
            continue;
        };
        if !key.trim().is_empty() && !id.trim().is_empty() {
            keys.insert(id.trim().to_string(), key.trim().to_string());
        }
    }
    Ok(keys)
}

/// The description in Jira text formatting: a heading per field.
pub fn description(f: &Finding) -> String {
    let mut out = String::new();
    let fields = f.fields();
    for (label, value) in FIELD_LABELS.iter().zip(fields.iter()) {
        // The title is the summary already.
        if *label == "Title" {
            continue;
        }
        out.push_str("h3. ");
        out.push_str(label);
        out.push('\n');
        let body = match *label {
            "Recommended actions" => {
                bullets(f.recommended_actions.iter().map(|a| escape(&one_line(a))))
            }
            "Threat category" => format!("{} ({})", escape(value), escape(&f.category_letter)),
            _ => escape(value.trim()),
        };
        out.push_str(if body.is_empty() { "—" } else { &body });
        out.push_str("\n\n");
    }
    out.push_str("h3. References\n");
    let refs = bullets(f.references.iter().map(|r| match reference_url(r) {
        // Link text must not contain `|` or `]`; a reference with a URL is "CWE-n".
        Some(url) => format!("[{}|{url}]", escape(r.trim())),
        None => escape(&one_line(r)),
    }));
    out.push_str(if refs.is_empty() { "—" } else { &refs });
    if let Some(source) = &f.library_source {
        out.push_str(&format!("\n\nh3. {LIBRARY_LABEL}\n{}", escape(source)));
    }
    out.push_str("\n\nh3. Status\n");
    out.push_str(status_label(f.lifecycle));
    if !f.feedback.is_empty() {
        out.push_str("\n\nh3. ");
        out.push_str(FEEDBACK_HEADING);
        out.push('\n');
        out.push_str(&bullets(
            f.feedback.iter().map(|l| escape(&one_line(&l.line()))),
        ));
    }
    out.push_str("\n\n----\n");
    out.push_str("Threatloom finding ");
    out.push_str(&escape(&f.external_id));
    out
}

fn bullets(items: impl Iterator<Item = String>) -> String {
    items
        .filter(|i| !i.is_empty())
        .map(|i| format!("* {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters that are markup wherever they stand.
const ALWAYS: &[char] = &['{', '}', '[', ']', '|', '!'];
/// Text effects (`*bold*`, `_em_`, `-strike-`, `+ins+`, `^sup^`, `~sub~`) and
/// list markers: markup only next to a space, punctuation or a line end, so
/// "cross-site" and "snake_case" stay as typed.
const EFFECTS: &[char] = &['*', '_', '-', '+', '^', '~'];
const SPECIAL: &[char] = &[
    '{', '}', '[', ']', '|', '!', '*', '_', '-', '+', '^', '~', '#', '?', '\\',
];

/// User text for a Jira wiki-markup body: read as typed, line breaks kept.
pub fn escape(s: &str) -> String {
    s.lines().map(escape_line).collect::<Vec<_>>().join("\n")
}

fn escape_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    // "h1. " … "h6. " and "bq. " at a line start are block markup.
    let lead = line.trim_start();
    let block = lead.len() > 3
        && (lead.starts_with("bq. ")
            || (lead.starts_with('h')
                && lead[1..].starts_with(|c: char| ('1'..='6').contains(&c))
                && lead[2..].starts_with(". ")));
    let block_dot = if block {
        // The dot of "h1." or "bq." is the third byte.
        Some(line.len() - lead.len() + 2)
    } else {
        None
    };
    let mut byte = 0;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let word = |o: Option<char>| o.is_some_and(char::is_alphanumeric);
        let escape = if ALWAYS.contains(&c) {
            true
        } else if EFFECTS.contains(&c) {
            !(word(before) && word(after))
        } else if c == '#' {
            // A numbered-list marker at the start of a line.
            chars[..i].iter().all(|c| c.is_whitespace())
        } else if c == '?' {
            // "??citation??"
            after == Some('?')
        } else if c == '\\' {
            // "\\" is a line break and "\x" an escape: a backslash that would
            // form either is written as the look-alike U+29F5 instead.
            after.is_some_and(|a| SPECIAL.contains(&a))
        } else {
            Some(byte) == block_dot
        };
        if c == '\\' && escape {
            out.push('⧵');
        } else {
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
        byte += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_is_escaped_where_it_matters() {
        assert_eq!(escape("cross-site snake_case"), "cross-site snake_case");
        assert_eq!(escape("*bold* and -gone-"), "\\*bold\\* and \\-gone\\-");
        assert_eq!(
            escape("{code} [x|y] !img!"),
            "\\{code\\} \\[x\\|y\\] \\!img\\!"
        );
        assert_eq!(
            escape("# one\n* two\nh1. three"),
            "\\# one\n\\* two\nh1\\. three"
        );
        assert_eq!(escape("??cite?? why?"), "\\??cite\\?? why?");
        assert_eq!(escape(r"C:\Windows a\\b \{"), "C:\\Windows a⧵\\b ⧵\\{");
    }

    #[test]
    fn priorities() {
        assert_eq!(priority(Some(RiskLevel::Critical)), "Highest");
        assert_eq!(priority(Some(RiskLevel::Note)), "Lowest");
        assert_eq!(priority(None), "Medium");
    }
}
