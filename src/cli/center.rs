//! `branchdesk center …`: thin glue between the command line and
//! [`Center`]. `now` comes from `crate::cli` (the one clock read).

pub mod args;
pub mod pg;

use crate::center::{Center, CenterError};
use crate::center::{CenterStatus, FileResult, ImportRun, hm};
use crate::domain::time::parse_hhmm;
use crate::i18n::{Lang, T, tr, trf};
use crate::store::{Check, Store};
use anyhow::Result;
pub use args::{BranchesCommand, CenterCommand, CenterExportKind, Globals};
use args::{db_path, keys_dir, lang, operator};
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};

/// Where `center --demo` keeps the demo branches' reports.
fn demo_reports_dir(db: &Path) -> PathBuf {
    db.with_file_name("center-demo-reports")
}

pub fn run(cli: &Globals, what: Option<&CenterCommand>, now: DateTime<FixedOffset>) -> Result<()> {
    let path = db_path(cli);
    // The integrity check as for a branch (README, *Integrity on open*):
    // the screen's start checks, `center status` only reads, the rest write.
    let utc = now.to_utc();
    let check = match what {
        None => Check::Full(Some(utc)),
        Some(CenterCommand::Status { .. }) if !cli.demo => Check::Reading,
        _ => Check::Daily(utc),
    };
    let store = Store::open_checked(&path, check)?;
    run_on(
        cli,
        what,
        now,
        store.into(),
        &demo_reports_dir(&path),
        &path.display(),
    )
}

