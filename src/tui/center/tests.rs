//! The center screen without a terminal: a center filled by the center
//! demo (real branch exports, real imports) at a fixed clock; keys in,
//! state and store out; whole screens as `insta` snapshots at 80×24.

use super::{CenterAction, CenterApp, Overlay};
use crate::domain::center::CheckState;
use crate::i18n::Lang;
use crate::store::center as st;
use crate::tui::test_kit::{
    CENTER_NOW, at, buffer, demo_center, press, screen, snapshot, text_of, typing,
};
use chrono::NaiveDate;
use crossterm::event::KeyCode;

fn order(app: &CenterApp) -> Vec<String> {
    app.order
        .iter()
        .map(|&i| app.status.branches[i].branch.clone())
        .collect()
}

#[test]
fn the_table_puts_missing_then_late_first() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    let app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    assert_eq!(&order(&app)[..2], ["QD-HD", "QD-SN"]);
    // Of the two on time, the one with open discrepancies comes first.
    assert_eq!(&order(&app)[2..], ["QD-CY", "QD-LS"]);
}

#[test]
fn screens_in_both_languages_at_80x24() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    for lang in [Lang::Zh, Lang::En] {
        let mut app = CenterApp::new(&mut c, lang, at(CENTER_NOW)).unwrap();
        let l = format!("{lang:?}").to_lowercase();
        snapshot!(format!("center_{l}_80x24"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Char('?'));
        snapshot!(format!("center_{l}_80x24_help"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
        // QD-CY: the branch with open discrepancies.
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Some(Overlay::Detail { .. })));
        snapshot!(format!("center_{l}_80x24_detail"), screen(&app, 80, 24));
    }
}

#[test]
fn every_section_of_a_branch_report_is_a_page_away_at_80x24_with_a_more_marker() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    for lang in [Lang::Zh, Lang::En] {
        let mut app = CenterApp::new(&mut c, lang, at(CENTER_NOW)).unwrap();
        let l = format!("{lang:?}").to_lowercase();
        // QD-SN: the late branch with the most open discrepancies.
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        let Some(Overlay::Detail { branch, rows, .. }) = app.overlay.clone() else {
            panic!("no report overlay");
        };
        assert_eq!(branch, "QD-SN");
        let first = screen(&app, 80, 24);
        let more = if lang == Lang::Zh {
            "还有"
        } else {
            "more lines"
        };
        assert!(first.contains(more), "a cut report says so:\n{first}");
        // Page down to the end: every job and every open discrepancy of the
        // report is on some page.
        let mut seen = first.clone();
        let mut pages = 0;
        while !screen(&app, 80, 24).contains(if lang == Lang::Zh {
            "到此为止"
        } else {
            "end of the report"
        }) {
            press(&mut app, KeyCode::PageDown);
            seen += &screen(&app, 80, 24);
            pages += 1;
            assert!(pages < 20, "never reaches the end");
        }
        for r in &rows {
            assert!(seen.contains(&r.job_no), "{} never shown", r.job_no);
        }
        let disc = rows
            .iter()
            .filter(|r| !r.facts.discrepancies_open.is_empty())
            .count();
        assert!(disc > 4, "{disc}");
        assert!(
            seen.contains(&format!("({disc})")),
            "the discrepancies' title"
        );
        snapshot!(format!("center_{l}_80x24_detail_end"), screen(&app, 80, 24));
        // Up one page from the end, then back to the top.
        press(&mut app, KeyCode::PageUp);
        snapshot!(
            format!("center_{l}_80x24_detail_page"),
            screen(&app, 80, 24)
        );
        press(&mut app, KeyCode::Home);
        assert_eq!(screen(&app, 80, 24), first);
        // The figures the overlay shows are `center status --json`'s.
        let b = app.current().unwrap().clone();
        let counts = b.counts.clone().expect("figures of a report");
        let words = |n: &str| crate::i18n::count_name(lang, n);
        // The lines wrap (Chinese anywhere): compared without blanks and
        // borders.
        let flat: String = seen
            .lines()
            .map(|l| l.rfind("\" Hidden").map_or(l, |end| &l[..end]))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace() && !"│┌┐└┘─\"".contains(*c))
            .collect();
        for name in [
            "callbacks_overdue",
            "discrepancies_open",
            "cards_awaiting_signature",
        ] {
            let want: String = format!("{}{},", words(name), counts[name])
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let want_zh = want.replace(',', "，");
            assert!(
                flat.contains(&want) || flat.contains(&want_zh),
                "{name} {}: {flat}",
                counts[name]
            );
        }
        press(&mut app, KeyCode::Esc);
    }
}

