//! Every user-facing string of the screens, in Chinese and English. Fixed
//! texts are the `T` keys (the compiler makes sure that each has both
//! languages); texts with values use `{}` placeholders filled by [`fill`];
//! the SPEC's codes get labels from [`code`] and [`code_short`] (the codes
//! themselves stay the contract: JSON and CSV never see these labels).

use std::fmt::Display;

mod center;

/// The language of the screens and messages (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

macro_rules! texts {
    ($($name:ident => $en:expr, $zh:expr;)+) => {
        /// A fixed text of the screens.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($name),+ }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$name),+];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$name, Lang::En) => $en, (T::$name, Lang::Zh) => $zh,)+
                }
            }
        }
    };
}

texts! {
    // Header
    AppName => "branchdesk", "网点信息员工作台";
    Branch => "branch", "网点";
    Clerk => "clerk", "信息员";
    CountToday => "today {}", "今日 {}";
    CountCallbacks => "callbacks {}", "待回访 {}";
    CountOverdue => " ({} overdue)", "（超时 {}）";
    CountCards => "cards {}", "待签卡 {}";
    CountDiscrepancies => "discrep. {}", "差异 {}";
    CountVerify => "to check {}", "核实跟进 {}";
    CountConflicts => "clashes {}", "预约冲突 {}";
    CountInvoices => "invoices owed {}", "欠发票 {}";
    CountLoaners => "loaners late {}", "周转机超期 {}";
    FilterShown => "filter: {}", "筛选：{}";
    Refreshing => "refreshing…", "正在刷新…";
    TooSmall => "Terminal too small: {}×{}. branchdesk needs at least {}×{}; enlarge the window (q quits).", "终端窗口太小：{}×{}。至少需要 {}×{}，请放大窗口（按 q 退出）。";

    // The center clerk's screen
    CenterName => "branchdesk center", "服务中心工作台";
    CenterDay => "day", "日期";
    CenterCheckTimes => "check times {}", "检查时刻 {}";
    CenterNextCheck => "next check {} in {}", "下次检查 {}，还有 {}";
    CenterNoMoreChecks => "no more checks today", "今日检查已结束";
    CenterPastDay => "a past day", "往日";
    CenterCounts => "{} branches", "网点 {} 个";
    CenterCountMissing => "missing {}", "缺报 {}";
    CenterCountLate => "late {}", "迟报 {}";
    CenterCountDisc => "open discrepancies {}", "未处理差异 {}";
    CenterCountOverdue => "callbacks overdue {}", "超时回访 {}";
    CenterTable => "Branches, worst first", "网点（问题多的在前）";
    CenterNoBranches => "No branches yet: import reports (i) or add one (branchdesk center branches add CODE).", "还没有网点：导入日报（i）或添加网点（branchdesk center branches add 代码）。";
    ColBranch => "branch", "网点";
    ColBranchName => "name", "名称";
    ColReport => "report", "日报";
    ColJobs => "jobs", "单数";
    ColDone => "done", "完成";
    ColCbPending => "cb", "待访";
    ColCbOverdue => "cb late", "超时";
    ColUnsatisfied => "unsat", "不满";
    ColOpenDisc => "disc", "差异";
    ColOwed => "inv", "欠票";
    ColBacklog => "open", "未结";
    ColReportState => "state", "日报状态";
    CenterNotReconciled => "not recon.", "未对账";
    CenterBeforeCutoff => "early", "截止前";
    CenterFinal => "final", "终版";
    CenterReconciledAt => "reconciled {}", "{} 已对账";
    CenterReconciliationNotRun => "reconciliation not run", "未运行对账";
    CenterMadeBeforeCutoff => "made before the {} cut-off", "在 {} 截止前生成";
    CenterMadeFinal => "made after the {} cut-off", "在 {} 截止后生成";
    CenterBacklog => "Still open", "未结事项";
    CenterNothingOpen => "nothing open", "无未结事项";
    CenterHelpNotReconciled => "the branch had not reconciled the day when it exported", "网点导出日报时尚未运行当日对账";
    CenterHelpBeforeCutoff => "the report was made before the branch's cut-off", "日报生成于网点截止时间之前";
    CenterHelpBacklog => "jobs still open (Enter: by kind)", "未结服务单数（Enter 查看分类）";
    ColComplaintsOpen => "cmpl", "投诉";
    ColOnsiteLate => "24h", "未上门";
    CenterCountComplaints => "complaints {}", "投诉 {}";
    CenterCountOnsite => "on-site late {}", "超时未上门 {}";
    CenterGeneration => "gen {} {}", "第{}版 {}";
    CenterNoReport => "none", "未收到";
    CenterChecked => "checked at {} by {}", "{} 由 {} 检查";
    CenterNotChecked => "not checked at {} yet", "{} 尚未检查";
    CenterSelected => "{}: {}", "{}：{}";
    CenterDetailTitle => "{} {} — report of {}", "{} {} — {} 日报";
    CenterDetailReport => "generation {}, generated {} (first {}), imported {}, {} rows", "第 {} 版，生成于 {}（首版 {}），导入于 {}，共 {} 行";
    CenterDetailNoReport => "No report of this day has arrived.", "本日日报尚未收到。";
    CenterDetailDisc => "Open discrepancies", "未处理差异";
    CenterDetailJobs => "Jobs in the report", "日报中的服务单";
    CenterFigures => "At export", "导出时";
    CenterMore => "↓ {} more lines · {}/{} · ↑↓ PgUp PgDn Home End", "↓ 还有 {} 行 · {}/{} · ↑↓ PgUp PgDn Home End";
    CenterEnd => "end of the report · {} lines · ↑ PgUp Home", "日报到此为止 · 共 {} 行 · ↑ PgUp Home";
    CenterCheckTitle => "Mark {} checked at the {} check", "登记 {} 已于 {} 检查";
    CenterCheckNote => "note", "备注";
    CenterCheckHint => "Enter saves, Esc cancels", "Enter 保存，Esc 取消";
    MsgCenterChecked => "{}: checked at the {} check.", "{}：已登记 {} 检查。";
    MsgCenterImported => "Imported from {}: {} new, {} unchanged, {} rejected.", "从 {} 导入：新 {} 份，未变 {} 份，拒收 {} 份。";
    MsgCenterNoDir => "No reports folder yet: run branchdesk center import DIR once.", "尚未设置日报目录：先运行一次 branchdesk center import 目录。";
    CenterRejected => "rejected {}: {}", "拒收 {}：{}";
    CenterSkipped => "skipped {}", "已跳过 {}";
    CenterHelpMove => "move between branches", "在网点间移动";
    CenterHelpEnter => "the branch's jobs and discrepancies", "查看网点的服务单与差异";
    CenterHelpCheck => "mark the branch checked at this check time", "登记本次检查已核对该网点";
    CenterHelpImport => "import the reports folder now", "立即导入日报目录";
    CenterHelpDay => "previous / next day", "前一天 / 后一天";
    CenterHelpToday => "back to today", "回到今天";
    CenterKeyMove => "move", "移动";
    CenterKeyOpen => "report", "详情";
    CenterKeyCheck => "checked", "登记检查";
    CenterKeyImport => "import", "导入";
    CenterKeyDay => "day", "换日";
    CenterKeyToday => "today", "今天";
    CenterKeyHelp => "help", "帮助";
    CenterKeyQuit => "quit", "退出";
    CenterHelpStates => "States at a check time", "检查时刻的状态";
    CenterHelpOnTime => "a report came at or before the check", "检查前已收到日报";
    CenterHelpLate => "the first report came after the check", "首版日报在检查后才到";
    CenterHelpMissing => "no report, and the check has passed", "检查已过仍未收到";
    CenterHelpPending => "the check is still ahead", "检查时刻未到";

    // Panels
    PanelJobs => "Today's jobs", "今日服务单";
    PanelCallbacks => "Callbacks pending", "待回访";
    PanelCards => "Cards awaiting signature", "待签收监督卡";
    PanelDiscrepancies => "Discrepancies", "对账差异";
    PanelVerify => "To verify and follow up", "待核实与跟进";
    PanelBook => "To book: waiting for an appointment or a visit", "待预约：等待预约或上门";
    ColWhy => "why", "原因";
    ColWaiting => "waiting", "已等待";
    ColSince => "since", "起始";
    CountBook => "to book {}", "待预约 {}";
    KeyBook => "to book", "待预约";
    WaitedDays => "{}d {}h", "{}天{}小时";
    WaitedHours => "{}h {}m", "{}小时{}分";
    Empty => "nothing here", "暂无";
    EmptyFiltered => "nothing matches the filter", "没有符合筛选的项";

    // Columns
    ColJob => "job", "服务单号";
    ColAppt => "appt", "预约";
    ColEngineer => "engineer", "工程师";
    ColCustomer => "customer", "用户";
    ColPhone => "phone", "电话";
    ColModel => "model", "型号";
    ColStatus => "status", "状态";
    ColOutcome => "outcome", "上门结果";
    ColCallback => "callback", "回访";
    ColMarks => "marks", "标记";
    ColKind => "kind", "类型";
    ColDue => "due", "时限";
    ColTries => "tries", "次数";
    ColCard => "card", "监督卡";
    ColVisited => "visited", "上门时间";
    ColState => "state", "处理";
    ColDetail => "detail", "说明";
    ColWhat => "what", "事项";

    // Countdown and marks
    DueIn => "due in {}", "{}后到期";
    OverdueBy => "overdue {}", "超时 {}";
    MarkLate => "late {}m", "迟到{}分";
    MarkInvoice => "inv owed", "欠发票";
    MarkLoaner => "loaner late", "周转超期";
    MarkConflict => "clash", "冲突";
    MarkCauseGone => "cause gone", "原因已消";
    VerifyMissing => "missing: {}", "缺：{}";
    VerifyConflict => "overlap ×{} {}{}–{} {}: {}", "预约冲突×{} {}{}–{} {}：{}";
    VerifyInvoice => "invoice owed, receipt {}", "欠发票，收据 {}";
    VerifyLoaner => "loaner return due {}", "周转机应于 {} 归还";
    VerifyLoanerLate => "loaner return overdue since {}", "周转机 {} 起超期未还";

    // Footer
    KeyHelp => "help", "帮助";
    KeyQuit => "quit", "退出";
    KeyMove => "move", "移动";
    KeyPanel => "panel", "切换";
    KeyDetail => "detail", "详情";
    KeyFeedback => "feedback", "回访结果";
    KeyCard => "card", "收卡";
    KeyVisit => "visit", "上门结果";
    KeyResolve => "resolve", "处理差异";
    KeyReconcile => "reconcile", "对账";
    KeyNewJob => "new job", "新建";
    KeyFilter => "filter", "筛选";
    KeyVerify => "to verify", "待核实";
    KeyVerified => "verified", "已核实";
    KeyInvoice => "invoice given", "发票已送";
    KeyChart => "chart", "图表";
    KeyExport => "export", "导出";
    KeyClose => "close", "关闭";
    KeyScroll => "scroll", "滚动";
    KeyNextField => "next field", "下一项";
    KeyPickEngineer => "pick engineer", "选工程师";
    KeyChoose => "choose", "选择";
    KeySave => "save", "保存";
    KeyCancel => "cancel", "取消";
    KeyYes => "yes", "是";
    KeyNo => "no", "否";
    KeyDone => "done", "完成";
    KeyClear => "clear", "清除";
    KeyAny => "any key", "任意键";

    // Help overlay
    HelpTitle => "Keys", "按键说明";
    HelpPanels => "next / previous panel", "下/上一个面板";
    HelpNumbers => "jump to a panel", "跳到面板";
    HelpVerify => "to verify / to book lists", "待核实 / 待预约清单";
    HelpMove => "move", "上下移动";
    HelpPage => "page; Home, End/G: ends", "翻页；Home、End/G 首末项";
    HelpEnter => "job detail, timeline", "详情与时间线";
    HelpFeedback => "callback feedback", "登记回访结果";
    HelpCard => "card returned", "登记交回的监督卡";
    HelpVisit => "visit outcome", "登记上门结果";
    HelpResolve => "resolve discrepancy", "处理所选差异";
    HelpReconcile => "reconcile today", "运行今日对账";
    HelpNewJob => "new job by hand", "手工新建服务单";
    HelpFilter => "filter all panels", "筛选全部面板";
    HelpVerified => "verified with dispatch", "已与派工核实";
    HelpInvoice => "invoice delivered", "欠发票已送达";
    HelpChart => "14-day callback chart", "近14天回访图";
    HelpExport => "export daily report", "导出日报";
    HelpHelp => "this help", "本帮助";
    HelpEsc => "close / clear filter", "关闭 / 清除筛选";
    HelpQuit => "quit", "退出";
    HelpMoreBelow => "↓ more: j", "↓ 还有：j";
    HelpMoreAbove => "↑ more: k", "↑ 还有：k";
    HelpFormsTitle => "In a form", "表单中";
    HelpFormTab => "next / previous field", "下/上一项";
    HelpFormDigit => "pick by number", "按序号选值";
    HelpFormChoose => "choose a value", "选择取值";
    HelpFormErase => "erase to start / word", "删至开头 / 删一词";
    HelpFormPick => "next/previous engineer", "下/上一个工程师";
    HelpFormTime => "today; MM-DD HH:MM", "当天；或 MM-DD HH:MM";
    HelpFormEnter => "save (one transaction)", "保存（一次事务）";
    HelpFormEsc => "cancel (twice if typed)", "取消（有输入时按两次）";
    HelpMarksTitle => "Colours and marks", "颜色与标记";
    HelpMarkDue => "due soon (75 % gone)", "即将到期（已过75%）";
    HelpMarkOverdue => "overdue", "已超时";
    HelpMarkLate => "arrived > 15 min late", "迟到超过15分钟";
    HelpMarkInvoice => "invoice not delivered", "约定再送的发票未送";
    HelpMarkLoaner => "loaner return overdue", "周转机超期未还";
    HelpMarkConflict => "clashes with the engineer's other appointment", "与该工程师的其他预约冲突";
    HelpMarkGone => "cause gone; you resolve", "原因已消除，仍需处理";

    // Complaints and the on-site commitment
    LabelSource => "source", "来源";
    LabelCategory => "category", "类别";
    FormComplaint => "New complaint", "登记投诉";
    FormComplaintJob => "New complaint on {}", "登记投诉：{}";
    FormComplaintRespond => "Answer complaint {}", "答复投诉 {}";
    FormComplaintSettle => "Settle complaint {}", "投诉 {} 结案";
    ComplaintsTitle => "Complaints", "投诉";
    OnsiteTitle => "Not on site within the promise", "超时未上门";
    ColNo => "no.", "编号";
    ColCategory => "category", "类别";
    ColSource => "source", "来源";
    ColDeadline => "deadline", "时限";
    ColReceived => "received", "受理";
    ColOnsiteDue => "on site by", "应上门";
    ComplaintAnswer => "answer", "答复";
    DueInDays => "due in {} d", "{}天后到期";
    OverdueDays => "overdue {} d", "超时 {} 天";
    ComplaintSettle => "settle", "结案";
    MarkComplaint => "complaint", "投诉";
    MarkOnsite => "on-site late", "未上门";
    CountComplaints => "complaints {}", "投诉 {}";
    CountComplaintsLate => " ({} unanswered)", "（超时未复 {}）";
    CountOnsite => "on-site late {}", "超时未上门 {}";
    MsgComplaintAdded => "Complaint {} recorded; answer by {}", "投诉 {} 已登记，须于 {} 前答复";
    MsgComplaintResponded => "Complaint {} answered", "投诉 {} 已答复";
    MsgComplaintSettled => "Complaint {} settled: {}", "投诉 {} 已结案：{}";
    MsgComplaintOffer => "press a to open a complaint on {}", "按 a 为 {} 登记投诉";
    MsgSelectComplaint => "Select a complaint first", "请先选择一条投诉";
    ErrNoSuchJob => "no job {}", "没有服务单 {}";
    KeyComplaints => "complaints", "投诉";
    KeyComplaint => "complaint", "登记投诉";
    KeyRespond => "answer", "答复";
    KeySettle => "settle", "结案";
    HelpComplaintsTitle => "In the complaints list", "投诉清单中";
    HelpComplaints => "complaints list", "投诉清单";
    HelpComplaintAdd => "complaint on the job", "为所选服务单登记投诉";
    HelpComplaintRespond => "answer the complaint", "答复所选投诉";
    HelpComplaintSettle => "settle the complaint", "所选投诉结案";
    HelpMarkOnsite => "not on site in 24 h", "24小时内未上门";

    // Supervisor's review
    MarkEscalated => "escalated", "已升级";
    SupItemCallback => "callback", "回访";
    SupItemJob => "job", "服务单";
    TlEscalated => "{} escalated to {} by {}", "{}已升级给 {}（{}）";
    TlAcknowledged => "{} acknowledged by {}", "{}已确认（{}）";
    HelpMarkEscalated => "escalated by a supervisor", "主管已升级处理";
    SupTitle => "supervisor's review", "主管督查";
    SupSupervisor => "supervisor", "主管";
    SupTabOverdue => "Overdue callbacks", "超时回访";
    SupTabForgeries => "Suspected forgeries", "疑似代签";
    SupTabEngineers => "Engineers", "工程师";
    SupTabChains => "Re-visit chains", "二次上门链";
    SupShortOverdue => "Overdue", "超时回访";
    SupShortForgeries => "Forgeries", "疑似代签";
    SupShortEngineers => "Engineers", "工程师";
    SupShortChains => "Re-visits", "二次上门";
    SupShortActed => "Escalated", "升级";
    SupShortCommitments => "Promises", "承诺";
    SupTabActed => "Escalated and acknowledged", "升级与确认";
    SupActedCallback => "callback due {}", "回访（{} 到期）";
    SupActedChain => "re-visit chain", "二次上门链";
    SupContextActed => "item acted on: {} (by {})", "已处理项：{}（{}）";
    SupColBy => "by", "处理人";
    SupColAt => "when", "时间";
    SupPeriod => "{}", "周期：{}";
    SupPeriodToday => "today", "今天";
    SupPeriod7 => "7 days", "近7天";
    SupPeriod30 => "30 days", "近30天";
    SupGroupedBy => "by {}", "按{}分组";
    SupOnly => "only {}", "仅{}";
    SupNoOverdue => "no overdue callback", "没有超时回访";
    SupWhose => "Whose are they", "责任归属";
    SupEscalatedCount => "{} escalated", "已升级 {}";
    SupColOverdue => "overdue", "超时";
    SupColDueAt => "due", "到期";
    SupColEscalation => "escalation", "升级处理";
    SupColWhy => "why", "疑点";
    SupColJobs => "jobs", "单数";
    SupColFirstFix => "1st fix", "一次修复";
    SupColCbOverdue => "cb late", "回访超时";
    SupColOverdueNow => "late now", "当前超时";
    SupColUnsatisfied => "unsat.", "不满意";
    SupColRevisits => "re-visit", "二次上门";
    SupColLate => "late", "迟到";
    SupColDisc => "discr.", "差异";
    SupColComplaints => "cmpl", "投诉";
    SupColOnsite => "24h%", "上门率";
    SupColChain => "chain", "服务单链";
    SupColVisits => "visits", "上门";
    SupStateEscalated => "escalated → {}", "已升级→{}";
    SupStateResolved => "escalated → {}, resolved", "已升级→{}，已处理";
    SupStateAcknowledged => "acknowledged", "已确认";
    SupEscalatedBy => "escalated to {} by {} {}", "已升级给 {}（{}，{}）";
    SupAcknowledgedBy => "acknowledged by {} {}", "已确认（{}，{}）";
    SupResolvedBy => "· resolved by {} {}", "· 已由 {} 处理（{}）";
    SupCardTitle => "Card {} · {}", "监督卡 {} · {}";
    SupCallsTitle => "Callbacks · {} {}", "回访 · {} {}";
    SupNoCard => "no card back", "监督卡未交回";
    SupNoCalls => "no call logged", "尚无回访记录";
    SupMJobs => "jobs", "服务单数";
    SupMFirstFix => "first-visit fix %", "一次修复率";
    SupMCbOverdue => "callbacks overdue", "回访超时";
    SupMOverdueNow => "callbacks overdue now", "当前超时回访";
    SupMUnsatisfied => "unsatisfied customers", "不满意用户";
    SupMRevisits => "re-visits", "二次上门";
    SupMLate => "late > 15 min", "迟到超15分钟";
    SupMDisc => "discrepancies", "对账差异";
    SupMComplaints => "complaints", "投诉";
    SupMOnsite => "on site within the promise", "按时上门率";
    SupCommitments => "Complaints and the on-site promise", "投诉与上门承诺";
    SupComplaintUnanswered => "complaint #{} unanswered", "投诉 #{} 超时未复";
    SupCommitmentsSee => "6 lists them one a line", "按 6 逐条查看";
    SupUnanswered => "complaints unanswered", "投诉超时未复";
    SupOnsiteLate => "not on site in time", "超时未上门";
    SupMore => "+{} more", "另有 {} 项";
    SupSortedBy => "sorted by {}, {}", "按{}排序，{}";
    SupWorstFirst => "worst first", "差的在前";
    SupBestFirst => "best first", "好的在前";
    SupBreakdown => "discrepancies: {}", "差异：{}";
    SupChartTitle => "{} by engineer · {}", "各工程师{} · {}";
    SupChainSatisfied => "satisfied", "已满意";
    SupChainOpen => "not yet", "未满意";
    SupChainTitle => "{} · {} · {}", "{} · {} · {}";
    SupNoVisit => "no visit yet", "尚未上门";
    SupContextCallback => "{} callback of {} ({}), overdue {}", "{}回访 {}（{}），已超时 {}";
    SupContextForgery => "suspected forgery: {} ({})", "疑似代签：{}（{}）";
    SupContextComplaint => "complaint #{} on {} unanswered ({})", "投诉 #{}（{}）超时未复（{}）";
    SupContextOnsite => "{} not visited on site in time ({})", "{} 超时未上门（{}）";
    SupContextChain => "re-visit chain {}: {} jobs", "二次上门链 {}：共 {} 单";
    SupNothingToAct => "Select a callback, a suspect card, a chain or a job not visited in time first (a complaint is answered at the desk).", "请先选中一条回访、疑似代签、二次上门链或超时未上门的服务单（投诉请在工作台答复）。";
    SupDefaultTo => "after-sales manager", "售后经理";
    SupLabelTo => "to whom", "升级给";
    SupFormEscalate => "Escalate · {}", "升级处理 · {}";
    SupFormAcknowledge => "Acknowledge · {}", "确认 · {}";
    SupErrTo => "Say to whom it is escalated.", "请填写升级给谁。";
    ConfirmCancelJob => "Record this job as cancelled?", "确定将此服务单登记为取消？";
    ReconcileNew => "new", "新发现";
    EscAgain => "Esc again throws away what you typed.", "再按 Esc 放弃已输入的内容。";
    SupErrNote => "An acknowledgement needs a note.", "确认需填写备注。";
    SupMsgEscalated => "{}: escalated to {}.", "{}：已升级给 {}。";
    SupMsgAcknowledged => "{}: acknowledged.", "{}：已确认。";
    SupEscalatedTo => "escalated to {}", "已升级给{}";
    SupKeyEscalate => "escalate", "升级";
    SupKeyAcknowledge => "acknowledge", "确认";
    SupKeyGroup => "group", "分组";
    SupKeyEngineer => "engineer only", "只看此工程师";
    SupKeyBranch => "branch only", "只看此网点";
    SupKeyPeriod => "period", "周期";
    SupKeyMeasure => "measure", "指标";
    SupKeyReverse => "reverse", "倒序";
    SupHelpTabs => "next panel / jump to a panel", "切换面板";
    SupHelpEscalate => "escalate the selected item (to whom, note)", "升级所选项（升级给谁、备注）";
    SupHelpAcknowledge => "acknowledge it with a note", "确认所选项（备注）";
    SupHelpGroup => "overdue: group by engineer / branch / none", "超时回访：按工程师/网点分组";
    SupHelpFilter => "overdue: only this engineer / branch", "超时回访：只看此工程师/网点";
    SupHelpPeriod => "period: today, 7 days, 30 days", "周期：今天、近7天、近30天";
    SupHelpMeasure => "engineers: sort and chart by the next measure", "工程师：切换排序与图表指标";
    SupHelpReverse => "engineers: worst first / best first", "工程师：差的在前/好的在前";
    SupCenter => "center", "中心";
    SupCenterBranches => "{} br.", "{} 个网点";
    SupCenterNoEscalation => "The center holds reports only: escalate or acknowledge {} at branch {}, where its clerk deals with it.", "中心只有各网点日报：{} 请到网点 {} 升级或确认，由该网点信息员处理。";
    SupCenterNoTimeline => "The center holds reports only: the timeline of {} is at branch {}.", "中心只有各网点日报：{} 的处理记录请在网点 {} 查看。";
    SupCenterNoFirstFix => "first-visit fix: not in the daily reports (—)", "一次修复率：日报中无此数据（—）";
    SupHelpCenter => "Center database: every branch's daily reports. Escalate, acknowledge and timelines are at the branch; first-visit fix is not in the reports (—).", "中心数据库：汇总各网点日报。升级、确认和处理记录在网点进行；日报中没有一次修复率（—）。";
    SupReportTitle => "report {} · card", "日报 {} · 监督卡";
    SupReportCalls => "callback · {} {}", "回访 · {} {}";
    LabelCardState => "card", "监督卡";
    LabelDiscrepancies => "discrepancies", "差异";
    LabelCallbackKind => "callback", "回访";
    LabelCallbackResult => "result", "结果";
    LabelAttempts => "attempts", "拨打次数";
    SupHelpReadOnly => "Jobs, cards and callbacks are changed on the clerk's dashboard, not here.", "服务单、监督卡和回访在信息员工作台处理，此处不修改。";

    // Detail
    DetailTitle => "Job {}", "服务单 {}";
    FieldJobNo => "job no", "服务单号";
    FieldBranch => "branch", "网点";
    FieldReceived => "received", "接单时间";
    FieldCustomer => "customer", "用户";
    FieldPhone => "phone", "电话";
    FieldAddress => "address", "地址";
    FieldModel => "model", "型号";
    FieldPurchase => "purchased", "购买日期";
    FieldFault => "fault", "故障";
    FieldRequirement => "requirement", "用户要求";
    FieldAppointment => "appointment", "预约";
    FieldEngineer => "engineer", "工程师";
    FieldWarranty => "warranty", "保修";
    FieldStatus => "status", "状态";
    FieldCardState => "card", "监督卡";
    FieldToVerify => "to verify", "待核实";
    FieldRevisitOf => "re-visit of", "原服务单";
    FieldRevisits => "re-visits", "二次上门";
    FieldOrigin => "origin", "来源";
    Verified => "verified {}", "{} 已核实";
    Timeline => "Timeline", "时间线";
    TlReceived => "received ({})", "接单（{}）";
    TlVisit => "visit: {}", "上门：{}";
    TlArrived => "arrived {}", "到达 {}";
    TlFinished => "finished {}", "完工 {}";
    TlLate => "late {} min", "迟到 {} 分钟";
    TlCharge => "charge {}", "收费 {}";
    TlReceipt => "receipt {}", "收据 {}";
    TlInvoiceOwed => "invoice owed", "欠发票";
    TlInvoiceDelivered => "invoice delivered {}", "发票已送 {}";
    TlReturnDue => "loaner back by {}", "周转机 {} 前归还";
    TlReturned => "machine back {}", "机器已送回 {}";
    TlNewAppt => "new appointment {}", "新预约 {}";
    TlCallbackStarted => "{} callback due {}", "{}回访，{} 到期";
    TlPending => "pending", "待回访";
    TlClosed => "closed", "已完成";
    TlAttempt => "callback: {} by {}", "回访：{}（{}）";
    TlRevisitOpened => "re-visit {} opened", "已开二次上门单 {}";
    TlAudit => "audit #{} {} by {}: {}", "审计 #{} {}（{}）：{}";
    TlAuditBare => "audit #{} {} by {}", "审计 #{} {}（{}）";
    TlCard => "card back: {}, signed by {}", "监督卡交回：{}，签字 {}";
    TlWarrantyRecord => "warranty record {}", "保修记录单 {}";
    TlRaised => "discrepancy {}: {}", "差异 {}：{}";
    TlResolved => "{} resolved: {} by {}", "{} 已处理：{}（{}）";
    Blank => "—", "—";

    // Forms
    FormFeedback => "Callback feedback · {}", "回访结果 · {}";
    FormCard => "Supervision card · {}", "监督卡 · {}";
    FormVisit => "Visit outcome · {}", "上门结果 · {}";
    FormResolve => "Resolve {} · {}", "处理差异 {} · {}";
    FormNewJob => "New job", "新建服务单";
    FormCallbackDue => "{} callback due {} · {} · {} attempt(s)", "{}回访 {} 到期 · {} · 已打 {} 次";
    FormNoCallback => "no callback pending: logged as an extra call", "无待回访：作为额外回访登记";
    FormFixFields => "Fix the marked fields first.", "请先修改标红的项。";
    FormSaveFailed => "Not saved: {}", "未保存：{}";
    LabelResult => "result", "回访结果";
    LabelNote => "note", "备注";
    LabelReturnedAt => "returned at", "交回时间";
    LabelSatisfaction => "satisfaction", "满意度";
    LabelSignedBy => "signed by", "签字人";
    LabelWarrantyRecord => "warranty record", "保修记录单";
    LabelCharge => "charge (yuan)", "收费（元）";
    LabelReceipt => "receipt no", "收据号";
    LabelOutcome => "outcome", "结果";
    LabelArrived => "arrived at", "到达时间";
    LabelFinished => "finished at", "完工时间";
    LabelInvoiceOwed => "invoice owed", "欠发票";
    LabelReturnDue => "loaner back by", "周转机归还日";
    LabelFeeItems => "fee items", "收费项目";
    LabelMachineReceipt => "machine receipt", "机器收条号";
    ErrFeeCode => "not in the fee standard: {}", "收费标准中没有：{}";
    WarnOverStandard => "over standard {}", "超标准 {}";
    HintFeeSum => "= items {}", "= 项目合计 {}";
    CasesTitle => "Cases for the center", "待中心批示";
    ColDelay => "late", "迟到";
    CountInform => "tell of delay {}", "告知迟到 {}";
    CountCases => "cases {}", "待批示 {}";
    SupWorkshopOver => "workshop over limit {}", "拉修超期限 {}";
    CenterCasesTitle => "Cases from the branches", "网点报来的事项";
    CenterKeyCases => "cases", "事项";
    CenterHelpCases => "the branches' cases: rule, send", "网点事项：批示、下发";
    CenterKeyRule => "rule", "批示";
    CenterHelpRule => "rule on the selected case", "批示所选事项";
    CenterKeyExportRulings => "send rulings", "下发批示";
    CenterHelpExportRulings => "write the signed rulings files", "生成签名的批示文件";
    CenterRuleTitle => "Ruling on case {} of {}", "批示事项 {}（{}）";
    CenterRuleDecision => "decision", "决定";
    CenterRuleNote => "note", "说明";
    CenterRuled => "{} case {}: {}", "{} 事项 {}：{}";
    CenterCaseRuled => "case {} is already ruled", "事项 {} 已批示";
    CenterNoRulings => "no new rulings to send", "没有待下发的批示";
    CenterRulingsWritten => "{}: {} ruling(s) for {}", "{}：{} 条批示，网点 {}";
    CenterRulingSent => "sent", "已下发";
    HelpCasesTitle => "In the cases list (o)", "批示清单中（o）";
    CasesNone => "No case waits for the center.", "没有待中心批示的事项。";
    InformTitle => "Tell of a delay", "需告知用户迟到";
    InformNone => "Nobody to tell of a delay.", "没有需告知迟到的用户。";
    CasesManager => "manager visits", "售后经理上门";
    CasesRuling => "ruling", "批示";
    KeyCases => "cases", "批示";
    HelpCases => "cases, delays to tell", "批示事项与迟到告知";
    KeyCaseClose => "close case", "结案";
    HelpCaseClose => "close a ruled case", "按批示结案";
    KeyInformed => "told", "已告知";
    HelpInformed => "customer told of a delay", "已告知用户迟到";
    FormCaseClose => "Close case {}", "办结事项 {}";
    MsgCaseClosed => "Case {} closed", "事项 {} 已办结";
    MsgInformed => "{}: customer told of the delay", "{}：已告知用户迟到";
    ErrCaseNotRuled => "case {} has no ruling from the center yet", "事项 {} 尚无中心批示";
    LabelNewApptStart => "new appt from", "新预约开始";
    LabelNewApptEnd => "new appt until", "新预约结束";
    LabelResolution => "resolution", "处理方式";
    LabelReceived => "received at", "接单时间";
    LabelApptStart => "appt from", "预约开始";
    LabelApptEnd => "appt until", "预约结束";
    ErrRequired => "required", "必填";
    ErrTime => "not a time: HH:MM, MM-DD HH:MM or YYYY-MM-DD HH:MM", "时间格式：HH:MM、MM-DD HH:MM 或 YYYY-MM-DD HH:MM";
    ErrDate => "not a date: MM-DD or YYYY-MM-DD", "日期格式：MM-DD 或 YYYY-MM-DD";
    ErrMoney => "not an amount, e.g. 120 or 120.50", "金额格式如 120 或 120.50";
    ErrNegative => "cannot be negative", "不能为负数";
    ErrEndsBefore => "ends before it starts", "结束早于开始";
    ErrStartNeeded => "the start is needed too", "还需填写开始时间";
    ErrNeedTime => "arrival or finish time needed", "需填写到达或完工时间";
    ErrBranchCode => "letters, digits, - and _ only", "只能用字母、数字、- 和 _";
    ErrFuture => "later than now: it cannot have happened yet", "晚于现在：尚未发生";
    ErrYears => "outside the years 2000–2099", "超出 2000–2099 年";
    ErrPrintable => "invisible or control characters: printable text only", "含不可见或控制字符：只能用可打印文字";
    ErrOtherBranch => "this database belongs to branch {}", "本数据库属于网点 {}";
    ErrJobExists => "job {} already exists", "服务单 {} 已存在";
    ErrReturnDueNeeded => "a pulled machine needs a return date", "拉修需约定归还日期";
    ErrNewApptNeeded => "a reschedule needs the new appointment", "改约需填写新预约时间";
    ErrCardExists => "the card of {} is already recorded (E corrects it)", "{} 的监督卡已登记（按 E 更正）";
    ErrNoComplaint => "no complaint {}", "没有投诉 {}";
    ErrComplaintSettled => "complaint {} is already settled", "投诉 {} 已结案";
    ErrComplaintResponded => "complaint {} was already responded to", "投诉 {} 已答复过";
    ErrComplaintNote => "a complaint needs a note", "投诉须填写说明";
    ErrKeyMissing => "signing key of {} missing ({} does not exist); it signed with {}: copy the key file back, or `branchdesk key --new` and the center's `branches rekey`", "网点 {} 的签名密钥丢失（{} 不存在）；此前签名所用公钥 {}：请把密钥文件拷回，或执行 `branchdesk key --new` 后由中心 `branches rekey`";
    ErrNoVisitToCorrect => "job {} has no visit to correct", "服务单 {} 还没有上门记录，无可更正";
    ErrNoCardToCorrect => "job {} has no card to correct: record the card first (c)", "服务单 {} 的监督卡尚未登记，无可更正：请先收卡（c）";
    ErrNoCallbackToCorrect => "job {} has no callback result to correct", "服务单 {} 还没有回访结果，无可更正";
    ErrNoCallback => "{} has no callback pending to retry", "{} 没有待回访可重试";
    ErrNeverVisited => "job {} was never visited and has no callback pending: there is no call to log", "服务单 {} 还没有上门记录，也没有待回访：没有可登记的回访";
    ErrNotOpen => "this discrepancy is already resolved", "此差异已处理";
    WarnVerify => "to verify with dispatch", "需与派工核实";
    WarnPhone => "looks wrong: to verify", "号码可疑，需核实";

    // Corrections
    KeyCorrect => "correct", "更正";
    TlCorrection => "correction by {}: {}", "更正（{}）：{}";
    TlCorrected => "{} corrected: {}", "{}已更正：{}";
    TlCorrRevisitOpened => "re-visit {} opened", "已开二次上门 {}";
    TlCorrRevisitCancelled => "re-visit {} cancelled", "已撤销二次上门 {}";
    TlReason => "reason: {}", "原因：{}";
    HelpCorrect => "correct, with a reason", "更正记录（须填原因）";
    FormCorrectPick => "Correct a record · {}", "更正记录 · {}";
    FormCorrectJob => "Correct the job · {}", "更正服务单 · {}";
    FormCorrectVisit => "Correct the latest visit · {}", "更正最近一次上门 · {}";
    FormCorrectCard => "Correct the card · {}", "更正监督卡 · {}";
    FormCorrectCallback => "Correct the latest callback result · {}", "更正最近一次回访结果 · {}";
    CorrectPickContext => "What was recorded wrong? Enter opens it, filled in.", "哪项记录有误？按回车打开（已填好现值）。";
    CorrectContext => "Change only what was wrong; say why. Audited.", "只改有误的项并说明原因；留审计记录。";
    LabelCorrectWhat => "correct", "更正";
    LabelReason => "reason", "更正原因";
    MsgCorrected => "{}: {} corrected ({}).", "{}：{}已更正（{}）。";
    MsgCorrectRevisitOpened => "re-visit job {} opened", "已开二次上门单 {}";
    MsgCorrectRevisitCancelled => "re-visit job {} cancelled", "二次上门单 {} 已取消";
    ErrNothingChanged => "nothing changed: change a field first", "没有改动：请先修改要更正的项";

    // Confirmations and messages
    ConfirmQuit => "Quit and throw away what you typed?", "退出并放弃已输入的内容？";
    ConfirmDeliverInvoice => "Record the selected job's invoice as delivered?", "确定登记所选服务单的发票已送达？";
    NoticeTitle => "Done", "完成";
    MsgNothingSelected => "Nothing selected here.", "没有选中任何项。";
    MsgStillRefreshing => "Still refreshing, try again in a moment.", "仍在刷新，请稍后再试。";
    MsgSelectDiscrepancy => "Select a discrepancy in panel 4 first.", "请先在面板4选中一条差异。";
    MsgCallbackLogged => "{}: {} logged.", "{}：已登记{}。";
    MsgStillPending => "{}: {} logged; still pending after {} attempt(s).", "{}：已登记{}，已打 {} 次，仍待回访。";
    MsgRevisitOpened => "{}: customer unsatisfied; re-visit job {} opened.", "{}：用户不满意，已开二次上门单 {}。";
    MsgCardSuspect => "{}: card recorded, signed by the {}: suspect signature.", "{}：监督卡已登记，由{}签字：疑似代签。";
    MsgCardRecorded => "{}: card recorded ({}).", "{}：监督卡已登记（{}）。";
    MsgVisitRecorded => "{}: visit recorded ({}).", "{}：上门结果已登记（{}）。";
    MsgVisitCallback => "{} callback due {}", "{}回访 {} 到期";
    MsgVisitLate => "late {} min", "迟到 {} 分钟";
    MsgResolved => "{}: {} resolved ({}).", "{}：{} 已处理（{}）。";
    MsgJobAdded => "Job {} added.", "服务单 {} 已新建。";
    MsgNoOverdue => "No callback is overdue.", "没有超时的回访。";
    JumpPrompt => "# job number: {}", "# 服务单号：{}";
    KeyJump => "job no.", "单号";
    HelpJump => "open a job by its number", "按单号打开服务单";
    KeyNextOverdue => "next overdue", "下一超时";
    HelpNextOverdue => "next overdue callback", "下一条超时回访";
    FormCxWindow => "appointment {}", "预约 {}";
    FormCxNoWindow => "no appointment", "未预约";
    FormCxCharged => "visits charged {}", "上门报收费 {}";
    MsgJobAddedVerify => "Job {} added; to verify with dispatch: {}.", "服务单 {} 已新建；需与派工核实：{}。";
    MsgJobClashes => "Job {} saved, but it clashes with {}'s appointment of {}: reschedule or hand it on.", "服务单 {} 已保存，但与工程师 {} 的预约 {} 冲突：请改约或转派。";
    MsgReconciled => "Reconciliation {}: {} jobs checked, {} discrepancies ({} new).", "{} 对账：检查 {} 单，差异 {} 条（新增 {} 条）。";
    MsgBeforeCutoff => "Run before the {} cut-off: {} card(s) of today's visits still out, not missing yet.", "在 {} 截止前运行：今天上门的监督卡还有 {} 张未交回，尚不算缺卡。";
    MsgExport => "Daily report written: {} ({} rows, generation {}; .xlsx beside it).", "日报已导出：{}（{} 行，第 {} 版；旁附 .xlsx）。";
    MsgVerified => "{}: verified with dispatch.", "{}：已与派工核实。";
    MsgNotVerifiable => "Select a job with missing information (press t).", "请选中一条缺信息的服务单（按 t）。";
    MsgNotMissingRow => "m marks missing information as checked; this row is no such item.", "m 用于确认已核实缺失信息；这一行不是缺信息项。";
    MsgInvoiceDelivered => "{}: invoice delivered.", "{}：发票已送达。";
    MsgNoInvoice => "{} owes no invoice.", "{} 没有欠发票。";
    MsgError => "Error: {}", "出错：{}";
    ErrNoJob => "There is no job {}.", "没有服务单 {}。";
    ErrNoDiscrepancy => "Job {} has no {} discrepancy.", "服务单 {} 没有“{}”差异。";
    ErrAlreadyResolved => "The {} discrepancy of job {} was already resolved by {}.", "“{}”差异（服务单 {}）已由 {} 处理。";
    ErrVisitExists => "Job {} already has a visit at that time.", "服务单 {} 在该时间已有上门记录。";
    ErrOtherJobBranch => "Job {} is of branch {}; this database belongs to branch {}.", "服务单 {} 属于网点 {}，本数据库属于网点 {}。";
    ErrRejected => "{}: rejected, {} problem(s); nothing was imported.", "{}：被拒收，{} 个问题；未导入任何内容。";
    ChartTitle => "Callbacks due, last 14 days: made on time / overdue", "近14天到期回访：及时 / 超时";
    ChartOnTime => "on time {}", "及时 {}";
    ChartOverdue => "overdue {}", "超时 {}";
    Yes => "yes", "是";
    No => "no", "否";

    // The people's spreadsheets beside the CSV reports (io::xlsx)
    XlsxSheetReport => "Report", "日报";
    XlsxSheetBranches => "Branches", "网点汇总";
    XlsxSheetSummary => "Summary", "摘要";
    XlsxSheetLegend => "Legend", "说明";
    XlsxTitle => "Daily report of {}, {}", "{} 网点 {} 日报";
    XlsxCenterTitle => "Center summary, {}", "服务中心汇总 {}";
    XlsxAsOf => "Desk as of {} (the same figures as status at that time)", "工作台状态截至 {}（与该时刻工作台的数字一致）";
    XlsxCenterAsOf => "As of {} (the same states as center status at that time)", "截至 {}（与该时刻中心各网点状态一致）";
    XlsxTodayByStatus => "Today's jobs by status", "今日服务单（按状态）";
    XlsxReportByStatus => "Jobs in this report by status", "本日报服务单（按状态）";
    XlsxCallbacks => "Callbacks pending", "待回访";
    XlsxCbNotOverdue => "not overdue yet", "未超时";
    XlsxCbOverdue => "overdue", "已超时";
    XlsxCards => "Cards awaiting signature", "待签收监督卡";
    XlsxDiscByKind => "Discrepancies by kind", "对账差异（按类型）";
    XlsxOpenItems => "Open items by code", "未结事项（按类型）";
    XlsxCount => "count", "数量";
    XlsxOpen => "open", "未处理";
    XlsxResolved => "resolved", "已处理";
    XlsxTotal => "total", "合计";
    XlsxHistory => "Callbacks due per day (made on time / overdue)", "每日到期回访（及时 / 超时）";
    XlsxNoHistory => "No timed callback fell due in the last 14 days.", "近14天没有到期的限时回访。";
    XlsxDate => "date", "日期";
    XlsxOnTime => "on time", "及时";
    XlsxLate => "overdue", "超时";
    XlsxLegendPeople => "This workbook is for people to read. The center imports the CSV file of the same name beside it (with its manifest); this file is never imported.", "本表格供人阅读。服务中心导入的是同目录下同名的 CSV 文件（及其 manifest），本文件不会被导入。";
    XlsxLegendColumns => "Columns", "列";
    XlsxLegendHeader => "header", "表头";
    XlsxLegendName => "column in the CSV", "CSV 列名";
    XlsxLegendCodes => "Codes shown in words", "代码与显示文字";
    XlsxLegendCode => "code in the CSV", "CSV 代码";
    XlsxLegendShown => "shown as", "显示为";

    // The customer's voice
    ErrAnswers => "{}: {}", "{}：{}";
    ErrAnswersResult => "answers go only with satisfied or unsatisfied", "只有满意或不满意时才记录各项回答";
    ErrUnsolvedSatisfied => "not solved needs result unsatisfied", "问题未解决时结果须为不满意";
    FormAttitude => "attitude", "服务态度";
    FormQuality => "quality", "维修质量";
    FormSolved => "solved", "问题解决";
    FormSkip => "—", "—";
    PanelFollowups => "Follow-ups", "跟踪回访";
    FollowupKind => "follow-up", "跟踪";
    FollowupShort => "f-up", "跟踪";
    CountFollowups => "follow-ups {}", "跟踪回访 {}";
    MarkRepeat => "repeat", "返修";
    KeyFollowups => "follow-ups", "跟踪回访";
    SupRates => "{}: callback {} · satisfied {} · attitude {} · quality {} · solved {} · card {} · repeat {} · on site 24 h {} · discipline {}", "{}：回访率 {} · 满意率 {} · 态度 {} · 质量 {} · 解决 {} · 卡满意 {} · 返修率 {} · 24小时上门 {} · 纪律 {}";
    SupRatesBranch => "branch", "全网点";
    SupRatesCenter => "all branches", "全部网点";
    SupCenterSummary => "On a center the summaries are written with: branchdesk center export summary --period week|month", "中心的周报/月报请用命令生成：branchdesk center export summary --period week|month";
    SupKeySummary => "summary", "周报/月报";
    SupHelpSummary => "week / month summary to exports/", "导出本周 / 本月报表";
    SupSummaryWritten => "summary written: {} (for people: {})", "已导出报表：{}（供阅读：{}）";
    HelpFollowups => "list follow-ups too", "同时列出跟踪回访";
    TlRepeat => "repeat of {}, {} days after", "返修：{} 完工后 {} 天";
    TlAnswers => "attitude {} · quality {} · solved {}", "态度 {} · 质量 {} · 解决 {}";

    // The command line's text output (`--lang`)
    CliStatusHead => "branch {}  {}  now {}", "网点 {}  {}  现在 {}";
    CliTodayJobs => "Today's jobs ({})", "今日服务单（{}）";
    CliLateFlag => "  LATE {} min", "  迟到 {} 分钟（已标记）";
    CliLate => "  late {} min", "  迟到 {} 分钟";
    CliToBook => "To book: open jobs waiting for an appointment or a visit ({})", "待预约：等待预约或上门的未结服务单（{}）";
    CliSince => "since {}", "自 {}";
    CliCallbacksPending => "Callbacks pending ({})", "待回访（{}）";
    CliOverdueTime => "overdue {}:{}", "超时 {}:{}";
    CliPending => "pending", "待办";
    CliDue => "due {}", "到期 {}";
    CliAttempts => "attempts {}", "已拨 {} 次";
    CliFollowups => "Follow-ups pending ({})", "待跟进回访（{}）";
    CliRepeats => "Repeat repairs ({})", "返修（{}）";
    CliRepeatOf => "repeat of {}, {} days after (counted against {})", "返修：{} 完工后 {} 天（记在 {} 名下）";
    CliCards => "Cards awaiting signature ({})", "待签字监督卡（{}）";
    CliDiscrepancies => "Discrepancies ({})", "差异（{}）";
    CliCauseGone => "  (cause gone)", "  （原因已消除）";
    CliToVerify => "To verify with dispatch ({})", "待与派工核实（{}）";
    CliMissing => "missing {}", "缺 {}";
    CliConflicts => "Appointment conflicts ({})", "预约冲突（{}）";
    CliOverlap => "{} jobs overlap: {}", "{} 单时间重叠：{}";
    CliNoOverdue => "no overdue callbacks", "没有超时回访";
    CliEscalatedTo => "  escalated to {} by {} at {}", "  已上报 {}（{}，{}）";
    CliResolvedBy => ", resolved by {} at {}", "，已由 {} 于 {} 处理";
    CliAcknowledged => "  acknowledged by {} at {}", "  已由 {} 于 {} 确认";
    CliComplaints => "Complaints ({})", "投诉（{}）";
    CliPastOnsite => "Past the on-site commitment ({})", "超过上门承诺时限（{}）";
    CliReceived => "received {}", "派工 {}";
    CliCases => "Cases for the center ({})", "待中心批示（{}）";
    CliTellDelay => "Tell of a delay ({})", "需告知用户延误（{}）";
    CliMin => "min", "分钟";
    CliSummaryExported => "{}: {} rows ({} .. {})", "{}：{} 行（{} 至 {}）";
    CliForPeople => "{}: for people", "{}：供人阅读";
    CliDemoCenter => "demo center {} filled from {} reports of {} branches (under {})", "演示中心 {} 已填入 {} 份日报，来自 {} 个网点（在 {} 下）";
    CliDemoFilled => "demo database {} filled with {} jobs", "演示数据库 {} 已填入 {} 张服务单";
    CliReplacedGeneration => ", replaced generation {}", "，替换第 {} 版";
    CliGenImported => "{}: imported generation {}, {} rows{}", "{}：已导入第 {} 版，{} 行{}";
    CliGenUnchanged => "{}: generation {} already imported, unchanged", "{}：第 {} 版已导入过，未变";
    CliGenOlder => "{}: generation {} is older than the imported {}, left alone", "{}：第 {} 版比已导入的第 {} 版旧，未导入";
    CliCenterImported => "{} imported, {} unchanged or older, {} rejected, {} other file(s) ignored", "导入 {} 份，未变或较旧 {} 份，拒收 {} 份，忽略其他文件 {} 个";
    CliCenterRejected => "{}: {} of {} report(s) rejected (nothing of those applied)", "{}：{} 份日报被拒收（共 {} 份；被拒的未导入任何内容）";
    CliCenterHead => "center  {}  now {}  check times {}", "服务中心  {}  现在 {}  检查时刻 {}";
    CliCenterNext => "  next {}", "  下次 {}";
    CliCenterReport => "generation {} at {} (first {}), {} rows", "第 {} 版 {}（首版 {}），{} 行";
    CliCenterNoReport => "no report", "未报";
    CliCenterFigures => "  jobs {}  completed {}  callbacks pending {} (overdue {})  unsatisfied {}  open discrepancies {}{}  invoices owed {}  complaints open {}  on-site late {}", "  服务单 {}  完成 {}  待回访 {}（超时 {}）  不满意 {}  未处理差异 {}{}  欠发票 {}  未结投诉 {}  上门超时 {}";
    CliAtExport => "  at export: {}", "  导出时：{}";
    CliNothing => "nothing", "无";
    CliNothingOpen => "nothing open", "无未结事项";
    CliOpen => "open: {}", "未结：{}";
    CliNotReconciled => "reconciliation not run", "未对账";
    CliReconciledAt => "reconciled {}", "{} 已对账";
    CliMadeBeforeCutoff => "made before the cut-off {}", "在截止时间 {} 前生成";
    CliFees => "{}: fee standard of {} codes ({} added, {} changed, {} removed)", "{}：收费标准共 {} 项（新增 {}，更改 {}，删除 {}）";
    CliRulingsKnown => "{}: {} ruling(s), all already applied", "{}：{} 条批示，均已执行过";
    CliRulingsApplied => "{}: {} ruling(s) applied (cases {})", "{}：已执行 {} 条批示（案件 {}）";
    CliCenterKeyPinned => "; the center's key is now pinned", "；已记下中心的密钥";
    CliCaseAdded => "case {} added: {} on {}, awaiting the center's ruling", "案件 {} 已登记：{}（{}），等待中心批示";
    CliCaseClosed => "case {} closed ({} {})", "案件 {} 已结案（{} {}）";
    CliNoCases => "no cases", "没有案件";
    CliDelayNone => "{}: {} min late; no later appointment today to tell", "{}：迟到 {} 分钟；今天之后没有需要告知的预约";
    CliDelayTell => "{}: {} min late; tell the customers of {}", "{}：迟到 {} 分钟；请告知这些服务单的用户：{}";
    CliComplaintAdded => "complaint {} added; respond by {}, settle by {}", "投诉 {} 已登记；答复期限 {}，结案期限 {}";
    CliAfterRespondBy => " (after respond_by)", "（已过答复期限）";
    CliComplaintResponded => "complaint {} responded{}; settle by {}", "投诉 {} 已答复{}；结案期限 {}";
    CliAfterSettleBy => " (after settle_by)", "（已过结案期限）";
    CliComplaintSettled => "complaint {} settled: {}{}", "投诉 {} 已结案：{}{}";
    CliNoComplaints => "no complaints", "没有投诉";
    CliFollowupKind => "follow-up", "跟踪";
    CliAdHocKind => "ad hoc", "额外";
    CliCallbackLogged => "{}: {} callback (due {}) logged {}{}", "{}：{}回访（到期 {}）已登记：{}{}";
    CliStillPending => "; still pending after {} attempt(s)", "；已拨 {} 次，仍待回访";
    CliRevisitNew => "; re-visit job {} opened", "；已开二次上门单 {}";
    CliRevisitOpen => "; re-visit job {} already open (the same cause)", "；二次上门单 {} 已开（同一原因）";
    CliAnswerAttitude => "attitude {}", "态度 {}";
    CliAnswerQuality => "quality {}", "质量 {}";
    CliAnswerSolved => "solved {}", "解决 {}";
    CliYes => "yes", "是";
    CliNo => "no", "否";
    CliReconciled => "reconciliation {} (cut-off {}): {} jobs checked, {} discrepancies ({} new)", "对账 {}（截止 {}）：核对 {} 单，差异 {} 条（新 {} 条）";
    CliBeforeCutoff => "note: run before the cut-off; {} card(s) still out, not missing until {}", "注意：在截止时间前对账；还有 {} 张监督卡未交回，{} 后才算缺卡";
    CliNew => "new", "新";
    CliResolved => "{}: {} resolved ({})", "{}：{} 已处理（{}）";
    CliInvoiceDelivered => "{}: invoice delivered", "{}：发票已送达";
    CliVerified => "{}: verified with dispatch", "{}：已与派工核实";
    CliInformed => "{}: customer told of the delay", "{}：已告知用户延误";
    CliIgnoredColumn => "{}:1: {}: not a column of this file: ignored", "{}:1: {}: 不是此文件的列，已忽略";
    CliImported => "{}: {} rows, {} added, {} already there", "{}：{} 行，新增 {}，已有 {}";
    CliRevisitOpened => "re-visit job {} opened: the card says unsatisfied", "已开二次上门单 {}：监督卡为不满意";
    CliImportRejected => "{}: rejected, {} problem(s); nothing was imported", "{}：被拒收，{} 处问题；未导入任何数据";
    CliExported => "{}: {} rows, generation {} (manifest {})", "{}：{} 行，第 {} 版（清单 {}）";
    CliXlsxForPeople => "{}: for people (the center imports the CSV)", "{}：供人阅读（中心导入的是 CSV）";
    CliGenerationFound => "generation {} of that day was found in the folder but not in this database (restored from an older backup?): this report follows it", "文件夹中有当天的第 {} 版，但本数据库中没有（是否从较旧的备份恢复？）：本日报接在其后";
    CliNewKey => "signed with the branch's new key, kept in {} (back it up; `branchdesk key` shows it)", "已用网点的新密钥签名，密钥保存在 {}（请备份；用 branchdesk key 查看）";
    CliResponseOverdue => "RESPONSE OVERDUE", "答复超时";
    CliSettlementOverdue => "SETTLEMENT OVERDUE", "结案超时";
    CliRespondBy => "respond by {}", "答复期限 {}";
    CliSettleBy => "settle by {}", "结案期限 {}";
    CliRuling => "      ruling: {} by {} at {}: {}", "      中心批示：{}（{}，{}）：{}";
    CliKeyBranch => "branch      {}", "网点        {}";
    CliKeyPublic => "public key  {}", "公钥        {}";
    CliKeyPublicNew => "public key  {} (new)", "公钥        {}（新）";
    CliKeyPrivate => "private key {}", "私钥        {}";
    CliKeyPrivateMade => "private key {} (made now)", "私钥        {}（刚生成）";
    CliKeyOld => "old key     kept in {}", "旧密钥      保留在 {}";
    CliKeyReplaces => "replaces    {}", "替换        {}";
    CliKeyRepin => "The center refuses this branch's reports until it re-pins the key:\n  branchdesk center branches rekey {} --key {} --reason TEXT", "中心在重新登记密钥之前会拒收本网点的日报，请中心执行：\n  branchdesk center branches rekey {} --key {} --reason 原因";
    CliCheckOk => "{}: ok (PRAGMA quick_check)", "{}：完好（PRAGMA quick_check）";
    CliBackedUp => "{}: backed up to {}", "{}：已备份到 {}";
    CliBackupNoBranch => "This database has no branch (nor signing key) yet.", "本数据库还没有网点（也没有签名密钥）。";
    CliBackupKeyNotYet => "{} (not there yet: made by the first export)", "{}（尚未生成：第一次导出时生成）";
    CliBackupKeyMemory => "held in memory only", "仅在内存中";
    CliBackupKeyNote => "The backup does not hold the branch's private signing key: {}. Keep a copy of that file with the backup, but apart from it (another medium, locked away): with the backup alone a restored branch cannot sign, and with both together whoever finds them can sign as {}.", "备份中不含网点的签名私钥：{}。请把该文件另存一份，与备份一起保管但分开存放（另一介质，锁好）：只有备份，恢复后的网点无法签名；两者放在一起，拿到的人就能以 {} 的名义签名。";
    CliRestored => "{}: restored from {} (branch {}, its audit trail {} entries)", "{}：已从 {} 恢复（网点 {}，审计记录 {} 条）";
    CliRestoreEntries => "{} entries", "{} 条";
    CliRestoreUnreadable => "not readable", "无法读取";
    CliRestoreReplacedKept => "the file it replaced (trail: {}) is kept at {}", "被替换的文件（审计记录：{}）保留在 {}";
    CliRestoreKeyInPlace => "signing key {}: in place", "签名密钥 {}：在位";
    CliRestoreKeyMissing => "signing key {}: missing. Copy it back from where it was kept with the backup (mode 0600) before the next export; `branchdesk key` says which key", "签名密钥 {}：缺失。下次导出前，请从与备份一起保管的地方把它复制回来（权限 0600）；branchdesk key 会说明是哪把密钥";
    CliRestoreNext => "Export into the same folder as before: the next report follows the generations found there, and `audit verify --anchors` names the heads lost to this restore.", "请导出到原来的文件夹：下一份日报接在那里已有的版本之后；audit verify --anchors 会列出这次恢复丢失的审计链头。";
    CliZoneLocal => "local", "本机时区";
    CliSetBranch => "branch", "网点";
    CliSetTimezone => "time zone", "时区";
    CliSetCutoff => "cut-off", "截止时间";
    CliSetResponseHours => "hours to respond to a complaint", "投诉答复时限（小时）";
    CliSetSettleDays => "days to settle a complaint", "投诉结案时限（天）";
    CliSetOnsiteHours => "hours to be on site", "上门时限（小时）";
    CliSetFollowupHours => "hours to a follow-up", "跟踪回访时限（小时）";
    CliSetRepeatDays => "days a repeat repair counts", "返修统计天数";
    CliSetDatabase => "database", "数据库";
    // `supervise` as text (not on a terminal)
    SupTxtBranch => "supervisor's review  branch {}  {} .. {}", "主管审查  网点 {}  {} .. {}";
    SupTxtCenter => "supervisor's review  center: {} branches ({})  {} .. {}\n(from the branches' daily reports; escalations are made at the branch)", "主管审查  中心：网点 {} 个（{}）  {} .. {}\n（来自各网点日报；上报在网点进行）";
    SupTxtOverdue => "\nOverdue callbacks ({})", "\n超时回访（{}）";
    SupTxtOverdueRow => "  {} {} overdue {}:{}  attempts {}  {}  {}  {}", "  {} {} 超时 {}:{}  已拨 {} 次  {}  {}  {}";
    SupTxtComplaints => "\nComplaints unanswered past respond_by ({})", "\n超过答复期限未答复的投诉（{}）";
    SupTxtComplaintRow => "  {} {} {} overdue {}:{}  {} {}", "  {} {} {} 超时 {}:{}  {} {}";
    SupTxtOnsite => "\nPast the on-site commitment ({})", "\n超过上门承诺时限（{}）";
    SupTxtOnsiteRow => "  {} {} due {}  overdue {}:{}", "  {} {} 期限 {}  超时 {}:{}";
    SupTxtForgeries => "\nSuspected forgeries ({})", "\n疑似弄虚作假（{}）";
    SupTxtForgeryReport => "  {} {} {} {}; card {}; callback {} {} attempts {} (report {})", "  {} {} {} {}；监督卡 {}；回访 {} {} 已拨 {} 次（{} 日报）";
    SupTxtCard => "card {} signed by {}", "监督卡 {}，签字人 {}";
    SupTxtNoCard => "no card", "无监督卡";
    SupTxtForgeryRow => "  {} {} {}; {}", "  {} {} {}；{}";
    SupTxtEngineers => "\nEngineers ({} .. {})", "\n工程师（{} .. {}）";
    SupTxtEngineersHead => "engineer|jobs|1st fix|cb late|late now|unsat|revisits|late|discr|compl|on-site", "工程师|单数|一次修复|回访超时|当前超时|不满意|二次上门|迟到|差异|投诉|及时上门";
    SupTxtRates => "\nRates (callbacks and follow-ups due, answered, satisfied; cards; repeats; on site in 24 h; discipline)", "\n比率（应回访与跟踪回访、已回访、满意；监督卡；返修；24 小时内上门；处理）";
    SupTxtRateRow => "  {} callback {}  satisfied {}  attitude {}  quality {}  solved {}  card {}  repeat {}  on-site 24h {}  late {}  complaints {}  discipline {}", "  {} 回访 {}  满意 {}  态度 {}  质量 {}  解决 {}  监督卡 {}  返修 {}  24小时上门 {}  迟到 {}  投诉 {}  处理 {}";
    SupTxtChains => "\nRe-visit chains ({})", "\n二次上门链（{}）";
    SupTxtChainRow => "  {} {} visits  {}", "  {} 上门 {} 次  {}";
    SupTxtSatisfied => "satisfied", "已满意";
    SupTxtNotSatisfied => "not yet satisfied", "尚未满意";
    SupTxtActed => "\nEscalated and acknowledged ({})", "\n已上报与已确认（{}）";
    SupTxtCallbackDue => "callback due {}", "回访期限 {}";
    SupTxtJob => "job", "服务单";
    SupTxtTo => " to {}", " 报给 {}";
    SupTxtBy => " by {} at {}", " 由 {} 于 {}";
    SupTxtResolvedBy => "; resolved by {} at {}", "；由 {} 于 {} 解决";
    SupTxtStateNone => "none", "未升级";
    SupTxtStateEscalated => "escalated", "已升级";
    SupTxtStateAcknowledged => "acknowledged", "已确认";
    SupTxtStateResolved => "escalated_resolved", "已升级，已处理";
    CliDemoMade => "{}: {} demo jobs over {} days (seed {})", "{}：{} 张演示服务单，跨 {} 天（种子 {}）";
    CliManagerVisits => "      the after-sales manager visits the customer", "      售后经理上门拜访用户";
    // The center's commands (`center …`) and their refusals (`center::said`)
    CliBranchExpected => "{}: expected", "{}：已登记，等待其日报";
    CliBranchExpectedKey => "{}: expected, key {} pinned", "{}：已登记，等待其日报，已记下密钥 {}";
    CliBranchRekeyed => "{}: key {} pinned (was {}); the change and its reason are in the audit trail", "{}：已改记密钥 {}（原为 {}）；更换及其原因已记入审计记录";
    CliKeyNone => "none", "无";
    CliBranchKey => "key {}", "密钥 {}";
    CliCenterChecked => "{}: checked at the {} check of {} by {}", "{}：已登记 {} 检查（{}），检查人 {}";
    CliAnchorsWritten => "{}: {} anchor(s) of branch {}", "{}：锚点 {} 个，网点 {}";
    CliCenterExported => "{}: {} branches", "{}：{} 个网点";
    CliPeriodExported => "{}: {} branches ({} .. {})", "{}：{} 个网点（{} 至 {}）";
    CliCenterRuled => "branch {} case {}: {}", "网点 {} 案件 {}：{}";
    CliNoCasesReported => "no cases reported", "没有网点上报的案件";
    CliCaseRuling => "ruling: {} by {} at {}{}: {}", "批示：{}，{} 于 {}{}：{}";
    CliRulingSent => ", sent", "，已发出";
    CliRulingNotSent => ", not sent yet", "，尚未发出";
    CliCenterPublicKey => "center public key  {}", "中心公钥  {}";
    CliCenterPrivateKey => "private key        {}{}", "私钥      {}{}";
    CliKeyMadeNow => " (made now)", "（刚生成）";
    CliCenterPinHint => "a branch pins it with: branchdesk config center_key HEX", "网点用这条命令记下它：branchdesk config center_key 公钥";
    NoticeMore => "… and {} more line(s)", "……另有 {} 行";
    CliSetCheckTimes => "check times", "检查时刻";
    CliSetAcceptNew => "reports of branches not added", "接收未登记网点的日报";
    CliSetReportsDir => "reports folder", "日报目录";
    CliNoNewRulings => "no new rulings to send", "没有要发出的新批示";
    CliRulingsWritten => "{}: {} ruling(s) for branch {}", "{}：{} 条批示，网点 {}";
    CErrKeyPinned => "branch {} already has the key {} pinned; to pin another, say why: branchdesk center branches rekey {} --key HEX --reason TEXT", "网点 {} 已记下密钥 {}；要改记其他密钥，请写明原因：branchdesk center branches rekey {} --key 公钥 --reason 原因";
    CErrRekeyReason => "a reason is required to pin another key (it goes into the audit trail)", "改记密钥须写明原因（记入审计记录）";
    CErrUnknownBranch => "branch {} is not known here: add it with branchdesk center branches add {} --key HEX", "本中心没有网点 {}：请先添加：branchdesk center branches add {} --key 公钥";
    CErrNotACheckTime => "{} is not a check time (check times: {})", "{} 不是检查时刻（检查时刻：{}）";
    CErrCheckAhead => "{} has not come yet (today is {}): a branch is checked on the day", "{} 还没到（今天是 {}）：检查只能当天登记";
    CErrNoCase => "branch {} has reported no case {} (its newest report carries the cases not closed: center cases lists them)", "网点 {} 没有上报案件 {}（网点最新的日报带有未结的案件：branchdesk center cases 列出它们）";
    CErrAlreadyRuled => "case {} of branch {} is already ruled: {} by {} at {}", "案件 {}（网点 {}）已批示：{}，{} 于 {}";
    CErrRulingNote => "a ruling needs a note (--note)", "批示需要备注（--note）";
    CErrIo => "{}: {}", "{}：{}";
    CErrWrite => "writing {}: {}", "写入{}失败：{}";
    CErrMadeSummary => "the summary", "汇总表";
    CErrMadeSummaryXlsx => "the summary's xlsx", "汇总表的 xlsx 文件";
    CErrMadeSpreadsheet => "the spreadsheet", "电子表格";
    CErrBadVoice => "branch {} job {}: voice: {}", "网点 {} 服务单 {}：voice（评价统计）：{}";
    CErrBadMouse => "mouse is on or off, not {}", "mouse 应为 on 或 off，而不是 {}";
    CErrUnknownSetting => "{} is not a setting of a center (timezone, check_times, reports_dir, accept_new_branches, mouse)", "{} 不是中心的设置项（timezone、check_times、reports_dir、accept_new_branches、mouse）";
    CErrNotSet => "{} is not set", "{} 未设置";
    CErrReadingStopped => "reading the reports stopped unexpectedly", "读取日报意外中止";
    CErrOutOfStep => "reading the reports went out of step", "读取日报时次序错乱";
    CErrPgBranch => "a PostgreSQL database (--db {}) holds a center: only `center …`, `overdue`, `supervise`, `config` and `audit verify` run on it; this command needs a branch's SQLite file (--db FILE)", "PostgreSQL 数据库（--db {}）存放的是中心：只能运行 center …、overdue、supervise、config 和 audit verify；此命令需要网点的 SQLite 文件（--db 文件）";
}

