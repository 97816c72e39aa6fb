//! Rating a threat overall, as it is logged: impact and likelihood given as one
//! level each, the risk level from the core's one rule, the factors refined
//! later (and replacing the overall level), in the file, the ops and the reports.

use crate::common::*;
use crate::report_formats::{parse_csv, sheet};
use crate::report_pdf::{checked, flat, pages_text};
use threatloom::engine::store::MIGRATIONS;
use threatloom::export::jira::{self, IssueKeys};
use threatloom::export::{markdown, otm, threat_dragon, xlsx};

/// A threat logged in one step with the quick form's overall rating.
fn quick_rated(element: &str, title: &str, impact: Rating, likelihood: Rating) -> Threat {
    let mut t = Threat::quick(element, Stride::Tampering, title);
    t.impact.rated_overall = Some(impact);
    t.likelihood.rated_overall = Some(likelihood);
    t
}

fn add_rated(eng: &mut Engagement, t: Threat) -> String {
    eng.apply(Op::AddThreat { threat: t })
        .expect("add a rated threat")
        .created[0]
        .clone()
}

#[test]
fn the_overall_rating_gives_the_risk_through_the_matrix() {
    use Rating::{High, Low, Medium};
    let m = RiskMatrix::default();
    let t = quick_rated("x", "t", High, Medium);
    assert_eq!(t.impact.overall(), Some(High));
    assert_eq!(t.likelihood.overall(), Some(Medium));
    assert_eq!(t.computed_risk(&m), Some(RiskLevel::High));
    assert!(t.is_rated_overall());
    // The engagement's own matrix decides, as for factors.
    let mut custom = RiskMatrix::default();
    custom.cells[2][1] = RiskLevel::Critical;
    assert_eq!(t.risk(&custom), Some(RiskLevel::Critical));
    // Only one axis given: no level yet.
    let mut half = Threat::quick("x", Stride::Tampering, "t");
    half.impact.rated_overall = Some(High);
    assert_eq!(half.computed_risk(&m), None);
    // Factors rated on an axis count instead of its overall level.
    let mut mixed = quick_rated("x", "t", High, Low);
    mixed.impact.affected_users = Some(Low);
    assert_eq!(mixed.impact.overall(), Some(Low));
    assert!(!mixed.impact.is_rated_overall());
    mixed.settle_rating();
    assert_eq!(mixed.impact.rated_overall, None, "refining replaced it");
    assert_eq!(
        mixed.likelihood.rated_overall,
        Some(Low),
        "the other axis keeps its"
    );
    assert_eq!(mixed.computed_risk(&m), Some(RiskLevel::Note));
}

