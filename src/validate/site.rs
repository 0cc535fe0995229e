//! Site settings (`site.yaml`): languages, theme, base address and the site's texts.

use super::validator::{Validator, pos};
use crate::base::diagnostics::{Diagnostic, t};
use crate::base::ids::is_valid_id;
use crate::domain::SiteConfig;
use crate::load::Parsed;
use crate::load::raw::RawSite;

impl Validator {
    pub(super) fn site(&mut self, parsed: &Parsed<RawSite>) -> Option<SiteConfig> {
        let raw = &parsed.data;
        let file = &parsed.file;
        let mut ok = true;
        if raw.languages.is_empty() {
            ok = false;
            self.error(
                Diagnostic::error(
                    &file.path,
                    t("no language is listed", "chưa liệt kê ngôn ngữ nào"),
                )
                .at_opt(pos(file, &["languages"]))
                .key("languages")
                .expected(t(
                    "a list such as [vi, en]; the first is the default language",
                    "một danh sách như [vi, en]; ngôn ngữ đầu tiên là ngôn ngữ mặc định",
                )),
            );
        }
        for lang in &raw.languages {
            if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
                ok = false;
                self.error(
                    Diagnostic::error(
                        &file.path,
                        t("this is not a language code", "đây không phải mã ngôn ngữ"),
                    )
                    .at_opt(pos(file, &["languages"]))
                    .key("languages")
                    .found(format!("`{lang}`"))
                    .expected(t(
                        "a two- or three-letter lowercase code such as `vi` or `en`",
                        "một mã hai hoặc ba chữ thường như `vi` hoặc `en`",
                    )),
                );
            }
        }
        if ok {
            self.languages = raw.languages.clone();
        }
        let theme = raw.theme.clone().unwrap_or_else(|| "default".into());
        if !is_valid_id(&theme) {
            ok = false;
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "the theme name is not a valid folder name",
                        "tên giao diện (theme) không phải tên thư mục hợp lệ",
                    ),
                )
                .at_opt(pos(file, &["theme"]))
                .key("theme")
                .found(format!("`{theme}`"))
                .expected(t(
                    "the name of a folder in themes/, e.g. `default`",
                    "tên một thư mục trong themes/, ví dụ `default`",
                )),
            );
        }
        let mut base_url = raw.base_url.trim().to_string();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            ok = false;
            self.error(
                Diagnostic::error(
                    &file.path,
                    t(
                        "base_url must be a full web address",
                        "base_url phải là một địa chỉ web đầy đủ",
                    ),
                )
                .at_opt(pos(file, &["base_url"]))
                .key("base_url")
                .found(format!("`{base_url}`"))
                .expected(t(
                    "an address such as https://example.org/nq57/",
                    "một địa chỉ như https://example.org/nq57/",
                )),
            );
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let title = self.localized(&raw.title, file, &["title"], None);
        let description = raw
            .description
            .as_ref()
            .map(|d| self.localized(d, file, &["description"], None));
        let notice = raw
            .notice
            .as_ref()
            .map(|d| self.localized(d, file, &["notice"], None));
        ok.then(|| SiteConfig {
            title,
            description,
            notice,
            base_url,
            languages: raw.languages.clone(),
            publisher: raw.publisher.clone(),
            data_license: raw.data_license.clone(),
            theme,
        })
    }
}
