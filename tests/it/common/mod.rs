//! Helpers shared by the integration tests: run the real binary on a
//! temporary database with a fixed clock and zone.
#![allow(dead_code)]

#[cfg(unix)]
pub mod pty;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const NOW: &str = "2026-11-23T14:00:00+08:00";
/// The fixture's day after its callbacks are due.
pub const LATER: &str = "2026-11-23T17:40:00+08:00";

pub struct Bench {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Bench {
    pub fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("branch.db");
        Bench { dir, db }
    }

    /// `branchdesk --db DB --now NOW ARGS…`, local time Asia/Shanghai.
    pub fn cmd(&self, now: &str, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("branchdesk").unwrap();
        c.env("TZ", "Asia/Shanghai")
            .env_remove("BRANCHDESK_DB")
            .env_remove("BRANCHDESK_NOW")
            // Signing keys in the test's folder, never the real home.
            .env("BRANCHDESK_KEYS", self.keys())
            .arg("--db")
            .arg(&self.db)
            .arg("--now")
            .arg(now)
            .arg("--operator")
            .arg("tester")
            .args(args);
        c
    }

    /// The folder of this bench's signing keys (`BRANCHDESK_KEYS`).
    pub fn keys(&self) -> PathBuf {
        self.dir.path().join("keys")
    }

