//! Writing deliverables to disk: one entry point for the app and the CLI.
//! Files are written beside their destination and renamed into place, so a
//! failed export never leaves half a file where the last good one was.

use super::{jira, markdown, otm, pdf, svg, threat_dragon, xlsx};
use crate::analysis::Report;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::ExportFilter;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// The full report (PDF).
    ReportPdf,
    /// The executive summary alone (PDF).
    SummaryPdf,
    /// The executive summary alone (Markdown).
    SummaryMarkdown,
    /// Findings, Coverage and Sessions sheets.
    Xlsx,
    /// One Jira issue per finding, for Jira's CSV importer.
    JiraCsv,
    /// A folder: `index.md` and one page per finding.
    WikiMarkdown,
    /// A folder: one SVG per diagram.
    DiagramsSvg,
    /// The model (every diagram, element and threat) as a Threat Dragon v2 file.
    ThreatDragon,
    /// The model as an OTM 0.2 file, JSON.
    OtmJson,
    /// The model as an OTM 0.2 file, YAML.
    OtmYaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    Svg,
    Png,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Exported {
    pub files: Vec<String>,
    pub findings: u32,
}

/// Writes `format` of the engagement's report, filtered, to `dest` (a file, or
/// a folder for the Markdown wiki and the SVG diagrams). For the Jira CSV,
/// `jira_keys` may name a CSV exported from Jira (see `export_jira_keyed`).
pub fn export(
    eng: &Engagement,
    format: ExportFormat,
    filter: &ExportFilter,
    dest: &Path,
    jira_keys: Option<&Path>,
) -> Result<Exported> {
    let report = eng.report(filter);
    match (format, jira_keys) {
        (ExportFormat::JiraCsv, Some(keys)) => export_jira_keyed(&report, keys, dest),
        _ => export_report(eng.state(), &report, format, dest),
    }
}

/// As `export`, for a report already gathered (the CLI writes several formats from one).
pub fn export_report(
    state: &crate::model::State,
    report: &Report,
    format: ExportFormat,
    dest: &Path,
) -> Result<Exported> {
    let files = match format {
        ExportFormat::ReportPdf => vec![write_file(dest, &pdf::report(state, report)?)?],
        ExportFormat::SummaryPdf => vec![write_file(dest, &pdf::summary(report)?)?],
        ExportFormat::SummaryMarkdown => {
            vec![write_file(dest, markdown::summary(report).as_bytes())?]
        }
        ExportFormat::Xlsx => vec![write_file(dest, &xlsx::workbook(report)?)?],
        ExportFormat::JiraCsv => vec![write_file(
            dest,
            jira::csv(report, &Default::default())?.as_bytes(),
        )?],
        ExportFormat::WikiMarkdown => {
            let dir = folder(dest)?;
            markdown::wiki(report)
                .into_iter()
                .map(|(name, text)| write_file(&dir.join(name), text.as_bytes()))
                .collect::<Result<_>>()?
        }
        // A model for another tool is the whole model, not a deliverable's
        // selection: the filter does not apply.
        ExportFormat::ThreatDragon => {
            vec![write_file(dest, threat_dragon::write(state)?.as_bytes())?]
        }
        ExportFormat::OtmJson => vec![write_file(dest, otm::write(state, false)?.as_bytes())?],
        ExportFormat::OtmYaml => vec![write_file(dest, otm::write(state, true)?.as_bytes())?],
        ExportFormat::DiagramsSvg => {
            let dir = folder(dest)?;
            report
                .diagrams
                .iter()
                .map(|d| {
                    let svg = svg::diagram(state, &d.id, &report.filter)?;
                    write_file(
                        &dir.join(format!("{}.svg", file_stem(&d.name, &d.id))),
                        svg.as_bytes(),
                    )
                })
                .collect::<Result<_>>()?
        }
    };
    Ok(Exported {
        files,
        findings: report.findings.len() as u32,
    })
}

/// The Jira CSV with the issue keys Jira gave the findings (read from a CSV
/// exported from Jira), so that a re-import updates those issues.
pub fn export_jira_keyed(report: &Report, jira_export: &Path, dest: &Path) -> Result<Exported> {
    let text = std::fs::read_to_string(jira_export)
        .map_err(|e| Error::Export(format!("cannot read {}: {e}", jira_export.display())))?;
    let keys = jira::issue_keys(&text)?;
    Ok(Exported {
        files: vec![write_file(dest, jira::csv(report, &keys)?.as_bytes())?],
        findings: report.findings.len() as u32,
    })
}

/// One diagram as SVG or PNG (at `scale` × its canvas size).
pub fn export_diagram(
    state: &crate::model::State,
    diagram_id: &str,
    format: ImageFormat,
    dest: &Path,
) -> Result<Exported> {
    let filter = ExportFilter {
        include_out_of_scope: true,
        ..ExportFilter::default()
    };
    let bytes = match format {
        ImageFormat::Svg => svg::diagram(state, diagram_id, &filter)?.into_bytes(),
        ImageFormat::Png => svg::png(state, diagram_id, &filter, 2.0)?,
    };
    Ok(Exported {
        files: vec![write_file(dest, &bytes)?],
        findings: 0,
    })
}

/// A file name from a title: letters, digits, `-` and `_`; the id if nothing is left.
pub fn file_stem(name: &str, id: &str) -> String {
    crate::model::labels::file_stem(name, &['_'], false, 80).unwrap_or_else(|| id.to_string())
}

fn folder(dest: &Path) -> Result<PathBuf> {
    if dest.exists() && !dest.is_dir() {
        return Err(Error::Export(format!(
            "{} is a file, not a folder",
            dest.display()
        )));
    }
    std::fs::create_dir_all(dest)
        .map_err(|e| Error::Export(format!("cannot create {}: {e}", dest.display())))?;
    Ok(dest.to_path_buf())
}

/// Writes `bytes` to a temporary file beside `dest`, then renames it into place.
fn write_file(dest: &Path, bytes: &[u8]) -> Result<String> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(Error::Export(format!(
            "the folder {} does not exist",
            parent.display()
        )));
    }
    if dest.is_dir() {
        return Err(Error::Export(format!("{} is a folder", dest.display())));
    }
    let name = dest
        .file_name()
        .ok_or_else(|| Error::Export(format!("{} is not a file name", dest.display())))?;
    let tmp = parent.join(format!(".{}.part", name.to_string_lossy()));
    let fail = |e: std::io::Error| Error::Export(format!("cannot write {}: {e}", dest.display()));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, dest).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })?;
    Ok(dest.display().to_string())
}
