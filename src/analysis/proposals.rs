//! Properties the model proposes from what is already typed: a flow whose
//! protocol (else its name) encrypts, by the protocol catalogue, proposes
//! ticking "Encrypted in transit". The inspector shows it as a one-click hint,
//! so the UI never restates how a protocol is read.

use crate::model::protocols::{of_flow, Encryption};
use crate::model::{ElementKind, PropValue, State};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Setting `key` to `value` on the element would record what it already says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Proposal {
    pub element_id: String,
    pub key: String,
    pub value: PropValue,
    /// Why, in words: "SSH encrypts".
    pub reason: String,
}

/// The proposals for the elements of one diagram, while the box is not
/// ticked. A recorded "no" is proposed too: it contradicts the protocol typed
/// since (the cleartext rules already trust the protocol over the box).
pub fn proposals(state: &State, diagram_id: &str) -> Vec<Proposal> {
    let ticked = PropValue::Bool(true);
    state
        .elements_of(diagram_id)
        .filter(|e| {
            e.kind == ElementKind::DataFlow && e.props.get("encrypted_in_transit") != Some(&ticked)
        })
        .filter_map(|e| {
            let reading = of_flow(e);
            (reading.encryption == Encryption::Encrypted).then(|| Proposal {
                element_id: e.id.clone(),
                key: "encrypted_in_transit".into(),
                value: PropValue::Bool(true),
                reason: format!("{} encrypts", reading.protocol.as_deref().unwrap_or("It")),
            })
        })
        .collect()
}
