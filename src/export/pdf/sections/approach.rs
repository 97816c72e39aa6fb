//! The approach (the four questions), the scope and the diagrams.

use super::*;

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
            "The findings carry {}. By status: {}.",
            plural(
                d.recommended_actions,
                "recommended action",
                "recommended actions"
            ),
            status_words(d)
        ),
        &BODY,
    );

    doc.heading(2, "Did we do a good enough job?");
    doc.paragraph(
        &format!(
            "{} {} of {} checklist questions are answered; {} and {} remain.",
            match e.coverage_percent {
                Some(_) => format!(
                    "{} of the element and STRIDE category pairs in scope were considered (a \
                     threat logged, or the category marked not applicable with a reason; \
                     Appendix A).",
                    percent_text(e.coverage_percent)
                ),
                None => "No element is in scope yet, so there is no STRIDE coverage to \
                         measure (—)."
                    .to_string(),
            },
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
                        } | Item::Line { .. }
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
