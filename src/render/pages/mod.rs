//! HTML pages: one job per page and language, rendered in parallel from the shared `&Site`.

use super::charts::{self, Bar, Bars, Histogram, HistogramBin, Shape, Trend, TrendPoint};
use super::data::{OBSERVATION_FIELDS, commune_stem};
use super::markdown::to_safe_html;
use super::summary::{self, Rank};
use super::theme::Theme;
use super::views::*;
use crate::base::collate::fold;
use crate::domain::{Better, Indicator, IndicatorKind, PeriodInfo, PeriodKind, Unit, Value};
use crate::format;
use crate::model::{Basis, Commune, DataWarning, Observation, Period, Province, Site, round};
use crate::render::Sink;
use crate::render::{Parts, Scope};
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;

mod releases;

/// Periods listed as the latest data releases on the overview.
const SHOWN_RELEASES: usize = 12;

/// A page to render in one language.
#[derive(Debug, Clone, Copy)]
enum Job<'a> {
    Overview,
    IndicatorList,
    Indicator(usize),
    /// One province's ranking on one indicator (large sites only).
    IndicatorProvince(usize, &'a Province),
    Province(&'a Province),
    Commune(&'a Province, &'a Commune),
    Report(&'a Province, &'a Commune, usize),
    Page(usize),
    Downloads,
    /// The release archive.
    Releases,
    /// One release.
    Release(usize),
    NotFound,
}

impl Job<'_> {
    /// What the job reads besides the site-wide inputs, for the incremental build; `None`
    /// for pages that summarise the whole site (rendered every time).
    fn scope(&self) -> Option<Scope<'_>> {
        match self {
            Job::IndicatorProvince(_, p) | Job::Province(p) => {
                Some(Scope::Province(p.info.id.as_str()))
            }
            Job::Commune(p, c) => Some(Scope::Commune(p.info.id.as_str(), c.info.id.as_str())),
            Job::Report(p, c, r) => Some(Scope::Report {
                province: p.info.id.as_str(),
                commune: c.info.id.as_str(),
                report: c.reports[*r].id.as_str(),
                periods: citing_periods_key(c, &c.reports[*r].id),
            }),
            _ => None,
        }
    }

    /// The job's name in the incremental build's manifest, unique per language.
    fn id(&self, site: &Site, lang: &str) -> String {
        match self {
            Job::IndicatorProvince(i, p) => {
                format!("{lang}:indicator:{}/{}", site.indicators[*i].id, p.info.id)
            }
            Job::Province(p) => format!("{lang}:province:{}", p.info.id),
            Job::Commune(p, c) => format!("{lang}:commune:{}/{}", p.info.id, c.info.id),
            Job::Report(p, c, r) => format!(
                "{lang}:report:{}/{}/{}",
                p.info.id, c.info.id, c.reports[*r].id
            ),
            _ => String::new(),
        }
    }
}

/// A hash of what a report page shows of its commune's periods: a link to each period that
/// cites report `id` (its id), named by its label or its dates ([`Renderer::report`]).
/// Computed for each of 133,000 report pages at national scale, so from the fields, not a
/// serialisation of the whole period.
fn citing_periods_key(c: &Commune, id: &crate::base::ids::ReportId) -> crate::render::Key {
    let mut h = blake3::Hasher::new();
    for period in c
        .periods
        .iter()
        .filter(|p| p.info.source.report.as_ref() == Some(id))
    {
        let info = &period.info;
        h.update(info.id.as_str().as_bytes());
        h.update(&[0]);
        for day in [info.start, info.end] {
            h.update(&chrono::Datelike::num_days_from_ce(&day).to_le_bytes());
        }
        for (lang, text) in info.label.iter().flat_map(|l| &l.0) {
            h.update(lang.as_bytes());
            h.update(&[0]);
            h.update(text.as_bytes());
            h.update(&[0]);
        }
        h.update(&[1]);
    }
    *h.finalize().as_bytes()
}

/// Builds the template environment from a theme.
pub fn environment(theme: &Theme) -> io::Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Escape what HTML needs and nothing more: minijinja's default also escapes `/`, which
    // garbles every address and date in the source for no gain in safety.
    env.set_formatter(|out, state, value| {
        let text = value.to_string();
        if value.is_safe() || matches!(state.auto_escape(), minijinja::AutoEscape::None) {
            out.write_str(&text)?;
        } else {
            out.write_str(&super::html::escape(&text))?;
        }
        Ok(())
    });
    for (name, src) in &theme.templates {
        env.add_template_owned(name.clone(), src.clone())
            .map_err(|e| io::Error::other(format!("template {name}: {e}")))?;
    }
    Ok(env)
}

/// What every page of a build shares, made once: the templates, each language's interface
/// strings and the national rankings. [`render`] renders every page with it; benchmarks and
/// tests can render a single page.
pub struct PageSet<'a> {
    site: &'a Site,
    theme: &'a Theme,
    env: Environment<'static>,
    strings: BTreeMap<&'a str, minijinja::Value>,
    rankings: Rankings<'a>,
    summarised: bool,
    cells_in_rust: bool,
}

impl<'a> PageSet<'a> {
    /// Prepares the pages of `site` with `theme`.
    pub fn new(site: &'a Site, theme: &'a Theme) -> io::Result<Self> {
        let strings = site
            .config
            .languages
            .iter()
            .filter_map(|l| {
                let strings = theme.strings.get(l)?;
                Some((l.as_str(), minijinja::Value::from(strings.clone())))
            })
            .collect();
        Ok(PageSet {
            site,
            theme,
            env: environment(theme)?,
            strings,
            rankings: Rankings::new(site),
            summarised: summary::is_summarised(site.communes().count()),
            cells_in_rust: theme.is_default("commune.html") && theme.is_default("cell.html"),
        })
    }

    /// A renderer of pages in `lang` writing to `sink`.
    fn renderer<'s>(&'s self, lang: &'s str, sink: &'s dyn Sink) -> io::Result<Renderer<'s>> {
        let strings = self
            .theme
            .strings
            .get(lang)
            .ok_or_else(|| io::Error::other(format!("no interface strings for {lang}")))?;
        let t_value = self.strings.get(lang).cloned().unwrap_or_default();
        let mut r = Renderer::new(
            self.site,
            &self.env,
            lang,
            (strings, t_value),
            sink,
            &self.rankings,
        );
        r.summarised = self.summarised;
        r.cells_in_rust = self.cells_in_rust;
        Ok(r)
    }

    /// Renders the page of commune `c` of province `p` in `lang` (its charts included) into
    /// `sink`, as a build does.
    pub fn commune(
        &self,
        lang: &str,
        p: &Province,
        c: &Commune,
        sink: &dyn Sink,
    ) -> io::Result<()> {
        self.renderer(lang, sink)?.job(Job::Commune(p, c))
    }
}

/// Renders every page in every language.
/// Pages whose inputs did not change since the previous build are taken from it (`parts`).
pub fn render(site: &Site, theme: &Theme, sink: &dyn Sink, parts: &dyn Parts) -> io::Result<()> {
    let set = PageSet::new(site, theme)?;
    let mut jobs: Vec<Job> = vec![
        Job::Overview,
        Job::IndicatorList,
        Job::Downloads,
        Job::Releases,
        Job::NotFound,
    ];
    jobs.extend((0..site.history.releases.len()).map(Job::Release));
    jobs.extend((0..site.indicators.len()).map(Job::Indicator));
    if set.summarised {
        for i in 0..site.indicators.len() {
            jobs.extend(site.provinces.iter().map(|p| Job::IndicatorProvince(i, p)));
        }
    }
    for p in &site.provinces {
        jobs.push(Job::Province(p));
        for c in &p.communes {
            jobs.push(Job::Commune(p, c));
            jobs.extend((0..c.reports.len()).map(|r| Job::Report(p, c, r)));
        }
    }
    let mut seen_pages = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        if !seen_pages.contains(&page.id) {
            seen_pages.push(page.id.clone());
            jobs.push(Job::Page(i));
        }
    }
    let work: Vec<(&str, Job)> = site
        .config
        .languages
        .iter()
        .flat_map(|l| jobs.iter().map(move |j| (l.as_str(), *j)))
        .collect();
    work.par_iter().try_for_each(|(lang, job)| {
        let render = |sink: &dyn Sink| set.renderer(lang, sink)?.job(*job);
        match job.scope() {
            Some(scope) => parts
                .run(&job.id(site, lang), scope, sink, &mut |s| render(s))
                .map(|_| ()),
            None => render(sink),
        }
    })
}

/// Address of a page inside the language's root.
fn in_lang(site: &Site, lang: &str, path: &str) -> String {
    if lang == site.config.languages[0] {
        path.to_string()
    } else {
        format!("{lang}/{path}")
    }
}

/// A relative link from the output file `from` to the output file `to`.
pub fn relative(from: &str, to: &str) -> String {
    format!("{}{}", "../".repeat(from.matches('/').count()), to)
}

