//! The built-in STRIDE rule library (`rules/stride.toml`): its shape, a firing
//! and a silent case for every rule on hand-built diagrams, how malformed rule
//! files are reported, the demo's suggestion load, and a realism check on
//! Threat Dragon's demo models.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use tempfile::TempDir;
use threatloom::analysis::rules::{self, suggest};

mod cases;
mod cases_flows;
mod firing;
mod grammar;
mod malformed;
mod threat_dragon;

// ─── Building diagrams ───────────────────────────────────────────────────────

const D: &str = "d1";

/// Where a node is drawn. Every test diagram has an "Internet" boundary, a
/// "Company" boundary and, nested in the company, a "Vault" boundary.
#[derive(Clone, Copy, Debug)]
enum Zone {
    Internet,
    Company,
    Vault,
    Nowhere,
}

impl Zone {
    fn x(self) -> f64 {
        match self {
            Zone::Internet => 200.0,
            Zone::Company => 2100.0,
            Zone::Vault => 2600.0,
            Zone::Nowhere => 5000.0,
        }
    }
}

struct Dfd {
    _dir: TempDir,
    eng: Engagement,
    next_y: f64,
}

/// "true" and "false" are flags; anything else is text.
fn val(s: &str) -> PropValue {
    match s {
        "true" => PropValue::Bool(true),
        "false" => PropValue::Bool(false),
        _ => PropValue::Text(s.into()),
    }
}

type Props<'a> = &'a [(&'a str, &'a str)];

impl Dfd {
    fn empty() -> Dfd {
        let dir = tempfile::tempdir().expect("temp dir");
        let eng = Engagement::create(
            &dir.path().join("rules.threatmodel"),
            EngagementInfo {
                name: "Rules".into(),
                ..Default::default()
            },
        )
        .expect("create");
        Dfd {
            _dir: dir,
            eng,
            next_y: 100.0,
        }
    }

    fn new() -> Dfd {
        let mut d = Dfd::empty();
        d.add(
            ElementKind::TrustBoundary,
            "Internet",
            Rect::new(0.0, 0.0, 1000.0, 10_000.0),
        );
        d.add(
            ElementKind::TrustBoundary,
            "Company",
            Rect::new(2000.0, 0.0, 1000.0, 10_000.0),
        );
        d.add(
            ElementKind::TrustBoundary,
            "Vault",
            Rect::new(2500.0, 0.0, 450.0, 10_000.0),
        );
        d
    }

    fn add(&mut self, kind: ElementKind, name: &str, rect: Rect) -> String {
        let change = self
            .eng
            .apply(Op::AddElement {
                id: None,
                diagram_id: D.into(),
                kind,
                name: name.into(),
                rect,
            })
            .expect("add element");
        change.created[0].clone()
    }

    fn node(&mut self, kind: ElementKind, zone: Zone, props: Props) -> String {
        let rect = Rect::new(zone.x(), self.next_y, 120.0, 70.0);
        self.next_y += 150.0;
        let id = self.add(kind, &format!("{kind:?} in {zone:?}"), rect);
        self.set_all(&id, props);
        id
    }

    fn connect(&mut self, source: &str, target: &str, props: Props) -> String {
        let change = self
            .eng
            .apply(Op::Connect {
                id: None,
                diagram_id: D.into(),
                source: source.into(),
                target: target.into(),
                name: "data".into(),
            })
            .expect("connect");
        let id = change.created[0].clone();
        self.set_all(&id, props);
        id
    }

    fn set(&mut self, id: &str, key: &str, value: PropValue) {
        self.eng
            .apply(Op::SetProperty {
                id: id.into(),
                key: key.into(),
                value: Some(value),
            })
            .unwrap_or_else(|e| panic!("set {key} on {id}: {e}"));
    }

    fn set_all(&mut self, id: &str, props: Props) {
        for (k, v) in props {
            self.set(id, k, val(v));
        }
    }

    fn suggestions_with(&self, rules: &RuleSet) -> Vec<Suggestion> {
        suggestions_of(self.eng.state(), rules)
    }

    fn suggestions(&self) -> Vec<Suggestion> {
        self.suggestions_with(&builtin())
    }
}

fn builtin() -> RuleSet {
    RuleSet::builtin().expect("the built-in library parses")
}

fn analyses(state: &State) -> BTreeMap<String, Analysis> {
    state
        .diagrams
        .keys()
        .map(|id| (id.clone(), analyze(state, id)))
        .collect()
}

fn suggestions_of(state: &State, rules: &RuleSet) -> Vec<Suggestion> {
    suggest(state, rules, &analyses(state), None)
}

