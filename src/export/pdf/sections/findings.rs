//! The open findings (table and one section each), the coverage and sessions
//! appendices, and the executive summary's title page.

use super::*;

pub fn findings_table(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "5 Findings");
    if report.findings.is_empty() {
        doc.paragraph("No findings match this report's selection.", &BODY);
        return;
    }
    let open = report.open_findings();
    let resolved = report.resolved_findings().len() as u64;
    let mut intro = if open.is_empty() {
        "No open findings.".to_string()
    } else {
        format!(
            "{}, highest risk first. Section 6 gives each in full.",
            plural(open.len() as u64, "open finding", "open findings")
        )
    };
    if resolved > 0 {
        intro.push_str(&format!(
            " {} in section 7.",
            if resolved == 1 {
                "The resolved finding is".to_string()
            } else {
                format!("The {resolved} resolved findings are")
            }
        ));
    }
    doc.paragraph(&intro, &BODY);
    if open.is_empty() {
        return;
    }
    let rows = open
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
                Cell::text(status_label(f.lifecycle)),
            ]
        })
        .collect();
    let id = col_fit(doc, "ID", open.iter().map(|f| f.id.as_str()));
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
    let open = report.open_findings();
    if open.is_empty() {
        doc.paragraph(
            "No open findings; the resolved ones follow in section 7.",
            &BODY,
        );
    }
    for f in open {
        finding(doc, f);
    }
}

pub(super) fn finding(doc: &mut Doc, f: &Finding) {
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
            let text = super::super::layout::fit(doc.fonts, &text, &SMALL.bold(), doc.width() - x);
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
        Cell::text(status_label(f.lifecycle)),
    ]);
    rows.push(vec![
        Cell::label("References"),
        Cell::text(if f.references.is_empty() {
            "None".into()
        } else {
            f.references.join("\n")
        }),
    ]);
    if let Some(source) = &f.library_source {
        rows.push(vec![Cell::label(LIBRARY_LABEL), Cell::text(source.clone())]);
    }
    doc.table(&Table::plain(vec![col("", 1.15), col("", 4.0)], rows));
    super::feedback::feedback_block(doc, f);
}

pub fn coverage(doc: &mut Doc, report: &Report) {
    doc.page_break();
    doc.heading(1, "Appendix A Coverage");
    let c = &report.coverage;
    doc.paragraph(
        &format!(
            "For every element in scope and every STRIDE category that applies to its kind: the \
             number of threats logged, N/A where the category was marked not applicable, or a \
             dash where it was not considered. {} of {} pairs considered ({}).",
            c.considered,
            c.total,
            percent_text(c.percent)
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
    let name = super::super::layout::fit(doc.fonts, &name, &title, w - 32.0);
    doc.text(x + 16.0, y + 52.0, &name, &title);
    let sub: TextStyle = BODY.size(9.5).colour((0xdd, 0xe5, 0xef));
    let line = format!(
        "{} · {} · {} · version {}",
        customer(report),
        application(report),
        report.date,
        report.version
    );
    let line = super::super::layout::fit(doc.fonts, &doc.fonts.clean(&line), &sub, w - 32.0);
    doc.text(x + 16.0, y + 78.0, &line, &sub);
    doc.set_y(y + 110.0);
}
