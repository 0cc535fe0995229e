//! The renderer every page kind uses: the frame of a page (breadcrumbs, navigation, language
//! links, citation), interface strings, and how figures, units and periods are written.

use super::courses::Courses;
use super::paths::{self as path, in_lang, language_name, relative};
use super::rankings::{Footing, Rankings};
use crate::domain::{Indicator, PeriodInfo, PeriodKind, Unit, Value};
use crate::format;
use crate::model::{DataWarning, Site};
use crate::render::Sink;
use crate::render::views::*;
use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::sync::OnceLock;

/// Renders pages in one language into one sink: what every page kind shares (the frame of
/// a page, interface strings, how figures and periods are written).
pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) env: &'a Environment<'static>,
    pub(super) lang: &'a str,
    pub(super) t: &'a BTreeMap<String, String>,
    /// `t` as a template value, shared by every page of the language.
    pub(super) t_value: minijinja::Value,
    pub(super) sink: &'a dyn Sink,
    pub(super) site_view: SiteView,
    /// True above [`summary::SUMMARY_ABOVE_COMMUNES`]: summaries instead of every commune.
    pub(super) summarised: bool,
    /// The national rankings, computed once for every page and language that shows one.
    pub(super) rankings: &'a Rankings<'a>,
    /// Every indicator's course over time, computed once for every timeline of the build.
    courses: &'a OnceLock<Courses>,
    /// Render the commune tables' cells here rather than through `cell.html` (see
    /// [`IndicatorRow::cells_html`]).
    pub(super) cells_in_rust: bool,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(
        site: &'a Site,
        env: &'a Environment<'static>,
        lang: &'a str,
        (t, t_value): (&'a BTreeMap<String, String>, minijinja::Value),
        sink: &'a dyn Sink,
        (rankings, courses): (&'a Rankings<'a>, &'a OnceLock<Courses>),
    ) -> Self {
        let c = &site.config;
        let site_view = SiteView {
            title: c.title.get(lang).to_string(),
            description: c
                .description
                .as_ref()
                .map(|d| d.get(lang).to_string())
                .unwrap_or_default(),
            notice: c
                .notice
                .as_ref()
                .map(|d| d.get(lang).to_string())
                .unwrap_or_default(),
            publisher: c.publisher.clone(),
            data_license: c.data_license.clone(),
        };
        Renderer {
            site,
            env,
            lang,
            t,
            t_value,
            sink,
            site_view,
            summarised: false,
            rankings,
            courses,
            cells_in_rust: false,
        }
    }

    /// Every indicator's course over time (made here, in this thread, when the build did not
    /// make it before rendering).
    pub(super) fn courses(&self) -> &Courses {
        self.courses.get_or_init(|| Courses::of(self.site, false))
    }

    /// The index of province `p` in the site, the key of its per-province rankings and courses.
    pub(super) fn province_index(&self, p: &crate::model::Province) -> Option<usize> {
        self.site.provinces.iter().position(|q| std::ptr::eq(q, p))
    }

    /// An interface string.
    pub(super) fn t(&self, key: &str) -> String {
        self.t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// An interface string for a count: the `<key>_one` variant when `n` is 1 and the theme has it.
    pub(super) fn tn(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let one = format!("{key}_one");
        if n == 1 && self.t.contains_key(&one) {
            self.tf(&one, args)
        } else {
            self.tf(key, args)
        }
    }

    /// An interface string with `{name}` placeholders filled in.
    pub(super) fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    pub(super) fn out(&self, path: &str) -> String {
        in_lang(self.site, self.lang, path)
    }

    pub(super) fn common(
        &self,
        kind: &'static str,
        path: &str,
        title: String,
        description: String,
        trail: Vec<Link>,
    ) -> Common<'a> {
        let from = self.out(path);
        let link = |text: String, to: &str| Link {
            text,
            href: relative(&from, &self.out(to)),
        };
        let mut breadcrumbs = Vec::new();
        if kind != "overview" {
            breadcrumbs.push(link(self.t("overview"), &path::overview()));
        }
        breadcrumbs.extend(trail.into_iter().map(|l| Link {
            text: l.text,
            href: relative(&from, &self.out(&l.href)),
        }));
        breadcrumbs.push(Link {
            text: title.clone(),
            href: String::new(),
        });
        let alternates = self
            .site
            .config
            .languages
            .iter()
            .map(|l| Alternate {
                lang: l.clone(),
                name: language_name(l).to_string(),
                href: relative(&from, &in_lang(self.site, l, path)),
                current: l == self.lang,
            })
            .collect();
        let mut nav = vec![
            link(self.t("overview"), &path::overview()),
            link(self.t("indicators"), &path::indicators()),
            link(self.t("downloads"), &path::downloads()),
        ];
        if !self.site.history.releases.is_empty() {
            nav.push(link(self.t("releases"), &path::releases()));
        }
        let footer_pages = self.page_links(&from);
        let canonical = format!(
            "{}{}",
            self.site.config.base_url,
            from.trim_end_matches("index.html")
        );
        let with_figures = matches!(
            kind,
            "overview"
                | "province"
                | "commune"
                | "indicator"
                | "indicator-province"
                | "report"
                | "downloads"
                | "releases"
                | "release"
        );
        let cite = with_figures.then(|| self.cite(&from, &title, &canonical, None));
        Common {
            lang: self.lang,
            t: self.t_value.clone(),
            site: self.site_view.clone(),
            root: relative(&from, ""),
            kind,
            title,
            description,
            canonical,
            breadcrumbs,
            alternates,
            nav,
            footer_pages,
            feed_href: relative(&from, &self.out("atom.xml")),
            cite,
            releases_href: relative(&from, &self.out(&path::releases())),
            communes_href: relative(&from, &self.out(&path::commune_list())),
        }
    }

    pub(super) fn page_links(&self, from: &str) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        let mut seen = Vec::new();
        for p in &self.site.pages {
            if seen.contains(&p.id) {
                continue;
            }
            seen.push(p.id.clone());
            let page = self.page_in_lang(p.id.as_str());
            out.push(Link {
                text: page.title.clone(),
                href: relative(from, &self.out(&path::page(p.id.as_str()))),
            });
        }
        out
    }

    /// The version of a free page in this language, or in the first language that has it.
    pub(super) fn page_in_lang(&self, id: &str) -> &'a crate::domain::Page {
        let pages = &self.site.pages;
        let same_id = || pages.iter().filter(|p| p.id.as_str() == id);
        same_id()
            .find(|p| p.lang == self.lang)
            .or_else(|| {
                self.site
                    .config
                    .languages
                    .iter()
                    .find_map(|l| same_id().find(|p| &p.lang == l))
            })
            .or_else(|| same_id().next())
            .expect("page jobs are created from existing pages")
    }

    pub(super) fn write_page<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        common: Common<'a>,
        view: T,
    ) -> io::Result<()> {
        let ctx = PageContext { common, view };
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| io::Error::other(format!("template {template}: {e}")))?;
        let html = tmpl
            .render(Serde(&ctx))
            .map_err(|e| io::Error::other(format!("template {template} ({path}): {e:#}")))?;
        self.sink.write(path, html.as_bytes())
    }

    pub(super) fn write_chart(&self, path: &str, svg: &str) -> io::Result<()> {
        self.sink.write(path, svg.as_bytes())
    }

    /// A value formatted for standing alone (key figures, text).
    pub(super) fn value_text(&self, ind: &Indicator, v: Value) -> String {
        match (v, ind.unit) {
            (Value::NotReported, _) => self.t("not_reported"),
            (Value::Bool(b), _) => self.t(if b { "yes" } else { "no" }),
            (Value::Number(x), Unit::Percent) => format::percent(x, self.lang),
            (Value::Number(x), Unit::Vnd) => format::money(x, self.lang),
            (Value::Number(x), Unit::Count) => match &ind.unit_label {
                Some(l) => format!("{} {}", format::count(x, self.lang), l.get(self.lang)),
                None => format::count(x, self.lang),
            },
            (Value::Number(x), Unit::Yesno) => self.t(if x != 0.0 { "yes" } else { "no" }),
        }
    }

    /// A value in a table whose header carries the unit.
    pub(super) fn value_cell(&self, ind: &Indicator, v: Value) -> String {
        match (v, ind.unit) {
            (Value::Number(x), Unit::Vnd) => format::money_in_millions(x, self.lang),
            (Value::Number(x), Unit::Count) => format::count(x, self.lang),
            _ => self.value_text(ind, v),
        }
    }

    /// The unit named in a table header.
    pub(super) fn unit_header(&self, ind: &Indicator) -> String {
        match ind.unit {
            Unit::Percent => "%".into(),
            Unit::Vnd => format::money_column_unit(self.lang).into(),
            Unit::Count => ind
                .unit_label
                .as_ref()
                .map(|l| l.get(self.lang).to_string())
                .unwrap_or_default(),
            Unit::Yesno => String::new(),
        }
    }

    pub(super) fn unit_words(&self, ind: &Indicator) -> String {
        match ind.unit {
            Unit::Count => match &ind.unit_label {
                Some(l) => format!("{} ({})", self.t("unit_count"), l.get(self.lang)),
                None => self.t("unit_count"),
            },
            Unit::Vnd => self.t("unit_vnd"),
            Unit::Percent => self.t("unit_percent"),
            Unit::Yesno => self.t("unit_yesno"),
        }
    }

    pub(super) fn period_label(&self, info: &PeriodInfo) -> String {
        match &info.label {
            Some(l) => l.get(self.lang).to_string(),
            None => format::date_range(info.start, info.end, self.lang),
        }
    }

    pub(super) fn period_dates(&self, info: &PeriodInfo) -> String {
        let range = format::date_range(info.start, info.end, self.lang);
        match info.kind {
            PeriodKind::Regular => range,
            PeriodKind::Cumulative => format!("{range} ({})", self.t("cumulative")),
        }
    }

    /// A warning on a figure of indicator `i` in words: the indicators by name, the figures
    /// quoted.
    pub(super) fn warning_text(&self, i: usize, w: &DataWarning) -> String {
        let name = |i: usize| self.site.indicators[i].name.get(self.lang).to_string();
        let val = |i: usize, x: f64| self.value_text(&self.site.indicators[i], Value::Number(x));
        match w {
            DataWarning::RateMismatch {
                reported,
                computed,
                numerator,
                denominator,
            } => {
                let ind = &self.site.indicators[i];
                let unit = ind
                    .ratio
                    .as_ref()
                    .and_then(|(_, d)| self.site.indicator_index(d.as_str()))
                    .and_then(|d| self.site.indicators[d].unit_label.as_ref())
                    .map(|l| format!(" {}", l.get(self.lang)))
                    .unwrap_or_default();
                let fraction = format!(
                    "{}/{}{unit}",
                    format::exact(*numerator, self.lang),
                    format::exact(*denominator, self.lang)
                );
                self.tf(
                    "warning_rate_mismatch",
                    &[
                        ("indicator", &name(i)),
                        ("reported", &format::percent(*reported, self.lang)),
                        ("fraction", &fraction),
                        ("computed", &format::percent(*computed, self.lang)),
                    ],
                )
            }
            DataWarning::InputWarned { input } => self.tf(
                "warning_input_warned",
                &[("indicator", &name(i)), ("input", &name(*input))],
            ),
            DataWarning::PartExceedsWhole {
                part,
                part_value,
                whole,
                whole_value,
            } => self.tf(
                "warning_part_exceeds_whole",
                &[
                    ("part", &name(*part)),
                    ("part_value", &val(*part, *part_value)),
                    ("whole", &name(*whole)),
                    ("whole_value", &val(*whole, *whole_value)),
                ],
            ),
            DataWarning::PartsExceedWhole {
                parts,
                sum,
                whole,
                whole_value,
            } => self.tf(
                "warning_parts_exceed_whole",
                &[
                    (
                        "parts",
                        &parts
                            .iter()
                            .map(|p| name(*p))
                            .collect::<Vec<_>>()
                            .join(" + "),
                    ),
                    ("sum", &format::count(*sum, self.lang)),
                    ("whole", &name(*whole)),
                    ("whole_value", &val(*whole, *whole_value)),
                ],
            ),
        }
    }

    /// A commune named as a sentence names it: "xã Diễn Châu", "phường …"; "Diễn Châu commune".
    pub(super) fn commune_named(&self, c: &crate::model::Commune) -> String {
        if names_its_kind(&c.info.name, &c.info.kind) {
            return c.info.name.clone();
        }
        let key = format!("commune_named_{}", c.info.kind);
        self.tf(&key, &[("name", &c.info.name)])
    }

    /// A province named as a sentence names it: "tỉnh Nghệ An", "thành phố Hải Phòng";
    /// "Nghệ An province".
    pub(super) fn province_named(&self, p: &crate::model::Province) -> String {
        if names_its_kind(&p.info.name, &p.info.kind) {
            return p.info.name.clone();
        }
        let key = format!("province_named_{}", p.info.kind);
        self.tf(&key, &[("name", &p.info.name)])
    }

    /// A figure as compared: per 30 days for flows of windows that differ
    /// ("1.517,4 hồ sơ / 30 ngày"), else as [`Self::value_text`] writes it.
    pub(super) fn compared_text(&self, ind: &Indicator, x: f64, footing: Footing) -> String {
        if footing != Footing::Per30Days {
            return self.value_text(ind, Value::Number(x));
        }
        let value = match (ind.unit, &ind.unit_label) {
            (Unit::Vnd, _) => format::money(x, self.lang),
            (_, Some(l)) => format!("{} {}", format::number(x, 1, self.lang), l.get(self.lang)),
            (_, None) => format::number(x, 1, self.lang),
        };
        self.tf("per_30_days", &[("value", &value)])
    }

    /// A flow per 1,000 inhabitants: "2,57 hồ sơ / 1.000 dân", and "/ 30 ngày" after it when
    /// windows that differ are compared per 30 days.
    pub(super) fn per_1000_text(&self, ind: &Indicator, v: f64, footing: Footing) -> String {
        let value = match (ind.unit, &ind.unit_label) {
            (Unit::Vnd, _) => format::money(v, self.lang),
            (_, Some(l)) => format!("{} {}", format::number(v, 2, self.lang), l.get(self.lang)),
            (_, None) => format::number(v, 2, self.lang),
        };
        let value = self.tf("per_1000", &[("value", &value)]);
        match footing {
            Footing::Per30Days => self.tf("per_30_days", &[("value", &value)]),
            _ => value,
        }
    }

    /// The unit of a table column of compared figures: "hồ sơ / 30 ngày" per 30 days.
    pub(super) fn compared_unit(&self, ind: &Indicator, footing: Footing) -> String {
        let unit = self.unit_header(ind);
        match footing {
            Footing::Per30Days => self
                .tf("per_30_days", &[("value", &unit)])
                .trim()
                .to_string(),
            _ => unit,
        }
    }

    pub(super) fn axis_label(&self, ind: &Indicator, x: f64) -> String {
        match ind.unit {
            Unit::Percent => format::percent(x, self.lang),
            Unit::Vnd => format::money_in_millions(x, self.lang),
            _ => format::number(x, 1, self.lang),
        }
    }
}