/// Paths of pages inside a language root.
mod path {
    use super::*;
    pub fn overview() -> String {
        "index.html".into()
    }
    pub fn indicators() -> String {
        "indicators/index.html".into()
    }
    pub fn indicator(ind: &Indicator) -> String {
        format!("indicators/{}/index.html", ind.id)
    }
    pub fn indicator_province(ind: &Indicator, p: &Province) -> String {
        format!("indicators/{}/{}/index.html", ind.id, p.info.id)
    }
    pub fn province(p: &Province) -> String {
        format!("provinces/{}/index.html", p.info.id)
    }
    pub fn commune(p: &Province, c: &Commune) -> String {
        format!("communes/{}/{}/index.html", p.info.id, c.info.id)
    }
    pub fn report(p: &Province, c: &Commune, id: &str) -> String {
        // A file, not a folder with an `index.html`: a national five-year site has 132,840
        // report pages, and a folder each was 85% of the output's folders (156,000 → 24,000).
        format!("communes/{}/{}/reports/{id}.html", p.info.id, c.info.id)
    }
    pub fn page(id: &str) -> String {
        format!("pages/{id}/index.html")
    }
    pub fn downloads() -> String {
        "downloads/index.html".into()
    }
    pub fn releases() -> String {
        "releases/index.html".into()
    }
    pub fn release(id: &str) -> String {
        format!("releases/{id}/index.html")
    }
}

/// The interface strings of a figure cell, escaped ([`Renderer::cells_html`]).
struct CellWords {
    no_data: String,
    revised: String,
    warning: String,
    note: String,
    computed: String,
}

