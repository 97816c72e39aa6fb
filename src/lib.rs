//! Threatloom's core: the engagement model, its one write path (`Op` →
//! `Engagement::apply`), the SQLite file, and the DFD graph. No UI, no Tauri.

pub mod checklist;
pub mod coverage;
pub mod demo;
pub mod derived;
pub mod engagement;
pub mod error;
pub mod graph;
pub mod labels;
pub mod model;
pub mod op;
pub mod overview;
pub mod props;
pub mod record;
pub mod report;
pub mod rules;
pub mod scope;
pub mod session;
pub mod store;
pub mod threat;
pub mod workspace;

pub use engagement::Engagement;
pub use error::{Error, Result};
pub use graph::{analyze, containment_all, Analysis, Warning, WarningKind};
pub use model::*;
pub use op::{Op, Placement};
pub use threat::*;
pub use workspace::{RecentFile, Workspace};
