//! What every file import shares: the header checked, rows parsed with
//! their line, a rejected file with every problem, the audit summary. The
//! imports themselves sit with their subject (`jobs`, `visits`, `cards`,
//! `callbacks`): all or nothing per file.

use super::{DeskError, Result};
use crate::domain::job::Job;
use crate::io::records::describe_difference;
use crate::io::{Problem, read_table};
use crate::store::jobs;
use rusqlite::Connection;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub added: usize,
    pub unchanged: usize,
    /// Re-visits opened by cards marked `unsatisfied`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revisits: Vec<String>,
    /// Header cells that are no column of the file, ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored_columns: Vec<String>,
}

/// The file's header against its columns: a misspelt column refuses the
/// file; the other unknown cells are ignored and come back to be named.
pub(crate) fn header_of(file: &str, bytes: &[u8], known: &[&str]) -> Result<Vec<String>> {
    let (ignored, problems) = crate::io::header_cells(bytes, known);
    if problems.is_empty() {
        Ok(ignored)
    } else {
        Err(rejected(file, problems).naming(&ignored))
    }
}

impl super::Desk {
    /// An import of `file`: its header checked first (near misses refused),
    /// then `read` given the header's unknown cells, which a refusal names
    /// too (each import refuses from several places).
    pub(crate) fn with_header<T>(
        &mut self,
        file: &str,
        bytes: &[u8],
        known: &[&str],
        read: impl FnOnce(&mut super::Desk, &[String]) -> Result<T>,
    ) -> Result<T> {
        let ignored = header_of(file, bytes, known)?;
        read(self, &ignored).map_err(|e| e.naming(&ignored))
    }
}

impl DeskError {
    /// A rejected file's error, naming the header's unknown cells (each
    /// import refuses from several places; its header is read first).
    pub(crate) fn naming(self, columns: &[String]) -> DeskError {
        match self {
            DeskError::Rejected {
                file,
                problems,
                ignored,
            } if ignored.is_empty() => DeskError::Rejected {
                file,
                problems,
                ignored: columns.to_vec(),
            },
            e => e,
        }
    }
}

/// A row of a jobs file as parsed, with its line.
pub(super) type ParsedJob = (u64, std::result::Result<Job, Vec<Problem>>);

/// Rows parsed per batch handed from the reading thread to the writing one.
pub(super) const PARSE_BATCH: usize = 1024;

pub(super) fn rejected(file: &str, mut problems: Vec<Problem>) -> DeskError {
    problems.sort_by_key(|p| p.line);
    DeskError::Rejected {
        file: file.to_string(),
        problems,
        ignored: Vec::new(),
    }
}

/// Rows that parsed, with their line, and the problems of the others.
pub(super) type Parsed<T> = (Vec<(u64, T)>, Vec<Problem>);

/// Parses every row: the good ones with their line, and every problem of
/// the others (which are then still checked against the database, so that
/// one run names every bad line). A file that is not a table at all is
/// rejected at once.
pub(super) fn parse_all<T>(
    file: &str,
    bytes: &[u8],
    required: &[&str],
    parse: impl Fn(&crate::io::Table, &crate::io::Row) -> Result<T, Vec<Problem>>,
) -> Result<Parsed<T>> {
    let table = read_table(bytes, required).map_err(|p| rejected(file, p))?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for row in &table.rows {
        match parse(&table, row) {
            Ok(v) => out.push((row.line, v)),
            Err(p) => problems.extend(p),
        }
    }
    Ok((out, problems))
}

/// The audit summary of an import.
pub(super) fn imported(file: &str, s: &ImportSummary) -> String {
    let mut text = format!(
        "{file}: {} rows, {} added, {} already there",
        s.rows, s.added, s.unchanged
    );
    if !s.revisits.is_empty() {
        text += &format!("; re-visits opened: {}", s.revisits.join(", "));
    }
    text
}

pub(super) fn at_line(mut p: Problem, line: u64) -> Problem {
    p.line = line;
    p
}

/// A row whose job must already be in the database.
pub(super) fn known_job(
    c: &Connection,
    job_no: &str,
    line: u64,
    problems: &mut Vec<Problem>,
) -> Result<Option<jobs::JobRow>> {
    let job = jobs::by_no(c, job_no)?;
    if job.is_none() {
        problems.push(Problem::new(
            line,
            "job_no",
            format!("unknown job {job_no:?}: import its job first"),
        ));
    }
    Ok(job)
}