/// The text of `t` in `lang`.
pub fn tr(lang: Lang, t: T) -> &'static str {
    t.get(lang)
}

/// Fills the `{}` placeholders of a template in order.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        match args.next() {
            Some(a) => out.push_str(&a.to_string()),
            None => out.push_str("{}"),
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// `tr` then `fill`.
pub fn trf(lang: Lang, t: T, args: &[&dyn Display]) -> String {
    fill(t.get(lang), args)
}

/// (code, English, Chinese) for every code the screens show.
const CODES: &[(&str, &str, &str)] = &[
    // job status
    ("unscheduled", "unscheduled", "未预约"),
    ("scheduled", "scheduled", "已预约"),
    ("needs_appointment", "needs appointment", "需重新预约"),
    // why an open job waits (open_jobs), and the report's open items
    ("no_appointment", "no appointment", "未预约"),
    ("missed_appointment", "appointment missed", "预约已过未上门"),
    ("callback_overdue", "callback overdue", "回访超时"),
    ("card_awaiting", "card awaiting", "待收卡"),
    ("discrepancy_open", "discrepancy open", "差异未处理"),
    ("invoice_owed", "invoice owed", "欠发票"),
    ("loaner_due", "loaner out", "周转机未收回"),
    ("loaner_overdue", "loaner overdue", "周转机逾期"),
    ("to_verify", "to verify", "待核实"),
    ("in_workshop", "in workshop", "拉修中"),
    ("callback_pending", "callback due", "待回访"),
    ("revisit", "re-visit", "二次上门"),
    ("awaiting_card", "awaiting card", "待收卡"),
    ("done", "done", "已完成"),
    ("cancelled", "cancelled", "已取消"),
    // outcomes
    ("consulted", "consulted", "电话咨询"),
    ("fixed", "fixed", "已修复"),
    ("fixed_untested", "fixed, untested", "修复未试机"),
    ("unsure", "unsure", "无彻底修复把握"),
    ("pulled", "pulled + loaner", "拉修+周转机"),
    ("not_home", "not at home", "用户不在家"),
    ("rescheduled", "rescheduled", "改约"),
    // Money, the workshop, cases for the center
    ("returned", "machine returned", "修复送回"),
    ("awaiting_parts", "awaiting parts", "等待备件"),
    ("loaner_over_limit", "workshop over 5 days", "拉修超期限"),
    ("case_open", "case for the center", "待中心批示"),
    ("charge_in_warranty", "charged in warranty", "保内收费"),
    (
        "charge_over_standard",
        "over the fee standard",
        "超标准收费",
    ),
    ("fee_waiver", "fee waiver", "减免费用"),
    ("payment_refused", "payment refused", "拒付费用"),
    ("compensation", "compensation", "要求赔偿"),
    ("return_exchange", "return / exchange", "退换机"),
    ("damage", "damage", "损坏"),
    ("detention", "detention", "扣留"),
    ("apology_refused", "apology refused", "不接受道歉"),
    ("entry_refused", "entry refused", "拒绝入户"),
    ("awaiting_ruling", "awaiting ruling", "待中心批示"),
    ("ruled", "ruled", "中心已批示"),
    ("closed", "closed", "已结案"),
    ("approved", "approved", "同意"),
    ("rejected", "rejected", "不同意"),
    // card states
    ("not_required", "not required", "无需"),
    ("not_back", "not back", "未交回"),
    ("unsigned", "unsigned", "未签字"),
    ("signed", "signed", "已签字"),
    // discrepancy kinds
    ("card_missing", "card missing", "缺监督卡"),
    ("signature_missing", "signature missing", "无人签字"),
    ("signature_suspect", "signature suspect", "签字可疑"),
    (
        "warranty_record_missing",
        "warranty record missing",
        "缺保修记录单",
    ),
    (
        "satisfaction_conflict",
        "satisfaction conflict",
        "满意度矛盾",
    ),
    ("charge_mismatch", "charge mismatch", "收费不符"),
    ("open", "open", "未处理"),
    ("resolved", "resolved", "已处理"),
    // callback results
    ("satisfied", "satisfied", "满意"),
    ("unsatisfied", "unsatisfied", "不满意"),
    ("unreachable", "unreachable", "未接通"),
    ("denies_signature", "denies signature", "否认签字"),
    // resolutions
    ("remedial_callback", "remedial callback", "补充回访"),
    ("penalty", "penalty", "按规处罚"),
    ("note", "note", "备注"),
    // who signed
    ("customer", "customer", "用户本人"),
    ("family", "family", "家属"),
    ("engineer", "engineer", "工程师"),
    ("none", "nobody", "无人签字"),
    // warranty, yes/no, callback kinds
    ("in", "in warranty", "保内"),
    ("out", "out of warranty", "保外"),
    ("yes", "yes", "是"),
    ("no", "no", "否"),
    ("2h", "2 h", "2小时"),
    ("3h", "3 h", "3小时"),
    // jobs-file fields named by *to verify*
    ("phone", "phone", "电话"),
    ("address", "address", "地址"),
    ("product_model", "model", "型号"),
    ("purchase_date", "purchase date", "购买日期"),
    ("fault", "fault", "故障"),
    // origins
    ("import", "dispatch import", "派工导入"),
    ("manual", "entered by hand", "手工录入"),
    ("demo", "demo", "演示数据"),
    // the center's check states
    ("on_time", "on time", "按时"),
    ("late", "late", "迟报"),
    ("missing", "missing", "缺报"),
    ("pending", "pending", "未到"),
    // the daily report's open items (the others are with open_jobs' reasons above)
    ("complaint_open", "complaint open", "投诉未结"),
    ("response_overdue", "on site overdue", "上门超时"),
    // complaints: sources, categories, settlements, states
    ("hotline", "hotline", "热线"),
    // also what a correction corrects (the latest callback result)
    ("callback", "callback", "回访"),
    ("center", "from the center", "中心转来"),
    ("walk_in", "walk-in", "来访"),
    ("letter", "letter", "来信"),
    ("attitude", "attitude", "服务态度"),
    ("quality", "repair quality", "维修质量"),
    ("charge", "charge", "收费"),
    ("delay", "delay", "不及时"),
    ("forgery", "forgery", "弄虚作假"),
    ("other", "other", "其他"),
    ("apology", "apology", "道歉"),
    ("refund", "refund", "退费"),
    ("compensation", "compensation", "赔偿"),
    ("no_fault", "no fault", "无责"),
    ("responded", "answered", "已答复"),
    ("settled", "settled", "已结案"),
    // what a correction corrects
    ("job", "job", "服务单"),
    ("visit", "latest visit", "最近一次上门"),
    ("card", "card", "监督卡"),
    // the customer's voice: answers, follow-ups, discipline
    ("neutral", "neutral", "一般"),
    ("followup_pending", "follow-up due", "待跟踪回访"),
    ("followup", "follow-up", "跟踪回访"),
    ("warning", "warning", "警告"),
    ("dismissal", "dismissal", "辞退"),
    ("solved", "solved", "问题解决"),
    ("week", "week", "周"),
    ("month", "month", "月"),
    ("", "—", "—"),
];

