//! Release records (`releases/<id>.yaml`): every field checked, and the records checked to form
//! one unbroken chain, oldest first, so the history built from them misses nothing.

use super::validator::{Validator, pos};
use crate::base::diagnostics::{Diagnostic, t};
use crate::base::ids::{CommuneId, IndicatorId, PeriodId, ProvinceId, ReleaseId};
use crate::domain::{FigureKey, FileDigest, Published, Release};
use crate::load::raw::RawRelease;
use crate::load::{Parsed, SourceFile};
use std::collections::HashMap;

impl Validator {
    /// Checks every release record; returns them oldest first when they form one chain.
    pub(super) fn releases(&mut self, raw: Vec<(String, Parsed<RawRelease>)>) -> Vec<Release> {
        let checked: Vec<Release> = raw
            .into_iter()
            .filter_map(|(id, parsed)| self.release(&id, parsed))
            .collect();
        self.chain(checked)
    }

    fn release(&mut self, id: &str, parsed: Parsed<RawRelease>) -> Option<Release> {
        let Parsed { file, data: raw } = parsed;
        let errors_before = self.diags.error_count();
        let id = self.id(id, &file.path, None, "", ReleaseId::parse);
        let date = self.date(&file, &["date"], &raw.date, None);
        let previous = raw.previous.as_deref().and_then(|p| {
            self.id(
                p,
                &file.path,
                pos(&file, &["previous"]),
                "previous",
                ReleaseId::parse,
            )
        });
        let note = raw
            .note
            .as_ref()
            .map(|n| self.localized(n, &file, &["note"], None));
        let files = raw
            .files
            .iter()
            .map(|(path, d)| {
                self.digest(&file, &["files", path, "sha256"], &d.sha256);
                FileDigest {
                    path: path.clone(),
                    bytes: d.bytes,
                    sha256: d.sha256.clone(),
                }
            })
            .collect();
        if let Some(sha) = &raw.figures_sha256 {
            self.digest(&file, &["figures_sha256"], sha);
        }
        let mut changes = Vec::new();
        for (p, communes) in &raw.figures {
            for (c, periods) in communes {
                for (period, values) in periods {
                    for (ind, value) in values {
                        let path = ["figures", p, c, period, ind];
                        let Some(key) = self.figure_key(&file, &path) else {
                            continue;
                        };
                        if value.is_some_and(|v| !v.is_finite()) {
                            self.error(not_a_figure(&file, &path));
                            continue;
                        }
                        changes.push((key, *value as Published));
                    }
                }
            }
        }
        let mut removed = Vec::new();
        for (p, communes) in &raw.removed {
            for (c, periods) in communes {
                for (period, indicators) in periods {
                    for ind in indicators {
                        if let Some(key) =
                            self.figure_key(&file, &["removed", p, c, period, ind.as_str()])
                        {
                            removed.push(key);
                        }
                    }
                }
            }
        }
        if self.diags.error_count() > errors_before {
            return None;
        }
        Some(Release {
            id: id?,
            date: date?,
            previous,
            note,
            files,
            figures_sha256: raw.figures_sha256,
            changes,
            removed,
            file: file.path,
        })
    }

    /// The four ids of a figure under `figures:` or `removed:`; `path` ends with them.
    fn figure_key(&mut self, file: &SourceFile, path: &[&str; 5]) -> Option<FigureKey> {
        let [_, p, c, period, ind] = *path;
        if let (Ok(province), Ok(commune), Ok(period), Ok(indicator)) = (
            ProvinceId::parse(p),
            CommuneId::parse(c),
            PeriodId::parse(period),
            IndicatorId::parse(ind),
        ) {
            return Some(FigureKey {
                province,
                commune,
                period,
                indicator,
            });
        }
        // Only a bad id is located in the file: finding a key's line reads the file from the
        // top, and a record holds thousands of keys.
        let at = pos(file, path);
        let key = path.join(".");
        Some(FigureKey {
            province: self.id(p, &file.path, at, &key, ProvinceId::parse)?,
            commune: self.id(c, &file.path, at, &key, CommuneId::parse)?,
            period: self.id(period, &file.path, at, &key, PeriodId::parse)?,
            indicator: self.id(ind, &file.path, at, &key, IndicatorId::parse)?,
        })
    }

    /// A SHA-256 written as 64 lowercase hexadecimal digits.
    fn digest(&mut self, file: &SourceFile, path: &[&str], text: &str) {
        let ok = text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if ok {
            return;
        }
        self.error(
            Diagnostic::error(&file.path, t("this is not a SHA-256 checksum", "đây không phải mã kiểm tra SHA-256"))
                .at_opt(pos(file, path))
                .key(path.join("."))
                .found(format!("`{text}`"))
                .expected(t("64 digits 0-9 and letters a-f", "64 ký tự gồm chữ số 0-9 và chữ a-f"))
                .help(t("release records are written by `minhbach release`; restore this file from version control instead of editing it", "tệp đợt công bố do lệnh `minhbach release` ghi ra; hãy khôi phục tệp từ hệ thống quản lý phiên bản thay vì sửa tay")),
        );
    }

