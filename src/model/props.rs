//! The typed properties an element can carry, per kind. Rules and the checklist
//! read them by key, so keys are stable identifiers.

use crate::error::{Error, Result};
use crate::model::{ElementKind, PropValue};
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "type", content = "options", rename_all = "snake_case")]
pub enum PropType {
    Bool,
    Text,
    Choice(Vec<&'static str>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PropertyDef {
    pub key: &'static str,
    pub label: &'static str,
    pub kinds: Vec<ElementKind>,
    pub value_type: PropType,
    pub help: &'static str,
}

use ElementKind::*;

pub const MAX_TEXT: usize = 500;

fn def(
    key: &'static str,
    label: &'static str,
    kinds: &[ElementKind],
    value_type: PropType,
    help: &'static str,
) -> PropertyDef {
    PropertyDef {
        key,
        label,
        kinds: kinds.to_vec(),
        value_type,
        help,
    }
}

/// The catalogue, in the order the inspector shows it.
pub fn catalog() -> Vec<PropertyDef> {
    use PropType::*;
    let all = [ExternalEntity, Process, DataStore, DataFlow, TrustBoundary];
    vec![
        def(
            "protocol",
            "Protocol",
            &[DataFlow],
            Text,
            "e.g. HTTPS, gRPC, AMQP, SQL over TLS",
        ),
        def(
            "encrypted_in_transit",
            "Encrypted in transit",
            &[DataFlow],
            Bool,
            "TLS or equivalent on this flow",
        ),
        def(
            "authenticated",
            "Authenticated",
            &[DataFlow, ExternalEntity],
            Bool,
            "the sender proves who it is",
        ),
        def(
            "data_classification",
            "Data classification",
            &[DataFlow, DataStore],
            Choice(vec!["public", "internal", "confidential", "restricted"]),
            "the most sensitive data carried or held",
        ),
        def(
            "encrypted_at_rest",
            "Encrypted at rest",
            &[DataStore],
            Bool,
            "disk, database or field encryption",
        ),
        def(
            "stores_credentials",
            "Stores credentials",
            &[DataStore],
            Bool,
            "passwords, tokens, API keys or private keys",
        ),
        def(
            "is_log",
            "Is a log",
            &[DataStore],
            Bool,
            "audit or application logs",
        ),
        def(
            "hashing_algorithm",
            "Password hashing",
            &[DataStore, Process],
            Text,
            "e.g. argon2id, bcrypt, SHA-1",
        ),
        def(
            "key_type",
            "Record keys",
            &[DataStore],
            Choice(vec!["incremental integer", "uuid", "natural key", "other"]),
            "how records are identified",
        ),
        def(
            "authentication",
            "Authentication",
            &[Process],
            Choice(vec![
                "none",
                "password",
                "password + MFA",
                "SSO / OIDC",
                "mutual TLS",
                "API key",
            ]),
            "how callers authenticate",
        ),
        def(
            "runs_as_privileged",
            "Runs as privileged",
            &[Process],
            Bool,
            "root, administrator or a highly privileged role",
        ),
        def(
            "internet_facing",
            "Internet-facing",
            &[Process],
            Bool,
            "reachable from the internet",
        ),
        def(
            "platform",
            "Platform",
            &[Process, DataStore],
            Text,
            "e.g. Linux container on AWS ECS, Lambda",
        ),
        def(
            "out_of_scope",
            "Out of scope",
            &all,
            Bool,
            "excluded from this engagement",
        ),
        def(
            "out_of_scope_reason",
            "Reason out of scope",
            &all,
            Text,
            "why it is excluded",
        ),
    ]
}

/// The longest key of a property outside the catalogue.
pub const MAX_KEY: usize = 100;

/// Checks that `key` applies to `kind` and `value` has the property's type.
/// A key outside the catalogue (a property another tool wrote, such as the
/// Microsoft tool's "Hosting") holds any short text or yes/no: rules and
/// the checklist never read it; the inspector shows it under "Other
/// properties", and exports back to other tools write it.
pub fn validate(kind: ElementKind, key: &str, value: &PropValue) -> Result<()> {
    let cat = catalog();
    let Some(def) = cat.iter().find(|d| d.key == key) else {
        return validate_other(key, value);
    };
    if !def.kinds.contains(&kind) {
        return Err(Error::invalid(format!(
            "{} does not apply to a {}",
            def.label,
            kind.label().to_lowercase()
        )));
    }
    match (&def.value_type, value) {
        (PropType::Bool, PropValue::Bool(_)) => Ok(()),
        (PropType::Text, PropValue::Text(t)) if t.chars().count() <= MAX_TEXT => Ok(()),
        (PropType::Text, PropValue::Text(_)) => Err(Error::invalid(format!(
            "{} is longer than {MAX_TEXT} characters",
            def.label
        ))),
        (PropType::Choice(options), PropValue::Text(t)) if options.contains(&t.as_str()) => Ok(()),
        (PropType::Choice(options), _) => Err(Error::invalid(format!(
            "{} must be one of: {}",
            def.label,
            options.join(", ")
        ))),
        (PropType::Bool, _) => Err(Error::invalid(format!("{} is yes or no", def.label))),
        (PropType::Text, _) => Err(Error::invalid(format!("{} is a text", def.label))),
    }
}

fn validate_other(key: &str, value: &PropValue) -> Result<()> {
    let n = key.chars().count();
    if key.trim().is_empty() || n > MAX_KEY || key.chars().any(|c| c.is_control()) {
        return Err(Error::invalid(format!(
            "A property's name is one line of 1 to {MAX_KEY} characters"
        )));
    }
    match value {
        PropValue::Text(t) if t.chars().count() > MAX_TEXT => Err(Error::invalid(format!(
            "Property '{key}' is longer than {MAX_TEXT} characters"
        ))),
        _ => Ok(()),
    }
}

/// Whether `key` is one of the catalogue's properties.
pub fn is_known(key: &str) -> bool {
    catalog().iter().any(|d| d.key == key)
}
