//! A diagram as SVG (and PNG through resvg). STUB: helper A replaces this.
use crate::error::{Error, Result};
use crate::model::State;
use crate::report::ExportFilter;

pub fn diagram(_state: &State, _diagram_id: &str, _filter: &ExportFilter) -> Result<String> {
    Err(Error::Export("SVG not built yet".into()))
}

pub fn png(
    _state: &State,
    _diagram_id: &str,
    _filter: &ExportFilter,
    _scale: f32,
) -> Result<Vec<u8>> {
    Err(Error::Export("PNG not built yet".into()))
}
