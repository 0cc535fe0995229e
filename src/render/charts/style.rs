//! Design constants shared by every chart: sizes, the font, the Okabe–Ito colours and the
//! dark-mode style block.

use plotters::style::RGBColor;

// Design constants. The charts are designed at 640 px wide and scale with their container.

pub(super) const WIDTH: u32 = 480;
pub(super) const TREND_HEIGHT: u32 = 320;
/// A lines chart is taller than a trend: its right margin holds up to nine names one above
/// the other.
pub(super) const LINES_HEIGHT: u32 = 360;
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

// The other Okabe–Ito colours, for the series of a lines chart after DATA and HIGHLIGHT, and a
// darker variant of each light one for names written in it (at least 4.5:1 on white).
pub(super) const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73); // bluish green
pub(super) const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7); // reddish purple
pub(super) const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub(super) const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9); // sky blue
pub(super) const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
pub(super) const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
pub(super) const HIGHLIGHT_TEXT: RGBColor = RGBColor(0xA8, 0x4A, 0x00);
pub(super) const GREEN_TEXT: RGBColor = RGBColor(0x00, 0x78, 0x57);
pub(super) const PURPLE_TEXT: RGBColor = RGBColor(0xA4, 0x49, 0x7C);
pub(super) const ORANGE_TEXT: RGBColor = RGBColor(0x8F, 0x63, 0x00);
// Greener than DATA, so that a name in it is not taken for one in DATA.
pub(super) const SKY_TEXT: RGBColor = RGBColor(0x00, 0x70, 0x8F);
pub(super) const YELLOW_TEXT: RGBColor = RGBColor(0x74, 0x6C, 0x00);

// HIGHLIGHT's fill stays as it is in dark mode (4.6:1 on #16181D): the bars and the strip fill
// with it, and their look must not change; only its stroke, which only lines charts use, is
// lightened. Every light colour and its darker variant turn into the same lighter variant.
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
[stroke=\"#D55E00\"] { stroke: #FF8F4D; }\
[fill=\"#A84A00\"] { fill: #FF8F4D; }\
[stroke=\"#A84A00\"] { stroke: #FF8F4D; }\
[fill=\"#009E73\"] { fill: #3DD6A3; }\
[stroke=\"#009E73\"] { stroke: #3DD6A3; }\
[fill=\"#007857\"] { fill: #3DD6A3; }\
[stroke=\"#007857\"] { stroke: #3DD6A3; }\
[fill=\"#CC79A7\"] { fill: #EBA3CC; }\
[stroke=\"#CC79A7\"] { stroke: #EBA3CC; }\
[fill=\"#A4497C\"] { fill: #EBA3CC; }\
[stroke=\"#A4497C\"] { stroke: #EBA3CC; }\
[fill=\"#E69F00\"] { fill: #FFC44D; }\
[stroke=\"#E69F00\"] { stroke: #FFC44D; }\
[fill=\"#8F6300\"] { fill: #FFC44D; }\
[stroke=\"#8F6300\"] { stroke: #FFC44D; }\
[fill=\"#56B4E9\"] { fill: #A6DDFA; }\
[stroke=\"#56B4E9\"] { stroke: #A6DDFA; }\
[fill=\"#00708F\"] { fill: #A6DDFA; }\
[stroke=\"#00708F\"] { stroke: #A6DDFA; }\
[fill=\"#F0E442\"] { fill: #F7EE8F; }\
[stroke=\"#F0E442\"] { stroke: #F7EE8F; }\
[fill=\"#746C00\"] { fill: #F7EE8F; }\
[stroke=\"#746C00\"] { stroke: #F7EE8F; }\
[fill=\"#000000\"] { fill: #FFFFFF; }\
[stroke=\"#000000\"] { stroke: #FFFFFF; }\
}";