use ElementKind::{DataFlow, DataStore, ExternalEntity, Process};

/// An external entity on the internet, sending to a company process.
fn entity(d: &mut Dfd, props: Props) -> String {
    let e = d.node(ExternalEntity, Zone::Internet, props);
    let p = d.node(Process, Zone::Company, &[]);
    d.connect(&e, &p, &[]);
    e
}

/// A company process, fed by an external entity on the internet.
fn process(d: &mut Dfd, props: Props) -> String {
    let e = d.node(ExternalEntity, Zone::Internet, &[]);
    let p = d.node(Process, Zone::Company, props);
    d.connect(&e, &p, &[]);
    p
}

/// A company process fed only by another company process: no input from outside.
fn internal_process(d: &mut Dfd, props: Props) -> String {
    let caller = d.node(Process, Zone::Company, &[]);
    let p = d.node(Process, Zone::Company, props);
    d.connect(&caller, &p, &[]);
    p
}

/// A company data store, written and read by a company process.
fn store(d: &mut Dfd, props: Props) -> String {
    let p = d.node(Process, Zone::Company, &[]);
    let s = d.node(DataStore, Zone::Company, props);
    d.connect(&p, &s, &[]);
    d.connect(&s, &p, &[]);
    s
}

/// A flow between two new nodes of the given kinds and zones.
fn flow(d: &mut Dfd, from: (ElementKind, Zone), to: (ElementKind, Zone), props: Props) -> String {
    let s = d.node(from.0, from.1, &[]);
    let t = d.node(to.0, to.1, &[]);
    d.connect(&s, &t, props)
}

/// A flow named `name` from an internet entity into a company process.
fn named_flow(d: &mut Dfd, name: &str, props: Props) -> String {
    let f = flow(
        d,
        (ExternalEntity, Zone::Internet),
        (Process, Zone::Company),
        props,
    );
    d.eng
        .apply(Op::Rename {
            id: f.clone(),
            name: name.into(),
        })
        .expect("rename");
    f
}

fn fired<'a>(found: &'a [Suggestion], rule: &str, element: &str) -> Option<&'a Suggestion> {
    found
        .iter()
        .find(|s| s.rule_id == rule && s.element_id == element)
}

// ─── The library's shape ─────────────────────────────────────────────────────

const FOUR_KINDS: [ElementKind; 4] = [ExternalEntity, Process, DataStore, DataFlow];

fn is_reference(r: &str) -> bool {
    let digits = r.strip_prefix("CWE-").or_else(|| r.strip_prefix("CAPEC-"));
    matches!(digits, Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !n.starts_with('0'))
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Sentences in a scenario: ends of sentence followed by a space, or the end.
fn sentences(text: &str) -> usize {
    let t = text.trim();
    t.matches(". ").count()
        + t.matches("? ").count()
        + t.matches("! ").count()
        + usize::from(t.ends_with(['.', '?', '!']))
}

#[test]
fn the_reference_checks_tell_good_from_bad() {
    for good in ["CWE-319", "CAPEC-157", "CWE-1088"] {
        assert!(is_reference(good), "{good}");
    }
    for bad in [
        "CWE319",
        "cwe-319",
        "CWE-",
        "CWE-31a",
        "OWASP-A01",
        "CAPEC-0157",
        " CWE-1",
    ] {
        assert!(!is_reference(bad), "{bad}");
    }
    assert!(is_kebab("flow-cleartext") && is_kebab("store-2"));
    assert!(
        !is_kebab("Flow-cleartext")
            && !is_kebab("flow--x")
            && !is_kebab("-flow")
            && !is_kebab("flow_x")
    );
    assert_eq!(sentences("One. Two? Three!"), 3);
    assert_eq!(sentences("Uses TLS 1.2 here. Then more."), 2);
}

#[test]
fn builtin_library_parses_and_covers_stride_per_element() {
    let set = builtin();
    let rules = &set.rules;
    assert!(rules.len() >= 40, "only {} rules", rules.len());

    let categories: BTreeSet<Stride> = rules.iter().map(|r| r.category).collect();
    assert_eq!(
        categories,
        Stride::ALL.into_iter().collect(),
        "every STRIDE category is covered"
    );

    let kinds: BTreeSet<ElementKind> = rules
        .iter()
        .flat_map(|r| r.applies_to.iter().copied())
        .collect();
    assert_eq!(
        kinds,
        FOUR_KINDS.into_iter().collect(),
        "every element kind, and no trust boundary"
    );

    // Every category that STRIDE-per-element allows for a kind has a rule for it.
    for kind in FOUR_KINDS {
        for cat in Stride::applicable(kind) {
            assert!(
                rules
                    .iter()
                    .any(|r| r.category == cat && r.applies_to.contains(&kind)),
                "no {} rule for a {}",
                cat.label(),
                kind.label()
            );
        }
    }

    let mut ids = BTreeSet::new();
    for r in rules {
        assert!(
            ids.insert(r.id.as_str()),
            "rule '{}' is defined twice",
            r.id
        );
        assert!(is_kebab(&r.id), "rule id '{}' is not kebab-case", r.id);
        for k in &r.applies_to {
            assert!(
                r.category.applies_to(*k),
                "{}: {} on a {}",
                r.id,
                r.category.label(),
                k.label()
            );
        }
        assert!(
            (1..=4).contains(&r.actions.len()),
            "{}: {} actions (1 to 4)",
            r.id,
            r.actions.len()
        );
        assert!(
            r.actions.iter().all(|a| !a.trim().is_empty()),
            "{}: an empty action",
            r.id
        );
        assert!(!r.references.is_empty(), "{}: no reference", r.id);
        for reference in &r.references {
            assert!(
                is_reference(reference),
                "{}: '{reference}' is not CWE-n or CAPEC-n",
                r.id
            );
        }
        let refs: BTreeSet<&String> = r.references.iter().collect();
        assert_eq!(
            refs.len(),
            r.references.len(),
            "{}: a reference is listed twice",
            r.id
        );
        assert!(
            !r.title.is_empty()
                && r.title.chars().count() <= 80
                && !r.title.chars().any(char::is_control),
            "{}: the title is one short line",
            r.id
        );
        let n = sentences(&r.scenario);
        assert!(
            (2..=4).contains(&n),
            "{}: scenario has {n} sentences (2 to 4)",
            r.id
        );
        assert!(
            !r.when.is_empty() || !r.unless.is_empty() || r.applies_to == vec![DataFlow],
            "{}: only a flow rule may have no condition at all",
            r.id
        );
    }
}

#[test]
fn builtin_constant_is_the_file_in_the_repository() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules/stride.toml");
    let on_disk = std::fs::read_to_string(path).expect("rules/stride.toml");
    assert_eq!(rules::BUILTIN, on_disk);
}

