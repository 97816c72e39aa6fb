//! The desktop shell: typed commands that call the core, one event after every
//! change, and the windows. No domain logic lives here.

mod commands;

use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::Manager;
use tauri_specta::{collect_commands, collect_events, Builder, Event};
use threatloom::{Change, Workspace};

/// Environment variable that moves the app's data directory (tests, CI).
pub const DATA_DIR_ENV: &str = "THREATLOOM_DATA_DIR";

/// Sent to every window after each change. `change` is `None` when another
/// engagement was opened: windows then reload the snapshot. A window that sees
/// a gap in `version` reloads too.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct EngagementChanged {
    pub version: u32,
    pub change: Option<Change>,
}

pub struct AppState {
    pub workspace: Mutex<Workspace>,
    pub next_window: std::sync::atomic::AtomicU32,
}

/// The one list of commands and events, used by `run` and by the test that
/// writes `ui/src/bindings.ts`.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::current,
            commands::new_engagement,
            commands::open_engagement,
            commands::save_as,
            commands::recent_files,
            commands::apply_op,
            commands::analyze,
            commands::property_catalog,
            commands::new_window,
        ])
        .events(collect_events![EngagementChanged])
        .typ::<threatloom::Error>()
}

pub fn data_dir(app: &tauri::AppHandle) -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => app
            .path()
            .app_data_dir()
            .unwrap_or_else(|_| std::env::temp_dir().join("threatloom")),
    }
}

/// Where "New engagement" puts files: Documents/Threatloom, else the data directory.
fn default_dir(app: &tauri::AppHandle, data: &std::path::Path) -> PathBuf {
    if std::env::var_os(DATA_DIR_ENV).is_some() {
        return data.join("engagements");
    }
    app.path()
        .document_dir()
        .map(|d| d.join("Threatloom"))
        .unwrap_or_else(|_| data.join("engagements"))
}

pub fn setup_state(app: &tauri::AppHandle) {
    let data = data_dir(app);
    let mut workspace = Workspace::new(data.clone(), default_dir(app, &data));
    // `threatloom-app FILE` opens FILE; otherwise the most recent file or the demo.
    let requested = std::env::args_os().nth(1).map(PathBuf::from);
    match workspace.start(requested.as_deref()) {
        Ok((_, Some(refused))) => eprintln!("threatloom: {refused}"),
        Ok(_) => {}
        Err(e) => eprintln!("threatloom: could not open an engagement at start: {e}"),
    }
    app.manage(AppState {
        workspace: Mutex::new(workspace),
        next_window: 2.into(),
    });
}

pub fn run() {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            setup_state(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("threatloom: the app stopped: {e}");
        std::process::exit(1);
    }
}
