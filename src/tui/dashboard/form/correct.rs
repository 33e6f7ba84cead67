//! The correction forms (`E`): first which record of the selected job
//! (the job, its latest visit, its card, its latest callback result), then
//! the same fields as the entry form of that kind, filled in with the
//! record's current values, plus the reason. Checked as typed with the
//! import's parsers (the flow around them: `dashboard::correct`).

use super::{
    ANSWERS, Field, FieldId, FieldProblems, Form, FormKind, Kind, NO_YES, OUTCOMES, Parsed,
    RESULTS, SATISFACTION, SIGNED_BY, SOLVED, WARRANTY, complete_date, complete_time,
};
use crate::domain::correction::CorrectKind;
use crate::domain::time::{Zone, parse_instant, short};
use crate::i18n::{Lang, T, tr, trf};
use crate::io::records::{parse_card, parse_job, parse_visit};
use chrono::NaiveDate;

const KINDS: &[&str] = &["job", "visit", "card", "callback"];

/// The first step: which record; `default` is what the panel suggests.
pub fn pick(job_no: &str, default: CorrectKind, lang: Lang) -> Form {
    let mut f = Form::new(
        FormKind::CorrectPick,
        job_no,
        vec![Field::choice(FieldId::CorrectWhat, KINDS, default.code())],
    );
    f.context = Some(tr(lang, T::CorrectPickContext).to_string());
    f
}

/// The choices of a choice field, as on the entry forms.
fn options(id: FieldId) -> Option<&'static [&'static str]> {
    use FieldId::*;
    Some(match id {
        Result => RESULTS,
        Satisfaction => SATISFACTION,
        SignedBy => SIGNED_BY,
        WarrantyRecord => &["yes", "no", ""],
        InvoiceOwed => NO_YES,
        Outcome => OUTCOMES,
        Warranty => WARRANTY,
        Attitude | Quality => ANSWERS,
        Solved => SOLVED,
        _ => return None,
    })
}

