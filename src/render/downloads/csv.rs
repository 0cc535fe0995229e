//! The CSV files: every figure in tidy (long) form — `observations.csv`, and each commune's
//! rows — and the tables of indicators, communes and revisions. Numbers are machine-readable:
//! no thousands separators, `.` decimals.

use super::tables::*;
use crate::base::diagnostics::Lang;
use crate::domain::{Target, TargetScope};
use crate::format;
use crate::model::{Commune, Period, Province, Site};
use std::io;

/// The header row of every observations CSV.
pub fn observations_header() -> io::Result<Vec<u8>> {
    let mut head = csv_writer();
    header(&mut head, OBSERVATION_FIELDS)?;
    finish(head)
}

/// The header row of each commune's own CSV.
pub fn commune_header() -> io::Result<Vec<u8>> {
    let mut head = csv_writer();
    header(&mut head, COMMUNE_OBSERVATION_FIELDS)?;
    finish(head)
}

/// A commune's rows, without a header: those of its own CSV (the columns of
/// [`COMMUNE_OBSERVATION_FIELDS`]) and, with `national`, its rows of `observations.csv` (empty
/// without), both from the same cells.
pub fn commune_rows(
    site: &Site,
    p: &Province,
    c: &Commune,
    national: bool,
) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let (mut own, mut all) = (csv_writer(), csv_writer());
    for_each_observation(site, [(p, c)], |cells| {
        if national {
            all.write_record(cells).map_err(io::Error::other)?;
        }
        own.write_record(COMMUNE_OBSERVATION_KEPT.map(|i| cells[i]))
            .map_err(io::Error::other)
    })?;
    Ok((finish(own)?, finish(all)?))
}

/// One row per commune × period × indicator with a reported, computed or explicitly missing
/// value, under a header.
pub fn observations_csv<'a>(
    site: &Site,
    communes: impl IntoIterator<Item = (&'a Province, &'a Commune)>,
) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, OBSERVATION_FIELDS)?;
    let mut out = finish(w)?;
    out.extend_from_slice(&observation_rows(site, communes)?);
    Ok(out)
}

/// The rows of [`observations_csv`] without the header.
pub fn observation_rows<'a>(
    site: &Site,
    communes: impl IntoIterator<Item = (&'a Province, &'a Commune)>,
) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    for_each_observation(site, communes, |cells| {
        w.write_record(cells).map_err(io::Error::other)
    })?;
    finish(w)
}

/// Calls `each` with the cells of every row of `observations.csv` for `communes`, in the
/// file's order: the CSV files and `observations.parquet` are made from the same cells. What a
/// row shares with its period or indicator is formatted once, not once per figure: the
/// national file has millions of rows.
pub fn for_each_observation<'a>(
    site: &Site,
    communes: impl IntoIterator<Item = (&'a Province, &'a Commune)>,
    mut each: impl FnMut(&[&str; OBSERVATION_COLUMNS]) -> io::Result<()>,
) -> io::Result<()> {
    let lang = &site.config.languages[0];
    let indicators: Vec<[&str; 5]> = site
        .indicators
        .iter()
        .map(|ind| {
            [
                ind.id.as_str(),
                ind.name.get(lang),
                ind.group.as_str(),
                ind.unit.as_str(),
                ind.kind.as_str(),
            ]
        })
        .collect();
    for (p, c) in communes {
        for period in &c.periods {
            let shared = PeriodColumns::new(p, c, period);
            for obs in &period.observations {
                let [id, name, group, unit, kind] = indicators[obs.indicator()];
                let fig = figure(obs);
                let (value, reported, computed) =
                    (plain(fig.value), plain(fig.reported), plain(fig.computed));
                let warnings = warnings_text(site, obs, Lang::En);
                let warnings_vi = warnings_text(site, obs, Lang::Vi);
                let s = &shared;
                each(&[
                    p.info.id.as_str(),
                    &p.info.name,
                    c.info.id.as_str(),
                    &c.info.name,
                    period.info.id.as_str(),
                    &s.start,
                    &s.end,
                    &s.days,
                    period.info.kind.as_str(),
                    id,
                    name,
                    group,
                    unit,
                    kind,
                    &value,
                    fig.basis,
                    &reported,
                    &computed,
                    obs.note.as_deref().unwrap_or_default(),
                    &warnings,
                    &period.info.source.title,
                    period.info.source.issued_by.as_deref().unwrap_or_default(),
                    &s.source_date,
                    s.report,
                    &s.file,
                    &warnings_vi,
                ])?;
            }
        }
    }
    Ok(())
}

/// The columns of `observations.csv` that every figure of one period shares, formatted once.
struct PeriodColumns<'a> {
    start: String,
    end: String,
    days: String,
    source_date: String,
    report: &'a str,
    file: String,
}

impl<'a> PeriodColumns<'a> {
    fn new(p: &Province, c: &Commune, period: &'a Period) -> Self {
        let info = &period.info;
        PeriodColumns {
            start: info.start.to_string(),
            end: info.end.to_string(),
            days: info.days().to_string(),
            source_date: info.source.date.map(|d| d.to_string()).unwrap_or_default(),
            report: info.source.report.as_ref().map_or("", |r| r.as_str()),
            file: format!("communes/{}/{}/data/{}.yaml", p.info.id, c.info.id, info.id),
        }
    }
}