/// `branchdesk center …` on an opened engine (`db`: how the database is
/// named in messages; `demo_dir`: where `--demo` keeps its branches'
/// reports).
pub fn run_on(
    cli: &Globals,
    what: Option<&CenterCommand>,
    now: DateTime<FixedOffset>,
    store: crate::store::center::CenterDb,
    demo_dir: &Path,
    db: &dyn std::fmt::Display,
) -> Result<()> {
    let utc = now.to_utc();
    let mut center = Center::new(store, &operator(cli))?;
    center.lang = lang(cli);
    center.keys = crate::io::keys::KeyRing::Dir(keys_dir(cli));
    if cli.demo && center.branches()?.is_empty() {
        let dir = demo_dir.to_path_buf();
        let run = crate::demo::center::fill(&mut center, &dir, utc)?;
        center.set_reports_dir(&dir, utc)?;
        crate::errln!(
            "{}",
            trf(
                center.lang,
                T::CliDemoCenter,
                &[
                    db,
                    &run.imported(),
                    &center.branches()?.len(),
                    &dir.display()
                ]
            )
        );
    }
    let today = center.zone.date_of(utc);
    match what {
        None => {
            if !crate::tui::on_terminal() {
                crate::out!("{}", status_text(&center.status(today, utc)?, center.lang));
                return Ok(());
            }
            // The demo opens on a day it has reports for (its data may be
            // from an earlier day than the clock's).
            let day = match cli.demo {
                true => center.latest_report_date()?,
                false => None,
            };
            let mouse = center
                .store
                .read(|c| c.setting(crate::store::settings::MOUSE))?;
            crate::tui::set_mouse(mouse.as_deref());
            crate::tui::center::run_on(&mut center, lang(cli), now, day)
        }
        Some(CenterCommand::Import { dir }) => {
            let run = center.import_dir(dir, utc)?;
            // The first folder imported from is where the screen's `i`
            // looks (`config reports_dir DIR` changes it).
            if center.reports_dir()?.is_none() && run.imported() > 0 {
                center.set_reports_dir(dir, utc)?;
            }
            print_import(&run, center.lang);
            if run.rejected() > 0 {
                return Err(CenterError::Rejected {
                    dir: dir.display().to_string(),
                    rejected: run.rejected(),
                    files: run.files.len(),
                }
                .into());
            }
            Ok(())
        }
        Some(CenterCommand::Status { date, json }) => {
            let s = center.status(date.unwrap_or(today), utc)?;
            if *json {
                crate::domain::text::out_json(&s)?;
            } else {
                write_status_text(&s, center.lang, &mut |part| crate::out!("{part}"));
            }
            Ok(())
        }
        Some(CenterCommand::Branches { what }) => {
            let lang = center.lang;
            match what {
                Some(BranchesCommand::Add { code, name, key }) => {
                    let name = name.as_deref().unwrap_or("");
                    match key {
                        Some(k) => {
                            center.add_branch_with_key(code, name, k, utc)?;
                            crate::outln!(
                                "{}",
                                trf(
                                    lang,
                                    T::CliBranchExpectedKey,
                                    &[code, &k.trim().to_lowercase()]
                                )
                            );
                        }
                        None => {
                            center.add_branch(code, name, utc)?;
                            crate::outln!("{}", trf(lang, T::CliBranchExpected, &[code]));
                        }
                    }
                    return Ok(());
                }
                Some(BranchesCommand::Rekey { code, key, reason }) => {
                    let old = center.rekey(code, key, reason, utc)?;
                    let old = if old.is_empty() {
                        tr(lang, T::CliKeyNone).to_string()
                    } else {
                        old
                    };
                    crate::outln!(
                        "{}",
                        trf(
                            lang,
                            T::CliBranchRekeyed,
                            &[code, &key.trim().to_lowercase(), &old]
                        )
                    );
                    return Ok(());
                }
                Some(BranchesCommand::List) | None => {}
            }
            for b in center.branches()? {
                let key = center.pinned_key(&b.code)?.unwrap_or_else(|| "-".into());
                crate::outln!(
                    "{:<12} {} {}",
                    b.code,
                    crate::i18n::pad(&b.name, 16),
                    trf(lang, T::CliBranchKey, &[&key])
                );
            }
            Ok(())
        }
        Some(CenterCommand::Check {
            branch,
            time,
            date,
            note,
        }) => {
            let date = date.unwrap_or(today);
            let read = |t: &str| {
                parse_hhmm(t).map_err(|why| CenterError::BadTime {
                    text: t.to_string(),
                    why,
                })
            };
            let time = match time {
                Some(t) => read(t)?,
                None => {
                    let s = center.status(date, utc)?;
                    read(&s.current_check.unwrap_or_default())?
                }
            };
            center.mark_checked(branch, date, time, note, utc)?;
            crate::outln!(
                "{}",
                trf(
                    center.lang,
                    T::CliCenterChecked,
                    &[branch, &time.format("%H:%M"), &date, &center.operator]
                )
            );
            Ok(())
        }
        Some(CenterCommand::Anchors { branch, out }) => {
            let anchors = center.anchors(branch)?;
            let json = serde_json::to_string_pretty(&anchors)?;
            match out {
                Some(file) => {
                    crate::io::export::write_atomic(file, format!("{json}\n").as_bytes())
                        .map_err(|e| CenterError::io(file, e))?;
                    crate::outln!(
                        "{}",
                        trf(
                            center.lang,
                            T::CliAnchorsWritten,
                            &[&file.display(), &anchors.anchors.len(), branch]
                        )
                    );
                }
                None => crate::outln!("{json}"),
            }
            Ok(())
        }
        Some(CenterCommand::Export {
            what: Some(CenterExportKind::Rulings { out }),
            ..
        }) => args::center_export_rulings(&mut center, cli, out, now),
        Some(CenterCommand::Export {
            what: Some(CenterExportKind::Summary { period, date, out }),
            ..
        }) => {
            let date = date.unwrap_or(today);
            let e = center.export_period_summary(out, *period, date, utc)?;
            let lang = center.lang;
            crate::outln!(
                "{}",
                trf(
                    lang,
                    T::CliPeriodExported,
                    &[&e.csv.display(), &e.rows, &e.first, &e.last]
                )
            );
            crate::outln!("{}", trf(lang, T::CliForPeople, &[&e.xlsx.display()]));
            Ok(())
        }
        Some(CenterCommand::Cases { json }) => args::center_cases(&mut center, *json),
        Some(CenterCommand::Rule {
            branch,
            case_id,
            decision,
            note,
        }) => {
            center.rule(branch, *case_id, *decision, note, utc)?;
            let decision = crate::i18n::cli_code(center.lang, decision.code());
            crate::outln!(
                "{}",
                trf(
                    center.lang,
                    T::CliCenterRuled,
                    &[branch, case_id, &decision]
                )
            );
            Ok(())
        }
        Some(CenterCommand::Key) => args::center_key(&center, cli),
        Some(CenterCommand::Export {
            what: None,
            date,
            out,
        }) => {
            let date = date.unwrap_or(today);
            let (file, rows) = center.export_summary(out, date, utc)?;
            let lang = center.lang;
            crate::outln!(
                "{}",
                trf(lang, T::CliCenterExported, &[&file.display(), &rows])
            );
            crate::outln!(
                "{}",
                trf(
                    lang,
                    T::CliForPeople,
                    &[&file.with_extension("xlsx").display()]
                )
            );
            Ok(())
        }
    }
}

