//! The dashboard without a terminal: key events in, state and store out,
//! with a fixed clock; whole screens as `insta` snapshots of ratatui's
//! `TestBackend` in both languages at 80×24.

use super::form::FieldId;
use super::state::{Action, App, ListView, Mode, Panel, VerifyEntry};
use super::{keymap, view};
use crate::demo::{DemoOptions, fill};
use crate::desk::Desk;
use crate::domain::callback::Urgency;
use crate::domain::job::Job;
use crate::domain::time::{Zone, parse_instant};
use crate::domain::visit::{Outcome, Visit};
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::test_kit::{
    NOW, at, demo_desk, desk, keys, press, press_mod, screen, snapshot, terminal, typing,
};
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

/// The job numbers of a panel's rows, in display order.
fn rows(app: &App, p: Panel) -> Vec<String> {
    let r = &app.report;
    app.lists[p.index()]
        .rows
        .iter()
        .map(|&i| match p {
            Panel::Jobs => r.today_jobs[i].job_no.clone(),
            Panel::Callbacks => r.callbacks_pending[i].job_no.clone(),
            Panel::Cards => r.cards_awaiting_signature[i].job_no.clone(),
            Panel::Discrepancies => r.discrepancies[i].job_no.clone(),
            Panel::Verify => format!("{:?}", app.verify[i]),
            Panel::Book => r.open_jobs[i].job_no.clone(),
        })
        .collect()
}

fn select(app: &mut App, p: Panel, job_no: &str) {
    app.update(Action::Focus(p));
    app.update(Action::Home);
    let pos = rows(app, p)
        .iter()
        .position(|j| j == job_no)
        .unwrap_or_else(|| panic!("{job_no} not in {p:?}"));
    for _ in 0..pos {
        press(app, KeyCode::Down);
    }
    assert_eq!(app.selected_job().as_deref(), Some(job_no));
}

fn scalar<T: rusqlite::types::FromSql>(app: &App, sql: &str, job_no: &str) -> T {
    app.desk
        .store
        .conn()
        .query_row(sql, [job_no], |r| r.get(0))
        .unwrap()
}

// ---- Snapshots ------------------------------------------------------------

#[test]
fn every_panel_and_the_help_at_80x24_in_both_languages() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        app.set_lang(lang);
        let l = format!("{lang:?}").to_lowercase();
        for (n, name) in [
            ('1', "jobs"),
            ('2', "callbacks"),
            ('3', "cards"),
            ('4', "discrepancies"),
            ('5', "to_verify"),
            ('6', "to_book"),
        ] {
            press(&mut app, KeyCode::Char(n));
            snapshot!(&format!("{l}_80x24_{n}_{name}"), screen(&app, 80, 24));
        }
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Char('?'));
        assert!(app.help);
        snapshot!(&format!("{l}_80x24_help"), screen(&app, 80, 24));
        // What does not fit at 80×24 is a scroll away (End: the last lines).
        press(&mut app, KeyCode::End);
        snapshot!(&format!("{l}_80x24_help_end"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
        assert!(!app.help);
    }
}

/// The text of the help at `w`×`h`, scrolled from the top to the end a
/// line at a time with `j`.
fn help_text_scrolled(app: &mut App, w: u16, h: u16) -> String {
    press(app, KeyCode::Char('?'));
    let mut text = screen(app, w, h);
    for _ in 0..app.help_max.get() {
        press(app, KeyCode::Char('j'));
        text += &screen(app, w, h);
    }
    press(app, KeyCode::Esc);
    text
}

#[test]
fn every_key_of_the_tables_is_in_the_help_at_80x24_a_scroll_away_at_most() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        app.set_lang(lang);
        let text = help_text_scrolled(&mut app, 80, 24);
        let listed: Vec<_> = keymap::help_keys()
            .into_iter()
            .chain(keymap::complaints_help_keys())
            .chain(keymap::cases_help_keys())
            .chain(super::help_form_keys().iter().copied())
            .collect();
        for k in ["E", "p", "a", "r", "s", "q  Ctrl-C"] {
            assert!(listed.iter().any(|(keys, _)| *keys == k), "{k} not listed");
        }
        for (keys, desc) in listed {
            let line = format!("{keys:<9} {}", crate::i18n::tr(lang, desc));
            assert!(text.contains(&line), "{lang:?}: {line:?} not in the help");
        }
    }
    // A big terminal shows it all at once: nothing to scroll, no marker.
    press(&mut app, KeyCode::Char('?'));
    let big = screen(&app, 160, 50);
    assert_eq!(app.help_max.get(), 0);
    assert!(!big.contains("more"), "{big}");
}

#[test]
fn the_help_scrolls_with_j_k_and_says_when_there_is_more() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('?'));
    let top = screen(&app, 80, 24);
    let max = app.help_max.get();
    assert!(max > 0, "the dashboard's help is longer than 80x24 holds");
    assert!(
        top.contains("↓ more: j") && !top.contains("↑ more: k"),
        "{top}"
    );
    press(&mut app, KeyCode::Char('j'));
    let middle = screen(&app, 80, 24);
    assert_eq!(app.help_scroll, 1);
    assert!(middle.contains("↑ more: k"), "{middle}");
    // Past the end it stays at the end: one k goes back one line.
    for _ in 0..max + 10 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(app.help_scroll, max);
    let end = screen(&app, 80, 24);
    assert!(
        end.contains("↑ more: k") && !end.contains("↓ more: j"),
        "{end}"
    );
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.help_scroll, max - 1);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.help_scroll, 0);
    // The footer names the scroll keys; Esc closes and the next help opens
    // at the top.
    assert!(top.lines().last().unwrap().contains("↑↓ scroll"), "{top}");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Esc);
    assert!(!app.help);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.help_scroll, 0);
}

#[test]
fn b_shows_the_jobs_to_book_longest_waiting_first_and_v_books_one() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(app.focus, Panel::Book);
    let r = &app.report;
    assert!(!r.open_jobs.is_empty());
    // Every reason is on the demo's morning list.
    let reasons: std::collections::BTreeSet<&str> =
        r.open_jobs.iter().map(|j| j.reason.code()).collect();
    assert_eq!(
        reasons,
        [
            "awaiting_parts",
            "missed_appointment",
            "no_appointment",
            "not_home"
        ]
        .into()
    );
    let since: Vec<_> = rows(&app, Panel::Book)
        .iter()
        .map(|no| {
            r.open_jobs
                .iter()
                .find(|j| &j.job_no == no)
                .unwrap()
                .since_ts
        })
        .collect();
    assert!(since.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let first = r.open_jobs[app.lists[Panel::Book.index()].rows[0]].clone();
    let text = screen(&app, 80, 24);
    assert!(text.contains(&first.phone), "the phone to ring:\n{text}");
    assert_eq!(app.selected_job().as_deref(), Some(first.job_no.as_str()));
    // The filter narrows it like every list.
    press(&mut app, KeyCode::Char('/'));
    typing(&mut app, &first.phone);
    press(&mut app, KeyCode::Enter);
    assert_eq!(rows(&app, Panel::Book), std::slice::from_ref(&first.job_no));
    press(&mut app, KeyCode::Esc);
    // `v` opens the visit form for the selected job: a reschedule with a
    // new window books it and takes it off the list.
    press(&mut app, KeyCode::Char('v'));
    assert!(app.form.is_some());
    press(&mut app, KeyCode::Esc);
    let v = Visit {
        job_no: first.job_no.clone(),
        outcome: Some(Outcome::Rescheduled),
        new_appointment_start: Some(parse_instant("2026-11-24 09:00", &app.desk.zone).unwrap()),
        new_appointment_end: Some(parse_instant("2026-11-24 10:00", &app.desk.zone).unwrap()),
        ..Visit::default()
    };
    app.desk.record_visit(&v, at(NOW).to_utc()).unwrap();
    app.refresh();
    assert!(!rows(&app, Panel::Book).contains(&first.job_no));
    // `b` again goes back to the panel it came from.
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(app.focus, Panel::Jobs);
}

