//! Writing CSV for people and spreadsheets: UTF-8 with a BOM (so Excel shows
//! Chinese), formula-leading cells neutralised (OWASP CSV injection), and
//! files replaced atomically (temporary file, fsync, rename, fsync folder).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Characters that make a spreadsheet evaluate a cell.
const FORMULA_LEAD: &[char] = &['=', '+', '-', '@', '\t', '\r', '\n'];

/// A cell a spreadsheet shows as text: one that begins with a formula
/// character gets a leading `'`. A cell that already begins with `'` gets
/// one more, so that [`restore_cell`] gives back exactly the original.
pub fn neutralize_cell(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some(c) if FORMULA_LEAD.contains(&c) || c == '\'' => format!("'{value}").into(),
        _ => value.into(),
    }
}

/// The inverse of [`neutralize_cell`], for reading our own exports back.
pub fn restore_cell(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_LEAD) || rest.starts_with('\'') => rest,
        _ => value,
    }
}

/// CSV bytes: BOM, header, rows, every cell neutralised, quoting by `csv`.
pub fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.iter().map(|c| neutralize_cell(c).into_owned()))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Writes `bytes` to `path` so that `path` is never seen half-written: a
/// temporary file in the same folder, synced, renamed over, folder synced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, |f, b| f.write_all(b))
}

