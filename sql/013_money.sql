-- branchdesk schema: money, the workshop and the center's rulings.
-- Append-only: never edit a released migration, add the next number instead.

-- The branch's fee standard (amount in fen); `import fees` replaces it whole.
CREATE TABLE fees (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL DEFAULT '',
    amount INTEGER NOT NULL CHECK (amount >= 0)
) STRICT;

-- A visit's fee items as given (`;`-separated codes), the standard's sum of
-- them when the visit was recorded (NULL: no items given), the receipt for
-- the customer's machine, and a workshop repair's limit (the date
-- `workshop_days` working days after the visit's day).
ALTER TABLE visits ADD COLUMN fee_items TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN fee_total INTEGER CHECK (fee_total >= 0);
ALTER TABLE visits ADD COLUMN machine_receipt_no TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN return_limit TEXT;

-- Cases for the center's ruling; the ruling comes back in a signed file.
CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    job_id        INTEGER NOT NULL REFERENCES jobs(id),
    kind          TEXT NOT NULL CHECK (kind IN ('fee_waiver', 'payment_refused', 'compensation',
                      'return_exchange', 'damage', 'detention', 'apology_refused', 'entry_refused')),
    note          TEXT NOT NULL CHECK (note <> ''),
    opened_at     INTEGER NOT NULL,
    opened_by     TEXT NOT NULL DEFAULT '',
    decision      TEXT CHECK (decision IN ('approved', 'rejected', 'other')),
    ruling_note   TEXT NOT NULL DEFAULT '',
    ruled_at      INTEGER,
    ruled_by      TEXT NOT NULL DEFAULT '',
    ruling_file   TEXT NOT NULL DEFAULT '',
    closed_at     INTEGER,
    close_note    TEXT NOT NULL DEFAULT '',
    CHECK (closed_at IS NULL OR decision IS NOT NULL),
    CHECK ((decision IS NULL) = (ruled_at IS NULL))
) STRICT;
CREATE INDEX cases_open ON cases(job_id) WHERE closed_at IS NULL;

-- Delay notices: the engineer will be late; each later appointment of that
-- day not yet visited waits until the customer is told.
CREATE TABLE delays (
    id         INTEGER PRIMARY KEY,
    engineer   TEXT NOT NULL,
    minutes    INTEGER NOT NULL CHECK (minutes > 0),
    note       TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL,
    operator   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE delay_notices (
    id          INTEGER PRIMARY KEY,
    delay_id    INTEGER NOT NULL REFERENCES delays(id),
    job_id      INTEGER NOT NULL REFERENCES jobs(id),
    appt_start  INTEGER NOT NULL,
    informed_at INTEGER,
    informed_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX delay_notices_open ON delay_notices(job_id) WHERE informed_at IS NULL;

-- The center: its rulings on the branches' cases, each exported once.
CREATE TABLE center_rulings (
    branch      TEXT NOT NULL,
    case_id     INTEGER NOT NULL,
    job_no      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('approved', 'rejected', 'other')),
    note        TEXT NOT NULL CHECK (note <> ''),
    ruled_at    INTEGER NOT NULL,
    ruled_by    TEXT NOT NULL DEFAULT '',
    exported_at INTEGER,
    export_file TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (branch, case_id)
) STRICT;
