//! The audit trail: one entry per change made through branchdesk, appended
//! in the same transaction as the change, chained by SHA-256.
//!
//! Which rows a transaction changed is recorded by per-connection TEMP
//! triggers on every table of the main schema (but the trail's own), into
//! `temp.audit_touched`, with each row's content before the transaction.
//! [`append`] then reads every touched row as it is now, stores its digest
//! in `audit_rows` and writes the entry, whose hash covers the previous
//! entry's hash, its own fields and the digests. A change made with another
//! program (the `sqlite3` shell) fires no trigger and writes no entry, so
//! [`verify`] finds the row no longer matching its newest digest; an entry
//! edited or deleted breaks the chain.

use super::{Result, secs, ts};
use crate::domain::time::Ts;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Entries that change at most this many rows keep the rows' content
/// before and after (JSON); bigger ones (imports) keep digests only.
pub const DETAIL_LIMIT: usize = 20;

/// Row changes in a transaction whose content before is recorded.
const BEFORE_LIMIT: usize = 64;

/// Who did what, when: the caller's part of an entry.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// `None` only for entries branchdesk writes on its own (a baseline,
    /// a schema upgrade) without a clock.
    pub at: Option<Ts>,
    pub operator: &'a str,
    pub action: &'a str,
    pub job_no: &'a str,
    pub summary: String,
}

/// An entry as stored, for `audit log` and the job timeline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogEntry {
    pub id: i64,
    pub at: Option<Ts>,
    pub operator: String,
    pub action: String,
    pub job_no: String,
    pub summary: String,
    pub rows: i64,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What [`verify`] found: intact, or the first thing wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        entries: i64,
    },
    /// The chain is broken at this entry (edited, deleted, re-ordered).
    BrokenEntry {
        id: i64,
        reason: String,
    },
    /// A row no longer matches its newest entry (or has none).
    RowMismatch {
        table: String,
        rowid: i64,
        entry: Option<i64>,
        reason: String,
    },
    /// The trail's tables are gone from a database that had them.
    TrailMissing,
    /// A schema object the migrations did not make (a planted trigger, a
    /// view, a table, an index), or one they made otherwise.
    ForeignSchema(String),
}

impl Verdict {
    pub fn is_intact(&self) -> bool {
        matches!(self, Verdict::Intact { .. })
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Intact { entries } => write!(f, "intact ({entries} entries)"),
            Verdict::TrailMissing => write!(
                f,
                "the audit trail's tables are missing (removed behind branchdesk's back)"
            ),
            Verdict::ForeignSchema(what) => write!(f, "schema: {what}"),
            Verdict::BrokenEntry { id, reason } => {
                write!(f, "audit trail broken at entry {id}: {reason}")
            }
            Verdict::RowMismatch {
                table,
                rowid,
                entry,
                reason,
            } => {
                write!(f, "{table} row {rowid}: {reason}")?;
                if let Some(e) = entry {
                    write!(f, " (last audit entry {e})")?;
                }
                Ok(())
            }
        }
    }
}

/// The trail's head: the number of entries and the newest entry's hash
/// (`(0, GENESIS)` for an empty trail).
pub fn head(c: &Connection) -> Result<(i64, String)> {
    Ok(
        c.prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, GENESIS.to_string())),
    )
}

/// Whether this database has the trail's tables.
pub fn has_trail(c: &Connection) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log')",
        [],
        |r| r.get(0),
    )?)
}

