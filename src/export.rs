//! Deliverables, rendered from the report's content and the model: PDF, XLSX,
//! Jira CSV, Markdown, the diagrams as SVG/PNG through one scene, and the
//! model for other tools (Threat Dragon, OTM). Written
//! to disk by `files`, the one entry point for the app and the CLI. Depends on
//! the core (`model`, `analysis`, `engine`); nothing in the core depends on it.

mod files;
pub mod flow_labels;
pub mod jira;
pub mod markdown;
pub mod otm;
pub mod pdf;
pub mod scene;
pub mod svg;
pub mod threat_dragon;
pub mod xlsx;

pub use files::{
    export, export_diagram, export_jira_keyed, export_report, file_stem, ExportFormat, Exported,
    ImageFormat,
};
