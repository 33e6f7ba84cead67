//! The only module that speaks SQL. One submodule per table family; every
//! function takes a `&Connection` so that callers compose them inside one
//! transaction (`Store::write`).

pub mod callbacks;
pub mod cards;
pub mod dashboard;
pub mod discrepancies;
pub mod jobs;
pub mod settings;
pub mod visits;

use crate::domain::time::{Ts, from_unix};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Schema migrations, applied in order; `PRAGMA user_version` is the number
/// of migrations applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../sql/001_init.sql"),
    include_str!("../../sql/002_center.sql"),
    include_str!("../../sql/005_perf.sql"),
];

/// SQLite's default page cache, which connections go back to after a bulk
/// load.
pub const DEFAULT_CACHE_MIB: i64 = 2;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} has schema version {found}, newer than this branchdesk knows ({known}); \
         upgrade branchdesk. The file was not changed."
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) a database file and brings its schema up
    /// to date. A newer schema is refused before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // A missing folder is created; failing here surfaces on open.
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(open_err)?;
        Self::setup(conn, path.to_path_buf())
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn setup(conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(10))?;
        // Every statement of a screen refresh or an import stays prepared
        // (the default of 16 made SQLite parse them again and again).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // One plan per statement, whatever its parameters. Without it SQLite
        // (3.54 here) marks `col = ?` filters to re-plan when a value changes
        // to or from 0/1, and since the statement cache clears a statement's
        // bindings when it is put back, every reuse was a full re-prepare
        // (a third of the time of a daily export).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found,
                known: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && path.as_os_str() != ":memory:" {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut store = Store { conn, path };
        store.migrate(found)?;
        Ok(store)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Sets this connection's page cache (SQLite's default is 2 MiB); a bulk
    /// load into large indexes needs more to avoid re-reading pages.
    pub fn set_cache_mib(&self, mib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -mib * 1024)?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access (each statement sees a consistent snapshot).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it commits, or none.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Runs `f` in a read transaction, so that several queries agree.
    pub fn read<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(StoreError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}

/// SQLite's `PRAGMA data_version`: changes when another connection commits,
/// so that a screen re-reads only when something changed.
pub fn data_version(c: &Connection) -> Result<i64> {
    Ok(c.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

pub(crate) fn ts(secs: Option<i64>) -> Option<Ts> {
    secs.map(from_unix)
}

pub(crate) fn secs(t: Option<Ts>) -> Option<i64> {
    t.map(|t| t.timestamp())
}

/// Reads a code column through its parser.
pub(crate) fn code<T>(
    raw: Option<String>,
    parse: fn(&str) -> Result<T, String>,
) -> rusqlite::Result<Option<T>> {
    raw.filter(|s| !s.is_empty())
        .map(|s| parse(&s))
        .transpose()
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

pub(crate) fn date(raw: Option<String>) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    code(raw, crate::domain::time::parse_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_every_migration_and_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/branch.db");
        let store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        drop(store);
        // Opening again applies nothing new.
        Store::open(&path).unwrap();
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE x(a); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(err.to_string().contains("newer"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("future.db-wal").exists());
    }
}
