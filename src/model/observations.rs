//! A period's observations, which an incremental build may leave encoded until they are used.

use super::Observation;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

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
    encoded: Option<Encoded>,
}

/// The encoded list of [`Observations`].
#[derive(Clone)]
enum Encoded {
    Own(Box<[u8]>),
    /// A range of the cache file it was read from (see [`decode_sharing`]).
    Shared {
        source: SharedBytes,
        start: usize,
        len: usize,
    },
}

impl Encoded {
    fn bytes(&self) -> &[u8] {
        match self {
            Encoded::Own(bytes) => bytes,
            Encoded::Shared { source, start, len } => &(**source).as_ref()[*start..*start + *len],
        }
    }

    /// `bytes` as a range of the buffer [`decode_sharing`] is decoding on this thread, when
    /// they lie in it.
    fn shared(bytes: &[u8]) -> Option<Encoded> {
        SOURCE.with(|source| {
            let source = source.borrow();
            let source = source.as_ref()?;
            let whole = (**source).as_ref();
            let start = (bytes.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
            (start + bytes.len() <= whole.len()).then(|| Encoded::Shared {
                source: Arc::clone(source),
                start,
                len: bytes.len(),
            })
        })
    }
}

/// Bytes that decoded [`Observations`] may share: a file's contents, read or mapped.
pub type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

thread_local! {
    /// The buffer [`decode_sharing`] is decoding on this thread.
    static SOURCE: RefCell<Option<SharedBytes>> = const { RefCell::new(None) };
}

/// Runs `decode` over `bytes`; the [`Observations`] it decodes from them on this thread keep
/// their encoded lists as ranges of `bytes`, not copies. At national scale an update takes
/// 200,000 periods from the checked-content cache: copied one by one, their 250 MB were as
/// many allocations, and fresh memory the system had to clear, before any page was rendered.
pub fn decode_sharing<T>(bytes: &SharedBytes, decode: impl FnOnce(&[u8]) -> T) -> T {
    /// Clears the buffer however `decode` ends, a panic included.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SOURCE.with(|source| source.borrow_mut().take());
        }
    }
    SOURCE.with(|source| *source.borrow_mut() = Some(Arc::clone(bytes)));
    let _reset = Reset;
    decode((**bytes).as_ref())
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
        let bytes = self.encoded.as_ref().map_or(&[][..], Encoded::bytes);
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
struct Stored<'a> {
    len: u32,
    warnings: u32,
    #[serde(borrow, with = "serde_bytes")]
    encoded: Cow<'a, [u8]>,
}

impl Serialize for Observations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fresh;
        let encoded: &[u8] = match (&self.encoded, self.list.get()) {
            (Some(bytes), _) => bytes.bytes(),
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
        let encoded = match stored.encoded {
            Cow::Borrowed(bytes) => {
                Encoded::shared(bytes).unwrap_or_else(|| Encoded::Own(bytes.into()))
            }
            Cow::Owned(bytes) => Encoded::Own(bytes.into_boxed_slice()),
        };
        Ok(Observations {
            len: stored.len,
            warnings: stored.warnings,
            list: OnceLock::new(),
            encoded: Some(encoded),
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
            numerator: 14706.0,
            denominator: 14722.0,
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

    #[test]
    fn decoded_from_a_shared_buffer_they_keep_a_range_of_it() {
        let bytes = postcard::to_stdvec(&Observations::from(sample())).unwrap();
        let mut file = b"header".to_vec();
        file.extend(&bytes);
        let file: SharedBytes = Arc::new(file);
        let stored: Observations =
            decode_sharing(&file, |b| postcard::from_bytes(&b[6..]).unwrap());
        assert!(matches!(
            stored.encoded,
            Some(Encoded::Shared { start, .. }) if start > 6
        ));
        assert_eq!(Arc::strong_count(&file), 2, "the file's bytes, not a copy");
        assert_eq!(*stored, *sample());
        assert_eq!(postcard::to_stdvec(&stored).unwrap(), bytes);
        // Outside `decode_sharing`, or from other bytes, the list is copied.
        let copied: Observations = postcard::from_bytes(&bytes).unwrap();
        assert!(matches!(copied.encoded, Some(Encoded::Own(_))));
        let other: Observations = decode_sharing(&file, |_| postcard::from_bytes(&bytes).unwrap());
        assert!(matches!(other.encoded, Some(Encoded::Own(_))));
        assert_eq!(*copied, *other);
    }
}
