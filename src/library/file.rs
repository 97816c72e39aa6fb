//! One entry, one TOML file: `<id>.toml`, keys sorted, empty fields left out,
//! no timestamps, a trailing newline. The same entry always gives the same
//! bytes, so a team can keep the folder in git and review changes as diffs.
//!
//! Reading is strict, like a rule file: an unknown key, a wrong type or an
//! entry `LibraryEntry::check` refuses is a `LibraryProblem` with the line of
//! the key at fault, and the file is skipped.

use super::LibraryProblem;
use crate::error::{Error, Result};
use crate::model::*;
use serde::Deserialize;
use std::io::Read;
use std::path::Path;
use toml::{Spanned, Table, Value};

/// A library file larger than this is refused without being read.
pub const MAX_FILE: u64 = 1 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    #[serde(default)]
    version: Option<Spanned<u32>>,
    title: Spanned<String>,
    category: Spanned<Stride>,
    applies_to: Spanned<Vec<ElementKind>>,
    #[serde(default)]
    scenario: Option<Spanned<String>>,
    #[serde(default)]
    impact: Option<Spanned<RawImpact>>,
    #[serde(default)]
    likelihood: Option<Spanned<RawLikelihood>>,
    #[serde(default)]
    recommended_actions: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    references: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    tags: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImpact {
    affected_users: Option<Rating>,
    reputational: Option<Rating>,
    financial: Option<Rating>,
    #[serde(default)]
    rated_overall: Option<Rating>,
    #[serde(default)]
    rationale: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLikelihood {
    reproducibility: Option<Rating>,
    exploitability: Option<Rating>,
    discoverability: Option<Rating>,
    #[serde(default)]
    rated_overall: Option<Rating>,
    #[serde(default)]
    rationale: String,
}

/// The fields `check` can find fault with, each with a value it accepts:
/// replacing the field at fault changes `check`'s answer, so the first field
/// whose replacement does is the one whose line the problem names.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Version,
    Title,
    AppliesTo,
    Scenario,
    Impact,
    Likelihood,
    Actions,
    References,
    Tags,
}

impl Field {
    const ALL: [Field; 10] = [
        Field::Id,
        Field::Version,
        Field::Title,
        Field::AppliesTo,
        Field::Scenario,
        Field::Impact,
        Field::Likelihood,
        Field::Actions,
        Field::References,
        Field::Tags,
    ];

    fn make_valid(self, e: &mut LibraryEntry) {
        match self {
            Field::Id => e.id = "x".into(),
            Field::Version => e.version = 1,
            Field::Title => e.title = "x".into(),
            Field::AppliesTo => {
                e.applies_to = ElementKind::ALL
                    .into_iter()
                    .filter(|k| e.category.applies_to(*k))
                    .collect()
            }
            Field::Scenario => e.scenario.clear(),
            Field::Impact => e.impact = Impact::default(),
            Field::Likelihood => e.likelihood = Likelihood::default(),
            Field::Actions => e.recommended_actions.clear(),
            Field::References => e.references.clear(),
            Field::Tags => e.tags.clear(),
        }
    }
}

fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    // A span always falls on a char boundary; `get` keeps a bad one harmless.
    let before = text.get(..end).unwrap_or(text);
    u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX - 1) + 1
}

/// Reads one entry from a file's text; `file` names it in a problem.
pub fn parse(text: &str, file: &str) -> Result<LibraryEntry, LibraryProblem> {
    let problem = |line: Option<u32>, message: String| LibraryProblem {
        file: file.to_string(),
        line,
        message,
    };
    let raw: RawEntry = toml::from_str(text).map_err(|e| {
        // A key that is missing has no place: the top of the file.
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        problem(Some(line), e.message().trim().to_string())
    })?;
    let span = |s: Option<std::ops::Range<usize>>| s.map(|s| line_of(text, s.start));
    let lines = [
        span(Some(raw.id.span())),
        span(raw.version.as_ref().map(Spanned::span)),
        span(Some(raw.title.span())),
        span(Some(raw.applies_to.span())),
        span(raw.scenario.as_ref().map(Spanned::span)),
        span(raw.impact.as_ref().map(Spanned::span)),
        span(raw.likelihood.as_ref().map(Spanned::span)),
        span(raw.recommended_actions.as_ref().map(Spanned::span)),
        span(raw.references.as_ref().map(Spanned::span)),
        span(raw.tags.as_ref().map(Spanned::span)),
    ];
    let id_line = lines[0];
    let entry = LibraryEntry {
        id: raw.id.into_inner(),
        version: raw.version.map_or(1, Spanned::into_inner),
        title: raw.title.into_inner(),
        category: raw.category.into_inner(),
        applies_to: raw.applies_to.into_inner(),
        scenario: raw.scenario.map(Spanned::into_inner).unwrap_or_default(),
        impact: raw
            .impact
            .map(Spanned::into_inner)
            .map_or_else(Impact::default, |i| Impact {
                affected_users: i.affected_users,
                reputational: i.reputational,
                financial: i.financial,
                rated_overall: i.rated_overall,
                rationale: i.rationale,
            }),
        likelihood: raw
            .likelihood
            .map(Spanned::into_inner)
            .map_or_else(Likelihood::default, |l| Likelihood {
                reproducibility: l.reproducibility,
                exploitability: l.exploitability,
                discoverability: l.discoverability,
                rated_overall: l.rated_overall,
                rationale: l.rationale,
            }),
        recommended_actions: raw
            .recommended_actions
            .map(Spanned::into_inner)
            .unwrap_or_default(),
        references: raw.references.map(Spanned::into_inner).unwrap_or_default(),
        tags: raw.tags.map(Spanned::into_inner).unwrap_or_default(),
    };
    if let Err(message) = entry.check() {
        let line = Field::ALL
            .iter()
            .position(|f| {
                let mut probe = entry.clone();
                f.make_valid(&mut probe);
                probe.check().err().as_deref() != Some(message.as_str())
            })
            .and_then(|i| lines[i])
            .or(id_line);
        return Err(problem(line, message));
    }
    // The file is named by the id, so one id is one file in a folder.
    let stem = Path::new(file).file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref() != Some(entry.id.as_str()) {
        return Err(problem(
            id_line,
            format!(
                "the file holds entry '{}': name it '{}.toml'",
                entry.id, entry.id
            ),
        ));
    }
    Ok(entry)
}

