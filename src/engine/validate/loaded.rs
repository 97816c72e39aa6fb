//! The limits a record read from a file must keep: the same the app applies
//! when the user types (names, text lengths, finite numbers in range), so a
//! file made by hand or by another tool cannot hold what the app never writes
//! (a 20 MB name that makes the PDF run for minutes). References are not
//! checked here: a dangling flow end is shown as a DFD warning instead.

use super::*;

/// Why `record` cannot be loaded, in words for the user, or `Ok`.
pub(crate) fn check(record: &Record) -> Result<()> {
    match record {
        // A dismissal is keyed by its suggestion, `<rule id>@<element id>`.
        Record::Dismissal(d) => validate_name(&d.id)?,
        r => validate_id(r.id())?,
    }
    match record {
        Record::Diagram(d) => validate_name(&d.name),
        Record::Element(e) => {
            validate_name(&e.name)?;
            validate_text(&e.description)?;
            if e.kind == ElementKind::DataFlow {
                // A flow is drawn between its ends: its rect is unused, but finite.
                let r = &e.rect;
                if ![r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite()) {
                    return Err(Error::invalid("Position is off the canvas"));
                }
            } else {
                validate_rect(&e.rect)?;
            }
            for (key, value) in &e.props {
                props::validate(e.kind, key, value)?;
            }
            Ok(())
        }
        Record::Threat(t) => {
            validate_name(&t.title)?;
            let texts = [&t.scenario, &t.impact.rationale, &t.likelihood.rationale];
            texts.into_iter().try_for_each(|s| validate_text(s))?;
            t.recommended_actions
                .iter()
                .try_for_each(|a| validate_text(a))?;
            t.references.iter().try_for_each(|r| validate_name(r))?;
            for e in &t.lifecycle_history {
                validate_name(&e.by)?;
                validate_text(&e.comment)?;
                time(Some(e.at_ms as f64))?;
            }
            for c in &t.comments {
                validate_name(&c.by)?;
                validate_text(&c.text)?;
                time(Some(c.at_ms as f64))?;
            }
            match &t.risk_override {
                Some(o) => validate_text(&o.justification),
                None => Ok(()),
            }
        }
        Record::NotApplicable(n) => validate_text(&n.reason),
        Record::Dismissal(d) => validate_text(&d.reason),
        Record::Person(p) => {
            validate_name(&p.name)?;
            validate_name(&p.role)
        }
        Record::Component(c) => {
            validate_name(&c.name)?;
            validate_text(&c.notes)
        }
        Record::Session(s) => {
            validate_name(&s.title)?;
            validate_date(&s.date)?;
            validate_text(&s.recording)?;
            for at in [s.started_at_ms, s.ended_at_ms].into_iter().flatten() {
                time(Some(at as f64))?;
            }
            Ok(())
        }
        Record::Note(n) => validate_text(&n.text),
        Record::Question(q) => {
            validate_name(&q.topic)?;
            validate_text(&q.text)
        }
        Record::Answer(a) => {
            validate_text(&a.answer)?;
            validate_text(&a.led_to)
        }
        Record::Delivery(d) => {
            validate_name(&d.label)?;
            time(Some(d.at_ms as f64))?;
            for f in &d.findings {
                validate_name(&f.title)?;
                f.fields.values().try_for_each(|v| validate_text(v))?;
            }
            Ok(())
        }
    }
}