struct Renderer<'a> {
    site: &'a Site,
    env: &'a Environment<'static>,
    lang: &'a str,
    t: &'a BTreeMap<String, String>,
    /// `t` as a template value, shared by every page of the language.
    t_value: minijinja::Value,
    sink: &'a dyn Sink,
    site_view: SiteView,
    /// True above [`summary::SUMMARY_ABOVE_COMMUNES`]: summaries instead of every commune.
    summarised: bool,
    /// The national rankings, computed once for every page and language that shows one.
    rankings: &'a Rankings<'a>,
    /// Render the commune tables' cells here rather than through `cell.html` (see
    /// [`IndicatorRow::cells_html`]).
    cells_in_rust: bool,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        env: &'a Environment<'static>,
        lang: &'a str,
        (t, t_value): (&'a BTreeMap<String, String>, minijinja::Value),
        sink: &'a dyn Sink,
        rankings: &'a Rankings<'a>,
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
            cells_in_rust: false,
        }
    }

    /// An interface string.
    fn t(&self, key: &str) -> String {
        self.t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// An interface string for a count: the `<key>_one` variant when `n` is 1 and the theme has it.
    fn tn(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let one = format!("{key}_one");
        if n == 1 && self.t.contains_key(&one) {
            self.tf(&one, args)
        } else {
            self.tf(key, args)
        }
    }

    /// An interface string with `{name}` placeholders filled in.
    fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    fn out(&self, path: &str) -> String {
        in_lang(self.site, self.lang, path)
    }

    fn job(&self, job: Job) -> io::Result<()> {
        match job {
            Job::Overview => self.overview(),
            Job::IndicatorList => self.indicator_list(),
            Job::Indicator(i) => self.indicator(i),
            Job::IndicatorProvince(i, p) => self.indicator_province(i, p),
            Job::Province(p) => self.province(p),
            Job::Commune(p, c) => self.commune(p, c),
            Job::Report(p, c, r) => self.report(p, c, &c.reports[r]),
            Job::Page(i) => self.free_page(i),
            Job::Downloads => self.downloads(),
            Job::Releases => self.release_archive(),
            Job::Release(i) => self.release_page(i),
            Job::NotFound => self.not_found(),
        }
    }

    // ---- shared parts -------------------------------------------------------------------

    fn common(
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
        }
    }

    fn page_links(&self, from: &str) -> Vec<Link> {
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
    fn page_in_lang(&self, id: &str) -> &'a crate::domain::Page {
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

    fn write_page<T: Serialize>(
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

    fn write_chart(&self, path: &str, svg: &str) -> io::Result<()> {
        self.sink.write(path, svg.as_bytes())
    }

    // ---- formatting -----------------------------------------------------------------------

    /// A value formatted for standing alone (key figures, text).
    fn value_text(&self, ind: &Indicator, v: Value) -> String {
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
    fn value_cell(&self, ind: &Indicator, v: Value) -> String {
        match (v, ind.unit) {
            (Value::Number(x), Unit::Vnd) => format::money_in_millions(x, self.lang),
            (Value::Number(x), Unit::Count) => format::count(x, self.lang),
            _ => self.value_text(ind, v),
        }
    }

    /// The unit named in a table header.
    fn unit_header(&self, ind: &Indicator) -> String {
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

    fn unit_words(&self, ind: &Indicator) -> String {
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

    fn period_label(&self, info: &PeriodInfo) -> String {
        match &info.label {
            Some(l) => l.get(self.lang).to_string(),
            None => format::date_range(info.start, info.end, self.lang),
        }
    }

    fn period_dates(&self, info: &PeriodInfo) -> String {
        let range = format::date_range(info.start, info.end, self.lang);
        match info.kind {
            PeriodKind::Regular => range,
            PeriodKind::Cumulative => format!("{range} ({})", self.t("cumulative")),
        }
    }

    /// The table cell of one observation, with its note registered in `notes`; `sort` fills
    /// [`Cell::sort`].
    fn cell(
        &self,
        ind: &Indicator,
        obs: &Observation,
        period: &str,
        notes: &mut Vec<Note>,
        sort: bool,
    ) -> Cell {
        let note = obs.note.as_deref().map(|text| {
            if let Some(n) = notes.iter().find(|n| n.text == text) {
                return n.number;
            }
            let number = notes.len() + 1;
            notes.push(Note {
                number,
                text: text.to_string(),
            });
            number
        });
        let (value, sort, computed) = match obs.value() {
            Some((v, basis)) => (
                self.value_cell(ind, v),
                v.number()
                    .filter(|_| sort)
                    .map(|x| format::plain(round(x, 6)))
                    .unwrap_or_default(),
                basis == Basis::Computed,
            ),
            None if obs.is_not_reported() => (self.t("not_reported"), String::new(), false),
            None => (String::new(), String::new(), false),
        };
        let reported = match (obs.value(), obs.reported) {
            (Some((_, Basis::Computed)), Some(r @ Value::Number(_))) => {
                self.tf("reported_as", &[("value", &self.value_cell(ind, r))])
            }
            _ => String::new(),
        };
        Cell {
            value,
            sort,
            period: period.to_string(),
            note,
            warning: !obs.warnings.is_empty(),
            reported,
            computed,
            revised: false,
        }
    }

    /// The interface strings of a figure cell, escaped once for a whole page.
    fn cell_words(&self) -> CellWords {
        let t = |key: &str| super::html::escape(&self.t(key));
        CellWords {
            no_data: t("no_data"),
            revised: t("revised_marker"),
            warning: t("data_warning"),
            note: t("note"),
            computed: t("computed_short"),
        }
    }

    /// `<td>` elements holding `cells` as the default theme's `cell.html` renders them, byte
    /// for byte (a test builds the same site through the template and compares).
    fn cells_html(cells: impl Iterator<Item = Cell>, words: &CellWords) -> String {
        use super::html::escape_into as esc;
        use std::fmt::Write;
        let mut out = String::new();
        for c in cells {
            out.push_str("<td>");
            if c.value.is_empty() {
                out.push_str("<span class=\"missing\" aria-hidden=\"true\">–</span><span class=\"visually-hidden\">");
                out.push_str(&words.no_data);
                out.push_str("</span></td>");
                continue;
            }
            out.push_str("<span class=\"v\">");
            esc(&mut out, &c.value);
            out.push_str("</span>");
            if c.revised {
                let m = &words.revised;
                let _ = write!(
                    out,
                    " <a class=\"flag revised\" href=\"#revisions-heading\" title=\"{m}\"><span aria-hidden=\"true\">✎</span><span class=\"visually-hidden\">{m}</span></a>"
                );
            }
            if c.warning {
                let w = &words.warning;
                let _ = write!(
                    out,
                    " <span class=\"flag\" title=\"{w}\"><span aria-hidden=\"true\">⚠</span><span class=\"visually-hidden\">{w}</span></span>"
                );
            }
            if let Some(n) = c.note.filter(|n| *n != 0) {
                let _ = write!(
                    out,
                    "<sup class=\"note-ref\"><a href=\"#note-{n}\"><span class=\"visually-hidden\">{} </span>{n}</a></sup>",
                    words.note
                );
            }
            if !c.reported.is_empty() {
                out.push_str("<span class=\"reported\">");
                esc(&mut out, &c.reported);
                out.push_str("</span>");
            }
            if c.computed && c.reported.is_empty() {
                out.push_str("<span class=\"computed\">");
                out.push_str(&words.computed);
                out.push_str("</span>");
            }
            if !c.period.is_empty() {
                out.push_str("<span class=\"period\">");
                esc(&mut out, &c.period);
                out.push_str("</span>");
            }
            out.push_str("</td>");
        }
        out
    }

    fn warning_text(&self, w: &DataWarning) -> String {
        let name = |i: usize| self.site.indicators[i].name.get(self.lang).to_string();
        let val = |i: usize, x: f64| self.value_text(&self.site.indicators[i], Value::Number(x));
        match w {
            DataWarning::RateMismatch { reported, computed } => self.tf(
                "warning_rate_mismatch",
                &[
                    ("reported", &format::percent(*reported, self.lang)),
                    ("computed", &format::percent(*computed, self.lang)),
                ],
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

    fn target_text(&self, ind: &Indicator) -> String {
        let Some(t) = &ind.target else {
            return String::new();
        };
        let v = |x: f64| self.value_text(ind, Value::Number(x));
        match (t.min, t.max) {
            (Some(a), Some(b)) => self.tf("target_between", &[("min", &v(a)), ("max", &v(b))]),
            (Some(a), None) => self.tf("target_min", &[("min", &v(a))]),
            (None, Some(b)) => self.tf("target_max", &[("max", &v(b))]),
            (None, None) => String::new(),
        }
    }

    // ---- comparison tables --------------------------------------------------------------

    fn comparison<'c>(
        &self,
        from: &str,
        communes: impl Iterator<Item = (&'c Province, &'c Commune)>,
    ) -> Comparison {
        let heads = self.site.headlines();
        let columns = heads
            .iter()
            .map(|&i| {
                let ind = &self.site.indicators[i];
                Column {
                    name: ind.name.get(self.lang).into(),
                    href: relative(from, &self.out(&path::indicator(ind))),
                    unit: self.unit_header(ind),
                }
            })
            .collect();
        let rows = communes
            .map(|(p, c)| {
                let mut notes = Vec::new();
                let cells = heads
                    .iter()
                    .map(|&i| match c.latest(i) {
                        Some((period, obs)) => {
                            let mut cell = self.cell(
                                &self.site.indicators[i],
                                obs,
                                &self.period_label(&period.info),
                                &mut notes,
                                true,
                            );
                            cell.note = None;
                            cell
                        }
                        None => Cell::default(),
                    })
                    .collect();
                CommuneRow {
                    name: c.info.name.clone(),
                    href: relative(from, &self.out(&path::commune(p, c))),
                    province: p.info.name.clone(),
                    province_href: relative(from, &self.out(&path::province(p))),
                    search: fold(&format!("{} {}", c.info.name, p.info.name)),
                    cells,
                }
            })
            .collect();
        Comparison { columns, rows }
    }

    // ---- pages ----------------------------------------------------------------------------

    fn overview(&self) -> io::Result<()> {
        let path = path::overview();
        let from = self.out(&path);
        // A large site is summarised by province, with both ends of each ranking; a small one
        // lists every commune.
        let (comparison, summary, extremes) = if self.summarised {
            (
                None,
                Some(self.province_summary(&from)),
                self.site
                    .headlines()
                    .into_iter()
                    .map(|i| self.extremes(&from, i))
                    .collect(),
            )
        } else {
            // across provinces, communes are listed by their own name in Vietnamese order
            let mut communes: Vec<(&Province, &Commune)> = self.site.communes().collect();
            communes.sort_by(|a, b| {
                crate::base::collate::compare(&a.1.info.name, &b.1.info.name)
                    .then_with(|| crate::base::collate::compare(&a.0.info.name, &b.0.info.name))
            });
            let comparison = self.comparison(&from, communes.into_iter());
            (Some(comparison), None, Vec::new())
        };
        let provinces = self
            .site
            .provinces
            .iter()
            .map(|p| Link {
                text: self.tn(
                    "province_with_count",
                    p.communes.len(),
                    &[
                        ("name", &p.info.name),
                        ("count", &format::count(p.communes.len() as f64, self.lang)),
                    ],
                ),
                href: relative(&from, &self.out(&path::province(p))),
            })
            .collect();
        // Only the twelve newest are shown: the periods as new as the twelfth are described
        // (a national site has 200,000 periods, many of the same date).
        let mut dated: Vec<(chrono::NaiveDate, &Province, &Commune, &Period)> = self
            .site
            .communes()
            .flat_map(|(p, c)| c.periods.iter().map(move |period| (p, c, period)))
            .map(|(p, c, period)| {
                (
                    period.info.source.date.unwrap_or(period.info.end),
                    p,
                    c,
                    period,
                )
            })
            .collect();
        if dated.len() > SHOWN_RELEASES {
            let (_, twelfth, _) =
                dated.select_nth_unstable_by(SHOWN_RELEASES - 1, |a, b| b.0.cmp(&a.0));
            let cut = twelfth.0;
            dated.retain(|d| d.0 >= cut);
        }
        let mut releases: Vec<(chrono::NaiveDate, Release)> = dated
            .into_iter()
            .map(|(date, p, c, period)| {
                let release = Release {
                    commune: c.info.name.clone(),
                    province: p.info.name.clone(),
                    period: self.period_label(&period.info),
                    date: format::date(date, self.lang),
                    href: format!(
                        "{}#period-{}",
                        relative(&from, &self.out(&path::commune(p, c))),
                        period.info.id
                    ),
                    source: period.info.source.title.clone(),
                };
                (date, release)
            })
            .collect();
        releases.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.href.cmp(&b.1.href)));
        let periods: usize = self.site.communes().map(|(_, c)| c.periods.len()).sum();
        let figures: usize = self
            .site
            .communes()
            .flat_map(|(_, c)| &c.periods)
            .map(|p| p.observations.len())
            .sum();
        let totals = self.tf(
            "overview_totals",
            &[
                (
                    "communes",
                    &format::count(self.site.communes().count() as f64, self.lang),
                ),
                (
                    "provinces",
                    &format::count(self.site.provinces.len() as f64, self.lang),
                ),
                ("periods", &format::count(periods as f64, self.lang)),
                ("figures", &format::count(figures as f64, self.lang)),
            ],
        );
        let view = OverviewView {
            comparison,
            summary,
            extremes,
            provinces,
            releases: releases
                .into_iter()
                .take(SHOWN_RELEASES)
                .map(|(_, r)| r)
                .collect(),
            latest_release: self.site.history.latest().map(|l| Link {
                text: self.tf(
                    "latest_release",
                    &[("date", &format::date(l.release.date, self.lang))],
                ),
                href: relative(&from, &self.out(&path::release(l.release.id.as_str()))),
            }),
            totals,
            indicators_href: relative(&from, &self.out(&path::indicators())),
            downloads_href: relative(&from, &self.out(&path::downloads())),
        };
        let common = self.common(
            "overview",
            &path,
            self.t("overview"),
            self.site_view.description.clone(),
            vec![],
        );
        self.write_page("overview.html", &from, common, view)
    }

    /// The overview's table of provinces: per headline indicator, the median of the communes'
    /// latest figures and how many communes report it.
    fn province_summary(&self, from: &str) -> ProvinceSummary {
        let heads = self.site.headlines();
        let columns = heads
            .iter()
            .map(|&i| {
                let ind = &self.site.indicators[i];
                Column {
                    name: ind.name.get(self.lang).into(),
                    href: relative(from, &self.out(&path::indicator(ind))),
                    unit: self.unit_header(ind),
                }
            })
            .collect();
        let row = |name: &str, href: String, communes: &[&Commune]| ProvinceSummaryRow {
            name: name.to_string(),
            href,
            search: fold(name),
            communes: format::count(communes.len() as f64, self.lang),
            communes_sort: communes.len(),
            cells: heads
                .iter()
                .map(|&i| {
                    let vals: Vec<f64> = communes
                        .iter()
                        .filter_map(|c| latest_number(c, i))
                        .collect();
                    let mut cell = self.median_cell(&self.site.indicators[i], &vals);
                    if !cell.value.is_empty() {
                        let n = format::count(vals.len() as f64, self.lang);
                        cell.count = self.tn("summary_reporting", vals.len(), &[("count", &n)]);
                    }
                    cell
                })
                .collect(),
        };
        let rows = self
            .site
            .provinces
            .iter()
            .map(|p| {
                let communes: Vec<&Commune> = p.communes.iter().collect();
                row(
                    &p.info.name,
                    relative(from, &self.out(&path::province(p))),
                    &communes,
                )
            })
            .collect();
        let all: Vec<&Commune> = self.site.communes().map(|(_, c)| c).collect();
        let total = row(&self.t("summary_all"), String::new(), &all);
        let differing: Vec<String> = heads
            .iter()
            .filter(|&&i| {
                let ind = &self.site.indicators[i];
                lengths_differ(ind, &self.rankings.national(i).0)
            })
            .map(|&i| self.site.indicators[i].name.get(self.lang).to_string())
            .collect();
        let lengths_note = if differing.is_empty() {
            String::new()
        } else {
            self.tf(
                "summary_lengths_differ",
                &[("indicators", &differing.join(", "))],
            )
        };
        ProvinceSummary {
            columns,
            rows,
            total,
            lengths_note,
        }
    }

    /// Both ends of an indicator's national ranking, for the overview of a large site.
    fn extremes(&self, from: &str, i: usize) -> Extremes {
        let ind = &self.site.indicators[i];
        let (with, _) = self.rankings.national(i);
        let n = summary::OVERVIEW_EXTREMES;
        let ends = self.ends(from, ind, &with, n);
        let count = |x: usize| format::count(x as f64, self.lang);
        Extremes {
            name: ind.name.get(self.lang).into(),
            href: relative(from, &self.out(&path::indicator(ind))),
            anchor: format!("extremes-{}", ind.id),
            unit: self.unit_header(ind),
            reporting: self.tf(
                "extremes_reporting",
                &[
                    ("count", &count(with.len())),
                    ("total", &count(self.site.communes().count())),
                ],
            ),
            lengths_note: if lengths_differ(ind, &with) {
                self.t("ranking_lengths_differ")
            } else {
                String::new()
            },
            top_caption: format!(
                "{}: {}",
                self.tf("extremes_top", &[("count", &count(n))]),
                ind.name.get(self.lang)
            ),
            top: ends.top,
            top_more: ends.top_more,
            bottom_caption: format!(
                "{}: {}",
                self.tf("extremes_bottom", &[("count", &count(n))]),
                ind.name.get(self.lang)
            ),
            bottom: ends.bottom,
            bottom_more: ends.bottom_more,
        }
    }

    /// The first and last `n` rows of a ranking, with what they leave out of the ties at the cut.
    fn ends(&self, from: &str, ind: &Indicator, with: &[Latest], n: usize) -> Ends {
        let values = figures(with);
        let ranks = summary::ranks(&values);
        let (top, bottom) = summary::ends(with.len(), n);
        let shown = [top.clone(), bottom.clone()];
        let more = |at: Option<usize>| {
            let Some(at) = at else {
                return String::new();
            };
            let hidden = summary::hidden_ties(&values, at, &shown);
            if hidden == 0 {
                return String::new();
            }
            let rank = ranks.get(at).map(Rank::label).unwrap_or_default();
            self.tn(
                "extremes_more_tied",
                hidden,
                &[
                    ("count", &format::count(hidden as f64, self.lang)),
                    ("rank", &rank),
                ],
            )
        };
        let top_last = top.end.checked_sub(1);
        let bottom_first = (!bottom.is_empty()).then_some(bottom.start);
        // One run of ties across the cut of both lists is said once, under the top list.
        let same_run = match (top_last, bottom_first) {
            (Some(a), Some(b)) => values.get(a) == values.get(b),
            _ => false,
        };
        Ends {
            top_more: more(top_last),
            bottom_more: if same_run {
                String::new()
            } else {
                more(bottom_first)
            },
            top: self.rank_rows(from, ind, with, &ranks, top),
            bottom: self.rank_rows(from, ind, with, &ranks, bottom),
        }
    }

    fn province(&self, p: &Province) -> io::Result<()> {
        let path = path::province(p);
        let from = self.out(&path);
        let view = ProvinceView {
            name: p.info.name.clone(),
            code: p.info.code.clone().unwrap_or_default(),
            comparison: self.comparison(&from, p.communes.iter().map(|c| (p, c))),
        };
        let title = p.info.name.clone();
        let description = self.tf("province_description", &[("name", &p.info.name)]);
        let common = self.common("province", &path, title, description, vec![]);
        self.write_page("province.html", &from, common, view)
    }

    fn commune(&self, p: &Province, c: &Commune) -> io::Result<()> {
        let path = path::commune(p, c);
        let from = self.out(&path);
        let stem = commune_stem(p, c);
        let data_href = relative(&from, &format!("data/{stem}.csv"));
        let key_figures = self
            .site
            .headlines()
            .into_iter()
            .map(|i| self.key_figure(&from, p, c, i, &data_href))
            .collect::<io::Result<Vec<_>>>()?;
        let periods = c
            .periods
            .iter()
            .map(|period| PeriodHead {
                anchor: format!("period-{}", period.info.id),
                label: self.period_label(&period.info),
                dates: self.period_dates(&period.info),
                length: format::length(period.info.start, period.info.end, self.lang),
                cumulative: period.info.kind == PeriodKind::Cumulative,
                source: period.info.source.title.clone(),
                report: period
                    .info
                    .source
                    .report
                    .as_ref()
                    .and_then(|r| c.report(r))
                    .map(|r| Link {
                        text: r.title.clone(),
                        href: relative(&from, &self.out(&path::report(p, c, r.id.as_str()))),
                    }),
            })
            .collect();
        let corrected = self
            .site
            .history
            .of_commune(p.info.id.as_str(), c.info.id.as_str());
        let revised = |period: &Period, i: usize| {
            let ind = &self.site.indicators[i].id;
            corrected
                .iter()
                .any(|r| r.key.period == period.info.id && &r.key.indicator == ind)
        };
        let mut notes = Vec::new();
        let mut groups = Vec::new();
        let words = self.cell_words();
        for group in &self.site.groups {
            let rows: Vec<IndicatorRow> = self
                .site
                .indicators
                .iter()
                .enumerate()
                .filter(|(_, ind)| ind.group == group.id)
                .filter(|(i, _)| c.periods.iter().any(|p| p.observation(*i).is_some()))
                .map(|(i, ind)| {
                    let cells = c.periods.iter().map(|period| match period.observation(i) {
                        Some(obs) => Cell {
                            revised: !corrected.is_empty() && revised(period, i),
                            // `sort` is for sortable tables; the default commune table is not one.
                            ..self.cell(ind, obs, "", &mut notes, !self.cells_in_rust)
                        },
                        None => Cell::default(),
                    });
                    let (cells, cells_html) = match self.cells_in_rust {
                        true => (Vec::new(), Self::cells_html(cells, &words)),
                        false => (cells.collect(), String::new()),
                    };
                    IndicatorRow {
                        name: ind.name.get(self.lang).into(),
                        href: relative(&from, &self.out(&path::indicator(ind))),
                        unit: self.unit_header(ind),
                        cells,
                        cells_html,
                    }
                })
                .collect();
            if !rows.is_empty() {
                groups.push(GroupTable {
                    name: group.name.get(self.lang).into(),
                    anchor: format!("group-{}", group.id),
                    rows,
                });
            }
        }
        let warnings = c
            .periods
            .iter()
            .flat_map(|period| period.warnings().map(move |(_, w)| (period, w)))
            .map(|(period, w)| WarningView {
                period: self.period_label(&period.info),
                text: self.warning_text(w),
            })
            .collect();
        let reports = c
            .reports
            .iter()
            .rev()
            .map(|r| Link {
                text: format!("{} ({})", r.title, format::date(r.date, self.lang)),
                href: relative(&from, &self.out(&path::report(p, c, r.id.as_str()))),
            })
            .collect();
        let data_files = vec![
            Link {
                text: self.t("download_csv"),
                href: data_href.clone(),
            },
            Link {
                text: self.t("download_json"),
                href: relative(&from, &format!("data/{stem}.json")),
            },
        ];
        let view = CommuneView {
            name: c.info.name.clone(),
            kind: self.t(&format!("commune_kind_{}", c.info.kind)),
            province: Link {
                text: p.info.name.clone(),
                href: relative(&from, &self.out(&path::province(p))),
            },
            population: c
                .info
                .population
                .map(|x| format::count(x as f64, self.lang))
                .unwrap_or_default(),
            key_figures,
            periods,
            groups,
            notes,
            warnings,
            reports,
            data_files,
            revisions: self.revisions(&from, corrected.iter(), false),
        };
        let title = format!("{}, {}", c.info.name, p.info.name);
        let description = self.tf(
            "commune_description",
            &[("name", &c.info.name), ("province", &p.info.name)],
        );
        let trail = vec![Link {
            text: p.info.name.clone(),
            href: path::province(p),
        }];
        let common = self.common("commune", &path, title, description, trail);
        self.write_page("commune.html", &from, common, view)
    }

    /// Periods used for a trend: regular windows, or cumulative ones when there is nothing else.
    fn trend_periods<'c>(&self, c: &'c Commune, i: usize) -> Vec<(&'c Period, f64)> {
        let with_value = |kind: PeriodKind| -> Vec<(&'c Period, f64)> {
            c.periods
                .iter()
                .filter(|p| p.info.kind == kind)
                .filter_map(|p| {
                    p.observation(i)
                        .and_then(Observation::number)
                        .map(|x| (p, x))
                })
                .collect()
        };
        let regular = with_value(PeriodKind::Regular);
        if regular.is_empty() {
            with_value(PeriodKind::Cumulative)
        } else {
            regular
        }
    }

    fn key_figure(
        &self,
        from: &str,
        p: &Province,
        c: &Commune,
        i: usize,
        data_href: &str,
    ) -> io::Result<KeyFigure> {
        let ind = &self.site.indicators[i];
        let name = ind.name.get(self.lang).to_string();
        let href = relative(from, &self.out(&path::indicator(ind)));
        let latest = c.latest(i).and_then(|(period, obs)| {
            obs.value()
                .map(|(value, basis)| (period, obs, value, basis))
        });
        let Some((period, obs, value, basis)) = latest else {
            let target = self.target_text(ind);
            let value = self.t("no_data");
            return Ok(KeyFigure {
                name,
                href,
                value,
                period: String::new(),
                reported: String::new(),
                target,
                status: "none",
                chart: None,
            });
        };
        let reported = match (basis, obs.reported) {
            (Basis::Computed, Some(r @ Value::Number(_))) => {
                self.tf("reported_as", &[("value", &self.value_text(ind, r))])
            }
            _ => String::new(),
        };
        let status = match (&ind.target, value.number()) {
            (Some(t), Some(x)) if t.is_met(x) => "met",
            (Some(_), Some(_)) => "not_met",
            _ => "none",
        };
        let target = match status {
            "met" => format!("{} · {}", self.t("target_met"), self.target_text(ind)),
            "not_met" => format!("{} · {}", self.t("target_not_met"), self.target_text(ind)),
            _ => String::new(),
        };
        let chart = self.trend_chart(from, p, c, i, data_href)?;
        Ok(KeyFigure {
            name,
            href,
            value: self.value_text(ind, value),
            period: self.period_label(&period.info),
            reported,
            target,
            status,
            chart,
        })
    }

    fn trend_chart(
        &self,
        from: &str,
        p: &Province,
        c: &Commune,
        i: usize,
        data_href: &str,
    ) -> io::Result<Option<ChartView>> {
        let ind = &self.site.indicators[i];
        let series = self.trend_periods(c, i);
        if series.is_empty() {
            return Ok(None);
        }
        let name = ind.name.get(self.lang).to_string();
        let title = self.tf(
            "chart_trend_title",
            &[("indicator", &name), ("commune", &c.info.name)],
        );
        let fmt = |x: f64| self.value_text(ind, Value::Number(x));
        let (first, last) = (series[0], series[series.len() - 1]);
        let mut alt = if series.len() == 1 {
            self.tf(
                "chart_alt_single",
                &[
                    ("indicator", &name),
                    ("value", &fmt(first.1)),
                    ("period", &self.period_label(&first.0.info)),
                ],
            )
        } else {
            let change = if ind.unit == Unit::Percent {
                format::points(last.1 - first.1, self.lang)
            } else {
                self.value_text(ind, Value::Number(last.1 - first.1))
            };
            self.tf(
                "chart_alt_trend",
                &[
                    ("indicator", &name),
                    ("first", &fmt(first.1)),
                    ("first_period", &self.period_label(&first.0.info)),
                    ("last", &fmt(last.1)),
                    ("last_period", &self.period_label(&last.0.info)),
                    ("change", &change),
                ],
            )
        };
        if let Some(t) = &ind.target {
            let met = if t.is_met(last.1) {
                "chart_alt_target_met"
            } else {
                "chart_alt_target_not_met"
            };
            alt = format!(
                "{alt} {}",
                self.tf(met, &[("target", &self.target_text(ind))])
            );
        }
        let lengths: Vec<i64> = series.iter().map(|(p, _)| p.info.days()).collect();
        let differ = lengths.iter().any(|l| *l != lengths[0]);
        let note = if series.len() == 1 {
            self.t("chart_single_period")
        } else if ind.kind == IndicatorKind::Flow && differ {
            self.t("chart_flow_lengths_differ")
        } else if series[0].0.info.kind == PeriodKind::Cumulative {
            self.t("chart_cumulative")
        } else {
            String::new()
        };
        let points: Vec<TrendPoint> = series
            .iter()
            .map(|(p, x)| TrendPoint {
                start: p.info.start,
                end: p.info.end,
                value: *x,
                label: self.value_cell(ind, Value::Number(*x)),
            })
            .collect();
        let target_label = self.chart_target(ind);
        let format_y = |x: f64| self.axis_label(ind, x);
        let lang = self.lang;
        let format_date = |d: chrono::NaiveDate| format::date(d, lang);
        let svg = charts::trend_svg(&Trend {
            title: &title,
            description: &alt,
            points: &points,
            shape: if ind.kind == IndicatorKind::Flow {
                Shape::Span
            } else {
                Shape::Level
            },
            target: target_label.as_ref().map(|(x, l)| (*x, l.as_str())),
            y_range: percent_range(ind),
            format_y: &format_y,
            format_date: &format_date,
        });
        let chart_path = format!(
            "charts/{}/{}/{}.{}.svg",
            p.info.id, c.info.id, ind.id, self.lang
        );
        self.write_chart(&chart_path, &svg)?;
        Ok(Some(ChartView {
            src: relative(from, &chart_path),
            title,
            alt,
            note,
            rows: series
                .iter()
                .map(|(p, x)| (self.period_label(&p.info), fmt(*x)))
                .collect(),
            data_href: data_href.to_string(),
        }))
    }

    /// The target drawn on a chart: its value and a label such as "Mục tiêu 90%".
    fn chart_target(&self, ind: &Indicator) -> Option<(f64, String)> {
        let x = ind.target.as_ref().and_then(|t| t.min.or(t.max))?;
        let label = self.tf(
            "chart_target_label",
            &[("value", &self.value_cell(ind, Value::Number(x)))],
        );
        Some((x, label))
    }

    fn axis_label(&self, ind: &Indicator, x: f64) -> String {
        match ind.unit {
            Unit::Percent => format::percent(x, self.lang),
            Unit::Vnd => format::money_in_millions(x, self.lang),
            _ => format::number(x, 1, self.lang),
        }
    }

    fn indicator(&self, i: usize) -> io::Result<()> {
        let ind = &self.site.indicators[i];
        let path = path::indicator(ind);
        let from = self.out(&path);
        let link_to = |id: &crate::base::ids::IndicatorId| {
            let other = &self.site.indicators[self.site.indicator_index(id.as_str()).unwrap_or(i)];
            Link {
                text: other.name.get(self.lang).into(),
                href: relative(&from, &self.out(&path::indicator(other))),
            }
        };
        let (with, without) = self.rankings.national(i);
        let lengths_note = if lengths_differ(ind, &with) {
            self.t("ranking_lengths_differ")
        } else {
            String::new()
        };
        // A large site gets the national summary here and each province's full ranking on a
        // page of its own; a small one keeps every commune on this page.
        let (ranking, missing, chart, summary) = if self.summarised {
            let summary = self.indicator_summary(&from, i, &with)?;
            (Vec::new(), Vec::new(), None, Some(summary))
        } else {
            let ranks = summary::ranks(&figures(&with));
            let ranking = with
                .iter()
                .zip(ranks)
                .map(|(e, r)| self.rank_row(&from, ind, e, r))
                .collect();
            let missing = without
                .iter()
                .map(|(p, c)| self.commune_link(&from, p, c))
                .collect();
            let chart = self.indicator_chart(&from, ind, &with)?;
            (ranking, missing, chart, None)
        };
        let view = IndicatorView {
            name: ind.name.get(self.lang).into(),
            group: self
                .site
                .groups
                .iter()
                .find(|g| g.id == ind.group)
                .map(|g| g.name.get(self.lang).to_string())
                .unwrap_or_default(),
            description: ind
                .description
                .as_ref()
                .map(|d| d.get(self.lang).to_string())
                .unwrap_or_default(),
            unit: self.unit_words(ind),
            kind: self.t(&format!("kind_{}", ind.kind.as_str())),
            better: self.t(&format!("better_{}", ind.better.as_str())),
            formula: ind.ratio.as_ref().map(|(n, d)| (link_to(n), link_to(d))),
            part_of: ind.part_of.as_ref().map(link_to),
            target: self.target_text(ind),
            target_note: ind
                .target
                .as_ref()
                .and_then(|t| t.note.as_ref())
                .map(|n| n.get(self.lang).to_string())
                .unwrap_or_default(),
            ranking,
            missing,
            lengths_note,
            chart,
            summary,
            revisions: self.revisions(
                &from,
                self.site
                    .history
                    .revisions
                    .iter()
                    .filter(|r| r.key.indicator == ind.id),
                true,
            ),
        };
        let title = ind.name.get(self.lang).to_string();
        let description = view.description.clone();
        let trail = vec![Link {
            text: self.t("indicators"),
            href: path::indicators(),
        }];
        let common = self.common("indicator", &path, title, description, trail);
        self.write_page("indicator.html", &from, common, view)
    }

    /// A row of a ranking: the commune's latest figure with its period and its rank.
    fn rank_row(&self, from: &str, ind: &Indicator, e: &Latest, rank: Rank) -> RankRow {
        let mut notes = Vec::new();
        let mut cell = self.cell(
            ind,
            e.obs,
            &self.period_label(&e.period.info),
            &mut notes,
            true,
        );
        // notes are listed on the commune page only
        cell.note = None;
        RankRow {
            rank: rank.label(),
            name: e.c.info.name.clone(),
            href: relative(from, &self.out(&path::commune(e.p, e.c))),
            province: e.p.info.name.clone(),
            search: fold(&format!("{} {}", e.c.info.name, e.p.info.name)),
            cell,
            length: format::length(e.period.info.start, e.period.info.end, self.lang),
        }
    }

    /// Rows of the ranking `with` (ranked by `ranks`) at the positions `range`.
    fn rank_rows(
        &self,
        from: &str,
        ind: &Indicator,
        with: &[Latest],
        ranks: &[Rank],
        range: std::ops::Range<usize>,
    ) -> Vec<RankRow> {
        with.get(range.clone())
            .unwrap_or_default()
            .iter()
            .zip(ranks.get(range).unwrap_or_default())
            .map(|(e, r)| self.rank_row(from, ind, e, *r))
            .collect()
    }

    /// "Diễn Châu, Nghệ An" linking to the commune page.
    fn commune_link(&self, from: &str, p: &Province, c: &Commune) -> Link {
        Link {
            text: format!("{}, {}", c.info.name, p.info.name),
            href: relative(from, &self.out(&path::commune(p, c))),
        }
    }

    /// The national picture of an indicator on a large site: distribution, provinces, both ends.
    fn indicator_summary(
        &self,
        from: &str,
        i: usize,
        with: &[Latest],
    ) -> io::Result<IndicatorSummary> {
        let ind = &self.site.indicators[i];
        let values = figures(with);
        let total = self.site.communes().count();
        let provinces = self
            .site
            .provinces
            .iter()
            .map(|p| {
                let vals: Vec<f64> = p
                    .communes
                    .iter()
                    .filter_map(|c| latest_number(c, i))
                    .collect();
                let stats = summary::stats(&vals);
                let without = p.communes.len() - vals.len();
                ProvinceSpread {
                    name: p.info.name.clone(),
                    href: relative(from, &self.out(&path::province(p))),
                    search: fold(&p.info.name),
                    with_data: format::count(vals.len() as f64, self.lang),
                    with_data_sort: vals.len(),
                    without_data: format::count(without as f64, self.lang),
                    without_data_sort: without,
                    median: self.median_cell(ind, &vals),
                    lowest: self.figure_cell(ind, stats.map(|s| s.min)),
                    highest: self.figure_cell(ind, stats.map(|s| s.max)),
                    ranking: Link {
                        text: self.tf("province_ranking_link", &[("province", &p.info.name)]),
                        href: relative(from, &self.out(&path::indicator_province(ind, p))),
                    },
                }
            })
            .collect();
        let n = summary::INDICATOR_EXTREMES;
        let ends = self.ends(from, ind, with, n);
        Ok(IndicatorSummary {
            sentence: self.spread_sentence(ind, &values, total),
            distribution: self.distribution_chart(from, ind, &values)?,
            unit: self.unit_header(ind),
            provinces,
            top_caption: self.tf(
                "extremes_top",
                &[("count", &format::count(n as f64, self.lang))],
            ),
            top: ends.top,
            top_more: ends.top_more,
            bottom_caption: self.tf(
                "extremes_bottom",
                &[("count", &format::count(n as f64, self.lang))],
            ),
            bottom: ends.bottom,
            bottom_more: ends.bottom_more,
        })
    }

    /// The ranking of one province's communes on one indicator (large sites).
    fn indicator_province(&self, i: usize, p: &Province) -> io::Result<()> {
        let ind = &self.site.indicators[i];
        let path = path::indicator_province(ind, p);
        let from = self.out(&path);
        let (with, without) = rank_latest(p.communes.iter().map(|c| (p, c)), i, ind);
        let values = figures(&with);
        let ranks = summary::ranks(&values);
        let name = ind.name.get(self.lang).to_string();
        let view = IndicatorProvinceView {
            name: name.clone(),
            indicator: Link {
                text: name.clone(),
                href: relative(&from, &self.out(&path::indicator(ind))),
            },
            province: Link {
                text: p.info.name.clone(),
                href: relative(&from, &self.out(&path::province(p))),
            },
            unit: self.unit_words(ind),
            unit_header: self.unit_header(ind),
            sentence: self.spread_sentence(ind, &values, p.communes.len()),
            // every row is of this province: the province under each name would only repeat
            ranking: self
                .rank_rows(&from, ind, &with, &ranks, 0..with.len())
                .into_iter()
                .map(|r| RankRow {
                    province: String::new(),
                    ..r
                })
                .collect(),
            missing: without
                .iter()
                .map(|(p, c)| Link {
                    text: c.info.name.clone(),
                    href: relative(&from, &self.out(&path::commune(p, c))),
                })
                .collect(),
            lengths_note: if lengths_differ(ind, &with) {
                self.t("ranking_lengths_differ")
            } else {
                String::new()
            },
        };
        let args = [
            ("indicator", name.as_str()),
            ("province", p.info.name.as_str()),
        ];
        let title = self.tf("indicator_province_title", &args);
        let description = self.tf("indicator_province_description", &args);
        let trail = vec![
            Link {
                text: self.t("indicators"),
                href: path::indicators(),
            },
            Link {
                text: name,
                href: path::indicator(ind),
            },
        ];
        let common = self.common("indicator-province", &path, title, description, trail);
        self.write_page("indicator-province.html", &from, common, view)
    }

    /// "120 of 130 communes have a figure; median 57,06%, lowest 12%, highest 99,5%."
    fn spread_sentence(&self, ind: &Indicator, values: &[f64], total: usize) -> String {
        let Some(s) = summary::stats(values) else {
            return self.t("spread_none");
        };
        let count = format::count(s.count as f64, self.lang);
        let total = format::count(total as f64, self.lang);
        if ind.unit == Unit::Yesno {
            let yes = values.iter().filter(|x| **x != 0.0).count();
            let yes = format::count(yes as f64, self.lang);
            return self.tf(
                "spread_sentence_yesno",
                &[("count", &count), ("total", &total), ("yes", &yes)],
            );
        }
        self.tf(
            "spread_sentence",
            &[
                ("count", &count),
                ("total", &total),
                ("median", &self.median_words(ind, s.median)),
                ("min", &self.value_text(ind, Value::Number(s.min))),
                ("max", &self.value_text(ind, Value::Number(s.max))),
            ],
        )
    }

    /// A median standing alone: like [`Self::value_text`], but a median of counts may be a half.
    fn median_words(&self, ind: &Indicator, x: f64) -> String {
        match (ind.unit, &ind.unit_label) {
            (Unit::Count, Some(l)) => {
                format!("{} {}", format::number(x, 1, self.lang), l.get(self.lang))
            }
            (Unit::Count, None) => format::number(x, 1, self.lang),
            _ => self.value_text(ind, Value::Number(x)),
        }
    }

    /// The median of `values` in a table whose header carries the unit; for yes/no indicators,
    /// how many say yes (a median of yes and no says nothing).
    fn median_cell(&self, ind: &Indicator, values: &[f64]) -> SummaryCell {
        let Some(s) = summary::stats(values) else {
            return SummaryCell::default();
        };
        if ind.unit == Unit::Yesno {
            let yes = values.iter().filter(|x| **x != 0.0).count();
            return SummaryCell {
                value: self.tf(
                    "summary_yes",
                    &[
                        ("yes", &format::count(yes as f64, self.lang)),
                        ("count", &format::count(s.count as f64, self.lang)),
                    ],
                ),
                sort: format::plain(round(100.0 * yes as f64 / s.count as f64, 6)),
                count: String::new(),
            };
        }
        let value = match ind.unit {
            Unit::Count => format::number(s.median, 1, self.lang),
            _ => self.value_cell(ind, Value::Number(s.median)),
        };
        SummaryCell {
            value,
            sort: format::plain(round(s.median, 6)),
            count: String::new(),
        }
    }

    /// One commune's figure (a lowest or highest) in a table whose header carries the unit.
    fn figure_cell(&self, ind: &Indicator, x: Option<f64>) -> SummaryCell {
        match x {
            Some(x) => SummaryCell {
                value: self.value_cell(ind, Value::Number(x)),
                sort: format::plain(round(x, 6)),
                count: String::new(),
            },
            None => SummaryCell::default(),
        }
    }

    /// A bin's range in words, for the rows of a distribution's data table: `10%–20%`,
    /// `200–300 triệu đồng`, and for whole numbers the numbers it holds: `3`, `100–199`.
    fn bin_text(&self, ind: &Indicator, b: &summary::Bin) -> String {
        if b.whole {
            let last = b.hi - 1.0;
            let range = if last > b.lo {
                format!(
                    "{}–{}",
                    format::count(b.lo, self.lang),
                    format::count(last, self.lang)
                )
            } else {
                format::count(b.lo, self.lang)
            };
            return match &ind.unit_label {
                Some(l) if ind.unit == Unit::Count => format!("{range} {}", l.get(self.lang)),
                _ => range,
            };
        }
        self.range_text(ind, b.lo, b.hi)
    }

    /// A range of values in words: `10%–20%`, `200–300 triệu đồng`.
    fn range_text(&self, ind: &Indicator, lo: f64, hi: f64) -> String {
        let lang = self.lang;
        let (a, b, unit) = match ind.unit {
            Unit::Percent => (format::percent(lo, lang), format::percent(hi, lang), None),
            Unit::Vnd => (
                format::money_in_millions(lo, lang),
                format::money_in_millions(hi, lang),
                Some(format::money_column_unit(lang).to_string()),
            ),
            _ => (
                format::number(lo, 2, lang),
                format::number(hi, 2, lang),
                ind.unit_label.as_ref().map(|l| l.get(lang).to_string()),
            ),
        };
        let range = if hi > lo { format!("{a}–{b}") } else { a };
        match unit {
            Some(u) => format!("{range} {u}"),
            None => range,
        }
    }

    /// The histogram of the communes' latest figures (large sites).
    fn distribution_chart(
        &self,
        from: &str,
        ind: &Indicator,
        values: &[f64],
    ) -> io::Result<Option<ChartView>> {
        let Some(s) = summary::stats(values) else {
            return Ok(None);
        };
        if ind.unit == Unit::Yesno {
            return Ok(None);
        }
        let bins = summary::bins(
            values,
            percent_range(ind),
            summary::HISTOGRAM_BINS,
            ind.unit == Unit::Count,
        );
        // the first of the fullest bins, for the text alternative
        let Some(most) = bins
            .iter()
            .fold(None, |best: Option<&summary::Bin>, b| match best {
                Some(m) if m.count >= b.count => Some(m),
                _ => Some(b),
            })
        else {
            return Ok(None);
        };
        let count = |n: usize| format::count(n as f64, self.lang);
        let name = ind.name.get(self.lang).to_string();
        let title = self.tf("chart_distribution_title", &[("indicator", &name)]);
        let alt = self.tf(
            "chart_alt_distribution",
            &[
                ("indicator", &name),
                ("count", &count(s.count)),
                ("median", &self.median_words(ind, s.median)),
                ("min", &self.value_text(ind, Value::Number(s.min))),
                ("max", &self.value_text(ind, Value::Number(s.max))),
                ("most", &count(most.count)),
                ("range", &self.bin_text(ind, most)),
            ],
        );
        let hbins: Vec<HistogramBin> = bins
            .iter()
            .map(|b| HistogramBin {
                lo: b.lo,
                hi: b.hi,
                count: b.count,
                count_label: count(b.count),
            })
            .collect();
        let target_label = self.chart_target(ind);
        let format_x = |x: f64| self.axis_label(ind, x);
        let format_y = |x: f64| format::number(x, 1, self.lang);
        let svg = charts::histogram_svg(&Histogram {
            title: &title,
            description: &alt,
            bins: &hbins,
            target: target_label.as_ref().map(|(x, l)| (*x, l.as_str())),
            format_x: &format_x,
            format_y: &format_y,
        });
        let chart_path = format!(
            "charts/indicators/{}.distribution.{}.svg",
            ind.id, self.lang
        );
        self.write_chart(&chart_path, &svg)?;
        Ok(Some(ChartView {
            src: relative(from, &chart_path),
            title,
            alt,
            note: self.t(if bins.iter().all(|b| b.whole) {
                "chart_bins_note_whole"
            } else {
                "chart_bins_note"
            }),
            rows: bins
                .iter()
                .map(|b| (self.bin_text(ind, b), count(b.count)))
                .collect(),
            data_href: relative(from, "data/observations.csv"),
        }))
    }

    fn indicator_chart(
        &self,
        from: &str,
        ind: &Indicator,
        with: &[Latest],
    ) -> io::Result<Option<ChartView>> {
        if with.is_empty() || ind.unit == Unit::Yesno {
            return Ok(None);
        }
        let name = ind.name.get(self.lang).to_string();
        let title = self.tf("chart_compare_title", &[("indicator", &name)]);
        let labels: Vec<String> = with.iter().map(|w| w.c.info.name.clone()).collect();
        let bars: Vec<Bar> = with
            .iter()
            .zip(&labels)
            .map(|(w, label)| Bar {
                label,
                value: w.x,
                value_label: self.value_cell(ind, Value::Number(w.x)),
                highlight: false,
            })
            .collect();
        let best = &with[0];
        let worst = &with[with.len() - 1];
        let alt = self.tf(
            "chart_alt_compare",
            &[
                ("indicator", &name),
                ("count", &format::count(with.len() as f64, self.lang)),
                ("first", &best.c.info.name),
                ("first_value", &self.value_text(ind, Value::Number(best.x))),
                ("last", &worst.c.info.name),
                ("last_value", &self.value_text(ind, Value::Number(worst.x))),
            ],
        );
        let target_label = self.chart_target(ind);
        let format_x = |x: f64| self.axis_label(ind, x);
        let svg = charts::bars_svg(&Bars {
            title: &title,
            description: &alt,
            bars: &bars,
            target: target_label.as_ref().map(|(x, l)| (*x, l.as_str())),
            x_range: percent_range(ind),
            format_x: &format_x,
        });
        let chart_path = format!("charts/indicators/{}.{}.svg", ind.id, self.lang);
        self.write_chart(&chart_path, &svg)?;
        Ok(Some(ChartView {
            src: relative(from, &chart_path),
            title,
            alt,
            note: String::new(),
            rows: with
                .iter()
                .map(|w| {
                    (
                        w.c.info.name.clone(),
                        self.value_text(ind, Value::Number(w.x)),
                    )
                })
                .collect(),
            data_href: relative(from, "data/observations.csv"),
        }))
    }

    fn indicator_list(&self) -> io::Result<()> {
        let path = path::indicators();
        let from = self.out(&path);
        let groups = self
            .site
            .groups
            .iter()
            .map(|g| IndicatorGroupView {
                name: g.name.get(self.lang).into(),
                indicators: self
                    .site
                    .indicators
                    .iter()
                    .enumerate()
                    .filter(|(_, ind)| ind.group == g.id)
                    .map(|(i, ind)| IndicatorEntry {
                        link: Link {
                            text: ind.name.get(self.lang).into(),
                            href: relative(&from, &self.out(&path::indicator(ind))),
                        },
                        unit: self.unit_words(ind),
                        communes: self
                            .site
                            .communes()
                            .filter(|(_, c)| c.latest(i).is_some())
                            .count(),
                        headline: ind.headline,
                    })
                    .collect(),
            })
            .collect::<Vec<_>>();
        let common = self.common(
            "indicators",
            &path,
            self.t("indicators"),
            self.t("indicators_description"),
            vec![],
        );
        self.write_page("indicators.html", &from, common, groups)
    }

    fn report(&self, p: &Province, c: &Commune, r: &crate::domain::Report) -> io::Result<()> {
        let path = path::report(p, c, r.id.as_str());
        let from = self.out(&path);
        let commune_href = relative(&from, &self.out(&path::commune(p, c)));
        // What this reads of the periods is what `citing_periods_key` hashes: keep them alike.
        let figures = c
            .periods
            .iter()
            .filter(|period| period.info.source.report.as_ref() == Some(&r.id))
            .map(|period| Link {
                text: self.period_label(&period.info),
                href: format!("{commune_href}#period-{}", period.info.id),
            })
            .collect();
        let view = ReportView {
            title: r.title.clone(),
            number: r.number.clone().unwrap_or_default(),
            issued_by: r.issued_by.clone(),
            signed_by: r.signed_by.clone().unwrap_or_default(),
            date: format::date(r.date, self.lang),
            period: format::date_range(r.start, r.end, self.lang),
            language: r.language.clone(),
            language_note: if r.language != self.lang {
                self.tf(
                    "report_language_note",
                    &[("language", language_name(&r.language))],
                )
            } else {
                String::new()
            },
            body_html: to_safe_html(&r.body),
            commune: Link {
                text: format!("{}, {}", c.info.name, p.info.name),
                href: commune_href,
            },
            figures,
        };
        let trail = vec![
            Link {
                text: p.info.name.clone(),
                href: path::province(p),
            },
            Link {
                text: c.info.name.clone(),
                href: path::commune(p, c),
            },
        ];
        let description = self.tf(
            "report_description",
            &[
                ("commune", &c.info.name),
                ("date", &format::date(r.date, self.lang)),
            ],
        );
        let common = self.common("report", &path, r.title.clone(), description, trail);
        self.write_page("report.html", &from, common, view)
    }

    fn free_page(&self, i: usize) -> io::Result<()> {
        let page = self.page_in_lang(self.site.pages[i].id.as_str());
        let path = path::page(page.id.as_str());
        let from = self.out(&path);
        let view = FreePageView {
            body_html: to_safe_html(&page.body),
        };
        let common = self.common(
            "page",
            &path,
            page.title.clone(),
            page.description.clone().unwrap_or_default(),
            vec![],
        );
        self.write_page("page.html", &from, common, view)
    }

    fn downloads(&self) -> io::Result<()> {
        let path = path::downloads();
        let from = self.out(&path);
        let file = |name: &str, key: &str| DownloadFile {
            link: Link {
                text: name.to_string(),
                href: relative(&from, &format!("data/{name}")),
            },
            description: self.t(key),
        };
        let rows = self.site.observation_count();
        let mut files = vec![file("observations.csv", "file_observations")];
        if super::data::fits_excel(rows) {
            files.push(file("observations-excel.csv", "file_observations_excel"));
        } else {
            files[0].description = self.tf(
                "file_observations_no_excel",
                &[
                    ("rows", &format::count(rows as f64, self.lang)),
                    (
                        "limit",
                        &format::count((super::workbook::EXCEL_MAX_ROWS - 1) as f64, self.lang),
                    ),
                ],
            );
        }
        files.extend([
            file("minhbach.xlsx", "file_xlsx"),
            file("minhbach.sqlite", "file_sqlite"),
            file("indicators.csv", "file_indicators"),
            file("communes.csv", "file_communes"),
            file("revisions.csv", "file_revisions"),
            file("datapackage.json", "file_datapackage"),
        ]);
        let provinces = self
            .site
            .provinces
            .iter()
            .map(|p| {
                let stem = super::data::province_stem(p);
                DownloadFile {
                    link: Link {
                        text: p.info.name.clone(),
                        href: relative(&from, &format!("{stem}.xlsx")),
                    },
                    description: relative(&from, &format!("{stem}.sqlite")),
                }
            })
            .collect();
        let communes = self
            .site
            .communes()
            .map(|(p, c)| {
                let stem = commune_stem(p, c);
                DownloadFile {
                    link: Link {
                        text: format!("{}, {}", c.info.name, p.info.name),
                        href: relative(&from, &format!("data/{stem}.csv")),
                    },
                    description: relative(&from, &format!("data/{stem}.json")),
                }
            })
            .collect();
        let document = |table: &str, fields: &[super::data::Field]| -> Vec<ColumnDoc> {
            fields
                .iter()
                .map(|f| ColumnDoc {
                    name: f.name.into(),
                    kind: f.kind.into(),
                    // A column explained for this file, else one of the same name in
                    // observations.csv, else the description in datapackage.json.
                    description: [
                        format!("col_{table}_{}", f.name),
                        format!("column_{}", f.name),
                    ]
                    .iter()
                    .find_map(|k| self.t.get(k).cloned())
                    .unwrap_or_else(|| f.description.to_string()),
                })
                .collect()
        };
        let columns = document("observations", OBSERVATION_FIELDS);
        let tables = [
            ("observations", "data/observations.csv", OBSERVATION_FIELDS),
            (
                "indicators",
                "data/indicators.csv",
                super::data::INDICATOR_FIELDS,
            ),
            ("communes", "data/communes.csv", super::data::COMMUNE_FIELDS),
            (
                "revisions",
                "data/revisions.csv",
                super::archive::REVISION_FIELDS,
            ),
            (
                "figures",
                "releases/<release>/figures.csv",
                super::archive::FIGURE_FIELDS,
            ),
        ]
        .into_iter()
        .map(|(table, name, fields)| TableDoc {
            name: name.to_string(),
            anchor: format!("table-{table}"),
            intro: self.t(&format!("table_{table}")),
            columns: document(table, fields),
        })
        .collect();
        let common = self.common(
            "downloads",
            &path,
            self.t("downloads"),
            self.t("downloads_description"),
            vec![],
        );
        self.write_page(
            "downloads.html",
            &from,
            common,
            DownloadsView {
                files,
                provinces,
                communes,
                columns,
                tables,
                releases: Link {
                    text: self.t("releases"),
                    href: relative(&from, &self.out(&path::releases())),
                },
            },
        )
    }

    fn not_found(&self) -> io::Result<()> {
        // 404 pages are served at any address, so their links start from the site's own path.
        let path = "404.html";
        let from = self.out(path);
        let mut common = self.common(
            "404",
            path,
            self.t("not_found_title"),
            String::new(),
            vec![],
        );
        let base_path = self
            .site
            .config
            .base_url
            .splitn(4, '/')
            .nth(3)
            .map(|p| format!("/{p}"))
            .unwrap_or_else(|| "/".into());
        let absolute = |href: &str| format!("{base_path}{}", href.trim_start_matches("../"));
        let lang_prefix = if from.contains('/') {
            format!("{}/", self.lang)
        } else {
            String::new()
        };
        common.root = base_path.clone();
        for l in common
            .nav
            .iter_mut()
            .chain(common.breadcrumbs.iter_mut())
            .chain(common.footer_pages.iter_mut())
        {
            if !l.href.is_empty() {
                l.href = absolute(&format!("{lang_prefix}{}", l.href));
            }
        }
        for a in common.alternates.iter_mut() {
            a.href = absolute(&a.href.replace("../", ""));
        }
        common.feed_href = absolute(&format!("{lang_prefix}atom.xml"));
        self.write_page("404.html", &from, common, ())
    }
}

/// Both ends of a ranking, ready for a view.
struct Ends {
    top: Vec<RankRow>,
    top_more: String,
    bottom: Vec<RankRow>,
    bottom_more: String,
}

/// A commune's latest figure of one indicator, with where it comes from.
#[derive(Debug, Clone, Copy)]
struct Latest<'s> {
    p: &'s Province,
    c: &'s Commune,
    period: &'s Period,
    obs: &'s Observation,
    x: f64,
}

/// A ranking: the communes with a latest figure, best first, and those without one.
type Ranking<'s> = (Vec<Latest<'s>>, Vec<(&'s Province, &'s Commune)>);

/// The national ranking of each indicator, made when a page first needs it: the overview, the
/// indicator pages and the province summaries of both languages share it (each sorts every
/// commune: 3,321 at national scale). Kept as positions in `communes`.
struct Rankings<'s> {
    communes: Vec<(&'s Province, &'s Commune)>,
    national: Vec<std::sync::OnceLock<(Vec<usize>, Vec<usize>)>>,
    site: &'s Site,
    /// Each commune's place in the Vietnamese order of names (equal names, equal places).
    name_order: std::sync::OnceLock<Vec<u32>>,
}

