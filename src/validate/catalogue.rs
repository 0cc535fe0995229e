//! The indicator catalogue (`indicators.yaml`): groups, then each indicator — unit, kind,
//! direction, ratio and part-of references, and its target.

use super::validator::Validator;
use crate::base::diagnostics::{Diagnostic, did_you_mean, t};
use crate::base::ids::{GroupId, IndicatorId};
use crate::domain::{Better, Group, Indicator, IndicatorKind, Target, Unit};
use crate::load::Parsed;
use crate::load::SourceFile;
use crate::load::locate::{list_item_key_position, list_item_position};
use crate::load::raw::{RawCatalogue, RawIndicator};
use std::collections::HashMap;

impl Validator {
    pub(super) fn catalogue(
        &mut self,
        parsed: &Parsed<RawCatalogue>,
    ) -> (Vec<Group>, Vec<Indicator>) {
        let file = &parsed.file;
        let raw = &parsed.data;
        let mut groups = Vec::new();
        let mut seen_groups: HashMap<String, usize> = HashMap::new();
        for g in &raw.groups {
            let at = list_item_position(&file.text, &g.id, 1);
            let Some(id) = self.id::<GroupId>(&g.id, &file.path, at, "groups.id", GroupId::parse)
            else {
                continue;
            };
            if seen_groups.insert(g.id.clone(), groups.len()).is_some() {
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t("this group id is used twice", "mã nhóm này bị dùng hai lần"),
                    )
                    .at_opt(at)
                    .key("groups.id")
                    .found(format!("`{}`", g.id))
                    .help(t("give each group its own id", "mỗi nhóm cần một mã riêng")),
                );
                continue;
            }
            let name = self.localized(&g.name, file, &["groups"], at);
            let description = g
                .description
                .as_ref()
                .map(|d| self.localized(d, file, &["groups"], at));
            groups.push(Group {
                id,
                name,
                description,
            });
        }
        let all_ids: Vec<&str> = raw.indicators.iter().map(|i| i.id.as_str()).collect();
        let units: HashMap<&str, &str> = raw
            .indicators
            .iter()
            .map(|i| (i.id.as_str(), i.unit.as_str()))
            .collect();
        let mut seen: HashMap<&str, ()> = HashMap::new();
        let mut indicators = Vec::new();
        for ind in &raw.indicators {
            let at = |key: &str| list_item_key_position(&file.text, &ind.id, key, 1);
            if seen.insert(ind.id.as_str(), ()).is_some() {
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t(
                            "this indicator id is used twice",
                            "mã chỉ tiêu này bị dùng hai lần",
                        ),
                    )
                    .at_opt(at("id"))
                    .key("indicators.id")
                    .found(format!("`{}`", ind.id))
                    .help(t(
                        "each indicator needs its own id; merge or rename one of them",
                        "mỗi chỉ tiêu cần một mã riêng; hãy gộp hoặc đổi tên một trong hai",
                    )),
                );
                continue;
            }
            if let Some(i) = self.indicator(ind, file, &seen_groups, &all_ids, &units, &at) {
                indicators.push(i);
            }
        }
        (groups, indicators)
    }

    #[allow(clippy::too_many_arguments)]
    fn indicator(
        &mut self,
        ind: &RawIndicator,
        file: &SourceFile,
        groups: &HashMap<String, usize>,
        all_ids: &[&str],
        units: &HashMap<&str, &str>,
        at: &dyn Fn(&str) -> Option<(usize, usize)>,
    ) -> Option<Indicator> {
        let path = &file.path;
        let key = |k: &str| format!("indicators[{}].{k}", ind.id);
        let id = self.id(&ind.id, path, at("id"), "indicators.id", IndicatorId::parse);
        let group = if groups.contains_key(&ind.group) {
            GroupId::parse(&ind.group).ok()
        } else {
            let names: Vec<&str> = groups.keys().map(String::as_str).collect();
            self.error(
                Diagnostic::error(
                    path,
                    t(
                        "this indicator names a group that is not defined",
                        "chỉ tiêu này ghi một nhóm chưa được định nghĩa",
                    ),
                )
                .at_opt(at("group"))
                .key(key("group"))
                .found(format!("`{}`", ind.group))
                .expected(t(
                    "the id of a group listed under `groups:`",
                    "mã của một nhóm có trong `groups:`",
                ))
                .help_opt(did_you_mean(&ind.group, names)),
            );
            None
        };
        let unit = self.choice(
            path,
            at("unit"),
            &key("unit"),
            &ind.unit,
            &[
                ("count", Unit::Count),
                ("vnd", Unit::Vnd),
                ("percent", Unit::Percent),
                ("yesno", Unit::Yesno),
            ],
        );
        let kind = self.choice(
            path,
            at("kind"),
            &key("kind"),
            &ind.kind,
            &[
                ("flow", IndicatorKind::Flow),
                ("stock", IndicatorKind::Stock),
                ("rate", IndicatorKind::Rate),
            ],
        );
        let better = match &ind.better {
            None => Some(Better::None),
            Some(b) => self.choice(
                path,
                at("better"),
                &key("better"),
                b,
                &[
                    ("higher", Better::Higher),
                    ("lower", Better::Lower),
                    ("none", Better::None),
                ],
            ),
        };
        let (id, group, unit, kind, better) = (id?, group?, unit?, kind?, better?);
        if (unit == Unit::Percent) != (kind == IndicatorKind::Rate) {
            let (u, k) = (unit.as_str(), kind.as_str());
            self.error(
                Diagnostic::error(path, t("a percent indicator must be of kind `rate`, and a rate must be in percent", "chỉ tiêu phần trăm phải có kind `rate`, và tỷ lệ phải tính bằng phần trăm"))
                    .at_opt(at("kind"))
                    .key(key("kind"))
                    .found(t(format!("unit {u}, kind {k}"), format!("unit {u}, kind {k}")))
                    .help(t("use `unit: percent` with `kind: rate`, or a count with `kind: flow` or `stock`", "dùng `unit: percent` với `kind: rate`, hoặc một số đếm với `kind: flow` hay `stock`")),
            );
            return None;
        }
        let reference = |this: &mut Self, other: &str, what: &str| -> Option<IndicatorId> {
            if other == ind.id {
                this.error(
                    Diagnostic::error(
                        path,
                        t(
                            format!("an indicator cannot be its own {what}"),
                            format!("một chỉ tiêu không thể là `{what}` của chính nó"),
                        ),
                    )
                    .at_opt(at(what))
                    .key(key(what))
                    .found(format!("`{other}`")),
                );
                return None;
            }
            if !all_ids.contains(&other) {
                this.error(
                    Diagnostic::error(
                        path,
                        t(
                            format!("`{what}` names an indicator that is not in the catalogue"),
                            format!("`{what}` ghi một chỉ tiêu không có trong danh mục"),
                        ),
                    )
                    .at_opt(at(what))
                    .key(key(what))
                    .found(format!("`{other}`"))
                    .help_opt(did_you_mean(other, all_ids.iter().copied())),
                );
                return None;
            }
            match units.get(other) {
                Some(&"count") | Some(&"vnd") => IndicatorId::parse(other).ok(),
                found => {
                    this.error(
                        Diagnostic::error(
                            path,
                            t(
                                format!("`{what}` must name a count or money indicator"),
                                format!("`{what}` phải ghi một chỉ tiêu đếm hoặc tiền"),
                            ),
                        )
                        .at_opt(at(what))
                        .key(key(what))
                        .found(format!(
                            "`{other}` (unit {})",
                            found.copied().unwrap_or("?")
                        )),
                    );
                    None
                }
            }
        };
        let ratio = match &ind.ratio {
            None => None,
            Some(pair) if pair.len() == 2 && unit == Unit::Percent => {
                let (n, d) = (
                    reference(self, &pair[0], "ratio"),
                    reference(self, &pair[1], "ratio"),
                );
                if let (Some(n), Some(d)) = (&n, &d)
                    && units.get(n.as_str()) != units.get(d.as_str())
                {
                    self.error(
                        Diagnostic::error(
                            path,
                            t(
                                "the two sides of a ratio must have the same unit",
                                "tử số và mẫu số của tỷ lệ phải cùng đơn vị",
                            ),
                        )
                        .at_opt(at("ratio"))
                        .key(key("ratio"))
                        .found(format!("{n} / {d}")),
                    );
                }
                Some((n?, d?))
            }
            Some(pair) => {
                self.error(
                    Diagnostic::error(
                        path,
                        t(
                            "`ratio` needs exactly two indicator ids, on a percent indicator",
                            "`ratio` cần đúng hai mã chỉ tiêu, trên một chỉ tiêu phần trăm",
                        ),
                    )
                    .at_opt(at("ratio"))
                    .key(key("ratio"))
                    .found(t(
                        format!("{} ids, unit {}", pair.len(), unit.as_str()),
                        format!("{} mã, unit {}", pair.len(), unit.as_str()),
                    ))
                    .expected(t(
                        "ratio: [numerator, denominator] on an indicator with unit: percent",
                        "ratio: [tử_số, mẫu_số] trên một chỉ tiêu có unit: percent",
                    ))
                    .help(t(
                        "e.g. ratio: [dossiers_online, dossiers_received]",
                        "ví dụ ratio: [dossiers_online, dossiers_received]",
                    )),
                );
                return None;
            }
        };
        let part_of = match &ind.part_of {
            None => None,
            Some(w) => {
                let whole = reference(self, w, "part_of")?;
                if units.get(w.as_str()) != Some(&ind.unit.as_str()) {
                    self.error(
                        Diagnostic::error(
                            path,
                            t(
                                "a part and its whole must have the same unit",
                                "phần và tổng của nó phải cùng đơn vị",
                            ),
                        )
                        .at_opt(at("part_of"))
                        .key(key("part_of"))
                        .found(format!(
                            "{} is {}, {} is {}",
                            ind.id,
                            ind.unit,
                            w,
                            units.get(w.as_str()).unwrap_or(&"?")
                        )),
                    );
                    return None;
                }
                Some(whole)
            }
        };
        let target = ind.target.as_ref().and_then(|tg| {
            let ok = self.range(
                tg.min,
                tg.max,
                unit,
                &file.path,
                at("target"),
                &key("target"),
            );
            let note = tg
                .note
                .as_ref()
                .map(|n| self.localized(n, file, &["indicators"], at("target")));
            // A catalogue target names no document and applies to every commune, always.
            ok.then_some(Target {
                min: tg.min,
                max: tg.max,
                note,
                from: None,
                to: None,
                source: None,
            })
        });
        Some(Indicator {
            id,
            group,
            name: self.localized(&ind.name, file, &["indicators"], at("name")),
            description: ind
                .description
                .as_ref()
                .map(|d| self.localized(d, file, &["indicators"], at("description"))),
            unit,
            unit_label: ind
                .unit_label
                .as_ref()
                .map(|d| self.localized(d, file, &["indicators"], at("unit_label"))),
            kind,
            better,
            ratio,
            target,
            headline: ind.headline,
            part_of,
        })
    }
}
