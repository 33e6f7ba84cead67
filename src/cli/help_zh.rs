//! `--help` in Chinese (with `--lang zh`, or a Chinese locale): the
//! command tree's own words (the doc comments clap shows) said again from
//! [`HELP`], and clap's words (the usage line, the headings, a default, an
//! environment variable, the values to choose from) said here. Names to
//! type (commands, options, values, placeholders) stay as they are typed.

use clap::{Arg, Command};

/// Every help text of the command tree, in English as the doc comments say
/// it and in Chinese. A test fails on a help text missing here.
const HELP: &[(&str, &str)] = &[
    // The program and its global options.
    (
        "The branch information clerk's desk: jobs, 2 h / 3 h callbacks, supervision cards, daily reconciliation",
        "网点信息员工作台：服务单、2 小时 / 3 小时回访、监督卡、每日对账",
    ),
    (
        "Database file [default: branchdesk.db in the user's data directory]; a center may instead give a PostgreSQL URL (postgres://…)",
        "数据库文件（默认：用户数据目录中的 branchdesk.db）；中心也可给出 PostgreSQL 地址（postgres://…）",
    ),
    (
        "Fix the clock (RFC 3339), for tests, demos and reproducible reports",
        "固定时钟（RFC 3339），用于测试、演示和可重现的报表",
    ),
    (
        "Who is at the keyboard, for the audit trail [default: the `operator` setting, else the login name]",
        "操作人，记入审计记录（默认：operator 设置，否则为登录名）",
    ),
    (
        "Language of the screens and messages [default: from the locale]",
        "界面和消息的语言（默认：按系统区域设置）",
    ),
    (
        "Folder of the branches' private signing keys, one `<BRANCH>.key` each [default: keys/ in the user's data directory]",
        "各网点签名私钥所在的文件夹，每个网点一个 <BRANCH>.key（默认：用户数据目录中的 keys/）",
    ),
    (
        "Use the demo database (created and filled on first use)",
        "使用演示数据库（首次使用时创建并填入数据）",
    ),
    ("Print help", "显示帮助"),
    (
        "Print help (see more with '--help')",
        "显示帮助（--help 显示详细说明）",
    ),
    (
        "Print help (see a summary with '-h')",
        "显示帮助（-h 显示摘要）",
    ),
    ("Print version", "显示版本"),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本帮助，或所给命令的帮助",
    ),
    // The branch's commands.
    (
        "Fill the database with realistic demo data",
        "向数据库填入逼真的演示数据",
    ),
    (
        "Import a CSV file: jobs from dispatch, visits from engineers, cards handed back",
        "导入 CSV 文件：派工的服务单、工程师的上门记录、交回的监督卡",
    ),
    (
        "The branch's fee standard (code, name, amount)",
        "网点的收费标准：代码、名称、金额",
    ),
    (
        "The center's signed rulings on the branch's cases (a JSON file)",
        "中心对网点案件的签名批示，JSON 文件",
    ),
    (
        "Log a callback result on the job's earliest-due pending timed callback, else on its follow-up, with the customer's answers",
        "登记回访结果：记在该服务单最早到期的待办定时回访上，没有则记在跟踪回访上，连同客户的评价",
    ),
    (
        "The customer's answer on the engineer's attitude",
        "客户对工程师服务态度的评价",
    ),
    (
        "The customer's answer on the repair's quality",
        "客户对维修质量的评价",
    ),
    (
        "Whether the problem is solved (yes|no)",
        "问题是否已解决（yes|no）",
    ),
    (
        "Correct a record of a job: the job, its latest visit, its card, or its latest callback result (FIELD=VALUE with the columns of its CSV file)",
        "更正服务单的一条记录：服务单本身、最近一次上门、监督卡或最近一次回访结果（FIELD=VALUE，字段为其 CSV 文件的列）",
    ),
    (
        "FIELD=VALUE, one or more (a blank VALUE clears the field)",
        "一个或多个 FIELD=VALUE（VALUE 为空则清空该字段）",
    ),
    (
        "Why the record was wrong (required; kept in the audit trail)",
        "记录为何有误（必填；记入审计记录）",
    ),
    (
        "Run the daily reconciliation and print what it found",
        "运行每日对账并列出发现的问题",
    ),
    (
        "Day to reconcile (YYYY-MM-DD) [default: today]",
        "对账日期（YYYY-MM-DD，默认：今天）",
    ),
    (
        "Resolve a discrepancy (remedial_callback, penalty or note)",
        "处理一条差异（remedial_callback、penalty 或 note）",
    ),
    (
        "The dashboard's content as text or JSON",
        "以文本或 JSON 输出工作台内容",
    ),
    (
        "The supervisor's list of overdue callbacks, most overdue first",
        "督导的超时回访清单，超时最久的在前",
    ),
    (
        "Write a report: `export daily` is the day's report for the center",
        "生成报表：export daily 为报送中心的日报",
    ),
    (
        "The day's report: DIR/<BRANCH>/<BRANCH>_<DATE>.csv and its manifest",
        "当日日报：DIR/<BRANCH>/<BRANCH>_<DATE>.csv 及其清单文件",
    ),
    (
        "Day to report (YYYY-MM-DD) [default: today]",
        "日报日期（YYYY-MM-DD，默认：今天）",
    ),
    (
        "The weekly or monthly summary (周报/月报): the rates per engineer and for the branch, DIR/<BRANCH>/<BRANCH>_summary_<week|month>_<START>.csv + .xlsx",
        "周报/月报：各工程师及全网点的各项比率，DIR/<BRANCH>/<BRANCH>_summary_<week|month>_<START>.csv 及 .xlsx",
    ),
    (
        "week (the ISO week, Monday first) or month",
        "week（ISO 周，周一为首日）或 month",
    ),
    (
        "A day of the period (YYYY-MM-DD) [default: today]",
        "期间内的任一天（YYYY-MM-DD，默认：今天）",
    ),
    (
        "Record that a job's owed invoice was delivered",
        "登记服务单所欠发票已送达",
    ),
    (
        "Record that a job's missing information was checked with dispatch",
        "登记服务单缺失的信息已与派工核实",
    ),
    (
        "Show or change a setting: branch, timezone (e.g. Asia/Shanghai), cutoff (HH:MM), check_times (the center's, e.g. 10:00,18:00), reports_dir (where the center screen imports from)",
        "查看或修改设置：branch（网点）、timezone（时区，如 Asia/Shanghai）、cutoff（截止时间 HH:MM）、check_times（中心的检查时间，如 10:00,18:00）、reports_dir（中心界面导入报表的文件夹）",
    ),
    (
        "Cases for the center's ruling: add, list, close",
        "提请中心批示的案件：add（新增）、list（列出）、close（结案）",
    ),
    (
        "Open a case for the center's ruling on a job; prints its id",
        "就一张服务单提请中心批示，新建案件并显示其编号",
    ),
    (
        "fee_waiver, payment_refused, compensation, return_exchange, damage, detention, apology_refused or entry_refused",
        "fee_waiver、payment_refused、compensation、return_exchange、damage、detention、apology_refused 或 entry_refused",
    ),
    (
        "The cases not closed (every one with --all)",
        "未结案的案件（加 --all 列出全部）",
    ),
    (
        "Close a case after acting on the center's ruling (refused before one)",
        "按中心批示处理后结案（尚无批示时不能结案）",
    ),
    (
        "An engineer will be late: the customers of the engineer's later appointments today are to be told",
        "工程师将迟到：需通知该工程师今天后续预约的客户",
    ),
    (
        "The customer of a job was told of the engineer's delay",
        "已告知服务单的客户工程师将迟到",
    ),
    (
        "The complaint log: add, respond, settle, list",
        "投诉登记：add（登记）、respond（答复）、settle（处理完毕）、list（列出）",
    ),
    (
        "Record a complaint received now; prints its id",
        "登记刚收到的投诉，并显示其编号",
    ),
    (
        "The job it is about (none: a complaint about no job in particular)",
        "所涉服务单（不填：与具体服务单无关的投诉）",
    ),
    (
        "hotline, callback, center, walk_in or letter",
        "hotline、callback、center、walk_in 或 letter",
    ),
    (
        "attitude, quality, charge, delay, forgery or other",
        "attitude、quality、charge、delay、forgery 或 other",
    ),
    (
        "The customer [default: the job's]",
        "客户（默认：服务单上的客户）",
    ),
    (
        "The customer's phone [default: the job's]",
        "客户电话（默认：服务单上的电话）",
    ),
    (
        "The engineer it counts against [default: the job's]",
        "所计入的工程师（默认：服务单上的工程师）",
    ),
    (
        "Record the answer given to the customer (due within complaint_response_hours)",
        "登记给客户的答复（须在 complaint_response_hours 小时内）",
    ),
    (
        "Settle a complaint (due within complaint_settle_days)",
        "处理完毕一条投诉（须在 complaint_settle_days 天内）",
    ),
    (
        "apology, revisit, refund, compensation, penalty or no_fault",
        "apology、revisit、refund、compensation、penalty 或 no_fault",
    ),
    (
        "The complaints not settled (every one with --all)",
        "未处理完毕的投诉（加 --all 列出全部）",
    ),
    (
        "The supervisor's screen: overdue callbacks, suspected forgeries, engineers' scorecard, re-visit chains (as text when not on a terminal)",
        "督导界面：超时回访、疑似代签、工程师记分卡、返修链（不在终端时输出文本）",
    ),
    (
        "The scorecard's period: today, 7d or 30d",
        "记分卡的期间：today、7d 或 30d",
    ),
    (
        "The audit trail: `audit verify` checks it, `audit log` shows it",
        "审计记录：audit verify 校验，audit log 查看",
    ),
    (
        "Check that the trail is intact and every audited row still matches it",
        "校验审计记录完整，且每条受审计的记录仍与之相符",
    ),
    (
        "The center's anchors of this branch (`center anchors BRANCH --out FILE`): also check that the trail still holds every head the center was sent",
        "中心保存的本网点锚点（center anchors BRANCH --out FILE）：同时校验审计记录仍含报送给中心的每个记录头",
    ),
    (
        "Show the trail: time, operator, action, job, summary",
        "查看审计记录：时间、操作人、操作、服务单、摘要",
    ),
    ("Only the entries of this job", "只看这张服务单的记录"),
    (
        "The branch's public signing key (made on first use) and where its private half is kept",
        "网点的签名公钥（首次使用时生成）及其私钥的存放位置",
    ),
    (
        "Make a new key (the old one lost or stolen; an old key file is kept beside it); the center then re-pins it with `center branches rekey`",
        "生成新密钥（旧密钥丢失或被盗；旧密钥文件保留在旁）；之后由中心用 center branches rekey 重新登记",
    ),
    (
        "Check the whole database file now (`PRAGMA quick_check`); writing commands check at most once a day, the dashboard at every start",
        "立即检查整个数据库文件（PRAGMA quick_check）；写入类命令每天最多检查一次，工作台每次启动都检查",
    ),
    (
        "Put a backup in place of the database (the current file kept beside it as `<db>.replaced-<time>`), the restore recorded in the trail",
        "用备份替换数据库（当前文件保留为 <db>.replaced-<time>），恢复操作记入审计记录",
    ),
    (
        "The backup file (as `backup` made it)",
        "备份文件（由 backup 生成）",
    ),
    (
        "Copy the database with SQLite's online backup (safe while the dashboard runs)",
        "用 SQLite 在线备份复制数据库（工作台运行时也安全）",
    ),
    (
        "Destination file [default: <db dir>/backups/<db name>-<YYYYMMDD-HHMMSS>.db]",
        "目标文件（默认：<db dir>/backups/<db name>-<YYYYMMDD-HHMMSS>.db）",
    ),
    // The center's commands.
    (
        "The service center: the center clerk's screen, or one of its commands",
        "服务中心：中心信息员界面，或其命令之一",
    ),
    (
        "Import every branch report found under DIR, each checked against its manifest",
        "导入 DIR 下找到的所有网点报表，每份都与其清单核对",
    ),
    ("Folder of reports", "报表所在文件夹"),
    (
        "Each expected branch's state at each check time, and its figures",
        "每个应报网点在各检查时间的状态及其指标",
    ),
    (
        "Day (YYYY-MM-DD) [default: today]",
        "日期（YYYY-MM-DD，默认：今天）",
    ),
    (
        "The branches the center expects reports from (list, or `add CODE [NAME]`)",
        "中心应收报表的网点（列出，或 add CODE [NAME] 新增）",
    ),
    ("The expected branches", "应报网点"),
    (
        "Expect reports from a branch; `--key` pins its public signing key",
        "新增应报网点；--key 登记其签名公钥",
    ),
    (
        "The branch's public key (64 hex, from `branchdesk key` at the branch)",
        "网点公钥（64 位十六进制，在网点用 branchdesk key 查看）",
    ),
    (
        "Pin another public key for a branch (a new machine, a lost key), with a reason for the audit trail",
        "为网点改记另一把公钥（换了电脑、密钥丢失），并说明原因记入审计记录",
    ),
    (
        "Record that a branch was checked at a check time, with a note",
        "登记某网点在某检查时间已检查，附备注",
    ),
    (
        "Day to check (YYYY-MM-DD) [default: today]",
        "检查日期（YYYY-MM-DD，默认：今天）",
    ),
    (
        "Check time (HH:MM) [default: the check time that counts now]",
        "检查时间（HH:MM，默认：当前适用的检查时间）",
    ),
    (
        "The audit heads BRANCH's reports carried, for `audit verify --anchors` at the branch",
        "BRANCH 的报表所带的审计记录头，供网点运行 audit verify --anchors 使用",
    ),
    (
        "Write them to FILE [default: standard output]",
        "写入 FILE（默认：标准输出）",
    ),
    (
        "The center's summary of every branch: DIR/center/summary-<DATE>.csv; `export rulings` the signed rulings for each branch; `export summary` the weekly or monthly rates per branch",
        "中心的各网点汇总：DIR/center/summary-<DATE>.csv；export rulings 为各网点的签名批示；export summary 为各网点的周/月比率",
    ),
    (
        "Each branch's new rulings: DIR/<BRANCH>/<BRANCH>_rulings_<YYYYMMDDTHHMMSS>.json, signed",
        "各网点的新批示：DIR/<BRANCH>/<BRANCH>_rulings_<YYYYMMDDTHHMMSS>.json，已签名",
    ),
    (
        "The weekly or monthly summary of every branch (one `*` row each, from the reports held): DIR/center/summary_<week|month>_<START>.csv + .xlsx",
        "各网点的周报/月报（每个网点一行 *，取自已收报表）：DIR/center/summary_<week|month>_<START>.csv 及 .xlsx",
    ),
    (
        "The cases the branches reported for the center's ruling",
        "各网点提请中心批示的案件",
    ),
    ("Rule on a branch's case", "批示网点的案件"),
    ("approved, rejected or other", "approved、rejected 或 other"),
    (
        "The center's public signing key (made on first use), which signs its rulings",
        "中心的签名公钥（首次使用时生成），用于签署批示",
    ),
];