impl<'s> Rankings<'s> {
    fn new(site: &'s Site) -> Self {
        Rankings {
            communes: site.communes().collect(),
            national: site.indicators.iter().map(|_| Default::default()).collect(),
            site,
            name_order: Default::default(),
        }
    }

    /// Every commune of the site ranked by its latest figure of indicator `i`.
    fn national(&self, i: usize) -> Ranking<'s> {
        let (with, without) = self.national[i].get_or_init(|| {
            // Figures tie often (small counts): comparing names with the collator at each
            // tie, in each of 99 rankings, cost more than putting the names in order once.
            let order = self.name_order.get_or_init(|| name_order(&self.communes));
            let ind = &self.site.indicators[i];
            rank_positions_by(&self.communes, i, ind, |a, b| order[a].cmp(&order[b]))
        });
        let with = with
            .iter()
            .filter_map(|&n| {
                let (p, c) = self.communes[n];
                latest_of(p, c, i)
            })
            .collect();
        (with, without.iter().map(|&n| self.communes[n]).collect())
    }
}

/// The latest figure of indicator `i` of commune `c`, when it is a number.
fn latest_of<'s>(p: &'s Province, c: &'s Commune, i: usize) -> Option<Latest<'s>> {
    let (period, obs) = c.latest(i)?;
    let x = obs.number()?;
    Some(Latest {
        p,
        c,
        period,
        obs,
        x,
    })
}