    /// Changes a manifest and signs it again with this bench's key of
    /// `branch`: what a branch holding its key could write.
    pub fn rewrite_manifest(
        &self,
        path: &Path,
        branch: &str,
        f: impl FnOnce(&mut serde_json::Value),
    ) {
        let mut m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        f(&mut m);
        let key = branchdesk::io::keys::KeyRing::Dir(self.keys())
            .get_or_create(branch)
            .unwrap();
        branchdesk::domain::signing::sign(&mut m, &key.key);
        std::fs::write(path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    }

    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    pub fn import(&self, what: &str, path: &Path) -> std::process::Output {
        self.cmd(NOW, &["import", what, path.to_str().unwrap()])
            .output()
            .unwrap()
    }

    /// An import at another time than [`NOW`] (visit and card times more
    /// than 5 minutes after now are refused).
    pub fn import_at(&self, now: &str, what: &str, path: &Path) -> std::process::Output {
        self.cmd(now, &["import", what, path.to_str().unwrap()])
            .output()
            .unwrap()
    }

    pub fn json(&self, now: &str, args: &[&str]) -> serde_json::Value {
        let out = self.cmd(now, args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Every row of every table, in a stable order: "the database as it is".
    /// Runs a command that must succeed; its stdout.
    pub fn ok(&self, now: &str, args: &[&str]) -> String {
        let out = self.cmd(now, args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must be refused; its stderr, after checking that
    /// the database is exactly as it was.
    pub fn refused(&self, now: &str, args: &[&str]) -> String {
        let before = self.dump();
        let out = self.cmd(now, args).output().unwrap();
        assert!(!out.status.success(), "{args:?} was accepted");
        assert_eq!(self.dump(), before, "{args:?} changed the database");
        String::from_utf8(out.stderr).unwrap()
    }

    /// The export folder of this bench.
    pub fn exports(&self) -> PathBuf {
        self.dir.path().join("exports")
    }

    /// `export daily --out DIR` (today's report).
    pub fn export_daily(&self, now: &str, dir: &Path) -> std::process::Output {
        self.cmd(now, &["export", "daily", "--out", dir.to_str().unwrap()])
            .output()
            .unwrap()
    }

    /// `export daily --date DATE --out DIR`, which must succeed.
    pub fn export_day(&self, now: &str, dir: &Path, date: &str) {
        stdout_of(
            self.cmd(
                now,
                &[
                    "export",
                    "daily",
                    "--date",
                    date,
                    "--out",
                    dir.to_str().unwrap(),
                ],
            )
            .output()
            .unwrap(),
        );
    }

    /// A new center's database that imported the reports under `dir` at
    /// `now` (which must succeed).
    pub fn center_of(now: &str, dir: &Path) -> Bench {
        let c = Bench::new();
        stdout_of(c.center_import(now, dir));
        c
    }

    /// `center status --date DATE --json` on this (center's) database.
    pub fn center_status(&self, now: &str, date: &str) -> serde_json::Value {
        self.json(now, &["center", "status", "--date", date, "--json"])
    }

    /// The one value of a query on this database.
    pub fn sql<T: rusqlite::types::FromSql>(&self, q: &str) -> T {
        rusqlite::Connection::open(&self.db)
            .unwrap()
            .query_row(q, [], |r| r.get(0))
            .unwrap()
    }

    /// `center import DIR` on this (center's) database.
    pub fn center_import(&self, now: &str, dir: &Path) -> std::process::Output {
        self.cmd(now, &["center", "import", dir.to_str().unwrap()])
            .output()
            .unwrap()
    }

    pub fn dump(&self) -> Vec<String> {
        let c = rusqlite::Connection::open(&self.db).unwrap();
        let tables: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut out = Vec::new();
        for t in tables {
            let mut st = c.prepare(&format!("SELECT * FROM {t} ORDER BY 1")).unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    let mut s = format!("{t}:");
                    for i in 0..n {
                        s += &format!("{:?}|", r.get_ref(i).unwrap());
                    }
                    Ok(s)
                })
                .unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        out.push(format!("user_version={v}"));
        out
    }
}

pub const JOBS_HEADER: &str = "job_no,branch,received_at,customer,phone,address,product_model,purchase_date,fault,requirement,appointment_start,appointment_end,engineer,warranty";

/// Eight jobs of branch QD01 on 2026-11-23 (BOM, CRLF, Chinese text).
pub fn jobs_csv() -> String {
    let rows = [
        "J001,QD01,2026-11-22 16:00,张三,13812345678,青岛市崂山区海尔路1号,BCD-470WDPG,2024-05-01,冰箱不制冷,,2026-11-23 09:00,2026-11-23 11:00,王强,in",
        "J002,QD01,2026-11-22 16:05,李四,0532-88889999,青岛市市南区香港中路8号,XQG100-HBD14126L,2023-03-15,不脱水,电话指导,2026-11-23 10:00,2026-11-23 12:00,李明,in",
        "J003,QD01,2026-11-22 16:10,王五,13912345678,青岛市市北区辽阳西路3号,KFR-35GW/81@U1-Ge,2025-06-01,不制热,,2026-11-23 11:00,2026-11-23 12:00,李明,in",
        "J004,QD01,2026-11-22 16:20,赵六,15012345678,青岛市李沧区银川东路5号,ES60H-GD5(5U1),2022-08-08,不加热,,2026-11-23 09:00,2026-11-23 09:40,王强,in",
        "J005,QD01,2026-11-22 16:30,钱七,18612345678,\"青岛市黄岛区长江路9号,2单元\",BCD-216STPT,2019-01-01,压缩机异响,,2026-11-23 13:00,2026-11-23 14:00,张伟,out",
        "J006,QD01,2026-11-22 16:40,孙八,12345,,EG10014B39GU1,2021-09-09,异响,,2026-11-24 09:00,2026-11-24 10:00,张伟,in",
        "J007,QD01,2026-11-22 16:50,周九,17712345678,青岛市城阳区正阳路7号,KFR-72LW/A1,2020-07-07,外机漏水,,2026-11-23 08:00,2026-11-23 09:00,刘洋,in",
        "J008,QD01,2026-11-22 17:00,吴十,13312345678,青岛市崂山区松岭路2号,BCD-520WICTU1,2024-12-12,不制冷,,2026-11-23 10:00,2026-11-23 12:00,王强,in",
    ];
    format!("\u{feff}{JOBS_HEADER}\r\n{}\r\n", rows.join("\r\n"))
}

pub const VISITS_HEADER: &str = "job_no,engineer,arrived_at,finished_at,outcome,charge,receipt_no,invoice_owed,return_due,new_appointment_start,new_appointment_end,note";

pub fn visits_csv() -> String {
    let rows = [
        "J001,王强,2026-11-23 09:30,2026-11-23 10:30,fixed,,,,,,,",
        "J002,李明,,2026-11-23 11:00,consulted,,,,,,,电话指导",
        "J003,李明,2026-11-23 11:30,2026-11-23 12:30,fixed_untested,,,,,,,",
        "J004,王强,2026-11-23 10:00,2026-11-23 10:45,unsure,,,,,,,",
        "J005,张伟,2026-11-23 13:05,2026-11-23 13:50,fixed,150,R-001,yes,,,,",
        "J007,刘洋,2026-11-23 08:10,2026-11-23 08:50,pulled,,,,2026-11-25,,,拉修，留周转机",
    ];
    format!("{VISITS_HEADER}\n{}\n", rows.join("\n"))
}

pub const CARDS_HEADER: &str =
    "job_no,returned_at,satisfaction,signed_by,warranty_record,charge,receipt_no";

pub fn cards_csv() -> String {
    let rows = [
        "J001,2026-11-23 13:00,satisfied,customer,yes,,",
        "J003,2026-11-23 13:30,,none,yes,,",
        "J005,2026-11-23 13:55,satisfied,engineer,no,200,R-001",
    ];
    format!("{CARDS_HEADER}\n{}\n", rows.join("\n"))
}

/// A database with the three files imported.
pub fn loaded() -> Bench {
    loaded_as("QD01")
}

/// [`loaded`], the jobs under branch code `code`.
pub fn loaded_as(code: &str) -> Bench {
    let b = Bench::new();
    for (what, content) in [
        ("jobs", jobs_csv().replace(",QD01,", &format!(",{code},"))),
        ("visits", visits_csv()),
        ("cards", cards_csv()),
    ] {
        let p = b.file(&format!("{what}.csv"), &content);
        let out = b.import(what, &p);
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    b
}

pub fn job_nos(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["job_no"].as_str().unwrap().to_string())
        .collect()
}

/// The stdout of a command that must have succeeded.
/// A command line written as one string (`"callback J003 --result
/// satisfied"`): its words, for arguments that hold no space.
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

pub fn stdout_of(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The SHA-256 of bytes, as a manifest writes it.
pub fn sha256(bytes: &[u8]) -> String {
    branchdesk::io::export::sha256_hex(bytes)
}

/// The entry of `job` in a list of `status --json`.
pub fn find<'a>(list: &'a serde_json::Value, job: &str) -> Option<&'a serde_json::Value> {
    list.as_array().unwrap().iter().find(|v| v["job_no"] == job)
}

/// A branch-day's report under an export folder: its CSV and manifest.
pub fn report_files(dir: &Path, branch: &str, date: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{branch}/{branch}_{date}.csv")),
        dir.join(format!("{branch}/{branch}_{date}.manifest.json")),
    )
}

pub fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// A report's rows as (job_no → column → cell).
pub type Rows = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;

/// A branch-day's report under an export folder: its rows and manifest.
pub fn report(dir: &Path, branch: &str, date: &str) -> (Rows, serde_json::Value) {
    let (csv, manifest) = report_files(dir, branch, date);
    (report_rows(&csv), read_json(&manifest))
}

/// The rows of a report's CSV (its BOM skipped).
pub fn report_rows(csv: &Path) -> Rows {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = r.headers().unwrap().clone();
    r.records()
        .map(Result::unwrap)
        .map(|rec| {
            let m: std::collections::BTreeMap<String, String> = header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (m["job_no"].clone(), m)
        })
        .collect()
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
