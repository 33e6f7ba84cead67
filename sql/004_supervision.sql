-- branchdesk schema: the supervisor's review. Escalations and
-- acknowledgements are a log: each row is one action of a supervisor on one
-- item (an overdue callback, a suspect discrepancy, a denied signature, a
-- re-visit chain); an item's state is its newest row. Rows are never
-- changed, so that an item escalated and later resolved shows both.

CREATE TABLE escalations (
    id        INTEGER PRIMARY KEY,
    job_id    INTEGER NOT NULL REFERENCES jobs(id),
    -- what was escalated: a callback, a discrepancy, or the job itself
    -- (a re-visit chain); ref_id is the callback's or discrepancy's id
    item      TEXT NOT NULL CHECK (item IN ('callback', 'discrepancy', 'job')),
    ref_id    INTEGER,
    action    TEXT NOT NULL CHECK (action IN ('escalated', 'acknowledged')),
    to_whom   TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    operator  TEXT NOT NULL,
    at        INTEGER NOT NULL,
    CHECK ((item = 'job') = (ref_id IS NULL))
) STRICT;
CREATE INDEX escalations_job ON escalations(job_id);
CREATE INDEX escalations_item ON escalations(item, ref_id);

-- The supervisor's queries over a period stay index look-ups on big
-- databases: callbacks by due time and by the re-visit they opened, cards
-- by return time, and the suspected forgeries. IF NOT EXISTS: another
-- migration may already index the same column under the same name.
CREATE INDEX IF NOT EXISTS callbacks_due ON callbacks(due_at);
CREATE INDEX IF NOT EXISTS callbacks_revisit ON callbacks(revisit_job_id) WHERE revisit_job_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS cards_returned ON cards(returned_at);
CREATE INDEX IF NOT EXISTS callback_events_denied ON callback_events(callback_id)
    WHERE result = 'denies_signature';
CREATE INDEX IF NOT EXISTS discrepancies_forgery ON discrepancies(job_id)
    WHERE kind IN ('signature_suspect', 'satisfaction_conflict');
