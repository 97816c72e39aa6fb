// Geometry of trust boundaries drawn as lines: the path, where the label sits,
// hit-testing a point against the stroke, and adding or moving points. Pure,
// so it is unit-tested; the core keeps the points and their bounding box.
import type { Rect } from '../app/model';

export interface P {
  x: number;
  y: number;
}

/** Coordinates in path data: a tenth of a unit is finer than any screen shows. */
function r(v: number): number {
  return Math.round(v * 10) / 10;
}

export function linePath(points: readonly P[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
}

/** The middle of the longest segment (the first of equals): where the label
 *  sits, as in the exported diagrams (export/scene.rs `line_label_at`). */
export function labelAt(points: readonly P[]): P {
  let best = -Infinity;
  let at: P = points[0] ?? { x: 0, y: 0 };
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len > best) {
      best = len;
      at = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return at;
}

/** Where on segment a–b the point nearest `p` lies (0 = a, 1 = b), and how far it is. */
export function project(p: P, a: P, b: P): { t: number; dist: number; at: P } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  const at = { x: a.x + dx * t, y: a.y + dy * t };
  return { t, dist: Math.hypot(p.x - at.x, p.y - at.y), at };
}

/** The segment of the line nearest `p` (index of its first point), or null for no segment. */
export function nearestSegment(points: readonly P[], p: P): { index: number; dist: number; at: P } | null {
  let best: { index: number; dist: number; at: P } | null = null;
  for (let i = 1; i < points.length; i++) {
    const q = project(p, points[i - 1], points[i]);
    if (!best || q.dist < best.dist) best = { index: i - 1, dist: q.dist, at: q.at };
  }
  return best;
}

/** Whether `p` is within `tolerance` of the stroke (not merely inside its bounding box). */
export function hitsLine(points: readonly P[], p: P, tolerance: number): boolean {
  const n = nearestSegment(points, p);
  return n !== null && n.dist <= tolerance;
}

/** The points with a new one on the segment nearest `p`, where `p` projects onto it. */
export function insertPoint(points: readonly P[], p: P): P[] {
  const n = nearestSegment(points, p);
  if (!n) return [...points];
  const out = [...points];
  out.splice(n.index + 1, 0, { x: Math.round(n.at.x), y: Math.round(n.at.y) });
  return out;
}

/** The points without point `index` (a line keeps at least two). */
export function removePoint(points: readonly P[], index: number): P[] {
  if (points.length <= 2 || index < 0 || index >= points.length) return [...points];
  return points.filter((_, i) => i !== index);
}

export function shifted(points: readonly P[], dx: number, dy: number): P[] {
  return points.map((p) => ({ x: p.x + dx, y: p.y + dy }));
}

export function withPoint(points: readonly P[], index: number, p: P): P[] {
  return points.map((q, i) => (i === index ? p : q));
}

/** The points' bounding box (at least 1 × 1), as the core computes `Rect::around`. */
export function bounds(points: readonly P[]): Rect {
  if (points.length === 0) return { x: 0, y: 0, width: 1, height: 1 };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

/** A press-and-release is a drag (draws a line) when it moved at least this many screen pixels. */
export const DRAG_MIN_PX = 8;

export function isDrag(a: P, b: P): boolean {
  return Math.hypot(b.x - a.x, b.y - a.y) >= DRAG_MIN_PX;
}
