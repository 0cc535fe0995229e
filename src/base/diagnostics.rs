//! Problems found in the content, each pointing at a file, a line and a key.

use std::fmt;
use std::path::{Path, PathBuf};

/// The language messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Vietnamese, the language of the people who edit the content.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The language for a code such as `vi` or `en-GB`; Vietnamese for anything else.
    pub fn from_code(code: &str) -> Self {
        if code.eq_ignore_ascii_case("en") || code.to_ascii_lowercase().starts_with("en-") {
            Lang::En
        } else {
            Lang::Vi
        }
    }
}

/// A sentence in both languages of the tool; text taken from the content is the same in both.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Text {
    /// English wording.
    pub en: String,
    /// Vietnamese wording.
    pub vi: String,
}

impl Text {
    /// The wording for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Vi => &self.vi,
        }
    }

    /// True when the English wording contains `needle` (for tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.en.contains(needle)
    }
}

/// A message written in English and Vietnamese.
pub fn t(en: impl Into<String>, vi: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        vi: vi.into(),
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text {
            en: s.clone(),
            vi: s,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        s.to_string().into()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.en == *other
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// Whether a problem stops the build.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on; the problem is reported (and data warnings are shown on the site).
    Warning,
}

/// One problem, described for a person who edits the content by hand.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File path as the user would type it (relative to the working directory).
    pub file: PathBuf,
    /// 1-based line, counted from the first line of the file (front matter included).
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// Dotted key path, e.g. `values.dossiers_received`.
    pub key: Option<String>,
    /// What is wrong, in one sentence.
    pub message: Text,
    /// What was found in the file.
    pub found: Option<Text>,
    /// What is expected instead.
    pub expected: Option<Text>,
    /// What to do about it.
    pub help: Option<Text>,
}

impl Diagnostic {
    /// A new error about `file`.
    pub fn error(file: impl AsRef<Path>, message: impl Into<Text>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A new warning about `file`.
    pub fn warning(file: impl AsRef<Path>, message: impl Into<Text>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl AsRef<Path>, message: impl Into<Text>) -> Self {
        Self {
            severity,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
            found: None,
            expected: None,
            help: None,
        }
    }

    /// Sets the position (1-based line and column).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the position from an optional `(line, column)`.
    pub fn at_opt(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((l, c)) => self.at(l, c),
            None => self,
        }
    }

    /// Sets the key path.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sets what was found.
    pub fn found(mut self, found: impl Into<Text>) -> Self {
        self.found = Some(found.into());
        self
    }

    /// Sets what was expected.
    pub fn expected(mut self, expected: impl Into<Text>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Sets the advice.
    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the advice when there is one.
    pub fn help_opt(self, help: Option<Text>) -> Self {
        match help {
            Some(h) => self.help(h),
            None => self,
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The problem written out in `lang`, as the command line prints it.
    pub fn display(&self, lang: Lang) -> Localized<'_> {
        Localized { diag: self, lang }
    }
}

/// A diagnostic ready to print in one language.
pub struct Localized<'a> {
    diag: &'a Diagnostic,
    lang: Lang,
}

/// The labels of a printed diagnostic: severity names, then key, found, expected, help.
fn labels(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::En => ["error", "warning", "key", "found", "expected", "help"],
        Lang::Vi => ["lỗi", "cảnh báo", "khóa", "tìm thấy", "cần", "gợi ý"],
    }
}

impl fmt::Display for Localized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        let [error, warning, key, found, expected, help] = labels(self.lang);
        let label = match d.severity {
            Severity::Error => error,
            Severity::Warning => warning,
        };
        writeln!(f, "{label}: {}", d.message.get(self.lang))?;
        write!(f, "  --> {}", d.file.display())?;
        if let Some(line) = d.line {
            write!(f, ":{line}")?;
            if let Some(col) = d.column {
                write!(f, ":{col}")?;
            }
        }
        writeln!(f)?;
        if let Some(k) = &d.key {
            writeln!(f, "   = {key}: {k}")?;
        }
        let rows = [(found, &d.found), (expected, &d.expected), (help, &d.help)];
        for (label, text) in rows {
            if let Some(text) = text {
                writeln!(f, "   = {label}: {}", text.get(self.lang))?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(Lang::En).fmt(f)
    }
}

/// A list of problems, kept in a stable order (file, line, message).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Sorts by file, then line, then message, so output does not depend on thread timing.
    pub fn sort(&mut self) {
        // In parallel: paths compare name by name, and a national site has 65,000 warnings.
        use rayon::slice::ParallelSliceMut;
        self.0.par_sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }

    /// All problems.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The known id closest to `found` (by edit distance), if it is close enough to be a typo.
pub fn nearest<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(found, k), k))
        .filter(|(d, k)| *d <= (k.len().max(found.len()) / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

/// "did you mean `x`?" for the nearest known id.
pub fn did_you_mean<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<Text> {
    nearest(found, known).map(|k| t(format!("did you mean `{k}`?"), format!("có phải là `{k}`?")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_only() {
        let known = ["dossiers_received", "dossiers_online", "tasks_assigned"];
        assert_eq!(
            nearest("dossier_received", known),
            Some("dossiers_received")
        );
        assert_eq!(nearest("dossiers_onlien", known), Some("dossiers_online"));
        assert_eq!(nearest("population", known), None);
    }

    #[test]
    fn display_names_file_line_key() {
        let d = Diagnostic::error("content/a.yaml", "unknown indicator id")
            .at(3, 5)
            .key("values.x")
            .found("`x`")
            .help("did you mean `y`?");
        let text = d.to_string();
        assert!(text.starts_with("error: unknown indicator id\n  --> content/a.yaml:3:5\n"));
        assert!(text.contains("= key: values.x"));
        assert!(text.contains("= help: did you mean `y`?"));
    }

    #[test]
    fn vietnamese_display_uses_vietnamese_labels_and_words() {
        let d = Diagnostic::error("content/a.yaml", t("unknown key", "khóa không hợp lệ"))
            .at(2, 1)
            .key("colour")
            .help_opt(did_you_mean("colr", ["color"]));
        let text = d.display(Lang::Vi).to_string();
        assert!(text.starts_with("lỗi: khóa không hợp lệ\n  --> content/a.yaml:2:1\n"));
        assert!(text.contains("= khóa: colour"));
        assert!(text.contains("= gợi ý: có phải là `color`?"));
        assert_eq!(Lang::from_code("en"), Lang::En);
        assert_eq!(Lang::from_code("vi"), Lang::Vi);
    }
}
