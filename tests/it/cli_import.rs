//! Imports are all or nothing: a bad file is rejected whole with every bad
//! line named, and the database is left exactly as it was.

use crate::common::*;

/// Imports `content` and expects a rejection that leaves the database
/// unchanged (rows and file bytes); returns stderr.
fn rejected(b: &Bench, what: &str, name: &str, content: &[u8]) -> String {
    let path = b.dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let rows_before = b.dump();
    let bytes_before = std::fs::read(&b.db).unwrap();
    let out = b.import(what, &path);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "{name} was accepted");
    assert_eq!(b.dump(), rows_before, "{name} changed the rows");
    assert_eq!(
        std::fs::read(&b.db).unwrap(),
        bytes_before,
        "{name} changed the file"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    stderr
}

/// The `FILE:LINE: column: …` lines of stderr.
fn problem_lines(stderr: &str, file: &str) -> Vec<(u64, String)> {
    stderr
        .lines()
        .filter_map(|l| l.split_once(&format!("{file}:")).map(|(_, rest)| rest))
        .filter_map(|rest| {
            let mut parts = rest.splitn(3, ": ");
            let line = parts.next()?.parse().ok()?;
            Some((line, parts.next()?.to_string()))
        })
        .collect()
}

#[test]
fn every_bad_line_of_a_jobs_file_is_reported_and_nothing_applied() {
    let b = loaded();
    let content = format!(
        "{JOBS_HEADER}\n\
         N001,QD01,,甲,13812345678,地址,M,2026-02-30,故障,,,,王强,in\n\
         N002,QD01,,乙,13812345678,地址,M,2025-01-01,故障,,,,王强,maybe\n\
         N003,QD01,,丙,13812345678,地址,M,2025-01-01,故障,,2026-11-23 10:00,2026-11-23 09:00,王强,in\n\
         N004,QD01,yesterday,丁,13812345678,地址,M,2025-01-01,故障,,,,王强,in\n\
         ,QD01,,戊,13812345678,地址,M,2025-01-01,故障,,,,王强,in\n\
         N006,QD01,,己,13812345678,地址,M,2025-01-01,故障,,,,王强,in\n"
    );
    let err = rejected(&b, "jobs", "bad_jobs.csv", content.as_bytes());
    let lines = problem_lines(&err, "bad_jobs.csv");
    assert_eq!(
        lines,
        [
            (2, "purchase_date".to_string()),
            (3, "warranty".to_string()),
            (4, "appointment_end".to_string()),
            (5, "received_at".to_string()),
            (6, "job_no".to_string()),
        ],
        "{err}"
    );
    assert!(err.contains("2026-02-30"), "{err}");
    assert!(err.contains("maybe"), "{err}");
}

