//! The fixed codes of the SPEC, each with its text form. One macro keeps the
//! code, the parser and the list of valid values in one place.

macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses the exact code (surrounding blanks ignored): `Fixed`
            /// or `IN` is an unknown code, as the SPEC's codes are fixed.
            pub fn parse(s: &str) -> Result<$name, String> {
                let t = s.trim();
                $(if t == $code { return Ok($name::$variant); })+
                Err(format!(
                    "unknown code {:?} (expected one of: {})",
                    t,
                    [$($code),+].join(", ")
                ))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
    };
}
pub(crate) use codes;

/// `yes` / `no` columns.
pub fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "1" | "true" | "是" => Ok(true),
        "no" | "n" | "0" | "false" | "否" => Ok(false),
        other => Err(format!("{other:?} is not yes or no")),
    }
}

/// A `yes`|`no` column of a file (`invoice_owed`, `warranty_record`,
/// `solved`): the code exactly (surrounding blanks ignored), as every code
/// of the SPEC; `Y`, `YES` or `是` is an unknown code. (Settings and the
/// command line's `--solved` keep [`parse_yes_no`]'s spellings.)
pub fn parse_yes_no_code(s: &str) -> Result<bool, String> {
    match s.trim() {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(format!("{other:?} is not yes or no")),
    }
}

/// Money in the smallest unit (fen). Accepts `120`, `120.5`, `120.50`,
/// `¥120`; rejects text, negatives and more than two decimals.
pub fn parse_money(s: &str) -> Result<i64, String> {
    // One currency sign at most: `¥¥5` is not an amount.
    let t = s.trim();
    let t = t
        .strip_prefix('¥')
        .or_else(|| t.strip_prefix('￥'))
        .unwrap_or(t)
        .trim();
    let bad = || {
        format!(
            "{:?} is not an amount of money (e.g. 120 or 120.50)",
            s.trim()
        )
    };
    if t.starts_with('-') {
        return Err(format!("{:?}: a charge cannot be negative", s.trim()));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || whole.len() > 9
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (t.contains('.') && frac.is_empty())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| bad())?
    };
    Ok(whole * 100 + frac)
}

pub fn format_money(fen: i64) -> String {
    if fen % 100 == 0 {
        format!("{}", fen / 100)
    } else {
        format!("{}.{:02}", fen / 100, fen % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_currency_sign_at_most() {
        assert_eq!(parse_money("¥5"), Ok(500));
        assert_eq!(parse_money("￥ 5.5"), Ok(550));
        for bad in ["¥¥5", "￥￥5", "¥￥5", "5¥"] {
            assert!(parse_money(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn money_parses_yuan_and_fen_and_rejects_text_and_negatives() {
        assert_eq!(parse_money("120"), Ok(12000));
        assert_eq!(parse_money("120.5"), Ok(12050));
        assert_eq!(parse_money("¥ 0.05"), Ok(5));
        assert!(parse_money("abc").is_err());
        assert!(parse_money("-5").unwrap_err().contains("negative"));
        assert!(parse_money("1.234").is_err());
        assert!(parse_money("12.").is_err());
        assert_eq!(format_money(12050), "120.50");
        assert_eq!(format_money(12000), "120");
    }

    /// SPEC: "an unknown code ... rejects the file": the codes are fixed,
    /// `Fixed` or `IN` is not `fixed` or `in`.
    #[test]
    fn a_code_is_its_exact_text() {
        codes!(Kind { Fixed = "fixed", FixedUntested = "fixed_untested", In = "in" });
        assert_eq!(Kind::ALL.len(), 3);
        assert_eq!(Kind::parse(" fixed "), Ok(Kind::Fixed));
        assert_eq!(Kind::parse("in"), Ok(Kind::In));
        for bad in ["Fixed", "FIXED", "fixed_Untested", "IN", "In"] {
            assert!(Kind::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_yes_no_column_takes_its_two_codes_exactly() {
        assert_eq!(parse_yes_no_code(" yes "), Ok(true));
        assert_eq!(parse_yes_no_code("no"), Ok(false));
        for bad in ["Y", "YES", "Yes", "n", "1", "true", "是", "maybe"] {
            assert!(parse_yes_no_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn yes_no_is_strict() {
        assert_eq!(parse_yes_no(" YES "), Ok(true));
        assert_eq!(parse_yes_no("no"), Ok(false));
        assert!(parse_yes_no("maybe").is_err());
    }
}
