//! Planning `Op::Import`: another tool's model added as new diagrams in one
//! step. Every record is checked as a loaded file's would be (the importer is
//! not trusted more than a file), and ids already taken are given new ones.

use super::Plan;
use crate::engine::patch::Patch;
use crate::engine::validate::{loaded, validate_id, validate_points, validate_threat_on};
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::*;
use std::collections::{HashMap, HashSet};

/// What one import may add (a 1 GB engagement file holds far less).
pub const MAX_DIAGRAMS: usize = 1_000;
pub const MAX_ELEMENTS: usize = 200_000;
pub const MAX_THREATS: usize = 200_000;

impl Engagement {
    pub(super) fn plan_import(&mut self, model: Model) -> Result<Plan> {
        if model.diagrams.is_empty() {
            return Err(Error::invalid("The model holds no diagram"));
        }
        if model.diagrams.len() > MAX_DIAGRAMS
            || model.elements.len() > MAX_ELEMENTS
            || model.threats.len() > MAX_THREATS
        {
            return Err(Error::invalid(format!(
                "A model imports at most {MAX_DIAGRAMS} diagrams, {MAX_ELEMENTS} elements and {MAX_THREATS} threats"
            )));
        }
        let mut ids = Ids::default();
        let first = self
            .state
            .diagrams
            .values()
            .map(|d| d.position + 1)
            .max()
            .unwrap_or(0);
        let mut records = Vec::new();
        let mut diagrams = HashMap::new();
        for (i, d) in model.diagrams.into_iter().enumerate() {
            let id = ids.give(self, "diagram", &d.id, "d")?;
            diagrams.insert(d.id.clone(), id.clone());
            let d = Diagram {
                id,
                position: first + i as u32,
                ..d
            };
            loaded::check(&Record::Diagram(d.clone()))?;
            records.push(Record::Diagram(d));
        }
        // Source id → (new id, kind, diagram); and each element's new id and diagram, in order.
        let mut elements: HashMap<String, (String, ElementKind, String)> = HashMap::new();
        let mut given = Vec::with_capacity(model.elements.len());
        for e in &model.elements {
            let prefix = match e.kind {
                ElementKind::DataFlow => "f",
                ElementKind::TrustBoundary => "b",
                _ => "n",
            };
            let id = ids.give(self, "element", &e.id, prefix)?;
            let diagram = diagrams.get(&e.diagram_id).ok_or_else(|| {
                Error::invalid(format!(
                    "Element '{}' is on no diagram of the model",
                    e.name
                ))
            })?;
            given.push((id.clone(), diagram.clone()));
            if !e.id.is_empty() {
                elements.insert(e.id.clone(), (id, e.kind, diagram.clone()));
            }
        }
        let mut placed = Vec::with_capacity(model.elements.len());
        for (e, (id, diagram_id)) in model.elements.into_iter().zip(given) {
            let end = |end: &Option<String>| -> Result<Option<String>> {
                let Some(old) = end else { return Ok(None) };
                match elements.get(old) {
                    Some((new, kind, d)) if kind.is_endpoint() && *d == diagram_id => {
                        Ok(Some(new.clone()))
                    }
                    _ => Err(Error::invalid(format!(
                        "Data flow '{}' ends at no entity, process or store of its diagram",
                        e.name
                    ))),
                }
            };
            let (source, target) = if e.kind == ElementKind::DataFlow {
                (end(&e.source)?, end(&e.target)?)
            } else {
                (None, None)
            };
            let rect = if e.points.is_empty() {
                e.rect
            } else {
                if e.kind != ElementKind::TrustBoundary {
                    return Err(Error::invalid(format!(
                        "Only a trust boundary is drawn as a line ('{}')",
                        e.name
                    )));
                }
                validate_points(&e.points)?;
                Rect::around(&e.points)
            };
            let e = Element {
                id,
                diagram_id,
                source,
                target,
                rect,
                ..e
            };
            let record = Record::Element(e.clone());
            loaded::check(&record).map_err(|err| named(&e.name, err))?;
            placed.push(e);
        }
        let by_id: HashMap<&str, &Element> = placed.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut threats = Vec::with_capacity(model.threats.len());
        for t in model.threats {
            let id = ids.give(self, "threat", &t.id, "t")?;
            let element_ids = t
                .element_ids
                .iter()
                .map(|old| {
                    elements
                        .get(old)
                        .map(|(new, _, _)| new.clone())
                        .ok_or_else(|| {
                            Error::invalid(format!(
                                "Threat '{}' is on no element of the model",
                                t.title
                            ))
                        })
                })
                .collect::<Result<Vec<_>>>()?;
            let t = Threat {
                id,
                element_ids,
                origin: Origin::Manual,
                source: None,
                ..t
            };
            let on: Vec<&Element> = t
                .element_ids
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            // Another tool's category is kept even where STRIDE per element
            // would not give it (the import report says so).
            validate_threat_on(&t, &on, false).map_err(|err| named(&t.title, err))?;
            loaded::check(&Record::Threat(t.clone())).map_err(|err| named(&t.title, err))?;
            threats.push(t);
        }
        let created = records.iter().map(|r| r.id().to_string()).collect();
        let patches = records
            .into_iter()
            .chain(placed.into_iter().map(Record::Element))
            .chain(threats.into_iter().map(Record::Threat))
            .map(|record| Patch::Put { record })
            .collect();
        Ok((patches, created))
    }
}

fn named(what: &str, err: Error) -> Error {
    match err {
        Error::Invalid(reason) => Error::invalid(format!("'{what}': {reason}")),
        e => e,
    }
}

/// The ids an import gives: the source's own where it is a valid id not yet
/// taken, else a new one; each source id once per kind of record (an empty
/// one asks for a new id).
#[derive(Default)]
struct Ids {
    given: HashSet<String>,
    seen: HashSet<(&'static str, String)>,
}

impl Ids {
    fn give(
        &mut self,
        eng: &mut Engagement,
        kind: &'static str,
        old: &str,
        prefix: &str,
    ) -> Result<String> {
        // An empty id asks for a new one (a threat the source gave no id).
        if !old.is_empty() && !self.seen.insert((kind, old.to_string())) {
            return Err(Error::invalid(format!(
                "The model lists {kind} '{old}' twice"
            )));
        }
        let id = if validate_id(old).is_ok() && !eng.id_taken(old) && !self.given.contains(old) {
            old.to_string()
        } else {
            loop {
                let id = eng.new_id(prefix);
                if !self.given.contains(&id) {
                    break id;
                }
            }
        };
        self.given.insert(id.clone());
        Ok(id)
    }
}
