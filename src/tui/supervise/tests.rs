//! The supervisor's screen without a terminal: keys in, state and store
//! out, with a fixed clock; whole screens as `insta` snapshots of ratatui's
//! `TestBackend` at 80×24 in both languages.

use super::state::{OverdueLine, SupAction, SupApp, SupMode, Tab};
use crate::desk::Desk;
use crate::desk::supervise::fixture;
use crate::domain::escalation::EscalationState;
use crate::domain::overdue::GroupBy;
use crate::domain::scorecard::Measure;
use crate::domain::time::Zone;
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::dashboard::state::{App, Panel};
use crate::tui::test_kit::{
    CENTER_NOW, NOW, at, buffer, demo_desk_of, press, screen, snapshot, text_of, typing,
};
use chrono::Duration;
use crossterm::event::KeyCode;

/// The job numbers of the overdue list, group headings as `#name`.
fn overdue_lines(app: &SupApp) -> Vec<String> {
    app.overdue
        .iter()
        .map(|l| match l {
            OverdueLine::Group { name, .. } => format!("#{name}"),
            OverdueLine::Item(i) => app.snap.pending[*i].job_no.clone(),
        })
        .collect()
}

#[test]
fn every_tab_the_help_and_the_forms_at_80x24_in_both_languages() {
    let mut d = demo_desk_of("赵主管");
    let mut app = SupApp::new(&mut d, Lang::En, at(NOW)).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        app.lang = lang;
        let l = format!("{lang:?}").to_lowercase();
        for (n, name) in [
            ('1', "overdue"),
            ('2', "forgeries"),
            ('3', "engineers"),
            ('4', "chains"),
            ('5', "escalated"),
            ('6', "promises"),
        ] {
            press(&mut app, KeyCode::Char(n));
            snapshot!(
                &format!("supervise_{l}_80x24_{n}_{name}"),
                screen(&app, 80, 24),
            );
        }
        press(&mut app, KeyCode::Char('?'));
        assert_eq!(app.mode(), SupMode::Help);
        snapshot!(&format!("supervise_{l}_80x24_help"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Char('g'));
        snapshot!(
            &format!("supervise_{l}_80x24_overdue_by_engineer"),
            screen(&app, 80, 24),
        );
        press(&mut app, KeyCode::Char('g'));
        press(&mut app, KeyCode::Char('g'));
        press(&mut app, KeyCode::Char('x'));
        typing(&mut app, "");
        press(&mut app, KeyCode::Tab);
        typing(&mut app, "两小时未回访");
        snapshot!(
            &format!("supervise_{l}_80x24_escalate_form"),
            screen(&app, 80, 24),
        );
        // Typed text is not thrown away by one Esc.
        press(&mut app, KeyCode::Esc);
        assert!(app.form.as_ref().is_some_and(|f| f.discard.warning()));
        press(&mut app, KeyCode::Esc);
        assert!(app.form.is_none());
    }
    snapshot!("supervise_zh_79x23_too_small", screen(&app, 79, 23));
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    assert!(app.detail.is_some());
    snapshot!("supervise_zh_80x24_timeline", screen(&app, 80, 24));
}

#[test]
fn the_demo_shows_overdue_callbacks_a_forgery_and_a_scorecard_matching_overdue() {
    let mut d = demo_desk_of("赵主管");
    let overdue = d.overdue_callbacks(at(NOW).to_utc()).unwrap();
    assert!(!overdue.is_empty());
    let app = SupApp::new(&mut d, Lang::En, at(NOW)).unwrap();
    assert_eq!(app.overdue.len(), overdue.len());
    assert!(app.snap.forgeries.iter().any(|f| f.open));
    assert!(app.snap.forgeries.iter().any(|f| {
        f.suspicions
            .iter()
            .any(|s| matches!(s, crate::desk::supervise::Suspicion::Denied { .. }))
    }));
    // The scorecard's "overdue now" per engineer is the overdue list's.
    for s in &app.snap.scores {
        let n = overdue.iter().filter(|o| o.engineer == s.engineer).count();
        assert_eq!(s.overdue_now as usize, n, "{}", s.engineer);
    }
    let total: u32 = app.snap.scores.iter().map(|s| s.overdue_now).sum();
    assert_eq!(total as usize, overdue.len());
    assert!(!app.snap.chains.is_empty());
}

