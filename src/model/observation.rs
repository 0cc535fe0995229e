//! One figure: [`Observation`] (one indicator in one period of one commune), where the figure
//! shown comes from ([`Basis`]), and the compact forms the checked-content cache stores it in.

use super::rounding::round;
use super::warning::DataWarning;
use crate::domain::{RATE_TOLERANCE, Value};

/// Where the figure shown for an observation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// As the commune reported it.
    Reported,
    /// Computed from two reported counts.
    Computed,
}

/// One indicator in one period of one commune.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
///
/// There are 8 million at national five-year scale, so the fields are narrow (72 bytes in
/// all, against 104 with `usize` indexes and growable lists): an index and a line number fit
/// in 32 bits, and notes and warnings never grow once the model is built.
pub struct Observation {
    /// Index into [`Site::indicators`] (see [`Observation::indicator`]).
    ///
    /// [`Site::indicators`]: super::Site::indicators
    pub(super) indicator: u32,
    /// The value the period file gives.
    #[serde(with = "stored::value")]
    pub reported: Option<Value>,
    /// The value computed from a ratio's counts.
    pub computed: Option<f64>,
    /// Editor's note.
    pub note: Option<Box<str>>,
    /// Contradictions involving this figure.
    #[serde(with = "stored::warnings")]
    pub warnings: Box<[DataWarning]>,
    /// Line in the period file (see [`Observation::line`]).
    line: Option<std::num::NonZeroU32>,
}

impl Observation {
    /// A figure of indicator `indicator` (an index into [`Site::indicators`]), without
    /// warnings.
    ///
    /// [`Site::indicators`]: super::Site::indicators
    pub fn new(
        indicator: usize,
        reported: Option<Value>,
        note: Option<String>,
        line: Option<usize>,
    ) -> Self {
        Observation {
            // The catalogue is read from one YAML file of bounded size: far fewer than 2³²
            // indicators, and lines.
            indicator: u32::try_from(indicator).unwrap_or(u32::MAX),
            reported,
            computed: None,
            note: note.map(String::into_boxed_str),
            warnings: Box::default(),
            line: line
                .and_then(|l| u32::try_from(l).ok())
                .and_then(std::num::NonZeroU32::new),
        }
    }

    /// Index into [`Site::indicators`].
    ///
    /// [`Site::indicators`]: super::Site::indicators
    pub fn indicator(&self) -> usize {
        self.indicator as usize
    }

    /// Line in the period file, when the figure comes from one.
    pub fn line(&self) -> Option<usize> {
        self.line.map(|l| l.get() as usize)
    }

    /// Adds a contradiction found while the model is built.
    pub(super) fn warn(&mut self, w: DataWarning) {
        let mut list = std::mem::take(&mut self.warnings).into_vec();
        list.push(w);
        self.warnings = list.into_boxed_slice();
    }
    /// The figure to show: the computed rate when the reported one disagrees with it (or is
    /// missing), otherwise the reported figure — so what readers see is what the content says.
    pub fn value(&self) -> Option<(Value, Basis)> {
        let reported = self.reported.filter(|v| *v != Value::NotReported);
        match (reported, self.computed) {
            (Some(r), Some(c)) => match r.number() {
                Some(rn) if (rn - c).abs() > RATE_TOLERANCE => {
                    Some((Value::Number(c), Basis::Computed))
                }
                _ => Some((r, Basis::Reported)),
            },
            (Some(r), None) => Some((r, Basis::Reported)),
            (None, Some(c)) => Some((Value::Number(c), Basis::Computed)),
            (None, None) => None,
        }
    }

    /// The number shown, if any.
    pub fn number(&self) -> Option<f64> {
        self.value().and_then(|(v, _)| v.number())
    }

    /// The figure as data files and release records give it: the number shown (a computed
    /// rate rounded to 4 decimals), or `None` when not reported.
    pub fn published(&self) -> crate::domain::Published {
        match self.value() {
            Some((v, Basis::Reported)) => v.number(),
            Some((v, Basis::Computed)) => v.number().map(|x| round(x, 4)),
            None => None,
        }
    }

