-- branchdesk schema, version 7: reports the center can trust.

-- Branch: every daily report exported, counted here (not read back from
-- the folder it was written to, so that a new --out folder goes on
-- counting and a forged manifest on disk cannot move the count).
CREATE TABLE report_generations (
    report_date  TEXT NOT NULL,
    generation   INTEGER NOT NULL CHECK (generation >= 1),
    generated_at INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    PRIMARY KEY (report_date, generation)
) STRICT;

-- Center: each branch's pinned Ed25519 public key (64 hex; '' until the
-- first signed report pins it or `center branches add --key` gives it).
ALTER TABLE center_branches ADD COLUMN public_key TEXT NOT NULL DEFAULT '';

-- Center: every generation accepted from a branch, with the audit head its
-- manifest carried (the anchors `center anchors` writes out).
CREATE TABLE center_generations (
    branch        TEXT NOT NULL REFERENCES center_branches(code),
    report_date   TEXT NOT NULL,
    generation    INTEGER NOT NULL,
    generated_at  INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    audit_entries INTEGER,
    audit_hash    TEXT,
    PRIMARY KEY (branch, report_date, generation)
) STRICT;

-- A branch that exported before this version goes on counting that day's
-- generations where it left off (else its next report would be generation 1
-- and the center, holding a later one, would refuse it as older): each
-- export its trail recorded ("<dir>/<BRANCH>_<DATE>.csv: N rows,
-- generation G, sha256 H") becomes a generation of that day.
INSERT OR IGNORE INTO report_generations (report_date, generation, generated_at, sha256)
SELECT day, generation, at, sha256
FROM (
    SELECT substr(summary, instr(summary, '.csv: ') - 10, 10) AS day,
           CAST(substr(summary, instr(summary, ', generation ') + 13) AS INTEGER) AS generation,
           at,
           substr(summary, instr(summary, ', sha256 ') + 9, 64) AS sha256
    FROM audit_log
    WHERE action = 'export' AND at IS NOT NULL
      AND instr(summary, '.csv: ') > 10
      AND instr(summary, ', generation ') > 0
      AND instr(summary, ', sha256 ') > 0
    ORDER BY id
)
WHERE date(day) = day AND generation >= 1;
