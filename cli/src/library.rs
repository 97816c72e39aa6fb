//! `threatloom library`: the team's library from the command line, in the
//! same folders as the app (`<data dir>/library.json`, the data directory
//! moved by `THREATLOOM_DATA_DIR`).

use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use threatloom::library::{self, file, Library};
use threatloom::model::{ElementKind, LibraryEntry};
use threatloom::workspace::default_data_dir;
use threatloom::{Engagement, Op, Workspace};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

#[derive(Args)]
pub struct LibraryArgs {
    #[command(subcommand)]
    command: LibraryCommand,
}

#[derive(Subcommand)]
enum LibraryCommand {
    /// One entry a line: id, STRIDE letter, element kinds, title. Files that
    /// cannot be used are listed on stderr.
    List,
    /// Print an entry as its file holds it.
    Show { id: String },
    /// Bring the findings of a past engagement into the library (the first
    /// folder). Without --all or --threat, list what it would bring.
    AddFrom {
        file: PathBuf,
        /// Every finding.
        #[arg(long, conflicts_with = "threat")]
        all: bool,
        /// This threat's finding (a threat id); repeatable.
        #[arg(long = "threat", value_name = "THREAT")]
        threat: Vec<String>,
        /// Save findings the library already has (same title and category) too.
        #[arg(long)]
        include_duplicates: bool,
    },
    /// Read OWASP pytm's threat library (pytm/threatlib/threats.json) into the
    /// library: one entry per pytm threat, id pytm-<SID>.
    ImportPytm {
        file: PathBuf,
        /// The folder to write to (default: the first library folder).
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
    },
    /// Apply an entry to elements of an engagement, as the app's picker does
    /// (one undoable step).
    Apply {
        entry: String,
        /// An element's id or its exact name; repeatable.
        #[arg(long = "to", value_name = "ELEMENT", required = true)]
        to: Vec<String>,
        file: PathBuf,
    },
}

fn workspace() -> Workspace {
    let data = default_data_dir();
    let mut ws = Workspace::new(data.clone(), data.join("engagements"));
    ws.reload_library();
    ws
}

fn kinds(e: &LibraryEntry) -> String {
    let names: Vec<&str> = e
        .applies_to
        .iter()
        .map(|k| match k {
            ElementKind::ExternalEntity => "external_entity",
            ElementKind::Process => "process",
            ElementKind::DataStore => "data_store",
            ElementKind::DataFlow => "data_flow",
            ElementKind::TrustBoundary => "trust_boundary",
        })
        .collect();
    names.join(",")
}

fn entry<'a>(lib: &'a Library, id: &str) -> Res<&'a LibraryEntry> {
    lib.get(id)
        .map(|l| &l.entry)
        .ok_or_else(|| format!("no library entry '{id}' in {}", folders_text(lib.folders())).into())
}

fn folders_text(folders: &[PathBuf]) -> String {
    let names: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
    names.join(", ")
}

