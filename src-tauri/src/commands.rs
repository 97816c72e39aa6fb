//! Each command is a doorway: take the state, call the core, map nothing.

use crate::{AppState, EngagementChanged, Selection, SelectionChanged};
use std::path::{Path, PathBuf};
use std::sync::MutexGuard;
use tauri::{AppHandle, Manager, Runtime, State, WebviewUrl, WebviewWindowBuilder};
use tauri_specta::Event;
use threatloom::checklist::ChecklistEntry;
use threatloom::coverage::Coverage;
use threatloom::overview::FourQuestions;
use threatloom::report::export::{ExportFormat, Exported, ImageFormat};
use threatloom::report::{ExportFilter, Report};
use threatloom::rules::{self, RuleError, Suggestion};
use threatloom::scope::ScopeSummary;
use threatloom::session::SessionSummary;
use threatloom::{
    props, Analysis, Change, Error, Op, RecentFile, Snapshot, ThreatOverview, Workspace,
};

type Result<T> = std::result::Result<T, Error>;

/// The note-taker window's label (its capability names it too).
const NOTE_TAKER: &str = "notes";

fn unavailable() -> Error {
    Error::Storage("the app's state is unavailable".into())
}

fn workspace<'a>(state: &'a State<'_, AppState>) -> Result<MutexGuard<'a, Workspace>> {
    state.workspace.lock().map_err(|_| unavailable())
}

/// Tells every window to reload: another engagement is open.
fn announce_reload<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
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