#[test]
fn detail_chart_forms_and_small_terminals_render() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    // The job with a late arrival, a card and an owed invoice elsewhere.
    select(&mut app, Panel::Callbacks, "2611230005");
    press(&mut app, KeyCode::Enter);
    snapshot!("en_80x24_detail", screen(&app, 80, 24));
    app.set_lang(Lang::Zh);
    snapshot!("zh_80x24_detail", screen(&app, 80, 24));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('g'));
    snapshot!("zh_80x24_chart", screen(&app, 80, 24));
    press(&mut app, KeyCode::Char('g'));
    app.set_lang(Lang::En);
    press(&mut app, KeyCode::Char('v'));
    typing(&mut app, "");
    press(&mut app, KeyCode::Right); // fixed_untested
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "9:00");
    snapshot!("en_80x24_visit_form_with_error", screen(&app, 80, 24));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    app.set_lang(Lang::Zh);
    press(&mut app, KeyCode::Char('n'));
    typing(&mut app, "2611230001");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "王秀英");
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "1381234");
    snapshot!("zh_80x24_new_job_form", screen(&app, 80, 24));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    snapshot!("zh_79x23_too_small", screen(&app, 79, 23));
    app.set_lang(Lang::En);
    snapshot!("en_60x20_too_small", screen(&app, 60, 20));
    snapshot!("en_120x32", screen(&app, 120, 32));
}

#[test]
fn an_empty_database_opens_with_empty_panels_and_takes_a_first_job() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    let text = screen(&app, 80, 24);
    assert!(text.contains("nothing here"), "{text}");
    for k in ['2', '3', '4', '5', 'g', '?'] {
        press(&mut app, KeyCode::Char(k));
        screen(&app, 80, 24);
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('f'));
    assert!(app.form.is_none() && app.message.as_ref().unwrap().error);
    press(&mut app, KeyCode::Char('n'));
    typing(&mut app, "J1");
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "QD");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(app.report.branch.as_deref(), Some("QD"));
    assert_eq!(app.report.to_verify.len(), 1);
}

#[test]
fn a_long_text_scrolls_within_its_field() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('n'));
    for _ in 0..8 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.form.as_ref().unwrap().focused(), FieldId::Requirement);
    typing(
        &mut app,
        "请上门前电话联系，老人在家，请耐心讲解，下午两点以后",
    );
    let text = screen(&app, 80, 24);
    assert!(text.contains("下午两点以后"), "{text}");
}

#[test]
fn double_width_text_keeps_the_columns_aligned() {
    let mut d = demo_desk();
    let app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    let t = terminal(&app, 80, 24);
    let buf = t.backend().buffer();
    // The right-hand panels' borders stay in column 40 on every row.
    for y in 2..22 {
        let left = buf[(39, y)].symbol();
        let right = buf[(40, y)].symbol();
        assert!(
            ["│", "┐", "┘"].contains(&left) && ["│", "┌", "└"].contains(&right),
            "row {y}: {left:?} {right:?}"
        );
    }
}

// ---- Actions: keys in, store out ------------------------------------------

#[test]
fn tab_numbers_and_arrows_move_focus_and_selection() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    assert_eq!(app.focus, Panel::Jobs);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Panel::Callbacks);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Panel::Discrepancies);
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.focus, Panel::Cards);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.focus, Panel::Verify);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.focus, Panel::Cards);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.lists[Panel::Cards.index()].selected, 2);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.lists[Panel::Cards.index()].selected, 1);
    press(&mut app, KeyCode::End);
    let n = app.lists[Panel::Cards.index()].rows.len();
    assert_eq!(app.lists[Panel::Cards.index()].selected, n - 1);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.lists[Panel::Cards.index()].selected, n - 11);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.lists[Panel::Cards.index()].selected, 0);
    // Enter opens the job with its timeline; Esc closes it.
    press(&mut app, KeyCode::Enter);
    let d = &app.detail.as_ref().expect("detail").detail;
    assert_eq!(
        Some(d.job.job_no.clone()),
        rows(&app, Panel::Cards).first().cloned()
    );
    assert!(d.timeline.len() >= 2);
    press(&mut app, KeyCode::Esc);
    assert!(app.detail.is_none());
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode(), Mode::Help);
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.mode(), Mode::Chart);
    assert_eq!(app.history.len(), 14);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn f_shift_lists_the_follow_ups_after_the_timed_callbacks() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('2'));
    let timed = rows(&app, Panel::Callbacks);
    let followups = app.report.followups_pending.len();
    assert!(followups > 0, "the demo has follow-ups");
    press(&mut app, KeyCode::Char('F'));
    let all = rows(&app, Panel::Callbacks);
    assert_eq!(all.len(), timed.len() + followups);
    // The timed callbacks stay first, in their order.
    assert_eq!(all[..timed.len()], timed[..]);
    let first_followup = &app.report.followups_pending[0].job_no;
    assert!(all[timed.len()..].contains(first_followup));
    let text = screen(&app, 100, 40);
    assert!(text.contains("f-up"), "{text}");
    // f on a follow-up logs its result there (its job has no timed one).
    let only_followup = all[timed.len()..]
        .iter()
        .find(|j| !timed.contains(j))
        .unwrap()
        .clone();
    let pos = all.iter().position(|j| *j == only_followup).unwrap();
    for _ in 0..pos {
        press(&mut app, KeyCode::Down);
    }
    for k in ['f', '1'] {
        press(&mut app, KeyCode::Char(k));
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert!(
        !app.report
            .followups_pending
            .iter()
            .any(|f| f.job_no == only_followup)
    );
    // F again: the timed callbacks only.
    press(&mut app, KeyCode::Char('F'));
    assert_eq!(rows(&app, Panel::Callbacks), timed);
}

#[test]
fn a_satisfied_call_with_its_three_answers_is_a_handful_of_keys() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('2'));
    let first = rows(&app, Panel::Callbacks)[0].clone();
    for k in ['f', '1', '1', '1', '1'] {
        press(&mut app, KeyCode::Char(k));
    }
    press(&mut app, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.error)
    );
    let sql = "SELECT e.result || '|' || coalesce(e.attitude, '-') || '|'
                   || coalesce(e.quality, '-') || '|' || coalesce(e.solved, '-')
               FROM callback_events e
               JOIN callbacks c ON c.id = e.callback_id JOIN jobs j ON j.id = c.job_id
               WHERE j.job_no = ?1 ORDER BY e.id DESC LIMIT 1";
    assert_eq!(
        scalar::<String>(&app, sql, &first),
        "satisfied|satisfied|satisfied|1"
    );
    // Unreachable asks nothing: the digit goes straight on to the note.
    let second = rows(&app, Panel::Callbacks)[0].clone();
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('3'));
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.focused(), FieldId::Note);
    assert!(form.field(FieldId::Attitude).unwrap().hidden);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    // Satisfied but not solved is refused on the form; nothing is saved.
    let count = "SELECT count(*) FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
             JOIN jobs j ON j.id = c.job_id WHERE j.job_no = ?1";
    let before = scalar::<i64>(&app, count, &second);
    press(&mut app, KeyCode::Char('f'));
    for k in ['1', '0', '0', '2'] {
        press(&mut app, KeyCode::Char(k));
    }
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("the form stays open");
    assert!(form.field(FieldId::Solved).unwrap().error.is_some());
    assert_eq!(scalar::<i64>(&app, count, &second), before);
}

#[test]
fn f_logs_an_unsatisfied_callback_and_shows_the_revisit_it_opened() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('2'));
    // Overdue first.
    assert_eq!(rows(&app, Panel::Callbacks)[0], "2611230003");
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.mode(), Mode::Form);
    press(&mut app, KeyCode::Right);
    assert_eq!(
        app.form.as_ref().unwrap().raw(FieldId::Result),
        "unsatisfied"
    );
    // A digit per question, each moving on: attitude neutral, quality
    // skipped (Tab), solved no; then the note.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.form.as_ref().unwrap().focused(), FieldId::Note);
    typing(&mut app, "还是不制热");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    let notice = app.notice.clone().expect("a notice").join(" ");
    assert!(notice.contains("2611230003-R1"), "{notice}");
    let sql = "SELECT e.result || '|' || e.note || '|' || e.operator || '|'
                   || coalesce(e.attitude, '-') || '|' || coalesce(e.quality, '-') || '|'
                   || coalesce(e.solved, '-')
               FROM callback_events e
               JOIN callbacks c ON c.id = e.callback_id JOIN jobs j ON j.id = c.job_id
               WHERE j.job_no = ?1";
    assert_eq!(
        scalar::<String>(&app, sql, "2611230003"),
        "unsatisfied|还是不制热|clerk|neutral|-|0"
    );
    assert!(app.desk.job_exists("2611230003-R1").unwrap());
    assert!(!rows(&app, Panel::Callbacks).contains(&"2611230003".to_string()));
    // The re-visit is today's job now; any key closes the notice.
    assert!(rows(&app, Panel::Jobs).contains(&"2611230003-R1".to_string()));
    press(&mut app, KeyCode::Char('x'));
    assert!(app.notice.is_none());
}

