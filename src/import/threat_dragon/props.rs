//! Threat Dragon's `data` flags and Threatloom's own properties read into
//! an element's properties.

use super::{scalar, short, text, Reader, OTHER_PROPS};
use crate::model::{ElementKind, PropValue};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// TD data key → (our key, applies to, what the report calls it). Catalogue
/// keys where Threat Dragon's flag means the same, else a readable key of
/// an "other property". Flags are kept where true (Threat Dragon writes
/// false for every flag nobody looked at), texts where not empty.
const PROPS: &[(&str, &str, &[ElementKind])] = {
    use ElementKind::*;
    &[
        ("isEncrypted", "encrypted_in_transit", &[DataFlow]),
        ("protocol", "protocol", &[DataFlow]),
        ("isPublicNetwork", "Public network", &[DataFlow]),
        ("isBidirectional", "Bidirectional", &[DataFlow]),
        ("isEncrypted", "encrypted_at_rest", &[DataStore]),
        ("storesCredentials", "stores_credentials", &[DataStore]),
        ("isALog", "is_log", &[DataStore]),
        ("isSigned", "Signed", &[DataStore]),
        ("storesInventory", "Stores inventory", &[DataStore]),
        ("privilegeLevel", "Privilege level", &[Process]),
        ("isWebApplication", "Web application", &[Process]),
        ("handlesCardPayment", "Handles card payment", &[Process]),
        (
            "handlesGoodsOrServices",
            "Handles goods or services",
            &[Process],
        ),
        (
            "providesAuthentication",
            "Provides authentication",
            &[ExternalEntity],
        ),
        (
            "outOfScope",
            "out_of_scope",
            &[ExternalEntity, Process, DataStore, DataFlow, TrustBoundary],
        ),
        (
            "reasonOutOfScope",
            "out_of_scope_reason",
            &[ExternalEntity, Process, DataStore, DataFlow, TrustBoundary],
        ),
    ]
};

impl Reader<'_> {
    /// The flags of a cell's `data` and its `threatloomProperties` as the
    /// properties of a `kind`; each one read is taken out of `data` (what
    /// is left is kept).
    pub(super) fn props(
        &mut self,
        kind: ElementKind,
        what: &str,
        data: &mut Map<String, Value>,
    ) -> BTreeMap<String, PropValue> {
        let mut props = BTreeMap::new();
        let mut unset = false;
        for (td, ours, kinds) in PROPS {
            if !kinds.contains(&kind) {
                continue;
            }
            let Some(v) = data.get(*td) else { continue };
            let value = match v {
                Value::Bool(true) => Some(PropValue::Bool(true)),
                Value::String(s) if s == "true" => Some(PropValue::Bool(true)),
                Value::Bool(false) => {
                    unset = true;
                    None
                }
                Value::String(s) if s == "false" => {
                    unset = true;
                    None
                }
                Value::String(s) if td_is_text(td) => {
                    let t = text::prop(s, &format!("a {what}'s {td}"), self.report);
                    (!t.is_empty()).then_some(PropValue::Text(t))
                }
                Value::Number(n) if td_is_text(td) => Some(PropValue::Text(n.to_string())),
                _ => {
                    self.report.kept(format!(
                        "{what} {td} that is neither yes/no nor a text (kept for export)"
                    ));
                    continue;
                }
            };
            data.remove(*td);
            if let Some(value) = value {
                let label = self
                    .catalog
                    .iter()
                    .find(|d| d.key == *ours)
                    .map(|d| d.label.to_string())
                    .unwrap_or_else(|| format!("other property '{ours}'"));
                self.report.mapped(format!("{what} {td} → {label}"));
                if *td == "isBidirectional" {
                    self.report.mapped(
                        "a bidirectional flow is kept as one flow with property 'Bidirectional' (both directions; written back as isBidirectional)",
                    );
                }
                props.insert(ours.to_string(), value);
            }
        }
        if unset {
            self.report.defaulted(format!(
                "{what} flags that are false (Threat Dragon's default for a flag nobody set) → left unset, written back as false"
            ));
        }
        if let Some(Value::Object(others)) = data.remove(OTHER_PROPS) {
            for (key, v) in others {
                let key = text::name(&key, "a property's name", self.report);
                let key: String = key.chars().take(crate::model::props::MAX_KEY).collect();
                if key.is_empty()
                    || crate::model::props::is_known(&key) && !known_applies(&key, kind)
                {
                    self.report.dropped(format!(
                        "property '{}' that does not apply to a {what}",
                        short(&key)
                    ));
                    continue;
                }
                let value = match v {
                    Value::Bool(b) => PropValue::Bool(b),
                    v => match scalar(&v) {
                        Some(t) => PropValue::Text(text::prop(
                            &t,
                            &format!("property '{key}'"),
                            self.report,
                        )),
                        None => continue,
                    },
                };
                if crate::model::props::validate(kind, &key, &value).is_err() {
                    self.report.dropped(format!(
                        "property '{}' with a value it cannot hold",
                        short(&key)
                    ));
                    continue;
                }
                self.report.mapped(format!("{OTHER_PROPS} → properties"));
                props.insert(key, value);
            }
        }
        if props.get("out_of_scope") != Some(&PropValue::Bool(true)) {
            // A reason without the flag is still the user's text.
            if props.contains_key("out_of_scope_reason") {
                self.report
                    .kept("a reason out of scope on an element in scope (kept as the reason)");
            }
        }
        props
    }
}

fn known_applies(key: &str, kind: ElementKind) -> bool {
    crate::model::props::catalog()
        .iter()
        .any(|d| d.key == key && d.kinds.contains(&kind))
}

fn td_is_text(td: &str) -> bool {
    matches!(td, "protocol" | "privilegeLevel" | "reasonOutOfScope")
}
