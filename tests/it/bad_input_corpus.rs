//! The bad input corpus (`tests/bad_input/`): every file is rejected with
//! `FILE:LINE: column: reason` naming the right line and column, and the
//! database is left exactly as it was.

use crate::common::*;
use std::path::Path;

/// `FILE:LINE: column: reason` lines of stderr for `file`: (line, column).
fn problems(stderr: &str, file: &str) -> Vec<(u64, String)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{file}:")))
        .filter_map(|rest| {
            let mut parts = rest.splitn(3, ": ");
            let line = parts.next()?.parse().ok()?;
            let column = parts.next()?.to_string();
            let reason = parts.next()?;
            (!reason.trim().is_empty()).then_some((line, column))
        })
        .collect()
}

fn rejects(b: &Bench, path: &Path, kind: &str, line: u64, column: &str) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let before = b.dump();
    let out = b.import(kind, path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{name} was accepted");
    assert_eq!(b.dump(), before, "{name} changed the database");
    let file = path.display().to_string();
    let found = problems(&stderr, &file);
    assert!(
        found.contains(&(line, column.to_string())),
        "{name}: expected {line}: {column}, got {found:?}\n{stderr}"
    );
    assert!(
        stderr.lines().count() < 50,
        "{name}: a flood of messages\n{stderr}"
    );
}

#[test]
fn every_file_of_the_corpus_is_rejected_at_its_line_and_changes_nothing() {
    let b = loaded();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input");
    let expected = std::fs::read_to_string(dir.join("EXPECTED")).unwrap();
    let mut n = 0;
    for l in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = l.splitn(4, ' ').collect();
        let [file, kind, line, column] = f[..] else {
            panic!("bad EXPECTED line {l:?}")
        };
        let path = dir.join(file);
        assert!(path.exists(), "{file} is listed but missing");
        rejects(&b, &path, kind, line.parse().unwrap(), column);
        n += 1;
    }
    // Every file of the folder is listed.
    let files = std::fs::read_dir(&dir).unwrap().count() - 1;
    assert_eq!(n, files, "files in tests/bad_input not listed in EXPECTED");

    // A 1 MB field (made here rather than kept in the repository).
    let huge = b.dir.path().join("jobs_huge_field.csv");
    let row = format!(
        "B111,QD01,2026-11-23 07:00,客户,13812345678,{},BCD-470WDPG,2025-05-01,不制冷,,,,王强,in",
        "长".repeat((1 << 20) / 3)
    );
    std::fs::write(&huge, format!("{JOBS_HEADER}\n{row}\n")).unwrap();
    rejects(&b, &huge, "jobs", 2, "address");
}
