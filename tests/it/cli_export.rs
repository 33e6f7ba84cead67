//! `export daily`: the report file, its manifest and their guarantees.

use crate::common::*;

fn read_csv(path: &std::path::Path) -> (Vec<u8>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let rows = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (bytes, rows)
}

#[test]
fn the_daily_report_has_the_spec_columns_chinese_text_and_a_matching_manifest() {
    let b = loaded();
    let out = b.dir.path().join("out");
    b.cmd(
        "2026-11-23T17:30:00+08:00",
        &["export", "daily", "--out", out.to_str().unwrap()],
    )
    .assert()
    .success();
    let csv_path = out.join("QD01/QD01_2026-11-23.csv");
    let (bytes, rows) = read_csv(&csv_path);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let header = &rows[0];
    for col in [
        "report_date",
        "branch",
        "job_no",
        "engineer",
        "customer",
        "phone",
        "product_model",
        "warranty",
        "status",
        "outcome",
        "callback_kind",
        "callback_due",
        "callback_result",
        "card_state",
        "discrepancies",
        "charge",
        "receipt_no",
    ] {
        assert!(header.contains(&col.to_string()), "{col} missing");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let jobs: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r[col("job_no")].as_str())
        .collect();
    // J006 is tomorrow's and untouched today, but still open (to verify).
    assert_eq!(
        jobs,
        [
            "J001", "J002", "J003", "J004", "J005", "J006", "J007", "J008"
        ]
    );
    let touched: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r[col("touched")].as_str())
        .collect();
    assert_eq!(
        touched,
        ["yes", "yes", "yes", "yes", "yes", "no", "yes", "yes"]
    );
    // Received yesterday 16:40 and not visited: past its on-site promise
    // (received + 24 h) at 17:30, and to verify.
    assert_eq!(rows[6][col("open_items")], "response_overdue;to_verify");
    let j002 = &rows[2];
    assert_eq!(j002[col("customer")], "李四");
    assert_eq!(j002[col("callback_kind")], "2h");
    assert_eq!(j002[col("callback_due")], "2026-11-23T13:00:00+08:00");
    assert_eq!(rows[5][col("charge")], "150");

    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("QD01/QD01_2026-11-23.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(m["branch"], "QD01");
    assert_eq!(m["date"], "2026-11-23");
    assert_eq!(m["generation"], 1);
    assert_eq!(m["rows"], 8);
    assert_eq!(m["generated_at"], "2026-11-23T17:30:00+08:00");
    assert_eq!(m["history"], serde_json::json!([]));
    assert_eq!(m["schema"], 4);
    assert_eq!(
        m["reconciled_at"],
        serde_json::Value::Null,
        "not reconciled"
    );
    assert_eq!(m["cutoff_at"], "2026-11-23T17:00:00+08:00");
    assert_eq!(m["sha256"], branchdesk::io::export::sha256_hex(&bytes));

    // Again later: the next generation, with the first one's time in history.
    b.cmd(
        "2026-11-23T18:10:00+08:00",
        &["export", "daily", "--out", out.to_str().unwrap()],
    )
    .assert()
    .success();
    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("QD01/QD01_2026-11-23.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(m["generation"], 2);
    assert_eq!(
        m["history"],
        serde_json::json!(["2026-11-23T17:30:00+08:00"])
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.join("QD01"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn formula_leading_cells_are_neutralised_in_every_column() {
    let b = Bench::new();
    // Import trims blanks, so tab/CR/LF leads cannot come in this way; the
    // exporter's unit tests cover them.
    let evil = ["=1+1", "+86 138 1234 5678", "-2", "@SUM(A1)"];
    let mut rows = String::new();
    for (i, e) in evil.iter().enumerate() {
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        rows += &format!(
            "F{i},QD01,,{c},{p},addr,{m},2025-01-01,fault,,2026-11-23 09:00,,{eng},in\n",
            c = q(e),
            p = q(e),
            m = q(e),
            eng = q(e)
        );
    }
    let p = b.file("evil.csv", &format!("{JOBS_HEADER}\n{rows}"));
    let out = b.import("jobs", &p);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = b.dir.path().join("out");
    b.cmd(NOW, &["export", "daily", "--out", dir.to_str().unwrap()])
        .assert()
        .success();
    let (_, table) = read_csv(&dir.join("QD01/QD01_2026-11-23.csv"));
    let mut checked = 0;
    for row in &table[1..] {
        for cell in row {
            if let Some(first) = cell.chars().next() {
                assert!(
                    !"=+-@\t\r\n".contains(first),
                    "cell {cell:?} would be evaluated"
                );
            }
            if cell.starts_with('\'') {
                checked += 1;
                let back = branchdesk::io::export::restore_cell(cell);
                assert!(evil.contains(&back), "{back:?}");
            }
        }
    }
    // customer, phone, product_model and engineer of each of the five rows.
    assert_eq!(checked, evil.len() * 4);
}

#[test]
fn a_database_without_a_branch_cannot_export() {
    let b = Bench::new();
    let out = b
        .cmd(
            NOW,
            &["export", "daily", "--out", b.dir.path().to_str().unwrap()],
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no branch"));
}

#[test]
fn branch_codes_that_would_leave_the_folder_are_refused() {
    use branchdesk::desk::export::report_paths;
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for bad in ["../x", "a/b", "..", "", "a b", "x\\y", "/abs"] {
        assert!(
            report_paths(std::path::Path::new("exports"), bad, d).is_err(),
            "{bad:?}"
        );
    }
    let (csv, manifest) = report_paths(std::path::Path::new("exports"), "青岛-01", d).unwrap();
    assert_eq!(
        csv,
        std::path::Path::new("exports/青岛-01/青岛-01_2026-11-23.csv")
    );
    assert!(manifest.ends_with("青岛-01_2026-11-23.manifest.json"));
}

/// `--out` relative to where the clerk stands: the files are named whole,
/// so that they can be found from anywhere.
#[test]
fn export_daily_names_the_files_it_wrote_by_their_whole_path() {
    let b = loaded();
    let run = b
        .cmd(
            "2026-11-23T17:30:00+08:00",
            &["export", "daily", "--out", "rel"],
        )
        .current_dir(b.dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let whole = b.dir.path().join("rel/QD01/QD01_2026-11-23.csv");
    assert!(whole.exists());
    assert!(stdout.starts_with(whole.to_str().unwrap()), "{stdout}");
}

#[test]
fn the_next_export_of_the_day_removes_what_an_export_killed_half_way_left() {
    let b = loaded();
    let out = b.dir.path().join("out");
    let folder = out.join("QD01");
    std::fs::create_dir_all(&folder).unwrap();
    // The id of a process that has ended: what a killed export leaves is
    // named by its process id.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let left: Vec<_> = ["csv", "manifest.json", "xlsx"]
        .iter()
        .map(|ext| folder.join(format!(".QD01_2026-11-23.{ext}.{pid}.tmp")))
        .collect();
    for f in &left {
        std::fs::write(f, vec![b'x'; 4 << 20]).unwrap();
    }
    b.cmd(
        "2026-11-23T17:30:00+08:00",
        &["export", "daily", "--out", out.to_str().unwrap()],
    )
    .assert()
    .success();
    for f in &left {
        assert!(!f.exists(), "{} left for good", f.display());
    }
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

/// The day an owed invoice is handed over, its job is in that day's report
/// as touched, with nothing owed: the center sees it delivered rather than
/// seeing it vanish from the list of what is owed.
#[test]
fn an_invoice_delivered_later_shows_in_that_days_report_as_delivered() {
    let b = loaded();
    let later = "2026-11-25T10:00:00+08:00";
    b.cmd(later, &["deliver-invoice", "J005"])
        .assert()
        .success();
    let out = b.dir.path().join("out");
    b.cmd(
        "2026-11-25T17:30:00+08:00",
        &["export", "daily", "--out", out.to_str().unwrap()],
    )
    .assert()
    .success();
    let (_, rows) = read_csv(&out.join("QD01/QD01_2026-11-25.csv"));
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[col("job_no")] == "J005")
        .expect("J005 in the report of the day its invoice was delivered");
    assert_eq!(row[col("touched")], "yes");
    assert_eq!(row[col("invoice_owed")], "no");
}
