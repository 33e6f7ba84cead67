//! The spreadsheets for people beside the CSV reports, read back with a
//! reading crate: the same rows and values as the CSV, text as strings,
//! numbers and times typed, the summary equal to `status --json`.

use crate::common::{Bench, JOBS_HEADER, loaded};
use branchdesk::i18n::Lang;
use branchdesk::io::export::restore_cell;
use branchdesk::io::xlsx::{CENTER, REPORT, SUMMARY_KEY_COLUMN, column, list_separator};
use branchdesk::io::xlsx::{ColumnDef, Kind, cell};
use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

const AT: &str = "2026-11-23T17:30:00+08:00";
const HYPERLINK: &str = "=HYPERLINK(\"http://example.com\",\"点我\")";

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|c| restore_cell(c).to_string())
                .collect()
        })
        .collect()
}

fn book(path: &Path) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    open_workbook_from_rs(std::io::Cursor::new(std::fs::read(path).unwrap())).unwrap()
}

fn sheet(wb: &mut Xlsx<std::io::Cursor<Vec<u8>>>, i: usize) -> Vec<Vec<Data>> {
    let r = wb.worksheet_range_at(i).unwrap().unwrap();
    r.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not a string: {other:?}"),
    }
}

/// One file of the xlsx package, as text.
fn part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The legend sheet: the data sheet's headers to machine names, and each
/// (header, shown) back to its code.
/// (header, machine name) of each column; (header, shown) → code.
type Legend = (Vec<(String, String)>, HashMap<(String, String), String>);

fn legend(rows: &[Vec<Data>]) -> Legend {
    let mut cols = Vec::new();
    let mut codes = HashMap::new();
    let mut part = 0;
    for r in rows.iter().skip(1) {
        let cells: Vec<String> = r.iter().map(text).collect();
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        if filled == 1 {
            part += 1;
            continue;
        }
        if filled == 0 || r.first().is_some_and(|_| part == 0) {
            continue;
        }
        match part {
            1 => cols.push((cells[0].clone(), cells[1].clone())),
            2 => {
                codes.insert((cells[0].clone(), cells[2].clone()), cells[1].clone());
            }
            _ => {}
        }
    }
    // The first row of each part is its headings.
    (cols[1..].to_vec(), codes)
}

/// Every cell of the data sheet checked against the CSV's text.
fn same_as_csv(table: &[ColumnDef], csv: &[Vec<String>], xlsx: &Path, lang: Lang) {
    let mut wb = book(xlsx);
    let data = sheet(&mut wb, 0);
    let n = wb.sheet_names().len();
    let (cols, codes) = legend(&sheet(&mut wb, n - 1));
    // The header, by way of the legend, is the CSV's.
    let headers: Vec<String> = data[0].iter().map(text).collect();
    let names: Vec<String> = headers
        .iter()
        .map(|h| cols.iter().find(|(x, _)| x == h).unwrap().1.clone())
        .collect();
    assert_eq!(names, csv[0], "columns");
    assert_eq!(data.len(), csv.len(), "rows");
    // The sheet lists the rows with open items first, else in the CSV's order.
    let mut csv = csv.to_vec();
    if let Some(open) = csv[0].iter().position(|h| h == "open_items") {
        csv[1..].sort_by_key(|r| r[open].is_empty());
    }
    let csv = &csv;
    let zone = branchdesk::domain::time::Zone::parse("Asia/Shanghai").unwrap();
    let sep = list_separator(lang);
    for (r, (xrow, crow)) in data.iter().zip(csv).enumerate().skip(1) {
        for (c, want) in crow.iter().enumerate() {
            let got = xrow.get(c).cloned().unwrap_or(Data::Empty);
            let (kind, header) = column(table, &csv[0][c], lang);
            let at = format!("row {r} {}: {got:?} for {want:?}", csv[0][c]);
            if want.is_empty() {
                assert_eq!(got, Data::Empty, "{at}");
                continue;
            }
            let code = |shown: &str| {
                codes
                    .get(&(header.clone(), shown.to_string()))
                    .cloned()
                    .unwrap_or_else(|| panic!("{at}: {shown} not in the legend"))
            };
            match kind {
                Kind::Text => assert_eq!(got, Data::String(want.clone()), "{at}"),
                Kind::Code | Kind::Check => assert_eq!(&code(&text(&got)), want, "{at}"),
                Kind::Codes => {
                    let back: Vec<String> = text(&got).split(sep).map(code).collect();
                    assert_eq!(back.join(";"), *want, "{at}");
                }
                Kind::Pairs => {
                    let shown = cell(kind, want, lang, &zone);
                    assert_eq!(shown, branchdesk::io::xlsx::Cell::Text(text(&got)), "{at}");
                }
                Kind::Date => {
                    let d = got.as_datetime().unwrap_or_else(|| panic!("{at}"));
                    assert_eq!(d.date().to_string(), *want, "{at}");
                }
                Kind::DateTime => {
                    assert!(matches!(got, Data::DateTime(_)), "{at}");
                    let t = chrono::DateTime::parse_from_rfc3339(want).unwrap();
                    assert_eq!(got.as_datetime(), Some(t.naive_local()), "{at}");
                }
                Kind::Money | Kind::Int => {
                    let Data::Float(x) = got else {
                        panic!("{at}: not a number")
                    };
                    assert_eq!(x, want.parse::<f64>().unwrap(), "{at}");
                }
            }
        }
    }
    // Nothing anywhere is a formula.
    for name in wb.sheet_names() {
        let f = wb.worksheet_formula(&name).unwrap();
        assert!(
            f.cells().all(|(_, _, s)| s.is_empty()),
            "a formula on {name}"
        );
    }
}

