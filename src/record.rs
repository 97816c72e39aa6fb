//! The records an engagement stores, one table each, so that patches, undo and
//! the file treat every kind of record the same way.

use crate::model::{Diagram, Element, State};
use crate::threat::{Dismissal, NotApplicable, Threat};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Diagram,
    Element,
    Threat,
    NotApplicable,
    Dismissal,
}

impl Table {
    pub const ALL: [Table; 5] = [
        Table::Diagram,
        Table::Element,
        Table::Threat,
        Table::NotApplicable,
        Table::Dismissal,
    ];

    /// The SQLite table holding this kind of record.
    pub fn sql(self) -> &'static str {
        match self {
            Table::Diagram => "diagrams",
            Table::Element => "elements",
            Table::Threat => "threats",
            Table::NotApplicable => "not_applicable",
            Table::Dismissal => "dismissals",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "table", content = "value", rename_all = "snake_case")]
pub enum Record {
    Diagram(Diagram),
    Element(Element),
    Threat(Threat),
    NotApplicable(NotApplicable),
    Dismissal(Dismissal),
}

/// Applies `$body` to the map of `$state` that holds `$table`'s records, with
/// `$map` bound to it and `$wrap` the matching `Record` variant.
macro_rules! with_map {
    ($state:expr, $table:expr, |$map:ident, $wrap:ident| $body:expr) => {
        match $table {
            Table::Diagram => {
                let $map = &$state.diagrams;
                let $wrap = Record::Diagram;
                $body
            }
            Table::Element => {
                let $map = &$state.elements;
                let $wrap = Record::Element;
                $body
            }
            Table::Threat => {
                let $map = &$state.threats;
                let $wrap = Record::Threat;
                $body
            }
            Table::NotApplicable => {
                let $map = &$state.not_applicable;
                let $wrap = Record::NotApplicable;
                $body
            }
            Table::Dismissal => {
                let $map = &$state.dismissals;
                let $wrap = Record::Dismissal;
                $body
            }
        }
    };
}

impl Record {
    pub fn table(&self) -> Table {
        match self {
            Record::Diagram(_) => Table::Diagram,
            Record::Element(_) => Table::Element,
            Record::Threat(_) => Table::Threat,
            Record::NotApplicable(_) => Table::NotApplicable,
            Record::Dismissal(_) => Table::Dismissal,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::Diagram(r) => &r.id,
            Record::Element(r) => &r.id,
            Record::Threat(r) => &r.id,
            Record::NotApplicable(r) => &r.id,
            Record::Dismissal(r) => &r.id,
        }
    }

    /// The record's JSON without the table tag, as stored in its table.
    pub fn data_json(&self) -> serde_json::Result<String> {
        match self {
            Record::Diagram(r) => serde_json::to_string(r),
            Record::Element(r) => serde_json::to_string(r),
            Record::Threat(r) => serde_json::to_string(r),
            Record::NotApplicable(r) => serde_json::to_string(r),
            Record::Dismissal(r) => serde_json::to_string(r),
        }
    }

    pub fn from_data_json(table: Table, json: &str) -> serde_json::Result<Record> {
        Ok(match table {
            Table::Diagram => Record::Diagram(serde_json::from_str(json)?),
            Table::Element => Record::Element(serde_json::from_str(json)?),
            Table::Threat => Record::Threat(serde_json::from_str(json)?),
            Table::NotApplicable => Record::NotApplicable(serde_json::from_str(json)?),
            Table::Dismissal => Record::Dismissal(serde_json::from_str(json)?),
        })
    }
}

impl State {
    pub fn get(&self, table: Table, id: &str) -> Option<Record> {
        with_map!(self, table, |map, wrap| map.get(id).cloned().map(wrap))
    }

    pub fn contains(&self, table: Table, id: &str) -> bool {
        with_map!(self, table, |map, _wrap| map.contains_key(id))
    }

    pub fn holds(&self, record: &Record) -> bool {
        self.get(record.table(), record.id()).as_ref() == Some(record)
    }

    pub fn put(&mut self, record: Record) {
        match record {
            Record::Diagram(r) => drop(self.diagrams.insert(r.id.clone(), r)),
            Record::Element(r) => drop(self.elements.insert(r.id.clone(), r)),
            Record::Threat(r) => drop(self.threats.insert(r.id.clone(), r)),
            Record::NotApplicable(r) => drop(self.not_applicable.insert(r.id.clone(), r)),
            Record::Dismissal(r) => drop(self.dismissals.insert(r.id.clone(), r)),
        }
    }

    pub fn remove(&mut self, table: Table, id: &str) {
        match table {
            Table::Diagram => drop(self.diagrams.remove(id)),
            Table::Element => drop(self.elements.remove(id)),
            Table::Threat => drop(self.threats.remove(id)),
            Table::NotApplicable => drop(self.not_applicable.remove(id)),
            Table::Dismissal => drop(self.dismissals.remove(id)),
        }
    }
}
