// Floating data-flow geometry: a flow leaves and enters its elements' outlines
// (rectangle or ellipse) along the line between their centres, bent sideways
// when several flows join the same pair so that arrows and labels stay apart.
import { LABEL_SHIFT, type Xy } from './labels';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Processes are drawn as ellipses; the rest as rectangles. */
  round: boolean;
}

export interface Pt {
  x: number;
  y: number;
}

export function centre(b: Box): Pt {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Where the ray from the box's centre towards `toward` leaves its outline. */
export function outlinePoint(b: Box, toward: Pt): Pt {
  const c = centre(b);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const a = b.width / 2;
  const h = b.height / 2;
  let t: number;
  if (b.round) {
    t = 1 / Math.sqrt((dx * dx) / (a * a) + (dy * dy) / (h * h));
  } else {
    const tx = dx === 0 ? Infinity : a / Math.abs(dx);
    const ty = dy === 0 ? Infinity : h / Math.abs(dy);
    t = Math.min(tx, ty);
  }
  return { x: c.x + dx * t, y: c.y + dy * t };
}

export interface FlowPath {
  /** The line, stopping where the arrowhead begins. */
  path: string;
  /** The closed arrowhead, its tip on the target's outline. */
  arrow: string;
}

export const ARROW_LENGTH = 11;
export const ARROW_HALF_WIDTH = 4.5;

/** Coordinates in path data: a tenth of a unit is finer than any screen shows. */
function r(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Arrowhead at `tip`, pointing along `from → tip`; and where the line should stop. */
function arrowAt(tip: Pt, from: Pt): { arrow: string; base: Pt } {
  const dx = tip.x - from.x;
  const dy = tip.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const l = Math.min(ARROW_LENGTH, len * 0.6);
  const base = { x: tip.x - ux * l, y: tip.y - uy * l };
  const w = ARROW_HALF_WIDTH;
  const a = { x: base.x - uy * w, y: base.y + ux * w };
  const b = { x: base.x + uy * w, y: base.y - ux * w };
  return { arrow: `M ${r(tip.x)},${r(tip.y)} L ${r(a.x)},${r(a.y)} L ${r(b.x)},${r(b.y)} Z`, base };
}

/** The path of a flow from `s` to `t`; `bend` is its sideways offset at the middle
 *  (canvas units, positive to the left of the direction of travel). */
export function flowPath(s: Box, t: Box, bend: number): FlowPath {
  const cs = centre(s);
  const ct = centre(t);
  const dx = ct.x - cs.x;
  const dy = ct.y - cs.y;
  const len = Math.hypot(dx, dy) || 1;
  // Unit normal to the left of s→t (screen coordinates: y grows downwards).
  const nx = dy / len;
  const ny = -dx / len;
  const mid = { x: (cs.x + ct.x) / 2, y: (cs.y + ct.y) / 2 };
  // A quadratic curve passes through mid + bend·n when its control point is mid + 2·bend·n.
  const ctrl = { x: mid.x + 2 * bend * nx, y: mid.y + 2 * bend * ny };
  const p0 = outlinePoint(s, bend === 0 ? ct : ctrl);
  const p1 = outlinePoint(t, bend === 0 ? cs : ctrl);
  if (bend === 0) {
    const { arrow, base } = arrowAt(p1, p0);
    return { path: `M ${r(p0.x)},${r(p0.y)} L ${r(base.x)},${r(base.y)}`, arrow };
  }
  // The curve passes `bend` away from the centre line at its middle (t = 0.5),
  // which fixes the control point.
  const knee = { x: mid.x + bend * nx, y: mid.y + bend * ny };
  const c = { x: 2 * knee.x - (p0.x + p1.x) / 2, y: 2 * knee.y - (p0.y + p1.y) / 2 };
  // The curve arrives along control point → end; the arrowhead follows that tangent.
  const { arrow, base } = arrowAt(p1, c);
  return { path: `M ${r(p0.x)},${r(p0.y)} Q ${r(c.x)},${r(c.y)} ${r(base.x)},${r(base.y)}`, arrow };
}

/** The path labels are placed along, exactly as the report's scene draws the
 *  flow (scene.rs `flow_path`): straight, or through a knee `bend` to the left
 *  at the middle (near the canvas's curve, which passes through that knee), and
 *  where along it the label starts. Flows sharing two ends start their labels
 *  apart along the line, the way that adds to their vertical distance. */
export function labelPath(s: Box, t: Box, bend: number): { path: Xy[]; start: number } {
  const cs = centre(s);
  const ct = centre(t);
  const dx = ct.x - cs.x;
  const dy = ct.y - cs.y;
  const len = Math.max(Math.hypot(dx, dy), Number.EPSILON);
  const nx = dy / len;
  const ny = -dx / len;
  if (bend === 0) {
    const p0 = outlinePoint(s, ct);
    const p1 = outlinePoint(t, cs);
    return { path: [[p0.x, p0.y], [p1.x, p1.y]], start: 0.5 };
  }
  const knee = { x: (cs.x + ct.x) / 2 + bend * nx, y: (cs.y + ct.y) / 2 + bend * ny };
  const p0 = outlinePoint(s, knee);
  const p1 = outlinePoint(t, knee);
  const side = bend * ny * (dy / len) > 0 ? 1 : -1;
  return { path: [[p0.x, p0.y], [knee.x, knee.y], [p1.x, p1.y]], start: 0.5 + side * LABEL_SHIFT };
}

export const BEND_STEP = 46;

/** Sideways offsets for flows that share the same two ends, in either direction.
 *  Offsets are spread symmetrically around the straight line; each is expressed
 *  relative to its own flow's direction, so A→B and B→A end up on opposite sides. */
export function bends(flows: { id: string; source: string; target: string }[]): Map<string, number> {
  const groups = new Map<string, { id: string; forward: boolean }[]>();
  for (const f of flows) {
    const forward = f.source < f.target;
    const key = forward ? `${f.source}\u0000${f.target}` : `${f.target}\u0000${f.source}`;
    let g = groups.get(key);
    if (!g) {
      g = [];
      groups.set(key, g);
    }
    g.push({ id: f.id, forward });
  }
  const out = new Map<string, number>();
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.set(g[0].id, 0);
      continue;
    }
    g.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    g.forEach((f, i) => {
      const k = (i - (g.length - 1) / 2) * BEND_STEP;
      // Normals flip with direction, so a backward flow takes the opposite sign.
      out.set(f.id, f.forward ? k : -k);
    });
  }
  return out;
}