pub fn indicators_csv(site: &Site) -> io::Result<Vec<u8>> {
    let lang = &site.config.languages[0];
    let has_en = site.config.languages.iter().any(|l| l == "en");
    let mut w = csv_writer();
    header(&mut w, INDICATOR_FIELDS)?;
    for ind in &site.indicators {
        let group = site.groups.iter().find(|g| g.id == ind.group);
        let target = ind.target.as_ref();
        w.write_record([
            ind.id.to_string(),
            ind.group.to_string(),
            group
                .map(|g| g.name.get(lang).to_string())
                .unwrap_or_default(),
            ind.name.get(lang).to_string(),
            if has_en {
                ind.name.get("en").to_string()
            } else {
                String::new()
            },
            ind.description
                .as_ref()
                .map(|d| d.get(lang).to_string())
                .unwrap_or_default(),
            ind.unit.as_str().into(),
            ind.unit_label
                .as_ref()
                .map(|d| d.get(lang).to_string())
                .unwrap_or_default(),
            ind.kind.as_str().into(),
            ind.better.as_str().into(),
            ind.ratio
                .as_ref()
                .map(|r| r.0.to_string())
                .unwrap_or_default(),
            ind.ratio
                .as_ref()
                .map(|r| r.1.to_string())
                .unwrap_or_default(),
            ind.part_of
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            plain(target.and_then(|t| t.min)),
            plain(target.and_then(|t| t.max)),
            ind.headline.to_string(),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}

/// `data/targets.csv`: every target with its scope and the document that sets it — the
/// catalogue's first, then the nation's, each province's and each commune's.
pub fn targets_csv(site: &Site) -> io::Result<Vec<u8>> {
    let lang = &site.config.languages[0];
    let mut w = csv_writer();
    header(&mut w, TARGET_FIELDS)?;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let mut row = |scope: &str, p: &str, c: &str, indicator: &str, t: &Target| {
        let s = t.source.as_ref();
        let report = s
            .and_then(|s| s.report.as_ref())
            .map(|r| format!("{}/{}/{}", r.province, r.commune, r.report))
            .unwrap_or_default();
        w.write_record([
            scope,
            p,
            c,
            indicator,
            &plain(t.min),
            &plain(t.max),
            &date(t.from),
            &date(t.to),
            &s.map(|s| s.title.clone()).unwrap_or_default(),
            &s.map(|s| opt(&s.number)).unwrap_or_default(),
            &date(s.and_then(|s| s.date)),
            &s.map(|s| opt(&s.issued_by)).unwrap_or_default(),
            &s.map(|s| opt(&s.url)).unwrap_or_default(),
            &report,
            t.note.as_ref().map(|n| n.get(lang)).unwrap_or_default(),
        ])
        .map_err(io::Error::other)
    };
    for ind in &site.indicators {
        if let Some(t) = &ind.target {
            row(TargetScope::National.as_str(), "", "", ind.id.as_str(), t)?;
        }
    }
    for t in &site.targets {
        row(t.scope.as_str(), "", "", t.indicator.as_str(), &t.target)?;
    }
    for p in &site.provinces {
        let pid = p.info.id.as_str();
        for t in &p.info.targets {
            row(t.scope.as_str(), pid, "", t.indicator.as_str(), &t.target)?;
        }
        for c in &p.communes {
            for t in &c.info.targets {
                let cid = c.info.id.as_str();
                row(t.scope.as_str(), pid, cid, t.indicator.as_str(), &t.target)?;
            }
        }
    }
    finish(w)
}

pub fn communes_csv(site: &Site) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, COMMUNE_FIELDS)?;
    for (p, c) in site.communes() {
        let observations: usize = c.periods.iter().map(|x| x.observations.len()).sum();
        let warnings: usize = c
            .periods
            .iter()
            .map(|x| x.observations.warning_count())
            .sum();
        w.write_record([
            p.info.id.to_string(),
            p.info.name.clone(),
            p.info.code.clone().unwrap_or_default(),
            c.info.id.to_string(),
            c.info.name.clone(),
            c.info.kind.clone(),
            c.info.code.clone().unwrap_or_default(),
            c.info.population.map(|x| x.to_string()).unwrap_or_default(),
            c.periods.len().to_string(),
            observations.to_string(),
            warnings.to_string(),
            commune_file(p, c, "csv"),
            commune_file(p, c, "json"),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}

/// `data/revisions.csv`: every value of every figure that changed after it was published.
pub fn revisions_csv(site: &Site) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, REVISION_FIELDS)?;
    let all: Vec<(&Province, &Commune)> = site.communes().collect();
    for row in log(site, &all) {
        let k = row.key;
        w.write_record([
            k.province.as_str(),
            k.commune.as_str(),
            k.period.as_str(),
            k.indicator.as_str(),
            row.release.map(|r| r.id.as_str()).unwrap_or_default(),
            &row.release.map(|r| r.date.to_string()).unwrap_or_default(),
            row.change,
            &row.value.map(format::plain).unwrap_or_default(),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}
