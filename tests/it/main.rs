//! Every integration test in one binary (one link instead of one a file),
//! each file a module, with the shared fixtures and helpers of `common/`
//! (a branch database in a temporary folder, the sample files, the
//! pseudo-terminal).

mod common;
mod pg;

mod bad_input_corpus;
mod center_pg;
#[cfg(unix)]
mod center_pty;
mod cli_args;
mod cli_center;
mod cli_center_figures;
mod cli_center_summary;
mod cli_center_supervise;
mod cli_complaints;
mod cli_correct;
mod cli_export;
mod cli_import;
mod cli_ledger;
mod cli_money;
mod cli_status;
mod cli_supervise;
mod cli_voice;
mod cli_xlsx;
mod cli_zh;
mod concurrent_clerks;
#[cfg(unix)]
mod crash_kill;
#[cfg(unix)]
mod faults_cli;
mod hostile_text;
mod layering;
mod prop_readers;
mod restore_story;
mod safety_cli;
#[cfg(unix)]
mod supervise_pty;
mod trust;
#[cfg(unix)]
mod tui_crash_pty;
#[cfg(unix)]
mod tui_pty;
