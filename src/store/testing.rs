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
