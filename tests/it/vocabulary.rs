//! The vocabulary the UI reads instead of keeping copies of the core's rules.

use crate::common::*;
use threatloom::model::labels::{risk_colour, vocabulary};

#[test]
fn the_vocabulary_states_the_cores_rules() {
    let v = vocabulary();
    for k in &v.kinds {
        assert_eq!(k.stride, Stride::applicable(k.kind));
        assert_eq!(k.label, k.kind.label());
    }
    assert_eq!(v.kinds.len(), ElementKind::ALL.len());
    assert_eq!(
        v.kinds
            .iter()
            .map(|k| k.default_name.as_str())
            .collect::<Vec<_>>(),
        [
            "External entity",
            "Process",
            "Data store",
            "Data flow",
            "Trust boundary"
        ]
    );
    for f in &v.finding_states {
        assert_eq!(f.next, f.state.next());
    }
    assert_eq!(v.finding_states[0].move_label, "Back to draft");
    assert_eq!(v.stride[3].short, "Disclosure");
    assert_eq!(v.default_matrix, RiskMatrix::default());
    assert_eq!(v.default_filter, ExportFilter::default());
    assert!(!v
        .default_filter
        .lifecycles
        .contains(&FindingState::FalsePositive));
    let open: Vec<_> = v
        .finding_states
        .iter()
        .filter(|f| f.open)
        .map(|f| f.state)
        .collect();
    use FindingState::*;
    assert_eq!(open, [Draft, Reported, Validated, Disputed]);
    assert_eq!(v.impact_factors[1].key, "reputational");
    assert_eq!(v.likelihood_factors[2].label, "Discoverability");
    assert_eq!(v.unrated_label, "Not rated");
}

#[test]
fn the_palette_is_the_reports_palette() {
    let v = vocabulary();
    let note = &v.risk_levels[0];
    assert_eq!(
        (note.level, note.colour.as_str()),
        (RiskLevel::Note, "#4a6fa5")
    );
    for r in &v.risk_levels {
        let (red, green, blue) = risk_colour(Some(r.level));
        assert_eq!(r.colour, format!("#{red:02x}{green:02x}{blue:02x}"));
    }
    assert_eq!(v.unrated_colour, "#6b7280");
}

#[test]
fn a_blank_threat_needs_elements_a_category_and_a_title() {
    let t: Threat =
        serde_json::from_str(r#"{"element_ids":["n1"],"category":"S","title":"Spoofed"}"#)
            .expect("a blank threat");
    assert_eq!(t, Threat::quick("n1", Stride::Spoofing, "Spoofed"));
    let a: checklist::ChecklistAnswer = serde_json::from_str(r#"{"id":"q1"}"#).expect("answer");
    assert_eq!(a.status, checklist::AnswerStatus::Open);
    assert!(a.answer.is_empty() && a.element_ids.is_empty() && a.led_to.is_empty());
}
