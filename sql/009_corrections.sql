-- branchdesk schema: corrections. Each correction of a job, its
-- latest visit, its card or its latest callback result is one row here and
-- one audit entry, written in the same transaction: who, when, why, and the
-- fields before and after (JSON objects of the CSV column names). Rows are
-- never changed. A correction counts as touching its job on its day (the
-- daily report), hence the index on `at`.

CREATE TABLE corrections (
    id       INTEGER PRIMARY KEY,
    job_id   INTEGER NOT NULL REFERENCES jobs(id),
    kind     TEXT NOT NULL CHECK (kind IN ('job', 'visit', 'card', 'callback')),
    at       INTEGER NOT NULL,
    operator TEXT NOT NULL,
    reason   TEXT NOT NULL CHECK (reason <> ''),
    before   TEXT NOT NULL,
    after    TEXT NOT NULL
) STRICT;
CREATE INDEX corrections_at ON corrections(at);
CREATE INDEX corrections_job ON corrections(job_id);