/// The Chinese of a help text, if [`HELP`] has it.
fn zh(en: &str) -> Option<&'static str> {
    HELP.iter().find(|(e, _)| *e == en).map(|(_, z)| *z)
}

/// The whole command tree with its help in Chinese.
pub fn localize(mut cmd: Command) -> Command {
    // Built first, so that the arguments clap adds (help, version, the
    // `help` command) and the global options copied into every command are
    // there to be said too.
    cmd.build();
    localize_command(cmd)
}

fn localize_command(mut cmd: Command) -> Command {
    if let Some(text) = cmd.get_about().and_then(|a| zh(&a.to_string())) {
        cmd = cmd.about(text);
    }
    if let Some(text) = cmd.get_long_about().and_then(|a| zh(&a.to_string())) {
        cmd = cmd.long_about(text);
    }
    let usage = cmd
        .clone()
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("[COMMAND]", "[命令]")
        .replace("<COMMAND>", "<命令>");
    cmd = cmd
        .override_usage(usage)
        .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令");
    // In the order they were shown (a heading of one's own would sort them
    // by name).
    let args: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for (order, id) in args.into_iter().enumerate() {
        cmd = cmd.mut_arg(id, |a| localize_arg(a).display_order(order));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, localize_command);
    }
    cmd
}