#[test]
fn a_quick_rated_threat_is_one_step_and_one_undo_removes_it() {
    let (_dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    let id = add_rated(
        &mut eng,
        quick_rated(&api, "Forged order", Rating::High, Rating::Medium),
    );
    let t = &eng.state().threats[&id];
    assert_eq!(t.title, "Forged order");
    assert_eq!(t.category, Stride::Tampering);
    let risks = threatloom::analysis::overview::overview(eng.state());
    assert_eq!(risks.risks[&id].effective, Some(RiskLevel::High));
    assert_eq!(risks.risks[&id].impact, Some(Rating::High));
    assert_eq!(eng.history().diagram.undo.as_deref(), Some("Add threat"));
    eng.apply(UNDO).expect("undo");
    assert!(
        eng.state().threats.is_empty(),
        "one undo removes the rated threat"
    );
    eng.apply(REDO).expect("redo");
    assert_eq!(
        eng.state().threats[&id].risk(&eng.state().info.risk_matrix),
        Some(RiskLevel::High)
    );
}

#[test]
fn a_threat_rated_both_overall_and_by_factors_is_refused() {
    let (_dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    let mut t = quick_rated(&api, "Both", Rating::High, Rating::High);
    t.impact.financial = Some(Rating::Low);
    let err = eng
        .apply(Op::AddThreat { threat: t })
        .expect_err("two ratings that can disagree");
    assert!(err.to_string().contains("not both"), "{err}");
    assert!(eng.state().threats.is_empty());
}

#[test]
fn refining_a_factor_replaces_the_overall_level_of_that_axis() {
    let (_dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    let id = add_rated(
        &mut eng,
        quick_rated(&api, "Forged order", Rating::High, Rating::High),
    );
    let m = RiskMatrix::default();
    assert_eq!(eng.state().threats[&id].risk(&m), Some(RiskLevel::Critical));
    // What the editor sends: the threat with one factor set, the rest as it was.
    let mut edited = eng.state().threats[&id].clone();
    edited.impact.reputational = Some(Rating::Low);
    eng.apply(Op::UpdateThreat { threat: edited })
        .expect("refine");
    let t = &eng.state().threats[&id];
    assert_eq!(t.impact.rated_overall, None);
    assert_eq!(t.impact.overall(), Some(Rating::Low));
    assert_eq!(t.likelihood.rated_overall, Some(Rating::High));
    assert_eq!(t.risk(&m), Some(RiskLevel::Medium), "low × high");
    eng.apply(UNDO).expect("undo the refinement");
    let t = &eng.state().threats[&id];
    assert_eq!(t.impact.rated_overall, Some(Rating::High));
    assert_eq!(t.risk(&m), Some(RiskLevel::Critical));
}

#[test]
fn rate_threat_sets_the_overall_levels_and_replaces_factors() {
    let (_dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    let mut t = Threat::quick(&api, Stride::Tampering, "Rated by factors");
    rate(&mut t, Rating::Low, Rating::Low);
    t.impact.rationale = "Few users.".into();
    let id = add_rated(&mut eng, t);
    let change = eng
        .apply(Op::RateThreat {
            id: id.clone(),
            impact: Some(Rating::High),
            likelihood: None,
        })
        .expect("rate");
    assert!(change.created.is_empty());
    let t = &eng.state().threats[&id];
    assert!(t.impact.is_rated_overall());
    assert_eq!(t.impact.rationale, "Few users.", "the rationale stays");
    assert_eq!(
        t.likelihood.overall(),
        Some(Rating::Low),
        "factors untouched"
    );
    assert_eq!(
        t.risk(&eng.state().info.risk_matrix),
        Some(RiskLevel::Medium)
    );
    assert_eq!(eng.history().diagram.undo.as_deref(), Some("Rate threat"));
    // None clears a level given overall.
    eng.apply(Op::RateThreat {
        id: id.clone(),
        impact: None,
        likelihood: None,
    })
    .expect("clear");
    let t = &eng.state().threats[&id];
    assert_eq!(t.impact.overall(), None);
    assert_eq!(t.likelihood.overall(), Some(Rating::Low));
    let missing = eng.apply(Op::RateThreat {
        id: "nope".into(),
        impact: Some(Rating::Low),
        likelihood: Some(Rating::Low),
    });
    assert!(
        matches!(missing, Err(Error::NotFound { .. })),
        "{missing:?}"
    );
}

#[test]
fn a_file_from_before_overall_ratings_opens_and_is_upgraded() {
    let (dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    let mut t = Threat::quick(&api, Stride::Tampering, "Rated by factors");
    rate(&mut t, Rating::Medium, Rating::High);
    let id = add_rated(&mut eng, t);
    let path = dir.path().join("t.threatmodel");
    drop(eng);
    let before = MIGRATIONS
        .iter()
        .position(|m| m.adds.starts_with("overall ratings"))
        .expect("the migration");
    {
        // The records as an older Threatloom wrote them: no `rated_overall`.
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(&format!(
            "UPDATE threats SET data = json_remove(data, '$.impact.rated_overall', '$.likelihood.rated_overall');
             PRAGMA user_version = {before};"
        ))
        .expect("downgrade");
        let data: String = conn
            .query_row("SELECT data FROM threats", [], |r| r.get(0))
            .expect("threat");
        assert!(!data.contains("rated_overall"));
    }
    let mut eng = Engagement::open(&path).expect("an old file opens");
    let t = &eng.state().threats[&id];
    assert_eq!(t.impact.rated_overall, None);
    assert_eq!(t.risk(&eng.state().info.risk_matrix), Some(RiskLevel::High));
    eng.apply(Op::RateThreat {
        id: id.clone(),
        impact: Some(Rating::Low),
        likelihood: Some(Rating::Low),
    })
    .expect("rate after the upgrade");
    drop(eng);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, threatloom::engine::store::SCHEMA_VERSION);
    assert_eq!(version as usize, before + 1);
}

/// Reports show the level and say "rated overall" where the factors are not given.
#[test]
fn reports_show_the_level_and_say_rated_overall() {
    let (_dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    let quick = add_rated(
        &mut eng,
        quick_rated(&api, "Forged order", Rating::High, Rating::Medium),
    );
    let mut t = Threat::quick(&api, Stride::DenialOfService, "Flooded queue");
    rate(&mut t, Rating::Medium, Rating::Medium);
    let factored = add_rated(&mut eng, t);

    let report = report_of(&eng);
    let f = report
        .findings
        .iter()
        .find(|f| f.id == quick)
        .expect("finding");
    assert_eq!(f.risk, Some(RiskLevel::High));
    let fields = f.fields();
    assert_eq!(fields[4], "High — Rated overall.");
    assert_eq!(fields[5], "Medium — Rated overall.");
    assert_eq!(fields[6], "High — rated overall");
    let g = report
        .findings
        .iter()
        .find(|f| f.id == factored)
        .expect("finding");
    assert!(!g.fields().iter().any(|s| s.contains("ated overall")));
    assert_eq!(g.risk, Some(RiskLevel::Medium));

    // Markdown: the finding's page.
    let pages = markdown::wiki(&report);
    let page = pages
        .iter()
        .find(|(name, _)| *name == markdown::page_name(f))
        .map(|(_, text)| text.as_str())
        .expect("page");
    assert!(page.contains("High — rated overall"), "{page}");
    assert!(page.contains("Rated overall."), "{page}");

    // Jira: the level as the priority, "rated overall" in the description.
    let (header, rows) = parse_csv(&jira::csv(&report, &IssueKeys::new()).expect("csv"));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = rows
        .iter()
        .find(|r| r[col("Summary")].contains("Forged order"))
        .expect("row");
    assert_eq!(row[col("Priority")], jira::priority(Some(RiskLevel::High)));
    assert!(row[col("Description")].contains("ated overall"));

    // XLSX: the risk cell.
    let bytes = xlsx::workbook(&report).expect("workbook");
    let rows = sheet(&bytes, "Findings");
    let row = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "Forged order"))
        .expect("xlsx row");
    assert!(row.iter().any(|c| c == "High — rated overall"), "{row:?}");

    // PDF: the finding's section, as a reader sees it.
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = threatloom::export::pdf::report(eng.state(), &report).expect("pdf");
    let path = checked(dir.path(), "report.pdf", &bytes);
    let text = flat(&pages_text(&path).concat());
    assert!(text.contains("High — rated overall"), "{text}");
    assert!(text.contains("Medium — Rated overall."), "{text}");

    // Threat Dragon and OTM carry the level and the overall ratings.
    let td = threat_dragon::write(eng.state()).expect("td");
    assert!(td.contains("\"severity\": \"High\"") || td.contains("\"severity\":\"High\""));
    let otm = otm::write(eng.state(), false).expect("otm");
    let v: serde_json::Value = serde_json::from_str(&otm).expect("otm json");
    let threats = v["threats"].as_array().expect("threats");
    let risk = threats
        .iter()
        .find(|t| t["name"] == "Forged order")
        .map(|t| &t["risk"])
        .expect("otm threat");
    assert!(risk["impact"].as_f64().unwrap_or(0.0) > risk["likelihood"].as_f64().unwrap_or(100.0));
}

/// Imported models do not gain overall ratings: their threats read as before.
#[test]
fn imported_threats_are_not_rated_overall() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/threat-dragon/"
    );
    let bytes = std::fs::read(format!("{dir}v2-threat-model.json")).expect("fixture");
    let imported = threatloom::import::read(&bytes, None).expect("imports");
    assert!(!imported.model.threats.is_empty());
    let (_dir, mut eng) = new_engagement();
    eng.apply(Op::Import {
        model: imported.model,
    })
    .expect("import");
    let threats: Vec<_> = eng.state().threats.values().collect();
    assert!(!threats.is_empty());
    assert!(threats.iter().all(|t| !t.is_rated_overall()
        && t.impact.rated_overall.is_none()
        && t.likelihood.rated_overall.is_none()));
}

/// A library entry saved from a threat rated overall keeps the levels in its
/// file; one rated both ways is refused with the line at fault.
#[test]
fn library_files_keep_overall_ratings() {
    use threatloom::library::file;
    let mut e = crate::library::entry("Forged order", Stride::Tampering, &[ElementKind::Process]);
    e.id = "forged-order".into();
    e.impact = Impact {
        rated_overall: Some(Rating::High),
        ..Impact::default()
    };
    e.likelihood = Likelihood {
        rated_overall: Some(Rating::Low),
        ..Likelihood::default()
    };
    let text = file::to_toml(&e).expect("toml");
    assert!(text.contains("rated_overall = \"high\""), "{text}");
    let back = file::parse(&text, "forged-order.toml").expect("reads back");
    assert_eq!(back, e);
    let both = text.replace(
        "rated_overall = \"high\"",
        "rated_overall = \"high\"\nfinancial = \"low\"",
    );
    let err = file::parse(&both, "forged-order.toml").expect_err("both ways");
    assert!(format!("{err:?}").contains("not both"), "{err:?}");
}
