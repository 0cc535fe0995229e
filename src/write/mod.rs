//! Stage 5 — write: every output file goes through one [`Sink`]. The folder sink writes into a
//! fresh staging folder beside the target and swaps it in only when the whole build succeeded,
//! so a failed build leaves the previous site exactly as it was.
//!
//! [`Sink`]: crate::render::Sink

mod digests;
mod if_changed;
mod interrupt;
mod lock;
mod memory;
mod safety;
mod siblings;
mod staged;

pub use digests::Digests;
pub use interrupt::{interrupt, interrupted};
pub use lock::{Lock, lock};
pub use memory::MemorySink;
pub use safety::{MARKER, foreign_folder, unsafe_output};
pub use siblings::{empty_trash, recover};
pub use staged::StagedOutput;