/// The correction form of `kind`, filled in with `current` (the record's
/// columns, as `Desk::correction_current` gives them): the reason first,
/// then the entry form's fields. A card correction starts on who signed
/// (a re-signed card is the common case).
pub fn form(
    kind: CorrectKind,
    job_no: &str,
    current: &[(&'static str, String)],
    zone: &Zone,
    lang: Lang,
) -> Form {
    // Times are shown as the entry forms take them: local, to the minute.
    let shown: Vec<(&'static str, String)> = current
        .iter()
        .map(|(c, v)| {
            let v = match FieldId::of_column(c).map(|f| f.kind()) {
                Some(Kind::Time) if !v.is_empty() => parse_instant(v, zone)
                    .map(|t| short(zone, t))
                    .unwrap_or_else(|_| v.clone()),
                _ => v.clone(),
            };
            (*c, v)
        })
        .collect();
    let mut fields = vec![Field::text(FieldId::Reason, "")];
    for (column, value) in &shown {
        if !kind.fields().contains(column) {
            continue;
        }
        let Some(id) = FieldId::of_column(column) else {
            continue;
        };
        fields.push(match options(id) {
            Some(opts) => Field::choice(id, opts, value),
            None => Field::text(id, value),
        });
    }
    let mut f = Form::new(FormKind::Correct(kind, shown), job_no, fields);
    f.context = Some(tr(lang, T::CorrectContext).to_string());
    if kind == CorrectKind::Card
        && let Some(i) = f.fields.iter().position(|x| x.id == FieldId::SignedBy)
    {
        f.focus = i;
    }
    f
}

/// The form's value: which record (first step), or the columns changed
/// and the reason, after the import's parser accepted the whole record.
pub(in crate::tui::dashboard) fn parse(
    form: &Form,
    lang: Lang,
    zone: &Zone,
    today: NaiveDate,
) -> Result<Parsed, FieldProblems> {
    let (kind, shown) = match &form.kind {
        FormKind::Correct(kind, shown) => (*kind, shown),
        _ => {
            let kind =
                CorrectKind::parse(form.raw(FieldId::CorrectWhat)).unwrap_or(CorrectKind::Job);
            return Ok(Parsed::Pick(kind));
        }
    };
    // Short times and dates are completed as on the entry forms.
    let typed = |f: &Field| {
        let raw = f.raw().trim();
        match f.id.kind() {
            Kind::Time => complete_time(raw, today),
            Kind::Date => complete_date(raw, today, f.id == FieldId::ReturnDue),
            _ => raw.to_string(),
        }
    };
    let mut changes = Vec::new();
    let mut row: Vec<(&str, String)> = Vec::new();
    for (column, was) in shown {
        let now = form
            .fields
            .iter()
            .find(|f| f.id.column() == *column && kind.fields().contains(column));
        match now {
            Some(f) => {
                let v = typed(f);
                if v != was.trim() {
                    changes.push((column.to_string(), v.clone()));
                }
                row.push((column, v));
            }
            None => row.push((column, was.clone())),
        }
    }
    let mut problems = FieldProblems::new();
    let reason = form.raw(FieldId::Reason).trim().to_string();
    if reason.is_empty() {
        problems.push((FieldId::Reason, tr(lang, T::ErrRequired).to_string()));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(row.iter().map(|(c, _)| *c));
    let _ = w.write_record(row.iter().map(|(_, v)| v.as_str()));
    let bytes = w.into_inner().unwrap_or_default();
    let checked = crate::io::read_table(&bytes, &[]).and_then(|table| {
        let Some(r) = table.rows.first() else {
            return Ok(());
        };
        match kind {
            CorrectKind::Job => parse_job(&table, r, zone).map(|_| ()),
            CorrectKind::Visit => parse_visit(&table, r, zone).map(|_| ()),
            CorrectKind::Card => parse_card(&table, r, zone).map(|_| ()),
            CorrectKind::Callback => Ok(()),
        }
    });
    form.finish(lang, problems, checked)?;
    Ok(Parsed::Correct {
        kind,
        changes,
        reason,
    })
}

pub(in crate::tui::dashboard) fn title(lang: Lang, form: &Form) -> String {
    let t = match &form.kind {
        FormKind::Correct(CorrectKind::Job, _) => T::FormCorrectJob,
        FormKind::Correct(CorrectKind::Visit, _) => T::FormCorrectVisit,
        FormKind::Correct(CorrectKind::Card, _) => T::FormCorrectCard,
        FormKind::Correct(CorrectKind::Callback, _) => T::FormCorrectCallback,
        _ => T::FormCorrectPick,
    };
    trf(lang, t, &[&form.job_no])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::zone;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn card_values() -> Vec<(&'static str, String)> {
        vec![
            ("job_no", "J3".into()),
            ("returned_at", "2026-11-23T13:30:00+08:00".into()),
            ("satisfaction", "".into()),
            ("signed_by", "none".into()),
            ("warranty_record", "yes".into()),
            ("charge", "".into()),
            ("receipt_no", "".into()),
        ]
    }

    /// Every correctable column has its field: a visit's fee items and
    /// the machine's receipt are corrected on the screen as with
    /// `correct visit` (they were missing while the fields were listed twice).
    #[test]
    fn every_correctable_column_has_a_form_field() {
        for kind in [
            CorrectKind::Job,
            CorrectKind::Visit,
            CorrectKind::Card,
            CorrectKind::Callback,
        ] {
            for column in kind.fields() {
                assert!(FieldId::of_column(column).is_some(), "{kind} {column}");
            }
        }
        let z = zone();
        let current = vec![
            ("job_no", "J3".to_string()),
            ("engineer", "王强".into()),
            ("arrived_at", "2026-11-23T09:00:00+08:00".into()),
            ("finished_at", "2026-11-23T10:00:00+08:00".into()),
            ("outcome", "fixed".into()),
            ("fee_items", "".into()),
            ("machine_receipt_no", "".into()),
        ];
        let mut f = form(CorrectKind::Visit, "J3", &current, &z, Lang::En);
        for c in "补录收条".chars() {
            f.input(c);
        }
        f.focus = f
            .fields
            .iter()
            .position(|x| x.id == FieldId::MachineReceipt)
            .unwrap();
        for c in "R-778".chars() {
            f.input(c);
        }
        let parsed = parse(&f, Lang::En, &z, today());
        let Ok(Parsed::Correct { changes, .. }) = parsed else {
            panic!("{:?}", parsed.err())
        };
        assert_eq!(
            changes,
            [("machine_receipt_no".to_string(), "R-778".to_string())]
        );
    }

    #[test]
    fn a_card_correction_sends_only_what_changed_and_needs_a_reason() {
        let z = zone();
        let mut f = form(CorrectKind::Card, "J3", &card_values(), &z, Lang::En);
        assert_eq!(f.focused(), FieldId::SignedBy);
        assert_eq!(f.raw(FieldId::ReturnedAt), "2026-11-23 13:30");
        f.input('c');
        assert_eq!(f.raw(FieldId::SignedBy), "customer");
        let err = parse(&f, Lang::En, &z, today()).unwrap_err();
        assert_eq!(err[0].0, FieldId::Reason);
        f.focus = 0;
        for c in "补签".chars() {
            f.input(c);
        }
        let Ok(Parsed::Correct {
            kind,
            changes,
            reason,
        }) = parse(&f, Lang::En, &z, today())
        else {
            panic!("a correction")
        };
        assert_eq!(kind, CorrectKind::Card);
        assert_eq!(changes, [("signed_by".to_string(), "customer".to_string())]);
        assert_eq!(reason, "补签");
        // A bad value is refused at its field, as an import refuses it.
        f.focus = f
            .fields
            .iter()
            .position(|x| x.id == FieldId::Charge)
            .unwrap();
        f.input('x');
        assert!(!f.validate(Lang::En, &z, today()));
        assert!(f.field(FieldId::Charge).unwrap().error.is_some());
    }

    #[test]
    fn the_first_step_offers_the_panels_record() {
        let f = pick("J3", CorrectKind::Callback, Lang::Zh);
        assert_eq!(
            parse(&f, Lang::Zh, &zone(), today()),
            Ok(Parsed::Pick(CorrectKind::Callback))
        );
        assert_eq!(title(Lang::En, &f), "Correct a record · J3");
    }
}
