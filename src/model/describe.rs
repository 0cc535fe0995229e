//! Data warnings in words: one sentence in both languages for each [`DataWarning`], and every
//! warning of the site as a command-line diagnostic.

use super::rounding::round;
use super::site::Site;
use super::warning::DataWarning;
use crate::base::diagnostics::{Diagnostic, Text, t};
use crate::format;

impl Site {
    /// Every data warning as a command-line diagnostic (English), pointing at the period file.
    pub fn warning_diagnostics(&self) -> Vec<Diagnostic> {
        self.warning_diagnostics_except(&Default::default())
    }

    /// [`Site::warning_diagnostics`] but for the communes `known` (`(province id, commune
    /// id)`), whose warnings the checked-content cache keeps with them; their periods are not
    /// read.
    pub fn warning_diagnostics_except(
        &self,
        known: &std::collections::HashSet<(String, String)>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (province, commune) in self.communes() {
            let id = (
                province.info.id.as_str().to_string(),
                commune.info.id.as_str().to_string(),
            );
            if !known.is_empty() && known.contains(&id) {
                continue;
            }
            for period in &commune.periods {
                for (obs, w) in period.warnings() {
                    let id = &self.indicators[obs.indicator()].id;
                    let mut d = Diagnostic::warning(&period.info.file, self.describe(w))
                        .key(format!("values.{id}"))
                        .help(t(
                            "the build goes on; the site shows this to readers as a data-quality note",
                            "trang vẫn được dựng; trang web nêu điều này cho người đọc như một ghi chú về chất lượng số liệu",
                        ));
                    if let Some(line) = obs.line() {
                        d = d.at(line, 3);
                    }
                    out.push(d);
                }
            }
        }
        out
    }

    /// One sentence about a warning, in both languages of the tool, each with its own number
    /// format (`24,78%` in Vietnamese, `24.78%` in English).
    pub fn describe(&self, w: &DataWarning) -> Text {
        let id = |i: usize| self.indicators[i].id.as_str();
        let vi = |x: f64| format::exact(x, "vi");
        let en = |x: f64| format::exact(x, "en");
        match w {
            DataWarning::RateMismatch { reported, computed } => {
                let c = round(*computed, 2);
                t(
                    format!(
                        "the reported rate {}% differs from the {}% its own counts give",
                        en(*reported),
                        en(c)
                    ),
                    format!(
                        "tỷ lệ báo cáo {}% khác với {}% tính từ chính các số đếm của nó",
                        vi(*reported),
                        vi(c)
                    ),
                )
            }
            DataWarning::PartExceedsWhole {
                part,
                part_value,
                whole,
                whole_value,
            } => {
                let (p, w) = (id(*part), id(*whole));
                t(
                    format!(
                        "{p} ({}) is larger than {w} ({}), of which it is a part",
                        en(*part_value),
                        en(*whole_value)
                    ),
                    format!(
                        "{p} ({}) lớn hơn {w} ({}), trong khi nó chỉ là một phần của {w}",
                        vi(*part_value),
                        vi(*whole_value)
                    ),
                )
            }
            DataWarning::PartsExceedWhole {
                parts,
                sum,
                whole,
                whole_value,
            } => {
                let ps = parts.iter().map(|p| id(*p)).collect::<Vec<_>>().join(" + ");
                let w = id(*whole);
                t(
                    format!(
                        "{ps} add up to {}, more than {w} ({})",
                        en(*sum),
                        en(*whole_value)
                    ),
                    format!(
                        "{ps} cộng lại được {}, nhiều hơn {w} ({})",
                        vi(*sum),
                        vi(*whole_value)
                    ),
                )
            }
        }
    }
}
