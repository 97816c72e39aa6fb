//! The one error type of the core; it crosses the IPC boundary as is, so the UI
//! branches on `type` and shows `message`-style text written for the user.

use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Type)]
#[serde(tag = "type", content = "detail", rename_all = "snake_case")]
pub enum Error {
    #[error("{0}")]
    Invalid(String),
    #[error("{what} '{id}' does not exist")]
    NotFound { what: String, id: String },
    #[error("Nothing to undo")]
    NothingToUndo,
    #[error("Nothing to redo")]
    NothingToRedo,
    /// Undo or redo would overwrite a later change to the same record (made in
    /// this or another view): refused, nothing changed. `blocker`: that later
    /// step's label, empty if it is not known (a plain string keeps `Error` one
    /// type in the bindings).
    #[error("{message}")]
    UndoBlocked { message: String, blocker: String },
    #[error("{path} is not a Threatloom engagement file")]
    NotAnEngagement { path: String },
    #[error("{path} was written by a newer Threatloom (file version {found}, this one reads up to {supported}); update Threatloom to open it")]
    NewerVersion {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("{path} is damaged and cannot be opened: {reason}")]
    Corrupt { path: String, reason: String },
    /// The file holds more than a Threatloom file may (a trigger, a view, an
    /// extra table…): refused before anything reads it, and left untouched.
    #[error("{path} was not opened: {reason}. Threatloom refuses such a file so that it cannot run anything; the file is unchanged")]
    Unsafe { path: String, reason: String },
    #[error("{path} already exists")]
    AlreadyExists { path: String },
    #[error("No engagement is open")]
    NoEngagement,
    #[error("{0}")]
    Io(String),
    #[error("Storage error: {0}")]
    Storage(String),
    #[error("Export failed: {0}")]
    Export(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }
    pub fn not_found(what: &str, id: &str) -> Self {
        Error::NotFound {
            what: what.into(),
            id: id.into(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Storage(e.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Storage(format!("unreadable record: {e}"))
    }
}
