import { describe, expect, it } from 'vitest';
import type { Element } from '../app/model';
import { Deriver, warnedIds, type ViewState } from './derive';

const el = (id: string, over: Partial<Element> = {}): Element => ({
  id,
  diagram_id: 'd1',
  kind: 'process',
  name: id,
  description: '',
  rect: { x: 10, y: 20, width: 100, height: 80 },
  source: null,
  target: null,
  props: {},
  ...over,
});

const view = (over: Partial<ViewState> = {}): ViewState => ({
  selection: new Set(),
  editingId: null,
  warned: new Set(),
  overlay: new Map(),
  ...over,
});

describe('Deriver', () => {
  const small = el('inner', { kind: 'trust_boundary', rect: { x: 0, y: 0, width: 50, height: 50 } });
  const big = el('outer', { kind: 'trust_boundary', rect: { x: 0, y: 0, width: 500, height: 500 } });
  const p = el('p');
  const s = el('s', { kind: 'data_store' });
  const f = el('f', { kind: 'data_flow', source: 'p', target: 's' });
  const list = [p, small, s, f, big];

  it('hands back the same arrays when no node or flow changed, new ones when one did', () => {
    const d = new Deriver();
    const elements = new Map(list.map((e) => [e.id, e]));
    const nodes = d.nodes(list, view());
    const edges = d.edges(list, view(), elements);
    // A new derived answer: new warned set and badges, nothing on screen changes.
    expect(d.nodes(list, view({ warned: new Set(['zzz']), badges: {} }))).toBe(nodes);
    expect(d.edges(list, view({ warned: new Set(['zzz']), badges: {} }), elements)).toBe(edges);
    const selected = d.nodes(list, view({ selection: new Set(['p']) }));
    expect(selected).not.toBe(nodes);
    expect(selected.find((n) => n.id === 's')).toBe(nodes.find((n) => n.id === 's'));
    expect(d.edges(list, view({ selection: new Set(['f']) }), elements)).not.toBe(edges);
  });

  it('makes nodes for all but flows: boundaries first, larger behind smaller', () => {
    const nodes = new Deriver().nodes(list, view());
    expect(nodes.map((n) => n.id)).toEqual(['outer', 'inner', 'p', 's']);
    expect(nodes[0].type).toBe('boundary');
    expect(nodes[0].zIndex).toBeLessThan(0);
    expect(nodes[2]).toMatchObject({ type: 'element', position: { x: 10, y: 20 }, width: 100, height: 80 });
    // handles are declared, so flows draw without waiting for DOM measurement
    expect(nodes[2].handles?.some((h) => h.type === 'target')).toBe(true);
    expect(nodes[2].handles?.filter((h) => h.type === "source")).toHaveLength(5);
  });

  it('makes no node for a line boundary: LineLayer draws it, so its bounding box blocks nothing', () => {
    const line = el('line', { kind: 'trust_boundary', rect: { x: 0, y: 0, width: 400, height: 400 }, points: [{ x: 0, y: 0 }, { x: 400, y: 400 }] });
    const nodes = new Deriver().nodes([...list, line], view());
    expect(nodes.map((n) => n.id)).toEqual(['outer', 'inner', 'p', 's']);
    // A trust boundary with fewer than two points is a box.
    const box = el('box', { kind: 'trust_boundary', points: [{ x: 1, y: 1 }] });
    expect(new Deriver().nodes([box], view()).map((n) => n.type)).toEqual(['boundary']);
  });

  const byId = new Map(list.map((e) => [e.id, e]));

  it('makes one arrow edge per flow, carrying its element and its ends', () => {
    const edges = new Deriver().edges(list, view({ selection: new Set(['f']), editingId: 'f' }), byId);
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ id: 'f', source: 'p', target: 's', type: 'flow', selected: true });
    expect(edges[0].data).toMatchObject({ element: f, editing: true, bend: 0, showLabel: true });
    expect(edges[0].data?.from).toEqual({ x: 10, y: 20, width: 100, height: 80, round: true });
    expect(edges[0].data?.to.round).toBe(false);
  });

  it('moves a flow with a dragged end, and only that flow', () => {
    const d = new Deriver();
    const before = d.edges(list, view(), byId);
    const during = d.edges(list, view({ overlay: new Map([['s', { x: 400, y: 500 }]]) }), byId);
    expect(during[0]).not.toBe(before[0]);
    expect(during[0].data?.to).toMatchObject({ x: 400, y: 500 });
    const again = d.edges(list, view({ overlay: new Map([['other', { x: 1 }]]) }), byId);
    expect(again[0].data?.to).toMatchObject({ x: 10, y: 20 });
  });

  it('skips a flow whose end is missing instead of failing', () => {
    const dangling = el('g', { kind: 'data_flow', source: 'p', target: 'gone' });
    expect(new Deriver().edges([...list, dangling], view(), byId).map((e) => e.id)).toEqual(['f']);
  });

  it('reuses node objects whose inputs did not change', () => {
    const d = new Deriver();
    const first = d.nodes(list, view());
    const second = d.nodes(list, view({ selection: new Set(['p']) }));
    expect(second.find((n) => n.id === 's')).toBe(first.find((n) => n.id === 's'));
    expect(second.find((n) => n.id === 'p')).not.toBe(first.find((n) => n.id === 'p'));
    expect(second.find((n) => n.id === 'p')?.selected).toBe(true);
  });

  it('shows transient drag and resize geometry from the overlay', () => {
    const nodes = new Deriver().nodes(list, view({ overlay: new Map([['p', { x: 300, y: 400, width: 150 }]]) }));
    expect(nodes.find((n) => n.id === 'p')).toMatchObject({ position: { x: 300, y: 400 }, width: 150, height: 80 });
  });

  it('marks warned elements', () => {
    const w = warnedIds([{ element_id: 'p' }]);
    const nodes = new Deriver().nodes(list, view({ warned: w }));
    expect(nodes.find((n) => n.id === 'p')?.data.warned).toBe(true);
    expect(nodes.find((n) => n.id === 's')?.data.warned).toBe(false);
  });

  it('puts threat badges on nodes and flows, rebuilding only those whose badge changed', () => {
    const d = new Deriver();
    const before = d.nodes(list, view());
    expect(before.find((n) => n.id === 'p')?.data.badge).toBeNull();
    const badges = { p: { count: 2, highest: 'high' as const } };
    const after = d.nodes(list, view({ badges }));
    const p2 = after.find((n) => n.id === 'p')!;
    expect(p2.data.badge).toMatchObject({ count: 2, level: 'high' });
    expect(after.find((n) => n.id === 's')).toBe(before.find((n) => n.id === 's'));
    // A refreshed overview with the same badge values reuses every node.
    const again = d.nodes(list, view({ badges: { p: { count: 2, highest: 'high' } } }));
    expect(again.find((n) => n.id === 'p')).toBe(p2);
    const elements = new Map(list.map((e) => [e.id, e]));
    const edges = d.edges(list, view({ badges: { f: { count: 1, highest: null } } }), elements);
    expect(edges[0].data?.badge).toMatchObject({ count: 1, level: 'unrated' });
  });

  // Speed is measured by the UI bench (tests/e2e/bench); here, what makes it
  // fast: a selection change at 10,000 elements rebuilds only the nodes it touches.
  it('rebuilds only what a selection change touches, at 10,000 elements', () => {
    const many: Element[] = [];
    for (let i = 0; i < 4000; i++) many.push(el(`n${i}`, { rect: { x: i * 3, y: i, width: 100, height: 60 } }));
    for (let i = 0; i < 6000; i++) many.push(el(`f${i}`, { kind: 'data_flow', source: `n${i % 4000}`, target: `n${(i * 7 + 1) % 4000}` }));
    const d = new Deriver();
    const first = d.nodes(many, view());
    expect(d.edges(many, view(), new Map(many.map((e) => [e.id, e])))).toHaveLength(6000);
    const next = d.nodes(many, view({ selection: new Set(['n1']) }));
    expect(next).toHaveLength(first.length);
    const rebuilt = next.filter((n, i) => n !== first[i]).map((n) => n.id);
    expect(rebuilt).toEqual(['n1']);
  });
});
