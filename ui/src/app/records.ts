// Views over the window's records (people, sessions, notes…) in the Model: orders
// and filters for display. No figures and no rules: those come from the core
// (`derived`), e.g. the session summaries below.
import type { Person, SessionSummary } from '../bindings';
import type { Model, Note, Session } from './model';

export type { Note, Session } from './model';

/** The core's session summaries (the `derived` answer's `sessions`): they give
 *  the sessions' order, which one runs, and each one's open questions. */
export type Summaries = readonly SessionSummary[] | null | undefined;

/** The sessions in the core's order (by date, then id). */
export function sortedSessions(r: Model | null, summaries: Summaries): Session[] {
  if (!r || !summaries) return [];
  return summaries.map((x) => r.sessions.get(x.session_id)).filter((x): x is Session => x !== undefined);
}

/** The session whose clock runs (the core allows one at a time). */
export function runningSession(r: Model | null, summaries: Summaries): Session | null {
  const id = summaries?.find((x) => x.running)?.session_id;
  return (id && r?.sessions.get(id)) || null;
}

/** A session's notes in the order they were taken. */
export function notesOf(r: Model | null, sessionId: string): Note[] {
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

/** The open questions (the core's `is_open_question`, per session), oldest first. */
export function openQuestions(r: Model | null, summaries: Summaries): Note[] {
  if (!r || !summaries) return [];
  const out: Note[] = [];
  for (const x of summaries) for (const id of x.open_question_ids) {
    const n = r.notes.get(id);
    if (n) out.push(n);
  }
  return out.sort(byTaken);
}

export function teamOf(r: Model | null): Person[] {
  return r ? [...r.people.values()].filter((p) => p.side === 'team').sort(byName) : [];
}

export function customerOf(r: Model | null): Person[] {
  return r ? [...r.people.values()].filter((p) => p.side === 'customer').sort(byName) : [];
}

function byName(a: Person, b: Person): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}
