//! Which library folders are active: `<data dir>/library.json`,
//! `{ "folders": [...] }`, shared by the app and the command line. Without
//! the file, the one folder is `<data dir>/library`. The first folder is where
//! new entries are saved.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "library.json";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    folders: Vec<PathBuf>,
}

/// The personal library: `<data dir>/library`.
pub fn default_folder(data_dir: &Path) -> PathBuf {
    data_dir.join("library")
}

/// The active folders, in order: those in `library.json` (a relative path is
/// taken from the data directory), else the default one. `Err` when the file
/// is there but unreadable; the caller then uses the default.
pub fn read_folders(data_dir: &Path) -> Result<Vec<PathBuf>> {
    let path = data_dir.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(vec![default_folder(data_dir)])
        }
        Err(e) => return Err(Error::Io(format!("{}: {e}", path.display()))),
    };
    let config: Config = serde_json::from_str(&text)
        .map_err(|e| Error::invalid(format!("{}: {e}", path.display())))?;
    let folders = distinct(
        config
            .folders
            .into_iter()
            .filter(|f| !f.as_os_str().is_empty())
            .map(|f| data_dir.join(f))
            .collect(),
    );
    Ok(if folders.is_empty() {
        vec![default_folder(data_dir)]
    } else {
        folders
    })
}

/// Writes the active folders (each once, in order) to `library.json`.
pub fn write_folders(data_dir: &Path, folders: &[PathBuf]) -> Result<()> {
    let config = Config {
        folders: distinct(folders.to_vec()),
    };
    std::fs::create_dir_all(data_dir)?;
    let text = serde_json::to_string_pretty(&config)? + "\n";
    super::file::write_atomic(&data_dir.join(CONFIG_FILE), text.as_bytes())
}

fn distinct(folders: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::with_capacity(folders.len());
    for f in folders {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}
