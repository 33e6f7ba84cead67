//! Forms: a list of fields with one in focus (`Focus` is the [`FieldId`] of
//! the focused field), Tab cycles, Esc cancels, Enter confirms. A form
//! validates as the clerk types, with the same parsers as the CSV imports,
//! and turns into a typed value ([`Parsed`]) that one `Desk` call saves.

pub mod correct;

use crate::domain::callback::CallbackResult;
use crate::domain::card::Card;
use crate::domain::correction::CorrectKind;
use crate::domain::job::{Job, to_verify};
use crate::domain::reconcile::{DiscrepancyKind, Resolution};
use crate::domain::time::{Ts, Zone};
use crate::domain::visit::{Outcome, Visit};
use crate::domain::voice::{Answer, Answers, AnswersRefused, check_answers};
use crate::i18n::{Lang, T, tr, trf};
use crate::io::records::{parse_card, parse_job, parse_visit};
use crate::io::{Problem, read_table};
use chrono::NaiveDate;

/// The form fields, each with its CSV column, listed once: the enum,
/// [`FieldId::column`] and [`FieldId::of_column`] are made from the one list.
macro_rules! field_ids {
    ($($(#[$m:meta])* $id:ident = $column:literal,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FieldId { $($(#[$m])* $id,)+ }

        impl FieldId {
            /// The field's CSV column (the import's parser checks it).
            pub fn column(self) -> &'static str {
                match self { $(FieldId::$id => $column,)+ }
            }

            /// The field of a CSV column.
            pub fn of_column(column: &str) -> Option<FieldId> {
                match column { $($column => Some(FieldId::$id),)+ _ => None }
            }
        }
    };
}

// Every field any form has; the column name is the CSV column of the
// matching import, so that the import's parser checks it.
field_ids! {
    Result = "result",
    Note = "note",
    ReturnedAt = "returned_at",
    Satisfaction = "satisfaction",
    SignedBy = "signed_by",
    WarrantyRecord = "warranty_record",
    Charge = "charge",
    ReceiptNo = "receipt_no",
    Outcome = "outcome",
    Engineer = "engineer",
    ArrivedAt = "arrived_at",
    FinishedAt = "finished_at",
    InvoiceOwed = "invoice_owed",
    ReturnDue = "return_due",
    NewApptStart = "new_appointment_start",
    NewApptEnd = "new_appointment_end",
    Resolution = "resolution",
    JobNo = "job_no",
    Branch = "branch",
    Customer = "customer",
    Phone = "phone",
    Address = "address",
    ProductModel = "product_model",
    PurchaseDate = "purchase_date",
    Fault = "fault",
    Requirement = "requirement",
    ApptStart = "appointment_start",
    ApptEnd = "appointment_end",
    Warranty = "warranty",
    // Complaints
    Source = "source",
    Category = "category",
    /// When dispatch sent the job (corrections only).
    ReceivedAt = "received_at",
    /// Why a correction is made (corrections only).
    Reason = "reason",
    /// What a correction corrects (its first step).
    CorrectWhat = "what",
    // the fee standard's codes charged, the machine's receipt.
    FeeItems = "fee_items",
    MachineReceipt = "machine_receipt_no",
    // the customer's answers (callback) and the card's marks
    Attitude = "attitude",
    Quality = "quality",
    Solved = "solved",
}

/// The field in focus.
pub type Focus = FieldId;

/// What is wrong, field by field.
pub type FieldProblems = Vec<(FieldId, String)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Time,
    Date,
    Money,
    Choice,
}

impl FieldId {
    pub fn label(self) -> T {
        use FieldId::*;
        match self {
            Result => T::LabelResult,
            Note => T::LabelNote,
            ReturnedAt => T::LabelReturnedAt,
            Satisfaction => T::LabelSatisfaction,
            SignedBy => T::LabelSignedBy,
            WarrantyRecord => T::LabelWarrantyRecord,
            Charge => T::LabelCharge,
            ReceiptNo => T::LabelReceipt,
            Outcome => T::LabelOutcome,
            Engineer => T::FieldEngineer,
            ArrivedAt => T::LabelArrived,
            FinishedAt => T::LabelFinished,
            InvoiceOwed => T::LabelInvoiceOwed,
            ReturnDue => T::LabelReturnDue,
            NewApptStart => T::LabelNewApptStart,
            NewApptEnd => T::LabelNewApptEnd,
            Resolution => T::LabelResolution,
            JobNo => T::FieldJobNo,
            Branch => T::FieldBranch,
            Customer => T::FieldCustomer,
            Phone => T::FieldPhone,
            Address => T::FieldAddress,
            ProductModel => T::FieldModel,
            PurchaseDate => T::FieldPurchase,
            Fault => T::FieldFault,
            Requirement => T::FieldRequirement,
            ApptStart => T::LabelApptStart,
            ApptEnd => T::LabelApptEnd,
            Warranty => T::FieldWarranty,
            Source => T::LabelSource,
            Category => T::LabelCategory,
            ReceivedAt => T::LabelReceived,
            Reason => T::LabelReason,
            CorrectWhat => T::LabelCorrectWhat,
            FeeItems => T::LabelFeeItems,
            MachineReceipt => T::LabelMachineReceipt,
            Attitude => T::FormAttitude,
            Quality => T::FormQuality,
            Solved => T::FormSolved,
        }
    }

    pub(super) fn kind(self) -> Kind {
        use FieldId::*;
        match self {
            ReturnedAt | ArrivedAt | FinishedAt | NewApptStart | NewApptEnd | ApptStart
            | ApptEnd | ReceivedAt => Kind::Time,
            ReturnDue | PurchaseDate => Kind::Date,
            Charge => Kind::Money,
            Result | Satisfaction | SignedBy | WarrantyRecord | Outcome | InvoiceOwed
            | Resolution | Warranty | Source | Category | CorrectWhat | Attitude | Quality
            | Solved => Kind::Choice,
            _ => Kind::Text,
        }
    }
}

