//! The SQLite database: provinces, communes, periods, indicators, observations and warnings,
//! with primary keys, foreign keys and indexes, ready for Datasette or DB Browser for SQLite.
//!
//! Built in a temporary file and handed to the sink. The same statements run in the same order
//! with nothing time-dependent, so the same content gives the same bytes.

use super::tables::{figure, log};
use crate::model::{Commune, Province, Site};
use crate::render::Sink;
use rusqlite::{Connection, Transaction, params};
use std::io;

/// Tables, keys and the view; indexes come after the rows (building them once is faster).
/// Periods and observations are stored in the order of their primary key (`WITHOUT ROWID`):
/// one B-tree instead of a table and a key index, so a commune's rows (every series of it)
/// are read together, and the national database is a sixth smaller and faster to make.
const SCHEMA: &str = "
CREATE TABLE provinces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  code TEXT
);
CREATE TABLE communes (
  province_id TEXT NOT NULL REFERENCES provinces(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  code TEXT,
  population INTEGER,
  PRIMARY KEY (province_id, id)
);
CREATE TABLE periods (
  province_id TEXT NOT NULL,
  commune_id TEXT NOT NULL,
  id TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  days INTEGER NOT NULL,
  kind TEXT NOT NULL,
  source_title TEXT NOT NULL,
  source_issued_by TEXT,
  source_date TEXT,
  source_report TEXT,
  source_file TEXT NOT NULL,
  PRIMARY KEY (province_id, commune_id, id),
  FOREIGN KEY (province_id, commune_id) REFERENCES communes(province_id, id)
) WITHOUT ROWID;
CREATE TABLE indicators (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL,
  group_name TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT,
  description TEXT,
  unit TEXT NOT NULL,
  unit_label TEXT,
  kind TEXT NOT NULL,
  better TEXT NOT NULL,
  ratio_numerator TEXT REFERENCES indicators(id),
  ratio_denominator TEXT REFERENCES indicators(id),
  part_of TEXT REFERENCES indicators(id),
  target_min REAL,
  target_max REAL,
  headline INTEGER NOT NULL
);
CREATE TABLE observations (
  province_id TEXT NOT NULL,
  commune_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL REFERENCES indicators(id),
  value REAL,
  value_basis TEXT NOT NULL,
  reported_value REAL,
  computed_value REAL,
  note TEXT,
  PRIMARY KEY (province_id, commune_id, period_id, indicator_id),
  FOREIGN KEY (province_id, commune_id, period_id)
    REFERENCES periods(province_id, commune_id, id)
) WITHOUT ROWID;
CREATE TABLE warnings (
  id INTEGER PRIMARY KEY,
  province_id TEXT NOT NULL,
  commune_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  message_en TEXT NOT NULL,
  message_vi TEXT NOT NULL,
  FOREIGN KEY (province_id, commune_id, period_id, indicator_id)
    REFERENCES observations(province_id, commune_id, period_id, indicator_id)
);
-- The revision log (data/revisions.csv): no keys to the other tables, because a withdrawn figure
-- may belong to a period or commune the content no longer has.
CREATE TABLE revisions (
  province_id TEXT NOT NULL,
  commune_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  release_id TEXT,
  release_date TEXT,
  change TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (province_id, commune_id, period_id, indicator_id, step)
);
CREATE VIEW observations_full AS
SELECT p.name AS province_name, c.name AS commune_name, o.province_id, o.commune_id,
       o.period_id, pe.start_date, pe.end_date, pe.kind AS period_kind,
       o.indicator_id, i.name AS indicator_name, i.unit, o.value, o.value_basis,
       o.reported_value, o.computed_value, o.note, pe.source_title
FROM observations o
JOIN provinces p ON p.id = o.province_id
JOIN communes c ON c.province_id = o.province_id AND c.id = o.commune_id
JOIN periods pe ON pe.province_id = o.province_id AND pe.commune_id = o.commune_id
  AND pe.id = o.period_id
JOIN indicators i ON i.id = o.indicator_id;
";

/// Indexes for the questions readers ask beside the primary key (which finds one commune's
/// rows, every series of it, at once): every commune's figure of an indicator in a period.
const INDEXES: &str = "
CREATE INDEX observations_by_indicator_period ON observations (indicator_id, period_id);
CREATE INDEX warnings_by_observation
  ON warnings (province_id, commune_id, period_id, indicator_id);
";

fn sql_error(rel: &str, e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("{rel}: {e}"))
}

