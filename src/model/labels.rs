//! The words and colours of the domain, in one place: the reports, the CLI
//! and (through `vocabulary`) the UI all read them from here.

use crate::model::{
    ElementKind, EngagementKind, ExportFilter, FindingState, Rating, RiskLevel, RiskMatrix,
    SessionKind, SessionState, Stride,
};
use serde::Serialize;
use specta::Type;

/// The eight fields of a finding, as the process document names them.
pub const FIELD_LABELS: [&str; 8] = [
    "Affected asset",
    "Threat category",
    "Title",
    "Scenario",
    "Impact",
    "Likelihood",
    "Risk level",
    "Recommended actions",
];

/// Risk levels as reports list them: Critical first, "not rated" last.
pub const RISK_ORDER: [Option<RiskLevel>; 6] = [
    Some(RiskLevel::Critical),
    Some(RiskLevel::High),
    Some(RiskLevel::Medium),
    Some(RiskLevel::Low),
    Some(RiskLevel::Note),
    None,
];

/// An axis (impact, likelihood) given as one level, its factors not yet rated.
pub const RATED_OVERALL: &str = "Rated overall";

/// The impact factors: the `Impact` field each rates, and its name.
pub const IMPACT_FACTORS: [(&str, &str); 3] = [
    ("affected_users", "Affected users"),
    ("reputational", "Reputational damage"),
    ("financial", "Financial damage"),
];

/// The likelihood factors: the `Likelihood` field each rates, and its name.
pub const LIKELIHOOD_FACTORS: [(&str, &str); 3] = [
    ("reproducibility", "Reproducibility"),
    ("exploitability", "Exploitability"),
    ("discoverability", "Discoverability"),
];

/// The risk palette (RGB), shared by every renderer and sent to the UI.
pub fn risk_colour(level: Option<RiskLevel>) -> (u8, u8, u8) {
    match level {
        Some(RiskLevel::Critical) => (0x9b, 0x1c, 0x1c),
        Some(RiskLevel::High) => (0xd9, 0x48, 0x1f),
        Some(RiskLevel::Medium) => (0xd9, 0x8e, 0x04),
        Some(RiskLevel::Low) => (0x2f, 0x7d, 0x4f),
        Some(RiskLevel::Note) => (0x4a, 0x6f, 0xa5),
        None => (0x6b, 0x72, 0x80),
    }
}

/// `#rrggbb` of a risk level's colour.
pub fn risk_hex(level: Option<RiskLevel>) -> String {
    let (r, g, b) = risk_colour(level);
    format!("#{r:02x}{g:02x}{b:02x}")
}

pub fn rating_label(r: Option<Rating>) -> &'static str {
    match r {
        Some(Rating::Low) => "Low",
        Some(Rating::Medium) => "Medium",
        Some(Rating::High) => "High",
        None => "Not rated",
    }
}

pub fn risk_label(r: Option<RiskLevel>) -> &'static str {
    r.map_or("Not rated", RiskLevel::label)
}

/// A finding's status in words.
pub fn status_label(s: FindingState) -> &'static str {
    match s {
        FindingState::Draft => "Draft",
        FindingState::Reported => "Reported",
        FindingState::Validated => "Validated",
        FindingState::Disputed => "Disputed",
        FindingState::Accepted => "Accepted",
        FindingState::Mitigated => "Mitigated",
        FindingState::FalsePositive => "False positive",
    }
}

/// "3 false positives", "1 draft": the status as the noun of a count, lower case.
pub fn status_noun(s: FindingState, count: u32) -> &'static str {
    let (one, many) = match s {
        FindingState::Draft => ("draft", "drafts"),
        FindingState::Reported => ("reported finding", "reported findings"),
        FindingState::Validated => ("validated finding", "validated findings"),
        FindingState::Disputed => ("disputed finding", "disputed findings"),
        FindingState::Accepted => ("accepted finding", "accepted findings"),
        FindingState::Mitigated => ("mitigated finding", "mitigated findings"),
        FindingState::FalsePositive => ("false positive", "false positives"),
    };
    if count == 1 {
        one
    } else {
        many
    }
}

/// The verb on the button that moves a finding to `s`.
pub fn move_label(s: FindingState) -> &'static str {
    match s {
        FindingState::Draft => "Back to draft",
        FindingState::Reported => "Mark reported",
        FindingState::Validated => "Customer validated",
        FindingState::Disputed => "Customer disputed",
        FindingState::Accepted => "Risk accepted",
        FindingState::Mitigated => "Mitigated",
        FindingState::FalsePositive => "False positive",
    }
}

/// A move as the feedback lists it, after the fact: "Customer validated".
pub fn moved_label(s: FindingState) -> &'static str {
    match s {
        FindingState::Reported => "Reported",
        other => move_label(other),
    }
}

/// What a comment is in the feedback: the customer's, or the team's.
pub const CUSTOMER_FEEDBACK: &str = "Customer feedback";
pub const TEAM_ADJUSTMENT: &str = "Team adjustment";
/// The heading of a finding's feedback in every deliverable.
pub const FEEDBACK_HEADING: &str = "Customer feedback and adjustments";
/// Where a finding came from, when an export is asked to say it.
pub const LIBRARY_LABEL: &str = "Library entry";

pub fn kind_label(k: EngagementKind) -> &'static str {
    match k {
        EngagementKind::FullApplication => "Full application",
        EngagementKind::SingleFeature => "Single feature",
        EngagementKind::PentestSupport => "Penetration test support",
    }
}

pub fn session_kind_label(k: SessionKind) -> &'static str {
    match k {
        SessionKind::Scoping => "Scoping",
        SessionKind::FollowUp => "Follow-up",
    }
}

