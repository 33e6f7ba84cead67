//! Demo data that looks real to a Chinese branch clerk: Qingdao addresses,
//! Haier-like models, and a day with every situation of the SPEC present.
//! Everything goes through the same rules as real input, in one transaction.

use crate::desk::callbacks::log_callback_in;
use crate::desk::jobs::revisit_job;
use crate::desk::reconcile::reconcile_in;
use crate::desk::visits::apply_visit;
use crate::desk::{Desk, Result, refresh};
use crate::domain::callback::CallbackResult;
use crate::domain::card::{Card, CardState, Satisfaction, SignedBy, card_state};
use crate::domain::job::{Job, Warranty, to_verify};
use crate::domain::reconcile::{
    DiscrepancyKind, JobFacts, Resolution, VisitFact, discrepancies as found_in,
};
use crate::domain::status::{JobStatus, job_status};
use crate::domain::time::{Ts, Zone};
use crate::domain::visit::{Outcome, Visit, callback_due, late_minutes};
use crate::store::{callbacks, cards, discrepancies, jobs, settings, visits};
use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::Connection;

pub const DEFAULT_JOBS: usize = 120;
pub const DEFAULT_DAYS: u32 = 7;
pub const DEMO_BRANCH: &str = "QD-LS";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub jobs: usize,
    pub days: u32,
    pub seed: u64,
    /// Earlier jobs left undone (callback never made, card never back), for
    /// benchmarks of a desk with a large backlog; 0 for a normal branch.
    pub backlog: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            jobs: DEFAULT_JOBS,
            days: DEFAULT_DAYS,
            seed: 1,
            backlog: 0,
        }
    }
}

/// The page cache while filling (SQLite's default is 2 MiB).
const BULK_CACHE_MIB: i64 = 16;
/// The jobs' index by phone and product (migration 014).
const PHONE_INDEX: &str = "jobs_phone_model";
/// Jobs written per transaction by the bulk path.
const BATCH_JOBS: usize = 20_000;
/// Older than this, a pulled machine has come back and an owed invoice has
/// been delivered (a year of history does not stay open).
const SETTLED_AFTER_DAYS: i64 = 14;
/// An engineer does about this many jobs a day: a large demo gets as many
/// engineers as its daily volume needs.
const JOBS_PER_ENGINEER_DAY: usize = 8;
/// The scripted situations visit on these earlier days; their reconciliation
/// goes through the rules, the other days' is computed in memory.
const SCRIPTED_DAYS: [i64; 3] = [1, 2, 5];

/// splitmix64: tiny, and the same seed gives the same data forever,
/// whatever crate versions come and go.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_5EED)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "于", "董", "曲", "姜", "宋",
];
const GIVEN: &[&str] = &[
    "秀英", "桂兰", "建国", "志强", "海燕", "丽娟", "玉梅", "春生", "红霞", "德明", "淑珍", "国庆",
    "晓东", "静", "伟", "敏", "磊", "芳", "军", "洁", "涛", "艳", "超", "明",
];
pub const ENGINEERS: &[&str] = &["王强", "李明", "张伟", "刘洋", "陈刚", "赵磊"];
const DISTRICTS: &[&str] = &["市南区", "市北区", "崂山区", "李沧区", "黄岛区", "城阳区"];
const ROADS: &[&str] = &[
    "香港中路",
    "山东路",
    "辽阳西路",
    "海尔路",
    "银川东路",
    "延吉路",
    "宁夏路",
    "南京路",
    "株洲路",
    "深圳路",
    "台东一路",
    "仙霞岭路",
];
/// (model, faults) by product line.
const PRODUCTS: &[(&[&str], &[&str])] = &[
    (
        &[
            "BCD-470WDPG",
            "BCD-520WICTU1",
            "BCD-216STPT",
            "BCD-335WLHC35DD",
        ],
        &["冰箱不制冷", "冷藏室结冰", "压缩机异响", "显示E2故障"],
    ),
    (
        &[
            "XQG100-HBD14126L",
            "EG10014B39GU1",
            "XQB80-Z1269",
            "EG8012B29W",
        ],
        &[
            "洗衣机不脱水",
            "滚筒异响",
            "进水慢",
            "显示E4故障代码",
            "排水不畅",
        ],
    ),
    (
        &[
            "KFR-35GW/81@U1-Ge",
            "KFR-72LW/A1",
            "KFR-26GW/B1KBB21AU1",
            "KFR-50LW/07EDS81",
        ],
        &["空调不制热", "外机漏水", "遥控无反应", "制冷效果差"],
    ),
    (
        &["ES60H-GD5(5U1)", "ES80H-J7(E)", "JSQ25-13UTS", "EC6002-D"],
        &["热水器不加热", "漏水", "显示E1故障", "水温忽冷忽热"],
    ),
];
const REQUIREMENTS: &[&str] = &[
    "请上门前电话联系",
    "下午在家",
    "周末上门",
    "老人在家，请耐心讲解",
    "",
    "",
];

/// The generator: its state, and the transaction it writes in.
struct Gen<'a> {
    c: &'a Connection,
    s: &'a mut State,
}

/// What the generator carries from one transaction to the next.
struct State {
    rng: Rng,
    zone: Zone,
    today: NaiveDate,
    now: Ts,
    cutoff: NaiveTime,
    seq: u32,
    made: usize,
    /// The engineers ordinary jobs are dealt to.
    engineers: Vec<String>,
    /// More jobs a day than a small branch's six engineers do.
    busy: bool,
    /// The branch code of every job.
    branch: String,
}

/// A discrepancy an earlier day's reconciliation finds, computed in memory
/// by the same rules.
struct Found {
    job_id: i64,
    kind: DiscrepancyKind,
    engineer: String,
    detail: String,
    /// A backlog job's discrepancies stay open.
    keep_open: bool,
}

