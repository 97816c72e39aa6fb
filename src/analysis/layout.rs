//! The layered layout: Sugiyama's method (rust-sugiyama: cycle removal,
//! network-simplex layering, crossing reduction) over each boundary's
//! members, left to right, nested boundaries laid out as one big node each
//! and sized around their members. Serves the importers (elements a source
//! left without a position) and Tidy (a whole diagram again).

use crate::model::Rect;
use crate::model::{Element, ElementKind, State};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A process's or an entity's size.
pub const NODE: (f64, f64) = (140.0, 80.0);
/// A data store's size.
pub const STORE: (f64, f64) = (160.0, 60.0);
/// Space between nodes of a layer, and around a boundary's members.
pub const GAP: f64 = 60.0;
/// Space between layers: room for a flow's label.
const LAYER_GAP: f64 = 170.0;
/// Padding inside a boundary's box; the top holds its name.
const PAD: f64 = 30.0;
const PAD_TOP: f64 = 50.0;
/// Larger groups are layered by longest path, without crossing reduction,
/// so that a 10,000-element import stays well under a second.
const SUGIYAMA_MAX: usize = 600;

/// The size the layout gives a node of `kind`.
pub fn size_of(kind: ElementKind) -> (f64, f64) {
    match kind {
        ElementKind::DataStore => STORE,
        _ => NODE,
    }
}

/// Lays out `members` (indexes into `elements`: entities, processes, stores
/// and box boundaries) in layers from left to right, from (0, 0). `parent`
/// maps a member to the box boundary (itself a member) it belongs to; the
/// flows among `elements` between members give the layers. Returns each
/// member's rect.
pub fn layered(
    elements: &[&Element],
    members: &[usize],
    parent: &HashMap<usize, usize>,
) -> HashMap<usize, Rect> {
    let mut parent = parent.clone();
    break_cycles(&mut parent);
    let member_set: BTreeSet<usize> = members.iter().copied().collect();
    let index: HashMap<&str, usize> = members
        .iter()
        .filter_map(|&i| Some((elements.get(i)?.id.as_str(), i)))
        .collect();
    // The groups: children of each boundary (None: the top level).
    let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for &i in &member_set {
        let p = parent.get(&i).copied().filter(|p| member_set.contains(p));
        children.entry(p).or_default().push(i);
    }
    // Flows between members, as pairs of element indexes.
    let flows: Vec<(usize, usize)> = elements
        .iter()
        .filter(|e| e.kind == ElementKind::DataFlow)
        .filter_map(|e| {
            let s = *index.get(e.source.as_deref()?)?;
            let t = *index.get(e.target.as_deref()?)?;
            Some((s, t))
        })
        .collect();
    let group_of = |i: usize| parent.get(&i).copied().filter(|p| member_set.contains(p));
    let mut ctx = Ctx {
        elements,
        children: &children,
        group_of: &group_of,
        flows: &flows,
        rects: HashMap::new(),
    };
    ctx.group(None, 0);
    ctx.rects
}

/// Tidy: the diagram's entities, processes, stores and box boundaries laid out
/// again, each kept in the innermost boundary that holds it now, from the
/// top-left corner of what is drawn. Line boundaries and flows are not moved
/// (a flow follows its ends). Returns (element id, its new rect).
pub fn tidy(state: &State, diagram_id: &str) -> Vec<(String, Rect)> {
    let elements: Vec<&Element> = state.elements_of(diagram_id).collect();
    let members: Vec<usize> = (0..elements.len())
        .filter(|&i| elements[i].kind.is_node() && !elements[i].is_line())
        .collect();
    if members.is_empty() {
        return vec![];
    }
    let at: HashMap<&str, usize> = elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let inside = super::graph::containment(state, diagram_id).inside;
    let parent: HashMap<usize, usize> = members
        .iter()
        .filter_map(|&i| {
            let holders = inside.get(&elements[i].id)?;
            let p = holders
                .iter()
                .rev()
                .filter_map(|b| at.get(b.as_str()).copied())
                .find(|&b| elements[b].is_box_boundary())?;
            Some((i, p))
        })
        .collect();
    let x0 = members
        .iter()
        .map(|&i| elements[i].rect.x)
        .fold(f64::INFINITY, f64::min);
    let y0 = members
        .iter()
        .map(|&i| elements[i].rect.y)
        .fold(f64::INFINITY, f64::min);
    let (x0, y0) = (x0.max(0.0), y0.max(0.0));
    let rects = layered(&elements, &members, &parent);
    let mut out: Vec<(String, Rect)> = rects
        .into_iter()
        .map(|(i, r)| {
            (
                elements[i].id.clone(),
                Rect::new(r.x + x0, r.y + y0, r.width, r.height),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Drops the parent links that close a cycle (a file may say A is in B and B in A).
pub fn break_cycles(parent: &mut HashMap<usize, usize>) {
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
    elements: &'a [&'a Element],
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
            } else if e.rect.width > 0.0 && e.rect.height > 0.0 {
                // Drawn already: keeps its size (a process is a circle on the canvas).
                (e.rect.width, e.rect.height)
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
        // Pack: each layer a column, columns side by side; in a column, top
        // to bottom, centred on the tallest column.
        let col_h = |col: &Vec<usize>| {
            col.iter().map(|&k| sizes[k].1).sum::<f64>() + GAP * col.len().saturating_sub(1) as f64
        };
        let height = layers.iter().map(col_h).fold(0.0, f64::max);
        let mut x = 0.0;
        let mut placed: Vec<(usize, f64, f64)> = Vec::with_capacity(members.len());
        for col in &layers {
            let w = col.iter().map(|&k| sizes[k].0).fold(0.0, f64::max);
            let mut y = (height - col_h(col)) / 2.0;
            for &k in col {
                let (ww, hh) = sizes[k];
                placed.push((k, x + (w - ww) / 2.0, y));
                y += hh + GAP;
            }
            x += w + LAYER_GAP;
        }
        let width = (x - LAYER_GAP).max(0.0);
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

/// The members' layers (slots), each in its top-to-bottom order.
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
        transpose: n <= 64,
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
