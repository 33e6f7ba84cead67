//! The fee standard (收费标准): the branch charges only by it, nothing
//! extra, and nothing under warranty. Pure: the standard comes in as a map.

use super::job::Warranty;
use std::collections::BTreeMap;

/// One line of the fee standard: code, name, amount in fen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fee {
    pub code: String,
    pub name: String,
    pub amount: i64,
}

/// The standard by code.
pub type Standard = BTreeMap<String, Fee>;

/// The codes of a `fee_items` cell: `;`-separated, blanks dropped, a code
/// may repeat (each time is charged).
pub fn parse_items(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The standard's sum of `items`, or the codes it does not know.
pub fn total(standard: &Standard, items: &[String]) -> Result<i64, Vec<String>> {
    let unknown: Vec<String> = items
        .iter()
        .filter(|c| !standard.contains_key(*c))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    Ok(items.iter().map(|c| standard[c].amount).sum())
}

/// A job under warranty charged more than 0 (on the card or a visit).
pub fn charged_in_warranty(warranty: Option<Warranty>, charges: &[Option<i64>]) -> bool {
    warranty == Some(Warranty::In) && charges.iter().any(|c| c.unwrap_or(0) > 0)
}

/// A visit with fee items charged more than their sum (equal is fine).
pub fn over_standard(charge: Option<i64>, fee_total: Option<i64>) -> bool {
    matches!((charge, fee_total), (Some(c), Some(t)) if c > t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard() -> Standard {
        [("LABOR", 5000), ("PART-A", 3000)]
            .into_iter()
            .map(|(c, a)| {
                (
                    c.to_string(),
                    Fee {
                        code: c.into(),
                        name: String::new(),
                        amount: a,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn items_repeat_and_sum() {
        let items = parse_items(" LABOR; PART-A;;PART-A ");
        assert_eq!(items, ["LABOR", "PART-A", "PART-A"]);
        assert_eq!(total(&standard(), &items), Ok(11000));
        assert_eq!(total(&standard(), &[]), Ok(0));
        assert_eq!(
            total(&standard(), &parse_items("LABOR;GAS")),
            Err(vec!["GAS".to_string()])
        );
    }

    #[test]
    fn over_the_standard_only_when_strictly_more() {
        assert!(!over_standard(Some(11000), Some(11000)));
        assert!(over_standard(Some(11001), Some(11000)));
        assert!(!over_standard(Some(10999), Some(11000)));
        assert!(!over_standard(None, Some(11000)));
        assert!(!over_standard(Some(99999), None));
    }

    #[test]
    fn under_warranty_nothing_is_charged() {
        assert!(!charged_in_warranty(Some(Warranty::In), &[Some(0), None]));
        assert!(charged_in_warranty(Some(Warranty::In), &[None, Some(1)]));
        assert!(!charged_in_warranty(Some(Warranty::Out), &[Some(12000)]));
        assert!(!charged_in_warranty(None, &[Some(12000)]));
    }
}
