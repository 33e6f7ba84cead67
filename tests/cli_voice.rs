//! The customer's voice on the command line: callback answers and their
//! refusals, the card's marks, follow-ups after `fixed` visits, repeat
//! repairs, the summaries. Every refusal leaves the database as it was.

mod common;
use common::*;

const LATER: &str = "2026-11-23T17:40:00+08:00";

fn ok(b: &Bench, now: &str, args: &[&str]) -> String {
    let out = b.cmd(now, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn refused(b: &Bench, now: &str, args: &[&str]) -> String {
    let before = b.dump();
    let out = b.cmd(now, args).output().unwrap();
    assert!(!out.status.success(), "{args:?} was accepted");
    assert_eq!(b.dump(), before, "{args:?} changed the database");
    String::from_utf8(out.stderr).unwrap()
}

fn sql<T: rusqlite::types::FromSql>(b: &Bench, q: &str) -> T {
    rusqlite::Connection::open(&b.db)
        .unwrap()
        .query_row(q, [], |r| r.get(0))
        .unwrap()
}

fn last_answers(b: &Bench, job: &str) -> String {
    sql(
        b,
        &format!(
            "SELECT e.result || '|' || coalesce(e.attitude, '') || '|' || coalesce(e.quality, '')
                 || '|' || coalesce(e.solved, '')
             FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
             JOIN jobs j ON j.id = c.job_id WHERE j.job_no = '{job}' ORDER BY e.id DESC LIMIT 1"
        ),
    )
}

#[test]
fn callback_answers_are_kept_and_refused_with_the_wrong_result() {
    let b = loaded();
    // Answers with unreachable or denies_signature: refused, nothing written.
    let err = refused(
        &b,
        LATER,
        &[
            "callback",
            "J003",
            "--result",
            "unreachable",
            "--attitude",
            "satisfied",
        ],
    );
    assert!(
        err.contains("attitude") && err.contains("unreachable"),
        "{err}"
    );
    let err = refused(
        &b,
        LATER,
        &[
            "callback",
            "J003",
            "--result",
            "denies_signature",
            "--solved",
            "yes",
        ],
    );
    assert!(err.contains("solved"), "{err}");
    // Not solved is not a satisfied customer.
    let err = refused(
        &b,
        LATER,
        &[
            "callback",
            "J003",
            "--result",
            "satisfied",
            "--solved",
            "no",
        ],
    );
    assert!(
        err.contains("solved") && err.contains("unsatisfied"),
        "{err}"
    );
    // A bad code is refused by the command line itself.
    refused(
        &b,
        LATER,
        &[
            "callback",
            "J003",
            "--result",
            "satisfied",
            "--quality",
            "great",
        ],
    );
    let out = ok(
        &b,
        LATER,
        &[
            "callback",
            "J003",
            "--result",
            "satisfied",
            "--attitude",
            "satisfied",
            "--quality",
            "neutral",
            "--solved",
            "yes",
        ],
    );
    assert!(out.contains("2h callback"), "{out}");
    assert!(
        out.contains("attitude satisfied, quality neutral, solved yes"),
        "{out}"
    );
    assert_eq!(last_answers(&b, "J003"), "satisfied|satisfied|neutral|1");
    // Unsolved with unsatisfied: accepted, and the re-visit opens.
    let out = ok(
        &b,
        LATER,
        &[
            "callback",
            "J004",
            "--result",
            "unsatisfied",
            "--solved",
            "no",
        ],
    );
    assert!(out.contains("J004-R1"), "{out}");
    assert_eq!(last_answers(&b, "J004"), "unsatisfied|||0");
}

#[test]
fn imported_calls_carry_answers_and_a_wrong_pair_rejects_the_file() {
    let b = loaded();
    let bad = b.file(
        "calls.csv",
        "job_no,called_at,result,note,caller,attitude,quality,solved\n\
         J003,2026-11-23 14:30,satisfied,,张敏,satisfied,,yes\n\
         J004,2026-11-23 14:40,unreachable,,张敏,,neutral,\n\
         J002,2026-11-23 13:10,satisfied,,张敏,good,,no\n",
    );
    let before = b.dump();
    let out = b.import_at(LATER, "callbacks", &bad);
    assert!(!out.status.success());
    assert_eq!(b.dump(), before);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("calls.csv:3: quality"), "{err}");
    assert!(err.contains("calls.csv:4: attitude"), "{err}");
    assert!(err.contains("calls.csv:4: solved"), "{err}");
    let good = b.file(
        "calls2.csv",
        "job_no,called_at,result,note,caller,attitude,quality,solved\n\
         J003,2026-11-23 14:30,satisfied,,张敏,satisfied,,yes\n\
         J004,2026-11-23 14:40,unsatisfied,还漏水,张敏,neutral,unsatisfied,no\n",
    );
    let out = b.import_at(LATER, "callbacks", &good);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(last_answers(&b, "J003"), "satisfied|satisfied||1");
    assert_eq!(
        last_answers(&b, "J004"),
        "unsatisfied|neutral|unsatisfied|0"
    );
    // The same file again changes nothing; another answer is another call.
    let before = b.dump();
    assert!(b.import_at(LATER, "callbacks", &good).status.success());
    assert_eq!(b.dump(), before);
    let changed = b.file(
        "calls3.csv",
        "job_no,called_at,result,note,caller,attitude,quality,solved\n\
         J003,2026-11-23 14:30,satisfied,,张敏,neutral,,yes\n",
    );
    let out = b.import_at(LATER, "callbacks", &changed);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("calls3.csv:2: attitude"));
    assert_eq!(b.dump(), before);
}

