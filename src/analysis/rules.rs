//! Rules are data: TOML files of `[[rule]]` tables, each matching elements by
//! kind, properties, boundary crossings and flows through a small grammar (no
//! eval), and proposing a threat. A suggestion's key, `<rule id>@<element id>`,
//! is stable, so re-running the rules never repeats what was triaged.
//!
//! A rule fires on an element of a kind in `applies_to` when every condition
//! in `when` holds and none in `unless` does. A condition table holds exactly
//! one test:
//! - `{ prop = "k", equals = v }`, `{ prop = "k", set = true }`,
//!   `{ prop = "k", contains = ["a", "b"] }` (text holding any, any case);
//! - `{ crosses_boundary = true }`, `{ in_boundary = true }`;
//! - `{ source_kind = "external_entity" }`, `{ target_kind = "data_store" }`
//!   (a flow's ends);
//! - `{ protocol = "encrypted" }` (or `"plaintext"`, `"unknown"`): what the
//!   flow's protocol, else its name, says by `rules/protocols.toml`;
//! - `{ receives_from = "external_entity" }`: a flow into this node starts at
//!   an element of that kind (flows are one-way in the model);
//! - `{ any = [ … ] }`: at least one of these conditions holds (the only "or").
//!
//! Unknown keys, values and properties reject the whole file with a line.
//! When a rule fires on several elements, each suggestion's title says where
//! ("Data readable on the wire: Mobile app → API"); the key does not change.

mod grammar;

use super::graph::Analysis;
use super::names;
use crate::model::protocols;
use crate::model::{Element, ElementKind, Origin, PropValue, State, Stride, Suggestion};
pub use grammar::{parse, Rule, RuleError, Test, BUILTIN};
use std::collections::{BTreeMap, HashMap, HashSet};

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

/// What the tests read besides the element: built once per run.
struct Context<'a> {
    state: &'a State,
    analyses: &'a BTreeMap<String, Analysis>,
    empty: Analysis,
    /// (target id, source kind) of every flow.
    inbound: HashSet<(&'a str, ElementKind)>,
    /// Each flow's protocol, read once a run (several rules test it).
    protocols: std::cell::RefCell<HashMap<&'a str, protocols::Encryption>>,
}

impl<'a> Context<'a> {
    fn new(state: &'a State, analyses: &'a BTreeMap<String, Analysis>) -> Self {
        let kind_of = |id: &Option<String>| {
            id.as_ref()
                .and_then(|i| state.elements.get(i))
                .map(|x| x.kind)
        };
        let inbound = state
            .elements
            .values()
            .filter(|f| f.kind == ElementKind::DataFlow)
            .filter_map(|f| Some((f.target.as_deref()?, kind_of(&f.source)?)))
            .collect();
        Context {
            state,
            analyses,
            empty: Analysis::default(),
            inbound,
            protocols: Default::default(),
        }
    }

    fn protocol_of(&self, e: &'a Element) -> protocols::Encryption {
        if let Some(p) = self.protocols.borrow().get(e.id.as_str()) {
            return *p;
        }
        let p = protocols::of_flow(e).encryption;
        self.protocols.borrow_mut().insert(e.id.as_str(), p);
        p
    }

    fn holds(&self, t: &Test, e: &'a Element, analysis: &Analysis) -> bool {
        let kind_of = |id: &Option<String>| {
            id.as_ref()
                .and_then(|i| self.state.elements.get(i))
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
            Test::Protocol(p) => e.kind == ElementKind::DataFlow && self.protocol_of(e) == *p,
            Test::ReceivesFrom(k) => self.inbound.contains(&(e.id.as_str(), *k)),
            Test::Any(tests) => tests.iter().any(|t| self.holds(t, e, analysis)),
        }
    }

    fn fires(&self, r: &Rule, e: &'a Element) -> bool {
        let analysis = self.analyses.get(&e.diagram_id).unwrap_or(&self.empty);
        r.applies_to.contains(&e.kind)
            && r.when.iter().all(|t| self.holds(t, e, analysis))
            && !r.unless.iter().any(|t| self.holds(t, e, analysis))
    }
}

/// A rule that fires on an element nobody has triaged for it yet.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    pub rule: &'a Rule,
    pub element: &'a Element,
    /// The rule fires on other in-scope elements too (triaged or not), so the
    /// title says where.
    pub several: bool,
}

impl Match<'_> {
    pub fn to_suggestion(&self, state: &State) -> Suggestion {
        let (r, e) = (self.rule, self.element);
        let title = if self.several {
            format!("{}: {}", r.title, names::location(state, e))
        } else {
            r.title.clone()
        };
        Suggestion {
            key: Suggestion::key_of(&r.id, &e.id),
            rule_id: r.id.clone(),
            element_id: e.id.clone(),
            category: r.category,
            title,
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
        Origin::Manual | Origin::Library { .. } => None,
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
    let ctx = Context::new(state, analyses);
    let in_scope = || state.elements.values().filter(|e| !e.is_out_of_scope());
    let elements: Box<dyn Iterator<Item = &Element>> = match only {
        Some(id) => Box::new(state.elements.get(id).into_iter()),
        None => Box::new(in_scope()),
    };
    let mut fired: Vec<(&Rule, &Element)> = Vec::new();
    for e in elements.filter(|e| !e.is_out_of_scope()) {
        for r in by_kind.get(&e.kind).into_iter().flatten() {
            if ctx.fires(r, e) {
                fired.push((r, e));
            }
        }
    }
    // How many elements each rule fires on: from this run, or (for one
    // element) by running just the rules that fired on it over the rest.
    let mut count: HashMap<&str, usize> = HashMap::new();
    match only {
        None => fired
            .iter()
            .for_each(|(r, _)| *count.entry(r.id.as_str()).or_default() += 1),
        Some(_) => {
            for (r, _) in &fired {
                let n = in_scope().filter(|e| ctx.fires(r, e)).take(2).count();
                count.insert(r.id.as_str(), n);
            }
        }
    }
    fired
        .into_iter()
        .filter(|(r, e)| {
            !triaged.contains(&(r.id.as_str(), e.id.as_str()))
                && !not_applicable.contains(&(e.id.as_str(), r.category))
        })
        .map(|(rule, element)| Match {
            rule,
            element,
            several: count.get(rule.id.as_str()).copied().unwrap_or(0) > 1,
        })
        .collect()
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
        .map(|m| m.to_suggestion(state))
        .collect()
}
