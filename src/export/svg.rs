//! A diagram as SVG, drawn from its scene with the canvas's shapes and
//! colours; and as PNG, the same SVG rasterised by resvg. Numbers are written
//! with one decimal, so the same model always gives the same bytes.

use crate::error::{Error, Result};
use crate::export::scene::{
    self, badge_width, flow_label_rect, Item, Scene, Shape, BADGE_RADIUS, BOUNDARY_LABEL_INSET,
    FONT_SIZE, LINE_HEIGHT,
};
use crate::model::labels::risk_colour;
use crate::model::{ExportFilter, Rect, State};
use resvg::{tiny_skia, usvg};
use std::fmt::Write;
use std::sync::{Arc, OnceLock};

const FONT_FAMILY: &str = "'DejaVu Sans', Inter, Arial, sans-serif";
/// The canvas's colours (ui/src/styles.css).
const INK: &str = "#334155";
const TEXT: &str = "#0f172a";
const TEXT_2: &str = "#3f4b5e";
const ACCENT: &str = "#4f46e5";
const BOUNDARY: &str = "#be123c";
const BORDER: &str = "#e2e5ea";
/// Out-of-scope elements: grey outlines and text.
const GREY: &str = "#9aa3b0";
const GREY_FILL: &str = "#f7f7f8";
/// Arrowhead size, as on the canvas.
const ARROW_LENGTH: f64 = 11.0;
const ARROW_HALF_WIDTH: f64 = 4.5;
/// The flow line stops this far inside the arrowhead, so its end never shows past the tip.
const ARROW_OVERLAP: f64 = 4.0;
/// Largest PNG: 16k pixels a side, 64 megapixels (256 MB of pixmap) in all.
const MAX_PNG_SIDE: f64 = 16_384.0;
const MAX_PNG_PIXELS: f64 = 64.0e6;

/// `diagram_id` as a standalone SVG document.
pub fn diagram(state: &State, diagram_id: &str, filter: &ExportFilter) -> Result<String> {
    Ok(render(&scene::build(state, diagram_id, filter)?))
}

/// `diagram_id` as a PNG, `scale` pixels per canvas unit.
pub fn png(state: &State, diagram_id: &str, filter: &ExportFilter, scale: f32) -> Result<Vec<u8>> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Error::Export(format!("Invalid PNG scale {scale}")));
    }
    let scene = scene::build(state, diagram_id, filter)?;
    let (w, h) = (
        (scene.width * f64::from(scale)).ceil(),
        (scene.height * f64::from(scale)).ceil(),
    );
    if w > MAX_PNG_SIDE || h > MAX_PNG_SIDE || w * h > MAX_PNG_PIXELS {
        return Err(Error::Export(format!(
            "The diagram would be {w}×{h} pixels, too large for a PNG; export it at a smaller scale or as SVG"
        )));
    }
    let options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&render(&scene), &options)
        .map_err(|e| Error::Export(format!("The diagram's SVG cannot be read back: {e}")))?;
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| Error::Export(format!("Cannot make a {w}×{h} image")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::Export(format!("PNG encoding failed: {e}")))
}

