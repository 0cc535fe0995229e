//! Charts as standalone, accessible SVG documents drawn with `plotters`.
//!
//! The caller formats every number and writes every word (in the page's language); this module
//! only lays them out. Every chart is a complete SVG document with a `viewBox` and no fixed size,
//! so it scales from a 360 px phone to a wide screen; it carries `<title>` and `<desc>` for
//! assistive technology, an Okabe–Ito palette that stays distinguishable in greyscale, and a
//! `prefers-color-scheme: dark` style block. The same input always gives the same bytes.
//!
//! One file per chart kind — `trend`, `lines` (several series over time), `bars`, `histogram`,
//! `strip` — over shared leaves: `style` (sizes, font, colours, dark-mode style), `axis` (axes
//! and their ticks), `text` (styles, widths, cleaning, escaping, truncation, titles) and
//! `document` (drawing into a string and the accessible root element). This file only declares them and re-exports the public items.

mod axis;
mod bars;
mod document;
mod histogram;
mod lines;
mod strip;
mod style;
#[cfg(test)]
mod tests;
mod text;
mod trend;

pub use bars::{Bar, Bars, bars_svg};
pub use histogram::{Histogram, HistogramBin, histogram_svg};
pub use lines::{Line, Lines, lines_svg};
pub use strip::{STRIP_MAX_DOTS, Strip, strip_svg};
pub use trend::{Shape, Trend, TrendPoint, trend_svg};
