//! What the report says, section by section, in the process document's order.
//! Everything from the user goes through the layout as plain text.

use super::canvas::{pt, Dash, Stroke};
use super::diagram;
use super::layout::{
    col, col_fit, Cell, Doc, Heading, Table, TextStyle, ACCENT, BODY, INK, MUTED, SMALL, TINT,
};
use crate::coverage::CellState;
use crate::labels::{
    lifecycle_label, risk_colour, risk_label, status_label, FIELD_LABELS, RISK_ORDER,
};
use crate::model::ElementKind;
use crate::model::Rect;
use crate::report::scene::{Item, Scene, Shape};
use crate::report::{Finding, FindingChange, Report};
use crate::scope::Priority;
use crate::threat::{RiskLevel, Stride};

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

fn names(people: &[crate::report::PersonLine]) -> String {
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

/// The executive summary: approach, scope, results, top risks, and what
/// changed since the previous delivery. `title` is its chapter heading, if any.
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
    scope.push('.');
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
            "We report {}: {}. Coverage of STRIDE over the elements in scope is {:.0}%.",
            plural(report.findings.len() as u64, "finding", "findings"),
            levels.join(", "),
            report.coverage.percent.clamp(0.0, 100.0)
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
        text.push_str(&shorten(&scenario, 420));
    }
    if let Some(first) = f.recommended_actions.first() {
        text.push_str(" Recommended: ");
        text.push_str(&shorten(first, 240));
        if f.recommended_actions.len() > 1 {
            text.push_str(&format!(" (and {} more)", f.recommended_actions.len() - 1));
        }
    }
    text
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
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

fn changes(doc: &mut Doc, report: &Report, c: &crate::report::DeliveryDiff) {
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

pub fn approach(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "2 Approach");
    doc.paragraph(
        "The engagement followed the Threat Modeling Manifesto: a scoping meeting to understand \
         the application and plan the time per component, then recorded working sessions with \
         the customer's team in which we drew data-flow diagrams together and asked what can go \
         wrong at every element and trust boundary (STRIDE). Notes were processed into findings \
         after each session. The figures below cover the whole engagement.",
        &BODY,
    );
    let q = &report.four_questions;
    let (w, g, d, e) = (
        &q.working_on,
        &q.can_go_wrong,
        &q.doing_about_it,
        &q.good_enough,
    );

    doc.heading(2, "What are we working on?");
    doc.paragraph(
        &format!(
            "We mapped {} in {} with {} (external entities, processes and data stores) and {}, \
             {} of which cross a trust boundary. The work was planned in {}; {} declared out of scope.",
            application(report),
            plural(w.diagrams, "data-flow diagram", "data-flow diagrams"),
            plural(w.elements, "element", "elements"),
            plural(w.flows, "data flow", "data flows"),
            w.flows_crossing_boundaries,
            plural(w.components, "component", "components"),
            plural(w.out_of_scope, "element was", "elements were"),
        ),
        &BODY,
    );
    let info = &report.info;
    let context: Vec<Vec<Cell>> = [
        ("Description", &info.description),
        ("Audience", &info.audience),
        ("Data handled", &info.data_handled),
        ("Adversaries", &info.adversaries),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| vec![Cell::label(k), Cell::text(v.clone())])
    .collect();
    if !context.is_empty() {
        doc.table(&Table::plain(vec![col("", 1.0), col("", 3.4)], context));
    }

    doc.heading(2, "What can go wrong?");
    doc.paragraph(
        &format!(
            "We applied STRIDE to every element in scope and logged {}: {} critical, {} high, \
             {} medium, {} low, {} notes and {} not rated yet.",
            plural(g.threats, "threat", "threats"),
            g.critical,
            g.high,
            g.medium,
            g.low,
            g.note,
            g.unrated
        ),
        &BODY,
    );

    doc.heading(2, "What are we going to do about it?");
    doc.paragraph(
        &format!(
            "The findings carry {}. By status: {} open, {} mitigated, {} accepted, {} transferred, \
             {} not applicable and {} false positives.",
            plural(d.recommended_actions, "recommended action", "recommended actions"),
            d.open,
            d.mitigated,
            d.accepted,
            d.transferred,
            d.not_applicable,
            d.false_positive
        ),
        &BODY,
    );

    doc.heading(2, "Did we do a good enough job?");
    doc.paragraph(
        &format!(
            "{:.0}% of the element and STRIDE category pairs in scope were considered (a threat \
             logged, or the category marked not applicable with a reason; Appendix A). {} of {} \
             checklist questions are answered; {} and {} remain.",
            e.coverage_percent.clamp(0.0, 100.0),
            e.checklist_answered,
            e.checklist_total,
            plural(e.open_questions, "open question", "open questions"),
            plural(e.unprocessed_notes, "unprocessed note", "unprocessed notes"),
        ),
        &BODY,
    );
}