/// Shorter labels for narrow columns, where they differ.
const SHORT: &[(&str, &str, &str)] = &[
    ("signature_missing", "no signature", "无人签字"),
    ("needs_appointment", "needs appt", "需重约"),
    ("callback_pending", "callback", "待回访"),
    ("awaiting_card", "card due", "待收卡"),
    ("in_workshop", "workshop", "拉修中"),
    ("revisit", "re-visit", "再上门"),
    ("unscheduled", "no appt", "未预约"),
    ("signature_suspect", "sig. suspect", "签字可疑"),
    ("warranty_record_missing", "no warranty rec", "缺保修单"),
    ("satisfaction_conflict", "satisf. conflict", "满意度矛盾"),
    ("unsure", "unsure", "无把握"),
    ("pulled", "pulled", "拉修"),
    ("not_home", "not home", "不在家"),
    ("awaiting_parts", "parts", "等备件"),
    ("loaner_over_limit", "over 5 days", "超期限"),
    ("charge_over_standard", "over standard", "超标准"),
    ("charge_in_warranty", "in-warranty fee", "保内收费"),
    ("fixed_untested", "untested", "未试机"),
    ("in", "in", "保内"),
    ("out", "out", "保外"),
    ("2h", "2h", "2h"),
    ("3h", "3h", "3h"),
];