/// The same identity again: unchanged if equal, else a problem naming the
/// first difference with both values.
pub(super) fn compare(
    diffs: &[(&'static str, String, String)],
    what: &str,
    line: u64,
    summary: &mut ImportSummary,
    problems: &mut Vec<Problem>,
) {
    if diffs.is_empty() {
        summary.unchanged += 1;
    } else {
        problems.push(at_line(describe_difference(diffs, what), line));
    }
}

#[cfg(test)]
mod tests {
    use crate::desk::Desk;
    use crate::domain::time::testing::{t, zone};
    use crate::store::Store;

    /// The schema's text and every index's content (`integrity_check`
    /// compares each index with its table).
    fn schema_and_integrity(d: &Desk) -> (Vec<String>, String) {
        let c = d.store.conn();
        let mut st = c
            .prepare("SELECT name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
            .unwrap();
        let schema = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let ok = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        (schema, ok)
    }

    /// A first load of many jobs makes the indexes it grows once after its
    /// rows: the schema is then the migrations' to the letter, each index
    /// holds every row it should, and the lists are still read through
    /// them. A file refused at its last row leaves the schema as it was.
    #[test]
    fn a_first_large_load_makes_its_indexes_after_its_rows_exactly_as_before() {
        let mut file = crate::io::records::JOB_COLUMNS.join(",") + "\n";
        for i in 0..9_000 {
            let appt = match i % 3 {
                0 => String::new(),
                _ => format!("2026-11-{:02} 09:00", 1 + i % 28),
            };
            file += &format!(
                "L{i:06},QD01,2026-10-01 08:00,甲,1381234{:04},青岛市崂山区海尔路1号,M{},2025-01-01,不制冷,,{appt},,王强,in\n",
                i % 5_000,
                i % 7
            );
        }
        assert!(
            file.len() > super::super::jobs::DEFER_INDEXES_BYTES,
            "{}",
            file.len()
        );
        let new_desk = || {
            let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
            d.zone = zone();
            d
        };
        let fresh = schema_and_integrity(&new_desk());
        // Refused at its last row: nothing of it, the indexes as they were.
        let mut d = new_desk();
        let bad = format!("{file}BAD,QD01,not a time,甲,13812345678,地址,M,,故障,,,,王强,in\n");
        assert!(
            d.import_jobs("bad.csv", bad.as_bytes(), t("2026-11-23 09:00"))
                .is_err()
        );
        assert_eq!(d.job_count().unwrap(), 0);
        assert_eq!(schema_and_integrity(&d), fresh);
        // Accepted: the same schema, every index whole.
        let s = d
            .import_jobs("big.csv", file.as_bytes(), t("2026-11-23 09:00"))
            .unwrap();
        assert_eq!(s.added, 9_000);
        let (schema, ok) = schema_and_integrity(&d);
        assert_eq!(schema, fresh.0);
        assert_eq!(ok, "ok");
        let c = d.store.conn();
        let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM jobs INDEXED BY jobs_appt WHERE appt_start > 0"),
            6_000
        );
        assert_eq!(
            count(
                "SELECT count(*) FROM jobs INDEXED BY jobs_phone_model
                 WHERE phone = '13812340007' AND product_model = 'M0' AND phone <> ''"
            ),
            1
        );
        // A second large file into jobs already there grows them row by row.
        let more = file.replace("\nL", "\nM");
        let s = d
            .import_jobs("more.csv", more.as_bytes(), t("2026-11-23 10:00"))
            .unwrap();
        assert_eq!(s.added, 9_000);
        assert_eq!(schema_and_integrity(&d), (fresh.0, "ok".to_string()));
    }

    /// A write that fails half-way through a large file (here the database
    /// may not grow) ends the import with the error, the reading thread
    /// stopped, instead of waiting for it forever; nothing of it stays.
    #[test]
    fn a_write_that_fails_mid_import_ends_it_with_the_error() {
        let mut file = crate::io::records::JOB_COLUMNS.join(",") + "\n";
        for i in 0..20_000 {
            file += &format!("F{i:06},QD01,,甲,13812345678,地址,M,2025-01-01,故障,,,,王强,in\n");
        }
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
            d.zone = zone();
            crate::store::testing::limit_growth(d.store.conn(), 50);
            let got = d.import_jobs("big.csv", file.as_bytes(), t("2026-11-23 09:00"));
            let left = d.job_count().unwrap();
            let _ = done.send((got.map(|s| s.added), left));
        });
        let (got, left) = result
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the import did not end");
        let err = got.expect_err("the import went through a database that may not grow");
        assert!(err.to_string().contains("full"), "{err}");
        assert_eq!(left, 0);
    }
}
