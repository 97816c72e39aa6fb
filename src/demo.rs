//! The demo engagement the app opens on first start: a small payslip portal with
//! a browser user, a web app, an API, a database, an identity provider and two
//! trust boundaries. Built through ops, like any user's engagement.

use crate::error::Result;
use crate::model::{ElementKind::*, EngagementInfo, EngagementKind, PropValue, Rect};
use crate::op::Op;
use crate::Engagement;
use std::path::Path;

pub fn write(path: &Path) -> Result<Engagement> {
    let info = EngagementInfo {
        name: "Payslip portal threat model".into(),
        customer: "Acme Payroll Ltd".into(),
        application: "Payslip portal".into(),
        kind: EngagementKind::FullApplication,
        description: "Employees sign in through the corporate identity provider to view and download their payslips."
            .into(),
    };
    let mut eng = Engagement::create(path, info)?;
    let d = "d1".to_string();
    eng.apply(Op::RenameDiagram { id: d.clone(), name: "Level 0 — Payslip portal".into() })?;
    let add = |eng: &mut Engagement, id: &str, kind, name: &str, rect| {
        eng.apply(Op::AddElement { id: Some(id.into()), diagram_id: d.clone(), kind, name: name.into(), rect })
    };
    add(&mut eng, "internet", TrustBoundary, "Internet", Rect::new(40.0, 60.0, 300.0, 320.0))?;
    add(&mut eng, "corpnet", TrustBoundary, "Company network", Rect::new(420.0, 60.0, 780.0, 480.0))?;
    add(&mut eng, "employee", ExternalEntity, "Employee (browser)", Rect::new(100.0, 180.0, 180.0, 72.0))?;
    add(&mut eng, "webapp", Process, "Web app", Rect::new(490.0, 150.0, 130.0, 130.0))?;
    add(&mut eng, "api", Process, "Payslip API", Rect::new(790.0, 150.0, 130.0, 130.0))?;
    add(&mut eng, "db", DataStore, "Payroll database", Rect::new(960.0, 400.0, 190.0, 72.0))?;
    add(&mut eng, "idp", ExternalEntity, "Identity provider (SaaS)", Rect::new(470.0, 620.0, 200.0, 72.0))?;

    let flows = [
        ("f-login", "employee", "webapp", "Sign-in & payslip requests", "HTTPS"),
        ("f-pages", "webapp", "employee", "Payslip pages & PDFs", "HTTPS"),
        ("f-authz", "webapp", "idp", "OIDC authorization request", "HTTPS"),
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
        set(&mut eng, id, "encrypted_in_transit", PropValue::Bool(protocol == "HTTPS"))?;
    }
    let text = |s: &str| PropValue::Text(s.into());
    set(&mut eng, "webapp", "internet_facing", PropValue::Bool(true))?;
    set(&mut eng, "webapp", "authentication", text("SSO / OIDC"))?;
    set(&mut eng, "webapp", "platform", text("Node.js container on AWS ECS"))?;
    set(&mut eng, "api", "authentication", text("SSO / OIDC"))?;
    set(&mut eng, "api", "platform", text("Java service on AWS ECS"))?;
    set(&mut eng, "db", "encrypted_at_rest", PropValue::Bool(true))?;
    set(&mut eng, "db", "key_type", text("incremental integer"))?;
    set(&mut eng, "db", "data_classification", text("restricted"))?;
    set(&mut eng, "db", "platform", text("AWS RDS PostgreSQL 15"))?;
    set(&mut eng, "idp", "out_of_scope", PropValue::Bool(true))?;
    set(&mut eng, "idp", "out_of_scope_reason", text("Third-party SaaS, assessed by the vendor"))?;
    eng.forget_history()?;
    Ok(eng)
}

fn set(eng: &mut Engagement, id: &str, key: &str, value: PropValue) -> Result<()> {
    eng.apply(Op::SetProperty { id: id.into(), key: key.into(), value: Some(value) })?;
    Ok(())
}
