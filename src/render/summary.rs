//! Figures that summarise many communes at once — medians, ranks with ties, top and bottom
//! slices, histogram bins — for sites too large to list every commune on one page.
//!
//! Pure functions over plain numbers, so they are tested here without a site; `pages.rs` feeds
//! them the communes' latest figures and formats what they return.

use std::ops::Range;

/// Above this many communes the overview and the indicator pages summarise instead of listing
/// every commune: a table of 3,321 communes is a wall nobody reads and a page over 1 MB.
/// Small sites (the bundled content, the test fixtures) keep the full lists.
pub const SUMMARY_ABOVE_COMMUNES: usize = 200;

/// Communes shown at each end of an indicator's national ranking on the overview.
pub const OVERVIEW_EXTREMES: usize = 5;

/// Communes shown at each end of the national ranking on a summarised indicator page.
pub const INDICATOR_EXTREMES: usize = 10;

/// Most bars of a distribution chart (fewer when nice bin edges need fewer).
pub const HISTOGRAM_BINS: usize = 10;

/// True when a site of `communes` communes gets the summarised pages.
pub fn is_summarised(communes: usize) -> bool {
    communes > SUMMARY_ABOVE_COMMUNES
}

/// Count, median, lowest and highest of a set of figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// Number of finite figures.
    pub count: usize,
    /// Their median (the mean of the two middle ones for an even count).
    pub median: f64,
    /// The lowest.
    pub min: f64,
    /// The highest.
    pub max: f64,
}

/// Count, median, lowest and highest of the finite values; `None` when there are none, so no
/// caller ever formats a `NaN`.
pub fn stats(values: &[f64]) -> Option<Stats> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        // Halfway without adding first, so two huge amounts cannot overflow to infinity.
        let (a, b) = (v[n / 2 - 1], v[n / 2]);
        a + (b - a) / 2.0
    };
    Some(Stats {
        count: n,
        median,
        min: v[0],
        max: v[n - 1],
    })
}

/// The median of the finite values, `None` when there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    stats(values).map(|s| s.median)
}

/// [`median`] of figures that are all finite, reordering them: linear time, for the medians of
/// many large sets (each day of a national timeline).
pub fn median_in_place(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (below, mid, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    let upper = *mid;
    if n % 2 == 1 {
        return Some(upper);
    }
    // The other middle figure is the largest of those below.
    let lower = below.iter().copied().max_by(f64::total_cmp)?;
    Some(lower + (upper - lower) / 2.0)
}

/// A place in a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    /// 1-based rank: the position of the first entry with the same figure.
    pub rank: usize,
    /// True when another entry has the same figure.
    pub tied: bool,
}

impl Rank {
    /// As shown in a ranking: `3`, or `3=` for a tie.
    pub fn label(&self) -> String {
        if self.tied {
            format!("{}=", self.rank)
        } else {
            self.rank.to_string()
        }
    }
}

/// The ranks of a list already sorted best first, in one pass: equal figures are next to each
/// other in a sorted list, so each run of equal figures shares the rank of its first entry.
pub fn ranks(sorted: &[f64]) -> Vec<Rank> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut start = 0;
    while start < sorted.len() {
        let end = sorted[start..]
            .iter()
            .position(|x| *x != sorted[start])
            .map_or(sorted.len(), |n| start + n);
        let tied = end - start > 1;
        out.extend((start..end).map(|_| Rank {
            rank: start + 1,
            tied,
        }));
        start = end;
    }
    out
}

/// Index ranges of the first `n` and the last `n` entries of a list of `len`, never
/// overlapping: a short list is shown once, in the first range.
pub fn ends(len: usize, n: usize) -> (Range<usize>, Range<usize>) {
    let top = 0..n.min(len);
    let bottom = len.saturating_sub(n).max(top.end)..len;
    (top, bottom)
}

/// How many communes with the same figure as the one at `at` a short list leaves out: equal
/// figures are adjacent in a sorted list, so they form one run around `at`; the positions of the
/// run outside both shown ranges are hidden. "1=" on five rows says nothing of the 400 others.
pub fn hidden_ties(sorted: &[f64], at: usize, shown: &[Range<usize>]) -> usize {
    let Some(x) = sorted.get(at) else {
        return 0;
    };
    let start = sorted[..at]
        .iter()
        .rposition(|y| y != x)
        .map_or(0, |p| p + 1);
    let end = sorted[at..]
        .iter()
        .position(|y| y != x)
        .map_or(sorted.len(), |p| at + p);
    (start..end)
        .filter(|k| !shown.iter().any(|r| r.contains(k)))
        .count()
}