/// One job as the generator wants it.
struct Spec<'e> {
    day: i64,
    appt_hour: u32,
    engineer: &'e str,
    warranty: Warranty,
}

impl Gen<'_> {
    fn at(&self, day: i64, hour: u32, minute: u32) -> Ts {
        let date = self.s.today + Duration::days(day);
        self.s.zone.at(
            date,
            NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or(NaiveTime::MIN),
        )
    }

    fn phone(&mut self) -> String {
        if self.s.rng.chance(12) {
            format!("0532-8{:07}", self.s.rng.below(10_000_000))
        } else {
            let p = *self
                .s
                .rng
                .pick(&["13", "15", "18", "17", "19", "139", "186"]);
            let len = 11 - p.len();
            format!("{p}{:0len$}", self.s.rng.below(10u64.pow(len as u32)))
        }
    }

    fn job(&mut self, s: Spec<'_>) -> Result<Job> {
        self.s.seq += 1;
        let date = self.s.today + Duration::days(s.day);
        let (models, faults) = *self.s.rng.pick(PRODUCTS);
        let start = self.at(s.day, s.appt_hour, 0);
        let job = Job {
            job_no: format!("{}{:04}", date.format("%y%m%d"), self.s.seq),
            branch: self.s.branch.clone(),
            received_at: Some(start - Duration::hours(18 + self.s.rng.below(6) as i64)),
            customer: format!("{}{}", self.s.rng.pick(SURNAMES), self.s.rng.pick(GIVEN)),
            phone: self.phone(),
            address: format!(
                "青岛市{}{}{}号{}号楼{}单元{}",
                self.s.rng.pick(DISTRICTS),
                self.s.rng.pick(ROADS),
                1 + self.s.rng.below(300),
                1 + self.s.rng.below(30),
                1 + self.s.rng.below(4),
                100 * (1 + self.s.rng.below(18)) + 1 + self.s.rng.below(4)
            ),
            product_model: self.s.rng.pick(models).to_string(),
            purchase_date: Some(date - Duration::days(60 + self.s.rng.below(2000) as i64)),
            fault: self.s.rng.pick(faults).to_string(),
            requirement: self.s.rng.pick(REQUIREMENTS).to_string(),
            appointment_start: Some(start),
            appointment_end: Some(start + Duration::hours(1)),
            engineer: s.engineer.into(),
            warranty: Some(s.warranty),
        };
        Ok(job)
    }

    fn insert(&mut self, job: &Job) -> Result<i64> {
        let status = if job.appointment_start.is_some() {
            JobStatus::Scheduled
        } else {
            JobStatus::Unscheduled
        };
        let id = jobs::insert(
            self.c,
            job,
            jobs::Origin::Demo,
            None,
            &to_verify(job),
            status,
            self.s.now,
        )?;
        self.s.made += 1;
        Ok(id)
    }

    fn visit(
        &mut self,
        id: i64,
        job: &Job,
        outcome: Outcome,
        arrived: Ts,
        minutes: i64,
    ) -> Result<Visit> {
        let v = self.make_visit(job, outcome, arrived, minutes);
        apply_visit(self.c, &self.s.zone, id, &v, "demo", self.s.now)?;
        Ok(v)
    }

    /// A visit's report, drawn from the generator (nothing written).
    fn make_visit(&mut self, job: &Job, outcome: Outcome, arrived: Ts, minutes: i64) -> Visit {
        let charge = (job.warranty == Some(Warranty::Out) && outcome != Outcome::Consulted)
            .then(|| [8000, 12000, 15000, 26000][self.s.rng.below(4) as usize]);
        let timed = !matches!(outcome, Outcome::Rescheduled | Outcome::Cancelled);
        Visit {
            job_no: job.job_no.clone(),
            engineer: job.engineer.clone(),
            arrived_at: (timed && outcome != Outcome::Consulted).then_some(arrived),
            finished_at: timed.then_some(arrived + Duration::minutes(minutes)),
            outcome: Some(outcome),
            charge,
            receipt_no: charge
                .map(|_| format!("SJ{:08}", self.s.rng.below(100_000_000)))
                .unwrap_or_default(),
            invoice_owed: charge.map(|_| self.s.rng.chance(15)),
            return_due: (outcome == Outcome::Pulled)
                .then(|| self.s.zone.date_of(arrived) + Duration::days(3)),
            new_appointment_start: None,
            new_appointment_end: None,
            note: String::new(),
            ..Visit::default()
        }
    }

    fn card(
        &mut self,
        id: i64,
        job: &Job,
        v: &Visit,
        returned: Ts,
        tweak: impl FnOnce(&mut Card),
    ) -> Result<()> {
        let mut card = self.make_card(job, v, returned);
        tweak(&mut card);
        cards::insert(self.c, id, &card, self.s.now)?;
        refresh(self.c, id)
    }

    /// A card as the engineer hands it back, drawn from the generator.
    fn make_card(&mut self, job: &Job, v: &Visit, returned: Ts) -> Card {
        Card {
            job_no: job.job_no.clone(),
            returned_at: Some(returned),
            satisfaction: Some(Satisfaction::Satisfied),
            signed_by: Some(if self.s.rng.chance(85) {
                SignedBy::Customer
            } else {
                SignedBy::Family
            }),
            warranty_record: Some(job.warranty == Some(Warranty::In)),
            charge: v.charge,
            receipt_no: v.receipt_no.clone(),
            ..Card::default()
        }
    }

    fn callback(&mut self, job: &Job, result: CallbackResult, at: Ts) -> Result<()> {
        log_callback_in(self.c, &job.job_no, result, "", "demo", at.min(self.s.now))?;
        Ok(())
    }

    /// A job of an earlier day, carried through an ordinary life, written in
    /// bulk: its derived state (status, card state, the re-visit, the
    /// discrepancies its day's reconciliation finds) is computed in memory by
    /// the domain rules instead of being read back job by job. A `backlog`
    /// job is left undone: no callback made, no card back.
    fn ordinary_past(&mut self, day: i64, backlog: bool) -> Result<Vec<Found>> {
        let engineer = self.s.rng.pick(&self.s.engineers).clone();
        let warranty = if self.s.rng.chance(75) {
            Warranty::In
        } else {
            Warranty::Out
        };
        let hour = 8 + self.s.rng.below(9) as u32;
        let job = self.job(Spec {
            day,
            appt_hour: hour,
            engineer: &engineer,
            warranty,
        })?;
        let outcome = self.outcome();
        let (minute, delay, work) = (
            self.s.rng.below(60) as u32,
            self.s.rng.below(100) as i64,
            30 + self.s.rng.below(60) as i64,
        );
        let arrived = self.at(day, hour, minute) + Duration::minutes(delay);
        let visit = self.make_visit(&job, outcome, arrived, work);
        let call = outcome.callback().is_some().then(|| {
            let due = arrived + Duration::hours(2);
            let result = if self.s.rng.chance(6) {
                CallbackResult::Unsatisfied
            } else {
                CallbackResult::Satisfied
            };
            let early = Duration::minutes(self.s.rng.below(40) as i64);
            (result, (due - early).min(self.s.now))
        });
        let card = (outcome.is_visited() && self.s.rng.chance(96)).then(|| {
            let minute = self.s.rng.below(59) as u32;
            let returned = self.at(day, 16, minute);
            self.make_card(&job, &visit, returned)
        });
        let (call, card) = if backlog { (None, None) } else { (call, card) };
        // Long ago, a missing card came back late; an old loaner has come
        // back with a later visit; an old owed invoice has been delivered.
        let settled = day <= -SETTLED_AFTER_DAYS;
        let card = match card {
            None if settled && !backlog && outcome.is_visited() => {
                let late = self.at(day + 2, 10, 0);
                Some(self.make_card(&job, &visit, late))
            }
            card => card,
        };
        let back = (settled && outcome == Outcome::Pulled).then(|| Visit {
            job_no: job.job_no.clone(),
            engineer: job.engineer.clone(),
            finished_at: visit.return_due.map(|d| {
                self.s.zone.at(
                    d,
                    NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN),
                )
            }),
            outcome: Some(Outcome::Fixed),
            note: "送回机器，收回周转机".into(),
            ..Visit::default()
        });
        let mut visits = vec![&visit];
        visits.extend(back.as_ref());
        let facts = JobFacts {
            warranty: job.warranty,
            has_appointment: job.appointment_start.is_some(),
            visits: visits
                .iter()
                .map(|v| VisitFact {
                    outcome: v.outcome.unwrap_or(Outcome::Fixed),
                    at: v.base_time(),
                    charge: v.charge,
                    receipt_no: v.receipt_no.clone(),
                    fee_total: None,
                })
                .collect(),
            card: card.clone(),
            callback_results: call.iter().map(|(r, _)| *r).collect(),
            pending_callbacks: usize::from(call.is_none() && outcome.callback().is_some()),
            open_revisit: call.is_some_and(|(r, _)| r.opens_revisit()),
        };
        let status = job_status(&facts);
        let card_state = card_state(facts.visited(), card.as_ref());
        // What the day's reconciliation at the cut-off finds.
        let (start, end) = self.s.zone.day_bounds(self.s.today + Duration::days(day));
        let checked = visits.iter().any(|v| {
            v.outcome.is_some_and(Outcome::is_visited)
                && v.base_time().is_some_and(|t| t >= start && t < end)
        }) || call.is_some_and(|(_, at)| at >= start && at < end);
        let found = if checked {
            let cutoff = self
                .s
                .zone
                .at(self.s.today + Duration::days(day), self.s.cutoff);
            found_in(&facts, Some(cutoff))
        } else {
            Vec::new()
        };

        let c = self.c;
        let id = jobs::insert(
            c,
            &job,
            jobs::Origin::Demo,
            None,
            &to_verify(&job),
            status,
            self.s.now,
        )?;
        self.s.made += 1;
        let late = match (outcome, visit.arrived_at) {
            (Outcome::Consulted, _) | (_, None) => None,
            (_, Some(a)) => late_minutes(a, job.appointment_start, job.appointment_end),
        };
        let visit_id = visits::insert(c, id, &visit, late, "demo", self.s.now)?;
        let mut revisit_made = None;
        if let Some(base) = visit.base_time()
            && let Some((kind, due)) = callback_due(outcome, base)
        {
            let cb = callbacks::insert(c, id, Some(visit_id), Some(kind), base, due, self.s.now)?;
            if let Some((result, at)) = call {
                callbacks::record(c, cb, result, "", "demo", at)?;
                if result.opens_revisit() {
                    let revisit = revisit_job(&job, &job.engineer, "", 0, at);
                    let r = jobs::insert(
                        c,
                        &revisit,
                        jobs::Origin::Revisit,
                        Some((id, 1)),
                        &to_verify(&revisit),
                        JobStatus::Unscheduled,
                        at,
                    )?;
                    callbacks::set_revisit(c, cb, r)?;
                    revisit_made = Some((r, revisit));
                }
            }
        }
        if let Some(card) = &card {
            cards::insert(c, id, card, self.s.now)?;
        }
        if let Some(back) = &back
            && let Some(at) = back.finished_at
        {
            visits::insert(c, id, back, None, "demo", self.s.now)?;
            visits::mark_returned(c, id, at)?;
        }
        if settled && visit.invoice_owed == Some(true) {
            let delivered = visit.base_time().unwrap_or(self.s.now) + Duration::days(3);
            visits::deliver_invoice(c, id, delivered)?;
        }
        if card_state != CardState::NotRequired {
            jobs::set_derived(c, id, status, card_state)?;
        }
        // Long ago, a customer not at home was booked again and the job
        // fixed, and a re-visit was made: only the recent ones still wait
        // on the desk to be booked.
        if settled && !backlog {
            if outcome == Outcome::NotHome {
                self.booked_and_fixed(id, &job, day + 2)?;
            }
            if let Some((r, revisit)) = &revisit_made {
                self.booked_and_fixed(*r, revisit, day + 2)?;
            }
        }
        Ok(found
            .into_iter()
            .map(|(kind, detail)| Found {
                job_id: id,
                kind,
                engineer: job.engineer.clone(),
                detail,
                keep_open: backlog,
            })
            .collect())
    }

    /// A job booked again for 10:00 on `day`, fixed then, its card signed
    /// by the customer and back by 15:00 (no draw from the generator, so
    /// that the jobs after it stay the same).
    fn booked_and_fixed(&mut self, id: i64, job: &Job, day: i64) -> Result<()> {
        let c = self.c;
        let start = self.at(day, 10, 0);
        jobs::set_appointment(c, id, Some(start), Some(start + Duration::hours(1)))?;
        let v = Visit {
            job_no: job.job_no.clone(),
            engineer: job.engineer.clone(),
            arrived_at: Some(start),
            finished_at: Some(start + Duration::minutes(40)),
            outcome: Some(Outcome::Fixed),
            ..Visit::default()
        };
        apply_visit(c, &self.s.zone, id, &v, "demo", self.s.now)?;
        let card = Card {
            job_no: job.job_no.clone(),
            returned_at: Some(self.at(day, 15, 0)),
            satisfaction: Some(Satisfaction::Satisfied),
            signed_by: Some(SignedBy::Customer),
            warranty_record: Some(job.warranty == Some(Warranty::In)),
            charge: None,
            receipt_no: String::new(),
            ..Card::default()
        };
        cards::insert(c, id, &card, self.s.now)?;
        refresh(c, id)
    }

    /// A job of today, not visited yet or visited in an ordinary way.
    /// How an ordinary visit ends, in the proportions of a real branch.
    fn outcome(&mut self) -> Outcome {
        match self.s.rng.below(100) {
            0..=64 => Outcome::Fixed,
            65..=74 => Outcome::FixedUntested,
            75..=79 => Outcome::Unsure,
            80..=87 => Outcome::Consulted,
            88..=90 => Outcome::Pulled,
            91..=95 => Outcome::NotHome,
            _ => Outcome::Cancelled,
        }
    }

    fn ordinary_today(&mut self) -> Result<()> {
        let engineer = self.s.rng.pick(&self.s.engineers).clone();
        let warranty = if self.s.rng.chance(75) {
            Warranty::In
        } else {
            Warranty::Out
        };
        let hour = 8 + self.s.rng.below(10) as u32;
        let job = self.job(Spec {
            day: 0,
            appt_hour: hour,
            engineer: &engineer,
            warranty,
        })?;
        let id = self.insert(&job)?;
        let start = job.appointment_start.unwrap_or(self.s.now);
        if start + Duration::hours(3) < self.s.now && self.s.rng.chance(80) {
            // A small branch's morning is plain repairs (the scripted jobs
            // bring the rest); a busy desk's day has every outcome, and
            // about half of the callbacks whose time has come are made.
            let outcome = if self.s.busy {
                self.outcome()
            } else {
                Outcome::Fixed
            };
            let arrived = start + Duration::minutes(20);
            let v = self.visit(id, &job, outcome, arrived, 50)?;
            if self.s.busy
                && let Some(kind) = outcome.callback()
                && let Some(base) = v.base_time()
                && base + kind.window() < self.s.now
                && self.s.rng.chance(50)
            {
                self.callback(&job, CallbackResult::Satisfied, base + kind.window())?;
            }
            if outcome.is_visited() && self.s.rng.chance(70) {
                self.card(id, &job, &v, start + Duration::hours(3), |_| {})?;
            }
        }
        Ok(())
    }
}

