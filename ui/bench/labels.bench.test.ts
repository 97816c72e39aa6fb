// Flow label placement while the user drags (target: 3 ms per placement) on
// 1,000 elements + 1,500 flows laid out like the core's benchmark engagement
// (src/demo.rs `large`: a grid, flows mostly between neighbours). Prints the
// median, 95th percentile and maximum of the placement alone, and of the
// canvas's whole flow update (Deriver.edges) for one drag step and for one
// element added.
import { describe, expect, it } from 'vitest';
import type { Element } from '../src/app/model';
import { Deriver, type ViewState } from '../src/canvas/derive';
import { bends, labelPath } from '../src/canvas/geometry';
import { placeLabels, type Bounds } from '../src/canvas/labels';
import { flowLabel } from '../src/canvas/textMetrics';

const NODES = 1000;
const FLOWS = 1500;
const ROUNDS = 200;

function el(id: string, over: Partial<Element>): Element {
  return { id, diagram_id: 'd1', kind: 'process', name: id, description: '', rect: { x: 0, y: 0, width: 0, height: 0 }, source: null, target: null, props: {}, ...over };
}

/** The grid of `large`: 240 × 170 cells, processes 110 × 110, the rest 160 × 64. */
function diagram(name: (i: number) => string): Element[] {
  const cols = Math.ceil(Math.sqrt(NODES));
  const kinds = ['process', 'data_store', 'external_entity', 'process'] as const;
  const out: Element[] = [];
  for (let n = 0; n < NODES; n++) {
    const kind = kinds[n % 4];
    const [w, h] = kind === 'process' ? [110, 110] : [160, 64];
    out.push(el(`n${n}`, { kind, name: `Element ${n}`, rect: { x: (n % cols) * 240 + 20, y: Math.floor(n / cols) * 170 + 20, width: w, height: h } }));
  }
  let seed = 0x2545f491;
  const next = (bound: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % bound;
  };
  for (let made = 0; made < FLOWS; ) {
    const s = next(NODES);
    const t = next(4) === 0 ? next(NODES) : (s + 1 + next(cols)) % NODES;
    if (s === t) continue;
    out.push(el(`f${made}`, { kind: 'data_flow', name: name(made), source: `n${s}`, target: `n${t}` }));
    made++;
  }
  return out;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];
const f = (x: number) => x.toFixed(3).padStart(7);

describe(`flow labels on ${NODES} elements + ${FLOWS} flows`, () => {
  // The names of `large` ("Flow 12"), and longer ones wider than the gaps
  // between the grid's elements (most labels must move). The goal is a 3 ms
  // median; the check fails only at 5 ms, as 2 shared cores swing it by ±0.5.
  it('places every label within the drag budget', () => measure('names as in `large`', (i) => `Flow ${i}`, 5));
  it('and with labels wider than the gaps', () => measure('long names', (i) => `Flow ${i} payslip data`, 10));
});

function measure(what: string, name: (i: number) => string, budget: number) {
  {
    const list = diagram(name);
    const byId = new Map(list.map((e) => [e.id, e]));
    const flows = list.filter((e) => e.kind === 'data_flow');
    const bend = bends(flows.map((e) => ({ id: e.id, source: e.source!, target: e.target! })));
    const obstacles: Bounds[] = list.filter((e) => e.kind !== 'data_flow').map((e) => [e.rect.x, e.rect.y, e.rect.x + e.rect.width, e.rect.y + e.rect.height]);
    const inputs = flows.map((e) => ({
      ...labelPath(boxOfEl(byId.get(e.source!)!), boxOfEl(byId.get(e.target!)!), bend.get(e.id)!),
      ...flowLabel(e.name),
    }));
    const place: number[] = [];
    let clear = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      const at = placeLabels(obstacles, inputs);
      place.push(performance.now() - t0);
      if (r === 0) clear = at.filter((c, i) => c[0] === placeLabels([], [inputs[i]])[0][0] && c[1] === placeLabels([], [inputs[i]])[0][1]).length;
    }
    // A drag: one element moves a little each frame; the deriver re-places every label.
    const d = new Deriver();
    const view = (overlay: ViewState['overlay']): ViewState => ({ selection: new Set(), editingId: null, warned: new Set(), overlay });
    d.edges(list, view(new Map()), byId);
    const drag: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      d.edges(list, view(new Map([['n500', { x: 20 + 240 * 20 + r * 2, y: 20 + 170 * 15 + r }]])), byId);
      drag.push(performance.now() - t0);
    }
    // An add: a new element among the others each round; the deriver searches
    // again only the labels whose search read its cells (`placeLabelsFrom`).
    const add: number[] = [];
    let grown = list;
    for (let r = 0; r < ROUNDS / 4; r++) {
      grown = [...grown, el(`new${r}`, { rect: { x: 20 + 240 * (r % 30) + 130, y: 20 + 170 * Math.floor(r / 2) + 90, width: 110, height: 110 } })];
      const t0 = performance.now();
      d.edges(grown, view(new Map()), new Map(grown.map((e) => [e.id, e])));
      add.push(performance.now() - t0);
    }
    console.log(`labels (${what}): ${clear} of ${FLOWS} at their start, the rest moved`);
    console.log(`add step (edges) median ${f(pct(add, 0.5))} ms  p95 ${f(pct(add, 0.95))} ms  max ${f(Math.max(...add))} ms`);
    console.log(`placement        median ${f(pct(place, 0.5))} ms  p95 ${f(pct(place, 0.95))} ms  max ${f(Math.max(...place))} ms  min ${f(Math.min(...place))} ms`);
    console.log(`drag step (edges) median ${f(pct(drag, 0.5))} ms  p95 ${f(pct(drag, 0.95))} ms  max ${f(Math.max(...drag))} ms`);
    expect(pct(place, 0.5)).toBeLessThan(budget);
  }
}

function boxOfEl(e: Element) {
  return { ...e.rect, round: e.kind === 'process' };
}
