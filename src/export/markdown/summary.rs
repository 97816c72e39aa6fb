//! The executive summary in Markdown: scope, sessions, findings by risk and
//! status, the top risks, the resolved findings, what the customer's feedback
//! changed and what changed since the previous delivery.

use super::*;
use crate::analysis::report::{sentence, sentences};

/// The executive summary: scope, sessions held, findings by risk level, the
/// top risks one paragraph each, and what changed since the previous delivery.
pub fn summary(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Executive summary: {}\n\n{}\n",
        inline(&report.info.name),
        heading_line(report)
    );
    let desc = block(&report.info.description);
    if !desc.is_empty() {
        let _ = writeln!(out, "{desc}\n");
    }

    out.push_str("## Scope\n\n");
    if !report.info.application.trim().is_empty() {
        let app = sentence(&inline(&report.info.application));
        let _ = writeln!(out, "Application: {app}\n");
    }
    if !report.components.is_empty() {
        let names: Vec<String> = report.components.iter().map(|c| inline(&c.name)).collect();
        let _ = writeln!(out, "Components: {}\n", sentence(&names.join(", ")));
    }
    let in_scope = report.scope.iter().filter(|s| s.in_scope).count();
    let _ = writeln!(
        out,
        "{} element{} in scope across {} diagram{}.",
        in_scope,
        plural(in_scope),
        report.diagrams.len(),
        plural(report.diagrams.len())
    );
    let out_of_scope: Vec<_> = report.scope.iter().filter(|s| !s.in_scope).collect();
    if !out_of_scope.is_empty() {
        out.push_str("\nOut of scope:\n\n");
        for s in out_of_scope {
            let reason = if s.reason.trim().is_empty() {
                "no reason given".to_string()
            } else {
                inline(&s.reason)
            };
            let _ = writeln!(out, "- {} ({}): {}", inline(&s.name), s.kind, reason);
        }
    }

    out.push_str("\n## Sessions\n\n");
    let held: Vec<_> = report
        .sessions
        .iter()
        .filter(|s| s.state == "Held")
        .collect();
    let _ = writeln!(
        out,
        "{} session{} held{}.",
        held.len(),
        plural(held.len()),
        if report.sessions.len() > held.len() {
            format!(" of {} planned", report.sessions.len())
        } else {
            String::new()
        }
    );
    if !held.is_empty() {
        out.push('\n');
    }
    for s in held {
        let _ = writeln!(
            out,
            "- {} — {} ({}, {} attendee{})",
            inline(&s.date),
            inline(&s.title),
            s.kind,
            s.attendees.len(),
            plural(s.attendees.len())
        );
    }

    out.push_str("\n## Findings by risk level\n\n");
    by_risk_table(&mut out, report);
    status_line(&mut out, report);

    out.push_str("\n## Top risks\n");
    let top = report.top_risks();
    if top.is_empty() {
        out.push_str("\nNo rated findings.\n");
    }
    for f in top {
        let _ = writeln!(
            out,
            "\n### {}: {} ({})\n",
            inline(&f.id),
            inline(&f.title),
            risk_label(f.risk)
        );
        let mut para = format!(
            "{} threat to {}.",
            inline(&f.category),
            cell(&f.affected_asset)
        );
        let scenario = sentence(&inline(&f.scenario));
        if !scenario.is_empty() {
            let _ = write!(para, " {scenario}");
        }
        if !f.recommended_actions.is_empty() {
            let actions = sentences(f.recommended_actions.iter().map(|a| inline(a)));
            let _ = write!(para, " Recommended: {actions}");
        }
        let _ = writeln!(
            para,
            " Status: {}.",
            status_label(f.lifecycle).to_lowercase()
        );
        out.push_str(&para);
    }
    resolved_section(&mut out, report);
    feedback_section(&mut out, report);
    changes_section(&mut out, report, false);
    out
}

/// The resolved findings, one line each: never among the top risks.
fn resolved_section(out: &mut String, report: &Report) {
    let resolved = report.resolved_findings();
    if resolved.is_empty() {
        return;
    }
    out.push_str(
        "\n## Resolved findings\n\nAccepted, mitigated or found a false positive; not counted among the top risks.\n\n",
    );
    for f in resolved {
        let _ = write!(
            out,
            "- {}: {} ({}) — {}",
            inline(&f.id),
            inline(&f.title),
            risk_label(f.risk),
            status_label(f.lifecycle)
        );
        if let Some(latest) = f.latest_feedback() {
            let _ = write!(out, ": {}", inline(&latest));
        }
        out.push('\n');
    }
}

/// "Changes after customer feedback": what the feedback moved or commented on.
fn feedback_section(out: &mut String, report: &Report) {
    let changed: Vec<(&Finding, String)> = report
        .findings
        .iter()
        .filter_map(|f| Some((f, f.feedback_summary()?)))
        .collect();
    if changed.is_empty() {
        return;
    }
    out.push_str("\n## Changes after customer feedback\n\n");
    for (f, what) in changed {
        let _ = writeln!(
            out,
            "- {}: {} — {}",
            inline(&f.id),
            inline(&f.title),
            sentence(&inline(&what))
        );
    }
}
