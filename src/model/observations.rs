//! A period's observations, which an incremental build may leave encoded until they are used.

use super::Observation;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::OnceLock;

/// The observations of one period, in catalogue order; a slice of [`Observation`] to read.
///
/// Built by the model, they are a list. Taken from the checked-content cache, they stay the
/// bytes the cache stored until something reads them: an update of one province renders the
/// national pages from each commune's latest figures (kept apart in [`super::Commune`]) and
/// counts, so the 8 million figures of a national five-year site are decoded only for the
/// bulk downloads. [`Observations::len`] and [`Observations::warning_count`] never decode.
pub struct Observations {
    len: u32,
    warnings: u32,
    list: OnceLock<Vec<Observation>>,
    /// The list as the cache stored it (postcard), when it came from there.
    encoded: Option<Box<[u8]>>,
}

impl Observations {
    /// How many observations (without decoding them).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many data warnings they carry in all (without decoding them).
    pub fn warning_count(&self) -> usize {
        self.warnings as usize
    }

    fn decode(&self) -> Vec<Observation> {
        let bytes = self.encoded.as_deref().unwrap_or_default();
        // The bytes were written by this program, and the file they came in matched its
        // checksum when it was read (see `checked`): they cannot fail to decode unless that
        // file was changed between the check and now.
        postcard::from_bytes(bytes).unwrap_or_else(|e| {
            panic!("the checked-content cache changed while the build was reading it: {e}")
        })
    }
}

impl From<Vec<Observation>> for Observations {
    fn from(list: Vec<Observation>) -> Self {
        let warnings: usize = list.iter().map(|o| o.warnings.len()).sum();
        Observations {
            // A period file is bounded in size (`limits`), far below 2³² figures.
            len: u32::try_from(list.len()).unwrap_or(u32::MAX),
            warnings: u32::try_from(warnings).unwrap_or(u32::MAX),
            list: OnceLock::from(list),
            encoded: None,
        }
    }
}

impl std::ops::Deref for Observations {
    type Target = [Observation];

    fn deref(&self) -> &[Observation] {
        self.list.get_or_init(|| self.decode())
    }
}

impl<'a> IntoIterator for &'a Observations {
    type Item = &'a Observation;
    type IntoIter = std::slice::Iter<'a, Observation>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Clone for Observations {
    fn clone(&self) -> Self {
        Observations {
            len: self.len,
            warnings: self.warnings,
            list: self.list.clone(),
            encoded: self.encoded.clone(),
        }
    }
}

impl PartialEq for Observations {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Observations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// How the cache stores them: the counts, then the list encoded on its own, so that it can be
/// taken as bytes without decoding.
#[derive(Serialize)]
struct StoredRef<'a> {
    len: u32,
    warnings: u32,
    #[serde(with = "serde_bytes")]
    encoded: &'a [u8],
}

#[derive(Deserialize)]
struct Stored {
    len: u32,
    warnings: u32,
    #[serde(with = "serde_bytes")]
    encoded: Vec<u8>,
}

impl Serialize for Observations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fresh;
        let encoded: &[u8] = match (&self.encoded, self.list.get()) {
            (Some(bytes), _) => bytes,
            (None, Some(list)) => {
                fresh = postcard::to_stdvec(list).map_err(serde::ser::Error::custom)?;
                &fresh
            }
            (None, None) => &[],
        };
        StoredRef {
            len: self.len,
            warnings: self.warnings,
            encoded,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Observations {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let stored = Stored::deserialize(d)?;
        Ok(Observations {
            len: stored.len,
            warnings: stored.warnings,
            list: OnceLock::new(),
            encoded: Some(stored.encoded.into_boxed_slice()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Value;

    fn sample() -> Vec<Observation> {
        let mut warned = Observation::new(3, Some(Value::Number(97.6)), None, Some(12));
        warned.computed = Some(99.89);
        warned.warn(super::super::DataWarning::RateMismatch {
            reported: 97.6,
            computed: 99.89,
        });
        vec![
            Observation::new(
                1,
                Some(Value::Number(14722.0)),
                Some("ghi chú".into()),
                Some(4),
            ),
            warned,
        ]
    }

    #[test]
    fn counts_hold_without_decoding_and_the_list_comes_back_whole() {
        let built = Observations::from(sample());
        assert_eq!((built.len(), built.warning_count()), (2, 1));
        let bytes = postcard::to_stdvec(&built).unwrap();
        let stored: Observations = postcard::from_bytes(&bytes).unwrap();
        assert_eq!((stored.len(), stored.warning_count()), (2, 1));
        assert!(stored.list.get().is_none(), "counted without decoding");
        assert_eq!(*stored, *sample());
        assert!(stored.list.get().is_some());
        // stored again from the bytes it came as, unchanged
        assert_eq!(postcard::to_stdvec(&stored).unwrap(), bytes);
        assert_eq!(stored, built);
    }
}
