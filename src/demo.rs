//! Demo data that looks real to a Chinese branch clerk: Qingdao addresses,
//! Haier-like models, and a day with every situation of the SPEC present.
//! Everything goes through the same rules as real input, in one transaction.

use crate::desk::import::apply_visit;
use crate::desk::ops::{log_callback_in, reconcile_in};
use crate::desk::{Desk, Result, refresh};
use crate::domain::callback::CallbackResult;
use crate::domain::card::{Card, Satisfaction, SignedBy};
use crate::domain::job::{Job, Warranty, to_verify};
use crate::domain::reconcile::{DiscrepancyKind, Resolution};
use crate::domain::status::JobStatus;
use crate::domain::time::{Ts, Zone};
use crate::domain::visit::{Outcome, Visit};
use crate::store::{cards, discrepancies, jobs, settings};
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
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            jobs: DEFAULT_JOBS,
            days: DEFAULT_DAYS,
            seed: 1,
        }
    }
}

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

struct Gen<'a> {
    c: &'a Connection,
    rng: Rng,
    zone: Zone,
    today: NaiveDate,
    now: Ts,
    seq: u32,
    made: usize,
    branch: &'a str,
}

/// One job as the generator wants it.
struct Spec {
    day: i64,
    appt_hour: u32,
    engineer: &'static str,
    warranty: Warranty,
}