pub use crate::tui::kit::input::{Edit, TextInput};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(TextInput),
    /// One of the codes; `""` is the blank choice.
    Choice {
        options: &'static [&'static str],
        index: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub id: FieldId,
    pub value: Value,
    /// What is wrong, next to the field.
    pub error: Option<String>,
    /// A warning that does not stop the save (*to verify*).
    pub warning: Option<String>,
    /// Hidden fields (not needed by the chosen outcome) are skipped and not
    /// saved.
    pub hidden: bool,
}

impl Field {
    pub(super) fn text(id: FieldId, text: &str) -> Field {
        Field {
            id,
            value: Value::Text(TextInput::new(text)),
            error: None,
            warning: None,
            hidden: false,
        }
    }

    pub(super) fn choice(id: FieldId, options: &'static [&'static str], selected: &str) -> Field {
        Field {
            id,
            value: Value::Choice {
                options,
                index: options.iter().position(|o| *o == selected).unwrap_or(0),
            },
            error: None,
            warning: None,
            hidden: false,
        }
    }

    /// The raw value: the text, or the chosen code.
    pub fn raw(&self) -> &str {
        match &self.value {
            Value::Text(t) => t.text(),
            Value::Choice { options, index } => options.get(*index).copied().unwrap_or(""),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    Feedback,
    Card,
    Visit,
    Resolve(DiscrepancyKind),
    NewJob,
    /// A new complaint, the response to one, its settlement.
    Complaint,
    ComplaintRespond(i64),
    ComplaintSettle(i64),
    /// Closing a ruled case.
    CaseClose(i64),
    /// A correction's first step: which record ([`correct`]).
    CorrectPick,
    /// A correction: the record's values as shown when the form opened,
    /// by CSV column, identity columns included ([`correct`]).
    Correct(CorrectKind, Vec<(&'static str, String)>),
}

/// What a valid form saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Feedback {
        result: CallbackResult,
        answers: Answers,
        note: String,
    },
    Card(Card),
    Visit(Visit),
    Resolve {
        kind: DiscrepancyKind,
        resolution: Resolution,
        note: String,
    },
    Job(Job),
    Complaint(crate::desk::complaints::ComplaintInput),
    CaseClose {
        id: i64,
        note: String,
    },
    ComplaintRespond {
        id: i64,
        note: String,
    },
    ComplaintSettle {
        id: i64,
        resolution: crate::domain::complaint::Settlement,
        engineer: String,
        note: String,
    },
    /// Open the correction of this record.
    Pick(CorrectKind),
    /// A correction: the columns changed and why.
    Correct {
        kind: CorrectKind,
        changes: Vec<(String, String)>,
        reason: String,
    },
}

pub(super) const RESULTS: &[&str] = &[
    "satisfied",
    "unsatisfied",
    "unreachable",
    "denies_signature",
];
pub(super) const SATISFACTION: &[&str] = &["satisfied", "unsatisfied", ""];
pub(super) const SIGNED_BY: &[&str] = &["customer", "family", "engineer", "none", ""];
pub(super) const YES_NO: &[&str] = &["yes", "no", ""];
pub(super) const NO_YES: &[&str] = &["no", "yes", ""];
pub(super) const OUTCOMES: &[&str] = &[
    "fixed",
    "fixed_untested",
    "unsure",
    "consulted",
    "pulled",
    "returned",
    "awaiting_parts",
    "not_home",
    "rescheduled",
    "cancelled",
];
const RESOLUTIONS: &[&str] = &["remedial_callback", "penalty", "note"];
pub(super) const WARRANTY: &[&str] = &["in", "out", ""];
/// A customer's answer: a digit each (1 satisfied, 2 neutral, 3
/// unsatisfied), blank (skipped) until chosen.
pub(super) const ANSWERS: &[&str] = &["satisfied", "neutral", "unsatisfied", ""];
/// Whether the problem is solved: 1 yes, 2 no, blank until chosen.
pub(super) const SOLVED: &[&str] = &["yes", "no", ""];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    /// The job the form is about (blank for a new job).
    pub job_no: String,
    /// A line of context above the fields (e.g. which callback).
    pub context: Option<String>,
    pub fields: Vec<Field>,
    /// Index of the focused field.
    pub focus: usize,
    /// The clerk changed something: cancelling asks first.
    pub dirty: bool,
    /// Why the last save failed (the form stays open, nothing is lost).
    pub error: Option<String>,
    /// Esc with something typed warns first.
    pub discard: crate::tui::kit::discard::Discard,
    /// The fee standard, for the visit form's fee items (their
    /// codes listed, their sum beside the charge).
    pub fees: crate::domain::fees::Standard,
    /// The engineer picker: what was typed when picking began and the place
    /// of the picked name among the names matching it (reset by any edit).
    pub picking: Option<(String, usize)>,
}

impl Form {
    pub(super) fn new(kind: FormKind, job_no: &str, fields: Vec<Field>) -> Form {
        Form {
            kind,
            job_no: job_no.to_string(),
            context: None,
            fields,
            focus: 0,
            dirty: false,
            error: None,
            discard: Default::default(),
            fees: Default::default(),
            picking: None,
        }
    }

    /// Whether the focused field is one the engineer picker fills.
    pub fn picks_engineer(&self) -> bool {
        let f = &self.fields[self.focus];
        f.id == FieldId::Engineer && matches!(f.value, Value::Text(_))
    }

