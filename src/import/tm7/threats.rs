//! Threat instances: on the flow or element they belong to, with state,
//! priority, justification and description kept.

use super::dom::Node;
use super::*;

/// `2023-01-31T12:34:56(.fff)(Z)` as milliseconds since 1970, if after it.
fn millis(s: &str) -> Option<i64> {
    let num = |a: usize, b: usize| s.get(a..b).and_then(|t| t.parse::<i64>().ok());
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, se) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + se * 1000)
}

fn stride_of(name: &str) -> Option<Stride> {
    let n: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match n.as_str() {
        "s" | "spoofing" => Stride::Spoofing,
        "t" | "tampering" => Stride::Tampering,
        "r" | "repudiation" => Stride::Repudiation,
        "i" | "informationdisclosure" => Stride::InformationDisclosure,
        "d" | "denialofservice" => Stride::DenialOfService,
        "e" | "elevationofprivilege" | "elevationofprivileges" => Stride::ElevationOfPrivilege,
        _ => return None,
    })
}

impl Reader {
    pub(super) fn threat(&mut self, entry: &Node) {
        let Some(v) = entry.child("Value") else {
            self.log.dropped("a threat entry without a value");
            return;
        };
        let mut fields: HashMap<&str, &str> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for kv in v
            .child("Properties")
            .into_iter()
            .flat_map(|p| p.children.iter())
        {
            if let (Some(k), Some(val)) = (kv.text_of("Key"), kv.text_of("Value")) {
                if fields.insert(k, val).is_none() {
                    order.push(k);
                }
            }
        }
        let field =
            |name: &str| -> Option<&str> { fields.get(name).copied().or_else(|| v.text_of(name)) };
        let type_id = v.text_of("TypeId").unwrap_or("");
        let kb_type = self.kb.threat_types.get(type_id);
        // Where it belongs: the flow, else its source or target.
        let mut on = None;
        for (name, how) in [
            ("FlowGuid", None),
            ("SourceGuid", Some("its source")),
            ("TargetGuid", Some("its target")),
        ] {
            if let Some(p) = guid_of(v, name).and_then(|g| self.placed.get(&g)) {
                on = Some((p.id.clone(), p.kind, how));
                break;
            }
        }
        let title = field("Title")
            .map(str::to_string)
            .or_else(|| kb_type.map(|(_, t)| t.clone()).filter(|t| !t.is_empty()));
        let title = title
            .map(|t| text::name(&t, "a threat's title", &mut self.report))
            .filter(|t| !t.is_empty());
        let title = match title {
            Some(t) => t,
            None => {
                self.log
                    .defaulted("a threat without a title: titled by its type");
                format!(
                    "Threat {}",
                    if type_id.is_empty() {
                        "without a type"
                    } else {
                        type_id
                    }
                )
            }
        };
        let Some((element, kind, how)) = on else {
            self.log.dropped(format!(
                "threat '{}': its flow, source and target are not in the file (a threat needs an element)",
                title.chars().take(80).collect::<String>()
            ));
            return;
        };
        match how {
            None => self
                .report
                .mapped("threat instance → threat on its flow (FlowGuid)"),
            Some(w) => self.log.defaulted(format!(
                "a threat whose flow is not in the file: put on {w}"
            )),
        }
        // Its category: the instance's, else its type's in the template.
        let named = field("UserThreatCategory").map(str::to_string).or_else(|| {
            let (cat, _) = kb_type?;
            Some(
                self.kb
                    .categories
                    .get(cat)
                    .cloned()
                    .unwrap_or_else(|| cat.clone()),
            )
        });
        let category = match named.as_deref().map(|n| (n, stride_of(n))) {
            Some((n, Some(s))) => {
                self.log
                    .mapped(format!("threat category '{n}' → {}", s.label()));
                s
            }
            other => {
                let s = Stride::applicable(kind)
                    .first()
                    .copied()
                    .unwrap_or(Stride::Spoofing);
                let n = other.map(|(n, _)| n).unwrap_or("none");
                self.log.defaulted(format!(
                    "threat category '{n}' is not STRIDE: set to {} (the first that applies to its element), the tool's category kept with the threat",
                    s.label()
                ));
                s
            }
        };
        let mut t = Threat::quick(&element, category, &title);
        let mut used_fields: HashSet<&str> = [
            "Title",
            "UserThreatCategory",
            "UserThreatDescription",
            "PossibleMitigations",
            "Priority",
            "InteractionString",
            "UserThreatShortDescription",
        ]
        .into_iter()
        .collect();
        let mut scenario = plain(field("UserThreatDescription").unwrap_or(""));
        if !scenario.is_empty() {
            self.log.mapped("threat description → scenario");
        }
        // Fields of the template's threat form beyond those above: in the scenario.
        for k in &order {
            if used_fields.contains(k) {
                continue;
            }
            used_fields.insert(*k);
            let label = self.kb.labels.get(*k).map(String::as_str).unwrap_or(k);
            if let Some(val) = fields.get(k) {
                scenario.push_str(&format!("\n\n{label}: {val}"));
                self.log
                    .kept(format!("threat field '{label}' kept in the scenario"));
            }
        }
        t.scenario = text::long(&scenario, "a threat's scenario", &mut self.report);
        if let Some(m) = field("PossibleMitigations") {
            t.recommended_actions = vec![text::long(
                &plain(m),
                "a threat's mitigations",
                &mut self.report,
            )];
            self.log
                .mapped("possible mitigations → recommended actions");
        }
        let state = v.text_of("State").unwrap_or("");
        t.lifecycle = match state {
            "AutoGenerated" => {
                self.log.mapped("state AutoGenerated → Draft");
                FindingState::Draft
            }
            "NeedsInvestigation" => {
                self.log.mapped(
                    "state NeedsInvestigation → Draft (no status of its own here; the tool's state is kept with the threat)",
                );
                FindingState::Draft
            }
            "NotApplicable" => {
                self.log.mapped(
                    "state NotApplicable → False positive (its justification kept as a comment)",
                );
                FindingState::FalsePositive
            }
            "Mitigated" => {
                self.log.mapped("state Mitigated → Mitigated");
                FindingState::Mitigated
            }
            other => {
                self.log.defaulted(format!(
                    "threat state '{}' unknown: Draft",
                    other.chars().take(40).collect::<String>()
                ));
                FindingState::Draft
            }
        };
        let at_ms = v.text_of("ModifiedAt").and_then(millis).unwrap_or(0);
        if let Some(why) = v.text_of("StateInformation") {
            let by = v
                .text_of("ChangedBy")
                .map(|b| text::name(b, "who changed a threat", &mut self.report))
                .unwrap_or_else(|| TOOL.to_string());
            t.comments.push(Comment {
                by,
                at_ms,
                text: text::long(
                    &format!("Justification in the {TOOL} (state {state}): {why}"),
                    "a threat's justification",
                    &mut self.report,
                ),
                from_customer: false,
            });
            self.log
                .kept("threat justification (StateInformation) kept as a comment");
        }
        let priority = v
            .text_of("Priority")
            .or_else(|| fields.get("Priority").copied());
        if let Some(p) = priority {
            let level = match p.to_ascii_lowercase().as_str() {
                "high" => Some(RiskLevel::High),
                "medium" => Some(RiskLevel::Medium),
                "low" => Some(RiskLevel::Low),
                _ => None,
            };
            match level {
                Some(level) => {
                    t.risk_override = Some(RiskOverride {
                        level,
                        justification: format!("Priority {p} in the {TOOL}"),
                    });
                    self.log
                        .mapped("threat priority → risk level set by hand (its reason says it came from the tool)");
                }
                None => self.log.kept(format!(
                    "threat priority '{}' is not High, Medium or Low: kept with the threat",
                    p.chars().take(40).collect::<String>()
                )),
            }
        }
        let mut record = Map::new();
        for c in &v.children {
            record.insert(c.name.clone(), to_json(c));
        }
        if let Some(k) = entry.text_of("Key") {
            record.insert("Key".into(), Value::String(k.to_string()));
        }
        if let Some(n) = &named {
            record.insert("category".into(), Value::String(n.clone()));
        }
        t.foreign
            .insert(FOREIGN.into(), Value::Object(record).to_string());
        let wanted = v.text_of("Id").map(|i| format!("tm7-{i}"));
        t.id = self.id(wanted.as_deref(), "t");
        self.model.threats.push(t);
    }
}

