//! `cratescope report` (issue 8): work in progress by its owner.

use anyhow::{Result, bail};
use clap::Args;

use crate::cli::Ctx;

/// Arguments of `cratescope report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {}

pub(crate) fn run(_a: ReportArgs, _ctx: &Ctx) -> Result<u8> {
    bail!("`cratescope report` is not built yet")
}
