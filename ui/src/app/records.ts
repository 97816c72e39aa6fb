// Views over the window's records (people, sessions, notes…) in the Model: orders
// and filters for display. No figures: those come from the core (`derived`).
import type { Person } from '../bindings';
import type { Model, Note, Session } from './model';

export type { Note, Session } from './model';

// ---- views over the records (no figures: those come from the core) ----

/** Sessions in the order the core's summaries use: by date, then id. */
export function sortedSessions(r: Model | null): Session[] {
  if (!r) return [];
  return [...r.sessions.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The session whose clock runs (the core allows one at a time). */
export function runningSession(r: Model | null): Session | null {
  if (!r) return null;
  for (const s of r.sessions.values()) if (s.started_at_ms !== null && s.ended_at_ms === null) return s;
  return null;
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

/** Question notes no answer note points at yet (the core's `is_open_question`), oldest first. */
export function openQuestions(r: Model | null): Note[] {
  if (!r) return [];
  const answered = new Set<string>();
  for (const n of r.notes.values()) if (n.answers) answered.add(n.answers);
  return [...r.notes.values()].filter((n) => n.kind === 'question' && !answered.has(n.id)).sort(byTaken);
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
