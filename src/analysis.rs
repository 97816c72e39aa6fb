//! Pure functions of an engagement's state: the DFD graph (containment,
//! crossings, warnings), the rules and their suggestions, coverage, the risk
//! overview, the planning summaries, the four questions, the report's content
//! and the derived views a window asks for. Reads `model`, writes nothing.

pub mod coverage;
pub mod derived;
pub mod graph;
pub mod layout;
pub mod names;
pub mod overview;
pub mod proposals;
pub mod questions;
pub mod report;
pub mod rules;
pub mod summaries;
pub mod wrap;

pub use coverage::{
    coverage, percent_of, percent_text, CellState, Coverage, CoverageCell, CoverageRow, OutOfScope,
};
pub use derived::{Derived, DerivedCache, DerivedQuery};
pub use graph::{analyze, containment, containment_all, Analysis, Warning, WarningKind};
pub use overview::{badges, overview, Badge, ThreatOverview, ThreatRisk};
pub use proposals::Proposal;
pub use questions::{four_questions, FourQuestions};
pub use report::{Finding, Report};
pub use rules::{RuleError, RuleSet};
pub use summaries::{
    checklist_entries, scope_summary, session_summaries, ChecklistEntry, ScopeSummary,
    SessionSummary, MAX_ONLINE_MINUTES,
};
pub use wrap::{wrap_rect, WRAP_MARGIN, WRAP_TOP};
