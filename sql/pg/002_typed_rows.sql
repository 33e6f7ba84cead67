-- branchdesk's center on PostgreSQL, version 2: a report row keeps every
-- cell as a column of its own instead of one JSON object (`cells`), as
-- SQLite's migration 018 does: one column per report column
-- (src/domain/report.rs), named as in the report; the ones the center
-- computes with typed, every other cell as the branch wrote it, NULL when
-- the report's header had no such column (store::center::stored). Applied
-- in the one transaction of the migrations; the partitions follow their
-- table.

ALTER TABLE center_report_rows
    ADD COLUMN customer text,
    ADD COLUMN phone text,
    ADD COLUMN product_model text,
    ADD COLUMN warranty text,
    ADD COLUMN discrepancies text,
    ADD COLUMN charge text,
    ADD COLUMN receipt_no text,
    ADD COLUMN callback_attempts text,
    ADD COLUMN revisit_of text,
    ADD COLUMN revisits text,
    ADD COLUMN late_minutes bigint,
    ADD COLUMN loaner_return_due text,
    ADD COLUMN loaner_overdue boolean NOT NULL DEFAULT false,
    ADD COLUMN resolutions text,
    ADD COLUMN onsite_due text,
    ADD COLUMN counts text,
    ADD COLUMN pending_callbacks text,
    ADD COLUMN card_satisfaction text,
    ADD COLUMN card_quality text,
    ADD COLUMN card_attitude text,
    ADD COLUMN callback_attitude text,
    ADD COLUMN callback_quality text,
    ADD COLUMN callback_solved text,
    ADD COLUMN followup_due text,
    ADD COLUMN followup_result text,
    ADD COLUMN repeat_of text,
    ADD COLUMN case_kinds text,
    ADD COLUMN case_ids text,
    ADD COLUMN case_notes text,
    ADD COLUMN voice text,
    ALTER COLUMN engineer DROP NOT NULL,
    ALTER COLUMN engineer DROP DEFAULT,
    ALTER COLUMN status DROP NOT NULL,
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN outcome DROP NOT NULL,
    ALTER COLUMN outcome DROP DEFAULT,
    ALTER COLUMN callback_kind DROP NOT NULL,
    ALTER COLUMN callback_kind DROP DEFAULT,
    ALTER COLUMN callback_result DROP NOT NULL,
    ALTER COLUMN callback_result DROP DEFAULT,
    ALTER COLUMN card_state DROP NOT NULL,
    ALTER COLUMN card_state DROP DEFAULT;

-- Every cell comes out of `cells`, parsed once per row.
ALTER TABLE center_report_rows ALTER COLUMN cells TYPE jsonb USING cells::jsonb;
UPDATE center_report_rows SET
    customer = cells ->> 'customer',
    phone = cells ->> 'phone',
    product_model = cells ->> 'product_model',
    warranty = cells ->> 'warranty',
    discrepancies = cells ->> 'discrepancies',
    charge = cells ->> 'charge',
    receipt_no = cells ->> 'receipt_no',
    callback_attempts = cells ->> 'callback_attempts',
    revisit_of = cells ->> 'revisit_of',
    revisits = cells ->> 'revisits',
    late_minutes = CASE WHEN cells ->> 'late_minutes' <> '' THEN (cells ->> 'late_minutes')::bigint END,
    loaner_return_due = cells ->> 'loaner_return_due',
    loaner_overdue = coalesce(lower(btrim(cells ->> 'loaner_overdue')) IN ('yes', 'y', '1', 'true', '是'), false),
    resolutions = cells ->> 'resolutions',
    onsite_due = cells ->> 'onsite_due',
    counts = cells ->> 'counts',
    pending_callbacks = cells ->> 'pending_callbacks',
    card_satisfaction = cells ->> 'card_satisfaction',
    card_quality = cells ->> 'card_quality',
    card_attitude = cells ->> 'card_attitude',
    callback_attitude = cells ->> 'callback_attitude',
    callback_quality = cells ->> 'callback_quality',
    callback_solved = cells ->> 'callback_solved',
    followup_due = cells ->> 'followup_due',
    followup_result = cells ->> 'followup_result',
    repeat_of = cells ->> 'repeat_of',
    case_kinds = cells ->> 'case_kinds',
    case_ids = cells ->> 'case_ids',
    case_notes = cells ->> 'case_notes',
    voice = cells ->> 'voice',
    engineer = cells ->> 'engineer',
    status = cells ->> 'status',
    outcome = cells ->> 'outcome',
    callback_kind = cells ->> 'callback_kind',
    callback_result = cells ->> 'callback_result',
    card_state = cells ->> 'card_state';

ALTER TABLE center_report_rows DROP COLUMN cells;
