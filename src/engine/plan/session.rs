//! Planning the session ops: sessions and their clock, and the notes taken in them.

use super::{misrouted, Plan};
use crate::engine::op::Op;
use crate::engine::patch::Patch;
use crate::engine::validate::*;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::*;

impl Engagement {
    pub(super) fn plan_session(&mut self, op: Op) -> Result<Plan> {
        Ok(match op {
            Op::PutSession { mut session } => {
                self.validate_session(&session)?;
                let created = self.resolve_id(&mut session.id, "s", Table::Session)?;
                if let Some(old) = self.state.sessions.get(&session.id) {
                    session.started_at_ms = old.started_at_ms;
                    session.ended_at_ms = old.ended_at_ms;
                } else {
                    session.started_at_ms = None;
                    session.ended_at_ms = None;
                }
                (
                    vec![Patch::Put {
                        record: Record::Session(session),
                    }],
                    created,
                )
            }
            Op::DeleteSession { id } => {
                self.session(&id)?;
                let mut patches: Vec<Patch> = self
                    .state
                    .notes
                    .values()
                    .filter(|n| n.session_id == id)
                    .map(|n| Patch::Remove {
                        table: Table::Note,
                        id: n.id.clone(),
                    })
                    .collect();
                patches.push(Patch::Remove {
                    table: Table::Session,
                    id,
                });
                (patches, vec![])
            }
            Op::StartSession { id, at_ms } => {
                let s = self.session(&id)?;
                if s.started_at_ms.is_some() {
                    return Err(Error::invalid(format!("'{}' has already started", s.title)));
                }
                if let Some(running) = self
                    .state
                    .sessions
                    .values()
                    .find(|o| o.started_at_ms.is_some() && o.ended_at_ms.is_none())
                {
                    return Err(Error::invalid(format!(
                        "End '{}' before starting another session",
                        running.title
                    )));
                }
                let session = Session {
                    started_at_ms: Some(time(at_ms)?),
                    ..s.clone()
                };
                (
                    vec![Patch::Put {
                        record: Record::Session(session),
                    }],
                    vec![],
                )
            }
            Op::EndSession { id, at_ms } => {
                let s = self.session(&id)?;
                let Some(started) = s.started_at_ms.filter(|_| s.ended_at_ms.is_none()) else {
                    return Err(Error::invalid(format!("'{}' is not running", s.title)));
                };
                let session = Session {
                    ended_at_ms: Some(time(at_ms)?.max(started)),
                    ..s.clone()
                };
                (
                    vec![Patch::Put {
                        record: Record::Session(session),
                    }],
                    vec![],
                )
            }
            Op::AddNote { mut note, at_ms } => {
                let s = self.session(&note.session_id)?;
                let now = time(at_ms)?;
                if note.offset_ms.is_none() && s.state() == crate::model::SessionState::Running {
                    note.offset_ms = s.started_at_ms.map(|t| (now - t).max(0));
                }
                note.created_at_ms = now;
                note.processing = Processing::Unprocessed;
                self.validate_note(&note)?;
                let created = self.resolve_id(&mut note.id, "note", Table::Note)?;
                (
                    vec![Patch::Put {
                        record: Record::Note(note),
                    }],
                    created,
                )
            }
            Op::UpdateNote { note } => {
                let old = self.note(&note.id)?;
                let note = Note {
                    text: note.text,
                    author_id: note.author_id,
                    kind: note.kind,
                    element_ids: note.element_ids,
                    answers: note.answers,
                    ..old.clone()
                };
                self.validate_note(&note)?;
                (
                    vec![Patch::Put {
                        record: Record::Note(note),
                    }],
                    vec![],
                )
            }
            Op::DeleteNote { id } => {
                self.note(&id)?;
                (
                    vec![Patch::Remove {
                        table: Table::Note,
                        id,
                    }],
                    vec![],
                )
            }
            Op::PromoteNote {
                note_id,
                mut threat,
            } => {
                let note = self.note(&note_id)?.clone();
                if let Processing::Promoted { threat_id } = &note.processing {
                    return Err(Error::invalid(format!(
                        "This note already became threat {threat_id}"
                    )));
                }
                if threat.origin != Origin::Manual {
                    return Err(Error::invalid(
                        "A promoted note makes a hand-written threat",
                    ));
                }
                check_new_finding(&threat)?;
                threat.id = self.new_id("t");
                threat.source = Some(NoteSource {
                    session_id: note.session_id.clone(),
                    note_id: note.id.clone(),
                    offset_ms: note.offset_ms,
                });
                self.validate_threat(&threat)?;
                let id = threat.id.clone();
                let note = Note {
                    processing: Processing::Promoted {
                        threat_id: id.clone(),
                    },
                    ..note
                };
                (
                    vec![
                        Patch::Put {
                            record: Record::Threat(threat),
                        },
                        Patch::Put {
                            record: Record::Note(note),
                        },
                    ],
                    vec![id],
                )
            }
            Op::SetNoteReference { note_id, reference } => {
                let note = self.note(&note_id)?.clone();
                if matches!(note.processing, Processing::Promoted { .. }) {
                    return Err(Error::invalid(
                        "This note became a threat; delete the threat first",
                    ));
                }
                let processing = if reference {
                    Processing::Reference
                } else {
                    Processing::Unprocessed
                };
                (
                    vec![Patch::Put {
                        record: Record::Note(Note { processing, ..note }),
                    }],
                    vec![],
                )
            }
            op => return Err(misrouted(&op)),
        })
    }
}
