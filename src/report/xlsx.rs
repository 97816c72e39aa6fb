//! The spreadsheet. STUB: helper C replaces this.
use crate::error::{Error, Result};
use crate::report::Report;

pub fn workbook(_report: &Report) -> Result<Vec<u8>> {
    Err(Error::Export("XLSX not built yet".into()))
}
