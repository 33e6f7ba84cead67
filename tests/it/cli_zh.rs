//! Every text a clerk reads from the command line with `--lang zh` is
//! Chinese but for codes, numbers, paths and job numbers: the same check of
//! English words as the screens' (src/tui/tests.rs), over the real binary
//! on the demo desk.

use crate::common::*;

const NOW: &str = "2026-12-07T14:00:00+08:00";

/// Words of ASCII letters a Chinese output may show: the program's own
/// name, a command to type (`branchdesk: …`, `branchdesk key`, `audit
/// verify`), the settings' keys (`config KEY VALUE` takes them) and the
/// operators' names (`demo`, the bench's `tester`).
const ALLOWED: &[&str] = &[
    "branchdesk",
    "key",
    "audit",
    "verify",
    "branch",
    "timezone",
    "cutoff",
    "demo",
    "tester",
];

/// [`branchdesk::i18n::english_words`] with this test's allowed words; an
/// option to type (`--note`) is not a word either.
fn english_words(text: &str) -> Vec<String> {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        plain.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        plain.push(' ');
        rest = &after[end..];
    }
    plain.push_str(rest);
    branchdesk::i18n::english_words(&plain, ALLOWED)
}

/// Runs `branchdesk --lang zh ARGS…` on the bench and returns what it
/// printed (stdout and stderr) after checking that it ended as expected.
fn zh(b: &Bench, ok: bool, args: &[&str]) -> String {
    let mut all = vec!["--lang", "zh"];
    all.extend_from_slice(args);
    let out = b.cmd(NOW, &all).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.success(), ok, "{args:?}: {text}");
    text
}

/// Collects the English words of one command's output.
fn check(leaks: &mut Vec<String>, args: &[&str], text: &str) {
    let words = english_words(text);
    if !words.is_empty() {
        leaks.push(format!("{args:?}: {words:?}\n{text}"));
    }
}

#[test]
fn the_word_check_finds_english_and_lets_codes_numbers_and_paths_pass() {
    assert_eq!(
        english_words("2612040058-R1 QD-LS KFR-35GW 2h /tmp/out/a.csv 2026-12-07T14:00 网点"),
        Vec::<String>::new()
    );
    assert_eq!(
        english_words("网点 QD-LS  now 2026 overdue 1:40"),
        ["now", "overdue"]
    );
}

