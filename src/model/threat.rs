//! Threats and their risk: STRIDE per element, impact and likelihood rated as
//! the process document asks, and the risk level read off the engagement's matrix.

use super::ElementKind;
use serde::{Deserialize, Serialize};
use specta::Type;

/// STRIDE. Serialized as its letter, the way consultants write it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
pub enum Stride {
    #[serde(rename = "S")]
    Spoofing,
    #[serde(rename = "T")]
    Tampering,
    #[serde(rename = "R")]
    Repudiation,
    #[serde(rename = "I")]
    InformationDisclosure,
    #[serde(rename = "D")]
    DenialOfService,
    #[serde(rename = "E")]
    ElevationOfPrivilege,
}

impl Stride {
    pub const ALL: [Stride; 6] = [
        Stride::Spoofing,
        Stride::Tampering,
        Stride::Repudiation,
        Stride::InformationDisclosure,
        Stride::DenialOfService,
        Stride::ElevationOfPrivilege,
    ];

    pub fn letter(self) -> char {
        match self {
            Stride::Spoofing => 'S',
            Stride::Tampering => 'T',
            Stride::Repudiation => 'R',
            Stride::InformationDisclosure => 'I',
            Stride::DenialOfService => 'D',
            Stride::ElevationOfPrivilege => 'E',
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stride::Spoofing => "Spoofing",
            Stride::Tampering => "Tampering",
            Stride::Repudiation => "Repudiation",
            Stride::InformationDisclosure => "Information disclosure",
            Stride::DenialOfService => "Denial of service",
            Stride::ElevationOfPrivilege => "Elevation of privilege",
        }
    }

    /// STRIDE per element (Microsoft SDL): which categories apply to a kind.
    pub fn applies_to(self, kind: ElementKind) -> bool {
        use ElementKind::*;
        use Stride::*;
        match kind {
            ExternalEntity => matches!(self, Spoofing | Repudiation),
            Process => true,
            DataStore => matches!(
                self,
                Tampering | Repudiation | InformationDisclosure | DenialOfService
            ),
            DataFlow => matches!(self, Tampering | InformationDisclosure | DenialOfService),
            TrustBoundary => false,
        }
    }

    pub fn applicable(kind: ElementKind) -> Vec<Stride> {
        Stride::ALL
            .into_iter()
            .filter(|c| c.applies_to(kind))
            .collect()
    }
}

/// One factor's rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Low,
    Medium,
    High,
}

impl Rating {
    fn score(self) -> f64 {
        match self {
            Rating::Low => 1.0,
            Rating::Medium => 2.0,
            Rating::High => 3.0,
        }
    }