/// The tool's templates write links as HTML (`Refer: <a href="https://aka.ms/x">
/// https://aka.ms/x</a>`), which a report would show as tags: as plain text,
/// "text (address)" or the address alone; other tags are dropped.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut href, mut link_text) = (None::<String>, String::new());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        let Some(end) = rest[at..].find('>') else {
            break;
        };
        let before = &rest[..at];
        match &href {
            Some(_) => link_text.push_str(before),
            None => out.push_str(before),
        }
        let tag = rest[at + 1..at + end].trim();
        let lower = tag.to_ascii_lowercase();
        let name = lower
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        let bare = lower.trim_start_matches('/').trim_end_matches('/').trim();
        let is_tag = match name {
            // A link has attributes; the others are written bare (`<br/>`, `</p>`).
            "a" => bare == "a" || bare.starts_with("a "),
            "br" | "p" | "li" | "ul" | "ol" | "b" | "i" | "em" | "strong" => bare == name,
            _ => false,
        };
        if !is_tag {
            // Not a tag (a "<" in the text): kept as written.
            match &href {
                Some(_) => link_text.push('<'),
                None => out.push('<'),
            }
            rest = &rest[at + 1..];
            continue;
        }
        if lower.starts_with("a ") || lower == "a" {
            let address = lower.find("href=").and_then(|i| {
                let v = &tag[i + 5..];
                let q = v.chars().next().filter(|c| *c == '"' || *c == '\'');
                match q {
                    Some(q) => v[1..].split(q).next(),
                    None => v.split_whitespace().next(),
                }
            });
            href = Some(address.unwrap_or("").to_string());
            link_text.clear();
        } else if lower == "/a" {
            let address = href.take().unwrap_or_default();
            let words = link_text.trim();
            let shown = match (words.is_empty(), address.is_empty()) {
                (true, _) => address,
                (false, true) => words.to_string(),
                (false, false) if words == address => address,
                _ => format!("{words} ({address})"),
            };
            out.push_str(&shown);
            link_text.clear();
        } else if matches!(lower.trim_end_matches('/').trim(), "br" | "p" | "/p" | "li") {
            out.push(' ');
        }
        rest = &rest[at + end + 1..];
    }
    match href {
        Some(_) => {
            out.push_str(&link_text);
            out.push_str(rest);
        }
        None => out.push_str(rest),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn the_tools_html_links_become_plain_text() {
        assert_eq!(
            plain(
                r#"Refer: <a href="https://aka.ms/tmt-th154a">https://aka.ms/tmt-th154a</a> and <a href='https://x.y/z'>the guide</a>."#
            ),
            "Refer: https://aka.ms/tmt-th154a and the guide (https://x.y/z)."
        );
        assert_eq!(plain("a < b and c > d"), "a < b and c > d");
        assert_eq!(
            plain("<b>bold</b> <script>x</script>"),
            "bold <script>x</script>"
        );
        assert_eq!(plain("no tags"), "no tags");
        assert_eq!(plain("<a href=\"u\">cut"), "cut");
        assert_eq!(plain("one<br/>two"), "one two");
    }
}
