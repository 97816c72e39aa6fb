//! The demo engagement's story so far: who takes part, what was scoped, two
//! sessions held and one planned, their notes, and the threats found — enough
//! to try every view and every deliverable on first start.

use crate::engine::op::Op;
use crate::engine::Engagement;
use crate::error::Result;
use crate::model::{
    Attendee, Note, NoteKind, Person, Processing, Session, SessionKind, SessionRole, Side,
};
use crate::model::{Component, EngagementInfo, Priority};
use crate::model::{
    FindingState, Impact, Likelihood, Rating, RiskLevel, RiskOverride, Stride, Threat,
};

/// 2026-11-02 09:00 UTC, the scoping meeting; later times count from it.
const SCOPING_MS: i64 = 1_793_610_000_000;
const DAY_MS: i64 = 86_400_000;
const MIN_MS: i64 = 60_000;

fn created(eng: &mut Engagement, op: Op) -> Result<String> {
    let change = eng.apply(op)?;
    Ok(change.created.into_iter().next().unwrap_or_default())
}

fn person(eng: &mut Engagement, name: &str, role: &str, side: Side) -> Result<String> {
    let person = Person {
        id: String::new(),
        name: name.into(),
        side,
        role: role.into(),
    };
    created(eng, Op::PutPerson { person })
}

pub(super) fn tell(eng: &mut Engagement) -> Result<()> {
    let info = EngagementInfo {
        audience: "About 4,000 employees; HR and payroll administrators".into(),
        data_handled: "Payslips: salary, bank account, tax and national insurance numbers".into(),
        adversaries: "Curious or malicious employees; opportunistic attackers on the Internet"
            .into(),
        ..eng.state().info.clone()
    };
    eng.apply(Op::SetInfo { info })?;

    let maya = person(eng, "Maya Lindqvist", "Security consultant", Side::Team)?;
    let jonas = person(eng, "Jonas Weber", "Security consultant", Side::Team)?;
    let sam = person(eng, "Sam Okafor", "Tech lead", Side::Customer)?;
    let lena = person(eng, "Lena Fischer", "Product owner", Side::Customer)?;
    let raj = person(eng, "Raj Patel", "Platform engineer", Side::Customer)?;

    for (name, minutes, priority, elements, notes) in [
        (
            "Payslip viewing and download",
            120,
            Priority::High,
            vec!["webapp", "api", "db"],
            "Employees open and download their own payslips.",
        ),
        (
            "Sign-in through corporate SSO",
            45,
            Priority::Medium,
            vec!["webapp", "idp"],
            "OIDC against the company's identity provider.",
        ),
        (
            "Payroll database and backups",
            60,
            Priority::High,
            vec!["db"],
            "RDS PostgreSQL, nightly snapshots.",
        ),
    ] {
        let component = Component {
            id: String::new(),
            name: name.into(),
            planned_minutes: minutes,
            priority,
            element_ids: elements.into_iter().map(String::from).collect(),
            notes: notes.into(),
        };
        eng.apply(Op::PutComponent { component })?;
    }

    let attend = |ids: &[(&String, SessionRole)]| {
        ids.iter()
            .map(|(id, role)| Attendee {
                person_id: (*id).clone(),
                role: *role,
            })
            .collect::<Vec<_>>()
    };
    let session =
        |kind, title: &str, date: &str, minutes, online, attendees, recording: &str| Session {
            id: String::new(),
            kind,
            title: title.into(),
            date: date.into(),
            planned_minutes: minutes,
            online,
            attendees,
            recording: recording.into(),
            started_at_ms: None,
            ended_at_ms: None,
        };
    let scoping = created(
        eng,
        Op::PutSession {
            session: session(
                SessionKind::Scoping,
                "Scoping with the product owner",
                "2026-11-02 09:00",
                60,
                true,
                attend(&[
                    (&maya, SessionRole::Driver),
                    (&jonas, SessionRole::NoteTaker),
                    (&lena, SessionRole::Participant),
                ]),
                "https://recordings.acme-payroll.example/tm/2026-11-02-scoping",
            ),
        },
    )?;
    let deep_dive = created(
        eng,
        Op::PutSession {
            session: session(
                SessionKind::FollowUp,
                "Payslip download and database deep dive",
                "2026-11-09 13:00",
                120,
                false,
                attend(&[
                    (&maya, SessionRole::Driver),
                    (&jonas, SessionRole::NoteTaker),
                    (&sam, SessionRole::Participant),
                    (&raj, SessionRole::Participant),
                ]),
                "https://recordings.acme-payroll.example/tm/2026-11-09-deep-dive",
            ),
        },
    )?;
    created(
        eng,
        Op::PutSession {
            session: session(
                SessionKind::FollowUp,
                "Sign-in and SSO follow-up",
                "2026-11-30 10:00",
                90,
                true,
                attend(&[
                    (&maya, SessionRole::Driver),
                    (&jonas, SessionRole::NoteTaker),
                    (&sam, SessionRole::Participant),
                ]),
                "",
            ),
        },
    )?;

    let at = |t: i64| Some(t as f64);
    eng.apply(Op::StartSession {
        id: scoping.clone(),
        at_ms: at(SCOPING_MS),
    })?;
    eng.apply(Op::EndSession {
        id: scoping.clone(),
        at_ms: at(SCOPING_MS + 55 * MIN_MS),
    })?;
    let held = SCOPING_MS + 7 * DAY_MS + 4 * 60 * MIN_MS;
    eng.apply(Op::StartSession {
        id: deep_dive.clone(),
        at_ms: at(held),
    })?;

    let note = |eng: &mut Engagement,
                session: &String,
                author: &String,
                kind,
                text: &str,
                elements: &[&str],
                minute: i64| {
        let note = Note {
            id: String::new(),
            session_id: session.clone(),
            text: text.into(),
            author_id: Some(author.clone()),
            kind,
            offset_ms: Some(minute * MIN_MS),
            element_ids: elements.iter().map(|e| e.to_string()).collect(),
            answers: None,
            processing: Processing::Unprocessed,
            created_at_ms: 0,
        };
        created(
            eng,
            Op::AddNote {
                note,
                at_ms: at(held + minute * MIN_MS),
            },
        )
    };
    let keys = note(
        eng,
        &deep_dive,
        &jonas,
        NoteKind::Observation,
        "Payslip URLs carry the database row id: /payslips/10432.pdf",
        &["api", "db"],
        12,
    )?;
    note(
        eng,
        &deep_dive,
        &jonas,
        NoteKind::Question,
        "Who can read the nightly database snapshots?",
        &["db"],
        34,
    )?;
    let tls = note(
        eng,
        &deep_dive,
        &jonas,
        NoteKind::Decision,
        "Sam: TLS between web app and API is planned for Q1",
        &["f-call"],
        51,
    )?;
    eng.apply(Op::SetNoteReference {
        note_id: tls,
        reference: true,
    })?;
    eng.apply(Op::EndSession {
        id: deep_dive.clone(),
        at_ms: at(held + 115 * MIN_MS),
    })?;

    let ids = threats(eng, &keys)?;
    // The first two went to the customer in a draft report; one is validated.
    for id in &ids[..2] {
        move_finding(
            eng,
            id,
            FindingState::Reported,
            &maya,
            "In the draft report",
            held + DAY_MS,
        )?;
    }
    move_finding(
        eng,
        &ids[0],
        FindingState::Validated,
        &maya,
        "Sam reproduced it in staging",
        held + 3 * DAY_MS,
    )?;
    Ok(())
}

