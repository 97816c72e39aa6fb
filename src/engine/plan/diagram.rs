//! Planning the engagement's and the diagrams' ops: info, diagrams, elements, flows, placement, properties, deletion.

use super::{misrouted, Plan};
use crate::analysis::wrap_rect;
use crate::engine::op::{Op, Placement};
use crate::engine::patch::Patch;
use crate::engine::validate::*;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::*;
use std::collections::BTreeSet;

impl Engagement {
    pub(super) fn plan_diagram(&mut self, op: Op) -> Result<Plan> {
        let put = |element: Element| Patch::Put {
            record: Record::Element(element),
        };
        Ok(match op {
            Op::SetInfo { info } => {
                validate_info(&info)?;
                (vec![Patch::Info { info }], vec![])
            }
            Op::AddDiagram { id, name } => {
                validate_name(&name)?;
                let id = self.pick_id(id, "d")?;
                let position = self
                    .state
                    .diagrams
                    .values()
                    .map(|d| d.position + 1)
                    .max()
                    .unwrap_or(0);
                (
                    vec![Patch::Put {
                        record: Record::Diagram(Diagram {
                            id: id.clone(),
                            name,
                            position,
                            foreign: Default::default(),
                        }),
                    }],
                    vec![id],
                )
            }
            Op::RenameDiagram { id, name } => {
                validate_name(&name)?;
                let diagram = Diagram {
                    name,
                    ..self.diagram(&id)?.clone()
                };
                (
                    vec![Patch::Put {
                        record: Record::Diagram(diagram),
                    }],
                    vec![],
                )
            }
            Op::DeleteDiagram { id } => {
                self.diagram(&id)?;
                if self.state.diagrams.len() == 1 {
                    return Err(Error::invalid("An engagement keeps at least one diagram"));
                }
                let ids = self.state.elements_of(&id).map(|e| e.id.clone()).collect();
                let mut patches = self.removal_patches(ids);
                patches.push(Patch::Remove {
                    table: Table::Diagram,
                    id,
                });
                (patches, vec![])
            }
            Op::AddElement {
                id,
                diagram_id,
                kind,
                name,
                rect,
            } => {
                self.diagram(&diagram_id)?;
                if !kind.is_node() {
                    return Err(Error::invalid(
                        "A data flow is drawn between two elements (Connect)",
                    ));
                }
                validate_name(&name)?;
                validate_rect(&rect)?;
                let prefix = if kind == ElementKind::TrustBoundary {
                    "b"
                } else {
                    "n"
                };
                let id = self.pick_id(id, prefix)?;
                let element = Element::new(id.clone(), diagram_id, kind, name, rect);
                (vec![put(element)], vec![id])
            }
            Op::WrapInBoundary {
                id,
                diagram_id,
                element_ids,
                name,
            } => {
                self.diagram(&diagram_id)?;
                validate_name(&name)?;
                let rect = wrap_rect(&self.state, &diagram_id, &element_ids)?;
                validate_rect(&rect)?;
                let id = self.pick_id(id, "b")?;
                let element = Element::new(
                    id.clone(),
                    diagram_id,
                    ElementKind::TrustBoundary,
                    name,
                    rect,
                );
                (vec![put(element)], vec![id])
            }
            Op::AddLineBoundary {
                id,
                diagram_id,
                name,
                points,
            } => {
                self.diagram(&diagram_id)?;
                validate_name(&name)?;
                validate_points(&points)?;
                let id = self.pick_id(id, "b")?;
                let rect = Rect::around(&points);
                let element = Element {
                    points,
                    ..Element::new(
                        id.clone(),
                        diagram_id,
                        ElementKind::TrustBoundary,
                        name,
                        rect,
                    )
                };
                (vec![put(element)], vec![id])
            }
            Op::Reshape { id, points } => {
                let e = self.element(&id)?;
                if !e.is_line() {
                    return Err(Error::invalid("Only a line boundary has points to move"));
                }
                validate_points(&points)?;
                let rect = Rect::around(&points);
                (
                    vec![put(Element {
                        rect,
                        points,
                        ..e.clone()
                    })],
                    vec![],
                )
            }
            Op::Connect {
                id,
                diagram_id,
                source,
                target,
                name,
            } => {
                self.diagram(&diagram_id)?;
                validate_name(&name)?;
                for end in [&source, &target] {
                    let e = self.element(end)?;
                    if e.diagram_id != diagram_id {
                        return Err(Error::invalid(
                            "A data flow connects elements of the same diagram",
                        ));
                    }
                    if !e.kind.is_endpoint() {
                        return Err(Error::invalid(format!(
                            "A data flow cannot start or end at a {}",
                            e.kind.label().to_lowercase()
                        )));
                    }
                }
                if source == target {
                    return Err(Error::invalid(
                        "A data flow connects two different elements",
                    ));
                }
                let id = self.pick_id(id, "f")?;
                let element = Element {
                    source: Some(source),
                    target: Some(target),
                    ..Element::new(
                        id.clone(),
                        diagram_id,
                        ElementKind::DataFlow,
                        name,
                        Rect::default(),
                    )
                };
                (vec![put(element)], vec![id])
            }
            Op::Tidy { diagram_id } => {
                self.diagram(&diagram_id)?;
                let moves: Vec<Placement> = crate::analysis::layout::tidy(&self.state, &diagram_id)
                    .into_iter()
                    .map(|(id, rect)| Placement { id, rect })
                    .collect();
                if moves.is_empty() {
                    return Err(Error::invalid("Nothing to tidy: the diagram is empty"));
                }
                return self.plan_diagram(Op::Place { moves });
            }
            Op::Place { moves } => {
                let mut seen = BTreeSet::new();
                let mut patches = Vec::with_capacity(moves.len());
                for m in moves {
                    validate_rect(&m.rect)?;
                    let e = self.element(&m.id)?;
                    if !e.kind.is_node() {
                        return Err(Error::invalid(
                            "A data flow follows its ends; move them instead",
                        ));
                    }
                    if !seen.insert(m.id.clone()) {
                        return Err(Error::invalid(format!("'{}' is placed twice", m.id)));
                    }
                    // A line moves with its box: its points shift by as much.
                    let (dx, dy) = (m.rect.x - e.rect.x, m.rect.y - e.rect.y);
                    let points = e
                        .points
                        .iter()
                        .map(|p| Point {
                            x: p.x + dx,
                            y: p.y + dy,
                        })
                        .collect::<Vec<_>>();
                    let rect = if e.is_line() {
                        Rect::around(&points)
                    } else {
                        m.rect
                    };
                    validate_points_or_box(&points)?;
                    patches.push(put(Element {
                        rect,
                        points,
                        ..e.clone()
                    }));
                }
                (patches, vec![])
            }
            Op::Rename { id, name } => {
                validate_name(&name)?;
                (
                    vec![put(Element {
                        name,
                        ..self.element(&id)?.clone()
                    })],
                    vec![],
                )
            }
            Op::SetDescription { id, description } => {
                if description.chars().count() > MAX_DESCRIPTION {
                    return Err(Error::invalid(format!(
                        "A description is at most {MAX_DESCRIPTION} characters"
                    )));
                }
                (
                    vec![put(Element {
                        description,
                        ..self.element(&id)?.clone()
                    })],
                    vec![],
                )
            }
            Op::SetProperty { id, key, value } => {
                let mut e = self.element(&id)?.clone();
                match value {
                    Some(v) => {
                        props::validate(e.kind, &key, &v)?;
                        e.props.insert(key, v);
                    }
                    None => {
                        let known = props::is_known(&key);
                        if !known && !e.props.contains_key(&key) {
                            return Err(Error::invalid(format!("Unknown property '{key}'")));
                        }
                        e.props.remove(&key);
                    }
                }
                (vec![put(e)], vec![])
            }
            Op::Delete { ids } => {
                if ids.is_empty() {
                    return Err(Error::invalid("Nothing selected to delete"));
                }
                let mut all = BTreeSet::new();
                for id in &ids {
                    self.element(id)?;
                    all.insert(id.clone());
                    all.extend(self.state.flows_touching(id).map(|f| f.id.clone()));
                }
                (self.removal_patches(all), vec![])
            }
            op => return Err(misrouted(&op)),
        })
    }
}
