//! The dashboard's complaints without a terminal: keys in, state
//! and store out, at a fixed clock; the list and its forms as `insta`
//! snapshots of `TestBackend` in both languages at 80×24.

use super::form::{FieldId, FormKind};
use super::state::{App, Mode, Panel};
use crate::desk::Desk;
use crate::desk::complaints::ComplaintInput;
use crate::domain::complaint::{Category, Settlement, Source};
use crate::domain::job::Job;
use crate::domain::time::{Ts, Zone, parse_instant};
use crate::domain::visit::{Outcome, Visit};
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::test_kit::{NOW, at, press, screen, snapshot, typing};
use crossterm::event::KeyCode;

fn scalar<T: rusqlite::types::FromSql>(app: &App, sql: &str) -> T {
    app.desk
        .store
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Three jobs and four complaints in every state, in +08:00:
/// - Q1 received yesterday 08:00, booked today 15:00, no visit yet: past
///   its on-site promise (today 08:00);
/// - Q2 received today 09:00, consulted by phone at 10:00 (callback due);
/// - Q3 received yesterday, fixed on site yesterday;
/// - complaint 1 on Q3, received yesterday 12:00: answer overdue;
/// - complaint 2 on Q1, received today 08:00, answered at 09:00;
/// - complaint 3 on no job, received yesterday 20:00: 75 % of its day gone;
/// - complaint 4 on Q3, settled.
fn desk() -> Desk {
    let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    let z = d.zone;
    let t = |s: &str| parse_instant(s, &z).unwrap();
    for (no, received, engineer, customer, appt) in [
        (
            "Q1",
            "2026-11-22 08:00",
            "王强",
            "张三",
            Some("2026-11-23 15:00"),
        ),
        ("Q2", "2026-11-23 09:00", "李明", "李四", None),
        ("Q3", "2026-11-22 10:00", "王强", "王五", None),
    ] {
        let job = Job {
            job_no: no.into(),
            branch: "QD01".into(),
            received_at: Some(t(received)),
            customer: customer.into(),
            phone: "13812345678".into(),
            engineer: engineer.into(),
            appointment_start: appt.map(t),
            appointment_end: appt.map(|a| t(a) + chrono::Duration::hours(1)),
            ..Job::default()
        };
        d.add_job(&job, t(received)).unwrap();
    }
    let visit = |d: &mut Desk, no: &str, o: Outcome, arrived: Option<&str>, done: &str| {
        let v = Visit {
            job_no: no.into(),
            engineer: "李明".into(),
            arrived_at: arrived.map(t),
            finished_at: Some(t(done)),
            outcome: Some(o),
            ..Visit::default()
        };
        d.record_visit(&v, t(done)).unwrap();
    };
    visit(&mut d, "Q2", Outcome::Consulted, None, "2026-11-23 10:00");
    visit(
        &mut d,
        "Q3",
        Outcome::Fixed,
        Some("2026-11-22 15:00"),
        "2026-11-22 16:00",
    );
    let add = |d: &mut Desk, job: &str, cat: Category, note: &str, when: &str| -> i64 {
        let input = ComplaintInput {
            job_no: job.into(),
            source: Some(Source::Hotline),
            category: Some(cat),
            note: note.into(),
            customer: if job.is_empty() {
                "赵六".into()
            } else {
                String::new()
            },
            ..Default::default()
        };
        d.add_complaint(&input, t(when)).unwrap()
    };
    add(
        &mut d,
        "Q3",
        Category::Attitude,
        "态度差",
        "2026-11-22 12:00",
    );
    let c2 = add(
        &mut d,
        "Q1",
        Category::Delay,
        "迟迟未上门",
        "2026-11-23 08:00",
    );
    d.respond_complaint(c2, "已致歉，今天15点上门", t("2026-11-23 09:00"))
        .unwrap();
    add(&mut d, "", Category::Charge, "收费过高", "2026-11-22 20:00");
    let c4 = add(
        &mut d,
        "Q3",
        Category::Quality,
        "修后又坏",
        "2026-11-22 13:00",
    );
    d.settle_complaint(
        c4,
        Settlement::Revisit,
        "已重新上门",
        None,
        t("2026-11-22 18:00"),
    )
    .unwrap();
    d
}

fn complaint_ids(app: &App) -> Vec<i64> {
    super::complaints::order(&app.cx())
        .into_iter()
        .map(|i| app.report.complaints[i].id)
        .collect()
}

fn now_ts() -> Ts {
    at(NOW).to_utc()
}

#[test]
fn the_list_and_its_forms_at_80x24_in_both_languages() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        app.set_lang(lang);
        let l = format!("{lang:?}").to_lowercase();
        press(&mut app, KeyCode::Char('p'));
        assert_eq!(app.mode(), Mode::Complaints);
        snapshot!(&format!("complaints_{l}_80x24_list"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Char('r'));
        snapshot!(
            &format!("complaints_{l}_80x24_respond"),
            screen(&app, 80, 24)
        );
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char('s'));
        snapshot!(
            &format!("complaints_{l}_80x24_settle"),
            screen(&app, 80, 24)
        );
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode(), Mode::Normal);
        // From the selected job (Q1 is today's), pre-filled.
        app.update(super::state::Action::Focus(Panel::Jobs));
        app.update(super::state::Action::Home);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char('a'));
        snapshot!(&format!("complaints_{l}_80x24_add"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
        snapshot!(
            &format!("complaints_{l}_80x24_jobs_marked"),
            screen(&app, 80, 24)
        );
        press(&mut app, KeyCode::Char('?'));
        snapshot!(&format!("complaints_{l}_80x24_help"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
    }
}

#[test]
fn the_list_puts_the_overdue_answer_first_and_colours_like_callbacks() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    assert_eq!(complaint_ids(&app), [1, 3, 2]);
    let r = &app.report;
    let c = |id: i64| r.complaints.iter().find(|c| c.id == id).unwrap();
    use crate::domain::callback::Urgency;
    assert_eq!(c(1).urgency(now_ts()), Urgency::Overdue);
    assert_eq!(c(3).urgency(now_ts()), Urgency::DueSoon);
    assert_eq!(c(2).urgency(now_ts()), Urgency::Pending);
    let (text, _) = super::complaints::countdown(Lang::En, c(1), now_ts());
    assert_eq!(text, "answer overdue 2:00");
    let (text, _) = super::complaints::countdown(Lang::En, c(2), now_ts());
    assert!(text.starts_with("settle due in"), "{text}");
    // Q1 is past its on-site promise, marked where it appears.
    assert_eq!(
        app.report
            .response_overdue
            .iter()
            .map(|o| o.job_no.as_str())
            .collect::<Vec<_>>(),
        ["Q1"]
    );
    assert!(app.marks.onsite_late.contains("Q1"));
    assert!(app.marks.complaint.contains("Q3"));
    press(&mut app, KeyCode::Char('p'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("answer overdue 2:00"), "{s}");
    assert!(s.contains("Q1"), "{s}");
}

#[test]
fn r_answers_and_s_settles_the_selected_complaint_each_in_one_transaction() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('p'));
    // Blank note: refused in the form, nothing written.
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(
        app.form.as_ref().map(|f| f.kind.clone()),
        Some(FormKind::ComplaintRespond(1))
    );
    let entries: i64 = scalar(&app, "SELECT count(*) FROM audit_log");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "a blank note is refused");
    assert_eq!(
        scalar::<i64>(&app, "SELECT count(*) FROM audit_log"),
        entries
    );
    typing(&mut app, "已电话致歉");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert_eq!(
        scalar::<String>(&app, "SELECT response_note FROM complaints WHERE id = 1"),
        "已电话致歉"
    );
    assert_eq!(
        scalar::<i64>(&app, "SELECT count(*) FROM audit_log"),
        entries + 1
    );
    // Answered: it now counts to its settlement; r again is refused.
    assert_eq!(app.mode(), Mode::Complaints);
    let first = app.complaints.selected(&app.cx());
    assert!(first.is_some());
    press(&mut app, KeyCode::Home);
    let id = complaint_ids(&app)[0];
    press(&mut app, KeyCode::Char('s'));
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.kind, FormKind::ComplaintSettle(id));
    press(&mut app, KeyCode::Right); // revisit
    press(&mut app, KeyCode::Right); // refund
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.form.as_ref().unwrap().focused(), FieldId::Engineer);
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "退还上门费");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    assert_eq!(
        scalar::<String>(
            &app,
            &format!("SELECT resolution FROM complaints WHERE id = {id}")
        ),
        "refund"
    );
    assert!(!app.report.complaints.iter().any(|c| c.id == id));
    assert!(app.desk.audit_verify().unwrap().is_intact());
}

