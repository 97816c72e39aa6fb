//! Windows, and the selection every window shares.

use super::{unavailable, Result};
use crate::{AppState, Selection, SelectionChanged};
use tauri::{AppHandle, Manager, Runtime, State, WebviewUrl, WebviewWindowBuilder};
use tauri_specta::Event;
use threatloom::Error;

/// The note-taker window's label (its capability names it too).
const NOTE_TAKER: &str = "notes";

/// Opens another main window on the same engagement.
#[tauri::command(async)]
#[specta::specta]
pub fn new_window<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<()> {
    open_main_window(&app, &state).map(|_| ())
}

/// A new main window (`main-N`, which the capability grants the commands),
/// as Window → New window and a second launch of the app make it; its label.
pub(crate) fn open_main_window<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Result<String> {
    let n = state
        .next_window
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let label = format!("main-{n}");
    WebviewWindowBuilder::new(app, &label, WebviewUrl::App("index.html".into()))
        .title("Threatloom")
        .inner_size(1280.0, 800.0)
        .min_inner_size(900.0, 600.0)
        .build()
        .map_err(|e| Error::Io(format!("could not open a window: {e}")))?;
    Ok(label)
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
