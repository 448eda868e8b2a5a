//! `track`, `untrack`, `update`, `history`, `backfill`, `trends` (issue 7):
//! work in progress by its owner.

use anyhow::{Result, bail};
use clap::Subcommand;

use crate::cli::Ctx;

/// The history commands.
#[derive(Debug, Subcommand)]
pub(crate) enum StoreCommand {
    /// Stored evaluations over time
    History {
        /// The crate
        name: String,
    },
}

pub(crate) fn run(_c: StoreCommand, _ctx: &Ctx) -> Result<u8> {
    bail!("history commands are not built yet")
}
