-- The counts of a branch that no report row can carry (complaints about no
-- job), from the manifest's `counts_without_job`: the center's figures add
-- them to the rows' counts, so that they equal the branch's own.
ALTER TABLE center_reports ADD COLUMN counts_without_job TEXT;