#[test]
fn unreachable_keeps_the_callback_pending_and_counts_the_attempt() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    select(&mut app, Panel::Callbacks, "2611230005");
    press(&mut app, KeyCode::Char('f'));
    typing(&mut app, "u"); // jumps to the next value starting with u: unsatisfied
    typing(&mut app, "u"); // … and on to unreachable
    assert_eq!(
        app.form.as_ref().unwrap().raw(FieldId::Result),
        "unreachable"
    );
    press(&mut app, KeyCode::Enter);
    let c = app
        .report
        .callbacks_pending
        .iter()
        .find(|c| c.job_no == "2611230005")
        .unwrap();
    assert_eq!(c.attempts, 3);
    assert!(app.message.as_ref().unwrap().text.contains("3"));
}

#[test]
fn c_records_a_card_and_refuses_a_second() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    select(&mut app, Panel::Cards, "2611230001");
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(
        app.form.as_ref().unwrap().raw(FieldId::ReturnedAt),
        "2026-11-23 14:00"
    );
    // Warranty record: the default "yes"; charge typed wrong, then right.
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    typing(&mut app, "abc");
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("still open");
    assert!(form.field(FieldId::Charge).unwrap().error.is_some());
    assert_eq!(form.focused(), FieldId::Charge);
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(
        scalar::<String>(
            &app,
            "SELECT card_state FROM jobs WHERE job_no = ?1",
            "2611230001"
        ),
        "signed"
    );
    assert!(!rows(&app, Panel::Cards).contains(&"2611230001".to_string()));
    // A job whose card is back (unsigned) cannot get a second one.
    select(&mut app, Panel::Cards, "2611220017");
    press(&mut app, KeyCode::Char('c'));
    assert!(app.form.is_none());
    assert!(app.message.as_ref().unwrap().error);
}

#[test]
fn v_records_a_visit_that_starts_its_callback() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    select(&mut app, Panel::Jobs, "2611230032");
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Right);
    assert_eq!(
        app.form.as_ref().unwrap().raw(FieldId::Outcome),
        "fixed_untested"
    );
    press(&mut app, KeyCode::Tab); // engineer
    press(&mut app, KeyCode::Tab); // arrived, prefilled with now
    press(&mut app, KeyCode::Tab); // finished
    typing(&mut app, "13:30");
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("finish before arrival is refused");
    assert!(form.field(FieldId::FinishedAt).unwrap().error.is_some());
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    // 14:45 has not happened yet at 14:00 (more than 5 minutes ahead).
    typing(&mut app, "14:45");
    press(&mut app, KeyCode::Enter);
    let form = app
        .form
        .as_ref()
        .expect("a finish in the future is refused");
    assert!(form.field(FieldId::FinishedAt).unwrap().error.is_some());
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typing(&mut app, "14:04");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    let c = app
        .report
        .callbacks_pending
        .iter()
        .find(|c| c.job_no == "2611230032")
        .expect("a 2 h callback");
    assert_eq!(c.due_at, "2026-11-23T16:04:00+08:00");
    let msg = &app.message.as_ref().unwrap().text;
    assert!(msg.contains("2 h callback due 2026-11-23 16:04"), "{msg}");
    // 14:00 against a 09:00–10:00 window: late, flagged.
    assert!(app.marks.late.contains_key("2611230032"));
}

/// Tabs to a field, clears it and types `text`.
fn fill_field(app: &mut App, id: FieldId, text: &str) {
    for _ in 0..20 {
        if app.form.as_ref().unwrap().focused() == id {
            break;
        }
        press(app, KeyCode::Tab);
    }
    assert_eq!(app.form.as_ref().unwrap().focused(), id);
    press(app, KeyCode::End);
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
    typing(app, text);
}

/// Every write leaves an audit entry: the trail's length and head, and the
/// rows of the tables a form writes, say whether anything was written.
fn written(app: &App) -> String {
    app.desk
        .store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) FROM audit_log)
                 || '|' || (SELECT count(*) FROM jobs) || '|' || (SELECT count(*) FROM visits)
                 || '|' || (SELECT count(*) FROM cards)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn forms_refuse_input_that_cannot_be_true_and_write_nothing() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    let before = written(&app);
    let refused = |app: &mut App, id: FieldId, what: &str| {
        press(app, KeyCode::Enter);
        let form = app.form.as_ref().unwrap_or_else(|| panic!("{what}: saved"));
        let err = form.field(id).unwrap().error.clone();
        assert!(err.is_some(), "{what}: no error on {id:?}");
        assert_eq!(written(app), before, "{what}: the database changed");
        press(app, KeyCode::Esc);
        press(app, KeyCode::Esc);
        assert!(app.form.is_none());
        err.unwrap()
    };
    // Cards: back tomorrow; a year-2100 return; ¥¥5.
    for (id, text, what) in [
        (
            FieldId::ReturnedAt,
            "2026-11-24 09:00",
            "a card back tomorrow",
        ),
        (FieldId::ReturnedAt, "2100-01-01 09:00", "a card in 2100"),
        (FieldId::Charge, "¥¥5", "money with two signs"),
    ] {
        select(&mut app, Panel::Cards, "2611230001");
        press(&mut app, KeyCode::Char('c'));
        fill_field(&mut app, id, text);
        let err = refused(&mut app, id, what);
        if what == "a card back tomorrow" {
            assert!(err.contains("cannot have happened"), "{err}");
        }
    }
    // Visits: arrived 10 minutes from now; in 1999.
    for (text, what) in [
        ("14:10", "an arrival 10 minutes ahead"),
        ("1999-11-23 09:00", "an arrival in 1999"),
    ] {
        select(&mut app, Panel::Jobs, "2611230032");
        press(&mut app, KeyCode::Char('v'));
        fill_field(&mut app, FieldId::ArrivedAt, text);
        refused(&mut app, FieldId::ArrivedAt, what);
    }
    // New jobs: an invisible character in the number; a two-digit year.
    for (id, text, what) in [
        (FieldId::JobNo, "J9\u{200b}", "a zero-width space"),
        (FieldId::JobNo, "\u{202e}J9", "a right-to-left override"),
        (FieldId::JobNo, "J9\u{1b}[2J", "an escape sequence"),
        (FieldId::JobNo, "\u{feff}J9", "a BOM"),
        (FieldId::PurchaseDate, "25-1-1", "a two-digit year"),
        (
            FieldId::ApptStart,
            "9999-11-24 09:00",
            "a year-9999 appointment",
        ),
    ] {
        press(&mut app, KeyCode::Char('n'));
        if id != FieldId::JobNo {
            fill_field(&mut app, FieldId::JobNo, "J9");
        }
        fill_field(&mut app, id, text);
        refused(&mut app, id, what);
    }
}

