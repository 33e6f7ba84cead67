//! CSV files in and out. Input is read whole-file-or-nothing: every problem
//! is collected with its line and column so the clerk can fix the file once.

pub mod export;
pub mod keys;
pub mod records;
pub mod table;

pub use table::{Problem, Row, Table, read_table, stream_table};
