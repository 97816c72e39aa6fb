//! The team's library: searched by the picker, written by "Save to library",
//! harvested from past engagements. Applying an entry is an op
//! (`ApplyLibraryEntry`, through `apply_op`); these read and write the
//! library's folders, and tell every window when they changed.

use super::{workspace, Result};
use crate::{AppState, LibraryChanged};
use serde::Serialize;
use specta::Type;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime, State};
use tauri_specta::Event;
use threatloom::library::{HarvestCandidate, HarvestResult, LibraryProblem, LibraryUpdate};
use threatloom::model::LibraryEntry;
use threatloom::workspace::LibraryHit;

/// The library's folders (the first is where new entries go), how many
/// entries they hold, and the files or folders that could not be read.
#[derive(Debug, Clone, Serialize, Type)]
pub struct LibraryStatus {
    pub folders: Vec<String>,
    pub entries: u32,
    pub problems: Vec<LibraryProblem>,
}

fn announce<R: Runtime>(app: &AppHandle<R>) {
    let _ = LibraryChanged {}.emit(app);
}

/// The entries for the picker: those for every kind of `element_ids` that
/// match `query`, best first.
#[tauri::command(async)]
#[specta::specta]
pub fn library_search(
    state: State<'_, AppState>,
    query: String,
    element_ids: Vec<String>,
    limit: u32,
) -> Result<Vec<LibraryHit>> {
    workspace(&state)?.search_library(&query, &element_ids, limit as usize)
}

#[tauri::command(async)]
#[specta::specta]
pub fn library_status(state: State<'_, AppState>) -> Result<LibraryStatus> {
    let ws = workspace(&state)?;
    Ok(LibraryStatus {
        folders: ws
            .library_folders()
            .iter()
            .map(|f| f.display().to_string())
            .collect(),
        entries: ws.library().len() as u32,
        problems: ws.library_problems(),
    })
}

/// Sets the library's folders, in order, and reads them.
#[tauri::command(async)]
#[specta::specta]
pub fn library_set_folders<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    folders: Vec<String>,
) -> Result<()> {
    workspace(&state)?.set_library_folders(folders.into_iter().map(PathBuf::from).collect())?;
    announce(&app);
    Ok(())
}

/// The entry "Save to library" starts from: the threat's reusable content.
#[tauri::command(async)]
#[specta::specta]
pub fn library_draft(state: State<'_, AppState>, threat_id: String) -> Result<LibraryEntry> {
    workspace(&state)?.library_draft(&threat_id)
}

/// Saves an entry (a new one to the first folder); returns it with its id and
/// version.
#[tauri::command(async)]
#[specta::specta]
pub fn library_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    entry: LibraryEntry,
) -> Result<LibraryEntry> {
    let saved = workspace(&state)?.save_to_library(entry)?;
    announce(&app);
    Ok(saved)
}

#[tauri::command(async)]
#[specta::specta]
pub fn library_delete<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<()> {
    workspace(&state)?.delete_from_library(&id)?;
    announce(&app);
    Ok(())
}

/// The open engagement's threats whose library entry has been improved since.
#[tauri::command(async)]
#[specta::specta]
pub fn library_updates(state: State<'_, AppState>) -> Result<Vec<LibraryUpdate>> {
    workspace(&state)?.library_updates()
}

/// The findings of the engagement at `path` as candidate entries (the file is
/// read from a copy: never changed).
#[tauri::command(async)]
#[specta::specta]
pub fn library_harvest_preview(
    state: State<'_, AppState>,
    path: String,
) -> Result<Vec<HarvestCandidate>> {
    workspace(&state)?.harvest_preview(Path::new(&path))
}

/// Saves the chosen findings of the engagement at `path` to the library.
#[tauri::command(async)]
#[specta::specta]
pub fn library_harvest<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    threat_ids: Vec<String>,
    include_duplicates: bool,
) -> Result<HarvestResult> {
    let result = workspace(&state)?.harvest(Path::new(&path), &threat_ids, include_duplicates)?;
    announce(&app);
    Ok(result)
}

/// Reads the library again when a file in its folders changed on disk (a
/// `git pull`, another app): polled by the shell, announced when it did.
pub fn watch<R: Runtime>(app: AppHandle<R>) {
    use tauri::Manager;
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(2));
        let changed = app
            .try_state::<AppState>()
            .and_then(|s| {
                s.workspace
                    .lock()
                    .ok()
                    .map(|mut ws| ws.reload_library_if_changed())
            })
            .unwrap_or(false);
        if changed {
            announce(&app);
        }
    });
}
