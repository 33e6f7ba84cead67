//! The dashboard's cases for the center and delay notices: the
//! cases not closed (with the center's ruling once it came, and the
//! manager's visit where one is due) and, below them, the customers to
//! tell that their engineer is running late. `x` closes a ruled case (with
//! a note), `i` records that the selected customer was told.
//!
//! [`CasesPanel`] is this feature's state, owned by the `App`: it handles
//! its own actions with the snapshot it is given and says what the `App`
//! should do next ([`Outcome`]).

use super::action::Action;
use super::form::{Field, FieldId, Form, FormKind, Parsed};
use super::model::{Ctx, Outcome};
use crate::desk::Desk;
use crate::domain::time::Ts;
use crate::i18n::{Lang, T, code, tr, trf};
use crate::tui::kit::columns::{always, drop, selectable};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// The list on screen: one selection over the cases, then the customers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CasesView {
    pub selected: usize,
}

/// The cases list, when open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CasesPanel {
    pub view: Option<CasesView>,
}

fn total(cx: &Ctx) -> usize {
    cx.report.cases.len() + cx.report.to_inform.len()
}

impl CasesPanel {
    pub fn is_open(&self) -> bool {
        self.view.is_some()
    }

    pub fn close(&mut self) {
        self.view = None;
    }

    /// The actions of this feature (see [`Action`]).
    pub fn update(&mut self, action: Action, cx: &Ctx, desk: &mut Desk) -> Outcome {
        let (lang, r) = (cx.lang, cx.report);
        match action {
            Action::ToggleCases => {
                self.view = match self.view {
                    Some(_) => None,
                    None => Some(CasesView::default()),
                };
                Outcome::Nothing
            }
            Action::CasesMove(by) => {
                let n = total(cx);
                if let Some(v) = self.view.as_mut()
                    && n > 0
                {
                    v.selected = (v.selected as isize)
                        .saturating_add(by)
                        .clamp(0, n as isize - 1) as usize;
                }
                Outcome::Nothing
            }
            Action::CaseClose => {
                let Some(v) = self.view else {
                    return Outcome::Nothing;
                };
                let Some(k) = r.cases.get(v.selected).cloned() else {
                    return Outcome::Nothing;
                };
                if k.ruling.is_none() {
                    return Outcome::Warn(trf(lang, T::ErrCaseNotRuled, &[&k.id]));
                }
                let mut f = Form::new(
                    FormKind::CaseClose(k.id),
                    &k.job_no,
                    vec![Field::text(FieldId::Note, "")],
                );
                f.context = k.ruling.as_ref().map(|ru| {
                    format!(
                        "{} · {}: {}",
                        code(lang, k.kind.code()),
                        code(lang, ru.decision.code()),
                        ru.note
                    )
                });
                Outcome::Form(f)
            }
            Action::CaseInformed => {
                let Some(v) = self.view else {
                    return Outcome::Nothing;
                };
                let n = r.cases.len();
                let Some(job_no) = v
                    .selected
                    .checked_sub(n)
                    .and_then(|i| r.to_inform.get(i))
                    .map(|t| t.job_no.clone())
                else {
                    return Outcome::Nothing;
                };
                match desk.informed(&job_no, cx.now_ts()) {
                    Ok(()) => Outcome::Saved(trf(lang, T::MsgInformed, &[&job_no])),
                    Err(e) => Outcome::Warn(crate::desk::said::desk_error(lang, &e)),
                }
            }
            _ => Outcome::Nothing,
        }
    }
}

/// One `Desk` call per form; the message it leaves.
pub fn save(desk: &mut Desk, lang: Lang, parsed: Parsed, now: Ts) -> Result<String, String> {
    match parsed {
        Parsed::CaseClose { id, note } => {
            desk.close_case(id, &note, now)
                .map_err(|e| crate::desk::said::desk_error(lang, &e))?;
            Ok(trf(lang, T::MsgCaseClosed, &[&id]))
        }
        _ => Ok(String::new()),
    }
}

