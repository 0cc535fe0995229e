//! The checks that refuse unsafe output: paths leaving the output folder, and output folders
//! that are, hold or sit inside the sources, or hold files minhbach did not write ([`MARKER`]).

use crate::base::diagnostics::{Text, t};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Refuses paths that could leave the output folder.
pub(super) fn check_rel(rel: &str) -> io::Result<()> {
    let ok = !rel.is_empty()
        && !rel.starts_with('/')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel}"),
        ))
    }
}

/// Name of the file that marks a folder as minhbach output (so a build never replaces a folder
/// of someone else's files).
pub const MARKER: &str = ".minhbach-output";

/// True when `target` holds files that a build of minhbach did not write: it is not empty, has
/// no [`MARKER`] and does not look like an earlier minhbach site.
pub fn foreign_folder(target: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(target) else {
        return target.exists();
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let ours = |n: &str| names.iter().any(|x| x == n);
    let only_dotfiles = names.iter().all(|n| n.starts_with('.'));
    // Sites built before the marker existed have these three files at the top.
    let earlier_site = ours("index.html") && ours("404.html") && ours("sitemap.xml");
    !(only_dotfiles || ours(MARKER) || earlier_site)
}

/// Why an output folder is refused: it must not be, contain or sit inside a `protected`
/// folder (content, themes), nor be or contain a `parent` folder (the working folder, the
/// repository, the home folder).
pub fn unsafe_output(
    output: &Path,
    protected: &[(&str, &Path)],
    parents: &[(&str, &Path)],
) -> Option<Text> {
    let out = absolute(output);
    let shown = output.display();
    for (what, dir) in parents {
        let dir = absolute(dir);
        if dir.starts_with(&out) {
            let d = dir.display();
            return Some(t(
                format!("the output folder {shown} would replace the {what} folder {d}"),
                format!(
                    "thư mục đầu ra {shown} sẽ thay thế thư mục {} {d}",
                    vi_folder(what)
                ),
            ));
        }
    }
    for (what, dir) in protected {
        let dir = absolute(dir);
        if out == dir || out.starts_with(&dir) || dir.starts_with(&out) {
            let d = dir.display();
            return Some(t(
                format!("the output folder {shown} would overwrite the {what} folder {d}"),
                format!(
                    "thư mục đầu ra {shown} sẽ ghi đè lên thư mục {} {d}",
                    vi_folder(what)
                ),
            ));
        }
    }
    if out.parent().is_none() {
        return Some(t(
            "the output folder is the root of the file system",
            "thư mục đầu ra là thư mục gốc của hệ thống tệp",
        ));
    }
    if out.is_file() {
        return Some(t(
            format!("the output {shown} is a file, not a folder"),
            format!("đầu ra {shown} là một tệp, không phải thư mục"),
        ));
    }
    if foreign_folder(&out) {
        return Some(t(
            format!(
                "the output folder {shown} holds files that minhbach did not write; a build replaces the whole folder"
            ),
            format!(
                "thư mục đầu ra {shown} chứa các tệp không do minhbach tạo ra; mỗi lần dựng sẽ thay toàn bộ thư mục"
            ),
        ));
    }
    None
}

/// The Vietnamese name of a protected folder.
fn vi_folder(what: &str) -> &'static str {
    match what {
        "content" => "nội dung",
        "themes" => "giao diện",
        "repository" => "kho mã (repository)",
        "home" => "nhà (home)",
        _ => "hiện tại",
    }
}

/// An absolute, normalised path (resolving symlinks for the part that exists).
fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(name) = existing.file_name().map(|n| n.to_os_string()) else {
            break;
        };
        rest.push(name);
        if !existing.pop() {
            break;
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_of_other_files_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("Documents");
        std::fs::create_dir_all(&docs).unwrap();
        assert!(unsafe_output(&docs, &[], &[]).is_none());
        std::fs::write(docs.join("thesis.docx"), "mine").unwrap();
        let why = unsafe_output(&docs, &[], &[]).unwrap();
        assert!(why.contains("did not write"), "{why}");
        std::fs::write(docs.join(MARKER), "").unwrap();
        assert!(unsafe_output(&docs, &[], &[]).is_none());
        let earlier = dir.path().join("public");
        std::fs::create_dir_all(earlier.join("data")).unwrap();
        for f in ["index.html", "404.html", "sitemap.xml"] {
            std::fs::write(earlier.join(f), "").unwrap();
        }
        assert!(unsafe_output(&earlier, &[], &[]).is_none());
        assert!(
            unsafe_output(&docs.join(MARKER), &[], &[])
                .unwrap()
                .contains("is a file")
        );
    }

    #[test]
    fn refuses_outputs_over_sources() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let site = [("site", dir.path())];
        assert!(unsafe_output(&content, &[("content", &content)], &site).is_some());
        assert!(unsafe_output(&content.join("x"), &[("content", &content)], &site).is_some());
        assert!(unsafe_output(dir.path(), &[("content", &content)], &[]).is_some());
        assert!(unsafe_output(dir.path(), &[], &site).is_some());
        assert!(
            unsafe_output(&dir.path().join("public"), &[("content", &content)], &site).is_none()
        );
    }
}
