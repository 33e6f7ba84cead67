-- branchdesk schema: complaints. Append-only: never edit a
-- released migration, add the next number instead.
-- A complaint's deadlines are fixed when it is made (a later change of the
-- settings does not move them).

CREATE TABLE complaints (
    id            INTEGER PRIMARY KEY,
    -- NULL: a complaint about no job in particular (a walk-in, a letter)
    job_id        INTEGER REFERENCES jobs(id),
    source        TEXT NOT NULL CHECK (source IN ('hotline', 'callback', 'center', 'walk_in', 'letter')),
    category      TEXT NOT NULL CHECK (category IN ('attitude', 'quality', 'charge', 'delay', 'forgery', 'other')),
    customer      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    received_at   INTEGER NOT NULL,
    respond_by    INTEGER NOT NULL,
    settle_by     INTEGER NOT NULL,
    responded_at  INTEGER,
    response_note TEXT NOT NULL DEFAULT '',
    settled_at    INTEGER,
    resolution    TEXT CHECK (resolution IN ('apology', 'revisit', 'refund', 'compensation', 'penalty', 'no_fault')),
    settle_note   TEXT NOT NULL DEFAULT '',
    -- The engineer named when it was settled ('' : the job's engineer).
    engineer      TEXT NOT NULL DEFAULT '',
    CHECK (settled_at IS NULL OR resolution IS NOT NULL)
) STRICT;
CREATE INDEX complaints_open ON complaints(respond_by) WHERE settled_at IS NULL;
CREATE INDEX complaints_job ON complaints(job_id) WHERE job_id IS NOT NULL;
CREATE INDEX complaints_received ON complaints(received_at);

-- Every step of a complaint: received, responded, settled.
CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    at           INTEGER NOT NULL,
    event        TEXT NOT NULL CHECK (event IN ('received', 'responded', 'settled')),
    note         TEXT NOT NULL DEFAULT '',
    operator     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id);
CREATE INDEX complaint_events_at ON complaint_events(at);

-- The on-site commitment: open jobs by when they were received.
CREATE INDEX jobs_open_received ON jobs(received_at)
    WHERE status NOT IN ('done', 'cancelled') AND received_at IS NOT NULL;