#[test]
fn r_resolves_the_selected_discrepancy_and_big_r_reconciles() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('r'));
    assert!(app.form.is_none(), "r needs a discrepancy selected");
    select(&mut app, Panel::Discrepancies, "2611220017");
    let pos = app.lists[Panel::Discrepancies.index()].selected;
    let next = rows(&app, Panel::Discrepancies)
        .into_iter()
        .filter(|j| j != "2611220017")
        .nth(pos)
        .unwrap();
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Right); // penalty
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "扣款50元");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    // The selection stays in place: on the next item, not at the end.
    assert_eq!(app.lists[Panel::Discrepancies.index()].selected, pos);
    if rows(&app, Panel::Discrepancies).last().map(String::as_str) == Some("2611220017") {
        assert_eq!(app.selected_job().as_deref(), Some(next.as_str()));
    }
    let sql = "SELECT d.status || '|' || d.resolution || '|' || d.note || '|' || d.resolved_by
               FROM discrepancies d JOIN jobs j ON j.id = d.job_id WHERE j.job_no = ?1";
    assert_eq!(
        scalar::<String>(&app, sql, "2611220017"),
        "resolved|penalty|扣款50元|clerk"
    );
    // Resolving it again is refused.
    select(&mut app, Panel::Discrepancies, "2611220017");
    press(&mut app, KeyCode::Char('r'));
    assert!(app.form.is_none());

    let missing_today = |app: &App| -> i64 {
        app.desk
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM discrepancies
                 WHERE recon_date = '2026-11-23' AND kind = 'card_missing'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    // 14:00, before the 17:00 cut-off: today's cards are still out, not
    // missing; the notice says how many.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('R'));
    assert_eq!(app.focus, Panel::Discrepancies);
    let notice = app.notice.clone().unwrap_or_default().join("\n");
    assert!(notice.contains("still out"), "{notice}");
    assert_eq!(missing_today(&app), 0);
    press(&mut app, KeyCode::Esc);
    // After the cut-off they are.
    let before = app.report.discrepancies.len();
    app.update(Action::Tick(at("2026-11-23T17:05:00+08:00")));
    press(&mut app, KeyCode::Char('R'));
    assert!(app.notice.is_some());
    assert!(app.report.discrepancies.len() > before);
    assert!(missing_today(&app) > 0);
}

#[test]
fn n_enters_a_job_by_hand_with_inline_checks() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('n'));
    typing(&mut app, "2611230001");
    let err = app
        .form
        .as_ref()
        .unwrap()
        .field(FieldId::JobNo)
        .unwrap()
        .error
        .clone();
    assert_eq!(err.as_deref(), Some("job 2611230001 already exists"));
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "a duplicate is not saved");
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    typing(&mut app, "9001");
    press(&mut app, KeyCode::Tab); // branch, prefilled
    assert_eq!(app.form.as_ref().unwrap().raw(FieldId::Branch), "QD-LS");
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "孙丽娟");
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "12345");
    let form = app.form.as_ref().unwrap();
    assert!(form.field(FieldId::Phone).unwrap().warning.is_some());
    assert!(form.field(FieldId::Address).unwrap().warning.is_some());
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.form.as_ref().unwrap().focused(), FieldId::ApptStart);
    typing(&mut app, "18:00");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    let sql = "SELECT origin || '|' || to_verify || '|' || status FROM jobs WHERE job_no = ?1";
    assert_eq!(
        scalar::<String>(&app, sql, "2611239001"),
        "manual|phone,address,product_model,purchase_date,fault|scheduled"
    );
    assert!(rows(&app, Panel::Jobs).contains(&"2611239001".to_string()));
    let msg = &app.message.as_ref().unwrap().text;
    assert!(
        msg.contains("to verify with dispatch: phone, address"),
        "{msg}"
    );
}

#[test]
fn slash_filters_every_panel_as_you_type_and_esc_clears() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    let customer = app
        .report
        .callbacks_pending
        .iter()
        .find(|c| c.job_no == "2611230004")
        .unwrap()
        .customer
        .clone();
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(app.mode(), Mode::Filter);
    typing(&mut app, &customer);
    assert_eq!(rows(&app, Panel::Callbacks), ["2611230004"]);
    assert!(rows(&app, Panel::Jobs).iter().all(|j| {
        app.report
            .today_jobs
            .iter()
            .any(|t| t.job_no == *j && t.customer.contains(&customer))
    }));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.filter, customer);
    press(&mut app, KeyCode::Esc);
    assert!(app.filter.is_empty());
    assert_eq!(rows(&app, Panel::Callbacks).len(), 5);
    // By engineer (a discrepancy of yesterday), by model, by phone.
    press(&mut app, KeyCode::Char('/'));
    typing(&mut app, "李明");
    assert!(!rows(&app, Panel::Discrepancies).is_empty());
    assert!(
        app.lists[Panel::Discrepancies.index()]
            .rows
            .iter()
            .all(|&i| app.report.discrepancies[i].engineer == "李明")
    );
    press(&mut app, KeyCode::Esc);
    let phone = app.report.callbacks_pending[0].phone.clone();
    press(&mut app, KeyCode::Char('/'));
    typing(&mut app, &phone);
    assert_eq!(rows(&app, Panel::Callbacks).len(), 1);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    typing(&mut app, "no such thing");
    assert!(Panel::MAIN.iter().all(|p| rows(&app, *p).is_empty()));
    assert!(screen(&app, 80, 24).contains("nothing matches the filter"));
}

#[test]
fn e_exports_the_daily_report_and_q_quits() {
    let mut d = demo_desk();
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.export_dir = dir.path().to_path_buf();
    press(&mut app, KeyCode::Char('e'));
    let text = app.message.as_ref().unwrap().text.clone();
    assert!(
        text.contains("Daily report written") && text.contains("generation 1"),
        "{text}"
    );
    let date = at(NOW).date_naive();
    let csv = dir.path().join("QD-LS").join(format!("QD-LS_{date}.csv"));
    assert!(csv.exists(), "{text}");
    assert!(csv.with_extension("xlsx").exists(), "{text}");
    assert!(text.contains(&csv.display().to_string()), "{text}");
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn e_with_the_signing_key_gone_says_so_in_chinese_and_writes_nothing() {
    let mut d = demo_desk();
    let dir = tempfile::tempdir().unwrap();
    d.export_daily(dir.path(), at(NOW).date_naive(), at(NOW).to_utc())
        .unwrap();
    let public = {
        let k = d.keys.get("QD-LS").unwrap().unwrap();
        crate::domain::signing::public_hex(&k.key)
    };
    // The key is gone (another machine's key ring, empty).
    d.keys = crate::io::keys::KeyRing::memory();
    let out = tempfile::tempdir().unwrap();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    app.export_dir = out.path().to_path_buf();
    press(&mut app, KeyCode::Char('e'));
    let text = app.message.as_ref().unwrap().text.clone();
    assert!(text.contains("网点 QD-LS 的签名密钥丢失"), "{text}");
    assert!(
        text.contains(&public) && text.contains("key --new"),
        "{text}"
    );
    assert!(!out.path().join("QD-LS").exists(), "{text}");
    assert!(
        app.desk.keys.get("QD-LS").unwrap().is_none(),
        "a key made by itself"
    );
}

#[test]
fn unsaved_input_is_never_thrown_away_without_asking() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    // A form without input closes at once.
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Esc);
    assert!(app.form.is_none() && app.confirm.is_none());
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "q"); // a q typed into a form is text, not quit
    assert!(!app.should_quit);
    // The first Esc only warns; another key goes on editing.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Form);
    assert!(app.form.as_ref().unwrap().discard.warning());
    typing(&mut app, "w");
    assert_eq!(
        app.form.as_ref().unwrap().raw(FieldId::Engineer),
        "qw",
        "typing replaced the pre-filled engineer"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Form);
    press_mod(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(app.mode(), Mode::Confirm);
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit && app.form.is_some());
    press_mod(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit);
    // Esc twice in a row throws the input away.
    let mut app = App::new(app.desk, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "x");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(app.form.is_none());
}

#[test]
fn invoices_and_verification_are_dealt_with_from_the_to_verify_list() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('t'));
    let owed = app.report.invoices_owed.len();
    let pos = app
        .verify
        .iter()
        .position(|e| matches!(e, VerifyEntry::Invoice(_)))
        .unwrap();
    for _ in 0..pos {
        press(&mut app, KeyCode::Down);
    }
    let job = app.selected_job().unwrap();
    assert!(app.marks.invoice_owed.contains(&job));
    // m on a row that is not missing information says what m is for.
    press(&mut app, KeyCode::Char('m'));
    let msg = &app.message.as_ref().unwrap().text;
    assert!(msg.contains("no such item"), "{msg}");
    // i asks first: n leaves it owed, y records the delivery.
    let before = written(&app);
    press(&mut app, KeyCode::Char('i'));
    assert!(app.confirm.is_some());
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(written(&app), before, "nothing written on n");
    assert_eq!(app.report.invoices_owed.len(), owed);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.report.invoices_owed.len(), owed - 1);
    assert!(!app.marks.invoice_owed.contains(&job));

    let missing = app.report.to_verify.len();
    press(&mut app, KeyCode::Home);
    assert!(matches!(app.verify[0], VerifyEntry::Missing(_)));
    let job = app.selected_job().unwrap();
    press(&mut app, KeyCode::Char('m'));
    assert_eq!(app.report.to_verify.len(), missing - 1);
    assert!(
        scalar::<Option<i64>>(&app, "SELECT verified_at FROM jobs WHERE job_no = ?1", &job)
            .is_some()
    );
    // m elsewhere says what it is for.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('m'));
    assert!(app.message.as_ref().unwrap().error);
}