#[test]
fn a_clerks_commands_speak_chinese_with_lang_zh() {
    let b = Bench::new();
    // The demo desk holds every kind of row: jobs, callbacks, cards,
    // discrepancies, conflicts, complaints, cases, delays.
    let out = b
        .cmd(NOW, &["--lang", "zh", "--demo", "status", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut leaks = Vec::new();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("演示"), "{said}");
    check(&mut leaks, &["--demo"], &said);
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pending = status["callbacks_pending"][0]["job_no"]
        .as_str()
        .unwrap()
        .to_string();
    // A card that came back unsigned: there is a card to correct.
    let card = status["cards_awaiting_signature"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["card_state"] == "unsigned")
        .expect("an unsigned card in the demo")["job_no"]
        .as_str()
        .unwrap()
        .to_string();
    // The next complaint's number.
    let complaints = b.json(NOW, &["complaint", "list", "--all", "--json"]);
    let next = complaints["complaints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .max()
        .unwrap_or(0)
        + 1;
    let next = next.to_string();
    let first = |list: &str| {
        status[list][0]["job_no"]
            .as_str()
            .unwrap_or_else(|| panic!("a row of {list} in the demo"))
            .to_string()
    };
    let (verify, inform, invoice) = (
        first("to_verify"),
        first("to_inform"),
        first("invoices_owed"),
    );
    let sumdir = b.dir.path().join("summaries");
    let sumdir = sumdir.to_str().unwrap();
    let outdir = b.dir.path().join("reports");
    let outdir = outdir.to_str().unwrap();
    let jobs = b.file("jobs.csv", &jobs_csv());
    let jobs = jobs.to_str().unwrap();
    let bad = b.file("bad.csv", "job_no,received_at\nX1,not a time\n");
    let bad = bad.to_str().unwrap();

    let runs: Vec<(bool, Vec<&str>)> = vec![
        (true, vec!["status"]),
        (true, vec!["overdue"]),
        (true, vec!["reconcile"]),
        (
            true,
            vec![
                "callback",
                &pending,
                "--result",
                "unsatisfied",
                "--attitude",
                "neutral",
                "--solved",
                "no",
            ],
        ),
        (true, vec!["export", "daily", "--out", outdir]),
        (
            true,
            vec!["export", "summary", "--period", "week", "--out", sumdir],
        ),
        (true, vec!["complaint", "list"]),
        (true, vec!["case", "list"]),
        (
            true,
            vec![
                "correct",
                "card",
                &card,
                "signed_by=customer",
                "--reason",
                "录入错误",
            ],
        ),
        (
            true,
            vec![
                "complaint",
                "add",
                &pending,
                "--source",
                "hotline",
                "--category",
                "attitude",
                "--note",
                "态度不好",
            ],
        ),
        (
            true,
            vec!["complaint", "respond", &next, "--note", "已致歉"],
        ),
        (
            true,
            vec![
                "complaint",
                "settle",
                &next,
                "--resolution",
                "apology",
                "--note",
                "用户接受",
            ],
        ),
        (
            true,
            vec![
                "case",
                "add",
                &pending,
                "--kind",
                "fee_waiver",
                "--note",
                "老用户",
            ],
        ),
        // The demo's case 2 has the center's ruling.
        (true, vec!["case", "close", "2", "--note", "已按批示收费"]),
        (true, vec!["delay", "李明", "--minutes", "20"]),
        (
            true,
            vec![
                "resolve",
                &card,
                "signature_missing",
                "--resolution",
                "note",
                "--note",
                "已补签",
            ],
        ),
        (true, vec!["verify", &verify]),
        (true, vec!["informed", &inform]),
        (true, vec!["deliver-invoice", &invoice]),
        // A desk's refusal, on stderr.
        (
            false,
            vec!["callback", "NOSUCHJOB", "--result", "satisfied"],
        ),
    ];
    for (ok, args) in &runs {
        let text = zh(&b, *ok, args);
        check(&mut leaks, args, &text);
    }

    // The desk's other commands and their refusals (clap's own usage
    // errors aside: they stay English).
    let backup = b.dir.path().join("copy.db");
    let backup = backup.to_str().unwrap();
    let missing = b.dir.path().join("nothing-here.csv");
    let missing = missing.to_str().unwrap();
    let runs: Vec<(bool, Vec<&str>)> = vec![
        (true, vec!["supervise", "--period", "30d"]),
        (true, vec!["config"]),
        (false, vec!["config", "timezone", "Mars/Olympus"]),
        (false, vec!["config", "cutoff", "25:00"]),
        (true, vec!["key"]),
        (true, vec!["check"]),
        (true, vec!["backup", "--to", backup]),
        (true, vec!["audit", "verify"]),
        (true, vec!["audit", "log"]),
        (false, vec!["audit", "verify", "--anchors", missing]),
        (false, vec!["informed", &card]),
        (false, vec!["case", "close", "999", "--note", "无"]),
        (false, vec!["case", "close", "1", "--note", "无"]),
        (
            false,
            vec![
                "case",
                "add",
                &pending,
                "--kind",
                "fee_waiver",
                "--note",
                "",
            ],
        ),
        (
            false,
            vec!["correct", "job", &pending, "phone=139", "--reason", ""],
        ),
        (false, vec!["correct", "job", &pending, "电话"]),
        (false, vec!["complaint", "respond", "999", "--note", "无"]),
        (false, vec!["deliver-invoice", &pending]),
        (false, vec!["import", "fees", missing]),
        (false, vec!["restore", missing]),
    ];
    for (ok, args) in &runs {
        let text = zh(&b, *ok, args);
        check(&mut leaks, args, &text);
    }
    let args = ["demo", "--jobs", "20", "--days", "2"];
    check(&mut leaks, &args, &zh(&Bench::new(), true, &args));
    let args = ["restore", backup];
    let restored = Bench::new();
    check(&mut leaks, &args, &zh(&restored, true, &args));

    // Imports, on a new desk of the files' branch.
    let fresh = Bench::new();
    let args = ["import", "jobs", jobs];
    check(&mut leaks, &args, &zh(&fresh, true, &args));
    // Rejected files: every problem (`FILE:LINE: column: why`) and the
    // verdict, in Chinese but for the file's own columns, codes and values.
    let header = "job_no,branch,received_at,customer,phone,address,product_model,\
                  purchase_date,fault,requirement,appointment_start,appointment_end,engineer,warranty";
    let bad_jobs = format!(
        "{header}\n,QD01,2026-12-07 09:00,王,139,址,KFR,2025-02-30,坏,无,\
         2026-12-07 10:00,2026-12-07 09:00,李明,maybe\n\
         J2,,not-a-time,王,139,址,KFR,,坏,无,,2026-12-07 09:00,,in\n\
         J3,QD01,2026-12-07 09:00,王,139,址,KFR,,坏,无,,,,in,extra\n"
    );
    let files = [
        ("jobs", b.file("bad_jobs.csv", &bad_jobs)),
        ("jobs", b.file("empty.csv", "")),
        ("jobs", b.file("twice.csv", "job_no,job_no\nJ1,J1\n")),
        ("jobs", bad.into()),
        (
            "visits",
            b.file(
                "bad_visits.csv",
                "job_no,engineer,arrived_at,finished_at,outcome,charge,fee_items\n\
                 NOJOB,李明,,,fixed,-5,\n\
                 NOJOB,李明,x,2026-12-07 10:00,bogus,abc,\n",
            ),
        ),
        (
            "cards",
            b.file(
                "bad_cards.csv",
                "job_no,returned_at,satisfaction,signed_by,warranty_record,charge\n\
                 NOJOB,2030-12-07 10:00,meh,someone,perhaps,1\n",
            ),
        ),
        (
            "callbacks",
            b.file(
                "bad_calls.csv",
                "job_no,called_at,result,attitude,solved\n\
                 NOJOB,2030-01-01 10:00,great,bad,maybe\n\
                 NOJOB,2026-12-07 10:00,unreachable,satisfied,\n",
            ),
        ),
        (
            "fees",
            b.file("bad_fees.csv", "code,name,amount\n,工时,\nX,,-3\nX,,3\n"),
        ),
    ];
    // The files' own words: their columns, the codes a column takes and
    // the values written in them.
    let own: Vec<&str> = [
        "maybe", "bogus", "abc", "meh", "someone", "perhaps", "great",
    ]
    .into_iter()
    .chain(["bad", "not", "a", "time", "x", "fees", "import"])
    .chain(["satisfied", "unsatisfied", "unreachable", "neutral"])
    .chain([
        "consulted",
        "fixed",
        "unsure",
        "pulled",
        "rescheduled",
        "cancelled",
    ])
    .chain(["returned", "customer", "family", "engineer", "none"])
    .chain([
        "branch",
        "phone",
        "address",
        "fault",
        "requirement",
        "warranty",
    ])
    .chain([
        "outcome",
        "charge",
        "satisfaction",
        "result",
        "attitude",
        "solved",
    ])
    .chain(["code", "amount", "name"])
    .collect();
    for (what, file) in &files {
        let file = file.to_str().unwrap();
        let args = ["import", what, file];
        let text = zh(&fresh, false, &args);
        let verdict = text.lines().last().unwrap_or_default();
        assert!(verdict.contains("被拒收"), "{text}");
        assert!(text.lines().count() > 1, "{text}");
        let words: Vec<String> = english_words(&text)
            .into_iter()
            .filter(|w| !own.contains(&w.as_str()))
            .collect();
        if !words.is_empty() {
            leaks.push(format!("{args:?}: {words:?}\n{text}"));
        }
    }

    // The center: its status, and importing the branch's report.
    let center = Bench::new();
    let args = ["--demo", "center", "status"];
    check(&mut leaks, &args, &zh(&center, true, &args));
    // A new center takes the branch's report (its key pinned at first).
    let center = Bench::new();
    let args = ["center", "import", outdir];
    check(&mut leaks, &args, &zh(&center, true, &args));
    let args = ["center", "status"];
    check(&mut leaks, &args, &zh(&center, true, &args));
    assert!(
        leaks.is_empty(),
        "English on --lang zh:\n{}",
        leaks.join("\n\n")
    );
}

/// The words of the center's commands a Chinese text may tell the clerk
/// to type (`branchdesk center branches add CODE`, `center cases`), and
/// of a report file a rejection may quote: its columns (by their header
/// names) and the codes its cells hold.
fn center_words() -> Vec<String> {
    let mut own: Vec<String> = branchdesk::domain::report::COLUMNS
        .iter()
        .map(|c| c.name.to_string())
        .collect();
    own.extend(
        [
            "bogus",
            "unscheduled",
            "scheduled",
            "revisit",
            "done",
            "cancelled",
        ]
        .map(String::from),
    );
    // A setting and the values it takes, and the value typed.
    own.extend(["mouse", "on", "off", "maybe"].map(String::from));
    own.extend(["center", "branches", "add", "rekey", "cases", "config"].map(String::from));
    own
}

/// [`check`] with the center's own words.
fn check_center(leaks: &mut Vec<String>, args: &[&str], text: &str) {
    let own = center_words();
    let words: Vec<String> = english_words(text)
        .into_iter()
        .filter(|w| !own.contains(w))
        .collect();
    if !words.is_empty() {
        leaks.push(format!("{args:?}: {words:?}\n{text}"));
    }
}

/// Every center command with `--lang zh`, its successes and its main
/// refusals, on the demo center's real reports: Chinese but for codes,
/// numbers, paths and the files' own words.
#[test]
fn the_centers_commands_speak_chinese_with_lang_zh() {
    // The demo center's four branches' signed reports of two days.
    let seed = Bench::new();
    let args = ["--demo", "center", "status"];
    let mut leaks = Vec::new();
    check_center(&mut leaks, &args, &zh(&seed, true, &args));
    let good = seed.dir.path().join("center-demo-reports");
    assert!(good.join("QD-LS").exists());
    // The screen's text when not on a terminal.
    let args = ["--demo", "center"];
    check_center(&mut leaks, &args, &zh(&seed, true, &args));

    let c = Bench::new();
    let dir = |name: &str| c.dir.path().join(name);
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let out = path(&dir("out"));
    let anchors = path(&dir("anchors.json"));
    let nowhere = path(&dir("nowhere"));
    // Two branches' real public keys.
    let key_of = |branch: &str| {
        let m = good
            .join(branch)
            .join(format!("{branch}_2026-12-07.manifest.json"));
        let m: serde_json::Value = serde_json::from_slice(&std::fs::read(m).unwrap()).unwrap();
        m["public_key"].as_str().unwrap().to_string()
    };
    let (key, other_key) = (key_of("QD-LS"), key_of("QD-SN"));
    let runs: Vec<(bool, Vec<&str>)> = vec![
        (true, vec!["center", "branches", "add", "QD-NEW", "新网点"]),
        (true, vec!["center", "import", good.to_str().unwrap()]),
        // The same folder again: every report unchanged.
        (true, vec!["center", "import", good.to_str().unwrap()]),
        (true, vec!["center", "status"]),
        (true, vec!["center", "status", "--date", "2026-12-06"]),
        (true, vec!["center", "branches"]),
        (true, vec!["center", "branches", "list"]),
        (
            true,
            vec![
                "center",
                "branches",
                "add",
                "QD-KEY",
                "有钥网点",
                "--key",
                &key,
            ],
        ),
        (
            true,
            vec![
                "center",
                "branches",
                "rekey",
                "QD-KEY",
                "--key",
                &other_key,
                "--reason",
                "换了电脑",
            ],
        ),
        (
            true,
            vec![
                "center", "branches", "rekey", "QD-NEW", "--key", &key, "--reason", "首次",
            ],
        ),
        (
            true,
            vec![
                "center",
                "check",
                "QD-LS",
                "--time",
                "10:00",
                "--note",
                "已电话催报",
            ],
        ),
        (true, vec!["center", "check", "QD-NEW"]),
        (true, vec!["center", "anchors", "QD-LS", "--out", &anchors]),
        (true, vec!["center", "cases"]),
        (
            true,
            vec![
                "center",
                "rule",
                "QD-LS",
                "1",
                "--decision",
                "approved",
                "--note",
                "同意减免",
            ],
        ),
        (
            true,
            vec![
                "center",
                "rule",
                "QD-CY",
                "2",
                "--decision",
                "other",
                "--note",
                "另议",
            ],
        ),
        (true, vec!["center", "cases"]),
        (true, vec!["center", "key"]),
        (true, vec!["center", "export", "rulings", "--out", &out]),
        (true, vec!["center", "export", "rulings", "--out", &out]),
        (true, vec!["center", "export", "--out", &out]),
        (
            true,
            vec!["center", "export", "--date", "2026-12-06", "--out", &out],
        ),
        (
            true,
            vec![
                "center", "export", "summary", "--period", "week", "--out", &out,
            ],
        ),
        (
            true,
            vec![
                "center", "export", "summary", "--period", "month", "--out", &out,
            ],
        ),
        (true, vec!["overdue"]),
        (true, vec!["supervise"]),
        (true, vec!["supervise", "--period", "30d"]),
        (true, vec!["config"]),
        // The refusals.
        (false, vec!["center", "branches", "add", "QD/1"]),
        (
            false,
            vec!["center", "branches", "add", "QD-X", "--key", "00"],
        ),
        (
            false,
            vec!["center", "branches", "add", "QD-KEY", "--key", &key],
        ),
        (
            false,
            vec![
                "center", "branches", "rekey", "QD-NONE", "--key", &key, "--reason", "换机",
            ],
        ),
        (
            false,
            vec![
                "center", "branches", "rekey", "QD-LS", "--key", &key, "--reason", " ",
            ],
        ),
        (
            false,
            vec![
                "center", "branches", "rekey", "QD-LS", "--key", "0xyz", "--reason", "换机",
            ],
        ),
        (false, vec!["center", "anchors", "QD/1"]),
        (false, vec!["center", "check", "QD-NONE", "--time", "10:00"]),
        (false, vec!["center", "check", "QD-LS", "--time", "11:11"]),
        (false, vec!["center", "check", "QD-LS", "--time", "25:00"]),
        (
            false,
            vec![
                "center",
                "check",
                "QD-LS",
                "--date",
                "2026-12-09",
                "--time",
                "10:00",
            ],
        ),
        (
            false,
            vec![
                "center",
                "rule",
                "QD-NONE",
                "1",
                "--decision",
                "approved",
                "--note",
                "同意",
            ],
        ),
        (
            false,
            vec![
                "center",
                "rule",
                "QD-LS",
                "999",
                "--decision",
                "approved",
                "--note",
                "同意",
            ],
        ),
        (
            false,
            vec![
                "center",
                "rule",
                "QD-LS",
                "1",
                "--decision",
                "rejected",
                "--note",
                "再议",
            ],
        ),
        (
            false,
            vec![
                "center",
                "rule",
                "QD-LS",
                "4",
                "--decision",
                "rejected",
                "--note",
                " ",
            ],
        ),
        (false, vec!["center", "import", &nowhere]),
        (false, vec!["config", "mouse", "maybe"]),
        (false, vec!["config", "no_such_setting", "1"]),
    ];
    for (ok, args) in &runs {
        let text = zh(&c, *ok, args);
        check_center(&mut leaks, args, &text);
    }

    // Rejected reports, each in a folder of its own: every problem and the
    // verdict in Chinese, but for the files' own words.
    let report = |name: &str, branch: &str| {
        let d = dir(name);
        copy_dir(&good.join(branch), &d.join(branch));
        let stem = d.join(branch).join(format!("{branch}_2026-12-07"));
        (
            d,
            stem.with_extension("csv"),
            stem.with_extension("manifest.json"),
        )
    };
    let mut bad = Vec::new();
    // A row changed after signing.
    let (d, csv, _) = report("tampered", "QD-SN");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replacen("QD-SN", "QD-SX", 2)).unwrap();
    bad.push(d);
    // Not signed; signed, then edited.
    let (d, _, manifest) = report("unsigned", "QD-SN");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    m.as_object_mut().unwrap().remove("signature");
    std::fs::write(&manifest, serde_json::to_vec(&m).unwrap()).unwrap();
    bad.push(d);
    let (d, _, manifest) = report("edited", "QD-SN");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("\"rows\": ", "\"rows\": 1")).unwrap();
    bad.push(d);
    // Signed with another key than the one pinned (this bench's own).
    let (d, _, manifest) = report("other_key", "QD-SN");
    c.rewrite_manifest(&manifest, "QD-SN", |_| {});
    bad.push(d);
    // No manifest beside the report; a branch's report in another's folder.
    let (d, _, manifest) = report("no_manifest", "QD-SN");
    std::fs::remove_file(&manifest).unwrap();
    bad.push(d);
    let d = dir("wrong_folder");
    copy_dir(&good.join("QD-SN"), &d.join("QD-ZZ"));
    bad.push(d);
    // Bad rows in the first report of a new branch (QD-RW, made from
    // QD-SN's and signed with its own new key): a row of another branch,
    // a status no job has, a row count the file does not have.
    let d = dir("bad_rows");
    let rw = d.join("QD-RW");
    std::fs::create_dir_all(&rw).unwrap();
    let sn = good.join("QD-SN").join("QD-SN_2026-12-07");
    let text = std::fs::read_to_string(sn.with_extension("csv"))
        .unwrap()
        .replace(",QD-SN,", ",QD-RW,")
        .replacen(",QD-RW,", ",QD-SN,", 1)
        .replacen(",unscheduled,", ",bogus,", 1);
    std::fs::write(rw.join("QD-RW_2026-12-07.csv"), &text).unwrap();
    let manifest = rw.join("QD-RW_2026-12-07.manifest.json");
    std::fs::copy(sn.with_extension("manifest.json"), &manifest).unwrap();
    c.rewrite_manifest(&manifest, "QD-RW", |m| {
        m["branch"] = "QD-RW".into();
        m["sha256"] = sha256(text.as_bytes()).into();
        m["rows"] = 9999.into();
    });
    bad.push(d);
    for d in &bad {
        let d = d.to_str().unwrap();
        let args = ["center", "import", d];
        let text = zh(&c, false, &args);
        assert!(text.contains("被拒收"), "{text}");
        check_center(&mut leaks, &args, &text);
    }

    // The center's rulings at a branch (the demo desk, QD-LS): taken,
    // taken again, then refused: another branch's, edited, not signed, a
    // case it does not have.
    let branch = Bench::new();
    let _ = zh(&branch, true, &["--demo", "status"]);
    let file_of = |code: &str| {
        let d = dir("out").join(code);
        std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "json"))
            .unwrap_or_else(|| panic!("no rulings file in {}", d.display()))
    };
    let (ls, cy) = (file_of("QD-LS"), file_of("QD-CY"));
    let text = std::fs::read_to_string(&ls).unwrap();
    let edited = c.file("edited.json", &text.replace("同意减免", "不同意"));
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v.as_object_mut().unwrap().remove("signature");
    let unsigned = c.file("unsigned.json", &v.to_string());
    // A case the branch does not have, signed by the center.
    let unknown = c.file("unknown.json", &text);
    c.rewrite_manifest(&unknown, "_center", |v| {
        v["rulings"][0]["case_id"] = 999.into()
    });
    for (ok, file) in [
        (true, &ls),
        (true, &ls),
        (false, &cy),
        (false, &edited),
        (false, &unsigned),
        (false, &unknown),
    ] {
        let args = ["import", "rulings", file.to_str().unwrap()];
        let text = zh(&branch, ok, &args);
        check_center(&mut leaks, &args, &text);
    }
    assert!(
        leaks.is_empty(),
        "English on --lang zh:\n{}",
        leaks.join("\n\n")
    );
}

