//! Threatloom's core: the engagement model, its one write path (`Op` →
//! `Engagement::apply`), the SQLite file, the DFD analysis and the
//! deliverables. No UI, no Tauri, no command line (the `threatloom-cli` crate).
//!
//! Layers, each importing only from those before it (a test keeps it so):
//!
//! - [`model`]: the records and the rules that need nothing but them (STRIDE
//!   per element, risk through the matrix, finding moves), the property
//!   catalogue, the words and the risk palette (`model::labels`).
//! - [`analysis`]: pure functions of the state: graph, rules, coverage, risk
//!   overview, summaries, the four questions, the report's content, the
//!   derived views.
//! - [`engine`]: `Engagement`, `Op`, planning, validation, patches and the file
//!   (`engine::store`, all the SQL).
//! - [`export`], [`workspace`], [`demo`]: deliverables on disk, the app's own
//!   files and derived-view cache, the demo engagement.
//!
//! [`error`] is shared by all.

pub mod analysis;
pub mod demo;
pub mod engine;
pub mod error;
pub mod export;
pub mod model;
pub mod workspace;

pub use engine::{Engagement, Op};
pub use error::{Error, Result};
pub use workspace::{RecentFile, Workspace};
