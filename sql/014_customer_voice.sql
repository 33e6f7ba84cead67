-- branchdesk schema: the customer's voice. New columns are NULL by
-- default, so that no row audited before the upgrade changes.

-- A callback result's answers: attitude, quality (satisfied | neutral |
-- unsatisfied) and whether the problem is solved.
ALTER TABLE callback_events ADD COLUMN attitude TEXT
    CHECK (attitude IN ('satisfied', 'neutral', 'unsatisfied'));
ALTER TABLE callback_events ADD COLUMN quality TEXT
    CHECK (quality IN ('satisfied', 'neutral', 'unsatisfied'));
ALTER TABLE callback_events ADD COLUMN solved INTEGER CHECK (solved IN (0, 1));

-- The follow-up call after a `fixed` visit is a callback row of its own kind
-- (`kind` NULL, `followup` 1): never one of the timed 2 h / 3 h callbacks.
ALTER TABLE callbacks ADD COLUMN followup INTEGER CHECK (followup = 1);
CREATE INDEX callbacks_followup_pending ON callbacks(due_at)
    WHERE status = 'pending' AND followup = 1;

-- The card's two marks beside its overall satisfaction.
ALTER TABLE cards ADD COLUMN quality TEXT
    CHECK (quality IN ('satisfied', 'neutral', 'unsatisfied'));
ALTER TABLE cards ADD COLUMN attitude TEXT
    CHECK (attitude IN ('satisfied', 'neutral', 'unsatisfied'));

-- Repeat repairs: the earlier jobs of a customer's phone and product.
CREATE INDEX jobs_phone_model ON jobs(phone, product_model) WHERE phone <> '';
