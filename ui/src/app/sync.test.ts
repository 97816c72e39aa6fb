import { beforeEach, describe, expect, it, vi } from 'vitest';

// The core, as the bindings expose it: each test scripts its answers.
const core = vi.hoisted(() => ({
  current: vi.fn(),
  applyOp: vi.fn(),
  propertyCatalog: vi.fn(async () => []),
  listener: null as null | ((e: { payload: unknown }) => void),
}));

vi.mock('../bindings', () => ({
  commands: {
    current: core.current,
    applyOp: core.applyOp,
    propertyCatalog: core.propertyCatalog,
  },
  events: {
    engagementChanged: {
      listen: async (cb: (e: { payload: unknown }) => void) => {
        core.listener = cb;
        return () => {};
      },
    },
  },
}));

import { getApp, setApp, useApp } from './store';
import { emptyHistory, testChange, testSnapshot } from '../shared/testData';
import type { Change_Serialize, Element_Serialize } from '../bindings';
import { addElement } from './intents/diagram';
import { apply, start } from './sync';

const snapshot = (version: number, elements: Element_Serialize[] = []) => testSnapshot({ version, elements });
const process_ = (id: string, name = 'Process'): Element_Serialize => ({
  id,
  diagram_id: 'd1',
  kind: 'process',
  name,
  description: '',
  rect: { x: 0, y: 0, width: 100, height: 100 },
  source: null,
  target: null,
  props: {},
});
const change = (version: number, over: Record<string, unknown> = {}) =>
  testChange({ version, label: 'Add process', history: { ...emptyHistory(), diagram: { undo: 'Add process', redo: null } }, ...(over as Partial<Change_Serialize>) });
const ok = (data: unknown) => ({ status: 'ok', data });
const event = (version: number, c: unknown) => core.listener?.({ payload: { version, change: c } });

