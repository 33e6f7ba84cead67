-- branchdesk's center on PostgreSQL, version 1: the same tables as the
-- SQLite center (sql/002_center.sql and after), typed for PostgreSQL.
-- Every table is keyed by branch first, so that a distributed PostgreSQL
-- (Citus) can shard the center by branch (README, *The center on
-- PostgreSQL*); text compares byte by byte (COLLATE "C"), as SQLite does,
-- so that both engines list in the same order.

CREATE TABLE center_settings (
    key   text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);

-- Branches the center expects reports from, with each one's pinned key.
CREATE TABLE center_branches (
    code       text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL DEFAULT '',
    added_at   bigint NOT NULL,
    public_key text NOT NULL DEFAULT ''
);

-- One row per branch-day: the newest generation imported.
CREATE TABLE center_reports (
    branch             text COLLATE "C" NOT NULL,
    report_date        date NOT NULL,
    generation         bigint NOT NULL,
    generated_at       bigint NOT NULL,
    first_generated_at bigint NOT NULL,
    history            text NOT NULL,
    rows               bigint NOT NULL,
    sha256             text NOT NULL,
    source             text NOT NULL,
    imported_at        bigint NOT NULL,
    reconciled_at      bigint,
    cutoff_at          bigint,
    counts_without_job text,
    PRIMARY KEY (branch, report_date)
);
CREATE INDEX center_reports_date ON center_reports(report_date);

-- The reports' rows, partitioned by the report's month (partitions are
-- made by the import before its transactions: center_report_rows_YYYYMM).
CREATE TABLE center_report_rows (
    branch             text COLLATE "C" NOT NULL,
    report_date        date NOT NULL,
    line               bigint NOT NULL,
    job_no             text COLLATE "C" NOT NULL,
    engineer           text NOT NULL DEFAULT '',
    status             text NOT NULL DEFAULT '',
    outcome            text NOT NULL DEFAULT '',
    callback_kind      text NOT NULL DEFAULT '',
    callback_due       bigint,
    callback_result    text NOT NULL DEFAULT '',
    callback_overdue   boolean NOT NULL DEFAULT false,
    card_state         text NOT NULL DEFAULT '',
    discrepancies_open text NOT NULL DEFAULT '',
    invoice_owed       boolean NOT NULL DEFAULT false,
    cells              text NOT NULL,
    touched            boolean,
    open_items         text NOT NULL DEFAULT '',
    PRIMARY KEY (branch, report_date, job_no)
) PARTITION BY RANGE (report_date);
-- Each job's newest word (as SQLite's center_report_rows_job).
CREATE INDEX center_report_rows_job ON center_report_rows(branch, job_no, report_date)
    WHERE touched IS DISTINCT FROM false;

-- "Checked" marks per branch, day and check time.
CREATE TABLE center_checks (
    branch     text COLLATE "C" NOT NULL,
    check_date date NOT NULL,
    check_time text COLLATE "C" NOT NULL,
    checked_at bigint NOT NULL,
    checked_by text NOT NULL,
    note       text NOT NULL DEFAULT '',
    PRIMARY KEY (branch, check_date, check_time)
);

-- Every generation accepted from a branch, with the audit head it carried.
CREATE TABLE center_generations (
    branch        text COLLATE "C" NOT NULL,
    report_date   date NOT NULL,
    generation    bigint NOT NULL,
    generated_at  bigint NOT NULL,
    sha256        text NOT NULL,
    audit_entries bigint,
    audit_hash    text,
    PRIMARY KEY (branch, report_date, generation)
);

-- The center's rulings on the branches' cases, each exported once.
CREATE TABLE center_rulings (
    branch      text COLLATE "C" NOT NULL,
    case_id     bigint NOT NULL,
    job_no      text NOT NULL,
    kind        text NOT NULL,
    decision    text NOT NULL CHECK (decision IN ('approved', 'rejected', 'other')),
    note        text NOT NULL CHECK (note <> ''),
    ruled_at    bigint NOT NULL,
    ruled_by    text NOT NULL DEFAULT '',
    exported_at bigint,
    export_file text NOT NULL DEFAULT '',
    PRIMARY KEY (branch, case_id)
);

-- The center's audit trail: one entry per write, each hashed with the one
-- before (appended under an advisory lock at the end of its transaction).
CREATE TABLE center_audit (
    id        bigint PRIMARY KEY,
    at        bigint NOT NULL,
    operator  text NOT NULL,
    action    text NOT NULL,
    job_no    text NOT NULL DEFAULT '',
    summary   text NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL
);
