//! OWASP pytm's threat library (`pytm/threatlib/threats.json` in the `pytm`
//! package, MIT) as library entries, one per pytm threat:
//!
//! | pytm | entry |
//! |---|---|
//! | `SID` | id `pytm-<sid in lower case>`; tags `pytm` and the SID's prefix (`INP`) |
//! | `description` | title |
//! | `details`, `example`, `prerequisites` | the scenario, one paragraph each, then the references that are neither CWE nor CAPEC |
//! | `mitigations` | the one recommended action |
//! | `references` | the CWE and CAPEC ids of its MITRE links |
//! | `target` | `applies_to`: Actor, ExternalEntity → external entity; Process, Server, Lambda, SetOfProcesses, LLM, Agent → process; Datastore → data store; Dataflow → data flow; Element, Asset → all four |
//! | `Likelihood Of Attack` | the three likelihood factors, and the rationale says pytm's word |
//! | `severity` | the three impact factors (Very High, High → high; Medium → medium; Low, Very Low → low), and the rationale says pytm's word |
//!
//! pytm has no STRIDE category: `CATEGORY_WORDS` (words of the title, first
//! match) and then `CATEGORY_BY_PREFIX` choose one. A kind the category does
//! not take (STRIDE per element) is dropped; if none is left, the first of
//! Tampering, Information disclosure, Denial of service, Elevation of
//! privilege, Spoofing, Repudiation that takes one of the kinds is used, so
//! every entry passes `LibraryEntry::check`.

use crate::error::{Error, Result};
use crate::model::*;
use serde_json::Value;
use std::collections::HashSet;

/// Words of a pytm title (lower case) that settle its category, first match.
pub const CATEGORY_WORDS: &[(&str, Stride)] = &[
    ("log manipulation", Stride::Repudiation),
    ("audit", Stride::Repudiation),
    ("disclosure", Stride::InformationDisclosure),
    ("leak", Stride::InformationDisclosure),
    ("sniffing", Stride::InformationDisclosure),
    ("interception", Stride::InformationDisclosure),
    ("sensitive", Stride::InformationDisclosure),
    ("hardcoded", Stride::InformationDisclosure),
    ("excavation", Stride::InformationDisclosure),
    ("footprinting", Stride::InformationDisclosure),
    ("fingerprinting", Stride::InformationDisclosure),
    ("reverse engineering", Stride::InformationDisclosure),
    ("path traversal", Stride::InformationDisclosure),
    ("brute forc", Stride::InformationDisclosure),
    ("json hijacking", Stride::InformationDisclosure),
    ("observing", Stride::InformationDisclosure),
    ("encoding", Stride::Tampering),
    ("spoof", Stride::Spoofing),
    ("session", Stride::Spoofing),
    ("password", Stride::Spoofing),
    ("credential", Stride::Spoofing),
    ("authentication", Stride::Spoofing),
    ("flood", Stride::DenialOfService),
    ("allocation", Stride::DenialOfService),
    ("blowup", Stride::DenialOfService),
    ("expansion", Stride::DenialOfService),
    ("ping of the death", Stride::DenialOfService),
    ("overflow", Stride::ElevationOfPrivilege),
    ("code", Stride::ElevationOfPrivilege),
    ("command", Stride::ElevationOfPrivilege),
    ("privilege", Stride::ElevationOfPrivilege),
    ("file inclusion", Stride::ElevationOfPrivilege),
    ("agency", Stride::ElevationOfPrivilege),
    ("jailbreak", Stride::ElevationOfPrivilege),
    ("tool", Stride::ElevationOfPrivilege),
];

/// pytm's SID prefixes (its own groups) and the category each stands for
/// when no word of the title settles it.
pub const CATEGORY_BY_PREFIX: &[(&str, Stride)] = &[
    ("INP", Stride::Tampering),            // input manipulation, injection
    ("SC", Stride::Tampering),             // scripting (XSS and kin)
    ("LB", Stride::Tampering),             // API manipulation
    ("AC", Stride::ElevationOfPrivilege),  // access control
    ("API", Stride::ElevationOfPrivilege), // exploiting APIs
    ("AA", Stride::Spoofing),              // authentication abuse
    ("CR", Stride::Tampering),             // channels and cryptography
    ("DS", Stride::InformationDisclosure), // data exposure
    ("DE", Stride::InformationDisclosure), // data in transit
    ("DR", Stride::InformationDisclosure), // unprotected data
    ("HA", Stride::InformationDisclosure), // probing, reverse engineering
    ("DO", Stride::DenialOfService),       // denial of service
    ("LLM", Stride::Tampering),            // language models
];

