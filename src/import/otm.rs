//! (being written)

use super::Imported;
use crate::error::{Error, Result};

pub(super) fn read(_bytes: &[u8]) -> Result<Imported> {
    Err(Error::invalid("not yet readable"))
}
