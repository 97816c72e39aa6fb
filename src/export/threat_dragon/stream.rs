//! The file written by a serializer as it goes: each cell is made when its
//! turn comes and dropped once written.

use super::Writer;
use crate::model::Element;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

/// The file, written as a `Value` of it would be (keys in order, pretty),
/// without one ever being built: each cell is made when the serializer
/// reaches it and dropped once written, so that 10,000 cells never sit in
/// memory as trees.
pub(super) struct Doc<'a> {
    /// The model's own fields and `summary`, without `detail`.
    pub(super) root: Map<String, Value>,
    /// `detail` without `diagrams` and `threatTop`.
    pub(super) detail: Map<String, Value>,
    /// The source's `threatTop`.
    pub(super) threat_top: u64,
    pub(super) diagrams: Vec<DiagramOut<'a>>,
    pub(super) writer: Writer<'a>,
}

/// A diagram's fields without `cells`, what goes in them, in order.
pub(super) struct DiagramOut<'a> {
    pub(super) fields: Map<String, Value>,
    pub(super) elements: Vec<&'a Element>,
    /// Cells kept verbatim from the source (text blocks, unknown shapes).
    pub(super) extra: Vec<Value>,
}

/// `map`'s entries and the `late` ones (keys in order, none in `map`), each
/// written by `late_entry` when its key's turn comes: the order of a `Map`
/// holding them all.
fn entries<M: SerializeMap>(
    m: &mut M,
    map: &Map<String, Value>,
    late: &[&str],
    mut late_entry: impl FnMut(&mut M, &str) -> std::result::Result<(), M::Error>,
) -> std::result::Result<(), M::Error> {
    let mut late = late.iter().peekable();
    for (k, v) in map {
        while let Some(l) = late.next_if(|l| **l < k.as_str()) {
            late_entry(m, l)?;
        }
        m.serialize_entry(k, v)?;
    }
    for l in late {
        late_entry(m, l)?;
    }
    Ok(())
}

impl Serialize for Doc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.root.len() + 1))?;
        entries(&mut m, &self.root, &["detail"], |m, k| {
            m.serialize_entry(k, &Detail(self))
        })?;
        m.end()
    }
}

/// `detail`, with the diagrams and the threats' top number.
struct Detail<'a, 'b>(&'b Doc<'a>);

impl Serialize for Detail<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let doc = self.0;
        let mut m = s.serialize_map(Some(doc.detail.len() + 2))?;
        // "diagrams" sorts before "threatTop": the threats are numbered by
        // the time the top is written.
        entries(&mut m, &doc.detail, &["diagrams", "threatTop"], |m, k| {
            if k == "diagrams" {
                let list: Vec<DiagramEntry> = doc
                    .diagrams
                    .iter()
                    .map(|d| DiagramEntry(&doc.writer, d))
                    .collect();
                m.serialize_entry(k, &list)
            } else {
                let top = doc.threat_top.max(doc.writer.number.get());
                m.serialize_entry(k, &top)
            }
        })?;
        m.end()
    }
}

/// A diagram with its cells.
struct DiagramEntry<'a, 'b>(&'b Writer<'a>, &'b DiagramOut<'a>);

impl Serialize for DiagramEntry<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let DiagramEntry(w, d) = self;
        let mut m = s.serialize_map(Some(d.fields.len() + 1))?;
        entries(&mut m, &d.fields, &["cells"], |m, k| {
            m.serialize_entry(k, &CellList(w, d))
        })?;
        m.end()
    }
}

/// A diagram's cells, each made, written and dropped in turn.
struct CellList<'a, 'b>(&'b Writer<'a>, &'b DiagramOut<'a>);

impl Serialize for CellList<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let CellList(w, d) = self;
        let mut seq = s.serialize_seq(Some(d.elements.len() + d.extra.len()))?;
        for e in &d.elements {
            seq.serialize_element(&w.cell(e))?;
        }
        for c in &d.extra {
            seq.serialize_element(c)?;
        }
        seq.end()
    }
}