/// The engineers a demo of `jobs` over `days` deals its ordinary jobs to:
/// the six of a small branch, more when the daily volume needs them.
fn engineers(jobs: usize, days: u32) -> Vec<String> {
    let per_day = jobs / days.max(1) as usize;
    let wanted = per_day.div_ceil(JOBS_PER_ENGINEER_DAY).max(ENGINEERS.len());
    let mut out: Vec<String> = ENGINEERS.iter().map(|s| s.to_string()).collect();
    let mut k = 0;
    while out.len() < wanted {
        let name = format!(
            "{}{}{}",
            SURNAMES[k % SURNAMES.len()],
            GIVEN[(k / SURNAMES.len()) % GIVEN.len()],
            match k / (SURNAMES.len() * GIVEN.len()) {
                0 => String::new(),
                n => (n + 1).to_string(),
            }
        );
        if !out.contains(&name) {
            out.push(name);
        }
        k += 1;
    }
    out
}

/// Fills an empty database; returns the number of jobs made. The scripted
/// situations go through the same operations as real input; the ordinary
/// jobs are written in bulk, [`BATCH_JOBS`] per transaction, with their
/// derived state computed in memory by the same rules.
pub fn fill(desk: &mut Desk, opts: &DemoOptions, now: Ts) -> Result<usize> {
    // A database whose branch was set (`config branch`) belongs to it: its
    // demo is that branch's (SPEC: the code is fixed by the first import).
    let branch = desk.branch()?.unwrap_or_else(|| DEMO_BRANCH.to_string());
    fill_branch(desk, opts, &branch, now)
}

