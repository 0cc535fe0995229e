//! The value and date axes: a linear [`Axis`] whose ticks this module chooses (plotters draws
//! the mesh from them), the nice tick values of a value axis and the labelled ticks of a date axis.

use super::style::MAX_TICKS;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

/// A linear axis with the tick values chosen by this module (plotters draws the mesh from them).
#[derive(Clone, Debug)]
pub(super) struct Axis {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) ticks: Vec<f64>,
}

impl Axis {
    pub(super) fn to_px(&self, v: f64, len: i32) -> f64 {
        (v - self.lo) / (self.hi - self.lo) * f64::from(len)
    }

    /// Distance in pixels between two ticks when the axis is `len` pixels long.
    pub(super) fn step_px(&self, len: i32) -> f64 {
        match self.ticks.as_slice() {
            [a, b, ..] => self.to_px(*b, len) - self.to_px(*a, len),
            _ => f64::INFINITY,
        }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value - self.lo) / (self.hi - self.lo);
        let px = f64::from(limit.0) + t * f64::from(limit.1 - limit.0);
        if px.is_finite() {
            px.round() as i32
        } else {
            limit.0
        }
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Only bold points: one grid line per labelled tick, no light lines in between.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// Nice tick steps: 1, 2, 2.5, 5 × 10^k, in increasing order from the first one at least `raw`.
fn nice_steps(raw: f64) -> impl Iterator<Item = f64> {
    let exp = raw.log10().floor() as i32;
    (exp..exp + 12)
        .flat_map(|e| [1.0, 2.0, 2.5, 5.0].map(|m| m * 10f64.powi(e)))
        .filter(move |s| *s >= raw * 0.999_999)
}

/// A value axis covering `values` (which include the target), from the given range if it holds
/// them all, else from zero to about 1.1 × the largest value, widened to nice tick values.
/// `fits` says whether a set of ticks can be labelled without overlaps.
pub(super) fn value_axis(
    values: &[f64],
    given: Option<(f64, f64)>,
    fits: &dyn Fn(&[f64], &Axis) -> bool,
) -> Axis {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = if min.is_finite() && max.is_finite() {
        (min, max)
    } else {
        (0.0, 0.0)
    };
    let given = given.filter(|(a, b)| a.is_finite() && b.is_finite() && a < b);
    let (lo, hi, fixed) = match given {
        Some((a, b)) if a <= min && max <= b => (a, b, true),
        Some((a, b)) => (a.min(min), b.max(max), false),
        None => {
            let lo = if min < 0.0 { min * 1.1 } else { 0.0 };
            let hi = if max > 0.0 { max * 1.1 } else { 0.0 };
            (lo, hi, false)
        }
    };
    let (lo, hi) = if hi - lo > 0.0 {
        (lo, hi)
    } else {
        (lo, lo + 1.0)
    };
    for step in nice_steps((hi - lo) / (MAX_TICKS - 1) as f64) {
        let (a, b) = if fixed {
            (lo, hi)
        } else {
            (
                (lo / step + 1e-9).floor() * step,
                (hi / step - 1e-9).ceil() * step,
            )
        };
        let first = (a / step - 1e-9).ceil() as i64;
        let last = (b / step + 1e-9).floor() as i64;
        if last < first || last - first + 1 > MAX_TICKS as i64 {
            continue;
        }
        let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step + 0.0).collect();
        let axis = Axis {
            lo: a,
            hi: b,
            ticks,
        };
        if fits(&axis.ticks, &axis) {
            return axis;
        }
    }
    Axis {
        lo,
        hi,
        ticks: vec![lo],
    }
}

/// Keeps the first and last candidate and as many in between as fit without overlapping,
/// at most [`MAX_TICKS`].
pub(super) fn pick_ticks(
    cands: &[(f64, String, f64)],
    px: impl Fn(f64) -> f64,
) -> Vec<(f64, String)> {
    let fits = |a: &(f64, String, f64), b: &(f64, String, f64)| {
        (px(b.0) - px(a.0)).abs() >= (a.2 + b.2) / 2.0 + 14.0
    };
    let Some(last) = cands.last() else {
        return vec![];
    };
    let mut chosen: Vec<&(f64, String, f64)> = Vec::new();
    if cands.len() > 1 && fits(&cands[0], last) {
        chosen.push(&cands[0]);
        for c in &cands[1..cands.len() - 1] {
            if chosen.len() + 1 >= MAX_TICKS {
                break;
            }
            if chosen.last().is_none_or(|p| fits(p, c)) && fits(c, last) {
                chosen.push(c);
            }
        }
    }
    chosen.push(last);
    chosen.into_iter().map(|c| (c.0, c.1.clone())).collect()
}
