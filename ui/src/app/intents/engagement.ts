// Intents on the engagement's records: people, scoped components, sessions,
// notes, the checklist and the findings' delivery. Each write is one op through
// `apply`; resolves to the Change, or null when the core refused (a toast says why).
import type { ChecklistAnswer_Serialize, Component, EngagementInfo, FindingState, NoteKind, Person, Session_Serialize, Threat_Deserialize } from '../../bindings';
import { apply } from '../sync';

/** The engagement's description (name, customer, kind, risk matrix…). */
export async function setInfo(info: EngagementInfo): Promise<boolean> {
  return (await apply({ type: 'set_info', info })) !== null;
}

// ---- people and scope ----

export const putPerson = (person: Person) => apply({ type: 'put_person', person });
export const deletePerson = (id: string) => apply({ type: 'delete_person', id });
export const putComponent = (component: Component) => apply({ type: 'put_component', component });
export const deleteComponent = (id: string) => apply({ type: 'delete_component', id });

// ---- sessions ----

export const putSession = (session: Session_Serialize) => apply({ type: 'put_session', session });
export const deleteSession = (id: string) => apply({ type: 'delete_session', id });
/** The clock starts (or stops) now, by the core's clock. */
export const startSession = (id: string) => apply({ type: 'start_session', id, at_ms: null });
export const endSession = (id: string) => apply({ type: 'end_session', id, at_ms: null });

// ---- notes ----

export interface NewNote {
  sessionId: string;
  text: string;
  authorId: string | null;
  kind: NoteKind;
  elementIds: string[];
  /** The question an answer note answers. */
  answers: string | null;
}

/** A note taken now (the core stamps it against the running recording). */
export const addNote = (n: NewNote) =>
  apply({
    type: 'add_note',
    note: {
      id: '',
      session_id: n.sessionId,
      text: n.text,
      author_id: n.authorId,
      kind: n.kind,
      offset_ms: null,
      element_ids: n.elementIds,
      answers: n.answers,
      processing: { state: 'unprocessed' },
      created_at_ms: 0,
    },
    at_ms: null,
  });

export const setNoteReference = (noteId: string, reference: boolean) => apply({ type: 'set_note_reference', note_id: noteId, reference });
export const promoteNote = (noteId: string, threat: Threat_Deserialize) => apply({ type: 'promote_note', note_id: noteId, threat });

// ---- checklist ----

export const answerChecklist = (answer: ChecklistAnswer_Serialize, setProperty = false) => apply({ type: 'answer_checklist', answer, set_property: setProperty });
export const putQuestion = (topic: string, text: string) => apply({ type: 'put_question', question: { id: '', topic, text } });
export const deleteQuestion = (id: string) => apply({ type: 'delete_question', id });

// ---- findings ----

/** Moves one or several findings in one undoable step, with one who and why. */
export const moveFindings = (threatIds: readonly string[], to: FindingState, by: string, comment: string) =>
  apply({ type: 'move_finding', threat_ids: [...threatIds], to, by, comment, at_ms: null });
export const commentOnFinding = (threatId: string, by: string, text: string, fromCustomer: boolean) =>
  apply({ type: 'comment_on_finding', threat_id: threatId, by, text, from_customer: fromCustomer, at_ms: null });
