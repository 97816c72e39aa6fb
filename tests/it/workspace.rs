//! First start, recent files and where new engagements go.

use crate::common::*;
use std::path::Path;

#[test]
fn first_start_opens_the_demo_then_the_most_recent_file() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let mut ws = Workspace::new(data.clone(), dir.path().join("docs"));
    let eng = ws.start(None).expect("start");
    assert_eq!(eng.state().info.name, "Payslip portal threat model");
    assert!(data.join("demo.threatmodel").exists());

    let created = ws
        .create(None, "ACME / Payments: Q4")
        .expect("create")
        .path()
        .to_path_buf();
    assert_eq!(
        created,
        dir.path().join("docs").join("acme-payments-q4.threatmodel")
    );
    let again = ws
        .create(None, "ACME / Payments: Q4")
        .expect("create")
        .path()
        .to_path_buf();
    assert_eq!(
        again,
        dir.path()
            .join("docs")
            .join("acme-payments-q4-2.threatmodel")
    );
    assert_eq!(
        ws.recent()
            .iter()
            .map(|r| r.path.clone())
            .collect::<Vec<_>>()[..2],
        [again.display().to_string(), created.display().to_string()]
    );

    let mut ws = Workspace::new(data, dir.path().join("docs"));
    let eng = ws.start(None).expect("restart");
    assert_eq!(
        eng.path(),
        again.as_path(),
        "a restart reopens the most recent file"
    );
}

#[test]
fn a_file_named_at_start_is_opened_and_a_bad_one_reported() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("mine.threatmodel");
    demo::write(&file).expect("demo");
    let mut ws = Workspace::new(dir.path().join("data"), dir.path().join("docs"));
    assert_eq!(ws.start(Some(&file)).expect("start").path(), file.as_path());
    assert!(ws.startup_problem().is_none());

    let junk = dir.path().join("junk.threatmodel");
    std::fs::write(&junk, "junk").expect("write");
    let mut ws = Workspace::new(dir.path().join("data2"), dir.path().join("docs"));
    let name = ws
        .start(Some(&junk))
        .expect("start")
        .state()
        .info
        .name
        .clone();
    assert_eq!(
        name, "Payslip portal threat model",
        "falls back to the demo"
    );
    assert!(matches!(
        ws.startup_problem(),
        Some(Error::NotAnEngagement { .. })
    ));
}

#[test]
fn a_file_named_by_a_later_launch_is_opened_or_its_problem_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = Workspace::new(dir.path().join("data"), dir.path().join("docs"));
    let first = ws.start(None).expect("start").path().to_path_buf();

    let junk = dir.path().join("junk.threatmodel");
    std::fs::write(&junk, "junk").expect("write");
    assert!(ws.open_requested(&junk).is_err());
    assert!(
        matches!(ws.startup_problem(), Some(Error::NotAnEngagement { .. })),
        "the window that opens next says why"
    );
    assert_eq!(
        ws.current().expect("still open").path(),
        first.as_path(),
        "the engagement open stays open"
    );

    let file = dir.path().join("theirs.threatmodel");
    demo::write(&file).expect("demo");
    assert_eq!(
        ws.open_requested(&file).expect("open").path(),
        file.as_path()
    );
    assert!(
        ws.startup_problem().is_none(),
        "an old problem is not repeated"
    );
    assert_eq!(ws.recent()[0].path, file.display().to_string());
}

#[test]
fn create_at_a_path_adds_the_extension_and_needs_a_name() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = Workspace::new(dir.path().join("data"), dir.path().join("docs"));
    let eng = ws
        .create(Some(&dir.path().join("payslip")), "Payslip")
        .expect("create");
    assert_eq!(eng.path(), dir.path().join("payslip.threatmodel").as_path());
    assert!(matches!(ws.create(None, "   "), Err(Error::Invalid(_))));
    assert!(Path::new(&ws.recent()[0].path).exists());
}

#[test]
fn a_new_engagement_keeps_its_customer_and_kind_with_no_undo_step() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = Workspace::new(dir.path().join("data"), dir.path().join("docs"));
    let info = EngagementInfo {
        name: "  Payslip portal ".into(),
        customer: " Acme Payroll ".into(),
        kind: EngagementKind::PentestSupport,
        ..EngagementInfo::default()
    };
    let eng = ws.create_with(None, info).expect("create");
    let got = &eng.state().info;
    assert_eq!(
        (got.name.as_str(), got.customer.as_str(), got.kind),
        (
            "Payslip portal",
            "Acme Payroll",
            EngagementKind::PentestSupport
        )
    );
    assert!(eng.path().starts_with(dir.path().join("docs")));
    assert_eq!(
        eng.history(),
        HistoryState::default(),
        "created, not edited"
    );
    let path = eng.path().to_path_buf();
    let reopened = Engagement::open(&path).expect("reopen");
    assert_eq!(reopened.state().info.customer, "Acme Payroll");
    let blank = EngagementInfo {
        name: " ".into(),
        ..EngagementInfo::default()
    };
    assert!(matches!(
        ws.create_with(None, blank),
        Err(Error::Invalid(_))
    ));
}

#[test]
fn renaming_the_engagement_renames_it_in_the_recent_list() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = Workspace::new(dir.path().join("data"), dir.path().join("docs"));
    ws.create(None, "Old name").expect("create");
    let info = EngagementInfo {
        name: "New name".into(),
        ..ws.current().expect("open").state().info.clone()
    };
    ws.apply(Op::SetInfo { info }).expect("rename");
    assert_eq!(ws.recent()[0].name, "New name");
}

#[test]
fn a_refused_recent_file_or_demo_is_reported_and_never_deleted() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let mut ws = Workspace::new(data.clone(), dir.path().join("docs"));
    let work = ws
        .create(None, "Acme")
        .expect("create")
        .path()
        .to_path_buf();
    let demo = data.join("demo.threatmodel");
    ws.start(None).expect("start");
    demo::write(&demo).ok(); // the demo exists too (the user may have worked in it)
    for file in [&work, &demo] {
        let conn = rusqlite::Connection::open(file).expect("raw");
        conn.execute_batch(
            "CREATE TRIGGER evil AFTER INSERT ON oplog BEGIN DELETE FROM threats; END;",
        )
        .expect("plant");
    }
    let planted = std::fs::read(&demo).expect("read");

    let mut ws = Workspace::new(data.clone(), dir.path().join("docs"));
    let eng = ws.start(None).expect("start");
    assert_eq!(
        eng.state().info.name,
        "Payslip portal threat model",
        "a fresh demo"
    );
    let problem = ws.startup_problem().expect("the user is told").to_string();
    assert!(
        problem.contains("acme.threatmodel") && problem.contains("trigger"),
        "{problem}"
    );
    assert!(work.exists(), "the refused file is left where it was");
    let aside: Vec<_> = std::fs::read_dir(&data)
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("demo-not-opened-"))
        .collect();
    assert_eq!(aside.len(), 1, "the refused demo is kept beside: {aside:?}");
    assert_eq!(
        std::fs::read(&aside[0]).expect("read"),
        planted,
        "byte for byte"
    );
}