/// The communes that have a latest figure of indicator `i`, best first (ties in Vietnamese
/// order of names, then in the order given), and those that have none, in the order given.
fn rank_latest<'s>(
    communes: impl Iterator<Item = (&'s Province, &'s Commune)>,
    i: usize,
    ind: &Indicator,
) -> Ranking<'s> {
    let communes: Vec<(&Province, &Commune)> = communes.collect();
    let (with, without) = rank_positions(&communes, i, ind);
    let with = with
        .iter()
        .filter_map(|&n| latest_of(communes[n].0, communes[n].1, i))
        .collect();
    (with, without.iter().map(|&n| communes[n]).collect())
}

/// [`rank_latest`] as positions in `communes`.
fn rank_positions(
    communes: &[(&Province, &Commune)],
    i: usize,
    ind: &Indicator,
) -> (Vec<usize>, Vec<usize>) {
    rank_positions_by(communes, i, ind, |a, b| {
        crate::base::collate::compare(&communes[a].1.info.name, &communes[b].1.info.name)
    })
}

/// Each commune's place in the Vietnamese order of names, equal names sharing theirs.
fn name_order(communes: &[(&Province, &Commune)]) -> Vec<u32> {
    let name = |n: usize| communes[n].1.info.name.as_str();
    let mut sorted: Vec<usize> = (0..communes.len()).collect();
    sorted.sort_by(|&a, &b| crate::base::collate::compare(name(a), name(b)));
    let mut order = vec![0; communes.len()];
    let mut place = 0;
    for (k, &n) in sorted.iter().enumerate() {
        if k > 0 && crate::base::collate::compare(name(sorted[k - 1]), name(n)).is_ne() {
            place += 1;
        }
        order[n] = place;
    }
    order
}