/// [`fill`] for a branch of another code (the center's demo has several).
pub fn fill_branch(desk: &mut Desk, opts: &DemoOptions, branch: &str, now: Ts) -> Result<usize> {
    let zone = desk.zone;
    let cutoff = desk.cutoff;
    // Whole minutes: a clerk's times read 10:35, not 10:35:36.
    let now = crate::domain::time::from_unix(now.timestamp().div_euclid(60) * 60);
    let today = zone.date_of(now);
    let days = i64::from(opts.days.max(1));
    // Jobs land all over the indexes (job numbers, appointments): keep the
    // pages in memory while loading, then give the memory back.
    desk.store.set_cache_mib(BULK_CACHE_MIB)?;
    // A customer's repeat visits are found by phone and product: that index
    // grows in random order with every job (a million jobs took twice as
    // long with it), so a large demo makes it once, after its jobs.
    let phone = match opts.jobs > BATCH_JOBS {
        true => desk.store.drop_index(PHONE_INDEX)?,
        false => None,
    };
    let made = fill_in(desk, opts, branch, now, (zone, cutoff, today, days));
    desk.store.set_cache_mib(crate::store::DEFAULT_CACHE_MIB)?;
    // Its sort holds a page cache's worth before it spills to a file.
    if let Some(index) = phone {
        desk.store.make_index(index)?;
    }
    let made = made?;
    // The parts made through the desk's operations, with the usual cache
    // (their large statements, the voice's a month of calls and cards, are
    // not helped by holding 16 MiB of pages besides their audit entry).
    // Complaints in every state.
    super::complaints::fill(desk, now)?;
    // a fee standard, the workshop, cases, a delay.
    super::money::fill(desk, branch, now)?;
    // answers, marks, follow-ups, repeat repairs.
    super::voice::fill(desk, now)?;
    Ok(made)
}

