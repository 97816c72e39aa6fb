//! Trust zones, components and dataflows: the elements, their kinds,
//! properties and the fields kept for an export back.

use super::*;

impl Reader {
    pub(super) fn props_from(
        &mut self,
        obj: &Value,
        kind: ElementKind,
        props: &mut std::collections::BTreeMap<String, PropValue>,
    ) {
        if let Some(tags) = obj.get("tags").and_then(Value::as_array) {
            let t: Vec<String> = tags.iter().filter_map(|v| str_of(Some(v))).collect();
            if !t.is_empty() {
                let joined = t.join(", ");
                if joined.chars().count() <= props::MAX_TEXT {
                    props.insert(P_TAGS.into(), PropValue::Text(joined));
                    self.report.kept("OTM tags → property 'Tags'");
                }
            }
        }
        let Some(attrs) = obj.get("attributes").and_then(Value::as_object) else {
            return;
        };
        for (k, v) in attrs {
            if k.starts_with("threatloom:")
                || [P_TYPE, P_TRUST, P_BIDI, P_TAGS, P_PARENT].contains(&k.as_str())
            {
                continue;
            }
            let value = match v {
                Value::Bool(b) => PropValue::Bool(*b),
                Value::String(s) => PropValue::Text(s.clone()),
                Value::Number(n) => PropValue::Text(n.to_string()),
                _ => continue,
            };
            if props::validate(kind, k, &value).is_ok() {
                if props::is_known(k) {
                    self.report.mapped(format!("OTM attribute '{k}' → {k}"));
                } else {
                    self.report.kept("OTM attributes → properties");
                }
                props.insert(k.clone(), value);
            } else {
                self.report.kept(format!(
                    "OTM attribute '{k}' (too long, or not a property of a {}) kept for an export back to OTM",
                    kind.label().to_lowercase()
                ));
            }
        }
    }

    pub(super) fn element(
        &mut self,
        obj: &Value,
        kind: ElementKind,
        id: &str,
        fallback: &str,
        what: &str,
    ) -> usize {
        let (diagram, rect) = self.placement(obj);
        let our_id = self.fresh_id(id, fallback);
        let name = text::name(
            &str_of(obj.get("name")).unwrap_or_default(),
            what,
            &mut self.report,
        );
        let description = text::long(
            &str_of(obj.get("description")).unwrap_or_default(),
            &format!("{what}'s description"),
            &mut self.report,
        );
        let mut props = std::collections::BTreeMap::new();
        self.props_from(obj, kind, &mut props);
        let diagram_id = self
            .diagrams
            .get(diagram)
            .map(|d| d.id.clone())
            .unwrap_or_default();
        let mut foreign_obj = rest(
            obj,
            &[
                "name",
                "description",
                "parent",
                "threats",
                "representations",
                "source",
                "destination",
                "bidirectional",
            ],
        );
        let others: Vec<Value> = arr(obj, "representations")
            .iter()
            .filter(|rep| {
                str_of(rep.get("representation"))
                    .and_then(|r| self.reps.get(&r))
                    .is_none()
            })
            .cloned()
            .collect();
        if !others.is_empty() {
            self.report
                .kept("OTM representations that are not diagrams (code, files) kept for an export back to OTM");
            foreign_obj.insert("representations".into(), Value::Array(others));
        }
        let mut foreign = Foreign::new();
        foreign.insert(FOREIGN.into(), Value::Object(foreign_obj).to_string());
        let idx = self.elements.len();
        if let Some(r) = rect {
            self.relative.insert(idx, r);
        }
        self.elements.push(Element {
            id: our_id,
            diagram_id,
            kind,
            name,
            description,
            rect: Rect::default(),
            source: None,
            target: None,
            props,
            points: vec![],
            foreign,
        });
        idx
    }

