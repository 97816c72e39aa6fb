//! Where flow labels go, so that no label covers another label or an element.
//! Greedy and deterministic: flows in the order given (the caller sorts them by
//! id); for each, candidate centres along its drawn path (its start first,
//! then stepping out towards both ends), then beside the line; the first
//! candidate that touches nothing wins, else the one that overlaps least.
//!
//! Ported line for line to `ui/src/canvas/labels.ts` (the canvas re-places
//! labels while the user drags); `tests/it/canvas_geometry.rs` writes a fixture
//! that pins both to the same answer. Change one, change the other.

use super::scene::{flow_label_rect, Item};

/// Room kept free around every label, so chips never touch.
pub const LABEL_GAP: f64 = 3.0;
/// How far (as a fraction of the flow) a bent flow's label starts off the
/// middle, so the labels of a pair start apart.
pub const LABEL_SHIFT: f64 = 0.12;
/// Distance between candidate centres along a flow.
const STEP: f64 = 12.0;
/// Candidates along the line on each side of the start: a label stays within
/// this many steps of where it belongs.
const ALONG: usize = 16;
/// Beside the line: where along it (fractions from the start), and how many
/// extra steps away from it beyond just touching it.
const BESIDE_AT: [f64; 5] = [0.0, -0.15, 0.15, -0.3, 0.3];
const BESIDE_STEPS: usize = 8;
/// Most boxes one label's search may look at: a label in a pile of shapes
/// takes the least-overlapping spot found so far instead of searching on.
const WORK: u64 = 300;
/// Grid cell of the spatial hash (about one label wide).
const CELL: f64 = 96.0;
/// Cells beyond ±LIMIT (or boxes spanning more than SPAN cells a side) go to a
/// list every query reads, so absurd coordinates never loop over cells.
const LIMIT: f64 = 1_048_576.0;
const SPAN: f64 = 64.0;

/// A flow's label to place: the drawn path (two or more points), the label's
/// size, and where along the path it starts (a fraction of its length).
#[derive(Debug, Clone, Copy)]
pub struct LabelIn<'a> {
    pub path: &'a [(f64, f64)],
    pub size: (f64, f64),
    pub start: f64,
}

/// An axis-aligned box as (x0, y0, x1, y1).
pub type Bounds = (f64, f64, f64, f64);

/// The centre of each label, in input order. Zero-sized labels are not
/// obstacles and sit at their start.
pub fn place(obstacles: &[Bounds], labels: &[LabelIn]) -> Vec<(f64, f64)> {
    let mut grid = Grid::default();
    for b in obstacles {
        grid.insert(*b);
    }
    let mut out = Vec::with_capacity(labels.len());
    for l in labels {
        let (w, h) = l.size;
        let cands = Candidates::new(l.path, l.start);
        let first = cands.along_at(0.0);
        if !(w > 0.0 && h > 0.0 && first.0.is_finite() && first.1.is_finite()) {
            out.push(first);
            continue;
        }
        let (mut best, mut least) = (first, f64::INFINITY);
        let budget = grid.work + WORK;
        let mut consider = |c: (f64, f64), grid: &mut Grid| -> bool {
            let b = (
                c.0 - w / 2.0 - LABEL_GAP,
                c.1 - h / 2.0 - LABEL_GAP,
                c.0 + w / 2.0 + LABEL_GAP,
                c.1 + h / 2.0 + LABEL_GAP,
            );
            let o = grid.overlap(b, least);
            if o < least {
                least = o;
                best = c;
            }
            least == 0.0 || grid.work >= budget
        };
        'search: {
            for k in 0..=ALONG {
                let d = k as f64 * STEP;
                let ahead = cands.along_at(d);
                if cands.reaches(d) && consider(ahead, &mut grid) {
                    break 'search;
                }
                if k > 0 && cands.reaches(-d) && consider(cands.along_at(-d), &mut grid) {
                    break 'search;
                }
            }
            for j in 0..BESIDE_STEPS {
                for f in BESIDE_AT {
                    let d = f * cands.length;
                    for side in [1.0, -1.0] {
                        let c = cands.beside(d, side, (w, h), j as f64 * STEP);
                        if consider(c, &mut grid) {
                            break 'search;
                        }
                    }
                }
            }
        }
        grid.insert((
            best.0 - w / 2.0,
            best.1 - h / 2.0,
            best.0 + w / 2.0,
            best.1 + h / 2.0,
        ));
        out.push(best);
    }
    out
}

/// Moves each flow's label from its start (`label_at.0`, a fraction of the
/// flow) to where it covers no other label and no shape: flows in id order.
pub(super) fn place_scene_labels(shapes: &[Item], flows: &mut [Item]) {
    let obstacles: Vec<Bounds> = shapes
        .iter()
        .filter_map(|item| match item {
            Item::Node { rect, .. } => {
                Some((rect.x, rect.y, rect.x + rect.width, rect.y + rect.height))
            }
            _ => None,
        })
        .collect();
    let mut order: Vec<usize> = (0..flows.len()).collect();
    order.sort_by(|a, b| item_id(&flows[*a]).cmp(item_id(&flows[*b])));
    let labels: Vec<LabelIn> = order
        .iter()
        .filter_map(|i| match &flows[*i] {
            Item::Flow {
                points,
                lines,
                label_at,
                ..
            } => Some(LabelIn {
                path: points,
                size: flow_label_rect(lines, (0.0, 0.0))
                    .map_or((0.0, 0.0), |r| (r.width, r.height)),
                start: label_at.0,
            }),
            _ => None,
        })
        .collect();
    let placed = place(&obstacles, &labels);
    for (i, at) in order.into_iter().zip(placed) {
        if let Item::Flow { label_at, .. } = &mut flows[i] {
            *label_at = at;
        }
    }
}