impl Gen<'_> {
    fn at(&self, day: i64, hour: u32, minute: u32) -> Ts {
        let date = self.today + Duration::days(day);
        self.zone.at(
            date,
            NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or(NaiveTime::MIN),
        )
    }

    fn phone(&mut self) -> String {
        if self.rng.chance(12) {
            format!("0532-8{:07}", self.rng.below(10_000_000))
        } else {
            let p = *self.rng.pick(&["13", "15", "18", "17", "19", "139", "186"]);
            let len = 11 - p.len();
            format!("{p}{:0len$}", self.rng.below(10u64.pow(len as u32)))
        }
    }

    fn job(&mut self, s: Spec) -> Result<Job> {
        self.seq += 1;
        let date = self.today + Duration::days(s.day);
        let (models, faults) = *self.rng.pick(PRODUCTS);
        let start = self.at(s.day, s.appt_hour, 0);
        let job = Job {
            job_no: format!("{}{:04}", date.format("%y%m%d"), self.seq),
            branch: self.branch.into(),
            received_at: Some(start - Duration::hours(18 + self.rng.below(6) as i64)),
            customer: format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN)),
            phone: self.phone(),
            address: format!(
                "青岛市{}{}{}号{}号楼{}单元{}",
                self.rng.pick(DISTRICTS),
                self.rng.pick(ROADS),
                1 + self.rng.below(300),
                1 + self.rng.below(30),
                1 + self.rng.below(4),
                100 * (1 + self.rng.below(18)) + 1 + self.rng.below(4)
            ),
            product_model: self.rng.pick(models).to_string(),
            purchase_date: Some(date - Duration::days(60 + self.rng.below(2000) as i64)),
            fault: self.rng.pick(faults).to_string(),
            requirement: self.rng.pick(REQUIREMENTS).to_string(),
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
            self.now,
        )?;
        self.made += 1;
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
        let charge = (job.warranty == Some(Warranty::Out) && outcome != Outcome::Consulted)
            .then(|| [8000, 12000, 15000, 26000][self.rng.below(4) as usize]);
        let timed = !matches!(outcome, Outcome::Rescheduled | Outcome::Cancelled);
        let v = Visit {
            job_no: job.job_no.clone(),
            engineer: job.engineer.clone(),
            arrived_at: (timed && outcome != Outcome::Consulted).then_some(arrived),
            finished_at: timed.then_some(arrived + Duration::minutes(minutes)),
            outcome: Some(outcome),
            charge,
            receipt_no: charge
                .map(|_| format!("SJ{:08}", self.rng.below(100_000_000)))
                .unwrap_or_default(),
            invoice_owed: charge.map(|_| self.rng.chance(15)),
            return_due: (outcome == Outcome::Pulled)
                .then(|| self.zone.date_of(arrived) + Duration::days(3)),
            new_appointment_start: None,
            new_appointment_end: None,
            note: String::new(),
        };
        apply_visit(self.c, id, &v, "demo", self.now)?;
        Ok(v)
    }

    fn card(
        &mut self,
        id: i64,
        job: &Job,
        v: &Visit,
        returned: Ts,
        tweak: impl FnOnce(&mut Card),
    ) -> Result<()> {
        let mut card = Card {
            job_no: job.job_no.clone(),
            returned_at: Some(returned),
            satisfaction: Some(Satisfaction::Satisfied),
            signed_by: Some(if self.rng.chance(85) {
                SignedBy::Customer
            } else {
                SignedBy::Family
            }),
            warranty_record: Some(job.warranty == Some(Warranty::In)),
            charge: v.charge,
            receipt_no: v.receipt_no.clone(),
        };
        tweak(&mut card);
        cards::insert(self.c, id, &card, self.now)?;
        refresh(self.c, id)
    }

    fn callback(&mut self, job: &Job, result: CallbackResult, at: Ts) -> Result<()> {
        log_callback_in(self.c, &job.job_no, result, "", "demo", at.min(self.now))?;
        Ok(())
    }

    /// A job of an earlier day, carried through an ordinary life.
    fn ordinary_past(&mut self, day: i64) -> Result<()> {
        let engineer = *self.rng.pick(ENGINEERS);
        let warranty = if self.rng.chance(75) {
            Warranty::In
        } else {
            Warranty::Out
        };
        let hour = 8 + self.rng.below(9) as u32;
        let job = self.job(Spec {
            day,
            appt_hour: hour,
            engineer,
            warranty,
        })?;
        let id = self.insert(&job)?;
        let roll = self.rng.below(100);
        let outcome = match roll {
            0..=64 => Outcome::Fixed,
            65..=74 => Outcome::FixedUntested,
            75..=79 => Outcome::Unsure,
            80..=87 => Outcome::Consulted,
            88..=90 => Outcome::Pulled,
            91..=95 => Outcome::NotHome,
            _ => Outcome::Cancelled,
        };
        let (minute, delay, work) = (
            self.rng.below(60) as u32,
            self.rng.below(100) as i64,
            30 + self.rng.below(60) as i64,
        );
        let arrived = self.at(day, hour, minute) + Duration::minutes(delay);
        let v = self.visit(id, &job, outcome, arrived, work)?;
        if outcome.callback().is_some() {
            let due = arrived + Duration::hours(2);
            let result = if self.rng.chance(6) {
                CallbackResult::Unsatisfied
            } else {
                CallbackResult::Satisfied
            };
            let early = Duration::minutes(self.rng.below(40) as i64);
            self.callback(&job, result, due - early)?;
        }
        if outcome.is_visited() && self.rng.chance(96) {
            let minute = self.rng.below(59) as u32;
            let returned = self.at(day, 16, minute);
            self.card(id, &job, &v, returned, |_| {})?;
        }
        Ok(())
    }

    /// A job of today, not visited yet or visited in an ordinary way.
    fn ordinary_today(&mut self) -> Result<()> {
        let engineer = *self.rng.pick(ENGINEERS);
        let warranty = if self.rng.chance(75) {
            Warranty::In
        } else {
            Warranty::Out
        };
        let hour = 8 + self.rng.below(10) as u32;
        let job = self.job(Spec {
            day: 0,
            appt_hour: hour,
            engineer,
            warranty,
        })?;
        let id = self.insert(&job)?;
        let start = job.appointment_start.unwrap_or(self.now);
        if start + Duration::hours(3) < self.now && self.rng.chance(80) {
            let v = self.visit(id, &job, Outcome::Fixed, start + Duration::minutes(20), 50)?;
            if self.rng.chance(70) {
                self.card(id, &job, &v, start + Duration::hours(3), |_| {})?;
            }
        }
        Ok(())
    }
}