fn fill_in(
    desk: &mut Desk,
    opts: &DemoOptions,
    branch: &str,
    now: Ts,
    (zone, cutoff, today, days): (Zone, NaiveTime, NaiveDate, i64),
) -> Result<usize> {
    let mut state = State {
        rng: Rng::new(opts.seed),
        zone,
        today,
        now,
        cutoff,
        seq: 0,
        made: 0,
        engineers: engineers(opts.jobs, opts.days),
        busy: opts.jobs / opts.days.max(1) as usize > ENGINEERS.len() * JOBS_PER_ENGINEER_DAY,
        branch: branch.to_string(),
    };
    let seed = opts.seed;
    let rest = desk.store.write(|c| {
        settings::set(c, settings::BRANCH, branch)?;
        let mut g = Gen { c, s: &mut state };
        let scripted = scripted(&mut g, opts.jobs)?;
        let summary = format!("demo (seed {seed}): {scripted} scripted jobs");
        crate::desk::record(c, "demo", now, "demo", "", summary)?;
        Ok::<_, crate::desk::DeskError>(opts.jobs.saturating_sub(scripted))
    })?;
    // The re-visit chain's first job is one of the N, and so are the two
    // jobs of the morning list to book.
    let chain = opts.jobs >= 20 && days >= 4;
    let book = opts.jobs >= 20 && days >= 2;
    let rest = rest.saturating_sub(usize::from(chain) + 2 * usize::from(book));
    // About one in `days` of the rest is today's; the others spread back.
    let day_of = |i: usize| -((i as i64 * 7919) % days);
    let past = (0..rest).filter(|&i| day_of(i) != 0).count();
    let backlog_every = (opts.backlog > 0).then(|| (past / opts.backlog).max(1));
    let (mut past_seen, mut backlog_left) = (0usize, opts.backlog);
    let mut found: Vec<Vec<Found>> = (0..=days).map(|_| Vec::new()).collect();
    // A large demo is written day by day, oldest first, so that job numbers
    // and times arrive in index order (appended, not scattered); a small one
    // keeps the order its seeds have always given.
    let order: Vec<usize> = if rest > BATCH_JOBS {
        let mut by_day: Vec<Vec<usize>> = (0..days).map(|_| Vec::new()).collect();
        for i in 0..rest {
            by_day[(-day_of(i)) as usize].push(i);
        }
        by_day.into_iter().rev().flatten().collect()
    } else {
        (0..rest).collect()
    };
    for batch in order.chunks(BATCH_JOBS) {
        desk.store.write(|c| {
            let mut g = Gen { c, s: &mut state };
            for &i in batch {
                let day = day_of(i);
                if day == 0 {
                    g.ordinary_today()?;
                    continue;
                }
                let backlog = backlog_every.is_some_and(|n| past_seen % n == 0) && backlog_left > 0;
                past_seen += 1;
                backlog_left -= usize::from(backlog);
                found[(-day) as usize].extend(g.ordinary_past(day, backlog)?);
            }
            let summary = format!("demo (seed {seed}): {} ordinary jobs", batch.len());
            crate::desk::record(c, "demo", now, "demo", "", summary)?;
            Ok::<_, crate::desk::DeskError>(())
        })?;
    }
    // The order of a million jobs is 8 MB: not held while the rest is made.
    drop(order);
    // A customer who needed two re-visits until satisfied (made after the
    // ordinary jobs, so that every other job keeps its number and data).
    if chain {
        desk.store.write(|c| {
            let mut g = Gen { c, s: &mut state };
            revisit_chain(&mut g)?;
            let summary = format!("demo (seed {seed}): a re-visit chain");
            crate::desk::record(c, "demo", now, "demo", "", summary)
        })?;
    }
    if book {
        desk.store.write(|c| {
            let mut g = Gen { c, s: &mut state };
            to_book(&mut g)?;
            let summary = format!("demo (seed {seed}): jobs to book");
            crate::desk::record(c, "demo", now, "demo", "", summary)
        })?;
    }
    // Earlier days were reconciled at their cut-off, and most of what
    // they found was dealt with (all of it, long ago); yesterday's is still
    // open.
    desk.store.write(|c| {
        for back in (1..=days).rev() {
            let date = today - Duration::days(back);
            let at = zone.at(date, cutoff);
            let day = date.to_string();
            let found: Vec<(i64, DiscrepancyKind, bool)> = if SCRIPTED_DAYS.contains(&back) {
                let mut out = Vec::new();
                for f in reconcile_in(c, &zone, cutoff, date, at)?.found {
                    if let Some(job) = jobs::by_no(c, &f.job_no)? {
                        out.push((job.id, f.kind, false));
                    }
                }
                out
            } else {
                let mut out = Vec::new();
                for f in std::mem::take(&mut found[back as usize]) {
                    discrepancies::raise(c, f.job_id, f.kind, &f.engineer, &day, &f.detail, at)?;
                    out.push((f.job_id, f.kind, f.keep_open));
                }
                out
            };
            if back < 2 {
                continue;
            }
            for (i, (job_id, kind, keep_open)) in found.into_iter().enumerate() {
                if (i % 4 != 0 || back >= SETTLED_AFTER_DAYS)
                    && !keep_open
                    && let Some(d) = discrepancies::by_job_kind(c, job_id, kind)?
                {
                    let res = [
                        Resolution::RemedialCallback,
                        Resolution::Penalty,
                        Resolution::Note,
                    ][i % 3];
                    discrepancies::resolve(
                        c,
                        d.id,
                        res,
                        "已与工程师核实",
                        "demo",
                        at + Duration::hours(1),
                    )?;
                }
            }
        }
        let summary = format!("demo (seed {seed}): {} jobs, days reconciled", state.made);
        crate::desk::record(c, "demo", now, "demo", "", summary)?;
        Ok::<_, crate::desk::DeskError>(())
    })?;
    Ok(state.made)
}

