//! The desktop shell: typed commands that call the core, one event after every
//! change, and the windows. No domain logic lives here.

mod commands;

use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{Manager, Runtime};
use tauri_specta::{Builder, Event};
use threatloom::model::Change;
use threatloom::Workspace;

/// Environment variable that moves the app's data directory (tests, CI).
pub use threatloom::workspace::DATA_DIR_ENV;

/// Sent to every window after each change. `change` is `None` when another
/// engagement was opened: windows then reload the snapshot. A window that sees
/// a gap in `version` reloads too.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct EngagementChanged {
    pub version: u32,
    pub change: Option<Change>,
}

/// What is selected, shared by every window of the app (the facilitator's
/// window and the note-taker's follow each other).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Selection {
    pub diagram_id: Option<String>,
    pub element_ids: Vec<String>,
}

/// Sent to every window when a window selects something; `window` says which,
/// so it can ignore its own echo.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct SelectionChanged {
    pub window: String,
    pub selection: Selection,
}

/// Sent to every window when the library's folders or entries changed (a
/// save, a harvest, new folders, or files changed on disk): pickers search
/// again and threats look for updates.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct LibraryChanged {}

pub struct AppState {
    pub workspace: Mutex<Workspace>,
    pub next_window: std::sync::atomic::AtomicU32,
    pub selection: Mutex<Selection>,
}

#[macro_use]
mod command_list;

/// The specta builder over `command_list.rs`, for a given runtime: every
/// command and event. (A generic function cannot name `cmd::<R>` in
/// `collect_commands!`, hence macros; `R` is the runtime the list's generic
/// commands take.)
macro_rules! builder_from_list {
    ([$rt:ty] $($module:ident :: $name:ident $(::<$g:ident>)?),* $(,)?) => {{
        #[allow(dead_code)]
        type R = $rt;
        tauri_specta::Builder::<$rt>::new()
            .commands(tauri_specta::collect_commands![
                $($crate::commands::$module::$name $(::<$g>)?),*
            ])
            .events(tauri_specta::collect_events![
                $crate::EngagementChanged,
                $crate::SelectionChanged,
                $crate::LibraryChanged
            ])
            .typ::<threatloom::Error>()
            .typ::<threatloom::model::labels::Vocabulary>()
    }};
}

macro_rules! specta_builder_for {
    ($rt:ty) => {
        with_command_list!(builder_from_list, $rt)
    };
}

/// The builder `run` uses, and the test that writes `ui/src/bindings.ts`.
pub fn specta_builder() -> Builder<tauri::Wry> {
    specta_builder_for!(tauri::Wry)
}

/// The app's data: the core's `default_data_dir` (where Tauri's
/// `app_data_dir` is, or `$THREATLOOM_DATA_DIR`), so the command line finds
/// the same library folders.
pub fn data_dir() -> PathBuf {
    threatloom::workspace::default_data_dir()
}

/// Where "New engagement" puts files: Documents/Threatloom, else the data directory.
fn default_dir<R: Runtime>(app: &tauri::AppHandle<R>, data: &std::path::Path) -> PathBuf {
    if std::env::var_os(DATA_DIR_ENV).is_some() {
        return data.join("engagements");
    }
    app.path()
        .document_dir()
        .map(|d| d.join("Threatloom"))
        .unwrap_or_else(|_| data.join("engagements"))
}

/// Hands the workspace to Tauri's state, then opens `requested`, else the most
/// recent engagement, else the demo — on a thread of its own: the setup hook
/// runs on the main thread, which also serves the page to the webview, so
/// opening a big engagement there held the page back. The thread holds the
/// workspace's lock from before this returns until the engagement is open, so
/// a command that comes early (the page's first snapshot) waits for it.
fn setup_state<R: Runtime>(
    app: &tauri::AppHandle<R>,
    workspace: Workspace,
    requested: Option<PathBuf>,
) {
    app.manage(AppState {
        workspace: Mutex::new(workspace),
        next_window: 2.into(),
        selection: Mutex::default(),
    });
    let (locked, held) = std::sync::mpsc::channel::<()>();
    let handle = app.clone();
    std::thread::spawn(move || {
        let state = handle.state::<AppState>();
        let Ok(mut ws) = state.workspace.lock() else {
            return;
        };
        let _ = locked.send(());
        if let Err(e) = ws.start(requested.as_deref()) {
            eprintln!("threatloom: could not open an engagement at start: {e}");
        }
    });
    // Returns once the thread holds the lock (or has given up on it).
    let _ = held.recv();
}

/// The app's own pages: the bundled UI (`tauri://localhost` on Linux and
/// macOS, `http://tauri.localhost` on Windows), or the dev server in `tauri dev`.
fn is_app_page(url: &tauri::Url, dev: Option<&tauri::Url>) -> bool {
    url.scheme() == "tauri"
        || url.host_str() == Some("tauri.localhost")
        || dev.is_some_and(|d| url.origin() == d.origin())
}

/// No page other than the app's own is ever shown in a Threatloom window, so
/// no other page can reach the commands: a link or a script that navigates
/// away is stopped before the request (the CSP already blocks fetches, remote
/// scripts and images).
fn navigation_guard<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let dev = tauri::is_dev()
                .then(|| webview.app_handle().config().build.dev_url.clone())
                .flatten();
            is_app_page(url, dev.as_ref())
        })
        .build()
}

pub fn run() {
    let builder = specta_builder();
    let context = tauri::generate_context!();
    let identifier = context.config().identifier.clone();
    let result = tauri::Builder::default()
        .plugin(instance::plugin(&identifier))
        .plugin(navigation_guard())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let data = data_dir();
            let workspace = Workspace::new(data.clone(), default_dir(app.handle(), &data));
            // `threatloom-app FILE` opens FILE (read as a later launch's is).
            let argv: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let cwd = std::env::current_dir().unwrap_or_default();
            setup_state(
                app.handle(),
                workspace,
                instance::requested_file(&argv, &cwd),
            );
            commands::library::watch(app.handle().clone());
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("threatloom: the app stopped: {e}");
        std::process::exit(1);
    }
}

// After the macros they use.
pub mod instance;
#[cfg(test)]
mod ipc_tests;
