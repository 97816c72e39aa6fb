//! One running app per user and data folder. A later `threatloom-app [FILE]`
//! (the file manager opening a `.threatmodel`, a shell) hands its command line
//! to the running app over D-Bus and exits, instead of a second process
//! opening the same file: the running app opens FILE and shows a new window.
//!
//! The app holds one engagement at a time, shared by all its windows, so the
//! file opened this way is the one every window then shows (as File → Open).

use crate::commands::{engagement::announce_reload, windows::open_main_window};
use crate::{AppState, DATA_DIR_ENV};
use std::ffi::OsStr;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime};

/// The engagement file a command line names: the first argument after the
/// program that is not an option, taken relative to `cwd`; a `file://` URI
/// (from a launcher that passes `%u`) is turned into its path.
pub fn requested_file(argv: &[String], cwd: &Path) -> Option<PathBuf> {
    let arg = argv.iter().skip(1).find(|a| !a.starts_with('-'))?;
    let path = match arg.strip_prefix("file://") {
        Some(_) => tauri::Url::parse(arg).ok()?.to_file_path().ok()?,
        None => PathBuf::from(arg),
    };
    Some(cwd.join(path))
}

/// What the running app does for a second launch's command line.
#[derive(Debug, PartialEq)]
pub enum Request {
    /// Open this engagement, then a new window (on it).
    Open(PathBuf),
    /// Nothing named: a new window on the engagement already open.
    NewWindow,
}

pub fn request(argv: &[String], cwd: &str) -> Request {
    match requested_file(argv, Path::new(cwd)) {
        Some(path) => Request::Open(path),
        None => Request::NewWindow,
    }
}

/// The D-Bus name the running app holds: the identifier, and, when
/// `$THREATLOOM_DATA_DIR` moves the data (`data_dir_env`: tests, CI, a second
/// profile), a digest of that folder, so that apps on different data stay apart.
pub fn dbus_id(identifier: &str, data_dir_env: Option<&OsStr>) -> String {
    match data_dir_env.filter(|d| !d.is_empty()) {
        Some(dir) => {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            dir.hash(&mut hasher);
            format!("{identifier}.d{:016x}", hasher.finish())
        }
        None => identifier.to_string(),
    }
}

/// The single-instance plugin: registered first, so that a second launch
/// hands over before anything else starts.
pub fn plugin<R: Runtime>(identifier: &str) -> tauri::plugin::TauriPlugin<R> {
    let data_dir_env = std::env::var_os(DATA_DIR_ENV);
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id(identifier, data_dir_env.as_deref()))
        .callback(|app, argv, cwd| {
            handle(app, &argv, &cwd);
        })
        .build()
}