/// Reads the file at `path`: refused unread when larger than `MAX_FILE`.
pub fn read(path: &Path) -> Result<LibraryEntry, LibraryProblem> {
    let file = path.display().to_string();
    let problem = |message: String| LibraryProblem {
        file: file.clone(),
        line: None,
        message,
    };
    let f = std::fs::File::open(path).map_err(|e| problem(e.to_string()))?;
    let too_big = || problem(format!("the file is larger than {} KiB", MAX_FILE / 1024));
    if f.metadata().map_err(|e| problem(e.to_string()))?.len() > MAX_FILE {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // The limit holds even if the file grows after the check above.
    f.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| problem(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_big());
    }
    let text =
        String::from_utf8(bytes).map_err(|_| problem("the file is not UTF-8 text".into()))?;
    parse(&text, &file)
}

fn strings(v: &[String]) -> Value {
    Value::Array(v.iter().map(|s| Value::String(s.clone())).collect())
}

fn enum_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    Value::try_from(v).map_err(|e| Error::Invalid(format!("cannot write the entry: {e}")))
}

/// `rationale` and the ratings that are set; `None` if nothing is.
fn factors(rationale: &str, ratings: [(&str, Option<Rating>); 4]) -> Result<Option<Value>> {
    let mut t = Table::new();
    for (key, rating) in ratings {
        if let Some(r) = rating {
            t.insert(key.into(), enum_value(&r)?);
        }
    }
    if !rationale.is_empty() {
        t.insert("rationale".into(), rationale.into());
    }
    Ok((!t.is_empty()).then_some(Value::Table(sorted(t))))
}

/// The same table with its keys inserted in order: sorted output whether or
/// not `toml` was built to keep insertion order.
fn sorted(t: Table) -> Table {
    let mut pairs: Vec<(String, Value)> = t.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs.into_iter().collect()
}

/// The file's bytes for `e`: sorted keys, empty fields left out, one trailing newline.
pub fn to_toml(e: &LibraryEntry) -> Result<String> {
    // Every field named: a field added to `LibraryEntry` fails to compile here
    // until the file format has a place for it.
    let LibraryEntry {
        id,
        version,
        title,
        category,
        applies_to,
        scenario,
        impact,
        likelihood,
        recommended_actions,
        references,
        tags,
    } = e;
    let mut t = Table::new();
    t.insert("id".into(), id.as_str().into());
    t.insert("version".into(), Value::Integer(i64::from(*version)));
    t.insert("title".into(), title.as_str().into());
    t.insert("category".into(), enum_value(category)?);
    let kinds = applies_to.iter().map(enum_value).collect::<Result<_>>()?;
    t.insert("applies_to".into(), Value::Array(kinds));
    if !scenario.is_empty() {
        t.insert("scenario".into(), scenario.as_str().into());
    }
    let impact_ratings = [
        ("affected_users", impact.affected_users),
        ("financial", impact.financial),
        ("rated_overall", impact.rated_overall),
        ("reputational", impact.reputational),
    ];
    if let Some(v) = factors(&impact.rationale, impact_ratings)? {
        t.insert("impact".into(), v);
    }
    let likelihood_ratings = [
        ("discoverability", likelihood.discoverability),
        ("exploitability", likelihood.exploitability),
        ("rated_overall", likelihood.rated_overall),
        ("reproducibility", likelihood.reproducibility),
    ];
    if let Some(v) = factors(&likelihood.rationale, likelihood_ratings)? {
        t.insert("likelihood".into(), v);
    }
    for (key, list) in [
        ("recommended_actions", recommended_actions),
        ("references", references),
        ("tags", tags),
    ] {
        if !list.is_empty() {
            t.insert(key.into(), strings(list));
        }
    }
    let text = toml::to_string_pretty(&sorted(t))
        .map_err(|e| Error::Invalid(format!("cannot write the entry: {e}")))?;
    Ok(format!("{}\n", text.trim_end()))
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename,
/// so a reader (the app, `git`) never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden and not `*.toml`: a load in the meantime skips it.
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Io(format!("{}: {e}", path.display())));
    }
    Ok(())
}