#[test]
fn a_job_number_again_with_other_content_names_both_values() {
    let b = loaded();
    let changed = jobs_csv().replace(
        "J001,QD01,2026-11-22 16:00,张三",
        "J001,QD01,2026-11-22 16:00,张叁",
    );
    let err = rejected(&b, "jobs", "changed.csv", changed.as_bytes());
    assert!(err.contains("changed.csv:2: customer:"), "{err}");
    assert!(err.contains("张三") && err.contains("张叁"), "{err}");

    // The same within one file.
    let dup = format!("{JOBS_HEADER}\nN1,QD01,,甲,,,,,,,,,,\nN1,QD01,,乙,,,,,,,,,,\n");
    let err = rejected(&b, "jobs", "dup.csv", dup.as_bytes());
    assert!(
        err.contains("dup.csv:3: customer:") && err.contains("line 2"),
        "{err}"
    );

    // A job already imported, twice in a new file: the second row is
    // compared with the first.
    let j001 = jobs_csv().lines().nth(1).unwrap().to_string();
    let again = format!(
        "{JOBS_HEADER}\n{j001}\nN2,QD01,,丙,,,,,,,,,,\n{}\n",
        j001.replace("张三", "张叁")
    );
    let err = rejected(&b, "jobs", "again.csv", again.as_bytes());
    assert!(
        err.contains("again.csv:4: customer:") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn importing_the_same_files_again_changes_nothing() {
    let b = loaded();
    let before = b.dump();
    for (what, content) in [
        ("jobs", jobs_csv()),
        ("visits", visits_csv()),
        ("cards", cards_csv()),
    ] {
        let p = b.file(&format!("again_{what}.csv"), &content);
        let out = b.import(what, &p);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains(" 0 added"));
    }
    assert_eq!(b.dump(), before);
}

#[test]
fn a_job_of_another_branch_is_rejected() {
    let b = loaded();
    let other =
        format!("{JOBS_HEADER}\nX1,QD02,,甲,13812345678,地址,M,2025-01-01,故障,,,,王强,in\n");
    let err = rejected(&b, "jobs", "other.csv", other.as_bytes());
    assert!(
        err.contains("other.csv:2: branch:") && err.contains("QD01") && err.contains("QD02"),
        "{err}"
    );
}

#[test]
fn a_first_file_with_two_branches_fixes_nothing() {
    let b = Bench::new();
    b.cmd(NOW, &["status"]).assert().success(); // creates the empty database
    let two = format!(
        "{JOBS_HEADER}\nA1,QD01,,甲,,,,,,,,,,\nA2,QD02,,乙,,,,,,,,,,\nA3,../../etc,,丙,,,,,,,,,,\n"
    );
    let err = rejected(&b, "jobs", "two.csv", two.as_bytes());
    let lines = problem_lines(&err, "two.csv");
    assert_eq!(
        lines.iter().map(|l| l.0).collect::<Vec<_>>(),
        [3, 4],
        "{err}"
    );
    b.cmd(NOW, &["config", "branch"]).assert().failure();
}

#[test]
fn bad_visits_are_each_reported() {
    let b = loaded();
    let content = format!(
        "{VISITS_HEADER}\n\
         J008,王强,2026-11-23 10:00,2026-11-23 11:00,repaired,,,,,,,\n\
         J008,王强,2026-11-23 10:00,2026-11-23 11:00,fixed,abc,,,,,,\n\
         J008,王强,2026-11-23 10:00,2026-11-23 11:00,fixed,-50,,,,,,\n\
         NOPE,王强,2026-11-23 10:00,2026-11-23 11:00,fixed,,,,,,,\n\
         J008,王强,2026-11-23 12:00,2026-11-23 11:00,fixed,,,,,,,\n\
         J008,王强,,,fixed,,,,,,,\n\
         J008,王强,2026-11-23 10:00,,fixed,,,perhaps,,,,\n"
    );
    let err = rejected(&b, "visits", "bad_visits.csv", content.as_bytes());
    let lines = problem_lines(&err, "bad_visits.csv");
    assert_eq!(
        lines,
        [
            (2, "outcome".to_string()),
            (3, "charge".to_string()),
            (4, "charge".to_string()),
            (5, "job_no".to_string()),
            (6, "finished_at".to_string()),
            (7, "arrived_at".to_string()),
            (8, "invoice_owed".to_string()),
        ],
        "{err}"
    );
    assert!(err.contains("negative"), "{err}");
}

#[test]
fn a_visit_again_with_other_content_is_rejected() {
    let b = loaded();
    let changed = visits_csv().replace(
        "J001,王强,2026-11-23 09:30,2026-11-23 10:30,fixed",
        "J001,王强,2026-11-23 09:30,2026-11-23 10:30,unsure",
    );
    let err = rejected(&b, "visits", "changed_visits.csv", changed.as_bytes());
    assert!(
        err.contains("changed_visits.csv:2: outcome:") && err.contains("unsure"),
        "{err}"
    );
}

#[test]
fn bad_cards_are_each_reported() {
    let b = loaded();
    let content = format!(
        "{CARDS_HEADER}\n\
         J002,2026-11-23 13:00,happy,customer,yes,,\n\
         J004,2026-11-23 13:00,satisfied,neighbour,yes,,\n\
         J007,2026-11-23 13:00,satisfied,customer,maybe,,\n\
         J008,2026-11-23 13:00,satisfied,customer,yes,¥abc,\n\
         J001,2026-11-23 13:00,satisfied,family,yes,,\n"
    );
    let err = rejected(&b, "cards", "bad_cards.csv", content.as_bytes());
    let lines = problem_lines(&err, "bad_cards.csv");
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.0, l.1.as_str()))
            .collect::<Vec<_>>(),
        [
            (2, "satisfaction"),
            (3, "signed_by"),
            (4, "warranty_record"),
            (5, "charge"),
            (6, "signed_by")
        ],
        "{err}"
    );
}

