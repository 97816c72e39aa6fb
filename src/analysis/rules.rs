//! Rules are data: TOML files of `[[rule]]` tables, each matching elements by
//! kind, properties and boundary crossings through a small grammar (no eval),
//! and proposing a threat. A suggestion's key, `<rule id>@<element id>`, is
//! stable, so re-running the rules never repeats what was triaged.

use super::graph::Analysis;
use crate::model::{props, Element, ElementKind, Origin, PropValue, State, Stride, Suggestion};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashSet};

/// The library shipped with the app.
pub const BUILTIN: &str = include_str!("../../rules/stride.toml");

/// One test on an element. Write exactly one per condition table:
/// `{ prop = "k", equals = v }`, `{ prop = "k", set = true }`,
/// `{ prop = "k", contains = ["a", "b"] }` (text holding any of them, any case),
/// `{ crosses_boundary = true }`, `{ in_boundary = true }`,
/// `{ source_kind = "external_entity" }`, `{ target_kind = "data_store" }`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    prop: Option<String>,
    equals: Option<PropValue>,
    set: Option<bool>,
    contains: Option<Vec<String>>,
    crosses_boundary: Option<bool>,
    in_boundary: Option<bool>,
    source_kind: Option<ElementKind>,
    target_kind: Option<ElementKind>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    PropEquals(String, PropValue),
    PropSet(String, bool),
    /// Lower-cased needles.
    PropContains(String, Vec<String>),
    CrossesBoundary(bool),
    InBoundary(bool),
    SourceKind(ElementKind),
    TargetKind(ElementKind),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    category: Stride,
    applies_to: Vec<ElementKind>,
    #[serde(default)]
    when: Vec<RawCondition>,
    #[serde(default)]
    unless: Vec<RawCondition>,
    title: String,
    scenario: String,
    actions: Vec<String>,
    references: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<toml::Spanned<RawRule>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    /// Where the rule starts in its file.
    pub line: u32,
    pub category: Stride,
    pub applies_to: Vec<ElementKind>,
    /// All must hold.
    pub when: Vec<Test>,
    /// None may hold.
    pub unless: Vec<Test>,
    pub title: String,
    pub scenario: String,
    pub actions: Vec<String>,
    pub references: Vec<String>,
}

/// Why a rule file was ignored, with where.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RuleError {
    pub source: String,
    pub line: u32,
    pub message: String,
}

impl std::error::Error for RuleError {}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.source, self.line, self.message)
    }
}

fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

/// Parses and checks a rule file. Any error rejects the whole file.
pub fn parse(text: &str, source: &str) -> Result<Vec<Rule>, RuleError> {
    let err = |line, message: String| RuleError {
        source: source.to_string(),
        line,
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        err(line, e.message().trim().to_string())
    })?;
    let mut ids = HashSet::new();
    let mut rules = Vec::with_capacity(raw.rule.len());
    for spanned in raw.rule {
        let line = line_of(text, spanned.span().start);
        let r = spanned.into_inner();
        let rule = compile(r, line).map_err(|m| err(line, m))?;
        if !ids.insert(rule.id.clone()) {
            return Err(err(line, format!("rule '{}' is defined twice", rule.id)));
        }
        rules.push(rule);
    }
    Ok(rules)
}

fn compile(r: RawRule, line: u32) -> Result<Rule, String> {
    let id = r.id.trim().to_string();
    if id.is_empty() || id.contains('@') || id.chars().any(char::is_whitespace) {
        return Err(format!("rule id '{id}' must be one word without '@'"));
    }
    if r.applies_to.is_empty() {
        return Err(format!("rule '{id}': applies_to names no element kind"));
    }
    for kind in &r.applies_to {
        if !r.category.applies_to(*kind) {
            return Err(format!(
                "rule '{id}': {} does not apply to a {} (STRIDE per element)",
                r.category.label(),
                kind.label().to_lowercase()
            ));
        }
    }
    if r.title.trim().is_empty() || r.scenario.trim().is_empty() || r.actions.is_empty() {
        return Err(format!(
            "rule '{id}' needs a title, a scenario and at least one action"
        ));
    }
    let compile_all = |conds: Vec<RawCondition>| -> Result<Vec<Test>, String> {
        conds
            .into_iter()
            .map(|c| test(c, &r.applies_to).map_err(|m| format!("rule '{id}': {m}")))
            .collect()
    };
    Ok(Rule {
        when: compile_all(r.when)?,
        unless: compile_all(r.unless)?,
        id: id.clone(),
        line,
        category: r.category,
        applies_to: r.applies_to,
        title: r.title.trim().to_string(),
        scenario: r.scenario.trim().to_string(),
        actions: r.actions,
        references: r.references,
    })
}

