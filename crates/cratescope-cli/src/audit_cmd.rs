//! `cratescope audit` (issue 6): work in progress by its owner.

use anyhow::{Result, bail};
use clap::Args;

use crate::cli::Ctx;

/// Arguments of `cratescope audit`.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {}

pub(crate) fn run(_a: AuditArgs, _ctx: &Ctx) -> Result<u8> {
    bail!("`cratescope audit` is not built yet")
}
