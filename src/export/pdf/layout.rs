//! A small flow layout on A4: paragraphs and headings that wrap by the fonts'
//! real glyph advances, tables whose rows break across pages (header
//! repeated), page breaks before anything would cross the bottom margin, and
//! running headers and footers ("Page N of M") added once the page count is known.

use super::canvas::{pt, Cmd, Colour, Page, Stroke, A4};
use super::fonts::{Fonts, Style};
use super::wrap::wrap;

pub const INK: Colour = (0x1f, 0x29, 0x37);
pub const MUTED: Colour = (0x5b, 0x66, 0x75);
pub const ACCENT: Colour = (0x1d, 0x3b, 0x63);
pub const RULE: Colour = (0xd3, 0xd9, 0xe1);
pub const TINT: Colour = (0xf2, 0xf5, 0xf8);
pub const WHITE: Colour = (0xff, 0xff, 0xff);

const MARGIN_X: f64 = 56.0;
const MARGIN_TOP: f64 = 70.0;
const MARGIN_BOTTOM: f64 = 62.0;
const CELL_PAD_X: f64 = 6.0;
const TABLE_SIZE: f64 = 8.8;
const CELL_PAD_Y: f64 = 3.5;

#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub size: f64,
    pub style: Style,
    pub colour: Colour,
    /// Line height as a multiple of the size.
    pub leading: f64,
}

pub const BODY: TextStyle = TextStyle {
    size: 10.0,
    style: Style::Regular,
    colour: INK,
    leading: 1.45,
};
pub const SMALL: TextStyle = TextStyle {
    size: 8.5,
    style: Style::Regular,
    colour: MUTED,
    leading: 1.35,
};

impl TextStyle {
    pub fn bold(self) -> TextStyle {
        TextStyle {
            style: Style::Bold,
            ..self
        }
    }
    pub fn colour(self, colour: Colour) -> TextStyle {
        TextStyle { colour, ..self }
    }
    pub fn size(self, size: f64) -> TextStyle {
        TextStyle { size, ..self }
    }
    fn line_height(&self) -> f64 {
        self.size * self.leading
    }
}

/// A heading as placed, for the table of contents and the bookmarks.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub title: String,
    /// 1-based.
    pub page: usize,
}

pub struct Column {
    pub title: String,
    /// Share of the table's width left by the fixed columns.
    pub weight: f64,
    /// Width in points, when set.
    pub fixed: Option<f64>,
}

pub fn col(title: &str, weight: f64) -> Column {
    Column {
        title: title.into(),
        weight,
        fixed: None,
    }
}

/// A column as wide as its widest entry (short ids, which must not wrap).
pub fn col_fit<'a>(doc: &Doc, title: &'a str, texts: impl Iterator<Item = &'a str>) -> Column {
    let style = TextStyle {
        size: TABLE_SIZE,
        ..BODY.bold()
    };
    let widest = texts
        .chain([title])
        .map(|t| doc.text_width(t, &style))
        .fold(0.0, f64::max);
    Column {
        fixed: Some((widest + 2.0 * CELL_PAD_X + 1.0).min(doc.width() / 3.0)),
        ..col(title, 0.0)
    }
}

#[derive(Clone)]
pub struct Cell {
    pub text: String,
    pub bold: bool,
    pub colour: Colour,
    pub fill: Option<Colour>,
    /// Each line drawn as a coloured label (risk levels, changes).
    pub badge: Option<Colour>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            bold: false,
            colour: INK,
            fill: None,
            badge: None,
        }
    }
    pub fn label(text: impl Into<String>) -> Cell {
        Cell {
            bold: true,
            colour: MUTED,
            fill: Some(TINT),
            ..Cell::text(text)
        }
    }
    /// White bold text on a `colour` label, for risk levels.
    pub fn badge(text: impl Into<String>, colour: Colour) -> Cell {
        Cell {
            bold: true,
            colour: WHITE,
            badge: Some(colour),
            ..Cell::text(text)
        }
    }
    fn head(text: impl Into<String>) -> Cell {
        Cell {
            bold: true,
            colour: WHITE,
            fill: Some(ACCENT),
            ..Cell::text(text)
        }
    }
}

pub struct Table {
    pub columns: Vec<Column>,
    /// Draw the column titles (repeated on every page the table spans).
    pub header: bool,
    pub rows: Vec<Vec<Cell>>,
    /// Share of the text width.
    pub width: f64,
}

impl Table {
    pub fn new(columns: Vec<Column>, rows: Vec<Vec<Cell>>) -> Table {
        Table {
            columns,
            header: true,
            rows,
            width: 1.0,
        }
    }