#[test]
fn broken_files_are_rejected_with_line_and_reason() {
    let b = loaded();
    // Empty, header only, missing required column.
    let e = rejected(&b, "jobs", "empty.csv", b"");
    assert!(e.contains("empty.csv:1:"), "{e}");
    let e = rejected(
        &b,
        "jobs",
        "header.csv",
        format!("{JOBS_HEADER}\n").as_bytes(),
    );
    assert!(
        e.contains("header.csv:2:") && e.contains("no data rows"),
        "{e}"
    );
    let e = rejected(&b, "jobs", "nobranch.csv", b"job_no,customer\nJ9,x\n");
    assert!(e.contains("nobranch.csv:1: branch:"), "{e}");
    // Unequal columns, a NUL byte, GBK instead of UTF-8, a huge field.
    let e = rejected(
        &b,
        "jobs",
        "short.csv",
        format!("{JOBS_HEADER}\nJ9,QD01,\n").as_bytes(),
    );
    assert!(e.contains("short.csv:2: record:"), "{e}");
    let e = rejected(
        &b,
        "cards",
        "nul.csv",
        format!("{CARDS_HEADER}\nJ001\0,,,,,,\n").as_bytes(),
    );
    assert!(
        e.contains("nul.csv:2: job_no: contains the control character U+0000 (NUL)"),
        "{e}"
    );
    let mut gbk = format!("{CARDS_HEADER}\nJ001,,,").into_bytes();
    gbk.extend([0xD5, 0xC5, 0xC8, 0xFD]); // 张三 in GBK
    gbk.extend(b",,,\n");
    let e = rejected(&b, "cards", "gbk.csv", &gbk);
    assert!(e.contains("gbk.csv:2: signed_by: not valid UTF-8"), "{e}");
    let huge = format!("{CARDS_HEADER}\nJ001,,,,,,{}\n", "9".repeat(100_000));
    let e = rejected(&b, "cards", "huge.csv", huge.as_bytes());
    assert!(e.contains("huge.csv:2: receipt_no:"), "{e}");
}

