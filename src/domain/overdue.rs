//! The supervisor's overdue list: which callbacks are overdue at `now`, most
//! overdue first, optionally grouped by engineer or branch (the group with
//! the most overdue callback first) or filtered to one of them.

use super::callback::is_overdue;
use super::time::Ts;

/// What the list needs to know about a pending callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverdueFacts<'a> {
    pub due: Ts,
    pub job_no: &'a str,
    pub engineer: &'a str,
    pub branch: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GroupBy {
    #[default]
    None,
    Engineer,
    Branch,
}

impl GroupBy {
    pub fn next(self) -> GroupBy {
        match self {
            GroupBy::None => GroupBy::Engineer,
            GroupBy::Engineer => GroupBy::Branch,
            GroupBy::Branch => GroupBy::None,
        }
    }

    fn of<'a>(self, f: &OverdueFacts<'a>) -> &'a str {
        match self {
            GroupBy::None => "",
            GroupBy::Engineer => f.engineer,
            GroupBy::Branch => f.branch,
        }
    }
}

/// Keep only one engineer's or one branch's callbacks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OverdueFilter {
    pub engineer: Option<String>,
    pub branch: Option<String>,
}

impl OverdueFilter {
    fn keeps(&self, f: &OverdueFacts) -> bool {
        self.engineer.as_deref().is_none_or(|e| e == f.engineer)
            && self.branch.as_deref().is_none_or(|b| b == f.branch)
    }
}

/// One group of the list: its name (engineer or branch; empty when not
/// grouped) and its items, as indices into the input, most overdue first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub items: Vec<usize>,
}

/// The overdue callbacks among `items` at `now` (strictly past due), most
/// overdue first (ties by job number), kept by `filter` and grouped by
/// `group`: groups ordered by their most overdue item, then by name.
pub fn overdue_groups(
    items: &[OverdueFacts],
    now: Ts,
    group: GroupBy,
    filter: &OverdueFilter,
) -> Vec<Group> {
    let mut idx: Vec<usize> = (0..items.len())
        .filter(|&i| is_overdue(items[i].due, now) && filter.keeps(&items[i]))
        .collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (&items[a], &items[b]);
        x.due.cmp(&y.due).then_with(|| x.job_no.cmp(y.job_no))
    });
    let mut groups: Vec<Group> = Vec::new();
    for i in idx {
        let name = group.of(&items[i]);
        // Items come most overdue first, so a group's first item is its
        // worst and groups are created in the order they must appear.
        match groups.iter_mut().find(|g| g.name == name) {
            Some(g) => g.items.push(i),
            None => groups.push(Group {
                name: name.to_string(),
                items: vec![i],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::testing::t;

    fn f<'a>(due: &str, job_no: &'a str, engineer: &'a str, branch: &'a str) -> OverdueFacts<'a> {
        OverdueFacts {
            due: t(due),
            job_no,
            engineer,
            branch,
        }
    }

    #[test]
    fn most_overdue_first_then_grouped_by_the_worst_of_each_group() {
        let items = [
            f("2026-11-23 12:00", "J1", "王强", "QD01"),
            f("2026-11-23 10:00", "J2", "李明", "QD01"),
            f("2026-11-23 11:00", "J3", "王强", "QD02"),
            f("2026-11-23 14:00", "J4", "李明", "QD01"), // exactly due: not overdue
            f("2026-11-23 11:00", "J0", "张伟", "QD02"),
        ];
        let now = t("2026-11-23 14:00");
        let flat = overdue_groups(&items, now, GroupBy::None, &OverdueFilter::default());
        assert_eq!(flat.len(), 1);
        let jobs = |g: &Group| g.items.iter().map(|&i| items[i].job_no).collect::<Vec<_>>();
        assert_eq!(jobs(&flat[0]), ["J2", "J0", "J3", "J1"]);

        let by_eng = overdue_groups(&items, now, GroupBy::Engineer, &OverdueFilter::default());
        let names: Vec<_> = by_eng.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["李明", "张伟", "王强"]);
        assert_eq!(jobs(&by_eng[2]), ["J3", "J1"]);

        let by_branch = overdue_groups(&items, now, GroupBy::Branch, &OverdueFilter::default());
        assert_eq!(by_branch[0].name, "QD01");
        assert_eq!(jobs(&by_branch[0]), ["J2", "J1"]);
        assert_eq!(jobs(&by_branch[1]), ["J0", "J3"]);

        let only = OverdueFilter {
            engineer: Some("王强".into()),
            branch: Some("QD02".into()),
        };
        let kept = overdue_groups(&items, now, GroupBy::None, &only);
        assert_eq!(jobs(&kept[0]), ["J3"]);
        // One second later J4 is overdue too.
        let later = now + chrono::Duration::seconds(1);
        let flat = overdue_groups(&items, later, GroupBy::None, &OverdueFilter::default());
        assert_eq!(jobs(&flat[0]).last(), Some(&"J4"));
    }
}
