//! The built-in STRIDE rule library (`rules/stride.toml`): its shape, a firing
//! and a silent case for every rule on hand-built diagrams, how malformed rule
//! files are reported, the demo's suggestion load, and a realism check on
//! Threat Dragon's demo models.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use tempfile::TempDir;
use threatloom::rules::{self, suggest, RuleError, RuleSet, Suggestion};
use threatloom::*;

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

// ─── One firing and one silent case per rule ─────────────────────────────────

type Build = fn(&mut Dfd) -> String;

struct Case {
    rule: &'static str,
    fires: bool,
    /// What the diagram shows, for the failure message.
    what: &'static str,
    build: Build,
}

fn fire(rule: &'static str, what: &'static str, build: Build) -> Case {
    Case {
        rule,
        fires: true,
        what,
        build,
    }
}

fn silent(rule: &'static str, what: &'static str, build: Build) -> Case {
    Case {
        rule,
        fires: false,
        what,
        build,
    }
}

use Zone::{Company, Internet, Nowhere, Vault};

fn cases() -> Vec<Case> {
    vec![
        // External entities
        fire(
            "entity-identity-unverified",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        fire(
            "entity-identity-unverified",
            "entity, not authenticated",
            |d| entity(d, &[("authenticated", "false")]),
        ),
        silent("entity-identity-unverified", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        fire("entity-credentials-stolen", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        silent(
            "entity-credentials-stolen",
            "entity, not authenticated",
            |d| entity(d, &[("authenticated", "false")]),
        ),
        silent(
            "entity-credentials-stolen",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        fire(
            "entity-actions-unattributed",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        silent("entity-actions-unattributed", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        fire("entity-denies-action", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        silent(
            "entity-denies-action",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        // Processes: spoofing
        fire(
            "process-internet-no-authentication",
            "internet-facing, authentication unknown",
            |d| process(d, &[("internet_facing", "true")]),
        ),
        fire(
            "process-internet-no-authentication",
            "internet-facing, authentication none",
            |d| {
                process(
                    d,
                    &[("internet_facing", "true"), ("authentication", "none")],
                )
            },
        ),
        silent(
            "process-internet-no-authentication",
            "internet-facing with passwords",
            |d| {
                process(
                    d,
                    &[("internet_facing", "true"), ("authentication", "password")],
                )
            },
        ),
        silent(
            "process-internet-no-authentication",
            "internet-facing with SSO",
            |d| {
                process(
                    d,
                    &[
                        ("internet_facing", "true"),
                        ("authentication", "SSO / OIDC"),
                    ],
                )
            },
        ),
        silent(
            "process-internet-no-authentication",
            "internal, authentication unknown",
            |d| process(d, &[("internet_facing", "false")]),
        ),
        fire(
            "process-internal-no-authentication",
            "internal, authentication none",
            |d| {
                process(
                    d,
                    &[("authentication", "none"), ("internet_facing", "false")],
                )
            },
        ),
        fire(
            "process-internal-no-authentication",
            "authentication none, exposure unknown",
            |d| process(d, &[("authentication", "none")]),
        ),
        silent(
            "process-internal-no-authentication",
            "internet-facing, authentication none",
            |d| {
                process(
                    d,
                    &[("authentication", "none"), ("internet_facing", "true")],
                )
            },
        ),
        silent(
            "process-internal-no-authentication",
            "internal, authentication unknown",
            |d| process(d, &[]),
        ),
        fire("process-password-only", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        silent("process-password-only", "password + MFA", |d| {
            process(d, &[("authentication", "password + MFA")])
        }),
        fire("process-mfa-bypass", "password + MFA", |d| {
            process(d, &[("authentication", "password + MFA")])
        }),
        silent("process-mfa-bypass", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-api-key-leak", "API key", |d| {
            process(d, &[("authentication", "API key")])
        }),
        silent("process-api-key-leak", "mutual TLS", |d| {
            process(d, &[("authentication", "mutual TLS")])
        }),
        fire("process-token-validation", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent("process-token-validation", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-mtls-identity", "mutual TLS", |d| {
            process(d, &[("authentication", "mutual TLS")])
        }),
        silent("process-mtls-identity", "API key", |d| {
            process(d, &[("authentication", "API key")])
        }),
        // Processes: tampering
        fire("process-injection", "internet-facing", |d| {
            process(d, &[("internet_facing", "true")])
        }),
        silent("process-injection", "internal", |d| {
            process(d, &[("internet_facing", "false")])
        }),
        silent("process-injection", "exposure unknown", |d| process(d, &[])),
        // Processes: repudiation
        fire("process-no-audit-trail", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-no-audit-trail", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent("process-no-audit-trail", "authentication none", |d| {
            process(d, &[("authentication", "none")])
        }),
        silent("process-no-audit-trail", "authentication unknown", |d| {
            process(d, &[])
        }),
        fire("process-anonymous-actions", "authentication none", |d| {
            process(d, &[("authentication", "none")])
        }),
        silent("process-anonymous-actions", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        silent("process-anonymous-actions", "authentication unknown", |d| {
            process(d, &[])
        }),
        fire("process-privileged-log-erasure", "privileged", |d| {
            process(d, &[("runs_as_privileged", "true")])
        }),
        silent("process-privileged-log-erasure", "unprivileged", |d| {
            process(d, &[("runs_as_privileged", "false")])
        }),
        // Weak password hashing, on processes and stores
        fire("weak-password-hashing", "process hashing with SHA-1", |d| {
            process(d, &[("hashing_algorithm", "SHA-1")])
        }),
        fire("weak-password-hashing", "store of MD5 hashes", |d| {
            store(d, &[("hashing_algorithm", "md5")])
        }),
        fire("weak-password-hashing", "store of PBKDF2 hashes", |d| {
            store(d, &[("hashing_algorithm", "PBKDF2")])
        }),
        silent(
            "weak-password-hashing",
            "process hashing with argon2id",
            |d| process(d, &[("hashing_algorithm", "argon2id")]),
        ),
        silent(
            "weak-password-hashing",
            "process hashing with scrypt",
            |d| process(d, &[("hashing_algorithm", "scrypt")]),
        ),
        silent("weak-password-hashing", "store of bcrypt hashes", |d| {
            store(d, &[("hashing_algorithm", "bcrypt")])
        }),
        silent("weak-password-hashing", "store of Argon2id hashes", |d| {
            store(d, &[("hashing_algorithm", "Argon2id")])
        }),
        silent(
            "weak-password-hashing",
            "store of bcrypt hashes with a cost",
            |d| store(d, &[("hashing_algorithm", "BCrypt (cost 12)")]),
        ),
        silent("weak-password-hashing", "store, hashing unknown", |d| {
            store(d, &[("stores_credentials", "true")])
        }),
        // Processes: information disclosure
        fire(
            "process-anonymous-data-exposure",
            "internet-facing, authentication none",
            |d| {
                process(
                    d,
                    &[("internet_facing", "true"), ("authentication", "none")],
                )
            },
        ),
        silent(
            "process-anonymous-data-exposure",
            "internet-facing, authentication unknown",
            |d| process(d, &[("internet_facing", "true")]),
        ),
        silent(
            "process-anonymous-data-exposure",
            "internal, authentication none",
            |d| {
                process(
                    d,
                    &[("internet_facing", "false"), ("authentication", "none")],
                )
            },
        ),
        // Processes: denial of service
        fire("process-request-flooding", "internet-facing", |d| {
            process(d, &[("internet_facing", "true")])
        }),
        silent("process-request-flooding", "internal", |d| {
            process(d, &[("internet_facing", "false")])
        }),
        fire("process-account-lockout-abuse", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-account-lockout-abuse", "password + MFA", |d| {
            process(d, &[("authentication", "password + MFA")])
        }),
        silent("process-account-lockout-abuse", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent(
            "process-account-lockout-abuse",
            "authentication unknown",
            |d| process(d, &[]),
        ),
        // Processes: elevation of privilege
        fire("process-runs-privileged", "privileged", |d| {
            process(d, &[("runs_as_privileged", "true")])
        }),
        silent("process-runs-privileged", "unprivileged", |d| {
            process(d, &[("runs_as_privileged", "false")])
        }),
        silent("process-runs-privileged", "privilege unknown", |d| {
            process(d, &[])
        }),
        fire("process-missing-authorization", "API key", |d| {
            process(d, &[("authentication", "API key")])
        }),
        fire("process-missing-authorization", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent(
            "process-missing-authorization",
            "authentication none",
            |d| process(d, &[("authentication", "none")]),
        ),
        silent(
            "process-missing-authorization",
            "authentication unknown",
            |d| process(d, &[]),
        ),
        // Data stores: tampering
        fire(
            "store-direct-modification",
            "store with nothing recorded",
            |d| store(d, &[]),
        ),
        fire("store-direct-modification", "restricted store", |d| {
            store(d, &[("data_classification", "restricted")])
        }),
        silent("store-direct-modification", "public store", |d| {
            store(d, &[("data_classification", "public")])
        }),
        silent("store-direct-modification", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("store-direct-modification", "credential store", |d| {
            store(d, &[("stores_credentials", "true")])
        }),
        fire("store-credential-tampering", "credential store", |d| {
            store(d, &[("stores_credentials", "true")])
        }),
        silent(
            "store-credential-tampering",
            "store without credentials",
            |d| store(d, &[("stores_credentials", "false")]),
        ),
        fire("log-tampering", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-tampering", "store that is not a log", |d| {
            store(d, &[("is_log", "false")])
        }),
        // Data stores: repudiation
        fire("store-changes-unaudited", "restricted store", |d| {
            store(d, &[("data_classification", "restricted")])
        }),
        silent("store-changes-unaudited", "confidential store", |d| {
            store(d, &[("data_classification", "confidential")])
        }),
        silent("store-changes-unaudited", "restricted log", |d| {
            store(
                d,
                &[("data_classification", "restricted"), ("is_log", "true")],
            )
        }),
        fire("log-injection", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-injection", "store that is not a log", |d| {
            store(d, &[("is_log", "false")])
        }),
        // Data stores: information disclosure
        fire(
            "store-restricted-unencrypted",
            "restricted, encryption unknown",
            |d| store(d, &[("data_classification", "restricted")]),
        ),
        fire(
            "store-restricted-unencrypted",
            "restricted, not encrypted",
            |d| {
                store(
                    d,
                    &[
                        ("data_classification", "restricted"),
                        ("encrypted_at_rest", "false"),
                    ],
                )
            },
        ),
        silent(
            "store-restricted-unencrypted",
            "restricted, encrypted",
            |d| {
                store(
                    d,
                    &[
                        ("data_classification", "restricted"),
                        ("encrypted_at_rest", "true"),
                    ],
                )
            },
        ),
        silent(
            "store-restricted-unencrypted",
            "confidential, not encrypted",
            |d| store(d, &[("data_classification", "confidential")]),
        ),
        fire(
            "store-unencrypted-at-rest",
            "store with nothing recorded",
            |d| store(d, &[]),
        ),
        fire(
            "store-unencrypted-at-rest",
            "confidential, not encrypted",
            |d| {
                store(
                    d,
                    &[
                        ("data_classification", "confidential"),
                        ("encrypted_at_rest", "false"),
                    ],
                )
            },
        ),
        silent("store-unencrypted-at-rest", "encrypted", |d| {
            store(d, &[("encrypted_at_rest", "true")])
        }),
        silent("store-unencrypted-at-rest", "public data", |d| {
            store(d, &[("data_classification", "public")])
        }),
        silent(
            "store-unencrypted-at-rest",
            "restricted (its own rule)",
            |d| store(d, &[("data_classification", "restricted")]),
        ),
        silent("store-unencrypted-at-rest", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        fire(
            "store-credentials-reversible",
            "credentials, hashing unknown",
            |d| store(d, &[("stores_credentials", "true")]),
        ),
        silent(
            "store-credentials-reversible",
            "credentials hashed with argon2id",
            |d| {
                store(
                    d,
                    &[
                        ("stores_credentials", "true"),
                        ("hashing_algorithm", "argon2id"),
                    ],
                )
            },
        ),
        silent("store-credentials-reversible", "no credentials", |d| {
            store(d, &[("stores_credentials", "false")])
        }),
        fire("store-predictable-keys", "incremental keys", |d| {
            store(d, &[("key_type", "incremental integer")])
        }),
        silent("store-predictable-keys", "UUID keys", |d| {
            store(d, &[("key_type", "uuid")])
        }),
        silent("store-predictable-keys", "keys unknown", |d| store(d, &[])),
        fire("store-natural-keys", "natural keys", |d| {
            store(d, &[("key_type", "natural key")])
        }),
        silent("store-natural-keys", "UUID keys", |d| {
            store(d, &[("key_type", "uuid")])
        }),
        fire("log-sensitive-data", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-sensitive-data", "store that is not a log", |d| {
            store(d, &[])
        }),
        // Data stores: denial of service
        fire("store-exhaustion", "store with nothing recorded", |d| {
            store(d, &[])
        }),
        silent("store-exhaustion", "log store (its own rule)", |d| {
            store(d, &[("is_log", "true")])
        }),
        fire("log-flooding", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-flooding", "store that is not a log", |d| {
            store(d, &[("is_log", "false")])
        }),
        // Data flows: information disclosure
        fire("flow-cleartext", "internal flow, encryption unknown", |d| {
            flow(d, (Process, Company), (Process, Company), &[])
        }),
        fire("flow-cleartext", "plain HTTP from the internet", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (Process, Company),
                &[("protocol", "HTTP"), ("encrypted_in_transit", "false")],
            )
        }),
        silent("flow-cleartext", "HTTPS", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (Process, Company),
                &[("protocol", "HTTPS"), ("encrypted_in_transit", "true")],
            )
        }),
        fire(
            "flow-restricted-crossing",
            "restricted data leaving the company",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (ExternalEntity, Internet),
                    &[("data_classification", "restricted")],
                )
            },
        ),
        silent(
            "flow-restricted-crossing",
            "restricted data inside the company",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("data_classification", "restricted")],
                )
            },
        ),
        silent(
            "flow-restricted-crossing",
            "confidential data leaving the company",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (ExternalEntity, Internet),
                    &[("data_classification", "confidential")],
                )
            },
        ),
        fire(
            "flow-response-overexposure",
            "process to external entity",
            |d| flow(d, (Process, Company), (ExternalEntity, Internet), &[]),
        ),
        silent(
            "flow-response-overexposure",
            "external entity to process",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        silent("flow-response-overexposure", "process to process", |d| {
            flow(d, (Process, Company), (Process, Internet), &[])
        }),
        // Data flows: tampering
        fire(
            "flow-cleartext-tampering",
            "unencrypted, into the company",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        fire(
            "flow-cleartext-tampering",
            "unencrypted, into the vault",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (DataStore, Vault),
                    &[("encrypted_in_transit", "false")],
                )
            },
        ),
        silent(
            "flow-cleartext-tampering",
            "encrypted, into the company",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Internet),
                    (Process, Company),
                    &[("encrypted_in_transit", "true")],
                )
            },
        ),
        silent(
            "flow-cleartext-tampering",
            "unencrypted, inside the company",
            |d| flow(d, (Process, Company), (Process, Company), &[]),
        ),
        silent(
            "flow-cleartext-tampering",
            "unencrypted, outside every boundary",
            |d| flow(d, (Process, Nowhere), (Process, Nowhere), &[]),
        ),
        fire(
            "flow-unauthenticated-crossing",
            "into the company, sender unknown",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        fire(
            "flow-unauthenticated-crossing",
            "from outside every boundary into one",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Nowhere),
                    (Process, Company),
                    &[("authenticated", "false")],
                )
            },
        ),
        silent(
            "flow-unauthenticated-crossing",
            "into the company, sender authenticated",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Internet),
                    (Process, Company),
                    &[("authenticated", "true")],
                )
            },
        ),
        silent("flow-unauthenticated-crossing", "inside the company", |d| {
            flow(d, (Process, Company), (Process, Company), &[])
        }),
        fire("flow-untrusted-input", "from an external entity", |d| {
            flow(d, (ExternalEntity, Internet), (Process, Company), &[])
        }),
        fire(
            "flow-untrusted-input",
            "from an external entity in the same zone",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Company),
                    (Process, Company),
                    &[("encrypted_in_transit", "true")],
                )
            },
        ),
        silent("flow-untrusted-input", "from a process", |d| {
            flow(d, (Process, Internet), (Process, Company), &[])
        }),
        silent("flow-untrusted-input", "to an external entity", |d| {
            flow(d, (Process, Company), (ExternalEntity, Internet), &[])
        }),
        fire("flow-query-injection", "process to store", |d| {
            flow(d, (Process, Company), (DataStore, Company), &[])
        }),
        silent("flow-query-injection", "store to process", |d| {
            flow(d, (DataStore, Company), (Process, Company), &[])
        }),
        silent("flow-query-injection", "external entity to store", |d| {
            flow(d, (ExternalEntity, Company), (DataStore, Company), &[])
        }),
        fire(
            "flow-internal-unauthenticated",
            "process to process inside the company",
            |d| flow(d, (Process, Company), (Process, Company), &[]),
        ),
        silent(
            "flow-internal-unauthenticated",
            "same, caller authenticated",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("authenticated", "true")],
                )
            },
        ),
        silent(
            "flow-internal-unauthenticated",
            "process to process across boundaries",
            |d| flow(d, (Process, Internet), (Process, Company), &[]),
        ),
        silent(
            "flow-internal-unauthenticated",
            "into the nested vault",
            |d| flow(d, (Process, Company), (Process, Vault), &[]),
        ),
        silent(
            "flow-internal-unauthenticated",
            "outside every boundary",
            |d| flow(d, (Process, Nowhere), (Process, Nowhere), &[]),
        ),
        silent("flow-internal-unauthenticated", "process to store", |d| {
            flow(d, (Process, Company), (DataStore, Company), &[])
        }),
        fire(
            "flow-credential-replay",
            "authenticated, unencrypted",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("authenticated", "true")],
                )
            },
        ),
        silent("flow-credential-replay", "authenticated, encrypted", |d| {
            flow(
                d,
                (Process, Company),
                (Process, Company),
                &[("authenticated", "true"), ("encrypted_in_transit", "true")],
            )
        }),
        silent(
            "flow-credential-replay",
            "unauthenticated, unencrypted",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("authenticated", "false")],
                )
            },
        ),
        fire("flow-csrf", "authenticated, entity to process", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (Process, Company),
                &[("authenticated", "true"), ("encrypted_in_transit", "true")],
            )
        }),
        silent("flow-csrf", "unauthenticated, entity to process", |d| {
            flow(d, (ExternalEntity, Internet), (Process, Company), &[])
        }),
        silent("flow-csrf", "authenticated, process to process", |d| {
            flow(
                d,
                (Process, Internet),
                (Process, Company),
                &[("authenticated", "true")],
            )
        }),
        silent("flow-csrf", "authenticated, entity to store", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (DataStore, Company),
                &[("authenticated", "true")],
            )
        }),
        // Data flows: denial of service
        fire(
            "flow-oversized-input",
            "entity on the internet to company process",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        silent(
            "flow-oversized-input",
            "entity and process in the same zone",
            |d| flow(d, (ExternalEntity, Company), (Process, Company), &[]),
        ),
        silent("flow-oversized-input", "process across the boundary", |d| {
            flow(d, (Process, Internet), (Process, Company), &[])
        }),
        fire("flow-unbounded-results", "store to process", |d| {
            flow(d, (DataStore, Company), (Process, Company), &[])
        }),
        silent("flow-unbounded-results", "process to store", |d| {
            flow(d, (Process, Company), (DataStore, Company), &[])
        }),
    ]
}