fn move_finding(
    eng: &mut Engagement,
    id: &str,
    to: FindingState,
    by: &str,
    comment: &str,
    at_ms: i64,
) -> Result<()> {
    let by = eng
        .state()
        .people
        .get(by)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    eng.apply(Op::MoveFinding {
        threat_ids: vec![id.into()],
        to,
        by,
        comment: comment.into(),
        at_ms: Some(at_ms as f64),
    })?;
    Ok(())
}

struct Found {
    element: &'static str,
    category: Stride,
    title: &'static str,
    scenario: &'static str,
    impact: [Rating; 3],
    likelihood: [Rating; 3],
    actions: &'static [&'static str],
    references: &'static [&'static str],
}

const FOUND: &[Found] = &[
    Found {
        element: "api",
        category: Stride::InformationDisclosure,
        title: "Any employee can download another employee's payslip",
        scenario: "Payslip URLs carry the payroll database's incremental row id, and the API only checks that the caller is signed in. An employee changes the number in /payslips/10432.pdf and downloads a colleague's payslip, with salary, bank account and tax details.",
        impact: [Rating::High, Rating::High, Rating::Medium],
        likelihood: [Rating::High, Rating::High, Rating::Medium],
        actions: &["Check on every request that the payslip belongs to the signed-in employee (or an HR role).", "Use random, unguessable identifiers in payslip URLs.", "Alert on one account downloading many payslips."],
        references: &["CWE-639", "CAPEC-122"],
    },
    Found {
        element: "f-call",
        category: Stride::InformationDisclosure,
        title: "Payslip data travels unencrypted between web app and API",
        scenario: "The web app calls the payslip API over plain HTTP inside the company network. Anyone able to capture traffic on that network segment (a compromised host, a misconfigured mirror port) reads payslips and the employees' JWTs.",
        impact: [Rating::Medium, Rating::Medium, Rating::Low],
        likelihood: [Rating::Medium, Rating::Low, Rating::Low],
        actions: &["Enable TLS between the web app and the API (planned for Q1).", "Restrict the API's security group to the web app's tasks."],
        references: &["CWE-319"],
    },
    Found {
        element: "db",
        category: Stride::InformationDisclosure,
        title: "Nightly database snapshots readable by the whole platform team",
        scenario: "RDS snapshots are shared with the platform team's AWS account for restore tests. Every platform engineer can restore one and read all payslips, outside the application's access control and audit trail.",
        impact: [Rating::High, Rating::High, Rating::Medium],
        likelihood: [Rating::Low, Rating::Medium, Rating::Low],
        actions: &["Share snapshots only with a dedicated restore role, used under break-glass.", "Encrypt snapshots with a key the platform team cannot use by default."],
        references: &["CWE-284"],
    },
    Found {
        element: "api",
        category: Stride::Repudiation,
        title: "Payslip downloads are not logged per employee",
        scenario: "The API logs requests without the authenticated employee. When an employee disputes that they accessed a payslip, or HR investigates a leak, nobody can say who downloaded what and when.",
        impact: [Rating::Medium, Rating::Medium, Rating::Low],
        likelihood: [Rating::Medium, Rating::Medium, Rating::Medium],
        actions: &["Log every payslip view and download with the employee id, payslip id and time.", "Keep the log for the retention period HR requires, out of the API's reach."],
        references: &["CWE-778"],
    },
    Found {
        element: "employee",
        category: Stride::Spoofing,
        title: "Sessions on shared kiosk browsers outlive the employee",
        scenario: "Warehouse staff read payslips on shared kiosk PCs. Closing the tab does not end the session, so the next person at the kiosk opens the portal as the previous employee.",
        impact: [Rating::Low, Rating::Medium, Rating::Low],
        likelihood: [Rating::Medium, Rating::Low, Rating::Medium],
        actions: &["Expire portal sessions after 10 minutes of inactivity.", "Offer a visible sign-out and end the SSO session with it on kiosks."],
        references: &["CWE-613"],
    },
    Found {
        element: "api",
        category: Stride::DenialOfService,
        title: "Unbounded PDF generation can exhaust the API's workers",
        scenario: "Each payslip PDF is rendered on request. A script requesting many PDFs at once ties up every worker, and employees cannot reach their payslips on payday.",
        impact: [Rating::Medium, Rating::Low, Rating::Low],
        likelihood: [Rating::Low, Rating::Medium, Rating::Low],
        actions: &["Rate-limit PDF requests per employee.", "Cache rendered PDFs; they never change once issued."],
        references: &["CWE-770", "CAPEC-469"],
    },
];

