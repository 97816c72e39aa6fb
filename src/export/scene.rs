//! A diagram laid out for drawing: the shapes, flows, labels and badges of the
//! canvas in report coordinates. SVG, PNG and PDF draw the same scene, so the
//! three look alike. The builder is deterministic: same model, same scene.

use super::flow_labels::{place_scene_labels, LABEL_SHIFT};
use crate::analysis::badges;
use crate::error::{Error, Result};
use crate::model::{Element, ElementKind, ExportFilter, Rect, RiskLevel, State};
use serde::Serialize;
use std::collections::BTreeMap;

/// Space around the diagram's content, in canvas units.
pub const MARGIN: f64 = 24.0;
/// Label text size, in canvas units.
pub const FONT_SIZE: f64 = 13.0;
pub const LINE_HEIGHT: f64 = 16.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scene {
    pub title: String,
    /// Size of the drawing; items lie in (0, 0)–(width, height), y down.
    pub width: f64,
    pub height: f64,
    /// In drawing order: box boundaries (outermost first), line boundaries, nodes, flows (so their labels
    /// stay readable where they reach over a shape), then badges.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Rectangle.
    Entity,
    /// Circle / rounded box.
    Process,
    /// Open-ended box: two parallel horizontal lines.
    Store,
    /// Dashed box, label at its top-left inside.
    Boundary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Node {
        id: String,
        shape: Shape,
        rect: Rect,
        /// The name wrapped to fit, one entry per line; drawn centred (boundaries: top-left).
        lines: Vec<String>,
        /// Out of scope: drawn greyed.
        out_of_scope: bool,
    },
    Flow {
        id: String,
        /// From the edge of the source shape to the edge of the target; an arrowhead at the last point.
        points: Vec<(f64, f64)>,
        lines: Vec<String>,
        /// Centre of the label.
        label_at: (f64, f64),
        out_of_scope: bool,
    },
    /// A trust boundary drawn as a line: a dashed polyline in the boundary
    /// colour, its name on a chip at the middle of its longest segment.
    Line {
        id: String,
        /// The line's points, in order (two or more).
        points: Vec<(f64, f64)>,
        lines: Vec<String>,
        /// Centre of the label.
        label_at: (f64, f64),
        out_of_scope: bool,
    },
    /// Threat count on an element, coloured by its highest risk.
    Badge {
        element_id: String,
        /// Centre.
        at: (f64, f64),
        count: u32,
        risk: Option<RiskLevel>,
    },
}

/// Radius of a threat badge (a pill when the count has several digits).
pub const BADGE_RADIUS: f64 = 10.0;
/// Padding between a flow's label text and the box drawn behind it.
pub const FLOW_LABEL_PAD: (f64, f64) = (6.0, 3.0);

/// Where a boundary's label starts, from the boundary's top-left corner (its first line's top).
pub const BOUNDARY_LABEL_INSET: (f64, f64) = (10.0, 7.0);

/// Widest a flow label gets before it wraps, like the canvas's label chip.
const FLOW_LABEL_WIDTH: f64 = 200.0;
/// Horizontal padding inside entities and stores.
const NODE_PAD: f64 = 10.0;
/// Sideways distance between flows joining the same two elements (as the canvas).
pub const BEND_STEP: f64 = 46.0;

/// Approximate advance of `text` at `size` in DejaVu Sans: enough to wrap and
/// size boxes without loading a font. Wide (CJK, emoji) characters take 1 em.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

fn char_em(c: char) -> f64 {
    match c {
        // Combining marks and zero-width characters take no room.
        '\u{0300}'..='\u{036f}' | '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' => 0.0,
        ' ' => 0.32,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'í' | 'ì' | 'ï' => 0.28,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' | '"' => 0.4,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.86,
        'A'..='Z' | '0'..='9' | '&' | '#' | '_' | '<' | '>' | '=' | '+' => 0.66,
        c if is_wide(c) => 1.0,
        _ => 0.6,
    }
}

