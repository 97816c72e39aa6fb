import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The core, as the bindings expose it: each read answers for the version asked about.
const core = vi.hoisted(() => ({
  reads: [] as { query: unknown }[],
  /** The views sent with writes. */
  views: [] as unknown[],
  /** The next write's answer brings no derived views (the core could not derive them). */
  noDerived: false,
  /** What `apply_op` answers next. */
  change: null as unknown,
  /** While set, every read waits for it. */
  gate: null as null | Promise<void>,
}));

vi.mock('../bindings', () => {
  const ok = async (data: unknown) => {
    await core.gate;
    return { status: 'ok', data };
  };
  const answer = (path: string | undefined, version: number | undefined, q: { element_id: string | null; all_suggestions: boolean }) => ({
    path,
    version,
    analysis: null,
    overview: { threats: {}, badges: {} },
    coverage: {},
    element_suggestions: q.element_id ? [] : null,
    all_suggestions: q.all_suggestions ? [] : null,
    sessions: null,
    scope: null,
    checklist: null,
    four_questions: null,
  });
  return {
    commands: {
      // Like the core: the writing window's derived views come with the change,
      // for the element it creates when it selects it.
      applyOp: async (_op: unknown, view: { query: { element_id: string | null; all_suggestions: boolean }; select_created: boolean } | null) => {
        core.views.push(view);
        const c = core.change as { version: number; created: string[] };
        const { getApp } = await import('./store');
        const query = view && (view.select_created ? { ...view.query, element_id: c.created[0] ?? null } : view.query);
        const after = query && !core.noDerived ? { query, derived: answer(getApp().model?.path, c.version, query) } : null;
        return { status: 'ok', data: { ...c, view: after } };
      },
      // The fake core answers for the version open when the read is made.
      derived: async (q: { element_id: string | null; all_suggestions: boolean; engagement: boolean }) => {
        core.reads.push({ query: q });
        const { getApp } = await import('./store');
        const m = getApp().model;
        return ok(answer(m?.path, m?.version, q));
      },
    },
    events: {},
  };
});

import { queryOf, sameQuery } from './derived';
import { fromSnapshot } from './model';
import { acceptDerived, apply, ipcCounts, startDerived } from './sync';
import { getApp, setApp, type AppState } from './store';
import { testChange, testSnapshot } from '../shared/testData';
import type { Element_Serialize } from '../bindings';

const el = (id: string, kind: Element_Serialize['kind'] = 'process'): Element_Serialize => ({
  id,
  diagram_id: 'd1',
  kind,
  name: id,
  description: '',
  rect: { x: 0, y: 0, width: 9, height: 9 },
  source: null,
  target: null,
  props: {},
});
const model = (version: number, path = '/tmp/e.threatmodel') =>
  fromSnapshot(testSnapshot({ path, version, elements: [el('a'), el('b'), el('t', 'trust_boundary')] }));
const state = (over: Partial<AppState>): AppState => ({ ...getApp(), model: model(1), diagramId: 'd1', ...over });

describe('the derived query', () => {
  it('says what the window shows', () => {
    expect(queryOf(state({ selection: new Set(['a']) }), true)).toEqual({ diagram_id: 'd1', element_id: 'a', all_suggestions: false, engagement: false, coverage_rows: false });
    // A boundary too (its inspector lists the flows crossing it); several selected are no one
    // element; a closed inspector shows none.
    expect(queryOf(state({ selection: new Set(['t']) }), true)?.element_id).toBe('t');
    expect(queryOf(state({ selection: new Set(['a', 'b']) }), true)?.element_id).toBeNull();
    expect(queryOf(state({ selection: new Set(['a']), inspectorOpen: false }), true)?.element_id).toBeNull();
    expect(queryOf(state({ bottomOpen: true, bottomTab: 'suggestions' }), true)?.all_suggestions).toBe(true);
    expect(queryOf(state({ bottomOpen: true, bottomTab: 'coverage' }), true)?.all_suggestions).toBe(false);
    expect(queryOf(state({ bottomOpen: true, bottomTab: 'coverage' }), true)?.coverage_rows).toBe(true);
    expect(queryOf(state({ bottomOpen: true, bottomTab: 'suggestions' }), true)?.coverage_rows).toBe(false);
    expect(queryOf(state({ wanted: 2 }), true)?.engagement).toBe(true);
  });

  it('asks nothing of a note-taker that shows no figures, nor before a model', () => {
    expect(queryOf(state({ selection: new Set(['a']) }), false)).toBeNull();
    expect(queryOf(state({ wanted: 1, selection: new Set(['a']) }), false)).toEqual({ diagram_id: null, element_id: null, all_suggestions: false, engagement: true, coverage_rows: false });
    expect(queryOf(state({ model: null }), true)).toBeNull();
  });

  it('compares by value', () => {
    const q = { diagram_id: 'd1', element_id: null, all_suggestions: false, engagement: true, coverage_rows: false };
    expect(sameQuery(q, { ...q })).toBe(true);
    expect(sameQuery(q, { ...q, element_id: 'a' })).toBe(false);
  });
});

