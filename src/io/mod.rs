//! CSV files in and out (and the spreadsheets for people beside the reports). Input is read whole-file-or-nothing: every problem
//! is collected with its line and column so the clerk can fix the file once.

pub mod export;
pub mod fields;
pub mod files;
pub mod keys;
pub mod records;
pub mod summary_xlsx;
pub mod table;
pub mod xlsx;

pub use table::{
    Problem, Row, Table, check_header, header_cells, read_table, stream_table, stream_table_reader,
};