fn lookup(
    table: &[(&str, &'static str, &'static str)],
    lang: Lang,
    code: &str,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, en, zh)| match lang {
            Lang::En => *en,
            Lang::Zh => *zh,
        })
}

/// The label of a SPEC code (job status, outcome, card state, result …);
/// an unknown code is shown as it is.
pub fn code(lang: Lang, code: &str) -> String {
    lookup(CODES, lang, code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// A code as the command line's text shows it: the code itself in English
/// (what scripts have always read), its label in Chinese.
pub fn cli_code(lang: Lang, c: &str) -> String {
    match lang {
        Lang::En => c.to_string(),
        Lang::Zh => code(lang, c),
    }
}

/// The `status --json` `counts` names as the center screen shows them.
const COUNT_WORDS: &[(&str, &str, &str)] = &[
    ("today_jobs", "today's jobs", "今日服务单"),
    ("open_jobs", "jobs to book", "待预约服务单"),
    ("callbacks_pending", "callbacks pending", "待回访"),
    ("callbacks_overdue", "callbacks overdue", "超时回访"),
    (
        "cards_awaiting_signature",
        "cards awaiting signature",
        "待签字监督卡",
    ),
    ("discrepancies", "discrepancies", "差异"),
    ("discrepancies_open", "discrepancies open", "未处理差异"),
    ("to_verify", "to verify", "待核实"),
    ("conflicts", "appointment conflicts", "预约冲突"),
    ("invoices_owed", "invoices owed", "欠发票"),
    ("loaner_returns", "loaners out", "周转机未收回"),
    ("loaners_overdue", "loaners overdue", "周转机逾期"),
    ("complaints", "complaints open", "未结投诉"),
    (
        "complaints_response_overdue",
        "complaints unanswered",
        "投诉超时未答复",
    ),
    ("response_overdue", "not on site in time", "超时未上门"),
    // Named as they are in English (the screens showed them so).
    ("cases", "cases", "待中心批示"),
    ("to_inform", "customers to tell of a delay", "待告知延误"),
    ("followups_pending", "follow-ups pending", "待跟踪回访"),
    ("followups_overdue", "follow-ups overdue", "跟踪回访超时"),
    ("repeats", "repeats", "返修"),
];

/// A `counts` name in words (the name itself when it has none).
pub fn count_name(lang: Lang, name: &str) -> String {
    lookup(COUNT_WORDS, lang, name)
        .map(str::to_string)
        .unwrap_or_else(|| name.to_string())
}

/// The audit trail's actions, for the timeline.
const AUDIT_ACTIONS: &[(&str, &str, &str)] = &[
    ("demo", "demo", "演示数据"),
    ("reconcile", "reconcile", "对账"),
    ("config", "settings", "设置"),
    ("export", "export", "导出"),
    ("center_check", "center check", "中心检查"),
    ("import", "import", "导入"),
    // Named as they are in English (the trail's own action names).
    ("correct", "correct", "更正"),
    ("resolve", "resolve", "处理差异"),
    ("verify", "verify", "核实"),
    ("informed", "informed", "已告知延误"),
    ("visit", "visit", "上门"),
    ("restore", "restore", "恢复备份"),
    ("escalate", "escalate", "上报"),
    ("acknowledge", "acknowledge", "确认"),
];

/// An audit entry in the timeline: the action's label and its summary. The
/// summary is written in English by the operation; a Chinese screen shows
/// it only when it has no English words in it (numbers, codes and dates).
pub fn audit_line(lang: Lang, action: &str, summary: &str) -> (String, String) {
    let label = lookup(AUDIT_ACTIONS, lang, action)
        .map(str::to_string)
        .unwrap_or_else(|| code(lang, action));
    let english = summary
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_lowercase()));
    let summary = if lang == Lang::Zh && english {
        String::new()
    } else {
        summary.to_string()
    };
    (label, summary)
}