    /// The names the picker offers for the focused engineer field: those
    /// containing what was typed (all when nothing was typed, or the text is
    /// still the pre-filled one), and which of them is picked.
    pub fn engineer_matches<'a>(&self, names: &'a [String]) -> (Vec<&'a String>, Option<usize>) {
        if !self.picks_engineer() {
            return (Vec::new(), None);
        }
        let query = match &self.picking {
            Some((q, _)) => q.clone(),
            None => match &self.fields[self.focus].value {
                Value::Text(t) if !t.prefilled() => t.text().trim().to_string(),
                _ => String::new(),
            },
        };
        let matches: Vec<&String> = names.iter().filter(|n| n.contains(&query)).collect();
        (matches, self.picking.as_ref().map(|(_, i)| *i))
    }

    /// Picks the next (`by` = 1) or previous (-1) engineer among `names`
    /// matching what was typed, into the focused engineer field.
    pub fn pick_engineer(&mut self, names: &[String], by: isize) {
        let (matches, at) = self.engineer_matches(names);
        if matches.is_empty() {
            return;
        }
        let n = matches.len() as isize;
        let next = match at {
            Some(i) => (i as isize + by).rem_euclid(n),
            None if by >= 0 => 0,
            None => n - 1,
        } as usize;
        let name = matches[next].clone();
        let query = match self.picking.take() {
            Some((q, _)) => q,
            None => match &self.fields[self.focus].value {
                Value::Text(t) if !t.prefilled() => t.text().trim().to_string(),
                _ => String::new(),
            },
        };
        if let Value::Text(t) = &mut self.fields[self.focus].value {
            if t.text() != name {
                self.dirty = true;
            }
            t.set(&name);
        }
        self.picking = Some((query, next));
    }

    pub fn feedback(job_no: &str, context: String) -> Form {
        let mut f = Form::new(
            FormKind::Feedback,
            job_no,
            vec![
                Field::choice(FieldId::Result, RESULTS, "satisfied"),
                Field::choice(FieldId::Attitude, ANSWERS, ""),
                Field::choice(FieldId::Quality, ANSWERS, ""),
                Field::choice(FieldId::Solved, SOLVED, ""),
                Field::text(FieldId::Note, ""),
            ],
        );
        f.context = Some(context);
        f
    }

    pub fn card(job_no: &str, now_text: &str) -> Form {
        Form::new(
            FormKind::Card,
            job_no,
            vec![
                Field::text(FieldId::ReturnedAt, now_text),
                Field::choice(FieldId::Satisfaction, SATISFACTION, "satisfied"),
                Field::choice(FieldId::SignedBy, SIGNED_BY, "customer"),
                Field::choice(FieldId::WarrantyRecord, YES_NO, "yes"),
                Field::text(FieldId::Charge, ""),
                Field::text(FieldId::ReceiptNo, ""),
                Field::choice(FieldId::Quality, ANSWERS, ""),
                Field::choice(FieldId::Attitude, ANSWERS, ""),
            ],
        )
    }

    pub fn visit(job_no: &str, engineer: &str, now_text: &str) -> Form {
        Form::visit_as(job_no, engineer, now_text, "fixed")
    }

    /// The visit form with `outcome` chosen (`rescheduled` when booking from
    /// the to-book list).
    pub fn visit_as(job_no: &str, engineer: &str, now_text: &str, outcome: &str) -> Form {
        let mut f = Form::new(
            FormKind::Visit,
            job_no,
            vec![
                Field::choice(FieldId::Outcome, OUTCOMES, outcome),
                Field::text(FieldId::Engineer, engineer),
                Field::text(FieldId::ArrivedAt, now_text),
                Field::text(FieldId::FinishedAt, ""),
                Field::text(FieldId::Charge, ""),
                Field::text(FieldId::FeeItems, ""),
                Field::text(FieldId::ReceiptNo, ""),
                Field::choice(FieldId::InvoiceOwed, NO_YES, "no"),
                Field::text(FieldId::ReturnDue, ""),
                Field::text(FieldId::MachineReceipt, ""),
                Field::text(FieldId::NewApptStart, ""),
                Field::text(FieldId::NewApptEnd, ""),
                Field::text(FieldId::Note, ""),
            ],
        );
        f.show_for_outcome();
        f
    }

    pub fn resolve(job_no: &str, kind: DiscrepancyKind, context: String) -> Form {
        let mut f = Form::new(
            FormKind::Resolve(kind),
            job_no,
            vec![
                Field::choice(FieldId::Resolution, RESOLUTIONS, "remedial_callback"),
                Field::text(FieldId::Note, ""),
            ],
        );
        f.context = Some(context);
        f
    }

    /// A new job: the columns of `jobs.csv` but when dispatch sent it (the
    /// time it is saved), the branch filled in, the warranty a choice.
    pub fn new_job(branch: &str) -> Form {
        let fields = crate::domain::columns::JOB_COLUMNS
            .iter()
            .filter(|c| **c != "received_at")
            .filter_map(|c| FieldId::of_column(c))
            .map(|id| match id {
                FieldId::Warranty => Field::choice(id, WARRANTY, "in"),
                FieldId::Branch => Field::text(id, branch),
                _ => Field::text(id, ""),
            })
            .collect();
        Form::new(FormKind::NewJob, "", fields)
    }

    /// A new complaint, pre-filled (from the selected job, or a callback).
    pub fn complaint(
        job_no: &str,
        source: &str,
        category: &str,
        customer: &str,
        phone: &str,
        context: Option<String>,
    ) -> Form {
        let mut f = Form::new(
            FormKind::Complaint,
            job_no,
            vec![
                Field::text(FieldId::JobNo, job_no),
                Field::choice(FieldId::Source, SOURCES, source),
                Field::choice(FieldId::Category, CATEGORIES, category),
                Field::text(FieldId::Customer, customer),
                Field::text(FieldId::Phone, phone),
                Field::text(FieldId::Note, ""),
            ],
        );
        f.context = context;
        // The note is what the clerk types first.
        f.focus = f.fields.len() - 1;
        f
    }

    pub fn complaint_respond(id: i64, job_no: &str, context: String) -> Form {
        let mut f = Form::new(
            FormKind::ComplaintRespond(id),
            job_no,
            vec![Field::text(FieldId::Note, "")],
        );
        f.context = Some(context);
        f
    }

    pub fn complaint_settle(id: i64, job_no: &str, engineer: &str, context: String) -> Form {
        let mut f = Form::new(
            FormKind::ComplaintSettle(id),
            job_no,
            vec![
                Field::choice(FieldId::Resolution, SETTLEMENTS, "apology"),
                Field::text(FieldId::Engineer, engineer),
                Field::text(FieldId::Note, ""),
            ],
        );
        f.context = Some(context);
        f
    }

    /// The focused field's id.
    pub fn focused(&self) -> Focus {
        self.fields[self.focus].id
    }

    pub fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn raw(&self, id: FieldId) -> &str {
        self.field(id).map(Field::raw).unwrap_or("")
    }

    pub fn visible(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.fields.iter().enumerate().filter(|(_, f)| !f.hidden)
    }

    pub fn next(&mut self) {
        self.step(1);
    }

    pub fn prev(&mut self) {
        self.step(self.fields.len() - 1);
    }

    fn step(&mut self, by: usize) {
        self.picking = None;
        let n = self.fields.len();
        for _ in 0..n {
            self.focus = (self.focus + by) % n;
            if !self.fields[self.focus].hidden {
                return;
            }
        }
    }

    /// An edit of the focused field. On text, the kit's editing (a
    /// pre-filled value is replaced by typing, Ctrl-U / Ctrl-W); on a
    /// choice, ← → and Space pick the previous / next value and a letter
    /// jumps to the next value starting with it.
    pub fn edit(&mut self, e: Edit) {
        self.picking = None;
        let changed = match &mut self.fields[self.focus].value {
            Value::Text(t) => {
                if t.edit(e) {
                    self.dirty = true;
                }
                return;
            }
            Value::Choice { options, index } => {
                let n = options.len();
                match e {
                    Edit::Left => *index = (*index + n - 1) % n,
                    Edit::Right | Edit::Insert(' ') => *index = (*index + 1) % n,
                    // A digit picks the value by its place: 1 is the first;
                    // on an answer, 0 skips it (blank).
                    Edit::Insert(c @ '1'..='9') => match (c as usize - '1' as usize) < n {
                        true => *index = c as usize - '1' as usize,
                        false => return,
                    },
                    Edit::Insert('0') if options.last() == Some(&"") => *index = n - 1,
                    Edit::Insert(c) => {
                        let c = c.to_ascii_lowercase();
                        match (1..=n)
                            .map(|k| (*index + k) % n)
                            .find(|&i| options[i].starts_with(c))
                        {
                            Some(i) => *index = i,
                            None => return,
                        }
                    }
                    _ => return,
                }
                true
            }
        };
        if changed {
            self.dirty = true;
            self.show_for_outcome();
            // The callback form is answered a digit per question: the
            // digit moves on to the next question (a satisfied call with
            // its three answers is `f 1 1 1 1 Enter`).
            if self.kind == FormKind::Feedback
                && matches!(e, Edit::Insert(c) if c.is_ascii_digit())
                && self.fields[self.focus].id != FieldId::Note
            {
                self.next();
            }
        }
    }

    pub fn left(&mut self) {
        self.edit(Edit::Left);
    }

    pub fn right(&mut self) {
        self.edit(Edit::Right);
    }

    pub fn home(&mut self) {
        self.edit(Edit::Home);
    }

    pub fn end(&mut self) {
        self.edit(Edit::End);
    }

    /// A typed character; Space on a choice picks the next value.
    pub fn input(&mut self, c: char) {
        self.edit(Edit::Insert(c));
    }

    pub fn backspace(&mut self) {
        self.edit(Edit::Backspace);
    }

    pub fn delete(&mut self) {
        self.edit(Edit::Delete);
    }

    /// The visit form shows the fields the chosen outcome needs; the
    /// callback form asks its questions only when the customer judged
    /// (satisfied or unsatisfied).
    fn show_for_outcome(&mut self) {
        if self.kind == FormKind::Feedback {
            let judged = matches!(
                CallbackResult::parse(self.raw(FieldId::Result)),
                Ok(CallbackResult::Satisfied | CallbackResult::Unsatisfied)
            );
            for f in &mut self.fields {
                if matches!(f.id, FieldId::Attitude | FieldId::Quality | FieldId::Solved) {
                    f.hidden = !judged;
                    if !judged && let Value::Choice { options, index } = &mut f.value {
                        *index = options.len() - 1;
                    }
                }
            }
            return;
        }
        if self.kind != FormKind::Visit {
            return;
        }
        use crate::domain::visit::Outcome as O;
        use FieldId::*;
        let outcome = O::parse(self.raw(Outcome)).unwrap_or(O::Fixed);
        let shown: &[FieldId] = match outcome {
            O::Consulted => &[Outcome, Engineer, FinishedAt, Note],
            O::Fixed | O::FixedUntested | O::Unsure | O::Returned => &[
                Outcome,
                Engineer,
                ArrivedAt,
                FinishedAt,
                Charge,
                FeeItems,
                ReceiptNo,
                InvoiceOwed,
                Note,
            ],
            O::Pulled => &[
                Outcome,
                Engineer,
                ArrivedAt,
                FinishedAt,
                Charge,
                FeeItems,
                ReceiptNo,
                InvoiceOwed,
                ReturnDue,
                MachineReceipt,
                Note,
            ],
            O::NotHome | O::AwaitingParts => &[Outcome, Engineer, ArrivedAt, Note],
            O::Rescheduled => &[Outcome, NewApptStart, NewApptEnd, Note],
            O::Cancelled => &[Outcome, Note],
        };
        for f in &mut self.fields {
            f.hidden = !shown.contains(&f.id);
        }
        // A consultation is dated by the call: carry an arrival typed (or
        // prefilled) so far over to the finish column.
        if outcome == O::Consulted
            && self.raw(FinishedAt).is_empty()
            && !self.raw(ArrivedAt).is_empty()
        {
            let at = self.raw(ArrivedAt).to_string();
            if let Some(f) = self.field_mut(FinishedAt) {
                f.value = Value::Text(TextInput::new(&at));
            }
        }
    }

    /// Checks every field; errors and warnings are set next to the fields.
    /// Returns whether the form can be saved.
    pub fn validate(&mut self, lang: Lang, zone: &Zone, today: NaiveDate) -> bool {
        let outcome = self.parse(lang, zone, today);
        for f in &mut self.fields {
            f.error = None;
            f.warning = None;
        }
        match outcome {
            Ok(parsed) => {
                if let Parsed::Job(job) = &parsed {
                    for missing in to_verify(job) {
                        let id = match missing {
                            "phone" => FieldId::Phone,
                            "address" => FieldId::Address,
                            "product_model" => FieldId::ProductModel,
                            "purchase_date" => FieldId::PurchaseDate,
                            _ => FieldId::Fault,
                        };
                        let text = if id == FieldId::Phone && !job.phone.trim().is_empty() {
                            T::WarnPhone
                        } else {
                            T::WarnVerify
                        };
                        if let Some(f) = self.field_mut(id) {
                            f.warning = Some(tr(lang, text).to_string());
                        }
                    }
                }
                if let Parsed::Visit(v) = &parsed {
                    self.fee_hints(lang, v);
                }
                true
            }
            Err(problems) => {
                for (id, text) in problems {
                    if let Some(f) = self.field_mut(id)
                        && f.error.is_none()
                    {
                        f.error = Some(text);
                    }
                }
                false
            }
        }
    }

    /// The fee standard's codes beside the fee items (the
    /// picker's choices) and their sum beside the charge, marked when the
    /// charge is over it.
    fn fee_hints(&mut self, lang: Lang, v: &crate::domain::visit::Visit) {
        use crate::domain::codes::format_money;
        use crate::domain::fees::{over_standard, parse_items, total};
        if self.fees.is_empty() {
            return;
        }
        let codes = self
            .fees
            .values()
            .map(|f| format!("{} {}", f.code, format_money(f.amount)))
            .collect::<Vec<_>>()
            .join(" · ");
        if let Some(f) = self.field_mut(FieldId::FeeItems) {
            f.warning = Some(codes);
        }
        let items = parse_items(&v.fee_items);
        let Ok(sum) = total(&self.fees, &items) else {
            return;
        };
        if items.is_empty() {
            return;
        }
        let text = if over_standard(v.charge, Some(sum)) {
            trf(lang, T::WarnOverStandard, &[&format_money(sum)])
        } else {
            trf(lang, T::HintFeeSum, &[&format_money(sum)])
        };
        if let Some(f) = self.field_mut(FieldId::Charge) {
            f.warning = Some(text);
        }
    }

    /// Times that cannot have happened yet at `now` (a visit's, a card's)
    /// marked on their fields. Returns whether there were none.
    pub fn check_happened(&mut self, lang: Lang, zone: &Zone, today: NaiveDate, now: Ts) -> bool {
        let problems = match self.parse(lang, zone, today) {
            Ok(Parsed::Visit(v)) => crate::io::records::visit_in_future(&v, now, zone),
            Ok(Parsed::Card(c)) => crate::io::records::card_in_future(&c, now, zone),
            _ => return true,
        };
        for (col, why) in &problems {
            let id = self
                .visible()
                .map(|(_, f)| f.id)
                .find(|id| id.column() == *col);
            if let Some(id) = id {
                self.set_error(id, problem_text(lang, id, why));
            }
        }
        problems.is_empty()
    }

    /// Focuses the first field with an error.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self
            .fields
            .iter()
            .position(|f| !f.hidden && f.error.is_some())
        {
            self.focus = i;
        }
    }

    /// Chooses `code` in the choice field `id` (nothing when it is not one
    /// of its options).
    pub fn choose(&mut self, id: FieldId, code: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id)
            && let Value::Choice { options, index } = &mut f.value
            && let Some(i) = options.iter().position(|o| *o == code)
        {
            *index = i;
        }
    }

    pub fn set_error(&mut self, id: FieldId, text: String) {
        if let Some(f) = self.field_mut(id) {
            f.error = Some(text);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| !f.hidden && f.error.is_some())
    }

    /// The typed value, or what is wrong with which field.
    pub fn parse(
        &self,
        lang: Lang,
        zone: &Zone,
        today: NaiveDate,
    ) -> Result<Parsed, FieldProblems> {
        let note = self.raw(FieldId::Note).trim().to_string();
        if matches!(
            self.kind,
            FormKind::Complaint
                | FormKind::ComplaintRespond(_)
                | FormKind::ComplaintSettle(_)
                | FormKind::CaseClose(_)
        ) && note.is_empty()
        {
            return Err(vec![(FieldId::Note, tr(lang, T::ErrRequired).into())]);
        }
        match &self.kind {
            FormKind::Complaint => Ok(Parsed::Complaint(crate::desk::complaints::ComplaintInput {
                job_no: self.raw(FieldId::JobNo).trim().to_string(),
                source: crate::domain::complaint::Source::parse(self.raw(FieldId::Source)).ok(),
                category: crate::domain::complaint::Category::parse(self.raw(FieldId::Category))
                    .ok(),
                customer: self.raw(FieldId::Customer).trim().to_string(),
                phone: self.raw(FieldId::Phone).trim().to_string(),
                note,
            })),
            FormKind::ComplaintRespond(id) => Ok(Parsed::ComplaintRespond { id: *id, note }),
            FormKind::CaseClose(id) => Ok(Parsed::CaseClose { id: *id, note }),
            FormKind::ComplaintSettle(id) => Ok(Parsed::ComplaintSettle {
                id: *id,
                resolution: crate::domain::complaint::Settlement::parse(
                    self.raw(FieldId::Resolution),
                )
                .unwrap_or(crate::domain::complaint::Settlement::Apology),
                engineer: self.raw(FieldId::Engineer).trim().to_string(),
                note,
            }),
            FormKind::Feedback => {
                let result = CallbackResult::parse(self.raw(FieldId::Result))
                    .unwrap_or(CallbackResult::Satisfied);
                let answer = |id| Answer::parse(self.raw(id)).ok();
                let answers = Answers {
                    attitude: answer(FieldId::Attitude),
                    quality: answer(FieldId::Quality),
                    solved: crate::domain::codes::parse_yes_no(self.raw(FieldId::Solved)).ok(),
                };
                match check_answers(result, &answers) {
                    Ok(()) => Ok(Parsed::Feedback {
                        result,
                        answers,
                        note,
                    }),
                    Err(refused) => {
                        let id = FieldId::of_column(refused.field()).unwrap_or(FieldId::Attitude);
                        let why = match refused {
                            AnswersRefused::UnsolvedNotUnsatisfied { .. } => {
                                T::ErrUnsolvedSatisfied
                            }
                            AnswersRefused::NotJudged { .. } => T::ErrAnswersResult,
                        };
                        Err(vec![(id, tr(lang, why).to_string())])
                    }
                }
            }
            FormKind::Resolve(kind) => Ok(Parsed::Resolve {
                kind: *kind,
                resolution: Resolution::parse(self.raw(FieldId::Resolution))
                    .unwrap_or(Resolution::Note),
                note,
            }),
            FormKind::Card => {
                let (table, problems) = (self.table(today)?, FieldProblems::new());
                let card = match table.rows.first() {
                    Some(row) => parse_card(&table, row, zone),
                    None => Ok(Card {
                        job_no: self.job_no.clone(),
                        ..Card::default()
                    }),
                };
                self.finish(lang, problems, card).map(Parsed::Card)
            }
            FormKind::Visit => {
                let (table, mut problems) = (self.table(today)?, FieldProblems::new());
                let visit = match table.rows.first() {
                    Some(row) => parse_visit(&table, row, zone),
                    None => Err(vec![]),
                };
                if let Ok(v) = &visit {
                    // No return date is `workshop_days` working days.
                    let items = crate::domain::fees::parse_items(&v.fee_items);
                    if let Err(unknown) = crate::domain::fees::total(&self.fees, &items) {
                        problems.push((
                            FieldId::FeeItems,
                            trf(lang, T::ErrFeeCode, &[&unknown.join(", ")]),
                        ));
                    }
                    if v.outcome == Some(Outcome::Rescheduled) && v.new_appointment_start.is_none()
                    {
                        problems
                            .push((FieldId::NewApptStart, tr(lang, T::ErrNewApptNeeded).into()));
                    }
                }
                self.finish(lang, problems, visit).map(Parsed::Visit)
            }
            FormKind::CorrectPick | FormKind::Correct(..) => {
                correct::parse(self, lang, zone, today)
            }
            FormKind::NewJob => {
                let (table, problems) = (self.table(today)?, FieldProblems::new());
                let job = match table.rows.first() {
                    Some(row) => parse_job(&table, row, zone),
                    None => Err(vec![
                        Problem::new(2, "job_no", "required, but blank"),
                        Problem::new(2, "branch", "required, but blank"),
                    ]),
                };
                self.finish(lang, problems, job).map(Parsed::Job)
            }
        }
    }

    pub(super) fn finish<V>(
        &self,
        lang: Lang,
        mut problems: FieldProblems,
        parsed: Result<V, Vec<Problem>>,
    ) -> Result<V, FieldProblems> {
        match parsed {
            Ok(v) if problems.is_empty() => Ok(v),
            Ok(_) => Err(problems),
            Err(ps) => {
                for p in ps {
                    // A rule about a hidden column (the pair of visit times
                    // of a consultation) is shown at the first time shown.
                    let id = self
                        .visible()
                        .map(|(_, f)| f.id)
                        .find(|id| id.column() == p.column)
                        .or_else(|| {
                            self.visible()
                                .map(|(_, f)| f.id)
                                .find(|id| id.kind() == Kind::Time)
                        })
                        .unwrap_or(self.fields[0].id);
                    problems.push((id, problem_text(lang, id, &p.reason)));
                }
                Err(problems)
            }
        }
    }

    /// The visible fields as a one-row CSV table of the matching import,
    /// with `HH:MM` times completed with today's date.
    /// The day a bare time of `id` falls on: the day of its start field
    /// when it is an end and its start is filled in, else `today`.
    fn start_day_of(&self, id: FieldId, today: NaiveDate) -> NaiveDate {
        let start = match id {
            FieldId::FinishedAt => FieldId::ArrivedAt,
            FieldId::NewApptEnd => FieldId::NewApptStart,
            FieldId::ApptEnd => FieldId::ApptStart,
            _ => return today,
        };
        let Some(f) = self.field(start) else {
            return today;
        };
        complete_time(f.raw().trim(), today)
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or(today)
    }

    fn table(&self, today: NaiveDate) -> Result<crate::io::Table, FieldProblems> {
        let mut header: Vec<&str> = Vec::new();
        let mut row: Vec<String> = Vec::new();
        if self.kind != FormKind::NewJob {
            header.push("job_no");
            row.push(self.job_no.clone());
        }
        for (_, f) in self.visible() {
            header.push(f.id.column());
            let raw = f.raw().trim();
            row.push(match f.id.kind() {
                // An end given as a bare time is on its start's day
                // (`12-08 09:00` then `11:00` is 12-08 11:00).
                Kind::Time => complete_time(raw, self.start_day_of(f.id, today)),
                // A return is due ahead, a purchase was made before.
                Kind::Date => complete_date(raw, today, f.id == FieldId::ReturnDue),
                _ => raw.to_string(),
            });
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        let bytes = w
            .write_record(&header)
            .and_then(|_| w.write_record(&row))
            .map_err(|e| e.to_string())
            .and_then(|_| w.into_inner().map_err(|e| e.to_string()))
            .map_err(|e| vec![(self.fields[0].id, e)])?;
        let required: &[&str] = match self.kind {
            FormKind::NewJob => &["job_no", "branch"],
            _ => &["job_no"],
        };
        read_table(&bytes, required).map_err(|ps| {
            ps.into_iter()
                .map(|p| (self.fields[0].id, p.reason))
                .collect()
        })
    }
}

fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// `H:MM` or `HH:MM`.
fn short_time(raw: &str) -> Option<String> {
    let (h, m) = raw.split_once(':')?;
    (digits(h, 1..=2) && digits(m, 2..=2)).then(|| format!("{raw:0>5}"))
}

/// `M-D` or `MM-DD` in the year of `today`.
fn short_date(raw: &str, year: i32) -> Option<NaiveDate> {
    let (m, d) = raw.split_once('-')?;
    if !(digits(m, 1..=2) && digits(d, 1..=2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// `14:05` means today at 14:05; `12-02 09:40` that day of this year.
pub fn complete_time(raw: &str, today: NaiveDate) -> String {
    use chrono::Datelike;
    if let Some(t) = short_time(raw) {
        return format!("{today} {t}");
    }
    if let Some((day, time)) = raw.split_once(' ')
        && let (Some(d), Some(t)) = (short_date(day, today.year()), short_time(time.trim()))
    {
        return format!("{d} {t}");
    }
    raw.to_string()
}

/// `12-05` means the 5th of December: the next one on or after `today`
/// when the date is ahead (`ahead`), else the last one on or before it.
pub fn complete_date(raw: &str, today: NaiveDate, ahead: bool) -> String {
    use chrono::Datelike;
    let Some(d) = short_date(raw, today.year()) else {
        return raw.to_string();
    };
    let year = match (ahead, d < today, d > today) {
        (true, true, _) => today.year() + 1,
        (false, _, true) => today.year() - 1,
        _ => today.year(),
    };
    short_date(raw, year).unwrap_or(d).to_string()
}

/// An import parser's reason, said in the clerk's language.
fn problem_text(lang: Lang, id: FieldId, reason: &str) -> String {
    let t = if reason.starts_with("required") {
        T::ErrRequired
    } else if reason.starts_with("ends before") {
        T::ErrEndsBefore
    } else if reason.starts_with("blank, but") {
        T::ErrStartNeeded
    } else if reason.contains("needs arrived_at or finished_at") {
        T::ErrNeedTime
    } else if reason.contains("negative") {
        T::ErrNegative
    } else if reason.contains("branch code") {
        T::ErrBranchCode
    } else if reason.contains("in the future") {
        T::ErrFuture
    } else if reason.contains("outside the years") {
        T::ErrYears
    } else if reason.contains("printable text") {
        T::ErrPrintable
    } else {
        match id.kind() {
            Kind::Time => T::ErrTime,
            Kind::Date => T::ErrDate,
            Kind::Money => T::ErrMoney,
            Kind::Text | Kind::Choice => return reason.to_string(),
        }
    };
    tr(lang, t).to_string()
}

/// The title of a form.
pub fn title(lang: Lang, form: &Form) -> String {
    match &form.kind {
        FormKind::Feedback => trf(lang, T::FormFeedback, &[&form.job_no]),
        FormKind::Card => trf(lang, T::FormCard, &[&form.job_no]),
        FormKind::Visit => trf(lang, T::FormVisit, &[&form.job_no]),
        FormKind::Resolve(k) => trf(
            lang,
            T::FormResolve,
            &[&crate::i18n::code(lang, k.code()), &form.job_no],
        ),
        FormKind::NewJob => tr(lang, T::FormNewJob).to_string(),
        FormKind::Complaint if form.job_no.is_empty() => tr(lang, T::FormComplaint).to_string(),
        FormKind::Complaint => trf(lang, T::FormComplaintJob, &[&form.job_no]),
        FormKind::ComplaintRespond(id) => trf(lang, T::FormComplaintRespond, &[id]),
        FormKind::ComplaintSettle(id) => trf(lang, T::FormComplaintSettle, &[id]),
        FormKind::CaseClose(id) => trf(lang, T::FormCaseClose, &[id]),
        FormKind::CorrectPick | FormKind::Correct(..) => correct::title(lang, form),
    }
}

/// The complaint codes of the SPEC, in the order the choices show them
/// (a test checks them against the domain's lists).
const SOURCES: &[&str] = &["hotline", "callback", "center", "walk_in", "letter"];
const CATEGORIES: &[&str] = &["attitude", "quality", "charge", "delay", "forgery", "other"];
const SETTLEMENTS: &[&str] = &[
    "apology",
    "revisit",
    "refund",
    "compensation",
    "penalty",
    "no_fault",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::parse("+08:00").unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_complaint_choices_are_the_spec_codes_and_a_note_is_required() {
        use crate::domain::complaint::{Category, Settlement, Source};
        let codes = |v: Vec<&'static str>| v;
        assert_eq!(
            SOURCES,
            codes(Source::ALL.iter().map(|c| c.code()).collect())
        );
        assert_eq!(
            CATEGORIES,
            codes(Category::ALL.iter().map(|c| c.code()).collect())
        );
        assert_eq!(
            SETTLEMENTS,
            codes(Settlement::ALL.iter().map(|c| c.code()).collect())
        );
        let mut f = Form::complaint("J1", "callback", "forgery", "张三", "138", None);
        assert!(!f.validate(Lang::En, &zone(), today()));
        type_into(&mut f, FieldId::Note, "denies signing");
        match f.parse(Lang::En, &zone(), today()) {
            Ok(Parsed::Complaint(c)) => {
                assert_eq!(c.job_no, "J1");
                assert_eq!(c.source, Some(Source::Callback));
                assert_eq!(c.category, Some(Category::Forgery));
                assert_eq!(c.customer, "张三");
            }
            other => panic!("{other:?}"),
        }
    }

    fn type_into(f: &mut Form, id: FieldId, text: &str) {
        f.focus = f.fields.iter().position(|x| x.id == id).unwrap();
        f.end();
        for _ in 0..40 {
            f.backspace();
        }
        for c in text.chars() {
            f.input(c);
        }
    }

    #[test]
    fn tab_cycles_the_visible_fields_and_choices_cycle_both_ways() {
        let mut f = Form::visit("J1", "王强", "2026-11-23 10:00");
        assert_eq!(f.focused(), FieldId::Outcome);
        f.left();
        assert_eq!(f.raw(FieldId::Outcome), "cancelled");
        assert!(f.dirty);
        f.next();
        assert_eq!(f.focused(), FieldId::Note, "cancelled shows only the note");
        f.next();
        assert_eq!(f.focused(), FieldId::Outcome);
        f.right();
        f.right();
        assert_eq!(f.raw(FieldId::Outcome), "fixed_untested");
        f.prev();
        assert_eq!(f.focused(), FieldId::Note);
    }

    #[test]
    fn a_visit_form_is_checked_like_an_imported_visit() {
        let mut f = Form::visit("J1", "王强", "2026-11-23 10:00");
        assert!(f.validate(Lang::En, &zone(), today()));
        type_into(&mut f, FieldId::Charge, "12x");
        assert!(!f.validate(Lang::En, &zone(), today()));
        assert_eq!(
            f.field(FieldId::Charge).unwrap().error.as_deref(),
            Some(tr(Lang::En, T::ErrMoney))
        );
        type_into(&mut f, FieldId::Charge, "120.5");
        type_into(&mut f, FieldId::FinishedAt, "9:30");
        assert!(!f.validate(Lang::Zh, &zone(), today()));
        assert_eq!(
            f.field(FieldId::FinishedAt).unwrap().error.as_deref(),
            Some("结束早于开始")
        );
        type_into(&mut f, FieldId::FinishedAt, "10:45");
        assert!(f.validate(Lang::En, &zone(), today()));
        let Ok(Parsed::Visit(v)) = f.parse(Lang::En, &zone(), today()) else {
            panic!("a visit")
        };
        assert_eq!(v.charge, Some(12050));
        assert_eq!(v.outcome, Some(Outcome::Fixed));
        assert_eq!(v.engineer, "王强");
        // A pulled machine without a return date is due back in
        // `workshop_days` working days: no error.
        f.focus = 0;
        f.input('p');
        assert_eq!(f.raw(FieldId::Outcome), "pulled");
        assert!(f.validate(Lang::En, &zone(), today()));
        assert!(f.field(FieldId::ReturnDue).unwrap().error.is_none());
    }

    #[test]
    fn a_new_job_shows_what_to_verify_but_may_be_saved() {
        let mut f = Form::new_job("QD");
        assert!(!f.validate(Lang::En, &zone(), today()));
        assert_eq!(
            f.field(FieldId::JobNo).unwrap().error.as_deref(),
            Some("required")
        );
        type_into(&mut f, FieldId::JobNo, "J9");
        type_into(&mut f, FieldId::Phone, "12345");
        assert!(f.validate(Lang::En, &zone(), today()));
        assert_eq!(
            f.field(FieldId::Phone).unwrap().warning.as_deref(),
            Some(tr(Lang::En, T::WarnPhone))
        );
        assert!(f.field(FieldId::Address).unwrap().warning.is_some());
        type_into(&mut f, FieldId::PurchaseDate, "2026-02-30");
        assert!(!f.validate(Lang::En, &zone(), today()));
        assert!(f.field(FieldId::PurchaseDate).unwrap().error.is_some());
    }

    #[test]
    fn text_editing_counts_characters_not_bytes() {
        // On the kit's TextInput: the cursor moves by characters, and the
        // cursor's cell counts a Chinese character as two.
        let mut t = TextInput::new("王强");
        t.edit(Edit::Left);
        t.insert('小');
        assert_eq!(t.text(), "王小强");
        assert_eq!(t.view(20), ("王小强".to_string(), 4));
        assert!(t.edit(Edit::Backspace));
        assert!(t.edit(Edit::Delete));
        assert_eq!(t.text(), "王");
    }

    #[test]
    fn short_times_are_completed_with_today() {
        assert_eq!(complete_time("12-02 9:40", today()), "2026-12-02 09:40");
        assert_eq!(complete_time("1-5 09:40", today()), "2026-01-05 09:40");
        assert_eq!(complete_time("13-02 9:40", today()), "13-02 9:40");
        assert_eq!(complete_date("12-05", today(), true), "2026-12-05");
        assert_eq!(complete_date("11-01", today(), true), "2027-11-01");
        assert_eq!(complete_date("12-05", today(), false), "2025-12-05");
        assert_eq!(complete_date("2-30", today(), false), "2-30");
        assert_eq!(complete_date("2026-02-03", today(), false), "2026-02-03");
        assert_eq!(complete_time("9:05", today()), "2026-11-23 09:05");
        assert_eq!(
            complete_time("2026-11-23 09:05", today()),
            "2026-11-23 09:05"
        );
    }
}
