//! The domain, as data: the leaf of the core. Records an engagement stores
//! (elements, threats, sessions, notes, scope, checklist, deliveries), their
//! rules that need nothing but the records (STRIDE per element, risk through
//! the matrix, finding moves, out of scope), the property catalogue and the
//! words and colours everything else shows. Imports nothing above it.

pub mod checklist;
mod delivery;
mod element;
mod history;
mod imported;
pub mod labels;
mod library;
pub mod otm;
pub mod props;
pub mod protocols;
mod record;
mod scope;
mod session;
mod state;
mod suggestion;
mod threat;

pub use checklist::{AnswerStatus, ChecklistAnswer, CustomQuestion, Question};
pub use delivery::*;
pub use element::*;
pub use history::*;
pub use imported::*;
pub use library::*;
pub use record::*;
pub use scope::*;
pub use session::*;
pub use state::*;
pub use suggestion::*;
pub use threat::*;