/// The header's counts: customers to tell of a delay (yellow), cases for
/// the center (`o` lists both); nothing when there are none.
pub fn header_counts(cx: &Ctx) -> Vec<(u8, Vec<Span<'static>>)> {
    let r = cx.report;
    let mut out = Vec::new();
    if !r.to_inform.is_empty() {
        out.push((
            1,
            vec![Span::styled(
                trf(cx.lang, T::CountInform, &[&r.to_inform.len()]),
                Style::new().fg(Color::Yellow),
            )],
        ));
    }
    if !r.cases.is_empty() {
        out.push((
            3,
            vec![Span::raw(trf(cx.lang, T::CountCases, &[&r.cases.len()]))],
        ));
    }
    out
}

impl CasesPanel {
    pub fn render(&self, cx: &Ctx, f: &mut Frame, area: Rect) {
        let Some(view) = self.view else {
            return;
        };
        render(view, cx, f, area)
    }
}

fn render(view: CasesView, cx: &Ctx, f: &mut Frame, area: Rect) {
    let lang = cx.lang;
    let r = cx.report;
    let area = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(4),
        ..area
    };
    crate::tui::kit::frame::clear(f, area);
    let n_c = r.cases.len();
    let n_i = r.to_inform.len();
    let low = ((n_i.max(1) + 3) as u16).min(area.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(low)]).areas(area);
    let block = |title: T, count: usize, focused: bool| {
        Block::bordered()
            .title(Line::from(vec![Span::styled(
                format!(" {} ({count}) ", tr(lang, title)),
                Style::new().bold(),
            )]))
            .border_style(if focused {
                Style::new().fg(crate::tui::kit::theme::FOCUS)
            } else {
                Style::new().fg(crate::tui::kit::theme::DIM)
            })
    };
    let in_cases = view.selected < n_c;
    let b = block(T::CasesTitle, n_c, in_cases);
    let inner = b.inner(top);
    f.render_widget(b, top);
    let rows: Vec<Vec<Line<'static>>> = r
        .cases
        .iter()
        .map(|k| {
            let state = match &k.ruling {
                Some(_) => Span::styled(code(lang, k.state.code()), Style::new().fg(Color::Green)),
                None => Span::styled(code(lang, k.state.code()), Style::new().fg(Color::Yellow)),
            };
            let mut detail = match &k.ruling {
                Some(ru) => format!(
                    "{} {}: {}",
                    tr(lang, T::CasesRuling),
                    code(lang, ru.decision.code()),
                    ru.note
                ),
                None => k.note.clone(),
            };
            if k.manager_visit {
                detail = format!("{} · {detail}", tr(lang, T::CasesManager));
            }
            vec![
                Line::from(k.id.to_string()),
                Line::from(k.job_no.clone()),
                Line::from(code(lang, k.kind.code())),
                Line::from(state),
                Line::from(k.customer.clone()),
                Line::from(detail),
            ]
        })
        .collect();
    selectable(
        f,
        inner,
        lang,
        rows,
        &[
            always(T::ColNo, 4),
            always(T::ColJob, 16),
            drop(T::ColKind, 15, 1),
            always(T::ColState, 15),
            drop(T::ColCustomer, 10, 2),
            drop(T::ColDetail, 40, 3),
        ],
        in_cases.then_some(view.selected),
    );
    let b = block(T::InformTitle, n_i, !in_cases);
    let inner = b.inner(bottom);
    f.render_widget(b, bottom);
    let zone = cx.zone;
    let rows: Vec<Vec<Line<'static>>> = r
        .to_inform
        .iter()
        .map(|t| {
            let at = zone.local(t.appt_ts).format("%H:%M").to_string();
            vec![
                Line::from(t.job_no.clone()),
                Line::from(t.engineer.clone()),
                Line::from(at),
                Line::from(Span::styled(
                    format!("+{}′", t.delay_minutes),
                    Style::new().fg(Color::Yellow),
                )),
                Line::from(t.customer.clone()),
                Line::from(t.phone.clone()),
            ]
        })
        .collect();
    selectable(
        f,
        inner,
        lang,
        rows,
        &[
            always(T::ColJob, 16),
            drop(T::ColEngineer, 8, 2),
            always(T::ColAppt, 5),
            drop(T::ColDelay, 6, 1),
            drop(T::ColCustomer, 10, 3),
            // The number the clerk rings.
            always(T::ColPhone, 14),
        ],
        (!in_cases).then(|| view.selected - n_c),
    );
}