/// Creates an engagement; with no path, in the default folder, named after it.
#[tauri::command(async)]
#[specta::specta]
pub fn new_engagement<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
    path: Option<String>,
) -> Result<Snapshot> {
    let snapshot = workspace(&state)?
        .create(path.as_deref().map(std::path::Path::new), &name)?
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
fn apply_and_announce<R: Runtime>(
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

/// Trust-boundary containment, crossings and DFD warnings of one diagram.
#[tauri::command(async)]
#[specta::specta]
pub fn analyze(state: State<'_, AppState>, diagram_id: String) -> Result<Analysis> {
    Ok(threatloom::analyze(
        workspace(&state)?.current()?.state(),
        &diagram_id,
    ))
}

#[tauri::command(async)]
#[specta::specta]
pub fn property_catalog() -> Vec<props::PropertyDef> {
    props::catalog()
}

/// Opens another main window on the same engagement.
#[tauri::command(async)]
#[specta::specta]
pub fn new_window<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<()> {
    let n = state
        .next_window
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    WebviewWindowBuilder::new(
        &app,
        format!("main-{n}"),
        WebviewUrl::App("index.html".into()),
    )
    .title("Threatloom")
    .inner_size(1280.0, 800.0)
    .min_inner_size(900.0, 600.0)
    .build()
    .map_err(|e| Error::Io(format!("could not open a window: {e}")))?;
    Ok(())
}

/// Pending rule suggestions for one element, or for the whole engagement.
#[tauri::command(async)]
#[specta::specta]
pub fn suggestions(
    state: State<'_, AppState>,
    element_id: Option<String>,
) -> Result<Vec<Suggestion>> {
    let ws = workspace(&state)?;
    let eng = ws.current()?;
    Ok(rules::suggest(
        eng.state(),
        ws.rules(),
        &threatloom::containment_all(eng.state()),
        element_id.as_deref(),
    ))
}

/// The STRIDE coverage matrix and figure.
#[tauri::command(async)]
#[specta::specta]
pub fn coverage(state: State<'_, AppState>) -> Result<Coverage> {
    Ok(threatloom::coverage::coverage(
        workspace(&state)?.current()?.state(),
    ))
}

/// User rule files that were ignored at start, with the line and reason.
#[tauri::command(async)]
#[specta::specta]
pub fn rule_problems(state: State<'_, AppState>) -> Result<Vec<RuleError>> {
    Ok(workspace(&state)?.rule_errors().to_vec())
}

/// Each threat's computed and effective risk, and each element's badge.
#[tauri::command(async)]
#[specta::specta]
pub fn threat_overview(state: State<'_, AppState>) -> Result<ThreatOverview> {
    Ok(threatloom::overview(workspace(&state)?.current()?.state()))
}

/// Why the engagement named on the command line could not be opened, if so.
#[tauri::command(async)]
#[specta::specta]
pub fn startup_problem(state: State<'_, AppState>) -> Result<Option<Error>> {
    Ok(workspace(&state)?.startup_problem().cloned())
}

/// Each session's state, unprocessed notes, stale flag and planning warnings.
#[tauri::command(async)]
#[specta::specta]
pub fn session_summaries(state: State<'_, AppState>) -> Result<Vec<SessionSummary>> {
    Ok(threatloom::session::summaries(
        workspace(&state)?.current()?.state(),
    ))
}

/// Time planned for the scoped components against time planned in sessions.
#[tauri::command(async)]
#[specta::specta]
pub fn scope_summary(state: State<'_, AppState>) -> Result<ScopeSummary> {
    Ok(threatloom::scope::summary(
        workspace(&state)?.current()?.state(),
    ))
}

/// The checklist: built-in and the team's questions, with their answers.
#[tauri::command(async)]
#[specta::specta]
pub fn checklist(state: State<'_, AppState>) -> Result<Vec<ChecklistEntry>> {
    Ok(threatloom::checklist::entries(
        workspace(&state)?.current()?.state(),
    ))
}

/// The four questions of the Threat Modeling Manifesto, with live figures.
#[tauri::command(async)]
#[specta::specta]
pub fn four_questions(state: State<'_, AppState>) -> Result<FourQuestions> {
    Ok(threatloom::overview::four_questions(
        workspace(&state)?.current()?.state(),
    ))
}

/// Selects elements in every window: stores the selection and tells all windows.
#[tauri::command(async)]
#[specta::specta]
pub fn select<R: Runtime>(
    app: AppHandle<R>,
    window: tauri::Window<R>,
    state: State<'_, AppState>,
    selection: Selection,
) -> Result<()> {
    *state.selection.lock().map_err(|_| unavailable())? = selection.clone();
    let _ = SelectionChanged {
        window: window.label().to_string(),
        selection,
    }
    .emit(&app);
    Ok(())
}

/// The current selection, for a window that just opened.
#[tauri::command(async)]
#[specta::specta]
pub fn selection(state: State<'_, AppState>) -> Result<Selection> {
    Ok(state.selection.lock().map_err(|_| unavailable())?.clone())
}

/// Opens the note-taker's window (Window → Note-taker), or brings it forward.
#[tauri::command(async)]
#[specta::specta]
pub fn open_note_taker<R: Runtime>(app: AppHandle<R>) -> Result<()> {
    if let Some(existing) = app.get_webview_window(NOTE_TAKER) {
        return existing
            .set_focus()
            .map_err(|e| Error::Io(format!("could not show the note-taker: {e}")));
    }
    WebviewWindowBuilder::new(
        &app,
        NOTE_TAKER,
        WebviewUrl::App("index.html#/notes".into()),
    )
    .title("Threatloom — Note-taker")
    .inner_size(720.0, 800.0)
    .min_inner_size(480.0, 500.0)
    .build()
    .map_err(|e| Error::Io(format!("could not open the note-taker: {e}")))?;
    Ok(())
}

/// The report as an export would write it now: findings, counts by risk, and
/// what changed since the last delivery.
#[tauri::command(async)]
#[specta::specta]
pub fn report_preview(state: State<'_, AppState>, filter: ExportFilter) -> Result<Report> {
    Ok(workspace(&state)?.current()?.report(&filter))
}

/// Writes a deliverable to `path` (a folder for the wiki and the diagrams).
/// With a `delivery_label`, then records it as delivered to the customer, under
/// the same lock, so the delivery holds exactly what was written. For the Jira
/// CSV, `jira_keys` names a CSV exported from Jira: its issue keys go in, so a
/// re-import updates those issues.
#[tauri::command(async)]
#[specta::specta]
pub fn export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: ExportFormat,
    filter: ExportFilter,
    path: String,
    delivery_label: Option<String>,
    jira_keys: Option<String>,
) -> Result<Exported> {
    let mut ws = workspace(&state)?;
    let exported = threatloom::report::export::export(
        ws.current()?,
        format,
        &filter,
        Path::new(&path),
        jira_keys.as_deref().map(Path::new),
    )?;
    if let Some(label) = delivery_label {
        let op = Op::RecordDelivery {
            label,
            filter,
            at_ms: None,
        };
        apply_and_announce(&app, &mut ws, op)?;
    }
    Ok(exported)
}

/// One diagram as an SVG or PNG file.
#[tauri::command(async)]
#[specta::specta]
pub fn export_diagram(
    state: State<'_, AppState>,
    diagram_id: String,
    format: ImageFormat,
    path: String,
) -> Result<Exported> {
    threatloom::report::export::export_diagram(
        workspace(&state)?.current()?.state(),
        &diagram_id,
        format,
        Path::new(&path),
    )
}
