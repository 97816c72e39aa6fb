//! Stencils, boundaries and connectors: what each `Borders` and `Lines` entry
//! becomes, where it is drawn, and a flow's ends.

use super::dom::Node;
use super::kb::Class;
use super::properties::protocol_of;
use super::*;

impl Reader {
    pub(super) fn classify(
        &mut self,
        v: &Node,
        type_id: &str,
        generic: &str,
        in_lines: bool,
    ) -> Option<Class> {
        let xsi = v.xsi_type().unwrap_or("");
        let class = Class::generic(generic)
            .or_else(|| self.kb.class_of(type_id))
            .or_else(|| Class::shape(xsi))
            .or_else(|| Class::prefix(type_id));
        // A Lines entry is a connector or a line; Borders hold the rest.
        match class {
            Some(Class::Flow | Class::LineBoundary) if !in_lines => {
                self.log.dropped(format!(
                    "a '{xsi}' shape of type {type_id} among the nodes (Borders), where only nodes and box boundaries are drawn"
                ));
                None
            }
            Some(c) if in_lines && !matches!(c, Class::Flow | Class::LineBoundary) => {
                self.log.dropped(format!(
                    "a '{xsi}' shape of type {type_id} among the lines (Lines), where only connectors and line boundaries are drawn"
                ));
                None
            }
            Some(c) => Some(c),
            None => {
                self.log.dropped(format!(
                    "a shape of unknown type (i:type '{xsi}', type {type_id}, generic type {generic})"
                ));
                None
            }
        }
    }