/// One bar of a histogram: figures from `lo` up to but not including `hi` (the last bin
/// includes `hi`, unless the figures are whole numbers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// Lower edge.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
    /// Number of figures in the bin.
    pub count: usize,
    /// True when every figure is a whole number: the edges are whole too and each bin holds
    /// the whole numbers `lo ..= hi - 1` (the last one included), so it can be labelled so.
    pub whole: bool,
}

/// Bins of one nice width (1, 2, 2.5 or 5 × 10^k) covering the finite values, about `max_bins`
/// of them. `range` (e.g. 0–100 for percentages) fixes the edges when it holds every value.
/// `counts`: the figures are counts of things, so whole figures get whole bins (see [`Bin`]).
/// Equal values give one bin of zero width; no values give no bins.
pub fn bins(values: &[f64], range: Option<(f64, f64)>, max_bins: usize, counts: bool) -> Vec<Bin> {
    let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let Some(s) = stats(&finite) else {
        return Vec::new();
    };
    let max_bins = max_bins.max(1);
    // Counts are whole numbers: half-open bins of whole width up to one past the largest, so the
    // largest figure is never merged into the bin below it.
    let whole = counts && finite.iter().all(|x| x.fract() == 0.0);
    let (lo, hi) = match range {
        Some((a, b)) if a.is_finite() && b.is_finite() && a < b && a <= s.min && s.max <= b => {
            (a, b)
        }
        _ if whole => (s.min, s.max + 1.0),
        _ => (s.min, s.max),
    };
    if hi <= lo {
        return vec![Bin {
            lo,
            hi,
            count: finite.len(),
            whole,
        }];
    }
    let raw = (hi - lo) / max_bins as f64;
    let step = if whole {
        whole_step(raw)
    } else {
        nice_step(raw)
    };
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    let n = ((last - first) as usize).clamp(1, max_bins.max(1) * 2);
    let mut out: Vec<Bin> = (0..n)
        .map(|k| Bin {
            lo: (first + k as f64) * step + 0.0,
            hi: (first + k as f64 + 1.0) * step + 0.0,
            count: 0,
            whole: whole && step.fract() == 0.0,
        })
        .collect();
    for x in finite {
        let k = ((x / step - first + 1e-9).floor().max(0.0) as usize).min(n - 1);
        out[k].count += 1;
    }
    out
}

/// The smallest whole step of 1, 2, 5 × 10^k (k ≥ 0) that is at least `raw`.
fn whole_step(raw: f64) -> f64 {
    (0..16)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .find(|s| *s >= raw * 0.999_999)
        .unwrap_or_else(|| raw.ceil())
}