// ---- Time that moves ------------------------------------------------------

/// A (2 h, 10:00 → 12:00) and B (3 h, 09:05 → 12:05).
fn two_callbacks() -> Desk {
    let mut d = desk();
    let z = d.zone;
    let t = |s: &str| parse_instant(s, &z).unwrap();
    for (no, outcome, at_) in [
        ("A", Outcome::Consulted, "2026-11-23 10:00"),
        ("B", Outcome::Unsure, "2026-11-23 09:05"),
    ] {
        let job = Job {
            job_no: no.into(),
            branch: "QD".into(),
            customer: format!("客户{no}"),
            ..Job::default()
        };
        d.add_job(&job, t("2026-11-23 08:00")).unwrap();
        let v = Visit {
            job_no: no.into(),
            finished_at: Some(t(at_)),
            outcome: Some(outcome),
            ..Visit::default()
        };
        d.record_visit(&v, t(at_)).unwrap();
    }
    d
}

fn countdown_cell(app: &App, job_no: &str) -> (String, Color) {
    let t = terminal(app, 80, 24);
    let buf = t.backend().buffer();
    let want: Vec<String> = job_no.chars().map(String::from).collect();
    for y in 0..24 {
        let cells: Vec<&str> = (40..80).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..cells.len().saturating_sub(want.len() + 2) {
            if (cells[x] == " " || cells[x] == ">")
                && cells[x + 1..x + 1 + want.len()] == want[..]
                && cells[x + 1 + want.len()] == " "
            {
                // The countdown is the next text after the job number.
                let mut from = x + 1 + want.len();
                while cells[from] == " " {
                    from += 1;
                }
                // … in its own colour.
                let fg = buf[(40 + from as u16, y)].fg;
                let text: String = (from..cells.len())
                    .take_while(|&x| buf[(40 + x as u16, y)].fg == fg)
                    .map(|x| cells[x])
                    .collect();
                return (text.trim().to_string(), fg);
            }
        }
    }
    panic!("{job_no} not on screen");
}

#[test]
fn the_countdown_ticks_colours_change_and_the_list_resorts_by_itself() {
    let mut d = two_callbacks();
    let mut app = App::new(&mut d, Lang::En, at("2026-11-23T11:00:00+08:00")).unwrap();
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(rows(&app, Panel::Callbacks), ["A", "B"]);
    assert_eq!(
        countdown_cell(&app, "A"),
        ("due in 1:00".into(), Color::Green)
    );
    assert_eq!(
        countdown_cell(&app, "B"),
        ("due in 1:05".into(), Color::Green)
    );
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selected_job().as_deref(), Some("B"));

    // 11:20: B has used 75 % of its 3 h window, A only 67 % of 2 h: B is
    // due soon and comes first, without a key press; the selection follows B.
    app.update(Action::Tick(at("2026-11-23T11:20:00+08:00")));
    assert_eq!(rows(&app, Panel::Callbacks), ["B", "A"]);
    assert_eq!(app.selected_job().as_deref(), Some("B"));
    assert_eq!(
        countdown_cell(&app, "B"),
        ("due in 0:45".into(), Color::Yellow)
    );
    assert_eq!(
        countdown_cell(&app, "A"),
        ("due in 0:40".into(), Color::Green)
    );

    // 11:30: A is due soon too, and due first.
    app.update(Action::Tick(at("2026-11-23T11:30:00+08:00")));
    assert_eq!(rows(&app, Panel::Callbacks), ["A", "B"]);
    assert_eq!(
        countdown_cell(&app, "A"),
        ("due in 0:30".into(), Color::Yellow)
    );

    // A second before, at and after the due time.
    app.update(Action::Tick(at("2026-11-23T11:59:59+08:00")));
    assert_eq!(countdown_cell(&app, "A").0, "due in 0:01");
    app.update(Action::Tick(at("2026-11-23T12:00:00+08:00")));
    assert_eq!(
        countdown_cell(&app, "A"),
        ("due in 0:00".into(), Color::Yellow)
    );
    app.update(Action::Tick(at("2026-11-23T12:01:30+08:00")));
    assert_eq!(
        countdown_cell(&app, "A"),
        ("overdue 0:01".into(), Color::Red)
    );
    assert_eq!(countdown_cell(&app, "B").0, "due in 0:04");
    app.update(Action::Tick(at("2026-11-23T13:16:00+08:00")));
    assert_eq!(countdown_cell(&app, "A").0, "overdue 1:16");
    assert_eq!(countdown_cell(&app, "B").0, "overdue 1:11");
    assert!(screen(&app, 80, 24).contains("13:16:00"));
    assert_eq!(
        app.countdown(
            app.report.callbacks_pending[0].started_ts,
            app.report.callbacks_pending[0].due_ts
        )
        .1,
        Urgency::Overdue
    );
}

#[test]
fn the_snapshot_is_reread_on_refresh_not_on_tick() {
    let mut d = two_callbacks();
    let mut app = App::new(&mut d, Lang::En, at("2026-11-23T11:00:00+08:00")).unwrap();
    // Another process logs a result: the tick alone does not see it …
    app.desk
        .log_callback(
            "A",
            crate::domain::callback::CallbackResult::Satisfied,
            "",
            at("2026-11-23T11:00:00+08:00").to_utc(),
        )
        .unwrap();
    app.update(Action::Tick(at("2026-11-23T11:00:01+08:00")));
    assert_eq!(rows(&app, Panel::Callbacks), ["A", "B"]);
    // … the refresh does.
    app.update(Action::Refresh);
    assert_eq!(rows(&app, Panel::Callbacks), ["B"]);
}

#[test]
fn the_timer_rereads_only_what_another_process_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut d = Desk::new(Store::open(&path).unwrap(), "clerk").unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    fill(&mut d, &DemoOptions::default(), at(NOW).to_utc()).unwrap();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    // Synchronous reads, however slow a debug build on a busy machine is.
    app.set_background_from(std::time::Duration::MAX);
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(rows(&app, Panel::Callbacks).len(), 5);
    // Nothing changed: the poll keeps the snapshot (a tick re-derives only).
    let n = app.report.callbacks_pending.len();
    app.report.callbacks_pending.pop();
    app.update(Action::Poll);
    assert_eq!(app.report.callbacks_pending.len(), n - 1);
    // Another process (the CLI) logs a callback: the next poll sees it.
    let mut other = Desk::new(Store::open(&path).unwrap(), "cli").unwrap();
    other
        .log_callback(
            "2611230003",
            crate::domain::callback::CallbackResult::Satisfied,
            "",
            at(NOW).to_utc(),
        )
        .unwrap();
    app.update(Action::Poll);
    assert_eq!(rows(&app, Panel::Callbacks).len(), 4);
    assert!(!rows(&app, Panel::Callbacks).contains(&"2611230003".to_string()));
    // A minute on, it re-reads anyway.
    app.report.callbacks_pending.clear();
    app.update(Action::Tick(at(NOW) + chrono::Duration::seconds(61)));
    app.update(Action::Poll);
    let timed = app.report.callbacks_pending.iter().filter(|c| !c.followup);
    assert_eq!(timed.count(), 4);
}

