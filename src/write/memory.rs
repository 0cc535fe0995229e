//! [`MemorySink`]: a sink that keeps the files in memory (tests, benchmarks).

use super::safety::check_rel;
use crate::render::Sink;
use std::collections::BTreeMap;
use std::io;
use std::sync::Mutex;

/// Keeps files in memory (tests, benchmarks).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files written so far, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        check_rel(rel)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }

    fn size(&self, rel: &str) -> Option<u64> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.get(rel).map(|f| f.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_leaving_the_output() {
        let sink = MemorySink::default();
        assert!(sink.write("../x", b"").is_err());
        assert!(sink.write("/etc/x", b"").is_err());
        assert!(sink.write("a/./b", b"").is_ok());
        assert!(sink.write("data/observations.csv", b"x").is_ok());
    }
}
