//! Who has reported: a province's reporting rounds and, for each, which of its communes
//! reported, which have not ("chưa báo cáo": no period file for the window, not a figure of 0)
//! and, when the province sets a due date, which reported late.
//!
//! A round is a regular window (the same `start` and `end`) that at least
//! [`ROUND_SHARE_PERCENT`] % of the province's communes report, and at least one: a commune
//! that once reports an odd window (a quarter among months, a half year cut at the 9th) does
//! not make every other commune of a large province "missing" from it, while a new month counts
//! as soon as a few communes have sent it. Cumulative windows (lũy kế) are running totals,
//! never rounds.

use super::site::Commune;
use crate::domain::PeriodKind;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// How many rounds each province keeps, most recent first.
pub const RECENT_ROUNDS: usize = 6;

/// The share of a province's communes (in percent, rounded up, at least one commune) that must
/// report a window for it to be a round.
pub const ROUND_SHARE_PERCENT: usize = 10;

/// One reporting round of a province: a window and who reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// First day of the window.
    pub start: NaiveDate,
    /// Last day of the window.
    pub end: NaiveDate,
    /// The day reports were due (`end` + the province's `report_due_days`), if it sets one.
    pub due: Option<NaiveDate>,
    /// Communes with a regular period file for the window (indexes into the province's
    /// communes, so in Vietnamese order).
    pub reported: Vec<usize>,
    /// Communes without one: they have not reported.
    pub missing: Vec<usize>,
    /// Communes whose file's `source.date` is after `due`, with that date.
    pub late: Vec<(usize, NaiveDate)>,
    /// Communes that reported without a `source.date` while a due date is set: lateness unknown.
    pub undated: Vec<usize>,
}

impl Round {
    /// How many communes the round counts (reported and missing).
    pub fn communes(&self) -> usize {
        self.reported.len() + self.missing.len()
    }
}

/// One regular period file of a commune, as far as reporting goes: its window and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filed {
    /// First day of the window.
    pub start: NaiveDate,
    /// Last day of the window.
    pub end: NaiveDate,
    /// The source document's date, if given.
    pub dated: Option<NaiveDate>,
}

/// The rounds of a province whose communes are `communes` (in the province's order).
pub fn rounds_of_communes(communes: &[Commune], due_days: Option<u32>) -> Vec<Round> {
    let filed: Vec<Vec<Filed>> = communes.iter().map(regular_files).collect();
    rounds(&filed, due_days)
}

/// A commune's regular period files.
fn regular_files(c: &Commune) -> Vec<Filed> {
    c.periods
        .iter()
        .filter(|p| p.info.kind == PeriodKind::Regular)
        .map(|p| Filed {
            start: p.info.start,
            end: p.info.end,
            dated: p.info.source.date,
        })
        .collect()
}

/// The rounds of a province from each commune's regular files, most recent first (latest end,
/// then the shorter window), at most [`RECENT_ROUNDS`].
pub fn rounds(communes: &[Vec<Filed>], due_days: Option<u32>) -> Vec<Round> {
    let needed = communes_needed(communes.len());
    let mut windows: BTreeMap<(NaiveDate, NaiveDate), usize> = BTreeMap::new();
    for files in communes {
        let mut own: Vec<(NaiveDate, NaiveDate)> = files.iter().map(|f| (f.end, f.start)).collect();
        own.sort();
        own.dedup(); // a commune counts once per window
        for w in own {
            *windows.entry(w).or_default() += 1;
        }
    }
    windows
        .into_iter()
        .rev()
        .filter(|(_, n)| *n >= needed)
        .take(RECENT_ROUNDS)
        .map(|((end, start), _)| round(communes, start, end, due_days))
        .collect()
}

/// The communes a window needs to be a round: [`ROUND_SHARE_PERCENT`] % of `n`, rounded up,
/// at least one.
pub fn communes_needed(n: usize) -> usize {
    (n * ROUND_SHARE_PERCENT).div_ceil(100).max(1)
}

