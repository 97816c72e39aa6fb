//! An element's template properties (`Properties/anyType`): the name, the
//! catalogue's properties where the meaning is the same, else properties by
//! their display name.

use super::dom::Node;
use super::{text, Reader, TYPE_PROP};
use crate::model::*;

/// One entry of an element's `Properties`.
pub(super) struct Prop<'a> {
    pub(super) xsi: &'a str,
    pub(super) display: &'a str,
    pub(super) name: &'a str,
    pub(super) value: Val,
}

pub(super) enum Val {
    None,
    Text(String),
    Bool(bool),
    /// A list property's options and the one selected (`SelectedIndex`).
    Choice(Option<String>),
}

pub(super) fn props_of(node: &Node) -> Vec<Prop<'_>> {
    let Some(list) = node.child("Properties") else {
        return vec![];
    };
    list.children
        .iter()
        .map(|p| {
            let xsi = p.xsi_type().unwrap_or("");
            let display = p.text_of("DisplayName").unwrap_or("");
            let name = p.text_of("Name").unwrap_or("");
            let value = match p.child("Value") {
                None => Val::None,
                Some(v) if v.is_nil() => Val::None,
                Some(v) if !v.children.is_empty() || xsi.contains("List") => {
                    let options: Vec<&str> = v.children.iter().map(|o| o.text.trim()).collect();
                    let index = p
                        .text_of("SelectedIndex")
                        .and_then(|i| i.parse::<usize>().ok())
                        .unwrap_or(0);
                    Val::Choice(options.get(index).map(|s| s.to_string()))
                }
                Some(v) => {
                    let t = v.text.trim();
                    match (xsi, v.xsi_type()) {
                        (_, Some("boolean")) | ("BooleanDisplayAttribute", _) => {
                            match t.to_ascii_lowercase().as_str() {
                                "true" | "1" => Val::Bool(true),
                                "false" | "0" => Val::Bool(false),
                                _ => Val::Text(t.to_string()),
                            }
                        }
                        _ if t.is_empty() => Val::None,
                        _ => Val::Text(t.to_string()),
                    }
                }
            };
            Prop {
                xsi,
                display,
                name,
                value,
            }
        })
        .collect()
}

pub(super) fn yes_no(v: &Val) -> Option<bool> {
    match v {
        Val::Bool(b) => Some(*b),
        Val::Text(t) | Val::Choice(Some(t)) => match t.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The catalogue property a template property means, for `kind`.
pub(super) fn catalogue(
    kind: ElementKind,
    display: &str,
    v: &Val,
) -> Option<(&'static str, PropValue)> {
    use ElementKind::*;
    let d = display.trim().to_ascii_lowercase();
    let flag = |key: &'static str| yes_no(v).map(|b| (key, PropValue::Bool(b)));
    match (d.as_str(), kind) {
        ("out of scope", _) => flag("out_of_scope"),
        ("reason for out of scope", _) => match v {
            Val::Text(t) if !t.trim().is_empty() => {
                Some(("out_of_scope_reason", PropValue::Text(t.trim().to_string())))
            }
            _ => None,
        },
        ("authenticates itself", ExternalEntity | DataFlow) => flag("authenticated"),
        ("source authenticated", DataFlow) => flag("authenticated"),
        ("stores credentials", DataStore) => flag("stores_credentials"),
        ("stores log data", DataStore) => flag("is_log"),
        ("encrypted", DataStore) => flag("encrypted_at_rest"),
        ("encrypted", DataFlow) | ("provides confidentiality", DataFlow) => {
            flag("encrypted_in_transit")
        }
        ("running as", Process) => match v {
            Val::Choice(Some(t)) | Val::Text(t) => match t.as_str() {
                "Kernel" | "System" | "Administrator" => {
                    Some(("runs_as_privileged", PropValue::Bool(true)))
                }
                "Standard User Without Elevation" | "Windows Store App" => {
                    Some(("runs_as_privileged", PropValue::Bool(false)))
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Whether the catalogue mapping says all the template value said (else the
/// value is kept under its own name as well).
pub(super) fn mapping_is_whole(display: &str) -> bool {
    !display.trim().eq_ignore_ascii_case("running as")
}

/// The flow types of the SDL template that name a protocol.
pub(super) fn protocol_of(type_name: &str) -> Option<&str> {
    const PROTOCOLS: [&str; 11] = [
        "HTTP",
        "HTTPS",
        "IPsec",
        "SMB",
        "RPC or DCOM",
        "ALPC",
        "UDP",
        "Named Pipe",
        "IOCTL Interface",
        "Binary",
        "TCP",
    ];
    PROTOCOLS.iter().find(|p| **p == type_name).copied()
}

impl Reader {
    pub(super) fn properties(&mut self, el: &mut Element, props: &[Prop]) {
        for p in props {
            if p.xsi == "HeaderDisplayAttribute" {
                continue;
            }
            if p.display == "Name" && p.xsi == "StringDisplayAttribute" && el.name.is_empty() {
                if let Val::Text(t) = &p.value {
                    el.name = text::name(t, "a name", &mut self.report);
                    self.log.mapped("property 'Name' → the element's name");
                }
                continue;
            }
            let display = if p.display.is_empty() {
                p.name
            } else {
                p.display
            };
            if display.is_empty() {
                self.log
                    .kept("a property without a name: kept only on the element's tm7 record");
                continue;
            }
            if let Some((key, value)) = catalogue(el.kind, display, &p.value) {
                if el.props.contains_key(key) {
                    self.log.kept(format!(
                        "property '{display}' where '{key}' was already set by another property: kept only on the element's tm7 record"
                    ));
                } else {
                    self.log.mapped(format!("property '{display}' → {key}"));
                    let value = match value {
                        PropValue::Text(t) => {
                            PropValue::Text(text::prop(&t, "a property's value", &mut self.report))
                        }
                        v => v,
                    };
                    el.props.insert(key.to_string(), value);
                }
                if mapping_is_whole(display) {
                    continue;
                }
            }
            let value = match &p.value {
                Val::Bool(b) => PropValue::Bool(*b),
                Val::Text(t) => {
                    PropValue::Text(text::prop(t, "a property's value", &mut self.report))
                }
                Val::Choice(Some(t)) if t == "Not Selected" || t.is_empty() => {
                    self.log.kept(format!(
                        "property '{display}' left at 'Not Selected': kept only on the element's tm7 record"
                    ));
                    continue;
                }
                Val::Choice(Some(t)) => {
                    PropValue::Text(text::prop(t, "a property's value", &mut self.report))
                }
                Val::Choice(None) | Val::None => {
                    self.log.kept(format!(
                        "property '{display}' without a value: kept only on the element's tm7 record"
                    ));
                    continue;
                }
            };
            let mut key: String = display
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(props::MAX_KEY)
                .collect::<String>()
                .trim()
                .to_string();
            if key.is_empty() {
                self.log.kept(
                    "a property whose name is not text: kept only on the element's tm7 record",
                );
                continue;
            }
            if self.known.contains(key.as_str()) || key == TYPE_PROP || el.props.contains_key(&key)
            {
                let alt = format!("{key} ({})", if p.name.is_empty() { p.xsi } else { p.name });
                key = alt.chars().take(props::MAX_KEY).collect();
                if el.props.contains_key(&key) {
                    self.log.kept(format!(
                        "a second property '{display}' on one element: kept only on the element's tm7 record"
                    ));
                    continue;
                }
            }
            self.log.kept(format!(
                "property '{display}' kept as a property of that name"
            ));
            el.props.insert(key, value);
        }
    }
}
