//! Validated identifiers: every id in the content matches `[a-z0-9][a-z0-9_-]{0,63}`.

use std::fmt;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError {
    /// The rejected text.
    pub found: String,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid id: use 1 to 64 characters, lowercase letters a-z, digits, `-` or `_`, starting with a letter or digit (no accents, no spaces)",
            self.found
        )
    }
}

/// A valid id close to `s`: accents removed, lowercase, spaces as `-`.
pub fn suggest_id(s: &str) -> String {
    let folded = crate::base::collate::fold(s);
    let mut out: String = folded
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let out = out
        .trim_matches(['-', '_'])
        .chars()
        .take(64)
        .collect::<String>();
    if out.is_empty() { "a-name".into() } else { out }
}

/// What an id may contain, for messages.
pub fn id_rules() -> crate::base::diagnostics::Text {
    crate::base::diagnostics::t(
        "lowercase letters a-z, digits, `-` or `_`, starting with a letter or digit, at most 64 characters (no accents, no spaces)",
        "chữ thường a-z, chữ số, `-` hoặc `_`, bắt đầu bằng chữ hoặc số, tối đa 64 ký tự (không dấu, không khoảng trắng)",
    )
}

/// True when `s` matches `[a-z0-9][a-z0-9_-]{0,63}`.
pub fn is_valid_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(first) = bytes.first() else {
        return false;
    };
    bytes.len() <= 64
        && (first.is_ascii_lowercase() || first.is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'_')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        // Shared text: the model copies an indicator's id into every one of its figures
        // (millions at national scale), and a copy of an `Arc` allocates nothing.
        pub struct $name(std::sync::Arc<str>);

        impl $name {
            /// Checks the id syntax and wraps it.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                if is_valid_id(s) {
                    Ok(Self(s.into()))
                } else {
                    Err(IdError { found: s.to_owned() })
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A province id (folder name under `communes/`).
    ProvinceId
);
id_type!(
    /// A commune id, unique within its province.
    CommuneId
);
id_type!(
    /// A reporting period id (file name under `data/`).
    PeriodId
);
id_type!(
    /// A report id (file name under `reports/`).
    ReportId
);
id_type!(
    /// A free page id (file name under `pages/`).
    PageId
);
id_type!(
    /// An indicator id from the catalogue.
    IndicatorId
);
id_type!(
    /// An indicator group id from the catalogue.
    GroupId
);
id_type!(
    /// A data release id (file name under `releases/`).
    ReleaseId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_spec_ids() {
        for ok in [
            "a",
            "0",
            "dien-chau",
            "2026-01",
            "dossiers_online_rate",
            &"a".repeat(64),
        ] {
            assert!(is_valid_id(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_bad_ids() {
        for bad in [
            "",
            "-a",
            "_a",
            "Dien",
            "diễn",
            "a b",
            "a.b",
            &"a".repeat(65),
            "../x",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        let err = CommuneId::parse("Diễn Châu").unwrap_err();
        assert!(err.to_string().contains("`Diễn Châu` is not a valid id"));
    }
}