#[test]
fn overdue_times_tick_from_the_snapshot_and_the_list_groups_and_filters() {
    let mut d = fixture::desk();
    let mut app = SupApp::new(&mut d, Lang::En, fixture::now()).unwrap();
    assert_eq!(overdue_lines(&app), ["J3", "J4"]);
    assert!(screen(&app, 80, 24).contains("2:00"));
    // A minute later, derived from the snapshot: 2:01 and 1:31.
    app.update(SupAction::Tick(fixture::now() + Duration::minutes(1)));
    let text = screen(&app, 80, 24);
    assert!(text.contains("2:01") && text.contains("1:31"), "{text}");
    // Grouped by engineer: one group, 李明's, worst first.
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.group, GroupBy::Engineer);
    assert_eq!(overdue_lines(&app), ["#李明", "J3", "J4"]);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(overdue_lines(&app), ["#QD01", "J3", "J4"]);
    press(&mut app, KeyCode::Char('g'));
    // Only the selected callback's engineer; Esc shows all again.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.filter.engineer.as_deref(), Some(fixture::L));
    assert_eq!(overdue_lines(&app), ["J3", "J4"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.filter, Default::default());
    // The selection follows J4 when J3 is called.
    assert_eq!(app.selected_callback().unwrap().job_no, "J4");
    app.src
        .desk()
        .unwrap()
        .log_callback(
            "J3",
            crate::domain::callback::CallbackResult::Satisfied,
            "",
            fixture::now().to_utc(),
        )
        .unwrap();
    // A tick derives from the snapshot only: J3 is still listed ...
    app.update(SupAction::Tick(fixture::now() + Duration::seconds(61)));
    assert_eq!(overdue_lines(&app), ["J3", "J4"]);
    // ... until the timer re-reads the store.
    app.update(SupAction::Poll);
    assert_eq!(overdue_lines(&app), ["J4"]);
    assert_eq!(app.selected_callback().unwrap().job_no, "J4");
}

#[test]
fn the_engineers_sort_by_the_chosen_measure_and_the_period_changes() {
    let mut d = fixture::desk();
    let mut app = SupApp::new(&mut d, Lang::En, fixture::now()).unwrap();
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.measure, Measure::CallbacksOverdue);
    let names = |app: &SupApp| {
        app.score_order
            .iter()
            .map(|&i| app.snap.scores[i].engineer.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&app), [fixture::L, fixture::W]);
    // First-visit fix: worst first is 李明's 50 % (J7 needed a re-visit),
    // then 王强's 66 %.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Right);
    assert_eq!(app.measure, Measure::FirstVisitFix);
    assert_eq!(names(&app), [fixture::L, fixture::W]);
    assert!(screen(&app, 80, 24).contains("66%"));
    assert!(screen(&app, 80, 24).contains("50%"));
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(names(&app), [fixture::W, fixture::L]);
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.snap.first_day.to_string(), "2026-11-17");
    let w = app
        .snap
        .scores
        .iter()
        .find(|s| s.engineer == fixture::W)
        .unwrap();
    assert_eq!(w.jobs, 4, "yesterday's J6 counts over 7 days");
}

