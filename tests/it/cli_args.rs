//! What is typed on the command line is held to the rules of what a file
//! brings (SPEC, *Fine points*): a refusal is one line on stderr and leaves
//! the database as it was; a day outside 2000–2099 is refused, and so is a
//! day's report of a day to come; an engineer's name is printable text; a
//! note is no longer than a report's field may be.

use crate::common::{Bench, NOW, loaded, words};

/// A refusal: non-zero, the database untouched, one line that says `what`.
fn one_line_refusal(b: &Bench, args: &[&str], what: &str) {
    let err = b.refused(NOW, args);
    assert_eq!(err.lines().count(), 1, "{args:?}:\n{err}");
    assert!(err.contains(what), "{args:?}: {err}");
}

#[test]
fn a_usage_error_is_one_line_on_stderr() {
    let b = loaded();
    for (args, what) in [
        (
            &["callback", "J001", "--result", "bogus"][..],
            "unknown code \"bogus\"",
        ),
        (&["callback", "J001"], "--result <RESULT>"),
        (&["status", "--bogus"], "'--bogus'"),
        (&["statsu"], "'statsu'"),
        (&["reconcile", "--date", "2026-02-30"], "not a valid date"),
        (
            &["complaint", "respond", "abc", "--note", "x"],
            "\"abc\" is not a whole number",
        ),
        (&["--lang", "zh", "callback", "J001"], "缺少必需的参数"),
    ] {
        let out = b.cmd(NOW, args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}:\n{err}");
        assert!(err.contains(what), "{args:?}: {err}");
    }
    // Help is not an error: printed whole, to stdout.
    let out = b.cmd(NOW, &["callback", "--help"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 5);
}

#[test]
fn a_day_outside_the_years_or_still_to_come_is_refused() {
    let b = loaded();
    let out = b.exports();
    let out = out.to_str().unwrap();
    for args in [
        &["export", "daily", "--date", "1999-12-31", "--out", out][..],
        &["export", "daily", "--date", "2100-01-01", "--out", out],
        &["reconcile", "--date", "2100-01-01"],
        &[
            "export",
            "summary",
            "--period",
            "week",
            "--date",
            "1999-01-01",
        ],
        &["center", "status", "--date", "1999-01-01"],
    ] {
        one_line_refusal(&b, args, "outside the years 2000–2099");
    }
    // Nor is a clock fixed outside them.
    let err = b.refused("1999-12-31T23:00:00+08:00", &["status"]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("1999-12-31: outside the years 2000–2099"),
        "{err}"
    );
    // The center refuses a report of a day that has not begun: none is made.
    one_line_refusal(
        &b,
        &["export", "daily", "--date", "2026-11-24", "--out", out],
        "2026-11-24 has not begun (today is 2026-11-23)",
    );
    assert!(
        !b.exports().exists(),
        "a report of a day to come was written"
    );
    b.ok(
        NOW,
        &["export", "daily", "--date", "2026-11-23", "--out", out],
    );
}

#[test]
fn an_engineers_name_typed_is_printable_text_and_a_note_not_too_long() {
    let b = loaded();
    b.ok(
        NOW,
        &words("complaint add J001 --source hotline --category other --note x"),
    );
    let look_alike = "王强\u{200b}";
    one_line_refusal(
        &b,
        &words(&format!(
            "complaint settle 1 --resolution penalty --note x --engineer {look_alike}"
        )),
        "U+200B",
    );
    one_line_refusal(&b, &["delay", look_alike, "--minutes", "10"], "U+200B");
    let long = "长".repeat(2001);
    one_line_refusal(
        &b,
        &["case", "add", "J001", "--kind", "damage", "--note", &long],
        "--note: 2001 characters, at most 2000",
    );
    // In Chinese, whole.
    let err = b.refused(
        NOW,
        &[
            "--lang", "zh", "case", "add", "J001", "--kind", "damage", "--note", &long,
        ],
    );
    assert_eq!(
        err.trim(),
        "branchdesk: --note：2001 个字符，最多 2000 个；未做任何操作"
    );
    // The same at the limit goes through.
    b.ok(
        NOW,
        &[
            "case",
            "add",
            "J001",
            "--kind",
            "damage",
            "--note",
            &"长".repeat(2000),
        ],
    );
}
