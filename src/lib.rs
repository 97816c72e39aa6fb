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
//! - [`export`], [`import`], [`workspace`], [`demo`]: deliverables on disk,
//!   other tools' models read in, the app's own files and derived-view
//!   cache, the demo engagement.
//! - [`library`]: the team's library folders (entry files read, written,
//!   searched, harvested from past engagements, pytm's library read in);
//!   [`workspace`] holds the loaded library for the app.
//!
//! [`error`] is shared by all.
//!
//! Where things go:
//! - a new op: its variant in `engine/op.rs`, its planning in the
//!   `engine/plan/<domain>.rs` of its records (routed in `engine/plan.rs`);
//! - a new kind of record: its type in `model/`, one line in `records!`
//!   (`model/record.rs`), its two lists in `Change` (`model/state.rs`) and its
//!   table in a new migration (`engine/store/migrations.rs`);
//! - a new view: a pure function in `analysis/`, and a part of
//!   `analysis::derived` if a window shows it after every change;
//! - a new deliverable: `export/`, reading `analysis::Report`.

pub mod analysis;
pub mod demo;
pub mod engine;
pub mod error;
pub mod export;
pub mod import;
pub mod library;
pub mod model;
pub mod workspace;

pub use engine::{Engagement, Op};
pub use error::{Error, Result};
pub use workspace::{RecentFile, Workspace};
