//! How WebKitGTK draws the windows on a machine without a GPU.
//!
//! By default WebKitGTK composites the page with OpenGL. Without a GPU (a VM,
//! a remote desktop, Xvfb) Mesa emulates OpenGL on the CPU, and every frame
//! that changes anything costs 30–55 ms on a 2-core machine (measured: one
//! node's outline changing on a 1,000-element diagram, 43–56 ms per frame
//! composited, 16 ms painted directly). Where no GPU render node exists, the
//! app asks WebKit to paint without compositing; a user's own
//! `WEBKIT_DISABLE_COMPOSITING_MODE` always wins.

use std::path::Path;

const COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Whether to turn compositing off: only when the user has not said either way
/// and the machine has no GPU render node (`/dev/dri/renderD*`).
fn compositing_off(user_setting: Option<&str>, dri: &Path) -> bool {
    if user_setting.is_some() {
        return false;
    }
    let has_render_node = std::fs::read_dir(dri)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false);
    !has_render_node
}

/// Called first thing in `run`, before any thread or web process starts (the
/// web processes inherit the environment).
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let user = std::env::var(COMPOSITING_ENV).ok();
    if compositing_off(user.as_deref(), Path::new("/dev/dri")) {
        std::env::set_var(COMPOSITING_ENV, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_without_a_render_node_and_kept_with_one_or_when_the_user_says() {
        let dir = tempfile::tempdir().unwrap();
        let dri = dir.path().join("dri");
        // No /dev/dri at all: software rendering.
        assert!(compositing_off(None, &dri));
        std::fs::create_dir(&dri).unwrap();
        std::fs::write(dri.join("card0"), "").unwrap();
        // A display device without a render node: still software.
        assert!(compositing_off(None, &dri));
        std::fs::write(dri.join("renderD128"), "").unwrap();
        assert!(!compositing_off(None, &dri));
        // The user's setting, either way, is left alone.
        std::fs::remove_file(dri.join("renderD128")).unwrap();
        assert!(!compositing_off(Some("0"), &dri));
        assert!(!compositing_off(Some("1"), &dri));
    }
}
