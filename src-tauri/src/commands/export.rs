//! Deliverables: the report preview, exports, and a diagram as an image.

use super::engagement::apply_and_announce;
use super::{workspace, Result};
use crate::AppState;
use std::path::Path;
use tauri::{AppHandle, Runtime, State};
use threatloom::report::export::{ExportFormat, Exported, ImageFormat};
use threatloom::report::{ExportFilter, Report};
use threatloom::Op;

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
