//! A layered layout for the elements a reader left without a position.
//!
//! The reader marks an element "not placed" by leaving its rect zero-sized
//! (`Rect::default()`), and says which box boundary each element belongs to
//! in a `Parents` map (element id → boundary id; the Threat Dragon and TM7
//! readers always give positions and pass an empty map). A boundary's members
//! are laid out as a group: its nodes and, as one big node each, its nested
//! boundaries; the groups' layers come from `rust-sugiyama` (Sugiyama's
//! method over a petgraph graph: cycle removal, network-simplex layering,
//! crossing reduction). The layers are then packed so that no two nodes
//! overlap, and each boundary's box is sized around its members. Top-level
//! groups sit side by side.
//!
//! On a diagram where every unplaced element belongs to no placed boundary,
//! the unplaced ones are laid out as one block to the right of what has a
//! position. Where an unplaced element belongs to a placed boundary, the
//! whole diagram is laid out again (the report says so).

use super::ImportReport;
use crate::model::{Element, ElementKind, Model, Rect};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Element id → the id of the box boundary it lies in (as the source says).
pub(crate) type Parents = HashMap<String, String>;

/// A process's or an entity's size.
pub const NODE: (f64, f64) = (140.0, 80.0);
/// A data store's size.
pub const STORE: (f64, f64) = (160.0, 60.0);
/// Space between nodes of a layer, and around a boundary's members.
const GAP: f64 = 60.0;
/// Space between layers (room for a flow's label).
const LAYER_GAP: f64 = 90.0;
/// Padding inside a boundary's box; the top holds its name.
const PAD: f64 = 30.0;
const PAD_TOP: f64 = 50.0;
/// Where a laid-out diagram starts.
const ORIGIN: f64 = 40.0;
/// Larger groups are layered by longest path, without crossing reduction,
/// so that a 10,000-element import stays well under a second.
const SUGIYAMA_MAX: usize = 600;

/// Whether the reader left `e` without a position.
pub(crate) fn unplaced(e: &Element) -> bool {
    e.kind != ElementKind::DataFlow
        && e.points.is_empty()
        && e.rect.width <= 0.0
        && e.rect.height <= 0.0
}

/// The size the layout gives a node of `kind`.
pub fn size_of(kind: ElementKind) -> (f64, f64) {
    match kind {
        ElementKind::DataStore => STORE,
        _ => NODE,
    }
}

/// Places the elements the source gave no position, with one report line.
pub(super) fn arrange(model: &mut Model, parents: &Parents, report: &mut ImportReport) {
    let missing = model.elements.iter().filter(|e| unplaced(e)).count();
    if missing == 0 {
        return;
    }
    let diagrams: Vec<String> = model.diagrams.iter().map(|d| d.id.clone()).collect();
    let mut redone = 0;
    for d in &diagrams {
        redone += arrange_diagram(model, d, parents);
    }
    report.defaulted(format!(
        "{missing} elements had no position: laid out in layers"
    ));
    if redone > 0 {
        report.defaulted(format!(
            "{redone} positions replaced by the layout, as elements inside a placed boundary had none"
        ));
    }
}

