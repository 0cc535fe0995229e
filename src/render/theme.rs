//! The theme: templates, interface strings and static files. The default theme is embedded
//! in the binary; any file of the same name in `themes/<theme>/` overrides it.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// Default theme files, by path inside the theme folder.
const DEFAULT_FILES: &[(&str, &str)] = embedded!(
    "templates/base.html",
    "templates/macros.html",
    "templates/cell.html",
    "templates/overview.html",
    "templates/province.html",
    "templates/commune.html",
    "templates/indicator.html",
    "templates/indicator-province.html",
    "templates/indicators.html",
    "templates/report.html",
    "templates/page.html",
    "templates/downloads.html",
    "templates/communes.html",
    "templates/releases.html",
    "templates/release.html",
    "templates/404.html",
    "i18n/vi.yaml",
    "i18n/en.yaml",
    "static/assets/style.css",
    "static/assets/site.js",
    "static/assets/search.js",
);

/// Names of the templates a theme provides.
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "macros.html",
    "cell.html",
    "overview.html",
    "province.html",
    "commune.html",
    "indicator.html",
    "indicator-province.html",
    "indicators.html",
    "report.html",
    "page.html",
    "downloads.html",
    "communes.html",
    "releases.html",
    "release.html",
    "404.html",
];

/// A loaded theme.
pub struct Theme {
    /// Template sources by name.
    pub templates: BTreeMap<String, String>,
    /// Interface strings by language, then key.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Static files by output path.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// A hash of everything in the theme, for the incremental build's keys.
    pub fn key(&self) -> crate::render::Key {
        let mut h = blake3::Hasher::new();
        let mut add = |kind: &str, name: &str, bytes: &[u8]| {
            h.update(kind.as_bytes());
            h.update(&[0]);
            h.update(name.as_bytes());
            h.update(&[0]);
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        for (name, src) in &self.templates {
            add("template", name, src.as_bytes());
        }
        for (lang, strings) in &self.strings {
            for (key, text) in strings {
                add(lang, key, text.as_bytes());
            }
        }
        for (path, bytes) in &self.statics {
            add("static", path, bytes);
        }
        *h.finalize().as_bytes()
    }
}

impl Theme {
    /// True when template `name` is the default theme's, word for word (embedded, or a copy).
    pub fn is_default(&self, name: &str) -> bool {
        self.templates.get(name).map(String::as_str) == embedded_file(&format!("templates/{name}"))
    }
}

fn embedded_file(path: &str) -> Option<&'static str> {
    DEFAULT_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, s)| *s)
}

fn theme_error(path: &Path, what: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{}: {what}", path.display()))
}

impl Theme {
    /// Loads theme `name` from `themes`, falling back to the embedded default theme file by file.
    pub fn load(themes: &Path, name: &str, languages: &[String]) -> io::Result<Theme> {
        let dir = themes.join(name);
        let read = |rel: &str| -> io::Result<Option<String>> {
            let path = dir.join(rel);
            refuse_links(themes, &path)?;
            if path.is_file() {
                std::fs::read_to_string(&path)
                    .map(Some)
                    .map_err(|e| theme_error(&path, e))
            } else {
                Ok(embedded_file(rel).map(str::to_owned))
            }
        };
        let mut templates = BTreeMap::new();
        for name in TEMPLATES {
            if let Some(src) = read(&format!("templates/{name}"))? {
                templates.insert(name.to_string(), src);
            }
        }
        let mut strings = BTreeMap::new();
        let fallback: BTreeMap<String, String> =
            serde_yaml::from_str(embedded_file("i18n/en.yaml").unwrap_or_default())
                .map_err(|e| theme_error(Path::new("i18n/en.yaml"), e))?;
        for lang in languages {
            let mut map = match embedded_file(&format!("i18n/{lang}.yaml")) {
                Some(src) => {
                    serde_yaml::from_str(src).map_err(|e| theme_error(Path::new(lang), e))?
                }
                None => fallback.clone(),
            };
            let path = dir.join(format!("i18n/{lang}.yaml"));
            refuse_links(themes, &path)?;
            if path.is_file() {
                let text = std::fs::read_to_string(&path).map_err(|e| theme_error(&path, e))?;
                let own: BTreeMap<String, String> =
                    serde_yaml::from_str(&text).map_err(|e| theme_error(&path, e))?;
                map.extend(own);
            }
            // A key the language lacks falls back to English, so that a page never breaks
            // (the default theme's `vi.yaml` has every key: a test holds it to that). Not a
            // singular form (`…_one`): a language without it has no singular to speak of, and
            // its plural string is the right one (Vietnamese "1 chỉ tiêu", not "1 indicator").
            for (k, v) in &fallback {
                if !k.ends_with("_one") {
                    map.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            strings.insert(lang.clone(), map);
        }
        let statics = load_statics(&dir.join("static"))?;
        Ok(Theme {
            templates,
            strings,
            statics,
        })
    }
}

/// Refuses `path` when it, or a folder between `themes` and it, is a symbolic link: a theme
/// must not make the build read files from elsewhere on the machine.
fn refuse_links(themes: &Path, path: &Path) -> io::Result<()> {
    let mut at = path;
    while at.starts_with(themes) && at != themes {
        if std::fs::symlink_metadata(at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(theme_error(at, "symbolic links are not followed in themes"));
        }
        let Some(parent) = at.parent() else { break };
        at = parent;
    }
    Ok(())
}

fn load_statics(dir: &Path) -> io::Result<BTreeMap<String, Vec<u8>>> {
    let mut out: BTreeMap<String, Vec<u8>> = DEFAULT_FILES
        .iter()
        .filter_map(|(p, s)| {
            p.strip_prefix("static/")
                .map(|rel| (rel.to_string(), s.as_bytes().to_vec()))
        })
        .collect();
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(theme_error(
            dir,
            "symbolic links are not followed in themes",
        ));
    }
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| theme_error(dir, e))?;
        if entry.path_is_symlink() {
            return Err(theme_error(
                entry.path(),
                "symbolic links are not followed in themes",
            ));
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel: PathBuf = entry
            .path()
            .strip_prefix(dir)
            .map_err(|e| theme_error(entry.path(), e))?
            .to_path_buf();
        let rel = rel
            .iter()
            .map(|s| s.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.insert(rel, std::fs::read(entry.path())?);
    }
    Ok(out)
}
