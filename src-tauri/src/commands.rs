//! Each command is a doorway: take the state, call the core, map nothing.
//! A file per concern; `command_list.rs` names them all once.

pub mod engagement;
pub mod export;
pub mod import;
pub mod library;
pub mod views;
pub mod windows;

use crate::AppState;
use std::sync::MutexGuard;
use tauri::State;
use threatloom::{Error, Workspace};

type Result<T> = std::result::Result<T, Error>;

fn unavailable() -> Error {
    Error::Storage("the app's state is unavailable".into())
}

fn workspace<'a>(state: &'a State<'_, AppState>) -> Result<MutexGuard<'a, Workspace>> {
    state.workspace.lock().map_err(|_| unavailable())
}