/// The smallest of 1, 2, 2.5, 5 × 10^k that is at least `raw` (which is positive and finite).
fn nice_step(raw: f64) -> f64 {
    let exp = raw.log10().floor() as i32;
    (exp..exp + 3)
        .flat_map(|e| [1.0, 2.0, 2.5, 5.0].map(|m| m * 10f64.powi(e)))
        .find(|s| *s >= raw * 0.999_999)
        .unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[7.0]), Some(7.0));
        assert_eq!(median(&[1.0, 2.0]), Some(1.5));
    }

    #[test]
    fn median_in_place_equals_median() {
        assert_eq!(median_in_place(&mut []), None);
        let sets: [&[f64]; 6] = [
            &[7.0],
            &[1.0, 2.0],
            &[3.0, 1.0, 2.0],
            &[4.0, 1.0, 3.0, 2.0],
            &[5.0, 5.0, 1.0, 9.0, 5.0, 0.25],
            &[1e308, 1.7e308, -3.0, 12.5, 12.5, 99.89, 0.0, 14722.0],
        ];
        for set in sets {
            let mut v = set.to_vec();
            assert_eq!(median_in_place(&mut v), median(set), "{set:?}");
        }
    }

    #[test]
    fn median_with_ties() {
        assert_eq!(median(&[5.0, 5.0, 5.0, 1.0]), Some(5.0));
        assert_eq!(median(&[2.0, 2.0, 9.0, 9.0]), Some(5.5));
    }

    #[test]
    fn median_of_nothing_is_none_never_nan() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[f64::NAN, f64::INFINITY]), None);
        assert_eq!(median(&[f64::NAN, 4.0]), Some(4.0));
        let huge = f64::MAX;
        assert_eq!(median(&[huge, huge]), Some(huge), "no overflow to infinity");
    }

    #[test]
    fn stats_give_count_lowest_and_highest() {
        let s = stats(&[3.0, 10.0, -1.0, f64::NAN]).unwrap();
        assert_eq!((s.count, s.min, s.median, s.max), (3, -1.0, 3.0, 10.0));
    }

    #[test]
    fn ties_share_the_rank_of_their_first_entry() {
        let r = ranks(&[9.0, 8.0, 8.0, 8.0, 7.0, 5.0, 5.0]);
        let labels: Vec<String> = r.iter().map(Rank::label).collect();
        assert_eq!(labels, ["1", "2=", "2=", "2=", "5", "6=", "6="]);
        assert!(ranks(&[]).is_empty());
        assert_eq!(ranks(&[1.0]).first().map(Rank::label).as_deref(), Some("1"));
    }

    #[test]
    fn ranks_of_a_long_list_take_one_pass() {
        // 100,000 equal figures: quadratic code would take minutes here.
        let r = ranks(&vec![1.0; 100_000]);
        assert!(r.iter().all(|x| x.rank == 1 && x.tied));
    }

    #[test]
    fn ends_never_overlap() {
        assert_eq!(ends(100, 5), (0..5, 95..100));
        assert_eq!(ends(8, 5), (0..5, 5..8));
        assert_eq!(ends(3, 5), (0..3, 3..3));
        assert_eq!(ends(0, 5), (0..0, 0..0));
    }

    #[test]
    fn ties_left_out_of_short_lists_are_counted() {
        let sorted = [100.0, 100.0, 100.0, 100.0, 90.0, 50.0, 10.0, 10.0, 10.0];
        let (top, bottom) = ends(sorted.len(), 2);
        let shown = [top.clone(), bottom.clone()];
        assert_eq!(hidden_ties(&sorted, top.end - 1, &shown), 2);
        assert_eq!(hidden_ties(&sorted, bottom.start, &shown), 1);
        // a figure shown nowhere counts itself
        assert_eq!(hidden_ties(&sorted, 4, &shown), 1);
        assert_eq!(hidden_ties(&sorted, 0, &[0..4, 8..9]), 0);
        assert_eq!(hidden_ties(&[], 0, &shown), 0);
    }

    #[test]
    fn percent_bins_use_the_fixed_range() {
        let b = bins(
            &[0.0, 5.0, 15.0, 99.0, 100.0],
            Some((0.0, 100.0)),
            10,
            false,
        );
        assert_eq!(b.len(), 10);
        assert_eq!((b[0].lo, b[0].hi, b[0].count), (0.0, 10.0, 2));
        assert_eq!(b[1].count, 1);
        assert_eq!(
            (b[9].lo, b[9].hi, b[9].count),
            (90.0, 100.0, 2),
            "100 is in the last"
        );
        assert_eq!(b.iter().map(|x| x.count).sum::<usize>(), 5);
    }

    #[test]
    fn other_bins_have_nice_edges_and_count_everything() {
        let values: Vec<f64> = (0..=997).map(f64::from).collect();
        let b = bins(&values, None, 10, true);
        assert!(b.len() <= 10 && b.len() >= 5, "{b:?}");
        assert_eq!(b[0].lo, 0.0);
        assert_eq!(b[0].hi, 100.0);
        assert_eq!(b.iter().map(|x| x.count).sum::<usize>(), values.len());
        let money = bins(&[2.0e8, 4.5e8, 1.2e9], None, 10, false);
        assert_eq!(money.iter().map(|x| x.count).sum::<usize>(), 3);
        assert!(money.iter().all(|x| x.hi > x.lo));
    }

    #[test]
    fn whole_numbers_get_whole_bins_and_the_largest_its_own() {
        // 2 to 8 staff: one bin per number, 8 not merged with 7
        let b = bins(&[2.0, 3.0, 7.0, 8.0, 8.0], None, 10, true);
        assert_eq!(b.len(), 7, "{b:?}");
        assert!(b.iter().all(|x| x.whole && x.hi - x.lo == 1.0));
        assert_eq!((b[6].lo, b[6].count), (8.0, 2));
        assert_eq!((b[5].lo, b[5].count), (7.0, 1));
        // 0 to 997 dossiers: whole steps of 100
        let values: Vec<f64> = (0..=997).map(f64::from).collect();
        let b = bins(&values, None, 10, true);
        assert!(b.iter().all(|x| x.whole && x.hi - x.lo == 100.0));
        assert_eq!(b.iter().map(|x| x.count).sum::<usize>(), values.len());
    }

    #[test]
    fn degenerate_bins() {
        assert!(bins(&[], None, 10, true).is_empty());
        assert!(bins(&[f64::NAN], None, 10, true).is_empty());
        let one = bins(&[7.5, 7.5], None, 10, true);
        assert_eq!(
            one,
            vec![Bin {
                lo: 7.5,
                hi: 7.5,
                count: 2,
                whole: false
            }]
        );
        let seven = bins(&[7.0, 7.0], None, 10, true);
        assert_eq!((seven.len(), seven[0].lo, seven[0].hi), (1, 7.0, 8.0));
        // a range that does not hold the data is ignored
        let b = bins(&[150.0, 250.0], Some((0.0, 100.0)), 10, false);
        assert_eq!(b.iter().map(|x| x.count).sum::<usize>(), 2);
    }
}
