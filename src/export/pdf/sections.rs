//! What the report says, section by section, in the process document's order.
//! Everything from the user goes through the layout as plain text.

mod approach;
mod feedback;
mod findings;

use super::canvas::{pt, Dash, Stroke};
use super::diagram;
use super::layout::{
    col, col_fit, Cell, Doc, Heading, Table, TextStyle, ACCENT, BODY, INK, MUTED, SMALL, TINT,
};
use crate::analysis::coverage::{percent_text, CellState};
use crate::analysis::report::{sentence, shorten, status_words, Finding, FindingChange, Report};
use crate::export::scene::{Item, Scene, Shape};
use crate::model::labels::{
    risk_colour, risk_label, status_label, FIELD_LABELS, LIBRARY_LABEL, RISK_ORDER,
};
use crate::model::{ElementKind, Priority, Rect, RiskLevel, Stride};
pub use approach::{approach, diagrams, scope};
pub use feedback::resolved_findings;
pub use findings::{coverage, finding_details, findings_table, sessions, summary_title};

const NEW: (u8, u8, u8) = (0x0f, 0x76, 0x6e);
const CHANGED: (u8, u8, u8) = (0xb4, 0x53, 0x09);
const GAP: (u8, u8, u8) = (0xfd, 0xf1, 0xdc);
const DONE: (u8, u8, u8) = (0xe6, 0xf2, 0xea);

pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".into()
    } else {
        text.to_string()
    }
}

fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn names(people: &[crate::analysis::report::PersonLine]) -> String {
    people
        .iter()
        .map(|p| {
            if p.role.trim().is_empty() {
                p.name.clone()
            } else {
                format!("{} ({})", p.name, p.role)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "the customer" when the engagement names none.
fn customer(report: &Report) -> String {
    if report.info.customer.trim().is_empty() {
        "the customer".into()
    } else {
        report.info.customer.clone()
    }
}

fn application(report: &Report) -> String {
    if report.info.application.trim().is_empty() {
        "the application".into()
    } else {
        report.info.application.clone()
    }
}

pub fn cover(doc: &mut Doc, report: &Report) {
    doc.page(false, false);
    let (w, _) = doc.size();
    doc.canvas().rect((0.0, 0.0, w, 300.0), Some(ACCENT), None);
    let x = doc.left();
    let label = SMALL.bold().size(10.0).colour((0xb9, 0xc7, 0xda));
    doc.text(x, 118.0, "THREAT MODEL REPORT", &label);
    let title = BODY.bold().size(26.0).colour((0xff, 0xff, 0xff));
    let name = doc.fonts.clean(&report.info.name).replace('\n', " ");
    let name = if name.trim().is_empty() {
        "Untitled engagement".into()
    } else {
        name
    };
    let mut y = 160.0;
    let lines = doc.wrap(&name, &title, doc.width());
    for (i, line) in lines.iter().take(3).enumerate() {
        // A name longer than three lines ends in "…" on the third.
        let line = if i == 2 && lines.len() > 3 {
            super::layout::fit(doc.fonts, &lines[2..].join(" "), &title, doc.width())
        } else {
            line.clone()
        };
        doc.text(x, y, &line, &title);
        y += 32.0;
    }
    let sub = BODY.size(13.0).colour((0xdd, 0xe5, 0xef));
    let app = doc.fonts.clean(&report.info.application).replace('\n', " ");
    if !app.trim().is_empty() {
        let line = super::layout::fit(doc.fonts, &app, &sub, doc.width());
        doc.text(x, y.max(250.0) - 4.0, &line, &sub);
    }
    doc.set_y(340.0);
    doc.table(&Table::plain(
        vec![col("", 1.0), col("", 2.6)],
        vec![
            vec![
                Cell::label("Customer"),
                Cell::text(or_dash(&report.info.customer)),
            ],
            vec![
                Cell::label("Application"),
                Cell::text(or_dash(&report.info.application)),
            ],
            vec![
                Cell::label("Engagement"),
                Cell::text(report.engagement_kind.clone()),
            ],
            vec![Cell::label("Date"), Cell::text(report.date.clone())],
            vec![
                Cell::label("Report version"),
                Cell::text(report.version.clone()),
            ],
            vec![
                Cell::label("Prepared by"),
                Cell::text(or_dash(&names(&report.team))),
            ],
            vec![
                Cell::label("Customer contacts"),
                Cell::text(or_dash(&names(&report.customer_people))),
            ],
        ],
    ));
    let (_, h) = doc.size();
    let note = format!(
        "Confidential — prepared for {}. A threat model describes the design as discussed in \
         the sessions listed in Appendix B; it is never definitive.",
        customer(report)
    );
    doc.set_y(doc.y().max(h - 130.0));
    doc.paragraph(&note, &SMALL);
}

/// The contents page(s): level 1 and 2 headings with their pages.
pub fn contents(doc: &mut Doc, entries: &[Heading]) {
    doc.page_break();
    let title = BODY.bold().size(17.0).colour(ACCENT);
    let y = doc.y();
    doc.text(doc.left(), y + 17.0, "Contents", &title);
    doc.set_y(y + 34.0);
    for e in entries.iter().filter(|e| e.level <= 2) {
        let (style, indent, lh) = if e.level == 1 {
            (BODY.bold().size(10.5), 0.0, 20.0)
        } else {
            (BODY.size(9.5).colour(INK), 18.0, 15.0)
        };
        doc.keep(lh);
        let page = e.page.to_string();
        let page_w = doc.text_width(&page, &style);
        let right = doc.left() + doc.width();
        let text = super::layout::fit(
            doc.fonts,
            &e.title,
            &style,
            doc.width() - indent - page_w - 40.0,
        );
        let base = doc.y() + lh - 5.0;
        doc.text(doc.left() + indent, base, &text, &style);
        doc.text(right - page_w, base, &page, &style);
        // Dot leaders drawn, not typed, so copied text stays clean.
        let from = doc.left() + indent + doc.text_width(&text, &style) + 6.0;
        let to = right - page_w - 6.0;
        if to > from {
            let leader = Stroke {
                colour: MUTED,
                width: 0.7,
                dash: Dash::Dotted,
            };
            doc.canvas()
                .line(vec![pt(from, base), pt(to, base)], leader);
        }
        doc.set_y(doc.y() + lh);
    }
    if entries.is_empty() {
        doc.paragraph(
            "(The contents are listed once the report is laid out.)",
            &SMALL,
        );
    }
}

/// The executive summary: approach, scope, results, top risks, the resolved
/// findings, what the customer's feedback changed, and what changed since the
/// previous delivery. `title` is its chapter heading, if any.
pub fn executive_summary(doc: &mut Doc, report: &Report, title: Option<&str>) {
    if let Some(t) = title {
        doc.page_break();
        doc.heading(1, t);
    }
    let held = report.sessions_held();
    doc.heading(2, "Approach");
    let sessions = match held {
        0 => "No threat modeling session has been held yet".to_string(),
        n => format!(
            "In {} with {}'s team",
            plural(n as u64, "working session", "working sessions"),
            customer(report)
        ),
    };
    doc.paragraph(
        &format!(
            "This {} engagement modelled the threats to {} for {}, following the four questions \
             of the Threat Modeling Manifesto. {}, we drew {} of the system, applied STRIDE to every \
             element in scope, and rated each threat by its impact and the likelihood of its \
             exploitation.",
            report.engagement_kind.to_lowercase(),
            application(report),
            customer(report),
            sessions,
            plural(report.diagrams.len() as u64, "data-flow diagram", "data-flow diagrams"),
        ),
        &BODY,
    );

    doc.heading(2, "Scope");
    let in_scope = report.scope.iter().filter(|s| s.in_scope).count() as u64;
    let out = report.scope.len() as u64 - in_scope;
    let components: Vec<&str> = report.components.iter().map(|c| c.name.as_str()).collect();
    let mut scope = format!(
        "The assessment covered {} in the diagrams",
        plural(in_scope, "element", "elements")
    );
    if !components.is_empty() {
        scope.push_str(&format!(
            ", grouped in {}: {}",
            plural(components.len() as u64, "component", "components"),
            components.join(", ")
        ));
    }
    let mut scope = sentence(&scope);
    if out > 0 {
        scope.push_str(&format!(
            " {} declared out of scope, with the reasons given in section 3.",
            if out == 1 {
                "One element was".to_string()
            } else {
                format!("{out} elements were")
            }
        ));
    }
    doc.paragraph(&scope, &BODY);

    doc.heading(2, "Results");
    let levels: Vec<String> = report
        .by_risk
        .iter()
        .filter(|r| r.count > 0)
        .map(|r| format!("{} {}", r.count, risk_label(r.level).to_lowercase()))
        .collect();
    let results = if report.findings.is_empty() {
        "No findings match this report's selection.".to_string()
    } else {
        format!(
            "We report {}: {}. By status: {}. {}",
            plural(report.findings.len() as u64, "finding", "findings"),
            levels.join(", "),
            status_words(&report.by_status()),
            coverage_sentence(report.coverage.percent)
        )
    };
    doc.paragraph(&results, &BODY);
    risk_table(doc, report);

    doc.heading(2, "Top risks");
    let top = report.top_risks();
    if top.is_empty() {
        doc.paragraph("No rated findings.", &BODY);
    }
    for f in top {
        doc.keep(60.0);
        let y = doc.y();
        let chip_w = doc.chip(doc.left(), y + 1.0, risk_label(f.risk), risk_colour(f.risk));
        let style = BODY.bold();
        let head = format!("{}  {}", f.id, doc.fonts.clean(&f.title).replace('\n', " "));
        let line = super::layout::fit(doc.fonts, &head, &style, doc.width() - chip_w - 8.0);
        doc.text(doc.left() + chip_w + 8.0, y + 11.5, &line, &style);
        doc.set_y(y + 18.0);
        doc.paragraph(&top_risk_text(f), &BODY);
    }

    feedback::resolved_summary(doc, report);
    feedback::feedback_changes(doc, report);

    if let Some(c) = &report.changes {
        doc.heading(2, "Changes since the previous delivery");
        changes(doc, report, c);
    }
}

/// One paragraph: what is affected, how (the scenario, shortened), and what to do.
fn top_risk_text(f: &Finding) -> String {
    let mut text = format!("Affects {}.", or_dash(&f.affected_asset));
    let scenario = f.scenario.split_whitespace().collect::<Vec<_>>().join(" ");
    if !scenario.is_empty() {
        text.push(' ');
        text.push_str(&sentence(&shorten(&scenario, 420)));
    }
    if let Some(first) = f.recommended_actions.first() {
        // The action is a sentence of its own: "… (and 2 more)" would follow its full stop.
        text.push_str(" Recommended: ");
        text.push_str(&sentence(&shorten(first, 240)));
        if f.recommended_actions.len() > 1 {
            text.push_str(&format!(
                " {} in the finding's details.",
                plural(
                    f.recommended_actions.len() as u64 - 1,
                    "more action",
                    "more actions"
                )
            ));
        }
    }
    text
}

fn risk_table(doc: &mut Doc, report: &Report) {
    let rows = report
        .by_risk
        .iter()
        .map(|r| {
            vec![
                Cell::badge(risk_label(r.level), risk_colour(r.level)),
                Cell::text(r.count.to_string()),
            ]
        })
        .collect();
    doc.table(&Table::new(vec![col("Risk level", 1.0), col("Findings", 1.0)], rows).narrow(0.45));
}

fn changes(doc: &mut Doc, report: &Report, c: &crate::analysis::report::DeliveryDiff) {
    doc.paragraph(
        &format!(
            "Compared with {} of {}: {} new, {} changed, {} unchanged, {} removed.",
            or_dash(&c.since_label),
            c.since_date,
            c.new,
            c.changed,
            c.unchanged,
            c.removed.len()
        ),
        &BODY,
    );
    let mut rows = Vec::new();
    for f in &report.findings {
        match &f.change {
            Some(FindingChange::New) => rows.push(vec![
                Cell::badge("New", NEW),
                Cell::text(format!("{}  {}", f.id, f.title)),
                Cell::text(""),
            ]),
            Some(FindingChange::Changed { fields }) => rows.push(vec![
                Cell::badge("Changed", CHANGED),
                Cell::text(format!("{}  {}", f.id, f.title)),
                Cell::text(fields.join(", ")),
            ]),
            None => {}
        }
    }
    for r in &c.removed {
        rows.push(vec![
            Cell::badge("Removed", MUTED),
            Cell::text(format!("{}  {}", r.id, r.title)),
            Cell::text("No longer reported"),
        ]);
    }
    if rows.is_empty() {
        doc.paragraph("No finding changed.", &BODY);
    } else {
        doc.table(&Table::new(
            vec![col("Change", 1.0), col("Finding", 3.2), col("Fields", 2.2)],
            rows,
        ));
    }
}

/// The results' last sentence: the coverage, or that there is nothing to cover.
fn coverage_sentence(percent: Option<f64>) -> String {
    match percent {
        Some(_) => format!(
            "Coverage of STRIDE over the elements in scope is {}.",
            percent_text(percent)
        ),
        None => "No element is in scope yet: STRIDE coverage is — (nothing to cover).".into(),
    }
}
