-- branchdesk schema: the center at scale.
-- Each job's newest word: the supervisor's review and `overdue` on a center
-- keep the rows of a job that no later touched row of the same branch and
-- job follows. Without this index the newest row of every job was found by
-- grouping every row the center ever imported (memory growing with its
-- history); with it each row is checked by one index look-up.
CREATE INDEX center_report_rows_job ON center_report_rows(branch, job_no, report_date)
    WHERE touched IS NOT 0;
