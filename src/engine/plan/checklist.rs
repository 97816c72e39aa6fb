//! Planning the checklist ops: the team's questions and the answers.

use super::{misrouted, Plan};
use crate::engine::op::Op;
use crate::engine::patch::Patch;
use crate::engine::validate::*;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::*;

impl Engagement {
    pub(super) fn plan_checklist(&mut self, op: Op) -> Result<Plan> {
        Ok(match op {
            Op::PutQuestion { mut question } => {
                validate_title(&question.text, "A question needs some text")?;
                validate_title(&question.topic, "A question belongs to a topic")?;
                if crate::model::checklist::builtin()
                    .iter()
                    .any(|q| q.id == question.id)
                {
                    return Err(Error::invalid(
                        "Built-in questions cannot be changed; add your own",
                    ));
                }
                let created = self.resolve_id(&mut question.id, "q", Table::Question)?;
                (
                    vec![Patch::Put {
                        record: Record::Question(question),
                    }],
                    created,
                )
            }
            Op::DeleteQuestion { id } => {
                if !self.state.questions.contains_key(&id) {
                    return Err(Error::not_found("Question", &id));
                }
                let mut patches = vec![Patch::Remove {
                    table: Table::Answer,
                    id: id.clone(),
                }];
                patches.push(Patch::Remove {
                    table: Table::Question,
                    id,
                });
                (patches, vec![])
            }
            Op::AnswerChecklist {
                answer,
                set_property,
            } => {
                let question = crate::model::checklist::find(&self.state, &answer.id)
                    .ok_or_else(|| Error::not_found("Question", &answer.id))?;
                self.validate_elements(&answer.element_ids)?;
                validate_text(&answer.answer)?;
                validate_text(&answer.led_to)?;
                let mut patches = Vec::new();
                if set_property {
                    let (Some(key), Some(value)) = (&question.property, &question.value) else {
                        return Err(Error::invalid("This question sets no property"));
                    };
                    let targets: Vec<&Element> = answer
                        .element_ids
                        .iter()
                        .filter_map(|id| self.state.elements.get(id))
                        .filter(|e| props::validate(e.kind, key, value).is_ok())
                        .collect();
                    if targets.is_empty() {
                        return Err(Error::invalid("Link an element the property applies to"));
                    }
                    for e in targets {
                        let mut e = e.clone();
                        e.props.insert(key.clone(), value.clone());
                        patches.push(Patch::Put {
                            record: Record::Element(e),
                        });
                    }
                }
                patches.push(Patch::Put {
                    record: Record::Answer(answer),
                });
                (patches, vec![])
            }
            op => return Err(misrouted(&op)),
        })
    }
}