#[test]
fn correct_callback_takes_the_answers_with_the_same_rules() {
    let b = loaded();
    ok(
        &b,
        LATER,
        &[
            "callback",
            "J003",
            "--result",
            "satisfied",
            "--solved",
            "yes",
        ],
    );
    let err = refused(
        &b,
        LATER,
        &[
            "correct",
            "callback",
            "J003",
            "solved=no",
            "--reason",
            "听错了",
        ],
    );
    assert!(err.contains("solved"), "{err}");
    let err = refused(
        &b,
        LATER,
        &[
            "correct",
            "callback",
            "J003",
            "attitude=ok",
            "--reason",
            "听错了",
        ],
    );
    assert!(err.contains("attitude"), "{err}");
    ok(
        &b,
        LATER,
        &[
            "correct",
            "callback",
            "J003",
            "attitude=unsatisfied",
            "quality=neutral",
            "solved=",
            "--reason",
            "补录回答",
        ],
    );
    assert_eq!(last_answers(&b, "J003"), "satisfied|unsatisfied|neutral|");
    let log = ok(&b, LATER, &["audit", "log", "--job", "J003"]);
    assert!(
        log.contains("attitude") && log.contains("补录回答"),
        "{log}"
    );
}

#[test]
fn the_card_takes_quality_and_attitude_marks() {
    let b = Bench::new();
    let jobs = b.file("jobs.csv", &jobs_csv());
    assert!(b.import("jobs", &jobs).status.success());
    let visits = b.file("visits.csv", &visits_csv());
    assert!(b.import("visits", &visits).status.success());
    let bad = b.file(
        "cards.csv",
        &format!(
            "{CARDS_HEADER},quality,attitude\nJ001,2026-11-23 13:00,satisfied,customer,yes,,,good,satisfied\n"
        ),
    );
    let before = b.dump();
    let out = b.import("cards", &bad);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cards.csv:2: quality"));
    assert_eq!(b.dump(), before);
    let good = b.file(
        "cards2.csv",
        &format!(
            "{CARDS_HEADER},quality,attitude\nJ001,2026-11-23 13:00,satisfied,customer,yes,,,neutral,satisfied\n"
        ),
    );
    assert!(b.import("cards", &good).status.success());
    let marks: String = sql(
        &b,
        "SELECT k.quality || '|' || k.attitude FROM cards k JOIN jobs j ON j.id = k.job_id
         WHERE j.job_no = 'J001'",
    );
    assert_eq!(marks, "neutral|satisfied");
    refused(
        &b,
        LATER,
        &["correct", "card", "J001", "attitude=bad", "--reason", "x"],
    );
    ok(
        &b,
        LATER,
        &[
            "correct",
            "card",
            "J001",
            "quality=satisfied",
            "--reason",
            "看错了",
        ],
    );
    let marks: String = sql(
        &b,
        "SELECT k.quality FROM cards k JOIN jobs j ON j.id = k.job_id WHERE j.job_no = 'J001'",
    );
    assert_eq!(marks, "satisfied");
}
