//! Registry index access for cratescope: the sparse index over HTTP,
//! cargo's local cache, and `.crate` downloads.
//!
//! This crate fetches and parses; it computes no signal and no score.
//! [`Index::crate_releases`] returns every published version with its
//! dependencies, features, yank state, MSRV and publish time, plus where the
//! data came from; [`Index::download_crate`] returns a checksum-verified
//! tarball. Problems in the data are returned as warnings, never printed.

#![warn(missing_docs)]

mod cargo_cache;
mod download;
mod entry;
mod error;
mod index;
mod name;
mod pick;

pub use cargo_cache::{
    CACHE_INDEX_SCHEMA, CACHE_VERSION, CacheFile, CacheFileError, CargoCacheHit,
    CargoCacheReadError, default_cargo_home, find_cargo_tarballs, parse_cache_file,
    read_cargo_cache, registry_index_dirs,
};
pub use download::{RegistryConfig, download_url, is_sha256_hex, sha256_hex};
pub use entry::{
    DepKind, Dependency, INDEX_V_MAX, LineProblem, ParsedIndex, Release, parse_index_file,
    parse_index_line,
};
pub use error::IndexError;
pub use index::{
    CONFIG_TTL, CrateBytes, CrateOrigin, Freshness, INDEX_TTL, Index, IndexConfig, IndexCrate,
    IndexOrigin, MAX_CONFIG_BYTES, MAX_CRATE_FILE_BYTES, MAX_INDEX_FILE_BYTES,
};
pub use name::{MAX_NAME_LENGTH, NameProblem, index_path, index_prefix, validate_crate_name};
pub use pick::{VersionWanted, nearest, pick, pick_req, published_by};
