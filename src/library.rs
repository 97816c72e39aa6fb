//! The team's library on disk: folders of entry files (`<id>.toml`, one entry
//! each), several folders active at once — the personal one first, then for
//! example the team's git checkout. The first folder holding an id wins; a
//! file that cannot be used is a `LibraryProblem` and is skipped, nothing else
//! is affected.
//!
//! The entry itself, applying it and taking its updates are the model's and
//! the engine's (`model::LibraryEntry`, `Op::ApplyLibraryEntry`,
//! `Op::TakeLibraryUpdate`); this layer reads and writes the folders, searches
//! them, finds updates for an engagement's threats, harvests a past
//! engagement's findings and reads OWASP pytm's threat library.

mod config;
pub mod file;
mod harvest;
mod pytm;
mod search;

pub use config::{default_folder, read_folders, write_folders, CONFIG_FILE};
pub use harvest::{harvest, save_harvest, HarvestCandidate, HarvestResult, HarvestSkip};
pub use pytm::{import_pytm, MAX_JSON as MAX_PYTM_JSON};
pub use search::fold;

use crate::error::{Error, Result};
use crate::model::{is_entry_id, LibraryEntry, Origin, State, TextChange};
use search::Haystack;
use serde::Serialize;
use specta::Type;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A library file or folder that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LibraryProblem {
    /// The file (or folder) as a path.
    pub file: String,
    /// The line of the key at fault, where there is one.
    pub line: Option<u32>,
    pub message: String,
}

impl std::fmt::Display for LibraryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// An entry as loaded, with the folder it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub entry: LibraryEntry,
    pub folder: PathBuf,
    haystack: Haystack,
}

impl Loaded {
    fn new(entry: LibraryEntry, folder: &Path) -> Loaded {
        Loaded {
            haystack: Haystack::of(&entry),
            entry,
            folder: folder.to_path_buf(),
        }
    }
}

/// A threat made from an entry that has a newer version now.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LibraryUpdate {
    pub threat_id: String,
    pub entry_id: String,
    /// The version the threat was made from (or last updated to).
    pub from_version: u32,
    /// The entry as it is now (what `Op::TakeLibraryUpdate` carries).
    pub entry: LibraryEntry,
    /// Where the threat's text and the entry's differ.
    pub changes: Vec<TextChange>,
}

/// The library folders' entries in memory.
#[derive(Debug, Clone, Default)]
pub struct Library {
    folders: Vec<PathBuf>,
    /// In folder order, then by file name.
    entries: Vec<Loaded>,
    by_id: HashMap<String, usize>,
    problems: Vec<LibraryProblem>,
    /// The folders' listing when loaded.
    fingerprint: u64,
}

