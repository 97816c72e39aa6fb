//! The inspector's hint comes from the core: a flow whose protocol (else its
//! name) encrypts proposes ticking "Encrypted in transit", until it is ticked.

use crate::common::*;

fn set(eng: &mut Engagement, id: &str, key: &str, value: Option<PropValue>) {
    eng.apply(Op::SetProperty {
        id: id.into(),
        key: key.into(),
        value,
    })
    .expect("set property");
}

fn proposed(eng: &Engagement, id: &str) -> Vec<Proposal> {
    analyze(eng.state(), "d1")
        .proposals
        .into_iter()
        .filter(|p| p.element_id == id)
        .collect()
}

#[test]
fn an_encrypted_protocol_proposes_ticking_the_box_until_it_is_ticked() {
    let (_dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::Process, "A", at(0.0, 0.0));
    let b = add(&mut eng, ElementKind::Process, "B", at(300.0, 0.0));
    let f = connect(&mut eng, &a, &b, "backup");
    assert!(proposed(&eng, &f).is_empty(), "nothing typed yet");

    set(
        &mut eng,
        &f,
        "protocol",
        Some(PropValue::Text("SSHv2".into())),
    );
    let p = proposed(&eng, &f);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, "encrypted_in_transit");
    assert_eq!(p[0].value, PropValue::Bool(true));
    assert_eq!(p[0].reason, "SSH encrypts");

    set(
        &mut eng,
        &f,
        "encrypted_in_transit",
        Some(PropValue::Bool(true)),
    );
    assert!(proposed(&eng, &f).is_empty(), "ticked");
    set(
        &mut eng,
        &f,
        "encrypted_in_transit",
        Some(PropValue::Bool(false)),
    );
    assert_eq!(proposed(&eng, &f).len(), 1, "a recorded no contradicts SSH");
    set(&mut eng, &f, "encrypted_in_transit", None);
    assert_eq!(proposed(&eng, &f).len(), 1, "cleared again");

    set(
        &mut eng,
        &f,
        "protocol",
        Some(PropValue::Text("HTTP".into())),
    );
    assert!(proposed(&eng, &f).is_empty(), "HTTP is not HTTPS");
}

#[test]
fn a_flow_named_for_its_protocol_proposes_too() {
    let (_dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::ExternalEntity, "Phone", at(0.0, 0.0));
    let b = add(&mut eng, ElementKind::Process, "API", at(300.0, 0.0));
    let f = connect(&mut eng, &a, &b, "HTTPS");
    let p = proposed(&eng, &f);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].reason, "HTTPS encrypts");
    // The protocol, once typed, is what counts.
    set(
        &mut eng,
        &f,
        "protocol",
        Some(PropValue::Text("plain HTTP".into())),
    );
    assert!(proposed(&eng, &f).is_empty());
}
