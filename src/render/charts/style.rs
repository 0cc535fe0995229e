//! Design constants shared by every chart: sizes, the font, the Okabe–Ito colours and the
//! dark-mode style block.

use plotters::style::RGBColor;

// Design constants. The charts are designed at 640 px wide and scale with their container.

pub(super) const WIDTH: u32 = 480;
pub(super) const TREND_HEIGHT: u32 = 320;
pub(super) const PAD: i32 = 12;
pub(super) const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
pub(super) const TITLE_PX: f64 = 19.0;
pub(super) const TITLE_LINE: i32 = 24;
pub(super) const TITLE_LINES: usize = 2;
pub(super) const TEXT_PX: f64 = 17.0;
/// Counts over the bars of a histogram.
pub(super) const COUNT_PX: f64 = 15.0;
pub(super) const LINE: i32 = 22;
pub(super) const TICK: i32 = 4;
/// Height of the date / value axis label area under a plot.
pub(super) const AXIS_AREA: i32 = 2 * TICK + 20 + 6;
pub(super) const ROW: i32 = 36;
pub(super) const BAR: i32 = 24;
pub(super) const NAME_CHARS: usize = 22;
pub(super) const VALUE_CHARS: usize = 18;
pub(super) const TARGET_CHARS: usize = 24;
pub(super) const MAX_TICKS: usize = 6;

// Colours: plotters writes them as `#RRGGBB`; the dark-mode style block selects on them.
pub(super) const BG: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
pub(super) const INK: RGBColor = RGBColor(0x1F, 0x1F, 0x1F);
pub(super) const SUB: RGBColor = RGBColor(0x4A, 0x4A, 0x4A);
pub(super) const GRID: RGBColor = RGBColor(0xDE, 0xDE, 0xDE);
pub(super) const TARGET: RGBColor = RGBColor(0x3D, 0x3D, 0x3D);
pub(super) const DATA: RGBColor = RGBColor(0x00, 0x72, 0xB2); // Okabe–Ito blue
pub(super) const HIGHLIGHT: RGBColor = RGBColor(0xD5, 0x5E, 0x00); // Okabe–Ito vermillion
pub(super) const HATCH: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

pub(super) const STYLE: &str = "@media (prefers-color-scheme: dark) {\
rect[fill=\"#FFFFFF\"] { fill: #16181D; }\
[fill=\"#1F1F1F\"] { fill: #ECECEC; }\
[stroke=\"#1F1F1F\"] { stroke: #ECECEC; }\
[fill=\"#4A4A4A\"] { fill: #C4C4C4; }\
[stroke=\"#4A4A4A\"] { stroke: #9E9E9E; }\
[stroke=\"#DEDEDE\"] { stroke: #3A3F47; }\
[fill=\"#3D3D3D\"] { fill: #D2D2D2; }\
[stroke=\"#3D3D3D\"] { stroke: #D2D2D2; }\
[fill=\"#0072B2\"] { fill: #56B4E9; }\
[stroke=\"#0072B2\"] { stroke: #56B4E9; }\
}";