/// Who reported the window `start`–`end`.
fn round(
    communes: &[Vec<Filed>],
    start: NaiveDate,
    end: NaiveDate,
    due_days: Option<u32>,
) -> Round {
    let due = due_days.and_then(|d| end.checked_add_days(Days::new(u64::from(d))));
    let mut r = Round {
        start,
        end,
        due,
        reported: Vec::new(),
        missing: Vec::new(),
        late: Vec::new(),
        undated: Vec::new(),
    };
    for (i, files) in communes.iter().enumerate() {
        let Some(file) = files.iter().find(|f| f.start == start && f.end == end) else {
            r.missing.push(i);
            continue;
        };
        r.reported.push(i);
        let Some(due) = due else {
            continue;
        };
        match file.dated {
            Some(d) if d > due => r.late.push((i, d)),
            Some(_) => {}
            None => r.undated.push(i),
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn month(m: u32, dated: Option<NaiveDate>) -> Filed {
        let end = d(m + 1, 1).pred_opt().unwrap();
        Filed {
            start: d(m, 1),
            end,
            dated,
        }
    }

    #[test]
    fn communes_without_a_file_for_the_latest_month_have_not_reported() {
        let communes = vec![
            vec![month(9, None), month(10, None)],
            vec![month(9, None)],
            vec![month(9, None), month(10, None)],
        ];
        let r = rounds(&communes, None);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].start, r[0].end), (d(10, 1), d(10, 31)));
        assert_eq!(r[0].reported, vec![0, 2]);
        assert_eq!(r[0].missing, vec![1]);
        assert_eq!(r[0].communes(), 3);
        assert_eq!(r[1].missing, Vec::<usize>::new());
        // Without a due date nobody is late and no date is needed.
        assert!(r.iter().all(|r| r.due.is_none() && r.late.is_empty()));
        assert!(r.iter().all(|r| r.undated.is_empty()));
    }

    #[test]
    fn a_due_date_makes_later_reports_late_and_undated_ones_unknown() {
        let communes = vec![
            vec![month(10, Some(d(11, 5)))], // on the due day: on time
            vec![month(10, Some(d(11, 6)))], // a day after: late
            vec![month(10, None)],           // no date: unknown, not late
            vec![],                          // not reported
        ];
        let r = rounds(&communes, Some(5));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].due, Some(d(11, 5)));
        assert_eq!(r[0].reported, vec![0, 1, 2]);
        assert_eq!(r[0].late, vec![(1, d(11, 6))]);
        assert_eq!(r[0].undated, vec![2]);
        assert_eq!(r[0].missing, vec![3]);
    }

    #[test]
    fn an_odd_window_of_one_commune_is_not_a_round_of_a_large_province() {
        let mut communes: Vec<Vec<Filed>> = (0..20).map(|_| vec![month(10, None)]).collect();
        communes[3].push(Filed {
            start: d(8, 1),
            end: d(10, 31),
            dated: None,
        });
        let r = rounds(&communes, None);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].start, d(10, 1));
        // Two of twenty (10 %) make it one.
        let quarter = communes[3][1];
        communes[4].push(quarter);
        let r = rounds(&communes, None);
        assert_eq!(r.len(), 2);
        // At the same end, the shorter window comes first.
        assert_eq!(
            r.iter().map(|r| r.start).collect::<Vec<_>>(),
            [d(10, 1), d(8, 1)]
        );
        assert_eq!(r[1].reported, vec![3, 4]);
    }

    #[test]
    fn a_new_month_counts_as_soon_as_a_tenth_have_sent_it() {
        assert_eq!(communes_needed(0), 1);
        assert_eq!(communes_needed(1), 1);
        assert_eq!(communes_needed(10), 1);
        assert_eq!(communes_needed(11), 2);
        assert_eq!(communes_needed(34), 4);
    }

    #[test]
    fn only_the_most_recent_rounds_are_kept() {
        let communes = vec![(1..=10).map(|m| month(m, None)).collect::<Vec<_>>()];
        let r = rounds(&communes, None);
        assert_eq!(r.len(), RECENT_ROUNDS);
        assert_eq!(r[0].start, d(10, 1));
        assert_eq!(r[5].start, d(5, 1));
    }
}