use Zone::{Company, Internet, Nowhere, Vault};

// ─── The demo engagement: useful, not overwhelming ───────────────────────────

#[test]
fn the_demo_gets_a_useful_set_of_suggestions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = threatloom::demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let state = eng.state();
    let found = suggestions_of(state, &builtin());

    let mut per_element: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in &found {
        per_element
            .entry(s.element_id.as_str())
            .or_default()
            .push(s.rule_id.as_str());
    }
    eprintln!("demo: {} suggestions", found.len());
    for (id, rules) in &per_element {
        eprintln!("  {id}: {}", rules.join(", "));
    }

    let in_scope: Vec<&Element> = state
        .elements
        .values()
        .filter(|e| e.kind != ElementKind::TrustBoundary && !e.is_out_of_scope())
        .collect();
    assert!(
        in_scope.len() >= 10,
        "the demo changed shape: {} elements",
        in_scope.len()
    );
    for e in &in_scope {
        let n = per_element.get(e.id.as_str()).map_or(0, Vec::len);
        assert!(
            (1..=5).contains(&n),
            "'{}' gets {n} suggestions (1 to 5 expected)",
            e.name
        );
    }
    let total = found.len();
    assert!(
        total >= 2 * in_scope.len() && total <= 4 * in_scope.len(),
        "{total} suggestions for {} elements",
        in_scope.len()
    );
    assert!(
        !per_element.contains_key("idp"),
        "the identity provider is out of scope"
    );

    let has = |rule: &str, id: &str| per_element.get(id).is_some_and(|r| r.contains(&rule));
    assert!(
        has("flow-cleartext", "f-call"),
        "plain HTTP between web app and API"
    );
    assert!(!has("flow-cleartext", "f-login"), "sign-in is over HTTPS");
    assert!(has("flow-query-injection", "f-query"));
    assert!(
        has("store-predictable-keys", "db"),
        "the payroll database uses incremental keys"
    );
    assert!(
        !has("store-restricted-unencrypted", "db"),
        "the payroll database is encrypted at rest"
    );
    assert!(has("process-token-validation", "webapp") && has("process-token-validation", "api"));
    assert!(has("process-request-flooding", "webapp") && !has("process-request-flooding", "api"));
    assert!(
        !has("process-internet-no-authentication", "webapp"),
        "the web app uses SSO"
    );
    for crossing in ["f-login", "f-pages", "f-authz", "f-token"] {
        assert!(has("flow-unauthenticated-crossing", crossing), "{crossing}");
    }
}