/// Lays out one diagram; returns how many source positions were replaced.
fn arrange_diagram(model: &mut Model, diagram: &str, parents: &Parents) -> usize {
    // The diagram's nodes (not flows, not line boundaries), by index in model.elements.
    let nodes: Vec<usize> = model
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.diagram_id == diagram && e.kind != ElementKind::DataFlow && e.points.is_empty()
        })
        .map(|(i, _)| i)
        .collect();
    if !nodes.iter().any(|&i| unplaced(&model.elements[i])) {
        return 0;
    }
    let index: HashMap<&str, usize> = nodes
        .iter()
        .map(|&i| (model.elements[i].id.as_str(), i))
        .collect();
    // Each node's parent: a box boundary of this diagram, cycles broken.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    for &i in &nodes {
        let Some(p) = parents.get(&model.elements[i].id) else {
            continue;
        };
        let Some(&pi) = index.get(p.as_str()) else {
            continue;
        };
        if pi != i && model.elements[pi].is_box_boundary() {
            parent.insert(i, pi);
        }
    }
    break_cycles(&mut parent);
    let placed_ancestor = |i: usize| {
        let mut cur = i;
        let mut steps = 0;
        while let Some(&p) = parent.get(&cur) {
            if !unplaced(&model.elements[p]) {
                return true;
            }
            cur = p;
            steps += 1;
            if steps > nodes.len() {
                break;
            }
        }
        false
    };
    let todo: Vec<usize> = nodes
        .iter()
        .copied()
        .filter(|&i| unplaced(&model.elements[i]))
        .collect();
    let whole = todo.iter().any(|&i| placed_ancestor(i));
    let (members, start_x, start_y) = if whole {
        (nodes.clone(), ORIGIN, ORIGIN)
    } else {
        // To the right of what has a position.
        let right = nodes
            .iter()
            .map(|&i| &model.elements[i])
            .filter(|e| !unplaced(e))
            .map(|e| e.rect.x + e.rect.width)
            .fold(f64::NEG_INFINITY, f64::max);
        let top = nodes
            .iter()
            .map(|&i| &model.elements[i])
            .filter(|e| !unplaced(e))
            .map(|e| e.rect.y)
            .fold(f64::INFINITY, f64::min);
        let x = if right.is_finite() {
            right + GAP * 2.0
        } else {
            ORIGIN
        };
        let y = if top.is_finite() { top } else { ORIGIN };
        (todo.clone(), x, y)
    };
    let replaced = if whole { nodes.len() - todo.len() } else { 0 };
    let member_set: BTreeSet<usize> = members.iter().copied().collect();
    // The groups: children of each boundary (None: the top level).
    let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for &i in &members {
        let p = parent.get(&i).copied().filter(|p| member_set.contains(p));
        children.entry(p).or_default().push(i);
    }
    // Flows between members, as pairs of element indexes.
    let flows: Vec<(usize, usize)> = model
        .elements
        .iter()
        .filter(|e| e.kind == ElementKind::DataFlow && e.diagram_id == diagram)
        .filter_map(|e| {
            let s = *index.get(e.source.as_deref()?)?;
            let t = *index.get(e.target.as_deref()?)?;
            (member_set.contains(&s) && member_set.contains(&t)).then_some((s, t))
        })
        .collect();
    let group_of = |i: usize| parent.get(&i).copied().filter(|p| member_set.contains(p));
    let mut ctx = Ctx {
        elements: &model.elements,
        children: &children,
        group_of: &group_of,
        flows: &flows,
        rects: HashMap::new(),
    };
    ctx.group(None, 0);
    let rects = std::mem::take(&mut ctx.rects);
    for (i, r) in rects {
        if let Some(e) = model.elements.get_mut(i) {
            e.rect = Rect::new(r.x + start_x, r.y + start_y, r.width, r.height);
        }
    }
    replaced
}

fn break_cycles(parent: &mut HashMap<usize, usize>) {
    let keys: Vec<usize> = {
        let mut k: Vec<usize> = parent.keys().copied().collect();
        k.sort_unstable();
        k
    };
    for start in keys {
        let mut seen = BTreeSet::new();
        let mut cur = start;
        seen.insert(cur);
        while let Some(&p) = parent.get(&cur) {
            if !seen.insert(p) {
                parent.remove(&cur);
                break;
            }
            cur = p;
        }
    }
}

struct Ctx<'a, G: Fn(usize) -> Option<usize>> {
    elements: &'a [Element],
    children: &'a BTreeMap<Option<usize>, Vec<usize>>,
    group_of: &'a G,
    flows: &'a [(usize, usize)],
    /// Rects relative to the laid-out block's origin.
    rects: HashMap<usize, Rect>,
}