#[test]
fn a_database_from_a_newer_branchdesk_is_refused_untouched() {
    let b = Bench::new();
    {
        let c = rusqlite::Connection::open(&b.db).unwrap();
        c.execute_batch("PRAGMA user_version = 999;").unwrap();
    }
    let before = std::fs::read(&b.db).unwrap();
    let out = b.cmd(NOW, &["status"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("newer"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(&b.db).unwrap(), before);
}

/// A file of several thousand rows is read on a second thread in batches:
/// problems far apart (in different batches, one after the last full
/// batch) are all named, with their lines, and nothing is applied; the
/// same file without them goes in whole.
#[test]
fn problems_in_a_large_jobs_file_are_named_across_its_batches() {
    let b = loaded();
    let row = |i: usize, warranty: &str| {
        format!("BIG{i:05},QD01,,甲,13812345678,地址,M,2025-01-01,故障,,,,王强,{warranty}\n")
    };
    let mut bad = format!("{JOBS_HEADER}\n");
    let mut good = bad.clone();
    for i in 0..5000 {
        // Lines 2 + i: bad ones on lines 12, 2602 and 5001.
        let warranty = if [10, 2600, 4999].contains(&i) {
            "maybe"
        } else {
            "in"
        };
        bad += &row(i, warranty);
        good += &row(i, "in");
    }
    let err = rejected(&b, "jobs", "big_jobs.csv", bad.as_bytes());
    let lines = problem_lines(&err, "big_jobs.csv");
    assert_eq!(
        lines,
        [
            (12, "warranty".to_string()),
            (2602, "warranty".to_string()),
            (5001, "warranty".to_string()),
        ],
        "{err}"
    );
    let path = b.dir.path().join("big_good.csv");
    std::fs::write(&path, good).unwrap();
    let out = b.import("jobs", &path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("5000 rows, 5000 added"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_misspelt_column_is_refused_and_another_unknown_one_is_named_once_and_ignored() {
    let b = loaded();
    let before = b.dump();
    let cards = b.file(
        "typo.csv",
        "job_no,returned_at,satisfaction,signed by,warranty_record\nJ008,2026-11-23 13:40,satisfied,customer,yes\n",
    );
    let out = b.import("cards", &cards);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!(
            "{}:1: signed by: not a column (did you mean signed_by?)",
            cards.display()
        )),
        "{err}"
    );
    assert_eq!(b.dump(), before);
    let cards = b.file(
        "extra_column.csv",
        "job_no,returned_at,satisfaction,signed_by,warranty_record,remark\nJ008,2026-11-23 13:40,satisfied,customer,yes,x\nJ006,2026-11-23 13:41,satisfied,customer,yes,y\n",
    );
    let out = b.import("cards", &cards);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("remark").count(), 1, "{err}");
    assert!(
        err.contains("remark: not a column of this file: ignored"),
        "{err}"
    );
}

/// A cards file without the customer's marks (`quality`, `attitude`: the
/// columns before them) again after one with them says nothing of the
/// marks: the same cards, unchanged; a mark it does give is compared.
#[test]
fn a_cards_file_without_the_marks_again_is_the_same_cards() {
    let b = Bench::new();
    for (what, content) in [("jobs", jobs_csv()), ("visits", visits_csv())] {
        let out = b.import(what, &b.file(&format!("{what}.csv"), &content));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let marked = b.file(
        "marked.csv",
        &format!(
            "{CARDS_HEADER},quality,attitude\nJ001,2026-11-23 13:00,satisfied,customer,yes,,,satisfied,neutral\n"
        ),
    );
    assert!(b.import("cards", &marked).status.success());
    let before = b.dump();
    let plain = b.file(
        "plain.csv",
        &format!("{CARDS_HEADER}\nJ001,2026-11-23 13:00,satisfied,customer,yes,,\n"),
    );
    let out = b.import("cards", &plain);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(b.dump(), before);
    let other = b.file(
        "other.csv",
        &format!(
            "{CARDS_HEADER},quality\nJ001,2026-11-23 13:00,satisfied,customer,yes,,,unsatisfied\n"
        ),
    );
    let err = String::from_utf8_lossy(&b.import("cards", &other).stderr).to_string();
    assert!(err.contains("quality"), "{err}");
}

/// SPEC, *third round*: only the exact name is the column. A header cell
/// that differs from one by case or blanks is refused with the column
/// meant, in every import (jobs, visits, cards, callbacks, fees), and the
/// file's other unknown columns are still named once.
#[test]
fn a_header_cell_differing_from_a_column_by_case_or_blanks_is_refused_in_every_import() {
    let b = loaded();
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "jobs",
            "Job_No",
            "job_no",
            "Job_No,branch,received_at,engineer,warranty,remark\nJ900,QD01,2026-11-23 09:00,王强,in,x\n",
        ),
        (
            "jobs",
            "JOB_NO",
            "job_no",
            "JOB_NO,branch,received_at,engineer,warranty,remark\nJ900,QD01,2026-11-23 09:00,王强,in,x\n",
        ),
        (
            "jobs",
            "\" job_no\"",
            "job_no",
            " job_no,branch,received_at,engineer,warranty,remark\nJ900,QD01,2026-11-23 09:00,王强,in,x\n",
        ),
        (
            "jobs",
            "\"job_no \"",
            "job_no",
            "job_no ,branch,received_at,engineer,warranty,remark\nJ900,QD01,2026-11-23 09:00,王强,in,x\n",
        ),
        (
            "jobs",
            "Engineer",
            "engineer",
            "job_no,branch,received_at,Engineer,warranty,remark\nJ900,QD01,2026-11-23 09:00,王强,in,x\n",
        ),
        (
            "jobs",
            "WARRANTY",
            "warranty",
            "job_no,branch,received_at,engineer,WARRANTY,remark\nJ900,QD01,2026-11-23 09:00,王强,in,x\n",
        ),
        (
            "visits",
            "Arrived_At",
            "arrived_at",
            "job_no,engineer,Arrived_At,finished_at,outcome,remark\nJ008,王强,2026-11-23 10:10,2026-11-23 11:00,fixed,x\n",
        ),
        (
            "cards",
            "Signed_By",
            "signed_by",
            "job_no,returned_at,satisfaction,Signed_By,warranty_record,remark\nJ008,2026-11-23 13:40,satisfied,customer,yes,x\n",
        ),
        (
            "callbacks",
            "JOB_NO",
            "job_no",
            "JOB_NO,called_at,result,note,caller,remark\nJ003,2026-11-23 13:10,satisfied,,c,x\n",
        ),
        (
            "fees",
            "CODE",
            "code",
            "CODE,name,amount,remark\nLAB,人工费,50,x\n",
        ),
    ];
    for (i, (what, shown, meant, content)) in cases.iter().enumerate() {
        let name = format!("case{i}.csv");
        let err = rejected(&b, what, &name, content.as_bytes());
        let file = b.dir.path().join(&name).display().to_string();
        assert!(
            err.contains(&format!(
                "{file}:1: {shown}: not a column (did you mean {meant}?)"
            )),
            "{what} {shown}: {err}"
        );
        // The other unknown column is named once, refused file or not.
        assert_eq!(
            err.matches("remark: not a column of this file: ignored")
                .count(),
            1,
            "{what} {shown}: {err}"
        );
    }
}

/// `import fees` checks its header as the other imports do: a misspelt
/// column refuses the file with the column meant, another unknown one is
/// named once and ignored.
#[test]
fn the_fees_file_header_is_checked_as_every_import_header() {
    let b = loaded();
    for (cell, meant, content) in [
        ("nmae", "name", "code,nmae,amount\nLAB,人工费,50\n"),
        ("amont", "amount", "code,name,amont\nLAB,人工费,50\n"),
    ] {
        let name = format!("{cell}.csv");
        let err = rejected(&b, "fees", &name, content.as_bytes());
        let file = b.dir.path().join(&name).display().to_string();
        assert!(
            err.contains(&format!(
                "{file}:1: {cell}: not a column (did you mean {meant}?)"
            )),
            "{err}"
        );
    }
    let fees = b.file("remark.csv", "code,name,amount,remark\nLAB,人工费,50,x\n");
    let out = b.import("fees", &fees);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.matches(&format!(
            "{}:1: remark: not a column of this file: ignored",
            fees.display()
        ))
        .count(),
        1,
        "{err}"
    );
}

