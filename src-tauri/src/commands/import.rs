//! Other tools' models in: a preview that writes nothing, then a new
//! engagement beside the source, or the model added to the open engagement as
//! one undoable step. The reading, the checks and the report are the core's.

use super::engagement::apply_and_announce;
use super::{workspace, Result};
use crate::{AppState, EngagementChanged};
use serde::Serialize;
use specta::Type;
use std::path::Path;
use tauri::{AppHandle, Runtime, State};
use tauri_specta::Event;
use threatloom::import::{self, Format, ImportReport};
use threatloom::model::{Change, Snapshot};
use threatloom::{Op, Workspace};

/// What importing `path` would bring in. Nothing has been written.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ImportPreview {
    /// The file read, as given.
    pub path: String,
    /// The model's own title ("" when it has none): the new engagement's name.
    pub title: String,
    /// The engagement file "Create engagement" would write.
    pub destination: String,
    pub report: ImportReport,
}

/// Reads another tool's file (format from its content unless `format` says)
/// and returns the report. Writes nothing, whatever the file holds.
#[tauri::command(async)]
#[specta::specta]
pub fn import_preview(path: String, format: Option<Format>) -> Result<ImportPreview> {
    let imported = import::read_file(Path::new(&path), format)?;
    Ok(ImportPreview {
        destination: Workspace::import_destination(Path::new(&path))
            .display()
            .to_string(),
        path,
        title: imported.title,
        report: imported.report,
    })
}

/// Reads the file again and creates `<stem>.threatmodel` beside it (never
/// touching it), then opens that engagement: every window reloads.
#[tauri::command(async)]
#[specta::specta]
pub fn import_new<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    format: Option<Format>,
) -> Result<Snapshot> {
    let source = Path::new(&path);
    let imported = import::read_file(source, format)?;
    let snapshot = workspace(&state)?.import_new(source, imported)?.snapshot();
    let _ = EngagementChanged {
        version: snapshot.version,
        change: None,
    }
    .emit(&app);
    Ok(snapshot)
}

/// Reads the file again and adds its diagrams to the open engagement: one
/// step, undone on the diagram's undo scope ("Import …").
#[tauri::command(async)]
#[specta::specta]
pub fn import_into<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    format: Option<Format>,
) -> Result<Change> {
    let imported = import::read_file(Path::new(&path), format)?;
    let op = Op::Import {
        model: imported.model,
    };
    apply_and_announce(&app, &mut *workspace(&state)?, op)
}
