//! What tests of the layers above need from the database without writing
//! SQL of their own.

use rusqlite::Connection;

/// Every row of every audited table and of the trail, to compare a
/// database before and after.
pub(crate) fn dump(c: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for t in super::audit::audited_tables(c)
        .unwrap()
        .into_iter()
        .chain(["audit_log".to_string()])
    {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut s = t.clone();
                for i in 0..n {
                    s += &format!("|{:?}", r.get_ref(i)?);
                }
                Ok(s)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// Lets the database grow by `pages` pages at most from now on (a write
/// past that fails: "database or disk is full").
pub(crate) fn limit_growth(c: &Connection, pages: i64) {
    let now: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    c.execute_batch(&format!("PRAGMA max_page_count = {}", now + pages))
        .unwrap();
}

/// Each report column's stored value of a center's report row, as text
/// (`None`: NULL; booleans and numbers as SQLite gives them).
pub(crate) fn report_row_columns(
    c: &Connection,
    branch: &str,
    date: &str,
    job_no: &str,
) -> Vec<(&'static str, Option<String>)> {
    let names = crate::domain::report::NAMES;
    let mut st = c
        .prepare(&format!(
            "SELECT {} FROM center_report_rows
             WHERE branch = ?1 AND report_date = ?2 AND job_no = ?3",
            names.join(", ")
        ))
        .unwrap();
    st.query_row([branch, date, job_no], |r| {
        Ok(names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let v = match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => None,
                    rusqlite::types::ValueRef::Integer(v) => Some(v.to_string()),
                    rusqlite::types::ValueRef::Text(t) => {
                        Some(String::from_utf8_lossy(t).into_owned())
                    }
                    other => Some(format!("{other:?}")),
                };
                (*n, v)
            })
            .collect())
    })
    .unwrap()
}

/// A center's database file at `path` as schema version 17 left it (before
/// the report rows' cells became columns), holding what the center `fresh`
/// (a newer file) holds: every center table copied, each report row with
/// its cells as one JSON object (`cells(branch, date, job_no)`, as the
/// import of version 17 wrote it), and an intact trail over all of it.
pub(crate) fn center_at_17(
    path: &std::path::Path,
    fresh: &std::path::Path,
    cells: impl Fn(&str, &str, &str) -> String + Send + 'static,
) {
    let c = Connection::open(path).unwrap();
    for sql in &super::MIGRATIONS[..17] {
        c.execute_batch(sql).unwrap();
    }
    c.pragma_update(None, "user_version", 17).unwrap();
    super::audit::install(&c).unwrap();
    c.create_scalar_function(
        "old_cells",
        3,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        move |ctx| {
            let s = |i| ctx.get::<String>(i);
            Ok(cells(&s(0)?, &s(1)?, &s(2)?))
        },
    )
    .unwrap();
    c.execute("ATTACH ?1 AS fresh", [fresh.to_str().unwrap()])
        .unwrap();
    c.execute_batch("BEGIN").unwrap();
    super::audit::begin(&c).unwrap();
    for t in ["center_branches", "center_reports", "center_generations"] {
        c.execute_batch(&format!("INSERT INTO main.{t} SELECT * FROM fresh.{t}"))
            .unwrap();
    }
    c.execute_batch(
        "INSERT INTO main.center_report_rows (rowid, branch, report_date, line, job_no, engineer,
             status, outcome, callback_kind, callback_due, callback_result, callback_overdue,
             card_state, discrepancies_open, invoice_owed, cells, touched, open_items)
         SELECT rowid, branch, report_date, line, job_no, coalesce(engineer, ''),
             coalesce(status, ''), coalesce(outcome, ''), coalesce(callback_kind, ''),
             callback_due, coalesce(callback_result, ''), callback_overdue,
             coalesce(card_state, ''), discrepancies_open, invoice_owed,
             old_cells(branch, report_date, job_no), touched, open_items
         FROM fresh.center_report_rows ORDER BY rowid",
    )
    .unwrap();
    super::audit::append(
        &c,
        &super::audit::Entry {
            at: None,
            operator: "t",
            action: "center_import",
            job_no: "",
            summary: "the reports, as version 17 stored them".into(),
        },
    )
    .unwrap();
    c.execute_batch("COMMIT; DETACH fresh").unwrap();
    assert!(super::audit::verify(&c).unwrap().is_intact());
}