/// Logs the findings; the first comes from the session note `keys`.
fn threats(eng: &mut Engagement, keys: &str) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for (i, f) in FOUND.iter().enumerate() {
        let mut t = Threat::quick(f.element, f.category, f.title);
        t.scenario = f.scenario.into();
        let [users, reputation, money] = f.impact;
        t.impact = Impact {
            affected_users: Some(users),
            reputational: Some(reputation),
            financial: Some(money),
            rated_overall: None,
            rationale: String::new(),
        };
        let [repro, exploit, discover] = f.likelihood;
        t.likelihood = Likelihood {
            reproducibility: Some(repro),
            exploitability: Some(exploit),
            discoverability: Some(discover),
            rated_overall: None,
            rationale: String::new(),
        };
        t.recommended_actions = f.actions.iter().map(|a| a.to_string()).collect();
        t.references = f.references.iter().map(|r| r.to_string()).collect();
        if f.element == "db" {
            t.risk_override = Some(RiskOverride {
                level: RiskLevel::High,
                justification: "All payslips at once, and nothing would show the access".into(),
            });
        }
        let op = if i == 0 {
            Op::PromoteNote {
                note_id: keys.into(),
                threat: t,
            }
        } else {
            Op::AddThreat { threat: t }
        };
        ids.push(created(eng, op)?);
    }
    Ok(ids)
}
