//! Stage 2 — validate: check every loaded file against the content contract and collect
//! every problem (never stopping at the first), producing typed [`Content`].

use crate::base::diagnostics::{Diagnostic, Diagnostics, Text, did_you_mean, t};
use crate::base::ids::*;
use crate::domain::*;
use crate::load::locate::{key_position, list_item_key_position, list_item_position};
use crate::load::raw::*;
use crate::load::{Document, Loaded, Parsed, SourceFile};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

mod releases;

/// Checks everything that was loaded. Returns the content when there is no error, and every
/// diagnostic (errors and hygiene warnings) either way.
pub fn validate(mut loaded: Loaded) -> (Option<Content>, Diagnostics) {
    let mut v = Validator {
        diags: std::mem::take(&mut loaded.diagnostics),
        languages: vec!["vi".into()],
    };
    let site = loaded.site.as_ref().and_then(|p| v.site(p));
    if let Some(site) = &site {
        v.languages = site.languages.clone();
    }
    let (groups, indicators) = loaded
        .catalogue
        .as_ref()
        .map(|c| v.catalogue(c))
        .unwrap_or_default();
    let catalogue: HashMap<&str, &Indicator> =
        indicators.iter().map(|i| (i.id.as_str(), i)).collect();

    // Files are checked independently, so in parallel; each worker collects its own
    // problems and they are merged (and sorted) afterwards.
    // Each file is dropped as soon as it is checked, so the raw and the checked forms of
    // the content are never both whole in memory.
    type Checked<T> = (String, String, Option<T>, Diagnostics);
    let checked: Vec<Checked<Report>> = std::mem::take(&mut loaded.reports)
        .into_par_iter()
        .map(|(p, c, id, doc)| {
            let (report, diags) = v.worker().run(|w| w.report(&id, doc));
            (p, c, report, diags)
        })
        .collect();
    let mut reports: BTreeMap<(String, String), Vec<Report>> = BTreeMap::new();
    for (p, c, report, diags) in checked {
        v.diags.extend(diags);
        if let Some(r) = report {
            reports.entry((p, c)).or_default().push(r);
        }
    }
    let checked: Vec<Checked<PeriodData>> = std::mem::take(&mut loaded.periods)
        .into_par_iter()
        .map(|(p, c, id, parsed)| {
            let known_reports = reports
                .get(&(p.clone(), c.clone()))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let (period, diags) = v
                .worker()
                .run(|w| w.period(&id, &parsed, &catalogue, known_reports));
            (p, c, period, diags)
        })
        .collect();
    let mut periods: BTreeMap<(String, String), Vec<PeriodData>> = BTreeMap::new();
    for (p, c, period, diags) in checked {
        v.diags.extend(diags);
        if let Some(period) = period {
            periods.entry((p, c)).or_default().push(period);
        }
    }
    for list in periods.values() {
        v.duplicate_windows(list);
    }
    let provinces = v.provinces(&loaded, &mut periods, &mut reports);
    let pages = v.pages(&loaded.pages);
    let releases = v.releases(std::mem::take(&mut loaded.releases));
    drop(catalogue);

    let mut diags = v.diags;
    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    let Some(site) = site else {
        return (None, diags);
    };
    (
        Some(Content {
            site,
            groups,
            indicators,
            provinces,
            pages,
            releases,
        }),
        diags,
    )
}

struct Validator {
    diags: Diagnostics,
    languages: Vec<String>,
}

impl Validator {
    /// A validator with the same settings and no problems yet, for one worker thread.
    fn worker(&self) -> Validator {
        Validator {
            diags: Diagnostics::default(),
            languages: self.languages.clone(),
        }
    }

    /// Runs one check, returning its result with the problems it found.
    fn run<T>(mut self, check: impl FnOnce(&mut Validator) -> T) -> (T, Diagnostics) {
        let result = check(&mut self);
        (result, self.diags)
    }
}

/// Position of a key path in a YAML file.
fn pos(file: &SourceFile, path: &[&str]) -> Option<(usize, usize)> {
    key_position(&file.text, path, 1)
}