/// Writes the database of `communes` (a province's, or the nation's) to `rel` through `sink`,
/// made where the sink puts it (in the output's staging folder, not copied there).
pub fn write(
    site: &Site,
    communes: &[(&Province, &Commune)],
    sink: &dyn Sink,
    rel: &str,
) -> io::Result<()> {
    sink.file(rel, &mut |path| {
        build(site, communes, path).map_err(|e| sql_error(rel, e))
    })
}

/// How hard `minhbach.sqlite.gz` is compressed: level 1, the fastest. On the 109 MB database of
/// a demo site (3 provinces, 300 communes, 60 months) level 1 took 0.28 s and left 19.9% of the
/// bytes, level 3 0.72 s and 15.0%, level 6 (the national CSV's) 1.32 s and 13.5%: at national
/// five-year scale (1.24 GB) about 3 s for 250 MB, against 15 s for 170 MB.
const GZIP_LEVEL: u32 = 1;

/// Writes the database of `communes` compressed with gzip to `rel` through `sink`: made in a
/// file beside the one to write (in the output's staging folder: a national database is more
/// than a gigabyte, never held in memory, nor put in a system temporary folder that may be
/// memory), then streamed through the compressor and removed. No file name or time in the
/// gzip header: the same content gives the same bytes.
pub fn write_gz(
    site: &Site,
    communes: &[(&Province, &Commune)],
    sink: &dyn Sink,
    rel: &str,
) -> io::Result<()> {
    sink.file(rel, &mut |path| {
        let building = path.with_extension("building");
        let made = build(site, communes, &building)
            .map_err(|e| sql_error(rel, e))
            .and_then(|()| compress(&building, path));
        let removed = std::fs::remove_file(&building);
        made.and(removed)
    })
}

/// Writes `from` gzip-compressed (level [`GZIP_LEVEL`], no name or time in the header) to `to`.
fn compress(from: &std::path::Path, to: &std::path::Path) -> io::Result<()> {
    let mut made = io::BufReader::with_capacity(1 << 20, std::fs::File::open(from)?);
    let out = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(to)?);
    let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::new(GZIP_LEVEL));
    io::copy(&mut made, &mut gz)?;
    let mut out = gz.finish()?;
    io::Write::flush(&mut out)
}

/// Creates the database file at `path`.
pub fn build(
    site: &Site,
    communes: &[(&Province, &Commune)],
    path: &std::path::Path,
) -> rusqlite::Result<()> {
    let mut db = Connection::open(path)?;
    // A throw-away file: a crash fails the build anyway, so no journal and no fsync. Keys are
    // not enforced while filling (an indicator may name a ratio input listed after it); the
    // tests run `PRAGMA foreign_key_check` on the result. Readers' tools enforce them as usual.
    db.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; \
         PRAGMA user_version = 1;",
    )?;
    db.execute_batch(SCHEMA)?;
    let tx = db.transaction()?;
    insert_indicators(site, &tx)?;
    insert_places(communes, &tx)?;
    insert_observations(site, communes, &tx)?;
    insert_revisions(site, communes, &tx)?;
    tx.execute_batch(INDEXES)?;
    tx.commit()?;
    db.close().map_err(|(_, e)| e)
}

