-- branchdesk schema: indexes for center scale. Each one is used by
-- a hot query; `store::dashboard::tests` checks the plans with EXPLAIN QUERY
-- PLAN so that none of them is silently lost.

-- The 14-day chart: timed callbacks due on each day, pending or not.
CREATE INDEX IF NOT EXISTS callbacks_due ON callbacks(due_at);
-- The daily report: cards handed back that day.
CREATE INDEX IF NOT EXISTS cards_returned ON cards(returned_at);
-- The dashboard and the daily report: discrepancies raised that day.
CREATE INDEX discrepancies_raised ON discrepancies(raised_at);
-- Lists in the order a compound query (UNION) merges them: pending
-- callbacks by job, open discrepancies by id and by job.
CREATE INDEX callbacks_pending_job ON callbacks(job_id) WHERE status = 'pending';
CREATE INDEX discrepancies_open_id ON discrepancies(id) WHERE status = 'open';
CREATE INDEX discrepancies_open_job ON discrepancies(job_id) WHERE status = 'open';
-- Owed invoices in the order they are listed (without it the planner walks
-- every visit by time to avoid a sort).
CREATE INDEX visits_owed_at ON visits(at) WHERE invoice_owed = 1 AND invoice_delivered_at IS NULL;
