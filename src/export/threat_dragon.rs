//! (being written) The model as a Threat Dragon v2 file.

use crate::error::{Error, Result};
use crate::model::State;

/// The engagement's diagrams, elements and threats as Threat Dragon v2 JSON.
pub fn write(_state: &State) -> Result<String> {
    Err(Error::invalid("not yet written"))
}