fn run(case: &Case) -> (Dfd, String, Vec<Suggestion>) {
    let mut d = Dfd::new();
    let element = (case.build)(&mut d);
    let found = d.suggestions();
    (d, element, found)
}

fn fired<'a>(found: &'a [Suggestion], rule: &str, element: &str) -> Option<&'a Suggestion> {
    found
        .iter()
        .find(|s| s.rule_id == rule && s.element_id == element)
}

#[test]
fn every_rule_has_a_firing_and_a_silent_case() {
    let set = builtin();
    let cases = cases();
    for rule in &set.rules {
        let mine: Vec<&Case> = cases.iter().filter(|c| c.rule == rule.id).collect();
        assert!(
            mine.iter().any(|c| c.fires),
            "rule '{}' has no case where it fires",
            rule.id
        );
        assert!(
            mine.iter().any(|c| !c.fires),
            "rule '{}' has no case where it stays silent",
            rule.id
        );
    }
    for case in &cases {
        assert!(
            set.rules.iter().any(|r| r.id == case.rule),
            "a case names '{}', which is not a built-in rule",
            case.rule
        );
    }
}

#[test]
fn each_rule_fires_and_stays_silent_where_its_cases_say() {
    let set = builtin();
    let mut failures = Vec::new();
    for case in cases() {
        let Some(rule) = set.rules.iter().find(|r| r.id == case.rule) else {
            continue;
        };
        let (d, element, found) = run(&case);
        let e = &d.eng.state().elements[&element];
        // A silent case only means something for a kind the rule looks at.
        assert!(
            rule.applies_to.contains(&e.kind),
            "case '{}' of {} builds a {}, which the rule never looks at",
            case.what,
            case.rule,
            e.kind.label()
        );
        match (case.fires, fired(&found, case.rule, &element)) {
            (true, None) => failures.push(format!("{} should fire: {}", case.rule, case.what)),
            (false, Some(_)) => {
                failures.push(format!("{} should stay silent: {}", case.rule, case.what))
            }
            (true, Some(s)) => {
                assert_eq!(s.key, Suggestion::key_of(&rule.id, &element));
                assert_eq!(s.category, rule.category);
                assert_eq!(s.title, rule.title);
                assert_eq!(s.recommended_actions, rule.actions);
                assert_eq!(s.references, rule.references);
            }
            (false, None) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn out_of_scope_silences_every_firing_case() {
    for case in cases().into_iter().filter(|c| c.fires) {
        let (mut d, element, found) = run(&case);
        assert!(
            fired(&found, case.rule, &element).is_some(),
            "{}: {}",
            case.rule,
            case.what
        );
        d.set(&element, "out_of_scope", PropValue::Bool(true));
        let found = d.suggestions();
        assert!(
            found.iter().all(|s| s.element_id != element),
            "{}: an out-of-scope element still gets suggestions",
            case.rule
        );
    }
}

#[test]
fn suggestions_for_one_element_match_the_full_run() {
    let mut d = Dfd::new();
    let p = process(
        &mut d,
        &[("internet_facing", "true"), ("authentication", "password")],
    );
    let s = store(&mut d, &[("is_log", "true")]);
    let state = d.eng.state();
    let set = builtin();
    let all = suggestions_of(state, &set);
    for id in [&p, &s] {
        let only = suggest(state, &set, &analyses(state), Some(id));
        let from_all: Vec<Suggestion> = all
            .iter()
            .filter(|x| &x.element_id == id)
            .cloned()
            .collect();
        assert!(!only.is_empty());
        assert_eq!(only, from_all);
    }
}

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
        .filter(|e| e.kind != ElementKind::TrustBoundary && !rules::is_out_of_scope(e))
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

// ─── Malformed rule files ────────────────────────────────────────────────────

/// A valid rule, as a user would write it, with its id.
fn rule_text(id: &str) -> String {
    format!(
        r#"[[rule]]
id = "{id}"
category = "I"
applies_to = ["data_store"]
when = [{{ prop = "is_log", equals = true }}]
title = "Logs read by the wrong people"
scenario = "Many people read logs. Some should not."
actions = ["Restrict access to logs."]
references = ["CWE-532"]
"#
    )
}

fn error_of(text: &str) -> RuleError {
    match rules::parse(text, "user.toml") {
        Ok(r) => panic!(
            "accepted {} rule(s) from a malformed file:\n{text}",
            r.len()
        ),
        Err(e) => e,
    }
}

#[test]
fn the_rule_text_used_below_is_valid() {
    let text = format!("# mine\n\n{}\n{}", rule_text("a"), rule_text("b"));
    let rules = rules::parse(&text, "user.toml").expect("valid");
    assert_eq!(
        rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
}

#[test]
fn a_syntax_error_is_reported_on_its_line() {
    // Line 1 comment, 2 blank, rule 1 on lines 3-11, blank 12, rule 2 from 13:
    // its title (line 18) lacks the closing quote.
    let second = rule_text("b").replace("people\"\n", "people\n");
    let text = format!("# mine\n\n{}\n{second}", rule_text("a"));
    assert_eq!(
        text.lines().nth(17),
        Some("title = \"Logs read by the wrong people")
    );
    let e = error_of(&text);
    assert_eq!(e.line, 18, "{e}");
    assert_eq!(e.source, "user.toml");
}

#[test]
fn an_unknown_field_is_reported_in_its_rule() {
    // The second rule starts on line 11; its misspelled field is on line 18.
    let second = rule_text("b").replace("actions =", "recommendations =");
    let text = format!("{}\n{second}", rule_text("a"));
    assert_eq!(text.lines().nth(10), Some("[[rule]]"));
    assert!(text
        .lines()
        .nth(17)
        .is_some_and(|l| l.starts_with("recommendations")));
    let e = error_of(&text);
    assert_eq!(e.line, 18, "the misspelled field's own line: {e}");
    assert!(e.message.contains("recommendations"), "{e}");
}

#[test]
fn a_condition_with_two_tests_is_rejected_at_its_rule() {
    let second = rule_text("b").replace(
        r#"when = [{ prop = "is_log", equals = true }]"#,
        r#"when = [{ prop = "is_log", equals = true, in_boundary = true }]"#,
    );
    let text = format!("{}\n\n\n{second}", rule_text("a"));
    assert_eq!(text.lines().nth(12), Some("[[rule]]"));
    let e = error_of(&text);
    assert_eq!(e.line, 13, "{e}");
    assert!(e.message.contains("exactly one test"), "{e}");
}

#[test]
fn an_unknown_property_is_rejected_at_its_rule() {
    let second = rule_text("b").replace(r#"prop = "is_log""#, r#"prop = "is_logfile""#);
    let text = format!("{}\n{second}", rule_text("a"));
    let e = error_of(&text);
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("is_logfile"), "{e}");

    // A real property, but not one a data store has.
    let third = rule_text("c").replace(
        r#"prop = "is_log", equals = true"#,
        r#"prop = "internet_facing", set = true"#,
    );
    let text = format!("{}\n{third}", rule_text("a"));
    let e = error_of(&text);
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("internet_facing"), "{e}");

    // A known property with a value outside its choices.
    let fourth = rule_text("d").replace(
        r#"prop = "is_log", equals = true"#,
        r#"prop = "data_classification", equals = "secret""#,
    );
    let e = error_of(&fourth);
    assert_eq!(e.line, 1, "{e}");
}

#[test]
fn a_category_that_does_not_apply_to_a_kind_is_rejected() {
    // Spoofing a data store is not in STRIDE per element.
    let second = rule_text("b").replace(r#"category = "I""#, r#"category = "S""#);
    let text = format!("{}\n{}\n{second}", rule_text("a"), rule_text("x"));
    assert_eq!(text.lines().nth(20), Some("[[rule]]"));
    let e = error_of(&text);
    assert_eq!(e.line, 21, "{e}");
    assert!(e.message.contains("Spoofing"), "{e}");
}

#[test]
fn a_duplicate_id_is_rejected_at_the_second_definition() {
    let text = format!("{}\n{}\n{}", rule_text("a"), rule_text("b"), rule_text("a"));
    let e = error_of(&text);
    assert_eq!(e.line, 21, "{e}");
    assert!(e.message.contains("'a'"), "{e}");
}

#[test]
fn a_user_file_cannot_redefine_a_builtin_rule() {
    let mut set = builtin();
    let before: Vec<String> = set.rules.iter().map(|r| r.id.clone()).collect();

    // A new rule plus one that reuses a built-in id: the whole file is refused.
    let text = format!(
        "{}\n{}",
        rule_text("my-own-rule"),
        rule_text("flow-cleartext")
    );
    let e = set
        .add_file(&text, "mine.toml")
        .expect_err("a built-in id was redefined");
    assert!(e.message.contains("flow-cleartext"), "{e}");
    assert_eq!(e.source, "mine.toml");
    assert_eq!(e.line, 11, "the line where the redefining rule starts: {e}");
    let after: Vec<String> = set.rules.iter().map(|r| r.id.clone()).collect();
    assert_eq!(before, after, "a refused file changes nothing");
    assert_eq!(
        set.rules
            .iter()
            .find(|r| r.id == "flow-cleartext")
            .map(|r| r.category),
        Some(Stride::InformationDisclosure)
    );

    // The same new rule alone is welcome, and suggests like a built-in one.
    assert_eq!(set.add_file(&rule_text("my-own-rule"), "mine.toml"), Ok(1));
    assert_eq!(set.rules.len(), before.len() + 1);
    let mut d = Dfd::new();
    let log = store(&mut d, &[("is_log", "true")]);
    assert!(fired(&d.suggestions_with(&set), "my-own-rule", &log).is_some());
    assert!(fired(&d.suggestions(), "my-own-rule", &log).is_none());
}

// ─── Realism: Threat Dragon's demo models ────────────────────────────────────

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

/// A Threat Dragon model rebuilt through ops, with what it maps to.
struct Imported {
    d: Dfd,
    /// Threat Dragon cell id → our element id.
    ids: BTreeMap<String, String>,
    kinds: BTreeMap<String, ElementKind>,
}

fn flag(data: &serde_json::Value, key: &str) -> Option<bool> {
    data.get(key).and_then(serde_json::Value::as_bool)
}

/// Rebuilds the first diagram of a Threat Dragon v2 file: actors, processes,
/// stores and boundary boxes at the file's positions (top-left corner and size,
/// as ours), flows between them, and the properties the file states that our
/// catalogue has. Line boundaries (curves) have no equivalent and are skipped.
fn import_threat_dragon(file: &str) -> Imported {
    let text = std::fs::read_to_string(fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let cells = json["detail"]["diagrams"][0]["cells"]
        .as_array()
        .expect("cells")
        .clone();
    let mut d = Dfd::empty();
    let mut ids = BTreeMap::new();
    let mut kinds = BTreeMap::new();
    let name_of = |c: &serde_json::Value| {
        c["data"]["name"]
            .as_str()
            .unwrap_or("")
            .replace(['\n', '\r'], " ")
    };

    for c in &cells {
        let kind = match c["shape"].as_str() {
            Some("actor") => ExternalEntity,
            Some("process") => Process,
            Some("store") => DataStore,
            Some("trust-boundary-box") => ElementKind::TrustBoundary,
            _ => continue,
        };
        let num = |v: &serde_json::Value| v.as_f64().expect("a number");
        let rect = Rect::new(
            num(&c["position"]["x"]),
            num(&c["position"]["y"]),
            num(&c["size"]["width"]),
            num(&c["size"]["height"]),
        );
        let id = d.add(kind, &name_of(c), rect);
        let data = &c["data"];
        if flag(data, "outOfScope") == Some(true) {
            d.set(&id, "out_of_scope", PropValue::Bool(true));
        }
        if kind == DataStore {
            for (theirs, ours) in [
                ("storesCredentials", "stores_credentials"),
                ("isALog", "is_log"),
                ("isEncrypted", "encrypted_at_rest"),
            ] {
                if let Some(b) = flag(data, theirs) {
                    d.set(&id, ours, PropValue::Bool(b));
                }
            }
        }
        // Threat Dragon's `isWebApplication` and `privilegeLevel` have no
        // equivalent in our catalogue.
        let their_id = c["id"].as_str().expect("cell id").to_string();
        kinds.insert(their_id.clone(), kind);
        ids.insert(their_id, id);
    }

    for c in cells.iter().filter(|c| c["shape"] == "flow") {
        let end = |k: &str| c[k]["cell"].as_str().and_then(|t| ids.get(t)).cloned();
        let (Some(source), Some(target)) = (end("source"), end("target")) else {
            continue; // a flow with a loose end
        };
        let id = d.connect(&source, &target, &[]);
        let data = &c["data"];
        if let Some(b) = flag(data, "isEncrypted") {
            d.set(&id, "encrypted_in_transit", PropValue::Bool(b));
        }
        if let Some(p) = data["protocol"].as_str().filter(|p| !p.trim().is_empty()) {
            d.set(&id, "protocol", PropValue::Text(p.into()));
        }
        if flag(data, "outOfScope") == Some(true) {
            d.set(&id, "out_of_scope", PropValue::Bool(true));
        }
        // A flow over a public network makes the processes at its ends
        // internet-facing.
        if flag(data, "isPublicNetwork") == Some(true) {
            for end in [&source, &target] {
                if d.eng.state().elements[end].kind == Process {
                    d.set(end, "internet_facing", PropValue::Bool(true));
                }
            }
        }
        let their_id = c["id"].as_str().expect("cell id").to_string();
        kinds.insert(their_id.clone(), DataFlow);
        ids.insert(their_id, id);
    }
    Imported { d, ids, kinds }
}

struct Coverage {
    crossing_flows: usize,
    stores: usize,
}

/// Every in-scope flow that crosses a boundary and every in-scope data store
/// gets at least one suggestion.
fn assert_covered(file: &str, m: &Imported) -> Coverage {
    let state = m.d.eng.state();
    let analysis = analyze(state, D);
    let found = m.d.suggestions();
    let gets = |id: &str| found.iter().any(|s| s.element_id == id);
    let in_scope = |id: &str| !rules::is_out_of_scope(&state.elements[id]);
    let mut coverage = Coverage {
        crossing_flows: 0,
        stores: 0,
    };
    for id in analysis.crossings.keys().filter(|id| in_scope(id)) {
        assert!(
            gets(id),
            "{file}: crossing flow '{}' gets no suggestion",
            state.elements[id].name
        );
        coverage.crossing_flows += 1;
    }
    for e in state
        .elements
        .values()
        .filter(|e| e.kind == DataStore && in_scope(&e.id))
    {
        assert!(
            gets(&e.id),
            "{file}: data store '{}' gets no suggestion",
            e.name
        );
        coverage.stores += 1;
    }
    coverage
}

#[test]
fn three_tier_web_app_gets_threats_on_every_crossing_flow_and_store() {
    let file = "threat-dragon/three-tier-web-app.json";
    let m = import_threat_dragon(file);
    let count = |k: ElementKind| m.kinds.values().filter(|&&x| x == k).count();
    // Web UI, Web Service and PostgresSQL (drawn as a process in the file),
    // two boundary boxes, three flows.
    assert_eq!(count(Process), 3);
    assert_eq!(count(ElementKind::TrustBoundary), 2);
    assert_eq!(count(DataFlow), 3);
    assert_eq!(
        count(DataStore),
        0,
        "the file draws its database as a process"
    );

    let state = m.d.eng.state();
    let by_name = |n: &str| {
        state
            .elements
            .values()
            .find(|e| e.name == n)
            .unwrap_or_else(|| panic!("no '{n}'"))
            .id
            .clone()
    };
    let (ui, service, db) = (
        by_name("Web UI"),
        by_name("Web Service"),
        by_name("PostgresSQL"),
    );
    let analysis = analyze(state, D);
    // The boxes hold what the file's boxes hold: the UI alone, the service with the database.
    assert_eq!(analysis.inside[&service], analysis.inside[&db]);
    assert_ne!(analysis.inside[&ui], analysis.inside[&service]);
    let crossing: BTreeSet<(String, String)> = analysis
        .crossings
        .keys()
        .map(|f| {
            let e = &state.elements[f];
            (
                e.source.clone().unwrap_or_default(),
                e.target.clone().unwrap_or_default(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> =
        [(ui.clone(), service.clone()), (service.clone(), ui.clone())]
            .into_iter()
            .collect();
    assert_eq!(
        crossing, expected,
        "the two UI ↔ service flows cross, the database flow does not"
    );

    let coverage = assert_covered(file, &m);
    assert_eq!(coverage.crossing_flows, 2);

    // The file says these flows are not encrypted: the rules notice.
    let found = m.d.suggestions();
    for f in analysis.crossings.keys() {
        assert!(fired(&found, "flow-cleartext", f).is_some());
        assert!(fired(&found, "flow-cleartext-tampering", f).is_some());
    }
}

#[test]
fn threat_dragon_demo_models_get_threats_on_every_crossing_flow_and_store() {
    let mut totals = Coverage {
        crossing_flows: 0,
        stores: 0,
    };
    for file in [
        "threat-dragon/three-tier-web-app.json",
        "threat-dragon/generic-cms.json",
        "threat-dragon/payment-online.json",
        "threat-dragon/iot-device.json",
        "threat-dragon/v2-threat-model.json",
    ] {
        let m = import_threat_dragon(file);
        assert!(!m.ids.is_empty(), "{file}: nothing imported");
        let c = assert_covered(file, &m);
        totals.crossing_flows += c.crossing_flows;
        totals.stores += c.stores;
    }
    // Not vacuous: these models have crossing flows and in-scope stores.
    assert!(
        totals.crossing_flows >= 8,
        "{} crossing flows",
        totals.crossing_flows
    );
    assert!(totals.stores >= 4, "{} stores", totals.stores);
}

#[test]
fn threat_dragon_store_flags_drive_the_store_rules() {
    let m = import_threat_dragon("threat-dragon/v2-threat-model.json");
    let state = m.d.eng.state();
    let found = m.d.suggestions();
    let named = |n: &str| {
        state
            .elements
            .values()
            .find(|e| e.name == n)
            .expect(n)
            .id
            .clone()
    };
    let config = named("Worker Config"); // storesCredentials
    let db = named("Database"); // isALog
    let web_config = named("Web Application Config"); // out of scope
    let web_app = named("Web Application"); // on a public-network flow
    assert!(fired(&found, "store-credential-tampering", &config).is_some());
    assert!(fired(&found, "store-credentials-reversible", &config).is_some());
    assert!(fired(&found, "log-injection", &db).is_some());
    assert!(
        fired(&found, "store-exhaustion", &db).is_none(),
        "a log has its own flooding rule"
    );
    assert!(found.iter().all(|s| s.element_id != web_config));
    assert!(fired(&found, "process-request-flooding", &web_app).is_some());
}
