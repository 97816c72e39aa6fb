//! The derived views of an engagement, asked for in one query: what a window
//! shows after each change. The workspace computes each part at most once per
//! version and shares it (see `Workspace::derived`).

use super::coverage::{coverage, Coverage};
use super::graph::{containment_all, warnings, Analysis};
use super::overview::{overview, ThreatOverview};
use super::proposals::proposals;
use super::questions::{four_questions_with, FourQuestions};
use super::rules::{suggest, RuleSet};
use super::summaries::{
    checklist_entries, scope_summary, session_summaries, ChecklistEntry, ScopeSummary,
    SessionSummary,
};
use crate::model::{State, Suggestion};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Which derived views a window wants; the overview and coverage always come.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct DerivedQuery {
    /// The analysis of the diagram on screen: its warnings, and the rest
    /// for `element_id` only.
    pub diagram_id: Option<String>,
    /// The one selected element: its pending suggestions, its coverage row
    /// and its part of the analysis (see `Analysis::only`).
    pub element_id: Option<String>,
    /// Every pending suggestion (the Suggestions tab).
    pub all_suggestions: bool,
    /// Session summaries, scope, checklist and the four questions.
    pub engagement: bool,
    /// Every element's coverage row (the coverage matrix); otherwise only the
    /// selected element's row comes with the figures, so an edit on a big
    /// engagement does not ship the whole matrix to a window that hides it.
    #[serde(default)]
    pub coverage_rows: bool,
}

/// The derived views of one version of one engagement.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Derived {
    pub path: String,
    pub version: u32,
    pub analysis: Option<Arc<Analysis>>,
    pub overview: Arc<ThreatOverview>,
    pub coverage: Arc<Coverage>,
    pub element_suggestions: Option<Arc<Vec<Suggestion>>>,
    pub all_suggestions: Option<Arc<Vec<Suggestion>>>,
    pub sessions: Option<Arc<Vec<SessionSummary>>>,
    pub scope: Option<Arc<ScopeSummary>>,
    pub checklist: Option<Arc<Vec<ChecklistEntry>>>,
    pub four_questions: Option<Arc<FourQuestions>>,
}

/// The parts computed so far for one (path, version); each is computed the
/// first time it is asked for. `misses` counts the computations.
#[derive(Debug, Default)]
pub struct DerivedCache {
    path: String,
    version: u32,
    containment: Option<Arc<BTreeMap<String, Analysis>>>,
    analyses: HashMap<String, Arc<Analysis>>,
    overview: Option<Arc<ThreatOverview>>,
    coverage: Option<Arc<Coverage>>,
    element_suggestions: HashMap<String, Arc<Vec<Suggestion>>>,
    all_suggestions: Option<Arc<Vec<Suggestion>>>,
    sessions: Option<Arc<Vec<SessionSummary>>>,
    scope: Option<Arc<ScopeSummary>>,
    checklist: Option<Arc<Vec<ChecklistEntry>>>,
    four_questions: Option<Arc<FourQuestions>>,
    misses: u32,
}

fn part<T>(slot: &mut Option<Arc<T>>, misses: &mut u32, f: impl FnOnce() -> T) -> Arc<T> {
    slot.get_or_insert_with(|| {
        *misses += 1;
        Arc::new(f())
    })
    .clone()
}

fn keyed<T>(
    map: &mut HashMap<String, Arc<T>>,
    key: &str,
    misses: &mut u32,
    f: impl FnOnce() -> T,
) -> Arc<T> {
    if let Some(v) = map.get(key) {
        return v.clone();
    }
    *misses += 1;
    let v = Arc::new(f());
    map.insert(key.to_string(), v.clone());
    v
}

impl DerivedCache {
    /// How many parts were computed (not served from the cache) so far.
    pub fn misses(&self) -> u32 {
        self.misses
    }

    /// Forgets every part (the rules changed, or another engagement opened).
    pub fn clear(&mut self) {
        *self = DerivedCache {
            misses: self.misses,
            ..DerivedCache::default()
        };
    }

    /// The views `q` asks for, on `state` at (`path`, `version`).
    pub fn derived(
        &mut self,
        path: &str,
        version: u32,
        state: &State,
        rules: &RuleSet,
        q: &DerivedQuery,
    ) -> Derived {
        if self.path != path || self.version != version {
            self.clear();
            self.path = path.to_string();
            self.version = version;
        }
        let m = &mut self.misses;
        let containment = part(&mut self.containment, m, || containment_all(state));
        let analysis = q.diagram_id.as_deref().map(|d| {
            keyed(&mut self.analyses, d, m, || Analysis {
                warnings: warnings(state, d),
                proposals: proposals(state, d),
                ..containment
                    .get(d)
                    .cloned()
                    .unwrap_or_else(|| super::graph::containment(state, d))
            })
        });
        let overview = part(&mut self.overview, m, || overview(state));
        let coverage = part(&mut self.coverage, m, || coverage(state));
        let element_suggestions = q.element_id.as_deref().map(|e| {
            keyed(&mut self.element_suggestions, e, m, || {
                suggest(state, rules, &containment, Some(e))
            })
        });
        let all_suggestions = q.all_suggestions.then(|| {
            part(&mut self.all_suggestions, m, || {
                suggest(state, rules, &containment, None)
            })
        });
        let engagement = q.engagement;
        let sessions = engagement.then(|| part(&mut self.sessions, m, || session_summaries(state)));
        let scope = engagement.then(|| part(&mut self.scope, m, || scope_summary(state)));
        let checklist =
            engagement.then(|| part(&mut self.checklist, m, || checklist_entries(state)));
        let four_questions = engagement.then(|| {
            part(&mut self.four_questions, m, || {
                four_questions_with(state, &containment, &coverage)
            })
        });
        let analysis = analysis.map(|a| Arc::new(a.only(q.element_id.as_deref())));
        let coverage = if q.coverage_rows {
            coverage
        } else {
            Arc::new(coverage.only(q.element_id.as_deref()))
        };
        Derived {
            path: path.to_string(),
            version,
            analysis,
            overview,
            coverage,
            element_suggestions,
            all_suggestions,
            sessions,
            scope,
            checklist,
            four_questions,
        }
    }
}