#[test]
fn only_the_visible_window_is_built() {
    let list = ListView {
        rows: (0..100_000).collect(),
        selected: 50_000,
        ..ListView::default()
    };
    assert_eq!(view::window(&list, 7), (49_997, 50_004));
    let top = ListView {
        rows: (0..100_000).collect(),
        selected: 1,
        ..ListView::default()
    };
    assert_eq!(view::window(&top, 7), (0, 7));
    let bottom = ListView {
        rows: (0..10).collect(),
        selected: 9,
        ..ListView::default()
    };
    assert_eq!(view::window(&bottom, 7), (3, 10));
}

#[test]
fn a_hundred_thousand_pending_callbacks_stay_instant() {
    let mut d = desk();
    d.add_job(
        &Job {
            job_no: "SEED".into(),
            branch: "QD".into(),
            ..Job::default()
        },
        at(NOW).to_utc(),
    )
    .unwrap();
    // 100,000 jobs with a pending callback each, in one transaction.
    d.store
        .write(|c| {
            c.execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                 INSERT INTO jobs (job_no, branch, customer, phone, engineer, status, card_state,
                                   created_at)
                 SELECT printf('J%06d', i), 'QD', '客户' || i, '138' || printf('%08d', i), '王强',
                        'callback_pending', 'not_required', 0 FROM n;
                 INSERT INTO callbacks (job_id, kind, started_at, due_at, status, created_at)
                 SELECT id, '2h', 1795000000 + id, 1795007200 + id, 'pending', 0
                 FROM jobs WHERE job_no LIKE 'J%';",
            )?;
            Ok::<_, crate::desk::DeskError>(())
        })
        .unwrap();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    assert_eq!(app.report.callbacks_pending.len(), 100_000);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::End);
    // Speed is measured by `cargo bench` (benches/branchdesk.rs, BENCHMARKS.md), not here:
    // this checks that ticking and drawing the end of the list works.
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    for i in 0..5 {
        app.update(Action::Tick(at(NOW) + chrono::Duration::seconds(i)));
        t.draw(|f| view::draw(&app, f)).unwrap();
    }
    assert!(t.backend().to_string().contains("J100000"));
    app.filter = "J09999".into();
    app.update(Action::FilterInput('9'));
    assert_eq!(rows(&app, Panel::Callbacks), ["J099999"]);
}

/// A demo branch in a file (the background loader needs one), every read
/// sent to the loader as if the branch had 100,000 open items.
fn slow_file_desk(dir: &std::path::Path) -> Desk {
    let mut d = Desk::new(Store::open(&dir.join("b.db")).unwrap(), "clerk").unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    fill(&mut d, &DemoOptions::default(), at(NOW).to_utc()).unwrap();
    d
}

/// Lets the loader finish: `idle` until the pending read is taken in (the
/// bound is generous; nothing here is timed).
fn until_loaded(app: &mut App) {
    for _ in 0..6000 {
        app.idle();
        if !app.refreshing() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the background read did not come in within a minute");
}

#[test]
fn a_slow_read_runs_in_the_background_while_keys_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = slow_file_desk(dir.path());
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.set_background_from(std::time::Duration::ZERO);
    assert!(!app.refreshing());
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(rows(&app, Panel::Callbacks)[0], "2611230003");
    // Log the overdue callback: the save is done, the read is under way.
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert!(app.message.as_ref().unwrap().text.contains("2611230003"));
    let sql = "SELECT count(*) FROM callback_events e JOIN callbacks c ON c.id = e.callback_id
               JOIN jobs j ON j.id = c.job_id WHERE j.job_no = ?1";
    assert_eq!(scalar::<i64>(&app, sql, "2611230003"), 1);
    assert!(app.refreshing());
    // The screen still shows the snapshot before the save, and says so.
    assert!(rows(&app, Panel::Callbacks).contains(&"2611230003".to_string()));
    assert!(screen(&app, 80, 24).contains("refreshing…"));
    app.set_lang(Lang::Zh);
    assert!(screen(&app, 80, 24).contains("正在刷新…"));
    app.set_lang(Lang::En);
    // Keys work on it meanwhile: the selection moves.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.lists[Panel::Callbacks.index()].selected, 2);
    let chosen = rows(&app, Panel::Callbacks)[2].clone();
    assert!(app.refreshing());
    until_loaded(&mut app);
    // The new snapshot: the logged callback is gone, the selection stayed
    // on the item it was on, the mark is gone.
    assert!(!rows(&app, Panel::Callbacks).contains(&"2611230003".to_string()));
    let at_selection = &rows(&app, Panel::Callbacks)[app.lists[1].selected];
    assert_eq!(*at_selection, chosen);
    let text = screen(&app, 80, 24);
    assert!(!text.contains("refreshing…"), "{text}");
}

#[test]
fn a_key_that_writes_after_a_save_waits_for_the_new_snapshot_or_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = slow_file_desk(dir.path());
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.set_background_from(std::time::Duration::ZERO);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Enter);
    assert!(app.refreshing());
    // Refused at once when the read does not come in time …
    app.set_settle_for(std::time::Duration::ZERO);
    press(&mut app, KeyCode::Char('f'));
    assert!(app.form.is_none());
    let m = app.message.clone().unwrap();
    assert!(m.error && m.text.contains("Still refreshing"), "{m:?}");
    assert!(app.refreshing());
    // … else the key waits for it and acts on the list after the save:
    // `f` opens on the callback that is first now, not the one just logged.
    app.set_settle_for(std::time::Duration::from_secs(60));
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Char('f'));
    assert!(!app.refreshing());
    let form = app.form.as_ref().expect("the feedback form");
    assert_eq!(form.job_no, rows(&app, Panel::Callbacks)[0]);
    assert_ne!(form.job_no, "2611230003");
    // A read asked by the timer is not waited for.
    press(&mut app, KeyCode::Esc);
    app.update(Action::Refresh);
    assert!(app.refreshing());
    app.set_settle_for(std::time::Duration::ZERO);
    press(&mut app, KeyCode::Char('f'));
    assert!(app.form.is_some());
    until_loaded(&mut app);
}

#[test]
fn an_in_memory_store_always_reads_synchronously() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.set_background_from(std::time::Duration::ZERO);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Enter);
    assert!(!app.refreshing());
    assert!(!rows(&app, Panel::Callbacks).contains(&"2611230003".to_string()));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// At any width from 80 to 200, with or without a supervisor's marks,
    /// the callbacks panel shows every row's job number, due time and
    /// phone.
    #[test]
    fn the_callbacks_panel_never_loses_job_due_or_phone(width in 80u16..=200, marked: bool) {
        let mut d = demo_desk();
        let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
        app.update(Action::Focus(Panel::Callbacks));
        if marked {
            for c in app.report.callbacks_pending.clone() {
                app.marks.escalated_callbacks.insert((c.job_no.clone(), c.due_ts.timestamp()));
            }
            app.marks.late.insert(app.report.callbacks_pending[0].job_no.clone(), 40);
        }
        let text = screen(&app, width, 40);
        // The follow-ups are listed only with `F`.
        for c in app.report.callbacks_pending.iter().filter(|c| !c.followup) {
            let (due, _) = app.countdown(c.started_ts, c.due_ts);
            let line = text
                .lines()
                .find(|l| l.contains(&c.job_no) && l.contains(&due))
                .unwrap_or_else(|| panic!("{} {due} at {width}:\n{text}", c.job_no));
            proptest::prop_assert!(line.contains(&c.phone), "{} at {width}: {line}", c.phone);
        }
    }
}

// ---- Keystroke targets ------------------------------------------------------

#[test]
fn every_callback_result_takes_at_most_three_keys() {
    for (n, result) in [
        (1, "satisfied"),
        (2, "unsatisfied"),
        (3, "unreachable"),
        (4, "denies_signature"),
    ] {
        let mut d = demo_desk();
        let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
        select(&mut app, Panel::Callbacks, "2611230003");
        let keys = if n == 1 {
            keys(&mut app, "f\n")
        } else {
            keys(&mut app, &format!("f{n}\n"))
        };
        assert!(keys <= 3, "{result}: {keys} keys");
        assert!(app.form.is_none(), "{result}: {:?}", app.form);
        let logged: String = scalar(
            &app,
            "SELECT ev.result FROM callback_events ev JOIN callbacks c ON c.id = ev.callback_id
             JOIN jobs j ON j.id = c.job_id WHERE j.job_no = ?1 ORDER BY ev.id DESC LIMIT 1",
            "2611230003",
        );
        assert_eq!(logged, result);
    }
}

