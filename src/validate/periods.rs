//! Period files (`…/data/<period-id>.yaml`): the reporting window, its kind and source, each
//! value against the catalogue, and no two files of a commune covering the same window.

use super::validator::{Validator, end_before_start, pos};
use super::values::check_value;
use crate::base::diagnostics::{Diagnostic, did_you_mean, t};
use crate::base::ids::{PeriodId, ReportId};
use crate::domain::{Indicator, PeriodData, PeriodInfo, PeriodKind, Report, Reported, Source};
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
