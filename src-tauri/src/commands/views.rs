//! What the core derives from the open engagement, and the app's own facts.

use super::{workspace, Result};
use crate::AppState;
use tauri::State;
use threatloom::analysis::{Derived, DerivedQuery, RuleError};
use threatloom::model::props;
use threatloom::Error;

/// What a window shows beyond the records — the diagram's analysis, risk and
/// badges, coverage, suggestions, the engagement's summaries — for the
/// engagement's current version: computed once per version in the core, so
/// every window's read after a change costs one lookup.
#[tauri::command(async)]
#[specta::specta]
pub fn derived(state: State<'_, AppState>, query: DerivedQuery) -> Result<Derived> {
    workspace(&state)?.derived(&query)
}

#[tauri::command(async)]
#[specta::specta]
pub fn property_catalog() -> Vec<props::PropertyDef> {
    props::catalog()
}

/// User rule files that were ignored at start, with the line and reason.
#[tauri::command(async)]
#[specta::specta]
pub fn rule_problems(state: State<'_, AppState>) -> Result<Vec<RuleError>> {
    Ok(workspace(&state)?.rule_errors().to_vec())
}

/// Why the engagement named on the command line could not be opened, if so.
#[tauri::command(async)]
#[specta::specta]
pub fn startup_problem(state: State<'_, AppState>) -> Result<Option<Error>> {
    Ok(workspace(&state)?.startup_problem().cloned())
}