/// The morning list to book (`open_jobs`), besides the customers not at
/// home and the re-visits the ordinary jobs leave: a job dispatched
/// yesterday afternoon with no appointment yet, and one booked for
/// yesterday afternoon that nobody visited (its window has passed).
fn to_book(g: &mut Gen) -> Result<()> {
    let e = ENGINEERS;
    let mut job = g.job(Spec {
        day: -1,
        appt_hour: 15,
        engineer: e[2],
        warranty: Warranty::In,
    })?;
    job.received_at = Some(g.at(-1, 16, 20));
    job.appointment_start = None;
    job.appointment_end = None;
    job.requirement = "尽快上门".into();
    g.insert(&job)?;
    let job = g.job(Spec {
        day: -1,
        appt_hour: 15,
        engineer: e[4],
        warranty: Warranty::Out,
    })?;
    g.insert(&job)?;
    Ok(())
}

/// Three days ago an untested repair left the customer unsatisfied; the
/// first re-visit was not sure of the fix and the customer was unsatisfied
/// again; the second re-visit fixed it yesterday, card signed: a chain of
/// three jobs that ends satisfied, for the supervisor's re-visit chains.
fn revisit_chain(g: &mut Gen) -> Result<()> {
    use CallbackResult as R;
    use Outcome::*;
    let job = g.job(Spec {
        day: -3,
        appt_hour: 9,
        engineer: ENGINEERS[3],
        warranty: Warranty::In,
    })?;
    let id = g.insert(&job)?;
    let unhappy = |c: &mut Card| c.satisfaction = Some(Satisfaction::Unsatisfied);
    let v = g.visit(id, &job, FixedUntested, g.at(-3, 9, 10), 50)?;
    g.card(id, &job, &v, g.at(-3, 16, 0), unhappy)?;
    g.callback(&job, R::Unsatisfied, g.at(-3, 11, 30))?;
    let steps = [
        (-2, Unsure, ENGINEERS[0], Some(R::Unsatisfied)),
        (-1, Fixed, ENGINEERS[0], None),
    ];
    for (n, (day, outcome, engineer, result)) in steps.into_iter().enumerate() {
        let no = crate::domain::job::revisit_job_no(&job.job_no, n);
        let Some(row) = jobs::by_no(g.c, &no)? else {
            return Ok(());
        };
        let mut rj = row.job.clone();
        rj.engineer = engineer.into();
        let v = g.visit(row.id, &rj, outcome, g.at(day, 10, 0), 60)?;
        let tweak = if result.is_some() {
            unhappy
        } else {
            |_: &mut Card| {}
        };
        g.card(row.id, &rj, &v, g.at(day, 16, 0), tweak)?;
        if let Some(r) = result {
            g.callback(&rj, r, g.at(day, 12, 30))?;
        }
    }
    Ok(())
}

