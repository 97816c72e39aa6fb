//! What the template (`KnowledgeBase`) says, and what a stencil is drawn as.

use super::dom::Node;
use super::to_json;
use crate::model::ElementKind;
use serde_json::Value;
use std::collections::HashMap;

/// What the template (`KnowledgeBase`) says: element types' names and
/// parents, threat categories, threat types and the labels of threat fields.
#[derive(Default)]
pub(super) struct Kb {
    /// Element type id → (display name, parent id).
    pub(super) types: HashMap<String, (String, String)>,
    /// Threat category id → name.
    pub(super) categories: HashMap<String, String>,
    /// Threat type id → (category id, short title).
    pub(super) threat_types: HashMap<String, (String, String)>,
    /// Threat field key → label.
    pub(super) labels: HashMap<String, String>,
    pub(super) manifest: Option<Value>,
    pub(super) element_types: usize,
}

impl Kb {
    pub(super) fn read(kb: Option<&Node>) -> Kb {
        let mut out = Kb::default();
        let Some(kb) = kb else { return out };
        for list in ["GenericElements", "StandardElements", "CustomElements"] {
            for t in kb
                .child(list)
                .into_iter()
                .flat_map(|l| l.all("ElementType"))
            {
                if let Some(id) = t.text_of("Id") {
                    let name = t.text_of("Name").unwrap_or(id).to_string();
                    let parent = t.text_of("ParentId").unwrap_or_default().to_string();
                    out.types.insert(id.to_string(), (name, parent));
                    out.element_types += 1;
                }
            }
        }
        for c in kb
            .child("ThreatCategories")
            .into_iter()
            .flat_map(|l| l.all("ThreatCategory"))
        {
            if let (Some(id), Some(name)) = (c.text_of("Id"), c.text_of("Name")) {
                out.categories.insert(id.to_string(), name.to_string());
            }
        }
        for t in kb
            .child("ThreatTypes")
            .into_iter()
            .flat_map(|l| l.all("ThreatType"))
        {
            if let Some(id) = t.text_of("Id") {
                out.threat_types.insert(
                    id.to_string(),
                    (
                        t.text_of("Category").unwrap_or_default().to_string(),
                        t.text_of("ShortTitle").unwrap_or_default().to_string(),
                    ),
                );
            }
        }
        let data = kb
            .child("ThreatMetaData")
            .and_then(|m| m.child("PropertiesMetaData"));
        for d in data.into_iter().flat_map(|l| l.all("ThreatMetaDatum")) {
            if let (Some(name), Some(label)) = (d.text_of("Name"), d.text_of("Label")) {
                out.labels.insert(name.to_string(), label.to_string());
            }
        }
        out.manifest = kb.child("Manifest").map(to_json);
        out
    }

    /// The generic class of an element type, following its parents.
    pub(super) fn class_of(&self, type_id: &str) -> Option<Class> {
        let mut id = type_id;
        for _ in 0..16 {
            if let Some(c) = Class::generic(id) {
                return Some(c);
            }
            id = self.types.get(id).map(|(_, p)| p.as_str())?;
        }
        None
    }

    pub(super) fn type_name(&self, type_id: &str) -> Option<&str> {
        self.types.get(type_id).map(|(n, _)| n.as_str())
    }
}

/// What a `Borders` or `Lines` entry is drawn as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Class {
    Entity,
    Process,
    Store,
    Flow,
    BoxBoundary,
    LineBoundary,
    Annotation,
}

impl Class {
    pub(super) fn generic(id: &str) -> Option<Class> {
        Some(match id {
            "GE.EI" => Class::Entity,
            "GE.P" => Class::Process,
            "GE.DS" => Class::Store,
            "GE.DF" => Class::Flow,
            "GE.TB.B" => Class::BoxBoundary,
            "GE.TB.L" => Class::LineBoundary,
            "GE.A" => Class::Annotation,
            _ => return None,
        })
    }

    pub(super) fn shape(xsi: &str) -> Option<Class> {
        Some(match xsi {
            "StencilRectangle" => Class::Entity,
            "StencilEllipse" => Class::Process,
            "StencilParallelLines" => Class::Store,
            "BorderBoundary" => Class::BoxBoundary,
            "LineBoundary" => Class::LineBoundary,
            "Connector" => Class::Flow,
            "StencilAnnotation" | "Annotation" => Class::Annotation,
            _ => return None,
        })
    }

    /// The last resort: the template's naming (`SE.EI.…`, `SE.P.…`).
    pub(super) fn prefix(type_id: &str) -> Option<Class> {
        let p = |s: &str| type_id.starts_with(s);
        Some(if p("SE.EI.") {
            Class::Entity
        } else if p("SE.P.") || p("SE.GP.") {
            Class::Process
        } else if p("SE.DS.") {
            Class::Store
        } else if p("SE.DF.") {
            Class::Flow
        } else if p("SE.TB.L.") {
            Class::LineBoundary
        } else if p("SE.TB.") {
            Class::BoxBoundary
        } else if p("SE.A.") {
            Class::Annotation
        } else {
            return None;
        })
    }

    pub(super) fn kind(self) -> Option<ElementKind> {
        Some(match self {
            Class::Entity => ElementKind::ExternalEntity,
            Class::Process => ElementKind::Process,
            Class::Store => ElementKind::DataStore,
            Class::Flow => ElementKind::DataFlow,
            Class::BoxBoundary | Class::LineBoundary => ElementKind::TrustBoundary,
            Class::Annotation => return None,
        })
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Class::Entity => "external entity",
            Class::Process => "process",
            Class::Store => "data store",
            Class::Flow => "data flow",
            Class::BoxBoundary => "box trust boundary",
            Class::LineBoundary => "line trust boundary",
            Class::Annotation => "free-text annotation",
        }
    }
}
