//! Input files opened without waiting: a FIFO, a device or a folder named
//! where a file is expected is refused in one line ("not a regular
//! file"), never read (a FIFO would wait forever for a writer).

use std::path::Path;

/// Opens a regular file without waiting on a FIFO (opened non-blocking,
/// and checked to be a regular file before anything is read); with
/// `follow_links` false, a link is not followed (the center's reports).
pub fn open_no_wait(
    path: &Path,
    follow_links: bool,
) -> std::result::Result<(std::fs::File, std::fs::Metadata), String> {
    open(path, follow_links).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidInput => e.to_string(),
        _ => format!("cannot read: {e}"),
    })
}

/// [`open_no_wait`] with the system's error as it is (a file that is not
/// regular is an `InvalidInput` error, "not a regular file").
fn open(path: &Path, follow_links: bool) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow_links { 0 } else { libc::O_NOFOLLOW };
        opts.custom_flags(nofollow | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    let _ = follow_links;
    let f = opts.open(path)?;
    let meta = f.metadata()?;
    if !meta.file_type().is_file() {
        return Err(not_regular());
    }
    Ok((f, meta))
}

fn not_regular() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file")
}

/// Reads a regular file of at most `limit` bytes without following a link
/// and without waiting on a FIFO (it is opened non-blocking and checked to
/// be a regular file before anything is read).
pub fn read_regular(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let (f, meta) = open_no_wait(path, false)?;
    if meta.len() > limit {
        return Err(format!(
            "{} bytes, more than the {limit} a file of this kind can have",
            meta.len()
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "more than the {limit} bytes a file of this kind can have"
        ));
    }
    Ok(bytes)
}

/// A file given to an import (`import jobs FILE` …): read whole when it is
/// a regular file (a link to one is followed); a FIFO, a device or a
/// folder is refused at once, "not a regular file", without a read that
/// would wait. The system's own errors (no such file …) come back as they
/// are.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let (mut f, meta) = open(path, true)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A FIFO (which would wait forever for a writer), a folder and a
    /// device are refused at once; a regular file and a link to one read.
    #[test]
    fn only_a_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f.csv");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        for p in [fifo.as_path(), dir.path(), Path::new("/dev/null")] {
            let e = read_input(p).unwrap_err();
            assert_eq!(e.to_string(), "not a regular file", "{}", p.display());
            assert_eq!(
                read_regular(p, 10).unwrap_err(),
                "not a regular file",
                "{}",
                p.display()
            );
        }
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "job_no\n").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(read_input(&file).unwrap(), b"job_no\n");
        assert_eq!(read_input(&link).unwrap(), b"job_no\n");
        // The center's reader follows no link.
        assert!(read_regular(&link, 100).is_err());
        assert_eq!(
            read_input(&dir.path().join("none.csv")).unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
    }
}