/// The hand-made situations: every outcome, every callback state, every
/// discrepancy kind, jobs to verify and a conflict. Returns how many jobs.
fn scripted(g: &mut Gen, budget: usize) -> Result<usize> {
    use CallbackResult as R;
    use Outcome::*;
    let now = g.s.now;
    let start = g.s.made;
    let e = ENGINEERS;
    let ago = |m: i64| now - Duration::minutes(m);
    macro_rules! stop {
        () => {
            if g.s.made - start >= budget {
                return Ok(g.s.made - start);
            }
        };
    }
    // Today, relative to now: callbacks pending, due soon, overdue.
    let timeline: &[(Outcome, i64, usize)] = &[
        (FixedUntested, 60, 0),  // 2 h callback due in 1 h
        (FixedUntested, 100, 1), // due in 20 min: due soon
        (Consulted, 180, 2),     // overdue by 1 h
        (Unsure, 170, 3),        // 3 h callback due in 10 min
        (Unsure, 250, 4),        // overdue, customer unreachable twice
        (Fixed, 240, 5),         // card not back yet
        (Pulled, 200, 0),        // loaner left, return in 3 days
        (NotHome, 90, 1),        // note left: needs a new appointment
    ];
    // Engineers work from 08:00: a demo made early in the morning has its
    // day's visits between 08:00 and now, never in the night.
    let opening = g.at(0, 8, 0);
    let in_hours = |t: Ts, i: i64| t.max(opening + Duration::minutes(5 * i)).min(now);
    for (i, &(outcome, minutes_ago, eng)) in timeline.iter().enumerate() {
        stop!();
        let arrived = in_hours(ago(minutes_ago + 40), i as i64);
        let mut job = g.job(Spec {
            day: 0,
            appt_hour: 8,
            engineer: e[eng],
            warranty: if i % 3 == 2 {
                Warranty::Out
            } else {
                Warranty::In
            },
        })?;
        job.appointment_start = Some(arrived - Duration::minutes(if i == 5 { 70 } else { 30 }));
        job.appointment_end = Some(arrived - Duration::minutes(if i == 5 { 30 } else { 0 }));
        let id = g.insert(&job)?;
        // Never finished after now (a demo made early in the morning).
        let finish =
            if outcome == Consulted { 0 } else { 40 }.min((now - arrived).num_minutes().max(0));
        g.visit(id, &job, outcome, arrived, finish)?;
        if i == 4 {
            let after = |m: i64| ago(m).max(arrived + Duration::minutes(60 - m)).min(now);
            g.callback(&job, R::Unreachable, after(60))?;
            g.callback(&job, R::Unreachable, after(20))?;
        }
    }
    // Today: a reschedule and a cancellation.
    for outcome in [Rescheduled, Cancelled] {
        stop!();
        let job = g.job(Spec {
            day: 0,
            appt_hour: 15,
            engineer: e[2],
            warranty: Warranty::In,
        })?;
        let id = g.insert(&job)?;
        let mut v = Visit {
            job_no: job.job_no.clone(),
            outcome: Some(outcome),
            note: if outcome == Rescheduled {
                "客户临时有事，改约明天上午".into()
            } else {
                "客户已自行解决".into()
            },
            ..Visit::default()
        };
        if outcome == Rescheduled {
            v.new_appointment_start = Some(g.at(1, 9, 0));
            v.new_appointment_end = Some(g.at(1, 11, 0));
        }
        apply_visit(g.c, &g.s.zone, id, &v, "demo", now)?;
    }
    // Today, still to come: two of 李明's windows overlap; one job is
    // missing its address, one has a wrong-looking phone, one lacks the model.
    for (hour, eng, blank) in [
        (18, 1, ""),
        (18, 1, "address"),
        (19, 3, "phone"),
        (20, 4, "product_model"),
    ] {
        stop!();
        let mut job = g.job(Spec {
            day: 0,
            appt_hour: hour,
            engineer: e[eng],
            warranty: Warranty::In,
        })?;
        job.appointment_start =
            Some(now.max(g.at(0, 8, 0)) + Duration::minutes(30 * i64::from(hour - 17)));
        job.appointment_end = job.appointment_start.map(|s| s + Duration::minutes(90));
        match blank {
            "address" => job.address.clear(),
            "phone" => job.phone = "1381234".into(),
            "product_model" => {
                job.product_model.clear();
                job.purchase_date = None;
            }
            _ => {}
        }
        g.insert(&job)?;
    }
    // A late arrival today (40 minutes past the window), card back signed.
    stop!();
    {
        let mut job = g.job(Spec {
            day: 0,
            appt_hour: 9,
            engineer: e[5],
            warranty: Warranty::Out,
        })?;
        let arrived = in_hours(ago(300), 0);
        job.appointment_start = Some(arrived - Duration::minutes(100));
        job.appointment_end = Some(arrived - Duration::minutes(40));
        let id = g.insert(&job)?;
        let v = g.visit(
            id,
            &job,
            Fixed,
            arrived,
            45.min((now - arrived).num_minutes()),
        )?;
        g.card(
            id,
            &job,
            &v,
            ago(120).max(arrived + Duration::minutes(50)).min(now),
            |_| {},
        )?;
    }
    // Yesterday: one job per discrepancy kind, reconciled at the cut-off.
    type Tweak = fn(&mut Card);
    let kinds: &[(DiscrepancyKind, Warranty, Option<Tweak>)] = &[
        (DiscrepancyKind::CardMissing, Warranty::In, None),
        (
            DiscrepancyKind::SignatureMissing,
            Warranty::In,
            Some(|c| c.signed_by = Some(SignedBy::Nobody)),
        ),
        (
            DiscrepancyKind::SignatureSuspect,
            Warranty::In,
            Some(|c| c.signed_by = Some(SignedBy::Engineer)),
        ),
        (
            DiscrepancyKind::WarrantyRecordMissing,
            Warranty::In,
            Some(|c| c.warranty_record = Some(false)),
        ),
        (
            DiscrepancyKind::SatisfactionConflict,
            Warranty::In,
            Some(|_| {}),
        ),
        (
            DiscrepancyKind::ChargeMismatch,
            Warranty::Out,
            Some(|c| c.charge = c.charge.map(|x| x + 5000)),
        ),
        (
            DiscrepancyKind::SignatureSuspect,
            Warranty::In,
            Some(|_| {}),
        ),
    ];
    for (i, (kind, warranty, tweak)) in kinds.iter().enumerate() {
        stop!();
        let job = g.job(Spec {
            day: -1,
            appt_hour: 9 + i as u32,
            engineer: e[i % e.len()],
            warranty: *warranty,
        })?;
        let id = g.insert(&job)?;
        let arrived = g.at(-1, 9 + i as u32, 20);
        let outcome = if *kind == DiscrepancyKind::SatisfactionConflict || i == 6 {
            FixedUntested
        } else {
            Fixed
        };
        let v = g.visit(id, &job, outcome, arrived, 50)?;
        if let Some(t) = tweak {
            g.card(id, &job, &v, g.at(-1, 16, 30), *t)?;
        }
        if *kind == DiscrepancyKind::SatisfactionConflict {
            g.callback(&job, R::Unsatisfied, arrived + Duration::minutes(170))?;
        }
        if i == 6 {
            g.callback(&job, R::DeniesSignature, arrived + Duration::minutes(165))?;
        }
    }
    // Earlier: a loaner return now overdue, and an owed invoice.
    stop!();
    {
        let job = g.job(Spec {
            day: -5,
            appt_hour: 10,
            engineer: e[3],
            warranty: Warranty::In,
        })?;
        let id = g.insert(&job)?;
        let v = g.visit(id, &job, Pulled, g.at(-5, 10, 10), 60)?;
        g.card(id, &job, &v, g.at(-5, 16, 0), |_| {})?;
    }
    stop!();
    {
        let job = g.job(Spec {
            day: -2,
            appt_hour: 14,
            engineer: e[4],
            warranty: Warranty::Out,
        })?;
        let id = g.insert(&job)?;
        let mut v = Visit {
            job_no: job.job_no.clone(),
            engineer: job.engineer.clone(),
            arrived_at: Some(g.at(-2, 14, 5)),
            finished_at: Some(g.at(-2, 15, 0)),
            outcome: Some(Fixed),
            charge: Some(18000),
            receipt_no: "SJ20261121".into(),
            invoice_owed: Some(true),
            note: "发票约定下次送达".into(),
            ..Visit::default()
        };
        apply_visit(g.c, &g.s.zone, id, &v, "demo", now)?;
        v.charge = Some(18000);
        g.card(id, &job, &v, g.at(-2, 16, 0), |_| {})?;
    }
    Ok(g.s.made - start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_unix;
    use crate::store::Store;

    /// A demo made early in the morning has its day's visits in working
    /// hours and none after now (nothing that cannot have happened).
    #[test]
    fn a_morning_demo_visits_from_eight_and_never_after_now() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = Zone::parse("+08:00").unwrap();
        let now = from_unix(1_795_394_460); // 2026-11-23 08:41 +08:00
        fill(&mut d, &DemoOptions::default(), now).unwrap();
        let (day_start, _) = d.zone.day_bounds(d.zone.date_of(now));
        let c = d.store.conn();
        let (night, future): (i64, i64) = c
            .query_row(
                "SELECT count(*) FILTER (WHERE arrived_at >= ?1 AND arrived_at < ?1 + 8 * 3600),
                        count(*) FILTER (WHERE coalesce(finished_at, arrived_at) > ?2)
                 FROM visits",
                [day_start.timestamp(), now.timestamp()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((night, future), (0, 0));
    }

    /// A database whose branch was set before the demo stays that branch's:
    /// every job of the demo is of it.
    #[test]
    fn a_demo_is_of_the_branch_already_set() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = Zone::parse("+08:00").unwrap();
        d.store
            .write(|c| settings::set(c, settings::BRANCH, "QD-CY"))
            .unwrap();
        fill(&mut d, &DemoOptions::default(), from_unix(1_795_413_600)).unwrap();
        assert_eq!(d.branch().unwrap().as_deref(), Some("QD-CY"));
        let other: i64 = d
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM jobs WHERE branch <> 'QD-CY'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(other, 0);
    }

    /// The bulk path's derived state is what the rules derive from the rows
    /// it wrote, and each earlier day's reconciliation, run again, finds
    /// nothing it had not found.
    #[test]
    fn the_bulk_path_agrees_with_the_rules() {
        let mut d = Desk::new(Store::open_in_memory().unwrap(), "clerk").unwrap();
        d.zone = Zone::parse("+08:00").unwrap();
        let now = from_unix(1_795_413_600); // 2026-11-23 14:00 +08:00
        let opts = DemoOptions {
            jobs: 3000,
            days: 40,
            seed: 3,
            backlog: 100,
        };
        assert_eq!(fill(&mut d, &opts, now).unwrap(), 3000);
        let c = d.store.conn();
        let ids: Vec<i64> = c
            .prepare("SELECT id FROM jobs")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for id in ids {
            let job = jobs::by_id(c, id).unwrap();
            let facts = jobs::facts(c, &job).unwrap();
            assert_eq!(job.status, job_status(&facts), "{}", job.job.job_no);
            if job.origin != "revisit" {
                let card = card_state(facts.visited(), facts.card.as_ref());
                assert_eq!(job.card_state, card, "{}", job.job.job_no);
            }
        }
        let today = d.zone.date_of(now);
        for back in 1..=40 {
            let r = d.reconcile(today - Duration::days(back), now).unwrap();
            let new: Vec<_> = r.found.iter().filter(|f| f.new).collect();
            assert!(new.is_empty(), "day -{back}: {new:?}");
        }
        let s = d
            .status(now.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()))
            .unwrap();
        // The backlog is open; old loaners and invoices are settled.
        assert!(
            s.callbacks_pending.len() > 20,
            "{}",
            s.callbacks_pending.len()
        );
        assert!(s.cards_awaiting_signature.len() > 60);
        let today = d.zone.date_of(now);
        assert!(s.loaner_returns.iter().all(|r| {
            r.return_due
                .is_some_and(|d| d > today - Duration::days(SETTLED_AFTER_DAYS))
        }));
    }
}
