//! HTML pages: one job per page and language, rendered in parallel from the shared `&Site`.
//!
//! Each page kind is a file of its own (`overview`, `province`, `commune`, …), a method of
//! [`renderer::Renderer`]; the parts they share are leaves (`renderer`, `paths`, `tables`,
//! `rankings`, `citation`, `goals`, `timeline`, `reporting`). No page file uses another.

mod catalogue;
mod citation;
mod commune;
mod commune_list;
mod courses;
mod downloads;
mod free_page;
mod goals;
mod indicator;
mod not_found;
mod overview;
pub(crate) mod paths;
mod province;
mod rankings;
mod releases;
mod renderer;
mod report;
mod reporting;
mod tables;
mod timeline;

pub use paths::relative;

use crate::model::{Commune, Province, Site};
use crate::render::summary;
use crate::render::theme::Theme;
use crate::render::{Parts, Scope, Sink};
use minijinja::{Environment, UndefinedBehavior};
use rankings::Rankings;
use rayon::prelude::*;
use renderer::Renderer;
use std::collections::BTreeMap;
use std::io;

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
    /// Every commune by province.
    CommuneList,
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
                periods: report::citing_periods_key(c, &c.reports[*r].id),
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
            out.write_str(&crate::render::html::escape(&text))?;
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
    courses: std::sync::OnceLock<courses::Courses>,
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
            courses: std::sync::OnceLock::new(),
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
            (&self.rankings, &self.courses),
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
/// The downloads page of each language, with every file's size as `sink` has it: rendered
/// after the data files (and again after an update's bulk downloads), never reused.
pub fn render_downloads(site: &Site, theme: &Theme, sink: &dyn Sink) -> io::Result<()> {
    let set = PageSet::new(site, theme)?;
    site.config
        .languages
        .iter()
        .try_for_each(|lang| set.renderer(lang, sink)?.downloads())
}

pub fn render(site: &Site, theme: &Theme, sink: &dyn Sink, parts: &dyn Parts) -> io::Result<()> {
    let set = PageSet::new(site, theme)?;
    // Made before the jobs, with every thread: the indicator pages of each language wait for it.
    let _ = set.courses.set(courses::Courses::of(site, true));
    let mut jobs: Vec<Job> = vec![
        Job::Overview,
        Job::IndicatorList,
        Job::CommuneList,
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

impl Renderer<'_> {
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
            Job::CommuneList => self.commune_list(),
            Job::Releases => self.release_archive(),
            Job::Release(i) => self.release_page(i),
            Job::NotFound => self.not_found(),
        }
    }
}
