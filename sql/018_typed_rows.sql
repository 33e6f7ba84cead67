-- branchdesk schema, version 18: a center's report rows keep every cell as
-- a column of its own instead of one JSON object (`cells`). One column per
-- report column (src/domain/report.rs), named as in the report; the ones the
-- center computes with are typed (as before: callback_due, callback_overdue,
-- invoice_owed, touched, discrepancies_open, open_items; now also
-- late_minutes and loaner_overdue), every other cell is kept as the branch
-- wrote it, NULL when the report's header had no such column
-- (store::center::stored). The rows keep their rowids; the trail records the
-- rows the upgrade rewrote (a "schema upgrade" entry).

CREATE TABLE center_report_rows_018 (
    branch             TEXT NOT NULL,
    report_date        TEXT NOT NULL,
    line               INTEGER NOT NULL,
    job_no             TEXT NOT NULL,
    engineer           TEXT,
    customer           TEXT,
    phone              TEXT,
    product_model      TEXT,
    warranty           TEXT,
    status             TEXT,
    outcome            TEXT,
    callback_kind      TEXT,
    callback_due       INTEGER,
    callback_result    TEXT,
    card_state         TEXT,
    discrepancies      TEXT,
    charge             TEXT,
    receipt_no         TEXT,
    callback_attempts  TEXT,
    callback_overdue   INTEGER NOT NULL DEFAULT 0 CHECK (callback_overdue IN (0, 1)),
    revisit_of         TEXT,
    revisits           TEXT,
    late_minutes       INTEGER,
    loaner_return_due  TEXT,
    loaner_overdue     INTEGER NOT NULL DEFAULT 0 CHECK (loaner_overdue IN (0, 1)),
    invoice_owed       INTEGER NOT NULL DEFAULT 0 CHECK (invoice_owed IN (0, 1)),
    discrepancies_open TEXT NOT NULL DEFAULT '',
    resolutions        TEXT,
    touched            INTEGER CHECK (touched IN (0, 1)),
    open_items         TEXT NOT NULL DEFAULT '',
    onsite_due         TEXT,
    counts             TEXT,
    pending_callbacks  TEXT,
    card_satisfaction  TEXT,
    card_quality       TEXT,
    card_attitude      TEXT,
    callback_attitude  TEXT,
    callback_quality   TEXT,
    callback_solved    TEXT,
    followup_due       TEXT,
    followup_result    TEXT,
    repeat_of          TEXT,
    case_kinds         TEXT,
    case_ids           TEXT,
    case_notes         TEXT,
    voice              TEXT,
    PRIMARY KEY (branch, report_date, job_no),
    FOREIGN KEY (branch, report_date)
        REFERENCES center_reports(branch, report_date) ON DELETE CASCADE
) STRICT;

INSERT INTO center_report_rows_018 (rowid, branch, report_date, line, job_no, engineer, customer, phone, product_model, warranty, status, outcome, callback_kind, callback_due, callback_result, card_state, discrepancies, charge, receipt_no, callback_attempts, callback_overdue, revisit_of, revisits, late_minutes, loaner_return_due, loaner_overdue, invoice_owed, discrepancies_open, resolutions, touched, open_items, onsite_due, counts, pending_callbacks, card_satisfaction, card_quality, card_attitude, callback_attitude, callback_quality, callback_solved, followup_due, followup_result, repeat_of, case_kinds, case_ids, case_notes, voice)
SELECT rowid, branch, report_date, line,
       job_no,
       json_extract(cells, '$.engineer'),
       json_extract(cells, '$.customer'),
       json_extract(cells, '$.phone'),
       json_extract(cells, '$.product_model'),
       json_extract(cells, '$.warranty'),
       json_extract(cells, '$.status'),
       json_extract(cells, '$.outcome'),
       json_extract(cells, '$.callback_kind'),
       callback_due,
       json_extract(cells, '$.callback_result'),
       json_extract(cells, '$.card_state'),
       json_extract(cells, '$.discrepancies'),
       json_extract(cells, '$.charge'),
       json_extract(cells, '$.receipt_no'),
       json_extract(cells, '$.callback_attempts'),
       callback_overdue,
       json_extract(cells, '$.revisit_of'),
       json_extract(cells, '$.revisits'),
       CASE WHEN json_extract(cells, '$.late_minutes') <> '' THEN CAST(json_extract(cells, '$.late_minutes') AS INTEGER) END,
       json_extract(cells, '$.loaner_return_due'),
       CASE WHEN lower(trim(json_extract(cells, '$.loaner_overdue'))) IN ('yes', 'y', '1', 'true', '是') THEN 1 ELSE 0 END,
       invoice_owed,
       discrepancies_open,
       json_extract(cells, '$.resolutions'),
       touched,
       open_items,
       json_extract(cells, '$.onsite_due'),
       json_extract(cells, '$.counts'),
       json_extract(cells, '$.pending_callbacks'),
       json_extract(cells, '$.card_satisfaction'),
       json_extract(cells, '$.card_quality'),
       json_extract(cells, '$.card_attitude'),
       json_extract(cells, '$.callback_attitude'),
       json_extract(cells, '$.callback_quality'),
       json_extract(cells, '$.callback_solved'),
       json_extract(cells, '$.followup_due'),
       json_extract(cells, '$.followup_result'),
       json_extract(cells, '$.repeat_of'),
       json_extract(cells, '$.case_kinds'),
       json_extract(cells, '$.case_ids'),
       json_extract(cells, '$.case_notes'),
       json_extract(cells, '$.voice')
FROM center_report_rows ORDER BY rowid;

DROP TABLE center_report_rows;
ALTER TABLE center_report_rows_018 RENAME TO center_report_rows;
CREATE INDEX center_report_rows_job ON center_report_rows(branch, job_no, report_date)
    WHERE touched IS NOT 0;
