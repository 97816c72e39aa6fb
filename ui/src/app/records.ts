// The engagement's records beside the diagrams: people, scoped components,
// sessions, notes, the team's checklist questions and the answers. Like the
// window's Model (state/model.ts) they are built from a Snapshot and advanced
// only by the core's Change values, never edited here; a gap in versions asks
// for a fresh snapshot.
import type {
  Change,
  ChecklistAnswer,
  Component,
  CustomQuestion,
  Note_Deserialize,
  Note_Serialize,
  Person,
  Session_Deserialize,
  Session_Serialize,
  Snapshot,
} from '../bindings';

export type Session = Session_Serialize;
export type Note = Note_Serialize;

export interface Records {
  path: string;
  version: number;
  people: Map<string, Person>;
  components: Map<string, Component>;
  sessions: Map<string, Session>;
  notes: Map<string, Note>;
  questions: Map<string, CustomQuestion>;
  answers: Map<string, ChecklistAnswer>;
}

export function normalizeSession(s: Session_Serialize | Session_Deserialize): Session {
  return {
    ...s,
    id: String(s.id),
    title: typeof s.title === 'string' ? s.title : '',
    date: typeof s.date === 'string' ? s.date : '',
    planned_minutes: typeof s.planned_minutes === 'number' ? s.planned_minutes : 0,
    online: s.online === true,
    attendees: Array.isArray(s.attendees) ? s.attendees : [],
    recording: typeof s.recording === 'string' ? s.recording : '',
    started_at_ms: s.started_at_ms ?? null,
    ended_at_ms: s.ended_at_ms ?? null,
  };
}

export function normalizeNote(n: Note_Serialize | Note_Deserialize): Note {
  return {
    ...n,
    id: String(n.id),
    text: typeof n.text === 'string' ? n.text : '',
    author_id: n.author_id ?? null,
    offset_ms: n.offset_ms ?? null,
    element_ids: Array.isArray(n.element_ids) ? n.element_ids.map(String) : [],
    answers: n.answers ?? null,
    processing: n.processing ?? { state: 'unprocessed' },
    created_at_ms: n.created_at_ms ?? null,
  };
}

const same = <T>(t: T) => t;

function mapOf<T extends { id: string }, U>(list: readonly T[] | undefined, norm: (t: T) => U): Map<string, U> {
  const m = new Map<string, U>();
  for (const t of list ?? []) m.set(t.id, norm(t));
  return m;
}

export function recordsFromSnapshot(s: Snapshot): Records {
  return {
    path: s.path,
    version: s.version,
    people: mapOf(s.people, same),
    components: mapOf(s.components, same),
    sessions: mapOf(s.sessions, normalizeSession),
    notes: mapOf(s.notes, normalizeNote),
    questions: mapOf(s.questions, same),
    answers: mapOf(s.answers, same),
  };
}

/** A copy of `map` with `put` set and `removed` deleted; `map` itself when nothing changed. */
function patch<T extends { id: string }, U>(
  map: Map<string, U>,
  put: readonly T[] | undefined,
  removed: readonly string[] | undefined,
  norm: (t: T) => U,
): Map<string, U> {
  if (!put?.length && !removed?.length) return map;
  const next = new Map(map);
  for (const id of removed ?? []) next.delete(id);
  for (const t of put ?? []) next.set(t.id, norm(t));
  return next;
}

/** Applies one change (the caller has checked that its version follows). */
export function applyRecordsChange(r: Records, c: Change): Records {
  return {
    ...r,
    version: c.version,
    people: patch(r.people, c.people_put, c.people_removed, same),
    components: patch(r.components, c.components_put, c.components_removed, same),
    sessions: patch(r.sessions, c.sessions_put, c.sessions_removed, normalizeSession),
    notes: patch(r.notes, c.notes_put, c.notes_removed, normalizeNote),
    questions: patch(r.questions, c.questions_put, c.questions_removed, same),
    answers: patch(r.answers, c.answers_put, c.answers_removed, same),
  };
}

export type RecordsStep = { kind: 'apply'; records: Records } | { kind: 'skip' } | { kind: 'reload' };

/** What to do with a change that arrived (as a command result or an event);
 *  `null` is "another engagement was opened". */
export function stepRecords(r: Records | null, c: Change | null | undefined): RecordsStep {
  if (r === null || !c) return { kind: 'reload' };
  if (c.version <= r.version) return { kind: 'skip' };
  if (c.version !== r.version + 1) return { kind: 'reload' };
  return { kind: 'apply', records: applyRecordsChange(r, c) };
}

// ---- views over the records (no figures: those come from the core) ----

/** Sessions in the order the core's summaries use: by date, then id. */
export function sortedSessions(r: Records | null): Session[] {
  if (!r) return [];
  return [...r.sessions.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The session whose clock runs (the core allows one at a time). */
export function runningSession(r: Records | null): Session | null {
  if (!r) return null;
  for (const s of r.sessions.values()) if (s.started_at_ms !== null && s.ended_at_ms === null) return s;
  return null;
}

/** A session's notes in the order they were taken. */
export function notesOf(r: Records | null, sessionId: string): Note[] {
  if (!r) return [];
  const out: Note[] = [];
  for (const n of r.notes.values()) if (n.session_id === sessionId) out.push(n);
  return out.sort(byTaken);
}

export function byTaken(a: Note, b: Note): number {
  const ta = a.created_at_ms ?? 0;
  const tb = b.created_at_ms ?? 0;
  return ta - tb || (a.offset_ms ?? 0) - (b.offset_ms ?? 0) || a.id.localeCompare(b.id);
}

/** Question notes no answer note points at yet (the core's `is_open_question`), oldest first. */
export function openQuestions(r: Records | null): Note[] {
  if (!r) return [];
  const answered = new Set<string>();
  for (const n of r.notes.values()) if (n.answers) answered.add(n.answers);
  return [...r.notes.values()].filter((n) => n.kind === 'question' && !answered.has(n.id)).sort(byTaken);
}

/** The answer notes to a question. */
export function answersTo(r: Records | null, questionId: string): Note[] {
  if (!r) return [];
  return [...r.notes.values()].filter((n) => n.answers === questionId).sort(byTaken);
}

export function teamOf(r: Records | null): Person[] {
  return r ? [...r.people.values()].filter((p) => p.side === 'team').sort(byName) : [];
}

export function customerOf(r: Records | null): Person[] {
  return r ? [...r.people.values()].filter((p) => p.side === 'customer').sort(byName) : [];
}

function byName(a: Person, b: Person): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}
