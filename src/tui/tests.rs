//! What holds on all three screens: every popup and overlay at 80×24 in
//! Chinese keeps its border cells (snapshots, and a check of the buffer);
//! a Chinese screen shows no English words (codes, models, key names and
//! numbers aside); keys do nothing behind "terminal too small".

use super::handle_key;
use super::kit::frame::hidden_borders;
use super::test_kit::{
    CENTER_NOW, NOW, at, buffer, demo_center, demo_desk, press, snapshot, text_of, typing,
};
use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;

/// Words of ASCII letters that a Chinese screen may show: key names,
/// units and formats, the demo's operator logins (`clerk`, `demo`).
const ALLOWED: &[&str] = &[
    "Tab", "S", "Enter", "Esc", "PgUp", "PgDn", "Home", "End", "Space", "Ctrl", "C", "HH", "MM",
    "YYYY", "DD", "U", "W", "clerk", "h", "j", "k", "x", "a", "g", "e", "b", "p", "s", "r", "f",
    "c", "v", "R", "n", "m", "i", "t", "q", "y", "o", "w", "SHA", "demo",
];

/// [`crate::i18n::english_words`] with this test's allowed words.
fn english_words(text: &str) -> Vec<String> {
    crate::i18n::english_words(text, ALLOWED)
}

/// Checks a Chinese screen: no border cell hidden, no English; snapshot.
fn check_zh(name: &str, buf: &Buffer, leaks: &mut Vec<String>) {
    assert!(
        hidden_borders(buf).is_empty(),
        "{name}: border cells hidden behind wide text at {:?}\n{}",
        hidden_borders(buf),
        text_of(buf)
    );
    let text = text_of(buf);
    for w in english_words(&text) {
        leaks.push(format!("{name}: {w}"));
    }
    // The center's reports folder is a temporary one.
    let mut text = text;
    while let Some(i) = text.find("/.tmp") {
        let end = text[i + 1..].find('/').map_or(text.len(), |j| i + 1 + j);
        text = format!("{}[tmp]{}", &text[..i], &text[end..]);
    }
    snapshot!(format!("zh_popup_{name}"), text);
}

