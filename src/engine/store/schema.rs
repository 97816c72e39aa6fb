//! What a file's schema must be before anything reads it: exactly the tables
//! and indexes the migrations up to its version create, column for column —
//! no trigger, no view, no virtual table, nothing extra. A planted trigger
//! would run on the next write; a view in place of a table would run its query
//! (an endless recursive CTE hangs the reader). The expected schema is built by
//! running the same migrations in memory, so it can never drift from them.

use super::migrations::MIGRATIONS;
use crate::error::Result;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// One object of the schema, compared by what it is rather than by its SQL
/// text (which SQLite keeps as it was typed).
#[derive(Debug, PartialEq)]
enum Object {
    Table(Vec<Column>),
    /// The table, whether unique, and the indexed columns.
    Index(String, bool, Vec<String>),
}

/// A column: name, declared type, not null, default, primary-key position.
type Column = (String, String, bool, Option<String>, i64);

/// Refuses a schema that is not the one `version` has: `Err` says what differs.
pub fn check(conn: &Connection, version: u32) -> Result<Result<(), String>> {
    let expected = expected(version)?;
    let found = match objects(conn)? {
        Ok(found) => found,
        Err(why) => return Ok(Err(why)),
    };
    for (name, object) in &found {
        match expected.get(name) {
            None => {
                return Ok(Err(format!(
                    "it holds {}, which a Threatloom file never has",
                    what(name, object)
                )))
            }
            Some(want) if want != object => {
                return Ok(Err(format!(
                    "{} is not as Threatloom writes it",
                    what(name, object)
                )))
            }
            Some(_) => {}
        }
    }
    if let Some(name) = expected.keys().find(|n| !found.contains_key(*n)) {
        return Ok(Err(format!("the table or index '{name}' is missing")));
    }
    Ok(Ok(()))
}

fn what(name: &str, object: &Object) -> String {
    match object {
        Object::Table(_) => format!("the table '{name}'"),
        Object::Index(..) => format!("the index '{name}'"),
    }
}

/// The schema the migrations up to `version` make, in a fresh in-memory database.
fn expected(version: u32) -> Result<BTreeMap<String, Object>> {
    let conn = Connection::open_in_memory()?;
    for m in MIGRATIONS.iter().take(version as usize) {
        conn.execute_batch(m.sql)?;
        if let Some(data) = m.data {
            data(&conn)?;
        }
    }
    Ok(objects(&conn)?.unwrap_or_default())
}

/// The file's tables and indexes, or why the schema holds something else.
fn objects(conn: &Connection) -> Result<Result<BTreeMap<String, Object>, String>> {
    let mut stmt =
        conn.prepare("SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = BTreeMap::new();
    for (kind, name, table, sql) in rows {
        let object = match kind.as_str() {
            "table"
                if sql
                    .trim_start()
                    .to_ascii_uppercase()
                    .starts_with("CREATE VIRTUAL") =>
            {
                return Ok(Err(format!("it holds a virtual table '{name}'")))
            }
            "table" => Object::Table(columns(conn, &name)?),
            "index" => Object::Index(
                table.clone(),
                is_unique(conn, &table, &name)?,
                indexed(conn, &name)?,
            ),
            "trigger" => return Ok(Err(format!("it holds a trigger '{name}'"))),
            "view" => return Ok(Err(format!("it holds a view '{name}'"))),
            other => return Ok(Err(format!("it holds a {other} '{name}'"))),
        };
        out.insert(name, object);
    }
    Ok(Ok(out))
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let mut stmt =
        conn.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)")?;
    let cols = stmt
        .query_map([table], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

fn is_unique(conn: &Connection, table: &str, index: &str) -> Result<bool> {
    let mut stmt = conn.prepare("SELECT \"unique\" FROM pragma_index_list(?1) WHERE name = ?2")?;
    let unique: Option<bool> = stmt.query_row([table, index], |r| r.get(0)).ok();
    Ok(unique.unwrap_or(false))
}

fn indexed(conn: &Connection, index: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT COALESCE(name, '') FROM pragma_index_info(?1) ORDER BY seqno")?;
    let cols = stmt
        .query_map([index], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(cols)
}