/// The columns of the jobs, visits, cards and callbacks files, as a person
/// reads them (a correction names the fields it changed by column).
const COLUMNS: &[(&str, &str, &str)] = &[
    ("customer", "customer", "用户"),
    ("phone", "phone", "电话"),
    ("address", "address", "地址"),
    ("product_model", "model", "型号"),
    ("purchase_date", "purchase date", "购买日期"),
    ("fault", "fault", "故障"),
    ("requirement", "requirement", "用户要求"),
    ("received_at", "received at", "派工时间"),
    ("appointment_start", "appointment from", "预约开始"),
    ("appointment_end", "appointment to", "预约结束"),
    ("engineer", "engineer", "工程师"),
    ("warranty", "warranty", "保修"),
    ("arrived_at", "arrived at", "到达时间"),
    ("finished_at", "finished at", "完工时间"),
    ("outcome", "outcome", "上门结果"),
    ("charge", "charge", "收费"),
    ("receipt_no", "receipt no.", "收据号"),
    ("invoice_owed", "invoice owed", "欠发票"),
    ("return_due", "loaner back by", "周转机归还日"),
    (
        "new_appointment_start",
        "new appointment from",
        "新预约开始",
    ),
    ("new_appointment_end", "new appointment to", "新预约结束"),
    ("note", "note", "备注"),
    ("returned_at", "returned at", "交回时间"),
    ("satisfaction", "satisfaction", "满意度"),
    ("signed_by", "signed by", "签字人"),
    ("warranty_record", "warranty record", "保修记录单"),
    ("result", "result", "回访结果"),
    // Named as they are in English (the import problems' columns).
    ("job_no", "job_no", "服务单号"),
    ("branch", "branch", "网点"),
    ("called_at", "called_at", "回访时间"),
    ("caller", "caller", "回访人"),
    ("attitude", "attitude", "服务态度"),
    ("quality", "quality", "维修质量"),
    ("solved", "solved", "问题解决"),
    ("fee_items", "fee_items", "收费项目"),
    ("machine_receipt_no", "machine_receipt_no", "机器收据号"),
    ("code", "code", "收费代码"),
    ("name", "name", "名称"),
    ("amount", "amount", "金额"),
];