#[test]
fn the_table_and_the_header_count_what_center_status_says() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    let app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    let json = serde_json::to_value(&app.status).unwrap();
    let text = screen(&app, 120, 30);
    let sum = |k: &str| -> u64 {
        json["branches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["figures"][k].as_u64().unwrap_or(0))
            .sum()
    };
    assert!(
        text.contains(&format!("open discrepancies {}", sum("discrepancies_open"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("callbacks overdue {}", sum("callbacks_overdue"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("on-site late {}", sum("response_overdue"))),
        "{text}"
    );
    // Each branch's row: its overdue callbacks and open discrepancies.
    for b in json["branches"].as_array().unwrap() {
        let Some(f) = b["figures"].as_object() else {
            continue;
        };
        let code = b["branch"].as_str().unwrap();
        let line = text.lines().find(|l| l.contains(code)).unwrap();
        let cells: Vec<&str> = line.split_whitespace().collect();
        for k in ["callbacks_overdue", "discrepancies_open"] {
            let n = f[k].to_string();
            assert!(cells.contains(&n.as_str()), "{code} {k} {n}: {line}");
        }
    }
}

#[test]
fn a_wide_screen_shows_every_column_and_a_small_one_says_so() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    let app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    let wide = screen(&app, 120, 30);
    for title in ["name", "done", "unsat", "inv", "gen 2 17:45"] {
        assert!(wide.contains(title), "{title} missing:\n{wide}");
    }
    let small = screen(&app, 60, 20);
    assert!(small.contains("Terminal too small"), "{small}");
}

#[test]
fn k_marks_the_selected_branch_checked_with_a_note() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    {
        let mut app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
        press(&mut app, KeyCode::Down); // QD-SN, late at 10:00
        press(&mut app, KeyCode::Char('c'));
        typing(&mut app, "已电话催报");
        snapshot!("center_en_80x24_check_form", screen(&app, 80, 24));
        press(&mut app, KeyCode::Enter);
        assert!(app.overlay.is_none());
        let b = app.current().unwrap();
        assert_eq!(b.branch, "QD-SN");
        // 18:30: the check that counts is 18:00.
        let mark = b.checks[1].checked.as_ref().expect("checked at 18:00");
        assert_eq!(
            (mark.by.as_str(), mark.note.as_str()),
            ("center-clerk", "已电话催报")
        );
        assert!(screen(&app, 80, 24).contains("✓"));
    }
    let marks = st::checks_of_date(c.store.conn(), "2026-11-23").unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(
        (marks[0].branch.as_str(), marks[0].check_time.as_str()),
        ("QD-SN", "18:00")
    );
}

#[test]
fn esc_in_the_check_form_asks_before_throwing_the_note_away() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    let mut app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    press(&mut app, KeyCode::Char('c'));
    typing(&mut app, "x");
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.overlay, Some(Overlay::Check { .. })),
        "kept after one Esc"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    drop(app);
    assert!(
        st::checks_of_date(c.store.conn(), "2026-11-23")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn days_move_back_and_not_past_today() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    let mut app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    press(&mut app, KeyCode::Right);
    assert_eq!(app.date, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    press(&mut app, KeyCode::Left);
    assert_eq!(app.date, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    assert!(!app.follow_today);
    // Yesterday was reported too; its checks are all in the past.
    let sn = app
        .status
        .branches
        .iter()
        .find(|b| b.branch == "QD-SN")
        .unwrap();
    assert_eq!(sn.checks[0].state, CheckState::Late);
    assert!(screen(&app, 80, 24).contains("a past day"));
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.date, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
}

#[test]
fn the_states_move_on_with_the_clock_and_the_countdown_ticks() {
    // 09:55: nothing is late yet; QD-LS (09:30) is on time.
    let (_d, mut c) = demo_center("2026-11-23T09:55:00+08:00");
    let mut app = CenterApp::new(&mut c, Lang::En, at("2026-11-23T09:55:00+08:00")).unwrap();
    let state = |app: &CenterApp, code: &str| {
        let b = app
            .status
            .branches
            .iter()
            .find(|b| b.branch == code)
            .unwrap();
        b.checks[0].state
    };
    assert_eq!(state(&app, "QD-SN"), CheckState::Pending);
    let s = screen(&app, 80, 24);
    assert!(s.contains("next check 10:00 in 0:05:00"), "{s}");
    app.update(CenterAction::Tick(at("2026-11-23T09:59:30+08:00")));
    assert!(screen(&app, 80, 24).contains("in 0:00:30"));
    assert_eq!(state(&app, "QD-SN"), CheckState::Pending);
    // The check passes: without a key, missing branches come first.
    app.update(CenterAction::Tick(at("2026-11-23T10:00:01+08:00")));
    assert_eq!(state(&app, "QD-SN"), CheckState::Missing);
    assert_eq!(state(&app, "QD-HD"), CheckState::Missing);
    assert_eq!(&order(&app)[..2], ["QD-HD", "QD-SN"]);
    assert!(screen(&app, 80, 24).contains("next check 18:00"));
}

#[test]
fn i_imports_the_reports_folder_and_shows_what_happened() {
    let (d, mut c) = demo_center(CENTER_NOW);
    // A report that was edited after export: rejected, the rest unchanged.
    let csv = d.path().join("reports/QD-LS/QD-LS_2026-11-23.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes.extend_from_slice(b"2026-11-23,QD-LS,X1,,,,,,,,,,,,,,,,,,,,,,,,\r\n");
    std::fs::write(&csv, bytes).unwrap();
    let mut app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    press(&mut app, KeyCode::Char('i'));
    let Some(Overlay::Notice(lines)) = &app.overlay else {
        panic!("a notice: {:?}", app.overlay)
    };
    assert!(
        lines[0].contains("0 new, 5 unchanged, 1 rejected"),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("QD-LS_2026-11-23.csv") && lines[1].contains("SHA-256"),
        "{lines:?}"
    );
    // The first key after the notice is not lost: it closes the notice
    // and does what it does.
    let before = app.selected;
    press(&mut app, KeyCode::Char('j'));
    assert!(app.overlay.is_none());
    assert_eq!(app.selected, before + 1);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn the_demo_opens_on_its_newest_day_with_reports() {
    // Filled early in the morning: today has no report yet.
    let (_d, mut c) = demo_center("2026-11-23T07:00:00+08:00");
    let day = c.latest_report_date().unwrap().unwrap();
    assert_eq!(day.to_string(), "2026-11-22");
    let mut app = CenterApp::new(&mut c, Lang::En, at("2026-11-23T07:00:00+08:00")).unwrap();
    app.show_day(day);
    assert_eq!(app.date, day);
    assert!(app.status.branches.iter().any(|b| b.report.is_some()));
    assert!(!app.follow_today);
}

/// `r` lists the cases the branches reported; Enter rules on the
/// selected one (←→ the decision, a note), `e` writes the signed rulings.
#[test]
fn r_lists_the_branches_cases_enter_rules_and_e_sends_the_rulings() {
    let (d, mut c) = demo_center(CENTER_NOW);
    let mut app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    press(&mut app, KeyCode::Char('r'));
    let Some(Overlay::Cases { cases, .. }) = &app.overlay else {
        panic!("the cases list")
    };
    assert!(!cases.is_empty(), "the demo branches report cases");
    let first = cases.iter().position(|k| k.ruling.is_none()).unwrap();
    let (branch, id) = (cases[first].branch.clone(), cases[first].case_id);
    snapshot!("center_en_80x24_cases", screen(&app, 80, 24));
    for _ in 0..first {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Right);
    typing(&mut app, "not per the standard");
    snapshot!("center_en_80x24_rule", screen(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Cases { cases, rule, .. }) = &app.overlay else {
        panic!("back on the list")
    };
    assert!(rule.is_none());
    let k = cases
        .iter()
        .find(|k| k.branch == branch && k.case_id == id)
        .unwrap();
    let r = k.ruling.as_ref().expect("ruled");
    assert_eq!(r.decision, "rejected");
    assert_eq!(r.note, "not per the standard");
    assert_eq!(r.ruled_by, "center-clerk");
    // A second ruling on it is refused.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.overlay,
        Some(Overlay::Cases { rule: None, .. })
    ));
    // e: one signed file for that branch, in the reports folder.
    press(&mut app, KeyCode::Char('e'));
    let file = d
        .path()
        .join("reports")
        .join(&branch)
        .join(format!("{branch}_rulings_20261123T183000.json"));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(v["rulings"][0]["case_id"], id);
    assert!(crate::domain::signing::verify(&v).is_ok());
}

/// Two reports rejected at once, on the smallest screen, in Chinese: the
/// notice holds every rejection whole (wrapped, never cut at the box's
/// edge), each reason in Chinese.
#[test]
fn i_shows_every_rejection_whole_and_in_chinese_at_80x24() {
    let (d, mut c) = demo_center(CENTER_NOW);
    // One edited after export, one signed by another key than the pinned.
    let csv = d.path().join("reports/QD-LS/QD-LS_2026-11-23.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes.extend_from_slice(b"2026-11-23,QD-LS,X1,,,,,,,,,,,,,,,,,,,,,,,,\r\n");
    std::fs::write(&csv, bytes).unwrap();
    let manifest = d
        .path()
        .join("reports/QD-SN/QD-SN_2026-11-23.manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let other = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    crate::domain::signing::sign(&mut m, &other);
    std::fs::write(&manifest, serde_json::to_vec(&m).unwrap()).unwrap();
    let mut app = CenterApp::new(&mut c, Lang::Zh, at(CENTER_NOW)).unwrap();
    press(&mut app, KeyCode::Char('i'));
    let Some(Overlay::Notice(lines)) = &app.overlay else {
        panic!("a notice: {:?}", app.overlay)
    };
    assert_eq!(lines.len(), 3, "{lines:?}");
    let shown = text_of(&buffer(&app, 80, 24));
    // The screen's text without the box's borders, joined line to line.
    let text: String = shown
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c == ' '))
        .collect();
    for l in &lines[1..] {
        let allowed = ["branchdesk", "center", "branches", "rekey", "key", "reason"];
        let words = crate::i18n::english_words(l, &allowed);
        assert!(words.is_empty(), "{l} {words:?}");
        let compact: String = l.chars().filter(|c| *c != ' ').collect();
        let text: String = text.chars().filter(|c| *c != ' ').collect();
        assert!(text.contains(&compact), "cut: {l}\n{shown}");
    }
}

/// A wide screen gives a report's job columns the room they need: a card's
/// state is never cut while columns are free (120×40 cut `not required` to
/// `not requi…` with 40 columns empty); the figures at export are said in
/// words (`to_inform 2` was its JSON name).
#[test]
fn a_wide_report_shows_each_jobs_card_state_whole() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    let mut app = CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Detail { rows, .. }) = app.overlay.clone() else {
        panic!("no report overlay");
    };
    assert!(rows.iter().any(|r| r.card_state == "not_required"));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("not required"), "{shown}");
    assert!(!shown.contains("not requi…"), "{shown}");
    // Every figure at export by its words, none by its JSON name.
    assert!(shown.contains("follow-ups pending"), "{shown}");
    assert!(
        !shown.contains("to_inform") && !shown.contains("followups_"),
        "{shown}"
    );
}

/// The selected branch's summary under the table grows to its lines while
/// rows are free: every kind of its open backlog is on screen (120×40 cut
/// the list after three lines, with twenty rows of the table empty).
#[test]
fn the_selected_branchs_backlog_is_whole_under_the_table() {
    let (_d, mut c) = demo_center(CENTER_NOW);
    for (lang, w, h) in [(Lang::Zh, 120, 40), (Lang::En, 80, 24)] {
        let mut app = CenterApp::new(&mut c, lang, at(CENTER_NOW)).unwrap();
        press(&mut app, KeyCode::Down);
        let b = app.current().unwrap().clone();
        let report = b.report.clone().expect("a report");
        let shown: String = text_of(&buffer(&app, w, h))
            .lines()
            .map(|l| l.trim_matches(|c: char| c == '│' || c == ' '))
            .collect::<String>()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(!report.open_items.is_empty());
        for (k, n) in &report.open_items {
            let item: String = format!("{}{n}", crate::i18n::code(lang, k))
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(
                shown.contains(&item),
                "{lang:?} {w}x{h}: {item} cut:\n{shown}"
            );
        }
    }
}
