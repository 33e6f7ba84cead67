//! Pure types and rules of the service standard: no I/O, no SQL, no clock.
//! Every rule that depends on time takes `now` as a parameter.

pub mod callback;
pub mod card;
pub mod case;
pub mod center;
pub mod codes;
pub mod columns;
pub mod complaint;
pub mod correction;
pub mod escalation;
pub mod fees;
pub mod job;
pub mod ledger;
pub mod overdue;
pub mod reconcile;
pub mod report;
pub mod scorecard;
pub mod signing;
pub mod status;
pub mod supervision;
pub mod text;
pub mod time;
pub mod visit;
pub mod voice;
pub mod workshop;