/// The audited tables: every ordinary (rowid) table of the main schema but
/// the trail's own.
pub fn audited_tables(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare(
        "SELECT name FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table' AND wr = 0
           AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
           AND name NOT LIKE 'audit\\_%' ESCAPE '\\'
         ORDER BY name",
    )?;
    let names = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

fn columns(c: &Connection, table: &str) -> Result<Vec<String>> {
    let mut st = c.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols = st
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Creates this connection's record of touched rows and its triggers. Run
/// after the migrations, on every open.
pub fn install(c: &Connection) -> Result<()> {
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    for table in audited_tables(c)? {
        let mut cols = vec!["rowid".to_string()];
        cols.extend(columns(c, &table)?);
        names.insert(table, cols);
    }
    install_digest_function(c, names)?;
    c.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS audit_touched (
             tbl    TEXT NOT NULL,
             rid    INTEGER NOT NULL,
             before TEXT,
             digest BLOB  -- of the row as it was before the transaction
         );
         CREATE TEMP TABLE IF NOT EXISTS audit_start (
             tbl       TEXT PRIMARY KEY,
             top       INTEGER,  -- highest rowid when the transaction began
             scan_from INTEGER   -- every row inserted since is above this
         );
         DELETE FROM temp.audit_start;",
    )?;
    // Each audited table's highest rowid now, in one statement (a view, so
    // that `begin`, `pending` and `append` ask it with SQL made once).
    let tops: Vec<String> = audited_tables(c)?
        .iter()
        .map(|t| {
            format!(
                "SELECT {}, (SELECT coalesce(max(rowid), 0) FROM main.{})",
                lit(t),
                quote(t)
            )
        })
        .collect();
    let tops = if tops.is_empty() {
        "SELECT NULL, NULL WHERE 0".to_string()
    } else {
        tops.join(" UNION ALL ")
    };
    c.execute_batch(&format!(
        "DROP VIEW IF EXISTS temp.audit_tops;
         CREATE TEMP VIEW audit_tops (tbl, top) AS {tops};"
    ))?;
    for table in audited_tables(c)? {
        c.execute("INSERT INTO temp.audit_start (tbl) VALUES (?1)", [&table])?;
        let cols = columns(c, &table)?;
        let json = |row: &str| {
            let mut parts = vec![format!("'rowid', {row}.rowid")];
            for col in &cols {
                let v = format!("{row}.{}", quote(col));
                parts.push(format!(
                    "{}, CASE typeof({v}) WHEN 'blob' THEN hex({v}) ELSE {v} END",
                    lit(col)
                ));
            }
            format!("json_object({})", parts.join(", "))
        };
        let (t, q) = (lit(&table), quote(&table));
        let name = |kind: &str| quote(&format!("audit_{kind}_{table}"));
        // Rows inserted need no trigger (a trigger on every row of a bulk
        // import costs a quarter of its time): a new row's rowid is above
        // the table's highest when the transaction began (`begin`), or, after
        // a delete in this transaction, above the highest left then; the
        // delete trigger lowers `scan_from` to that, and `append` reads back
        // every row above `scan_from` in one range scan. Updates and deletes are recorded by a plain append (`append` keeps
        // each row's first record); the content before is kept only while
        // few rows are touched, since only small entries keep it.
        let add = |rid: &str, before: &str, digest: &str| {
            format!("INSERT INTO temp.audit_touched VALUES ({t}, {rid}, {before}, {digest});")
        };
        // The content of a row that was there when the transaction began,
        // digested, so that `append` can check it still matched its last
        // entry (a write never blesses a row changed behind the trail).
        let mut args = vec![t.clone(), "OLD.rowid".to_string()];
        args.extend(cols.iter().map(|col| format!("OLD.{}", quote(col))));
        let old_digest = format!(
            "CASE WHEN OLD.rowid <= (SELECT top FROM temp.audit_start WHERE tbl = {t})
             THEN audit_digest({}) END",
            args.join(", ")
        );
        let old_json = format!(
            "CASE WHEN coalesce((SELECT max(rowid) FROM temp.audit_touched), 0) < {BEFORE_LIMIT}
             THEN {} END",
            json("OLD")
        );
        c.execute_batch(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS {upd} AFTER UPDATE ON main.{q} BEGIN
                 {old_json}
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS {mov} AFTER UPDATE ON main.{q}
             WHEN NEW.rowid IS NOT OLD.rowid BEGIN
                 {new_null}
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS {del} AFTER DELETE ON main.{q} BEGIN
                 {old_json}
                 UPDATE temp.audit_start
                 SET scan_from = min(scan_from, (SELECT coalesce(max(rowid), 0) FROM main.{q}))
                 WHERE tbl = {t};
             END;",
            upd = name("upd"),
            mov = name("mov"),
            del = name("del"),
            new_null = add("NEW.rowid", "NULL", "NULL"),
            old_json = add("OLD.rowid", &old_json, &old_digest),
        ))?;
    }
    Ok(())
}

/// `audit_digest(table, rowid, col1, col2, …)`: the digest [`digest_row`]
/// gives the row with these values (the triggers call it with OLD.*).
fn install_digest_function(c: &Connection, names: HashMap<String, Vec<String>>) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    c.create_scalar_function(
        "audit_digest",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| {
            let table = ctx.get_raw(0).as_str().map_err(|e| {
                rusqlite::Error::UserFunctionError(format!("audit_digest: {e}").into())
            })?;
            let Some(cols) = names.get(table) else {
                return Ok(None::<Vec<u8>>);
            };
            let values = (1..ctx.len()).map(|i| ctx.get_raw(i));
            let (d, _) = digest_values(table, cols.iter().map(String::as_str).zip(values), false);
            Ok(Some(d.to_vec()))
        },
    )?;
    Ok(())
}

/// Marks where this transaction begins: each audited table's highest
/// rowid, so that the rows it inserts are those above. `Store::write`
/// calls it after BEGIN; `append` again after each entry.
pub fn begin(c: &Connection) -> Result<()> {
    c.prepare_cached(
        "UPDATE temp.audit_start AS s SET top = t.top, scan_from = t.top
         FROM temp.audit_tops AS t WHERE t.tbl = s.tbl",
    )?
    .execute([])?;
    Ok(())
}

/// Whether this transaction changed rows not yet in an entry.
pub fn pending(c: &Connection) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM temp.audit_touched)
             OR EXISTS (SELECT 1 FROM temp.audit_start s JOIN temp.audit_tops t ON t.tbl = s.tbl
                        WHERE s.top < t.top)",
    )?
    .query_row([], |r| r.get(0))?)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// A row's digest and, when asked, its content as JSON.
type RowState = (Digest32, Option<serde_json::Value>);

/// Reads rows of one table as they are: digest and, when asked, JSON.
struct RowReader<'c> {
    table: String,
    names: Vec<String>,
    st: rusqlite::CachedStatement<'c>,
}

