//! The spreadsheet: Findings, Coverage and Sessions sheets. Cells hold plain
//! text and numbers only (no formulas, no rich text), so the workbook reads
//! back exactly what the report says.

use crate::analysis::coverage::{percent_text, CellState};
use crate::analysis::report::{Finding, Report};
use crate::error::{Error, Result};
use crate::export::markdown::change_text;
use crate::model::labels::{risk_colour, status_label, FIELD_LABELS, LIBRARY_LABEL};
use crate::model::{RiskLevel, Stride};
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The Findings sheet's columns after the id and the eight fields.
pub const EXTRA_COLUMNS: [&str; 3] = ["Status", "References", "Customer feedback"];
/// The last column, present when there was a previous delivery.
pub const CHANGE_COLUMN: &str = "Since last delivery";

/// Excel refuses longer cell text (counted in UTF-16 units).
const MAX_CELL_UTF16: usize = 32_767;
const TRUNCATED: &str = " … [truncated]";

pub fn workbook(report: &Report) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    findings_sheet(book.add_worksheet(), report, &styles).map_err(fail)?;
    coverage_sheet(book.add_worksheet(), report, &styles).map_err(fail)?;
    sessions_sheet(book.add_worksheet(), report, &styles).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

fn fail(e: XlsxError) -> Error {
    Error::Export(format!("cannot write the spreadsheet: {e}"))
}

struct Styles {
    header: Format,
    text: Format,
    number: Format,
}

impl Styles {
    fn new() -> Self {
        let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xE5E7EB)),
            number: Format::new().set_align(FormatAlign::Top),
            text,
        }
    }

    /// The risk-level cell: filled with the level's colour, white text on dark fills.
    fn risk(&self, level: Option<RiskLevel>) -> Format {
        let (r, g, b) = risk_colour(level);
        // Perceived brightness (ITU-R BT.601 weights).
        let light = u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114 > 140_000;
        self.text
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(
                (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b),
            ))
            .set_font_color(if light { Color::Black } else { Color::White })
    }
}

/// Cell text that Excel accepts: cut (on a character boundary) when too long.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.encode_utf16().count() <= MAX_CELL_UTF16 {
        return s.into();
    }
    let budget = MAX_CELL_UTF16 - TRUNCATED.encode_utf16().count();
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push_str(TRUNCATED);
    out.into()
}

fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Format,
) -> std::result::Result<(), XlsxError> {
    ws.write_string_with_format(row, col, fit(s).as_ref(), f)?;
    Ok(())
}

