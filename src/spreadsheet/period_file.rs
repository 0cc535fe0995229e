//! A period file's text as an editor would write it (SPEC "data/<period-id>.yaml"), and the
//! update of an existing file that keeps its comments and untouched lines.

use crate::domain::PeriodKind;
use crate::load::raw::{RawFigure, RawKey, RawPeriodFile};
use chrono::NaiveDate;

/// A figure's value as the sheet gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64),
    /// Yes / no.
    Bool(bool),
    /// Explicitly not reported (only with a note).
    Null,
}

/// One figure with its note.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The value.
    pub value: Value,
    /// The note, as typed.
    pub note: Option<String>,
}

/// The `source:` block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    /// Title of the report.
    pub title: String,
    /// Who issued it.
    pub issued_by: Option<String>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// The report id on the site.
    pub report: Option<String>,
}

/// The whole period file.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodDoc {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Regular or cumulative.
    pub kind: PeriodKind,
    /// `(language, label)` pairs, in the site's language order.
    pub label: Vec<(String, String)>,
    /// Where the figures come from.
    pub source: Source,
    /// Indicator id → figure, in the sheet's column order.
    pub values: Vec<(String, Figure)>,
}

/// A YAML double-quoted string (always quoted: a name such as `Có` or `2026` stays text).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A figure written inline: `34`, `true`, `{value: 3, note: "…"}`.
pub fn inline(f: &Figure) -> String {
    let value = match &f.value {
        Value::Number(x) => crate::format::plain(*x),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
    };
    match &f.note {
        Some(note) => format!("{{value: {value}, note: {}}}", quote(note)),
        None => value,
    }
}

/// The `period:` block's lines.
fn period_block(doc: &PeriodDoc) -> Vec<String> {
    let mut out = vec![
        "period:".to_string(),
        format!("  start: {}", doc.start),
        format!("  end: {}", doc.end),
        format!("  kind: {}", doc.kind.as_str()),
    ];
    if !doc.label.is_empty() {
        let parts: Vec<String> = doc
            .label
            .iter()
            .map(|(l, text)| format!("{l}: {}", quote(text)))
            .collect();
        out.push(format!("  label: {{{}}}", parts.join(", ")));
    }
    out
}

/// The `source:` block's lines.
fn source_block(s: &Source) -> Vec<String> {
    let mut out = vec![
        "source:".to_string(),
        format!("  title: {}", quote(&s.title)),
    ];
    if let Some(by) = &s.issued_by {
        out.push(format!("  issued_by: {}", quote(by)));
    }
    if let Some(d) = s.date {
        out.push(format!("  date: {d}"));
    }
    if let Some(r) = &s.report {
        out.push(format!("  report: {r}"));
    }
    out
}

