-- An owed invoice handed over, or a loaner brought back, makes its job part
-- of that day's report: the report finds them by these instants without
-- reading every visit.
CREATE INDEX visits_invoice_delivered_at ON visits(invoice_delivered_at)
    WHERE invoice_delivered_at IS NOT NULL;
CREATE INDEX visits_returned_at ON visits(returned_at) WHERE returned_at IS NOT NULL;
