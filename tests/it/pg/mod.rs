//! A PostgreSQL server for the tests: `BRANCHDESK_TEST_PG` (a URL of a
//! database whose user may `CREATE DATABASE`) when set, else a throwaway
//! cluster this test binary starts once (`initdb` and `pg_ctl` of
//! PostgreSQL's server binaries, a socket in a temporary folder, no TCP)
//! and stops when it exits. Each test gets a database of its own. Nothing
//! is skipped: without the server binaries (and without the variable) the
//! test fails saying what to install.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where the server runs: an admin URL to create databases with, and how
/// to write a URL of a database of it.
struct Server {
    /// `postgresql://user@host/` without the database.
    base: String,
    admin_db: String,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static STARTED: OnceLock<(PathBuf, PathBuf, bool)> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// PostgreSQL's server binaries: `pg_config --bindir`, else the newest
/// of `/usr/lib/postgresql/*/bin`, else `PATH`.
fn bindir() -> Option<PathBuf> {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Some(dir);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().or_else(|| {
        std::env::var_os("PATH")
            .and_then(|paths| std::env::split_paths(&paths).find(|p| p.join("initdb").exists()))
    })
}

/// A command run as the user the cluster belongs to (root may not run
/// PostgreSQL: then as `nobody`, through `runuser`).
fn as_owner(root: bool, program: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

extern "C" fn stop_cluster() {
    if let Some((bin, data, root)) = STARTED.get() {
        let _ = as_owner(*root, &bin.join("pg_ctl"))
            .arg("-D")
            .arg(data)
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        if let Some(dir) = data.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn start() -> Result<Server, String> {
    if let Ok(url) = std::env::var("BRANCHDESK_TEST_PG") {
        let (base, db) = match url.rfind('/') {
            Some(i) if i > url.find("://").map_or(0, |s| s + 2) => {
                (url[..=i].to_string(), url[i + 1..].to_string())
            }
            _ => (format!("{url}/"), "postgres".to_string()),
        };
        let db = db.split('?').next().unwrap_or("postgres").to_string();
        return Ok(Server {
            base,
            admin_db: if db.is_empty() { "postgres".into() } else { db },
        });
    }
    let bin = bindir().ok_or(
        "no PostgreSQL server binaries (initdb, pg_ctl) found: install them (Debian: \
         apt-get install postgresql-15) or set BRANCHDESK_TEST_PG to a URL of a server whose \
         user may create databases",
    )?;
    let root = unsafe { libc::geteuid() } == 0;
    let dir = std::env::temp_dir().join(format!(
        "branchdesk-pg-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if root {
        let ok = Command::new("chown")
            .args(["nobody"])
            .arg(&dir)
            .status()
            .map_err(|e| format!("chown: {e}"))?;
        if !ok.success() {
            return Err(format!("chown nobody {} failed", dir.display()));
        }
    }
    let data = dir.join("data");
    let out = as_owner(root, &bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("initdb: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let opts = format!(
        "-k {} -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=100",
        dir.display()
    );
    let out = as_owner(root, &bin.join("pg_ctl"))
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(dir.join("log"))
        .args(["-o", &opts, "-w", "start"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("pg_ctl: {e}"))?;
    if !out.status.success() {
        let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
        return Err(format!(
            "pg_ctl start failed: {}{log}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let _ = STARTED.set((bin, data, root));
    unsafe {
        libc::atexit(stop_cluster);
    }
    let host: String = dir
        .display()
        .to_string()
        .bytes()
        .map(|b| match b {
            b'/' => "%2F".to_string(),
            b => (b as char).to_string(),
        })
        .collect();
    Ok(Server {
        base: format!("postgresql://postgres@{host}/"),
        admin_db: "postgres".into(),
    })
}

/// A new, empty database of the test server: its URL.
pub fn fresh_db() -> String {
    let server = match SERVER.get_or_init(start) {
        Ok(s) => s,
        Err(e) => panic!("PostgreSQL for the tests: {e}"),
    };
    let name = format!(
        "bd_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let admin = format!("{}{}", server.base, server.admin_db);
    // One at a time (CREATE DATABASE copies template1, which must be idle).
    static CREATING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = CREATING.lock().unwrap_or_else(|e| e.into_inner());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls)
        .unwrap_or_else(|e| panic!("connecting to {admin}: {e}"));
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        c.batch_execute(&sql).unwrap_or_else(|e| {
            panic!(
                "{sql}: {}",
                e.as_db_error()
                    .map_or(e.to_string(), |d| d.message().to_string())
            )
        });
    }
    format!("{}{name}", server.base)
}

/// A client of a test database.
pub fn client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}
