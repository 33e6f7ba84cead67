//! Money, the workshop and the center's rulings, through the real
//! binary with a fixed clock: the fee standard and the charge checks, the
//! workshop's working days, the returned machine, waiting for a part.

use crate::common::*;
use serde_json::Value;

const MON_EVENING: &str = "2026-11-23T17:30:00+08:00";

fn jobs(b: &Bench, rows: &[&str]) {
    let p = b.file(
        "m-jobs.csv",
        &format!("{JOBS_HEADER}\n{}\n", rows.join("\n")),
    );
    stdout_of(b.import_at(MON_EVENING, "jobs", &p));
}

const FEES: &str = "code,name,amount\nLABOR,上门维修费,80\nPART-C,压缩机,50.5\nGAS,加氟,120\n";
const VISITS_FEES_HEADER: &str =
    "job_no,engineer,arrived_at,finished_at,outcome,charge,receipt_no,invoice_owed,fee_items";

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
    let out = stdout_of(b.import_at(MON_EVENING, "fees", &fees));
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
    stdout_of(b.import_at(MON_EVENING, "visits", &visits));
    // The same file again is a no-op.
    let again = stdout_of(b.import_at(MON_EVENING, "visits", &visits));
    assert!(again.contains("0 added, 4 already there"), "{again}");
    stdout_of(b.cmd(MON_EVENING, &["reconcile"]).output().unwrap());
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
    let out = stdout_of(b.import_at(MON_EVENING, "fees", &fees2));
    assert!(
        out.contains("1 codes (0 added, 1 changed, 2 removed)"),
        "{out}"
    );
    let log = stdout_of(b.cmd(MON_EVENING, &["audit", "log"]).output().unwrap());
    assert_eq!(log.matches("import_fees").count(), 2, "{log}");
    // A bad fees file: every bad line, nothing replaced.
    let bad = b.file(
        "bad-fees.csv",
        "code,name,amount\nA;B,x,1\nLABOR,y,abc\nLABOR,z,5\n",
    );
    let before = b.dump();
    let out = b.import_at(MON_EVENING, "fees", &bad);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad-fees.csv:2: code:"), "{err}");
    assert!(err.contains("bad-fees.csv:3: amount:"), "{err}");
    assert_eq!(b.dump(), before);
}

const WS_VISITS_HEADER: &str = "job_no,engineer,arrived_at,finished_at,outcome,charge,receipt_no,invoice_owed,return_due,new_appointment_start,new_appointment_end,note,machine_receipt_no";

fn loaner<'a>(s: &'a Value, job: &str) -> Option<&'a Value> {
    of(&s["loaner_returns"], job).first().copied()
}