/// The system's fonts, loaded once: scanning them takes a good part of a second.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// The scene as SVG text.
fn render(scene: &Scene) -> String {
    let mut out = String::with_capacity(512 + scene.items.len() * 320);
    let (w, h) = (num(scene.width), num(scene.height));
    // `write!` into a String cannot fail; the results are ignored throughout.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT_FAMILY}\" font-size=\"{}\">\n<title>{}</title>\n<defs>\n",
        num(FONT_SIZE),
        escape(&scene.title)
    );
    for (id, colour) in [("arrow", INK), ("arrow-out", GREY)] {
        let _ = writeln!(
            out,
            "<marker id=\"{id}\" viewBox=\"0 0 {l} {w2}\" refX=\"{r}\" refY=\"{hw}\" markerWidth=\"{l}\" \
             markerHeight=\"{w2}\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
             <path d=\"M0,0 L{l},{hw} L0,{w2} Z\" fill=\"{colour}\"/></marker>",
            l = num(ARROW_LENGTH),
            w2 = num(2.0 * ARROW_HALF_WIDTH),
            hw = num(ARROW_HALF_WIDTH),
            r = num(ARROW_LENGTH - ARROW_OVERLAP),
        );
    }
    let _ = writeln!(
        out,
        "</defs>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
    );
    for item in &scene.items {
        match item {
            Item::Node {
                id,
                shape,
                rect,
                lines,
                out_of_scope,
            } => node(&mut out, id, *shape, rect, lines, *out_of_scope),
            Item::Flow {
                id,
                points,
                lines,
                label_at,
                out_of_scope,
            } => flow(&mut out, id, points, lines, *label_at, *out_of_scope),
            Item::Line {
                id,
                points,
                lines,
                label_at,
                out_of_scope,
            } => line(&mut out, id, points, lines, *label_at, *out_of_scope),
            Item::Badge {
                element_id,
                at,
                count,
                risk,
            } => {
                let (r, g, b) = risk_colour(*risk);
                let bw = badge_width(*count);
                let _ = writeln!(
                    out,
                    "<g class=\"badge\" data-id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{br}\" \
                     fill=\"#{r:02x}{g:02x}{b:02x}\" stroke=\"#ffffff\" stroke-width=\"2\"/>\
                     <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\" fill=\"#ffffff\">{count}</text></g>",
                    escape(element_id),
                    num(at.0 - bw / 2.0),
                    num(at.1 - BADGE_RADIUS),
                    num(bw),
                    num(2.0 * BADGE_RADIUS),
                    num(at.0),
                    num(at.1 + baseline_offset(FONT_SIZE * 0.85)),
                    num(FONT_SIZE * 0.85),
                    br = num(BADGE_RADIUS),
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

fn node(out: &mut String, id: &str, shape: Shape, r: &Rect, lines: &[String], oos: bool) {
    let (x, y, w, h) = (num(r.x), num(r.y), num(r.width), num(r.height));
    let dash = if oos { " stroke-dasharray=\"5 3\"" } else { "" };
    let (class, body) = match shape {
        Shape::Entity => {
            let (fill, stroke) = if oos {
                (GREY_FILL, GREY)
            } else {
                ("#ffffff", INK)
            };
            // The canvas's hard offset shadow.
            let shadow = if oos {
                String::new()
            } else {
                format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{h}\" rx=\"3\" fill=\"{INK}\" fill-opacity=\"0.12\"/>",
                    num(r.x + 2.0),
                    num(r.y + 2.0)
                )
            };
            (
                "entity",
                format!(
                    "{shadow}<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"3\" fill=\"{fill}\" \
                     stroke=\"{stroke}\" stroke-width=\"1.6\"{dash}/>"
                ),
            )
        }
        Shape::Process => {
            let (fill, stroke) = if oos {
                (GREY_FILL, GREY)
            } else {
                ("#f3f4ff", ACCENT)
            };
            let (cx, cy) = r.centre();
            (
                "process",
                format!(
                    "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" \
                     stroke-width=\"1.6\"{dash}/>",
                    num(cx),
                    num(cy),
                    num(r.width / 2.0),
                    num(r.height / 2.0)
                ),
            )
        }
        Shape::Store => {
            let (fill, stroke) = if oos {
                (GREY_FILL, GREY)
            } else {
                ("#f8fafc", INK)
            };
            (
                "store",
                format!(
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"/>\
                     <path d=\"M{x},{y} H{} M{x},{} H{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2\"{dash}/>",
                    num(r.x + r.width),
                    num(r.y + r.height),
                    num(r.x + r.width)
                ),
            )
        }
        Shape::Boundary => {
            let stroke = if oos { GREY } else { BOUNDARY };
            (
                "boundary",
                format!(
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"8\" fill=\"{stroke}\" \
                     fill-opacity=\"0.03\" stroke=\"{stroke}\" stroke-width=\"1.6\" stroke-dasharray=\"6 4\"/>"
                ),
            )
        }
    };
    let _ = write!(
        out,
        "<g class=\"node {class}\" data-id=\"{}\">{body}",
        escape(id)
    );
    if shape == Shape::Boundary {
        let colour = if oos { GREY } else { BOUNDARY };
        let (dx, dy) = BOUNDARY_LABEL_INSET;
        text(
            out,
            lines,
            (r.x + dx, r.y + dy + LINE_HEIGHT / 2.0),
            "start",
            colour,
        );
    } else {
        let colour = if oos { GREY } else { TEXT };
        // The block of lines (and the out-of-scope tag) centred in the shape.
        let tag = usize::from(oos);
        let (cx, cy) = r.centre();
        let first = cy - (lines.len() + tag) as f64 * LINE_HEIGHT / 2.0 + LINE_HEIGHT / 2.0;
        text(out, lines, (cx, first), "middle", colour);
        if oos {
            let _ = write!(
                out,
                "<text class=\"tag\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" \
                 letter-spacing=\"0.5\" fill=\"{GREY}\">OUT OF SCOPE</text>",
                num(cx),
                num(first + lines.len() as f64 * LINE_HEIGHT + baseline_offset(9.0))
            );
        }
    }
    out.push_str("</g>\n");
}

fn flow(
    out: &mut String,
    id: &str,
    points: &[(f64, f64)],
    lines: &[String],
    label_at: (f64, f64),
    oos: bool,
) {
    let (stroke, marker, text_colour) = if oos {
        (GREY, "arrow-out", GREY)
    } else {
        (INK, "arrow", TEXT_2)
    };
    let _ = write!(
        out,
        "<g class=\"flow\" data-id=\"{}\"><path d=\"",
        escape(id)
    );
    path_points(out, &shortened(points));
    let dash = if oos { " stroke-dasharray=\"5 3\"" } else { "" };
    let _ = write!(
        out,
        "\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1.6\"{dash} marker-end=\"url(#{marker})\"/>"
    );
    chip(
        out,
        lines,
        label_at,
        &format!("stroke=\"{BORDER}\""),
        text_colour,
    );
    out.push_str("</g>\n");
}

/// A path's points as `M x,y L x,y …`.
fn path_points(out: &mut String, points: &[(f64, f64)]) {
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            out,
            "{}{},{}",
            if i == 0 { "M" } else { " L" },
            num(p.0),
            num(p.1)
        );
    }
}

/// A flow's or a line's name on a white chip centred at `label_at`; `edge`
/// is the chip's stroke attributes.
fn chip(out: &mut String, lines: &[String], label_at: (f64, f64), edge: &str, colour: &str) {
    if let Some(r) = flow_label_rect(lines, label_at) {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" fill=\"#ffffff\" {edge}/>",
            num(r.x),
            num(r.y),
            num(r.width),
            num(r.height)
        );
        let first = label_at.1 - (lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0;
        text(out, lines, (label_at.0, first), "middle", colour);
    }
}

/// A line boundary: a dashed polyline like a box boundary's outline, its name
/// in the boundary colour on a white chip at `label_at`.
fn line(
    out: &mut String,
    id: &str,
    points: &[(f64, f64)],
    lines: &[String],
    label_at: (f64, f64),
    oos: bool,
) {
    let colour = if oos { GREY } else { BOUNDARY };
    let _ = write!(
        out,
        "<g class=\"node boundary line\" data-id=\"{}\"><path d=\"",
        escape(id)
    );
    path_points(out, points);
    let _ = write!(
        out,
        "\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" stroke-dasharray=\"6 4\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"
    );
    let edge = format!("stroke=\"{colour}\" stroke-opacity=\"0.35\"");
    chip(out, lines, label_at, &edge, colour);
    out.push_str("</g>\n");
}

/// The flow without its last `ARROW_OVERLAP` units, where the marker sits.
fn shortened(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut pts = points.to_vec();
    if let [.., a, b] = pts.as_mut_slice() {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = dx.hypot(dy);
        if len > ARROW_OVERLAP {
            b.0 -= dx / len * ARROW_OVERLAP;
            b.1 -= dy / len * ARROW_OVERLAP;
        }
    }
    pts
}

/// Lines of text, the first centred vertically on `first.1`, one `LINE_HEIGHT` apart.
fn text(out: &mut String, lines: &[String], first: (f64, f64), anchor: &str, fill: &str) {
    if lines.is_empty() {
        return;
    }
    let _ = write!(out, "<text text-anchor=\"{anchor}\" fill=\"{fill}\">");
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            num(first.0),
            num(first.1 + i as f64 * LINE_HEIGHT + baseline_offset(FONT_SIZE)),
            escape(line)
        );
    }
    out.push_str("</text>");
}

/// From the middle of a line to its baseline: about half of DejaVu Sans's cap height.
fn baseline_offset(size: f64) -> f64 {
    size * 0.36
}

/// A number with one decimal, never "-0.0", so output is byte-stable.
fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

/// Text for XML content and attributes. Characters XML cannot hold (control
/// characters) are dropped rather than making the document unreadable.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
