import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Element_Serialize, ElementKind, Op_Deserialize } from '../bindings';
import { testSnapshot } from '../shared/testData';

// The core's door, scripted: every op is recorded; an add makes 'new1'.
const sent = vi.hoisted(() => [] as Op_Deserialize[]);
vi.mock('./sync', () => ({
  // Like the real one, what the op creates is selected and named with the change.
  apply: vi.fn(async (op: Op_Deserialize, options?: { selectCreated?: boolean }) => {
    sent.push(op);
    const change = { created: ['new1'] };
    if (options?.selectCreated) setApp({ selection: new Set(['new1']), editing: { target: 'element', id: 'new1' } });
    return change;
  }),
}));

const { getApp, setApp } = await import('./store');
const { fromSnapshot } = await import('./model');
const { addBoundary } = await import('./intents/diagram');

const el = (id: string, kind: ElementKind, over: Partial<Element_Serialize> = {}): Element_Serialize => ({
  id,
  diagram_id: 'd1',
  kind,
  name: id,
  description: '',
  rect: { x: 0, y: 0, width: 100, height: 60 },
  source: null,
  target: null,
  props: {},
  ...over,
});

beforeEach(() => {
  sent.length = 0;
  setApp({
    model: fromSnapshot(
      testSnapshot({
        diagrams: [
          { id: 'd1', name: 'Level 0', position: 0 },
          { id: 'd2', name: 'Level 1', position: 1 },
        ],
        elements: [
          el('a', 'process'),
          el('b', 'data_store'),
          el('f', 'data_flow', { source: 'a', target: 'b' }),
          el('elsewhere', 'process', { diagram_id: 'd2' }),
        ],
      }),
    ),
    diagramId: 'd1',
    selection: new Set<string>(),
    editing: null,
  });
});

describe('B: a boundary, or one around the selection', () => {
  it('wraps the selected elements (not flows, not other diagrams) in one op, then names it in place', async () => {
    setApp({ selection: new Set(['a', 'f', 'b', 'elsewhere']) });
    await addBoundary({ x: 500, y: 500 });
    expect(sent).toEqual([{ type: 'wrap_in_boundary', id: null, diagram_id: 'd1', element_ids: ['a', 'b'], name: 'Trust boundary' }]);
    expect([...getApp().selection]).toEqual(['new1']);
    expect(getApp().editing).toEqual({ target: 'element', id: 'new1' });
  });

  it('with nothing selected (or only a flow) adds a default boundary where asked', async () => {
    for (const selection of [[], ['f']]) {
      sent.length = 0;
      setApp({ selection: new Set(selection) });
      await addBoundary({ x: 500, y: 500 });
      expect(sent).toHaveLength(1);
      const op = sent[0];
      expect(op.type).toBe('add_element');
      if (op.type === 'add_element') {
        expect(op.kind).toBe('trust_boundary');
        expect((op.rect.x ?? 0) + (op.rect.width ?? 0) / 2).toBe(500);
      }
    }
  });
});