impl<G: Fn(usize) -> Option<usize>> Ctx<'_, G> {
    /// Lays out `group`'s members from (0, 0); returns the block's size. The
    /// members' rects (and their members') are stored relative to the block.
    fn group(&mut self, group: Option<usize>, depth: usize) -> (f64, f64) {
        let members: Vec<usize> = self.children.get(&group).cloned().unwrap_or_default();
        if members.is_empty() {
            return (0.0, 0.0);
        }
        // Sizes: a node's own, a nested boundary's from its members.
        let mut sizes: Vec<(f64, f64)> = Vec::with_capacity(members.len());
        for &m in &members {
            let e = &self.elements[m];
            let size = if e.is_box_boundary() && depth < 64 {
                let (w, h) = self.group(Some(m), depth + 1);
                if w <= 0.0 {
                    NODE
                } else {
                    ((w + 2.0 * PAD).max(NODE.0), (h + PAD + PAD_TOP).max(NODE.1))
                }
            } else {
                size_of(e.kind)
            };
            sizes.push(size);
        }
        let slot: HashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &m)| (m, k)).collect();
        // Edges between members: each flow's ends lifted to this group's level.
        let lift = |mut i: usize| -> Option<usize> {
            let mut steps = 0;
            loop {
                if let Some(&k) = slot.get(&i) {
                    return Some(k);
                }
                i = (self.group_of)(i)?;
                steps += 1;
                if steps > 256 {
                    return None;
                }
            }
        };
        let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
        for &(s, t) in self.flows {
            if let (Some(a), Some(b)) = (lift(s), lift(t)) {
                if a != b && !edges.contains(&(b, a)) {
                    edges.insert((a, b));
                }
            }
        }
        let layers = layers(members.len(), &edges, &sizes);
        // Pack: each layer a row, rows stacked; in a row, left to right.
        let mut y = 0.0;
        let mut width: f64 = 0.0;
        let mut placed: Vec<(usize, f64, f64)> = Vec::with_capacity(members.len());
        for row in &layers {
            let h = row.iter().map(|&k| sizes[k].1).fold(0.0, f64::max);
            let mut x = 0.0;
            for &k in row {
                let (w, hh) = sizes[k];
                placed.push((k, x, y + (h - hh) / 2.0));
                x += w + GAP;
            }
            width = width.max(x - GAP);
            y += h + LAYER_GAP;
        }
        // Centre each row in the block.
        let mut row_start = 0;
        for row in &layers {
            let row_w: f64 = row.iter().map(|&k| sizes[k].0).sum::<f64>()
                + GAP * (row.len().saturating_sub(1)) as f64;
            let shift = (width - row_w) / 2.0;
            for p in placed.iter_mut().skip(row_start).take(row.len()) {
                p.1 += shift;
            }
            row_start += row.len();
        }
        let height = (y - LAYER_GAP).max(0.0);
        for (k, x, yy) in placed {
            let m = members[k];
            let (w, h) = sizes[k];
            self.rects.insert(m, Rect::new(x, yy, w, h));
            if self.elements[m].is_box_boundary() {
                // Its members, relative to it, shifted into its box.
                self.shift_members(m, x + PAD, yy + PAD_TOP, w, h);
            }
        }
        (width, height)
    }

    /// Moves `boundary`'s members (laid out from (0, 0)) into its box at
    /// (`x`, `y`), centred in its width.
    fn shift_members(&mut self, boundary: usize, x: f64, y: f64, w: f64, _h: f64) {
        let mut stack: Vec<usize> = self
            .children
            .get(&Some(boundary))
            .cloned()
            .unwrap_or_default();
        let inner: f64 = stack
            .iter()
            .filter_map(|m| self.rects.get(m))
            .map(|r| r.x + r.width)
            .fold(0.0, f64::max);
        let dx = x + ((w - 2.0 * PAD) - inner).max(0.0) / 2.0;
        let mut seen = BTreeSet::new();
        while let Some(m) = stack.pop() {
            if !seen.insert(m) {
                continue;
            }
            if let Some(r) = self.rects.get_mut(&m) {
                r.x += dx;
                r.y += y;
            }
            if let Some(c) = self.children.get(&Some(m)) {
                stack.extend(c.iter().copied());
            }
        }
    }
}

/// The members' layers (slots), each in its left-to-right order.
fn layers(n: usize, edges: &BTreeSet<(usize, usize)>, sizes: &[(f64, f64)]) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![];
    }
    if edges.is_empty() {
        // No flows: a grid, roughly square.
        let per = ((n as f64).sqrt().ceil() as usize).max(1);
        return (0..n)
            .collect::<Vec<_>>()
            .chunks(per)
            .map(|c| c.to_vec())
            .collect();
    }
    // Members without a flow at this level go after the layers, in a grid;
    // the others are layered.
    let mut linked = vec![false; n];
    for &(a, b) in edges {
        if a < n && b < n {
            linked[a] = true;
            linked[b] = true;
        }
    }
    let connected: Vec<usize> = (0..n).filter(|&k| linked[k]).collect();
    let lone: Vec<usize> = (0..n).filter(|&k| !linked[k]).collect();
    let local: HashMap<usize, usize> = connected.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let sub_edges: BTreeSet<(usize, usize)> = edges
        .iter()
        .filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?)))
        .collect();
    let sub_sizes: Vec<(f64, f64)> = connected
        .iter()
        .map(|&k| sizes.get(k).copied().unwrap_or(NODE))
        .collect();
    let m = connected.len();
    let layered = if m <= SUGIYAMA_MAX {
        sugiyama(m, &sub_edges, &sub_sizes).unwrap_or_else(|| longest_path(m, &sub_edges))
    } else {
        longest_path(m, &sub_edges)
    };
    let mut rows: Vec<Vec<usize>> = layered
        .into_iter()
        .map(|r| {
            r.into_iter()
                .filter_map(|i| connected.get(i).copied())
                .collect()
        })
        .collect();
    if !lone.is_empty() {
        let per = ((lone.len() as f64).sqrt().ceil() as usize).clamp(1, 40);
        rows.extend(lone.chunks(per).map(|c| c.to_vec()));
    }
    rows
}

