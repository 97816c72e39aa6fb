//! Harvesting a past engagement: its findings offered as library entries, one
//! per distinct finding (the same title and category on several elements is
//! one entry offered for all their kinds), with the entries the library
//! already has marked as duplicates.

use super::{fold, Library};
use crate::error::Result;
use crate::model::{ElementKind, LibraryEntry, Origin, State, Stride};
use serde::Serialize;
use specta::Type;
use std::collections::HashMap;
use std::path::Path;

/// A finding of another engagement, as the entry it would become.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct HarvestCandidate {
    /// The threat whose text the entry takes.
    pub threat_id: String,
    /// The engagement's other threats with the same category and title (the
    /// same finding on other elements): their kinds are in `applies_to` too.
    pub same_as: Vec<String>,
    /// The entry, without an id yet (saving picks one from the title).
    pub entry: LibraryEntry,
    /// An entry of the library with the same category and title (case and
    /// spacing aside), or the entry the threat was made from.
    pub duplicate_of: Option<String>,
    /// Why the entry cannot be saved as it is (say, it is only on trust
    /// boundaries, which no category takes).
    pub problem: Option<String>,
}

/// What a bulk save did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct HarvestResult {
    pub saved: Vec<LibraryEntry>,
    pub skipped: Vec<HarvestSkip>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct HarvestSkip {
    pub threat_id: String,
    pub title: String,
    pub reason: String,
}

/// Category and title, case, accents and spacing aside: what makes two
/// findings the same one.
fn same_key(category: Stride, title: &str) -> (Stride, String) {
    let words: Vec<&str> = title.split_whitespace().collect();
    (category, fold(&words.join(" ")))
}

/// Every distinct finding of `state` as a candidate entry, in the order of
/// the threats' ids.
pub fn harvest(state: &State, library: &Library) -> Vec<HarvestCandidate> {
    let known: HashMap<(Stride, String), &str> = library
        .entries()
        .iter()
        .map(|l| {
            (
                same_key(l.entry.category, &l.entry.title),
                l.entry.id.as_str(),
            )
        })
        .collect();
    let mut out: Vec<HarvestCandidate> = Vec::new();
    let mut kinds: Vec<Vec<ElementKind>> = Vec::new();
    let mut at: HashMap<(Stride, String), usize> = HashMap::new();
    for t in state.threats.values() {
        let key = same_key(t.category, &t.title);
        let own: Vec<ElementKind> = t
            .element_ids
            .iter()
            .filter_map(|id| state.elements.get(id).map(|e| e.kind))
            .collect();
        if let Some(&i) = at.get(&key) {
            out[i].same_as.push(t.id.clone());
            kinds[i].extend(own);
            continue;
        }
        let duplicate_of = known
            .get(&key)
            .map(|id| id.to_string())
            .or(match &t.origin {
                Origin::Library { entry_id, .. } if library.get(entry_id).is_some() => {
                    Some(entry_id.clone())
                }
                _ => None,
            });
        at.insert(key, out.len());
        kinds.push(own);
        out.push(HarvestCandidate {
            threat_id: t.id.clone(),
            same_as: vec![],
            entry: LibraryEntry::from_threat(t, &[]),
            duplicate_of,
            problem: None,
        });
    }
    for (c, kinds) in out.iter_mut().zip(kinds) {
        if let Some(t) = state.threats.get(&c.threat_id) {
            c.entry = LibraryEntry::from_threat(t, &kinds);
        }
        // Checked as it will be saved: with an id.
        let mut probe = c.entry.clone();
        probe.id = "x".into();
        c.problem = probe.check().err();
    }
    out
}

/// Saves `chosen` to `folder`, skipping those with a problem and, unless
/// `include_duplicates`, those the library already has.
pub fn save_harvest(
    library: &mut Library,
    folder: &Path,
    chosen: &[HarvestCandidate],
    include_duplicates: bool,
) -> Result<HarvestResult> {
    let mut result = HarvestResult {
        saved: vec![],
        skipped: vec![],
    };
    for c in chosen {
        let skip = |reason: String| HarvestSkip {
            threat_id: c.threat_id.clone(),
            title: c.entry.title.clone(),
            reason,
        };
        if let Some(problem) = &c.problem {
            result.skipped.push(skip(problem.clone()));
        } else if let (Some(id), false) = (&c.duplicate_of, include_duplicates) {
            result
                .skipped
                .push(skip(format!("the library has it already: '{id}'")));
        } else {
            result.saved.push(library.save(folder, c.entry.clone())?);
        }
    }
    Ok(result)
}
