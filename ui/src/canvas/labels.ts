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
  const grid = new Grid(obstacles, labels);
  for (const b of obstacles) grid.insert(b);
  const out: Xy[] = [];
  for (const l of labels) {
    const w = l.width;
    const h = l.height;
    const cands = new Candidates(l.path, l.start);
    const first = cands.alongAt(0);
    if (!(w > 0 && h > 0) || !Number.isFinite(first[0]) || !Number.isFinite(first[1])) {
      out.push(first);
      continue;
    }
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
    search: {
      for (let k = 0; k <= ALONG; k++) {
        const d = k * STEP;
        if (cands.reaches(d) && (cands.walk(d), consider(cands.px, cands.py))) break search;
        if (k > 0 && cands.reaches(-d) && (cands.walk(-d), consider(cands.px, cands.py))) break search;
      }
      for (let j = 0; j < BESIDE_STEPS; j++) {
        for (const f of BESIDE_AT) {
          const d = f * cands.length;
          for (const side of [1, -1]) {
            cands.beside(d, side, w, h, j * STEP);
            if (consider(cands.px, cands.py)) break search;
          }
        }
      }
    }
    grid.insert([best[0] - w / 2, best[1] - h / 2, best[0] + w / 2, best[1] + h / 2]);
    out.push(best);
  }
  return out;
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
      this.work += this.boxes.length;
      for (const o of this.boxes) sum += shared(x0, y0, x1, y1, o);
      return sum;
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
