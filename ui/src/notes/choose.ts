// Pure choices of the note-taker window (unit-tested).
import type { NoteKind } from '../bindings';
import type { Session } from '../app/records';

/** The session notes go to: the one picked, else the running one, else the
 *  next planned, else the last held. `sessions` are in date order. */
export function sessionChoice(sessions: readonly Session[], picked: string | null): Session | null {
  if (picked) {
    const s = sessions.find((x) => x.id === picked);
    if (s) return s;
  }
  const running = sessions.find((s) => s.started_at_ms !== null && s.ended_at_ms === null);
  if (running) return running;
  const planned = sessions.find((s) => s.started_at_ms === null);
  if (planned) return planned;
  return sessions.length > 0 ? sessions[sessions.length - 1] : null;
}

const KIND_KEYS: Record<string, NoteKind> = { o: 'observation', q: 'question', a: 'answer', d: 'decision' };

/** Alt+O / Alt+Q / Alt+A / Alt+D pick the kind of the note being typed. */
export function kindFromKey(e: { key: string; code?: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): NoteKind | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  // With Alt, some layouts report another character: the physical key still says which.
  const fromCode = e.code && /^Key[A-Z]$/.test(e.code) ? e.code.slice(3).toLowerCase() : '';
  const key = e.key.length === 1 ? e.key.toLowerCase() : '';
  return KIND_KEYS[key] ?? KIND_KEYS[fromCode] ?? null;
}
