//! `center export summary`: the weekly and monthly rates of every branch,
//! from the reports the center holds, equal to each branch's own `*` row.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

const MON: &str = "2026-11-23T17:40:00+08:00";
const TUE: &str = "2026-11-24T17:40:00+08:00";
const SUN: &str = "2026-11-29T20:00:00+08:00";

fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn daily(b: &Bench, now: &str, dir: &Path) {
    b.ok(now, &["export", "daily", "--out", dir.to_str().unwrap()]);
}

fn star_row(
    b: &Bench,
    code: &str,
    period: &str,
    start: &str,
    out: &Path,
) -> BTreeMap<String, String> {
    b.ok(
        SUN,
        &[
            "export",
            "summary",
            "--period",
            period,
            "--date",
            "2026-11-26",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let file = out.join(format!("{code}/{code}_summary_{period}_{start}.csv"));
    rows(&file)
        .into_iter()
        .find(|r| r["engineer"] == "*")
        .unwrap()
}

/// QD01: Monday J003 satisfied (attitude satisfied), J004 unsatisfied and
/// unsolved (its re-visit J004-R1 received), J001's follow-up unreachable;
/// Tuesday J101 comes back for J001's fridge (a repeat against 王强) and
/// J001's follow-up is answered satisfied. QD02: Monday J003 unsatisfied
/// (re-visit J003-R1), J004 satisfied, nothing on Tuesday. Each branch
/// sends its daily reports; the center's summary of the week and of the
/// month holds, per branch, exactly the branch's own `*` row.
#[test]
fn the_centers_summary_is_each_branchs_own_star_row() {
    let a = loaded_as("QD01");
    let b = loaded_as("QD02");
    let exports = a.dir.path().join("exports");
    a.ok(
        MON,
        &[
            "callback",
            "J003",
            "--result",
            "satisfied",
            "--attitude",
            "satisfied",
        ],
    );
    a.ok(
        MON,
        &[
            "callback",
            "J004",
            "--result",
            "unsatisfied",
            "--solved",
            "no",
        ],
    );
    a.ok(MON, &["callback", "J001", "--result", "unreachable"]);
    daily(&a, MON, &exports);
    let repeat = a.file(
        "r.csv",
        &format!(
            "{JOBS_HEADER}\nJ101,QD01,2026-11-24 09:00,张三,13812345678,青岛市崂山区海尔路1号,BCD-470WDPG,2024-05-01,冰箱又不制冷,,,,赵磊,in\n"
        ),
    );
    assert!(a.import_at(TUE, "jobs", &repeat).status.success());
    a.ok(
        "2026-11-24T11:00:00+08:00",
        &[
            "callback",
            "J001",
            "--result",
            "satisfied",
            "--quality",
            "neutral",
        ],
    );
    daily(&a, TUE, &exports);
    b.ok(
        MON,
        &[
            "callback",
            "J003",
            "--result",
            "unsatisfied",
            "--attitude",
            "unsatisfied",
        ],
    );
    b.ok(
        MON,
        &[
            "callback",
            "J004",
            "--result",
            "satisfied",
            "--solved",
            "yes",
        ],
    );
    daily(&b, MON, &exports);

    let center = Bench::new();
    let out = center
        .cmd(SUN, &["center", "import", exports.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The center's scorecard has each branch's engineers' rates, the same
    // numbers as the branch's own scorecard over the same days.
    let rates = |bench: &Bench| -> Vec<String> {
        bench
            .ok(SUN, &["--lang", "en", "supervise", "--period", "7d"])
            .lines()
            .skip_while(|l| !l.starts_with("Rates ("))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let at_center = rates(&center);
    for (bench, code) in [(&a, "QD01"), (&b, "QD02")] {
        let mine = rates(bench);
        assert!(mine.len() > 1, "{mine:?}");
        for line in mine.iter().filter(|l| !l.starts_with("* ")) {
            assert!(
                at_center.contains(&format!("{code} {line}")),
                "{code} {line} not in {at_center:?}"
            );
        }
    }

    let own = a.dir.path().join("own");
    for (period, start) in [("week", "2026-11-23"), ("month", "2026-11-01")] {
        let qd01 = star_row(&a, "QD01", period, start, &own);
        let qd02 = star_row(&b, "QD02", period, start, &own);
        // The two branches differ, so that a mix-up would show.
        assert_ne!(qd01["satisfaction_rate"], qd02["satisfaction_rate"]);
        let said = center.ok(
            SUN,
            &[
                "center",
                "export",
                "summary",
                "--period",
                period,
                "--date",
                "2026-11-26",
                "--out",
                exports.to_str().unwrap(),
            ],
        );
        let file = exports.join(format!("center/summary_{period}_{start}.csv"));
        assert!(
            said.contains(&format!("summary_{period}_{start}.csv")),
            "{said}"
        );
        assert!(file.with_extension("xlsx").exists());
        let got = rows(&file);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], qd01, "{period}: QD01");
        assert_eq!(got[1], qd02, "{period}: QD02");
    }
    // The week, worked out by hand for QD01: due J002's and J003's 2 h,
    // J004's 3 h, J001's and J005's follow-ups; answered J003, J004, J001;
    // the repeat J101 of J001.
    let week = rows(&exports.join("center/summary_week_2026-11-23.csv"));
    let q = &week[0];
    assert_eq!(
        (
            q["period_start"].as_str(),
            q["period_end"].as_str(),
            q["engineer"].as_str()
        ),
        ("2026-11-23", "2026-11-29", "*")
    );
    for (col, want) in [
        ("jobs", "2"),
        ("onsite_jobs", "5"),
        ("callbacks_due", "5"),
        ("callbacks_answered", "3"),
        ("callback_rate", "0.6000"),
        ("satisfied", "2"),
        ("satisfaction_rate", "0.6667"),
        ("attitude_satisfied_rate", "1.0000"),
        ("quality_satisfied_rate", "0.0000"),
        ("solved_rate", "0.0000"),
        ("repeats", "1"),
        ("repeat_rate", "0.2000"),
    ] {
        assert_eq!(q[col], want, "QD01 {col}");
    }
    // The month holds the jobs received on Sunday 11-22 too.
    let month = rows(&exports.join("center/summary_month_2026-11-01.csv"));
    assert_eq!(month[0]["period_end"], "2026-11-30");
    assert_eq!(month[0]["jobs"], "10");
    // A Sunday is in the ISO week that began on the Monday before; the
    // next Monday starts a week with nothing in it yet.
    for (date, start, jobs) in [
        ("2026-11-29", "2026-11-23", "2"),
        ("2026-11-30", "2026-11-30", "0"),
    ] {
        center.ok(
            SUN,
            &[
                "center",
                "export",
                "summary",
                "--period",
                "week",
                "--date",
                date,
                "--out",
                exports.to_str().unwrap(),
            ],
        );
        let r = rows(&exports.join(format!("center/summary_week_{start}.csv")));
        assert_eq!(r[0]["period_start"], start);
        assert_eq!(r[0]["jobs"], jobs, "week of {date}");
        assert_eq!(
            r[0]["callback_rate"],
            if jobs == "0" { "" } else { "0.6000" }
        );
    }
    // Plain `center export` still writes the day's summary.
    let out = center.ok(
        SUN,
        &[
            "center",
            "export",
            "--date",
            "2026-11-23",
            "--out",
            exports.to_str().unwrap(),
        ],
    );
    assert!(out.contains("summary-2026-11-23.csv"), "{out}");
}
