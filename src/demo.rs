//! The demo engagement the app opens on first start: a small payslip portal with
//! a browser user, a web app, an API, a database, an identity provider and two
//! trust boundaries, and the engagement's story so far (`story`). Built
//! through ops, like any user's engagement.

mod story;

use crate::engine::op::Op;
use crate::engine::Engagement;
use crate::error::Result;
use crate::model::{ElementKind::*, EngagementInfo, EngagementKind, PropValue, Rect};
use std::path::Path;

pub fn write(path: &Path) -> Result<Engagement> {
    let info = EngagementInfo {
        name: "Payslip portal threat model".into(),
        customer: "Acme Payroll Ltd".into(),
        application: "Payslip portal".into(),
        kind: EngagementKind::FullApplication,
        description: "Employees sign in through the corporate identity provider to view and download their payslips."
            .into(),
        ..EngagementInfo::default()
    };
    let mut eng = Engagement::create(path, info)?;
    let d = "d1".to_string();
    eng.apply(Op::RenameDiagram {
        id: d.clone(),
        name: "Level 0 — Payslip portal".into(),
    })?;
    let add = |eng: &mut Engagement, id: &str, kind, name: &str, rect| {
        eng.apply(Op::AddElement {
            id: Some(id.into()),
            diagram_id: d.clone(),
            kind,
            name: name.into(),
            rect,
        })
    };
    add(
        &mut eng,
        "internet",
        TrustBoundary,
        "Internet",
        Rect::new(20.0, 60.0, 260.0, 300.0),
    )?;
    add(
        &mut eng,
        "corpnet",
        TrustBoundary,
        "Company network",
        Rect::new(420.0, 60.0, 930.0, 300.0),
    )?;
    add(
        &mut eng,
        "employee",
        ExternalEntity,
        "Employee (browser)",
        Rect::new(50.0, 174.0, 170.0, 72.0),
    )?;
    add(
        &mut eng,
        "webapp",
        Process,
        "Web app",
        Rect::new(480.0, 145.0, 130.0, 130.0),
    )?;
    add(
        &mut eng,
        "api",
        Process,
        "Payslip API",
        Rect::new(830.0, 145.0, 130.0, 130.0),
    )?;
    add(
        &mut eng,
        "db",
        DataStore,
        "Payroll database",
        Rect::new(1140.0, 174.0, 180.0, 72.0),
    )?;
    add(
        &mut eng,
        "idp",
        ExternalEntity,
        "Identity provider (SaaS)",
        Rect::new(445.0, 470.0, 200.0, 72.0),
    )?;

    let flows = [
        (
            "f-login",
            "employee",
            "webapp",
            "Sign-in & payslip requests",
            "HTTPS",
        ),
        (
            "f-pages",
            "webapp",
            "employee",
            "Payslip pages & PDFs",
            "HTTPS",
        ),
        (
            "f-authz",
            "webapp",
            "idp",
            "OIDC authorization request",
            "HTTPS",
        ),
        ("f-token", "idp", "webapp", "ID token", "HTTPS"),
        ("f-call", "webapp", "api", "GET /payslips (JWT)", "HTTP"),
        ("f-data", "api", "webapp", "Payslip data", "HTTP"),
        ("f-query", "api", "db", "SQL queries", "PostgreSQL"),
        ("f-rows", "db", "api", "Payslip records", "PostgreSQL"),
    ];
    for (id, source, target, name, protocol) in flows {
        eng.apply(Op::Connect {
            id: Some(id.into()),
            diagram_id: d.clone(),
            source: source.into(),
            target: target.into(),
            name: name.into(),
        })?;
        set(&mut eng, id, "protocol", PropValue::Text(protocol.into()))?;
        set(
            &mut eng,
            id,
            "encrypted_in_transit",
            PropValue::Bool(protocol == "HTTPS"),
        )?;
    }
    let text = |s: &str| PropValue::Text(s.into());
    set(&mut eng, "webapp", "internet_facing", PropValue::Bool(true))?;
    set(&mut eng, "webapp", "authentication", text("SSO / OIDC"))?;
    set(
        &mut eng,
        "webapp",
        "platform",
        text("Node.js container on AWS ECS"),
    )?;
    set(&mut eng, "api", "authentication", text("SSO / OIDC"))?;
    set(&mut eng, "api", "platform", text("Java service on AWS ECS"))?;
    set(&mut eng, "db", "encrypted_at_rest", PropValue::Bool(true))?;
    set(&mut eng, "db", "key_type", text("incremental integer"))?;
    set(&mut eng, "db", "data_classification", text("restricted"))?;
    set(&mut eng, "db", "platform", text("AWS RDS PostgreSQL 15"))?;
    set(&mut eng, "idp", "out_of_scope", PropValue::Bool(true))?;
    set(
        &mut eng,
        "idp",
        "out_of_scope_reason",
        text("Third-party SaaS, assessed by the vendor"),
    )?;
    story::tell(&mut eng)?;
    eng.forget_history()?;
    Ok(eng)
}

