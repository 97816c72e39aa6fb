//! A diagram scene drawn as PDF vector graphics, scaled into a box, with the
//! canvas's look (as the SVG renderer): entities as boxes, processes as
//! ellipses, stores between two lines, dashed red trust boundaries, flows with
//! arrowheads and labelled chips, threat badges in their risk colour.

use super::canvas::{pt, Colour, Dash, Page, PathPoint, Stroke};
use super::fonts::{Fonts, Style};
use super::layout::{baseline, text_runs, TextStyle};
use crate::export::scene::{
    badge_width, flow_label_rect, Item, Scene, Shape, BADGE_RADIUS, BOUNDARY_LABEL_INSET,
    FONT_SIZE, LINE_HEIGHT,
};
use crate::model::labels::risk_colour;
use crate::model::{Rect, RiskLevel};

const INK: Colour = (0x33, 0x41, 0x55);
const TEXT: Colour = (0x0f, 0x17, 0x2a);
const TEXT_2: Colour = (0x3f, 0x4b, 0x5e);
const BORDER: Colour = (0xe2, 0xe5, 0xea);
/// The entity's shadow: the ink at 12 % on white.
const SHADOW: Colour = (0xe7, 0xe8, 0xeb);
const ACCENT: Colour = (0x4f, 0x46, 0xe5);
const PROCESS_FILL: Colour = (0xf3, 0xf4, 0xff);
const STORE_FILL: Colour = (0xf8, 0xfa, 0xfc);
const BOUNDARY: Colour = (0xbe, 0x12, 0x3c);
const BOUNDARY_FILL: Colour = (0xfd, 0xf7, 0xf8);
/// A line boundary's label chip edge: the boundary colour at 35 % on white.
const BOUNDARY_EDGE: Colour = (0xeb, 0xb8, 0xc5);
const GREY: Colour = (0x9a, 0xa3, 0xb0);
const GREY_FILL: Colour = (0xf7, 0xf7, 0xf8);
const WHITE: Colour = (0xff, 0xff, 0xff);

/// Maps scene units into the page box.
struct Place {
    x: f64,
    y: f64,
    scale: f64,
}

impl Place {
    fn p(&self, (x, y): (f64, f64)) -> PathPoint {
        pt(self.x + x * self.scale, self.y + y * self.scale)
    }
    fn rect(&self, x: f64, y: f64, w: f64, h: f64) -> (f64, f64, f64, f64) {
        (
            self.x + x * self.scale,
            self.y + y * self.scale,
            w * self.scale,
            h * self.scale,
        )
    }
}

/// Draws `scene` centred in the box (`x`, `y`, `w`, `h`), scaled down to fit
/// (never up beyond its canvas size, so labels keep a readable size).
pub fn draw(page: &mut Page, fonts: &Fonts, scene: &Scene, (x, y, w, h): (f64, f64, f64, f64)) {
    if !(scene.width > 0.0 && scene.height > 0.0) {
        return;
    }
    let scale = (w / scene.width).min(h / scene.height).min(1.0);
    if !(scale.is_finite() && scale > 0.0) {
        return;
    }
    let at = Place {
        x: x + (w - scene.width * scale) / 2.0,
        y: y + (h - scene.height * scale) / 2.0,
        scale,
    };
    for item in &scene.items {
        match item {
            Item::Node {
                shape,
                rect,
                lines,
                out_of_scope,
                ..
            } => node(page, fonts, &at, *shape, rect, lines, *out_of_scope),
            Item::Flow {
                points,
                lines,
                label_at,
                out_of_scope,
                ..
            } => flow(page, fonts, &at, points, lines, *label_at, *out_of_scope),
            Item::Line {
                points,
                lines,
                label_at,
                out_of_scope,
                ..
            } => line(page, fonts, &at, points, lines, *label_at, *out_of_scope),
            Item::Badge {
                at: centre,
                count,
                risk,
                ..
            } => badge(page, fonts, &at, *centre, *count, *risk),
        }
    }
}

