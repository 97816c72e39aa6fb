//! The records an engagement stores, one table each, so that patches, undo and
//! the file treat every kind of record the same way.

use crate::model::{Diagram, Element, State};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Diagram,
    Element,
}

impl Table {
    pub const ALL: [Table; 2] = [Table::Diagram, Table::Element];

    /// The SQLite table holding this kind of record.
    pub fn sql(self) -> &'static str {
        match self {
            Table::Diagram => "diagrams",
            Table::Element => "elements",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "table", content = "value", rename_all = "snake_case")]
pub enum Record {
    Diagram(Diagram),
    Element(Element),
}

impl Record {
    pub fn table(&self) -> Table {
        match self {
            Record::Diagram(_) => Table::Diagram,
            Record::Element(_) => Table::Element,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::Diagram(d) => &d.id,
            Record::Element(e) => &e.id,
        }
    }

    /// The record's JSON without the table tag, as stored in its table.
    pub fn data_json(&self) -> serde_json::Result<String> {
        match self {
            Record::Diagram(d) => serde_json::to_string(d),
            Record::Element(e) => serde_json::to_string(e),
        }
    }

    pub fn from_data_json(table: Table, json: &str) -> serde_json::Result<Record> {
        Ok(match table {
            Table::Diagram => Record::Diagram(serde_json::from_str(json)?),
            Table::Element => Record::Element(serde_json::from_str(json)?),
        })
    }
}

impl State {
    pub fn get(&self, table: Table, id: &str) -> Option<Record> {
        match table {
            Table::Diagram => self.diagrams.get(id).cloned().map(Record::Diagram),
            Table::Element => self.elements.get(id).cloned().map(Record::Element),
        }
    }

    pub fn holds(&self, record: &Record) -> bool {
        match record {
            Record::Diagram(d) => self.diagrams.get(&d.id) == Some(d),
            Record::Element(e) => self.elements.get(&e.id) == Some(e),
        }
    }

    pub fn contains(&self, table: Table, id: &str) -> bool {
        match table {
            Table::Diagram => self.diagrams.contains_key(id),
            Table::Element => self.elements.contains_key(id),
        }
    }

    pub fn put(&mut self, record: Record) {
        match record {
            Record::Diagram(d) => {
                self.diagrams.insert(d.id.clone(), d);
            }
            Record::Element(e) => {
                self.elements.insert(e.id.clone(), e);
            }
        }
    }

    pub fn remove(&mut self, table: Table, id: &str) {
        match table {
            Table::Diagram => {
                self.diagrams.remove(id);
            }
            Table::Element => {
                self.elements.remove(id);
            }
        }
    }
}