/// The fixture's day, with a customer whose name looks like a formula, and
/// the day reconciled.
fn day() -> Bench {
    let b = loaded();
    let jobs = format!(
        "{JOBS_HEADER}\nJ009,QD01,2026-11-22 17:10,\"{}\",13612345678,青岛市市南区山东路1号,BCD-301WD,2024-01-01,不制冷,,2026-11-23 15:00,2026-11-23 16:00,王强,in\n",
        HYPERLINK.replace('"', "\"\"")
    );
    let p = b.file("jobs9.csv", &jobs);
    assert!(b.import("jobs", &p).status.success());
    b.cmd(AT, &["reconcile"]).assert().success();
    b
}

#[test]
fn the_daily_xlsx_holds_the_csv_rows_typed_with_text_as_strings() {
    let b = day();
    let out = b.dir.path().join("out");
    let run = b
        .cmd(
            AT,
            &[
                "--lang",
                "zh",
                "export",
                "daily",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let xlsx = out.join("QD01/QD01_2026-11-23.xlsx");
    assert!(String::from_utf8_lossy(&run.stdout).contains("QD01_2026-11-23.xlsx"));
    let csv = read_csv(&out.join("QD01/QD01_2026-11-23.csv"));
    same_as_csv(REPORT, &csv, &xlsx, Lang::Zh);
    // Written whole and renamed: no temporary file left beside them.
    let mut names: Vec<String> = std::fs::read_dir(out.join("QD01"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "QD01_2026-11-23.csv",
            "QD01_2026-11-23.manifest.json",
            "QD01_2026-11-23.xlsx"
        ]
    );

    let mut wb = book(&xlsx);
    assert_eq!(wb.sheet_names(), ["日报", "摘要", "说明"]);
    let data = sheet(&mut wb, 0);
    let all: Vec<Data> = data.iter().flatten().cloned().collect();
    // The formula-looking name is the text itself, without a `'`.
    assert!(all.contains(&Data::String(HYPERLINK.into())), "{all:?}");
    assert!(all.contains(&Data::String("李四".into())));
    assert!(all.contains(&Data::String("已完成".into())));
    assert!(all.contains(&Data::String("收费（元）".into())));
    // A phone number stays text; the charge is a number.
    assert!(all.contains(&Data::String("13812345678".into())));
    assert!(all.contains(&Data::Float(150.0)));
    // Header frozen and filtered, the key column of the summary hidden,
    // columns fitted (a Chinese header counts double).
    let xml = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
        "{xml}"
    );
    assert!(xml.contains(&format!(
        "<autoFilter ref=\"A1:{}{}\"",
        letters(csv[0].len()),
        csv.len()
    )));
    assert!(part(&xlsx, "xl/worksheets/sheet2.xml").contains("hidden=\"1\""));
    assert!(part(&xlsx, "xl/charts/chart1.xml").contains("<c:barChart>"));
    let styles = part(&xlsx, "xl/styles.xml");
    assert!(styles.contains("#,##0.00") && styles.contains("yyyy-mm-dd hh:mm"));
}

/// The data sheet goes through a temporary file (rows are not held twice);
/// where none can be made, the same workbook is made in memory and the
/// export still succeeds.
#[test]
fn the_daily_xlsx_is_the_same_without_a_temporary_folder() {
    let b = day();
    let export = |out: &Path, tmp: Option<&str>| {
        let mut c = b.cmd(
            AT,
            &[
                "--lang",
                "zh",
                "export",
                "daily",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        if let Some(t) = tmp {
            c.env("TMPDIR", t);
        }
        let run = c.output().unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        out.join("QD01/QD01_2026-11-23.xlsx")
    };
    let with_temp = export(&b.dir.path().join("a"), None);
    let without = export(&b.dir.path().join("b"), Some("/nonexistent/branchdesk-tmp"));
    let (mut x, mut y) = (book(&with_temp), book(&without));
    assert_eq!(sheet(&mut x, 0), sheet(&mut y, 0));
    let csv = read_csv(&b.dir.path().join("b/QD01/QD01_2026-11-23.csv"));
    same_as_csv(REPORT, &csv, &without, Lang::Zh);
}

/// The column letters of the `n`th column (1 = A).
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.insert(0, b'A' + (n % 26) as u8);
        n /= 26;
    }
    String::from_utf8(s).unwrap()
}

#[test]
fn the_summary_sheet_has_the_figures_of_status_json_at_the_same_now() {
    let b = day();
    let out = b.dir.path().join("out");
    b.cmd(
        AT,
        &[
            "--lang",
            "en",
            "export",
            "daily",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .assert()
    .success();
    let s = b.json(AT, &["status", "--json"]);
    let mut wb = book(&out.join("QD01/QD01_2026-11-23.xlsx"));
    assert_eq!(wb.sheet_names(), ["Report", "Summary", "Legend"]);
    let rows = sheet(&mut wb, 1);
    let k = SUMMARY_KEY_COLUMN as usize;
    let fig: HashMap<String, Vec<i64>> = rows
        .iter()
        .filter_map(|r| match r.get(k) {
            Some(Data::String(key)) => Some((
                key.clone(),
                r[1..k]
                    .iter()
                    .filter_map(|d| match d {
                        Data::Float(x) => Some(*x as i64),
                        _ => None,
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let list = |key: &str| s[key].as_array().unwrap().clone();
    let count = |key: &str, f: &dyn Fn(&serde_json::Value) -> bool| {
        list(key).iter().filter(|v| f(v)).count() as i64
    };
    let jobs = list("today_jobs");
    assert!(!jobs.is_empty());
    for st in [
        "scheduled",
        "callback_pending",
        "awaiting_card",
        "done",
        "in_workshop",
        "revisit",
    ] {
        assert_eq!(
            fig[&format!("today_jobs.status.{st}")],
            [count("today_jobs", &|j| j["status"] == st)],
            "{st}"
        );
    }
    assert_eq!(fig["today_jobs.total"], [jobs.len() as i64]);
    let overdue = count("callbacks_pending", &|c| c["overdue"] == true);
    assert!(overdue > 0);
    assert_eq!(fig["callbacks_pending.overdue"], [overdue]);
    assert_eq!(
        fig["callbacks_pending.not_overdue"],
        [list("callbacks_pending").len() as i64 - overdue]
    );
    assert_eq!(
        fig["cards_awaiting_signature"],
        [list("cards_awaiting_signature").len() as i64]
    );
    assert!(!list("discrepancies").is_empty());
    for kind in [
        "card_missing",
        "signature_missing",
        "charge_mismatch",
        "warranty_record_missing",
    ] {
        let n = |st: &str| count("discrepancies", &|d| d["kind"] == kind && d["status"] == st);
        assert_eq!(
            fig[&format!("discrepancies.{kind}")],
            [n("open"), n("resolved")],
            "{kind}"
        );
    }
    // The chart's days end today and count today's overdue callbacks.
    let today = fig["history.2026-11-23"].clone();
    assert!(today[1] > 0, "{today:?}");
}

#[test]
fn the_center_ignores_the_xlsx_and_writes_one_beside_its_summary() {
    let b = day();
    let dir = b.dir.path().join("exports");
    b.cmd(AT, &["export", "daily", "--out", dir.to_str().unwrap()])
        .assert()
        .success();
    assert!(dir.join("QD01/QD01_2026-11-23.xlsx").exists());
    let c = Bench::new();
    c.cmd(AT, &["center", "branches", "add", "QD02", "市北网点"])
        .assert()
        .success();
    let run = c
        .cmd(AT, &["center", "import", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("1 imported, 0 unchanged or older, 0 rejected, 0 other file(s) ignored"),
        "{stdout}"
    );
    let out = c.dir.path().join("center-out");
    c.cmd(
        "2026-11-23T18:30:00+08:00",
        &[
            "--lang",
            "zh",
            "center",
            "export",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .assert()
    .success();
    let xlsx = out.join("center/summary-2026-11-23.xlsx");
    let csv = read_csv(&out.join("center/summary-2026-11-23.csv"));
    same_as_csv(CENTER, &csv, &xlsx, Lang::Zh);
    let mut wb = book(&xlsx);
    let all: Vec<Data> = sheet(&mut wb, 0).into_iter().flatten().collect();
    assert!(all.contains(&Data::String("市北网点".into())));
    assert!(all.contains(&Data::String("缺报".into())));
    // Missing is coloured.
    assert!(part(&xlsx, "xl/styles.xml").contains("FFFFC7CE"));
    // Importing the folder again with the center's own files in it: still
    // nothing taken from an .xlsx.
    let again = c
        .cmd(AT, &["center", "import", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 imported"));
}

/// The same report made twice with the same `--now` is the same file (the
/// recorded creation time is `--now`, not the wall clock); the job number
/// stays in view and a page is printed as wide as the sheet; rows with
/// open items come first.
#[test]
fn the_daily_xlsx_is_reproducible_frozen_at_the_job_and_fitted_to_the_page() {
    let b = day();
    // J001's follow-up answered: fixed, card back, nothing open, so that
    // the sheet has a row with nothing open to order after the open ones.
    b.cmd(AT, &["callback", "J001", "--result", "satisfied"])
        .assert()
        .success();
    let export = |out: &Path| {
        let run = b
            .cmd(AT, &["export", "daily", "--out", out.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        out.join("QD01/QD01_2026-11-23.xlsx")
    };
    let first = export(&b.dir.path().join("a"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = export(&b.dir.path().join("c"));
    assert!(
        std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
        "two exports at the same --now differ"
    );
    assert!(part(&first, "docProps/core.xml").contains("2026-11-23T09:30:00Z"));
    let xml = part(&first, "xl/worksheets/sheet1.xml");
    let csv = read_csv(&b.dir.path().join("c/QD01/QD01_2026-11-23.csv"));
    let job_col = csv[0].iter().position(|h| h == "job_no").unwrap() + 1;
    assert!(xml.contains(&format!("xSplit=\"{job_col}\"")), "{xml}");
    assert!(xml.contains("fitToPage=\"1\""), "{xml}");
    assert!(xml.contains("fitToHeight=\"0\""), "{xml}");
    let open = csv[0].iter().position(|h| h == "open_items").unwrap();
    let mut wb = book(&first);
    let rows = sheet(&mut wb, 0);
    let open_flags: Vec<bool> = rows
        .iter()
        .skip(1)
        .map(|r| !text(&r[open]).is_empty())
        .collect();
    assert!(open_flags.contains(&true) && open_flags.contains(&false));
    assert!(
        open_flags.windows(2).all(|w| w[0] >= w[1]),
        "open rows first: {open_flags:?}"
    );
}
