//! Opening, creating and saving engagements, and the one write path.

use super::{workspace, Result};
use crate::{AppState, EngagementChanged};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;
use tauri::{AppHandle, Runtime, State};
use tauri_specta::Event;
use threatloom::analysis::{Derived, DerivedQuery};
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

/// What the writing window will show once its change is in, so that the
/// answer brings its derived views: one round trip and one render per edit
/// instead of a write, an event and a read.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct View {
    pub query: DerivedQuery,
    /// The window selects what the op creates (a new element, named in place)
    /// and shows the selected element's views: the query's element is that one.
    #[serde(default)]
    pub select_created: bool,
}

/// A change, and the writing window's derived views after it (when it said
/// what it shows, and they could be derived).
#[derive(Debug, Clone, Serialize, Type)]
pub struct Applied {
    #[serde(flatten)]
    pub change: Change,
    pub view: Option<ViewAfter>,
}

/// The derived views of the new version, and the query they answer (the
/// created element's, when the window selects it).
#[derive(Debug, Clone, Serialize, Type)]
pub struct ViewAfter {
    pub query: DerivedQuery,
    pub derived: Derived,
}

/// Applies one op through the core and tells every window what changed.
#[tauri::command(async)]
#[specta::specta]
pub fn apply_op<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    op: Op,
    view: Option<View>,
) -> Result<Applied> {
    let mut ws = workspace(&state)?;
    let change = apply_and_announce(&app, &mut ws, op)?;
    let view = view.and_then(
        |View {
             mut query,
             select_created,
         }| {
            if select_created {
                query.element_id = change.created.first().cloned();
            }
            // Not derivable (the diagram asked for is gone): the window reads on its event.
            let derived = ws.derived(&query).ok()?;
            Some(ViewAfter { query, derived })
        },
    );
    Ok(Applied { change, view })
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
