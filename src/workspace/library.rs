//! The app's library: the folders of `<data dir>/library.json` loaded at
//! start, searched for the picker, written by "Save to library", harvested
//! from past engagements. What the shell's commands call.

use super::Workspace;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::library::{
    self, HarvestCandidate, HarvestResult, Library, LibraryProblem, LibraryUpdate,
};
use crate::model::{ElementKind, LibraryEntry, Origin, State};
use serde::Serialize;
use specta::Type;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// An entry the picker lists.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LibraryHit {
    pub entry: LibraryEntry,
    /// The library folder it comes from.
    pub folder: String,
    /// Every element searched for already has a threat made from this entry.
    pub applied: bool,
}

impl Workspace {
    /// Reads the folder list and the folders. The personal library
    /// (`<data dir>/library`) is created if it is first and missing; a folder
    /// list that cannot be read is a problem, and the default folder is used.
    pub fn reload_library(&mut self) {
        let (folders, problem) = match library::read_folders(&self.data_dir) {
            Ok(folders) => (folders, None),
            Err(e) => (
                vec![library::default_folder(&self.data_dir)],
                Some(LibraryProblem {
                    file: self
                        .data_dir
                        .join(library::CONFIG_FILE)
                        .display()
                        .to_string(),
                    line: None,
                    message: format!("{e}; using the default library folder"),
                }),
            ),
        };
        let personal = library::default_folder(&self.data_dir);
        if folders.first() == Some(&personal) {
            // If this fails, the load says so for the folder. A folder the
            // user chose is not made: if it is gone, they are told.
            let _ = std::fs::create_dir_all(&personal);
        }
        self.library = Library::load(&folders);
        self.library_config_problem = problem;
    }

