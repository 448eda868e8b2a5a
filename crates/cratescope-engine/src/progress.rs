//! Progress as data: the engine reports what it is doing through a sink; the
//! CLI draws bars, the server counts, tests record. The library never prints.

/// Receives progress of a long job (an audit, a catalog, an update).
pub trait Progress: Send + Sync {
    /// This many items will be worked on.
    fn start(&self, _total: usize) {}
    /// Work on one item began.
    fn begin(&self, _item: &str) {}
    /// One item is done.
    fn done(&self, _item: &str) {}
    /// This many more units of a byte-measured job (a download, an import)
    /// are done; `start` gave the total in the same units.
    fn advance(&self, _units: u64) {}
}

/// A sink that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
