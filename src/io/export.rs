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
    // A bare file name (`--out anchors.json`) has the parent "": the
    // current folder.
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
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
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
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