const FALLBACK: [Stride; 6] = [
    Stride::Tampering,
    Stride::InformationDisclosure,
    Stride::DenialOfService,
    Stride::ElevationOfPrivilege,
    Stride::Spoofing,
    Stride::Repudiation,
];

/// The longest `threats.json` read (pytm's is ~200 KB).
pub const MAX_JSON: usize = 16 << 20;

fn kinds_of(target: &str) -> &'static [ElementKind] {
    use ElementKind::*;
    match target {
        "Actor" | "ExternalEntity" => &[ExternalEntity],
        "Datastore" => &[DataStore],
        "Dataflow" => &[DataFlow],
        "Element" | "Asset" => &[ExternalEntity, Process, DataStore, DataFlow],
        // Process, Server, Lambda, SetOfProcesses, LLM, Agent, and any class a
        // later pytm adds: something that runs.
        _ => &[Process],
    }
}

fn rating(word: &str) -> Option<Rating> {
    match word.trim().to_ascii_lowercase().as_str() {
        "very high" | "high" => Some(Rating::High),
        "medium" => Some(Rating::Medium),
        "low" | "very low" => Some(Rating::Low),
        _ => None,
    }
}

/// The CWE or CAPEC id a reference names: "CWE-79", or MITRE's page for it.
fn reference_id(r: &str) -> Option<String> {
    let lower = r.to_ascii_lowercase();
    let id = if let Some(rest) = lower.split("cwe.mitre.org/data/definitions/").nth(1) {
        format!("CWE-{}", rest.split(['.', '/', '#']).next().unwrap_or(""))
    } else if let Some(rest) = lower.split("capec.mitre.org/data/definitions/").nth(1) {
        format!("CAPEC-{}", rest.split(['.', '/', '#']).next().unwrap_or(""))
    } else {
        r.trim().to_ascii_uppercase()
    };
    Threat::is_reference(&id).then_some(id)
}

/// pytm's texts run sentences together ("to the user.Do not use"): a space
/// after a full stop between a lower-case and an upper-case letter.
fn spaced(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let prev = i.checked_sub(1).and_then(|p| chars.get(p));
        if c == '.'
            && prev.is_some_and(|p| p.is_lowercase())
            && chars.get(i + 1).is_some_and(|n| n.is_uppercase())
        {
            out.push(' ');
        }
    }
    out
}

/// At most `max` characters, an ellipsis marking a cut.
fn limited(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn text(t: &Value, key: &str) -> String {
    t.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string()
}

fn category_of(sid: &str, title: &str) -> Stride {
    let lower = title.to_lowercase();
    if let Some((_, c)) = CATEGORY_WORDS.iter().find(|(w, _)| lower.contains(w)) {
        return *c;
    }
    let prefix = sid.trim_end_matches(|c: char| c.is_ascii_digit());
    CATEGORY_BY_PREFIX
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(prefix))
        .map_or(Stride::Tampering, |(_, c)| *c)
}

