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
                    let mut d =
                        Diagnostic::warning(&period.info.file, self.describe(obs.indicator(), w))
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

    /// One sentence about a warning on a figure of indicator `i`, in both languages of the
    /// tool, naming the indicators and quoting the figures, each language with its own number
    /// format (`14.706/14.722` and `99,89%` in Vietnamese; `14,706/14,722` and `99.89%` in
    /// English).
    pub fn describe(&self, i: usize, w: &DataWarning) -> Text {
        let name = |i: usize, lang: &str| {
            self.indicators
                .get(i)
                .map(|ind| ind.name.get(lang).to_string())
                .unwrap_or_default()
        };
        let (vi, en) = (
            |x: f64| format::exact(x, "vi"),
            |x: f64| format::exact(x, "en"),
        );
        match w {
            DataWarning::RateMismatch {
                reported,
                computed,
                numerator,
                denominator,
            } => {
                let c = round(*computed, 2);
                t(
                    format!(
                        "{}: the commune reported {}%, but {}/{} is {}%",
                        name(i, "en"),
                        en(*reported),
                        en(*numerator),
                        en(*denominator),
                        en(c)
                    ),
                    format!(
                        "{}: xã ghi {}%, nhưng {}/{} là {}%",
                        name(i, "vi"),
                        vi(*reported),
                        vi(*numerator),
                        vi(*denominator),
                        vi(c)
                    ),
                )
            }
            DataWarning::PartExceedsWhole {
                part,
                part_value,
                whole,
                whole_value,
            } => t(
                format!(
                    "{} ({}) is larger than {} ({}), of which it is a part",
                    name(*part, "en"),
                    en(*part_value),
                    name(*whole, "en"),
                    en(*whole_value)
                ),
                format!(
                    "{} ({}) lớn hơn {} ({}), trong khi nó chỉ là một phần của số này",
                    name(*part, "vi"),
                    vi(*part_value),
                    name(*whole, "vi"),
                    vi(*whole_value)
                ),
            ),
            DataWarning::PartsExceedWhole {
                parts,
                sum,
                whole,
                whole_value,
            } => {
                let list = |lang: &str| {
                    parts
                        .iter()
                        .map(|p| name(*p, lang))
                        .collect::<Vec<_>>()
                        .join(" + ")
                };
                t(
                    format!(
                        "{} add up to {}, more than {} ({})",
                        list("en"),
                        en(*sum),
                        name(*whole, "en"),
                        en(*whole_value)
                    ),
                    format!(
                        "{} cộng lại được {}, nhiều hơn {} ({})",
                        list("vi"),
                        vi(*sum),
                        name(*whole, "vi"),
                        vi(*whole_value)
                    ),
                )
            }
            DataWarning::InputWarned { input } => t(
                format!(
                    "{} is computed from {}, which has a data-quality warning",
                    name(i, "en"),
                    name(*input, "en")
                ),
                format!(
                    "{} được tính từ {}, là số liệu có cảnh báo về chất lượng",
                    name(i, "vi"),
                    name(*input, "vi")
                ),
            ),
        }
    }
}