/// A file column as a person reads it (the column itself when unknown).
pub fn column_label(lang: Lang, column: &str) -> String {
    lookup(COLUMNS, lang, column)
        .map(str::to_string)
        .unwrap_or_else(|| column.to_string())
}

/// A correction's audit summary (`desk::corrections` writes it in English:
/// `KIND corrected: FIELD "before" → "after", …[; re-visit R opened|cancelled]
/// ; reason: R`), said in the clerk's language; the summary itself when it
/// does not read as one.
pub fn correction_summary(lang: Lang, summary: &str) -> String {
    parse_correction(summary)
        .map(|c| {
            let changes: Vec<String> = c
                .changes
                .iter()
                .map(|(field, before, after)| {
                    let v = |x: &str| {
                        if x.is_empty() {
                            "—".to_string()
                        } else {
                            code(lang, x)
                        }
                    };
                    format!("{} {} → {}", column_label(lang, field), v(before), v(after))
                })
                .collect();
            let sep = if lang == Lang::Zh { "；" } else { "; " };
            let mut out = trf(
                lang,
                T::TlCorrected,
                &[&code(lang, c.kind), &changes.join(sep)],
            );
            for r in c.opened {
                out += &format!("{sep}{}", trf(lang, T::TlCorrRevisitOpened, &[&r]));
            }
            for r in c.cancelled {
                out += &format!("{sep}{}", trf(lang, T::TlCorrRevisitCancelled, &[&r]));
            }
            out + &format!("{sep}{}", trf(lang, T::TlReason, &[&c.reason]))
        })
        .unwrap_or_else(|| summary.to_string())
}