    /// The overall rating of several factors: their mean, rounded to a level
    /// (as the OWASP risk rating averages its factors). `None` if none is rated.
    pub fn overall(factors: &[Option<Rating>]) -> Option<Rating> {
        let rated: Vec<f64> = factors.iter().flatten().map(|r| r.score()).collect();
        if rated.is_empty() {
            return None;
        }
        let mean = rated.iter().sum::<f64>() / rated.len() as f64;
        Some(if mean < 1.5 {
            Rating::Low
        } else if mean < 2.5 {
            Rating::Medium
        } else {
            Rating::High
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The level of one axis (impact or likelihood), the core's one rule: the
/// mean of its rated factors; with none rated, the level given overall (as
/// logged in a session, to be refined later). A rated factor replaces the
/// overall level (`Threat::settle_rating`), so the two never both count.
fn axis_level(factors: [Option<Rating>; 3], rated_overall: Option<Rating>) -> Option<Rating> {
    Rating::overall(&factors).or(rated_overall)
}

/// Impact, considering affected users, reputational and financial damage;
/// or, until those are rated, one level given overall.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct Impact {
    pub affected_users: Option<Rating>,
    pub reputational: Option<Rating>,
    pub financial: Option<Rating>,
    /// The level given directly, without factors; `None` once a factor is rated.
    #[serde(default)]
    pub rated_overall: Option<Rating>,
    pub rationale: String,
}

impl Impact {
    pub fn factors(&self) -> [Option<Rating>; 3] {
        [self.affected_users, self.reputational, self.financial]
    }

    pub fn overall(&self) -> Option<Rating> {
        axis_level(self.factors(), self.rated_overall)
    }

    /// Rated overall, none of its factors yet: what the reports say so of.
    pub fn is_rated_overall(&self) -> bool {
        self.rated_overall.is_some() && self.factors().iter().all(Option::is_none)
    }
}

/// Likelihood of exploitation: reproducibility, exploitability, discoverability;
/// or, until those are rated, one level given overall.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct Likelihood {
    pub reproducibility: Option<Rating>,
    pub exploitability: Option<Rating>,
    pub discoverability: Option<Rating>,
    /// The level given directly, without factors; `None` once a factor is rated.
    #[serde(default)]
    pub rated_overall: Option<Rating>,
    pub rationale: String,
}

impl Likelihood {
    pub fn factors(&self) -> [Option<Rating>; 3] {
        [
            self.reproducibility,
            self.exploitability,
            self.discoverability,
        ]
    }

    pub fn overall(&self) -> Option<Rating> {
        axis_level(self.factors(), self.rated_overall)
    }

    pub fn is_rated_overall(&self) -> bool {
        self.rated_overall.is_some() && self.factors().iter().all(Option::is_none)
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Note,
    Low,
    Medium,
    High,
    Critical,
}

impl RiskLevel {
    pub fn label(self) -> &'static str {
        match self {
            RiskLevel::Note => "Note",
            RiskLevel::Low => "Low",
            RiskLevel::Medium => "Medium",
            RiskLevel::High => "High",
            RiskLevel::Critical => "Critical",
        }
    }
}

/// Risk level by impact (rows: low, medium, high) and likelihood (columns: low,
/// medium, high). The default is the OWASP risk rating's severity table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RiskMatrix {
    pub cells: Vec<Vec<RiskLevel>>,
}

impl Default for RiskMatrix {
    fn default() -> Self {
        use RiskLevel::*;
        RiskMatrix {
            cells: vec![
                vec![Note, Low, Medium],
                vec![Low, Medium, High],
                vec![Medium, High, Critical],
            ],
        }
    }
}

impl RiskMatrix {
    pub fn is_valid(&self) -> bool {
        self.cells.len() == 3 && self.cells.iter().all(|row| row.len() == 3)
    }

    pub fn level(&self, impact: Rating, likelihood: Rating) -> Option<RiskLevel> {
        self.cells
            .get(impact.index())?
            .get(likelihood.index())
            .copied()
    }
}

/// A level set by hand, with the reason; the computed level is kept beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RiskOverride {
    pub level: RiskLevel,
    pub justification: String,
}

/// Where a threat came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Origin {
    /// Typed by hand.
    #[default]
    Manual,
    /// Accepted from a rule's suggestion; `key` is the suggestion's stable key.
    Rule { rule_id: String, key: String },
    /// Applied from the team's library: the entry's id and the version applied.
    Library { entry_id: String, version: u32 },
}

/// A threat: every field of a finding in the process document, and its triage.
/// Only `element_ids`, `category` and `title` are required from the UI: the
/// rest of a blank threat has its defaults here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Threat {
    /// Empty: the core picks one.
    #[serde(default)]
    pub id: String,
    /// The affected asset: one or more elements.
    pub element_ids: Vec<String>,
    pub category: Stride,
    pub title: String,
    #[serde(default)]
    pub scenario: String,
    #[serde(default)]
    pub impact: Impact,
    #[serde(default)]
    pub likelihood: Likelihood,
    #[serde(default)]
    pub risk_override: Option<RiskOverride>,
    #[serde(default)]
    pub recommended_actions: Vec<String>,
    /// CWE / CAPEC ids, e.g. "CWE-319", "CAPEC-94".
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub origin: Origin,
    /// The session note it was promoted from, if any.
    #[serde(default)]
    pub source: Option<super::NoteSource>,
    /// The finding's status: where it is in its delivery to the customer. Every
    /// view, count, filter and export reads this one field.
    #[serde(default)]
    pub lifecycle: FindingState,
    /// Every lifecycle move, with who and when.
    #[serde(default)]
    pub lifecycle_history: Vec<LifecycleEvent>,
    /// The customer's feedback and the team's adjustments.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// What another tool wrote for this threat that Threatloom does not use
    /// (its own category name, score, ids), kept for an export back to it.
    #[serde(default, skip_serializing_if = "super::Foreign::is_empty")]
    pub foreign: super::Foreign,
}

