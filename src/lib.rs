//! branchdesk: the desk of a branch information clerk in an appliance
//! after-sales service network. See `../shared/SPEC.md` for the contract.

pub mod center;
pub mod cli;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod i18n;
pub mod io;
pub mod store;
pub mod tui;
