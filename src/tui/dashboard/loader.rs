//! The dashboard's background loader: a worker thread with its own
//! connection to the same database file, which reads the dashboard's
//! snapshot ([`Loaded`]) while the screen keeps handling keys.
//!
//! The app sends [`Request`]s; the worker takes the newest one waiting
//! (older ones are dropped unread: only the newest matters), reads, and
//! sends back a [`Done`] with the time the read took. The worker only reads
//! (every read goes through `Store::read`, a deferred transaction); in WAL
//! mode it never holds a lock the app's writes wait for. It stops when the
//! app drops the [`Loader`].

use super::model::{Loaded, load};
use crate::desk::{Desk, DeskError};
use crate::domain::time::Zone;
use crate::store::Store;
use chrono::{DateTime, FixedOffset, NaiveTime};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

/// A read of the snapshot as of `now`, with the detail of `detail_job`.
#[derive(Debug, Clone)]
pub(super) struct Request {
    /// Increases with every request; a [`Done`] carries its request's.
    pub id: u64,
    pub now: DateTime<FixedOffset>,
    pub detail_job: Option<String>,
}

/// A finished read.
pub(super) struct Done {
    pub id: u64,
    /// The request's `now`.
    pub now: DateTime<FixedOffset>,
    /// How long the read took (not counting the worker's opening).
    pub took: Duration,
    pub result: Result<Loaded, DeskError>,
}

/// What the worker's connection needs to read as the app's desk does.
#[derive(Debug, Clone)]
pub(super) struct Setup {
    pub path: PathBuf,
    pub zone: Zone,
    pub cutoff: NaiveTime,
    pub operator: String,
}

/// The worker is gone (it could not open its connection, or it panicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Gone;

/// The app's end of the worker.
pub(super) struct Loader {
    requests: Sender<Request>,
    done: Receiver<Done>,
}

impl Loader {
    /// Starts the worker; it opens its connection at once, so that the
    /// integrity check of the open is over before the first request.
    pub fn spawn(setup: Setup) -> std::io::Result<Loader> {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, done) = mpsc::channel::<Done>();
        std::thread::Builder::new()
            .name("branchdesk-loader".into())
            .spawn(move || work(setup, inbox, outbox))?;
        Ok(Loader { requests, done })
    }

    /// Asks for a read; `Err` when the worker is gone.
    pub fn send(&self, request: Request) -> Result<(), Gone> {
        self.requests.send(request).map_err(|_| Gone)
    }

    /// A finished read, if one is waiting.
    pub fn try_take(&self) -> Result<Option<Done>, Gone> {
        match self.done.try_recv() {
            Ok(d) => Ok(Some(d)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(Gone),
        }
    }

    /// Waits up to `timeout` for a finished read.
    pub fn wait(&self, timeout: Duration) -> Result<Option<Done>, Gone> {
        match self.done.recv_timeout(timeout) {
            Ok(d) => Ok(Some(d)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(Gone),
        }
    }
}

fn open(setup: &Setup) -> Result<Desk, DeskError> {
    let mut desk = Desk::new(
        Store::open_checked(&setup.path, crate::store::Check::Skip)?,
        &setup.operator,
    )?;
    // The app's desk may hold another zone or cut-off than the file's
    // settings say (set by a caller, or changed since it opened): read as
    // it does.
    desk.zone = setup.zone;
    desk.cutoff = setup.cutoff;
    Ok(desk)
}

fn work(setup: Setup, inbox: Receiver<Request>, outbox: Sender<Done>) {
    // A worker that cannot open its connection just ends: the app sees it
    // gone and reads synchronously, as before (where a real problem with
    // the database shows itself in the app's own read).
    let Ok(mut desk) = open(&setup) else {
        return;
    };
    while let Ok(mut request) = inbox.recv() {
        // Coalesce: only the newest request waiting is read.
        loop {
            match inbox.try_recv() {
                Ok(newer) => request = newer,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        let started = Instant::now();
        let result = load(&mut desk, request.now, request.detail_job.as_deref());
        let done = Done {
            id: request.id,
            now: request.now,
            took: started.elapsed(),
            result,
        };
        if outbox.send(done).is_err() {
            return;
        }
    }
}
