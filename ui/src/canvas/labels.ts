// Where flow labels go, so that no label covers another label or an element:
// a line-for-line port of src/export/flow_labels.rs (the report draws the same
// answer; geometry.fixture.json pins both). Change one, change the other.
// Greedy and deterministic: labels in the order given (sorted by flow id);
// for each, candidates along its path from its start outwards, then beside the
// line; the first that touches nothing wins, else the one overlapping least.

/** Room kept free around every label, so chips never touch. */
export const LABEL_GAP = 3;
/** How far (as a fraction of the flow) a bent flow's label starts off the middle. */
export const LABEL_SHIFT = 0.12;
const STEP = 12;
const ALONG = 16;
const BESIDE_AT = [0, -0.15, 0.15, -0.3, 0.3];
const BESIDE_STEPS = 8;
/** Most boxes one label's search may look at (a label in a pile of shapes takes
 *  the least-overlapping spot found so far instead of searching on). */
const WORK = 300;
const CELL = 96;
const LIMIT = 1_048_576;
const SPAN = 64;
/** Most cells kept in the array (the rest go to the map). */
const DENSE = 1 << 20;

export type Xy = readonly [number, number];
/** An axis-aligned box as [x0, y0, x1, y1]. */
export type Bounds = readonly [number, number, number, number];

export interface LabelIn {
  /** The drawn path, two or more points. */
  path: readonly Xy[];
  width: number;
  height: number;
  /** Where along the path the label starts, as a fraction of its length. */
  start: number;
}

/** The centre of each label, in input order. */
export function placeLabels(obstacles: readonly Bounds[], labels: readonly LabelIn[]): Xy[] {
  return placeLabelsFrom(obstacles, labels).at;
}

/** A placement, with what each label's search read: the cells it looked at
 *  ([cx0, cy0, cx1, cy1] per label, four numbers each; -1e9.. when it read every box). */
export interface Placement {
  obstacles: readonly Bounds[];
  labels: readonly LabelIn[];
  at: Xy[];
  reach: number[];
  /** Whether each label's box went into the grid (not for an empty or unplaceable one). */
  inserted: boolean[];
}

const EVERYWHERE = [-LIMIT - 1, -LIMIT - 1, LIMIT + 1, LIMIT + 1];

/**
 * `placeLabels`, keeping `before` where it still holds: when the labels are
 * the same objects and the obstacles are `before`'s followed by new ones, a
 * label is searched again only if a cell its search read has changed (a new
 * obstacle, or a label re-placed into or out of it); the others keep their
 * place, which the full greedy run would give them too (same cells, same
 * boxes, same order, so the same answer). An element added to a 1,000-element
 * diagram re-places a handful of labels instead of 1,500.
 */
export function placeLabelsFrom(obstacles: readonly Bounds[], labels: readonly LabelIn[], before?: Placement): Placement {
  const added = before && extends_(before, obstacles, labels) ? obstacles.slice(before.obstacles.length) : null;
  const grid = new Grid(obstacles, labels);
  for (const b of obstacles) grid.insert(b);
  const dirty = new Set<number>();
  const c = [0, 0, 0, 0];
  const mark = (b: Bounds): boolean => {
    if (!cellsOf(b[0], b[1], b[2], b[3], c)) return false;
    for (let cy = c[1]; cy <= c[3]; cy++) for (let cx = c[0]; cx <= c[2]; cx++) dirty.add(key(cx, cy));
    return true;
  };
  // A new obstacle too big for cells is read by every search: start afresh.
  let keep = added !== null && added.every(mark);
  const at: Xy[] = [];
  const reach: number[] = [];
  const inserted: boolean[] = [];
  labels.forEach((l, i) => {
    const was = keep ? before!.at[i] : null;
    let place: Xy;
    let insert: boolean;
    if (was && !touches(before!.reach, i, dirty)) {
      place = was;
      insert = before!.inserted[i];
      reach.push(before!.reach[4 * i], before!.reach[4 * i + 1], before!.reach[4 * i + 2], before!.reach[4 * i + 3]);
    } else {
      grid.reachFrom();
      ({ at: place, insert } = search(grid, l));
      reach.push(...grid.reached());
      // A label that moved changes the cells it left and entered (too big for cells: every search reads it).
      if (was && (was[0] !== place[0] || was[1] !== place[1] || insert !== before!.inserted[i])) {
        keep = mark(boxAt(was, l)) && mark(boxAt(place, l));
      }
    }
    if (insert) grid.insert(boxAt(place, l));
    at.push(place);
    inserted.push(insert);
  });
  return { obstacles, labels, at, reach, inserted };
}