/// A file refused for a bad value still names its unknown columns once.
#[test]
fn a_rejected_file_still_names_its_unknown_columns_once() {
    let b = loaded();
    let err = rejected(
        &b,
        "jobs",
        "u.csv",
        "job_no,branch,received_at,engineer,warranty,foo\nJ1,QD01,2026-02-30 09:00,李工,in,1\n"
            .as_bytes(),
    );
    let file = b.dir.path().join("u.csv").display().to_string();
    assert_eq!(
        err.matches(&format!(
            "{file}:1: foo: not a column of this file: ignored"
        ))
        .count(),
        1,
        "{err}"
    );
    assert!(err.contains(&format!("{file}:2: received_at:")), "{err}");
}

/// SPEC: no zero-width character in an identifier. Variation selectors,
/// tags and the Hangul fillers are refused in a job number as U+200B is,
/// and so is a no-break or ideographic space; an invisible character
/// before ASCII is named as what it is, never as a GBK file.
#[test]
fn invisible_characters_and_odd_spaces_in_identifiers_are_named_as_such() {
    let b = loaded();
    let header = "job_no,branch,received_at,engineer,warranty\n";
    for (i, (job_no, engineer, column, code)) in [
        ("J\u{fe0f}1", "王强", "job_no", "U+FE0F"),
        ("J\u{e0001}1", "王强", "job_no", "U+E0001"),
        ("J\u{3164}1", "王强", "job_no", "U+3164"),
        ("J\u{ffa0}1", "王强", "job_no", "U+FFA0"),
        ("J\u{115f}1", "王强", "job_no", "U+115F"),
        ("J\u{e0100}1", "王强", "job_no", "U+E0100"),
        ("J\u{a0}1", "王强", "job_no", "U+00A0"),
        ("J\u{202f}1", "王强", "job_no", "U+202F"),
        ("J\u{3000}1", "王强", "job_no", "U+3000"),
        ("J901", "\u{200b}e", "engineer", "U+200B"),
        ("J902", "李\u{fe0f}工", "engineer", "U+FE0F"),
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("inv{i}.csv");
        let content = format!("{header}{job_no},QD01,2026-11-23 09:00,{engineer},in\n");
        let err = rejected(&b, "jobs", &name, content.as_bytes());
        let file = b.dir.path().join(&name).display().to_string();
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("{file}:2: {column}: ")))
            .unwrap_or_else(|| panic!("{code}: {err}"));
        assert!(line.contains(code), "{line}");
        assert!(!line.contains("GBK"), "{line}");
    }
}

/// A FIFO (which would wait forever for a writer), a folder or a device
/// given as FILE is refused at once in one line, for every import.
#[cfg(unix)]
#[test]
fn a_file_that_is_not_a_regular_file_is_refused_in_one_line() {
    let b = loaded();
    let fifo = b.dir.path().join("ff.csv");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let before = b.dump();
    for what in ["jobs", "visits", "cards", "callbacks", "fees", "rulings"] {
        for p in [
            fifo.as_path(),
            b.dir.path(),
            std::path::Path::new("/dev/null"),
        ] {
            let out = b
                .cmd(NOW, &["import", what])
                .arg(p)
                .timeout(std::time::Duration::from_secs(20))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{what} {}: {err}", p.display());
            assert_eq!(
                err,
                format!("branchdesk: {}: not a regular file\n", p.display()),
                "{what}"
            );
        }
    }
    assert_eq!(b.dump(), before);
}