impl Validator {
    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn date(
        &mut self,
        file: &SourceFile,
        path: &[&str],
        text: &str,
        position: Option<(usize, usize)>,
    ) -> Option<NaiveDate> {
        match parse_date(text) {
            Ok(d) => Some(d),
            Err(help) => {
                let position = position.or_else(|| pos(file, path));
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t("this is not a valid date", "ngày không hợp lệ"),
                    )
                    .at_opt(position)
                    .key(path.join("."))
                    .found(format!("`{text}`"))
                    .expected(t(
                        "a date written YYYY-MM-DD",
                        "một ngày viết theo dạng YYYY-MM-DD",
                    ))
                    .help(help),
                );
                None
            }
        }
    }

    fn localized(
        &mut self,
        raw: &RawLocalized,
        file: &SourceFile,
        path: &[&str],
        position: Option<(usize, usize)>,
    ) -> Localized {
        let languages = self.languages.clone();
        match raw {
            RawLocalized::Same(s) => {
                Localized(languages.iter().map(|l| (l.clone(), s.clone())).collect())
            }
            RawLocalized::PerLanguage(map) => {
                for lang in map.keys().filter(|l| !languages.contains(l)) {
                    self.diags.push(
                        Diagnostic::warning(&file.path, t(format!("text in language `{lang}`, which site.yaml does not list"), format!("văn bản bằng ngôn ngữ `{lang}`, ngôn ngữ không có trong site.yaml")))
                            .at_opt(position.or_else(|| pos(file, path)))
                            .key(format!("{}.{lang}", path.join(".")))
                            .help(t(format!("site languages are {}; add `{lang}` to `languages` in site.yaml or remove this text", languages.join(", ")), format!("các ngôn ngữ của trang là {}; thêm `{lang}` vào `languages` trong site.yaml hoặc xóa văn bản này", languages.join(", ")))),
                    );
                }
                let default = &languages[0];
                if !map.contains_key(default) {
                    self.error(
                        Diagnostic::error(
                            &file.path,
                            t(
                                format!("text in the default language `{default}` is missing"),
                                format!("thiếu văn bản bằng ngôn ngữ mặc định `{default}`"),
                            ),
                        )
                        .at_opt(position.or_else(|| pos(file, path)))
                        .key(path.join("."))
                        .found({
                            let found = map.keys().cloned().collect::<Vec<_>>().join(", ");
                            t(format!("languages {found}"), format!("các ngôn ngữ {found}"))
                        })
                        .help(t(
                            format!("add `{default}: \"…\"` (pages in other languages fall back to it)"),
                            format!("thêm `{default}: \"…\"` (trang bằng ngôn ngữ khác sẽ dùng văn bản này khi thiếu)"),
                        )),
                    );
                }
                Localized(
                    languages
                        .iter()
                        .filter_map(|l| map.get(l).map(|t| (l.clone(), t.clone())))
                        .collect(),
                )
            }
        }
    }

    fn site(&mut self, parsed: &Parsed<RawSite>) -> Option<SiteConfig> {
        let raw = &parsed.data;
        let file = &parsed.file;
        let mut ok = true;
        if raw.languages.is_empty() {
            ok = false;
            self.error(
                Diagnostic::error(
                    &file.path,
                    t("no language is listed", "chưa liệt kê ngôn ngữ nào"),
                )
                .at_opt(pos(file, &["languages"]))
                .key("languages")
                .expected(t(
                    "a list such as [vi, en]; the first is the default language",
                    "một danh sách như [vi, en]; ngôn ngữ đầu tiên là ngôn ngữ mặc định",
                )),
            );
        }
        for lang in &raw.languages {
            if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
                ok = false;
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t("this is not a language code", "đây không phải mã ngôn ngữ"),
                    )
                    .at_opt(pos(file, &["languages"]))
                    .key("languages")
                    .found(format!("`{lang}`"))
                    .expected(t(
                        "a two- or three-letter lowercase code such as `vi` or `en`",
                        "một mã hai hoặc ba chữ thường như `vi` hoặc `en`",
                    )),
                );
            }
        }
        if ok {
            self.languages = raw.languages.clone();
        }
        let theme = raw.theme.clone().unwrap_or_else(|| "default".into());
        if !is_valid_id(&theme) {
            ok = false;
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "the theme name is not a valid folder name",
                        "tên giao diện (theme) không phải tên thư mục hợp lệ",
                    ),
                )
                .at_opt(pos(file, &["theme"]))
                .key("theme")
                .found(format!("`{theme}`"))
                .expected(t(
                    "the name of a folder in themes/, e.g. `default`",
                    "tên một thư mục trong themes/, ví dụ `default`",
                )),
            );
        }
        let mut base_url = raw.base_url.trim().to_string();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            ok = false;
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "base_url must be a full web address",
                        "base_url phải là một địa chỉ web đầy đủ",
                    ),
                )
                .at_opt(pos(file, &["base_url"]))
                .key("base_url")
                .found(format!("`{base_url}`"))
                .expected(t(
                    "an address such as https://example.org/nq57/",
                    "một địa chỉ như https://example.org/nq57/",
                )),
            );
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let title = self.localized(&raw.title, file, &["title"], None);
        let description = raw
            .description
            .as_ref()
            .map(|d| self.localized(d, file, &["description"], None));
        let notice = raw
            .notice
            .as_ref()
            .map(|d| self.localized(d, file, &["notice"], None));
        ok.then(|| SiteConfig {
            title,
            description,
            notice,
            base_url,
            languages: raw.languages.clone(),
            publisher: raw.publisher.clone(),
            data_license: raw.data_license.clone(),
            theme,
        })
    }

    fn catalogue(&mut self, parsed: &Parsed<RawCatalogue>) -> (Vec<Group>, Vec<Indicator>) {
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

    fn id<T>(
        &mut self,
        s: &str,
        file: &Path,
        at: Option<(usize, usize)>,
        key: &str,
        parse: fn(&str) -> Result<T, IdError>,
    ) -> Option<T> {
        match parse(s) {
            Ok(id) => Some(id),
            Err(e) => {
                let suggestion = crate::base::ids::suggest_id(&e.found);
                self.error(
                    Diagnostic::error(file, t("invalid id", "mã không hợp lệ"))
                        .at_opt(at)
                        .key(key)
                        .found(format!("`{s}`"))
                        .expected(crate::base::ids::id_rules())
                        .help(t(
                            format!("write it e.g. as `{suggestion}`"),
                            format!("hãy viết ví dụ là `{suggestion}`"),
                        )),
                );
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        file: &Path,
        at: Option<(usize, usize)>,
        key: &str,
        found: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == found) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        self.error(
            Diagnostic::error(
                file,
                t(
                    format!("`{key}` has a value that is not allowed"),
                    format!("`{key}` có giá trị không được phép"),
                ),
            )
            .at_opt(at)
            .key(key)
            .found(format!("`{found}`"))
            .expected(one_of(&names))
            .help_opt(did_you_mean(found, names.iter().copied())),
        );
        None
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
        let target = ind
            .target
            .as_ref()
            .and_then(|tg| self.target(tg, unit, file, at("target"), &key("target")));
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

    fn target(
        &mut self,
        target: &RawTarget,
        unit: Unit,
        file: &SourceFile,
        at: Option<(usize, usize)>,
        key: &str,
    ) -> Option<Target> {
        let bad = |msg: Text, found: Text| {
            Diagnostic::error(&file.path, msg)
                .at_opt(at)
                .key(key.to_string())
                .found(found)
        };
        if target.min.is_none() && target.max.is_none() {
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
            return None;
        }
        if unit == Unit::Yesno {
            self.error(bad(
                t(
                    "a yes/no indicator cannot have a numeric target",
                    "chỉ tiêu có/không không thể có mục tiêu bằng số",
                ),
                t("target on a yesno indicator", "target trên chỉ tiêu yesno"),
            ));
            return None;
        }
        for v in [target.min, target.max].into_iter().flatten() {
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
                return None;
            }
        }
        if let (Some(a), Some(b)) = (target.min, target.max)
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
            return None;
        }
        let note = target
            .note
            .as_ref()
            .map(|n| self.localized(n, file, &["indicators"], at));
        Some(Target {
            min: target.min,
            max: target.max,
            note,
        })
    }

    fn report(&mut self, id: &str, doc: Document<RawReportMeta>) -> Option<Report> {
        let file = &doc.file;
        // Front matter keys come before the body, so the first match in the whole file is theirs.
        let fm = |path: &[&str]| key_position(&file.text, path, 1).or(Some((1, 1)));
        let id = self.id(id, &file.path, None, "file name", ReportId::parse);
        let m = &doc.meta;
        let date = self.date(file, &["date"], &m.date, fm(&["date"]));
        let start = self.date(
            file,
            &["period", "start"],
            &m.period.start,
            fm(&["period", "start"]),
        );
        let end = self.date(
            file,
            &["period", "end"],
            &m.period.end,
            fm(&["period", "end"]),
        );
        let language = m
            .language
            .clone()
            .unwrap_or_else(|| self.languages[0].clone());
        if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            self.error(
                Diagnostic::error(
                    &file.path,
                    t("this is not a language code", "đây không phải mã ngôn ngữ"),
                )
                .at_opt(fm(&["language"]))
                .key("language")
                .found(format!("`{language}`"))
                .expected(t("a code such as `vi`", "một mã như `vi`")),
            );
            return None;
        }
        let (id, date, start, end) = (id?, date?, start?, end?);
        if end < start {
            self.error(end_before_start(
                &file.path,
                fm(&["period", "end"]),
                "period",
                start,
                end,
            ));
            return None;
        }
        Some(Report {
            id,
            title: m.title.clone(),
            number: m.number.clone(),
            issued_by: m.issued_by.clone(),
            signed_by: m.signed_by.clone(),
            date,
            start,
            end,
            language,
            body: doc.body,
            file: doc.file.path,
        })
    }

    fn period(
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

    fn duplicate_windows(&mut self, periods: &[PeriodData]) {
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

    fn provinces(
        &mut self,
        loaded: &Loaded,
        periods: &mut BTreeMap<(String, String), Vec<PeriodData>>,
        reports: &mut BTreeMap<(String, String), Vec<Report>>,
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
            let info = ProvinceInfo {
                id,
                name: parsed.data.name.clone(),
                kind: kind.into(),
                code: parsed.data.code.clone(),
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
            province.communes.push(CommuneContent {
                info: CommuneInfo {
                    id,
                    province: province.info.id.clone(),
                    name: parsed.data.name.clone(),
                    kind: kind.into(),
                    code: parsed.data.code.clone(),
                    population: parsed.data.population,
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

    fn pages(&mut self, pages: &[(String, String, Document<RawPageMeta>)]) -> Vec<Page> {
        let mut out = Vec::new();
        for (id, lang, doc) in pages {
            let path = &doc.file.path;
            let Some(page_id) = self.id(id, path, None, "file name", PageId::parse) else {
                continue;
            };
            if !self.languages.contains(lang) {
                self.error(
                    Diagnostic::error(path, t("this page is in a language the site does not publish", "trang này bằng một ngôn ngữ mà trang web không xuất bản"))
                        .key("file name")
                        .found(format!("`{lang}`"))
                        .expected(one_of(&self.languages.iter().map(String::as_str).collect::<Vec<_>>()))
                        .help(t(format!("rename it to `{id}.{}.md`, or add `{lang}` to `languages` in site.yaml", self.languages[0]), format!("đổi tên thành `{id}.{}.md`, hoặc thêm `{lang}` vào `languages` trong site.yaml", self.languages[0]))),
                );
                continue;
            }
            let m = &doc.meta;
            out.push(Page {
                id: page_id,
                lang: lang.clone(),
                title: m.title.clone(),
                description: m.description.clone(),
                weight: m.weight,
                body: doc.body.clone(),
            });
        }
        out
    }
}

fn is_reserved(folder: &str) -> bool {
    folder.starts_with('_')
}

fn end_before_start(
    path: &Path,
    at: Option<(usize, usize)>,
    key: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> Diagnostic {
    Diagnostic::error(
        path,
        t(
            "the period ends before it starts",
            "kỳ báo cáo kết thúc trước khi bắt đầu",
        ),
    )
    .at_opt(at)
    .key(format!("{key}.end"))
    .found(t(
        format!("start {start}, end {end}"),
        format!("bắt đầu {start}, kết thúc {end}"),
    ))
    .expected(t(
        "an end date on or after the start date",
        "ngày kết thúc bằng hoặc sau ngày bắt đầu",
    ))
    .help(t(
        "check whether the two dates were swapped",
        "kiểm tra xem hai ngày có bị đảo chỗ không",
    ))
}

/// "one of: a, b, c" in both languages.
fn one_of(names: &[&str]) -> Text {
    let list = names.join(", ");
    t(format!("one of: {list}"), format!("một trong: {list}"))
}

/// Why a value does not fit its indicator.
#[derive(Debug, PartialEq)]
pub struct ValueProblem {
    /// One-sentence summary.
    pub message: Text,
    /// What was written.
    pub found: Text,
    /// What fits.
    pub expected: Text,
    /// Advice.
    pub help: Option<Text>,
}

/// Checks one value of a period file against its indicator's unit.
pub fn check_value(
    v: &serde_yaml::Value,
    indicator: &Indicator,
) -> Result<(Value, Option<String>), ValueProblem> {
    use serde_yaml::Value as Y;
    let (inner, note) = match v {
        Y::Mapping(m) => {
            for k in m.keys() {
                if !matches!(k.as_str(), Some("value") | Some("note")) {
                    return Err(problem(
                        t(
                            "unknown key in a value block",
                            "khóa không hợp lệ trong khối giá trị",
                        ),
                        format!("`{}`", k.as_str().unwrap_or("?")),
                        t("only `value:` and `note:`", "chỉ `value:` và `note:`"),
                        Some(t(
                            "write {value: 123, note: \"…\"}",
                            "viết {value: 123, note: \"…\"}",
                        )),
                    ));
                }
            }
            let Some(inner) = m.get("value") else {
                return Err(ValueProblem {
                    message: t("`value:` is missing", "thiếu `value:`"),
                    found: t("a block without `value:`", "một khối không có `value:`"),
                    expected: t(
                        "{value: <number or null>, note: \"…\"}",
                        "{value: <số hoặc null>, note: \"…\"}",
                    ),
                    help: Some(t(
                        "use `value: null` when the report gives no figure",
                        "dùng `value: null` khi báo cáo không nêu số liệu",
                    )),
                });
            };
            let note = match m.get("note") {
                None | Some(Y::Null) => None,
                Some(Y::String(s)) => Some(s.clone()),
                Some(other) => Some(yaml_scalar_text(other)),
            };
            (inner, note)
        }
        other => (other, None),
    };
    let value = match (inner, indicator.unit) {
        (Y::Null, _) => Value::NotReported,
        (Y::Bool(b), Unit::Yesno) => Value::Bool(*b),
        (other, Unit::Yesno) => {
            return Err(problem(
                t(
                    "a yes/no indicator needs true or false",
                    "chỉ tiêu có/không cần giá trị true hoặc false",
                ),
                yaml_scalar_text(other),
                t("`true` or `false`", "`true` hoặc `false`"),
                Some(t(
                    "write `true` for có / đã, `false` for không / chưa",
                    "viết `true` cho có / đã, `false` cho không / chưa",
                )),
            ));
        }
        (Y::Number(n), unit) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            check_number(x, unit)?;
            Value::Number(x)
        }
        (Y::String(s), unit) => return Err(string_problem(s, unit)),
        (other, unit) => {
            return Err(problem(
                t("this value is not a number", "giá trị này không phải là số"),
                yaml_scalar_text(other),
                expected_for(unit),
                None,
            ));
        }
    };
    Ok((value, note))
}

fn problem(message: Text, found: String, expected: Text, help: Option<Text>) -> ValueProblem {
    ValueProblem {
        message,
        found: found.into(),
        expected,
        help,
    }
}

fn expected_for(unit: Unit) -> Text {
    match unit {
        Unit::Count => t(
            "a whole number of 0 or more, e.g. 961",
            "một số nguyên từ 0 trở lên, ví dụ 961",
        ),
        Unit::Vnd => t(
            "a whole number of đồng, 0 or more, e.g. 200000000",
            "số đồng, nguyên, từ 0 trở lên, ví dụ 200000000",
        ),
        Unit::Percent => t(
            "a percentage from 0 to 100, e.g. 97.6",
            "một tỷ lệ phần trăm từ 0 đến 100, ví dụ 97.6",
        ),
        Unit::Yesno => t("`true` or `false`", "`true` hoặc `false`"),
    }
}

fn check_number(x: f64, unit: Unit) -> Result<(), ValueProblem> {
    let text = crate::format::plain(x);
    if !x.is_finite() {
        return Err(problem(
            t("this number is not usable", "số này không dùng được"),
            text,
            expected_for(unit),
            None,
        ));
    }
    match unit {
        Unit::Percent if !(0.0..=100.0).contains(&x) => Err(problem(
            t(
                "a percentage must be between 0 and 100",
                "tỷ lệ phần trăm phải từ 0 đến 100",
            ),
            text,
            expected_for(unit),
            Some(if x > 100.0 {
                t(
                    "if the report says more than 100%, keep the report's words in `note:` and check the figure with the commune",
                    "nếu báo cáo ghi hơn 100%, hãy giữ nguyên lời báo cáo trong `note:` và kiểm tra lại số liệu với xã",
                )
            } else {
                t(
                    "percentages cannot be negative",
                    "tỷ lệ phần trăm không thể âm",
                )
            }),
        )),
        Unit::Count | Unit::Vnd if x < 0.0 => Err(problem(
            t(
                "a count or amount cannot be negative",
                "số đếm hoặc số tiền không thể âm",
            ),
            text,
            expected_for(unit),
            None,
        )),
        Unit::Count | Unit::Vnd if x.fract() != 0.0 => Err(problem(
            t(
                "this must be a whole number",
                "giá trị này phải là số nguyên",
            ),
            text.clone(),
            expected_for(unit),
            Some(if unit == Unit::Vnd {
                t(
                    "write money in đồng, not triệu or tỷ: 0,2 tỷ is 200000000",
                    "ghi tiền bằng đồng, không ghi triệu hay tỷ: 0,2 tỷ là 200000000",
                )
            } else {
                let plain = text.replace('.', "");
                t(
                    format!(
                        "if `{text}` uses a dot as thousands separator, write it without one: {plain}"
                    ),
                    format!(
                        "nếu `{text}` dùng dấu chấm phân cách hàng nghìn, hãy viết liền: {plain}"
                    ),
                )
            }),
        )),
        _ => Ok(()),
    }
}

fn string_problem(s: &str, unit: Unit) -> ValueProblem {
    let w = s.trim();
    let grouped = w
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
        && w.chars().any(|c| c.is_ascii_digit());
    let without_separators = |plain: String| {
        t(
            format!("write it without separators: {plain}"),
            format!("hãy viết liền, không dấu phân cách: {plain}"),
        )
    };
    let help = if grouped && matches!(unit, Unit::Count | Unit::Vnd) {
        without_separators(w.replace(['.', ',', ' '], ""))
    } else if w.contains('/') {
        t(
            "write the percentage as one number (e.g. 93.97), or give the two counts under their own ids so minhbach computes it",
            "ghi tỷ lệ bằng một số (ví dụ 93.97), hoặc ghi hai số đếm dưới mã riêng của chúng để minhbach tự tính",
        )
    } else if w.ends_with('%') {
        let plain = w.trim_end_matches('%').trim().replace(',', ".");
        t(
            format!("drop the % sign: write {plain}"),
            format!("bỏ dấu %: viết {plain}"),
        )
    } else if w.contains(',') && w.replace(',', ".").parse::<f64>().is_ok() {
        let plain = w.replace(',', ".");
        t(
            format!("use a decimal point: write {plain}"),
            format!("dùng dấu chấm thập phân: viết {plain}"),
        )
    } else if w
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
        && w.chars().any(|c| c.is_ascii_digit())
    {
        without_separators(w.replace(['.', ' '], ""))
    } else {
        t(
            "write only the figure; put words in `note:`, e.g. {value: null, note: \"Không báo cáo\"}",
            "chỉ ghi con số; ghi lời vào `note:`, ví dụ {value: null, note: \"Không báo cáo\"}",
        )
    };
    let help = Some(help);
    problem(
        t(
            "this value is text, not a number",
            "giá trị này là chữ, không phải số",
        ),
        format!("\"{s}\""),
        expected_for(unit),
        help,
    )
}

fn yaml_scalar_text(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(unit: Unit) -> Indicator {
        Indicator {
            id: IndicatorId::parse("x").unwrap(),
            group: GroupId::parse("g").unwrap(),
            name: Localized(vec![]),
            description: None,
            unit,
            unit_label: None,
            kind: if unit == Unit::Percent {
                IndicatorKind::Rate
            } else {
                IndicatorKind::Stock
            },
            better: Better::None,
            ratio: None,
            target: None,
            headline: false,
            part_of: None,
        }
    }

    fn check(yaml: &str, unit: Unit) -> Result<(Value, Option<String>), ValueProblem> {
        check_value(&serde_yaml::from_str(yaml).unwrap(), &indicator(unit))
    }

    #[test]
    fn accepts_spec_value_forms() {
        assert_eq!(check("961", Unit::Count), Ok((Value::Number(961.0), None)));
        assert_eq!(
            check("97.6", Unit::Percent),
            Ok((Value::Number(97.6), None))
        );
        assert_eq!(check("true", Unit::Yesno), Ok((Value::Bool(true), None)));
        assert_eq!(
            check("{value: 200000000, note: \"0,2 tỷ đồng\"}", Unit::Vnd),
            Ok((Value::Number(200000000.0), Some("0,2 tỷ đồng".into())))
        );
        assert_eq!(
            check("{value: null, note: x}", Unit::Count),
            Ok((Value::NotReported, Some("x".into())))
        );
    }

    #[test]
    fn rejects_bad_values_with_advice() {
        let e = check("-3", Unit::Count).unwrap_err();
        assert_eq!(e.message, "a count or amount cannot be negative");
        let e = check("100.5", Unit::Percent).unwrap_err();
        assert_eq!(e.message, "a percentage must be between 0 and 100");
        let e = check("14.722", Unit::Count).unwrap_err();
        assert!(e.help.unwrap().contains("14722"));
        let e = check("\"97,6%\"", Unit::Percent).unwrap_err();
        assert_eq!(e.help.unwrap(), "drop the % sign: write 97.6");
        let e = check("\"97,6\"", Unit::Percent).unwrap_err();
        assert_eq!(e.help.unwrap(), "use a decimal point: write 97.6");
        let e = check("\"14,722\"", Unit::Count).unwrap_err();
        assert_eq!(e.help.unwrap(), "write it without separators: 14722");
        let e = check("\"903/961\"", Unit::Percent).unwrap_err();
        assert!(e.help.unwrap().contains("computes it"));
        let e = check("1", Unit::Yesno).unwrap_err();
        assert_eq!(e.message, "a yes/no indicator needs true or false");
        let e = check("{value: 1, unit: x}", Unit::Count).unwrap_err();
        assert_eq!(e.message, "unknown key in a value block");
        let e = check("{note: x}", Unit::Count).unwrap_err();
        assert_eq!(e.message, "`value:` is missing");
    }
}
