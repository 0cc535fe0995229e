//! Stage 2 — validate: check every loaded file against the content contract and collect
//! every problem (never stopping at the first), producing typed [`Content`].
//!
//! [`validate`] here runs the checks in order; each kind of file is checked in its own file:
//!
//! - `validator.rs` — the `Validator` that collects problems, and the helpers the checks
//!   share: key positions, dates, localized text, ids, choices, "ends before it starts";
//! - `site.rs` — site settings (`site.yaml`);
//! - `catalogue.rs` — the indicator catalogue (`indicators.yaml`): groups, indicators, targets;
//! - `documents.rs` — reports (`…/reports/<id>.md`) and pages (`pages/<id>.<lang>.md`);
//! - `periods.rs` — period files (`…/data/<id>.yaml`): window, kind, source, values, and no
//!   two files covering the same window;
//! - `values.rs` — one value against its indicator's unit ([`check_value`]);
//! - `provinces.rs` — provinces, communes and their folders;
//! - `targets.rs` — targets of the nation, a province or a commune, with their documents;
//! - `releases.rs` — release records and their chain.

use crate::base::diagnostics::Diagnostics;
use crate::domain::{Content, Indicator, PeriodData, Report, TargetScope};
use crate::load::Loaded;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use validator::Validator;

mod catalogue;
mod documents;
mod periods;
mod provinces;
mod releases;
mod site;
mod targets;
mod validator;
mod values;

pub use values::{ValueProblem, check_value};

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
    let mut cited = Vec::new();
    let targets = match &loaded.catalogue {
        Some(c) => v.targets(
            &c.file,
            &c.data.targets,
            TargetScope::National,
            &catalogue,
            &mut cited,
        ),
        None => Vec::new(),
    };

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
    let provinces = v.provinces(&loaded, &mut periods, &mut reports, &catalogue, &mut cited);
    // A commune the checked-content cache vouches for was not read: its report files are
    // looked for where the walk listed them.
    let reused: std::collections::HashSet<(&str, &str)> = loaded
        .reused
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    v.cited_reports(&cited, &|place| {
        let (p, c) = (place.province.as_str(), place.commune.as_str());
        let checked = provinces
            .iter()
            .filter(|x| x.info.id == place.province)
            .flat_map(|x| &x.communes)
            .filter(|x| x.info.id == place.commune)
            .any(|x| x.reports.iter().any(|r| r.id == place.report));
        let file = || {
            let rel = format!("communes/{p}/{c}/reports/{}.md", place.report);
            loaded.root.join(rel).is_file()
        };
        checked || (reused.contains(&(p, c)) && file())
    });
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
            targets,
            provinces,
            pages,
            releases,
        }),
        diags,
    )
}