    /// Trust zones → boundaries; returns the ids of zones Threatloom wrote for
    /// components outside any boundary (they become no boundary).
    pub(super) fn trust_zones(&mut self, zones: &[Value]) -> HashSet<String> {
        let mut outside = HashSet::new();
        for (i, z) in zones.iter().enumerate() {
            let id = str_of(z.get("id")).unwrap_or_default();
            let attrs = z.get("attributes");
            if attrs
                .and_then(|a| a.get(ATTR_OUTSIDE))
                .is_some_and(|v| truthy(Some(v)))
            {
                outside.insert(id);
                self.report
                    .mapped("OTM trust zone written by Threatloom for components outside any boundary → no boundary");
                continue;
            }
            let e = self.element(
                z,
                ElementKind::TrustBoundary,
                &id,
                &format!("zone-{}", i + 1),
                "a trust zone's name",
            );
            if !id.is_empty() {
                self.zones.entry(id).or_insert(e);
            }
            let el = &mut self.elements[e];
            if let Some(t) = num(z.get("risk").and_then(|r| r.get("trustRating")))
                .map(format_num)
                .or_else(|| str_of(z.get("risk").and_then(|r| r.get("trustRating"))))
            {
                if !defaulted_by_us(z, "trustRating") && t.chars().count() <= props::MAX_TEXT {
                    el.props.insert(P_TRUST.into(), PropValue::Text(t));
                    self.report
                        .kept("OTM trust rating → property 'Trust rating'");
                }
            }
            if let Some(t) = str_of(z.get("type"))
                .filter(|t| !t.is_empty() && t.chars().count() <= props::MAX_TEXT)
            {
                el.props.insert(P_TYPE.into(), PropValue::Text(t));
            }
            // A line boundary Threatloom wrote: its points.
            if let Some(pts) = attrs
                .and_then(|a| a.get(ATTR_LINE))
                .and_then(Value::as_array)
            {
                let points: Vec<Point> = pts
                    .iter()
                    .filter_map(|p| {
                        Some(Point {
                            x: num(p.get("x"))?,
                            y: num(p.get("y"))?,
                        })
                    })
                    .collect();
                if points.len() >= 2 && points.len() == pts.len() {
                    el.rect = Rect::around(&points);
                    el.points = points;
                    self.relative.remove(&e);
                    self.report
                        .mapped("OTM trust zone with Threatloom's line points → line boundary");
                }
            }
            self.report.mapped("OTM trust zone → trust boundary");
        }
        for z in zones {
            let Some(&e) = str_of(z.get("id")).and_then(|id| self.zones.get(&id)) else {
                continue;
            };
            let Some(parent) = z.get("parent") else {
                continue;
            };
            match str_of(parent.get("trustZone")).and_then(|p| self.zones.get(&p).copied()) {
                Some(p) if p != e => {
                    self.parent_of.insert(e, p);
                    self.report
                        .mapped("OTM trust zone's parent → nested boundary");
                }
                _ if parent.is_null() => {}
                _ => self.report.defaulted(
                    "OTM trust zone whose parent is no trust zone of the file: at the top level",
                ),
            }
        }
        outside
    }