pub fn scope(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "3 Scope");
    doc.heading(2, "Components");
    if report.components.is_empty() {
        doc.paragraph("No components were defined.", &BODY);
    } else {
        let rows = report
            .components
            .iter()
            .map(|c| {
                vec![
                    Cell::text(c.name.clone()),
                    Cell::text(match c.priority {
                        Priority::High => "High",
                        Priority::Medium => "Medium",
                        Priority::Low => "Low",
                    }),
                    Cell::text(duration(c.planned_minutes)),
                    Cell::text(c.notes.clone()),
                ]
            })
            .collect();
        doc.table(&Table::new(
            vec![
                col("Component", 2.2),
                col("Priority", 1.0),
                col("Planned time", 1.1),
                col("Notes", 3.2),
            ],
            rows,
        ));
    }
    doc.heading(2, "In and out of scope");
    if report.scope.is_empty() {
        doc.paragraph("The diagrams have no elements yet.", &BODY);
    } else {
        let rows = report
            .scope
            .iter()
            .map(|s| {
                vec![
                    Cell::text(s.name.clone()),
                    Cell::text(s.kind.clone()),
                    if s.in_scope {
                        Cell::text("In scope")
                    } else {
                        Cell {
                            bold: true,
                            colour: MUTED,
                            ..Cell::text("Out of scope")
                        }
                    },
                    Cell::text(if s.in_scope {
                        String::new()
                    } else if s.reason.trim().is_empty() {
                        "No reason given".into()
                    } else {
                        s.reason.clone()
                    }),
                ]
            })
            .collect();
        doc.table(&Table::new(
            vec![
                col("Element", 2.2),
                col("Kind", 1.3),
                col("Scope", 1.1),
                col("Reason", 3.0),
            ],
            rows,
        ));
    }
}

/// A small scene of one of each shape, drawn by the diagram renderer itself.
fn legend() -> Scene {
    let node = |id: &str, shape, (x, y, w, h), name: &str| Item::Node {
        id: id.into(),
        shape,
        rect: Rect::new(x, y, w, h),
        lines: vec![name.into()],
        out_of_scope: false,
    };
    let flow = |id: &str, from: f64, to: f64| Item::Flow {
        id: id.into(),
        points: vec![(from, 62.0), (to, 62.0)],
        lines: Vec::new(),
        label_at: ((from + to) / 2.0, 62.0),
        out_of_scope: false,
    };
    Scene {
        title: "Notation".into(),
        width: 472.0,
        height: 104.0,
        items: vec![
            node(
                "b",
                Shape::Boundary,
                (1.0, 1.0, 470.0, 102.0),
                "Trust boundary",
            ),
            flow("f1", 146.0, 196.0),
            flow("f2", 286.0, 330.0),
            node(
                "e",
                Shape::Entity,
                (20.0, 40.0, 126.0, 44.0),
                "External entity",
            ),
            node("p", Shape::Process, (196.0, 30.0, 90.0, 64.0), "Process"),
            node("s", Shape::Store, (330.0, 40.0, 120.0, 44.0), "Data store"),
            Item::Badge {
                element_id: "p".into(),
                at: (270.0, 36.0),
                count: 2,
                risk: Some(RiskLevel::High),
            },
        ],
    }
}

