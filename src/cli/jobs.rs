//! `branchdesk deliver-invoice JOB_NO` and `branchdesk verify JOB_NO`: a job's
//! owed invoice delivered, its missing information checked with dispatch.

use crate::desk::Desk;
use crate::i18n::{T, trf};
use anyhow::Result;
use chrono::{DateTime, FixedOffset};

pub fn deliver_invoice(desk: &mut Desk, job_no: &str, now: DateTime<FixedOffset>) -> Result<()> {
    desk.deliver_invoice(job_no, now.to_utc())?;
    crate::outln!("{}", trf(desk.lang, T::CliInvoiceDelivered, &[&job_no]));
    Ok(())
}

pub fn verify(desk: &mut Desk, job_no: &str, now: DateTime<FixedOffset>) -> Result<()> {
    desk.mark_verified(job_no, now.to_utc())?;
    crate::outln!("{}", trf(desk.lang, T::CliVerified, &[&job_no]));
    Ok(())
}
