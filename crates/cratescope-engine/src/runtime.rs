//! The one async runtime of a process: every command and the server run on
//! a runtime built here, so its settings are decided once.

use crate::error::Error;

/// Stack of runtime threads: parsing deeply nested generated code (syn is
/// recursive) overflowed the default 2 MiB in debug builds on this very
/// workspace's lockfile, and the analysis of one crate may run on any of
/// them.
pub const THREAD_STACK_BYTES: usize = 32 * 1024 * 1024;

/// A multi-threaded runtime with one worker per core, timers and I/O on.
pub fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .thread_stack_size(THREAD_STACK_BYTES)
        .enable_all()
        .build()
        .map_err(Error::Runtime)
}