impl<'c> RowReader<'c> {
    fn new(c: &'c Connection, table: &str) -> Result<RowReader<'c>> {
        let st = c.prepare_cached(&format!(
            "SELECT rowid AS rowid, * FROM main.{} WHERE rowid = ?1",
            quote(table)
        ))?;
        let names = st.column_names().map(|s| s.to_string()).collect();
        Ok(RowReader {
            table: table.to_string(),
            names,
            st,
        })
    }

    fn state(&mut self, rowid: i64, with_json: bool) -> Result<Option<RowState>> {
        let (table, names) = (&self.table, &self.names);
        Ok(self
            .st
            .query_row([rowid], |r| Ok(digest_row(table, names, r, with_json)))
            .optional()?)
    }
}

/// The canonical digest of a row: SHA-256 over the table's name and every
/// column's name and typed value. NULL and empty text are left out, so that
/// a column added later with such a default does not change old digests.
fn digest_row(table: &str, names: &[String], r: &rusqlite::Row, with_json: bool) -> RowState {
    let values = (0..names.len()).filter_map(|i| r.get_ref(i).ok());
    digest_values(
        table,
        names.iter().map(String::as_str).zip(values),
        with_json,
    )
}

/// [`digest_row`] over `(column, value)` pairs.
fn digest_values<'v>(
    table: &str,
    values: impl Iterator<Item = (&'v str, ValueRef<'v>)>,
    with_json: bool,
) -> RowState {
    // The canonical bytes are gathered first and hashed once: a row's many
    // small fields hashed one update at a time cost an import more than the
    // hash itself. The bytes are the same either way (old digests hold).
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        buf.extend_from_slice(table.as_bytes());
        buf.push(0x1d);
        let mut json = with_json.then(serde_json::Map::new);
        let field = |buf: &mut Vec<u8>, name: &str, tag: u8, bytes: &[u8]| {
            buf.extend_from_slice(name.as_bytes());
            buf.extend_from_slice(&[0x1f, tag]);
            buf.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            buf.extend_from_slice(bytes);
            buf.push(0x1e);
        };
        let mut int = itoa::Buffer::new();
        for (name, v) in values {
            match v {
                ValueRef::Null => {}
                ValueRef::Integer(n) => field(buf, name, b'i', int.format(n).as_bytes()),
                ValueRef::Real(f) => field(buf, name, b'r', f.to_string().as_bytes()),
                ValueRef::Text([]) => {}
                ValueRef::Text(t) => field(buf, name, b't', t),
                ValueRef::Blob(b) => field(buf, name, b'b', b),
            }
            if let Some(j) = json.as_mut() {
                let value = match v {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(n) => n.into(),
                    ValueRef::Real(f) => f.into(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    ValueRef::Blob(b) => hex(b).into(),
                };
                j.insert(name.to_string(), value);
            }
        }
        (
            Sha256::digest(&buf[..]).into(),
            json.map(serde_json::Value::Object),
        )
    })
}

/// The hash of an entry: over the previous hash and every field, each
/// length-prefixed so that no two entries hash the same text.
#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    id: i64,
    at: Option<i64>,
    operator: &str,
    action: &str,
    job_no: &str,
    summary: &str,
    before: Option<&str>,
    after: Option<&str>,
    rows: i64,
    rows_sha256: &str,
) -> String {
    let mut h = Sha256::new();
    let at = at.map(|a| a.to_string()).unwrap_or_default();
    let id = id.to_string();
    let rows = rows.to_string();
    let fields: [(&str, bool); 11] = [
        ("branchdesk-audit-1", true),
        (prev, true),
        (&id, true),
        (&at, true),
        (operator, true),
        (action, true),
        (job_no, true),
        (summary, true),
        (before.unwrap_or(""), before.is_some()),
        (after.unwrap_or(""), after.is_some()),
        (&rows, true),
    ];
    for (f, present) in fields {
        h.update([u8::from(present)]);
        h.update((f.len() as u64).to_le_bytes());
        h.update(f.as_bytes());
    }
    h.update(rows_sha256.as_bytes());
    hex(&h.finalize())
}

/// A row's digest: SHA-256 of its canonical content.
type Digest32 = [u8; 32];

/// What an entry's `rows_sha256` covers for one row (an empty digest for a
/// row deleted).
fn row_line(h: &mut Sha256, table: &str, rowid: i64, digest: &[u8]) {
    h.update(table.as_bytes());
    h.update([0x1f]);
    h.update(rowid.to_le_bytes());
    h.update([0x1f, digest.len() as u8]);
    h.update(digest);
}

/// The number of `name` in `names`, added if new (an entry names a few
/// tables).
fn intern(names: &mut Vec<String>, name: &str) -> u32 {
    match names.iter().position(|n| n == name) {
        Some(i) => i as u32,
        None => {
            names.push(name.to_string());
            (names.len() - 1) as u32
        }
    }
}