#[test]
fn an_escalation_is_stored_and_shown_on_the_clerks_dashboard() {
    let mut d = fixture::desk();
    d.operator = "赵主管".into();
    {
        let mut app = SupApp::new(&mut d, Lang::En, fixture::now()).unwrap();
        // The overdue J3 callback, to the after-sales manager (prefilled).
        press(&mut app, KeyCode::Char('x'));
        press(&mut app, KeyCode::Tab);
        typing(&mut app, "2h not called");
        press(&mut app, KeyCode::Enter);
        assert!(app.form.is_none(), "{:?}", app.form);
        let j3 = &app.snap.pending[0];
        assert_eq!(j3.job_no, "J3");
        let e = j3.escalation.as_ref().unwrap();
        assert_eq!(e.state, EscalationState::Escalated);
        assert_eq!(
            (e.to.as_str(), e.by.as_str()),
            ("after-sales manager", "赵主管")
        );
        assert_eq!(e.at, "2026-11-23T15:00:00+08:00");
        snapshot!("supervise_en_80x24_overdue_escalated", screen(&app, 80, 24));
        // J5's card signed by the engineer: escalated as a discrepancy.
        press(&mut app, KeyCode::Char('2'));
        while app.snap.forgeries[app.selected[Tab::Forgeries.index()]].job_no != "J5" {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Char('x'));
        for _ in 0..30 {
            press(&mut app, KeyCode::Backspace);
        }
        typing(&mut app, "center");
        press(&mut app, KeyCode::Enter);
        assert!(app.form.is_none());
        app.lang = Lang::Zh;
        snapshot!("supervise_zh_80x24_forgery_escalated", screen(&app, 80, 24));
        app.lang = Lang::En;
        // An acknowledgement without a note is refused, the form stays.
        press(&mut app, KeyCode::Char('4'));
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
        assert!(app.form.as_ref().is_some_and(|f| f.error.is_some()));
        press(&mut app, KeyCode::Esc);
    }
    let stored: i64 = d
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM escalations WHERE operator = '赵主管' AND action = 'escalated'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 2);

    // The clerk resolves J5's discrepancy: the supervisor sees both the
    // escalation and the resolution.
    d.operator = "clerk".into();
    d.resolve(
        "J5",
        crate::domain::reconcile::DiscrepancyKind::SignatureSuspect,
        crate::domain::reconcile::Resolution::Penalty,
        "工程师代签，按规处罚",
        fixture::now().to_utc() + Duration::minutes(10),
    )
    .unwrap();
    {
        let later = fixture::now() + Duration::minutes(11);
        let mut app = SupApp::new(&mut d, Lang::En, later).unwrap();
        press(&mut app, KeyCode::Char('5'));
        let acted: Vec<_> = app
            .snap
            .acted
            .iter()
            .map(|a| (a.job_no.as_str(), a.escalation.state))
            .collect();
        assert_eq!(
            acted,
            [
                ("J5", EscalationState::EscalatedResolved),
                ("J3", EscalationState::Escalated)
            ]
        );
        let j5 = &app.snap.acted[0].escalation;
        assert_eq!(j5.resolved_by.as_deref(), Some("clerk"));
        assert_eq!(j5.resolved_at.as_deref(), Some("2026-11-23T15:10:00+08:00"));
        snapshot!("supervise_en_80x24_acted_resolved", screen(&app, 80, 24));
        app.lang = Lang::Zh;
        snapshot!("supervise_zh_80x24_acted_resolved", screen(&app, 80, 24));
    }

    // The clerk's dashboard marks the callback row, the discrepancy row
    // and the job's detail.
    let mut app = App::new(&mut d, Lang::En, fixture::now()).unwrap();
    assert!(app.marks.escalated_discrepancies.contains(&(
        "J5".to_string(),
        crate::domain::reconcile::DiscrepancyKind::SignatureSuspect
    )));
    app.update(crate::tui::Action::Focus(Panel::Callbacks));
    snapshot!("dashboard_en_80x24_escalated", screen(&app, 80, 24),);
    let text = screen(&app, 120, 32);
    let j3 = text.lines().find(|l| l.contains("J3 ")).unwrap();
    assert!(j3.contains("escalated"), "{j3}");
    let j4 = text
        .lines()
        .find(|l| l.contains("J4 ") && l.contains("overdue"))
        .unwrap();
    assert!(!j4.contains("escalated"), "{j4}");
    let j5 = text
        .lines()
        .find(|l| l.contains("J5 ") && l.contains("sig. suspect"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(j5.contains("escalated"), "{j5}");
    app.update(crate::tui::Action::Home);
    assert_eq!(app.selected_job().as_deref(), Some("J3"));
    app.update(crate::tui::Action::OpenDetail);
    let text = screen(&app, 80, 24);
    assert!(text.contains("escalated"), "{text}");
    assert!(
        text.contains("escalated to after-sales manager by 赵主管"),
        "{text}"
    );
}

#[test]
#[ignore = "prints screens for a person to look at"]
fn print_screens() {
    let mut d = demo_desk_of("赵主管");
    let mut app = SupApp::new(&mut d, Lang::En, at(NOW)).unwrap();
    for k in ['1', '2', '3', '4'] {
        press(&mut app, KeyCode::Char(k));
        println!("{}", screen(&app, 120, 32));
    }
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Right);
    println!("{}", screen(&app, 100, 30));
    press(&mut app, KeyCode::Char('4'));
    println!("{}", screen(&app, 100, 30));
}