/// [`rank_positions`] with equal figures in the order of `names` (by position).
fn rank_positions_by(
    communes: &[(&Province, &Commune)],
    i: usize,
    ind: &Indicator,
    names: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> (Vec<usize>, Vec<usize>) {
    let mut with = Vec::new();
    let mut without = Vec::new();
    for (n, &(p, c)) in communes.iter().enumerate() {
        match latest_of(p, c, i) {
            Some(latest) => with.push((n, latest)),
            None => without.push(n),
        }
    }
    let descending = ind.better != Better::Lower;
    // Stable: equal figures and names keep the order given.
    with.sort_by(|(m, a), (n, b)| {
        let ord = a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal);
        (if descending { ord.reverse() } else { ord }).then_with(|| names(*m, *n))
    });
    (with.into_iter().map(|(n, _)| n).collect(), without)
}

/// The figures of a ranking, in its order.
fn figures(with: &[Latest]) -> Vec<f64> {
    with.iter().map(|e| e.x).collect()
}

/// A commune's latest figure of indicator `i` as a number, if it has one.
fn latest_number(c: &Commune, i: usize) -> Option<f64> {
    c.latest(i).and_then(|(_, obs)| obs.number())
}

/// True for a flow whose compared figures come from periods of different lengths, which the
/// page must say, as such figures are not directly comparable.
fn lengths_differ(ind: &Indicator, with: &[Latest]) -> bool {
    ind.kind == IndicatorKind::Flow
        && with.first().is_some_and(|f| {
            with.iter()
                .any(|e| e.period.info.days() != f.period.info.days())
        })
}

