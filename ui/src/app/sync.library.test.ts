import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The core's library commands, counted; the event a test fires by hand.
const core = vi.hoisted(() => ({
  calls: { status: 0, updates: 0, search: [] as { query: string; ids: string[] }[] },
  entries: 0,
  fire: null as null | (() => void),
}));

vi.mock('../bindings', () => {
  const ok = async (data: unknown) => ({ status: 'ok', data });
  return {
    commands: {
      libraryStatus: async () => {
        core.calls.status++;
        return ok({ folders: ['/lib'], entries: core.entries, problems: [] });
      },
      libraryUpdates: async () => {
        core.calls.updates++;
        return ok([]);
      },
      librarySearch: async (query: string, ids: string[]) => {
        core.calls.search.push({ query, ids });
        return ok([]);
      },
    },
    events: {
      libraryChanged: {
        listen: async (cb: () => void) => {
          core.fire = cb;
          return () => {
            core.fire = null;
          };
        },
      },
    },
  };
});

import { fromSnapshot, applyChange, type Model } from './model';
import { startLibrarySync } from './sync';
import { getApp, setApp } from './store';
import { testChange, testSnapshot, testThreat } from '../shared/testData';
import type { Element_Serialize, Threat_Serialize } from '../bindings';

const el = (id: string): Element_Serialize => ({
  id,
  diagram_id: 'd1',
  kind: 'process',
  name: id,
  description: '',
  rect: { x: 0, y: 0, width: 9, height: 9 },
  source: null,
  target: null,
  props: {},
});
const threat = (id: string, elementId: string, origin: Threat_Serialize['origin']): Threat_Serialize =>
  testThreat(id, [elementId], { category: 'S', origin });

const settle = () => new Promise((r) => setTimeout(r, 0));
let stop: (() => void) | null = null;
let version = 1;
const change = (over: Parameters<typeof testChange>[0]) => {
  const m = getApp().model as Model;
  version = m.version + 1;
  setApp({ model: applyChange(m, testChange({ version, ...over })) });
};

beforeEach(() => {
  core.calls = { status: 0, updates: 0, search: [] };
  core.entries = 0;
  setApp({
    model: fromSnapshot(testSnapshot({ elements: [el('a'), el('b')] })),
    selection: new Set<string>(),
    inspectorOpen: true,
    view: 'diagram',
    library: { status: null, generation: 0, updates: null, suggestions: null },
  });
});

afterEach(() => {
  stop?.();
  stop = null;
});

describe('the library sync', () => {
  it('reads nothing about an engagement with no library threat, nor for an empty library', async () => {
    stop = startLibrarySync();
    await settle();
    expect(core.calls.status).toBe(1);
    expect(core.calls.updates).toBe(0);
    expect(getApp().library.updates?.list).toEqual([]);
    // An element selected, an edit: the library is empty, nothing to search.
    setApp({ selection: new Set(['a']) });
    change({ elements_put: [el('c')] });
    await settle();
    expect(core.calls.search).toEqual([]);
    expect(core.calls.updates).toBe(0);
  });

  it("searches the selected element's entries once, and again only when its library threats change", async () => {
    core.entries = 3;
    stop = startLibrarySync();
    await settle();
    setApp({ selection: new Set(['a']) });
    await settle();
    expect(core.calls.search).toEqual([{ query: '', ids: ['a'] }]);
    // Edits that leave the library's threats alone cost no read.
    change({ elements_put: [el('c')] });
    change({ threats_put: [threat('t1', 'b', { type: 'manual' })] });
    setApp({ zoom: 2 });
    await settle();
    expect(core.calls.search).toHaveLength(1);
    expect(core.calls.updates).toBe(0);
    // An entry applied here: its suggestions and the updates are read again.
    change({ threats_put: [threat('t2', 'a', { type: 'library', entry_id: 'jwt', version: 1 })] });
    await settle();
    expect(core.calls.search).toHaveLength(2);
    expect(core.calls.updates).toBe(1);
    // Another element, a closed inspector: one more read, then none.
    setApp({ selection: new Set(['b']) });
    await settle();
    expect(core.calls.search.map((c) => c.ids)).toEqual([['a'], ['a'], ['b']]);
    setApp({ inspectorOpen: false });
    await settle();
    expect(core.calls.search).toHaveLength(3);
    expect(getApp().library.suggestions).toBeNull();
  });

  it('reads the status, the updates and the suggestions again when the library changed', async () => {
    core.entries = 1;
    setApp({ model: fromSnapshot(testSnapshot({ elements: [el('a')], threats: [threat('t1', 'a', { type: 'library', entry_id: 'jwt', version: 1 })] })) });
    stop = startLibrarySync();
    await settle();
    setApp({ selection: new Set(['a']) });
    await settle();
    expect([core.calls.status, core.calls.updates, core.calls.search.length]).toEqual([1, 1, 1]);
    core.entries = 2;
    core.fire?.();
    await settle();
    expect([core.calls.status, core.calls.updates, core.calls.search.length]).toEqual([2, 2, 2]);
    expect(getApp().library.status?.entries).toBe(2);
    expect(getApp().library.generation).toBe(1);
  });
});
