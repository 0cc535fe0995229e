//! `observations.parquet`: the rows and columns of `observations.csv` as a typed, columnar
//! file (Apache Parquet) — ids and names as strings, dates as dates, day counts as integers,
//! figures as floats; dictionary-encoded and ZSTD-compressed, which pandas, polars, DuckDB and
//! R arrow read as they are. An empty cell of the CSV is a null here.

use super::csv::for_each_observation;
use super::tables::{OBSERVATION_COLUMNS, OBSERVATION_FIELDS};
use crate::model::{Commune, Province, Site};
use crate::render::Sink;
use chrono::NaiveDate;
use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::io::{self, BufWriter};
use std::path::Path;
use std::sync::Arc;

/// Communes per row group: tens of thousands of rows at one year, about 170,000 at five
/// years — large enough to compress well, small enough to hold in memory twice over.
const COMMUNES_PER_GROUP: usize = 64;

/// The first day of the Parquet `DATE` type's count.
const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");

/// Writes the observations of `communes` to `rel` through `sink`.
pub fn write(
    site: &Site,
    communes: &[(&Province, &Commune)],
    sink: &dyn Sink,
    rel: &str,
) -> io::Result<()> {
    sink.file(rel, &mut |path| build(site, communes, path, rel))
}

/// The Parquet schema of the observations: every column optional, typed by its documented kind.
fn schema() -> String {
    let mut text = String::from("message observations {\n");
    for field in OBSERVATION_FIELDS {
        let kind = match field.kind {
            "date" => "int32",
            "integer" => "int64",
            "number" => "double",
            _ => "binary",
        };
        let annotation = match field.kind {
            "date" => " (DATE)",
            "integer" | "number" => "",
            _ => " (STRING)",
        };
        text.push_str(&format!("  optional {kind} {}{annotation};\n", field.name));
    }
    text.push('}');
    text
}

/// Creates the file at `path`.
fn build(
    site: &Site,
    communes: &[(&Province, &Commune)],
    path: &Path,
    rel: &str,
) -> io::Result<()> {
    let fail = |e: ParquetError| io::Error::other(format!("{rel}: {e}"));
    let schema = Arc::new(parse_message_type(&schema()).map_err(fail)?);
    let level = ZstdLevel::try_new(3).map_err(fail)?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        // The version is left out so that the same figures give the same bytes across releases.
        .set_created_by("minhbach".to_string())
        .build();
    let file = BufWriter::new(std::fs::File::create(path)?);
    let mut writer = SerializedFileWriter::new(file, schema, Arc::new(props)).map_err(fail)?;
    for chunk in communes.chunks(COMMUNES_PER_GROUP) {
        let mut columns: Vec<Column> = OBSERVATION_FIELDS
            .iter()
            .map(|f| Column::new(f.kind))
            .collect();
        let mut rows = 0usize;
        for_each_observation(site, chunk.iter().copied(), |cells| {
            rows += 1;
            push_row(&mut columns, cells, rel, rows)
        })?;
        if rows == 0 {
            continue;
        }
        let mut group = writer.next_row_group().map_err(fail)?;
        for column in &columns {
            let Some(mut out) = group.next_column().map_err(fail)? else {
                return Err(io::Error::other(format!(
                    "{rel}: fewer columns than fields"
                )));
            };
            column.write(&mut out).map_err(fail)?;
            out.close().map_err(fail)?;
        }
        group.close().map_err(fail)?;
    }
    writer.close().map_err(fail)?;
    Ok(())
}

/// Adds one row's cells to the columns.
fn push_row(
    columns: &mut [Column],
    cells: &[&str; OBSERVATION_COLUMNS],
    rel: &str,
    row: usize,
) -> io::Result<()> {
    for ((column, cell), field) in columns.iter_mut().zip(cells).zip(OBSERVATION_FIELDS) {
        column.push(cell).map_err(|what| {
            io::Error::other(format!(
                "{rel}: row {row}, column {}: {what} ({cell:?})",
                field.name
            ))
        })?;
    }
    Ok(())
}

/// One column of a row group: its values and, per row, whether it has one (1) or is null (0).
struct Column {
    values: Values,
    defined: Vec<i16>,
}

/// The non-null values of a column, by type.
enum Values {
    Text(Vec<ByteArray>),
    Date(Vec<i32>),
    Integer(Vec<i64>),
    Number(Vec<f64>),
}

impl Column {
    /// An empty column of the documented `kind`.
    fn new(kind: &str) -> Self {
        let values = match kind {
            "date" => Values::Date(Vec::new()),
            "integer" => Values::Integer(Vec::new()),
            "number" => Values::Number(Vec::new()),
            _ => Values::Text(Vec::new()),
        };
        Column {
            values,
            defined: Vec::new(),
        }
    }

    /// Adds a cell as the CSV writes it: empty is null, else parsed by the column's type.
    fn push(&mut self, cell: &str) -> Result<(), &'static str> {
        if cell.is_empty() {
            self.defined.push(0);
            return Ok(());
        }
        match &mut self.values {
            Values::Text(v) => v.push(ByteArray::from(cell)),
            Values::Date(v) => {
                let day = NaiveDate::parse_from_str(cell, "%Y-%m-%d").map_err(|_| "not a date")?;
                v.push((day - EPOCH).num_days() as i32);
            }
            Values::Integer(v) => v.push(cell.parse().map_err(|_| "not a whole number")?),
            Values::Number(v) => v.push(cell.parse().map_err(|_| "not a number")?),
        }
        self.defined.push(1);
        Ok(())
    }

    /// Writes the column to the row group's next column writer.
    fn write(
        &self,
        out: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    ) -> Result<(), ParquetError> {
        let defined = Some(self.defined.as_slice());
        match &self.values {
            Values::Text(v) => out.typed::<ByteArrayType>().write_batch(v, defined, None),
            Values::Date(v) => out.typed::<Int32Type>().write_batch(v, defined, None),
            Values::Integer(v) => out.typed::<Int64Type>().write_batch(v, defined, None),
            Values::Number(v) => out.typed::<DoubleType>().write_batch(v, defined, None),
        }
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_types_every_column_by_its_documented_kind() {
        let text = schema();
        let parsed = parse_message_type(&text).expect("a valid schema");
        assert_eq!(parsed.get_fields().len(), OBSERVATION_COLUMNS);
        assert!(text.contains("optional int32 period_start (DATE);"));
        assert!(text.contains("optional int64 period_days;"));
        assert!(text.contains("optional double value;"));
        assert!(text.contains("optional binary commune_name (STRING);"));
    }

    #[test]
    fn an_empty_cell_is_null_and_a_bad_one_is_an_error() {
        let mut dates = Column::new("date");
        dates.push("2026-01-19").unwrap();
        dates.push("").unwrap();
        assert_eq!(dates.defined, [1, 0]);
        let Values::Date(days) = &dates.values else {
            panic!("a date column")
        };
        assert_eq!(days, &[20472]);
        assert_eq!(dates.push("19/01/2026"), Err("not a date"));
        let mut numbers = Column::new("number");
        numbers.push("93.9646").unwrap();
        assert_eq!(numbers.push("93,96"), Err("not a number"));
    }
}
