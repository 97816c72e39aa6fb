//! Reading other tools' models — Threat Dragon v2 JSON, OTM (JSON or YAML),
//! the Microsoft Threat Modeling Tool's `.tm7`, pytm's JSON — into a `Model` that
//! `Op::Import` adds, with a report of what was mapped, defaulted, kept and
//! dropped. Nothing here writes: a refused file changes nothing.
//!
//! Limits: a file of at most `MAX_FILE` bytes; JSON and YAML nest at most
//! 128 levels (serde_json's limit, and the YAML reader's budget), XML at most
//! `MAX_DEPTH`, with no DTD and so no entity; texts are held to what the app
//! accepts when typed (`text`), anything longer is shortened and reported.

mod detect;
mod fit;
mod layout;
mod otm;
mod pytm;
mod report;
pub(crate) mod text;
mod threat_dragon;
mod tm7;

pub use detect::{detect, Format};
pub use report::{ImportReport, Outcome, ReportLine};

use crate::error::{Error, Result};
use crate::model::{EngagementInfo, Model};
use serde::Serialize;
use specta::Type;

/// The largest file an import reads (a 1,000-element `.tm7` is ~5 MB).
pub const MAX_FILE: usize = 64 * 1024 * 1024;
/// The deepest an XML file may nest.
pub const MAX_DEPTH: usize = 128;

/// A model read from another tool's file, and what became of its contents.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Imported {
    /// The model's title and description, for a new engagement's info.
    pub title: String,
    pub description: String,
    pub model: Model,
    pub report: ImportReport,
}

impl Imported {
    /// A new engagement's info: the model's title (else the source file's
    /// name) and description.
    pub fn engagement_info(&self, source: &std::path::Path) -> EngagementInfo {
        let name = match self.title.trim() {
            "" => source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Imported model".into()),
            title => title.to_string(),
        };
        EngagementInfo {
            name: text::name(
                &name,
                "the title",
                &mut ImportReport::new(self.report.format, ""),
            ),
            description: self.description.clone(),
            ..EngagementInfo::default()
        }
    }
}

/// Reads the file at `path` (see `read`); a file over `MAX_FILE` is refused
/// before it is read.
pub fn read_file(path: &std::path::Path, format: Option<Format>) -> Result<Imported> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE as u64 {
        return Err(too_big(size));
    }
    read(&std::fs::read(path)?, format)
}

fn too_big(size: u64) -> Error {
    Error::invalid(format!(
        "The file is {} MB; an import reads at most {} MB",
        size / (1024 * 1024),
        MAX_FILE / (1024 * 1024)
    ))
}

/// Reads `bytes` as `format`, or as the format its content shows.
pub fn read(bytes: &[u8], format: Option<Format>) -> Result<Imported> {
    if bytes.len() > MAX_FILE {
        return Err(too_big(bytes.len() as u64));
    }
    let format = match format {
        Some(f) => f,
        None => detect::detect(bytes)?,
    };
    // Readers that may leave elements without a position say which boundary
    // each belongs to (`layout::Parents`); the others always give positions.
    let (mut imported, parents) = match format {
        Format::ThreatDragon => (threat_dragon::read(bytes)?, layout::Parents::new()),
        Format::Otm => otm::read(bytes)?,
        Format::Tm7 => (tm7::read(bytes)?, layout::Parents::new()),
        Format::Pytm => pytm::read(bytes)?,
    };
    fit::before_layout(&mut imported.model, &mut imported.report);
    layout::arrange(&mut imported.model, &parents, &mut imported.report);
    fit::after_layout(&mut imported.model, &mut imported.report);
    imported.report.count(&imported.model);
    Ok(imported)
}