/// [`write_atomic`] with the write step given, so that tests can fail it.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (dir, tmp) = temporary_beside(path)?;
    let dir = dir.as_path();
    let result = (|| {
        let mut f = File::create(&tmp)?;
        write(&mut f, bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // The rename itself is durable once the folder is synced.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The folder of `path` (made if missing) and this process's temporary
/// name for it there (`.NAME.PID.tmp`), what a killed write of the same
/// name left removed first. A bare file name (`--out anchors.json`) has the
/// parent "": the current folder.
fn temporary_beside(path: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(dir, &name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    Ok((dir.to_path_buf(), tmp))
}

/// Removes the temporary files of `name` that an earlier write killed
/// half-way left in `dir` (`.NAME.PID.tmp` of a process no longer
/// running): a command's temporary files are its own, and the next write
/// of the same file clears what a killed one left.
fn remove_stale_temps(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|f| f.strip_suffix(".tmp"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a process of that id is running (so its temporary file is
/// still being written).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    false
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    crate::domain::signing::hex(&sha2::Sha256::digest(bytes))
}

/// A file written as it is made to a temporary name beside its final one
/// (as [`write_atomic`] names it), its SHA-256 computed over the bytes as
/// they go, and put in place by [`Staged::commit`] (synced, renamed over,
/// folder synced). Dropped before that, the temporary file is removed: the
/// final name never shows a file half-written.
pub struct Staged {
    path: PathBuf,
    dir: PathBuf,
    tmp: PathBuf,
    file: Option<std::io::BufWriter<File>>,
    hash: sha2::Sha256,
}

impl Staged {
    pub fn create(path: &Path) -> std::io::Result<Staged> {
        use sha2::Digest;
        let (dir, tmp) = temporary_beside(path)?;
        let file = File::create(&tmp)?;
        Ok(Staged {
            path: path.to_path_buf(),
            dir,
            tmp,
            file: Some(std::io::BufWriter::with_capacity(1 << 16, file)),
            hash: sha2::Sha256::new(),
        })
    }

    /// The temporary file, to read back what was written.
    pub fn temporary(&self) -> &Path {
        &self.tmp
    }

    /// Writes out and syncs what was written; its SHA-256 (hex).
    pub fn finish(&mut self) -> std::io::Result<String> {
        use sha2::Digest;
        if let Some(f) = self.file.as_mut() {
            f.flush()?;
            f.get_ref().sync_all()?;
        }
        Ok(crate::domain::signing::hex(&self.hash.clone().finalize()))
    }

    /// Puts the file in place under its final name.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.finish()?;
        self.file = None;
        fs::rename(&self.tmp, &self.path)?;
        // Renamed: nothing left for `drop` to remove.
        self.tmp = PathBuf::new();
        File::open(&self.dir)?.sync_all()
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let f = self
            .file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("written after commit"))?;
        let n = f.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        self.file = None;
        if !self.tmp.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// A CSV writer of [`csv_bytes`]' kind (BOM, CRLF, header), onto `out`.
pub fn csv_writer<W: Write>(mut out: W, header: &[&str]) -> Result<csv::Writer<W>, csv::Error> {
    out.write_all(BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header)?;
    Ok(w)
}

/// One row as [`csv_bytes`] writes it (every cell neutralised).
pub fn write_csv_row<W: Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    row: impl IntoIterator<Item = S>,
) -> Result<(), csv::Error> {
    w.write_record(
        row.into_iter()
            .map(|c| neutralize_cell(c.as_ref()).into_owned()),
    )
}

/// The rows of a CSV file of [`csv_bytes`]' kind, each cell as it was
/// before it was neutralised, given to `f` one at a time.
pub fn each_csv_row(
    path: &Path,
    f: &mut dyn FnMut(&[String]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut file = std::io::BufReader::new(File::open(path)?);
    let mut bom = [0u8; 3];
    std::io::Read::read_exact(&mut file, &mut bom)?;
    if bom != BOM {
        return Err(std::io::Error::other("not a report CSV (no BOM)"));
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(file);
    let mut record = csv::StringRecord::new();
    let mut row: Vec<String> = Vec::new();
    while r.read_record(&mut record)? {
        row.clear();
        row.extend(record.iter().map(|c| restore_cell(c).to_string()));
        f(&row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_lead_is_neutralised_and_restored() {
        for v in [
            "=1+1", "+86 138", "-5", "@SUM(A1)", "\tx", "\rx", "\nx", "'=x", "'plain",
        ] {
            let n = neutralize_cell(v);
            assert!(n.starts_with('\''), "{v:?}");
            assert_eq!(restore_cell(&n), v);
        }
        for v in ["张三", "13812345678", "", "a=b", "KFR-35GW"] {
            assert_eq!(neutralize_cell(v), v);
            assert_eq!(restore_cell(v), v);
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_quotes_commas() {
        let b = csv_bytes(&["a", "b"], &[vec!["张三".into(), "x,y".into()]]).unwrap();
        assert!(b.starts_with(BOM));
        assert_eq!(
            String::from_utf8(b[3..].to_vec()).unwrap(),
            "a,b\r\n张三,\"x,y\"\r\n"
        );
    }

    /// The hash taken as the file is written is the SHA-256 of the file
    /// that lands under the final name, and the rows read back are the
    /// rows written, each cell as it was.
    #[test]
    fn a_staged_file_is_hashed_as_written_and_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("QD01").join("QD01_2026-11-23.csv");
        let rows: Vec<Vec<String>> = (0..5000)
            .map(|i| {
                vec![
                    format!("J{i}"),
                    "=1+1".into(),
                    "x,y \"q\"".into(),
                    "张三".into(),
                    String::new(),
                ]
            })
            .collect();
        let header = ["a", "b", "c", "d", "e"];
        let mut staged = Staged::create(&path).unwrap();
        let mut w = csv_writer(&mut staged, &header).unwrap();
        for r in &rows {
            write_csv_row(&mut w, r).unwrap();
        }
        w.flush().unwrap();
        drop(w);
        let sha = staged.finish().unwrap();
        let mut back = Vec::new();
        each_csv_row(staged.temporary(), &mut |r| {
            back.push(r.to_vec());
            Ok(())
        })
        .unwrap();
        assert_eq!(back, rows);
        assert!(!path.exists(), "in place before the commit");
        staged.commit().unwrap();
        let written = fs::read(&path).unwrap();
        assert_eq!(written, csv_bytes(&header, &rows).unwrap());
        assert_eq!(sha, sha256_hex(&written));
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
        // Dropped without a commit: nothing left, the old file kept.
        let mut again = Staged::create(&path).unwrap();
        again.write_all(b"half").unwrap();
        drop(again);
        assert_eq!(fs::read(&path).unwrap(), written);
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_no_file_under_the_final_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        let err = write_atomic_with(&path, b"0123456789", |f, b| {
            f.write_all(&b[..4])?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert!(!path.exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            0,
            "temporary file left"
        );
        // An earlier report stays whole when a later write fails.
        write_atomic(&path, b"first").unwrap();
        let _ = write_atomic_with(&path, b"second", |_, _| Err(std::io::Error::other("boom")));
        assert_eq!(fs::read(&path).unwrap(), b"first");
    }

    #[test]
    fn the_next_write_removes_what_a_killed_write_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("QD01_2026-11-23.csv");
        // A pid no process has (above Linux's pid_max) and a live one.
        let dead = dir.path().join(".QD01_2026-11-23.csv.4194999.tmp");
        let other = dir.path().join(".QD02_2026-11-23.csv.4194999.tmp");
        fs::write(&dead, vec![b'x'; 4 << 20]).unwrap();
        fs::write(&other, b"x").unwrap();
        write_atomic(&path, b"report").unwrap();
        assert!(!dead.exists(), "a killed export's temporary file stays");
        assert!(other.exists(), "another file's temporary file removed");
        assert_eq!(fs::read(&path).unwrap(), b"report");
    }
}
