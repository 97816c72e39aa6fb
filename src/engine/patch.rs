//! Patches: the smallest changes to the state. An op becomes a list of them,
//! and so does its inverse; undo and redo replay them.

use super::store;
use crate::engine::Engagement;
use crate::error::Result;
use crate::model::*;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The smallest change to the state; an op becomes a list of these, and so does
/// its inverse. Within one op every patch touches a different record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "p", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // a few live for one op: boxing would buy nothing
pub(super) enum Patch {
    Info { info: EngagementInfo },
    Put { record: Record },
    Remove { table: Table, id: String },
}

impl Engagement {
    pub(super) fn is_noop(&self, p: &Patch) -> bool {
        match p {
            Patch::Info { info } => *info == self.state.info,
            Patch::Put { record } => self.state.holds(record),
            Patch::Remove { table, id } => !self.state.contains(*table, id),
        }
    }

    /// The patches that undo `patches`, in reverse order.
    pub(super) fn inverse_of(&self, patches: &[Patch]) -> Vec<Patch> {
        let restore = |table: Table, id: &str| match self.state.get(table, id) {
            Some(record) => Patch::Put { record },
            None => Patch::Remove {
                table,
                id: id.to_string(),
            },
        };
        patches
            .iter()
            .rev()
            .map(|p| match p {
                Patch::Info { .. } => Patch::Info {
                    info: self.state.info.clone(),
                },
                Patch::Put { record } => restore(record.table(), record.id()),
                Patch::Remove { table, id } => restore(*table, id),
            })
            .collect()
    }

    pub(super) fn apply_to_memory(&mut self, p: Patch, change: &mut Change) {
        match p {
            Patch::Info { info } => {
                self.state.info = info.clone();
                change.info = Some(info);
            }
            Patch::Put { record } => {
                change.record_put(record.clone());
                self.state.put(record);
            }
            Patch::Remove { table, id } => {
                self.state.remove(table, &id);
                change.record_removed(table, id);
            }
        }
    }

    /// Removes elements and what hangs off them: their threat links (a threat
    /// left with no element goes too), not-applicable marks and dismissals.
    pub(super) fn removal_patches(&self, ids: BTreeSet<String>) -> Vec<Patch> {
        let mut patches = Vec::new();
        for t in unlinked(&self.state.threats, &ids) {
            patches.push(if t.element_ids.is_empty() {
                Patch::Remove {
                    table: Table::Threat,
                    id: t.id,
                }
            } else {
                Patch::Put {
                    record: Record::Threat(t),
                }
            });
        }
        let puts = unlinked(&self.state.components, &ids)
            .into_iter()
            .map(Record::Component)
            .chain(
                unlinked(&self.state.notes, &ids)
                    .into_iter()
                    .map(Record::Note),
            )
            .chain(
                unlinked(&self.state.answers, &ids)
                    .into_iter()
                    .map(Record::Answer),
            );
        patches.extend(puts.map(|record| Patch::Put { record }));
        for na in self
            .state
            .not_applicable
            .values()
            .filter(|n| ids.contains(&n.element_id))
        {
            patches.push(Patch::Remove {
                table: Table::NotApplicable,
                id: na.id.clone(),
            });
        }
        for d in self.state.dismissals.keys() {
            if d.rsplit_once('@')
                .is_some_and(|(_, element)| ids.contains(element))
            {
                patches.push(Patch::Remove {
                    table: Table::Dismissal,
                    id: d.clone(),
                });
            }
        }
        // Flows before nodes, so an undo restores nodes before their flows.
        let (flows, nodes): (Vec<&String>, Vec<&String>) = ids.iter().partition(|id| {
            self.state
                .elements
                .get(*id)
                .is_some_and(|e| e.kind == ElementKind::DataFlow)
        });
        for id in flows.into_iter().chain(nodes) {
            patches.push(Patch::Remove {
                table: Table::Element,
                id: id.clone(),
            });
        }
        patches
    }
}

/// Records that name diagram elements: deleting an element unlinks it from them.
trait LinksElements: Clone {
    fn links(&self) -> &Vec<String>;
    fn links_mut(&mut self) -> &mut Vec<String>;
}

macro_rules! links_elements {
    ($($t:ty),*) => {$(
        impl LinksElements for $t {
            fn links(&self) -> &Vec<String> { &self.element_ids }
            fn links_mut(&mut self) -> &mut Vec<String> { &mut self.element_ids }
        }
    )*};
}
links_elements!(Threat, Component, Note, ChecklistAnswer);

/// The records that link any of `ids`, with those links dropped.
fn unlinked<T: LinksElements>(records: &BTreeMap<String, T>, ids: &BTreeSet<String>) -> Vec<T> {
    records
        .values()
        .filter(|r| r.links().iter().any(|e| ids.contains(e)))
        .map(|r| {
            let mut r = r.clone();
            r.links_mut().retain(|e| !ids.contains(e));
            r
        })
        .collect()
}

impl Patch {
    /// Writes the patch to the file (within the caller's transaction).
    pub(super) fn write(&self, conn: &Connection) -> Result<()> {
        match self {
            Patch::Info { info } => store::set_meta(conn, "info", &serde_json::to_string(info)?),
            Patch::Put { record } => store::put(conn, record),
            Patch::Remove { table, id } => store::remove(conn, *table, id),
        }
    }
}
