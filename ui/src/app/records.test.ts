import { describe, expect, it } from 'vitest';
import type { Change_Serialize, Note_Serialize, SessionSummary, Session_Serialize, Snapshot_Serialize } from '../bindings';
import { nextStates } from '../shared/lifecycle';
import { fromSnapshot as recordsFromSnapshot, stepChange as stepRecords } from './model';
import { notesOf, openQuestions, runningSession, sortedSessions } from './records';
import { testChange, testSnapshot } from '../shared/testData';

const session = (id: string, over: Partial<Session_Serialize> = {}): Session_Serialize => ({
  id,
  kind: 'follow_up',
  title: id,
  date: '2026-11-26',
  planned_minutes: 60,
  online: false,
  attendees: [],
  recording: '',
  started_at_ms: null,
  ended_at_ms: null,
  ...over,
});

const note = (id: string, over: Partial<Note_Serialize> = {}): Note_Serialize => ({
  id,
  session_id: 's1',
  text: id,
  author_id: null,
  kind: 'observation',
  offset_ms: null,
  element_ids: [],
  answers: null,
  processing: { state: 'unprocessed' },
  created_at_ms: 0,
  ...over,
});

const snap = (over: Partial<Snapshot_Serialize> = {}): Snapshot_Serialize =>
  testSnapshot({
    path: '/tmp/a.threatmodel',
    version: 5,
    diagrams: [],
    people: [{ id: 'p1', name: 'Ana', side: 'team', role: 'Consultant' }],
    sessions: [session('s1'), session('s0', { date: '2026-11-20' })],
    notes: [note('n1', { created_at_ms: 2 }), note('n0', { created_at_ms: 1, kind: 'question' })],
    ...over,
  });

/** The core's session summaries, as the derived read brings them: in its order (by date). */
const summary = (id: string, over: Partial<SessionSummary> = {}): SessionSummary => ({
  session_id: id,
  state: 'planned',
  running: false,
  notes: 0,
  unprocessed: 0,
  open_questions: 0,
  open_question_ids: [],
  stale: false,
  warnings: [],
  ...over,
});
const summaries = [summary('s0'), summary('s1', { open_questions: 1, open_question_ids: ['n0'] })];

const change = (over: Partial<Change_Serialize> = {}): Change_Serialize => testChange({ version: 6, label: 'Add note', ...over });

describe('records', () => {
  it('are built from a snapshot', () => {
    const r = recordsFromSnapshot(snap());
    expect(r.version).toBe(5);
    expect(r.people.get('p1')?.name).toBe('Ana');
    expect(sortedSessions(r, summaries).map((s) => s.id)).toEqual(['s0', 's1']);
    expect(notesOf(r, 's1').map((n) => n.id)).toEqual(['n0', 'n1']);
  });

  it('follow changes in order, skip what they have, reload on a gap', () => {
    const r = recordsFromSnapshot(snap());
    const step = stepRecords(r, change({ notes_put: [note('n2', { created_at_ms: 3, kind: 'answer', answers: 'n0' })], notes_removed: ['n1'] }));
    expect(step.kind).toBe('apply');
    if (step.kind !== 'apply') return;
    expect(step.model.version).toBe(6);
    expect([...step.model.notes.keys()].sort()).toEqual(['n0', 'n2']);
    // Untouched maps keep their identity.
    expect(step.model.people).toBe(r.people);
    expect(stepRecords(step.model, change()).kind).toBe('skip');
    expect(stepRecords(step.model, change({ version: 9 })).kind).toBe('reload');
    expect(stepRecords(step.model, null).kind).toBe('reload');
    expect(stepRecords(null, change()).kind).toBe('reload');
  });

  it('know the running session and the open questions', () => {
    let r = recordsFromSnapshot(snap());
    expect(runningSession(r, summaries)).toBeNull();
    expect(openQuestions(r, summaries).map((n) => n.id)).toEqual(['n0']);
    const step = stepRecords(
      r,
      change({ sessions_put: [session('s1', { started_at_ms: 10 })], notes_put: [note('a', { kind: 'answer', answers: 'n0' })] }),
    );
    if (step.kind !== 'apply') throw new Error('expected apply');
    r = step.model;
    // The core's summaries for that version: s1 runs, n0 is answered.
    const next = [summary('s0'), summary('s1', { state: 'running', running: true })];
    expect(runningSession(r, next)?.id).toBe('s1');
    expect(openQuestions(r, next)).toEqual([]);
  });
});

describe('finding lifecycle moves', () => {
  it('mirror the core', () => {
    expect(nextStates('draft')).toEqual(['reported', 'mitigated', 'false_positive']);
    expect(nextStates('reported')).toEqual(['validated', 'disputed', 'draft']);
    expect(nextStates('false_positive')).toEqual(['disputed']);
    expect(nextStates(undefined)).toEqual(['reported', 'mitigated', 'false_positive']);
  });
});
