//! The records an engagement stores, one table each, so that patches, undo,
//! the file and the `Change` sent to windows treat every kind the same way.
//! Adding a kind of record is one line in `records!` below (plus its table in
//! a migration and its two lists in `Change`).

use crate::model::{
    Change, ChecklistAnswer, Component, CustomQuestion, Delivery, Diagram, Dismissal, Element,
    NotApplicable, Note, Person, Session, State, Threat,
};
use serde::{Deserialize, Serialize};

macro_rules! records {
    ($($variant:ident($ty:ty) in $field:ident, table $sql:literal, change $put:ident / $removed:ident;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Table { $($variant,)* }

        impl Table {
            pub const ALL: &'static [Table] = &[$(Table::$variant,)*];

            /// The SQLite table holding this kind of record.
            pub fn sql(self) -> &'static str {
                match self { $(Table::$variant => $sql,)* }
            }
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "table", content = "value", rename_all = "snake_case")]
        pub enum Record { $($variant($ty),)* }

        impl Record {
            pub fn table(&self) -> Table {
                match self { $(Record::$variant(_) => Table::$variant,)* }
            }

            pub fn id(&self) -> &str {
                match self { $(Record::$variant(r) => &r.id,)* }
            }

            /// The record's JSON without the table tag, as stored in its table.
            pub fn data_json(&self) -> serde_json::Result<String> {
                match self { $(Record::$variant(r) => serde_json::to_string(r),)* }
            }

            pub fn from_data_json(table: Table, json: &str) -> serde_json::Result<Record> {
                Ok(match table { $(Table::$variant => Record::$variant(serde_json::from_str(json)?),)* })
            }
        }

        impl State {
            pub fn get(&self, table: Table, id: &str) -> Option<Record> {
                match table { $(Table::$variant => self.$field.get(id).cloned().map(Record::$variant),)* }
            }

            pub fn contains(&self, table: Table, id: &str) -> bool {
                match table { $(Table::$variant => self.$field.contains_key(id),)* }
            }

            pub fn put(&mut self, record: Record) {
                match record { $(Record::$variant(r) => { self.$field.insert(r.id.clone(), r); })* }
            }

            pub fn remove(&mut self, table: Table, id: &str) {
                match table { $(Table::$variant => { self.$field.remove(id); })* }
            }
        }

        impl Change {
            pub(crate) fn record_put(&mut self, record: Record) {
                match record { $(Record::$variant(r) => self.$put.push(r),)* }
            }

            pub(crate) fn record_removed(&mut self, table: Table, id: String) {
                match table { $(Table::$variant => self.$removed.push(id),)* }
            }
        }
    };
}

records! {
    Diagram(Diagram) in diagrams, table "diagrams", change diagrams_put / diagrams_removed;
    Element(Element) in elements, table "elements", change elements_put / elements_removed;
    Threat(Threat) in threats, table "threats", change threats_put / threats_removed;
    NotApplicable(NotApplicable) in not_applicable, table "not_applicable", change not_applicable_put / not_applicable_removed;
    Dismissal(Dismissal) in dismissals, table "dismissals", change dismissals_put / dismissals_removed;
    Person(Person) in people, table "people", change people_put / people_removed;
    Component(Component) in components, table "components", change components_put / components_removed;
    Session(Session) in sessions, table "sessions", change sessions_put / sessions_removed;
    Note(Note) in notes, table "notes", change notes_put / notes_removed;
    Question(CustomQuestion) in questions, table "questions", change questions_put / questions_removed;
    Answer(ChecklistAnswer) in answers, table "answers", change answers_put / answers_removed;
    Delivery(Delivery) in deliveries, table "deliveries", change deliveries_put / deliveries_removed;
}

impl State {
    pub fn holds(&self, record: &Record) -> bool {
        self.get(record.table(), record.id()).as_ref() == Some(record)
    }
}
