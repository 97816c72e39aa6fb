//! Threats as OTM threat definitions and instances: category, likelihood and
//! impact on OTM's 0–100, recommended actions as mitigations.

use super::*;

fn category_name(c: Stride) -> &'static str {
    match c {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Information Disclosure",
        Stride::DenialOfService => "Denial of Service",
        Stride::ElevationOfPrivilege => "Elevation of Privilege",
    }
}

fn state_name(s: FindingState) -> &'static str {
    match s {
        FindingState::Draft => "exposed",
        FindingState::Reported => "reported",
        FindingState::Validated => "validated",
        FindingState::Disputed => "disputed",
        FindingState::Accepted => "accepted",
        FindingState::Mitigated => "mitigated",
        FindingState::FalsePositive => "not-applicable",
    }
}

/// A rating on OTM's 0–100: the middle of its band (below 34, 67, 100).
fn band(r: Rating) -> f64 {
    match r {
        Rating::Low => 17.0,
        Rating::Medium => 50.0,
        Rating::High => 83.0,
    }
}

impl<'a> Writer<'a> {
    pub(super) fn fresh(&mut self, id: String, content: &str, kind: &str) -> (String, bool) {
        let map = if kind == "threat" {
            &mut self.def_content
        } else {
            &mut self.mit_content
        };
        if let Some(c) = map.get(&id) {
            if c == content {
                return (id, false);
            }
            let mut n = 2;
            let mut cand = format!("{id}-{n}");
            while map.get(&cand).is_some_and(|c| c != content) {
                n += 1;
                cand = format!("{id}-{n}");
            }
            let new = !map.contains_key(&cand);
            map.insert(cand.clone(), content.to_string());
            return (cand, new);
        }
        map.insert(id.clone(), content.to_string());
        (id, true)
    }