#[test]
fn a_visit_with_real_arrival_and_finish_takes_at_most_16_keys() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    select(&mut app, Panel::Jobs, "2611230032");
    // Outcome fixed, engineer as planned, arrived 9:40, finished 10:25.
    let keys = keys(&mut app, "v\t\t9:40\t10:25\n");
    assert!(keys <= 16, "{keys} keys");
    assert!(app.form.is_none(), "{:?}", app.form);
    let (arrived, finished): (i64, i64) = app
        .desk
        .store
        .conn()
        .query_row(
            "SELECT v.arrived_at, v.finished_at FROM visits v JOIN jobs j ON j.id = v.job_id
             WHERE j.job_no = '2611230032' ORDER BY v.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(arrived, at("2026-11-23T09:40:00+08:00").timestamp());
    assert_eq!(finished, at("2026-11-23T10:25:00+08:00").timestamp());
}

#[test]
fn a_card_with_charge_and_receipt_takes_at_most_14_keys() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    select(&mut app, Panel::Cards, "2611230001");
    // Returned now, satisfied, signed by the customer, warranty record:
    // the defaults; a charge of 80 and receipt R7.
    let keys = keys(&mut app, "c\t\t\t\t80\tR7\n");
    assert!(keys <= 14, "{keys} keys");
    assert!(app.form.is_none(), "{:?}", app.form);
    let (charge, receipt): (i64, String) = app
        .desk
        .store
        .conn()
        .query_row(
            "SELECT c.charge, c.receipt_no FROM cards c JOIN jobs j ON j.id = c.job_id
             WHERE j.job_no = '2611230001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((charge, receipt.as_str()), (8000, "R7"));
}

#[test]
fn a_card_signed_by_the_engineer_is_reported_as_suspect() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    select(&mut app, Panel::Cards, "2611230001");
    keys(&mut app, "c\t\t3\n"); // signed by: the third choice, engineer
    assert!(app.form.is_none(), "{:?}", app.form);
    let m = app.message.as_ref().unwrap();
    assert!(m.error && m.text.contains("suspect"), "{m:?}");
}

#[test]
fn finding_a_job_by_number_and_logging_a_callback_takes_at_most_8_keys() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.update(Action::Focus(Panel::Callbacks));
    let keys = keys(&mut app, "/0004\nf\n");
    assert!(keys <= 8, "{keys} keys");
    assert!(app.form.is_none(), "{:?}", app.form);
    let m = &app.message.as_ref().unwrap().text;
    assert!(m.contains("2611230004"), "{m}");
}

#[test]
fn in_a_form_typing_replaces_a_prefilled_time_and_ctrl_u_ctrl_w_erase() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    select(&mut app, Panel::Jobs, "2611230032");
    keys(&mut app, "v\t\t");
    assert_eq!(
        app.form.as_ref().unwrap().raw(FieldId::ArrivedAt),
        "2026-11-23 14:00"
    );
    keys(&mut app, "09:40");
    assert_eq!(app.form.as_ref().unwrap().raw(FieldId::ArrivedAt), "09:40");
    press_mod(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.form.as_ref().unwrap().raw(FieldId::ArrivedAt), "09:");
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.form.as_ref().unwrap().raw(FieldId::ArrivedAt), "");
    assert!(app.form.is_some(), "Ctrl-U is an edit, not quit");
}

#[test]
fn a_new_job_that_clashes_is_saved_with_a_warning_and_marked_everywhere() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    let clashes_before = app.report.conflicts.len();
    press(&mut app, KeyCode::Char('n'));
    typing(&mut app, "2611239100");
    fill_field(&mut app, FieldId::Customer, "孙丽娟");
    fill_field(&mut app, FieldId::Engineer, "王强");
    fill_field(&mut app, FieldId::ApptStart, "18:00");
    fill_field(&mut app, FieldId::ApptEnd, "19:00");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    press(&mut app, KeyCode::Char('n'));
    typing(&mut app, "2611239101");
    fill_field(&mut app, FieldId::Customer, "周敏");
    fill_field(&mut app, FieldId::Engineer, "王强");
    fill_field(&mut app, FieldId::ApptStart, "18:30");
    fill_field(&mut app, FieldId::ApptEnd, "19:30");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    let msg = app.message.as_ref().unwrap();
    assert!(msg.error, "a clash is said as a warning");
    assert!(
        msg.text.contains("clashes") && msg.text.contains("2611239100"),
        "{}",
        msg.text
    );
    assert_eq!(app.report.conflicts.len(), clashes_before + 1);
    let screen = screen(&app, 200, 48);
    let line = screen
        .lines()
        .find(|l| l.contains("2611239101"))
        .expect("the new job is on panel 1");
    assert!(line.contains("clash"), "{line}");
    let header = screen.lines().nth(1).unwrap();
    assert!(
        header.contains("clashes"),
        "the header counts clashes at 200 columns: {header}"
    );
}

/// The header line of a panel's table: the row after its top border.
fn panel_header(app: &App, w: u16, h: u16, title: &str) -> String {
    let s = screen(app, w, h);
    let lines: Vec<&str> = s.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title} not on screen"));
    lines[i + 1].to_string()
}

#[test]
fn columns_stay_put_while_a_list_scrolls() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    app.update(Action::Focus(Panel::Jobs));
    app.update(Action::Home);
    let first = panel_header(&app, 80, 24, "今日服务单");
    for _ in 0..app.lists[Panel::Jobs.index()].rows.len() {
        press(&mut app, KeyCode::Down);
        assert_eq!(panel_header(&app, 80, 24, "今日服务单"), first);
    }
    assert!(first.contains("预约"), "{first}");
}

#[test]
fn an_overlay_leaves_no_text_of_the_screen_touching_its_sides() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    for l in s.lines().skip(2).take(20) {
        let l = l.trim_matches('"');
        let chars: Vec<char> = l.chars().collect();
        if let Some(p) = chars.iter().position(|&c| c == '┌' || c == '│' || c == '└')
            && p > 0
        {
            assert_eq!(chars[p - 1], ' ', "text touches the overlay: {l}");
        }
    }
}

#[test]
fn big_g_goes_to_the_end_like_end_and_the_complaints_a_is_in_the_help() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.update(Action::Focus(Panel::Jobs));
    press(&mut app, KeyCode::Char('G'));
    let last = app.lists[Panel::Jobs.index()].rows.len() - 1;
    assert_eq!(app.lists[Panel::Jobs.index()].selected, last);
    assert!(
        keymap::complaints_help_keys()
            .iter()
            .any(|(k, _)| *k == "a"),
        "the complaints list's a is in the help"
    );
}

/// Booking from the to-book list: `v` offers a reschedule with the job's
/// engineer, and an end typed as a bare time is on the start's day.
#[test]
fn v_on_the_to_book_list_books_with_the_engineer_and_the_start_day() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('b'));
    let first = app.report.open_jobs[app.lists[Panel::Book.index()].rows[0]].clone();
    assert!(!first.engineer.is_empty(), "the demo's job has an engineer");
    press(&mut app, KeyCode::Char('v'));
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.raw(FieldId::Outcome), "rescheduled");
    assert_eq!(form.raw(FieldId::Engineer), first.engineer);
    fill_field(&mut app, FieldId::NewApptStart, "11-25 09:00");
    fill_field(&mut app, FieldId::NewApptEnd, "11:00");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert!(!rows(&app, Panel::Book).contains(&first.job_no));
    let sql = "SELECT appt_end - appt_start FROM jobs WHERE job_no = ?1";
    assert_eq!(scalar::<i64>(&app, sql, &first.job_no), 2 * 3600);
}

