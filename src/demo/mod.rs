//! Demo data that looks real to a Chinese branch clerk, written through the
//! desk's operations and the store's functions (no SQL of its own):
//! a branch's jobs and days ([`branch`]), its complaints, money and
//! customer's voice ([`complaints`], [`money`], [`voice`]), and a center
//! fed by the reports of several demo branches ([`center`]).

pub mod branch;
pub mod center;
pub mod complaints;
pub mod money;
pub mod voice;

#[cfg(test)]
mod store_tests;

pub use branch::{
    DEFAULT_DAYS, DEFAULT_JOBS, DEMO_BRANCH, DemoOptions, ENGINEERS, Rng, fill, fill_branch,
};
