//! Site settings (`site.yaml`): languages, theme, base address and the site's texts.

use super::validator::{Validator, pos};
use crate::base::diagnostics::{Diagnostic, t};
use crate::base::ids::is_valid_id;
use crate::base::placeholders::{self, example_host, is_placeholder_publisher};
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
        self.placeholder_site(parsed);
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

impl Validator {
    /// Warns about an address or publisher still as `init` wrote it, or meant only for tests:
    /// the site builds, but must not be published so.
    fn placeholder_site(&mut self, parsed: &Parsed<RawSite>) {
        let (raw, file) = (&parsed.data, &parsed.file);
        if let Some(host) = example_host(&raw.base_url) {
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    t(
                        format!("base_url is still an example address ({host}), not where the site will be published"),
                        format!("base_url vẫn là địa chỉ mẫu ({host}), không phải nơi sẽ đăng trang"),
                    ),
                )
                .at_opt(pos(file, &["base_url"]))
                .key("base_url")
                .found(format!("`{}`", raw.base_url.trim()))
                .expected(t(
                    "the real address of the published site, e.g. https://<your agency's domain>/nq57/",
                    "địa chỉ thật của trang khi đăng, ví dụ https://<tên miền của cơ quan>/nq57/",
                ))
                .help(t(
                    "replace it in site.yaml: the sitemap, the news feed and the links people share are made from it",
                    "hãy sửa trong site.yaml: sơ đồ trang (sitemap), bản tin (feed) và các đường dẫn mọi người chia sẻ đều dựa vào địa chỉ này",
                )),
            );
        }
        if is_placeholder_publisher(&raw.publisher) {
            self.diags.push(
                Diagnostic::warning(
                    &file.path,
                    t(
                        "publisher is still the placeholder written by minhbach init",
                        "publisher vẫn là chỗ điền tạm do minhbach init ghi",
                    ),
                )
                .at_opt(pos(file, &["publisher"]))
                .key("publisher")
                .found(format!("`{}`", raw.publisher))
                .expected(t(
                    "the name of the agency that publishes the site, e.g. \"Sở Khoa học và Công nghệ tỉnh …\"",
                    "tên cơ quan đăng trang, ví dụ \"Sở Khoa học và Công nghệ tỉnh …\"",
                ))
                .help(t(
                    format!("replace `{}` in site.yaml with your agency's name: it is shown on the pages and in the data files", placeholders::PUBLISHER),
                    format!("hãy thay `{}` trong site.yaml bằng tên cơ quan của bạn: tên này hiện trên các trang và trong các tệp dữ liệu", placeholders::PUBLISHER),
                )),
            );
        }
    }
}
