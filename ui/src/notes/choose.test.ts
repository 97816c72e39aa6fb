import { describe, expect, it } from 'vitest';
import type { Session } from '../app/records';
import { titleFromNote } from '../engagement/PromoteForm';
import { kindFromKey, sessionChoice } from './choose';

const s = (id: string, started: number | null, ended: number | null): Session => ({
  id,
  kind: 'follow_up',
  title: id,
  date: '2026-11-26',
  planned_minutes: 60,
  online: false,
  attendees: [],
  recording: '',
  started_at_ms: started,
  ended_at_ms: ended,
});

describe('the note-taker', () => {
  it('writes to the picked session, else the running one, else the next planned, else the last held', () => {
    const held = s('a', 1, 2);
    const running = s('b', 3, null);
    const planned = s('c', null, null);
    expect(sessionChoice([held, running, planned], 'c')?.id).toBe('c');
    expect(sessionChoice([held, running, planned], null)?.id).toBe('b');
    expect(sessionChoice([held, running, planned], 'gone')?.id).toBe('b');
    expect(sessionChoice([held, planned], null)?.id).toBe('c');
    expect(sessionChoice([held, s('d', 4, 5)], null)?.id).toBe('d');
    expect(sessionChoice([], null)).toBeNull();
  });

  it('picks the kind of note with Alt and a letter', () => {
    const k = (key: string, over: Partial<Parameters<typeof kindFromKey>[0]> = {}) =>
      kindFromKey({ key, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, ...over });
    expect(k('q')).toBe('question');
    expect(k('A')).toBe('answer');
    expect(k('d')).toBe('decision');
    expect(k('o')).toBe('observation');
    expect(k('œ', { code: 'KeyQ' })).toBe('question');
    expect(k('q', { altKey: false })).toBeNull();
    expect(k('q', { ctrlKey: true })).toBeNull();
    expect(k('x')).toBeNull();
  });

  it('titles a promoted note from its first line', () => {
    expect(titleFromNote('  Passwords hashed with MD5\nsaid the lead dev')).toBe('Passwords hashed with MD5');
    const long = 'word '.repeat(40);
    const t = titleFromNote(long);
    expect(t.length).toBeLessThanOrEqual(121);
    expect(t.endsWith('…')).toBe(true);
  });
});