    /// Orders releases by their `previous:` links, reporting gaps, forks and loops.
    fn chain(&mut self, releases: Vec<Release>) -> Vec<Release> {
        if releases.is_empty() {
            return releases;
        }
        let ids: HashMap<&str, &Release> = releases.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut followers: HashMap<Option<&str>, Vec<&Release>> = HashMap::new();
        let mut problems = Vec::new();
        for r in &releases {
            match &r.previous {
                Some(p) if !ids.contains_key(p.as_str()) => problems.push(missing_previous(r, p)),
                _ => followers
                    .entry(r.previous.as_ref().map(ReleaseId::as_str))
                    .or_default()
                    .push(r),
            }
        }
        for list in followers.values().filter(|l| l.len() > 1) {
            // Every release after the first of a fork is the odd one out.
            let mut list = list.clone();
            list.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
            for r in &list[1..] {
                problems.push(fork(r, list[0]));
            }
        }
        let mut order: Vec<&Release> = Vec::new();
        let mut at: Option<&str> = None;
        while let Some(next) = followers.get(&at).and_then(|l| l.first()) {
            if order.iter().any(|r| r.id == next.id) {
                break;
            }
            if let Some(prev) = order.last()
                && next.date < prev.date
            {
                problems.push(earlier_than_previous(next, prev));
            }
            order.push(next);
            at = Some(next.id.as_str());
        }
        if problems.is_empty() && order.len() < releases.len() {
            for r in releases
                .iter()
                .filter(|r| !order.iter().any(|o| o.id == r.id))
            {
                problems.push(unreachable(r));
            }
        }
        let order: Vec<ReleaseId> = order.iter().map(|r| r.id.clone()).collect();
        let failed = !problems.is_empty();
        for d in problems {
            self.error(d);
        }
        if failed {
            return Vec::new();
        }
        let mut by_id: HashMap<ReleaseId, Release> =
            releases.into_iter().map(|r| (r.id.clone(), r)).collect();
        order.iter().filter_map(|id| by_id.remove(id)).collect()
    }
}

fn not_a_figure(file: &SourceFile, path: &[&str]) -> Diagnostic {
    Diagnostic::error(&file.path, t("this is not a finite number", "đây không phải một số hữu hạn"))
        .at_opt(pos(file, path))
        .key(path.join("."))
        .expected(t("a number, or null for a figure the commune did not report", "một số, hoặc null cho số liệu xã không báo cáo"))
        .help(t("restore this release record from version control; minhbach never writes such a value", "hãy khôi phục tệp đợt công bố từ hệ thống quản lý phiên bản; minhbach không bao giờ ghi giá trị như vậy"))
}

fn missing_previous(r: &Release, previous: &ReleaseId) -> Diagnostic {
    Diagnostic::error(&r.file, t(
        format!("this release follows release `{previous}`, whose record is missing"),
        format!("đợt công bố này tiếp sau đợt `{previous}`, nhưng không có tệp ghi của đợt đó"),
    ))
    .key("previous")
    .expected(t(format!("the file content/releases/{previous}.yaml"), format!("tệp content/releases/{previous}.yaml")))
    .help(t(
        "release records are the site's memory of what it published: restore the missing file from version control (git log -- content/releases)",
        "tệp ghi các đợt công bố là bộ nhớ của trang về những gì đã công bố: hãy khôi phục tệp bị thiếu từ hệ thống quản lý phiên bản (git log -- content/releases)",
    ))
}

fn fork(r: &Release, first: &Release) -> Diagnostic {
    let previous = r.previous.as_ref().map_or("", ReleaseId::as_str);
    let (previous_en, previous_vi) = if previous.is_empty() {
        (
            "is a first release (it has no `previous:`)".to_string(),
            "là đợt đầu tiên (không có `previous:`)".to_string(),
        )
    } else {
        (
            format!("follows release `{previous}`"),
            format!("tiếp sau đợt `{previous}`"),
        )
    };
    Diagnostic::error(&r.file, t(
        format!("this release {previous_en}, and so does release `{}`", first.id),
        format!("đợt công bố này {previous_vi}, đợt `{}` cũng vậy", first.id),
    ))
    .key("previous")
    .expected(t("one chain of releases: each follows the one before it", "một chuỗi các đợt công bố: mỗi đợt tiếp sau đợt liền trước"))
    .help(t(
        "two people probably ran `minhbach release` on different copies of the content; keep one of the two records, then run `minhbach release` again",
        "có lẽ hai người đã chạy `minhbach release` trên hai bản nội dung khác nhau; hãy giữ một trong hai tệp rồi chạy lại `minhbach release`",
    ))
}

fn earlier_than_previous(r: &Release, previous: &Release) -> Diagnostic {
    Diagnostic::error(
        &r.file,
        t(
            format!(
                "this release is dated {}, before the release it follows (`{}`, {})",
                r.date, previous.id, previous.date
            ),
            format!(
                "đợt công bố này ghi ngày {}, trước đợt liền trước (`{}`, {})",
                r.date, previous.id, previous.date
            ),
        ),
    )
    .key("date")
    .help(t(
        "restore both records from version control; dates of releases only move forward",
        "hãy khôi phục cả hai tệp từ hệ thống quản lý phiên bản; ngày công bố chỉ tăng dần",
    ))
}

fn unreachable(r: &Release) -> Diagnostic {
    Diagnostic::error(&r.file, t(
        "this release is not in the chain that starts at the first release (its `previous:` links go round in a loop)",
        "đợt công bố này không nằm trong chuỗi bắt đầu từ đợt đầu tiên (các liên kết `previous:` tạo thành vòng lặp)",
    ))
    .key("previous")
    .help(t("restore the release records from version control", "hãy khôi phục các tệp đợt công bố từ hệ thống quản lý phiên bản"))
}
