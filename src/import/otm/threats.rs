//! Threat instances on components and dataflows: category, likelihood and
//! impact of the threat they name, its mitigations as recommended actions.

use super::*;

impl Reader {
    pub(super) fn threat_instances(&mut self, obj: &Value, e: usize) {
        for inst in arr(obj, "threats") {
            let def_id = str_of(inst.get("threat")).unwrap_or_default();
            let def = self
                .threat_defs
                .get(&def_id)
                .cloned()
                .unwrap_or(Value::Null);
            if def.is_null() {
                self.report.defaulted(
                    "OTM threat instance naming no threat of the file: titled by its id",
                );
            }
            let kind = self.elements[e].kind;
            let el_id = self.elements[e].id.clone();
            let title_src =
                str_of(def.get("name")).unwrap_or_else(|| format!("OTM threat {def_id}"));
            let mut title = text::name(&title_src, "a threat's title", &mut self.report);
            if title.trim().is_empty() {
                title = format!("OTM threat {def_id}");
                self.report
                    .defaulted("OTM threat without a name: titled by its id");
            }
            let cats: Vec<String> = arr(&def, "categories")
                .iter()
                .filter_map(|c| str_of(Some(c)))
                .collect();
            let category = match cats.iter().find_map(|c| stride_of(c)) {
                Some(c) => {
                    self.report
                        .mapped(format!("OTM threat category → {}", c.label()));
                    if cats.len() > 1 {
                        self.report.kept("OTM threat with several categories: the first STRIDE one used, all kept for an export back to OTM");
                    }
                    c
                }
                None => {
                    let c = Stride::applicable(kind)
                        .first()
                        .copied()
                        .unwrap_or(Stride::Tampering);
                    if cats.is_empty() {
                        self.report.defaulted(format!(
                            "OTM threat without a category: {} (the first STRIDE category of a {})",
                            c.label(),
                            kind.label().to_lowercase()
                        ));
                    } else {
                        self.report.kept(format!(
                            "OTM threat category '{}' is not STRIDE: kept for an export back to OTM, the threat filed under {}",
                            cats.join(", "),
                            c.label()
                        ));
                    }
                    c
                }
            };
            let mut t = Threat::quick(&el_id, category, &title);
            t.id = format!("otm-threat-{}", self.threats.len() + 1);
            t.scenario = text::long(
                &str_of(def.get("description")).unwrap_or_default(),
                "a threat's description",
                &mut self.report,
            );
            let risk = def.get("risk");
            let lik_defaulted = defaulted_by_us(&def, "likelihood");
            let imp_defaulted = defaulted_by_us(&def, "impact");
            if let Some((rating, raw)) =
                rating_of(risk.and_then(|r| r.get("likelihood"))).filter(|_| !lik_defaulted)
            {
                t.likelihood.exploitability = Some(rating);
                t.likelihood.rationale = match risk.and_then(|r| r.get("likelihoodComment")) {
                    Some(Value::String(c)) => {
                        text::long(c, "a threat's likelihood comment", &mut self.report)
                    }
                    _ => format!("OTM likelihood {raw}"),
                };
                self.report.mapped(
                    "OTM likelihood → exploitability (below 34 low, below 67 medium, else high)",
                );
            }
            if let Some((rating, raw)) =
                rating_of(risk.and_then(|r| r.get("impact"))).filter(|_| !imp_defaulted)
            {
                t.impact.affected_users = Some(rating);
                t.impact.rationale = match risk.and_then(|r| r.get("impactComment")) {
                    Some(Value::String(c)) => {
                        text::long(c, "a threat's impact comment", &mut self.report)
                    }
                    _ => format!("OTM impact {raw}"),
                };
                self.report.mapped(
                    "OTM impact → affected users (below 34 low, below 67 medium, else high)",
                );
            }
            for cwe in arr(&def, "cwes").iter().filter_map(|c| str_of(Some(c))) {
                let r = text::name(&cwe, "a CWE reference", &mut self.report);
                if !r.is_empty() && !t.references.contains(&r) {
                    t.references.push(r);
                }
            }
            let state = str_of(inst.get("state")).unwrap_or_default();
            let (lifecycle, known) = state_of(&state);
            t.lifecycle = lifecycle;
            if known {
                self.report
                    .mapped(format!("OTM threat state '{state}' → {lifecycle:?}"));
            } else {
                self.report
                    .defaulted(format!("OTM threat state '{state}' unknown: Draft"));
            }
            let mut defs = Map::new();
            for m in arr(inst, "mitigations") {
                let mid = str_of(m.get("mitigation")).unwrap_or_default();
                match self.mitigation_defs.get(&mid) {
                    Some(md) => {
                        let name = str_of(md.get("name")).unwrap_or_default();
                        let desc = str_of(md.get("description")).unwrap_or_default();
                        let action = if desc.trim().is_empty() || desc.trim() == name.trim() {
                            name
                        } else {
                            format!("{name}\n\n{desc}")
                        };
                        t.recommended_actions.push(text::long(
                            &action,
                            "a mitigation",
                            &mut self.report,
                        ));
                        defs.insert(mid, Value::Object(rest(md, &["name", "description"])));
                        self.report.mapped("OTM mitigation → recommended action");
                    }
                    None => {
                        t.recommended_actions.push(format!("OTM mitigation {mid}"));
                        defs.insert(mid, Value::Null);
                        self.report.defaulted(
                            "OTM mitigation naming no mitigation of the file: its id as the action",
                        );
                    }
                }
            }
            let mut f = Map::new();
            f.insert("threat".into(), Value::String(def_id));
            f.insert("instance".into(), Value::Object(rest(inst, &[])));
            f.insert(
                "definition".into(),
                Value::Object(rest(&def, &["name", "description"])),
            );
            f.insert("mitigationDefs".into(), Value::Object(defs));
            t.foreign
                .insert(FOREIGN.into(), Value::Object(f).to_string());
            self.report.mapped("OTM threat instance → threat");
            self.threats.push(t);
        }
    }
}