pub fn session_state_label(s: SessionState) -> &'static str {
    match s {
        SessionState::Planned => "Planned",
        SessionState::Running => "Running",
        SessionState::Held => "Held",
    }
}

/// A STRIDE category's short name, for buttons.
pub fn stride_short(c: Stride) -> &'static str {
    match c {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Disclosure",
        Stride::DenialOfService => "Denial",
        Stride::ElevationOfPrivilege => "Elevation",
    }
}

/// A file name from a title: letters, digits and the `keep` characters (ASCII
/// lower-cased if asked), every other run of characters one `-`, at most
/// `max_chars` long; `None` if nothing is left.
pub fn file_stem(name: &str, keep: &[char], lowercase: bool, max_chars: usize) -> Option<String> {
    let stem = name
        .chars()
        .map(|c| match c {
            c if c.is_alphanumeric() && lowercase => c.to_ascii_lowercase(),
            c if c.is_alphanumeric() || keep.contains(&c) => c,
            _ => '-',
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    (!stem.is_empty()).then(|| stem.chars().take(max_chars).collect())
}

/// The name a new element of `kind` gets.
pub fn default_name(kind: ElementKind) -> &'static str {
    kind.label()
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct KindWords {
    pub kind: ElementKind,
    pub label: String,
    pub default_name: String,
    /// The STRIDE categories that apply to it (`Stride::applies_to`), in order.
    pub stride: Vec<Stride>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StrideWords {
    pub category: Stride,
    pub label: String,
    pub short: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RatingWords {
    pub rating: Rating,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct FactorWords {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RiskWords {
    pub level: RiskLevel,
    pub label: String,
    /// `#rrggbb`, as the reports draw it.
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct FindingWords {
    pub state: FindingState,
    pub label: String,
    pub move_label: String,
    /// The moves the process allows from here (`FindingState::next`).
    pub next: Vec<FindingState>,
    /// Still to be dealt with (`FindingState::is_open`).
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct EngagementKindWords {
    pub kind: EngagementKind,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SessionKindWords {
    pub kind: SessionKind,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SessionStateWords {
    pub state: SessionState,
    pub label: String,
}

/// The core's rules and words, for the UI, every list in display order.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Vocabulary {
    pub kinds: Vec<KindWords>,
    pub stride: Vec<StrideWords>,
    pub ratings: Vec<RatingWords>,
    /// "Not rated".
    pub unrated_label: String,
    /// "Rated overall": impact or likelihood given as one level, its factors not yet rated.
    pub rated_overall_label: String,
    pub impact_factors: Vec<FactorWords>,
    pub likelihood_factors: Vec<FactorWords>,
    /// Note to Critical.
    pub risk_levels: Vec<RiskWords>,
    pub unrated_colour: String,
    pub finding_states: Vec<FindingWords>,
    pub engagement_kinds: Vec<EngagementKindWords>,
    pub session_kinds: Vec<SessionKindWords>,
    pub session_states: Vec<SessionStateWords>,
    /// The eight fields of a finding.
    pub finding_fields: Vec<String>,
    pub default_matrix: RiskMatrix,
    /// What a deliverable holds unless the user chooses otherwise.
    pub default_filter: ExportFilter,
}

pub fn vocabulary() -> Vocabulary {
    use RiskLevel::*;
    let factors = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(key, label)| FactorWords {
                key: key.to_string(),
                label: label.to_string(),
            })
            .collect()
    };
    Vocabulary {
        kinds: ElementKind::ALL
            .into_iter()
            .map(|kind| KindWords {
                kind,
                label: kind.label().into(),
                default_name: default_name(kind).into(),
                stride: Stride::applicable(kind),
            })
            .collect(),
        stride: Stride::ALL
            .into_iter()
            .map(|category| StrideWords {
                category,
                label: category.label().into(),
                short: stride_short(category).into(),
            })
            .collect(),
        ratings: [Rating::Low, Rating::Medium, Rating::High]
            .into_iter()
            .map(|rating| RatingWords {
                rating,
                label: rating_label(Some(rating)).into(),
            })
            .collect(),
        unrated_label: rating_label(None).into(),
        rated_overall_label: RATED_OVERALL.into(),
        impact_factors: factors(&IMPACT_FACTORS),
        likelihood_factors: factors(&LIKELIHOOD_FACTORS),
        risk_levels: [Note, Low, Medium, High, Critical]
            .into_iter()
            .map(|level| RiskWords {
                level,
                label: level.label().into(),
                colour: risk_hex(Some(level)),
            })
            .collect(),
        unrated_colour: risk_hex(None),
        finding_states: FindingState::ALL
            .into_iter()
            .map(|state| FindingWords {
                state,
                label: status_label(state).into(),
                move_label: move_label(state).into(),
                next: state.next().to_vec(),
                open: state.is_open(),
            })
            .collect(),
        engagement_kinds: [
            EngagementKind::FullApplication,
            EngagementKind::SingleFeature,
            EngagementKind::PentestSupport,
        ]
        .into_iter()
        .map(|kind| EngagementKindWords {
            kind,
            label: kind_label(kind).into(),
        })
        .collect(),
        session_kinds: [SessionKind::Scoping, SessionKind::FollowUp]
            .into_iter()
            .map(|kind| SessionKindWords {
                kind,
                label: session_kind_label(kind).into(),
            })
            .collect(),
        session_states: [
            SessionState::Planned,
            SessionState::Running,
            SessionState::Held,
        ]
        .into_iter()
        .map(|state| SessionStateWords {
            state,
            label: session_state_label(state).into(),
        })
        .collect(),
        finding_fields: FIELD_LABELS.iter().map(|l| l.to_string()).collect(),
        default_matrix: RiskMatrix::default(),
        default_filter: ExportFilter::default(),
    }
}