    /// Without column titles: label and value pairs.
    pub fn plain(columns: Vec<Column>, rows: Vec<Vec<Cell>>) -> Table {
        Table {
            header: false,
            ..Table::new(columns, rows)
        }
    }

    pub fn narrow(self, width: f64) -> Table {
        Table { width, ..self }
    }
}

/// Page header and footer text.
pub struct Chrome {
    pub left: String,
    pub right: String,
    pub footer: String,
}

pub struct Doc<'f> {
    pub fonts: &'f Fonts,
    pages: Vec<Page>,
    /// Pages that carry the running header and footer (not the cover).
    chrome: Vec<bool>,
    y: f64,
    pub headings: Vec<Heading>,
}

impl<'f> Doc<'f> {
    pub fn new(fonts: &'f Fonts) -> Doc<'f> {
        Doc {
            fonts,
            pages: Vec::new(),
            chrome: Vec::new(),
            y: MARGIN_TOP,
            headings: Vec::new(),
        }
    }

    /// Starts a page: A4, landscape when asked; `chrome`: header and footer.
    pub fn page(&mut self, landscape: bool, chrome: bool) {
        let (w, h) = if landscape { (A4.1, A4.0) } else { A4 };
        self.pages.push(Page::new(w, h));
        self.chrome.push(chrome);
        self.y = MARGIN_TOP;
    }

    /// A new portrait page, unless the current one is still empty.
    pub fn page_break(&mut self) {
        if self.pages.is_empty() || self.y > MARGIN_TOP + 0.5 {
            self.page(false, true);
        }
    }

    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    fn current(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.page(false, true);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn canvas(&mut self) -> &mut Page {
        self.current()
    }

    pub fn size(&self) -> (f64, f64) {
        self.pages.last().map_or(A4, |p| (p.width, p.height))
    }

    pub fn left(&self) -> f64 {
        MARGIN_X
    }

    pub fn width(&self) -> f64 {
        self.size().0 - 2.0 * MARGIN_X
    }

    pub fn bottom(&self) -> f64 {
        self.size().1 - MARGIN_BOTTOM
    }

    pub fn y(&self) -> f64 {
        self.y
    }

    pub fn set_y(&mut self, y: f64) {
        self.y = y;
    }

    pub fn space(&mut self, h: f64) {
        // Space at the top of a page is not needed.
        if self.y > MARGIN_TOP + 0.5 {
            self.y = (self.y + h).min(self.bottom());
        }
    }

    /// Breaks the page unless `h` points still fit.
    pub fn keep(&mut self, h: f64) {
        if self.pages.is_empty() || self.y + h > self.bottom() {
            self.page(false, true);
        }
    }

    /// Lines of `text` (already cleaned) that fit `width` at `style`.
    pub fn wrap(&self, text: &str, style: &TextStyle, width: f64) -> Vec<String> {
        wrap(self.fonts, text, style.style, style.size, width)
    }

    /// One line of cleaned text with its baseline at `y`.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let fonts = self.fonts;
        text_runs(self.current(), fonts, x, y, text, style);
    }

    pub fn text_width(&self, text: &str, style: &TextStyle) -> f64 {
        self.fonts.width(text, style.style, style.size)
    }

    /// Paragraphs of user text (one per line of `text`), wrapped, breaking pages between lines.
    pub fn paragraph(&mut self, text: &str, style: &TextStyle) {
        self.indented(text, style, 0.0);
    }

    pub fn indented(&mut self, text: &str, style: &TextStyle, indent: f64) {
        let clean = self.fonts.clean(text);
        let lh = style.line_height();
        let width = self.width() - indent;
        for para in clean.split('\n') {
            for line in self.wrap(para, style, width) {
                self.keep(lh);
                let y = self.y;
                self.text(
                    self.left() + indent,
                    baseline(y, lh, style.size),
                    &line,
                    style,
                );
                self.y += lh;
            }
        }
        self.y += lh * 0.35;
    }

    /// A numbered heading; levels 1 and 2 go into the table of contents.
    pub fn heading(&mut self, level: u8, title: &str) {
        let style = match level {
            1 => BODY.bold().size(17.0).colour(ACCENT),
            2 => BODY.bold().size(12.5).colour(ACCENT),
            _ => BODY.bold().size(10.5),
        };
        let clean = self.fonts.clean(title).replace('\n', " ");
        let lines = self.wrap(&clean, &style, self.width());
        let lh = style.size * 1.3;
        let before = match level {
            1 => 14.0,
            2 => 12.0,
            _ => 6.0,
        };
        // Keep the heading with the start of what follows it.
        self.keep(before + lh * lines.len() as f64 + 60.0);
        self.space(before);
        self.headings.push(Heading {
            level,
            title: clean,
            page: self.page_number(),
        });
        for line in &lines {
            self.keep(lh);
            let y = self.y;
            self.text(self.left(), baseline(y, lh, style.size), line, &style);
            self.y += lh;
        }
        if level == 1 {
            let (x, w, y) = (self.left(), self.width(), self.y + 3.0);
            self.current()
                .line(vec![pt(x, y), pt(x + w, y)], Stroke::solid(ACCENT, 0.8));
            self.y += 9.0;
        } else {
            self.y += 4.0;
        }
    }

    /// A small coloured label with white text, left at `x`, on the line starting at `top`.
    pub fn chip(&mut self, x: f64, top: f64, text: &str, fill: Colour) -> f64 {
        let style = SMALL.bold().colour(WHITE);
        let clean = self.fonts.clean(text).replace('\n', " ");
        let w = self.text_width(&clean, &style) + 10.0;
        let h = style.size + 6.0;
        self.current()
            .rounded((x, top, w, h), 3.0, Some(fill), None);
        self.text(x + 5.0, baseline(top, h, style.size), &clean, &style);
        w
    }

    pub fn table(&mut self, table: &Table) {
        let size = TABLE_SIZE;
        let lh = size * 1.32;
        let full = self.width() * table.width.clamp(0.1, 1.0);
        let fixed: f64 = table.columns.iter().filter_map(|c| c.fixed).sum();
        let rest = (full - fixed).max(0.0);
        let total: f64 = table
            .columns
            .iter()
            .filter(|c| c.fixed.is_none())
            .map(|c| c.weight.max(0.0))
            .sum();
        let total = if total > 0.0 { total } else { 1.0 };
        let widths: Vec<f64> = table
            .columns
            .iter()
            .map(|c| c.fixed.unwrap_or(rest * c.weight.max(0.0) / total))
            .collect();
        let header: Vec<Cell> = table
            .columns
            .iter()
            .map(|c| Cell::head(c.title.clone()))
            .collect();
        let header_lines = self.cell_lines(&header, &widths, size);
        let header_h = row_height(&header_lines, lh);

        let start_page = |doc: &mut Doc| {
            if table.header {
                let n = header_lines.iter().map(Vec::len).max().unwrap_or(1);
                doc.draw_row_part(&header, &header_lines, &widths, 0, n, lh, size, None);
                doc.y += header_h;
            }
        };
        let first_lines = table
            .rows
            .first()
            .map(|r| self.cell_lines(r, &widths, size));
        let first_h = first_lines
            .as_ref()
            .map_or(0.0, |l| row_height(l, lh).min(80.0));
        self.keep(header_h + first_h + 4.0);
        start_page(self);

        for (i, row) in table.rows.iter().enumerate() {
            let lines = self.cell_lines(row, &widths, size);
            let tall = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let height = row_height(&lines, lh);
            let fresh_room = self.bottom() - MARGIN_TOP - if table.header { header_h } else { 0.0 };
            // A row that fits on a page moves whole to the next; a taller one is split.
            if self.y + height > self.bottom() && height <= fresh_room {
                self.page(false, true);
                start_page(self);
            }
            let mut from = 0;
            while from < tall {
                let room = ((self.bottom() - self.y - 2.0 * CELL_PAD_Y) / lh).floor();
                let fresh = self.y <= MARGIN_TOP + header_h + 0.5;
                if room < 1.0 && !fresh {
                    self.page(false, true);
                    start_page(self);
                    continue;
                }
                // At least a line per page, so an absurd header cannot stall the loop.
                let n = (room.max(1.0) as usize).min(tall - from);
                let stripe = (table.header && i % 2 == 1).then_some(TINT);
                self.draw_row_part(row, &lines, &widths, from, n, lh, size, stripe);
                self.y += n as f64 * lh + 2.0 * CELL_PAD_Y;
                from += n;
                if from < tall {
                    self.page(false, true);
                    start_page(self);
                }
            }
        }
        self.y += 8.0;
    }

    fn cell_lines(&self, row: &[Cell], widths: &[f64], size: f64) -> Vec<Vec<String>> {
        row.iter()
            .zip(widths)
            .map(|(cell, w)| {
                let style = cell_style(cell, size);
                let clean = self.fonts.clean(&cell.text);
                clean
                    .split('\n')
                    .flat_map(|p| self.wrap(p, &style, (w - 2.0 * CELL_PAD_X).max(4.0)))
                    .collect()
            })
            .collect()
    }

    /// Lines `from..from + n` of each cell, on one page.
    #[allow(clippy::too_many_arguments)]
    fn draw_row_part(
        &mut self,
        row: &[Cell],
        lines: &[Vec<String>],
        widths: &[f64],
        from: usize,
        n: usize,
        lh: f64,
        size: f64,
        stripe: Option<Colour>,
    ) {
        let h = n as f64 * lh + 2.0 * CELL_PAD_Y;
        let (top, mut x) = (self.y, self.left());
        for ((cell, cell_lines), w) in row.iter().zip(lines).zip(widths) {
            if let Some(fill) = cell.fill.or(stripe) {
                self.current().rect((x, top, *w, h), Some(fill), None);
            }
            let style = cell_style(cell, size);
            for (k, line) in cell_lines.iter().skip(from).take(n).enumerate() {
                let line_top = top + CELL_PAD_Y + k as f64 * lh;
                if let Some(colour) = cell.badge.filter(|_| !line.is_empty()) {
                    let w = self.text_width(line, &style) + 8.0;
                    let (bh, tx) = (size + 4.5, x + CELL_PAD_X - 4.0);
                    let rect = (tx, line_top + (lh - bh) / 2.0, w, bh);
                    self.current().rounded(rect, 2.5, Some(colour), None);
                }
                let y = baseline(line_top, lh, size);
                self.text(x + CELL_PAD_X, y, line, &style);
            }
            x += w;
        }
        let (left, right) = (self.left(), self.left() + widths.iter().sum::<f64>());
        self.current().line(
            vec![pt(left, top + h), pt(right, top + h)],
            Stroke::solid(RULE, 0.5),
        );
    }

    /// The pages, with running headers and footers.
    pub fn finish(mut self, chrome: &Chrome) -> Vec<Page> {
        let total = self.pages.len();
        let fonts = self.fonts;
        let style = SMALL;
        for i in 0..total {
            if !self.chrome[i] {
                continue;
            }
            let (w, h) = (self.pages[i].width, self.pages[i].height);
            let mut page = std::mem::replace(&mut self.pages[i], Page::new(w, h));
            let number = format!("Page {} of {total}", i + 1);
            let right_w = fonts.width(&chrome.right, style.style, style.size);
            let left = fit(
                fonts,
                &chrome.left,
                &style,
                w - 2.0 * MARGIN_X - right_w - 20.0,
            );
            let number_w = fonts.width(&number, style.style, style.size);
            let footer = fit(
                fonts,
                &chrome.footer,
                &style,
                w - 2.0 * MARGIN_X - number_w - 20.0,
            );
            let mut place =
                |x: f64, y: f64, text: &str| text_runs(&mut page, fonts, x, y, text, &style);
            place(MARGIN_X, 38.0, &left);
            place(w - MARGIN_X - right_w, 38.0, &chrome.right);
            place(MARGIN_X, h - 30.0, &footer);
            place(w - MARGIN_X - number_w, h - 30.0, &number);
            page.line(
                vec![pt(MARGIN_X, 45.0), pt(w - MARGIN_X, 45.0)],
                Stroke::solid(RULE, 0.6),
            );
            page.line(
                vec![pt(MARGIN_X, h - 42.0), pt(w - MARGIN_X, h - 42.0)],
                Stroke::solid(RULE, 0.6),
            );
            self.pages[i] = page;
        }
        self.pages
    }
}

fn cell_style(cell: &Cell, size: f64) -> TextStyle {
    TextStyle {
        size,
        style: if cell.bold {
            Style::Bold
        } else {
            Style::Regular
        },
        colour: cell.colour,
        leading: 1.32,
    }
}

fn row_height(lines: &[Vec<String>], lh: f64) -> f64 {
    lines.iter().map(Vec::len).max().unwrap_or(0).max(1) as f64 * lh + 2.0 * CELL_PAD_Y
}

/// One line of cleaned text with its baseline at `y`, a run per face.
pub fn text_runs(
    page: &mut Page,
    fonts: &Fonts,
    mut x: f64,
    y: f64,
    text: &str,
    style: &TextStyle,
) {
    for run in fonts.runs(text, style.style) {
        page.cmds.push(Cmd::Text {
            x,
            y,
            size: style.size,
            face: run.face,
            colour: style.colour,
            text: run.text.to_string(),
        });
        x += fonts.width(run.text, style.style, style.size);
    }
}

/// The baseline of a line of `size` text centred in a line box at `top`.
pub fn baseline(top: f64, line_height: f64, size: f64) -> f64 {
    top + (line_height - size) / 2.0 + size * 0.82
}

/// `text` cleaned, on one line, shortened with "…" to fit `width`.
pub fn fit(fonts: &Fonts, text: &str, style: &TextStyle, width: f64) -> String {
    let text = fonts.clean(text).replace('\n', " ");
    if fonts.width(&text, style.style, style.size) <= width {
        return text;
    }
    let mut out = String::new();
    let mut w = fonts.width("…", style.style, style.size);
    for c in text.chars() {
        w += fonts.advance(style.style, c) * style.size;
        if w > width {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}
