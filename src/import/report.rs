//! The import report: what was mapped, what got a default, what was kept
//! as a property or a note, what was dropped. Same lines are counted, not
//! repeated ("14 × flow protocol 'HTTPS' → Protocol").

use super::Format;
use crate::model::{ElementKind, Model};
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Read into Threatloom's own fields.
    Mapped,
    /// Missing or unreadable in the source: a default was used (the line says which).
    Defaulted,
    /// No field of ours holds it: kept as a property, in the description, or
    /// verbatim for an export back to the source format.
    Kept,
    /// Lost (the line says what and why).
    Dropped,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Mapped => "Mapped",
            Outcome::Defaulted => "Defaulted",
            Outcome::Kept => "Kept",
            Outcome::Dropped => "Dropped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ReportLine {
    pub outcome: Outcome,
    pub text: String,
    /// How many times it happened.
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ImportReport {
    pub format: Format,
    /// The source's own version, if it says one ("2.6.1", "0.2.0").
    pub version: String,
    pub diagrams: u32,
    pub entities: u32,
    pub processes: u32,
    pub stores: u32,
    pub flows: u32,
    pub boundaries: u32,
    pub threats: u32,
    pub lines: Vec<ReportLine>,
}

impl ImportReport {
    pub fn new(format: Format, version: impl Into<String>) -> Self {
        ImportReport {
            format,
            version: version.into(),
            diagrams: 0,
            entities: 0,
            processes: 0,
            stores: 0,
            flows: 0,
            boundaries: 0,
            threats: 0,
            lines: vec![],
        }
    }

    fn add(&mut self, outcome: Outcome, text: String) {
        match self
            .lines
            .iter_mut()
            .find(|l| l.outcome == outcome && l.text == text)
        {
            Some(line) => line.count += 1,
            None => self.lines.push(ReportLine {
                outcome,
                text,
                count: 1,
            }),
        }
    }

    pub fn mapped(&mut self, text: impl Into<String>) {
        self.add(Outcome::Mapped, text.into())
    }
    pub fn defaulted(&mut self, text: impl Into<String>) {
        self.add(Outcome::Defaulted, text.into())
    }
    pub fn kept(&mut self, text: impl Into<String>) {
        self.add(Outcome::Kept, text.into())
    }
    pub fn dropped(&mut self, text: impl Into<String>) {
        self.add(Outcome::Dropped, text.into())
    }

    /// The lines with `outcome`.
    pub fn of(&self, outcome: Outcome) -> impl Iterator<Item = &ReportLine> {
        self.lines.iter().filter(move |l| l.outcome == outcome)
    }

    /// Counts what the model holds (after the importer is done).
    pub(super) fn count(&mut self, model: &Model) {
        let of = |k: ElementKind| model.elements.iter().filter(|e| e.kind == k).count() as u32;
        self.diagrams = model.diagrams.len() as u32;
        self.entities = of(ElementKind::ExternalEntity);
        self.processes = of(ElementKind::Process);
        self.stores = of(ElementKind::DataStore);
        self.flows = of(ElementKind::DataFlow);
        self.boundaries = of(ElementKind::TrustBoundary);
        self.threats = model.threats.len() as u32;
        self.lines.sort_by_key(|l| l.outcome);
    }

    /// The report as text, for the command line.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Imported a {} model{}: {} diagram(s), {} external entities, {} processes, {} data stores, {} data flows, {} trust boundaries, {} threats\n",
            self.format.label(),
            if self.version.is_empty() { String::new() } else { format!(" (version {})", self.version) },
            self.diagrams, self.entities, self.processes, self.stores, self.flows, self.boundaries, self.threats
        );
        for outcome in [
            Outcome::Mapped,
            Outcome::Defaulted,
            Outcome::Kept,
            Outcome::Dropped,
        ] {
            let lines: Vec<&ReportLine> = self.of(outcome).collect();
            if outcome == Outcome::Dropped && lines.is_empty() {
                out.push_str("Dropped: nothing\n");
                continue;
            }
            if lines.is_empty() {
                continue;
            }
            out.push_str(&format!("{}:\n", outcome.label()));
            for l in lines {
                match l.count {
                    1 => out.push_str(&format!("  - {}\n", l.text)),
                    n => out.push_str(&format!("  - {n} × {}\n", l.text)),
                }
            }
        }
        out
    }
}
