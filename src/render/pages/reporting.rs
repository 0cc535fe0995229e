//! Who has reported, in words: a province's reporting rounds as the province page shows them,
//! and the one sentence the overview gives for its latest round. The model counted; this only
//! writes.

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::format;
use crate::model::{Province, Round};
use crate::render::views::{Link, RoundView};

/// Up to this many communes that have not reported are listed unfolded (latest round only);
/// a longer list stays folded so that the page stays short on a phone.
const MISSING_SHOWN_OPEN: usize = 8;

impl Renderer<'_> {
    /// The rounds of province `p` as its page (at `from`) shows them, most recent first.
    pub(super) fn rounds(&self, from: &str, p: &Province) -> Vec<RoundView> {
        p.reporting
            .iter()
            .enumerate()
            .map(|(n, r)| self.round_view(from, p, r, n == 0))
            .collect()
    }

    /// "31/34 xã đã báo cáo kỳ 01/10–31/10/2026" for the latest round of `p`; empty without one.
    pub(super) fn latest_round_sentence(&self, p: &Province) -> String {
        let Some(r) = p.latest_round() else {
            return String::new();
        };
        self.tn(
            "reporting_latest",
            r.communes(),
            &[
                ("reported", &self.count(r.reported.len())),
                ("count", &self.count(r.communes())),
                ("period", &format::date_range(r.start, r.end, self.lang)),
            ],
        )
    }

    fn round_view(&self, from: &str, p: &Province, r: &Round, latest: bool) -> RoundView {
        let link = |i: usize, text: String| Link {
            text,
            href: p
                .communes
                .get(i)
                .map(|c| relative(from, &self.out(&path::commune(p, c))))
                .unwrap_or_default(),
        };
        let name = |i: usize| {
            p.communes
                .get(i)
                .map(|c| c.info.name.clone())
                .unwrap_or_default()
        };
        let missing: Vec<Link> = r.missing.iter().map(|&i| link(i, name(i))).collect();
        let late = r
            .late
            .iter()
            .map(|&(i, d)| link(i, format!("{} ({})", name(i), format::date(d, self.lang))))
            .collect();
        RoundView {
            period: self.tf(
                "reporting_round",
                &[("period", &format::date_range(r.start, r.end, self.lang))],
            ),
            reported: self.tn(
                "reporting_count",
                r.communes(),
                &[
                    ("reported", &self.count(r.reported.len())),
                    ("count", &self.count(r.communes())),
                ],
            ),
            due: r
                .due
                .map(|d| self.tf("reporting_due", &[("date", &format::date(d, self.lang))]))
                .unwrap_or_default(),
            missing_heading: self.counted("reporting_missing", r.missing.len()),
            missing_open: latest && missing.len() <= MISSING_SHOWN_OPEN,
            missing,
            late_heading: self.counted("reporting_late", r.late.len()),
            late,
            undated: self.counted("reporting_undated", r.undated.len()),
        }
    }

    /// The string `key` with `{count}` = `n`; empty for 0, so that nothing is said of nobody.
    fn counted(&self, key: &str, n: usize) -> String {
        if n == 0 {
            return String::new();
        }
        self.tn(key, n, &[("count", &self.count(n))])
    }

    fn count(&self, n: usize) -> String {
        format::count(n as f64, self.lang)
    }
}