/// Writes the header row, freezes it and sets the column widths.
fn header(
    ws: &mut Worksheet,
    name: &str,
    columns: &[(&str, f64)],
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    ws.set_name(name)?;
    for (col, (label, width)) in columns.iter().enumerate() {
        let col = col as u16;
        put(ws, 0, col, label, &styles.header)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn findings_sheet(
    ws: &mut Worksheet,
    report: &Report,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    // Widths in characters, per column: id, the eight fields, the extras.
    const FIELD_WIDTHS: [f64; 8] = [22.0, 16.0, 32.0, 60.0, 32.0, 32.0, 22.0, 45.0];
    let mut columns: Vec<(&str, f64)> = vec![("ID", 8.0)];
    columns.extend(FIELD_LABELS.iter().copied().zip(FIELD_WIDTHS));
    columns.extend(
        EXTRA_COLUMNS
            .iter()
            .zip([16.0, 16.0, 60.0])
            .map(|(c, w)| (*c, w)),
    );
    if report.changes.is_some() {
        columns.push((CHANGE_COLUMN, 28.0));
    }
    let library_col = report.filter.library_source.then(|| {
        columns.push((LIBRARY_LABEL, 28.0));
        columns.len() as u16 - 1
    });
    header(ws, "Findings", &columns, styles)?;
    let risk_col = 1 + FIELD_LABELS
        .iter()
        .position(|l| *l == "Risk level")
        .unwrap_or(6) as u16;

    let extra_col = 1 + FIELD_LABELS.len() as u16;
    let mut risk_formats: Vec<(Option<RiskLevel>, Format)> = Vec::new();
    for (i, f) in report.findings.iter().enumerate() {
        let row = i as u32 + 1;
        put(ws, row, 0, &f.id, &styles.text)?;
        for (col, value) in f.fields().iter().enumerate() {
            let col = col as u16 + 1;
            if col == risk_col {
                let format = match risk_formats.iter().find(|(l, _)| *l == f.risk) {
                    Some((_, format)) => format.clone(),
                    None => {
                        let format = styles.risk(f.risk);
                        risk_formats.push((f.risk, format.clone()));
                        format
                    }
                };
                put(ws, row, col, value, &format)?;
            } else {
                put(ws, row, col, value, &styles.text)?;
            }
        }
        let extras = [
            status_label(f.lifecycle).to_string(),
            f.references.join("\n"),
            feedback_text(f),
        ];
        for (j, value) in extras.iter().enumerate() {
            put(ws, row, extra_col + j as u16, value, &styles.text)?;
        }
        if report.changes.is_some() {
            let text = change_text(f).unwrap_or_default();
            put(
                ws,
                row,
                extra_col + EXTRA_COLUMNS.len() as u16,
                &text,
                &styles.text,
            )?;
        }
        if let Some(col) = library_col {
            let source = f.library_source.as_deref().unwrap_or_default();
            put(ws, row, col, source, &styles.text)?;
        }
    }
    ws.autofilter(0, 0, report.findings.len() as u32, columns.len() as u16 - 1)?;
    Ok(())
}

/// One line per comment or commented move: "2026-05-04, Ana: Mitigated — in 4.2".
fn feedback_text(f: &Finding) -> String {
    f.feedback
        .iter()
        .map(|l| l.line())
        .collect::<Vec<_>>()
        .join("\n")
}

/// "2 threats", "N/A: reason" or "not considered".
fn coverage_cell(state: &CellState) -> String {
    match state {
        CellState::Threats { count: 1 } => "1 threat".into(),
        CellState::Threats { count } => format!("{count} threats"),
        CellState::NotApplicable { reason } if reason.trim().is_empty() => "N/A".into(),
        CellState::NotApplicable { reason } => format!("N/A: {reason}"),
        CellState::NotConsidered => "not considered".into(),
    }
}

fn coverage_sheet(
    ws: &mut Worksheet,
    report: &Report,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    let letters: Vec<String> = Stride::ALL.iter().map(|c| c.letter().to_string()).collect();
    let mut columns: Vec<(&str, f64)> = vec![("Element", 28.0), ("Kind", 16.0)];
    columns.extend(letters.iter().map(|l| (l.as_str(), 18.0)));
    header(ws, "Coverage", &columns, styles)?;
    let cov = &report.coverage;
    for (i, r) in cov.rows.iter().enumerate() {
        let row = i as u32 + 1;
        put(ws, row, 0, &r.name, &styles.text)?;
        put(ws, row, 1, r.kind.label(), &styles.text)?;
        for (j, category) in Stride::ALL.iter().enumerate() {
            // Categories that do not apply to the element's kind stay blank.
            if let Some(c) = r.cells.iter().find(|c| c.category == *category) {
                put(
                    ws,
                    row,
                    2 + j as u16,
                    &coverage_cell(&c.state),
                    &styles.text,
                )?;
            }
        }
    }
    ws.autofilter(0, 0, cov.rows.len() as u32, columns.len() as u16 - 1)?;

    let mut row = cov.rows.len() as u32 + 2;
    put(
        ws,
        row,
        0,
        &format!(
            "Considered: {} of {} ({})",
            cov.considered,
            cov.total,
            percent_text(cov.percent)
        ),
        &styles.text,
    )?;
    if !cov.out_of_scope.is_empty() {
        row += 2;
        put(ws, row, 0, "Out of scope", &styles.header)?;
        put(ws, row, 1, "Reason", &styles.header)?;
        for o in &cov.out_of_scope {
            row += 1;
            put(ws, row, 0, &o.name, &styles.text)?;
            put(ws, row, 1, &o.reason, &styles.text)?;
        }
    }
    Ok(())
}

fn sessions_sheet(
    ws: &mut Worksheet,
    report: &Report,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    let columns = [
        ("Title", 32.0),
        ("Kind", 12.0),
        ("Date", 12.0),
        ("State", 10.0),
        ("Planned minutes", 10.0),
        ("Online", 8.0),
        ("Attendees", 36.0),
        ("Recording", 40.0),
    ];
    header(ws, "Sessions", &columns, styles)?;
    for (i, s) in report.sessions.iter().enumerate() {
        let row = i as u32 + 1;
        put(ws, row, 0, &s.title, &styles.text)?;
        put(ws, row, 1, &s.kind, &styles.text)?;
        put(ws, row, 2, &s.date, &styles.text)?;
        put(ws, row, 3, &s.state, &styles.text)?;
        ws.write_number_with_format(row, 4, f64::from(s.planned_minutes), &styles.number)?;
        put(
            ws,
            row,
            5,
            if s.online { "Yes" } else { "No" },
            &styles.text,
        )?;
        put(ws, row, 6, &s.attendees.join("\n"), &styles.text)?;
        put(ws, row, 7, &s.recording, &styles.text)?;
    }
    ws.autofilter(0, 0, report.sessions.len() as u32, columns.len() as u16 - 1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_excel_takes() {
        let long = "é".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_UTF16);
        assert!(cut.ends_with(TRUNCATED));
        assert_eq!(fit("short"), "short");
    }
}