/// Appends an entry for everything this transaction changed so far (none
/// changed is fine: an export, say). Returns the entry's id.
pub fn append(c: &Connection, e: &Entry) -> Result<i64> {
    // Where this transaction began, per table: rows above `top` are new;
    // every row inserted is above `scan_from`.
    // And each one's highest rowid now: only a table with rows above
    // `scan_from` is read (a report's import adds to two of them).
    let starts: Vec<(String, i64, i64, i64)> = c
        .prepare_cached(
            "SELECT s.tbl, s.top, s.scan_from, t.top
             FROM temp.audit_start s JOIN temp.audit_tops t ON t.tbl = s.tbl
             WHERE s.top IS NOT NULL ORDER BY s.tbl",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let grown: Vec<(&str, i64)> = starts
        .iter()
        .filter(|(_, _, from, now)| now > from)
        .map(|(t, _, from, _)| (t.as_str(), *from))
        .collect();
    let bounds = |t: &str| {
        starts
            .iter()
            .find(|(n, ..)| n == t)
            .map(|(_, top, from, _)| (*top, *from))
            .unwrap_or((i64::MAX, i64::MAX))
    };
    // Table names once each: a large entry (a bulk import, a demo's year)
    // holds a small record per row, the name of its table by number.
    let mut names: Vec<String> = Vec::new();
    // Rows updated or deleted: the first record of each holds its content
    // before (kept only for the first few rows touched: `befores`). Those
    // above `scan_from` come again with the range scan.
    let mut touched: Vec<(u32, i64)> = Vec::new();
    let mut in_range: std::collections::HashSet<(u32, i64)> = Default::default();
    let mut befores: HashMap<(u32, i64), String> = HashMap::new();
    {
        let mut st = c.prepare_cached(
            "SELECT tbl, rid, before, digest FROM temp.audit_touched ORDER BY tbl, rid, rowid",
        )?;
        let mut newest = c.prepare_cached(
            "SELECT entry_id, digest FROM audit_rows WHERE tbl = ?1 AND rid = ?2
             ORDER BY entry_id DESC LIMIT 1",
        )?;
        let mut rows = st.query([])?;
        let mut last: Option<(u32, i64)> = None;
        while let Some(r) = rows.next()? {
            let rid: i64 = r.get(1)?;
            let tbl = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let t = intern(&mut names, tbl);
            if last == Some((t, rid)) {
                continue;
            }
            last = Some((t, rid));
            // The row as it was when this transaction first touched it must
            // be the row its newest entry recorded: else it was changed
            // behind the trail, and this write would bless the change.
            if let ValueRef::Blob(was) = r.get_ref(3)? {
                let held: Option<(i64, Vec<u8>)> = newest
                    .query_row(params![tbl, rid], |x| Ok((x.get(0)?, x.get(1)?)))
                    .optional()?;
                if held.as_ref().is_none_or(|(_, d)| d[..] != was[..]) {
                    return Err(super::StoreError::Tampered(format!(
                        "{tbl} row {rid} {} since its last audit entry{}; this change was refused \
                         and nothing was written. Run `branchdesk audit verify`",
                        if held.is_some() {
                            "was changed behind branchdesk's back"
                        } else {
                            "is not in the audit trail"
                        },
                        held.map(|(e, _)| format!(" ({e})")).unwrap_or_default()
                    )));
                }
            }
            let (top, from) = bounds(tbl);
            let was: Option<String> = if rid > top { None } else { r.get(2)? };
            if let Some(was) = was {
                befores.insert((t, rid), was);
            }
            if rid > from {
                in_range.insert((t, rid));
            } else {
                touched.push((t, rid));
            }
        }
    }
    let mut scanned = 0;
    for (t, from) in &grown {
        scanned += c
            .prepare_cached(&format!(
                "SELECT count(*) FROM main.{} WHERE rowid > ?1",
                quote(t)
            ))?
            .query_row([from], |r| r.get::<_, i64>(0))? as usize;
    }
    // At most this many rows: only small entries keep their content.
    let bound = touched.len() + scanned + in_range.len();
    let detailed = bound > 0 && bound <= DETAIL_LIMIT;

    let (prev_id, prev_hash): (i64, String) = c
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let id = prev_id + 1;
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    let mut rows_hash = Sha256::new();
    let mut total = 0usize;
    // Every changed row as it is now, in (table, rowid) order, written as
    // it is read (a large entry holds no list of its rows): per table, the
    // rows touched below `scan_from` (`touched` is in that order), then
    // those above it, read back in one range scan, with the ones touched
    // there and gone (deleted, if they were there before) in their place.
    for (table, _) in &grown {
        intern(&mut names, table);
    }
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_unstable_by(|a, b| names[*a as usize].cmp(&names[*b as usize]));
    let mut ins = c.prepare_cached(
        "INSERT INTO audit_rows (tbl, rid, entry_id, digest) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut emit = |table: &str, rowid: i64, state: Option<RowState>| -> Result<()> {
        let (digest, json) = match state {
            Some((d, j)) => (Some(d), j),
            None => (None, None),
        };
        let digest: &[u8] = digest.as_ref().map(|d| &d[..]).unwrap_or(&[]);
        row_line(&mut rows_hash, table, rowid, digest);
        ins.execute(params![table, rowid, id, digest])?;
        total += 1;
        if detailed {
            let key = format!("{table}/{rowid}");
            let was = names
                .iter()
                .position(|n| n == table)
                .and_then(|t| befores.remove(&(t as u32, rowid)))
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or(serde_json::Value::Null);
            before.insert(key.clone(), was);
            after.insert(key, json.unwrap_or_default());
        }
        Ok(())
    };
    let mut touched = touched.into_iter().peekable();
    for t in order {
        let table = names[t as usize].as_str();
        if touched.peek().is_some_and(|(tt, _)| *tt == t) {
            let mut reader = RowReader::new(c, table)?;
            while let Some((_, rowid)) = touched.next_if(|(tt, _)| *tt == t) {
                let state = reader.state(rowid, detailed)?;
                emit(table, rowid, state)?;
            }
        }
        // Touched above `scan_from`, in order: each one either comes again
        // with the scan or is gone.
        let mut above: Vec<i64> = in_range
            .iter()
            .filter(|(tt, _)| *tt == t)
            .map(|(_, rid)| *rid)
            .collect();
        above.sort_unstable();
        let mut above = above.into_iter().peekable();
        let top = bounds(table).0;
        if let Some((_, from)) = grown.iter().find(|(g, _)| *g == table) {
            let mut st = c.prepare_cached(&format!(
                "SELECT rowid AS rowid, * FROM main.{} WHERE rowid > ?1 ORDER BY rowid",
                quote(table)
            ))?;
            let cols: Vec<String> = st.column_names().map(|s| s.to_string()).collect();
            let mut rows = st.query([from])?;
            while let Some(r) = rows.next()? {
                let rowid: i64 = r.get(0)?;
                while let Some(gone) = above.next_if(|rid| *rid < rowid) {
                    if gone <= top {
                        emit(table, gone, None)?;
                    }
                }
                above.next_if_eq(&rowid);
                emit(table, rowid, Some(digest_row(table, &cols, r, detailed)))?;
            }
        }
        for gone in above {
            if gone <= top {
                emit(table, gone, None)?;
            }
        }
    }
    let rows_sha256 = hex(&rows_hash.finalize());
    let before = detailed.then(|| serde_json::Value::Object(before).to_string());
    let after = detailed.then(|| serde_json::Value::Object(after).to_string());
    let at = secs(e.at);
    let rows = total as i64;
    let hash = entry_hash(
        &prev_hash,
        id,
        at,
        e.operator,
        e.action,
        e.job_no,
        &e.summary,
        before.as_deref(),
        after.as_deref(),
        rows,
        &rows_sha256,
    );
    c.prepare_cached(
        "INSERT INTO audit_log (id, at, operator, action, job_no, summary, before, after,
                                rows, rows_sha256, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id,
        at,
        e.operator,
        e.action,
        e.job_no,
        e.summary,
        before,
        after,
        rows,
        rows_sha256,
        prev_hash,
        hash
    ])?;
    c.prepare_cached("DELETE FROM temp.audit_touched")?
        .execute([])?;
    begin(c)?;
    Ok(id)
}

