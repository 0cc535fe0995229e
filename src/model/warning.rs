//! [`DataWarning`]: a contradiction the model finds in the data, shown to readers as a
//! data-quality note.

/// A contradiction in the data, shown to readers as a data-quality note.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataWarning {
    /// The reported rate differs from the one its own counts give by more than the tolerance.
    RateMismatch {
        /// Rate the commune reported.
        reported: f64,
        /// Rate computed from the counts.
        computed: f64,
        /// The count it is computed from (the numerator).
        numerator: f64,
        /// The count it is divided by (the denominator).
        denominator: f64,
    },
    /// A part is larger than its whole (e.g. completed tasks > assigned tasks).
    PartExceedsWhole {
        /// Indicator index of the part.
        part: usize,
        /// Its value.
        part_value: f64,
        /// Indicator index of the whole.
        whole: usize,
        /// Its value.
        whole_value: f64,
    },
    /// The parts of a whole add up to more than the whole.
    PartsExceedWhole {
        /// Indicator indexes of the parts.
        parts: Vec<usize>,
        /// Their sum.
        sum: f64,
        /// Indicator index of the whole.
        whole: usize,
        /// Its value.
        whole_value: f64,
    },
    /// A rate is computed from a figure that has a warning of its own: the rate inherits the
    /// doubt, in every data file as on the page.
    InputWarned {
        /// Indicator index of that figure (the rate's numerator or denominator).
        input: usize,
    },
}
