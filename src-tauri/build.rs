/// The app's own commands. Declaring them makes Tauri generate an `allow-…`
/// permission for each, so a window can call only what its capability grants.
const COMMANDS: &[&str] = &[
    "current",
    "new_engagement",
    "open_engagement",
    "save_as",
    "recent_files",
    "apply_op",
    "analyze",
    "property_catalog",
    "new_window",
    "suggestions",
    "coverage",
    "rule_problems",
    "threat_overview",
    "startup_problem",
    "session_summaries",
    "scope_summary",
    "checklist",
    "four_questions",
    "select",
    "selection",
    "open_note_taker",
    "report_preview",
    "export",
    "export_diagram",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {e:#}");
    }
}