/// Layers from rust-sugiyama: vertices grouped by their y, ordered by x.
fn sugiyama(
    n: usize,
    edges: &BTreeSet<(usize, usize)>,
    sizes: &[(f64, f64)],
) -> Option<Vec<Vec<usize>>> {
    let mut g: StableDiGraph<usize, ()> = StableDiGraph::new();
    let ids: Vec<NodeIndex> = (0..n).map(|k| g.add_node(k)).collect();
    for &(a, b) in edges {
        g.add_edge(*ids.get(a)?, *ids.get(b)?, ());
    }
    let config = rust_sugiyama::configure::Config {
        vertex_spacing: GAP,
        dummy_vertices: true,
        transpose: n <= 200,
        ..Default::default()
    };
    let size = |_: NodeIndex, k: &usize| sizes.get(*k).copied().unwrap_or(NODE);
    // The crate is not ours: a panic in it falls back to longest-path layers.
    let layouts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rust_sugiyama::from_graph(&g, &size, &config)
    }))
    .ok()?;
    // Components side by side: offset each by the widths before it.
    let mut rows: BTreeMap<i64, Vec<(f64, usize)>> = BTreeMap::new();
    let mut offset = 0.0;
    let mut seen = vec![false; n];
    for (coords, w, _h) in layouts {
        for (id, (x, y)) in coords {
            let k = *g.node_weight(id)?;
            if k < n && !seen[k] {
                seen[k] = true;
                rows.entry((y * 1000.0).round() as i64)
                    .or_default()
                    .push((x + offset, k));
            }
        }
        offset += w.max(0.0) + GAP * 10.0;
    }
    if seen.iter().any(|s| !s) {
        return None;
    }
    Some(
        rows.into_values()
            .map(|mut r| {
                r.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                r.into_iter().map(|(_, k)| k).collect()
            })
            .collect(),
    )
}

/// Layers by longest path from the sources, cycles broken by visiting order
/// (a DFS that ignores back edges); order within a layer by the mean position
/// of the predecessors (one barycentre sweep).
fn longest_path(n: usize, edges: &BTreeSet<(usize, usize)>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![vec![]; n];
    for &(a, b) in edges {
        if a < n && b < n {
            out[a].push(b);
        }
    }
    // Iterative DFS for a topological order that drops back edges.
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut order = Vec::with_capacity(n);
    let mut dag: Vec<Vec<usize>> = vec![vec![]; n];
    for s in 0..n {
        if state[s] != 0 {
            continue;
        }
        let mut stack = vec![(s, 0usize)];
        state[s] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = out[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        dag[v].push(w);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    2 => dag[v].push(w),
                    _ => {} // a back edge: part of a cycle, ignored
                }
            } else {
                state[v] = 2;
                order.push(v);
                stack.pop();
            }
        }
    }
    order.reverse();
    let mut layer = vec![0usize; n];
    for &v in &order {
        for &w in &dag[v] {
            layer[w] = layer[w].max(layer[v] + 1);
        }
    }
    let depth = layer.iter().copied().max().unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![vec![]; depth + 1];
    for v in 0..n {
        rows[layer[v]].push(v);
    }
    // One barycentre sweep down the layers.
    let mut preds: Vec<Vec<usize>> = vec![vec![]; n];
    for (v, ws) in dag.iter().enumerate() {
        for &w in ws {
            preds[w].push(v);
        }
    }
    let mut pos = vec![0.0f64; n];
    for row in rows.iter_mut() {
        let mut keyed: Vec<(f64, usize)> = row
            .iter()
            .map(|&v| {
                let p = &preds[v];
                let b = if p.is_empty() {
                    v as f64
                } else {
                    p.iter().map(|&u| pos[u]).sum::<f64>() / p.len() as f64
                };
                (b, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *row = keyed.into_iter().map(|(_, v)| v).collect();
        for (i, &v) in row.iter().enumerate() {
            pos[v] = i as f64;
        }
    }
    // Very wide layers wrap, so that a flat model is not one endless row.
    let mut wrapped = Vec::new();
    for row in rows {
        for chunk in row.chunks(40) {
            wrapped.push(chunk.to_vec());
        }
    }
    wrapped
}
