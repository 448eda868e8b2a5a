//! Integration tests of the online sources against local HTTP servers that
//! replay real response shapes (one binary, one module per source).

mod common;
mod crates_io;
mod docs_rs;
mod faults;
mod github;
mod live;
