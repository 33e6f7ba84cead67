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