/** The same labels, and `before`'s obstacles (same values, same order) first. */
function extends_(before: Placement, obstacles: readonly Bounds[], labels: readonly LabelIn[]): boolean {
  if (before.labels.length !== labels.length || before.obstacles.length > obstacles.length) return false;
  for (let i = 0; i < labels.length; i++) if (before.labels[i] !== labels[i]) return false;
  return before.obstacles.every((b, i) => {
    const o = obstacles[i];
    return o === b || (o[0] === b[0] && o[1] === b[1] && o[2] === b[2] && o[3] === b[3]);
  });
}

/** Whether label `i`'s search read a dirty cell. */
function touches(reach: readonly number[], i: number, dirty: ReadonlySet<number>): boolean {
  if (dirty.size === 0) return false;
  const [x0, y0, x1, y1] = [reach[4 * i], reach[4 * i + 1], reach[4 * i + 2], reach[4 * i + 3]];
  if (x0 > x1) return false; // it read nothing
  if (x0 < -LIMIT || (x1 - x0 + 1) * (y1 - y0 + 1) > dirty.size) {
    for (const k of dirty) {
      const cx = Math.round(k / 4_194_304);
      const cy = k - cx * 4_194_304;
      if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) return true;
    }
    return false;
  }
  for (let cy = y0; cy <= y1; cy++) for (let cx = x0; cx <= x1; cx++) if (dirty.has(key(cx, cy))) return true;
  return false;
}

function boxAt(p: Xy, l: LabelIn): Bounds {
  return [p[0] - l.width / 2, p[1] - l.height / 2, p[0] + l.width / 2, p[1] + l.height / 2];
}

/** One label's greedy search over the grid as it stands; `insert`: its box
 *  goes into the grid (an empty or unplaceable label takes no room). */
function search(grid: Grid, l: LabelIn): { at: Xy; insert: boolean } {
  const w = l.width;
  const h = l.height;
  const cands = new Candidates(l.path, l.start);
  const first = cands.alongAt(0);
  if (!(w > 0 && h > 0) || !Number.isFinite(first[0]) || !Number.isFinite(first[1])) return { at: first, insert: false };
  return { at: bestPlace(grid, l, cands, first), insert: true };
}

function bestPlace(grid: Grid, l: LabelIn, cands: Candidates, first: Xy): Xy {
  const w = l.width;
  const h = l.height;
  let best = first;
  let least = Infinity;
  const budget = grid.work + WORK;
  const consider = (x: number, y: number): boolean => {
    const o = grid.overlap(x - w / 2 - LABEL_GAP, y - h / 2 - LABEL_GAP, x + w / 2 + LABEL_GAP, y + h / 2 + LABEL_GAP, least);
    if (o < least) {
      least = o;
      best = [x, y];
    }
    return least === 0 || grid.work >= budget;
  };
  for (let k = 0; k <= ALONG; k++) {
    const d = k * STEP;
    if (cands.reaches(d) && (cands.walk(d), consider(cands.px, cands.py))) return best;
    if (k > 0 && cands.reaches(-d) && (cands.walk(-d), consider(cands.px, cands.py))) return best;
  }
  for (let j = 0; j < BESIDE_STEPS; j++) {
    for (const f of BESIDE_AT) {
      const d = f * cands.length;
      for (const side of [1, -1]) {
        cands.beside(d, side, w, h, j * STEP);
        if (consider(cands.px, cands.py)) return best;
      }
    }
  }
  return best;
}

