//! branchdesk: the desk of a branch information clerk in an appliance
//! after-sales service network. The repository's `README.md` describes the
//! commands, settings, screens and files, and has a map of where things go;
//! `BENCHMARKS.md` the figures at scale.
//!
//! Layers, lowest first: [`domain`] (pure rules, "now" always a parameter) <
//! [`io`] and [`store`] (files; the only SQL) < [`desk`] and [`center`] (the
//! operations, each one audited transaction) < [`cli`], [`tui`] and [`demo`]
//! (the edges).

pub mod center;
pub mod cli;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod i18n;
pub mod io;
pub mod store;
pub mod tui;
