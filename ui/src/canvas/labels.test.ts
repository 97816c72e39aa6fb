import { describe, expect, it } from 'vitest';
import type { Element } from '../app/model';
import { Deriver, type ViewState } from './derive';
import { labelPath, type Box } from './geometry';
import { placeLabels, placeLabelsFrom, type Bounds, type Xy } from './labels';
import { flowLabel, textWidth, wrap } from './textMetrics';

type R = { x0: number; y0: number; x1: number; y1: number };
const boxOf = (c: Xy, w: number, h: number): R => ({ x0: c[0] - w / 2, y0: c[1] - h / 2, x1: c[0] + w / 2, y1: c[1] + h / 2 });
const hit = (a: R, b: R) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Distance from `p` to the polyline. */
function distance(p: Xy, path: readonly Xy[]): number {
  let best = Infinity;
  for (let i = 1; i < path.length; i++) {
    const [a, b] = [path[i - 1], path[i]];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const t = Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / Math.max(dx * dx + dy * dy, 1e-12)));
    best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
  }
  return best;
}

/** Places labels for flows between boxes; returns every collision found. */
function check(boxes: Box[], flows: [number, number, string][], slack = 40): { collisions: string[]; far: string[] } {
  const obstacles: Bounds[] = boxes.map((b) => [b.x, b.y, b.x + b.width, b.y + b.height]);
  const inputs = flows.map(([s, t, name]) => ({ ...labelPath(boxes[s], boxes[t], 0), ...flowLabel(name) }));
  const at = placeLabels(obstacles, inputs);
  const rects = at.map((c, i) => boxOf(c, inputs[i].width, inputs[i].height));
  const collisions: string[] = [];
  const far: string[] = [];
  rects.forEach((r, i) => {
    rects.forEach((q, j) => j > i && hit(r, q) && collisions.push(`${flows[i][2]} / ${flows[j][2]}`));
    boxes.forEach((b, j) => hit(r, { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height }) && collisions.push(`${flows[i][2]} / box ${j}`));
    const reach = Math.hypot(inputs[i].width, inputs[i].height) / 2 + slack;
    if (distance(at[i], inputs[i].path) > reach) far.push(flows[i][2]);
  });
  return { collisions, far };
}

describe('text metrics (as scene.rs)', () => {
  it('wraps at 200 units and sizes the chip with its padding', () => {
    expect(textWidth('Ab i', 10)).toBeCloseTo(10 * (0.66 + 0.6 + 0.32 + 0.28), 10);
    expect(wrap('  two  words \n', 200, 13)).toEqual(['two words']);
    const long = flowLabel('Payslip records and tax codes for every employee in the company');
    expect(long.lines.length).toBeGreaterThan(1);
    expect(long.width).toBeLessThanOrEqual(200 + 12);
    expect(long.height).toBe(long.lines.length * 16 + 6);
    expect(flowLabel('')).toEqual({ lines: [], width: 0, height: 0 });
  });
});

describe('label placement', () => {
  it('puts a lone label at the middle of its flow', () => {
    const at = placeLabels([], [{ path: [[0, 0], [400, 0]], start: 0.5, width: 100, height: 22 }]);
    expect(at).toEqual([[200, 0]]);
  });

  it('moves a long label off a short flow, beside it, clear of both shapes', () => {
    const a: Box = { x: 0, y: 0, width: 100, height: 60, round: true };
    const b: Box = { x: 150, y: 20, width: 180, height: 72, round: false };
    const { collisions, far } = check([a, b], [[1, 0, 'Payslip records and tax codes']]);
    expect(collisions).toEqual([]);
    expect(far).toEqual([]);
  });

  it('keeps the labels of a crowded hub apart, each near its own flow', () => {
    const boxes: Box[] = [{ x: 400, y: 300, width: 120, height: 120, round: true }];
    const flows: [number, number, string][] = [];
    for (let k = 0; k < 12; k++) {
      const angle = (k * 2 * Math.PI) / 12;
      boxes.push({ x: 460 + 300 * Math.cos(angle) - 60, y: 360 + 240 * Math.sin(angle) - 30, width: 120, height: 60, round: false });
      flows.push([k + 1, 0, `Request from client ${k}`]);
    }
    const { collisions, far } = check(boxes, flows, 80);
    expect(collisions).toEqual([]);
    expect(far).toEqual([]);
  });

  it('is deterministic and answers at once for absurd boxes', () => {
    const input = { path: [[0, 0], [400, 0]] as Xy[], start: 0.5, width: 100, height: 22 };
    const twice = placeLabels([], [input, input]);
    expect(twice).toEqual(placeLabels([], [input, input]));
    expect(Math.abs(twice[1][0] - 200)).toBeGreaterThanOrEqual(100);
    expect(placeLabels([[-1e300, -1e300, 1e300, 1e300]], [input])).toHaveLength(1);
  });
});

