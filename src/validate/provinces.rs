//! Provinces and communes (`_province.yaml`, `commune.yaml`): ids and kinds, each commune
//! joined with its periods and reports, and every place folder having its file.

use super::targets::ReportCited;
use super::validator::{Validator, pos};
use crate::base::diagnostics::{Diagnostic, t};
use crate::base::ids::{CommuneId, ProvinceId};
use crate::domain::{
    CommuneContent, CommuneInfo, Indicator, PeriodData, ProvinceContent, ProvinceInfo, Report,
    TargetScope,
};
use crate::load::{Loaded, SourceFile};
use std::collections::{BTreeMap, HashMap};

impl Validator {
    pub(super) fn provinces(
        &mut self,
        loaded: &Loaded,
        periods: &mut BTreeMap<(String, String), Vec<PeriodData>>,
        reports: &mut BTreeMap<(String, String), Vec<Report>>,
        catalogue: &HashMap<&str, &Indicator>,
        cited: &mut Vec<ReportCited>,
    ) -> Vec<ProvinceContent> {
        let mut provinces: BTreeMap<String, ProvinceContent> = BTreeMap::new();
        for (folder, parsed) in &loaded.provinces {
            let file = &parsed.file;
            let Some(id) = self.id(folder, &file.path, None, "folder name", ProvinceId::parse)
            else {
                continue;
            };
            let Some(kind) = self.choice(
                &file.path,
                pos(file, &["kind"]),
                "kind",
                &parsed.data.kind,
                &[("tinh", "tinh"), ("thanh_pho", "thanh_pho")],
            ) else {
                continue;
            };
            let targets = self.targets(
                file,
                &parsed.data.targets,
                TargetScope::Province,
                catalogue,
                cited,
            );
            let report_due_days = self.due_days(file, parsed.data.report_due_days);
            let info = ProvinceInfo {
                id,
                name: parsed.data.name.clone(),
                kind: kind.into(),
                code: parsed.data.code.clone(),
                targets,
                report_due_days,
            };
            provinces.insert(
                folder.clone(),
                ProvinceContent {
                    info,
                    communes: Vec::new(),
                },
            );
        }
        for (p, c, parsed) in &loaded.communes {
            let file = &parsed.file;
            let commune_id = self.id(c, &file.path, None, "folder name", CommuneId::parse);
            let kind = self.choice(
                &file.path,
                pos(file, &["kind"]),
                "kind",
                &parsed.data.kind,
                &[("xa", "xa"), ("phuong", "phuong"), ("dac_khu", "dac_khu")],
            );
            let (Some(id), Some(kind)) = (commune_id, kind) else {
                continue;
            };
            let Some(province) = provinces.get_mut(p) else {
                continue;
            }; // reported below as a folder without _province.yaml
            let key = (p.clone(), c.clone());
            let targets = self.targets(
                file,
                &parsed.data.targets,
                TargetScope::Commune,
                catalogue,
                cited,
            );
            province.communes.push(CommuneContent {
                info: CommuneInfo {
                    id,
                    province: province.info.id.clone(),
                    name: parsed.data.name.clone(),
                    kind: kind.into(),
                    code: parsed.data.code.clone(),
                    population: parsed.data.population,
                    targets,
                },
                periods: periods.remove(&key).unwrap_or_default(),
                reports: reports.remove(&key).unwrap_or_default(),
            });
        }
        for (_, c, path) in &loaded.folders {
            match c {
                None if !path.join("_province.yaml").exists() => self.error(
                    Diagnostic::error(
                        path.join("_province.yaml"),
                        t(
                            "this province folder has no _province.yaml",
                            "thư mục tỉnh này thiếu tệp _province.yaml",
                        ),
                    )
                    .help(t(
                        "add _province.yaml with `name:` and `kind:` (tinh or thanh_pho)",
                        "thêm _province.yaml có `name:` và `kind:` (tinh hoặc thanh_pho)",
                    )),
                ),
                Some(c) if !path.join("commune.yaml").exists() && !is_reserved(c) => self.error(
                    Diagnostic::error(
                        path.join("commune.yaml"),
                        t(
                            "this commune folder has no commune.yaml",
                            "thư mục xã này thiếu tệp commune.yaml",
                        ),
                    )
                    .help(t(
                        "add commune.yaml with `name:` and `kind:` (xa, phuong or dac_khu)",
                        "thêm commune.yaml có `name:` và `kind:` (xa, phuong hoặc dac_khu)",
                    )),
                ),
                _ => {}
            }
        }
        provinces.into_values().collect()
    }
}

/// The longest delay a province may give: a year, so that a typo (`50` for `5`) still reads as a
/// number of days and a wild one (`5000`) is caught.
const MAX_DUE_DAYS: f64 = 366.0;

impl Validator {
    /// `report_due_days:` of `_province.yaml`: a whole number of days from 0 to a year.
    fn due_days(&mut self, file: &SourceFile, raw: Option<f64>) -> Option<u32> {
        let days = raw?;
        if days.fract() == 0.0 && (0.0..=MAX_DUE_DAYS).contains(&days) {
            return Some(days as u32);
        }
        self.error(
            Diagnostic::error(
                &file.path,
                t(
                    "`report_due_days` must be a whole number of days from 0 to 366",
                    "`report_due_days` phải là một số ngày nguyên từ 0 đến 366",
                ),
            )
            .at_opt(pos(file, &["report_due_days"]))
            .key("report_due_days")
            .found(format!("`{days}`"))
            .expected(t(
                "a whole number of days, 0 to 366",
                "một số ngày nguyên, từ 0 đến 366",
            ))
            .help(t(
                "write e.g. `report_due_days: 5` when reports are due five days after the period ends",
                "ví dụ `report_due_days: 5` khi báo cáo phải nộp chậm nhất 5 ngày sau ngày cuối kỳ",
            )),
        );
        None
    }
}

fn is_reserved(folder: &str) -> bool {
    folder.starts_with('_')
}