fn set(eng: &mut Engagement, id: &str, key: &str, value: PropValue) -> Result<()> {
    eng.apply(Op::SetProperty {
        id: id.into(),
        key: key.into(),
        value: Some(value),
    })?;
    Ok(())
}

/// A large synthetic engagement for benchmarks: `nodes` entities, processes and
/// stores on a grid, `flows` flows between them, `boundaries` trust boundaries
/// tiling the grid. Deterministic.
pub fn large(path: &Path, nodes: usize, flows: usize, boundaries: usize) -> Result<Engagement> {
    let info = EngagementInfo {
        name: format!("Large model ({nodes} nodes)"),
        ..EngagementInfo::default()
    };
    let mut eng = Engagement::create(path, info)?;
    let d = "d1".to_string();
    let cols = (nodes as f64).sqrt().ceil().max(1.0) as usize;
    let rows = nodes.div_ceil(cols).max(1);
    let (dx, dy) = (240.0, 170.0);
    // Boundaries tile the grid in bands of whole cells, so containment is clear.
    let bcols = (boundaries as f64).sqrt().ceil().max(1.0) as usize;
    let brows = boundaries.div_ceil(bcols).max(1);
    for b in 0..boundaries {
        let (bc, br) = (b % bcols, b / bcols);
        let (cw, ch) = (
            cols.div_ceil(bcols) as f64 * dx,
            rows.div_ceil(brows) as f64 * dy,
        );
        let rect = Rect::new(
            bc as f64 * cw - 20.0,
            br as f64 * ch - 20.0,
            cw - 20.0,
            ch - 20.0,
        );
        eng.apply(Op::AddElement {
            id: Some(format!("b{b}")),
            diagram_id: d.clone(),
            kind: TrustBoundary,
            name: format!("Zone {b}"),
            rect,
        })?;
    }
    for n in 0..nodes {
        let kind = [Process, DataStore, ExternalEntity, Process][n % 4];
        let (w, h) = if kind == Process {
            (110.0, 110.0)
        } else {
            (160.0, 64.0)
        };
        let rect = Rect::new(
            (n % cols) as f64 * dx + 20.0,
            (n / cols) as f64 * dy + 20.0,
            w,
            h,
        );
        eng.apply(Op::AddElement {
            id: Some(format!("n{n}")),
            diagram_id: d.clone(),
            kind,
            name: format!("Element {n}"),
            rect,
        })?;
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound.max(1) as u64) as usize
    };
    let mut made = 0;
    while made < flows && nodes > 1 {
        let s = next(nodes);
        // Mostly neighbours, as in a real diagram; sometimes far away.
        let t = if next(4) == 0 {
            next(nodes)
        } else {
            (s + 1 + next(cols.min(nodes - 1))) % nodes
        };
        if s == t {
            continue;
        }
        eng.apply(Op::Connect {
            id: Some(format!("f{made}")),
            diagram_id: d.clone(),
            source: format!("n{s}"),
            target: format!("n{t}"),
            name: format!("Flow {made}"),
        })?;
        made += 1;
    }
    eng.forget_history()?;
    Ok(eng)
}