/** Points along a polyline, measured from the label's start. Lengths use
 *  sqrt, not hypot: correctly rounded in both languages, so Rust agrees. */
class Candidates {
  readonly length: number;
  private readonly start: number;
  /** Per segment: its start, unit direction and length (empty ones left out). */
  private readonly segs: number[] = [];
  constructor(private readonly path: readonly Xy[], start: number) {
    let length = 0;
    for (let i = 1; i < path.length; i++) {
      const dx = path[i][0] - path[i - 1][0];
      const dy = path[i][1] - path[i - 1][1];
      const len = Math.sqrt(dx * dx + dy * dy);
      length += len;
      if (len > 0) this.segs.push(path[i - 1][0], path[i - 1][1], dx / len, dy / len, len);
    }
    this.length = length;
    this.start = Math.min(Math.max(start, 0), 1) * length;
  }

  reaches(d: number): boolean {
    const at = this.start + d;
    return at >= 0 && at <= this.length;
  }

  /** The last point walked to (or set beside the line), and the direction of travel there. */
  px = 0;
  py = 0;
  private ux = 1;
  private uy = 0;

  /** Walks to the point `d` units from the start (px, py; direction ux, uy). */
  walk(d: number): void {
    let left = Math.min(Math.max(this.start + d, 0), this.length);
    this.ux = 1;
    this.uy = 0;
    const s = this.segs;
    for (let i = 0; i < s.length; i += 5) {
      this.ux = s[i + 2];
      this.uy = s[i + 3];
      if (left <= s[i + 4]) {
        this.px = s[i] + this.ux * left;
        this.py = s[i + 1] + this.uy * left;
        return;
      }
      left -= s[i + 4];
    }
    const p = this.path;
    const last = p.length ? p[p.length - 1] : [0, 0];
    this.px = last[0];
    this.py = last[1];
  }

  alongAt(d: number): Xy {
    this.walk(d);
    return [this.px, this.py];
  }

  /** Beside the line at `d`: just clear of it on `side` (1: left of travel), plus `extra`. */
  beside(d: number, side: number, w: number, h: number, extra: number): void {
    this.walk(d);
    const nx = this.uy * side;
    const ny = -this.ux * side;
    const reach = (Math.abs(nx) * w) / 2 + (Math.abs(ny) * h) / 2 + LABEL_GAP + extra;
    this.px += nx * reach;
    this.py += ny * reach;
  }
}

/** The cells a box covers (into `out`), or false when it belongs in the big list. */
function cellsOf(x0: number, y0: number, x1: number, y1: number, out: number[]): boolean {
  const a = Math.floor(x0 / CELL);
  const b = Math.floor(y0 / CELL);
  const c = Math.floor(x1 / CELL);
  const d = Math.floor(y1 / CELL);
  const fits = Math.abs(a) <= LIMIT && Math.abs(b) <= LIMIT && Math.abs(c) <= LIMIT && Math.abs(d) <= LIMIT;
  if (!(fits && c - a <= SPAN && d - b <= SPAN)) return false;
  out[0] = a;
  out[1] = b;
  out[2] = c;
  out[3] = d;
  return true;
}

const key = (cx: number, cy: number) => cx * 4_194_304 + cy;

