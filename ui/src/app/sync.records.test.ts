import { beforeEach, describe, expect, it, vi } from 'vitest';

// The core, as the bindings expose it: each test scripts its answers.
const core = vi.hoisted(() => ({
  current: vi.fn(),
  applyOp: vi.fn(),
  sessionSummaries: vi.fn(),
  select: vi.fn(async () => ({ status: 'ok', data: null })),
  selection: vi.fn(async () => ({ status: 'ok', data: { diagram_id: null, element_ids: [] } })),
  propertyCatalog: vi.fn(async () => []),
  changed: [] as ((e: { payload: unknown }) => void)[],
  selected: [] as ((e: { payload: unknown }) => void)[],
}));

vi.mock('../bindings', () => ({
  commands: {
    current: core.current,
    applyOp: core.applyOp,
    // The fake core derives the session summaries only when a query asks for the engagement's figures.
    derived: async (q: { engagement: boolean }) => {
      const sessions = q.engagement ? ((await core.sessionSummaries()) as { data: unknown }).data : null;
      const { getApp } = await import('./store');
      const m = getApp().model;
      return {
        status: 'ok',
        data: {
          path: m?.path,
          version: m?.version,
          analysis: null,
          overview: { threats: {}, badges: {} },
          coverage: {},
          element_suggestions: null,
          all_suggestions: null,
          sessions,
          scope: q.engagement ? {} : null,
          checklist: q.engagement ? [] : null,
          four_questions: q.engagement ? {} : null,
        },
      };
    },
    select: core.select,
    selection: core.selection,
    propertyCatalog: core.propertyCatalog,
  },
  events: {
    engagementChanged: {
      listen: async (cb: (e: { payload: unknown }) => void) => {
        core.changed.push(cb);
        return () => {};
      },
    },
    selectionChanged: {
      listen: async (cb: (e: { payload: unknown }) => void) => {
        core.selected.push(cb);
        return () => {};
      },
    },
  },
}));

vi.mock('@tauri-apps/api/window', () => ({ getCurrentWindow: () => ({ label: 'notes' }) }));

import { getApp, setApp } from './store';
import { testChange, testSnapshot } from '../shared/testData';
import type { Change_Serialize, Element_Serialize, Snapshot_Serialize } from '../bindings';
import { start, startDerived, startSelectionSync } from './sync';
import { putPerson } from './intents/engagement';
import { want } from './hooks';

const el = (id: string): Element_Serialize => ({ id, diagram_id: 'd1', kind: 'process', name: id, description: '', rect: { x: 0, y: 0, width: 9, height: 9 }, source: null, target: null, props: {} });
const snapshot = (version: number, over: Record<string, unknown> = {}) =>
  testSnapshot({ version, elements: [el('a'), el('b')], ...(over as Partial<Snapshot_Serialize>) });
const change = (version: number, over: Record<string, unknown> = {}) =>
  testChange({ version, label: 'Add person', ...(over as Partial<Change_Serialize>) });
const person = (id: string, name: string) => ({ id, name, side: 'team', role: '' });
const emit = (payload: unknown) => core.changed.forEach((cb) => cb({ payload }));
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  core.current.mockReset();
  core.applyOp.mockReset();
  core.select.mockClear();
});

describe('the records follow the core', () => {
  it('load a snapshot, apply changes in order (result and event once), reload on a gap', async () => {
    core.current.mockResolvedValue({ status: 'ok', data: snapshot(3, { people: [person('p1', 'Ana')] }) });
    await start();
    expect(getApp().model?.people.get('p1')?.name).toBe('Ana');

    core.applyOp.mockResolvedValueOnce({ status: 'ok', data: change(4, { people_put: [person('p2', 'Tom')] }) });
    const c = await putPerson({ id: '', name: 'Tom', side: 'team', role: '' });
    expect(c?.version).toBe(4);
    expect(getApp().model?.version).toBe(4);
    // The same change as an event: already there.
    emit({ version: 4, change: change(4, { people_put: [person('p2', 'Tom')] }) });
    expect(getApp().model?.people.size).toBe(2);

    emit({ version: 5, change: change(5, { people_removed: ['p1'] }) });
    expect([...getApp().model!.people.keys()]).toEqual(['p2']);

    // Version 7 without 6: a fresh snapshot.
    core.current.mockResolvedValue({ status: 'ok', data: snapshot(7, { people: [person('p9', 'Zoe')] }) });
    emit({ version: 7, change: change(7) });
    await tick();
    await tick();
    expect(getApp().model?.version).toBe(7);
    expect([...getApp().model!.people.keys()]).toEqual(['p9']);
  });

  it('fetch a derived figure only while a view wants it', async () => {
    vi.useFakeTimers();
    try {
      core.sessionSummaries.mockResolvedValue({ status: 'ok', data: [] });
      const stop = startDerived({ main: false });
      await vi.advanceTimersByTimeAsync(200);
      expect(core.sessionSummaries).not.toHaveBeenCalled();
      want(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(core.sessionSummaries).toHaveBeenCalledTimes(1);
      expect(getApp().figures.summaries?.data).toEqual([]);
      want(-1);
      setApp((s) => ({ model: s.model && { ...s.model, version: s.model.version + 1 } }));
      await vi.advanceTimersByTimeAsync(200);
      expect(core.sessionSummaries).toHaveBeenCalledTimes(1);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the selection is shared by the windows', () => {
  it('sends what this window selects, takes what another selected, ignores its own echo', async () => {
    const stop = startSelectionSync({ reveal: false });
    await tick();
    setApp({ selection: new Set(['a']) });
    expect(core.select).toHaveBeenCalledWith({ diagram_id: 'd1', element_ids: ['a'] });

    core.select.mockClear();
    core.selected.forEach((cb) => cb({ payload: { window: 'main', selection: { diagram_id: 'd1', element_ids: ['b'] } } }));
    expect([...getApp().selection]).toEqual(['b']);
    expect(core.select).not.toHaveBeenCalled();

    // This window's own echo changes nothing.
    core.selected.forEach((cb) => cb({ payload: { window: 'notes', selection: { diagram_id: 'd1', element_ids: ['a'] } } }));
    expect([...getApp().selection]).toEqual(['b']);
    stop();
  });
});