struct ParsedCorrection<'a> {
    kind: &'a str,
    changes: Vec<(String, String, String)>,
    opened: Vec<String>,
    cancelled: Vec<String>,
    reason: String,
}

fn parse_correction(s: &str) -> Option<ParsedCorrection<'_>> {
    let (kind, mut rest) = s.split_once(" corrected: ")?;
    // A Rust debug string literal at the start of `t`: its text and the rest.
    fn literal(t: &str) -> Option<(String, &str)> {
        let mut chars = t.strip_prefix('"')?.char_indices();
        let mut out = String::new();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((out, &t[i + 2..])),
                '\\' => match chars.next()?.1 {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    c => out.push(c),
                },
                c => out.push(c),
            }
        }
        None
    }
    let mut changes = Vec::new();
    loop {
        let (field, r) = rest.split_once(' ')?;
        let (before, r) = literal(r)?;
        let r = r.strip_prefix(" → ")?;
        let (after, r) = literal(r)?;
        changes.push((field.to_string(), before, after));
        match r.strip_prefix(", ") {
            Some(next) => rest = next,
            None => {
                rest = r;
                break;
            }
        }
    }
    let (middle, reason) = rest.split_once("; reason: ")?;
    let (mut opened, mut cancelled) = (Vec::new(), Vec::new());
    for part in middle.split("; ").filter(|p| !p.is_empty()) {
        let r = part.strip_prefix("re-visit ")?;
        if let Some(no) = r.strip_suffix(" opened") {
            opened.push(no.to_string());
        } else {
            cancelled.push(r.strip_suffix(" cancelled")?.to_string());
        }
    }
    Some(ParsedCorrection {
        kind,
        changes,
        opened,
        cancelled,
        reason: reason.to_string(),
    })
}

#[cfg(test)]
mod correction_tests {
    use super::*;

    #[test]
    fn a_correction_summary_is_said_in_chinese_whole() {
        let s = r#"callback corrected: result "satisfied" → "unsatisfied", note "" → "客户说\"没修好\""; re-visit J1-R1 opened; reason: 录错了; 再核"#;
        assert_eq!(
            correction_summary(Lang::Zh, s),
            "回访已更正：回访结果 满意 → 不满意；备注 — → 客户说\"没修好\"；已开二次上门 J1-R1；原因：录错了; 再核"
        );
        let en = correction_summary(Lang::En, s);
        assert!(
            en.starts_with("callback corrected: result satisfied → unsatisfied"),
            "{en}"
        );
        // Not one of ours: shown as it is.
        assert_eq!(
            correction_summary(Lang::Zh, "something else"),
            "something else"
        );
    }
}

/// A discrepancy's detail as the reconciliation wrote it
/// (`domain::reconcile`), said in the clerk's language.
pub fn discrepancy_detail(lang: Lang, detail: &str) -> String {
    if lang == Lang::En {
        return detail.to_string();
    }
    let fixed: &[(&str, &str)] = &[
        (
            "card came back after the cut-off",
            "监督卡在截止时间后才交回",
        ),
        ("no card back", "监督卡未交回"),
        ("card signed by nobody", "监督卡无人签字"),
        ("customer denies signing the card", "用户否认在监督卡上签字"),
        (
            "in-warranty repair without the warranty record",
            "保内维修缺保修记录",
        ),
        (
            "card says satisfied, callback says unsatisfied",
            "监督卡写满意，回访为不满意",
        ),
        ("out-of-warranty charge without a receipt", "保外收费无收据"),
    ];
    if let Some((_, zh)) = fixed.iter().find(|(en, _)| *en == detail) {
        return zh.to_string();
    }
    if let Some(who) = detail.strip_prefix("\"satisfied\" signed by ") {
        return format!("“满意”由{}签字", code(lang, who));
    }
    if let Some(rest) = detail.strip_prefix("card charge ")
        && let Some((card, visits)) = rest.split_once(" differs from reported ")
    {
        return format!("监督卡收费 {card} 与上报的 {visits} 不符");
    }
    if let Some(rest) = detail.strip_prefix("charged ")
        && let Some((charge, fees)) = rest.split_once(" for fee items of ")
    {
        return format!("收费 {charge}，按收费项目应为 {fees}");
    }
    detail.to_string()
}

/// A short label for narrow columns.
pub fn code_short(lang: Lang, c: &str) -> String {
    lookup(SHORT, lang, c)
        .map(str::to_string)
        .unwrap_or_else(|| code(lang, c))
}

/// `s` padded with blanks to `width` terminal cells (a Chinese character
/// takes two), so that columns of names line up; longer text is kept whole.
pub fn pad(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Day of the week, for the header.
pub fn weekday(lang: Lang, d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    let i = match d {
        Mon => 0,
        Tue => 1,
        Wed => 2,
        Thu => 3,
        Fri => 4,
        Sat => 5,
        Sun => 6,
    };
    match lang {
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages_with_the_same_placeholders() {
        for t in T::ALL {
            let (en, zh) = (t.get(Lang::En), t.get(Lang::Zh));
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{t:?}");
            assert_eq!(
                en.matches("{}").count(),
                zh.matches("{}").count(),
                "{t:?}: {en:?} / {zh:?}"
            );
        }
    }

    #[test]
    fn every_code_of_the_spec_has_a_label_in_both_languages() {
        use crate::domain::{callback, card, job, reconcile, status, visit};
        let mut codes: Vec<&str> = Vec::new();
        codes.extend(status::JobStatus::ALL.iter().map(|c| c.code()));
        codes.extend(visit::Outcome::ALL.iter().map(|c| c.code()));
        codes.extend(visit::CallbackKind::ALL.iter().map(|c| c.code()));
        codes.extend(card::CardState::ALL.iter().map(|c| c.code()));
        codes.extend(card::SignedBy::ALL.iter().map(|c| c.code()));
        codes.extend(card::Satisfaction::ALL.iter().map(|c| c.code()));
        codes.extend(callback::CallbackResult::ALL.iter().map(|c| c.code()));
        codes.extend(reconcile::DiscrepancyKind::ALL.iter().map(|c| c.code()));
        codes.extend(reconcile::Resolution::ALL.iter().map(|c| c.code()));
        codes.extend(reconcile::DiscrepancyStatus::ALL.iter().map(|c| c.code()));
        codes.extend(job::Warranty::ALL.iter().map(|c| c.code()));
        use crate::domain::complaint as cp;
        codes.extend(cp::Source::ALL.iter().map(|c| c.code()));
        codes.extend(cp::Category::ALL.iter().map(|c| c.code()));
        codes.extend(cp::Settlement::ALL.iter().map(|c| c.code()));
        codes.extend(cp::ComplaintState::ALL.iter().map(|c| c.code()));
        for c in codes {
            assert!(lookup(CODES, Lang::En, c).is_some(), "no label for {c}");
            assert!(lookup(CODES, Lang::Zh, c).is_some(), "no label for {c}");
        }
    }

    #[test]
    fn placeholders_fill_in_order() {
        assert_eq!(fill("{} of {}", &[&1, &"two"]), "1 of two");
        assert_eq!(trf(Lang::Zh, T::DueIn, &[&"0:42"]), "0:42后到期");
        assert_eq!(trf(Lang::En, T::OverdueBy, &[&"1:15"]), "overdue 1:15");
    }
}

/// The English words of a Chinese output (for the tests of the screens and
/// of the command line): runs of ASCII letters that are not in `allowed`,
/// not capitals only (part of a model or a code) and not part of a code, a
/// model, a number, a path or a time (a run touching a digit, a `/` or a
/// `-` of capitals is one of those: `2611230005`, `QD-LS`, `KFR-35GW`,
/// `2h`, `2026-12-07T14:00`).
pub fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    let token_char = |c: char| c.is_ascii_alphanumeric() || "-_/.".contains(c);
    for token in text.split(|c: char| !token_char(c)) {
        let token = token.trim_matches('.');
        // A number, a code with digits, a file path.
        if token.is_empty() || token.chars().any(|c| c.is_ascii_digit() || c == '/') {
            continue;
        }
        if token.contains('-') && token.chars().all(|c| c.is_ascii_uppercase() || c == '-') {
            continue; // a branch code
        }
        for w in token.split(['-', '.']) {
            let capitals = w.chars().all(|c| c.is_ascii_uppercase());
            if !w.is_empty()
                && !capitals
                && w.chars().all(|c| c.is_ascii_alphabetic())
                && !allowed.contains(&w)
            {
                words.push(w.to_string());
            }
        }
    }
    words
}

/// The import checks' reasons, written in English by `io` and `domain`
/// (the text scripts and the English desk read), as templates: in the
/// English text `{}` stands for a value; in the Chinese one `{}` shows the
/// value as it is, `{c}` a code by its label and `{r}` a part said again
/// by this table. The first template that matches says the reason.
const PROBLEMS: &[(&str, &str)] = &[
    ("required, but blank", "必填，但为空"),
    (
        "unknown code {} (expected one of: {})",
        "未知代码 {}（可填：{}）",
    ),
    ("{} is not yes or no", "{} 不是“是”或“否”"),
    ("{}: a charge cannot be negative", "{}：金额不能为负数"),
    (
        "{} is not an amount of money (e.g. 120 or 120.50)",
        "{} 不是金额（例如 120 或 120.50）",
    ),
    (
        "{} is not a valid time (use RFC 3339 or YYYY-MM-DD HH:MM)",
        "{} 不是有效的时间（请用 RFC 3339 或 YYYY-MM-DD HH:MM）",
    ),
    (
        "{} is not a valid date (use YYYY-MM-DD)",
        "{} 不是有效的日期（请用 YYYY-MM-DD）",
    ),
    ("{} is not a whole number", "{} 不是整数"),
    (
        "{} is not a time of day (use HH:MM)",
        "{} 不是时刻（请用 HH:MM）",
    ),
    ("{}: outside the years {}–{}", "{}：不在 {}–{} 年之内"),
    (
        "{} is in the future (now is {}): it cannot have happened yet",
        "{} 晚于现在（{}）：不可能已经发生",
    ),
    ("{} does not exist in local time", "本地时间中没有 {}"),
    (
        "{} is later than now: a call cannot have been made yet",
        "{} 晚于现在：电话不可能已经打过",
    ),
    (
        "a {} visit needs arrived_at or finished_at",
        "{c}的上门需要填写 arrived_at 或 finished_at",
    ),
    ("ends before {}", "早于 {}"),
    ("blank, but {} is given", "为空，但填写了 {}"),
    (
        "{} is not a branch code (letters, digits, - and _, at most 32)",
        "{} 不是网点代码（字母、数字、- 和 _，最多 32 个）",
    ),
    (
        "unknown job {}: import its job first",
        "没有服务单 {}：请先导入该服务单",
    ),
    (
        "job {} is of branch {}, but this database belongs to branch {}",
        "服务单 {} 属于网点 {}，但本数据库属于网点 {}",
    ),
    ("{} is already on line {}", "{} 已在第 {} 行出现"),
    (
        "{}: a fee code cannot contain ; or ,",
        "{}：收费代码不能含 ; 或 ,",
    ),
    (
        "unknown fee code {}: no fee standard yet (import fees first)",
        "未知收费代码 {}：还没有收费标准（先导入收费标准 import fees）",
    ),
    (
        "unknown fee code {} (not in the fee standard)",
        "未知收费代码 {}（收费标准中没有）",
    ),
    (
        "not a column (did you mean {}?)",
        "不是文件的列（是否应为 {}？）",
    ),
    (
        "the file is empty: expected a header row",
        "文件为空：应有表头行",
    ),
    (
        "column appears twice in the header",
        "该列在表头中出现了两次",
    ),
    (
        "required column is missing from the header",
        "表头中缺少这一必需的列",
    ),
    ("header is not valid UTF-8", "表头不是有效的 UTF-8 文本"),
    (
        "not valid UTF-8 (save the file as UTF-8)",
        "不是有效的 UTF-8 文本（请把文件另存为 UTF-8）",
    ),
    (
        "the file is UTF-16 (Excel's \"Unicode text\"): save it as CSV UTF-8",
        "文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为 CSV UTF-8",
    ),
    (
        "the file ends inside a quoted field that starts on this line: it is cut short \
         (a truncated copy, or a quote mark never closed)",
        "文件在本行开始的带引号字段中结束：文件不完整（复制时被截断，或引号未闭合）",
    ),
    (
        "the file is GBK-encoded: read as UTF-8 this is {} (with U+{}, which no Chinese \
         dispatch file holds), read as GBK {}: save the file as UTF-8",
        "文件是 GBK 编码：按 UTF-8 读是 {}（含 U+{}，派工文件中不会有），按 GBK 读是 {}：\
         请把文件另存为 UTF-8",
    ),
    (
        "{} fields, but the header has {}; a quote mark (\") opened on this line is never closed",
        "有 {} 个字段，但表头有 {} 列；本行有未闭合的引号（\"）",
    ),
    (
        "{} fields, but the header has {}",
        "有 {} 个字段，但表头有 {} 列",
    ),
    (
        "more fields than the header's {}; a quote mark (\") opened on this line is never closed",
        "字段多于表头的 {} 列；本行有未闭合的引号（\"）",
    ),
    ("more fields than the header's {}", "字段多于表头的 {} 列"),
    ("{} characters, at most {}", "{} 个字符，最多 {} 个"),
    ("no data rows after the header", "表头之后没有数据行"),
    (
        "{} is not an RFC 3339 time ({}), e.g. {}",
        "{} 不是 RFC 3339 时间（{r}），例如 {}",
    ),
    // Rust's reasons a whole number does not parse (a case's number).
    ("invalid digit found in string", "不是整数"),
    ("cannot parse integer from empty string", "为空，应为整数"),
    ("number too large to fit in target type", "数字太大"),
    ("number too small to fit in target type", "数字太小"),
    // chrono's reasons a time does not parse.
    ("premature end of input", "不完整"),
    ("input contains invalid characters", "含无效字符"),
    ("trailing input", "末尾有多余内容"),
    ("input is out of range", "超出范围"),
    (
        "no possible date and time matching input",
        "没有这样的日期时间",
    ),
    (
        "input is not enough for unique date and time",
        "不足以确定日期时间",
    ),
    ("no values", "没有内容"),
    // Each named control character first: two placeholders side by side
    // (`U+{}{}`) cannot tell where the code ends.
    (
        "contains the control character U+{} (NUL): a field is printable text",
        "含控制字符 U+{}（空字符）：字段应为可打印文本",
    ),
    (
        "contains the control character U+{} (carriage return): a field is printable text",
        "含控制字符 U+{}（回车）：字段应为可打印文本",
    ),
    (
        "contains the control character U+{} (escape): a field is printable text",
        "含控制字符 U+{}（ESC）：字段应为可打印文本",
    ),
    (
        "contains the control character U+{} (delete): a field is printable text",
        "含控制字符 U+{}（删除符）：字段应为可打印文本",
    ),
    (
        "contains the control character U+{}: a field is printable text",
        "含控制字符 U+{}：字段应为可打印文本",
    ),
    (" (NUL)", "（空字符）"),
    (" (carriage return)", "（回车）"),
    (" (escape)", "（ESC）"),
    (" (delete)", "（删除符）"),
    (
        "{} contains the invisible or control character U+{}: {} is printable text",
        "{} 含不可见字符或控制字符 U+{}：{r}应为可打印文本",
    ),
    (
        "{} contains the space character U+{}, which looks like another: {} is printable text without such spaces",
        "{} 含特殊空格字符 U+{}，与其他字符难以区分：{r}应为不含此类空格的可打印文本",
    ),
    ("a job number", "服务单号"),
    ("a fee code", "收费代码"),
    ("an engineer's name", "工程师姓名"),
    // Before the shorter one, which would take `"李" (and 8 more fields)`
    // for its last value.
    (
        "{} has {}, this line says {} (and {} more fields); corrections are made on the dashboard",
        "{r}为 {}，本行为 {}（另有 {} 个字段不同）；更正请在工作台上进行",
    ),
    (
        "{} has {}, this line says {}; corrections are made on the dashboard",
        "{r}为 {}，本行为 {}；更正请在工作台上进行",
    ),
    (
        "the call on job {} at that time has {}, this line says {}; corrections are made \
         with `correct callback`",
        "服务单 {} 该时刻的回访为 {}，本行为 {}；更正请用 correct callback",
    ),
    ("job {} on line {}", "第 {1} 行的服务单 {0}"),
    ("job {} already imported", "已导入的服务单 {}"),
    ("the visit of job {} at that time", "服务单 {} 该时刻的上门"),
    ("the card of job {}", "服务单 {} 的监督卡"),
    (
        "answers are given only with result satisfied or unsatisfied, not {} (the customer did \
         not judge the service)",
        "只有回访结果为满意或不满意时才有评价，而不是{c}（用户未评价服务）",
    ),
    (
        "solved no needs result unsatisfied, not {} (an unsolved problem is not a satisfied \
         customer)",
        "问题未解决时回访结果应为不满意，而不是{c}（问题没解决的用户不会满意）",
    ),
    // Reasons said as they are in English (a setting, a restore, a command
    // line's argument; the desk's own refusals have their words in
    // `desk::said`).
    ("{} is not set", "{} 未设置"),
    ("unknown setting {}", "没有设置项 {}"),
    (
        "unknown time zone {} (use an IANA name such as Asia/Shanghai, or +08:00)",
        "未知时区 {}（请用 IANA 名称，例如 Asia/Shanghai，或 +08:00）",
    ),
    (
        "mouse is on or off, not {}",
        "mouse 应为 on 或 off，而不是 {}",
    ),
    ("no job {}", "没有服务单 {}"),
    ("a case needs a note (--note)", "案件需要备注（--note）"),
    ("{} needs a note (--note)", "{} 需要备注（--note）"),
    ("{} is not FIELD=VALUE", "{} 不是 字段=值 的形式"),
    (
        "{}: not a field of a job (the fields are {})",
        "{}：不是服务单的字段（可改的字段：{}）",
    ),
    (
        "{}: not a field of a visit (the fields are {})",
        "{}：不是上门记录的字段（可改的字段：{}）",
    ),
    (
        "{}: not a field of a card (the fields are {})",
        "{}：不是监督卡的字段（可改的字段：{}）",
    ),
    (
        "{}: not a field of a callback (the fields are {})",
        "{}：不是回访结果的字段（可改的字段：{}）",
    ),
    (
        "{} already holds {} jobs; demo data goes into a new database (--db NEW.db)",
        "{} 已有 {} 张服务单；演示数据只写入新数据库（--db 新文件.db）",
    ),
    (
        "{} is the database itself, not a backup of it",
        "{} 就是数据库本身，不是它的备份",
    ),
    ("{}: not a backup file", "{}：不是备份文件"),
    ("not a database (file is not a database)", "不是数据库文件"),
    (
        "{} is a backup of branch {}, but {} is branch {}: nothing was restored",
        "{} 是网点 {} 的备份，但 {} 属于网点 {}：未恢复任何数据",
    ),
    (
        "keeping {} aside: {}; nothing was restored",
        "无法保留 {}：{r}；未恢复任何数据",
    ),
    (
        "the rulings file is not signed; nothing was imported",
        "批示文件没有签名；未导入任何数据",
    ),
    ("{}; nothing was imported", "{r}；未导入任何数据"),
    ("the rulings file is not signed", "批示文件没有签名"),
    ("intact ({} entries)", "完好（{} 条记录）"),
    (
        "{} anchor(s) of the center match the trail",
        "中心的 {} 个锚点与审计记录一致",
    ),
    ("not a rulings file (JSON: {})", "不是批示文件（JSON：{}）"),
    // The system's reasons for a file (`std::io::Error`).
    (
        "No such file or directory (os error {})",
        "文件或文件夹不存在",
    ),
    ("Is a directory (os error {})", "这是文件夹，不是文件"),
    ("Not a directory (os error {})", "不是文件夹"),
    ("Permission denied (os error {})", "没有权限"),
    ("File exists (os error {})", "文件已存在"),
    ("No space left on device (os error {})", "磁盘已满"),
    ("Read-only file system (os error {})", "文件系统只读"),
    // A reason behind a name, a path or a field: `NAME: reason`.
    ("{}: {}", "{}：{r}"),
];

/// The values a template's `{}` stand for in `text`, when it matches.
fn template_values<'a>(template: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = template.split("{}").collect();
    let mut rest = text.strip_prefix(parts[0])?;
    let mut values = Vec::new();
    for (i, lit) in parts.iter().enumerate().skip(1) {
        if i == parts.len() - 1 {
            values.push(rest.strip_suffix(lit)?);
            rest = "";
        } else {
            let at = rest.find(lit)?;
            values.push(&rest[..at]);
            rest = &rest[at + lit.len()..];
        }
    }
    rest.is_empty().then_some(values)
}