fn insert_indicators(site: &Site, tx: &Transaction) -> rusqlite::Result<()> {
    let lang = &site.config.languages[0];
    let has_en = site.config.languages.iter().any(|l| l == "en");
    let mut stmt = tx.prepare(
        "INSERT INTO indicators VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
         ?14, ?15, ?16)",
    )?;
    for ind in &site.indicators {
        let group = site.groups.iter().find(|g| g.id == ind.group);
        let target = ind.target.as_ref();
        stmt.execute(params![
            ind.id.as_str(),
            ind.group.as_str(),
            group.map(|g| g.name.get(lang)).unwrap_or(""),
            ind.name.get(lang),
            has_en.then(|| ind.name.get("en")),
            ind.description.as_ref().map(|d| d.get(lang)),
            ind.unit.as_str(),
            ind.unit_label.as_ref().map(|u| u.get(lang)),
            ind.kind.as_str(),
            ind.better.as_str(),
            ind.ratio.as_ref().map(|r| r.0.as_str()),
            ind.ratio.as_ref().map(|r| r.1.as_str()),
            ind.part_of.as_ref().map(|p| p.as_str()),
            target.and_then(|t| t.min),
            target.and_then(|t| t.max),
            ind.headline,
        ])?;
    }
    Ok(())
}

/// Provinces, communes and periods, each province once (communes come grouped by province).
fn insert_places(communes: &[(&Province, &Commune)], tx: &Transaction) -> rusqlite::Result<()> {
    let mut province = tx.prepare("INSERT INTO provinces VALUES (?1, ?2, ?3, ?4)")?;
    let mut commune = tx.prepare("INSERT INTO communes VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut period = tx.prepare(
        "INSERT INTO periods VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut last_province = None;
    for (p, c) in communes {
        let pid = p.info.id.as_str();
        if last_province != Some(pid) {
            province.execute(params![pid, p.info.name, p.info.kind, p.info.code])?;
            last_province = Some(pid);
        }
        let cid = c.info.id.as_str();
        commune.execute(params![
            pid,
            cid,
            c.info.name,
            c.info.kind,
            c.info.code,
            c.info.population.and_then(|n| i64::try_from(n).ok()),
        ])?;
        for pe in &c.periods {
            let info = &pe.info;
            let s = &info.source;
            period.execute(params![
                pid,
                cid,
                info.id.as_str(),
                info.start.to_string(),
                info.end.to_string(),
                info.days(),
                info.kind.as_str(),
                s.title,
                s.issued_by,
                s.date.map(|d| d.to_string()),
                s.report.as_ref().map(|r| r.as_str()),
                format!("communes/{pid}/{cid}/data/{}.yaml", info.id),
            ])?;
        }
    }
    Ok(())
}

fn insert_observations(
    site: &Site,
    communes: &[(&Province, &Commune)],
    tx: &Transaction,
) -> rusqlite::Result<()> {
    let mut obs_stmt =
        tx.prepare("INSERT INTO observations VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
    let mut warn_stmt = tx.prepare(
        "INSERT INTO warnings (province_id, commune_id, period_id, indicator_id, message_en, \
         message_vi) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (p, c) in communes {
        let (pid, cid) = (p.info.id.as_str(), c.info.id.as_str());
        for pe in &c.periods {
            let period_id = pe.info.id.as_str();
            for obs in &pe.observations {
                let ind = site.indicators[obs.indicator()].id.as_str();
                let fig = figure(obs);
                obs_stmt.execute(params![
                    pid,
                    cid,
                    period_id,
                    ind,
                    fig.value,
                    fig.basis,
                    fig.reported,
                    fig.computed,
                    obs.note,
                ])?;
                for w in &obs.warnings {
                    let text = site.describe(obs.indicator(), w);
                    warn_stmt.execute(params![pid, cid, period_id, ind, text.en, text.vi])?;
                }
            }
        }
    }
    Ok(())
}

/// The revision log of the provinces of `communes` (see [`log`]).
fn insert_revisions(
    site: &Site,
    communes: &[(&Province, &Commune)],
    tx: &Transaction,
) -> rusqlite::Result<()> {
    let mut stmt =
        tx.prepare("INSERT INTO revisions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
    for row in log(site, communes) {
        let k = row.key;
        stmt.execute(params![
            k.province.as_str(),
            k.commune.as_str(),
            k.period.as_str(),
            k.indicator.as_str(),
            row.step as i64,
            row.release.map(|r| r.id.as_str()),
            row.release.map(|r| r.date.to_string()),
            row.change,
            row.value,
        ])?;
    }
    Ok(())
}
