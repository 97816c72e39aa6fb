//! What a page draws, in points with y going down from the top edge (as the
//! layout thinks), and its translation into printpdf operations (y up).

use printpdf::{
    Color, FontId, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, Rgb, TextItem, TextMatrix, WindingOrder,
};
use std::collections::BTreeSet;

pub type Colour = (u8, u8, u8);

pub const A4: (f64, f64) = (595.28, 841.89);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    /// Leaders in the contents.
    Dotted,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub colour: Colour,
    pub width: f64,
    pub dash: Dash,
}

impl Stroke {
    pub fn solid(colour: Colour, width: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dash: Dash::Solid,
        }
    }
}

/// A path point; `control` marks the two handles before a curve's end point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathPoint {
    pub x: f64,
    pub y: f64,
    pub control: bool,
}

pub fn pt(x: f64, y: f64) -> PathPoint {
    PathPoint {
        x,
        y,
        control: false,
    }
}

fn handle(x: f64, y: f64) -> PathPoint {
    PathPoint {
        x,
        y,
        control: true,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// One run of text in one face; `y` is the baseline.
    Text {
        x: f64,
        y: f64,
        size: f64,
        face: usize,
        colour: Colour,
        text: String,
    },
    Path {
        points: Vec<PathPoint>,
        closed: bool,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub cmds: Vec<Cmd>,
}

impl Page {
    pub fn new(width: f64, height: f64) -> Page {
        Page {
            width,
            height,
            cmds: Vec::new(),
        }
    }

    pub fn rect(
        &mut self,
        (x, y, w, h): (f64, f64, f64, f64),
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    ) {
        self.cmds.push(Cmd::Path {
            points: vec![pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h)],
            closed: true,
            fill,
            stroke,
        });
    }

    pub fn line(&mut self, points: Vec<PathPoint>, stroke: Stroke) {
        self.cmds.push(Cmd::Path {
            points,
            closed: false,
            fill: None,
            stroke: Some(stroke),
        });
    }

    pub fn polygon(
        &mut self,
        points: Vec<PathPoint>,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    ) {
        self.cmds.push(Cmd::Path {
            points,
            closed: true,
            fill,
            stroke,
        });
    }

    /// The ellipse inscribed in the box, as four Bézier arcs.
    pub fn ellipse(
        &mut self,
        (x, y, w, h): (f64, f64, f64, f64),
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    ) {
        // Handle length for a quarter circle.
        const K: f64 = 0.552_284_75;
        let (rx, ry) = (w / 2.0, h / 2.0);
        let (cx, cy) = (x + rx, y + ry);
        let (kx, ky) = (rx * K, ry * K);
        let points = vec![
            pt(cx + rx, cy),
            handle(cx + rx, cy + ky),
            handle(cx + kx, cy + ry),
            pt(cx, cy + ry),
            handle(cx - kx, cy + ry),
            handle(cx - rx, cy + ky),
            pt(cx - rx, cy),
            handle(cx - rx, cy - ky),
            handle(cx - kx, cy - ry),
            pt(cx, cy - ry),
            handle(cx + kx, cy - ry),
            handle(cx + rx, cy - ky),
            pt(cx + rx, cy),
        ];
        self.polygon(points, fill, stroke);
    }

    /// A box with rounded corners of radius `r`.
    pub fn rounded(
        &mut self,
        (x, y, w, h): (f64, f64, f64, f64),
        r: f64,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    ) {
        const K: f64 = 0.552_284_75;
        let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
        let k = r * (1.0 - K);
        let (x1, y1) = (x + w, y + h);
        let points = vec![
            pt(x + r, y),
            pt(x1 - r, y),
            handle(x1 - k, y),
            handle(x1, y + k),
            pt(x1, y + r),
            pt(x1, y1 - r),
            handle(x1, y1 - k),
            handle(x1 - k, y1),
            pt(x1 - r, y1),
            pt(x + r, y1),
            handle(x + k, y1),
            handle(x, y1 - k),
            pt(x, y1 - r),
            pt(x, y + r),
            handle(x, y + k),
            handle(x + k, y),
            pt(x + r, y),
        ];
        self.polygon(points, fill, stroke);
    }

    /// Characters drawn per face, for subsetting.
    pub fn collect_chars(&self, used: &mut [BTreeSet<char>]) {
        for cmd in &self.cmds {
            if let Cmd::Text { face, text, .. } = cmd {
                if let Some(set) = used.get_mut(*face) {
                    set.extend(text.chars());
                }
            }
        }
    }

    /// The page as printpdf operations; `fonts` maps face indices to embedded fonts.
    pub fn ops(&self, fonts: &[Option<FontId>]) -> Vec<Op> {
        let mut ops = Vec::with_capacity(self.cmds.len() * 4);
        let flip = |y: f64| self.height - y;
        for cmd in &self.cmds {
            match cmd {
                Cmd::Text {
                    x,
                    y,
                    size,
                    face,
                    colour,
                    text,
                } => {
                    let Some(Some(font)) = fonts.get(*face) else {
                        continue;
                    };
                    ops.extend([
                        Op::StartTextSection,
                        Op::SetFont {
                            font: PdfFontHandle::External(font.clone()),
                            size: Pt(*size as f32),
                        },
                        Op::SetFillColor { col: rgb(*colour) },
                        Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(Pt(*x as f32), Pt(flip(*y) as f32)),
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(text.clone())],
                        },
                        Op::EndTextSection,
                    ]);
                }
                Cmd::Path {
                    points,
                    closed,
                    fill,
                    stroke,
                } => {
                    let mode = match (fill, stroke) {
                        (Some(_), Some(_)) => PaintMode::FillStroke,
                        (Some(_), None) => PaintMode::Fill,
                        (None, Some(_)) => PaintMode::Stroke,
                        (None, None) => continue,
                    };
                    if let Some(f) = fill {
                        ops.push(Op::SetFillColor { col: rgb(*f) });
                    }
                    if let Some(s) = stroke {
                        ops.push(Op::SetOutlineColor { col: rgb(s.colour) });
                        ops.push(Op::SetOutlineThickness {
                            pt: Pt(s.width as f32),
                        });
                        ops.push(Op::SetLineDashPattern {
                            dash: match s.dash {
                                Dash::Solid => LineDashPattern::solid(),
                                Dash::Dashed => LineDashPattern::new(
                                    0.0,
                                    // 6 4 at the canvas's 1.6 line width.
                                    &[3.75 * s.width as f32, 2.5 * s.width as f32],
                                ),
                                Dash::Dotted => LineDashPattern::new(
                                    0.0,
                                    &[s.width as f32, 3.0 * s.width as f32],
                                ),
                            },
                        });
                    }
                    let points = points
                        .iter()
                        .map(|p| LinePoint {
                            p: Point {
                                x: Pt(p.x as f32),
                                y: Pt(flip(p.y) as f32),
                            },
                            bezier: p.control,
                        })
                        .collect();
                    let polygon = Polygon {
                        rings: vec![PolygonRing { points }],
                        mode,
                        winding_order: WindingOrder::NonZero,
                    };
                    if *closed {
                        ops.push(Op::DrawPolygon { polygon });
                    } else {
                        ops.push(Op::DrawLine {
                            line: printpdf::Line {
                                points: polygon.rings.into_iter().flat_map(|r| r.points).collect(),
                                is_closed: false,
                            },
                        });
                    }
                }
            }
        }
        ops
    }
}

fn rgb((r, g, b): Colour) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(r) / 255.0,
        g: f32::from(g) / 255.0,
        b: f32::from(b) / 255.0,
        icc_profile: None,
    })
}