    pub(super) fn threat_definitions(&mut self) {
        let threats: Vec<&'a Threat> = self.state.threats.values().collect();
        for t in threats {
            let f = foreign_of(&t.foreign);
            let base = f
                .get("definition")
                .cloned()
                .unwrap_or(Value::Object(Map::new()));
            let inst = f.get("instance").cloned().unwrap_or(Value::Null);
            let mdefs = f.get("mitigationDefs").cloned().unwrap_or(Value::Null);
            let mut defaulted: Vec<&str> = vec![];
            let risk = base.get("risk");
            let number = |r: Option<Rating>,
                          key: &str,
                          defaulted: &mut Vec<&str>,
                          name: &'static str|
             -> f64 {
                match r {
                    None => {
                        defaulted.push(name);
                        50.0
                    }
                    Some(r) => match rating_of(risk.and_then(|x| x.get(key))) {
                        Some((kept, _)) if kept == r => {
                            num(risk.and_then(|x| x.get(key))).unwrap_or(band(r))
                        }
                        _ => band(r),
                    },
                }
            };
            let lik = number(
                t.likelihood.overall(),
                "likelihood",
                &mut defaulted,
                "likelihood",
            );
            let imp = number(t.impact.overall(), "impact", &mut defaulted, "impact");
            let mut risk_o = json!({"likelihood": lik, "impact": imp});
            let lik_auto = format!("OTM likelihood {}", format_num(lik));
            let imp_auto = format!("OTM impact {}", format_num(imp));
            if t.likelihood.rationale != lik_auto
                && !(t.likelihood.rationale.is_empty() && t.likelihood.overall().is_none())
            {
                risk_o["likelihoodComment"] = json!(t.likelihood.rationale);
            }
            if t.impact.rationale != imp_auto
                && !(t.impact.rationale.is_empty() && t.impact.overall().is_none())
            {
                risk_o["impactComment"] = json!(t.impact.rationale);
            }
            let kept_cats: Vec<String> = base
                .get("categories")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(text_of).collect())
                .unwrap_or_default();
            let categories: Vec<String> = if kept_cats.iter().find_map(|c| stride_of(c))
                == Some(t.category)
                || (!kept_cats.is_empty()
                    && kept_cats.iter().all(|c| stride_of(c).is_none())
                    && self.default_category(t) == Some(t.category))
            {
                kept_cats
            } else {
                vec![category_name(t.category).to_string()]
            };
            let mut def = json!({
                "name": t.title,
                "categories": categories,
                "risk": risk_o,
            });
            if !t.scenario.is_empty() {
                def["description"] = json!(t.scenario);
            }
            if !t.references.is_empty() {
                def["cwes"] = json!(t.references);
            }
            if !defaulted.is_empty() {
                def["attributes"] = json!({ATTR_DEFAULTED: defaulted});
            }
            let mut def = merge(base, def);
            let content = def.to_string();
            let want = f
                .get("threat")
                .and_then(text_of)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| t.id.clone());
            let (id, new) = self.fresh(want, &content, "threat");
            def["id"] = json!(id);
            if new {
                self.threat_defs.push(def);
            }
            self.def_of.insert(t.id.as_str(), id);
            // Mitigations: one per recommended action.
            let kept: Vec<Value> = inst
                .get("mitigations")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut mits = vec![];
            for (i, action) in t.recommended_actions.iter().enumerate() {
                let (name, desc) = match action.split_once("\n\n") {
                    Some((n, d)) => (n.to_string(), d.to_string()),
                    None => (action.clone(), String::new()),
                };
                let name: String = name
                    .split(|c: char| c.is_control())
                    .collect::<Vec<_>>()
                    .join(" ");
                let kept_m = kept.get(i);
                let kept_id = kept_m.and_then(|m| m.get("mitigation")).and_then(text_of);
                let mbase = kept_id
                    .as_ref()
                    .and_then(|id| mdefs.get(id))
                    .cloned()
                    .filter(Value::is_object)
                    .unwrap_or(Value::Object(Map::new()));
                let mut m = json!({"name": name, "riskReduction": 50});
                if !desc.is_empty() {
                    m["description"] = json!(desc);
                }
                let mut m = merge(mbase, m);
                let content = m.to_string();
                let want = kept_id.unwrap_or_else(|| format!("{}-m{}", t.id, i + 1));
                let (mid, new) = self.fresh(want, &content, "mitigation");
                m["id"] = json!(mid);
                if new {
                    self.mitigation_defs.push(m);
                }
                let mstate = kept_m
                    .and_then(|m| m.get("state"))
                    .and_then(text_of)
                    .unwrap_or_else(|| {
                        if t.lifecycle == FindingState::Mitigated {
                            "implemented"
                        } else {
                            "recommended"
                        }
                        .into()
                    });
                mits.push(json!({"mitigation": mid, "state": mstate}));
            }
            self.inst_mits.insert(t.id.as_str(), mits);
        }
    }

    /// The category an import would default to for `t`'s first element.
    pub(super) fn default_category(&self, t: &Threat) -> Option<Stride> {
        let e = self.state.elements.get(t.element_ids.first()?)?;
        Stride::applicable(e.kind).first().copied()
    }

    pub(super) fn instances(&self, element: &str) -> Vec<Value> {
        let mut out = vec![];
        for t in self
            .state
            .threats
            .values()
            .filter(|t| t.element_ids.iter().any(|e| e == element))
        {
            let f = foreign_of(&t.foreign);
            let base = f
                .get("instance")
                .cloned()
                .unwrap_or(Value::Object(Map::new()));
            let kept_state = base.get("state").and_then(text_of);
            let state = match kept_state {
                Some(s) if state_of(&s).0 == t.lifecycle => s,
                _ => state_name(t.lifecycle).to_string(),
            };
            let mut inst = match base {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            inst.insert(
                "threat".into(),
                json!(self.def_of.get(t.id.as_str()).cloned().unwrap_or_default()),
            );
            inst.insert("state".into(), json!(state));
            inst.insert(
                "mitigations".into(),
                Value::Array(
                    self.inst_mits
                        .get(t.id.as_str())
                        .cloned()
                        .unwrap_or_default(),
                ),
            );
            out.push(Value::Object(inst));
        }
        out
    }
}