// ---- On a center's database -------------------------------------------------

/// The demo center (`center --demo`): four branches' reports, opened the
/// way `branchdesk supervise` opens any database.
fn demo_center_desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = crate::center::Center::new(Store::open_in_memory().unwrap(), "demo").unwrap();
    c.zone = Zone::parse("+08:00").unwrap();
    crate::demo::center::fill(&mut c, &dir.path().join("reports"), at(CENTER_NOW).to_utc())
        .unwrap();
    let mut d = Desk::new(c.store.into_sqlite().unwrap(), "赵主管").unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    (dir, d)
}

#[test]
fn the_demo_center_at_80x24_in_both_languages() {
    let (_dir, mut d) = demo_center_desk();
    let mut app = SupApp::new(&mut d, Lang::En, at(CENTER_NOW)).unwrap();
    let branches = app.snap.center.clone().unwrap();
    assert_eq!(branches, ["QD-CY", "QD-HD", "QD-LS", "QD-SN"]);
    assert!(app.overdue_total > 0);
    // Grouped by branch: one heading per reporting branch with overdue calls.
    app.update(SupAction::CycleGroup);
    app.update(SupAction::CycleGroup);
    assert_eq!(app.group, GroupBy::Branch);
    let heads: Vec<String> = overdue_lines(&app)
        .into_iter()
        .filter(|l| l.starts_with('#'))
        .collect();
    assert_eq!(heads.len(), 3, "{heads:?}");
    for lang in [Lang::En, Lang::Zh] {
        app.lang = lang;
        let l = match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
        };
        app.update(SupAction::Tab(Tab::Overdue));
        snapshot!(
            &format!("supervise_center_{l}_80x24_overdue_by_branch"),
            screen(&app, 80, 24),
        );
        app.update(SupAction::Tab(Tab::Engineers));
        snapshot!(
            &format!("supervise_center_{l}_80x24_engineers"),
            screen(&app, 80, 24),
        );
        app.update(SupAction::ToggleHelp);
        snapshot!(
            &format!("supervise_center_{l}_80x24_help"),
            screen(&app, 80, 24),
        );
        app.update(SupAction::ToggleHelp);
    }
    // Filtering by the selected callback's branch keeps that branch only.
    app.update(SupAction::Tab(Tab::Overdue));
    app.update(SupAction::Down);
    let branch = app.selected_callback().unwrap().branch.clone();
    app.update(SupAction::FilterBranch);
    assert!(app.overdue.iter().all(|l| match l {
        OverdueLine::Item(i) => app.snap.pending[*i].branch == branch,
        OverdueLine::Group { name, .. } => *name == branch,
    }));
}

/// The screen reads a center directly (its only way on PostgreSQL): the
/// same screen as through a desk on the center's file, and `Enter`, `x`
/// and `w` say where they are done instead of acting.
#[test]
fn the_screen_on_a_center_itself_draws_what_the_center_file_opened_as_a_desk_draws() {
    let (_dir, mut d) = demo_center_desk();
    let through_desk = {
        let mut app = SupApp::new(&mut d, Lang::En, at(CENTER_NOW)).unwrap();
        app.update(SupAction::Tab(Tab::Engineers));
        screen(&app, 100, 30)
    };
    let mut c = crate::center::Center::new(d.store, "赵主管").unwrap();
    c.zone = Zone::parse("+08:00").unwrap();
    let mut app = SupApp::new(&mut c, Lang::En, at(CENTER_NOW)).unwrap();
    app.update(SupAction::Tab(Tab::Engineers));
    assert_eq!(screen(&app, 100, 30), through_desk);
    // A job past its on-site promise names whom to call, from its row.
    let late: Vec<_> = app
        .commitments()
        .into_iter()
        .filter(|c| c.complaint.is_none())
        .collect();
    assert!(!late.is_empty());
    assert!(
        late.iter()
            .all(|c| !c.phone.is_empty() && !c.customer.is_empty()),
        "{late:?}"
    );
    app.update(SupAction::Tab(Tab::Overdue));
    app.update(SupAction::Down);
    app.update(SupAction::OpenDetail);
    assert!(app.detail.is_none());
    let said = app.message.as_ref().unwrap().text.clone();
    assert!(said.contains("is at branch"), "{said}");
    app.update(SupAction::ExportSummary(crate::domain::voice::Period::Week));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("center export summary")
    );
}

