-- The repeats on the desk are looked for among the open jobs and the jobs
-- received today: the open ones by `jobs_open_received`, the closed ones
-- received today by this index (an import adds no row to it: a new job is
-- never closed), so that `status` reads neither every job nor every visit.
CREATE INDEX jobs_closed_received ON jobs(received_at)
    WHERE status IN ('done', 'cancelled');
