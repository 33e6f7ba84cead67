//! issue 25: money, the workshop and the center's rulings, through the real
//! binary with a fixed clock: the fee standard and the charge checks, the
//! workshop's working days, the returned machine, waiting for a part.

mod common;
use common::*;
use serde_json::Value;

const MON_EVENING: &str = "2026-11-23T17:30:00+08:00";

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn jobs(b: &Bench, rows: &[&str]) {
    let p = b.file("m-jobs.csv", &format!("{JOBS_HEADER}\n{}\n", rows.join("\n")));
    ok(b.import_at(MON_EVENING, "jobs", &p));
}

const FEES: &str = "code,name,amount\nLABOR,上门维修费,80\nPART-C,压缩机,50.5\nGAS,加氟,120\n";
const VISITS_FEES_HEADER: &str = "job_no,engineer,arrived_at,finished_at,outcome,charge,receipt_no,invoice_owed,fee_items";

fn of<'a>(list: &'a Value, job: &str) -> Vec<&'a Value> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|v| v["job_no"] == job)
        .collect()
}

fn kinds(status: &Value, job: &str) -> Vec<String> {
    of(&status["discrepancies"], job)
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fee_standard_charges_checked_at_their_edges() {
    let b = Bench::new();
    jobs(
        &b,
        &[
            "K001,QD01,2026-11-23 08:00,甲,13800000001,地址一,M1,2020-01-01,故障,,,,王强,out",
            "K002,QD01,2026-11-23 08:00,乙,13800000002,地址二,M2,2020-01-01,故障,,,,王强,out",
            "K003,QD01,2026-11-23 08:00,丙,13800000003,地址三,M3,2025-01-01,故障,,,,李明,in",
            "K004,QD01,2026-11-23 08:00,丁,13800000004,地址四,M4,2025-01-01,故障,,,,李明,in",
        ],
    );
    let fees = b.file("fees.csv", FEES);
    let out = ok(b.import_at(MON_EVENING, "fees", &fees));
    assert!(out.contains("3 codes (3 added"), "{out}");
    // A code the standard does not know rejects the whole visits file.
    let bad = b.file(
        "bad-visits.csv",
        &format!(
            "{VISITS_FEES_HEADER}\nK001,王强,2026-11-23 09:00,2026-11-23 10:00,fixed,130.50,R1,no,LABOR;PART-C\nK002,王强,2026-11-23 09:00,2026-11-23 10:00,fixed,80,R2,no,LABOR;NOPE\n"
        ),
    );
    let before = b.dump();
    let out = b.import_at(MON_EVENING, "visits", &bad);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad-visits.csv:3: fee_items: unknown fee code \"NOPE\""),
        "{err}"
    );
    assert_eq!(b.dump(), before, "a rejected file changes nothing");
    // Equal to the standard is fine; a fen over is not; under warranty
    // anything but 0 is a charge in warranty.
    let visits = b.file(
        "visits.csv",
        &format!(
            "{VISITS_FEES_HEADER}\n\
             K001,王强,2026-11-23 09:00,2026-11-23 10:00,fixed,130.50,R1,no,LABOR;PART-C\n\
             K002,王强,2026-11-23 11:00,2026-11-23 12:00,fixed,80.01,R2,no,LABOR\n\
             K003,李明,2026-11-23 09:00,2026-11-23 10:00,fixed,120,R3,no,\n\
             K004,李明,2026-11-23 11:00,2026-11-23 12:00,fixed,0,,no,\n"
        ),
    );
    ok(b.import_at(MON_EVENING, "visits", &visits));
    // The same file again is a no-op.
    let again = ok(b.import_at(MON_EVENING, "visits", &visits));
    assert!(again.contains("0 added, 4 already there"), "{again}");
    ok(b.cmd(MON_EVENING, &["reconcile"]).output().unwrap());
    let s = b.json(MON_EVENING, &["status", "--json"]);
    let money = |job| {
        kinds(&s, job)
            .into_iter()
            .filter(|k| k.starts_with("charge"))
            .collect::<Vec<_>>()
    };
    assert!(money("K001").is_empty(), "{:?}", kinds(&s, "K001"));
    assert_eq!(money("K002"), ["charge_over_standard"]);
    assert_eq!(money("K003"), ["charge_in_warranty"]);
    assert!(money("K004").is_empty());
    // A later import replaces the standard, audited.
    let fees2 = b.file("fees2.csv", "code,name,amount\nLABOR,上门维修费,60\n");
    let out = ok(b.import_at(MON_EVENING, "fees", &fees2));
    assert!(out.contains("1 codes (0 added, 1 changed, 2 removed)"), "{out}");
    let log = ok(b.cmd(MON_EVENING, &["audit", "log"]).output().unwrap());
    assert_eq!(log.matches("import_fees").count(), 2, "{log}");
    // A bad fees file: every bad line, nothing replaced.
    let bad = b.file("bad-fees.csv", "code,name,amount\nA;B,x,1\nLABOR,y,abc\nLABOR,z,5\n");
    let before = b.dump();
    let out = b.import_at(MON_EVENING, "fees", &bad);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad-fees.csv:2: code:"), "{err}");
    assert!(err.contains("bad-fees.csv:3: amount:"), "{err}");
    assert_eq!(b.dump(), before);
}
