//! (being written) The model as an OTM 0.2 file.

use crate::error::{Error, Result};
use crate::model::State;

/// The engagement's diagrams, elements and threats as OTM 0.2, JSON or YAML.
pub fn write(_state: &State, _yaml: bool) -> Result<String> {
    Err(Error::invalid("not yet written"))
}
