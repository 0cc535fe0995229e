//! Stage 3 — model: one immutable site with every derived figure — computed rates,
//! reported-vs-computed checks, contradictions, latest values, Vietnamese order.

mod build;
mod describe;
pub mod history;
mod observation;
pub mod observations;
pub mod reporting;
mod rounding;
mod site;
mod warning;

pub use history::History;
pub use observation::{Basis, Observation};
pub use observations::{Observations, SharedBytes, decode_sharing};
pub use reporting::Round;
pub use rounding::round;
pub use site::{Commune, Period, Province, Site};
pub use warning::DataWarning;