#[test]
fn a_suspect_job_of_a_center_shows_the_report_side_and_x_a_enter_say_at_the_branch() {
    let (_dir, c) = crate::center::supervise::fixture::center();
    let mut d = Desk::new(c.store.into_sqlite().unwrap(), "赵主管").unwrap();
    d.zone = Zone::parse("+08:00").unwrap();
    let before = d
        .store
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get::<_, i64>(0));
    let mut app = SupApp::new(&mut d, Lang::En, fixture::now()).unwrap();
    app.update(SupAction::NextPeriod);
    app.update(SupAction::Tab(Tab::Forgeries));
    app.update(SupAction::End);
    for lang in [Lang::En, Lang::Zh] {
        app.lang = lang;
        let l = match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
        };
        snapshot!(
            &format!("supervise_center_{l}_80x24_forgery"),
            screen(&app, 80, 24),
        );
    }
    app.lang = Lang::En;
    for code in [KeyCode::Char('x'), KeyCode::Char('a'), KeyCode::Enter] {
        press(&mut app, code);
        assert_eq!(app.mode(), SupMode::Normal, "{code:?} opens nothing");
        let m = app.message.clone().unwrap();
        assert!(m.error);
        assert!(
            m.text.contains("J6") && m.text.contains("QD01"),
            "{}",
            m.text
        );
        app.message = None;
    }
    assert!(app.form.is_none() && app.detail.is_none());
    drop(app);
    let after = d
        .store
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get::<_, i64>(0));
    assert_eq!(before.ok(), after.ok(), "nothing written");
}

#[test]
fn an_acknowledgement_keeps_the_escalations_target_and_note_in_view() {
    let mut d = fixture::desk();
    d.operator = "赵主管".into();
    let mut app = SupApp::new(&mut d, Lang::En, fixture::now()).unwrap();
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Char('c')); // replaces the pre-filled target
    typing(&mut app, "enter");
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "call today");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    press(&mut app, KeyCode::Char('a'));
    typing(&mut app, "called back");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.form);
    press(&mut app, KeyCode::Char('5'));
    let a = &app.snap.acted[0];
    assert_eq!(a.escalation.state, EscalationState::Acknowledged);
    assert_eq!(
        (
            a.escalation.escalated_to.as_str(),
            a.escalation.escalation_note.as_str()
        ),
        ("center", "call today")
    );
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("escalated to center") && text.contains("call today"),
        "{text}"
    );
    // The tab counts what its panel lists.
    assert!(
        text.contains(&format!("5 Escalated {}", app.snap.acted.len())),
        "{text}"
    );
}