fn item_id(item: &Item) -> &str {
    match item {
        Item::Node { id, .. } | Item::Flow { id, .. } | Item::Line { id, .. } => id,
        Item::Badge { element_id, .. } => element_id,
    }
}

/// A segment's start, unit direction and length.
type Segment = ((f64, f64), (f64, f64), f64);

/// Points along a polyline, measured from the label's start. Lengths use
/// sqrt, not hypot: correctly rounded in both languages, so TypeScript agrees.
struct Candidates<'a> {
    path: &'a [(f64, f64)],
    length: f64,
    start: f64,
    /// Per segment: its start, unit direction and length (empty ones left out).
    segs: Vec<Segment>,
}

impl<'a> Candidates<'a> {
    fn new(path: &'a [(f64, f64)], start: f64) -> Self {
        let mut length = 0.0;
        let mut segs = Vec::with_capacity(path.len());
        for w in path.windows(2) {
            let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
            let len = (dx * dx + dy * dy).sqrt();
            length += len;
            if len > 0.0 {
                segs.push((w[0], (dx / len, dy / len), len));
            }
        }
        Candidates {
            path,
            length,
            start: start.clamp(0.0, 1.0) * length,
            segs,
        }
    }

    fn reaches(&self, d: f64) -> bool {
        let at = self.start + d;
        at >= 0.0 && at <= self.length
    }

    /// The point `d` units from the start, and the direction of travel there.
    fn walk(&self, d: f64) -> ((f64, f64), (f64, f64)) {
        let mut left = (self.start + d).max(0.0).min(self.length);
        let mut dir = (1.0, 0.0);
        for &(a, u, len) in &self.segs {
            dir = u;
            if left <= len {
                return ((a.0 + u.0 * left, a.1 + u.1 * left), dir);
            }
            left -= len;
        }
        (self.path.last().copied().unwrap_or((0.0, 0.0)), dir)
    }

    fn along_at(&self, d: f64) -> (f64, f64) {
        self.walk(d).0
    }

    /// Beside the line at `d`: the label just clear of it on `side` (1: left
    /// of travel), plus `extra` units.
    fn beside(&self, d: f64, side: f64, size: (f64, f64), extra: f64) -> (f64, f64) {
        let (p, u) = self.walk(d);
        let n = (u.1 * side, -u.0 * side);
        let reach = n.0.abs() * size.0 / 2.0 + n.1.abs() * size.1 / 2.0 + LABEL_GAP + extra;
        (p.0 + n.0 * reach, p.1 + n.1 * reach)
    }
}

/// A uniform grid over boxes, for "how much does this box overlap".
#[derive(Default)]
struct Grid {
    boxes: Vec<Bounds>,
    cells: std::collections::HashMap<i64, Vec<usize>>,
    big: Vec<usize>,
    seen: Vec<u32>,
    query: u32,
    /// Boxes looked at so far.
    work: u64,
}

/// The cells a box covers, or None when it belongs in the big list.
fn cells_of(b: Bounds) -> Option<(i64, i64, i64, i64)> {
    let (x0, y0) = ((b.0 / CELL).floor(), (b.1 / CELL).floor());
    let (x1, y1) = ((b.2 / CELL).floor(), (b.3 / CELL).floor());
    let fits = [x0, y0, x1, y1].iter().all(|v| v.abs() <= LIMIT);
    (fits && x1 - x0 <= SPAN && y1 - y0 <= SPAN)
        .then_some((x0 as i64, y0 as i64, x1 as i64, y1 as i64))
}

fn key(cx: i64, cy: i64) -> i64 {
    cx * 4_194_304 + cy
}

impl Grid {
    fn insert(&mut self, b: Bounds) {
        let i = self.boxes.len();
        self.boxes.push(b);
        self.seen.push(0);
        match cells_of(b) {
            Some((x0, y0, x1, y1)) => {
                for cy in y0..=y1 {
                    for cx in x0..=x1 {
                        self.cells.entry(key(cx, cy)).or_default().push(i);
                    }
                }
            }
            None => self.big.push(i),
        }
    }

    /// Total area `b` shares with the boxes; stops counting at `limit`.
    fn overlap(&mut self, b: Bounds, limit: f64) -> f64 {
        self.query += 1;
        let mut sum = 0.0;
        if let Some((x0, y0, x1, y1)) = cells_of(b) {
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    let Some(list) = self.cells.get(&key(cx, cy)) else {
                        continue;
                    };
                    for &i in list {
                        if self.seen[i] != self.query {
                            self.seen[i] = self.query;
                            self.work += 1;
                            sum += shared(b, self.boxes[i]);
                            if sum >= limit {
                                return sum;
                            }
                        }
                    }
                }
            }
        } else {
            // A box this large meets whatever is in the cells: read every box.
            self.work += self.boxes.len() as u64;
            for o in &self.boxes {
                sum += shared(b, *o);
            }
            return sum;
        }
        self.work += self.big.len() as u64;
        for &i in &self.big {
            sum += shared(b, self.boxes[i]);
        }
        sum
    }
}

fn shared(a: Bounds, b: Bounds) -> f64 {
    let w = a.2.min(b.2) - a.0.max(b.0);
    let h = a.3.min(b.3) - a.1.max(b.1);
    if w > 0.0 && h > 0.0 {
        w * h
    } else {
        0.0
    }
}
