//! Jira CSV. STUB: helper C replaces this.
use crate::error::{Error, Result};
use crate::report::Report;

pub fn csv(_report: &Report) -> Result<String> {
    Err(Error::Export("Jira CSV not built yet".into()))
}