/// East Asian wide and fullwidth characters, and emoji.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{1f300}'..='\u{1faff}'
        | '\u{20000}'..='\u{3fffd}')
}

/// Greedy word wrap to `max_width` at `size`; words wider than a line are
/// broken between characters (CJK text has no spaces). Explicit line breaks
/// are kept; runs of spaces become one. Empty text gives no lines.
pub fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let space = text_width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut width = 0.0;
        for word in paragraph.split_whitespace() {
            let w = text_width(word, size);
            if line.is_empty() && w <= max_width {
                line.push_str(word);
                width = w;
            } else if !line.is_empty() && width + space + w <= max_width {
                line.push(' ');
                line.push_str(word);
                width += space + w;
            } else {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if w <= max_width {
                    line.push_str(word);
                    width = w;
                } else {
                    // Break between characters; the last piece starts the next line.
                    width = 0.0;
                    for c in word.chars() {
                        let cw = char_em(c) * size;
                        if !line.is_empty() && width + cw > max_width {
                            lines.push(std::mem::take(&mut line));
                            width = 0.0;
                        }
                        line.push(c);
                        width += cw;
                    }
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// The box drawn behind a flow label centred at `at` (empty labels have none).
pub fn flow_label_rect(lines: &[String], at: (f64, f64)) -> Option<Rect> {
    if lines.is_empty() {
        return None;
    }
    let text = lines
        .iter()
        .map(|l| text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    let w = text + 2.0 * FLOW_LABEL_PAD.0;
    let h = lines.len() as f64 * LINE_HEIGHT + 2.0 * FLOW_LABEL_PAD.1;
    Some(Rect::new(at.0 - w / 2.0, at.1 - h / 2.0, w, h))
}

/// Width of a badge showing `count` (a circle, or a pill for several digits).
pub fn badge_width(count: u32) -> f64 {
    let text = text_width(&count.to_string(), FONT_SIZE * 0.85);
    (text + 10.0).max(2.0 * BADGE_RADIUS)
}

/// Lays out `diagram_id` for drawing. Out-of-scope elements, and the flows
/// touching them, are left out unless the filter includes them (then greyed).
pub fn build(state: &State, diagram_id: &str, filter: &ExportFilter) -> Result<Scene> {
    let diagram = state
        .diagrams
        .get(diagram_id)
        .ok_or_else(|| Error::not_found("Diagram", diagram_id))?;
    let drawn = |e: &Element| filter.include_out_of_scope || !e.is_out_of_scope();
    let finite = |r: &Rect| {
        [r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite())
            && r.width >= 0.0
            && r.height >= 0.0
    };
    let nodes: BTreeMap<&str, &Element> = state
        .elements_of(diagram_id)
        .filter(|e| e.kind.is_node() && drawn(e) && finite(&e.rect))
        .map(|e| (e.id.as_str(), e))
        .collect();

    let mut boundaries = Vec::new();
    let mut line_items = Vec::new();
    let mut shapes = Vec::new();
    for e in nodes.values() {
        if e.is_line() {
            if let Some(item) = line_item(e) {
                line_items.push(item);
            }
            continue;
        }
        let (shape, max_width) = match e.kind {
            ElementKind::TrustBoundary => {
                (Shape::Boundary, e.rect.width - 2.0 * BOUNDARY_LABEL_INSET.0)
            }
            // The widest band of an ellipse that still holds a few lines.
            ElementKind::Process => (Shape::Process, e.rect.width * 0.72),
            ElementKind::DataStore => (Shape::Store, e.rect.width - 2.0 * NODE_PAD),
            _ => (Shape::Entity, e.rect.width - 2.0 * NODE_PAD),
        };
        let item = Item::Node {
            id: e.id.clone(),
            shape,
            rect: e.rect,
            lines: wrap(&e.name, max_width.max(FONT_SIZE), FONT_SIZE),
            out_of_scope: e.is_out_of_scope(),
        };
        if shape == Shape::Boundary {
            boundaries.push((e.rect.area(), item));
        } else {
            shapes.push(item);
        }
    }
    // Largest first, so a nested boundary is drawn over the one around it.
    boundaries.sort_by(|a, b| b.0.total_cmp(&a.0));

    let mut flows = flow_items(state, diagram_id, &nodes, &drawn);
    place_scene_labels(&shapes, &mut flows);

    // The threats the report lists: a badge never counts what the reader cannot find.
    let matrix = &state.info.risk_matrix;
    let counts = badges(
        state.threats.values().filter(|t| filter.keeps(t, matrix)),
        matrix,
    );
    let mut badge_items = Vec::new();
    for item in shapes.iter().chain(&flows) {
        let (id, at) = match item {
            Item::Node {
                id, shape, rect, ..
            } => {
                let at = if *shape == Shape::Process {
                    // On the circle, where the canvas puts it.
                    (rect.x + rect.width * 0.85, rect.y + rect.height * 0.15)
                } else {
                    (rect.x + rect.width - 2.0, rect.y + 2.0)
                };
                (id, at)
            }
            Item::Flow {
                id,
                lines,
                label_at,
                ..
            } => {
                let at =
                    flow_label_rect(lines, *label_at).map_or(*label_at, |r| (r.x + r.width, r.y));
                (id, at)
            }
            Item::Line { .. } | Item::Badge { .. } => continue,
        };
        if let Some(b) = counts.get(id).filter(|b| b.count > 0) {
            badge_items.push(Item::Badge {
                element_id: id.clone(),
                at,
                count: b.count,
                risk: b.highest,
            });
        }
    }

    let mut items: Vec<Item> = boundaries.into_iter().map(|(_, item)| item).collect();
    items.extend(line_items);
    items.extend(shapes);
    items.extend(flows);
    items.extend(badge_items);

    let (width, height) = fit(&mut items);
    Ok(Scene {
        title: diagram.name.clone(),
        width,
        height,
        items,
    })
}

/// A line boundary's item: its points (a line with a non-finite point is not
/// drawn) and its name on a chip at the middle of its longest segment.
fn line_item(e: &Element) -> Option<Item> {
    let points: Vec<(f64, f64)> = e.points.iter().map(|p| (p.x, p.y)).collect();
    if points.len() < 2 || points.iter().any(|p| !(p.0.is_finite() && p.1.is_finite())) {
        return None;
    }
    Some(Item::Line {
        id: e.id.clone(),
        label_at: line_label_at(&points),
        lines: wrap(&e.name, FLOW_LABEL_WIDTH, FONT_SIZE),
        points,
        out_of_scope: e.is_out_of_scope(),
    })
}

/// The middle of the longest segment of `points` (the first of equals), where a
/// line boundary's label sits, as on the canvas.
pub fn line_label_at(points: &[(f64, f64)]) -> (f64, f64) {
    let mut best = (
        f64::NEG_INFINITY,
        points.first().copied().unwrap_or((0.0, 0.0)),
    );
    for w in points.windows(2) {
        if let [a, b] = w {
            let len = (b.0 - a.0).hypot(b.1 - a.1);
            if len > best.0 {
                best = (len, lerp(*a, *b, 0.5));
            }
        }
    }
    best.1
}

/// Flows between drawn elements of the diagram, by id. Flows joining the same
/// two elements are spread sideways (bent once in the middle) like the canvas.
fn flow_items(
    state: &State,
    diagram_id: &str,
    nodes: &BTreeMap<&str, &Element>,
    drawn: &dyn Fn(&Element) -> bool,
) -> Vec<Item> {
    let ends = |f: &Element| -> Option<(&Element, &Element)> {
        let s = nodes.get(f.source.as_deref()?)?;
        let t = nodes.get(f.target.as_deref()?)?;
        (s.kind.is_endpoint() && t.kind.is_endpoint() && s.id != t.id).then_some((*s, *t))
    };
    let flows: Vec<(&Element, &Element, &Element)> = state
        .elements_of(diagram_id)
        .filter(|f| f.kind == ElementKind::DataFlow && drawn(f))
        .filter_map(|f| ends(f).map(|(s, t)| (f, s, t)))
        .collect();

    // Flows per unordered pair of ends, in id order (the elements map is sorted).
    let mut pairs: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (f, s, t) in &flows {
        let key = if s.id < t.id {
            (s.id.as_str(), t.id.as_str())
        } else {
            (t.id.as_str(), s.id.as_str())
        };
        pairs.entry(key).or_default().push(f.id.as_str());
    }

    flows
        .iter()
        .map(|(f, s, t)| {
            let forward = s.id < t.id;
            let key = if forward {
                (s.id.as_str(), t.id.as_str())
            } else {
                (t.id.as_str(), s.id.as_str())
            };
            let group = pairs.get(&key).map_or(&[][..], Vec::as_slice);
            let index = group.iter().position(|id| *id == f.id).unwrap_or(0);
            let k = (index as f64 - (group.len() as f64 - 1.0) / 2.0) * BEND_STEP;
            // Normals flip with direction, so A→B and B→A end up on opposite sides.
            let bend = if forward { k } else { -k };
            let (points, start) = flow_path(s, t, bend);
            let out_of_scope = f.is_out_of_scope() || s.is_out_of_scope() || t.is_out_of_scope();
            Item::Flow {
                id: f.id.clone(),
                points,
                lines: wrap(&f.name, FLOW_LABEL_WIDTH, FONT_SIZE),
                // Until `place_scene_labels` puts the label: where along the
                // flow it starts (a fraction of its length), as `(start, 0)`.
                label_at: (start, 0.0),
                out_of_scope,
            }
        })
        .collect()
}

/// Where a flow from `s` to `t` bent `bend` units to the left of its
/// direction turns (the knee `flow_path` draws through).
pub fn flow_knee(s: &Element, t: &Element, bend: f64) -> (f64, f64) {
    let (cs, ct) = (s.rect.centre(), t.rect.centre());
    let (dx, dy) = (ct.0 - cs.0, ct.1 - cs.1);
    let len = dx.hypot(dy).max(f64::EPSILON);
    (
        (cs.0 + ct.0) / 2.0 + bend * dy / len,
        (cs.1 + ct.1) / 2.0 - bend * dx / len,
    )
}

/// The points of a flow from `s` to `t`, bent `bend` units to the left of its
/// direction at the middle, and where along it its label starts (a fraction).
fn flow_path(s: &Element, t: &Element, bend: f64) -> (Vec<(f64, f64)>, f64) {
    let (cs, ct) = (s.rect.centre(), t.rect.centre());
    let (dx, dy) = (ct.0 - cs.0, ct.1 - cs.1);
    let len = dx.hypot(dy).max(f64::EPSILON);
    // Left of s→t on screen (y grows downwards).
    let (nx, ny) = (dy / len, -dx / len);
    if bend == 0.0 {
        let p0 = outline_point(s, ct);
        let p1 = outline_point(t, cs);
        return (vec![p0, p1], 0.5);
    }
    let knee = (
        (cs.0 + ct.0) / 2.0 + bend * nx,
        (cs.1 + ct.1) / 2.0 + bend * ny,
    );
    let p0 = outline_point(s, knee);
    let p1 = outline_point(t, knee);
    // Move the label along the flow, the way that separates a pair's labels most.
    let side = if bend * ny * (dy / len) > 0.0 {
        1.0
    } else {
        -1.0
    };
    (vec![p0, knee, p1], 0.5 + side * LABEL_SHIFT)
}

fn lerp(a: (f64, f64), b: (f64, f64), t: f64) -> (f64, f64) {
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

/// Where the ray from the element's centre towards `toward` leaves its
/// outline: an ellipse for processes, the rectangle otherwise.
fn outline_point(e: &Element, toward: (f64, f64)) -> (f64, f64) {
    let c = e.rect.centre();
    let (dx, dy) = (toward.0 - c.0, toward.1 - c.1);
    let (a, b) = (e.rect.width / 2.0, e.rect.height / 2.0);
    if (dx == 0.0 && dy == 0.0) || a <= 0.0 || b <= 0.0 {
        return c;
    }
    let t = if e.kind == ElementKind::Process {
        1.0 / ((dx * dx) / (a * a) + (dy * dy) / (b * b)).sqrt()
    } else {
        let tx = if dx == 0.0 {
            f64::INFINITY
        } else {
            a / dx.abs()
        };
        let ty = if dy == 0.0 {
            f64::INFINITY
        } else {
            b / dy.abs()
        };
        tx.min(ty)
    };
    (c.0 + dx * t, c.1 + dy * t)
}

/// Moves everything so the drawing starts at (MARGIN, MARGIN); returns its size.
/// The extent covers labels and badges too, so nothing sticking out is cut.
fn fit(items: &mut [Item]) -> (f64, f64) {
    let mut min = (f64::INFINITY, f64::INFINITY);
    let mut max = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut add = |r: Rect| {
        min = (min.0.min(r.x), min.1.min(r.y));
        max = (max.0.max(r.x + r.width), max.1.max(r.y + r.height));
    };
    for item in items.iter() {
        match item {
            Item::Node {
                shape,
                rect,
                lines,
                out_of_scope,
                ..
            } => {
                add(*rect);
                // Text too tall for its shape spills out of it (boundaries: below).
                let w = lines
                    .iter()
                    .map(|l| text_width(l, FONT_SIZE))
                    .fold(0.0, f64::max);
                let h = (lines.len() + usize::from(*out_of_scope)) as f64 * LINE_HEIGHT;
                if *shape == Shape::Boundary {
                    add(Rect::new(
                        rect.x + BOUNDARY_LABEL_INSET.0,
                        rect.y + BOUNDARY_LABEL_INSET.1,
                        w,
                        h,
                    ));
                } else {
                    let (cx, cy) = rect.centre();
                    add(Rect::new(cx - w / 2.0, cy - h / 2.0, w, h));
                }
            }
            Item::Flow {
                points,
                lines,
                label_at,
                ..
            }
            | Item::Line {
                points,
                lines,
                label_at,
                ..
            } => {
                for p in points {
                    add(Rect::new(p.0, p.1, 0.0, 0.0));
                }
                if let Some(r) = flow_label_rect(lines, *label_at) {
                    add(r);
                }
            }
            Item::Badge { at, count, .. } => {
                let w = badge_width(*count);
                add(Rect::new(
                    at.0 - w / 2.0,
                    at.1 - BADGE_RADIUS,
                    w,
                    2.0 * BADGE_RADIUS,
                ));
            }
        }
    }
    if min.0 > max.0 {
        return (2.0 * MARGIN, 2.0 * MARGIN);
    }
    let (ox, oy) = (MARGIN - min.0, MARGIN - min.1);
    let shift = |p: &mut (f64, f64)| {
        p.0 += ox;
        p.1 += oy;
    };
    for item in items.iter_mut() {
        match item {
            Item::Node { rect, .. } => {
                rect.x += ox;
                rect.y += oy;
            }
            Item::Flow {
                points, label_at, ..
            }
            | Item::Line {
                points, label_at, ..
            } => {
                points.iter_mut().for_each(shift);
                shift(label_at);
            }
            Item::Badge { at, .. } => shift(at),
        }
    }
    // Whole units, so a PNG of it has no half-covered last row or column.
    (
        (max.0 - min.0 + 2.0 * MARGIN).ceil(),
        (max.1 - min.1 + 2.0 * MARGIN).ceil(),
    )
}
