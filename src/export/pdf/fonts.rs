//! The fonts the PDF embeds, found on the system:
//!
//! - `THREATLOOM_PDF_FONT`, when set: a TrueType file (`.ttf`, or the first
//!   face of a `.ttc`) tried first for every character, regular and bold.
//! - DejaVu Sans and DejaVu Sans Bold (Debian's `fonts-dejavu-core`,
//!   `/usr/share/fonts/truetype/dejavu/`): Latin, Greek, Cyrillic and more.
//! - Droid Sans Fallback (`fonts-droid-fallback`,
//!   `/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf`): the Chinese,
//!   Japanese and Korean glyphs DejaVu lacks.
//!
//! Each character takes the first of these fonts that has a glyph for it, so a
//! line is drawn as runs of one font each. Only the glyphs used are embedded
//! (subset), which keeps a report to a few hundred kilobytes.

use crate::error::{Error, Result};
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::{FontId, FontType, ParsedFont, PdfDocument};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pub const FONT_ENV: &str = "THREATLOOM_PDF_FONT";
pub const DEJAVU_SANS: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
pub const DEJAVU_SANS_BOLD: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
pub const DROID_FALLBACK: &str = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Regular,
    Bold,
}

/// One parsed font file.
struct Face {
    font: ParsedFont,
    units_per_em: f64,
}

impl Face {
    fn glyph(&self, c: char) -> Option<u16> {
        self.font
            .lookup_glyph_index(c as u32)
            .filter(|&gid| gid != 0)
    }

    /// Advance of glyph `gid` in em.
    fn advance(&self, gid: u16) -> f64 {
        f64::from(self.font.get_glyph_width(gid).unwrap_or(0)) / self.units_per_em
    }
}

/// The faces of one document, and which to try, in order, per style.
pub struct Fonts {
    faces: Vec<Arc<Face>>,
    regular: Vec<usize>,
    bold: Vec<usize>,
    /// Face and advance (em) of the printable ASCII characters, per style:
    /// nearly all text, so it skips the glyph-table look-ups.
    ascii: [[(usize, f64); 128]; 2],
}

/// A stretch of text drawn in one face.
pub struct Run<'a> {
    pub face: usize,
    pub text: &'a str,
}

impl Fonts {
    /// The system fonts (see the module comment); an error when none is usable.
    pub fn system() -> Result<Fonts> {
        let custom = match std::env::var_os(FONT_ENV) {
            Some(path) if !path.is_empty() => {
                let path = PathBuf::from(path);
                Some(load(&path).map_err(|why| {
                    Error::Export(format!("{FONT_ENV}={}: {why}", path.display()))
                })?)
            }
            _ => None,
        };
        let optional = |path: &str| load(Path::new(path)).ok();
        Fonts::from_faces(
            custom,
            optional(DEJAVU_SANS),
            optional(DEJAVU_SANS_BOLD),
            optional(DROID_FALLBACK),
        )
    }

    fn from_faces(
        custom: Option<Arc<Face>>,
        regular: Option<Arc<Face>>,
        bold: Option<Arc<Face>>,
        fallback: Option<Arc<Face>>,
    ) -> Result<Fonts> {
        let mut faces = Vec::new();
        let mut push = |face: Option<Arc<Face>>| {
            face.map(|f| {
                faces.push(f);
                faces.len() - 1
            })
        };
        let (custom, regular, bold, fallback) =
            (push(custom), push(regular), push(bold), push(fallback));
        let chain = |main: Option<usize>| -> Vec<usize> {
            [custom, main, fallback].into_iter().flatten().collect()
        };
        let regular_chain = chain(regular);
        if regular_chain.is_empty() {
            return Err(Error::Export(format!(
                "no usable font for the PDF: install DejaVu Sans ({DEJAVU_SANS}, Debian package \
                 fonts-dejavu-core) or set {FONT_ENV} to a TrueType font file"
            )));
        }
        let bold_chain = chain(bold.or(regular));
        let mut fonts = Fonts {
            faces,
            regular: regular_chain,
            bold: bold_chain,
            ascii: [[(0, 0.0); 128]; 2],
        };
        for style in [Style::Regular, Style::Bold] {
            for b in 0x20u8..0x7f {
                fonts.ascii[style as usize][usize::from(b)] = fonts.resolve(style, char::from(b));
            }
        }
        Ok(fonts)
    }