/// A finding's status, the one lifecycle: drafted, reported, then validated or
/// disputed by the customer, and finally accepted, mitigated or found a false
/// positive. A draft the team finds already mitigated or not a threat can be
/// closed at once.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingState {
    #[default]
    Draft,
    Reported,
    Validated,
    Disputed,
    Accepted,
    Mitigated,
    FalsePositive,
}

impl FindingState {
    pub const ALL: [FindingState; 7] = [
        FindingState::Draft,
        FindingState::Reported,
        FindingState::Validated,
        FindingState::Disputed,
        FindingState::Accepted,
        FindingState::Mitigated,
        FindingState::FalsePositive,
    ];

    /// Still to be dealt with: not yet accepted, mitigated or found false.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            FindingState::Accepted | FindingState::Mitigated | FindingState::FalsePositive
        )
    }

    /// The moves the process allows from here.
    pub fn next(self) -> &'static [FindingState] {
        use FindingState::*;
        match self {
            Draft => &[Reported, Mitigated, FalsePositive],
            Reported => &[Validated, Disputed, Draft],
            Validated => &[Accepted, Mitigated, Disputed],
            Disputed => &[Validated, FalsePositive, Reported],
            Accepted => &[Mitigated, Validated],
            Mitigated => &[Validated],
            FalsePositive => &[Disputed],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LifecycleEvent {
    pub from: FindingState,
    pub to: FindingState,
    pub by: String,
    #[specta(type = f64)]
    pub at_ms: i64,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Comment {
    pub by: String,
    #[specta(type = f64)]
    pub at_ms: i64,
    pub text: String,
    /// The customer's feedback, or else the team's adjustment.
    pub from_customer: bool,
}

impl Threat {
    /// A threat with just a category and a title, as logged during a session.
    pub fn quick(element_id: &str, category: Stride, title: &str) -> Self {
        Threat {
            id: String::new(),
            element_ids: vec![element_id.to_string()],
            category,
            title: title.to_string(),
            scenario: String::new(),
            impact: Impact::default(),
            likelihood: Likelihood::default(),
            risk_override: None,
            recommended_actions: vec![],
            references: vec![],
            origin: Origin::Manual,
            source: None,
            lifecycle: FindingState::Draft,
            lifecycle_history: vec![],
            comments: vec![],
            foreign: Default::default(),
        }
    }

    /// A CWE or CAPEC id, as `references` holds them: "CWE-319", "CAPEC-94".
    pub fn is_reference(r: &str) -> bool {
        r.split_once('-').is_some_and(|(kind, n)| {
            matches!(kind, "CWE" | "CAPEC")
                && !n.is_empty()
                && n.len() <= 6
                && n.chars().all(|c| c.is_ascii_digit())
        })
    }

    /// Refining replaces the overall rating: an axis with a factor rated
    /// loses the level it was given overall, so the two cannot disagree.
    pub fn settle_rating(&mut self) {
        if self.impact.factors().iter().any(Option::is_some) {
            self.impact.rated_overall = None;
        }
        if self.likelihood.factors().iter().any(Option::is_some) {
            self.likelihood.rated_overall = None;
        }
    }

    /// Either axis still rated overall only: "rated overall" in the views and reports.
    pub fn is_rated_overall(&self) -> bool {
        self.impact.is_rated_overall() || self.likelihood.is_rated_overall()
    }

    /// The level from impact and likelihood through `matrix`, if both are rated
    /// (by their factors or overall: `Impact::overall`).
    pub fn computed_risk(&self, matrix: &RiskMatrix) -> Option<RiskLevel> {
        matrix.level(self.impact.overall()?, self.likelihood.overall()?)
    }

    /// The level that counts: the override if there is one, else the computed one.
    pub fn risk(&self, matrix: &RiskMatrix) -> Option<RiskLevel> {
        self.risk_override
            .as_ref()
            .map(|o| o.level)
            .or_else(|| self.computed_risk(matrix))
    }
}

/// A STRIDE category considered and found not applicable to an element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NotApplicable {
    /// `<element id>:<letter>`.
    pub id: String,
    pub element_id: String,
    pub category: Stride,
    pub reason: String,
}

impl NotApplicable {
    pub fn key(element_id: &str, category: Stride) -> String {
        format!("{element_id}:{}", category.letter())
    }
}

/// A rule's suggestion the team dismissed; it is never suggested again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Dismissal {
    /// The suggestion's stable key, `<rule id>@<element id>`.
    pub id: String,
    pub reason: String,
}