    pub(super) fn shape(
        &mut self,
        v: &Node,
        key: Option<String>,
        diagram: &str,
        in_lines: bool,
        annotations: &mut Vec<Value>,
    ) {
        let type_id = v.text_of("TypeId").unwrap_or("").to_string();
        let generic = v.text_of("GenericTypeId").unwrap_or("").to_string();
        let Some(class) = self.classify(v, &type_id, &generic, in_lines) else {
            return;
        };
        let props = props_of(v);
        let type_name = self
            .kb
            .type_name(&type_id)
            .map(str::to_string)
            .or_else(|| {
                props
                    .iter()
                    .find(|p| p.xsi == "HeaderDisplayAttribute" && !p.display.is_empty())
                    .map(|p| p.display.to_string())
            })
            .unwrap_or_else(|| type_id.clone());
        let mut record = Map::new();
        for c in &v.children {
            record.insert(c.name.clone(), to_json(c));
        }
        if let Some(t) = v.xsi_type() {
            record.insert("i:type".into(), Value::String(t.to_string()));
        }
        if let Some(z) = v.attr("Id") {
            record.insert("z:Id".into(), Value::String(z.to_string()));
        }
        let Some(kind) = class.kind() else {
            // A free-text annotation: no element of ours.
            let text = props
                .iter()
                .find_map(|p| match (&p.value, p.display) {
                    (Val::Text(t), "Name") | (Val::Text(t), "Text") => Some(t.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            self.log.kept(format!(
                "free-text annotation '{}' (no element of ours): kept on its diagram's tm7 record",
                text.chars().take(80).collect::<String>()
            ));
            annotations.push(Value::Object(record));
            return;
        };
        let guid = guid_of(v, "Guid").or(key);
        let id = self.id(guid.as_deref(), "e");
        if let Some(g) = &guid {
            if g.as_str() != id {
                self.log.defaulted(format!(
                    "a {} whose guid is missing, repeated or not an id: given a new id",
                    class.label()
                ));
            }
        }
        self.log.mapped(format!(
            "{} '{}' ({}) → {}",
            v.xsi_type().unwrap_or("shape"),
            type_name,
            if type_id.is_empty() {
                "no type id"
            } else {
                &type_id
            },
            class.label()
        ));
        let mut el = Element {
            id: id.clone(),
            diagram_id: diagram.to_string(),
            kind,
            name: String::new(),
            description: String::new(),
            rect: Rect::default(),
            source: None,
            target: None,
            props: Default::default(),
            points: vec![],
            foreign: Foreign::new(),
        };
        if !type_name.is_empty() {
            el.props.insert(
                TYPE_PROP.into(),
                PropValue::Text(text::prop(
                    &type_name,
                    "a template type's name",
                    &mut self.report,
                )),
            );
        }
        self.properties(&mut el, &props);
        if el.name.is_empty() {
            self.log.defaulted(format!(
                "a {} without a name: named after its type",
                class.label()
            ));
            el.name = text::name(&type_name, "a name", &mut self.report);
        }
        match class {
            Class::Flow => self.ends(&mut el, v),
            Class::LineBoundary => {
                if !self.curve(&mut el, v) {
                    return;
                }
            }
            _ => self.rect(&mut el, v),
        }
        if kind == ElementKind::DataFlow {
            if let Some(p) = protocol_of(&type_name) {
                if !el.props.contains_key("protocol") {
                    el.props
                        .insert("protocol".into(), PropValue::Text(p.to_string()));
                    self.log
                        .mapped("a flow's template type naming a protocol → Protocol");
                }
            }
        }
        el.foreign
            .insert(FOREIGN.into(), Value::Object(record).to_string());
        if let Some(g) = guid {
            self.placed.entry(g).or_insert(Placed {
                id,
                kind,
                diagram: diagram.to_string(),
            });
        }
        self.model.elements.push(el);
    }

    pub(super) fn rect(&mut self, el: &mut Element, v: &Node) {
        let (x, y, w, h) = (
            number(v, "Left"),
            number(v, "Top"),
            number(v, "Width"),
            number(v, "Height"),
        );
        match (x, y, w, h) {
            (Some(x), Some(y), Some(w), Some(h)) if w > 0.0 && h > 0.0 => {
                el.rect = Rect::new(x, y, w, h);
            }
            (Some(x), Some(y), _, _) => {
                self.log
                    .defaulted("a shape without a readable size: 100 × 100 at its position");
                el.rect = Rect::new(x, y, 100.0, 100.0);
            }
            _ => {
                self.log
                    .defaulted("a shape without a readable position: placed by the layout");
            }
        }
    }

    /// A flow's ends: an open end where the file names none, or names
    /// something that is not an entity, process or store of the same diagram.
    pub(super) fn ends(&mut self, el: &mut Element, v: &Node) {
        let point = |xn: &str, yn: &str| -> Option<Point> {
            Some(Point {
                x: number(v, xn)?,
                y: number(v, yn)?,
            })
        };
        let drawn: Vec<Point> = [point("SourceX", "SourceY"), point("TargetX", "TargetY")]
            .into_iter()
            .flatten()
            .collect();
        el.rect = Rect::around(&drawn);
        for (field, which) in [("SourceGuid", "source"), ("TargetGuid", "target")] {
            let end = match guid_of(v, field) {
                None => {
                    self.log.kept(format!(
                        "flow '{}' has no {which} in the file: kept with that end open",
                        el.name
                    ));
                    None
                }
                Some(g) => match self.placed.get(&g) {
                    Some(p) if p.kind.is_endpoint() && p.diagram == el.diagram_id => {
                        Some(p.id.clone())
                    }
                    Some(_) => {
                        self.log.kept(format!(
                            "flow '{}' has a {which} that is not an entity, process or store of its diagram: kept with that end open",
                            el.name
                        ));
                        None
                    }
                    None => {
                        self.log.kept(format!(
                            "flow '{}' has a {which} the file does not hold: kept with that end open",
                            el.name
                        ));
                        None
                    }
                },
            };
            match which {
                "source" => el.source = end,
                _ => el.target = end,
            }
        }
        self.log
            .mapped("connector → data flow (one per direction, as the tool draws them)");
    }

    /// A line boundary's points: the quadratic curve from its source to its
    /// target through its handle, sampled. `false` if it has no ends.
    pub(super) fn curve(&mut self, el: &mut Element, v: &Node) -> bool {
        let point = |xn: &str, yn: &str| -> Option<Point> {
            Some(Point {
                x: number(v, xn)?,
                y: number(v, yn)?,
            })
        };
        let (Some(s), Some(t)) = (point("SourceX", "SourceY"), point("TargetX", "TargetY")) else {
            self.log.dropped(format!(
                "line boundary '{}' without readable end points (nothing to draw)",
                el.name
            ));
            return false;
        };
        el.points = match point("HandleX", "HandleY") {
            Some(h) => {
                // The control point of the quadratic curve that passes through the handle halfway.
                let c = Point {
                    x: 2.0 * h.x - (s.x + t.x) / 2.0,
                    y: 2.0 * h.y - (s.y + t.y) / 2.0,
                };
                (0..CURVE_POINTS)
                    .map(|i| {
                        let u = i as f64 / (CURVE_POINTS - 1) as f64;
                        let (a, b, d) = ((1.0 - u) * (1.0 - u), 2.0 * u * (1.0 - u), u * u);
                        Point {
                            x: a * s.x + b * c.x + d * t.x,
                            y: a * s.y + b * c.y + d * t.y,
                        }
                    })
                    .collect()
            }
            None => {
                self.log
                    .defaulted("a line boundary without a handle: drawn straight");
                vec![s, t]
            }
        };
        el.rect = Rect::around(&el.points);
        self.log.mapped(format!(
            "line boundary → a line of {CURVE_POINTS} points along its curve"
        ));
        true
    }
}
