//! The columns of the three input files (jobs, visits, cards), listed
//! once: `io::records` reads them, `domain::correction` corrects them.

/// `jobs.csv`: the dispatch system's export.
pub const JOB_COLUMNS: &[&str] = &[
    "job_no",
    "branch",
    "received_at",
    "customer",
    "phone",
    "address",
    "product_model",
    "purchase_date",
    "fault",
    "requirement",
    "appointment_start",
    "appointment_end",
    "engineer",
    "warranty",
];
/// `visits.csv`: what the engineers report of each visit.
pub const VISIT_COLUMNS: &[&str] = &[
    "job_no",
    "engineer",
    "arrived_at",
    "finished_at",
    "outcome",
    "charge",
    "receipt_no",
    "invoice_owed",
    "return_due",
    "new_appointment_start",
    "new_appointment_end",
    "note",
    "fee_items",
    "machine_receipt_no",
];
/// `cards.csv`: the supervision cards returned.
pub const CARD_COLUMNS: &[&str] = &[
    "job_no",
    "returned_at",
    "satisfaction",
    "signed_by",
    "warranty_record",
    "charge",
    "receipt_no",
    "quality",
    "attitude",
];
/// `fees.csv`: the branch's fee standard (`import fees`).
pub const FEE_COLUMNS: &[&str] = &["code", "name", "amount"];
