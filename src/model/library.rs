//! The team's library: findings written once and applied again in later
//! engagements. An entry is what a threat is without its engagement: no
//! elements, no status, no history. A threat made from one remembers the
//! entry's id and version (`Origin::Library`), so an improved entry can be
//! offered to it later.

use super::{ElementKind, Impact, Likelihood, Origin, Stride, Threat, MAX_DESCRIPTION, MAX_NAME};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One library entry. Stored as one TOML file named by its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LibraryEntry {
    /// Stable: lowercase letters, digits and `-`, at most 80 characters; the
    /// file is `<id>.toml`. Empty on a new entry: the library picks one.
    #[serde(default)]
    pub id: String,
    /// Goes up by one each time the entry's content changes.
    #[serde(default = "first_version")]
    pub version: u32,
    pub title: String,
    pub category: Stride,
    /// The element kinds it is offered for (each must take `category`).
    pub applies_to: Vec<ElementKind>,
    #[serde(default)]
    pub scenario: String,
    /// The rationale, and optionally the factor ratings as a starting point.
    #[serde(default)]
    pub impact: Impact,
    #[serde(default)]
    pub likelihood: Likelihood,
    #[serde(default)]
    pub recommended_actions: Vec<String>,
    /// CWE / CAPEC ids, as a threat holds them.
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

fn first_version() -> u32 {
    1
}

/// The longest entry id.
pub const MAX_ENTRY_ID: usize = 80;
/// At most this many tags, each at most `MAX_NAME` characters.
pub const MAX_TAGS: usize = 50;

/// A field where a threat's text and its library entry's differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TextChange {
    /// What the field is called in the app: "Title", "Scenario", …
    pub field: String,
    /// The threat's text (the team's, perhaps edited for this customer).
    pub threat: String,
    /// The entry's newer text.
    pub entry: String,
}

impl LibraryEntry {
    /// The form "Save to library" starts from: the threat's reusable content,
    /// offered for the kinds of the elements it is on.
    pub fn from_threat(t: &Threat, kinds: &[ElementKind]) -> LibraryEntry {
        let mut applies_to: Vec<ElementKind> = kinds
            .iter()
            .copied()
            .filter(|k| t.category.applies_to(*k))
            .collect();
        applies_to.sort_by_key(|k| *k as u8);
        applies_to.dedup();
        LibraryEntry {
            id: String::new(),
            version: 1,
            title: t.title.clone(),
            category: t.category,
            applies_to,
            scenario: t.scenario.clone(),
            impact: t.impact.clone(),
            likelihood: t.likelihood.clone(),
            recommended_actions: t.recommended_actions.clone(),
            references: t.references.clone(),
            tags: vec![],
        }
    }

    /// Offered for an element of this kind: listed in `applies_to` and taken
    /// by STRIDE per element.
    pub fn applies_to_kind(&self, kind: ElementKind) -> bool {
        self.applies_to.contains(&kind) && self.category.applies_to(kind)
    }

    /// A new draft threat on `element_id` with this entry's content.
    pub fn to_threat(&self, element_id: &str) -> Threat {
        let mut t = Threat::quick(element_id, self.category, &self.title);
        self.write_text(&mut t);
        // The entry's ratings are a starting point for this engagement's.
        t.impact = self.impact.clone();
        t.likelihood = self.likelihood.clone();
        t.origin = Origin::Library {
            entry_id: self.id.clone(),
            version: self.version,
        };
        t
    }

    /// Copies the entry's texts into `t` (taking an updated entry): its
    /// elements, ratings, status and history are the engagement's and stay.
    pub fn write_text(&self, t: &mut Threat) {
        t.title = self.title.clone();
        t.scenario = self.scenario.clone();
        t.impact.rationale = self.impact.rationale.clone();
        t.likelihood.rationale = self.likelihood.rationale.clone();
        t.recommended_actions = self.recommended_actions.clone();
        t.references = self.references.clone();
    }

    /// This entry is a newer version of the one `t` was made from.
    pub fn updates(&self, t: &Threat) -> bool {
        matches!(&t.origin, Origin::Library { entry_id, version }
            if *entry_id == self.id && *version < self.version)
    }

    /// Where the threat's text and this entry's differ, field by field.
    pub fn diff(&self, t: &Threat) -> Vec<TextChange> {
        let lines = |v: &[String]| v.join("\n");
        [
            ("Title", t.title.clone(), self.title.clone()),
            ("Scenario", t.scenario.clone(), self.scenario.clone()),
            (
                "Impact rationale",
                t.impact.rationale.clone(),
                self.impact.rationale.clone(),
            ),
            (
                "Likelihood rationale",
                t.likelihood.rationale.clone(),
                self.likelihood.rationale.clone(),
            ),
            (
                "Recommended actions",
                lines(&t.recommended_actions),
                lines(&self.recommended_actions),
            ),
            (
                "References",
                t.references.join(", "),
                self.references.join(", "),
            ),
        ]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, threat, entry)| TextChange {
            field: field.into(),
            threat,
            entry,
        })
        .collect()
    }

    /// The entry's own limits (the app's, for texts): `Err` says what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if !is_entry_id(&self.id) {
            return Err(format!(
                "the id '{}' is not 1 to {MAX_ENTRY_ID} lowercase letters, digits and '-'",
                self.id
            ));
        }
        if self.version == 0 {
            return Err("the version starts at 1".into());
        }
        if self.title.trim().is_empty() {
            return Err("an entry needs a title".into());
        }
        if self.title.chars().count() > MAX_NAME || self.title.chars().any(char::is_control) {
            return Err(format!(
                "the title is one line of at most {MAX_NAME} characters"
            ));
        }
        if self.applies_to.is_empty() {
            return Err("an entry applies to at least one element kind".into());
        }
        if let Some(k) = self
            .applies_to
            .iter()
            .find(|k| !self.category.applies_to(**k))
        {
            return Err(format!(
                "{} does not apply to a {} (STRIDE per element)",
                self.category.label(),
                k.label().to_lowercase()
            ));
        }
        let long = [
            &self.scenario,
            &self.impact.rationale,
            &self.likelihood.rationale,
        ];
        if long
            .into_iter()
            .chain(&self.recommended_actions)
            .any(|s| s.chars().count() > MAX_DESCRIPTION)
        {
            return Err(format!(
                "a text field is at most {MAX_DESCRIPTION} characters"
            ));
        }
        if self.impact.rated_overall.is_some() && !self.impact.is_rated_overall() {
            return Err("rate the impact overall or by its factors, not both".into());
        }
        if self.likelihood.rated_overall.is_some() && !self.likelihood.is_rated_overall() {
            return Err("rate the likelihood overall or by its factors, not both".into());
        }
        if let Some(r) = self.references.iter().find(|r| !Threat::is_reference(r)) {
            return Err(format!("'{r}' is not a CWE or CAPEC id (e.g. CWE-319)"));
        }
        if self.tags.len() > MAX_TAGS
            || self
                .tags
                .iter()
                .any(|t| t.trim().is_empty() || t.chars().count() > MAX_NAME)
        {
            return Err(format!(
                "at most {MAX_TAGS} tags, each a word or phrase of at most {MAX_NAME} characters"
            ));
        }
        Ok(())
    }
}

/// Lowercase ASCII letters, digits and '-', 1 to `MAX_ENTRY_ID` long.
pub fn is_entry_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ENTRY_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