function shared(a0: number, a1: number, a2: number, a3: number, b: Bounds): number {
  const w = Math.min(a2, b[2]) - Math.max(a0, b[0]);
  const h = Math.min(a3, b[3]) - Math.max(a1, b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** A uniform grid over boxes, for "how much does this box overlap". Cells
 *  over the drawing sit in an array (the canvas re-places labels while the user
 *  drags: no hashing there); cells outside it in a map, as in the Rust. */
class Grid {
  private boxes: Bounds[] = [];
  private cells = new Map<number, number[]>();
  private dense: (number[] | undefined)[] = [];
  private gx = 0;
  private gy = 0;
  private cols = 0;
  private rows = 0;
  private big: number[] = [];
  private seen: number[] = [];
  private query = 0;
  private c = [0, 0, 0, 0];
  /** Boxes looked at so far. */
  work = 0;
  /** The cells read since `reachFrom` (x0 > x1: none). */
  private rx0 = Infinity;
  private ry0 = Infinity;
  private rx1 = -Infinity;
  private ry1 = -Infinity;

  reachFrom(): void {
    this.rx0 = this.ry0 = Infinity;
    this.rx1 = this.ry1 = -Infinity;
  }

  reached(): number[] {
    return this.rx0 > this.rx1 ? [1, 1, 0, 0] : [this.rx0, this.ry0, this.rx1, this.ry1];
  }

  constructor(obstacles: readonly Bounds[], labels: readonly LabelIn[]) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const add = (x: number, y: number) => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    };
    for (const b of obstacles) {
      add(b[0], b[1]);
      add(b[2], b[3]);
    }
    for (const l of labels) for (const p of l.path) add(p[0], p[1]);
    // Two cells of margin: labels set beside a line reach a little outside.
    const gx = Math.floor(x0 / CELL) - 2;
    const gy = Math.floor(y0 / CELL) - 2;
    const cols = Math.floor(x1 / CELL) + 3 - gx;
    const rows = Math.floor(y1 / CELL) + 3 - gy;
    if (x0 <= x1 && Math.abs(gx) <= LIMIT && Math.abs(gy) <= LIMIT && cols * rows <= DENSE) {
      this.gx = gx;
      this.gy = gy;
      this.cols = cols;
      this.rows = rows;
      this.dense = new Array(cols * rows);
    }
  }

  /** The list of cell (cx, cy); made when `make`. */
  private cell(cx: number, cy: number, make: boolean): number[] | undefined {
    const dx = cx - this.gx;
    const dy = cy - this.gy;
    if (dx >= 0 && dx < this.cols && dy >= 0 && dy < this.rows) {
      const k = dy * this.cols + dx;
      let list = this.dense[k];
      if (!list && make) this.dense[k] = list = [];
      return list;
    }
    const k = key(cx, cy);
    let list = this.cells.get(k);
    if (!list && make) this.cells.set(k, (list = []));
    return list;
  }

  insert(b: Bounds) {
    const i = this.boxes.length;
    this.boxes.push(b);
    this.seen.push(0);
    const c = this.c;
    if (!cellsOf(b[0], b[1], b[2], b[3], c)) {
      this.big.push(i);
      return;
    }
    for (let cy = c[1]; cy <= c[3]; cy++) {
      for (let cx = c[0]; cx <= c[2]; cx++) this.cell(cx, cy, true)!.push(i);
    }
  }

  /** Total area the box shares with the boxes; stops counting at `limit`. */
  overlap(x0: number, y0: number, x1: number, y1: number, limit: number): number {
    this.query++;
    let sum = 0;
    const c = this.c;
    if (!cellsOf(x0, y0, x1, y1, c)) {
      // A box this large meets whatever is in the cells: read every box.
      [this.rx0, this.ry0, this.rx1, this.ry1] = EVERYWHERE;
      this.work += this.boxes.length;
      for (const o of this.boxes) sum += shared(x0, y0, x1, y1, o);
      return sum;
    }
    if (this.rx0 >= -LIMIT) {
      this.rx0 = Math.min(this.rx0, c[0]);
      this.ry0 = Math.min(this.ry0, c[1]);
      this.rx1 = Math.max(this.rx1, c[2]);
      this.ry1 = Math.max(this.ry1, c[3]);
    }
    for (let cy = c[1]; cy <= c[3]; cy++) {
      for (let cx = c[0]; cx <= c[2]; cx++) {
        const list = this.cell(cx, cy, false);
        if (!list) continue;
        for (let n = 0; n < list.length; n++) {
          const i = list[n];
          if (this.seen[i] !== this.query) {
            this.seen[i] = this.query;
            this.work++;
            sum += shared(x0, y0, x1, y1, this.boxes[i]);
            if (sum >= limit) return sum;
          }
        }
      }
    }
    this.work += this.big.length;
    for (const i of this.big) sum += shared(x0, y0, x1, y1, this.boxes[i]);
    return sum;
  }
}
