//! What the core derives from the open engagement, and the app's own facts.

use super::{workspace, Result};
use crate::AppState;
use tauri::State;
use threatloom::checklist::ChecklistEntry;
use threatloom::coverage::Coverage;
use threatloom::derived::{Derived, DerivedQuery};
use threatloom::overview::FourQuestions;
use threatloom::rules::{self, RuleError, Suggestion};
use threatloom::scope::ScopeSummary;
use threatloom::session::SessionSummary;
use threatloom::{props, Analysis, Error, ThreatOverview};

/// What a window shows beyond the records, for the engagement's current
/// version: computed once per version in the core, so every window's read
/// after a change costs one lookup.
#[tauri::command(async)]
#[specta::specta]
pub fn derived(state: State<'_, AppState>, query: DerivedQuery) -> Result<Derived> {
    workspace(&state)?.derived(&query)
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
