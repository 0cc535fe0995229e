//! Each commune's JSON file: its figures nested by period, with the periods' labels and
//! sources.

use crate::domain::{Unit, Value};
use crate::model::{Basis, Commune, Province, Site, round};
use serde::Serialize;
use serde_json::json;
use std::io;

/// A JSON number that stays an integer when it is one.
fn json_number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// One figure of [`JsonPeriod`] (fields in alphabetical order).
#[derive(Serialize)]
struct JsonObservation<'a> {
    basis: &'static str,
    computed: serde_json::Value,
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    reported: serde_json::Value,
    value: serde_json::Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings_vi: Vec<String>,
}

fn json_value(v: Option<Value>, unit: Unit) -> serde_json::Value {
    match v {
        Some(Value::Bool(b)) if unit == Unit::Yesno => json!(b),
        Some(v) => v
            .number()
            .map(json_number)
            .unwrap_or(serde_json::Value::Null),
        None => serde_json::Value::Null,
    }
}

/// A commune's JSON file. Typed rather than built as a `serde_json::Value` tree (a commune has
/// thousands of figures); fields are declared in alphabetical order, the order of the tree's
/// maps, which the file has always had.
#[derive(Serialize)]
struct JsonCommune<'a> {
    commune: serde_json::Value,
    license: &'a str,
    periods: Vec<JsonPeriod<'a>>,
    province: serde_json::Value,
    publisher: &'a str,
}

/// One period of [`JsonCommune`] (fields in alphabetical order).
#[derive(Serialize)]
struct JsonPeriod<'a> {
    days: i64,
    end: String,
    id: &'a str,
    kind: crate::domain::PeriodKind,
    label: Option<std::collections::BTreeMap<&'a str, &'a str>>,
    source: JsonSource<'a>,
    start: String,
    values: Vec<JsonObservation<'a>>,
}

/// A period's source in [`JsonPeriod`] (fields in alphabetical order).
#[derive(Serialize)]
struct JsonSource<'a> {
    date: Option<String>,
    issued_by: Option<&'a str>,
    report: Option<&'a str>,
    title: &'a str,
}

pub fn commune_json(site: &Site, p: &Province, c: &Commune) -> io::Result<Vec<u8>> {
    let periods = c
        .periods
        .iter()
        .map(|period| {
            let info = &period.info;
            let values = period
                .observations
                .iter()
                .map(|o| {
                    let ind = &site.indicators[o.indicator()];
                    let (value, basis) = match o.value() {
                        Some((v, Basis::Reported)) => (json_value(Some(v), ind.unit), "reported"),
                        Some((v, Basis::Computed)) => (
                            json_value(v.number().map(|x| Value::Number(round(x, 4))), ind.unit),
                            "computed",
                        ),
                        None => (serde_json::Value::Null, "not_reported"),
                    };
                    JsonObservation {
                        indicator: ind.id.as_str(),
                        value,
                        basis,
                        reported: json_value(
                            o.reported.filter(|v| *v != Value::NotReported),
                            ind.unit,
                        ),
                        computed: o
                            .computed
                            .map(|x| json_number(round(x, 4)))
                            .unwrap_or(serde_json::Value::Null),
                        note: o.note.as_deref(),
                        warnings: o
                            .warnings
                            .iter()
                            .map(|w| site.describe(o.indicator(), w).en)
                            .collect(),
                        warnings_vi: o
                            .warnings
                            .iter()
                            .map(|w| site.describe(o.indicator(), w).vi)
                            .collect(),
                    }
                })
                .collect();
            JsonPeriod {
                days: info.days(),
                end: info.end.to_string(),
                id: info.id.as_str(),
                kind: info.kind,
                label: info
                    .label
                    .as_ref()
                    .map(|l| l.0.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()),
                source: JsonSource {
                    date: info.source.date.map(|d| d.to_string()),
                    issued_by: info.source.issued_by.as_deref(),
                    report: info.source.report.as_ref().map(|r| r.as_str()),
                    title: &info.source.title,
                },
                start: info.start.to_string(),
                values,
            }
        })
        .collect();
    let doc = JsonCommune {
        commune: json!({"id": c.info.id, "name": c.info.name, "kind": c.info.kind, "code": c.info.code, "population": c.info.population}),
        license: &site.config.data_license,
        periods,
        province: json!({"id": p.info.id, "name": p.info.name, "kind": p.info.kind, "code": p.info.code}),
        publisher: &site.config.publisher,
    };
    // Compact, on one line: the indentation and line breaks were a third of the file.
    let mut out = serde_json::to_vec(&doc).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_keep_integers_whole() {
        assert_eq!(json_number(14722.0).to_string(), "14722");
        assert_eq!(json_number(93.9646).to_string(), "93.9646");
    }
}
