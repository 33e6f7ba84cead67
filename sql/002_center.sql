-- branchdesk schema, version 2: the service center's side. A center database
-- holds the daily reports imported from every branch; a branch database
-- leaves these tables empty.

-- Branches the center expects reports from: every branch that has reported,
-- plus those added by hand.
CREATE TABLE center_branches (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL DEFAULT '',
    added_at INTEGER NOT NULL
) STRICT;

-- One row per branch-day: the newest generation imported. The manifest's
-- history is kept so that "first arrived" survives a newer generation.
CREATE TABLE center_reports (
    branch             TEXT NOT NULL REFERENCES center_branches(code),
    report_date        TEXT NOT NULL,
    generation         INTEGER NOT NULL,
    generated_at       INTEGER NOT NULL,
    first_generated_at INTEGER NOT NULL,
    history            TEXT NOT NULL,   -- JSON list of RFC 3339 instants
    rows               INTEGER NOT NULL,
    sha256             TEXT NOT NULL,
    source             TEXT NOT NULL,   -- the file it was imported from
    imported_at        INTEGER NOT NULL,
    PRIMARY KEY (branch, report_date)
) STRICT;
CREATE INDEX center_reports_date ON center_reports(report_date);

-- The report's rows, as the branch wrote them (cells restored from the
-- spreadsheet-safe form); the columns the center computes figures from are
-- columns of their own, every cell is in `cells` (a JSON object).
CREATE TABLE center_report_rows (
    branch             TEXT NOT NULL,
    report_date        TEXT NOT NULL,
    line               INTEGER NOT NULL,
    job_no             TEXT NOT NULL,
    engineer           TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT '',
    outcome            TEXT NOT NULL DEFAULT '',
    callback_kind      TEXT NOT NULL DEFAULT '',
    callback_due       INTEGER,
    callback_result    TEXT NOT NULL DEFAULT '',
    callback_overdue   INTEGER NOT NULL DEFAULT 0,
    card_state         TEXT NOT NULL DEFAULT '',
    discrepancies_open TEXT NOT NULL DEFAULT '',
    invoice_owed       INTEGER NOT NULL DEFAULT 0,
    cells              TEXT NOT NULL,
    PRIMARY KEY (branch, report_date, job_no),
    FOREIGN KEY (branch, report_date)
        REFERENCES center_reports(branch, report_date) ON DELETE CASCADE
) STRICT;

-- "Checked" marks the center clerk leaves per branch, day and check time.
CREATE TABLE center_checks (
    branch     TEXT NOT NULL REFERENCES center_branches(code),
    check_date TEXT NOT NULL,
    check_time TEXT NOT NULL,          -- HH:MM
    checked_at INTEGER NOT NULL,
    checked_by TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (branch, check_date, check_time)
) STRICT;