/// A table's newest digest per row, in row order, read from `audit_rows`
/// in its key order (table, row, entry): one row's group at a time, so
/// that checking a large file needs no map of every row.
struct NewestDigests<'s> {
    rows: rusqlite::Rows<'s>,
    held: Option<(i64, i64, Vec<u8>)>,
}

impl NewestDigests<'_> {
    /// The next row's `(rowid, newest entry, digest)`.
    fn next(&mut self) -> Result<Option<(i64, i64, Vec<u8>)>> {
        let mut group = self.held.take();
        while let Some(r) = self.rows.next()? {
            let row: (i64, i64, Vec<u8>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            match &group {
                // Entries come in ascending order: the later one is newer.
                Some(g) if g.0 == row.0 => group = Some(row),
                Some(_) => {
                    self.held = Some(row);
                    break;
                }
                None => group = Some(row),
            }
        }
        Ok(group)
    }
}

/// Every row of every audited table whose digest differs from its newest
/// entry: `(table, rowid, newest entry, reason)`, in table and row order.
type Mismatch = (String, i64, Option<i64>, &'static str);

/// Rows changed or added behind the trail (table by table, in row order),
/// then rows deleted behind it. Each table is read side by side with its
/// digests, both in row order (a merge), so memory stays small.
fn mismatches(c: &Connection, first_only: bool) -> Result<Vec<Mismatch>> {
    let mut out = Vec::new();
    let mut gone = Vec::new();
    let mut digests = c.prepare(
        "SELECT rid, entry_id, digest FROM audit_rows WHERE tbl = ?1 ORDER BY rid, entry_id",
    )?;
    for table in &audited_tables(c)? {
        let mut newest = NewestDigests {
            rows: digests.query([table])?,
            held: None,
        };
        let mut next = newest.next()?;
        let mut st = c.prepare(&format!(
            "SELECT rowid AS rowid, * FROM main.{} ORDER BY rowid",
            quote(table)
        ))?;
        let names: Vec<String> = st.column_names().map(|s| s.to_string()).collect();
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            // Digests of rows before this one that the table no longer has.
            while let Some((rid, e, d)) = next.take_if(|n| n.0 < rowid) {
                if !d.is_empty() {
                    gone.push((table.clone(), rid, e));
                }
                next = newest.next()?;
            }
            let (digest, _) = digest_row(table, &names, r, false);
            match next.take_if(|n| n.0 == rowid) {
                None => out.push((
                    table.clone(),
                    rowid,
                    None,
                    "not in the audit trail (added behind branchdesk's back)",
                )),
                Some((_, e, d)) => {
                    if d[..] != digest[..] {
                        out.push((
                            table.clone(),
                            rowid,
                            Some(e),
                            if d.is_empty() {
                                "deleted by branchdesk but present again"
                            } else {
                                "changed since its last audit entry (edited behind branchdesk's back)"
                            },
                        ));
                    }
                    next = newest.next()?;
                }
            }
            if first_only && !out.is_empty() {
                return Ok(out);
            }
        }
        while let Some((rid, e, d)) = next.take() {
            if !d.is_empty() {
                gone.push((table.clone(), rid, e));
            }
            next = newest.next()?;
        }
    }
    for (t, rowid, e) in gone {
        out.push((
            t,
            rowid,
            Some(e),
            "deleted behind branchdesk's back (its last audit entry shows it present)",
        ));
    }
    Ok(out)
}

