import { describe, expect, it } from 'vitest';
import { ARROW_LENGTH, BEND_STEP, bends, flowPath, labelPath, outlinePoint, type Box } from './geometry';
import { placeLabels } from './labels';
import { flowLabel } from './textMetrics';

const rect = (x: number, y: number, w = 100, h = 50): Box => ({ x, y, width: w, height: h, round: false });

/** Where a flow's label starts (placed with nothing in its way). */
function labelAt(s: Box, t: Box, bend: number): { labelX: number; labelY: number } {
  const { path, start } = labelPath(s, t, bend);
  const [[x, y]] = placeLabels([], [{ path, start, width: 1, height: 1 }]);
  return { labelX: x, labelY: y };
}

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
    expect(labelAt(rect(0, 0), rect(300, 0), 0)).toEqual({ labelX: 200, labelY: 25 });
  });

  it('bends a flow sideways, label on the bend', () => {
    const f = flowPath(rect(0, 0), rect(300, 0), 20);
    expect(f.path.startsWith('M ')).toBe(true);
    expect(f.path).toContain(' Q ');
    // travelling right (+x), "left" is up (−y) on screen; the label starts on the
    // bent side, a little towards the source
    const l = labelAt(rect(0, 0), rect(300, 0), 20);
    expect(l.labelY).toBeGreaterThan(25 - 20 - 1);
    expect(l.labelY).toBeLessThan(25 - 20 * 0.5);
    expect(l.labelX).toBeLessThan(200);
    expect(l.labelX).toBeGreaterThan(150);
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
    const a = labelAt(rect(0, 0), rect(300, 0), b.get('f1')!);
    const r = labelAt(rect(300, 0), rect(0, 0), b.get('f2')!);
    // opposite sides of the straight line, and apart along it too
    expect(Math.sign(a.labelY - 25)).toBe(-Math.sign(r.labelY - 25));
    expect(Math.abs(a.labelY - r.labelY)).toBeGreaterThan(BEND_STEP * 0.7);
    expect(Math.abs(a.labelX - r.labelX)).toBeGreaterThan(30);
  });

  it('keeps the labels of a diagonal request/response pair vertically apart', () => {
    const a = rect(0, 0, 120, 120);
    const d = rect(200, 200, 180, 60);
    const b = bends([
      { id: 'q', source: 'a', target: 'd' },
      { id: 'r', source: 'd', target: 'a' },
    ]);
    const q = labelAt(a, d, b.get('q')!);
    const r = labelAt(d, a, b.get('r')!);
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
  const flows = fixture.flows as { id: string; name: string; source: string; target: string; points: Xy[]; label_at: Xy; size: Xy }[];
  const offsets = bends(flows);
  const tip = (arrow: string): Xy => {
    const m = /^M ([-\d.]+),([-\d.]+)/.exec(arrow);
    return [Number(m?.[1]), Number(m?.[2])];
  };

  it('straight flows: the same ends on the outlines', () => {
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
    }
  });

  it('labels: the same text sizes and the same placed centres, moved where placement matters', () => {
    const obstacles = fixture.nodes.map((n) => [n.x, n.y, n.x + n.width, n.y + n.height] as const);
    const ordered = [...flows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const inputs = ordered.map((f) => {
      const size = flowLabel(f.name);
      expect([size.width, size.height]).toEqual([expect.closeTo(f.size[0], 3), expect.closeTo(f.size[1], 3)]);
      const { path, start } = labelPath(boxes.get(f.source)!, boxes.get(f.target)!, offsets.get(f.id)!);
      path.forEach((p, i) => {
        expect(p[0]).toBeCloseTo(f.points[i][0], 2);
        expect(p[1]).toBeCloseTo(f.points[i][1], 2);
      });
      return { path, start, width: size.width, height: size.height };
    });
    const placed = placeLabels(obstacles, inputs);
    let moved = 0;
    ordered.forEach((f, i) => {
      expect(placed[i][0]).toBeCloseTo(f.label_at[0], 2);
      expect(placed[i][1]).toBeCloseTo(f.label_at[1], 2);
      const [sx, sy] = placeLabels([], [{ ...inputs[i], width: 1, height: 1 }])[0];
      if (Math.hypot(sx - f.label_at[0], sy - f.label_at[1]) > 1) moved++;
    });
    expect(moved).toBeGreaterThanOrEqual(2);
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