describe('derived answers', () => {
  it('are dropped for another file or an older version than the one shown', () => {
    const m = model(5);
    expect(acceptDerived({ path: m.path, version: 5 }, m, null)).toBe(true);
    expect(acceptDerived({ path: '/tmp/other.threatmodel', version: 5 }, m, null)).toBe(false);
    expect(acceptDerived({ path: m.path, version: 4 }, m, null)).toBe(false); // the model moved on: a newer read follows
    // The core may already be a version ahead of this window's model.
    expect(acceptDerived({ path: m.path, version: 6 }, m, { path: m.path, version: 5 })).toBe(true);
    expect(acceptDerived({ path: m.path, version: 5 }, m, { path: m.path, version: 6 })).toBe(false);
    expect(acceptDerived({ path: m.path, version: 5 }, m, { path: m.path, version: 5 })).toBe(true);
    // What was shown for another file does not hold back this one's.
    expect(acceptDerived({ path: m.path, version: 5 }, m, { path: '/tmp/other.threatmodel', version: 9 })).toBe(true);
    expect(acceptDerived({ path: m.path, version: 5 }, null, null)).toBe(false);
  });
});

describe('one read per change and per query', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    core.reads.length = 0;
    for (const k of Object.keys(ipcCounts)) delete ipcCounts[k];
    setApp({ model: model(1), diagramId: 'd1', selection: new Set(), inspectorOpen: true, bottomOpen: false, wanted: 0, overview: null, drawn: true });
  });
  afterEach(() => vi.useRealTimers());

  const readsOf = () => Object.values(ipcCounts).reduce((a, b) => a + b, 0);

  it('reads once for a burst of changes, once more for changes during a read, and once for a new query', async () => {
    const stop = startDerived({ main: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(ipcCounts).toEqual({ derived: 1 });
    const calls = readsOf();

    // Two changes in one task: one read (of every view the query names), at once.
    setApp({ model: model(2) });
    setApp({ model: model(3) });
    await vi.advanceTimersByTimeAsync(0);
    const perRead = readsOf() - calls;
    expect(perRead).toBe(1);
    expect(getApp().overview?.version).toBe(3);

    // Changes while a read is in flight wait for it, then cost one read of the latest.
    let release = () => {};
    core.gate = new Promise<void>((r) => (release = r));
    setApp({ model: model(4) });
    await vi.advanceTimersByTimeAsync(0); // the read for version 4 is in flight
    core.gate = null;
    setApp({ model: model(5) });
    await vi.advanceTimersByTimeAsync(0);
    setApp({ model: model(6) });
    await vi.advanceTimersByTimeAsync(0);
    expect(readsOf() - calls).toBe(2 * perRead);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(readsOf() - calls).toBe(3 * perRead);
    expect(getApp().overview?.version).toBe(6);

    // Nothing changed: nothing read.
    setApp({ zoom: 2 });
    await vi.advanceTimersByTimeAsync(150);
    expect(readsOf() - calls).toBe(3 * perRead);

    // A new query (one element selected): one more read, with its suggestions.
    setApp({ selection: new Set(['a']) });
    await vi.advanceTimersByTimeAsync(0);
    expect(ipcCounts).toEqual({ derived: 5 });
    expect(core.reads.at(-1)?.query).toMatchObject({ element_id: 'a' });
    expect(getApp().suggestions?.elementId).toBe('a');
    stop();
  });

  it('reads nothing after a write that selects what it created: its answer brings the views, for that element', async () => {
    const stop = startDerived({ main: true });
    await vi.advanceTimersByTimeAsync(0);
    core.reads.length = 0;
    core.views.length = 0;
    core.change = testChange({ version: 2, created: ['n'], elements_put: [el('n')] });
    const shown = queryOf(getApp(), true);
    const done = apply({ type: 'rename', id: 'a', name: 'x' }, { selectCreated: true });
    // The change's event may come first: it waits for the write's answer.
    await Promise.resolve();
    await done;
    // The write said what the window shows; model, selection and views came in one update.
    expect(core.views).toEqual([{ query: shown, select_created: true }]);
    expect(getApp().model?.version).toBe(2);
    expect(getApp().selection).toEqual(new Set(['n']));
    expect(getApp().editing).toEqual({ target: 'element', id: 'n' });
    expect(getApp().overview?.version).toBe(2);
    expect(getApp().suggestions).toMatchObject({ version: 2, elementId: 'n' });
    await vi.advanceTimersByTimeAsync(10);
    expect(core.reads).toHaveLength(0);
    stop();
  });

  it('reads at once after a write whose answer brought no views', async () => {
    const stop = startDerived({ main: true });
    await vi.advanceTimersByTimeAsync(0);
    core.reads.length = 0;
    core.noDerived = true;
    core.change = testChange({ version: 2, created: ['n'], elements_put: [el('n')] });
    await apply({ type: 'rename', id: 'a', name: 'x' }, { selectCreated: true });
    // Sent with the answer to the write, not a task later.
    expect(core.reads).toHaveLength(1);
    expect(core.reads[0].query).toMatchObject({ element_id: 'n' });
    await vi.advanceTimersByTimeAsync(10);
    expect(core.reads).toHaveLength(1);
    expect(getApp().overview?.version).toBe(2);
    core.noDerived = false;
    stop();
  });

  it('drops an answer for another file: the read for the file now on screen follows', async () => {
    const stop = startDerived({ main: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(getApp().overview?.version).toBe(1);
    let release = () => {};
    core.gate = new Promise<void>((r) => (release = r));
    setApp({ model: model(2) });
    await vi.advanceTimersByTimeAsync(0); // the read for version 2 is in flight
    setApp({ model: model(1, '/tmp/other.threatmodel') });
    core.gate = null;
    release(); // the old file's answer: dropped
    await vi.advanceTimersByTimeAsync(0);
    expect(getApp().overview).not.toMatchObject({ version: 2 });
    await vi.advanceTimersByTimeAsync(10);
    expect(getApp().overview).toMatchObject({ path: '/tmp/other.threatmodel', version: 1 });
    stop();
  });
});
