//! The one write path: an open `Engagement`, the `Op`s that change it, how an
//! op is planned (`plan`, a file per domain) and validated (`validate`) into
//! patches (`patch`), and the engagement file with all of the core's SQL
//! (`store`). Reads `model` and `analysis`.

mod engagement;
pub mod op;
mod patch;
mod plan;
pub mod store;
mod undo;
mod validate;

pub(crate) use engagement::now_ms;
pub use engagement::Engagement;
pub use op::{Op, Placement};