describe('the canvas places labels through the deriver', () => {
  const el = (id: string, over: Partial<Element> = {}): Element => ({
    id, diagram_id: 'd1', kind: 'external_entity', name: id, description: '',
    rect: { x: 0, y: 0, width: 100, height: 60 }, source: null, target: null, props: {}, ...over,
  });
  const view = (over: Partial<ViewState> = {}): ViewState => ({ selection: new Set(), editingId: null, warned: new Set(), overlay: new Map(), ...over });

  it('gives each flow its placed centre, and keeps a flow whose label did not move', () => {
    const a = el('a');
    const b = el('b', { rect: { x: 600, y: 0, width: 100, height: 60 } });
    const c = el('c', { rect: { x: 0, y: 300, width: 100, height: 60 } });
    const f1 = el('f1', { kind: 'data_flow', name: 'Orders', source: 'a', target: 'b' });
    const f2 = el('f2', { kind: 'data_flow', name: 'Order confirmations and invoices', source: 'a', target: 'c' });
    const list = [a, b, c, f1, f2];
    const d = new Deriver();
    const elements = new Map(list.map((e) => [e.id, e]));
    const edges = d.edges(list, view(), elements);
    expect([edges[0].data?.labelX, edges[0].data?.labelY]).toEqual([350, 30]);
    expect(edges[1].data?.lines).toEqual(['Order confirmations and', 'invoices']);
    // Dragging c moves f2's label only: f1 keeps its object.
    const moved = d.edges(list, view({ overlay: new Map([['c', { x: 40, y: 320 }]]) }), elements);
    expect(moved[0]).toBe(edges[0]);
    expect(moved[1]).not.toBe(edges[1]);
  });
});

describe('placing again after an element is added', () => {
  // A seeded pseudo-random diagram: boxes on a loose grid, flows between them.
  function diagram(seed: number, n: number) {
    let x = seed;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const boxes: Box[] = Array.from({ length: n }, (_, i) => ({ x: (i % 12) * 170 + rnd() * 60, y: Math.floor(i / 12) * 130 + rnd() * 50, width: 110, height: 60, round: false }));
    const labels = Array.from({ length: Math.round(n * 1.5) }, (_, i) => {
      const s = Math.floor(rnd() * n);
      const t = (s + 1 + Math.floor(rnd() * 14)) % n;
      return { ...labelPath(boxes[s], boxes[t], 0), ...flowLabel(`flow ${i} ${'x'.repeat(Math.floor(rnd() * 20))}`) };
    });
    return { boxes, labels, rnd };
  }
  const bounds = (b: Box): Bounds => [b.x, b.y, b.x + b.width, b.y + b.height];

  it('gives exactly what a full placement gives, searching only the labels near it', () => {
    const searched: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const { boxes, labels, rnd } = diagram(seed, 120);
      const obstacles = boxes.map(bounds);
      const before = placeLabelsFrom(obstacles, labels);
      // One to three elements added, anywhere over the drawing (often on top of labels).
      const more = Array.from({ length: 1 + (seed % 3) }, () => bounds({ x: rnd() * 2000, y: rnd() * 1300, width: 110 + rnd() * 100, height: 60, round: false }));
      const after = [...obstacles, ...more];
      const again = placeLabelsFrom(after, labels, before);
      expect(again.at).toEqual(placeLabels(after, labels));
      // A label searched again is a new point, even where it lands on the same spot.
      searched.push(again.at.filter((p, i) => p !== before.at[i]).length / labels.length);
    }
    // Dense random diagrams with long flows: typically a fifth of the labels are searched again.
    searched.sort((a, b) => a - b);
    expect(searched[searched.length / 2]).toBeLessThan(1 / 3);
  });

  it('starts afresh when an obstacle moved or went, or the labels are others', () => {
    const { boxes, labels } = diagram(7, 60);
    const obstacles = boxes.map(bounds);
    const before = placeLabelsFrom(obstacles, labels);
    const moved = obstacles.map((b, i) => (i === 3 ? ([b[0] + 400, b[1], b[2] + 400, b[3]] as const) : b));
    expect(placeLabelsFrom(moved, labels, before).at).toEqual(placeLabels(moved, labels));
    const fewer = obstacles.slice(1);
    expect(placeLabelsFrom(fewer, labels, before).at).toEqual(placeLabels(fewer, labels));
    const others = labels.map((l) => ({ ...l }));
    const again = placeLabelsFrom(obstacles, others, before);
    expect(again.at).toEqual(before.at);
    expect(again.at.every((p, i) => p !== before.at[i])).toBe(true);
  });
});