/// A new period file, with a first comment saying where it came from.
pub fn render(doc: &PeriodDoc, comment: &str) -> String {
    let mut lines: Vec<String> = comment.lines().map(|l| format!("# {l}")).collect();
    lines.extend(period_block(doc));
    lines.extend(source_block(&doc.source));
    lines.push("values:".to_string());
    for (id, f) in &doc.values {
        lines.push(format!("  {id}: {}", inline(f)));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// What an existing file says, in the sheet's terms; `None` when it cannot be read so.
pub fn read(text: &str) -> Option<PeriodDoc> {
    let raw: RawPeriodFile = serde_yaml::from_str(text).ok()?;
    let start = NaiveDate::parse_from_str(raw.period.start.trim(), "%Y-%m-%d").ok()?;
    let end = NaiveDate::parse_from_str(raw.period.end.trim(), "%Y-%m-%d").ok()?;
    let kind = match raw.period.kind.as_deref() {
        None | Some("regular") => PeriodKind::Regular,
        Some("cumulative") => PeriodKind::Cumulative,
        Some(_) => return None,
    };
    let label = match raw.period.label {
        None => Vec::new(),
        Some(crate::load::raw::RawLocalized::PerLanguage(m)) => m.into_iter().collect(),
        // One text for every language cannot come from the sheet: a change to list.
        Some(crate::load::raw::RawLocalized::Same(s)) => vec![("*".to_string(), s)],
    };
    let date = match raw.source.date.as_deref() {
        None => None,
        Some(d) => Some(NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()?),
    };
    let source = Source {
        title: raw.source.title,
        issued_by: raw.source.issued_by,
        date,
        report: raw.source.report,
    };
    let mut values = Vec::new();
    for (key, fig) in raw.values.0 {
        let RawKey::Id(id) = key else { return None };
        values.push((id.to_string(), figure_of(&fig)?));
    }
    Some(PeriodDoc {
        start,
        end,
        kind,
        label,
        source,
        values,
    })
}

fn figure_of(raw: &RawFigure) -> Option<Figure> {
    let plain = |value| Some(Figure { value, note: None });
    match raw {
        RawFigure::Null => plain(Value::Null),
        RawFigure::Bool(b) => plain(Value::Bool(*b)),
        RawFigure::Number(n) => plain(Value::Number(n.as_f64()?)),
        RawFigure::Other(v) => {
            let map = v.as_mapping()?;
            let value = match map.get("value") {
                None | Some(serde_yaml::Value::Null) => Value::Null,
                Some(serde_yaml::Value::Bool(b)) => Value::Bool(*b),
                Some(serde_yaml::Value::Number(n)) => Value::Number(n.as_f64()?),
                Some(_) => return None,
            };
            let note = match map.get("note") {
                None | Some(serde_yaml::Value::Null) => None,
                Some(serde_yaml::Value::String(s)) => Some(s.clone()),
                Some(_) => return None,
            };
            Some(Figure { value, note })
        }
    }
}

/// A figure that says nothing (null, no note) is the same as no figure.
fn says_nothing(f: &Figure) -> bool {
    f.value == Value::Null && f.note.is_none()
}

/// The figures that say something.
fn meaningful(values: &[(String, Figure)]) -> Vec<(&str, &Figure)> {
    values
        .iter()
        .filter(|(_, f)| !says_nothing(f))
        .map(|(id, f)| (id.as_str(), f))
        .collect()
}

/// One difference between the file and the sheet: what, old text, new text.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `values.<id>`, `source.title`, `period.label`…
    pub key: String,
    /// As the file has it (`None`: not there).
    pub old: Option<String>,
    /// As the sheet has it (`None`: empty).
    pub new: Option<String>,
}

/// Every difference between `old` and `new`, period and source first, then figures.
pub fn changes(old: &PeriodDoc, new: &PeriodDoc) -> Vec<Change> {
    let mut out = Vec::new();
    let mut field = |key: &str, a: Option<String>, b: Option<String>| {
        if a != b {
            out.push(Change {
                key: key.to_string(),
                old: a,
                new: b,
            });
        }
    };
    field(
        "period.start",
        Some(old.start.to_string()),
        Some(new.start.to_string()),
    );
    field(
        "period.end",
        Some(old.end.to_string()),
        Some(new.end.to_string()),
    );
    field(
        "period.kind",
        Some(old.kind.as_str().into()),
        Some(new.kind.as_str().into()),
    );
    let label = |l: &[(String, String)]| {
        let mut l = l.to_vec();
        l.sort();
        (!l.is_empty()).then(|| {
            l.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    field("period.label", label(&old.label), label(&new.label));
    field(
        "source.title",
        Some(old.source.title.clone()),
        Some(new.source.title.clone()),
    );
    field(
        "source.issued_by",
        old.source.issued_by.clone(),
        new.source.issued_by.clone(),
    );
    field(
        "source.date",
        old.source.date.map(|d| d.to_string()),
        new.source.date.map(|d| d.to_string()),
    );
    field(
        "source.report",
        old.source.report.clone(),
        new.source.report.clone(),
    );
    let before = meaningful(&old.values);
    let after = meaningful(&new.values);
    for (id, f) in &after {
        let was = before.iter().find(|(k, _)| k == id).map(|(_, f)| *f);
        if was != Some(*f) {
            field(&format!("values.{id}"), was.map(inline), Some(inline(f)));
        }
    }
    for (id, f) in &before {
        if !after.iter().any(|(k, _)| k == id) {
            field(&format!("values.{id}"), Some(inline(f)), None);
        }
    }
    out
}

/// `existing` changed to say what `doc` says, keeping its comments and the lines of every
/// figure that did not change; a full rewrite (keeping the first comment lines) when the file's
/// layout is not one this can edit safely.
pub fn update(existing: &str, doc: &PeriodDoc) -> String {
    let edited = edit_in_place(existing, doc);
    if let Some(text) = edited
        && read(&text).is_some_and(|d| same_content(&d, doc))
    {
        return text;
    }
    let header: Vec<&str> = existing
        .lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .collect();
    let mut text = header.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&render(doc, ""));
    text
}

fn differs(old: &PeriodDoc, new: &PeriodDoc, prefix: &str) -> bool {
    changes(old, new).iter().any(|c| c.key.starts_with(prefix))
}

fn same_content(a: &PeriodDoc, b: &PeriodDoc) -> bool {
    changes(a, b).is_empty()
}

/// The top-level blocks of a file: (name, first line, end line exclusive).
fn blocks(lines: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let top = !line.starts_with([' ', '\t', '#']) && !line.trim().is_empty();
        if top {
            let name = line.split(':').next().unwrap_or("").trim().to_string();
            if let Some(last) = out.last_mut() {
                last.2 = i;
            }
            out.push((name, i, lines.len()));
        }
    }
    out
}

fn edit_in_place(existing: &str, doc: &PeriodDoc) -> Option<String> {
    let old = read(existing)?;
    let lines: Vec<&str> = existing.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + doc.values.len());
    let parts = blocks(&lines);
    let first = parts.first().map_or(lines.len(), |b| b.1);
    out.extend(lines[..first].iter().map(|l| l.to_string()));
    for (name, from, to) in &parts {
        let body = &lines[*from..*to];
        match name.as_str() {
            "period" if differs(&old, doc, "period.") => {
                out.extend(rewrite_block(body, period_block(doc)))
            }
            "source" if differs(&old, doc, "source.") => {
                out.extend(rewrite_block(body, source_block(&doc.source)))
            }
            "values" => out.extend(edit_values(body, &old, doc)?),
            _ => out.extend(body.iter().map(|l| l.to_string())),
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    Some(text)
}

/// A block written anew, its full-line comments kept after its first line.
fn rewrite_block(body: &[&str], fresh: Vec<String>) -> Vec<String> {
    let mut out = vec![fresh[0].clone()];
    out.extend(
        body.iter()
            .filter(|l| l.trim_start().starts_with('#'))
            .map(|l| l.to_string()),
    );
    out.extend(fresh.into_iter().skip(1));
    out
}

/// The `values:` block with changed figures replaced, removed ones dropped and new ones added.
fn edit_values(body: &[&str], old: &PeriodDoc, doc: &PeriodDoc) -> Option<Vec<String>> {
    if body[0].trim() != "values:" {
        return None;
    }
    let mut out = vec![body[0].to_string()];
    let mut seen = Vec::new();
    let mut i = 1;
    let mut trailing = Vec::new();
    while i < body.len() {
        let line = body[i];
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            out.push(line.to_string());
            i += 1;
            continue;
        }
        let key = trimmed.split(':').next()?.trim().to_string();
        // The figure's extent: its line and every deeper line after it.
        let mut end = i + 1;
        while end < body.len() {
            let l = body[end];
            let deeper = l.len() - l.trim_start().len() > indent;
            if l.trim().is_empty() || !deeper {
                break;
            }
            end += 1;
        }
        seen.push(key.clone());
        let new = doc.values.iter().find(|(k, _)| *k == key).map(|(_, f)| f);
        let was = old.values.iter().find(|(k, _)| *k == key).map(|(_, f)| f);
        match new {
            _ if new == was => out.extend(body[i..end].iter().map(|l| l.to_string())),
            None => {}
            Some(f) => {
                // A comment after the figure stays, with its spacing.
                let comment = line
                    .find(" #")
                    .filter(|_| end == i + 1)
                    .map(|at| &line[line[..at].trim_end().len()..]);
                out.push(format!(
                    "{}{key}: {}{}",
                    &line[..indent],
                    inline(f),
                    comment.unwrap_or("")
                ));
                out.extend(
                    body[i + 1..end]
                        .iter()
                        .filter(|l| l.trim_start().starts_with('#'))
                        .map(|l| l.to_string()),
                );
            }
        }
        i = end;
    }
    // Trailing blank lines stay after any figure added.
    while out.len() > 1 && out.last().is_some_and(|l| l.trim().is_empty()) {
        trailing.push(out.pop()?);
    }
    for (id, f) in &doc.values {
        if !seen.contains(id) && !says_nothing(f) {
            out.push(format!("  {id}: {}", inline(f)));
        }
    }
    out.extend(trailing.into_iter().rev());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(values: Vec<(&str, Figure)>) -> PeriodDoc {
        PeriodDoc {
            start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            kind: PeriodKind::Regular,
            label: vec![],
            source: Source {
                title: "Báo cáo \"tháng 1\"".into(),
                ..Source::default()
            },
            values: values
                .into_iter()
                .map(|(k, f)| (k.to_string(), f))
                .collect(),
        }
    }

    fn n(x: f64) -> Figure {
        Figure {
            value: Value::Number(x),
            note: None,
        }
    }

    #[test]
    fn a_new_file_reads_back_as_written() {
        let d = doc(vec![
            ("dossiers_received", n(961.0)),
            (
                "dossiers_online_rate",
                Figure {
                    value: Value::Number(97.6),
                    note: Some("như báo cáo".into()),
                },
            ),
            (
                "security_level_approved",
                Figure {
                    value: Value::Bool(true),
                    note: None,
                },
            ),
            (
                "it_staff",
                Figure {
                    value: Value::Null,
                    note: Some("không nêu".into()),
                },
            ),
        ]);
        let text = render(&d, "made by a test");
        assert!(text.starts_with("# made by a test\nperiod:\n"));
        assert!(text.contains("  dossiers_online_rate: {value: 97.6, note: \"như báo cáo\"}\n"));
        assert_eq!(read(&text), Some(d));
    }

    #[test]
    fn an_update_keeps_comments_and_unchanged_lines() {
        let old = "# header\nperiod:\n  start: 2026-01-01\n  end: 2026-01-31\nsource:\n  title: \"Báo cáo \\\"tháng 1\\\"\"\nvalues:\n  # group one\n  dossiers_received: 960   # typo in the report\n  tasks_assigned:\n    value: 34\n    note: \"kept\"\n  it_staff: 2\n";
        let new = doc(vec![
            ("dossiers_received", n(961.0)),
            (
                "tasks_assigned",
                Figure {
                    value: Value::Number(34.0),
                    note: Some("kept".into()),
                },
            ),
            ("plans_issued", n(3.0)),
        ]);
        let text = update(old, &new);
        assert!(text.starts_with("# header\n"), "{text}");
        assert!(
            text.contains("  # group one\n  dossiers_received: 961   # typo in the report\n"),
            "{text}"
        );
        assert!(
            text.contains("  tasks_assigned:\n    value: 34\n    note: \"kept\"\n"),
            "{text}"
        );
        assert!(!text.contains("it_staff"), "{text}");
        assert!(text.ends_with("  plans_issued: 3\n"), "{text}");
        let changed = changes(&read(old).unwrap(), &new);
        let keys: Vec<&str> = changed.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "values.dossiers_received",
                "values.plans_issued",
                "values.it_staff"
            ]
        );
        assert_eq!(changed[0].old.as_deref(), Some("960"));
        assert_eq!(changed[2].new, None);
    }
}
