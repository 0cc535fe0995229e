//! Markdown documents: reports (`…/reports/<id>.md`: dates, period, language) and pages
//! (`pages/<id>.<lang>.md`: id and language).

use super::validator::{Validator, end_before_start, one_of};
use crate::base::diagnostics::{Diagnostic, Text, t};
use crate::base::ids::{PageId, ReportId};
use crate::base::placeholders::document_placeholder;
use crate::domain::{Page, Report};
use crate::load::locate::key_position;
use crate::load::raw::{RawPageMeta, RawReportMeta};
use crate::load::{Document, SourceFile};

impl Validator {
    pub(super) fn report(&mut self, id: &str, doc: Document<RawReportMeta>) -> Option<Report> {
        let file = &doc.file;
        // Front matter keys come before the body, so the first match in the whole file is theirs.
        let fm = |path: &[&str]| key_position(&file.text, path, 1).or(Some((1, 1)));
        let id = self.id(id, &file.path, None, "file name", ReportId::parse);
        let m = &doc.meta;
        let date = self.date(file, &["date"], &m.date, fm(&["date"]));
        let start = self.date(
            file,
            &["period", "start"],
            &m.period.start,
            fm(&["period", "start"]),
        );
        let end = self.date(
            file,
            &["period", "end"],
            &m.period.end,
            fm(&["period", "end"]),
        );
        self.placeholder_text(file, &doc.body, doc.body_line, t("report", "báo cáo"));
        let language = m
            .language
            .clone()
            .unwrap_or_else(|| self.languages[0].clone());
        if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            self.error(
                Diagnostic::error(
                    &file.path,
                    t("this is not a language code", "đây không phải mã ngôn ngữ"),
                )
                .at_opt(fm(&["language"]))
                .key("language")
                .found(format!("`{language}`"))
                .expected(t("a code such as `vi`", "một mã như `vi`")),
            );
            return None;
        }
        let (id, date, start, end) = (id?, date?, start?, end?);
        if end < start {
            self.error(end_before_start(
                &file.path,
                fm(&["period", "end"]),
                "period",
                start,
                end,
            ));
            return None;
        }
        Some(Report {
            id,
            title: m.title.clone(),
            number: m.number.clone(),
            issued_by: m.issued_by.clone(),
            signed_by: m.signed_by.clone(),
            date,
            start,
            end,
            language,
            body: doc.body,
            file: doc.file.path,
        })
    }

    pub(super) fn pages(&mut self, pages: &[(String, String, Document<RawPageMeta>)]) -> Vec<Page> {
        let mut out = Vec::new();
        for (id, lang, doc) in pages {
            let path = &doc.file.path;
            let Some(page_id) = self.id(id, path, None, "file name", PageId::parse) else {
                continue;
            };
            if !self.languages.contains(lang) {
                self.error(
                    Diagnostic::error(path, t("this page is in a language the site does not publish", "trang này bằng một ngôn ngữ mà trang web không xuất bản"))
                        .key("file name")
                        .found(format!("`{lang}`"))
                        .expected(one_of(&self.languages.iter().map(String::as_str).collect::<Vec<_>>()))
                        .help(t(format!("rename it to `{id}.{}.md`, or add `{lang}` to `languages` in site.yaml", self.languages[0]), format!("đổi tên thành `{id}.{}.md`, hoặc thêm `{lang}` vào `languages` trong site.yaml", self.languages[0]))),
                );
                continue;
            }
            self.placeholder_text(&doc.file, &doc.body, doc.body_line, t("page", "trang"));
            let m = &doc.meta;
            out.push(Page {
                id: page_id,
                lang: lang.clone(),
                title: m.title.clone(),
                description: m.description.clone(),
                weight: m.weight,
                body: doc.body.clone(),
            });
        }
        out
    }
}

impl Validator {
    /// Warns when a report or page still holds the text `minhbach new` or `init` wrote for
    /// the editor to replace: it would be published as it is.
    fn placeholder_text(&mut self, file: &SourceFile, body: &str, body_line: usize, what: Text) {
        let Some((line, marker)) = document_placeholder(body) else {
            return;
        };
        self.diags.push(
            Diagnostic::warning(
                &file.path,
                t(
                    format!(
                        "this {} still holds the placeholder text written by minhbach",
                        what.en
                    ),
                    format!(
                        "{} này vẫn còn đoạn văn điền tạm do minhbach ghi",
                        capitalized(&what.vi)
                    ),
                ),
            )
            .at(body_line + line - 1, 1)
            .found(format!("\"{marker}…\""))
            .expected(t(
                format!("the {}'s own text", what.en),
                format!("nội dung thật của {}", what.vi),
            ))
            .help(t(
                "replace that line with your own words, or delete it",
                "hãy thay dòng đó bằng lời của bạn, hoặc xóa nó đi",
            )),
        );
    }
}

/// `s` with its first letter in capitals (`báo cáo` → `Báo cáo`).
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