/// The `*.toml` files of `folder`, by name; hidden files (a save's temporary
/// file, an editor's) are not entries.
fn entry_files(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .flatten()
        .filter(|d| d.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|d| d.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

impl Library {
    /// Reads every `*.toml` of each folder (not below), in order. A folder
    /// that cannot be read and a file that cannot be used are each a problem
    /// and skipped; an id already loaded from an earlier folder is reported
    /// and the earlier entry kept.
    pub fn load(folders: &[PathBuf]) -> Library {
        let mut lib = Library {
            folders: folders.to_vec(),
            ..Library::default()
        };
        for (i, folder) in folders.iter().enumerate() {
            let problem = |message: String| LibraryProblem {
                file: folder.display().to_string(),
                line: None,
                message,
            };
            if folders[..i].contains(folder) {
                lib.problems
                    .push(problem("the folder is listed twice; read once".into()));
                continue;
            }
            let files = match entry_files(folder) {
                Ok(files) => files,
                Err(e) => {
                    lib.problems
                        .push(problem(format!("the library folder cannot be read: {e}")));
                    continue;
                }
            };
            for path in files {
                match file::read(&path) {
                    Ok(entry) => match lib.by_id.get(&entry.id) {
                        Some(&first) => lib.problems.push(LibraryProblem {
                            file: path.display().to_string(),
                            line: None,
                            message: format!(
                                "entry '{}' is also in {}, which comes first: this file is not used",
                                entry.id,
                                lib.entries[first].folder.display()
                            ),
                        }),
                        None => lib.push(Loaded::new(entry, folder)),
                    },
                    Err(p) => lib.problems.push(p),
                }
            }
        }
        lib.fingerprint = fingerprint(folders);
        lib
    }

    fn push(&mut self, loaded: Loaded) {
        self.by_id
            .insert(loaded.entry.id.clone(), self.entries.len());
        self.entries.push(loaded);
    }

    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    /// Every entry in use, in folder order.
    pub fn entries(&self) -> &[Loaded] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Loaded> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The files and folders skipped at load, and why.
    pub fn problems(&self) -> &[LibraryProblem] {
        &self.problems
    }

    /// Something in the folders changed since the load (a `git pull`, another
    /// app, a save — its entry is in memory, but a reload also picks up what
    /// else changed): a file added, removed, resized or touched. Reads the
    /// folders' listing (8 ms for 2,000 files): cheap enough to poll.
    pub fn changed_on_disk(&self) -> bool {
        fingerprint(&self.folders) != self.fingerprint
    }

    /// Writes `entry` to `folder` as `<id>.toml` and returns it as written.
    /// An empty id gets one made from the title, unused in every active
    /// folder; an entry already in that folder keeps its version when its
    /// content is unchanged (and the file is not touched), else goes up by one.
    pub fn save(&mut self, folder: &Path, entry: LibraryEntry) -> Result<LibraryEntry> {
        let mut entry = normalized(entry);
        if entry.id.is_empty() {
            entry.id = self.unused_id(folder, &slug(&entry.title));
        } else if !is_entry_id(&entry.id) {
            return Err(Error::invalid(format!(
                "'{}' is not an entry id: lowercase letters, digits and '-'",
                entry.id
            )));
        }
        let path = folder.join(format!("{}.toml", entry.id));
        match file::read(&path) {
            Ok(old) => {
                entry.version = old.version;
                if entry == old {
                    self.put(folder, entry.clone());
                    return Ok(entry);
                }
                entry.version = old.version.saturating_add(1);
            }
            // A file that does not load may be someone's edit in progress.
            Err(p) if path.exists() => {
                return Err(Error::invalid(format!(
                    "{p}; fix or remove the file before saving over it"
                )))
            }
            Err(_) => entry.version = entry.version.max(1),
        }
        entry.check().map_err(Error::invalid)?;
        let text = file::to_toml(&entry)?;
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::Io(format!("{}: {e}", folder.display())))?;
        file::write_atomic(&path, text.as_bytes())?;
        self.put(folder, entry.clone());
        Ok(entry)
    }

    /// Removes `<id>.toml` from `folder`, then reads the folders again (an
    /// entry it shadowed in a later folder comes into use).
    pub fn delete(&mut self, folder: &Path, id: &str) -> Result<()> {
        if !is_entry_id(id) {
            return Err(Error::invalid(format!("'{id}' is not an entry id")));
        }
        let path = folder.join(format!("{id}.toml"));
        if !path.exists() {
            return Err(Error::not_found("Library entry", id));
        }
        std::fs::remove_file(&path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
        *self = Library::load(&self.folders);
        Ok(())
    }

    /// The saved entry in memory, if `folder` is active and not shadowed by
    /// an earlier one holding the same id.
    fn put(&mut self, folder: &Path, entry: LibraryEntry) {
        let order = |f: &Path| self.folders.iter().position(|x| x == f);
        let Some(rank) = order(folder) else { return };
        match self.by_id.get(&entry.id) {
            Some(&i) => {
                if order(&self.entries[i].folder).is_none_or(|current| rank <= current) {
                    self.entries[i] = Loaded::new(entry, folder);
                }
            }
            None => self.push(Loaded::new(entry, folder)),
        }
    }

    /// `stem`, else `stem-2`, `stem-3` …: not an id in use, not a file in
    /// `folder` (even one that did not load).
    fn unused_id(&self, folder: &Path, stem: &str) -> String {
        let taken = |id: &str| {
            self.by_id.contains_key(id)
                || self
                    .folders
                    .iter()
                    .map(PathBuf::as_path)
                    .chain([folder])
                    .any(|f| f.join(format!("{id}.toml")).exists())
        };
        let mut id = stem.to_string();
        let mut n = 2u32;
        while taken(&id) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        id
    }

    /// The threats of `state` made from an entry that has a newer version here.
    pub fn updates(&self, state: &State) -> Vec<LibraryUpdate> {
        state
            .threats
            .values()
            .filter_map(|t| {
                let Origin::Library { entry_id, version } = &t.origin else {
                    return None;
                };
                let entry = &self.get(entry_id)?.entry;
                entry.updates(t).then(|| LibraryUpdate {
                    threat_id: t.id.clone(),
                    entry_id: entry_id.clone(),
                    from_version: *version,
                    entry: entry.clone(),
                    changes: entry.diff(t),
                })
            })
            .collect()
    }
}

/// Trimmed title and tags, no blank tag or action, the kinds in order once:
/// the same entry typed twice is the same file.
fn normalized(mut e: LibraryEntry) -> LibraryEntry {
    e.title = e.title.trim().to_string();
    e.tags = e
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .fold(Vec::new(), |mut tags, t| {
            if !tags.contains(&t) {
                tags.push(t);
            }
            tags
        });
    e.recommended_actions.retain(|a| !a.trim().is_empty());
    e.applies_to.sort_by_key(|k| *k as u8);
    e.applies_to.dedup();
    e
}

/// An id from a title: lowercase ASCII letters and digits, every other run
/// one `-`, at most 60 characters, cut at a word's end where it can be
/// ("JWT signature not verified" → "jwt-signature-not-verified").
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > 60 {
        // At a word's end where there is one ("…-platform", not "…-platfo").
        let cut = match out[..=60].rfind('-') {
            Some(at) if at > 0 => at,
            _ => 60,
        };
        out.truncate(cut);
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "entry".into()
    } else {
        out.into()
    }
}

/// The folders' `*.toml` files by name, size and modification time.
fn fingerprint(folders: &[PathBuf]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for folder in folders {
        folder.hash(&mut h);
        for path in entry_files(folder).unwrap_or_default() {
            path.hash(&mut h);
            if let Ok(m) = std::fs::metadata(&path) {
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}