fn entry_of(t: &Value, index: usize) -> Result<LibraryEntry> {
    let sid = text(t, "SID");
    let id_part: String = sid
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        })
        .collect();
    let id = format!("pytm-{}", id_part.trim_matches('-'));
    if sid.is_empty() || !is_entry_id(&id) || id.ends_with('-') {
        return Err(Error::invalid(format!(
            "threat {} of the file has no usable SID ('{sid}')",
            index + 1
        )));
    }
    let one_line: String = text(t, "description")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let title = match one_line.split_whitespace().collect::<Vec<_>>().join(" ") {
        s if s.is_empty() => sid.clone(),
        s => limited(s, MAX_NAME),
    };
    let mut targets: Vec<ElementKind> = match t.get("target") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .flat_map(kinds_of)
            .copied()
            .collect(),
        Some(Value::String(s)) => kinds_of(s).to_vec(),
        _ => vec![],
    };
    if targets.is_empty() {
        targets = kinds_of("Element").to_vec();
    }
    let mut category = category_of(&sid, &title);
    if !targets.iter().any(|k| category.applies_to(*k)) {
        category = FALLBACK
            .into_iter()
            .find(|c| targets.iter().any(|k| c.applies_to(*k)))
            .unwrap_or(Stride::Tampering);
    }
    let mut applies_to: Vec<ElementKind> = targets
        .into_iter()
        .filter(|k| category.applies_to(*k))
        .collect();
    applies_to.sort_by_key(|k| *k as u8);
    applies_to.dedup();

    let mut references = Vec::new();
    let mut other = Vec::new();
    for r in text(t, "references")
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        match reference_id(r) {
            Some(id) if !references.contains(&id) => references.push(id),
            Some(_) => {}
            None => other.push(r.to_string()),
        }
    }
    let mut paragraphs = vec![spaced(&text(t, "details"))];
    let example = text(t, "example");
    if !example.is_empty() {
        paragraphs.push(match example.strip_prefix("Attack Example:") {
            Some(_) => spaced(&example),
            None => format!("Example: {}", spaced(&example)),
        });
    }
    let prerequisites = text(t, "prerequisites");
    if !prerequisites.is_empty() {
        paragraphs.push(format!("Prerequisites: {}", spaced(&prerequisites)));
    }
    if !other.is_empty() {
        paragraphs.push(format!("See also: {}", other.join(", ")));
    }
    if t.get("DEPRECATED")
        .is_some_and(|d| !matches!(d, Value::Null | Value::Bool(false)))
    {
        paragraphs.push("pytm marks this threat as deprecated.".into());
    }
    paragraphs.retain(|p| !p.is_empty());
    let mitigations = spaced(&text(t, "mitigations"));

    let likelihood_word = text(t, "Likelihood Of Attack");
    let lr = rating(&likelihood_word);
    let severity = text(t, "severity");
    let ir = rating(&severity);
    let prefix = sid
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string();
    let mut tags = vec!["pytm".to_string()];
    if !prefix.is_empty() && prefix != "pytm" {
        tags.push(limited(prefix, MAX_NAME));
    }
    let entry = LibraryEntry {
        id,
        version: 1,
        title,
        category,
        applies_to,
        scenario: limited(paragraphs.join("\n\n"), MAX_DESCRIPTION),
        impact: Impact {
            affected_users: ir,
            reputational: ir,
            financial: ir,
            rated_overall: None,
            rationale: match ir {
                Some(_) => limited(
                    format!("pytm rates its severity {severity}."),
                    MAX_DESCRIPTION,
                ),
                None => String::new(),
            },
        },
        likelihood: Likelihood {
            reproducibility: lr,
            exploitability: lr,
            discoverability: lr,
            rated_overall: None,
            rationale: match lr {
                Some(_) => limited(
                    format!("pytm rates the likelihood of attack {likelihood_word}."),
                    MAX_DESCRIPTION,
                ),
                None => String::new(),
            },
        },
        recommended_actions: if mitigations.is_empty() {
            vec![]
        } else {
            vec![limited(mitigations, MAX_DESCRIPTION)]
        },
        references,
        tags,
    };
    entry
        .check()
        .map_err(|e| Error::invalid(format!("pytm threat {sid}: {e}")))?;
    Ok(entry)
}

/// Every threat of pytm's `threats.json` as a library entry (see the table
/// above). `Err` names the first threat that cannot be read; nothing is
/// returned then.
pub fn import_pytm(json: &str) -> Result<Vec<LibraryEntry>> {
    if json.len() > MAX_JSON {
        return Err(Error::invalid(format!(
            "the file is larger than {} MiB",
            MAX_JSON >> 20
        )));
    }
    let value: Value = serde_json::from_str(json)
        .map_err(|e| Error::invalid(format!("not a pytm threat library (JSON): {e}")))?;
    let Value::Array(threats) = value else {
        return Err(Error::invalid(
            "not a pytm threat library: expected a list of threats",
        ));
    };
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(threats.len());
    for (i, t) in threats.iter().enumerate() {
        if !t.is_object() {
            return Err(Error::invalid(format!(
                "threat {} of the file is not an object",
                i + 1
            )));
        }
        let entry = entry_of(t, i)?;
        if !ids.insert(entry.id.clone()) {
            return Err(Error::invalid(format!(
                "two threats of the file have the SID behind '{}'",
                entry.id
            )));
        }
        out.push(entry);
    }
    Ok(out)
}