    /// Reads the folders again if a file in them changed (a `git pull`):
    /// cheap enough to ask every few seconds. `true` if it reloaded.
    pub fn reload_library_if_changed(&mut self) -> bool {
        let changed = self.library.changed_on_disk();
        if changed {
            self.reload_library();
        }
        changed
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The active folders, in order; saves go to the first.
    pub fn library_folders(&self) -> &[PathBuf] {
        self.library.folders()
    }

    /// The files and folders skipped, and why.
    pub fn library_problems(&self) -> Vec<LibraryProblem> {
        self.library_config_problem
            .iter()
            .chain(self.library.problems())
            .cloned()
            .collect()
    }

    /// Makes `folders` the active ones (in order; the first takes saves),
    /// remembers them in `library.json` and reads them.
    pub fn set_library_folders(&mut self, folders: Vec<PathBuf>) -> Result<()> {
        if folders.is_empty() {
            return Err(Error::invalid("Choose at least one library folder"));
        }
        library::write_folders(&self.data_dir, &folders)?;
        self.reload_library();
        Ok(())
    }

    /// The form "Save to library" starts from: the threat's text, offered for
    /// the kinds of its elements.
    pub fn library_draft(&self, threat_id: &str) -> Result<LibraryEntry> {
        let state = self.current()?.state();
        let t = state
            .threats
            .get(threat_id)
            .ok_or_else(|| Error::not_found("Threat", threat_id))?;
        let kinds: Vec<ElementKind> = t
            .element_ids
            .iter()
            .filter_map(|id| state.elements.get(id).map(|e| e.kind))
            .collect();
        Ok(LibraryEntry::from_threat(t, &kinds))
    }

    /// Saves `entry`: a new one (empty id) to the first folder, an existing
    /// one to the folder it is in. Returns it as written (its id, version).
    pub fn save_to_library(&mut self, entry: LibraryEntry) -> Result<LibraryEntry> {
        let folder = self.save_folder(&entry.id)?;
        let saved = self.library.save(&folder, entry)?;
        self.reload_library();
        Ok(saved)
    }

    /// Removes an entry's file from the folder it is in.
    pub fn delete_from_library(&mut self, id: &str) -> Result<()> {
        let folder = self
            .library
            .get(id)
            .map(|l| l.folder.clone())
            .ok_or_else(|| Error::not_found("Library entry", id))?;
        self.library.delete(&folder, id)
    }

    fn save_folder(&self, id: &str) -> Result<PathBuf> {
        match self.library.get(id) {
            Some(l) => Ok(l.folder.clone()),
            None => self
                .library
                .folders()
                .first()
                .cloned()
                .ok_or_else(|| Error::invalid("No library folder is set")),
        }
    }

    /// The picker's list for `element_ids` of the open engagement: entries for
    /// all of their kinds matching `query`, best first, at most `limit`.
    pub fn search_library(
        &self,
        query: &str,
        element_ids: &[String],
        limit: usize,
    ) -> Result<Vec<LibraryHit>> {
        let mut kinds: Vec<ElementKind> = Vec::new();
        let mut applied: HashSet<(&str, &str)> = HashSet::new();
        if !element_ids.is_empty() {
            let state = self.current()?.state();
            for id in element_ids {
                let el = state
                    .elements
                    .get(id)
                    .ok_or_else(|| Error::not_found("Element", id))?;
                if !kinds.contains(&el.kind) {
                    kinds.push(el.kind);
                }
            }
            applied = applied_pairs(state);
        }
        Ok(self
            .library
            .search(query, &kinds, limit)
            .into_iter()
            .map(|l| LibraryHit {
                applied: !element_ids.is_empty()
                    && element_ids
                        .iter()
                        .all(|el| applied.contains(&(el.as_str(), l.entry.id.as_str()))),
                folder: l.folder.display().to_string(),
                entry: l.entry.clone(),
            })
            .collect())
    }

    /// The open engagement's threats whose library entry has a newer version.
    pub fn library_updates(&self) -> Result<Vec<LibraryUpdate>> {
        Ok(self.library.updates(self.current()?.state()))
    }

    /// The distinct findings of the engagement at `path` as candidate entries,
    /// duplicates of the library's marked. The file is read from a copy, so
    /// opening it (which may migrate it) never changes it.
    pub fn harvest_preview(&self, path: &Path) -> Result<Vec<HarvestCandidate>> {
        if let Some(eng) = self.current.as_ref().filter(|e| same_file(e.path(), path)) {
            return Ok(library::harvest(eng.state(), &self.library));
        }
        let state = read_copy(path)?;
        Ok(library::harvest(&state, &self.library))
    }

    /// Saves the candidates of `harvest_preview(path)` that hold one of
    /// `threat_ids` to the first folder: duplicates only if
    /// `include_duplicates`.
    pub fn harvest(
        &mut self,
        path: &Path,
        threat_ids: &[String],
        include_duplicates: bool,
    ) -> Result<HarvestResult> {
        let chosen: Vec<HarvestCandidate> = self
            .harvest_preview(path)?
            .into_iter()
            .filter(|c| {
                threat_ids
                    .iter()
                    .any(|id| *id == c.threat_id || c.same_as.contains(id))
            })
            .collect();
        let folder = self.save_folder("")?;
        let result = library::save_harvest(&mut self.library, &folder, &chosen, include_duplicates);
        self.reload_library();
        result
    }
}

/// (element id, entry id) for every threat made from a library entry.
fn applied_pairs(state: &State) -> HashSet<(&str, &str)> {
    let mut out = HashSet::new();
    for t in state.threats.values() {
        if let Origin::Library { entry_id, .. } = &t.origin {
            for el in &t.element_ids {
                out.insert((el.as_str(), entry_id.as_str()));
            }
        }
    }
    out
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The state of the engagement at `path`, read from a copy of the file (and
/// of its write-ahead log, which may hold the last commits).
fn read_copy(path: &Path) -> Result<State> {
    if !path.is_file() {
        return Err(Error::Io(format!("{}: no such file", path.display())));
    }
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = TempDir(std::env::temp_dir().join(format!(
        "threatloom-harvest-{}-{}-{}",
        std::process::id(),
        crate::engine::now_ms(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )));
    std::fs::create_dir_all(&dir.0)?;
    let copy = dir.0.join("harvest.threatmodel");
    std::fs::copy(path, &copy).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    if wal.is_file() {
        std::fs::copy(&wal, dir.0.join("harvest.threatmodel-wal"))?;
    }
    let state = Engagement::open(&copy)
        .map_err(|e| match e {
            // Name the user's file, not the copy.
            Error::NotAnEngagement { .. } => Error::NotAnEngagement {
                path: path.display().to_string(),
            },
            Error::Corrupt { reason, .. } => Error::Corrupt {
                path: path.display().to_string(),
                reason,
            },
            e => e,
        })?
        .state()
        .clone();
    Ok(state)
}
