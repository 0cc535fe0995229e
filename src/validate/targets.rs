//! Targets (`targets:` in `indicators.yaml`, `_province.yaml` or `commune.yaml`): each names an
//! indicator of the catalogue, a range its unit allows, when it applies, and the document that
//! sets it; two targets of one indicator in one file may not apply to the same day.

use super::validator::Validator;
use crate::base::diagnostics::{Diagnostic, Text, did_you_mean, t};
use crate::base::ids::{CommuneId, ProvinceId, ReportId};
use crate::domain::{
    Indicator, ReportPlace, ScopedTarget, Target, TargetScope, TargetSource, Unit,
};
use crate::load::SourceFile;
use crate::load::locate::list_item_at;
use crate::load::raw::{RawTargetEntry, RawTargetSource};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// A report a target's source names, to be found once every report is known.
#[derive(Debug, Clone)]
pub(super) struct ReportCited {
    /// The file naming it.
    pub file: PathBuf,
    /// Where it is named.
    pub at: Option<(usize, usize)>,
    /// The key naming it.
    pub key: String,
    /// The report.
    pub place: ReportPlace,
}

impl Validator {
    /// The `targets:` of `file`, set for `scope`, each checked against `catalogue`; the
    /// reports their sources name go to `cited`, to be checked once every report is known.
    pub(super) fn targets(
        &mut self,
        file: &SourceFile,
        entries: &[RawTargetEntry],
        scope: TargetScope,
        catalogue: &HashMap<&str, &Indicator>,
        cited: &mut Vec<ReportCited>,
    ) -> Vec<ScopedTarget> {
        let mut out: Vec<ScopedTarget> = Vec::new();
        for (n, entry) in entries.iter().enumerate() {
            let at = |field: &str| list_item_at(&file.text, "targets", n, Some(field), 1);
            let key = |field: &str| format!("targets[{}].{field}", n + 1);
            let Some(ind) = catalogue.get(entry.indicator.as_str()) else {
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t(
                            "this target names an indicator the catalogue does not have",
                            "mục tiêu này ghi một chỉ tiêu không có trong danh mục",
                        ),
                    )
                    .at_opt(at("indicator"))
                    .key(key("indicator"))
                    .found(format!("`{}`", entry.indicator))
                    .expected(t(
                        "an indicator id of indicators.yaml",
                        "mã một chỉ tiêu trong indicators.yaml",
                    ))
                    .help_opt(did_you_mean(&entry.indicator, catalogue.keys().copied())),
                );
                continue;
            };
            let range_ok = self.range(
                entry.min,
                entry.max,
                ind.unit,
                &file.path,
                at("min").or(at("max")),
                &key("min"),
            );
            let window = self.window(file, entry, &at, &key);
            let source = self.source(file, &entry.source, &at, &key, cited);
            let (true, Some((from, to)), Some(source)) = (range_ok, window, source) else {
                continue;
            };
            let note = entry
                .note
                .as_ref()
                .map(|n| self.localized(n, file, &["targets"], at("note")));
            let target = Target {
                min: entry.min,
                max: entry.max,
                note,
                from,
                to,
                source: Some(source),
            };
            if let Some(other) = out
                .iter()
                .find(|o| o.indicator == ind.id && overlap(&o.target, &target))
            {
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t(
                            "two targets of the same indicator apply to the same days",
                            "hai mục tiêu của cùng một chỉ tiêu áp dụng cho cùng những ngày",
                        ),
                    )
                    .at_opt(at("indicator"))
                    .key(key("indicator"))
                    .found(format!("`{}`", ind.id))
                    .help(t(
                        format!(
                            "give each target its own `year:` or `from:`/`to:` days, or remove one (the other is {})",
                            when(&other.target)
                        ),
                        format!(
                            "hãy cho mỗi mục tiêu `year:` hoặc `from:`/`to:` riêng, hoặc bỏ bớt một (mục tiêu kia áp dụng {})",
                            when(&other.target)
                        ),
                    )),
                );
                continue;
            }
            out.push(ScopedTarget {
                indicator: ind.id.clone(),
                scope,
                target,
            });
        }
        out
    }

    /// Checks a target's range for `unit`: `min`, `max` or both, within the unit's values,
    /// `min` not above `max`.
    pub(super) fn range(
        &mut self,
        min: Option<f64>,
        max: Option<f64>,
        unit: Unit,
        file: &std::path::Path,
        at: Option<(usize, usize)>,
        key: &str,
    ) -> bool {
        let bad = |msg: Text, found: Text| {
            Diagnostic::error(file, msg)
                .at_opt(at)
                .key(key.to_string())
                .found(found)
        };
        if min.is_none() && max.is_none() {
            self.error(
                bad(
                    t(
                        "a target needs `min`, `max` or both",
                        "chỉ tiêu phấn đấu (target) cần `min`, `max` hoặc cả hai",
                    ),
                    t("neither", "không có khóa nào"),
                )
                .help(t("e.g. target: {min: 100}", "ví dụ target: {min: 100}")),
            );
            return false;
        }
        if unit == Unit::Yesno {
            self.error(bad(
                t(
                    "a yes/no indicator cannot have a numeric target",
                    "chỉ tiêu có/không không thể có mục tiêu bằng số",
                ),
                t("target on a yesno indicator", "target trên chỉ tiêu yesno"),
            ));
            return false;
        }
        for v in [min, max].into_iter().flatten() {
            if !v.is_finite() || (unit == Unit::Percent && !(0.0..=100.0).contains(&v)) || v < 0.0 {
                self.error(
                    bad(
                        t(
                            "the target is outside the possible values",
                            "mục tiêu nằm ngoài các giá trị có thể có",
                        ),
                        format!("{v}").into(),
                    )
                    .expected(if unit == Unit::Percent {
                        t(
                            "a percentage from 0 to 100",
                            "một tỷ lệ phần trăm từ 0 đến 100",
                        )
                    } else {
                        t("a number of 0 or more", "một số từ 0 trở lên")
                    }),
                );
                return false;
            }
        }
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            self.error(
                bad(
                    t(
                        "the target's min is larger than its max",
                        "`min` của mục tiêu lớn hơn `max`",
                    ),
                    format!("min {a}, max {b}").into(),
                )
                .help(t("swap the two numbers", "hãy đổi chỗ hai số")),
            );
            return false;
        }
        true
    }

    /// The days a target applies to: a whole `year`, or `from`/`to`, or always.
    fn window(
        &mut self,
        file: &SourceFile,
        entry: &RawTargetEntry,
        at: &dyn Fn(&str) -> Option<(usize, usize)>,
        key: &dyn Fn(&str) -> String,
    ) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        if let Some(year) = entry.year {
            if entry.from.is_some() || entry.to.is_some() {
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t(
                            "a target has either `year:` or `from:`/`to:`, not both",
                            "mục tiêu ghi `year:` hoặc `from:`/`to:`, không ghi cả hai",
                        ),
                    )
                    .at_opt(at("year"))
                    .key(key("year"))
                    .help(t(
                        "keep `year:` for a whole calendar year, or `from:` and `to:` for other days",
                        "giữ `year:` cho cả một năm, hoặc `from:` và `to:` cho những ngày khác",
                    )),
                );
                return None;
            }
            let days = (2000..=2100)
                .contains(&year)
                .then(|| {
                    let y = i32::try_from(year).ok()?;
                    Some((
                        NaiveDate::from_ymd_opt(y, 1, 1)?,
                        NaiveDate::from_ymd_opt(y, 12, 31)?,
                    ))
                })
                .flatten();
            let Some((from, to)) = days else {
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t("this is not a year", "đây không phải là một năm"),
                    )
                    .at_opt(at("year"))
                    .key(key("year"))
                    .found(format!("{year}"))
                    .expected(t(
                        "a year from 2000 to 2100, e.g. 2026",
                        "một năm từ 2000 đến 2100, ví dụ 2026",
                    )),
                );
                return None;
            };
            return Some((Some(from), Some(to)));
        }
        let mut ok = true;
        let mut day = |field: &str, text: &Option<String>| match text {
            None => None,
            Some(text) => {
                let d = self.date(file, &["targets"], text, at(field));
                ok &= d.is_some();
                d
            }
        };
        let (from, to) = (day("from", &entry.from), day("to", &entry.to));
        if !ok {
            return None;
        }
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "the target ends before it starts",
                        "mục tiêu kết thúc trước khi bắt đầu",
                    ),
                )
                .at_opt(at("to"))
                .key(key("to"))
                .found(t(
                    format!("from {from}, to {to}"),
                    format!("từ {from}, đến {to}"),
                ))
                .help(t(
                    "check whether the two dates were swapped",
                    "hãy xem hai ngày có bị đổi chỗ không",
                )),
            );
            return None;
        }
        Some((from, to))
    }

    /// The document a target names: a title, and a date, address and report that are valid.
    fn source(
        &mut self,
        file: &SourceFile,
        raw: &RawTargetSource,
        at: &dyn Fn(&str) -> Option<(usize, usize)>,
        key: &dyn Fn(&str) -> String,
        cited: &mut Vec<ReportCited>,
    ) -> Option<TargetSource> {
        let mut ok = true;
        if raw.title.trim().is_empty() {
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "a target's source needs the title of the document that sets it",
                        "nguồn của mục tiêu cần tên văn bản đặt ra mục tiêu đó",
                    ),
                )
                .at_opt(at("source"))
                .key(key("source.title"))
                .help(t(
                    "write the document's title, e.g. title: \"Kế hoạch chuyển đổi số năm 2026\"",
                    "ghi tên văn bản, ví dụ title: \"Kế hoạch chuyển đổi số năm 2026\"",
                )),
            );
            ok = false;
        }
        let date = match &raw.date {
            Some(text) => {
                let d = self.date(file, &["targets"], text, at("source"));
                ok &= d.is_some();
                d
            }
            None => None,
        };
        if let Some(url) = &raw.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "the document's address is not a web address",
                        "địa chỉ của văn bản không phải là địa chỉ web",
                    ),
                )
                .at_opt(at("source"))
                .key(key("source.url"))
                .found(format!("`{url}`"))
                .expected(t(
                    "an address starting with https://",
                    "một địa chỉ bắt đầu bằng https://",
                )),
            );
            ok = false;
        }
        let report = match &raw.report {
            None => None,
            Some(text) => match report_place(text) {
                Some(place) => {
                    cited.push(ReportCited {
                        file: file.path.clone(),
                        at: at("source"),
                        key: key("source.report"),
                        place: place.clone(),
                    });
                    Some(place)
                }
                None => {
                    self.error(
                        Diagnostic::error(
                            &file.path,
                            t(
                                "a target's report is named by its province, commune and id",
                                "báo cáo của mục tiêu được ghi bằng mã tỉnh, mã xã và mã báo cáo",
                            ),
                        )
                        .at_opt(at("source"))
                        .key(key("source.report"))
                        .found(format!("`{text}`"))
                        .expected(t(
                            "<province>/<commune>/<report-id>, e.g. thai-nguyen/lam-vy/2026-q1",
                            "<mã-tỉnh>/<mã-xã>/<mã-báo-cáo>, ví dụ thai-nguyen/lam-vy/2026-q1",
                        )),
                    );
                    ok = false;
                    None
                }
            },
        };
        ok.then(|| TargetSource {
            title: raw.title.trim().to_string(),
            number: raw.number.clone(),
            date,
            issued_by: raw.issued_by.clone(),
            url: raw.url.clone(),
            report,
        })
    }

    /// Reports the cited reports that the content does not have.
    pub(super) fn cited_reports(
        &mut self,
        cited: &[ReportCited],
        known: &dyn Fn(&ReportPlace) -> bool,
    ) {
        for c in cited.iter().filter(|c| !known(&c.place)) {
            let p = &c.place;
            self.error(
                Diagnostic::error(
                    &c.file,
                    t(
                        "a target's source names a report the site does not have",
                        "nguồn của mục tiêu ghi một báo cáo mà trang không có",
                    ),
                )
                .at_opt(c.at)
                .key(&c.key)
                .found(format!("`{}/{}/{}`", p.province, p.commune, p.report))
                .expected(t(
                    "a file content/communes/<province>/<commune>/reports/<report-id>.md",
                    "một tệp content/communes/<mã-tỉnh>/<mã-xã>/reports/<mã-báo-cáo>.md",
                )),
            );
        }
    }
}