/// The engineers' tab shows the selected engineer's rates and the
/// branch's with both numbers; `w` and `M` write this week's and this
/// month's summaries.
#[test]
fn the_rates_under_the_scorecard_and_w_m_write_the_summaries() {
    let mut d = demo_desk_of("赵主管");
    let mut app = SupApp::new(&mut d, Lang::En, at(NOW)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    app.export_dir = dir.path().to_path_buf();
    press(&mut app, KeyCode::Char('3'));
    let text = screen(&app, 120, 40);
    assert!(text.contains("branch: callback "), "{text}");
    let voice = app.snap.voice.clone().expect("a branch's rates");
    let b = voice.branch;
    let shown = format!("callback {}/{}", b.callbacks_answered, b.callbacks_due);
    assert!(text.contains(&shown), "{shown}: {text}");
    press(&mut app, KeyCode::Char('w'));
    let msg = app.message.clone().expect("a message");
    assert!(!msg.error, "{}", msg.text);
    let branch = app.snap.branch.clone().expect("the demo's branch");
    let week = format!("{branch}/{branch}_summary_week_2026-11-23");
    assert!(
        dir.path().join(format!("{week}.csv")).exists(),
        "{}",
        msg.text
    );
    assert!(
        dir.path().join(format!("{week}.xlsx")).exists(),
        "{}",
        msg.text
    );
    press(&mut app, KeyCode::Char('M'));
    let msg = app.message.clone().expect("a message");
    assert!(
        msg.text.contains("summary_month_2026-11-01.csv"),
        "{}",
        msg.text
    );
    assert!(msg.text.contains(".xlsx"), "{}", msg.text);
}

/// On a center `w`/`M` say how the center's summary is written (the
/// screen's database is the center's, not a branch's) instead of failing.
#[test]
fn w_on_a_center_says_how_the_centers_summary_is_written() {
    let (_dir, mut d) = demo_center_desk();
    let mut app = SupApp::new(&mut d, Lang::En, at(CENTER_NOW)).unwrap();
    assert!(app.snap.center.is_some());
    app.update(SupAction::ExportSummary(crate::domain::voice::Period::Week));
    let (text, error) = app
        .message
        .clone()
        .map(|m| (m.text, m.error))
        .unwrap_or_default();
    assert!(!error, "{text}");
    assert!(text.contains("center export summary"), "{text}");
}

/// The broken promises, one a line and selectable: every unanswered
/// complaint and every job past its on-site promise, job numbers whole at
/// 80x24; Enter opens the job, `x` escalates a job not visited in time.
#[test]
fn the_promises_tab_lists_every_broken_promise_whole_and_selectable() {
    let mut d = demo_desk_of("赵主管");
    let mut app = SupApp::new(&mut d, Lang::Zh, at(NOW)).unwrap();
    let now = app.now_ts();
    let unanswered = app
        .snap
        .complaints
        .iter()
        .filter(|c| c.facts.response_overdue(now))
        .count();
    let lines = app.commitments();
    assert_eq!(lines.len(), unanswered + app.snap.onsite_late.len());
    assert!(
        unanswered > 0 && !app.snap.onsite_late.is_empty(),
        "{lines:?}"
    );
    press(&mut app, KeyCode::Char('6'));
    let s = screen(&app, 80, 24);
    for c in lines.iter().take(10) {
        let job = c.job_no.as_deref().unwrap_or("—");
        assert!(s.contains(job), "{job} whole on screen:\n{s}");
    }
    // Whom to call: a late job's customer and phone, as the complaints'.
    for c in &lines[unanswered..] {
        assert!(!c.phone.is_empty() && !c.customer.is_empty(), "{c:?}");
    }
    let wide = screen(&app, 120, 40);
    let late = &lines[unanswered];
    assert!(wide.contains(&late.phone), "{}\n{wide}", late.phone);
    // The first late job (after the complaints): Enter opens it, x escalates it.
    for _ in 0..unanswered {
        press(&mut app, KeyCode::Down);
    }
    let job = lines[unanswered].job_no.clone().unwrap();
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.detail.as_ref().map(|d| d.detail.job.job_no.clone()),
        Some(job.clone())
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.form.as_ref().map(|f| f.job_no.clone()), Some(job));
}

/// The selected engineer's discrepancies by kind take the lines they need
/// (only the kinds the engineer has): on a center at 80×24 in English the
/// last kinds and the center's note were cut at the box's second line.
#[test]
fn the_engineers_breakdown_is_whole_on_a_center_at_80x24() {
    let (_dir, mut d) = demo_center_desk();
    for lang in [Lang::En, Lang::Zh] {
        let mut app = SupApp::new(&mut d, lang, at(CENTER_NOW)).unwrap();
        app.update(SupAction::Tab(Tab::Engineers));
        let shown: String = text_of(&buffer(&app, 80, 24))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let i = app.score_order[app.selected[Tab::Engineers.index()]];
        let s = &app.snap.scores[i];
        let mut words: Vec<String> = crate::domain::reconcile::DiscrepancyKind::ALL
            .iter()
            .filter(|k| s.discrepancy(**k) > 0)
            .map(|k| {
                format!(
                    "{} {}",
                    crate::i18n::code_short(lang, k.code()),
                    s.discrepancy(*k)
                )
            })
            .collect();
        words.push(crate::i18n::tr(lang, crate::i18n::T::SupCenterNoFirstFix).to_string());
        for w in words {
            let w: String = w.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(shown.contains(&w), "{lang:?}: {w} cut:\n{shown}");
        }
    }
}
