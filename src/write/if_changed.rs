//! [`IfChanged`]: a writer that writes a new file only where it differs from the old one.

use std::io::{self, Write};
use std::path::PathBuf;

/// A writer that compares what it is given with an existing file and starts a new file (with
/// the equal part copied from the old one) only at the first difference.
pub(super) struct IfChanged {
    /// The old file, while everything so far equals it.
    pub(super) old: Option<io::BufReader<std::fs::File>>,
    /// Bytes found equal so far.
    pub(super) offset: u64,
    pub(super) old_path: PathBuf,
    pub(super) new_path: PathBuf,
    pub(super) new: Option<io::BufWriter<std::fs::File>>,
    pub(super) scratch: Vec<u8>,
}

impl IfChanged {
    /// Starts the new file with the part of the old one found equal.
    fn diverge(&mut self) -> io::Result<&mut io::BufWriter<std::fs::File>> {
        if self.new.is_none() {
            self.old = None;
            if let Some(parent) = self.new_path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut new = std::fs::File::create(&self.new_path)?;
            // From file to file, so the kernel copies it (copy_file_range) without reading it.
            io::copy(
                &mut io::Read::take(std::fs::File::open(&self.old_path)?, self.offset),
                &mut new,
            )?;
            self.new = Some(io::BufWriter::with_capacity(1 << 20, new));
        }
        match &mut self.new {
            Some(new) => Ok(new),
            None => Err(io::Error::other("no file to write")),
        }
    }

    /// `None` when the old file is exactly what was written; else the new file's length.
    pub(super) fn finish(&mut self) -> io::Result<Option<u64>> {
        if let Some(old) = &mut self.old {
            let mut byte = [0u8; 1];
            if io::Read::read(old, &mut byte)? == 0 {
                return Ok(None);
            }
        }
        self.diverge()?.flush()?;
        match self.new.take() {
            Some(new) => {
                let file = new.into_inner().map_err(io::IntoInnerError::into_error)?;
                Ok(Some(file.metadata()?.len()))
            }
            None => Err(io::Error::other("no file written")),
        }
    }
}

impl Write for IfChanged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(old) = &mut self.old {
            self.scratch.resize(buf.len(), 0);
            let mut got = 0;
            while got < buf.len() {
                match io::Read::read(old, &mut self.scratch[got..])? {
                    0 => break,
                    n => got += n,
                }
            }
            if got == buf.len() && self.scratch[..got] == *buf {
                self.offset += got as u64;
                return Ok(buf.len());
            }
        }
        self.diverge()?.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.new {
            Some(new) => new.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streams `parts` over a file holding `old`: `(kept, bytes of the target afterwards)`.
    fn overwrite(old: &[u8], parts: &[&[u8]]) -> (bool, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let (old_path, new_path) = (dir.path().join("old"), dir.path().join("sub/new"));
        std::fs::write(&old_path, old).unwrap();
        let mut w = IfChanged {
            old: Some(io::BufReader::new(std::fs::File::open(&old_path).unwrap())),
            offset: 0,
            old_path: old_path.clone(),
            new_path: new_path.clone(),
            new: None,
            scratch: Vec::new(),
        };
        for part in parts {
            w.write_all(part).unwrap();
        }
        match w.finish().unwrap() {
            None => {
                assert!(!new_path.exists());
                (true, std::fs::read(&old_path).unwrap())
            }
            Some(len) => {
                let bytes = std::fs::read(&new_path).unwrap();
                assert_eq!(len, bytes.len() as u64);
                (false, bytes)
            }
        }
    }

    #[test]
    fn a_streamed_file_is_written_only_when_it_differs() {
        assert_eq!(
            overwrite(b"abcdef", &[b"abc", b"def"]),
            (true, b"abcdef".to_vec())
        );
        assert_eq!(overwrite(b"", &[]), (true, b"".to_vec()));
        assert_eq!(
            overwrite(b"abcdef", &[b"abc", b"dXf"]),
            (false, b"abcdXf".to_vec())
        );
        assert_eq!(overwrite(b"abcdef", &[b"abc"]), (false, b"abc".to_vec()));
        assert_eq!(
            overwrite(b"abc", &[b"abc", b"def"]),
            (false, b"abcdef".to_vec())
        );
        assert_eq!(
            overwrite(b"abc", &[b"xbc", b"d"]),
            (false, b"xbcd".to_vec())
        );
    }
}
