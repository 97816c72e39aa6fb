//! The app's own files: where engagements go by default, the recent-files list,
//! and the demo engagement opened on first start. Kept out of the shell so it
//! is tested without Tauri.

use crate::analysis::derived::{Derived, DerivedCache, DerivedQuery};
use crate::analysis::rules::{RuleError, RuleSet};
use crate::demo;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::import::Imported;
use crate::library::{Library, LibraryProblem};
use crate::model::EngagementInfo;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::{Path, PathBuf};

mod library;
pub use library::LibraryHit;

const RECENT_FILE: &str = "recent.json";
const MAX_RECENT: usize = 12;
const MAX_RULE_FILE: u64 = 1 << 20;
pub const EXTENSION: &str = "threatmodel";
/// Moves the app's data directory (tests, CI); the command line follows it too.
pub const DATA_DIR_ENV: &str = "THREATLOOM_DATA_DIR";
/// The app's identifier (`src-tauri/tauri.conf.json`), its data folder's name.
pub const APP_IDENTIFIER: &str = "com.threatloom.app";

/// Where the app keeps its data, as Tauri's `app_data_dir` finds it:
/// `$THREATLOOM_DATA_DIR`, else `<the platform's data folder>/com.threatloom.app`
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application
/// Support` on macOS, `%APPDATA%` on Windows). The command line uses it to
/// find the same library folders as the app.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(target_os = "windows") {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        home().map(|h| h.join("Library").join("Application Support"))
    } else {
        // As the XDG spec says: a relative $XDG_DATA_HOME is ignored.
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| home().map(|h| h.join(".local").join("share")))
    };
    base.map(|b| b.join(APP_IDENTIFIER))
        .unwrap_or_else(|| std::env::temp_dir().join("threatloom"))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecentFile {
    pub path: String,
    pub name: String,
}

pub struct Workspace {
    data_dir: PathBuf,
    /// The built-in rules plus the user's libraries in `<data dir>/rules/*.toml`.
    rules: RuleSet,
    /// User rule files that were ignored, and why.
    rule_errors: Vec<RuleError>,
    startup_problem: Option<Error>,
    /// Where "New engagement" puts a file when the user names no path.
    default_dir: PathBuf,
    current: Option<Engagement>,
    /// The derived views of the current engagement's version.
    derived: DerivedCache,
    /// The team's library: the folders of `<data dir>/library.json`.
    library: Library,
    /// Why `library.json` was not used, if it was not.
    library_config_problem: Option<LibraryProblem>,
}

impl Workspace {
    pub fn new(data_dir: PathBuf, default_dir: PathBuf) -> Self {
        Workspace {
            data_dir,
            default_dir,
            current: None,
            rules: RuleSet::default(),
            rule_errors: vec![],
            startup_problem: None,
            derived: DerivedCache::default(),
            library: Library::default(),
            library_config_problem: None,
        }
    }

    /// Opens `requested` (a file named on the command line), else the most
    /// recent engagement that still opens, else the demo. Why a requested file
    /// could not be opened is kept for the UI (`startup_problem`).
    pub fn start(&mut self, requested: Option<&Path>) -> Result<&Engagement> {
        std::fs::create_dir_all(&self.data_dir)?;
        self.load_rules();
        self.reload_library();
        self.startup_problem = None;
        if let Some(path) = requested {
            match Engagement::open(path) {
                Ok(eng) => return Ok(self.set_current(eng)),
                Err(e) => self.startup_problem = Some(e),
            }
        }
        for recent in self.recent() {
            let path = Path::new(&recent.path);
            match Engagement::open(path) {
                Ok(eng) => return Ok(self.set_current(eng)),
                // A file that was moved away is simply skipped; one that is
                // there but refused is said, so the user knows why.
                Err(e) if path.exists() => {
                    self.startup_problem.get_or_insert(e);
                }
                Err(_) => {}
            }
        }
        let demo_path = self.data_dir.join(format!("demo.{EXTENSION}"));
        let eng = match Engagement::open(&demo_path) {
            Ok(eng) => eng,
            Err(e) => {
                if demo_path.exists() {
                    // The demo may hold the user's work: never delete it; keep
                    // it beside, under a name that says why, and start afresh.
                    let aside = self.data_dir.join(format!(
                        "demo-not-opened-{}.{EXTENSION}",
                        crate::engine::now_ms()
                    ));
                    std::fs::rename(&demo_path, &aside)?;
                    self.startup_problem.get_or_insert(e);
                }
                demo::write(&demo_path)?
            }
        };
        Ok(self.set_current(eng))
    }