/// `config` on a center's database (either engine): the center's
/// settings, each by its key (what `config KEY VALUE` takes), by its label
/// too in Chinese.
pub fn config_text(center: &mut Center, db: &dyn std::fmt::Display) -> Result<String> {
    use crate::store::settings::{ACCEPT_NEW_BRANCHES, REPORTS_DIR, TIMEZONE};
    let lang = center.lang;
    let zone = match (lang, center.zone.name().as_str()) {
        (Lang::Zh, "local") => tr(lang, T::CliZoneLocal).to_string(),
        (_, name) => name.to_string(),
    };
    let rows = [
        (T::CliSetTimezone, TIMEZONE, zone),
        (
            T::CliSetCheckTimes,
            crate::center::CHECK_TIMES,
            crate::domain::center::format_check_times(&center.check_times),
        ),
        (
            T::CliSetAcceptNew,
            ACCEPT_NEW_BRANCHES,
            // Unset: reports of every branch are taken.
            crate::i18n::cli_code(
                lang,
                &center
                    .setting(ACCEPT_NEW_BRANCHES)?
                    .unwrap_or_else(|| "yes".into()),
            ),
        ),
        (
            T::CliSetReportsDir,
            REPORTS_DIR,
            center.setting(REPORTS_DIR)?.unwrap_or_default(),
        ),
    ];
    let mut out = String::new();
    for (label, key, value) in rows {
        out += &match lang {
            Lang::En => format!("{key} = {value}\n"),
            Lang::Zh => format!(
                "{} {} = {value}\n",
                crate::i18n::pad(tr(lang, label), 20),
                crate::i18n::pad(key, 19)
            ),
        };
    }
    out += &match lang {
        Lang::En => format!("database = {db}\n"),
        Lang::Zh => format!(
            "{} = {db}\n",
            crate::i18n::pad(tr(lang, T::CliSetDatabase), 40)
        ),
    };
    Ok(out)
}

/// One line per report file; rejected files get one stderr line per
/// problem, `FILE:LINE: column: reason` where a line is known.
pub fn print_import(run: &ImportRun, lang: Lang) {
    for n in &run.notes {
        crate::errln!("{}", crate::center::said::report_problem(lang, n));
    }
    for f in &run.files {
        let p = f.path.display();
        match &f.result {
            FileResult::Imported {
                generation,
                rows,
                replaced,
            } => {
                let was = replaced
                    .map(|g| trf(lang, T::CliReplacedGeneration, &[&g]))
                    .unwrap_or_default();
                crate::outln!(
                    "{}",
                    trf(lang, T::CliGenImported, &[&p, generation, rows, &was])
                );
            }
            FileResult::Unchanged { generation } => {
                crate::outln!("{}", trf(lang, T::CliGenUnchanged, &[&p, generation]))
            }
            FileResult::Older { generation, have } => {
                crate::outln!("{}", trf(lang, T::CliGenOlder, &[&p, generation, have]))
            }
            FileResult::Rejected(problems) => {
                for why in problems {
                    let why = crate::center::said::report_problem(lang, why);
                    if why.starts_with(|c: char| c.is_ascii_digit()) {
                        crate::errln!("{p}:{why}");
                    } else {
                        crate::errln!("{p}: {why}");
                    }
                }
            }
        }
    }
    crate::outln!(
        "{}",
        trf(
            lang,
            T::CliCenterImported,
            &[
                &run.imported(),
                &(run.files.len() - run.imported() - run.rejected()),
                &run.rejected(),
                &run.skipped
            ]
        )
    );
}

/// `center status` for people, in the clerk's language.
pub fn status_text(s: &CenterStatus, lang: Lang) -> String {
    let mut text = String::new();
    write_status_text(s, lang, &mut |part| text.push_str(part));
    text
}

