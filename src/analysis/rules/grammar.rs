//! A rule file's grammar: TOML `[[rule]]` tables compiled to `Rule`s, with
//! every mistake reported with its line (the grammar is written at the top of
//! `rules.rs`).

use crate::model::protocols::Encryption;
use crate::model::{props, ElementKind, PropValue, Stride};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashSet;

/// The library shipped with the app.
pub const BUILTIN: &str = include_str!("../../../rules/stride.toml");

/// One condition table, as written: exactly one test, or an `any` group.
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
    protocol: Option<Encryption>,
    receives_from: Option<ElementKind>,
    any: Option<Vec<RawCondition>>,
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
    /// What the flow's protocol (else its name) says, by the protocol catalogue.
    Protocol(Encryption),
    /// A flow into this node starts at an element of this kind.
    ReceivesFrom(ElementKind),
    /// At least one holds.
    Any(Vec<Test>),
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
        protocol,
        receives_from,
        any,
    } = c;
    let has_flow = kinds.contains(&ElementKind::DataFlow);
    if protocol.is_some() && !has_flow {
        return Err("`protocol` tests a data flow; applies_to names none".into());
    }
    if let Some(k) = receives_from {
        if !k.is_endpoint() {
            return Err(format!(
                "`receives_from` names where a flow starts: external_entity, process or data_store, not {}",
                k.label().to_lowercase()
            ));
        }
        if !kinds.iter().any(|k| k.is_endpoint()) {
            return Err("`receives_from` tests a node; applies_to names only flows".into());
        }
    }
    let group = match any {
        None => None,
        Some(list) if list.is_empty() => return Err("`any` needs at least one condition".into()),
        Some(list) => Some(Test::Any(
            list.into_iter()
                .map(|c| test(c, kinds))
                .collect::<Result<_, _>>()?,
        )),
    };
    let tests: Vec<Test> = [
        crosses_boundary.map(Test::CrossesBoundary),
        in_boundary.map(Test::InBoundary),
        source_kind.map(Test::SourceKind),
        target_kind.map(Test::TargetKind),
        protocol.map(Test::Protocol),
        receives_from.map(Test::ReceivesFrom),
        group,
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
            if !known(&key) {
                return Err(format!("unknown property '{key}' for these kinds"));
            }
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