/// `province/commune/report` as ids.
fn report_place(text: &str) -> Option<ReportPlace> {
    let mut parts = text.trim().split('/');
    let (p, c, r) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some(ReportPlace {
        province: ProvinceId::parse(p).ok()?,
        commune: CommuneId::parse(c).ok()?,
        report: ReportId::parse(r).ok()?,
    })
}

/// True when two targets apply to at least one common day.
fn overlap(a: &Target, b: &Target) -> bool {
    let starts_before_end = |x: &Target, y: &Target| match (x.from, y.to) {
        (Some(from), Some(to)) => from <= to,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

/// The days a target applies to, for a message.
fn when(target: &Target) -> String {
    match (target.from, target.to) {
        (Some(f), Some(t)) => format!("{f} – {t}"),
        (Some(f), None) => format!("≥ {f}"),
        (None, Some(t)) => format!("≤ {t}"),
        (None, None) => "∞".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(from: Option<(i32, u32, u32)>, to: Option<(i32, u32, u32)>) -> Target {
        let day = |d: (i32, u32, u32)| NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap();
        Target {
            min: Some(1.0),
            max: None,
            note: None,
            from: from.map(day),
            to: to.map(day),
            source: None,
        }
    }

    #[test]
    fn targets_overlap_when_they_share_a_day() {
        let y2026 = target(Some((2026, 1, 1)), Some((2026, 12, 31)));
        let y2027 = target(Some((2027, 1, 1)), Some((2027, 12, 31)));
        let always = target(None, None);
        let until_2026 = target(None, Some((2026, 1, 1)));
        assert!(!overlap(&y2026, &y2027));
        assert!(overlap(&y2026, &always));
        assert!(overlap(&y2026, &until_2026), "1 Jan 2026 is in both");
        assert!(!overlap(&y2027, &until_2026));
    }

    #[test]
    fn a_report_is_named_by_three_ids() {
        let p = report_place("thai-nguyen/lam-vy/2026-q1").unwrap();
        assert_eq!(p.commune.as_str(), "lam-vy");
        assert!(report_place("lam-vy/2026-q1").is_none());
        assert!(report_place("a/b/c/d").is_none());
        assert!(report_place("Thái Nguyên/x/y").is_none());
    }
}
