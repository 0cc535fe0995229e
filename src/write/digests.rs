//! [`Digests`]: a sink that keeps only the size and SHA-256 of each file.

use super::safety::check_rel;
use crate::render::Sink;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

/// A sink that keeps nothing but the size and SHA-256 of each file: what a release records
/// of the data files, without writing gigabytes of them twice.
#[derive(Default)]
pub struct Digests {
    files: Mutex<BTreeMap<String, (u64, String)>>,
}

impl Digests {
    /// Size and SHA-256 (lowercase hexadecimal) of every file, by path.
    pub fn into_files(self) -> BTreeMap<String, (u64, String)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn note(&self, rel: &str, bytes: u64, hash: sha2::Sha256) {
        use sha2::Digest as _;
        let hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_string(), (bytes, hex));
    }
}

/// Counts and hashes what is written through it.
struct HashingWriter {
    hash: sha2::Sha256,
    bytes: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        use sha2::Digest as _;
        self.hash.update(buf);
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink for Digests {
    fn size(&self, rel: &str) -> Option<u64> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.get(rel).map(|(bytes, _)| *bytes)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.stream(rel, &mut |out| out.write_all(bytes))
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        check_rel(rel)?;
        use sha2::Digest as _;
        let mut w = HashingWriter {
            hash: sha2::Sha256::new(),
            bytes: 0,
        };
        fill(&mut w)?;
        self.note(rel, w.bytes, w.hash);
        Ok(())
    }

    fn reuse(&self, rel: &str, from: &Path, _len: u64) -> io::Result<()> {
        let mut file = std::fs::File::open(from)?;
        self.stream(rel, &mut |out| io::copy(&mut file, out).map(|_| ()))
    }
}