/// An argument's help in Chinese, with what clap would add in English (the
/// values to choose from, a default, an environment variable) said after it.
fn localize_arg(arg: Arg) -> Arg {
    let mut help = arg
        .get_help()
        .map(|h| h.to_string())
        .map(|h| zh(&h).map_or(h, str::to_string))
        .unwrap_or_default();
    let mut notes = Vec::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| match v.get_help() {
            Some(h) => {
                let h = h.to_string();
                format!("{}（{}）", v.get_name(), zh(&h).unwrap_or(&h))
            }
            None => v.get_name().to_string(),
        })
        .collect();
    // A flag's `true`/`false` are not values to type.
    if !values.is_empty() && takes_values(&arg) {
        notes.push(format!("可选值：{}", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|d| d.to_string_lossy().into_owned())
        .filter(|d| !d.is_empty())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && takes_values(&arg) {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    if let Some(env) = arg.get_env()
        && !arg.is_hide_env_set()
    {
        notes.push(format!("环境变量：{}", env.to_string_lossy()));
    }
    if !notes.is_empty() {
        help.push_str(&format!("（{}）", notes.join("；")));
    }
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let long = arg
        .get_long_help()
        .map(|h| h.to_string())
        .and_then(|h| zh(&h));
    let mut arg = arg
        .help(help)
        .hide_possible_values(true)
        .hide_default_value(true)
        .hide_env(true)
        .help_heading(heading);
    if let Some(long) = long {
        arg = arg.long_help(long);
    }
    arg
}

/// Whether the argument takes a value (a flag's default `false` is not one
/// to show).
fn takes_values(arg: &Arg) -> bool {
    arg.get_num_args().is_none_or(|n| n.takes_values())
        && !matches!(
            arg.get_action(),
            clap::ArgAction::SetTrue | clap::ArgAction::SetFalse | clap::ArgAction::Count
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command's path under `cmd`, the program's own first.
    fn paths(cmd: &Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            paths(sub, p, out);
        }
    }

    fn find<'c>(cmd: &'c mut Command, path: &[String]) -> &'c mut Command {
        path.iter().fold(cmd, |c, name| {
            c.find_subcommand_mut(name).expect("a command of the tree")
        })
    }

    /// The words a help may show in ASCII letters: what is typed (the
    /// commands, options and values) and the setting keys it names.
    fn typed(cmd: &Command, out: &mut Vec<String>) {
        out.push(cmd.get_name().to_string());
        for a in cmd.get_arguments() {
            out.extend(a.get_long().map(str::to_string));
            out.extend(
                a.get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string()),
            );
        }
        for s in cmd.get_subcommands() {
            typed(s, out);
        }
    }

    /// A help in Chinese: no English word but what is typed (a command, an
    /// option, a value, a setting's key), a code or a path.
    #[test]
    fn every_commands_help_is_chinese_with_lang_zh() {
        let mut cmd = localize(crate::cli::Cli::command());
        let mut allowed = Vec::new();
        typed(&cmd, &mut allowed);
        allowed.extend(
            [
                "branchdesk",
                "h",
                "SQLite",
                "PostgreSQL",
                "operator",
                "keys",
                "xlsx",
                "csv",
                "json",
                "postgres",
                "hex",
                "complaint_response_hours",
                "complaint_settle_days",
                "check_times",
                "reports_dir",
                "remedial_callback",
                "penalty",
                "note",
                "db",
                "dir",
                "name",
                "replaced",
                "time",
                "week",
                "month",
                "backups",
                "summary",
                "rulings",
                "yes",
                "no",
            ]
            .map(str::to_string),
        );
        allowed.extend(CODES.iter().map(|c| c.to_string()));
        // A name typed with a `-` is checked a part at a time.
        let parts: Vec<String> = allowed
            .iter()
            .flat_map(|w| w.split('-').map(str::to_string).collect::<Vec<_>>())
            .collect();
        allowed.extend(parts);
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let mut all = Vec::new();
        paths(&cmd, Vec::new(), &mut all);
        assert!(all.len() > 40, "{}", all.len());
        let mut leaks = Vec::new();
        for path in all {
            let c = find(&mut cmd, &path);
            for text in [
                c.render_help().to_string(),
                c.render_long_help().to_string(),
            ] {
                let words = crate::i18n::english_words(&text.replace("--", " "), &allowed);
                if !words.is_empty() {
                    leaks.push(format!("{path:?}: {words:?}\n{text}"));
                }
                assert!(text.contains("用法："), "{path:?}\n{text}");
            }
        }
        assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
    }

    /// Codes the helps list (each is typed as it is).
    const CODES: &[&str] = &[
        "apology",
        "revisit",
        "refund",
        "compensation",
        "penalty",
        "hotline",
        "callback",
        "center",
        "letter",
        "attitude",
        "quality",
        "charge",
        "delay",
        "forgery",
        "other",
        "damage",
        "detention",
        "approved",
        "rejected",
        "today",
        "exports",
        "add",
        "list",
        "close",
        "respond",
        "settle",
        "log",
        "verify",
        "anchors",
        "rekey",
        "branches",
        "branch",
        "timezone",
        "cutoff",
        "export",
        "daily",
        "backup",
        "key",
        "audit",
    ];

    /// Every help text of the command tree (`about`, each argument's help
    /// and each value's), as clap holds them.
    fn help_texts(c: &Command, out: &mut Vec<String>) {
        let mut text = |t: Option<&clap::builder::StyledStr>| {
            out.extend(t.map(|t| t.to_string()).filter(|t| !t.is_empty()))
        };
        text(c.get_about());
        text(c.get_long_about());
        for a in c.get_arguments() {
            text(a.get_help());
            text(a.get_long_help());
            for v in a.get_possible_values() {
                text(v.get_help());
            }
        }
        for s in c.get_subcommands() {
            help_texts(s, out);
        }
    }

    /// Every help text of the tree has its Chinese (a new command or option
    /// without one fails here, not in front of a clerk).
    #[test]
    fn every_help_text_has_its_chinese() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut used = Vec::new();
        help_texts(&cmd, &mut used);
        let mut missing: Vec<&String> = used.iter().filter(|t| zh(t).is_none()).collect();
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "{missing:#?}");
        // And no entry is left over from a text that is gone.
        let unused: Vec<&str> = HELP
            .iter()
            .map(|(e, _)| *e)
            .filter(|e| !used.iter().any(|u| u == e))
            .collect();
        assert!(unused.is_empty(), "{unused:#?}");
    }
}