/// The visit and card forms show the job's window, warranty and what the
/// visits charged; an out-of-warranty card does not default to a warranty
/// record.
#[test]
fn forms_show_the_jobs_context_and_an_out_of_warranty_card_has_no_record() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    let out = app
        .report
        .cards_awaiting_signature
        .iter()
        .map(|c| c.job_no.clone())
        .find(|j| {
            let d = app.desk.job_detail(j).unwrap();
            d.job.warranty == Some(crate::domain::job::Warranty::Out)
                && d.card.is_none()
                && d.visits.iter().any(|v| v.visit.charge.is_some())
        })
        .expect("the demo has an out-of-warranty visit awaiting its card");
    select(&mut app, Panel::Cards, &out);
    press(&mut app, KeyCode::Char('c'));
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.raw(FieldId::WarrantyRecord), "no");
    let cx = form.context.clone().unwrap();
    assert!(cx.contains("保外") && cx.contains("上门报收费"), "{cx}");
    let text = screen(&app, 80, 24);
    assert!(text.contains("保外"), "{text}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('v'));
    let cx = app.form.as_ref().unwrap().context.clone().unwrap();
    assert!(cx.starts_with("预约 ") || cx.starts_with("未预约"), "{cx}");
}

/// A complaint opened on a job past its on-site promise (the lower part of
/// `p`) comes with the customer and phone, whichever list the job is on.
#[test]
fn a_complaint_from_the_late_jobs_of_p_has_the_customer_and_phone() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    let late = app.report.response_overdue.clone();
    assert!(!late.is_empty(), "the demo has jobs past their promise");
    press(&mut app, KeyCode::Char('p'));
    // Past the complaints, to the first late job.
    for _ in 0..app.report.complaints.len() {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('a'));
    let f = app.form.as_ref().unwrap();
    let job_no = f.raw(FieldId::JobNo).to_string();
    assert!(late.iter().any(|o| o.job_no == job_no), "{job_no}");
    let job = app.desk.job_detail(&job_no).unwrap().job;
    assert!(!job.customer.is_empty());
    let f = app.form.as_ref().unwrap();
    assert_eq!(f.raw(FieldId::Customer), job.customer);
    assert_eq!(f.raw(FieldId::Phone), job.phone);
}

/// A message wider than the screen takes the footer's line rather than
/// being cut; a form opened after it starts with a clean message line.
#[test]
fn a_long_message_wraps_over_the_footer_and_a_new_form_clears_it() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    let text = format!("{} END-OF-MESSAGE", "word ".repeat(20));
    app.message = Some(super::state::Message::warn(text, at(NOW)));
    let s = screen(&app, 80, 24);
    let last_two: String = s.lines().rev().take(2).collect();
    assert!(last_two.contains("END-OF-MESSAGE"), "{s}");
    app.update(Action::Focus(Panel::Jobs));
    press(&mut app, KeyCode::Char('v'));
    assert!(app.form.is_some());
    assert!(app.message.is_none(), "{:?}", app.message);
}

/// `#` opens any job by its number (on a list today or not); `!` goes to
/// the next overdue callback, round and round.
#[test]
fn hash_opens_a_job_by_number_and_bang_goes_to_the_next_overdue_callback() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    // The oldest job of the demo: long done, on no list today.
    let old: String = app
        .desk
        .store
        .conn()
        .query_row("SELECT job_no FROM jobs ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    press(&mut app, KeyCode::Char('#'));
    assert!(screen(&app, 80, 24).contains("# job number:"));
    typing(&mut app, &old);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.detail.as_ref().map(|d| d.detail.job.job_no.clone()),
        Some(old.clone())
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('#'));
    typing(&mut app, "NO-SUCH-JOB");
    press(&mut app, KeyCode::Enter);
    assert!(app.detail.is_none());
    assert!(app.message.as_ref().unwrap().error);

    let now = app.now_ts();
    let overdue: Vec<String> = app
        .report
        .callbacks_pending
        .iter()
        .filter(|c| !c.followup && crate::domain::callback::is_overdue(c.due_ts, now))
        .map(|c| c.job_no.clone())
        .collect();
    assert!(overdue.len() >= 2, "the demo has overdue callbacks");
    app.update(Action::Focus(Panel::Jobs));
    let mut seen = Vec::new();
    for _ in 0..overdue.len() {
        press(&mut app, KeyCode::Char('!'));
        assert_eq!(app.focus, Panel::Callbacks);
        seen.push(app.selected_job().unwrap());
    }
    seen.sort();
    let mut want = overdue.clone();
    want.sort();
    assert_eq!(seen, want, "each overdue callback once");
}

/// The engineer picker: on an engineer field PgDn / PgUp (or ^N / ^P) go
/// through the branch's engineers, those with most jobs today first; typed
/// letters narrow the list; any edit ends the picking.
#[test]
fn the_engineer_picker_offers_the_branchs_engineers_and_narrows_by_what_was_typed() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    let names = app.engineer_names();
    assert!(names.len() >= 6, "{names:?}");
    for e in crate::demo::ENGINEERS {
        assert!(names.iter().any(|n| n == e), "{e} not offered: {names:?}");
    }
    press(&mut app, KeyCode::Char('n'));
    fill_field(&mut app, FieldId::Engineer, "");
    let raw = |app: &App| {
        app.form
            .as_ref()
            .unwrap()
            .raw(FieldId::Engineer)
            .to_string()
    };
    press(&mut app, KeyCode::PageDown);
    assert_eq!(raw(&app), names[0]);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(raw(&app), names[1]);
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(&raw(&app), names.last().unwrap(), "PgUp wraps around");
    // Typed letters narrow the list; ^N goes on within it.
    fill_field(&mut app, FieldId::Engineer, "刘");
    press_mod(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(raw(&app), "刘洋");
    press_mod(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(raw(&app), "刘洋", "the only match stays picked");
    let s = screen(&app, 120, 40);
    let line = s.lines().find(|l| l.contains("›工程师")).unwrap();
    assert!(line.contains("PgDn") && line.contains("刘洋"), "{line}");
    assert!(!line.contains("王强"), "narrowed to 刘: {line}");
    assert!(s.contains("选工程师"), "the footer names the picker:\n{s}");
    // On a field that is not an engineer PgDn does nothing.
    fill_field(&mut app, FieldId::Customer, "孙丽娟");
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.form.as_ref().unwrap().raw(FieldId::Customer), "孙丽娟");
}

#[test]
fn the_chart_has_as_many_days_as_the_dashboards() {
    assert_eq!(crate::desk::xlsx::CHART_DAYS, super::state::HISTORY_DAYS);
}

// ---- Column widths, measured when derived --------------------------------

/// What each list on screen holds: the widths of every one of its rows,
/// as measured from its cells.
fn held_and_measured(app: &App, p: Panel) -> (Option<Vec<u16>>, Option<Vec<u16>>) {
    let list = &app.lists[p.index()];
    let held = list.widths.clone().map(|(lang, w)| {
        assert_eq!(lang, app.lang);
        w
    });
    (
        held,
        super::rows::measure_all(p, app.cx(), &app.verify, &list.rows),
    )
}

/// The columns of a list are measured over all its rows when the data,
/// the filter or the panels shown change, and again on a tick only for
/// the lists that follow the clock: a frame builds its visible rows only.
#[test]
fn the_lists_on_screen_are_measured_when_derived_not_when_drawn() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    for p in Panel::MAIN {
        let (held, measured) = held_and_measured(&app, p);
        assert!(held.is_some(), "{p:?}");
        assert_eq!(held, measured, "{p:?}");
    }
    // Not on screen: measured when shown.
    assert!(app.lists[Panel::Book.index()].widths.is_none());
    app.update(Action::Focus(Panel::Book));
    let (held, measured) = held_and_measured(&app, Panel::Book);
    assert!(held.is_some());
    assert_eq!(held, measured);
    assert!(app.lists[Panel::Jobs.index()].widths.is_none());
    app.update(Action::Focus(Panel::Callbacks));
    // Hours on, the countdowns are longer: the callbacks are measured
    // again on the tick, the jobs kept.
    let jobs = app.lists[Panel::Jobs.index()].widths.clone();
    app.update(Action::Tick(at(NOW) + chrono::Duration::hours(30)));
    let (held, measured) = held_and_measured(&app, Panel::Callbacks);
    assert_eq!(held, measured);
    assert_eq!(app.lists[Panel::Jobs.index()].widths, jobs);
    // A filter changes the rows: measured again.
    for c in "2611230001".chars() {
        app.update(Action::FilterInput(c));
    }
    for p in Panel::MAIN {
        let (held, measured) = held_and_measured(&app, p);
        assert_eq!(held, measured, "{p:?}");
    }
}