#[test]
fn a_adds_a_complaint_on_the_selected_job_pre_filled() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.update(super::state::Action::Focus(Panel::Jobs));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selected_job().as_deref(), Some("Q1"));
    press(&mut app, KeyCode::Char('a'));
    let f = app.form.as_ref().unwrap();
    assert_eq!(f.raw(FieldId::JobNo), "Q1");
    assert_eq!(f.raw(FieldId::Customer), "张三");
    assert_eq!(f.focused(), FieldId::Note);
    typing(&mut app, "又没来");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert_eq!(
        scalar::<i64>(
            &app,
            "SELECT count(*) FROM complaints c JOIN jobs j ON j.id = c.job_id
             WHERE j.job_no = 'Q1' AND c.note = '又没来'"
        ),
        1
    );
    // A job number that does not exist is refused as typed.
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('a'));
    let f = app.form.as_mut().unwrap();
    f.focus = 0;
    typing(&mut app, "NOPE");
    let f = app.form.as_ref().unwrap();
    assert!(f.field(FieldId::JobNo).unwrap().error.is_some());
}

#[test]
fn a_denied_signature_or_an_unsatisfied_customer_offers_a_complaint_in_one_key() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    app.update(super::state::Action::Focus(Panel::Callbacks));
    assert_eq!(app.selected_job().as_deref(), Some("Q2"));
    press(&mut app, KeyCode::Char('f'));
    // satisfied → unsatisfied → unreachable → denies_signature
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(
        app.form.as_ref().unwrap().raw(FieldId::Result),
        "denies_signature"
    );
    press(&mut app, KeyCode::Enter);
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(msg.contains("press a to open a complaint on Q2"), "{msg}");
    press(&mut app, KeyCode::Char('a'));
    let f = app.form.as_ref().unwrap();
    assert_eq!(f.kind, FormKind::Complaint);
    assert_eq!(
        (
            f.raw(FieldId::JobNo),
            f.raw(FieldId::Source),
            f.raw(FieldId::Category)
        ),
        ("Q2", "callback", "forgery")
    );
    press(&mut app, KeyCode::Esc);

    // An unsatisfied result opens a re-visit (a notice): `a` there opens
    // the complaint at once.
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    app.update(super::state::Action::Focus(Panel::Callbacks));
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Notice);
    let notice = app.notice.clone().unwrap().join(" ");
    assert!(notice.contains("按 a 为 Q2 登记投诉"), "{notice}");
    press(&mut app, KeyCode::Char('a'));
    assert!(app.notice.is_none());
    let f = app.form.as_ref().unwrap();
    assert_eq!(f.raw(FieldId::Category), "quality");
    typing(&mut app, "回访不满意");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert_eq!(
        scalar::<String>(
            &app,
            "SELECT source || ' ' || category FROM complaints ORDER BY id DESC LIMIT 1"
        ),
        "callback quality"
    );
    // The offer is used once.
    assert!(app.complaints.offer.is_none());
}