    /// Loads the built-in rules and every `*.toml` in `<data dir>/rules`; a
    /// file with an error is skipped and its error kept for the user.
    pub fn load_rules(&mut self) {
        self.derived.clear();
        self.rule_errors.clear();
        self.rules = match RuleSet::builtin() {
            Ok(rules) => rules,
            Err(e) => {
                self.rule_errors.push(e);
                RuleSet::default()
            }
        };
        let dir = self.data_dir.join("rules");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|f| f.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        for file in files {
            let source = file.display().to_string();
            let result = match std::fs::metadata(&file) {
                Ok(m) if m.len() > MAX_RULE_FILE => Err(RuleError {
                    source: source.clone(),
                    line: 1,
                    message: "file is larger than 1 MiB".into(),
                }),
                _ => std::fs::read_to_string(&file)
                    .map_err(|e| RuleError {
                        source: source.clone(),
                        line: 1,
                        message: e.to_string(),
                    })
                    .and_then(|text| self.rules.add_file(&text, &source)),
            };
            if let Err(e) = result {
                self.rule_errors.push(e);
            }
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn rule_errors(&self) -> &[RuleError] {
        &self.rule_errors
    }

    /// Why the file named at start could not be opened, if it could not.
    pub fn startup_problem(&self) -> Option<&Error> {
        self.startup_problem.as_ref()
    }

    /// Applies an op to the open engagement; a renamed engagement is renamed
    /// in the recent-files list too.
    pub fn apply(&mut self, op: crate::engine::Op) -> Result<crate::model::Change> {
        let change = self.current_mut()?.apply(op)?;
        if change.info.is_some() {
            let _ = self.current().and_then(|eng| self.remember(eng));
        }
        Ok(change)
    }

    /// The derived views `q` asks for, at the current version: each part is
    /// computed the first time it is asked for, then shared until the next change.
    pub fn derived(&mut self, q: &DerivedQuery) -> Result<Derived> {
        let eng = self.current.as_ref().ok_or(Error::NoEngagement)?;
        let path = eng.path().display().to_string();
        Ok(self
            .derived
            .derived(&path, eng.version(), eng.state(), &self.rules, q))
    }

    /// How many derived parts were computed rather than served from the cache.
    pub fn cache_misses(&self) -> u32 {
        self.derived.misses()
    }

    pub fn current(&self) -> Result<&Engagement> {
        self.current.as_ref().ok_or(Error::NoEngagement)
    }

    pub fn current_mut(&mut self) -> Result<&mut Engagement> {
        self.current.as_mut().ok_or(Error::NoEngagement)
    }

    pub fn open(&mut self, path: &Path) -> Result<&Engagement> {
        let eng = Engagement::open(path)?;
        Ok(self.set_current(eng))
    }

    /// Opens a file that a later launch named (`threatloom-app FILE` while the
    /// app runs: the file manager, a shell). As at start, why it could not be
    /// opened is kept for the UI, and the engagement open stays open.
    pub fn open_requested(&mut self, path: &Path) -> Result<&Engagement> {
        match Engagement::open(path) {
            Ok(eng) => {
                self.startup_problem = None;
                Ok(self.set_current(eng))
            }
            Err(e) => {
                self.startup_problem = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Creates an engagement at `path`, or in the default folder under a file
    /// name made from `name` when no path is given.
    pub fn create(&mut self, path: Option<&Path>, name: &str) -> Result<&Engagement> {
        self.create_with(
            path,
            EngagementInfo {
                name: name.to_string(),
                ..EngagementInfo::default()
            },
        )
    }

    /// `create`, with more of the description known up front (the New
    /// engagement panel asks for the customer and the kind too).
    pub fn create_with(
        &mut self,
        path: Option<&Path>,
        info: EngagementInfo,
    ) -> Result<&Engagement> {
        let name = info.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::invalid("Give the engagement a name"));
        }
        let path = match path {
            Some(p) => with_extension(p),
            None => {
                std::fs::create_dir_all(&self.default_dir)?;
                unused_path(&self.default_dir, &file_stem(&name))
            }
        };
        let info = EngagementInfo {
            name,
            customer: info.customer.trim().to_string(),
            ..info
        };
        let eng = Engagement::create(&path, info)?;
        Ok(self.set_current(eng))
    }

    /// The file an import of `source` creates: beside it, named after it
    /// (`MTMT_MVP.tm7` → `MTMT_MVP.threatmodel`, `-2` and on when taken).
    pub fn import_destination(source: &Path) -> PathBuf {
        let dir = source.parent().unwrap_or(Path::new("."));
        let stem = source
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "imported".into());
        unused_path(dir, &stem)
    }

    /// Creates a new engagement at `import_destination(source)` (never
    /// touching the source) from the model `imported` read from it, and opens it.
    pub fn import_new(&mut self, source: &Path, imported: Imported) -> Result<&Engagement> {
        let path = Self::import_destination(source);
        let info = imported.engagement_info(source);
        let eng = Engagement::create_imported(&path, info, imported.model)?;
        Ok(self.set_current(eng))
    }

    pub fn save_as(&mut self, path: &Path) -> Result<&Engagement> {
        let path = with_extension(path);
        self.current_mut()?.save_as(&path)?;
        let eng = self.current.take().ok_or(Error::NoEngagement)?;
        Ok(self.set_current(eng))
    }

    fn set_current(&mut self, eng: Engagement) -> &Engagement {
        // The recent list is a convenience: failing to write it must not fail the open.
        let _ = self.remember(&eng);
        self.derived.clear();
        self.current.insert(eng)
    }

    /// Recent engagements, newest first, skipping files that no longer exist.
    pub fn recent(&self) -> Vec<RecentFile> {
        std::fs::read_to_string(self.data_dir.join(RECENT_FILE))
            .ok()
            .and_then(|s| serde_json::from_str::<Vec<RecentFile>>(&s).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|r| Path::new(&r.path).exists())
            .collect()
    }

    fn remember(&self, eng: &Engagement) -> Result<()> {
        let path = eng.path().display().to_string();
        let mut list = self.recent();
        list.retain(|r| r.path != path);
        list.insert(
            0,
            RecentFile {
                path,
                name: eng.state().info.name.clone(),
            },
        );
        list.truncate(MAX_RECENT);
        std::fs::create_dir_all(&self.data_dir)?;
        let tmp = self.data_dir.join(format!("{RECENT_FILE}.tmp"));
        std::fs::write(&tmp, serde_json::to_string_pretty(&list)?)?;
        std::fs::rename(tmp, self.data_dir.join(RECENT_FILE))?;
        Ok(())
    }
}

fn with_extension(p: &Path) -> PathBuf {
    if p.extension().is_some_and(|e| e == EXTENSION) {
        p.to_path_buf()
    } else {
        let mut s = p.as_os_str().to_owned();
        s.push(format!(".{EXTENSION}"));
        PathBuf::from(s)
    }
}

/// A file name from an engagement name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    crate::model::labels::file_stem(name, &[], true, 60).unwrap_or_else(|| "engagement".into())
}

fn unused_path(dir: &Path, stem: &str) -> PathBuf {
    let mut path = dir.join(format!("{stem}.{EXTENSION}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.{EXTENSION}"));
        n += 1;
    }
    path
}