/// Carries out a second launch's request in the running app; returns the new
/// window's label. A file that does not open leaves the engagement as it is,
/// and the new window says why (the `startup_problem` toast).
pub fn handle<R: Runtime>(app: &AppHandle<R>, argv: &[String], cwd: &str) -> Option<String> {
    // The request may come before `setup` has made the state: then there is
    // nothing to open yet, and the window the first launch makes follows.
    let state = app.try_state::<AppState>()?;
    if let Request::Open(path) = request(argv, cwd) {
        match state.workspace.lock() {
            Ok(mut ws) => match ws.open_requested(&path) {
                Ok(eng) => announce_reload(app, &eng.snapshot()),
                Err(e) => eprintln!("threatloom: could not open {}: {e}", path.display()),
            },
            Err(_) => eprintln!("threatloom: the app's state is unavailable"),
        }
    }
    match open_main_window(app, &state) {
        Ok(label) => {
            if let Some(window) = app.get_webview_window(&label) {
                let _ = window.set_focus();
            }
            Some(label)
        }
        Err(e) => {
            eprintln!("threatloom: {e}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup_state;
    use tauri::test::{mock_builder, MockRuntime};
    use threatloom::Workspace;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_file_is_taken_relative_to_the_second_launch_folder() {
        assert_eq!(
            request(
                &args(&["threatloom-app", "acme.threatmodel"]),
                "/home/c/work"
            ),
            Request::Open("/home/c/work/acme.threatmodel".into())
        );
        assert_eq!(
            request(
                &args(&["/usr/bin/threatloom-app", "/tmp/x.threatmodel"]),
                "/home"
            ),
            Request::Open("/tmp/x.threatmodel".into())
        );
        assert_eq!(
            request(
                &args(&["threatloom-app", "file:///tmp/ACME%20Q4.threatmodel"]),
                "/"
            ),
            Request::Open("/tmp/ACME Q4.threatmodel".into())
        );
        assert_eq!(
            request(
                &args(&["threatloom-app", "--verbose", "a.threatmodel"]),
                "/w"
            ),
            Request::Open("/w/a.threatmodel".into())
        );
        assert_eq!(
            request(&args(&["threatloom-app"]), "/home"),
            Request::NewWindow
        );
        assert_eq!(request(&[], "/home"), Request::NewWindow);
        assert_eq!(
            request(&args(&["threatloom-app", "file://not a uri"]), "/"),
            Request::NewWindow,
            "a URI that names no file names nothing"
        );
    }

    fn app(dir: &Path) -> tauri::App<MockRuntime> {
        let builder = specta_builder_for!(MockRuntime);
        let app = mock_builder()
            .build(tauri::generate_context!(test = true))
            .expect("mock app");
        // The events the reload announces must be known to tauri-specta.
        builder.mount_events(&app);
        let workspace = Workspace::new(dir.join("data"), dir.join("docs"));
        setup_state(app.handle(), workspace, None);
        app
    }

    fn open_path(app: &tauri::App<MockRuntime>) -> PathBuf {
        let state = app.state::<AppState>();
        let ws = state.workspace.lock().expect("workspace");
        ws.current().expect("open").path().to_path_buf()
    }

    #[test]
    fn a_second_launch_opens_its_file_in_a_new_window_of_the_running_app() {
        let dir = tempfile::tempdir().expect("dir");
        let app = app(dir.path());
        let file = dir.path().join("acme.threatmodel");
        threatloom::demo::write(&file).expect("demo");
        let cwd = dir.path().display().to_string();

        let label = handle(
            app.handle(),
            &args(&["threatloom-app", "acme.threatmodel"]),
            &cwd,
        );
        assert_eq!(label.as_deref(), Some("main-2"));
        assert!(app.get_webview_window("main-2").is_some());
        assert_eq!(open_path(&app), file);

        // Nothing named: another window, same engagement.
        let label = handle(app.handle(), &args(&["threatloom-app"]), &cwd);
        assert_eq!(label.as_deref(), Some("main-3"));
        assert_eq!(open_path(&app), file);

        // A file that does not open: the engagement stays, the window says why.
        let junk = dir.path().join("junk.threatmodel");
        std::fs::write(&junk, "junk").expect("write");
        let label = handle(
            app.handle(),
            &args(&["threatloom-app", "junk.threatmodel"]),
            &cwd,
        );
        assert_eq!(label.as_deref(), Some("main-4"));
        assert_eq!(open_path(&app), file);
        let state = app.state::<AppState>();
        let ws = state.workspace.lock().expect("workspace");
        assert!(ws.startup_problem().is_some());
    }

    #[test]
    fn apps_on_different_data_folders_hold_different_names() {
        let id = "com.threatloom.app";
        assert_eq!(dbus_id(id, None), id);
        assert_eq!(dbus_id(id, Some(OsStr::new(""))), id);
        let a = dbus_id(id, Some(OsStr::new("/tmp/a")));
        assert_ne!(a, dbus_id(id, Some(OsStr::new("/tmp/b"))));
        assert_eq!(a, dbus_id(id, Some(OsStr::new("/tmp/a"))));
        // A D-Bus name: elements not empty, none starting with a digit.
        assert!(a.starts_with("com.threatloom.app.d"));
        assert!(a
            .split('.')
            .all(|part| !part.is_empty() && !part.starts_with(|c: char| c.is_ascii_digit())));
    }
}
