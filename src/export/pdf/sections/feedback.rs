//! The customer's feedback (per finding, and what it changed, for the
//! executive summary) and the resolved findings, kept apart from the open ones.

use super::*;
use crate::model::labels::FEEDBACK_HEADING;

/// Under a finding's fields: who said what, when. Nothing when there is none.
pub(super) fn feedback_block(doc: &mut Doc, f: &Finding) {
    if f.feedback.is_empty() {
        return;
    }
    doc.heading(3, FEEDBACK_HEADING);
    let rows = f
        .feedback
        .iter()
        .map(|l| {
            vec![
                Cell::text(l.date.clone()),
                Cell::text(or_dash(&l.by)),
                Cell::text(format!("{} — {}", l.what, l.text)),
            ]
        })
        .collect();
    doc.table(&Table::new(
        vec![col("Date", 1.05), col("By", 1.4), col("Feedback", 4.6)],
        rows,
    ));
}

/// The summary's "Changes after customer feedback": one row per finding the
/// feedback moved or commented on. Nothing when there is none.
pub(super) fn feedback_changes(doc: &mut Doc, report: &Report) {
    let rows: Vec<Vec<Cell>> = report
        .findings
        .iter()
        .filter_map(|f| {
            let what = f.feedback_summary()?;
            Some(vec![
                Cell::text(format!("{}  {}", f.id, f.title)),
                Cell::text(status_label(f.lifecycle)),
                Cell::text(what),
            ])
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    doc.heading(2, "Changes after customer feedback");
    doc.paragraph(
        &format!(
            "After the report was discussed with {}, {} changed; each finding's details give \
             the full feedback.",
            customer(report),
            plural(rows.len() as u64, "finding", "findings")
        ),
        &BODY,
    );
    doc.table(&Table::new(
        vec![
            col("Finding", 2.6),
            col("Status", 1.1),
            col("What changed", 3.6),
        ],
        rows,
    ));
}

/// The summary's short list of resolved findings. Nothing when there is none.
pub(super) fn resolved_summary(doc: &mut Doc, report: &Report) {
    let resolved = report.resolved_findings();
    if resolved.is_empty() {
        return;
    }
    doc.heading(2, "Resolved findings");
    doc.paragraph(
        &format!(
            "{} resolved and not counted among the top risks:",
            if resolved.len() == 1 {
                "One finding is".to_string()
            } else {
                format!("{} findings are", resolved.len())
            }
        ),
        &BODY,
    );
    doc.table(&resolved_table(&resolved));
}

fn resolved_table(resolved: &[&Finding]) -> Table {
    let rows = resolved
        .iter()
        .map(|f| {
            vec![
                Cell::text(format!("{}  {}", f.id, f.title)),
                Cell::badge(risk_label(f.risk), risk_colour(f.risk)),
                Cell::text(status_label(f.lifecycle)),
                Cell::text(or_dash(&f.latest_feedback().unwrap_or_default())),
            ]
        })
        .collect();
    Table::new(
        vec![
            col("Finding", 2.6),
            col("Risk", 1.0),
            col("Status", 1.1),
            col("Latest feedback", 2.8),
        ],
        rows,
    )
}

/// Section 7, only when the report holds resolved findings: their table, then
/// each in full, after the open findings a customer acts on first.
pub fn resolved_findings(doc: &mut Doc, report: &Report) {
    let resolved = report.resolved_findings();
    if resolved.is_empty() {
        return;
    }
    doc.page_break();
    doc.heading(1, "7 Resolved findings");
    doc.paragraph(
        &format!(
            "{}: accepted by the customer, mitigated, or found to be a false positive. They \
             are listed highest risk first and are not counted among the top risks.",
            plural(
                resolved.len() as u64,
                "resolved finding",
                "resolved findings"
            )
        ),
        &BODY,
    );
    doc.table(&resolved_table(&resolved));
    for f in resolved {
        super::findings::finding(doc, f);
    }
}
