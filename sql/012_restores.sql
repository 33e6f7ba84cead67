-- Restores from a backup (`branchdesk restore FILE`): what the trail kept
-- and what it lost, so that `audit verify --anchors` can tell a head lost
-- to a recorded restore from a trail rewritten behind branchdesk's back.
CREATE TABLE restores (
    id             INTEGER PRIMARY KEY,
    restored_at    INTEGER NOT NULL,
    from_file      TEXT NOT NULL,
    -- entries of the backup's trail (N): entries N+1 … were made again
    entries_kept   INTEGER NOT NULL,
    -- entries of the trail of the file it replaced (M), NULL when that
    -- file was gone or could not be read
    entries_before INTEGER,
    replaced_file  TEXT NOT NULL DEFAULT ''
) STRICT;