describe('window sync', () => {
  beforeEach(async () => {
    core.current.mockReset();
    core.applyOp.mockReset();
    core.current.mockResolvedValue(ok(snapshot(3)));
    setApp({ model: null, selection: new Set(), editing: null, toasts: [] });
    await start();
    if (getApp().model === null) {
      // start() runs once per module: later tests reload explicitly
      event(0, null);
      await vi.waitFor(() => expect(getApp().model).not.toBeNull());
    }
  });

  it('loads the snapshot at start', () => {
    expect(getApp().model?.version).toBe(3);
    expect(getApp().diagramId).toBe('d1');
  });

  it('applies a command result once even when its event also arrives', async () => {
    const c = change(4, { elements_put: [process_('n1')], created: ['n1'] });
    core.applyOp.mockResolvedValue(ok(c));
    event(4, c); // the event may come first
    await apply({ type: 'undo', scope: 'diagram' });
    expect(getApp().model?.version).toBe(4);
    expect(getApp().model?.elements.get('n1')?.name).toBe('Process');
    expect(core.current).toHaveBeenCalledTimes(1);
  });

  it('takes in the event of its own write once, with the selection, when the event comes first', async () => {
    let answer: (v: unknown) => void = () => {};
    core.applyOp.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    const c = change(4, { elements_put: [process_('n1')], created: ['n1'] });
    const models: unknown[] = [];
    const stop = useApp.subscribe((s, prev) => {
      if (s.model !== prev.model) models.push(s.model);
    });
    const done = addElement('process', { x: 0, y: 0 });
    event(4, c); // before the answer: held, nothing drawn yet
    expect(getApp().model?.version).toBe(3);
    answer(ok(c));
    await done;
    stop();
    expect(models).toHaveLength(1);
    expect(getApp().model?.version).toBe(4);
    expect([...getApp().selection]).toEqual(['n1']);
  });

  it("takes in another window's change held during a write, in order, and one that follows", async () => {
    let answer: (v: unknown) => void = () => {};
    core.applyOp.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    const done = apply({ type: 'undo', scope: 'diagram' });
    event(4, change(4, { elements_put: [process_('a', 'Elsewhere')] }));
    event(5, change(5, { elements_put: [process_('b', 'Mine')] }));
    event(6, change(6, { elements_put: [process_('c', 'After')] }));
    answer(ok(change(5, { elements_put: [process_('b', 'Mine')] })));
    await done;
    expect(getApp().model?.version).toBe(6);
    expect([...(getApp().model?.elements.keys() ?? [])].sort()).toEqual(['a', 'b', 'c']);
    expect(core.current).toHaveBeenCalledTimes(1);
  });

  it('reloads when a version is missing', async () => {
    core.current.mockResolvedValue(ok(snapshot(9, [process_('n7', 'From another window')])));
    event(6, change(6));
    await vi.waitFor(() => expect(getApp().model?.version).toBe(9));
    expect(getApp().model?.elements.get('n7')?.name).toBe('From another window');
  });

  it('reloads again when a gap is seen while a reload is in flight', async () => {
    let release: (v: unknown) => void = () => {};
    core.current.mockImplementationOnce(() => new Promise((r) => (release = r)));
    core.current.mockResolvedValueOnce(ok(snapshot(12, [process_('n9', 'Latest')])));
    event(8, change(8)); // gap: reload #1 starts (and hangs)
    event(11, change(11)); // another gap while it is in flight
    release(ok(snapshot(8))); // reload #1 answers with what it saw when it started
    await vi.waitFor(() => expect(getApp().model?.version).toBe(12));
    expect(getApp().model?.elements.get('n9')?.name).toBe('Latest');
  });

  it('reloads when another engagement is opened', async () => {
    core.current.mockResolvedValue(ok({ ...snapshot(1), path: '/tmp/other.threatmodel' }));
    event(1, null);
    await vi.waitFor(() => expect(getApp().model?.path).toBe('/tmp/other.threatmodel'));
  });

  it('keeps the copied threats when another engagement is opened (they paste there)', async () => {
    const copied = { from: 'E', file: '/tmp/e.threatmodel', threats: [{ element_ids: [], category: 'T' as const, title: 'Tampered' }] };
    setApp({ copied, selection: new Set(['x']) });
    core.current.mockResolvedValue(ok({ ...snapshot(1), path: '/tmp/next.threatmodel' }));
    event(1, null);
    await vi.waitFor(() => expect(getApp().model?.path).toBe('/tmp/next.threatmodel'));
    expect(getApp().selection.size).toBe(0);
    expect(getApp().copied).toBe(copied);
  });

  it('opens the name editor on what this window created', async () => {
    core.applyOp.mockResolvedValue(ok(change(4, { elements_put: [process_('n1')], created: ['n1'] })));
    await addElement('process', { x: 500, y: 300 });
    expect(getApp().editing).toEqual({ target: 'element', id: 'n1' });
    expect([...getApp().selection]).toEqual(['n1']);
    const op = core.applyOp.mock.calls[0][0];
    expect(op).toMatchObject({ type: 'add_element', kind: 'process', diagram_id: 'd1', name: 'Process' });
    // centred on the point asked for
    expect(op.rect.x + op.rect.width / 2).toBe(500);
  });

  it('turns a refusal into a toast and leaves the model alone', async () => {
    core.applyOp.mockResolvedValue({ status: 'error', error: { type: 'invalid', detail: 'A name is one line of text' } });
    const before = getApp().model;
    expect(await apply({ type: 'rename', id: 'x', name: 'a\nb' })).toBeNull();
    expect(getApp().model).toBe(before);
    expect(getApp().toasts.map((t) => t.text)).toContain('A name is one line of text');
  });

  it('survives a rejected IPC call', async () => {
    core.applyOp.mockRejectedValue('command apply_op not allowed by ACL');
    expect(await apply({ type: 'undo', scope: 'diagram' })).toBeNull();
    expect(getApp().toasts.map((t) => t.text)).toContain('command apply_op not allowed by ACL');
  });

  it('loads the model and the records from one snapshot (no second request)', async () => {
    const calls = core.current.mock.calls.length;
    core.current.mockResolvedValue(ok(testSnapshot({ version: 20, people: [{ id: 'p1', name: 'Ana', side: 'team', role: '' }] })));
    event(0, null); // another engagement: one reload
    await vi.waitFor(() => expect(getApp().model?.version).toBe(20));
    expect(getApp().model?.people.get('p1')?.name).toBe('Ana');
    expect(core.current).toHaveBeenCalledTimes(calls + 1);
  });
});
