//! `import callbacks`: callback results made elsewhere (the center's call
//! team makes most 3 h callbacks). Each row logs its result on the job's
//! earliest-due pending callback as made at `called_at` by `caller`, with
//! the rules of `callback`; a row is identified by job and `called_at`
//! (the same row again is a no-op, the same identity with another content
//! rejects the file). All or nothing.

use super::import::ImportSummary;
use super::{Desk, DeskError, Result, record_if_changed, whole};
use crate::domain::time::Ts;
use crate::io::fields::{Call, parse_call};
use crate::io::{Problem, read_table};
use crate::store::{corrections as fix, jobs};

impl Desk {
    pub fn import_callbacks(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        let zone = self.zone;
        let now = whole(now);
        let rejected = |mut problems: Vec<Problem>| {
            problems.sort_by_key(|p| p.line);
            DeskError::Rejected {
                file: file.to_string(),
                problems,
            }
        };
        let ignored = crate::io::check_header(bytes, crate::io::fields::CALLBACK_COLUMNS)
            .map_err(&rejected)?;
        let table = read_table(bytes, &["job_no", "called_at", "result"]).map_err(&rejected)?;
        let mut problems = Vec::new();
        let mut calls: Vec<(u64, Call)> = Vec::new();
        for row in &table.rows {
            match parse_call(&table, row, &zone, now) {
                Ok(call) => calls.push((row.line, call)),
                Err(p) => problems.extend(p),
            }
        }
        // Applied in the order the calls were made, so that each lands on
        // the callback that was earliest due at that moment.
        calls.sort_by_key(|(line, call)| (call.called_at, *line));
        let operator = self.operator.clone();
        self.store.write(|c| {
            let mut summary = ImportSummary {
                rows: table.rows.len(),
                ignored_columns: ignored.clone(),
                ..Default::default()
            };
            for (line, call) in &calls {
                let line = *line;
                let Some(job) = jobs::by_no(c, &call.job_no)? else {
                    problems.push(Problem::new(
                        line,
                        "job_no",
                        format!("unknown job {:?}: import its job first", call.job_no),
                    ));
                    continue;
                };
                let caller = if call.caller.is_empty() {
                    operator.as_str()
                } else {
                    call.caller.as_str()
                };
                if let Some(e) = fix::event_at(c, job.id, call.called_at)? {
                    let diffs: Vec<(&str, String, String)> = [
                        (
                            "result",
                            e.result.map(|r| r.code()).unwrap_or_default().to_string(),
                            call.result.code().to_string(),
                        ),
                        ("note", e.note.clone(), call.note.clone()),
                        ("caller", e.operator.clone(), caller.to_string()),
                        (
                            "attitude",
                            code(e.answers.attitude.map(|x| x.code())),
                            code(call.answers.attitude.map(|x| x.code())),
                        ),
                        (
                            "quality",
                            code(e.answers.quality.map(|x| x.code())),
                            code(call.answers.quality.map(|x| x.code())),
                        ),
                        (
                            "solved",
                            yes_no(e.answers.solved),
                            yes_no(call.answers.solved),
                        ),
                    ]
                    .into_iter()
                    // A blank caller (logged as whoever imported it) is
                    // the same row whoever imports it again.
                    .filter(|(c, _, _)| *c != "caller" || !call.caller.is_empty())
                    .filter(|(_, a, b)| a != b)
                    .collect();
                    match diffs.first() {
                        None => summary.unchanged += 1,
                        Some((col, old, new)) => problems.push(Problem::new(
                            line,
                            *col,
                            format!(
                                "the call on job {} at that time has {old:?}, this line says \
                                 {new:?}; corrections are made with `correct callback`",
                                call.job_no
                            ),
                        )),
                    }
                    continue;
                }
                match super::ops::log_call_in(
                    c,
                    &call.job_no,
                    call.result,
                    &call.answers,
                    &call.note,
                    caller,
                    call.called_at,
                ) {
                    Ok(_) => summary.added += 1,
                    // Unreachable with no callback pending: that line's problem.
                    Err(e @ DeskError::NoPendingCallback(_)) => {
                        problems.push(Problem::new(line, "result", e.to_string()));
                    }
                    Err(e) => return Err(e),
                }
            }
            if problems.is_empty() {
                let text = format!(
                    "{file}: {} rows, {} added, {} already there",
                    summary.rows, summary.added, summary.unchanged
                );
                record_if_changed(c, &operator, now, "import_callbacks", "", text)?;
                Ok(summary)
            } else {
                Err(rejected(std::mem::take(&mut problems)))
            }
        })
    }
}

fn code(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn yes_no(v: Option<bool>) -> String {
    v.map(|b| if b { "yes" } else { "no" }.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::job::Job;
    use crate::domain::time::testing::{t, zone};
    use crate::domain::visit::{Outcome, Visit};
    use crate::store::Store;

    #[test]
    fn a_call_without_a_caller_is_the_same_row_whoever_imports_it_again() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "王芳").unwrap();
        d.zone = zone();
        let job = Job {
            job_no: "J1".into(),
            branch: "QD".into(),
            ..Job::default()
        };
        d.add_job(&job, t("2026-11-23 08:00")).unwrap();
        let v = Visit {
            job_no: "J1".into(),
            finished_at: Some(t("2026-11-23 10:00")),
            outcome: Some(Outcome::Consulted),
            ..Visit::default()
        };
        d.record_visit(&v, t("2026-11-23 10:00")).unwrap();
        let file = "job_no,called_at,result,note,caller\nJ1,2026-11-23 11:30,satisfied,,\n";
        let now = t("2026-11-23 12:00");
        let s = d
            .import_callbacks("calls.csv", file.as_bytes(), now)
            .unwrap();
        assert_eq!((s.added, s.unchanged), (1, 0));
        d.set_operator("李娜");
        let s = d
            .import_callbacks("calls.csv", file.as_bytes(), now)
            .unwrap();
        assert_eq!((s.added, s.unchanged), (0, 1));
        // Named, the caller is part of the call.
        let named = file.replace(",,\n", ",,张敏\n");
        let err = d
            .import_callbacks("calls.csv", named.as_bytes(), now)
            .unwrap_err();
        let DeskError::Rejected { problems, .. } = err else {
            panic!("rejected")
        };
        assert_eq!(
            (problems[0].line, problems[0].column.as_str()),
            (2, "caller")
        );
    }
}
