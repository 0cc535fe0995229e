//! The floor of a build, for `bench/run.sh` (issue 6): the least work any generator of this site
//! must do on this machine.
//!
//! ```sh
//! cargo run --release --example floor -- CONTENT OUTDIR BYTES FILES
//! ```
//!
//! 1. lists every file of CONTENT in sorted order (walkdir), like the real loader;
//! 2. reads and parses every YAML file (`.yaml`, and the front matter of `.md` files) with
//!    serde_yaml into a generic value, in parallel (rayon), like the real loader;
//! 3. writes FILES files holding BYTES bytes in all under OUTDIR, in parallel, one folder per
//!    input folder (so the output tree is as deep and wide as the content tree), each file filled
//!    with the text of the input it stands for.
//!
//! No validation, no model, no templates, no charts: what is left is reading, parsing and
//! writing the same bytes. It prints one line: `floor: N inputs (M MB) parsed in X s; wrote F
//! files (B MB) in Y s`. OUTDIR must not exist (the benchmark removes it before each run).

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;
use walkdir::WalkDir;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out, bytes, files] = args.as_slice() else {
        eprintln!("usage: floor CONTENT OUTDIR BYTES FILES");
        std::process::exit(2);
    };
    let (Ok(total_bytes), Ok(total_files)) = (bytes.parse::<u64>(), files.parse::<u64>()) else {
        eprintln!("floor: BYTES and FILES must be whole numbers");
        std::process::exit(2);
    };
    let content = Path::new(content);
    let out = Path::new(out);
    if out.exists() {
        eprintln!("floor: {} exists; remove it first", out.display());
        std::process::exit(2);
    }

    let started = Instant::now();
    let inputs: Vec<PathBuf> = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let parsed: Vec<(PathBuf, String)> = inputs
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let yaml = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => Some(text.as_str()),
                Some("md") => front_matter(&text),
                _ => None,
            };
            if let Some(yaml) = yaml {
                let value: serde_yaml::Value = serde_yaml::from_str(yaml)
                    .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
                std::hint::black_box(&value);
            }
            let rel = path.strip_prefix(content).unwrap_or(path).to_path_buf();
            (rel, text)
        })
        .collect();
    let read_secs = started.elapsed().as_secs_f64();
    let read_bytes: usize = parsed.iter().map(|(_, t)| t.len()).sum();
    if parsed.is_empty() {
        eprintln!("floor: {} holds no file", content.display());
        std::process::exit(2);
    }

    // Output file i stands for input i mod N and goes into that input's folder.
    let write_started = Instant::now();
    let n = parsed.len() as u64;
    let mut folders: Vec<PathBuf> = parsed
        .iter()
        .map(|(rel, _)| out.join(rel.parent().unwrap_or(Path::new(""))))
        .collect();
    folders.push(out.to_path_buf());
    folders.sort();
    folders.dedup();
    folders
        .par_iter()
        .for_each(|dir| std::fs::create_dir_all(dir).expect("create output folder"));
    let per_file = total_bytes / total_files.max(1);
    let extra = total_bytes % total_files.max(1);
    (0..total_files).into_par_iter().for_each(|i| {
        let size = per_file + u64::from(i < extra);
        let (rel, text) = &parsed[(i % n) as usize];
        let name = format!(
            "{}.{i}.out",
            rel.file_name().and_then(|s| s.to_str()).unwrap_or("file")
        );
        let path = out.join(rel.parent().unwrap_or(Path::new(""))).join(name);
        let body = fill(text.as_bytes(), size as usize);
        std::fs::write(&path, body)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    });
    let write_secs = write_started.elapsed().as_secs_f64();
    println!(
        "floor: {} inputs ({:.1} MB) parsed in {read_secs:.2} s; wrote {total_files} files ({:.1} MB) in {write_secs:.2} s",
        parsed.len(),
        read_bytes as f64 / 1e6,
        total_bytes as f64 / 1e6,
    );
}

/// The YAML between the `---` lines that open a Markdown file, if any.
fn front_matter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    Some(&rest[..end + 1])
}

/// `size` bytes: `text` repeated (or spaces when it is empty).
fn fill(text: &[u8], size: usize) -> Vec<u8> {
    if text.is_empty() {
        return vec![b' '; size];
    }
    let mut out = Vec::with_capacity(size);
    while out.len() < size {
        let take = (size - out.len()).min(text.len());
        out.extend_from_slice(&text[..take]);
    }
    out
}
