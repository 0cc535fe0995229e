//! The keys each content file may hold, taken from the raw structs themselves, so that a file
//! with unknown keys gets one message per unknown key (serde stops at the first one), each
//! with the keys allowed where it stands.
//!
//! Only read when serde has refused a file: a file that parses costs nothing here.

use super::raw::*;
use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_yaml::Value;

/// The keys allowed in a block of a content file, and what each holds.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A block of known keys (a struct that denies unknown fields).
    Keys(Vec<(&'static str, Shape)>),
    /// A list whose items all have one shape.
    List(Box<Shape>),
    /// Anything: checked elsewhere (texts per language, figures, release records' maps).
    Any,
}

/// A content file whose keys are known.
pub trait Known {
    /// The keys of the file, block by block.
    fn shape() -> Shape;
    /// True for period files: an unknown key holding a number is a figure written at the wrong
    /// indentation, outside `values:`.
    const FIGURES: bool = false;
}

/// The keys of struct `T` as its `Deserialize` declares them, each with the shape given in
/// `nested` or [`Shape::Any`].
pub fn keys<'de, T: Deserialize<'de>>(nested: Vec<(&'static str, Shape)>) -> Shape {
    let mut keys: Vec<(&'static str, Shape)> =
        fields::<T>().iter().map(|f| (*f, Shape::Any)).collect();
    for (name, shape) in nested {
        if let Some(slot) = keys.iter_mut().find(|(k, _)| *k == name) {
            slot.1 = shape;
        }
    }
    Shape::Keys(keys)
}

/// A list of `item`s.
fn list(item: Shape) -> Shape {
    Shape::List(Box::new(item))
}

/// The field names serde's derive gives struct `T` (what `deny_unknown_fields` accepts).
fn fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut found = FieldNames(None);
    let _ = T::deserialize(&mut found);
    found.0.unwrap_or(&[])
}

/// A deserializer that only records the field names a struct asks for, then gives up.
struct FieldNames(Option<&'static [&'static str]>);

impl<'de> de::Deserializer<'de> for &mut FieldNames {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only the field names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = Some(fields);
        Err(de::Error::custom("only the field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Targets as `indicators.yaml`, `_province.yaml` and `commune.yaml` write them.
fn targets() -> Shape {
    list(keys::<RawTargetEntry>(vec![(
        "source",
        keys::<RawTargetSource>(vec![]),
    )]))
}

impl Known for RawSite {
    fn shape() -> Shape {
        keys::<RawSite>(vec![])
    }
}

impl Known for RawCatalogue {
    fn shape() -> Shape {
        keys::<RawCatalogue>(vec![
            ("groups", list(keys::<RawGroup>(vec![]))),
            (
                "indicators",
                list(keys::<RawIndicator>(vec![(
                    "target",
                    keys::<RawTarget>(vec![]),
                )])),
            ),
            ("targets", targets()),
        ])
    }
}

impl Known for RawProvince {
    fn shape() -> Shape {
        keys::<RawProvince>(vec![("targets", targets())])
    }
}

impl Known for RawCommune {
    fn shape() -> Shape {
        keys::<RawCommune>(vec![("targets", targets())])
    }
}

impl Known for RawPeriodFile {
    fn shape() -> Shape {
        keys::<RawPeriodFile>(vec![
            ("period", keys::<RawPeriod>(vec![])),
            ("source", keys::<RawSource>(vec![])),
        ])
    }
    const FIGURES: bool = true;
}

impl Known for RawReportMeta {
    fn shape() -> Shape {
        keys::<RawReportMeta>(vec![("period", keys::<RawDateRange>(vec![]))])
    }
}

impl Known for RawPageMeta {
    fn shape() -> Shape {
        keys::<RawPageMeta>(vec![])
    }
}

impl Known for RawRelease {
    fn shape() -> Shape {
        keys::<RawRelease>(vec![])
    }
}

/// One step into a file: a key of a block, or the n-th item (from 0) of a list.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A key.
    Key(String),
    /// An item of a list.
    Item(usize),
}

/// A key found where its block does not allow it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    /// The blocks it stands in, from the top of the file.
    pub within: Vec<Step>,
    /// The key as written.
    pub key: String,
    /// The keys allowed where it stands.
    pub allowed: Vec<&'static str>,
    /// What it holds.
    pub value: Value,
}

/// Every unknown key of `value`, in file order.
pub fn unknown_keys(value: &Value, shape: &Shape) -> Vec<Unknown> {
    let mut out = Vec::new();
    walk(value, shape, &mut Vec::new(), &mut out);
    out
}

fn walk(value: &Value, shape: &Shape, within: &mut Vec<Step>, out: &mut Vec<Unknown>) {
    match (shape, value) {
        (Shape::Keys(allowed), Value::Mapping(map)) => {
            for (k, v) in map {
                let key = match k {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                match allowed.iter().find(|(name, _)| *name == key) {
                    Some((_, inner)) => {
                        within.push(Step::Key(key));
                        walk(v, inner, within, out);
                        within.pop();
                    }
                    None => out.push(Unknown {
                        within: within.clone(),
                        key,
                        allowed: allowed.iter().map(|(k, _)| *k).collect(),
                        value: v.clone(),
                    }),
                }
            }
        }
        (Shape::List(item), Value::Sequence(items)) => {
            for (n, v) in items.iter().enumerate() {
                within.push(Step::Item(n));
                walk(v, item, within, out);
                within.pop();
            }
        }
        _ => {}
    }
}

/// The dotted path users see, lists counted from 1: `targets[2].source.titel`.
pub fn dotted(within: &[Step], key: &str) -> String {
    let mut out = String::new();
    for step in within {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Item(n) => out.push_str(&format!("[{}]", n + 1)),
        }
    }
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
    out
}

/// True for what a period file's figure holds: a number, `null`, yes/no, `{value, note}`.
pub fn looks_like_a_figure(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
        Value::Mapping(m) => {
            m.contains_key("value")
                && m.keys()
                    .all(|k| matches!(k.as_str(), Some("value") | Some("note")))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown<T: Known>(yaml: &str) -> Vec<(String, String)> {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        unknown_keys(&value, &T::shape())
            .into_iter()
            .map(|u| (dotted(&u.within, &u.key), u.allowed.join(",")))
            .collect()
    }

    #[test]
    fn field_names_come_from_the_structs() {
        assert_eq!(
            fields::<RawSource>(),
            ["title", "issued_by", "date", "report"]
        );
        assert_eq!(fields::<RawPeriodFile>(), ["period", "source", "values"]);
    }

    #[test]
    fn every_unknown_key_is_found_with_where_it_stands() {
        let found = unknown::<RawPeriodFile>(
            "period: {start: a, end: b, sart: c}\nsorce: {title: x}\nsource: {title: x, colour: red}\nvalues: {anything: 1}\ndossiers_received: 5\n",
        );
        assert_eq!(
            found,
            [
                ("period.sart".into(), "start,end,kind,label".into()),
                ("sorce".into(), "period,source,values".into()),
                ("source.colour".into(), "title,issued_by,date,report".into()),
                ("dossiers_received".into(), "period,source,values".into()),
            ]
        );
        let found = unknown::<RawProvince>(
            "name: A\nkind: tinh\ntargets:\n  - indicator: x\n    source: {title: t, titel: u}\n",
        );
        assert_eq!(found[0].0, "targets[1].source.titel");
        assert!(unknown::<RawSite>("title: x\nbase_url: y\n").is_empty());
    }

    #[test]
    fn figures_are_told_from_blocks() {
        let v = |s: &str| serde_yaml::from_str::<Value>(s).unwrap();
        assert!(looks_like_a_figure(&v("5")));
        assert!(looks_like_a_figure(&v("null")));
        assert!(looks_like_a_figure(&v("{value: 5, note: x}")));
        assert!(!looks_like_a_figure(&v("{title: x}")));
        assert!(!looks_like_a_figure(&v("text")));
    }
}