/// Fills an empty database; returns the number of jobs made.
pub fn fill(desk: &mut Desk, opts: &DemoOptions, now: Ts) -> Result<usize> {
    fill_branch(desk, opts, DEMO_BRANCH, now)
}

/// [`fill`] for a branch of another code (the center's demo has several).
pub fn fill_branch(desk: &mut Desk, opts: &DemoOptions, branch: &str, now: Ts) -> Result<usize> {
    let zone = desk.zone;
    let cutoff = desk.cutoff;
    // Whole minutes: a clerk's times read 10:35, not 10:35:36.
    let now = crate::domain::time::from_unix(now.timestamp().div_euclid(60) * 60);
    let today = zone.date_of(now);
    desk.store.write(|c| {
        settings::set(c, settings::BRANCH, branch)?;
        let mut g = Gen {
            c,
            rng: Rng::new(opts.seed),
            zone,
            today,
            now,
            seq: 0,
            made: 0,
            branch,
        };
        let scripted = scripted(&mut g, opts.jobs)?;
        let rest = opts.jobs.saturating_sub(scripted);
        let days = i64::from(opts.days.max(1));
        // About one in `days` of the rest is today's; the others spread back.
        for i in 0..rest {
            let day = -((i as i64 * 7919) % days);
            if day == 0 {
                g.ordinary_today()?;
            } else {
                g.ordinary_past(day)?;
            }
        }
        // A customer who needed two re-visits until satisfied (made last,
        // so that every other job keeps its number and its data).
        if opts.jobs >= 20 && days >= 4 {
            revisit_chain(&mut g)?;
        }
        // Earlier days were reconciled at their cut-off, and most of what
        // they found was dealt with; yesterday's is still open.
        for back in (1..=days).rev() {
            let date = today - Duration::days(back);
            let report = reconcile_in(c, &zone, cutoff, date, zone.at(date, cutoff))?;
            if back >= 2 {
                for (i, f) in report.found.iter().enumerate() {
                    if i % 4 != 0
                        && let Some(job) = jobs::by_no(c, &f.job_no)?
                        && let Some(d) = discrepancies::by_job_kind(c, job.id, f.kind)?
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
                            zone.at(date, cutoff) + Duration::hours(1),
                        )?;
                    }
                }
            }
        }
        let summary = format!("demo data: {} jobs (seed {})", g.made, opts.seed);
        crate::desk::record(c, "demo", now, "demo", "", summary)?;
        Ok(g.made)
    })
}

/// The hand-made situations: every outcome, every callback state, every
/// discrepancy kind, jobs to verify and a conflict. Returns how many jobs.
fn scripted(g: &mut Gen, budget: usize) -> Result<usize> {
    use CallbackResult as R;
    use Outcome::*;
    let now = g.now;
    let start = g.made;
    let e = ENGINEERS;
    let ago = |m: i64| now - Duration::minutes(m);
    macro_rules! stop {
        () => {
            if g.made - start >= budget {
                return Ok(g.made - start);
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
    for (i, &(outcome, minutes_ago, eng)) in timeline.iter().enumerate() {
        stop!();
        let arrived = ago(minutes_ago + 40);
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
        let finish = if outcome == Consulted { 0 } else { 40 };
        g.visit(id, &job, outcome, arrived, finish)?;
        if i == 4 {
            g.callback(&job, R::Unreachable, ago(60))?;
            g.callback(&job, R::Unreachable, ago(20))?;
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
        apply_visit(g.c, id, &v, "demo", now)?;
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
        let arrived = ago(300);
        job.appointment_start = Some(arrived - Duration::minutes(100));
        job.appointment_end = Some(arrived - Duration::minutes(40));
        let id = g.insert(&job)?;
        let v = g.visit(id, &job, Fixed, arrived, 45)?;
        g.card(id, &job, &v, ago(120), |_| {})?;
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
        apply_visit(g.c, id, &v, "demo", now)?;
        v.charge = Some(18000);
        g.card(id, &job, &v, g.at(-2, 16, 0), |_| {})?;
    }
    Ok(g.made - start)
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
