//! Planning the scoping ops: the people who take part and the components named at scoping.

use super::{misrouted, Plan};
use crate::engine::op::Op;
use crate::engine::patch::Patch;
use crate::engine::validate::*;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::*;

impl Engagement {
    pub(super) fn plan_scope(&mut self, op: Op) -> Result<Plan> {
        Ok(match op {
            Op::PutPerson { mut person } => {
                validate_title(&person.name, "A person needs a name")?;
                validate_name(&person.role)?;
                let created = self.resolve_id(&mut person.id, "p", Table::Person)?;
                (
                    vec![Patch::Put {
                        record: Record::Person(person),
                    }],
                    created,
                )
            }
            Op::DeletePerson { id } => {
                self.state
                    .people
                    .get(&id)
                    .ok_or_else(|| Error::not_found("Person", &id))?;
                let mut patches = Vec::new();
                for s in self
                    .state
                    .sessions
                    .values()
                    .filter(|s| s.attendees.iter().any(|a| a.person_id == id))
                {
                    let attendees = s
                        .attendees
                        .iter()
                        .filter(|a| a.person_id != id)
                        .cloned()
                        .collect();
                    patches.push(Patch::Put {
                        record: Record::Session(Session {
                            attendees,
                            ..s.clone()
                        }),
                    });
                }
                for n in self
                    .state
                    .notes
                    .values()
                    .filter(|n| n.author_id.as_deref() == Some(id.as_str()))
                {
                    patches.push(Patch::Put {
                        record: Record::Note(Note {
                            author_id: None,
                            ..n.clone()
                        }),
                    });
                }
                patches.push(Patch::Remove {
                    table: Table::Person,
                    id,
                });
                (patches, vec![])
            }
            Op::PutComponent { mut component } => {
                validate_title(&component.name, "A component needs a name")?;
                self.validate_elements(&component.element_ids)?;
                validate_text(&component.notes)?;
                let created = self.resolve_id(&mut component.id, "c", Table::Component)?;
                (
                    vec![Patch::Put {
                        record: Record::Component(component),
                    }],
                    created,
                )
            }
            Op::DeleteComponent { id } => {
                self.state
                    .components
                    .get(&id)
                    .ok_or_else(|| Error::not_found("Component", &id))?;
                (
                    vec![Patch::Remove {
                        table: Table::Component,
                        id,
                    }],
                    vec![],
                )
            }
            op => return Err(misrouted(&op)),
        })
    }
}
