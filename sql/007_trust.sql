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