/// The diagrams chapter: a key to the notation, then one page per diagram
/// (landscape when wider than tall).
pub fn diagrams(doc: &mut Doc, report: &Report, scenes: &[Scene]) {
    doc.page_break();
    doc.heading(1, "4 Data-flow diagrams");
    if scenes.is_empty() {
        doc.paragraph("No diagrams in this report.", &BODY);
        return;
    }
    doc.paragraph(
        "Each diagram follows on its own page, drawn with this notation. A badge counts the \
         threats on an element, in the colour of its highest risk:",
        &BODY,
    );
    // At 80 %, the size of a diagram's text on a typical page.
    let legend = legend();
    let (top, fonts) = (doc.y(), doc.fonts);
    let area = (doc.left(), top, legend.width * 0.8, legend.height * 0.8);
    diagram::draw(doc.canvas(), fonts, &legend, area);
    doc.set_y(top + area.3 + 8.0);
    let y = doc.y();
    let mut x = doc.left();
    for level in RISK_ORDER {
        x += doc.chip(x, y, risk_label(level), risk_colour(level)) + 6.0;
    }
    doc.set_y(y + 26.0);
    if report.filter.include_out_of_scope {
        doc.paragraph("Out-of-scope elements are drawn grey and dashed.", &BODY);
    }
    let rows = report
        .diagrams
        .iter()
        .zip(scenes)
        .enumerate()
        .map(|(n, (d, scene))| {
            let count = |wanted: fn(&Item) -> bool| {
                scene.items.iter().filter(|i| wanted(i)).count().to_string()
            };
            let findings = report
                .findings
                .iter()
                .filter(|f| f.diagram_ids.contains(&d.id))
                .count();
            vec![
                Cell::text(format!("4.{} {}", n + 1, d.name)),
                Cell::text(count(
                    |i| matches!(i, Item::Node { shape, .. } if *shape != Shape::Boundary),
                )),
                Cell::text(count(|i| matches!(i, Item::Flow { .. }))),
                Cell::text(count(|i| {
                    matches!(
                        i,
                        Item::Node {
                            shape: Shape::Boundary,
                            ..
                        }
                    )
                })),
                Cell::text(findings.to_string()),
            ]
        })
        .collect();
    doc.table(&Table::new(
        vec![
            col("Diagram", 3.0),
            col("Elements", 1.0),
            col("Data flows", 1.0),
            col("Boundaries", 1.0),
            col("Findings", 1.0),
        ],
        rows,
    ));
    for (n, scene) in scenes.iter().enumerate() {
        doc.page(scene.width > scene.height, true);
        doc.heading(2, &format!("4.{} {}", n + 1, scene.title));
        let top = doc.y();
        let area = (doc.left(), top, doc.width(), doc.bottom() - top);
        let fonts = doc.fonts;
        diagram::draw(doc.canvas(), fonts, scene, area);
        doc.set_y(doc.bottom());
    }
}

pub fn findings_table(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "5 Findings");
    if report.findings.is_empty() {
        doc.paragraph("No findings match this report's selection.", &BODY);
        return;
    }
    doc.paragraph(
        &format!(
            "{}, highest risk first. Section 6 gives each in full.",
            plural(report.findings.len() as u64, "finding", "findings")
        ),
        &BODY,
    );
    let rows = report
        .findings
        .iter()
        .map(|f| {
            vec![
                Cell {
                    bold: true,
                    ..Cell::text(f.id.clone())
                },
                Cell::text(f.title.clone()),
                Cell::text(f.affected_asset.clone()),
                Cell::text(f.category.clone()),
                Cell::badge(risk_label(f.risk), risk_colour(f.risk)),
                Cell::text(status_label(f.status)),
            ]
        })
        .collect();
    let id = col_fit(doc, "ID", report.findings.iter().map(|f| f.id.as_str()));
    doc.table(&Table::new(
        vec![
            id,
            col("Title", 3.2),
            col("Asset", 1.8),
            col("Category", 1.5),
            col("Risk", 1.0),
            col("Status", 1.1),
        ],
        rows,
    ));
}