    fn chain(&self, style: Style) -> &[usize] {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    /// The face for `c` and its advance in em; the first face of the chain
    /// (drawing its "missing glyph" box) when no face has it.
    fn resolve(&self, style: Style, c: char) -> (usize, f64) {
        let chain = self.chain(style);
        for &i in chain {
            if let Some(gid) = self.faces[i].glyph(c) {
                return (i, self.faces[i].advance(gid));
            }
        }
        let first = chain.first().copied().unwrap_or(0);
        (first, self.faces.get(first).map_or(0.5, |f| f.advance(0)))
    }

    fn pick(&self, style: Style, c: char) -> (usize, f64) {
        match u8::try_from(c) {
            Ok(b) if (0x20..0x7f).contains(&b) => self.ascii[style as usize][usize::from(b)],
            _ => self.resolve(style, c),
        }
    }

    /// Advance of `c` in em.
    pub fn advance(&self, style: Style, c: char) -> f64 {
        self.pick(style, c).1
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, style: Style, size: f64) -> f64 {
        text.chars().map(|c| self.advance(style, c)).sum::<f64>() * size
    }

    /// `text` split where the face changes.
    pub fn runs<'a>(&self, text: &'a str, style: Style) -> Vec<Run<'a>> {
        let mut runs = Vec::new();
        let mut start = 0;
        let mut current = None;
        for (at, c) in text.char_indices() {
            let face = self.pick(style, c).0;
            match current {
                Some(f) if f == face => {}
                Some(f) => {
                    runs.push(Run {
                        face: f,
                        text: &text[start..at],
                    });
                    start = at;
                    current = Some(face);
                }
                None => current = Some(face),
            }
        }
        if let Some(face) = current {
            runs.push(Run {
                face,
                text: &text[start..],
            });
        }
        runs
    }

    /// User text made printable: tabs become spaces, other control and
    /// formatting characters go, and characters no font has become "?"
    /// (newlines are kept; callers split paragraphs on them).
    pub fn clean(&self, text: &str) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                '\r' => None,
                c if c.is_control() || is_invisible(c) => None,
                c if self
                    .chain(Style::Regular)
                    .iter()
                    .any(|&i| self.faces[i].glyph(c).is_some()) =>
                {
                    Some(c)
                }
                c if c.is_whitespace() => Some(' '),
                _ => Some('?'),
            })
            .collect()
    }

    /// Adds the faces to `doc`, each cut down to the characters in `used`
    /// (face index → characters); the ids are indexed like the faces.
    pub fn embed(&self, doc: &mut PdfDocument, used: &[BTreeSet<char>]) -> Vec<Option<FontId>> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, face)| {
                let chars = used.get(i).filter(|c| !c.is_empty())?;
                let font = subset_face(face, chars).unwrap_or_else(|| face.font.clone());
                Some(doc.add_font(&font))
            })
            .collect()
    }

    pub fn face_count(&self) -> usize {
        self.faces.len()
    }
}

/// Zero-width and bidi formatting characters: no glyph, and they confuse text extraction.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// A copy of `face` holding only the glyphs of `chars` (plus .notdef), with
/// the characters mapped to the renumbered glyphs.
fn subset_face(face: &Face, chars: &BTreeSet<char>) -> Option<ParsedFont> {
    let bytes = &face.font.original_bytes;
    let mut gids: Vec<u16> = chars.iter().filter_map(|&c| face.glyph(c)).collect();
    gids.sort_unstable();
    gids.dedup();
    // allsorts numbers the new glyphs by their position here; .notdef must come first.
    let ids: Vec<u16> = std::iter::once(0).chain(gids).collect();
    let data = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(face.font.font_index as usize).ok()?;
    let program = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    let mut font = ParsedFont::from_bytes(&program, 0, &mut Vec::new())?;
    let new_gid: HashMap<u16, u16> = ids
        .iter()
        .enumerate()
        .filter_map(|(at, &gid)| Some((gid, u16::try_from(at).ok()?)))
        .collect();
    font.codepoint_to_glyph = chars
        .iter()
        .filter_map(|&c| Some((c as u32, *new_gid.get(&face.glyph(c)?)?)))
        .collect::<BTreeMap<u32, u16>>();
    Some(font)
}

/// Parses a font file once per process: the fallback font alone is 4 MB.
fn load(path: &Path) -> std::result::Result<Arc<Face>, String> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Face>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(face) = cache.lock().ok().and_then(|c| c.get(path).cloned()) {
        return Ok(face);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the font: {e}"))?;
    let font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| "not a TrueType font".to_string())?;
    if !matches!(font.font_type, FontType::TrueType) {
        return Err("not a TrueType font (PostScript outlines are not supported)".into());
    }
    if font.codepoint_to_glyph.is_empty() || font.units_per_em == 0 {
        return Err("the font has no Unicode character map".into());
    }
    let face = Arc::new(Face {
        units_per_em: f64::from(font.units_per_em),
        font,
    });
    if let Ok(mut c) = cache.lock() {
        c.insert(path.to_path_buf(), face.clone());
    }
    Ok(face)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_font_is_a_clear_error() {
        let err = Fonts::from_faces(None, None, None, None)
            .err()
            .expect("no fonts, no document");
        assert!(err.to_string().contains("no usable font"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x.ttf");
        std::fs::write(&path, b"not a font").expect("write");
        assert!(load(&path).is_err());
        assert!(load(&dir.path().join("missing.ttf")).is_err());
    }

    #[test]
    fn runs_switch_to_the_fallback_for_japanese() {
        let fonts = Fonts::system().expect("DejaVu and Droid are installed");
        let runs = fonts.runs("Ωmega 日本語 ok", Style::Regular);
        let texts: Vec<&str> = runs.iter().map(|r| r.text).collect();
        assert_eq!(texts, ["Ωmega ", "日本語", " ok"]);
        assert_ne!(runs[0].face, runs[1].face);
        assert!(fonts.width("WWW", Style::Bold, 10.0) > fonts.width("iii", Style::Bold, 10.0));
        assert_eq!(fonts.clean("a\u{7}b\tc\u{200b}"), "ab c");
    }
}
