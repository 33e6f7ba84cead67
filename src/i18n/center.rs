//! The center's reasons, written in English by `center` and `domain` (the
//! text scripts and the English center read), as templates in the way of
//! the import problems' (`super::PROBLEMS`): why a branch's report was
//! rejected, why a file under the reports folder was skipped, why a key or
//! a check time was refused. Tried before the desk's templates.

pub(super) const REPORT_PROBLEMS: &[(&str, &str)] = &[
    // The reports folder's files.
    ("{}: {}; skipped", "{}：{r}；已跳过"),
    (
        "{}: a symbolic link, skipped (only regular files inside the folder are imported)",
        "{}：符号链接，已跳过（只导入文件夹里的普通文件）",
    ),
    (
        "{}: folders nested deeper than {} are not looked into",
        "{}：超过 {} 层的子文件夹不会查看",
    ),
    (
        "{}: not a regular file (a FIFO, socket or device), skipped",
        "{}：不是普通文件（管道、套接字或设备），已跳过",
    ),
    ("cannot read: {}", "无法读取：{r}"),
    ("not a regular file", "不是普通文件"),
    (
        "{} bytes, more than the {} a file of this kind can have",
        "{} 字节，超过此类文件的上限 {}",
    ),
    (
        "more than the {} bytes a file of this kind can have",
        "超过此类文件的上限 {} 字节",
    ),
    (
        "{} bytes, more than the {} a daily report can have (a branch's busiest day is a few \
         megabytes)",
        "{} 字节，超过日报的上限 {}（网点最忙的一天也只有几 MB）",
    ),
    (
        "more than the {} a daily report can have (it grew while read)",
        "超过日报的上限 {}（读取时文件还在变大）",
    ),
    (
        "the report {}.csv is missing beside its manifest",
        "清单旁边缺少日报 {}.csv",
    ),
    (
        "SHA-256 {} differs from the manifest's {}: the file was changed or cut short (or its \
         export was interrupted: the branch's next export replaces it)",
        "SHA-256 {} 与清单中的 {} 不符：文件被改动过或不完整（也可能是导出被中断：网点下次导出会替换它）",
    ),
    ("{}: {}: refused, not read", "{}：{r}：已拒收，未读取"),
    ("{}: {}: refused", "{}：{r}：已拒收"),
    // Who sent it, and whether it may be believed.
    (
        "branch {} is not one this center takes reports from (accept_new_branches = no): \
         refused. Add it first with `branchdesk center branches add {} NAME --key HEX` (its key \
         as `branchdesk key` shows it at the branch)",
        "本中心不接收网点 {} 的日报（accept_new_branches = no）：已拒收。请先添加：\
         branchdesk center branches add {} 名称 --key 公钥（公钥即网点上 branchdesk key 显示的）",
    ),
    (
        "signed with another key than branch {}'s pinned key {}: refused (a branch that really \
         has a new key is re-pinned with `branchdesk center branches rekey {} --key HEX --reason \
         TEXT`)",
        "签名所用的密钥不是网点 {} 已记下的密钥 {}：已拒收（网点确实换了密钥时，用 \
         branchdesk center branches rekey {} --key 公钥 --reason 原因 改记）",
    ),
    ("branch {}: {}; refused", "网点 {}：{r}；已拒收"),
    ("the manifest is not signed", "清单没有签名"),
    (
        "the manifest's signature does not match its content (changed after it was signed)",
        "清单的签名与内容不符（签名后被改动过）",
    ),
    ("the manifest's signature: {}", "清单的签名：{r}"),
    ("signature: {}", "签名：{r}"),
    ("public key {}: {}", "公钥 {}：{r}"),
    (
        "public key {} is not an Ed25519 key",
        "公钥 {} 不是 Ed25519 密钥",
    ),
    ("{} hex digits expected", "应为 {} 位十六进制数字"),
    (
        "branch code in the file name: {}",
        "文件名中的网点代码：{r}",
    ),
    (
        "a report of branch {} in the folder {}: each branch's reports are in a folder named \
         by its code ({}/), so this one was refused",
        "网点 {} 的日报在文件夹 {} 中：每个网点的日报应放在以其代码命名的文件夹（{}/）中，因此已拒收",
    ),
    // The manifest.
    (
        "no manifest {}.manifest.json beside the report",
        "日报旁边没有清单 {}.manifest.json",
    ),
    (
        "manifest {}.manifest.json is not valid: the JSON ends too early, at line {} column {}",
        "清单 {}.manifest.json 无效：JSON 不完整，在第 {} 行第 {} 列就结束了",
    ),
    (
        "manifest {}.manifest.json is not valid: not JSON at line {} column {}",
        "清单 {}.manifest.json 无效：第 {} 行第 {} 列起不是 JSON",
    ),
    // A field of the wrong type (`domain::signing::from_json_value`).
    (
        "manifest {}.manifest.json is not valid: {}: {} where {} belongs",
        "清单 {}.manifest.json 无效：字段 {}：{r}，应为{r}",
    ),
    (
        "manifest {}.manifest.json is not valid: the field {} is missing",
        "清单 {}.manifest.json 无效：缺少字段 {}",
    ),
    (
        "not a rulings file ({}: {} where {} belongs)",
        "不是批示文件（字段 {}：{r}，应为{r}）",
    ),
    (
        "not a rulings file (the field {} is missing)",
        "不是批示文件（缺少字段 {}）",
    ),
    ("the text {}", "文字 {}"),
    ("the number {}", "数字 {}"),
    ("a whole number 0 or more", "非负整数"),
    ("a whole number", "整数"),
    ("text", "文字"),
    ("a list", "列表"),
    ("an object", "对象"),
    ("true or false", "true 或 false"),
    ("null", "空值"),
    (
        "manifest {}.manifest.json is not valid: {}",
        "清单 {}.manifest.json 无效：{}",
    ),
    (
        "manifest {}.manifest.json: {}",
        "清单 {}.manifest.json：{r}",
    ),
    (
        "manifest schema {} is not one this branchdesk reads (up to {})",
        "清单的格式版本 {} 本程序读不了（最高 {}）",
    ),
    (
        "manifest is for branch {}, the file name says {}",
        "清单属于网点 {}，文件名却是 {}",
    ),
    (
        "manifest is for {}, the file name says {}",
        "清单的日期是 {}，文件名却是 {}",
    ),
    (
        "manifest generation {} is not one a day can have (1 to {})",
        "清单的版本号 {} 不合理（应为 1 到 {}）",
    ),
    (
        "manifest audit_head is not {\"entries\": N, \"hash\": 64 hex}",
        "清单的 audit_head 格式不对（应有条数 entries 与 64 位十六进制的 hash）",
    ),
    ("manifest has no audit_head", "清单没有 audit_head"),
    (
        "manifest {} {} is not an RFC 3339 time ({})",
        "清单的 {} {} 不是 RFC 3339 时间（{r}）",
    ),
    (
        "manifest {} {} is outside the years 2000–2099",
        "清单的 {} {} 不在 2000–2099 年之内",
    ),
    (
        "manifest cutoff_at {} is not on the report's day {}",
        "清单的 cutoff_at {} 不在日报当天 {}",
    ),
    ("manifest {}: {}", "清单的 {}：{r}"),
    (
        "the report's date {} has no midnight",
        "日报日期 {} 没有零点",
    ),
    (
        "the report is dated {}, a day that has not begun (now is {})",
        "日报日期为 {}，这一天还没开始（现在是 {}）",
    ),
    (
        "generated_at {} is in the future (now is {}): refused",
        "generated_at {} 晚于现在（{}）：已拒收",
    ),
    (
        "generated_at {} is before the report's day {} began",
        "generated_at {} 早于日报当天 {} 的开始",
    ),
    (
        "generation {} must list the {} earlier generation(s) in its history, it lists {}",
        "第 {} 版的历史记录应列出之前的 {} 版，实际列出 {} 版",
    ),
    (
        "history time {} is before the report's day {} began (no report of a day is made \
         before it)",
        "历史时间 {} 早于日报当天 {} 的开始（当天的日报不会在此之前生成）",
    ),
    (
        "history time {} is not after the one before it",
        "历史时间 {} 不晚于前一个",
    ),
    (
        "history time {} is not earlier than generated_at {}",
        "历史时间 {} 不早于 generated_at {}",
    ),
    // What the center already holds of the branch-day.
    (
        "generation {} of {} {} was imported before with other content; a corrected report \
         must be exported again (a new generation)",
        "{1} {2} 的第 {0} 版已导入过，内容不同；更正的日报须重新导出（新的一版）",
    ),
    (
        "generation {} of {} {} contradicts what the center holds: {}, the center holds \
         generation {} of {} (a branch restored from an older backup exports into the folder \
         the center reads, where its next report numbers on after the one already there)",
        "{1} {2} 的第 {0} 版与中心已有的不符：{3:r}，中心已有的第 {4} 版生成于 {5}（网点从较旧的\
         备份恢复后导出到中心读取的文件夹，下一份日报应接着已有的版本编号）",
    ),
    ("this report's own time", "本日报自身的时间"),
    (
        "its history says generation {} was made at {}",
        "其历史记录写第 {} 版生成于 {}",
    ),
    // The rows and their count.
    (
        "the manifest says {} rows, the file has {}",
        "清单写有 {} 行，文件有 {} 行",
    ),
    (
        "… and {} more problem(s) in the rows (the first {} are listed)",
        "……各行另有 {} 个问题（只列出前 {} 个）",
    ),
    ("{} in the report for {}", "{} 与日报日期 {} 不符"),
    ("{} in the report of branch {}", "{} 与日报所属网点 {} 不符"),
    ("is empty", "为空"),
    ("{} appears twice", "{} 出现了两次"),
    ("{} is not a number of minutes", "{} 不是分钟数"),
    ("{} is not a number of attempts", "{} 不是回访次数"),
    ("{} is not kind:resolution", "{} 不是“差异类型:处理方式”"),
    ("not a voice cell ({})", "不是周期计数单元格（{}）"),
    // The center's rulings file, refused at the branch (`import rulings`).
    (
        "the rulings file's signature does not match its content (changed after it was signed)",
        "批示文件的签名与内容不符（签名后被改动过）",
    ),
    ("the rulings file's signature: {}", "批示文件的签名：{r}"),
    ("not a rulings file ({})", "不是批示文件（{}）"),
    (
        "rulings file schema {} is not one this branchdesk reads ({})",
        "批示文件的格式版本 {} 本程序读不了（应为 {}）",
    ),
    (
        "generated_at {} is in the future",
        "generated_at {} 晚于现在",
    ),
    ("generated_at: {}", "generated_at：{r}"),
    ("this database has no branch yet", "本数据库还没有网点"),
    (
        "the rulings are for branch {}, but this database belongs to branch {}",
        "批示是给网点 {} 的，但本数据库属于网点 {}",
    ),
    (
        "signed with the key {}, not the center's key pinned here ({}); if the center has a \
         new key, pin it with config center_key HEX",
        "签名所用的密钥是 {}，不是本网点记下的中心密钥（{}）；如果中心换了密钥，用 \
         branchdesk config center_key 公钥 记下它",
    ),
    (
        "names case {} ({} {}), which this branch does not have",
        "批示的案件 {}（{c}，服务单 {}）本网点没有",
    ),
    ("case {}: a ruling without a note", "案件 {}：批示没有备注"),
    ("case {}: ruled_at: {}", "案件 {}：ruled_at：{r}"),
    (
        "case {} already has another ruling ({}); a case is ruled once",
        "案件 {} 已有另一批示（{c}）；一个案件只批示一次",
    ),
    ("case {}: {}", "案件 {}：{r}"),
    // The center's check times and notes.
    ("check time {}: {}", "检查时刻 {}：{r}"),
    (
        "at least one check time is needed, e.g. 10:00,18:00",
        "至少需要一个检查时刻，例如 10:00,18:00",
    ),
    (
        "{} contains the control character U+{}",
        "{} 含控制字符 U+{}",
    ),
];
