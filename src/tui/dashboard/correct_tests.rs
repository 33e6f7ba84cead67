//! The dashboard's corrections (`E`): keys in, the store and the screen
//! out, with the demo database at a fixed clock; the forms as `insta`
//! snapshots at 80×24 in both languages.

use super::form::FieldId;
use super::state::{Action, App, Panel};
use super::view;
use crate::i18n::Lang;
use crate::tui::test_kit::{NOW, at, demo_desk, press, screen, snapshot, typing};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn select(app: &mut App, p: Panel, job_no: &str) {
    app.update(Action::Focus(p));
    app.update(Action::Home);
    for _ in 0..500 {
        if app.selected_job().as_deref() == Some(job_no) {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("{job_no} not in {p:?}");
}

fn one(app: &App, sql: &str) -> i64 {
    app.desk
        .store
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn card_state(app: &App, job_no: &str) -> String {
    app.desk
        .store
        .conn()
        .query_row(
            "SELECT card_state FROM jobs WHERE job_no = ?1",
            [job_no],
            |r| r.get(0),
        )
        .unwrap()
}

/// The card back unsigned in the demo: in the cards panel.
const UNSIGNED: &str = "2611220017";

#[test]
fn a_re_signed_card_is_recorded_from_the_cards_panel_in_a_few_keys() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    assert_eq!(card_state(&app, UNSIGNED), "unsigned");
    select(&mut app, Panel::Cards, UNSIGNED);
    let entries = one(&app, "SELECT count(*) FROM audit_log");
    // E opens the card's correction on who signed; `c` picks the customer.
    press(&mut app, KeyCode::Char('E'));
    let form = app.form.as_ref().expect("the card correction");
    assert_eq!(form.focused(), FieldId::SignedBy);
    assert_eq!(form.raw(FieldId::SignedBy), "none");
    press(&mut app, KeyCode::Char('c'));
    snapshot!("en_80x24_correct_card", screen(&app, 80, 24));
    // Without a reason nothing is saved: the form says so, on the reason.
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("still open");
    assert_eq!(form.focused(), FieldId::Reason);
    assert!(form.field(FieldId::Reason).unwrap().error.is_some());
    assert_eq!(one(&app, "SELECT count(*) FROM audit_log"), entries);
    typing(&mut app, "engineer went back for the signature");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(card_state(&app, UNSIGNED), "signed");
    assert_eq!(one(&app, "SELECT count(*) FROM audit_log"), entries + 1);
    assert_eq!(one(&app, "SELECT count(*) FROM corrections"), 1);
    let reason: String = app
        .desk
        .store
        .conn()
        .query_row("SELECT reason FROM corrections", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reason, "engineer went back for the signature");
    assert!(
        !app.report
            .cards_awaiting_signature
            .iter()
            .any(|c| c.job_no == UNSIGNED)
    );
    let msg = app.message.as_ref().unwrap();
    assert!(!msg.error && msg.text.contains("signed by"), "{}", msg.text);
    // The timeline shows the correction with its reason.
    let detail = app.desk.job_detail(UNSIGNED).unwrap();
    assert!(detail.timeline.iter().any(|e| matches!(&e.event,
        crate::desk::TimelineEvent::Audit { action, summary, .. }
            if action == "correct" && summary.contains("engineer went back"))));
    // Drawn in the correction's colour (the kit's theme).
    let cx = view::DetailCtx {
        lang: Lang::En,
        zone: &app.desk.zone,
        now: app.now,
    };
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| view::render_detail(&cx, &detail, 0, f, f.area()))
        .unwrap();
    let buf = t.backend().buffer();
    let row = (0..buf.area.height)
        .find(|&y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            line.contains("correction by clerk")
        })
        .expect("the correction in the timeline");
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, row)].symbol() == "c" && buf[(x + 1, row)].symbol() == "o")
        .unwrap();
    assert_eq!(
        buf[(x, row)].style().fg,
        crate::tui::kit::theme::correction_style().fg
    );
}

#[test]
fn e_elsewhere_asks_which_record_and_opens_it_filled_in() {
    let mut d = demo_desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    let visited = app
        .report
        .today_jobs
        .iter()
        .find(|j| j.last_outcome.is_some())
        .map(|j| j.job_no.clone())
        .expect("a job visited today");
    select(&mut app, Panel::Jobs, &visited);
    press(&mut app, KeyCode::Char('E'));
    let form = app.form.as_ref().expect("the first step");
    assert_eq!(form.raw(FieldId::CorrectWhat), "visit", "a visited job");
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("the visit correction");
    assert!(!form.raw(FieldId::Outcome).is_empty());
    assert!(!form.raw(FieldId::Engineer).is_empty());
    snapshot!("zh_80x24_correct_visit", screen(&app, 80, 24));
    // Nothing changed: not saved, and said so.
    typing(&mut app, "核对");
    let before = one(&app, "SELECT count(*) FROM audit_log");
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("still open");
    assert!(form.error.is_some());
    assert_eq!(one(&app, "SELECT count(*) FROM audit_log"), before);
    // Esc twice throws the typed reason away (the kit's Esc rule).
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(app.form.is_none());
    // The job itself: the phone corrected, checked as an import would.
    press(&mut app, KeyCode::Char('E'));
    press(&mut app, KeyCode::Left); // visit → job
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_mut().expect("the job correction");
    assert_eq!(form.fields[0].id, FieldId::Reason);
    app.set_lang(Lang::En);
    snapshot!("en_80x24_correct_job", screen(&app, 80, 24));
    typing(&mut app, "checked with dispatch");
    let i = app
        .form
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .position(|f| f.id == FieldId::PurchaseDate)
        .unwrap();
    app.form.as_mut().unwrap().focus = i;
    press(&mut app, KeyCode::End);
    typing(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("refused");
    assert!(form.field(FieldId::PurchaseDate).unwrap().error.is_some());
    assert_eq!(one(&app, "SELECT count(*) FROM corrections"), 0);
}