/// A command-line argument refused before anything was done: tried before
/// every other template, whose first `{}` would take in its name.
const ARGUMENT_PROBLEMS: &[(&str, &str)] = &[
    (
        "argument {}: {}; nothing was done",
        "第 {} 个参数：{r}；未做任何操作",
    ),
    ("--{}: {}; nothing was done", "--{}：{r}；未做任何操作"),
];

/// An import problem's reason in the clerk's language (as it is in
/// English, and when no template knows it).
pub fn problem_reason(lang: Lang, reason: &str) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    // The center's reasons first: the desk's last template (`NAME: reason`)
    // would take theirs apart.
    let templates = ARGUMENT_PROBLEMS
        .iter()
        .chain(center::REPORT_PROBLEMS)
        .chain(PROBLEMS);
    'templates: for (en, zh) in templates {
        let Some(values) = template_values(en, reason) else {
            continue;
        };
        let mut out = String::new();
        let mut rest = *zh;
        let mut next = 0;
        while let Some(at) = rest.find('{') {
            let Some(end) = rest[at..].find('}') else {
                break;
            };
            out.push_str(&rest[..at]);
            // `{}`, `{c}`, `{r}`, or with the value's place: `{1}`, `{0:c}`.
            let mark = &rest[at + 1..at + end];
            let (place, how) = match mark.split_once(':') {
                Some((n, how)) => (n.parse::<usize>().ok(), how),
                None => match mark.parse::<usize>() {
                    Ok(n) => (Some(n), ""),
                    Err(_) => (None, mark),
                },
            };
            let place = place.unwrap_or_else(|| {
                next += 1;
                next - 1
            });
            let value = values.get(place).copied().unwrap_or_default();
            match how {
                "c" => out.push_str(&code(lang, value)),
                "r" => {
                    // A part no template knows: the whole is said as it is
                    // rather than half in each language.
                    let said = problem_reason(lang, value);
                    if said == value && !value.is_empty() {
                        continue 'templates;
                    }
                    out.push_str(&said)
                }
                _ => out.push_str(value),
            }
            rest = &rest[at + end + 1..];
        }
        out.push_str(rest);
        return out;
    }
    reason.to_string()
}

/// The column an import problem names: a file's column stays as it is
/// (its name is what the file's header says), with its label in Chinese;
/// the file's parts (`header`, `record`, `column N`) are said in words.
/// The column slot of a problem line (`FILE:LINE: column: reason`): a
/// file's column by its own name alone, whatever the language (a reader
/// splits the line on it); the parts of a file that are no column
/// (`header`, `record`, `column 3`) in the clerk's language.
pub fn problem_column(lang: Lang, column: &str) -> String {
    if lang == Lang::En {
        return column.to_string();
    }
    match column {
        "header" => "表头".to_string(),
        "record" => "记录".to_string(),
        _ => match column.strip_prefix("column ") {
            Some(n) => format!("第 {n} 列"),
            None => column.to_string(),
        },
    }
}

/// A column's name for people, to begin a problem's reason with
/// (`派工时间：…`), when it has one in `lang`.
fn problem_label(lang: Lang, column: &str) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Zh => lookup(COLUMNS, lang, column),
    }
}

/// A text a lower layer wrote in English (a refusal, a file's reason),
/// in the clerk's language by the same templates as an import problem.
pub fn said(lang: Lang, text: &str) -> String {
    problem_reason(lang, text)
}

/// One import problem, `LINE: column: reason`, in the clerk's language
/// (the English line is the problem's own `Display`).
pub fn problem_line(lang: Lang, line: u64, column: &str, reason: &str) -> String {
    match lang {
        Lang::En => format!("{line}: {column}: {reason}"),
        Lang::Zh => {
            let reason = problem_reason(lang, reason);
            match problem_label(lang, column) {
                Some(label) => format!("{line}: {column}: {label}：{reason}"),
                None => format!("{line}: {}: {reason}", problem_column(lang, column)),
            }
        }
    }
}

#[cfg(test)]
mod said_tests {
    use super::*;

    /// A manifest that is not JSON, or cut short, said where it breaks.
    #[test]
    fn a_broken_manifest_is_said_in_chinese() {
        for (why, zh) in [
            (
                "the JSON ends too early, at line 1 column 18",
                "JSON 不完整，在第 1 行第 18 列就结束了",
            ),
            ("not JSON at line 1 column 2", "第 1 行第 2 列起不是 JSON"),
            (
                "generation: the text \"1\" where a whole number 0 or more belongs",
                "字段 generation：文字 \"1\"，应为非负整数",
            ),
            ("the field rows is missing", "缺少字段 rows"),
        ] {
            let line = format!("manifest QD01_2026-11-23.manifest.json is not valid: {why}");
            assert_eq!(
                said(Lang::Zh, &line),
                format!("清单 QD01_2026-11-23.manifest.json 无效：{zh}")
            );
        }
    }

    #[test]
    fn english_reasons_are_said_in_chinese_by_template_and_unchanged_in_english() {
        let zh = |r: &str| problem_reason(Lang::Zh, r);
        assert_eq!(zh("required, but blank"), "必填，但为空");
        // A value kept, a code by its label, a nested part said again.
        assert_eq!(
            zh("a fixed visit needs arrived_at or finished_at"),
            "已修复的上门需要填写 arrived_at 或 finished_at"
        );
        assert_eq!(
            zh(
                "job J1 on line 3 has \"王\", this line says \"李\"; corrections are made on the dashboard"
            ),
            "第 3 行的服务单 J1为 \"王\"，本行为 \"李\"；更正请在工作台上进行"
        );
        assert_eq!(
            zh("a.csv: No such file or directory (os error 2)"),
            "a.csv：文件或文件夹不存在"
        );
        // A command line's argument, named by its option or its place.
        assert_eq!(
            zh("--note: 5000 characters, at most 2000; nothing was done"),
            "--note：5000 个字符，最多 2000 个；未做任何操作"
        );
        assert_eq!(
            zh(
                "argument 13: contains the control character U+001B (escape): a field is printable text; nothing was done"
            ),
            "第 13 个参数：含控制字符 U+001B（ESC）：字段应为可打印文本；未做任何操作"
        );
        assert_eq!(
            zh(
                "\"J\\u{a0}1\" contains the space character U+00A0, which looks like another: \
                a job number is printable text without such spaces"
            ),
            "\"J\\u{a0}1\" 含特殊空格字符 U+00A0，与其他字符难以区分：服务单号应为不含此类空格的可打印文本"
        );
        // Nothing known: said whole as it is, never half in each language.
        assert_eq!(zh("x: something new: y"), "x: something new: y");
        let en = "\"x\" is not yes or no";
        assert_eq!(problem_reason(Lang::En, en), en);
        assert_eq!(
            problem_line(Lang::En, 2, "phone", en),
            format!("2: phone: {en}")
        );
        // The column alone in its slot; its label begins the reason.
        assert_eq!(
            problem_line(Lang::Zh, 2, "phone", en),
            "2: phone: 电话：\"x\" 不是“是”或“否”"
        );
        assert_eq!(problem_line(Lang::Zh, 1, "header", "x"), "1: 表头: x");
        // The same job with other content, in one language.
        let twice = "job J1 already imported has \"张三\", this line says \"李四\" (and 8 more \
                     fields); corrections are made on the dashboard";
        assert_eq!(
            zh(twice),
            "已导入的服务单 J1为 \"张三\"，本行为 \"李四\"（另有 8 个字段不同）；更正请在工作台上进行"
        );
    }
}