#[test]
fn workshop_repairs_counted_in_working_days_and_the_returned_machine_is_never_late() {
    let b = Bench::new();
    // Friday 2026-11-20: appointments 09:00–11:00.
    jobs(
        &b,
        &[
            "W001,QD01,2026-11-20 08:00,甲,13800000001,地址一,M1,2020-01-01,故障,,2026-11-20 09:00,2026-11-20 11:00,王强,in",
            "W002,QD01,2026-11-20 08:00,乙,13800000002,地址二,M2,2020-01-01,故障,,2026-11-20 09:00,2026-11-20 11:00,王强,in",
            "W003,QD01,2026-11-20 08:00,丙,13800000003,地址三,M3,2020-01-01,故障,,2026-11-20 09:00,2026-11-20 11:00,李明,in",
        ],
    );
    // Tuesday 2026-11-24 is a holiday: Mon 23, (24), 25, 26, 27, Mon 30.
    stdout_of(
        b.cmd(MON_EVENING, &["config", "holidays", "2026-11-24"])
            .output()
            .unwrap(),
    );
    let bad = b
        .cmd(MON_EVENING, &["config", "holidays", "2026-11-31"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let v = b.file(
        "ws.csv",
        &format!(
            "{WS_VISITS_HEADER}\n\
             W001,王强,2026-11-20 09:30,2026-11-20 10:00,pulled,,,,,,,拉修,MR-001\n\
             W002,王强,2026-11-20 10:30,2026-11-20 11:00,pulled,,,,2027-02-20,,,用户同意,MR-002\n\
             W003,李明,2026-11-20 09:30,2026-11-20 10:00,awaiting_parts,,,,,,,缺压缩机,\n"
        ),
    );
    stdout_of(b.import_at(MON_EVENING, "visits", &v));
    let s = b.json(MON_EVENING, &["status", "--json"]);
    let w1 = loaner(&s, "W001").unwrap();
    assert_eq!(w1["return_due"], "2026-11-30", "{w1}");
    assert_eq!(w1["over_limit"], false);
    assert_eq!(w1["machine_receipt_no"], "MR-001");
    let w2 = loaner(&s, "W002").unwrap();
    assert_eq!(w2["return_due"], "2027-02-20");
    assert_eq!(w2["over_limit"], true);
    // Waiting for a part, not a missed appointment.
    let w3 = of(&s["open_jobs"], "W003");
    assert_eq!(w3.len(), 1);
    assert_eq!(w3[0]["reason"], "awaiting_parts");
    // The report's codes.
    let out = b.dir.path().join("out");
    stdout_of(
        b.cmd(
            MON_EVENING,
            &["export", "daily", "--out", out.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    let csv = std::fs::read_to_string(out.join("QD01/QD01_2026-11-23.csv")).unwrap();
    let row = |job: &str| csv.lines().find(|l| l.contains(job)).unwrap().to_string();
    assert!(row("W002").contains("loaner_over_limit"), "{}", row("W002"));
    assert!(!row("W001").contains("loaner_over_limit"));
    assert!(row("W003").contains("awaiting_parts"), "{}", row("W003"));
    // Wednesday 15:00: W001's machine comes back, 2 days after the first
    // appointment, never late; the loaner is closed. W003 gets a new time.
    const WED: &str = "2026-11-25T16:00:00+08:00";
    let back = b.file(
        "back.csv",
        &format!(
            "{WS_VISITS_HEADER}\n\
             W001,王强,2026-11-25 15:00,2026-11-25 15:30,returned,,,,,,,送回安装,\n\
             W003,李明,,2026-11-25 09:00,rescheduled,,,,,2026-11-26 09:00,2026-11-26 10:00,备件到了,\n"
        ),
    );
    stdout_of(b.import_at(WED, "visits", &back));
    let s = b.json(WED, &["status", "--json"]);
    assert!(loaner(&s, "W001").is_none(), "the loaner is closed");
    let today = of(&s["today_jobs"], "W001");
    assert_eq!(today.len(), 1);
    assert_eq!(today[0]["late_minutes"], Value::Null, "{}", today[0]);
    assert_eq!(today[0]["late_flag"], false);
    assert!(of(&s["open_jobs"], "W003").is_empty());
    // W003's new window is set for the next visit: late against it.
    const THU: &str = "2026-11-26T12:00:00+08:00";
    let late = b.file(
        "late.csv",
        &format!("{WS_VISITS_HEADER}\nW003,李明,2026-11-26 10:30,2026-11-26 11:00,fixed,,,,,,,,\n"),
    );
    stdout_of(b.import_at(THU, "visits", &late));
    let s = b.json(THU, &["status", "--json"]);
    assert_eq!(of(&s["today_jobs"], "W003")[0]["late_minutes"], 30);
}

/// `case add` on the common branch; returns the id it printed.
fn add_case(b: &Bench, job: &str, kind: &str, note: &str) -> i64 {
    let out = stdout_of(
        b.cmd(NOW, &["case", "add", job, "--kind", kind, "--note", note])
            .output()
            .unwrap(),
    );
    out.split_whitespace()
        .nth(1)
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no id in {out:?}"))
}

#[test]
fn cases_wait_for_the_center_and_are_refused_what_they_cannot_be() {
    let b = loaded();
    let fee = add_case(&b, "J005", "fee_waiver", "用户要求减免上门费");
    let apology = add_case(&b, "J004", "apology_refused", "迟到，用户不接受道歉");
    assert!(apology > fee);
    // Refusals, each leaving the database as it was.
    let before = b.dump();
    for (args, why) in [
        (
            vec!["case", "add", "NOPE", "--kind", "damage", "--note", "x"],
            "no job",
        ),
        (
            vec!["case", "add", "J001", "--kind", "bribe", "--note", "x"],
            "unknown code",
        ),
        (
            vec!["case", "add", "J001", "--kind", "damage", "--note", " "],
            "needs a note",
        ),
        (
            vec!["case", "close", &fee.to_string(), "--note", "done"],
            "no ruling",
        ),
        (
            vec!["case", "close", "999", "--note", "done"],
            "no case 999",
        ),
    ] {
        let out = b.cmd(NOW, &args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{args:?}: {err}");
    }
    assert_eq!(b.dump(), before);
    let list = b.json(NOW, &["case", "list", "--json"]);
    let cases = list["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0]["id"], fee);
    assert_eq!(cases[0]["kind"], "fee_waiver");
    assert_eq!(cases[0]["state"], "awaiting_ruling");
    assert_eq!(cases[0]["ruling"], Value::Null);
    assert_eq!(cases[0]["opened_at"], "2026-11-23T14:00:00+08:00");
    assert_eq!(cases[0]["note"], "用户要求减免上门费");
    let s = b.json(NOW, &["status", "--json"]);
    let k = s["cases"].as_array().unwrap();
    assert_eq!(k.len(), 2);
    assert_eq!(k[0]["manager_visit"], false);
    assert_eq!(
        k[1]["manager_visit"], true,
        "an apology refused sends the manager"
    );
    assert_eq!(s["counts"]["cases"], 2);
    // The report: the open item and the case columns.
    let out = b.dir.path().join("out");
    stdout_of(
        b.cmd(NOW, &["export", "daily", "--out", out.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let csv = std::fs::read(out.join("QD01/QD01_2026-11-23.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&csv[3..]);
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[col("job_no")] == "J005").unwrap();
    assert!(row[col("open_items")].contains("case_open"));
    assert_eq!(&row[col("case_kinds")], "fee_waiver");
    assert_eq!(&row[col("case_ids")], fee.to_string().as_str());
    assert_eq!(&row[col("case_notes")], "用户要求减免上门费");
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(out.join("QD01/QD01_2026-11-23.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["schema"], 4);
}

/// Re-signs a rulings file after `f` changed it, with the key `name` of
/// the keys folder `keys` (the center's is `_center`).
fn resign(path: &std::path::Path, keys: &std::path::Path, name: &str, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    f(&mut v);
    let key = branchdesk::io::keys::KeyRing::Dir(keys.to_path_buf())
        .get_or_create(name)
        .unwrap();
    branchdesk::domain::signing::sign(&mut v, &key.key);
    std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

/// The whole loop, as a new user would run it: the branch opens cases and
/// reports them; the center sees them, rules, exports the signed rulings;
/// the branch imports them (refusing every forged or foreign file whole)
/// and the clerk closes the case.
#[test]
fn branch_report_center_rules_rulings_file_branch_imports_clerk_closes() {
    let b = loaded();
    let c = Bench::new();
    let fee = add_case(&b, "J005", "fee_waiver", "用户要求减免上门费");
    let entry = add_case(&b, "J001", "entry_refused", "用户拒绝工程师入户");
    let reports = b.dir.path().join("exports");
    stdout_of(
        b.cmd(
            NOW,
            &["export", "daily", "--out", reports.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    const LATER: &str = "2026-11-23T15:00:00+08:00";
    stdout_of(
        c.cmd(LATER, &["center", "import", reports.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let cases = c.json(LATER, &["center", "cases", "--json"]);
    let list = cases["cases"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{cases}");
    assert_eq!(list[0]["branch"], "QD01");
    assert_eq!(list[0]["case_id"], fee);
    assert_eq!(list[0]["kind"], "fee_waiver");
    assert_eq!(list[0]["note"], "用户要求减免上门费");
    assert_eq!(list[0]["state"], "awaiting_ruling");
    // The center rules on one; an unknown case or a second ruling is refused.
    let fee_s = fee.to_string();
    stdout_of(
        c.cmd(
            LATER,
            &[
                "center",
                "rule",
                "QD01",
                &fee_s,
                "--decision",
                "approved",
                "--note",
                "同意减免上门费",
            ],
        )
        .output()
        .unwrap(),
    );
    for (args, why) in [
        (
            vec![
                "center",
                "rule",
                "QD01",
                "999",
                "--decision",
                "approved",
                "--note",
                "x",
            ],
            "no case 999",
        ),
        (
            vec![
                "center",
                "rule",
                "QD01",
                &fee_s,
                "--decision",
                "rejected",
                "--note",
                "x",
            ],
            "already ruled",
        ),
    ] {
        let out = c.cmd(LATER, &args).output().unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains(why));
    }
    let center_log = stdout_of(c.cmd(LATER, &["audit", "log"]).output().unwrap());
    assert!(center_log.contains("center_rule"), "{center_log}");
    // The signed file, once per ruling.
    let out_dir = c.dir.path().join("rulings");
    let o = out_dir.to_str().unwrap();
    let printed = stdout_of(
        c.cmd(LATER, &["center", "export", "rulings", "--out", o])
            .output()
            .unwrap(),
    );
    assert!(printed.contains("1 ruling(s) for branch QD01"), "{printed}");
    let file = out_dir.join("QD01/QD01_rulings_20261123T150000.json");
    let again = stdout_of(
        c.cmd(LATER, &["center", "export", "rulings", "--out", o])
            .output()
            .unwrap(),
    );
    assert!(again.contains("no new rulings"), "{again}");
    let v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(v["branch"], "QD01");
    assert_eq!(v["schema"], 1);
    assert_eq!(v["rulings"][0]["decision"], "approved");
    assert_eq!(v["rulings"][0]["ruled_by"], "tester");
    assert_eq!(v["signature"].as_str().unwrap().len(), 128);
    let key = stdout_of(c.cmd(LATER, &["center", "key"]).output().unwrap());
    assert!(key.contains(v["public_key"].as_str().unwrap()), "{key}");

    // Forged and foreign files are refused whole, the branch unchanged.
    let forged = |name: &str, keys: &std::path::Path, key: &str, f: &dyn Fn(&mut Value)| {
        let p = b.dir.path().join(name);
        std::fs::copy(&file, &p).unwrap();
        resign(&p, keys, key, f);
        p
    };
    let edited = b.dir.path().join("edited.json");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("同意减免上门费", "同意减免全部费用");
    std::fs::write(&edited, text).unwrap();
    // A key said twice: the signer and a reader could take either value.
    let twice = b.dir.path().join("twice.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"branch\":"), "{text}");
    let text = text.replacen("\"branch\":", "\"branch\": \"QD02\", \"branch\":", 1);
    std::fs::write(&twice, text).unwrap();
    let unsigned = b.dir.path().join("unsigned.json");
    let mut u = v.clone();
    u.as_object_mut().unwrap().remove("signature");
    std::fs::write(&unsigned, serde_json::to_vec(&u).unwrap()).unwrap();
    let stranger = b.dir.path().join("stranger-keys");
    let foreign = forged("foreign.json", &stranger, "_center", &|_| {});
    let ckeys = c.keys();
    let other = forged("other.json", &ckeys, "_center", &|v| {
        v["branch"] = "QD02".into()
    });
    let unknown = forged("unknown.json", &ckeys, "_center", &|v| {
        v["rulings"][0]["case_id"] = 999.into()
    });
    // The center's key is pinned first (as the clerk reads it out).
    let pin = v["public_key"].as_str().unwrap();
    stdout_of(
        b.cmd(LATER, &["config", "center_key", pin])
            .output()
            .unwrap(),
    );
    let before = b.dump();
    for (p, why) in [
        (&edited, "does not match its content"),
        (&unsigned, "not signed"),
        (&foreign, "not the center's key pinned here"),
        (&other, "for branch QD02"),
        (&unknown, "case 999"),
        (&twice, "the key \"branch\" appears twice"),
    ] {
        let out = b
            .cmd(LATER, &["import", "rulings", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{}", p.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{}: {err}", p.display());
        assert_eq!(b.dump(), before, "{} changed the database", p.display());
    }
    // The real file: applied; the same file again: a no-op.
    let f = file.to_str().unwrap();
    let applied = stdout_of(b.cmd(LATER, &["import", "rulings", f]).output().unwrap());
    assert!(applied.contains("1 ruling(s) applied"), "{applied}");
    let after = b.dump();
    let again = stdout_of(b.cmd(LATER, &["import", "rulings", f]).output().unwrap());
    assert!(again.contains("already applied"), "{again}");
    assert_eq!(b.dump(), after, "the same file again changes nothing");
    let log = stdout_of(b.cmd(LATER, &["audit", "log"]).output().unwrap());
    assert!(log.contains("import_rulings"), "{log}");
    assert!(log.contains("同意减免上门费"), "{log}");
    // The clerk sees the ruling and closes the case after acting on it.
    let s = b.json(LATER, &["status", "--json"]);
    let k = &s["cases"][0];
    assert_eq!(k["id"], fee);
    assert_eq!(k["state"], "ruled");
    assert_eq!(k["ruling"]["decision"], "approved");
    assert_eq!(k["ruling"]["note"], "同意减免上门费");
    assert_eq!(k["ruling"]["ruled_by"], "tester");
    assert_eq!(s["cases"][1]["id"], entry);
    assert_eq!(s["cases"][1]["manager_visit"], true);
    stdout_of(
        b.cmd(
            LATER,
            &["case", "close", &fee_s, "--note", "已按批示免收上门费"],
        )
        .output()
        .unwrap(),
    );
    let all = b.json(LATER, &["case", "list", "--all", "--json"]);
    assert_eq!(all["cases"][0]["state"], "closed");
    let s = b.json(LATER, &["status", "--json"]);
    assert_eq!(s["cases"].as_array().unwrap().len(), 1);
    // Closed twice is refused.
    let out = b
        .cmd(LATER, &["case", "close", &fee_s, "--note", "x"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("already closed"));
}

#[test]
fn the_first_rulings_file_pins_the_center_key() {
    let b = loaded();
    let c = Bench::new();
    let fee = add_case(&b, "J005", "payment_refused", "用户拒付");
    let reports = b.dir.path().join("exports");
    stdout_of(
        b.cmd(
            NOW,
            &["export", "daily", "--out", reports.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    stdout_of(
        c.cmd(NOW, &["center", "import", reports.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    stdout_of(
        c.cmd(
            NOW,
            &[
                "center",
                "rule",
                "QD01",
                &fee.to_string(),
                "--decision",
                "rejected",
                "--note",
                "按标准收费",
            ],
        )
        .output()
        .unwrap(),
    );
    let o = c.dir.path().join("r");
    stdout_of(
        c.cmd(
            NOW,
            &["center", "export", "rulings", "--out", o.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    let file = o.join("QD01/QD01_rulings_20261123T140000.json");
    let out = stdout_of(
        b.cmd(NOW, &["import", "rulings", file.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    assert!(out.contains("pinned"), "{out}");
    let v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let pinned = stdout_of(b.cmd(NOW, &["config", "center_key"]).output().unwrap());
    assert_eq!(pinned.trim(), v["public_key"].as_str().unwrap());
    // Another center's file is refused now.
    let p = b.dir.path().join("x.json");
    std::fs::copy(&file, &p).unwrap();
    resign(&p, &b.dir.path().join("elsewhere"), "_center", |_| {});
    let out = b
        .cmd(NOW, &["import", "rulings", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn a_delay_notice_waits_until_the_customer_is_told_or_visited() {
    let b = Bench::new();
    jobs(
        &b,
        &[
            "D001,QD01,2026-11-23 08:00,甲,13800000001,地址一,M1,2020-01-01,故障,,2026-11-23 15:00,2026-11-23 16:00,王强,in",
            "D002,QD01,2026-11-23 08:00,乙,13800000002,地址二,M2,2020-01-01,故障,,2026-11-23 16:00,2026-11-23 17:00,王强,in",
            "D003,QD01,2026-11-23 08:00,丙,13800000003,地址三,M3,2020-01-01,故障,,2026-11-23 16:30,2026-11-23 17:00,李明,in",
            "D004,QD01,2026-11-23 08:00,丁,13800000004,地址四,M4,2020-01-01,故障,,2026-11-24 09:00,2026-11-24 10:00,王强,in",
            "D005,QD01,2026-11-23 08:00,戊,13800000005,地址五,M5,2020-01-01,故障,,2026-11-23 09:00,2026-11-23 10:00,王强,in",
        ],
    );
    let out = stdout_of(
        b.cmd(NOW, &["delay", "王强", "--minutes", "40", "--note", "堵车"])
            .output()
            .unwrap(),
    );
    assert!(out.contains("D001, D002"), "{out}");
    let s = b.json(NOW, &["status", "--json"]);
    let told: Vec<String> = job_nos(&s["to_inform"]);
    // Later today, not yet visited: not 李明's, not tomorrow's, not the past one.
    assert_eq!(told, ["D001", "D002"]);
    assert_eq!(s["to_inform"][0]["engineer"], "王强");
    assert_eq!(
        s["to_inform"][0]["appointment_start"],
        "2026-11-23T15:00:00+08:00"
    );
    assert_eq!(s["to_inform"][0]["delay_minutes"], 40);
    assert_eq!(s["counts"]["to_inform"], 2);
    stdout_of(b.cmd(NOW, &["informed", "D001"]).output().unwrap());
    let before = b.dump();
    for job in ["D001", "D003", "NOPE"] {
        let out = b.cmd(NOW, &["informed", job]).output().unwrap();
        assert!(!out.status.success(), "{job}");
    }
    let bad = b
        .cmd(NOW, &["delay", "王强", "--minutes", "0"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert_eq!(b.dump(), before);
    // A visit ends the need to tell.
    let v = b.file(
        "d-visits.csv",
        &format!("{VISITS_HEADER}\nD002,王强,2026-11-23 16:35,2026-11-23 17:00,fixed,,,,,,,\n"),
    );
    const LATE: &str = "2026-11-23T17:10:00+08:00";
    stdout_of(b.import_at(LATE, "visits", &v));
    let s = b.json(LATE, &["status", "--json"]);
    assert!(
        s["to_inform"].as_array().unwrap().is_empty(),
        "{}",
        s["to_inform"]
    );
    let log = stdout_of(b.cmd(LATE, &["audit", "log"]).output().unwrap());
    assert!(log.contains("王强 40 min late"), "{log}");
}