    /// True when the period file says the figure was not reported.
    pub fn is_not_reported(&self) -> bool {
        self.reported == Some(Value::NotReported) && self.computed.is_none()
    }
}

/// The forms the checked-content cache stores [`Value`] and [`DataWarning`] in: their own
/// serde forms are made for JSON (untagged, internally tagged), which a binary format that
/// does not describe itself cannot read back.
mod stored {
    use super::DataWarning;
    use crate::domain::Value;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    enum StoredValue {
        Number(f64),
        Bool(bool),
        NotReported,
    }

    #[derive(Serialize, Deserialize)]
    enum StoredWarning {
        RateMismatch(f64, f64, f64, f64),
        PartExceedsWhole(usize, f64, usize, f64),
        PartsExceedWhole(Vec<usize>, f64, usize, f64),
        InputWarned(usize),
    }

    pub mod value {
        use super::*;

        pub fn serialize<S: Serializer>(v: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
            v.map(|v| match v {
                Value::Number(x) => StoredValue::Number(x),
                Value::Bool(b) => StoredValue::Bool(b),
                Value::NotReported => StoredValue::NotReported,
            })
            .serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
            Ok(Option::<StoredValue>::deserialize(d)?.map(|v| match v {
                StoredValue::Number(x) => Value::Number(x),
                StoredValue::Bool(b) => Value::Bool(b),
                StoredValue::NotReported => Value::NotReported,
            }))
        }
    }

    pub mod warnings {
        use super::*;

        pub fn serialize<S: Serializer>(list: &[DataWarning], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(list.iter().map(|w| match w.clone() {
                DataWarning::RateMismatch {
                    reported,
                    computed,
                    numerator,
                    denominator,
                } => StoredWarning::RateMismatch(reported, computed, numerator, denominator),
                DataWarning::PartExceedsWhole {
                    part,
                    part_value,
                    whole,
                    whole_value,
                } => StoredWarning::PartExceedsWhole(part, part_value, whole, whole_value),
                DataWarning::PartsExceedWhole {
                    parts,
                    sum,
                    whole,
                    whole_value,
                } => StoredWarning::PartsExceedWhole(parts, sum, whole, whole_value),
                DataWarning::InputWarned { input } => StoredWarning::InputWarned(input),
            }))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Box<[DataWarning]>, D::Error> {
            Ok(Vec::<StoredWarning>::deserialize(d)?
                .into_iter()
                .map(|w| match w {
                    StoredWarning::RateMismatch(reported, computed, numerator, denominator) => {
                        DataWarning::RateMismatch {
                            reported,
                            computed,
                            numerator,
                            denominator,
                        }
                    }
                    StoredWarning::InputWarned(input) => DataWarning::InputWarned { input },
                    StoredWarning::PartExceedsWhole(part, part_value, whole, whole_value) => {
                        DataWarning::PartExceedsWhole {
                            part,
                            part_value,
                            whole,
                            whole_value,
                        }
                    }
                    StoredWarning::PartsExceedWhole(parts, sum, whole, whole_value) => {
                        DataWarning::PartsExceedWhole {
                            parts,
                            sum,
                            whole,
                            whole_value,
                        }
                    }
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_observation_is_72_bytes_and_keeps_its_index_line_and_note() {
        // 8 million of them at national five-year scale: every 8 bytes is 64 MB.
        assert_eq!(std::mem::size_of::<Observation>(), 72);
        let o = Observation::new(41, None, Some("theo báo cáo".into()), Some(3));
        assert_eq!(
            (o.indicator(), o.line(), o.note.as_deref()),
            (41, Some(3), Some("theo báo cáo"))
        );
        assert_eq!(Observation::new(0, None, None, Some(0)).line(), None);
    }
}