fn node(
    page: &mut Page,
    fonts: &Fonts,
    at: &Place,
    shape: Shape,
    rect: &Rect,
    lines: &[String],
    oos: bool,
) {
    let s = at.scale;
    let r = at.rect(rect.x, rect.y, rect.width, rect.height);
    let (stroke, fill) = match (shape, oos) {
        (Shape::Boundary, false) => (BOUNDARY, BOUNDARY_FILL),
        (_, true) => (GREY, GREY_FILL),
        (Shape::Process, false) => (ACCENT, PROCESS_FILL),
        (Shape::Store, false) => (INK, STORE_FILL),
        (Shape::Entity, false) => (INK, WHITE),
    };
    let outline = Stroke {
        colour: stroke,
        width: 1.6 * s,
        dash: if oos || shape == Shape::Boundary {
            Dash::Dashed
        } else {
            Dash::Solid
        },
    };
    match shape {
        Shape::Entity => {
            if !oos {
                // The canvas's hard offset shadow.
                let shadow = (r.0 + 2.0 * s, r.1 + 2.0 * s, r.2, r.3);
                page.rounded(shadow, 3.0 * s, Some(SHADOW), None);
            }
            page.rounded(r, 3.0 * s, Some(fill), Some(outline));
        }
        Shape::Process => page.ellipse(r, Some(fill), Some(outline)),
        Shape::Store => {
            page.rect(r, Some(fill), None);
            let (x0, y0, x1, y1) = (r.0, r.1, r.0 + r.2, r.1 + r.3);
            let edge = Stroke {
                width: 2.0 * s,
                ..outline
            };
            page.line(vec![pt(x0, y0), pt(x1, y0)], edge);
            page.line(vec![pt(x0, y1), pt(x1, y1)], edge);
        }
        Shape::Boundary => page.rounded(r, 8.0 * s, Some(fill), Some(outline)),
    }
    let style = TextStyle {
        size: FONT_SIZE * s,
        style: Style::Regular,
        colour: match (shape, oos) {
            (_, true) => GREY,
            (Shape::Boundary, false) => BOUNDARY,
            _ => TEXT,
        },
        leading: LINE_HEIGHT / FONT_SIZE,
    };
    let lh = LINE_HEIGHT * s;
    if shape == Shape::Boundary {
        let (dx, dy) = BOUNDARY_LABEL_INSET;
        label(
            page,
            fonts,
            lines,
            &style,
            Align::Left(r.0 + dx * s),
            r.1 + dy * s,
        );
        return;
    }
    // The lines, and the out-of-scope tag under them, centred in the shape.
    let block = (lines.len() + usize::from(oos)) as f64 * lh;
    let top = r.1 + (r.3 - block) / 2.0;
    let centre = r.0 + r.2 / 2.0;
    label(page, fonts, lines, &style, Align::Centre(centre), top);
    if oos {
        let tag = TextStyle {
            size: 9.0 * s,
            ..style
        };
        let text = "OUT OF SCOPE";
        let x = centre - fonts.width(text, tag.style, tag.size) / 2.0;
        let y = baseline(top + lines.len() as f64 * lh, lh, tag.size);
        text_runs(page, fonts, x, y, text, &tag);
    }
}

fn flow(
    page: &mut Page,
    fonts: &Fonts,
    at: &Place,
    points: &[(f64, f64)],
    lines: &[String],
    label_at: (f64, f64),
    oos: bool,
) {
    let s = at.scale;
    let colour = if oos { GREY } else { INK };
    let stroke = Stroke {
        colour,
        width: 1.6 * s,
        dash: if oos { Dash::Dashed } else { Dash::Solid },
    };
    let mut path: Vec<PathPoint> = points.iter().map(|&p| at.p(p)).collect();
    if path.len() >= 2 {
        arrowhead(page, &mut path, colour, s);
        page.line(path, stroke);
    }
    let text = if oos { GREY } else { TEXT_2 };
    chip(page, fonts, at, lines, label_at, BORDER, text);
}

/// A line boundary: the box boundary's dashed stroke along its points, its
/// name in the boundary colour on a white chip.
fn line(
    page: &mut Page,
    fonts: &Fonts,
    at: &Place,
    points: &[(f64, f64)],
    lines: &[String],
    label_at: (f64, f64),
    oos: bool,
) {
    let s = at.scale;
    let colour = if oos { GREY } else { BOUNDARY };
    let path: Vec<PathPoint> = points.iter().map(|&p| at.p(p)).collect();
    if path.len() >= 2 {
        page.line(
            path,
            Stroke {
                colour,
                width: 1.6 * s,
                dash: Dash::Dashed,
            },
        );
    }
    let edge = if oos { GREY } else { BOUNDARY_EDGE };
    chip(page, fonts, at, lines, label_at, edge, colour);
}