pub fn run(args: LibraryArgs) -> Res<()> {
    let mut ws = workspace();
    match args.command {
        LibraryCommand::List => {
            for p in ws.library_problems() {
                eprintln!("threatloom: skipped {p}");
            }
            let mut entries: Vec<&LibraryEntry> =
                ws.library().entries().iter().map(|l| &l.entry).collect();
            entries.sort_by(|a, b| a.id.cmp(&b.id));
            for e in entries {
                println!(
                    "{}\t{}\t{}\t{}",
                    e.id,
                    e.category.letter(),
                    kinds(e),
                    e.title
                );
            }
        }
        LibraryCommand::Show { id } => {
            let lib = ws.library();
            let e = entry(lib, &id)?;
            let folder = lib.get(&id).map(|l| l.folder.clone()).unwrap_or_default();
            println!("# {}", folder.join(format!("{id}.toml")).display());
            print!("{}", file::to_toml(e)?);
        }
        LibraryCommand::AddFrom {
            file,
            all,
            threat,
            include_duplicates,
        } => add_from(&mut ws, &file, all, &threat, include_duplicates)?,
        LibraryCommand::ImportPytm { file, into } => {
            let text = read_limited(&file, library::MAX_PYTM_JSON)?;
            let entries = library::import_pytm(&text)?;
            let folder = match into {
                Some(dir) => dir,
                None => ws
                    .library_folders()
                    .first()
                    .cloned()
                    .ok_or("no library folder is set")?,
            };
            let mut lib = ws.library().clone();
            let (mut new, mut changed, mut same) = (0, 0, 0);
            for e in entries {
                let before = lib
                    .get(&e.id)
                    .filter(|l| l.folder == folder)
                    .map(|l| l.entry.version);
                let saved = lib.save(&folder, e)?;
                match before {
                    None => new += 1,
                    Some(v) if v == saved.version => same += 1,
                    Some(_) => changed += 1,
                }
            }
            println!(
                "pytm: {} entries in {} ({new} new, {changed} updated, {same} unchanged)",
                new + changed + same,
                folder.display()
            );
        }
        LibraryCommand::Apply {
            entry: id,
            to,
            file,
        } => {
            let e = entry(ws.library(), &id)?.clone();
            let mut eng = Engagement::open(&file)?;
            let element_ids = to
                .iter()
                .map(|name| element_id(&eng, name))
                .collect::<Res<Vec<String>>>()?;
            let n = element_ids.len();
            eng.apply(Op::ApplyLibraryEntry {
                entry: e.clone(),
                element_ids,
            })?;
            println!(
                "applied '{}' (v{}) to {n} element{}",
                e.title,
                e.version,
                if n == 1 { "" } else { "s" }
            );
        }
    }
    Ok(())
}

fn add_from(
    ws: &mut Workspace,
    file: &Path,
    all: bool,
    threats: &[String],
    include_duplicates: bool,
) -> Res<()> {
    let candidates = ws.harvest_preview(file)?;
    if !all && threats.is_empty() {
        for c in &candidates {
            let note = match (&c.problem, &c.duplicate_of) {
                (Some(p), _) => format!("  (cannot be saved: {p})"),
                (None, Some(id)) => format!("  (the library has it: {id})"),
                _ => String::new(),
            };
            println!(
                "{}\t{}\t{}{note}",
                c.threat_id,
                c.entry.category.letter(),
                c.entry.title
            );
        }
        println!(
            "{} findings; save them with --all or --threat ID",
            candidates.len()
        );
        return Ok(());
    }
    let ids: Vec<String> = if all {
        candidates.iter().map(|c| c.threat_id.clone()).collect()
    } else {
        for id in threats {
            if !candidates
                .iter()
                .any(|c| c.threat_id == *id || c.same_as.contains(id))
            {
                return Err(format!("{} has no threat '{id}'", file.display()).into());
            }
        }
        threats.to_vec()
    };
    let result = ws.harvest(file, &ids, include_duplicates)?;
    for e in &result.saved {
        println!("saved {} (v{}): {}", e.id, e.version, e.title);
    }
    for s in &result.skipped {
        println!("skipped {}: {} ({})", s.threat_id, s.title, s.reason);
    }
    println!(
        "{} saved, {} skipped",
        result.saved.len(),
        result.skipped.len()
    );
    Ok(())
}

/// An element named by id, or by a name only one element has.
fn element_id(eng: &Engagement, name: &str) -> Res<String> {
    let elements = &eng.state().elements;
    if elements.contains_key(name) {
        return Ok(name.to_string());
    }
    let named: Vec<&String> = elements
        .values()
        .filter(|e| e.name.trim() == name.trim())
        .map(|e| &e.id)
        .collect();
    match named.as_slice() {
        [id] => Ok((*id).clone()),
        [] => Err(format!("no element '{name}' in {}", eng.path().display()).into()),
        _ => Err(format!(
            "{} elements are named '{name}': give an id ({})",
            named.len(),
            named
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into()),
    }
}

/// The file's text, refused unread when larger than `max` bytes.
fn read_limited(path: &Path, max: usize) -> Res<String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if len > max as u64 {
        return Err(format!("{}: larger than {} MiB", path.display(), max >> 20).into());
    }
    Ok(std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?)
}