pub fn finding_details(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "6 Finding details");
    if report.findings.is_empty() {
        doc.paragraph("No findings match this report's selection.", &BODY);
        return;
    }
    for f in &report.findings {
        finding(doc, f);
    }
}

fn finding(doc: &mut Doc, f: &Finding) {
    doc.keep(150.0);
    doc.heading(2, &format!("{}  {}", f.id, f.title.replace('\n', " ")));
    let y = doc.y();
    let mut x = doc.left();
    x += doc.chip(x, y, risk_label(f.risk), risk_colour(f.risk)) + 6.0;
    match &f.change {
        Some(FindingChange::New) => {
            doc.chip(x, y, "New", NEW);
        }
        Some(FindingChange::Changed { fields }) => {
            let text = format!("Changed: {}", fields.join(", "));
            let text = super::layout::fit(doc.fonts, &text, &SMALL.bold(), doc.width() - x);
            doc.chip(x, y, &text, CHANGED);
        }
        None => {}
    }
    doc.set_y(y + 22.0);
    let mut values = f.fields();
    values[7] = if f.recommended_actions.is_empty() {
        String::new()
    } else {
        f.recommended_actions
            .iter()
            .map(|a| format!("• {a}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut rows: Vec<Vec<Cell>> = FIELD_LABELS
        .iter()
        .zip(values)
        .map(|(label, value)| vec![Cell::label(*label), Cell::text(or_dash(&value))])
        .collect();
    rows.push(vec![
        Cell::label("Status"),
        Cell::text(status_label(f.status)),
    ]);
    rows.push(vec![
        Cell::label("Finding state"),
        Cell::text(lifecycle_label(f.lifecycle)),
    ]);
    rows.push(vec![
        Cell::label("References"),
        Cell::text(if f.references.is_empty() {
            "None".into()
        } else {
            f.references.join("\n")
        }),
    ]);
    doc.table(&Table::plain(vec![col("", 1.15), col("", 4.0)], rows));
}

pub fn coverage(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "Appendix A Coverage");
    let c = &report.coverage;
    doc.paragraph(
        &format!(
            "For every element in scope and every STRIDE category that applies to its kind: the \
             number of threats logged, N/A where the category was marked not applicable, or a \
             dash where it was not considered. {} of {} pairs considered ({:.0}%).",
            c.considered,
            c.total,
            c.percent.clamp(0.0, 100.0)
        ),
        &BODY,
    );
    if c.rows.is_empty() {
        doc.paragraph("No elements in scope.", &BODY);
    } else {
        let several = report.diagrams.len() > 1;
        let diagram_name = |id: &str| {
            report
                .diagrams
                .iter()
                .find(|d| d.id == id)
                .map_or(String::new(), |d| d.name.clone())
        };
        let rows = c
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![Cell::text(r.name.clone()), Cell::text(kind_short(r.kind))];
                if several {
                    row.push(Cell::text(diagram_name(&r.diagram_id)));
                }
                for s in Stride::ALL {
                    row.push(
                        match r.cells.iter().find(|c| c.category == s).map(|c| &c.state) {
                            None => Cell::text(""),
                            Some(CellState::Threats { count }) => Cell {
                                fill: Some(DONE),
                                bold: true,
                                ..Cell::text(count.to_string())
                            },
                            Some(CellState::NotApplicable { .. }) => Cell {
                                fill: Some(TINT),
                                colour: MUTED,
                                ..Cell::text("N/A")
                            },
                            Some(CellState::NotConsidered) => Cell {
                                fill: Some(GAP),
                                colour: CHANGED,
                                ..Cell::text("—")
                            },
                        },
                    );
                }
                row
            })
            .collect();
        let mut columns = vec![col("Element", 2.6), col("Kind", 1.2)];
        if several {
            columns.push(col("Diagram", 1.8));
        }
        columns.extend(
            Stride::ALL
                .iter()
                .map(|s| col(&s.letter().to_string(), 0.5)),
        );
        doc.table(&Table::new(columns, rows));
    }
    if !c.out_of_scope.is_empty() {
        doc.heading(3, "Out of scope (not assessed)");
        let rows = c
            .out_of_scope
            .iter()
            .map(|o| vec![Cell::text(o.name.clone()), Cell::text(or_dash(&o.reason))])
            .collect();
        doc.table(&Table::new(
            vec![col("Element", 1.0), col("Reason", 2.0)],
            rows,
        ));
    }
}

