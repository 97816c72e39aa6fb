//! (being written) A layered layout for models without positions.

use super::ImportReport;
use crate::model::Model;

/// Places the elements the source gave no position (a zero-size rect).
pub(super) fn arrange(_model: &mut Model, _report: &mut ImportReport) {}