/// Percentages are always drawn on a 0–100 axis; other units scale to their data.
pub(super) fn percent_range(ind: &Indicator) -> Option<(f64, f64)> {
    (ind.unit == Unit::Percent).then_some((0.0, 100.0))
}

/// Whether a name already starts with its kind's Vietnamese word ("Xã Quỳnh Lưu",
/// "Tỉnh Á"), so that pages do not write "xã Xã Quỳnh Lưu".
fn names_its_kind(name: &str, kind: &str) -> bool {
    let word = match kind {
        "xa" => "xã ",
        "phuong" => "phường ",
        "dac_khu" => "đặc khu ",
        "tinh" => "tỉnh ",
        "thanh_pho" => "thành phố ",
        _ => return false,
    };
    name.to_lowercase().starts_with(word)
}

#[cfg(test)]
mod named_tests {
    use super::names_its_kind;

    #[test]
    fn a_name_that_carries_its_kind_is_not_prefixed_twice() {
        assert!(names_its_kind("Tỉnh Á", "tinh"));
        assert!(names_its_kind("Xã Quỳnh Lưu", "xa"));
        assert!(names_its_kind("thành phố Huế", "thanh_pho"));
        assert!(
            !names_its_kind("Tĩnh Gia", "tinh"),
            "a different word is a name"
        );
        assert!(!names_its_kind("Xã", "xa"), "the bare word is a name");
        assert!(!names_its_kind("Diễn Châu", "xa"));
    }
}