/// [`status_text`] a branch at a time to `emit` (a national center's
/// status is printed as it is made, never held whole).
pub fn write_status_text(s: &CenterStatus, lang: Lang, emit: &mut dyn FnMut(&str)) {
    use std::fmt::Write;
    let c = |x: &str| crate::i18n::cli_code(lang, x);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}",
        trf(
            lang,
            T::CliCenterHead,
            &[&s.date, &s.now, &s.check_times.join(", ")]
        ),
        s.next_check
            .as_ref()
            .map(|t| trf(lang, T::CliCenterNext, &[t]))
            .unwrap_or_default()
    );
    for b in s.worst_first() {
        emit(&out);
        out.clear();
        let report = match &b.report {
            Some(r) => trf(
                lang,
                T::CliCenterReport,
                &[
                    &r.generation,
                    &hm(&r.generated_at),
                    &hm(&r.first_generated_at),
                    &r.rows,
                ],
            ),
            None => tr(lang, T::CliCenterNoReport).to_string(),
        };
        let checks: Vec<String> = b
            .checks
            .iter()
            .map(|ck| {
                let mark = if ck.checked.is_some() { " ✓" } else { "" };
                format!("{} {}{mark}", ck.check_time, c(ck.state.code()))
            })
            .collect();
        let _ = writeln!(
            out,
            "\n{:<10} {}  {report}\n  {}",
            b.branch,
            b.name,
            checks.join("  ")
        );
        let f = &b.figures;
        let kinds = f
            .discrepancies_open
            .iter()
            .map(|(k, n)| format!("{} {n}", c(&k.to_string())))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "{}",
            trf(
                lang,
                T::CliCenterFigures,
                &[
                    &f.jobs,
                    &f.completed,
                    &f.callbacks_pending,
                    &f.callbacks_overdue,
                    &f.unsatisfied,
                    &f.open_discrepancies(),
                    &if kinds.is_empty() {
                        String::new()
                    } else {
                        match lang {
                            Lang::En => format!(" ({kinds})"),
                            Lang::Zh => format!("（{kinds}）"),
                        }
                    },
                    &f.invoices_owed,
                    &f.complaints_open,
                    &f.response_overdue,
                ]
            )
        );
        if let Some(counts) = &b.counts {
            // The branch's own `status` counts at export (`figures`).
            let named: Vec<String> = crate::domain::ledger::COUNT_NAMES
                .iter()
                .filter_map(|n| {
                    counts.get(n).filter(|v| **v > 0).map(|v| match lang {
                        Lang::En => format!("{n} {v}"),
                        Lang::Zh => format!("{} {v}", crate::i18n::count_name(lang, n)),
                    })
                })
                .collect();
            let _ = writeln!(
                out,
                "{}",
                trf(
                    lang,
                    T::CliAtExport,
                    &[&if named.is_empty() {
                        tr(lang, T::CliNothing).to_string()
                    } else {
                        named.join(", ")
                    }]
                )
            );
        }
        if let Some(r) = &b.report {
            let _ = writeln!(out, "  {}", backlog_line(r, lang));
        }
    }
    emit(&out);
}

/// A report's open backlog by kind and whether it is the day's final word:
/// `open: card_awaiting 3, not_home 1  (reconciliation not run, before the cut-off)`.
pub fn backlog_line(r: &crate::center::ReportInfo, lang: Lang) -> String {
    let open = if r.open_items.is_empty() {
        tr(lang, T::CliNothingOpen).to_string()
    } else {
        let kinds: Vec<String> = r
            .open_items
            .iter()
            .map(|(k, n)| format!("{} {n}", crate::i18n::cli_code(lang, &k.to_string())))
            .collect();
        trf(lang, T::CliOpen, &[&kinds.join(", ")])
    };
    let mut flags = Vec::new();
    match &r.reconciled_at {
        None => flags.push(tr(lang, T::CliNotReconciled).to_string()),
        Some(t) => flags.push(trf(lang, T::CliReconciledAt, &[&hm(t)])),
    }
    if !r.is_final {
        flags.push(trf(lang, T::CliMadeBeforeCutoff, &[&hm(&r.cutoff_at)]));
    }
    match lang {
        Lang::En => format!("{open}  ({})", flags.join(", ")),
        Lang::Zh => format!("{open}  （{}）", flags.join("，")),
    }
}
