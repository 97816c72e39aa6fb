//! The PDF report and executive summary (printpdf). STUB: helper B replaces this.
use crate::error::{Error, Result};
use crate::model::State;
use crate::report::Report;

pub fn report(_state: &State, _report: &Report) -> Result<Vec<u8>> {
    Err(Error::Export("PDF not built yet".into()))
}

pub fn summary(_report: &Report) -> Result<Vec<u8>> {
    Err(Error::Export("PDF not built yet".into()))
}
