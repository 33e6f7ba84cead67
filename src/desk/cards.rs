//! Supervision cards: one handed back and typed in, the cards file
//! imported.

use super::Desk;
use super::DeskError;
use super::Result;
use super::import::*;
use super::record;
use super::record_if_changed;
use super::refresh;
use super::whole;
use crate::domain::card::Card;
use crate::domain::card::CardState;
use crate::domain::time::Ts;
use crate::io::Problem;
use crate::io::records::CARD_COLUMNS;
use crate::io::records::card_differences;
use crate::io::records::card_in_future;
use crate::io::records::parse_card;
use crate::store::cards;
use crate::store::jobs;

impl Desk {
    /// Records a supervision card handed back; a job has one card, so a
    /// second is refused (corrections are their own operation).
    pub fn record_card(&mut self, card: &Card, now: Ts) -> Result<CardState> {
        let now = whole(now);
        if let Some((col, why)) = crate::io::records::card_in_future(card, now, &self.zone)
            .into_iter()
            .next()
        {
            return Err(DeskError::BadField {
                field: col.to_string(),
                why,
            });
        }
        let operator = self.operator.clone();
        self.store.write(|c| {
            let job = jobs::by_no(c, &card.job_no)?
                .ok_or_else(|| DeskError::NoJob(card.job_no.clone()))?;
            if cards::by_job(c, job.id)?.is_some() {
                return Err(DeskError::CardAlreadyRecorded(card.job_no.clone()));
            }
            cards::insert(c, job.id, card, now)?;
            let revisit = super::ledger::revisit_for_card(c, job.id, card, now)?;
            refresh(c, job.id)?;
            let state = jobs::by_id(c, job.id)?.card_state;
            let mut summary = format!(
                "card returned, signed by {}: {}",
                card.signed_by.map(|s| s.code()).unwrap_or("-"),
                state.code()
            );
            if let Some((no, new)) = revisit {
                summary += &if new {
                    format!("; re-visit {no} opened")
                } else {
                    format!("; re-visit {no} already open")
                };
            }
            record(c, &operator, now, "card", &card.job_no, summary)?;
            Ok(state)
        })
    }

    pub fn import_cards(&mut self, file: &str, bytes: &[u8], now: Ts) -> Result<ImportSummary> {
        self.with_header(file, bytes, CARD_COLUMNS, |d, ignored| {
            d.import_cards_read(file, bytes, now, ignored)
        })
    }

    fn import_cards_read(
        &mut self,
        file: &str,
        bytes: &[u8],
        now: Ts,
        ignored: &[String],
    ) -> Result<ImportSummary> {
        let columns = crate::io::table::known_columns(bytes, CARD_COLUMNS);
        let zone = self.zone;
        let (rows, mut parse_problems) =
            parse_all(file, bytes, &["job_no"], |t, r| parse_card(t, r, &zone))?;
        for (line, card) in &rows {
            for (col, why) in card_in_future(card, now, &zone) {
                parse_problems.push(Problem::new(*line, col, why));
            }
        }
        let now = whole(now);
        let operator = self.operator.clone();
        self.store.write(|c| {
            let mut problems = parse_problems;
            let mut summary = ImportSummary {
                rows: rows.len() + problems.len(),
                ignored_columns: ignored.to_vec(),
                ..Default::default()
            };
            for (line, card) in &rows {
                let Some(job) = known_job(c, &card.job_no, *line, &mut problems)? else {
                    continue;
                };
                if let Some(existing) = cards::by_job(c, job.id)? {
                    let mut diffs = card_differences(&existing, card, &zone);
                    // A column the file does not have says nothing of the
                    // card (a file of the columns before `quality` and
                    // `attitude` again): only what it says is compared.
                    diffs.retain(|(column, _, _)| columns.contains(column));
                    let what = format!("the card of job {}", card.job_no);
                    compare(&diffs, &what, *line, &mut summary, &mut problems);
                    continue;
                }
                cards::insert(c, job.id, card, now)?;
                if let Some((no, true)) = super::ledger::revisit_for_card(c, job.id, card, now)? {
                    summary.revisits.push(no);
                }
                refresh(c, job.id)?;
                summary.added += 1;
            }
            if problems.is_empty() {
                record_if_changed(
                    c,
                    &operator,
                    now,
                    "import_cards",
                    "",
                    imported(file, &summary),
                )?;
                Ok(summary)
            } else {
                Err(rejected(file, problems))
            }
        })
    }
}