fn kind_short(kind: ElementKind) -> &'static str {
    match kind {
        ElementKind::ExternalEntity => "Entity",
        other => other.label(),
    }
}

pub fn sessions(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "Appendix B Sessions");
    if report.sessions.is_empty() {
        doc.paragraph("No sessions recorded.", &BODY);
        return;
    }
    doc.paragraph(
        &format!(
            "{} planned, {} held. Recordings are kept for reference.",
            report.sessions.len(),
            report.sessions_held()
        ),
        &BODY,
    );
    let rows = report
        .sessions
        .iter()
        .map(|s| {
            vec![
                Cell::text(or_dash(&s.date)),
                Cell {
                    bold: true,
                    ..Cell::text(format!("{}\n{}", or_dash(&s.title), s.kind))
                },
                Cell::text(format!(
                    "{}\n{}, {}",
                    s.state,
                    duration(s.planned_minutes),
                    if s.online { "online" } else { "on site" }
                )),
                Cell::text(or_dash(&s.attendees.join("\n"))),
                Cell::text(if s.recording.trim().is_empty() {
                    "No recording".into()
                } else {
                    s.recording.clone()
                }),
            ]
        })
        .collect();
    doc.table(&Table::new(
        vec![
            col("Date", 1.45),
            col("Session", 2.0),
            col("State", 1.3),
            col("Attendees", 2.2),
            col("Recording", 2.2),
        ],
        rows,
    ));
}

/// The summary PDF's first lines: what it is, for whom, when.
pub fn summary_title(doc: &mut Doc, report: &Report) {
    doc.page(false, true);
    let (x, y, w) = (doc.left(), doc.y(), doc.width());
    doc.canvas().rect((x, y, w, 96.0), Some(ACCENT), None);
    let label = SMALL.bold().size(9.0).colour((0xb9, 0xc7, 0xda));
    doc.text(x + 16.0, y + 24.0, "EXECUTIVE SUMMARY", &label);
    let title = BODY.bold().size(20.0).colour((0xff, 0xff, 0xff));
    let name = doc.fonts.clean(&report.info.name).replace('\n', " ");
    let name = super::layout::fit(doc.fonts, &name, &title, w - 32.0);
    doc.text(x + 16.0, y + 52.0, &name, &title);
    let sub: TextStyle = BODY.size(9.5).colour((0xdd, 0xe5, 0xef));
    let line = format!(
        "{} · {} · {} · version {}",
        customer(report),
        application(report),
        report.date,
        report.version
    );
    let line = super::layout::fit(doc.fonts, &doc.fonts.clean(&line), &sub, w - 32.0);
    doc.text(x + 16.0, y + 78.0, &line, &sub);
    doc.set_y(y + 110.0);
}
