//! The command line's own usage errors (an unknown flag, a value not in
//! the list, a missing argument) in the clerk's language: clap says them
//! in English; with `--lang zh` (or a Chinese locale) they are said here
//! from the error's parts, the names and values as they were typed.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;

/// The language asked for on a command line that did not parse: `--lang`
/// as typed (`--lang zh`, `--lang=zh`), else the locale.
pub fn lang_of_args(args: &[std::ffi::OsString], locale: Option<&str>) -> Lang {
    let mut asked = None;
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            asked = args.next().map(|v| v.into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            asked = Some(v.to_string());
        }
    }
    match asked.as_deref() {
        Some("zh") => Lang::Zh,
        Some(_) => Lang::En,
        None if locale.is_some_and(|l| l.starts_with("zh")) => Lang::Zh,
        None => Lang::En,
    }
}

/// A usage error in Chinese, with the usage line and where to read more;
/// `None` for what is not an error (help, version) or a kind not known
/// here (clap's English is printed then).
pub fn said_zh(e: &clap::Error) -> Option<String> {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::InvalidValue => {
            let mut s = if value.is_empty() {
                format!("错误：{arg} 需要一个值")
            } else {
                format!("错误：{arg} 的值 '{value}' 无效")
            };
            if let Some(valid) = text(ContextKind::ValidValue) {
                s.push_str(&format!("（可取：{valid}）"));
            }
            s
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| crate::i18n::said(Lang::Zh, &s.to_string()))
                .unwrap_or_default();
            format!("错误：{arg} 的值 '{value}' 无效：{why}")
        }
        ErrorKind::UnknownArgument => format!("错误：没有参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "错误：没有命令 '{}'",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => {
            let which = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("错误：{which} 需要一个子命令")
        }
        ErrorKind::ArgumentConflict => format!(
            "错误：{arg} 不能与 {} 同时使用",
            text(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("错误：{arg} 的值要用等号写（{arg}=值）"),
        ErrorKind::TooManyValues => format!("错误：{arg} 的值太多：'{value}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "错误：{arg} 需要 {} 个值，给了 {} 个",
            text(ContextKind::ExpectedNumValues)
                .or_else(|| text(ContextKind::MinValues))
                .unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::InvalidUtf8 => format!("错误：{arg} 不是 UTF-8 文字"),
        _ => return None,
    };
    // What clap would suggest (a near name, `--` before a value that
    // starts with a dash), kept as it is typed.
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        if let Some(s) = text(kind) {
            out.push_str(&format!("；是否想用 '{s}'？"));
        }
    }
    if let Some(usage) = text(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let usage = usage.strip_prefix("用法：").unwrap_or(usage).trim();
        // After a question, the usage follows it without a semicolon.
        let sep = if out.ends_with('？') { "" } else { "；" };
        out.push_str(&format!("{sep}用法：{usage}"));
    }
    Some(out)
}

/// clap's own error as one line (SPEC: a one-line reason on stderr): its
/// lines joined, a line that ends in a colon with what it introduces, the
/// pointer to `--help` left out.
pub fn one_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("For more information") {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if out.ends_with(':') { " " } else { "; " });
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(a: &[&str]) -> Vec<std::ffi::OsString> {
        a.iter().map(|s| s.into()).collect()
    }

    #[test]
    fn the_language_of_a_command_line_that_did_not_parse() {
        assert_eq!(lang_of_args(&args(&["x", "--lang", "zh"]), None), Lang::Zh);
        assert_eq!(lang_of_args(&args(&["x", "--lang=zh"]), None), Lang::Zh);
        assert_eq!(
            lang_of_args(&args(&["x", "--lang", "en"]), Some("zh_CN.UTF-8")),
            Lang::En
        );
        assert_eq!(lang_of_args(&args(&["x"]), Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(lang_of_args(&args(&["x"]), Some("C")), Lang::En);
        // After `--` a word is a value, not an option.
        assert_eq!(
            lang_of_args(&args(&["x", "--", "--lang=zh"]), None),
            Lang::En
        );
    }

    #[test]
    fn usage_errors_are_said_in_chinese_from_their_parts() {
        let err = |a: &[&str]| super::super::Cli::try_parse_from(a).unwrap_err();
        let unknown = said_zh(&err(&["branchdesk", "status", "--jsn"])).unwrap();
        assert!(unknown.starts_with("错误：没有参数 '--jsn'"), "{unknown}");
        assert!(unknown.contains("'--json'"), "{unknown}");
        assert!(unknown.contains("用法：branchdesk status"), "{unknown}");
        let value = said_zh(&err(&["branchdesk", "--lang", "fr", "status"])).unwrap();
        assert!(value.contains("'fr' 无效（可取：zh、en）"), "{value}");
        let command = said_zh(&err(&["branchdesk", "statsu"])).unwrap();
        assert!(command.starts_with("错误：没有命令 'statsu'"), "{command}");
        let now = said_zh(&err(&["branchdesk", "--now", "tomorrow", "status"])).unwrap();
        assert!(now.contains("'tomorrow' 无效"), "{now}");
        // Help is not an error: clap prints it.
        assert!(said_zh(&err(&["branchdesk", "--help"])).is_none());
        // Each is one line.
        for said in [&unknown, &value, &command, &now] {
            assert_eq!(said.lines().count(), 1, "{said}");
        }
    }

    #[test]
    fn clap_errors_are_said_in_one_line() {
        let err = |a: &[&str]| super::super::Cli::try_parse_from(a).unwrap_err();
        let missing = one_line(&err(&["branchdesk", "callback", "J1"]).render().to_string());
        assert!(
            missing.starts_with(
                "error: the following required arguments were not provided: --result <RESULT>; Usage: branchdesk callback"
            ),
            "{missing}"
        );
        let unknown = one_line(&err(&["branchdesk", "status", "--jsn"]).render().to_string());
        assert!(
            unknown.starts_with("error: unexpected argument '--jsn' found; tip:"),
            "{unknown}"
        );
        for said in [missing, unknown] {
            assert_eq!(said.lines().count(), 1, "{said}");
            assert!(!said.contains("For more information"), "{said}");
        }
    }
}
