//! Opening, creating and saving engagements, and the one write path.

use super::{workspace, Result};
use crate::{AppState, EngagementChanged};
use std::path::PathBuf;
use tauri::{AppHandle, Runtime, State};
use tauri_specta::Event;
use threatloom::model::{Change, EngagementInfo, EngagementKind, Snapshot};
use threatloom::{Op, RecentFile, Workspace};

/// Tells every window to reload: another engagement is open.
pub(crate) fn announce_reload<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
    let _ = EngagementChanged {
        version: snapshot.version,
        change: None,
    }
    .emit(app);
}

/// The open engagement, as a snapshot.
#[tauri::command(async)]
#[specta::specta]
pub fn current(state: State<'_, AppState>) -> Result<Snapshot> {
    Ok(workspace(&state)?.current()?.snapshot())
}

/// Creates an engagement for `customer`, of `kind` (both optional: callers
/// that give only a name get the defaults); with no path, in the default
/// folder, named after it.
#[tauri::command(async)]
#[specta::specta]
pub fn new_engagement<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
    path: Option<String>,
    customer: Option<String>,
    kind: Option<EngagementKind>,
) -> Result<Snapshot> {
    let info = EngagementInfo {
        name,
        customer: customer.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        ..EngagementInfo::default()
    };
    let snapshot = workspace(&state)?
        .create_with(path.as_deref().map(std::path::Path::new), info)?
        .snapshot();
    announce_reload(&app, &snapshot);
    Ok(snapshot)
}

#[tauri::command(async)]
#[specta::specta]
pub fn open_engagement<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<Snapshot> {
    let snapshot = workspace(&state)?.open(&PathBuf::from(path))?.snapshot();
    announce_reload(&app, &snapshot);
    Ok(snapshot)
}

/// Writes a copy of the engagement to `path` and continues in the copy.
#[tauri::command(async)]
#[specta::specta]
pub fn save_as<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<Snapshot> {
    let snapshot = workspace(&state)?.save_as(&PathBuf::from(path))?.snapshot();
    announce_reload(&app, &snapshot);
    Ok(snapshot)
}

#[tauri::command(async)]
#[specta::specta]
pub fn recent_files(state: State<'_, AppState>) -> Result<Vec<RecentFile>> {
    Ok(workspace(&state)?.recent())
}

/// Applies one op through the core and tells every window what changed.
#[tauri::command(async)]
#[specta::specta]
pub fn apply_op<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    op: Op,
) -> Result<Change> {
    apply_and_announce(&app, &mut *workspace(&state)?, op)
}

/// The one write path: applies `op` and sends the change to every window.
pub(super) fn apply_and_announce<R: Runtime>(
    app: &AppHandle<R>,
    ws: &mut Workspace,
    op: Op,
) -> Result<Change> {
    let change = ws.apply(op)?;
    let _ = EngagementChanged {
        version: change.version,
        change: Some(change.clone()),
    }
    .emit(app);
    Ok(change)
}
