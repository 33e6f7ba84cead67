-- branchdesk schema: nothing falls off the desk. New columns are
-- NULL or '' by default, so that no row audited before the upgrade changes.

-- The open ledger: jobs waiting for an appointment or a visit, found by
-- status (scheduled jobs among them only until their window has passed).
CREATE INDEX jobs_waiting ON jobs(status)
    WHERE status IN ('unscheduled', 'needs_appointment', 'scheduled');

-- An `unsatisfied` card opens a re-visit once: the re-visit it opened.
ALTER TABLE cards ADD COLUMN revisit_job_id INTEGER REFERENCES jobs(id);

-- When each day's reconciliation last ran (the report's `reconciled_at`).
CREATE TABLE reconciliations (
    recon_date     TEXT PRIMARY KEY,
    ran_at         INTEGER NOT NULL,
    before_cutoff  INTEGER NOT NULL CHECK (before_cutoff IN (0, 1)),
    cards_out      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The center: what a report says about the branch's reconciliation and
-- cut-off, and each row's `touched` (NULL: a report from before these
-- columns, counted as touched) and `open_items`.
ALTER TABLE center_reports ADD COLUMN reconciled_at INTEGER;
ALTER TABLE center_reports ADD COLUMN cutoff_at INTEGER;
ALTER TABLE center_report_rows ADD COLUMN touched INTEGER CHECK (touched IN (0, 1));
ALTER TABLE center_report_rows ADD COLUMN open_items TEXT NOT NULL DEFAULT '';
