//! The dashboard's cases and delay notices without a terminal:
//! keys in, state and store out, at a fixed clock; the list and the visit
//! form's fee items as `insta` snapshots in both languages at 80×24.

use super::form::{FieldId, FormKind};
use super::state::{App, Mode};
use crate::desk::Desk;
use crate::domain::case::{CaseKind, Decision};
use crate::domain::job::Job;
use crate::domain::time::{Zone, parse_instant};
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::test_kit::{NOW, at, press, screen, snapshot, typing};
use crossterm::event::KeyCode;

/// Three jobs: C1 with a fee waiver the center approved, C2 with entry
/// refused (awaiting the ruling, the manager goes), C3 booked at 16:00 with
/// 王强, who is 30 minutes late; a fee standard of two codes.
fn desk() -> Desk {
    let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    let z = d.zone;
    let t = |s: &str| parse_instant(s, &z).unwrap();
    for (no, customer, appt) in [
        ("C1", "张三", None),
        ("C2", "李四", None),
        ("C3", "王五", Some("2026-11-23 16:00")),
    ] {
        let job = Job {
            job_no: no.into(),
            branch: "QD01".into(),
            received_at: Some(t("2026-11-23 08:00")),
            customer: customer.into(),
            phone: "13812345678".into(),
            engineer: "王强".into(),
            appointment_start: appt.map(t),
            appointment_end: appt.map(|a| t(a) + chrono::Duration::hours(1)),
            ..Job::default()
        };
        d.add_job(&job, t("2026-11-23 08:00")).unwrap();
    }
    let fee = d
        .add_case(
            "C1",
            CaseKind::FeeWaiver,
            "用户要求减免上门费",
            t("2026-11-23 09:00"),
        )
        .unwrap();
    d.add_case(
        "C2",
        CaseKind::EntryRefused,
        "用户拒绝工程师入户",
        t("2026-11-23 10:00"),
    )
    .unwrap();
    d.store
        .write(|c| {
            crate::store::cases::set_ruling(
                c,
                fee,
                Decision::Approved,
                "同意减免",
                t("2026-11-23 11:00"),
                "中心刘",
                "rulings.json",
            )
        })
        .unwrap();
    d.add_delay("王强", 30, "堵车", t("2026-11-23 13:30"))
        .unwrap();
    d.import_fees(
        "fees.csv",
        "code,name,amount\nLABOR,上门费,80\nPART,配件,50\n".as_bytes(),
        t("2026-11-23 08:00"),
    )
    .unwrap();
    d
}

#[test]
fn the_cases_list_shows_rulings_and_manager_visits_and_closes_a_ruled_case() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.mode(), Mode::Cases);
    snapshot!("cases_en_80x24", screen(&app, 80, 24));
    app.set_lang(Lang::Zh);
    snapshot!("cases_zh_80x24", screen(&app, 80, 24));
    app.set_lang(Lang::En);
    // The second case has no ruling: closing it is refused.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('x'));
    assert!(app.form.is_none());
    // The first is ruled: x asks for a note and closes it.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(
        app.form.as_ref().map(|f| f.kind.clone()),
        Some(FormKind::CaseClose(1))
    );
    typing(&mut app, "已免收");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert_eq!(app.report.cases.len(), 1);
    // The customer to tell: i records it.
    assert_eq!(app.report.to_inform.len(), 1);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('i'));
    assert!(app.report.to_inform.is_empty());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn the_visit_form_lists_the_fee_codes_and_sums_them_beside_the_charge() {
    let mut d = desk();
    let mut app = App::new(&mut d, Lang::En, at(NOW)).unwrap();
    press(&mut app, KeyCode::Char('v'));
    let form = app.form.as_mut().expect("the visit form");
    assert!(!form.fees.is_empty());
    // Tab to the charge, type 140; to the fee items, type two codes.
    while form.focused() != FieldId::Charge {
        form.next();
    }
    let _ = form;
    typing(&mut app, "140");
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "LABOR;PART");
    let form = app.form.as_ref().unwrap();
    let charge = form.field(FieldId::Charge).unwrap();
    assert_eq!(charge.warning.as_deref(), Some("over standard 130"));
    let items = form.field(FieldId::FeeItems).unwrap();
    assert_eq!(items.warning.as_deref(), Some("LABOR 80 · PART 50"));
    snapshot!("visit_fee_items_en_80x24", screen(&app, 80, 24));
}
