-- branchdesk schema, version 1. Append-only: never edit a released
-- migration, add the next number instead.
-- Instants are INTEGER Unix seconds (UTC); dates are TEXT YYYY-MM-DD;
-- money is INTEGER fen; blank text is ''.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
    id                INTEGER PRIMARY KEY,
    job_no            TEXT NOT NULL UNIQUE,
    branch            TEXT NOT NULL,
    received_at       INTEGER,
    customer          TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    product_model     TEXT NOT NULL DEFAULT '',
    purchase_date     TEXT,
    fault             TEXT NOT NULL DEFAULT '',
    requirement       TEXT NOT NULL DEFAULT '',
    -- The window as dispatched (what a re-import is compared with) ...
    appointment_start INTEGER,
    appointment_end   INTEGER,
    engineer          TEXT NOT NULL DEFAULT '',
    warranty          TEXT CHECK (warranty IN ('in', 'out')),
    -- ... and the window now in force (a reschedule replaces it).
    appt_start        INTEGER,
    appt_end          INTEGER,
    -- A re-visit links to the original job and carries its number in the chain.
    parent_id         INTEGER REFERENCES jobs(id),
    revisit_no        INTEGER,
    origin            TEXT NOT NULL DEFAULT 'import',
    -- Derived by the domain rules, kept so that lists are index look-ups.
    to_verify         TEXT NOT NULL DEFAULT '',
    verified_at       INTEGER,
    status            TEXT NOT NULL DEFAULT 'unscheduled',
    card_state        TEXT NOT NULL DEFAULT 'not_required',
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_appt ON jobs(appt_start);
CREATE INDEX jobs_received ON jobs(received_at);
CREATE INDEX jobs_parent ON jobs(parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX jobs_awaiting_card ON jobs(card_state) WHERE card_state IN ('not_back', 'unsigned');
CREATE INDEX jobs_to_verify ON jobs(id) WHERE to_verify <> '' AND verified_at IS NULL;

CREATE TABLE visits (
    id                   INTEGER PRIMARY KEY,
    job_id               INTEGER NOT NULL REFERENCES jobs(id),
    visit_key            TEXT NOT NULL,
    engineer             TEXT NOT NULL DEFAULT '',
    arrived_at           INTEGER,
    finished_at          INTEGER,
    -- finish, else arrival: when callbacks count from and the visit's day
    at                   INTEGER,
    outcome              TEXT NOT NULL,
    charge               INTEGER CHECK (charge >= 0),
    receipt_no           TEXT NOT NULL DEFAULT '',
    invoice_owed         INTEGER CHECK (invoice_owed IN (0, 1)),
    invoice_delivered_at INTEGER,
    return_due           TEXT,
    returned_at          INTEGER,
    new_appointment_start INTEGER,
    new_appointment_end  INTEGER,
    note                 TEXT NOT NULL DEFAULT '',
    late_minutes         INTEGER,
    origin               TEXT NOT NULL DEFAULT 'import',
    created_at           INTEGER NOT NULL,
    UNIQUE (job_id, visit_key)
) STRICT;
CREATE INDEX visits_at ON visits(at);
CREATE INDEX visits_invoice_owed ON visits(job_id) WHERE invoice_owed = 1 AND invoice_delivered_at IS NULL;
CREATE INDEX visits_return_open ON visits(job_id) WHERE outcome = 'pulled' AND returned_at IS NULL;

CREATE TABLE callbacks (
    id             INTEGER PRIMARY KEY,
    job_id         INTEGER NOT NULL REFERENCES jobs(id),
    visit_id       INTEGER REFERENCES visits(id),
    -- NULL for a callback logged without a timed one pending
    kind           TEXT CHECK (kind IN ('2h', '3h')),
    started_at     INTEGER NOT NULL,
    due_at         INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'closed')),
    result         TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    closed_at      INTEGER,
    revisit_job_id INTEGER REFERENCES jobs(id),
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX callbacks_pending ON callbacks(due_at) WHERE status = 'pending';
CREATE INDEX callbacks_job ON callbacks(job_id);

-- Every result logged, including each unreachable attempt.
CREATE TABLE callback_events (
    id          INTEGER PRIMARY KEY,
    callback_id INTEGER NOT NULL REFERENCES callbacks(id),
    at          INTEGER NOT NULL,
    result      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    operator    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX callback_events_callback ON callback_events(callback_id);
CREATE INDEX callback_events_at ON callback_events(at);

CREATE TABLE cards (
    id              INTEGER PRIMARY KEY,
    job_id          INTEGER NOT NULL UNIQUE REFERENCES jobs(id),
    returned_at     INTEGER,
    satisfaction    TEXT CHECK (satisfaction IN ('satisfied', 'unsatisfied')),
    signed_by       TEXT CHECK (signed_by IN ('customer', 'family', 'engineer', 'none')),
    warranty_record INTEGER CHECK (warranty_record IN (0, 1)),
    charge          INTEGER CHECK (charge >= 0),
    receipt_no      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE discrepancies (
    id          INTEGER PRIMARY KEY,
    job_id      INTEGER NOT NULL REFERENCES jobs(id),
    kind        TEXT NOT NULL,
    engineer    TEXT NOT NULL DEFAULT '',
    recon_date  TEXT NOT NULL,
    raised_at   INTEGER NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution  TEXT,
    note        TEXT NOT NULL DEFAULT '',
    resolved_at INTEGER,
    resolved_by TEXT,
    UNIQUE (job_id, kind)
) STRICT;
CREATE INDEX discrepancies_open ON discrepancies(raised_at) WHERE status = 'open';
CREATE INDEX discrepancies_resolved ON discrepancies(resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX discrepancies_date ON discrepancies(recon_date);