#[test]
fn every_popup_and_overlay_at_80x24_in_chinese_keeps_its_borders_and_speaks_chinese() {
    use crate::tui::dashboard::{App, Panel};
    let mut leaks = Vec::new();
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    check_zh("dashboard", &buffer(&app, 80, 24), &mut leaks);
    // The cases and delays list.
    press(&mut app, KeyCode::Char('o'));
    check_zh("cases", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    for (k, name) in [
        ('2', "callbacks"),
        ('3', "cards"),
        ('4', "discrepancies"),
        ('5', "verify"),
        ('6', "book"),
    ] {
        press(&mut app, KeyCode::Char(k));
        check_zh(name, &buffer(&app, 80, 24), &mut leaks);
    }
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('1'));
    for (k, name) in [('?', "help"), ('g', "chart")] {
        press(&mut app, KeyCode::Char(k));
        check_zh(name, &buffer(&app, 80, 24), &mut leaks);
        if k == '?' {
            // The rest of the help, scrolled to its end.
            press(&mut app, KeyCode::End);
            check_zh("help_end", &buffer(&app, 80, 24), &mut leaks);
        }
        press(&mut app, KeyCode::Esc);
    }
    app.update(crate::tui::Action::Focus(Panel::Callbacks));
    press(&mut app, KeyCode::Enter);
    check_zh("detail", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    for (k, name) in [
        ('f', "feedback_form"),
        ('c', "card_form"),
        ('v', "visit_form"),
        ('n', "new_job_form"),
    ] {
        press(&mut app, KeyCode::Char(k));
        assert!(app.form.is_some(), "{name}: {:?}", app.message);
        check_zh(name, &buffer(&app, 80, 24), &mut leaks);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "张");
    handle_key(
        &mut app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        80,
        24,
    );
    check_zh("confirm_quit", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('r'));
    check_zh("resolve_form", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('R'));
    check_zh("reconcile_notice", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    // A correction: which record, then its form filled in.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('E'));
    check_zh("correct_pick", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "{:?}", app.message);
    check_zh("correct_form", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    assert!(app.form.is_none());
    // A visit saved: the "done" message.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Enter);
    check_zh("visit_done", &buffer(&app, 80, 24), &mut leaks);
    drop(app);

    // The supervisor's screen.
    let mut app = crate::tui::supervise::SupApp::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    check_zh("supervise", &buffer(&app, 80, 24), &mut leaks);
    for (k, name) in [
        ('2', "sup_forgeries"),
        ('3', "sup_engineers"),
        ('4', "sup_chains"),
        ('5', "sup_acted"),
    ] {
        press(&mut app, KeyCode::Char(k));
        check_zh(name, &buffer(&app, 80, 24), &mut leaks);
    }
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('?'));
    check_zh("sup_help", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    check_zh("sup_detail", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('x'));
    check_zh("sup_escalate", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('a'));
    check_zh("sup_acknowledge", &buffer(&app, 80, 24), &mut leaks);
    press(&mut app, KeyCode::Esc);
    drop(app);

    // The center's screen.
    let (_dir, mut c) = demo_center(CENTER_NOW);
    let mut app = crate::tui::center::CenterApp::new(&mut c, Lang::Zh, at(CENTER_NOW)).unwrap();
    check_zh("center", &buffer(&app, 80, 24), &mut leaks);
    for (k, name) in [
        (KeyCode::Char('?'), "center_help"),
        (KeyCode::Enter, "center_report"),
        (KeyCode::Char('c'), "center_check"),
        (KeyCode::Char('i'), "center_import"),
        (KeyCode::Char('r'), "center_cases"),
    ] {
        press(&mut app, k);
        check_zh(name, &buffer(&app, 80, 24), &mut leaks);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
    }
    assert!(
        leaks.is_empty(),
        "English on Chinese screens:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn keys_do_nothing_behind_terminal_too_small() {
    let mut d = demo_desk();
    let mut app = crate::tui::dashboard::App::new(&mut d, Lang::En, at(NOW)).unwrap();
    let small = |app: &mut crate::tui::dashboard::App, code| {
        handle_key(app, KeyEvent::new(code, KeyModifiers::NONE), 79, 24)
    };
    small(&mut app, KeyCode::Char('v'));
    assert!(app.form.is_none(), "no form opens behind the message");
    press(&mut app, KeyCode::Char('v'));
    assert!(app.form.is_some());
    let before = app.form.clone();
    for c in "12:00".chars() {
        small(&mut app, KeyCode::Char(c));
    }
    small(&mut app, KeyCode::Enter);
    assert_eq!(app.form, before, "no letters into a hidden form, no save");
    handle_key(
        &mut app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        60,
        20,
    );
    assert!(
        app.confirm.is_some() || app.should_quit,
        "Ctrl-C still quits"
    );
    drop(app);
    // `q` and Esc, which the message names, quit as Ctrl-C does.
    for code in [KeyCode::Char('q'), KeyCode::Esc] {
        let mut app = crate::tui::dashboard::App::new(&mut d, Lang::En, at(NOW)).unwrap();
        small(&mut app, code);
        assert!(app.should_quit, "{code:?} behind the message quits");
    }

    let mut sup = crate::tui::supervise::SupApp::new(&mut d, Lang::En, at(NOW)).unwrap();
    handle_key(
        &mut sup,
        KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
        80,
        23,
    );
    assert!(sup.form.is_none());
    drop(sup);

    let (_dir, mut c) = demo_center(CENTER_NOW);
    let mut center = crate::tui::center::CenterApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    handle_key(
        &mut center,
        KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE),
        70,
        30,
    );
    assert!(center.overlay.is_none());
}

#[test]
fn an_operations_refusal_is_said_in_chinese_on_a_chinese_screen() {
    use crate::tui::dashboard::{Action, App, Panel};
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    app.update(Action::Focus(Panel::Jobs));
    // A job with no callback pending: "unreachable" is refused by the desk.
    while app
        .selected_job()
        .is_some_and(|j| app.report.callbacks_pending.iter().any(|c| c.job_no == j))
    {
        press(&mut app, KeyCode::Down);
    }
    let job = app.selected_job().unwrap();
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    let error = app.form.as_ref().and_then(|f| f.error.clone()).unwrap();
    assert!(
        error.contains(&job) && error.contains("没有待回访"),
        "{error}"
    );
    assert!(english_words(&error).is_empty(), "{error}");
    // The same refusal typed, for every language.
    let e = crate::desk::DeskError::NoPendingCallback(job.clone());
    assert!(english_words(&crate::desk::said::desk_error(Lang::Zh, &e)).is_empty());
    assert!(crate::desk::said::desk_error(Lang::En, &e).contains("no callback pending"));
    // A correction of a job that is not there is the same typed refusal.
    let e = app
        .desk
        .correct(
            crate::domain::correction::CorrectKind::Job,
            "NOPE",
            &[("phone".into(), "13800000000".into())],
            "wrong number",
            at(NOW).to_utc(),
        )
        .unwrap_err();
    assert!(
        matches!(&e, crate::desk::DeskError::NoJob(j) if j == "NOPE"),
        "{e}"
    );
    assert_eq!(
        crate::desk::said::desk_error(Lang::Zh, &e),
        "没有服务单 NOPE。"
    );
    // The complaint log's refusals too.
    for e in [
        crate::desk::DeskError::NoComplaint(7),
        crate::desk::DeskError::ComplaintSettled(7),
        crate::desk::DeskError::ComplaintResponded(7),
        crate::desk::DeskError::ComplaintNeedsNote,
    ] {
        let zh = crate::desk::said::desk_error(Lang::Zh, &e);
        assert!(english_words(&zh).is_empty() && zh.contains("投诉"), "{zh}");
    }
    // So is the correction of a card, visit or result the job does not have.
    let scheduled = app
        .report
        .today_jobs
        .iter()
        .find(|j| j.status == crate::domain::status::JobStatus::Scheduled)
        .map(|j| j.job_no.clone())
        .unwrap();
    for (kind, field) in [
        (crate::domain::correction::CorrectKind::Card, "signed_by"),
        (crate::domain::correction::CorrectKind::Visit, "outcome"),
        (crate::domain::correction::CorrectKind::Callback, "result"),
    ] {
        let e = app
            .desk
            .correct(
                kind,
                &scheduled,
                &[(field.into(), "customer".into())],
                "r",
                at(NOW).to_utc(),
            )
            .unwrap_err();
        assert!(
            matches!(&e, crate::desk::DeskError::NoRecordToCorrect { job_no, .. } if *job_no == scheduled),
            "{e}"
        );
        let zh = crate::desk::said::desk_error(Lang::Zh, &e);
        assert!(
            zh.contains(&scheduled) && english_words(&zh).is_empty(),
            "{zh}"
        );
        assert!(
            e.to_string().ends_with("to correct")
                || e.to_string().contains("record the card first"),
            "{e}"
        );
    }
}

/// Names planted behind branchdesk's back (an old database, the `sqlite3`
/// shell): escape sequences, a C1 control, a bidirectional override and a
/// zero-width character riding on the cell before it.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;x\u{7}\u{9b}1m\u{202e}反\u{2066}\u{7f}";

fn plant(conn: &rusqlite::Connection, sql: &str) {
    conn.create_scalar_function(
        "hostile",
        0,
        rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |_| Ok(HOSTILE.to_string()),
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

/// Every cell of the screen is free of what a terminal obeys or reorders by.
fn safe_cells(name: &str, buf: &Buffer) {
    for (i, cell) in buf.content.iter().enumerate() {
        let s = cell.symbol();
        assert!(
            !s.chars().any(|c| c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "{name}: cell {i} holds {s:?}"
        );
    }
}

#[test]
fn hostile_names_reach_no_screen_as_control_characters() {
    use crate::tui::dashboard::App;
    let mut d = demo_desk();
    plant(
        d.store.conn(),
        "UPDATE jobs SET customer = hostile() || customer, engineer = hostile() || engineer,
                job_no = job_no || hostile();",
    );
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    let buf = buffer(&app, 80, 24);
    safe_cells("dashboard", &buf);
    snapshot!("hostile_names_dashboard", text_of(&buf));
    press(&mut app, KeyCode::Enter);
    safe_cells("detail", &buffer(&app, 80, 24));
    drop(app);
    let mut sup = crate::tui::supervise::SupApp::new(&mut d, Lang::En, at(NOW)).unwrap();
    for k in ['1', '2', '3', '4', '5'] {
        press(&mut sup, KeyCode::Char(k));
        safe_cells(&format!("supervise {k}"), &buffer(&sup, 80, 24));
    }
    drop(sup);

    let (_dir, mut c) = demo_center(CENTER_NOW);
    plant(
        c.store.conn(),
        "UPDATE center_report_rows SET engineer = hostile() || engineer,
                job_no = job_no || hostile();
         UPDATE center_branches SET name = hostile() || name;",
    );
    let mut app = crate::tui::center::CenterApp::new(&mut c, Lang::Zh, at(CENTER_NOW)).unwrap();
    let buf = buffer(&app, 80, 24);
    safe_cells("center", &buf);
    snapshot!("hostile_names_center", text_of(&buf));
    press(&mut app, KeyCode::Enter);
    safe_cells("center_detail", &buffer(&app, 80, 24));
}
