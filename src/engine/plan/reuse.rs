//! Planning the ops that reuse threats: a library entry applied to elements
//! or its update taken, threats copied or moved between elements.

use super::{misrouted, Plan};
use crate::engine::op::Op;
use crate::engine::patch::Patch;
use crate::engine::validate::*;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::*;

/// The most threats one copy may make (threats × elements).
const MAX_COPIES: usize = 10_000;

impl Engagement {
    pub(super) fn plan_reuse(&mut self, op: Op) -> Result<Plan> {
        match op {
            Op::ApplyLibraryEntry { entry, element_ids } => {
                entry.check().map_err(Error::invalid)?;
                self.targets(&element_ids)?;
                let threats = element_ids.iter().map(|el| entry.to_threat(el)).collect();
                self.put_new_threats(threats)
            }
            Op::TakeLibraryUpdate {
                threat_ids,
                entry,
                take,
            } => {
                entry.check().map_err(Error::invalid)?;
                self.plan_library_update(&threat_ids, &entry, take)
            }
            Op::CopyThreats {
                threats,
                element_ids,
            } => {
                if threats.is_empty() {
                    return Err(Error::invalid("Choose the threats to copy"));
                }
                self.targets(&element_ids)?;
                if threats.len().saturating_mul(element_ids.len()) > MAX_COPIES {
                    return Err(Error::invalid(format!(
                        "One copy makes at most {MAX_COPIES} threats"
                    )));
                }
                let mut copies = Vec::new();
                for t in &threats {
                    // A pasted threat may come from another engagement (the
                    // clipboard): held to the limits a loaded record keeps.
                    let mut probe = t.clone();
                    probe.id = "t".into();
                    loaded::check(&Record::Threat(probe))?;
                    for el in &element_ids {
                        copies.push(self.copy_onto(t, el));
                    }
                }
                self.put_new_threats(copies)
            }
            Op::MoveThreats {
                threat_ids,
                element_ids,
            } => self.plan_move(&threat_ids, &element_ids),
            op => Err(misrouted(&op)),
        }
    }

    /// The elements threats are put on: at least one, each once, all there.
    fn targets(&self, element_ids: &[String]) -> Result<()> {
        if element_ids.is_empty() {
            return Err(Error::invalid("Choose the elements"));
        }
        self.validate_elements(element_ids)
    }

    /// New threats (their ids picked here), each checked like a typed one.
    fn put_new_threats(&mut self, threats: Vec<Threat>) -> Result<Plan> {
        let mut patches = Vec::with_capacity(threats.len());
        let mut ids = Vec::with_capacity(threats.len());
        for mut t in threats {
            t.id = self.new_id("t");
            self.validate_threat(&t)?;
            ids.push(t.id.clone());
            patches.push(Patch::Put {
                record: Record::Threat(t),
            });
        }
        Ok((patches, ids))
    }

    /// `t` as a threat on `element_id`: every field kept; a rule's key names
    /// the new element (its suggestion there is taken care of), and a note it
    /// came from is kept only if this engagement has it.
    fn copy_onto(&self, t: &Threat, element_id: &str) -> Threat {
        let mut copy = t.clone();
        copy.element_ids = vec![element_id.to_string()];
        if let Origin::Rule { rule_id, key } = &mut copy.origin {
            *key = Suggestion::key_of(rule_id, element_id);
        }
        if copy
            .source
            .as_ref()
            .is_some_and(|s| !self.state.notes.contains_key(&s.note_id))
        {
            copy.source = None;
        }
        copy
    }

    fn plan_move(&mut self, threat_ids: &[String], element_ids: &[String]) -> Result<Plan> {
        if threat_ids.is_empty() {
            return Err(Error::invalid("Choose the threats to move"));
        }
        self.targets(element_ids)?;
        let mut patches = Vec::with_capacity(threat_ids.len());
        let mut seen = std::collections::HashSet::new();
        for id in threat_ids {
            if !seen.insert(id) {
                return Err(Error::invalid("A threat is listed twice"));
            }
            let old = self.threat(id)?;
            let mut t = old.clone();
            t.element_ids = element_ids.to_vec();
            if let Origin::Rule { rule_id, key } = &mut t.origin {
                *key = Suggestion::key_of(rule_id, &element_ids[0]);
            }
            self.validate_threat(&t)?;
            patches.push(Patch::Put {
                record: Record::Threat(t),
            });
        }
        Ok((patches, vec![]))
    }

    fn plan_library_update(
        &mut self,
        threat_ids: &[String],
        entry: &LibraryEntry,
        take: bool,
    ) -> Result<Plan> {
        if threat_ids.is_empty() {
            return Err(Error::invalid("Choose the threats to update"));
        }
        let mut patches = Vec::with_capacity(threat_ids.len());
        for id in threat_ids {
            let old = self.threat(id)?;
            if !entry.updates(old) {
                return Err(Error::invalid(format!(
                    "\u{201c}{}\u{201d} was not made from an earlier version of library entry '{}'",
                    old.title, entry.id
                )));
            }
            let mut t = old.clone();
            if take {
                entry.write_text(&mut t);
            }
            t.origin = Origin::Library {
                entry_id: entry.id.clone(),
                version: entry.version,
            };
            self.validate_edited_threat(&t, old)?;
            patches.push(Patch::Put {
                record: Record::Threat(t),
            });
        }
        Ok((patches, vec![]))
    }
}