/// A command line that does not parse (a mistyped flag or command, a value
/// not in the list, an argument missing) is said in Chinese too, with the
/// usage line to type and clap's exit code 2; what the clerk typed and the
/// names to type stay as they are.
#[test]
fn usage_errors_speak_chinese_with_lang_zh() {
    let b = Bench::new();
    let mut leaks = Vec::new();
    for args in [
        &["status", "--jsn"][..],
        &["statsu"],
        &["--now", "tomorrow", "status"],
        &["center", "rule"],
        &[
            "center",
            "rule",
            "QD-LS",
            "1",
            "--decision",
            "bogus",
            "--note",
            "x",
        ],
        &[
            "center",
            "rule",
            "QD-LS",
            "C1",
            "--decision",
            "approved",
            "--note",
            "x",
        ],
        &["import"],
        &["export", "daily", "--date", "yesterday"],
    ] {
        let mut all = vec!["--lang", "zh"];
        all.extend_from_slice(args);
        let out = b.cmd(NOW, &all).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(text.starts_with("错误："), "{args:?}: {text}");
        // The parts quoted are what was typed or a name to type; the usage
        // line is the command to type.
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
        let said: String = text
            .lines()
            .map(|l| l.split("用法：").next().unwrap_or_default())
            .map(|l| {
                l.split(['\'', '"'])
                    .step_by(2)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        // The codes a value may take are typed as they are.
        let said = said.replace("approved, rejected, other", "");
        check(&mut leaks, args, &said);
    }
    // In English clap's own words are kept.
    let out = b.cmd(NOW, &["--lang", "en", "statsu"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: unrecognized subcommand"));
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
}

/// `--help` follows `--lang` (every command's words are checked in the
/// lib's `cli::help_zh`): the real binary's help, by flag and by the `help`
/// command, in Chinese, and clap's English without it.
#[test]
fn the_help_speaks_chinese_with_lang_zh() {
    let b = Bench::new();
    for args in [
        &["--help"][..],
        &["import", "-h"],
        &["help", "center", "import"],
    ] {
        let mut all = vec!["--lang", "zh"];
        all.extend_from_slice(args);
        let out = b.cmd(NOW, &all).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(text.contains("用法：branchdesk"), "{args:?}: {text}");
        assert!(
            !text.contains("Usage") && !text.contains("Print help"),
            "{text}"
        );
    }
    let out = b
        .cmd(NOW, &["--lang", "en", "import", "-h"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Import a CSV file"), "{text}");
    assert!(
        text.contains("Usage: branchdesk import [OPTIONS] <WHAT> <FILE>"),
        "{text}"
    );
}

/// SPEC: `FILE:LINE: column: reason`. With `--lang zh` the column is its
/// own name alone in its slot (its Chinese label begins the reason), and
/// a job again with other content is said in Chinese only.
#[test]
fn an_import_problem_keeps_the_column_alone_in_its_slot_with_lang_zh() {
    let b = Bench::new();
    let j = b.file(
        "j.csv",
        "job_no,branch,received_at,engineer,warranty,remark\nJ1,B01,2026-02-30 09:00,李工,in,x\n",
    );
    let out = b
        .cmd(NOW, &["--lang", "zh", "import", "jobs"])
        .arg(&j)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with(&format!("{}:2: ", j.display())))
        .unwrap_or_else(|| panic!("{err}"));
    let mut parts = line.splitn(4, ": ");
    parts.next();
    assert_eq!(parts.next(), Some("received_at"), "{line}");
    assert!(line.contains("派工时间："), "{line}");
    // The unknown column named in the same shape.
    assert!(
        err.contains(&format!("{}:1: remark: ", j.display())),
        "{err}"
    );
    // The same job again with other content: no English among the Chinese.
    let ok = b.file(
        "ok.csv",
        "job_no,branch,received_at,customer,phone,engineer,warranty\nJ1,B01,2026-12-07 09:00,张三,13800000001,李工,in\n",
    );
    let out = b
        .cmd(NOW, &["--lang", "zh", "import", "jobs"])
        .arg(&ok)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let other = b.file(
        "other.csv",
        "job_no,branch,received_at,customer,phone,engineer,warranty\nJ1,B01,2026-12-07 09:00,李四,13800000002,王工,out\n",
    );
    let out = b
        .cmd(NOW, &["--lang", "zh", "import", "jobs"])
        .arg(&other)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("另有 3 个字段不同"), "{err}");
    assert!(!err.contains("more fields"), "{err}");
    // (but for the column's own name in its slot)
    let words: Vec<String> = english_words(&err)
        .into_iter()
        .filter(|w| w != "customer")
        .collect();
    assert!(words.is_empty(), "{words:?} {err}");
}