/// Checks the schema against the migrations, the chain entry by entry,
/// then every audited row against its newest entry. Reports the first
/// problem.
pub fn verify(c: &Connection) -> Result<Verdict> {
    if !has_trail(c)? {
        return Ok(Verdict::TrailMissing);
    }
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if let Some(what) = super::foreign_objects(c, version)?.into_iter().next() {
        return Ok(Verdict::ForeignSchema(what));
    }
    // Each entry's rows, hashed in (tbl, rid) order: read in the table's
    // key order (tbl, rid, entry_id), every entry's rows come in that order
    // without a sort of the whole table.
    let mut by_entry: HashMap<i64, (i64, Sha256)> = HashMap::new();
    {
        let mut st = c.prepare(
            "SELECT entry_id, tbl, rid, digest FROM audit_rows ORDER BY tbl, rid, entry_id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let entry: i64 = r.get(0)?;
            let (t, rid, d): (String, i64, Vec<u8>) = (r.get(1)?, r.get(2)?, r.get(3)?);
            let slot = by_entry.entry(entry).or_insert_with(|| (0, Sha256::new()));
            slot.0 += 1;
            row_line(&mut slot.1, &t, rid, &d);
        }
    }
    let empty = hex(&Sha256::new().finalize());
    let mut st = c.prepare(
        "SELECT id, at, operator, action, job_no, summary, before, after, rows, rows_sha256,
                prev_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let mut prev = (0i64, GENESIS.to_string());
    let mut seen = HashSet::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let broken = |reason: String| Ok(Verdict::BrokenEntry { id, reason });
        let at: Option<i64> = r.get(1)?;
        let (operator, action, job_no, summary): (String, String, String, String) =
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let (before, after): (Option<String>, Option<String>) = (r.get(6)?, r.get(7)?);
        let (n, rows_sha256, prev_hash, hash): (i64, String, String, String) =
            (r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?);
        if id != prev.0 + 1 {
            return broken(format!(
                "entries {} to {} are missing (deleted)",
                prev.0 + 1,
                id - 1
            ));
        }
        if prev_hash != prev.1 {
            return broken("its link to the previous entry does not match (an earlier entry was changed or removed)".into());
        }
        let (count, digest) = match by_entry.remove(&id) {
            Some((k, h)) => (k, hex(&h.finalize())),
            None => (0, empty.clone()),
        };
        if count != n || digest != rows_sha256 {
            return broken(format!(
                "its row digests were changed ({count} present, {n} recorded)"
            ));
        }
        let want = entry_hash(
            &prev_hash,
            id,
            at,
            &operator,
            &action,
            &job_no,
            &summary,
            before.as_deref(),
            after.as_deref(),
            n,
            &rows_sha256,
        );
        if want != hash {
            return broken("its content does not match its hash (edited)".into());
        }
        seen.insert(id);
        prev = (id, hash);
    }
    if let Some(orphan) = by_entry.keys().min() {
        return Ok(Verdict::BrokenEntry {
            id: *orphan,
            reason: "row digests of an entry that is not in the trail (deleted)".into(),
        });
    }
    if let Some((table, rowid, entry, reason)) = mismatches(c, true)?.into_iter().next() {
        return Ok(Verdict::RowMismatch {
            table,
            rowid,
            entry,
            reason: reason.into(),
        });
    }
    Ok(Verdict::Intact { entries: prev.0 })
}

/// Writes an entry for every row that differs from the trail (all rows of a
/// database that had no trail yet; the rows a schema upgrade changed).
/// `None` when nothing differs.
pub fn rebaseline(c: &Connection, e: &Entry) -> Result<Option<i64>> {
    let diff = mismatches(c, false)?;
    if diff.is_empty() {
        return Ok(None);
    }
    {
        let mut ins = c.prepare_cached(
            "INSERT INTO temp.audit_touched (tbl, rid, before) VALUES (?1, ?2, NULL)",
        )?;
        for (t, rowid, _, _) in &diff {
            ins.execute(params![t, rowid])?;
        }
    }
    let summary = format!("{} ({} rows)", e.summary, diff.len());
    append(
        c,
        &Entry {
            summary,
            ..e.clone()
        },
    )
    .map(Some)
}

fn log_row(r: &rusqlite::Row) -> rusqlite::Result<LogEntry> {
    Ok(LogEntry {
        id: r.get(0)?,
        at: ts(r.get(1)?),
        operator: r.get(2)?,
        action: r.get(3)?,
        job_no: r.get(4)?,
        summary: r.get(5)?,
        rows: r.get(6)?,
        before: r.get(7)?,
        after: r.get(8)?,
    })
}

const LOG_COLS: &str = "id, at, operator, action, job_no, summary, rows, before, after";