/// A flow's or a line's name on a white chip centred at `label_at`.
fn chip(
    page: &mut Page,
    fonts: &Fonts,
    at: &Place,
    lines: &[String],
    label_at: (f64, f64),
    edge: Colour,
    text: Colour,
) {
    let Some(chip) = flow_label_rect(lines, label_at) else {
        return;
    };
    let s = at.scale;
    let r = at.rect(chip.x, chip.y, chip.width, chip.height);
    page.rounded(r, 5.0 * s, Some(WHITE), Some(Stroke::solid(edge, s)));
    let style = TextStyle {
        size: FONT_SIZE * s,
        style: Style::Regular,
        colour: text,
        leading: LINE_HEIGHT / FONT_SIZE,
    };
    let top = r.1 + (r.3 - lines.len() as f64 * LINE_HEIGHT * s) / 2.0;
    label(
        page,
        fonts,
        lines,
        &style,
        Align::Centre(r.0 + r.2 / 2.0),
        top,
    );
}

fn badge(
    page: &mut Page,
    fonts: &Fonts,
    at: &Place,
    centre: (f64, f64),
    count: u32,
    risk: Option<RiskLevel>,
) {
    let s = at.scale;
    let bw = badge_width(count);
    let r = at.rect(
        centre.0 - bw / 2.0,
        centre.1 - BADGE_RADIUS,
        bw,
        2.0 * BADGE_RADIUS,
    );
    page.rounded(
        r,
        BADGE_RADIUS * s,
        Some(risk_colour(risk)),
        Some(Stroke::solid(WHITE, 2.0 * s)),
    );
    let style = TextStyle {
        size: FONT_SIZE * 0.85 * s,
        style: Style::Bold,
        colour: WHITE,
        leading: 1.0,
    };
    let text = count.to_string();
    let tw = fonts.width(&text, style.style, style.size);
    let y = baseline(r.1, r.3, style.size);
    text_runs(page, fonts, r.0 + (r.2 - tw) / 2.0, y, &text, &style);
}

enum Align {
    Left(f64),
    Centre(f64),
}

fn label(
    page: &mut Page,
    fonts: &Fonts,
    lines: &[String],
    style: &TextStyle,
    align: Align,
    top: f64,
) {
    let lh = style.size * style.leading;
    for (i, line) in lines.iter().enumerate() {
        let text = fonts.clean(line).replace('\n', " ");
        let x = match align {
            Align::Left(x) => x,
            Align::Centre(cx) => cx - fonts.width(&text, style.style, style.size) / 2.0,
        };
        let y = baseline(top + i as f64 * lh, lh, style.size);
        text_runs(page, fonts, x, y, &text, style);
    }
}

/// A filled arrowhead at the last point, along the last segment; the line is
/// shortened to the arrow's base so its end does not poke through the tip.
fn arrowhead(page: &mut Page, path: &mut [PathPoint], colour: Colour, scale: f64) {
    let (Some(&tip), Some(&from)) = (path.last(), path.iter().rev().nth(1)) else {
        return;
    };
    let (dx, dy) = (tip.x - from.x, tip.y - from.y);
    let len = dx.hypot(dy);
    if !(len > 0.0 && len.is_finite()) {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    let (l, hw) = (11.0 * scale, 4.5 * scale);
    let (bx, by) = (tip.x - ux * l, tip.y - uy * l);
    if let Some(end) = path.last_mut() {
        // As the SVG: the line stops 4 units inside the arrowhead.
        let back = (4.0 * scale).min(len);
        *end = pt(tip.x - ux * back, tip.y - uy * back);
    }
    page.polygon(
        vec![
            pt(tip.x, tip.y),
            pt(bx - uy * hw, by + ux * hw),
            pt(bx + uy * hw, by - ux * hw),
        ],
        Some(colour),
        None,
    );
}
