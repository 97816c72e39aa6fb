//! Planning the threat ops: logging and editing threats, triaging suggestions, not-applicable marks, and a finding's delivery (lifecycle, deliveries, comments).

use super::{misrouted, Plan};
use crate::engine::op::Op;
use crate::engine::patch::Patch;
use crate::engine::validate::*;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::labels::status_label;
use crate::model::*;

impl Engagement {
    pub(super) fn plan_threat(&mut self, op: Op) -> Result<Plan> {
        Ok(match op {
            Op::AddThreat { mut threat } => {
                if threat.origin != Origin::Manual {
                    return Err(Error::invalid(
                        "A rule's threat is added by accepting its suggestion",
                    ));
                }
                check_new_finding(&threat)?;
                let given = (!threat.id.is_empty()).then(|| threat.id.clone());
                threat.id = self.pick_id(given, "t")?;
                self.validate_threat(&threat)?;
                let id = threat.id.clone();
                (
                    vec![Patch::Put {
                        record: Record::Threat(threat),
                    }],
                    vec![id],
                )
            }
            Op::UpdateThreat { mut threat } => {
                let old = self
                    .state
                    .threats
                    .get(&threat.id)
                    .ok_or_else(|| Error::not_found("Threat", &threat.id))?;
                // Provenance and the delivery history are not edited by hand.
                threat.origin = old.origin.clone();
                threat.source = old.source.clone();
                threat.lifecycle = old.lifecycle;
                threat.lifecycle_history = old.lifecycle_history.clone();
                threat.comments = old.comments.clone();
                threat.foreign = old.foreign.clone();
                // A factor rated refines the overall rating: it replaces it.
                threat.settle_rating();
                self.validate_edited_threat(&threat, old)?;
                (
                    vec![Patch::Put {
                        record: Record::Threat(threat),
                    }],
                    vec![],
                )
            }
            Op::RateThreat {
                id,
                impact,
                likelihood,
            } => {
                let mut t = self.threat(&id)?.clone();
                // A level given overall replaces that axis's factors.
                if impact.is_some() {
                    let rationale = std::mem::take(&mut t.impact.rationale);
                    t.impact = Impact {
                        rated_overall: impact,
                        rationale,
                        ..Impact::default()
                    };
                } else {
                    t.impact.rated_overall = None;
                }
                if likelihood.is_some() {
                    let rationale = std::mem::take(&mut t.likelihood.rationale);
                    t.likelihood = Likelihood {
                        rated_overall: likelihood,
                        rationale,
                        ..Likelihood::default()
                    };
                } else {
                    t.likelihood.rated_overall = None;
                }
                (
                    vec![Patch::Put {
                        record: Record::Threat(t),
                    }],
                    vec![],
                )
            }
            Op::DeleteThreat { id } => {
                if !self.state.threats.contains_key(&id) {
                    return Err(Error::not_found("Threat", &id));
                }
                (
                    vec![Patch::Remove {
                        table: Table::Threat,
                        id,
                    }],
                    vec![],
                )
            }
            Op::AcceptSuggestion { suggestion } => {
                self.check_pending(&suggestion)?;
                let mut threat = suggestion.to_threat();
                threat.id = self.new_id("t");
                self.validate_threat(&threat)?;
                let id = threat.id.clone();
                (
                    vec![Patch::Put {
                        record: Record::Threat(threat),
                    }],
                    vec![id],
                )
            }
            Op::DismissSuggestion { suggestion, reason } => {
                self.check_pending(&suggestion)?;
                let reason = validate_reason(&reason)?;
                let mut patches = vec![Patch::Put {
                    record: Record::Dismissal(Dismissal {
                        id: suggestion.key.clone(),
                        reason: reason.clone(),
                    }),
                }];
                let na_id = NotApplicable::key(&suggestion.element_id, suggestion.category);
                if !self.state.not_applicable.contains_key(&na_id) {
                    patches.push(Patch::Put {
                        record: Record::NotApplicable(NotApplicable {
                            id: na_id,
                            element_id: suggestion.element_id,
                            category: suggestion.category,
                            reason,
                        }),
                    });
                }
                (patches, vec![])
            }
            Op::SetNotApplicable {
                element_id,
                category,
                reason,
            } => {
                let e = self.element(&element_id)?;
                if !category.applies_to(e.kind) {
                    return Err(Error::invalid(format!(
                        "{} does not apply to a {}",
                        category.label(),
                        e.kind.label().to_lowercase()
                    )));
                }
                let id = NotApplicable::key(&element_id, category);
                let patch = match reason {
                    Some(reason) => {
                        let reason = validate_reason(&reason)?;
                        Patch::Put {
                            record: Record::NotApplicable(NotApplicable {
                                id,
                                element_id,
                                category,
                                reason,
                            }),
                        }
                    }
                    None => Patch::Remove {
                        table: Table::NotApplicable,
                        id,
                    },
                };
                (vec![patch], vec![])
            }
            Op::MoveFinding {
                threat_ids,
                to,
                by,
                comment,
                at_ms,
            } => {
                if threat_ids.is_empty() {
                    return Err(Error::invalid("Choose the findings to move"));
                }
                validate_title(&by, "Say who moves the findings")?;
                validate_text(&comment)?;
                let at_ms = time(at_ms)?;
                let mut seen = std::collections::HashSet::new();
                let mut patches = Vec::with_capacity(threat_ids.len());
                for id in &threat_ids {
                    if !seen.insert(id) {
                        continue;
                    }
                    let mut t = self.threat(id)?.clone();
                    if !t.lifecycle.next().contains(&to) {
                        return Err(Error::invalid(format!(
                            "{} \u{201c}{}\u{201d} is {}: it cannot become {}",
                            t.id,
                            t.title,
                            status_label(t.lifecycle).to_lowercase(),
                            status_label(to).to_lowercase()
                        )));
                    }
                    t.lifecycle_history.push(LifecycleEvent {
                        from: t.lifecycle,
                        to,
                        by: by.clone(),
                        at_ms,
                        comment: comment.clone(),
                    });
                    t.lifecycle = to;
                    patches.push(Patch::Put {
                        record: Record::Threat(t),
                    });
                }
                (patches, vec![])
            }
            Op::RecordDelivery {
                label,
                filter,
                at_ms,
            } => {
                validate_title(&label, "Name the delivery")?;
                let at_ms = time(at_ms)?;
                let report = crate::analysis::report::build(&self.state, &self.uid, &filter, at_ms);
                let delivery = crate::model::Delivery {
                    id: self.new_id("dl"),
                    at_ms,
                    label,
                    findings: report
                        .findings
                        .iter()
                        .map(crate::analysis::report::delivered)
                        .collect(),
                };
                (
                    vec![Patch::Put {
                        record: Record::Delivery(delivery),
                    }],
                    vec![],
                )
            }
            Op::CommentOnFinding {
                threat_id,
                by,
                text,
                from_customer,
                at_ms,
            } => {
                let mut t = self.threat(&threat_id)?.clone();
                validate_title(&by, "Say who comments")?;
                if text.trim().is_empty() {
                    return Err(Error::invalid("A comment needs some text"));
                }
                validate_text(&text)?;
                t.comments.push(Comment {
                    by,
                    at_ms: time(at_ms)?,
                    text,
                    from_customer,
                });
                (
                    vec![Patch::Put {
                        record: Record::Threat(t),
                    }],
                    vec![],
                )
            }
            op => return Err(misrouted(&op)),
        })
    }
}
