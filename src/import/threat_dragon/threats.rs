//! A cell's `data.threats` read as threats: type, status and severity
//! mapped, the source's own spelling kept for an export back.

use super::{labels, scalar, short, text, Reader, ELEMENTS, ORIGINALS, STATE};
use crate::model::{ElementKind, FindingState, RiskLevel, RiskOverride, Stride, Threat};
use serde_json::{Map, Value};

impl Reader<'_> {
    pub(super) fn threat(&mut self, element_id: &str, kind: ElementKind, t: Value) {
        let Value::Object(mut kept) = t else {
            self.report
                .dropped("a threat that is not a JSON object (nothing to read)");
            return;
        };
        // An export writes a threat on several elements on each of them, the
        // same entry with the same id: the first is read, the copies skipped.
        if let Some(Value::Array(_)) = kept.get(ELEMENTS) {
            let wanted = kept
                .get("id")
                .and_then(scalar)
                .or_else(|| kept.get("threatId").and_then(scalar));
            if let Some(w) = wanted {
                if !self.copies.insert(w) {
                    return;
                }
            }
        }
        let mut originals = Map::new();
        let raw_title = kept
            .remove("title")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let title = if raw_title.trim().is_empty() {
            self.report
                .defaulted("a threat without a title: 'Untitled threat'");
            "Untitled threat".to_string()
        } else {
            text::name(&raw_title, "a threat's title", self.report)
        };
        if raw_title != title {
            originals.insert(
                "title".into(),
                Value::Array(vec![raw_title.into(), title.clone().into()]),
            );
        }
        let raw_type = kept
            .remove("type")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let key = raw_type
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let category = match labels::TYPES.iter().find(|(l, _, _)| *l == key) {
            Some((_, letter, model)) => {
                let c = stride_of(*letter);
                if *model == "STRIDE" {
                    self.report.mapped(format!(
                        "threat type '{}' → {}",
                        short(&raw_type),
                        c.label()
                    ));
                } else {
                    self.report.mapped(format!(
                        "{model} threat type '{}' → {} (the closest STRIDE category; the original kept)",
                        short(&raw_type),
                        c.label()
                    ));
                }
                c
            }
            None => {
                let c = Stride::applicable(kind)
                    .first()
                    .copied()
                    .unwrap_or(Stride::Tampering);
                if raw_type.trim().is_empty() {
                    self.report.defaulted(format!(
                        "a threat without a type on a {}: {}",
                        kind.label().to_lowercase(),
                        c.label()
                    ));
                } else {
                    self.report.defaulted(format!(
                        "threat type '{}' matches no STRIDE category: {} (the first that applies to a {}; the original kept)",
                        short(&raw_type),
                        c.label(),
                        kind.label().to_lowercase()
                    ));
                }
                c
            }
        };
        originals.insert(
            "type".into(),
            Value::Array(vec![raw_type.into(), category.letter().to_string().into()]),
        );

        let raw_status = kept
            .remove("status")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let lifecycle = match raw_status
            .trim()
            .to_lowercase()
            .replace([' ', '_', '-', '/'], "")
            .as_str()
        {
            "open" => {
                self.report.mapped("threat status Open → Draft");
                FindingState::Draft
            }
            "mitigated" => {
                self.report.mapped("threat status Mitigated → Mitigated");
                FindingState::Mitigated
            }
            "notapplicable" | "na" => {
                self.report
                    .mapped("threat status NotApplicable → False positive");
                FindingState::FalsePositive
            }
            "accepted" => {
                self.report.mapped("threat status Accepted → Accepted");
                FindingState::Accepted
            }
            "transferred" => {
                self.report
                    .mapped("threat status Transferred → Accepted (the risk is taken elsewhere; the original kept)");
                FindingState::Accepted
            }
            "avoided" | "eliminated" => {
                self.report.mapped(format!(
                    "threat status {} → Mitigated (the original kept)",
                    short(&raw_status)
                ));
                FindingState::Mitigated
            }
            _ => {
                self.report.defaulted(format!(
                    "threat status '{}' → Draft (the original kept)",
                    short(&raw_status)
                ));
                FindingState::Draft
            }
        };
        // Our own state, written beside a status Threat Dragon knows when
        // that status says less (an accepted risk written as "Open").
        let kept_state = kept
            .remove(STATE)
            .and_then(|v| serde_json::from_value::<FindingState>(v).ok());
        let lifecycle = match kept_state {
            Some(s) if lifecycle == FindingState::Draft => {
                self.report
                    .mapped("threat status Open with Threatloom's state → that state");
                s
            }
            _ => lifecycle,
        };
        originals.insert(
            "status".into(),
            Value::Array(vec![raw_status.into(), state_name(lifecycle).into()]),
        );

        let raw_severity = kept
            .remove("severity")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let level = match raw_severity.trim().to_lowercase().as_str() {
            "critical" => Some(RiskLevel::Critical),
            "high" => Some(RiskLevel::High),
            "medium" => Some(RiskLevel::Medium),
            "low" => Some(RiskLevel::Low),
            _ => None,
        };
        let risk_override = match level {
            Some(level) => {
                self.report.mapped(format!(
                    "threat severity {} → risk set to {} (justified as Threat Dragon's severity)",
                    level.label(),
                    level.label()
                ));
                Some(RiskOverride {
                    level,
                    justification: format!("Severity {} in the Threat Dragon model", level.label()),
                })
            }
            None => {
                self.report.defaulted(format!(
                    "threat severity '{}' → unrated",
                    short(&raw_severity)
                ));
                None
            }
        };
        originals.insert(
            "severity".into(),
            Value::Array(vec![
                raw_severity.into(),
                level.map(|l| l.label()).unwrap_or("").into(),
            ]),
        );
        if kept
            .get("score")
            .and_then(scalar)
            .is_some_and(|s| !s.trim().is_empty())
        {
            self.report
                .kept("threat score (kept for export; Threatloom rates impact and likelihood)");
        }

        let scenario = match kept.remove("description").and_then(|v| scalar(&v)) {
            Some(d) => text::long(&d, "a threat's description", self.report),
            None => String::new(),
        };
        let mitigation = match kept.remove("mitigation").and_then(|v| scalar(&v)) {
            Some(m) => text::long(&m, "a threat's mitigation", self.report),
            None => String::new(),
        };
        if !mitigation.is_empty() {
            self.report
                .mapped("threat mitigation → a recommended action");
        }
        let wanted = kept
            .get("id")
            .and_then(scalar)
            .or_else(|| kept.get("threatId").and_then(scalar));
        let id = self.id(wanted, "t");
        if let Some(Value::Array(list)) = kept.remove(ELEMENTS) {
            let cells: Vec<String> = list.iter().filter_map(scalar).collect();
            self.pending.push((self.model.threats.len(), cells));
        }
        kept.insert(ORIGINALS.into(), Value::Object(originals));
        let mut threat = Threat::quick(element_id, category, &title);
        threat.id = id;
        threat.scenario = scenario;
        threat.risk_override = risk_override;
        threat.recommended_actions = if mitigation.is_empty() {
            vec![]
        } else {
            vec![mitigation]
        };
        threat.lifecycle = lifecycle;
        threat.foreign = self.foreign(&kept);
        self.model.threats.push(threat);
    }
}

fn stride_of(letter: char) -> Stride {
    match letter {
        'S' => Stride::Spoofing,
        'R' => Stride::Repudiation,
        'I' => Stride::InformationDisclosure,
        'D' => Stride::DenialOfService,
        'E' => Stride::ElevationOfPrivilege,
        _ => Stride::Tampering,
    }
}

/// A lifecycle state as its serde name ("draft", "false_positive").
fn state_name(s: FindingState) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