fn test(c: RawCondition, kinds: &[ElementKind]) -> Result<Test, String> {
    let RawCondition {
        prop,
        equals,
        set,
        contains,
        crosses_boundary,
        in_boundary,
        source_kind,
        target_kind,
    } = c;
    let tests: Vec<Test> = [
        crosses_boundary.map(Test::CrossesBoundary),
        in_boundary.map(Test::InBoundary),
        source_kind.map(Test::SourceKind),
        target_kind.map(Test::TargetKind),
    ]
    .into_iter()
    .flatten()
    .collect();
    let known = |key: &str| {
        props::catalog()
            .iter()
            .any(|d| d.key == key && kinds.iter().any(|k| d.kinds.contains(k)))
    };
    let prop_test = match (prop, equals, set, contains) {
        (None, None, None, None) => None,
        (Some(key), Some(value), None, None) => {
            if !kinds
                .iter()
                .any(|k| props::validate(*k, &key, &value).is_ok())
            {
                return Err(format!(
                    "'{key}' = {value:?} is not a valid property value for these kinds"
                ));
            }
            Some(Test::PropEquals(key, value))
        }
        (Some(key), None, Some(set), None) => {
            if !known(&key) {
                return Err(format!("unknown property '{key}' for these kinds"));
            }
            Some(Test::PropSet(key, set))
        }
        (Some(key), None, None, Some(needles)) => {
            if !known(&key) {
                return Err(format!("unknown property '{key}' for these kinds"));
            }
            if needles.is_empty() || needles.iter().any(|n| n.trim().is_empty()) {
                return Err(format!("`contains` on '{key}' needs non-empty texts"));
            }
            Some(Test::PropContains(
                key,
                needles.iter().map(|n| n.to_lowercase()).collect(),
            ))
        }
        (Some(key), None, None, None) => {
            return Err(format!(
                "property '{key}' needs `equals`, `set` or `contains`"
            ))
        }
        _ => return Err("one `prop` goes with exactly one of `equals`, `set`, `contains`".into()),
    };
    let mut all: Vec<Test> = tests.into_iter().chain(prop_test).collect();
    match all.len() {
        1 => Ok(all.remove(0)),
        0 => Err("an empty condition".into()),
        _ => Err("a condition holds exactly one test; write several conditions".into()),
    }
}

/// The rules in use: the built-in library plus the user's files.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The library shipped with the app.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        Ok(RuleSet {
            rules: parse(BUILTIN, "built-in rules")?,
        })
    }

    /// Adds a user library; a file with any error, or redefining a rule, is
    /// ignored as a whole and its error returned.
    pub fn add_file(&mut self, text: &str, source: &str) -> Result<usize, RuleError> {
        let rules = parse(text, source)?;
        if let Some(dup) = rules
            .iter()
            .find(|r| self.rules.iter().any(|o| o.id == r.id))
        {
            return Err(RuleError {
                source: source.into(),
                line: dup.line,
                message: format!("rule '{}' already exists", dup.id),
            });
        }
        let n = rules.len();
        self.rules.extend(rules);
        Ok(n)
    }
}

