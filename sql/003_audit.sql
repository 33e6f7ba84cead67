-- branchdesk schema: the audit trail. Every change made through branchdesk
-- appends one entry, in the same transaction as the change. Entries are
-- chained: `hash` is SHA-256 over the previous entry's hash and this
-- entry's content (rows digests included), so that an entry edited or
-- deleted in the file breaks the chain. Append-only: never updated.

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER,                 -- Unix seconds (UTC); NULL: no time known
    operator    TEXT NOT NULL,
    action      TEXT NOT NULL,           -- import_jobs, callback, resolve, ...
    job_no      TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    before      TEXT,                    -- JSON {"table/rowid": row} of the rows changed, when few
    after       TEXT,                    -- JSON, likewise after the change
    rows        INTEGER NOT NULL,        -- how many audit_rows this entry has
    rows_sha256 TEXT NOT NULL,           -- over its audit_rows, in (tbl, rid) order
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_job ON audit_log(job_no);

-- The digest of every row an entry changed, as it was after the change
-- (SHA-256, 32 bytes; empty for a row deleted). A row's newest digest must
-- match the row.
CREATE TABLE audit_rows (
    tbl      TEXT NOT NULL,
    rid      INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    digest   BLOB NOT NULL,
    PRIMARY KEY (tbl, rid, entry_id)
) STRICT, WITHOUT ROWID;
