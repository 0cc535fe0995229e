//! Period files (`…/data/<period-id>.yaml`): the reporting window, its kind and source, each
//! value against the catalogue, and no two files of a commune covering the same window.

use super::validator::{Validator, end_before_start, pos};
use super::values::check_value;
use crate::base::diagnostics::{Diagnostic, did_you_mean, t};
use crate::base::ids::{PeriodId, ReportId};
use crate::domain::{
    Indicator, PeriodData, PeriodInfo, PeriodKind, Report, Reported, Source, Unit, Value,
};
use crate::format::plain;
use crate::load::raw::RawPeriodFile;
use crate::load::{Parsed, SourceFile};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

impl Validator {
    pub(super) fn period(
        &mut self,
        id: &str,
        parsed: &Parsed<RawPeriodFile>,
        catalogue: &HashMap<&str, &Indicator>,
        reports: &[Report],
    ) -> Option<PeriodData> {
        let file = &parsed.file;
        let raw = &parsed.data;
        let id = self.id(id, &file.path, None, "file name", PeriodId::parse);
        let start = self.date(file, &["period", "start"], &raw.period.start, None);
        let end = self.date(file, &["period", "end"], &raw.period.end, None);
        let kind = match &raw.period.kind {
            None => Some(PeriodKind::Regular),
            Some(k) => self.choice(
                &file.path,
                pos(file, &["period", "kind"]),
                "period.kind",
                k,
                &[
                    ("regular", PeriodKind::Regular),
                    ("cumulative", PeriodKind::Cumulative),
                ],
            ),
        };
        let label = raw
            .period
            .label
            .as_ref()
            .map(|l| self.localized(l, file, &["period", "label"], None));
        let source_date = raw
            .source
            .date
            .as_ref()
            .and_then(|d| self.date(file, &["source", "date"], d, None));
        let report = raw.source.report.as_ref().and_then(|r| {
            if reports.iter().any(|rep| rep.id.as_str() == r) {
                return ReportId::parse(r).ok();
            }
            let known: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
            let folder = file
                .path
                .parent()
                .and_then(Path::parent)
                .map(|p| p.join("reports"))
                .unwrap_or_default();
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "the source names a report that does not exist",
                        "nguồn ghi một báo cáo không tồn tại",
                    ),
                )
                .at_opt(pos(file, &["source", "report"]))
                .key("source.report")
                .found(format!("`{r}`"))
                .expected(t(
                    format!("the id of a file in {}", folder.display()),
                    format!("mã của một tệp trong {}", folder.display()),
                ))
                .help(did_you_mean(r, known.iter().copied()).unwrap_or_else(|| {
                    t(
                        format!("add {}/{r}.md, or remove `report:`", folder.display()),
                        format!("thêm {}/{r}.md, hoặc xóa `report:`", folder.display()),
                    )
                })),
            );
            None
        });
        let values = self.values(&raw.values, file, catalogue);
        self.fraction_percents(file, &values, catalogue);
        let (id, start, end, kind) = (id?, start?, end?, kind?);
        if end < start {
            self.error(end_before_start(
                &file.path,
                pos(file, &["period", "end"]),
                "period",
                start,
                end,
            ));
            return None;
        }
        Some(PeriodData {
            info: PeriodInfo {
                id,
                start,
                end,
                kind,
                label,
                source: Source {
                    title: raw.source.title.clone(),
                    issued_by: raw.source.issued_by.clone(),
                    date: source_date,
                    report,
                },
                file: file.path.clone(),
            },
            values,
        })
    }

    fn values(
        &mut self,
        map: &crate::load::raw::RawValues,
        file: &SourceFile,
        catalogue: &HashMap<&str, &Indicator>,
    ) -> Vec<Reported> {
        let mut out = Vec::new();
        let keys = crate::load::locate::block_keys(&file.text, "values", 1);
        for (k, v) in &map.0 {
            let key: &str = match k {
                crate::load::raw::RawKey::Id(key) => key,
                crate::load::raw::RawKey::Other(k) => {
                    self.error(
                        Diagnostic::error(
                            &file.path,
                            t("an indicator id must be text", "mã chỉ tiêu phải là chữ"),
                        )
                        .at_opt(pos(file, &["values"]))
                        .key("values")
                        .found(format!("{k:?}")),
                    );
                    continue;
                }
            };
            let at = keys
                .get(key)
                .copied()
                .or_else(|| pos(file, &["values", key]));
            let Some(indicator) = catalogue.get(key) else {
                let mut ids: Vec<&str> = catalogue.keys().copied().collect();
                ids.sort_unstable();
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t(
                            "unknown indicator id",
                            "mã chỉ tiêu không có trong danh mục",
                        ),
                    )
                    .at_opt(at)
                    .key(format!("values.{key}"))
                    .found(format!("`{key}`"))
                    .expected(t(
                        "an id defined in indicators.yaml",
                        "một mã đã khai báo trong indicators.yaml",
                    ))
                    .help(
                        did_you_mean(key, ids.iter().copied()).unwrap_or_else(|| {
                            t(
                                "check the spelling, or add the indicator to indicators.yaml",
                                "kiểm tra chính tả, hoặc thêm chỉ tiêu vào indicators.yaml",
                            )
                        }),
                    ),
                );
                continue;
            };
            match check_value(&v.to_yaml(), indicator) {
                Ok((value, note)) => out.push(Reported {
                    indicator: indicator.id.clone(),
                    value,
                    note,
                    line: at.map(|p| p.0),
                }),
                Err(p) => self.error(
                    Diagnostic::error(&file.path, p.message)
                        .at_opt(at)
                        .key(format!("values.{key}"))
                        .found(p.found)
                        .expected(p.expected)
                        .help_opt(p.help),
                ),
            }
        }
        out
    }

    /// Warns when every percentage of the file is between 0 and 1: `0.98` typed for 98%.
    /// One small percentage is plausible; all of them small is how a fraction reads.
    fn fraction_percents(
        &mut self,
        file: &SourceFile,
        values: &[Reported],
        catalogue: &HashMap<&str, &Indicator>,
    ) {
        let percents: Vec<(&Reported, f64)> = values
            .iter()
            .filter(|r| catalogue.get(r.indicator.as_str()).map(|i| i.unit) == Some(Unit::Percent))
            .filter_map(|r| match r.value {
                Value::Number(x) => Some((r, x)),
                _ => None,
            })
            .collect();
        let numbers: Vec<f64> = percents.iter().map(|(_, x)| *x).collect();
        if !look_like_fractions(&numbers) {
            return;
        }
        let list = percents
            .iter()
            .map(|(r, x)| format!("{}: {}", r.indicator.as_str(), plain(*x)))
            .collect::<Vec<_>>()
            .join(", ");
        let (first, x) = percents[0];
        let (as_fraction, as_percent) = (plain(x), plain((x * 100.0 * 1e6).round() / 1e6));
        let mut warning = Diagnostic::warning(
                &file.path,
                t(
                    "every percentage in this file is between 0 and 1: were they typed as fractions?",
                    "mọi tỷ lệ phần trăm trong tệp này đều từ 0 đến 1: có phải đã ghi dạng số thập phân thay vì phần trăm?",
                ),
            )
            .key(format!("values.{}", first.indicator.as_str()))
            .found(list)
            .expected(t(
                format!("percentages from 0 to 100: {as_percent}, not {as_fraction}"),
                format!("tỷ lệ phần trăm từ 0 đến 100: {as_percent}, không phải {as_fraction}"),
            ))
            .help(t(
                "multiply each by 100 as the report writes it (98, not 0.98); if the report really gives percentages this small, leave them",
                "hãy nhân mỗi số với 100 như báo cáo ghi (98, không phải 0.98); nếu báo cáo thật sự nêu tỷ lệ nhỏ như vậy thì giữ nguyên",
            ));
        // the line of the first percentage (its column is not kept)
        warning.line = first.line;
        self.diags.push(warning);
    }

    pub(super) fn duplicate_windows(&mut self, periods: &[PeriodData]) {
        let mut seen: HashMap<(NaiveDate, NaiveDate, PeriodKind), &PeriodInfo> = HashMap::new();
        for p in periods {
            if let Some(first) = seen.insert((p.info.start, p.info.end, p.info.kind), &p.info) {
                self.error(
                    Diagnostic::error(
                        &p.info.file,
                        t(
                            "two period files cover the same window",
                            "hai tệp kỳ báo cáo có cùng khoảng thời gian",
                        ),
                    )
                    .at_opt(Some((1, 1)))
                    .key("period")
                    .found(t(
                        format!(
                            "{} to {}, also in {}",
                            p.info.start,
                            p.info.end,
                            first.file.display()
                        ),
                        format!(
                            "{} đến {}, trùng với {}",
                            p.info.start,
                            p.info.end,
                            first.file.display()
                        ),
                    ))
                    .help(t(
                        "keep one file per reporting window: merge the values into one of them",
                        "mỗi khoảng thời gian chỉ giữ một tệp: gộp số liệu vào một trong hai tệp",
                    )),
                );
            }
        }
    }
}

/// True when at least two percentages are given, all between 0 and 1 and not all 0.
fn look_like_fractions(percents: &[f64]) -> bool {
    percents.len() >= 2
        && percents.iter().all(|x| (0.0..=1.0).contains(x))
        && percents.iter().any(|x| *x > 0.0)
}

#[cfg(test)]
mod tests {
    use super::look_like_fractions as f;

    #[test]
    fn percentages_all_at_most_one_look_like_fractions() {
        assert!(f(&[0.98, 0.5]));
        assert!(f(&[1.0, 0.0, 0.25]));
        // one value, or all zero, or one real percentage: nothing to say
        assert!(!f(&[0.98]));
        assert!(!f(&[0.0, 0.0]));
        assert!(!f(&[0.98, 45.0]));
        assert!(!f(&[]));
    }
}