/// The whole trail, oldest first.
pub fn log(c: &Connection) -> Result<Vec<LogEntry>> {
    let mut st = c.prepare(&format!("SELECT {LOG_COLS} FROM audit_log ORDER BY id"))?;
    let out = st
        .query_map([], log_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// The entries of one job: those naming it, and those that changed its row
/// or its visits, card, callbacks or discrepancies (an import, say).
pub fn log_of_job(c: &Connection, job_no: &str) -> Result<Vec<LogEntry>> {
    let mut st = c.prepare_cached(&format!(
        "WITH j AS (SELECT id FROM jobs WHERE job_no = ?1),
              touched AS (
                SELECT entry_id FROM audit_rows WHERE tbl = 'jobs' AND rid IN (SELECT id FROM j)
                UNION SELECT entry_id FROM audit_rows WHERE tbl = 'visits'
                    AND rid IN (SELECT id FROM visits WHERE job_id IN (SELECT id FROM j))
                UNION SELECT entry_id FROM audit_rows WHERE tbl = 'cards'
                    AND rid IN (SELECT id FROM cards WHERE job_id IN (SELECT id FROM j))
                UNION SELECT entry_id FROM audit_rows WHERE tbl = 'callbacks'
                    AND rid IN (SELECT id FROM callbacks WHERE job_id IN (SELECT id FROM j))
                UNION SELECT entry_id FROM audit_rows WHERE tbl = 'discrepancies'
                    AND rid IN (SELECT id FROM discrepancies WHERE job_id IN (SELECT id FROM j)))
         SELECT {LOG_COLS} FROM audit_log
         WHERE job_no = ?1 OR id IN (SELECT entry_id FROM touched)
         ORDER BY id"
    ))?;
    let out = st
        .query_map([job_no], log_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// The hash of the trail's entry `id` (`None`: the trail is shorter).
pub fn hash_at(c: &Connection, id: i64) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT hash FROM audit_log WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn entry(action: &str) -> Entry<'_> {
        Entry {
            at: None,
            operator: "tester",
            action,
            job_no: "",
            summary: String::new(),
        }
    }

    #[test]
    fn an_edit_an_insert_or_a_delete_behind_the_trail_is_found() {
        let mut s = Store::open_in_memory().unwrap();
        s.write(|c| {
            crate::store::settings::set(c, "branch", "QD01")?;
            crate::store::settings::set(c, "cutoff", "17:00")?;
            append(c, &entry("config"))
        })
        .unwrap();
        assert_eq!(
            verify(s.conn()).unwrap(),
            Verdict::Intact { entries: 1 },
            "a fresh trail is intact"
        );
        let c = s.conn();
        // The triggers are this connection's: a change made without
        // `append` is a change behind the trail's back, as with sqlite3.
        c.execute_batch("DROP TRIGGER temp.audit_upd_settings")
            .unwrap();
        c.execute(
            "UPDATE settings SET value = 'XX01' WHERE key = 'branch'",
            [],
        )
        .unwrap();
        let v = verify(c).unwrap();
        assert!(
            matches!(&v, Verdict::RowMismatch { table, entry: Some(1), .. } if table == "settings"),
            "{v}"
        );
        c.execute(
            "UPDATE settings SET value = 'QD01' WHERE key = 'branch'",
            [],
        )
        .unwrap();
        assert!(verify(c).unwrap().is_intact());
        c.execute_batch("DROP TRIGGER temp.audit_del_settings")
            .unwrap();
        c.execute("DELETE FROM settings WHERE key = 'cutoff'", [])
            .unwrap();
        assert!(verify(c).unwrap().to_string().contains("deleted"));
    }

    #[test]
    fn the_row_by_row_check_names_each_row_changed_added_or_deleted() {
        let mut s = Store::open_in_memory().unwrap();
        s.write(|c| {
            for (k, v) in [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")] {
                crate::store::settings::set(c, k, v)?;
            }
            append(c, &entry("config"))
        })
        .unwrap();
        // A second entry changes one row again: its newest digest counts.
        s.write(|c| {
            crate::store::settings::set(c, "c", "33")?;
            append(c, &entry("config"))
        })
        .unwrap();
        assert!(verify(s.conn()).unwrap().is_intact());
        let c = s.conn();
        c.execute_batch(
            "DROP TRIGGER temp.audit_upd_settings; DROP TRIGGER temp.audit_del_settings;
             DELETE FROM settings WHERE key = 'b';
             UPDATE settings SET value = '3' WHERE key = 'c';
             INSERT INTO settings(key, value) VALUES ('e', '5');",
        )
        .unwrap();
        let found: Vec<(String, i64, Option<i64>)> = mismatches(c, false)
            .unwrap()
            .into_iter()
            .map(|(t, r, e, _)| (t, r, e))
            .collect();
        let settings = |r, e| ("settings".to_string(), r, e);
        assert_eq!(
            found,
            [
                settings(3, Some(2)),
                settings(5, None),
                settings(2, Some(1))
            ],
            "changed and added in row order, then deleted"
        );
        let first = verify(c).unwrap().to_string();
        assert!(
            first.contains("row 3") && first.contains("changed"),
            "{first}"
        );
    }

    #[test]
    fn an_entry_edited_or_removed_breaks_the_chain() {
        let mut s = Store::open_in_memory().unwrap();
        for v in ["a", "b", "c"] {
            s.write(|c| {
                crate::store::settings::set(c, "branch", v)?;
                append(c, &entry("config"))
            })
            .unwrap();
        }
        let c = s.conn();
        assert_eq!(verify(c).unwrap(), Verdict::Intact { entries: 3 });
        c.execute("UPDATE audit_log SET operator = 'someone' WHERE id = 2", [])
            .unwrap();
        assert!(matches!(
            verify(c).unwrap(),
            Verdict::BrokenEntry { id: 2, .. }
        ));
        c.execute("UPDATE audit_log SET operator = 'tester' WHERE id = 2", [])
            .unwrap();
        c.execute(
            "UPDATE audit_rows SET digest = x'00' WHERE entry_id = 1",
            [],
        )
        .unwrap();
        assert!(matches!(
            verify(c).unwrap(),
            Verdict::BrokenEntry { id: 1, .. }
        ));
        let mut s = Store::open_in_memory().unwrap();
        for v in ["a", "b", "c"] {
            s.write(|c| {
                crate::store::settings::set(c, "branch", v)?;
                append(c, &entry("config"))
            })
            .unwrap();
        }
        let c = s.conn();
        c.execute_batch(
            "DELETE FROM audit_rows WHERE entry_id = 2; DELETE FROM audit_log WHERE id = 2",
        )
        .unwrap();
        let v = verify(c).unwrap();
        assert!(matches!(v, Verdict::BrokenEntry { id: 3, .. }), "{v}");
    }

    #[test]
    fn a_row_inserted_in_a_rowid_freed_by_a_delete_is_audited_too() {
        let mut s = Store::open_in_memory().unwrap();
        let step = |s: &mut Store, sql: &str| {
            s.write(|c| {
                c.execute_batch(sql)?;
                append(c, &entry("test"))
            })
            .unwrap();
        };
        step(
            &mut s,
            "INSERT INTO settings VALUES ('a', '1'), ('b', '2'), ('c', '3'), ('d', '4')",
        );
        step(&mut s, "DELETE FROM settings WHERE key IN ('b', 'c')");
        // The top row goes, and the new row takes rowid 2, below where the
        // transaction began.
        step(
            &mut s,
            "DELETE FROM settings WHERE key = 'd'; INSERT INTO settings VALUES ('e', '5')",
        );
        let rowid: i64 = s
            .conn()
            .query_row("SELECT rowid FROM settings WHERE key = 'e'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(rowid, 2);
        let v = verify(s.conn()).unwrap();
        assert_eq!(v, Verdict::Intact { entries: 3 }, "{v}");
        let last = log(s.conn()).unwrap().pop().unwrap();
        assert!(last.after.unwrap().contains("\"e\""));
        assert!(last.before.unwrap().contains("\"d\""));
    }

    #[test]
    fn small_entries_keep_before_and_after() {
        let mut s = Store::open_in_memory().unwrap();
        s.write(|c| {
            crate::store::settings::set(c, "branch", "QD01")?;
            append(c, &entry("config"))
        })
        .unwrap();
        s.write(|c| {
            crate::store::settings::set(c, "branch", "QD02")?;
            append(c, &entry("config"))
        })
        .unwrap();
        let log = log(s.conn()).unwrap();
        assert_eq!(log.len(), 2);
        assert!(log[1].before.as_deref().unwrap().contains("QD01"));
        assert!(log[1].after.as_deref().unwrap().contains("QD02"));
        assert_eq!(log[1].rows, 1);
    }
}

#[cfg(test)]
mod laundering {
    use super::*;
    use crate::store::{Store, StoreError};

    fn set(s: &mut Store, k: &str, v: &str) -> std::result::Result<(), StoreError> {
        s.write(|c| {
            crate::store::settings::set(c, k, v)?;
            append(
                c,
                &Entry {
                    at: None,
                    operator: "tester",
                    action: "config",
                    job_no: "",
                    summary: String::new(),
                },
            )?;
            Ok(())
        })
    }

    #[test]
    fn a_write_never_blesses_a_row_changed_behind_the_trail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let mut s = Store::open(&path).unwrap();
        set(&mut s, "branch", "QD01").unwrap();
        set(&mut s, "cutoff", "17:00").unwrap();
        // Changed with the sqlite3 shell: no trigger, no entry.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute(
                "UPDATE settings SET value = '23:00' WHERE key = 'cutoff'",
                [],
            )
            .unwrap();
        let entries = log(s.conn()).unwrap().len();
        // The clerk's next ordinary write of that row is refused …
        let err = set(&mut s, "cutoff", "17:30").unwrap_err();
        assert!(matches!(err, StoreError::Tampered(_)), "{err}");
        assert!(err.to_string().contains("audit verify"), "{err}");
        assert!(err.to_string().contains("settings row"), "{err}");
        // … nothing was written, and the tampering still shows.
        assert_eq!(log(s.conn()).unwrap().len(), entries);
        assert!(!verify(s.conn()).unwrap().is_intact());
        // A delete of it is refused too; other rows can still be written.
        let err = s
            .write(|c| {
                c.execute("DELETE FROM settings WHERE key = 'cutoff'", [])?;
                Ok::<_, StoreError>(())
            })
            .unwrap_err();
        assert!(matches!(err, StoreError::Tampered(_)), "{err}");
        set(&mut s, "timezone", "Asia/Shanghai").unwrap();
        // A row added behind the trail cannot be blessed either.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute("INSERT INTO settings VALUES ('operator', 'ghost')", [])
            .unwrap();
        assert!(matches!(
            set(&mut s, "operator", "clerk"),
            Err(StoreError::Tampered(_))
        ));
    }
}