    pub(super) fn components(&mut self, comps: &[Value], outside: &HashSet<String>) -> Vec<usize> {
        let mut made = Vec::with_capacity(comps.len());
        for (i, c) in comps.iter().enumerate() {
            let id = str_of(c.get("id")).unwrap_or_else(|| format!("component-{i}"));
            let t = str_of(c.get("type")).unwrap_or_default();
            let kind = match kind_of_type(&t) {
                Some(k) => {
                    self.report.mapped(format!(
                        "OTM component type '{t}' → {}",
                        k.label().to_lowercase()
                    ));
                    k
                }
                None => {
                    self.report
                        .mapped(format!("OTM component type '{t}' → process"));
                    ElementKind::Process
                }
            };
            let e = self.element(
                c,
                kind,
                &id,
                &format!("component-{}", i + 1),
                "a component's name",
            );
            if !t.is_empty() && !defaulted_by_us(c, "type") {
                let v = text::prop(&t, "a component's OTM type", &mut self.report);
                self.elements[e]
                    .props
                    .insert(P_TYPE.into(), PropValue::Text(v));
                self.report
                    .kept("OTM component type kept as property 'OTM type'");
            }
            if let Some(assets) = c.get("assets") {
                for (key, prop) in [("processed", P_PROCESSED), ("stored", P_STORED)] {
                    let names: Vec<String> = arr(assets, key)
                        .iter()
                        .filter_map(|a| str_of(Some(a)))
                        .map(|a| self.assets.get(&a).cloned().unwrap_or(a))
                        .collect();
                    let joined = names.join(", ");
                    if !names.is_empty() && joined.chars().count() <= props::MAX_TEXT {
                        self.elements[e]
                            .props
                            .insert(prop.into(), PropValue::Text(joined));
                    }
                }
            }
            self.components.entry(id).or_insert(e);
            made.push(e);
        }
        // Parents, once every component is known.
        for (c, &e) in comps.iter().zip(&made) {
            let parent = c.get("parent");
            let zone = str_of(parent.and_then(|p| p.get("trustZone")));
            let comp = str_of(parent.and_then(|p| p.get("component")));
            if let Some(z) = &zone {
                if let Some(&p) = self.zones.get(z) {
                    self.parent_of.insert(e, p);
                    continue;
                }
                if outside.contains(z) {
                    continue;
                }
            }
            if let Some(pc) = comp
                .and_then(|pc| self.components.get(&pc).copied())
                .filter(|&p| p != e)
            {
                self.parent_of.insert(e, pc);
                let pname = self.elements[pc].name.clone();
                let pid = str_of(parent.and_then(|p| p.get("component")));
                if !pname.is_empty() {
                    self.elements[e].props.insert(
                        P_PARENT.into(),
                        PropValue::Text(text::prop(
                            &pname,
                            "a parent component's name",
                            &mut self.report,
                        )),
                    );
                }
                if let Some(pid) = pid {
                    set_foreign(&mut self.elements[e], "parentComponent", Value::String(pid));
                }
                self.report.kept("OTM component inside another component: in that component's boundary, the parent named in property 'Parent component'");
                continue;
            }
            self.report.defaulted(
                "OTM component whose parent is no trust zone of the file: outside any boundary",
            );
        }
        made
    }

    pub(super) fn dataflows(&mut self, flows: &[Value]) -> Vec<usize> {
        let mut made = Vec::with_capacity(flows.len());
        for (i, f) in flows.iter().enumerate() {
            let id = str_of(f.get("id")).unwrap_or_default();
            let src = str_of(f.get("source")).unwrap_or_default();
            let dst = str_of(f.get("destination")).unwrap_or_default();
            let s = self.components.get(&src).copied();
            let t = self.components.get(&dst).copied();
            let e = self.element(
                f,
                ElementKind::DataFlow,
                &id,
                &format!("flow-{}", i + 1),
                "a dataflow's name",
            );
            // The flow is drawn on its source's diagram (else its destination's).
            let diagram = s.or(t).map(|x| self.elements[x].diagram_id.clone());
            if let Some(d) = diagram {
                self.elements[e].diagram_id = d;
            }
            self.relative.remove(&e);
            let d = self.elements[e].diagram_id.clone();
            let end = |x: Option<usize>, els: &[Element]| {
                x.filter(|&x| els[x].kind.is_endpoint() && els[x].diagram_id == d)
                    .map(|x| els[x].id.clone())
            };
            let (so, to) = (end(s, &self.elements), end(t, &self.elements));
            if so.is_none() {
                self.report.kept(format!(
                    "OTM dataflow whose source '{src}' is no component of its diagram: kept without a source"
                ));
            }
            if to.is_none() {
                self.report.kept(format!(
                    "OTM dataflow whose destination '{dst}' is no component of its diagram: kept without a destination"
                ));
            }
            if so.is_none() || to.is_none() {
                let el = &mut self.elements[e];
                set_foreign(el, "source", Value::String(src.clone()));
                set_foreign(el, "destination", Value::String(dst.clone()));
            }
            let el = &mut self.elements[e];
            el.source = so;
            el.target = to;
            if truthy(f.get("bidirectional")) {
                el.props.insert(P_BIDI.into(), PropValue::Bool(true));
                self.report.mapped(
                    "OTM bidirectional dataflow → flow with property 'Bidirectional' = yes",
                );
            }
            let names: Vec<String> = arr(f, "assets")
                .iter()
                .filter_map(|a| str_of(Some(a)))
                .map(|a| self.assets.get(&a).cloned().unwrap_or(a))
                .collect();
            let joined = names.join(", ");
            if !names.is_empty() && joined.chars().count() <= props::MAX_TEXT {
                el.props.insert(P_ASSETS.into(), PropValue::Text(joined));
            }
            self.report.mapped("OTM dataflow → data flow");
            made.push(e);
        }
        made
    }
}
