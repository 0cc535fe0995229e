//! The checker every check file shares: the [`Validator`] that collects problems, and the
//! helpers several files use — key positions, dates, localized text, ids, choices from a fixed
//! list and the "ends before it starts" error.

use crate::base::diagnostics::{Diagnostic, Diagnostics, Text, did_you_mean, t};
use crate::base::ids::IdError;
use crate::domain::{Localized, parse_date};
use crate::load::SourceFile;
use crate::load::locate::key_position;
use crate::load::raw::RawLocalized;
use chrono::NaiveDate;
use std::path::Path;

pub(super) struct Validator {
    pub(super) diags: Diagnostics,
    pub(super) languages: Vec<String>,
}

impl Validator {
    /// A validator with the same settings and no problems yet, for one worker thread.
    pub(super) fn worker(&self) -> Validator {
        Validator {
            diags: Diagnostics::default(),
            languages: self.languages.clone(),
        }
    }

    /// Runs one check, returning its result with the problems it found.
    pub(super) fn run<T>(mut self, check: impl FnOnce(&mut Validator) -> T) -> (T, Diagnostics) {
        let result = check(&mut self);
        (result, self.diags)
    }
}

/// Position of a key path in a YAML file.
pub(super) fn pos(file: &SourceFile, path: &[&str]) -> Option<(usize, usize)> {
    key_position(&file.text, path, 1)
}

impl Validator {
    pub(super) fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub(super) fn date(
        &mut self,
        file: &SourceFile,
        path: &[&str],
        text: &str,
        position: Option<(usize, usize)>,
    ) -> Option<NaiveDate> {
        match parse_date(text) {
            Ok(d) => Some(d),
            Err(help) => {
                let position = position.or_else(|| pos(file, path));
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t("this is not a valid date", "ngày không hợp lệ"),
                    )
                    .at_opt(position)
                    .key(path.join("."))
                    .found(format!("`{text}`"))
                    .expected(t(
                        "a date written YYYY-MM-DD",
                        "một ngày viết theo dạng YYYY-MM-DD",
                    ))
                    .help(help),
                );
                None
            }
        }
    }

    pub(super) fn localized(
        &mut self,
        raw: &RawLocalized,
        file: &SourceFile,
        path: &[&str],
        position: Option<(usize, usize)>,
    ) -> Localized {
        let languages = self.languages.clone();
        match raw {
            RawLocalized::Same(s) => {
                Localized(languages.iter().map(|l| (l.clone(), s.clone())).collect())
            }
            RawLocalized::PerLanguage(map) => {
                for lang in map.keys().filter(|l| !languages.contains(l)) {
                    self.diags.push(
                        Diagnostic::warning(&file.path, t(format!("text in language `{lang}`, which site.yaml does not list"), format!("văn bản bằng ngôn ngữ `{lang}`, ngôn ngữ không có trong site.yaml")))
                            .at_opt(position.or_else(|| pos(file, path)))
                            .key(format!("{}.{lang}", path.join(".")))
                            .help(t(format!("site languages are {}; add `{lang}` to `languages` in site.yaml or remove this text", languages.join(", ")), format!("các ngôn ngữ của trang là {}; thêm `{lang}` vào `languages` trong site.yaml hoặc xóa văn bản này", languages.join(", ")))),
                    );
                }
                let default = &languages[0];
                if !map.contains_key(default) {
                    self.error(
                        Diagnostic::error(
                            &file.path,
                            t(
                                format!("text in the default language `{default}` is missing"),
                                format!("thiếu văn bản bằng ngôn ngữ mặc định `{default}`"),
                            ),
                        )
                        .at_opt(position.or_else(|| pos(file, path)))
                        .key(path.join("."))
                        .found({
                            let found = map.keys().cloned().collect::<Vec<_>>().join(", ");
                            t(format!("languages {found}"), format!("các ngôn ngữ {found}"))
                        })
                        .help(t(
                            format!("add `{default}: \"…\"` (pages in other languages fall back to it)"),
                            format!("thêm `{default}: \"…\"` (trang bằng ngôn ngữ khác sẽ dùng văn bản này khi thiếu)"),
                        )),
                    );
                }
                Localized(
                    languages
                        .iter()
                        .filter_map(|l| map.get(l).map(|t| (l.clone(), t.clone())))
                        .collect(),
                )
            }
        }
    }

    pub(super) fn id<T>(
        &mut self,
        s: &str,
        file: &Path,
        at: Option<(usize, usize)>,
        key: &str,
        parse: fn(&str) -> Result<T, IdError>,
    ) -> Option<T> {
        match parse(s) {
            Ok(id) => Some(id),
            Err(e) => {
                let suggestion = crate::base::ids::suggest_id(&e.found);
                self.error(
                    Diagnostic::error(file, t("invalid id", "mã không hợp lệ"))
                        .at_opt(at)
                        .key(key)
                        .found(format!("`{s}`"))
                        .expected(crate::base::ids::id_rules())
                        .help(t(
                            format!("write it e.g. as `{suggestion}`"),
                            format!("hãy viết ví dụ là `{suggestion}`"),
                        )),
                );
                None
            }
        }
    }

    pub(super) fn choice<T: Copy>(
        &mut self,
        file: &Path,
        at: Option<(usize, usize)>,
        key: &str,
        found: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == found) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        self.error(
            Diagnostic::error(
                file,
                t(
                    format!("`{key}` has a value that is not allowed"),
                    format!("`{key}` có giá trị không được phép"),
                ),
            )
            .at_opt(at)
            .key(key)
            .found(format!("`{found}`"))
            .expected(one_of(&names))
            .help_opt(did_you_mean(found, names.iter().copied())),
        );
        None
    }
}

pub(super) fn end_before_start(
    path: &Path,
    at: Option<(usize, usize)>,
    key: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> Diagnostic {
    Diagnostic::error(
        path,
        t(
            "the period ends before it starts",
            "kỳ báo cáo kết thúc trước khi bắt đầu",
        ),
    )
    .at_opt(at)
    .key(format!("{key}.end"))
    .found(t(
        format!("start {start}, end {end}"),
        format!("bắt đầu {start}, kết thúc {end}"),
    ))
    .expected(t(
        "an end date on or after the start date",
        "ngày kết thúc bằng hoặc sau ngày bắt đầu",
    ))
    .help(t(
        "check whether the two dates were swapped",
        "kiểm tra xem hai ngày có bị đảo chỗ không",
    ))
}

/// "one of: a, b, c" in both languages.
pub(super) fn one_of(names: &[&str]) -> Text {
    let list = names.join(", ");
    t(format!("one of: {list}"), format!("một trong: {list}"))
}
