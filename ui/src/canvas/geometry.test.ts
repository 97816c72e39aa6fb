import { describe, expect, it } from 'vitest';
import { ARROW_LENGTH, BEND_STEP, bends, flowPath, outlinePoint, type Box } from './geometry';

const rect = (x: number, y: number, w = 100, h = 50): Box => ({ x, y, width: w, height: h, round: false });

describe('geometry', () => {
  it('leaves a rectangle on its side facing the other element', () => {
    expect(outlinePoint(rect(0, 0), { x: 500, y: 25 })).toEqual({ x: 100, y: 25 });
    expect(outlinePoint(rect(0, 0), { x: 50, y: -300 })).toEqual({ x: 50, y: 0 });
  });

  it('leaves an ellipse on its outline', () => {
    const p = outlinePoint({ x: 0, y: 0, width: 100, height: 100, round: true }, { x: 150, y: 150 });
    expect(Math.hypot(p.x - 50, p.y - 50)).toBeCloseTo(50, 6);
  });

  it('draws a straight flow between facing sides, label in the middle', () => {
    const f = flowPath(rect(0, 0), rect(300, 0), 0);
    // the line stops where the arrowhead starts; the arrow's tip is on the target's side
    expect(f.path).toBe(`M 100,25 L ${300 - ARROW_LENGTH},25`);
    expect(f.arrow.startsWith('M 300,25 L ')).toBe(true);
    expect(f.labelX).toBe(200);
    expect(f.labelY).toBe(25);
  });

  it('bends a flow sideways, label on the bend', () => {
    const f = flowPath(rect(0, 0), rect(300, 0), 20);
    expect(f.path.startsWith('M ')).toBe(true);
    expect(f.path).toContain(' Q ');
    // travelling right (+x), "left" is up (−y) on screen; the label is on the bend,
    // a little towards the source
    expect(f.labelY).toBeGreaterThan(25 - 20 - 1);
    expect(f.labelY).toBeLessThan(25 - 20 * 0.9);
    expect(f.labelX).toBeLessThan(200);
    expect(f.labelX).toBeGreaterThan(150);
  });

  it('spreads flows that share both ends to opposite sides, either direction', () => {
    const b = bends([
      { id: 'f1', source: 'a', target: 'b' },
      { id: 'f2', source: 'b', target: 'a' },
      { id: 'f3', source: 'a', target: 'c' },
    ]);
    expect(b.get('f3')).toBe(0);
    const k = BEND_STEP / 2;
    expect(b.get('f1')).toBe(-k);
    // f2 travels the other way: the same sign in its own frame would overlap f1
    expect(b.get('f2')).toBe(-k);
    const a = flowPath(rect(0, 0), rect(300, 0), b.get('f1')!);
    const r = flowPath(rect(300, 0), rect(0, 0), b.get('f2')!);
    // opposite sides of the straight line, and apart along it too
    expect(Math.sign(a.labelY - 25)).toBe(-Math.sign(r.labelY - 25));
    expect(Math.abs(a.labelY - r.labelY)).toBeGreaterThan(BEND_STEP * 0.9);
    expect(Math.abs(a.labelX - r.labelX)).toBeGreaterThan(30);
  });

  it('keeps the labels of a diagonal request/response pair vertically apart', () => {
    const a = rect(0, 0, 120, 120);
    const d = rect(200, 200, 180, 60);
    const b = bends([
      { id: 'q', source: 'a', target: 'd' },
      { id: 'r', source: 'd', target: 'a' },
    ]);
    const q = flowPath(a, d, b.get('q')!);
    const r = flowPath(d, a, b.get('r')!);
    // labels are ~20 px high: they must not share a row
    expect(Math.abs(q.labelY - r.labelY)).toBeGreaterThan(30);
  });
});

// The Rust scene (reports) and this module (the canvas while dragging) draw the
// same flows: tests/it/canvas_geometry.rs writes the scene's answer.
import fixture from './geometry.fixture.json';

describe('geometry agrees with the report scene', () => {
  type Xy = [number, number];
  const boxes = new Map<string, Box>(fixture.nodes.map((n) => [n.id, n]));
  const flows = fixture.flows as { id: string; source: string; target: string; points: Xy[]; label_at: Xy }[];
  const offsets = bends(flows);
  const tip = (arrow: string): Xy => {
    const m = /^M ([-\d.]+),([-\d.]+)/.exec(arrow);
    return [Number(m?.[1]), Number(m?.[2])];
  };

  it('straight flows: the same ends on the outlines and the same label centre', () => {
    const straight = flows.filter((f) => f.points.length === 2);
    expect(straight.length).toBeGreaterThanOrEqual(3);
    for (const f of straight) {
      expect(offsets.get(f.id)).toBe(0);
      const p = flowPath(boxes.get(f.source)!, boxes.get(f.target)!, 0);
      const start = /^M ([-\d.]+),([-\d.]+)/.exec(p.path)!;
      expect(Number(start[1])).toBeCloseTo(f.points[0][0], 0);
      expect(Number(start[2])).toBeCloseTo(f.points[0][1], 0);
      const [tx, ty] = tip(p.arrow);
      expect(tx).toBeCloseTo(f.points[1][0], 0);
      expect(ty).toBeCloseTo(f.points[1][1], 0);
      expect(p.labelX).toBeCloseTo(f.label_at[0], 1);
      expect(p.labelY).toBeCloseTo(f.label_at[1], 1);
    }
  });

  it('parallel flows: the same sideways offsets (the scene bends through a knee, the canvas through a curve)', () => {
    const bent = flows.filter((f) => f.points.length === 3);
    expect(bent.length).toBe(2); // of three between two elements, the middle one is straight
    for (const f of bent) {
      const s = boxes.get(f.source)!;
      const t = boxes.get(f.target)!;
      const cs = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
      const ct = { x: t.x + t.width / 2, y: t.y + t.height / 2 };
      const len = Math.hypot(ct.x - cs.x, ct.y - cs.y);
      const n = { x: (ct.y - cs.y) / len, y: -(ct.x - cs.x) / len };
      const knee = f.points[1];
      const bend = (knee[0] - (cs.x + ct.x) / 2) * n.x + (knee[1] - (cs.y + ct.y) / 2) * n.y;
      expect(offsets.get(f.id)).toBeCloseTo(bend, 1);
      expect(Math.abs(bend)).toBeGreaterThan(0);
    }
  });
});