fn holds(t: &Test, e: &Element, state: &State, analysis: &Analysis) -> bool {
    let kind_of = |id: &Option<String>| {
        id.as_ref()
            .and_then(|i| state.elements.get(i))
            .map(|x| x.kind)
    };
    match t {
        Test::PropEquals(key, value) => e.props.get(key) == Some(value),
        Test::PropSet(key, set) => e.props.contains_key(key) == *set,
        Test::PropContains(key, needles) => match e.props.get(key) {
            Some(PropValue::Text(text)) => {
                let text = text.to_lowercase();
                needles.iter().any(|n| text.contains(n.as_str()))
            }
            _ => false,
        },
        Test::CrossesBoundary(b) => analysis.crossings.contains_key(&e.id) == *b,
        Test::InBoundary(b) => analysis.inside.contains_key(&e.id) == *b,
        Test::SourceKind(k) => kind_of(&e.source) == Some(*k),
        Test::TargetKind(k) => kind_of(&e.target) == Some(*k),
    }
}

/// A rule that fires on an element nobody has triaged for it yet.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    pub rule: &'a Rule,
    pub element: &'a Element,
}

impl Match<'_> {
    pub fn to_suggestion(&self) -> Suggestion {
        let (r, e) = (self.rule, self.element);
        Suggestion {
            key: Suggestion::key_of(&r.id, &e.id),
            rule_id: r.id.clone(),
            element_id: e.id.clone(),
            category: r.category,
            title: r.title.clone(),
            scenario: r.scenario.clone(),
            recommended_actions: r.actions.clone(),
            references: r.references.clone(),
        }
    }
}

/// Runs the rules over every in-scope element (or one element), leaving out
/// what was accepted, dismissed or marked not applicable. Borrows, so running
/// all rules over a large diagram allocates little.
pub fn matches<'a>(
    state: &'a State,
    rules: &'a RuleSet,
    analyses: &BTreeMap<String, Analysis>,
    only: Option<&str>,
) -> Vec<Match<'a>> {
    // Triaged (rule, element) pairs; keys are `<rule>@<element>` and neither id holds '@'.
    let accepted = state.threats.values().filter_map(|t| match &t.origin {
        Origin::Rule { key, .. } => Some(key.as_str()),
        Origin::Manual => None,
    });
    let triaged: HashSet<(&str, &str)> = accepted
        .chain(state.dismissals.keys().map(String::as_str))
        .filter_map(|k| k.split_once('@'))
        .collect();
    let not_applicable: HashSet<(&str, Stride)> = state
        .not_applicable
        .values()
        .map(|n| (n.element_id.as_str(), n.category))
        .collect();
    let mut by_kind: BTreeMap<ElementKind, Vec<&Rule>> = BTreeMap::new();
    for r in &rules.rules {
        for k in &r.applies_to {
            by_kind.entry(*k).or_default().push(r);
        }
    }
    let empty = Analysis::default();
    let elements: Box<dyn Iterator<Item = &Element>> = match only {
        Some(id) => Box::new(state.elements.get(id).into_iter()),
        None => Box::new(state.elements.values()),
    };
    let mut out = Vec::new();
    for e in elements.filter(|e| !e.is_out_of_scope()) {
        let Some(candidates) = by_kind.get(&e.kind) else {
            continue;
        };
        let analysis = analyses.get(&e.diagram_id).unwrap_or(&empty);
        for r in candidates {
            let fires = r.when.iter().all(|t| holds(t, e, state, analysis))
                && !r.unless.iter().any(|t| holds(t, e, state, analysis));
            if fires
                && !triaged.contains(&(r.id.as_str(), e.id.as_str()))
                && !not_applicable.contains(&(e.id.as_str(), r.category))
            {
                out.push(Match {
                    rule: r,
                    element: e,
                });
            }
        }
    }
    out
}

/// The pending suggestions, owned (for the UI, the CLI and accepting them).
pub fn suggest(
    state: &State,
    rules: &RuleSet,
    analyses: &BTreeMap<String, Analysis>,
    only: Option<&str>,
) -> Vec<Suggestion> {
    matches(state, rules, analyses, only)
        .iter()
        .map(Match::to_suggestion)
        .collect()
}