/// Percentages are always drawn on a 0–100 axis; other units scale to their data.
fn percent_range(ind: &Indicator) -> Option<(f64, f64)> {
    (ind.unit == Unit::Percent).then_some((0.0, 100.0))
}

/// A language's name in that language.
pub fn language_name(lang: &str) -> &str {
    match lang {
        "vi" => "Tiếng Việt",
        "en" => "English",
        "fr" => "Français",
        "zh" => "中文",
        "km" => "ភាសាខ្មែរ",
        "lo" => "ພາສາລາວ",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_rankings_break_ties_as_the_collator_does() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let scale = crate::demo::Scale {
            provinces: 3,
            communes: 90,
            periods: 2,
            seed: 7,
        };
        crate::demo::generate(&content, scale).unwrap();
        let (site, _) = crate::pipeline::load_site(&content);
        let site = site.expect("the demo content builds");
        let rankings = Rankings::new(&site);
        let mut ties = 0;
        for (i, ind) in site.indicators.iter().enumerate() {
            let expected = rank_positions(&rankings.communes, i, ind);
            rankings.national(i);
            assert_eq!(rankings.national[i].get(), Some(&expected), "{}", ind.id);
            let x = |n: usize| latest_number(rankings.communes[n].1, i);
            ties += expected.0.windows(2).filter(|w| x(w[0]) == x(w[1])).count();
        }
        assert!(ties > 0, "some figures tie, so the names decide");
    }

    #[test]
    fn relative_links_climb_to_the_root() {
        assert_eq!(relative("index.html", "data/x.csv"), "data/x.csv");
        assert_eq!(
            relative("en/communes/a/b/index.html", "en/index.html"),
            "../../../../en/index.html"
        );
        assert_eq!(relative("communes/a/b/index.html", ""), "../../../");
    }
}
