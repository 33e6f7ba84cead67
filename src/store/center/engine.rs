//! The engine a center runs on: the embedded SQLite file or PostgreSQL.
//! `read` and `write` give a closure the operations ([`CenterOps`]) inside
//! one transaction, as `Store::read`/`Store::write` do.

use super::super::{Result, Store, StoreError};
use super::ops::{CenterOps, SqliteOps};
use super::pg::PgCenter;
use rusqlite::Connection;

/// The engine a center runs on.
pub enum CenterDb {
    /// The embedded SQLite file (the default).
    Sqlite(Store),
    /// A PostgreSQL database (`--db postgres://…`), boxed: its connection
    /// and session state are larger than a SQLite store.
    Pg(Box<PgCenter>),
}

impl From<Store> for CenterDb {
    fn from(s: Store) -> CenterDb {
        CenterDb::Sqlite(s)
    }
}

impl From<PgCenter> for CenterDb {
    fn from(p: PgCenter) -> CenterDb {
        CenterDb::Pg(Box::new(p))
    }
}

impl CenterDb {
    /// Runs `f` in one read transaction, so that several queries agree.
    pub fn read<T, E>(&mut self, f: impl FnOnce(&mut dyn CenterOps) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        match self {
            CenterDb::Sqlite(s) => s.read(|c| f(&mut SqliteOps(c))),
            CenterDb::Pg(p) => p.read(f),
        }
    }

    /// Runs `f` in one write transaction: all of it commits, or none.
    pub fn write<T, E>(
        &mut self,
        f: impl FnOnce(&mut dyn CenterOps) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.write_ending(f, false)
    }

    /// [`CenterDb::write`] of one report of an import (PostgreSQL: its end
    /// goes with the next report's first round trip, see
    /// [`PgCenter::write_ending`]; [`CenterDb::settle`] sends the last).
    pub fn write_report<T, E>(
        &mut self,
        f: impl FnOnce(&mut dyn CenterOps) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.write_ending(f, true)
    }

    fn write_ending<T, E>(
        &mut self,
        f: impl FnOnce(&mut dyn CenterOps) -> Result<T, E>,
        deferred: bool,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        match self {
            CenterDb::Sqlite(s) => s.write(|c| f(&mut SqliteOps(c))),
            CenterDb::Pg(p) => p.write_ending(f, deferred),
        }
    }

    /// Sends what [`CenterDb::write_report`] left waiting (nothing on
    /// SQLite).
    pub fn settle(&mut self) -> Result<()> {
        match self {
            CenterDb::Sqlite(_) => Ok(()),
            CenterDb::Pg(p) => p.settle(),
        }
    }

    /// The SQLite store (`None` on PostgreSQL).
    pub fn sqlite(&self) -> Option<&Store> {
        match self {
            CenterDb::Sqlite(s) => Some(s),
            CenterDb::Pg(_) => None,
        }
    }

    /// The SQLite store, taken out (`None` on PostgreSQL).
    pub fn into_sqlite(self) -> Option<Store> {
        match self {
            CenterDb::Sqlite(s) => Some(s),
            CenterDb::Pg(_) => None,
        }
    }

    /// The SQLite connection, for tests of the embedded engine.
    ///
    /// # Panics
    /// On PostgreSQL (no test of that engine asks for it).
    pub fn conn(&self) -> &Connection {
        match self {
            CenterDb::Sqlite(s) => s.conn(),
            CenterDb::Pg(_) => panic!("a SQLite connection asked of a PostgreSQL center"),
        }
    }

    /// How many files an import puts in one transaction: a batch on SQLite
    /// (one sync of the disk), one on PostgreSQL (one transaction per
    /// report: several clerks import at once, none waits on a batch).
    pub fn one_report_per_transaction(&self) -> bool {
        matches!(self, CenterDb::Pg(_))
    }

    /// Makes ready what an import of reports of `dates` needs before its
    /// transactions (PostgreSQL: the rows' partitions).
    pub fn prepare_dates(&mut self, dates: &[chrono::NaiveDate]) -> Result<()> {
        match self {
            CenterDb::Sqlite(_) => Ok(()),
            CenterDb::Pg(p) => p.ensure_partitions(dates),
        }
    }

    /// The page cache of a SQLite connection (nothing on PostgreSQL).
    pub fn set_cache_mib(&self, mib: i64) -> Result<()> {
        match self {
            CenterDb::Sqlite(s) => s.set_cache_mib(mib),
            CenterDb::Pg(_) => Ok(()),
        }
    }
}
