//! `cratescope serve`: the web server over the history store (issue 15), and
//! the duration syntax its flags share with `update`. Flags become a
//! `ServerConfig`; everything else lives in `cratescope-server`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::Args;
use cratescope_engine::catalog;
use cratescope_engine::update::UpdateConfig;
use cratescope_model::{Arg, msg};
use cratescope_server::{AppState, ServerConfig};

use crate::cli::{Ctx, SourceArgs};
use crate::fail::cli;
use crate::store_cmds::DbArgs;

/// Arguments of `cratescope serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    addr: SocketAddr,
    /// Re-evaluate the tracked crates this often (e.g. 1d, 6h); servers
    /// sharing one PostgreSQL split each round
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    update_every: Option<Duration>,
    /// Catalog of the category pages (default: the built-in catalog)
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// On-demand evaluations that may wait before the server answers 503
    #[arg(long, value_name = "N", default_value_t = cratescope_server::defaults::QUEUE_CAPACITY)]
    queue: usize,
    /// On-demand evaluations at once
    #[arg(long, value_name = "N", default_value_t = cratescope_server::defaults::EVAL_WORKERS)]
    eval_workers: usize,
    /// Crates evaluated at once by a scheduled round
    #[arg(long, value_name = "N", default_value_t = 2)]
    jobs: usize,
    /// Claim lease of scheduled rounds (see `update`)
    #[arg(long, env = "CRATESCOPE_UPDATE_LEASE", value_name = "DURATION", value_parser = parse_duration, hide = true)]
    lease: Option<Duration>,
    /// This machine's name in claims (see `update`)
    #[arg(long, env = "CRATESCOPE_WORKER_HOST", value_name = "NAME", hide = true)]
    worker_host: Option<String>,
    /// Per-client burst of on-demand evaluations and audits
    #[arg(long, value_name = "N", default_value_t = cratescope_server::defaults::RATE_BURST)]
    rate_burst: u32,
    /// How long rendered pages are reused
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, hide = true)]
    page_ttl: Option<Duration>,
    /// Time a client has to send a request's head (line and headers) [default: 10s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_ms)]
    header_timeout: Option<Duration>,
    /// Time a client has to send a request's body [default: 30s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_ms)]
    body_timeout: Option<Duration>,
    /// Time a connection may stay with nothing moving: waiting for the next
    /// request, or not reading its answer [default: 60s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_ms)]
    idle_timeout: Option<Duration>,
    /// Connections open at once (kept under the descriptor limit, `ulimit -n`) [default: 1024]
    #[arg(long, value_name = "N")]
    max_connections: Option<usize>,
    /// Connections open at once from one client address (an IPv6 /64)
    #[arg(long, value_name = "N", default_value_t = cratescope_server::defaults::MAX_CONNECTIONS_PER_CLIENT)]
    max_connections_per_client: usize,
    /// Longest on-demand evaluation; past it, it is stopped and its page says so [default: 15m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_ms)]
    eval_timeout: Option<Duration>,
    #[command(flatten)]
    sources: SourceArgs,
    #[command(flatten)]
    db: DbArgs,
}

pub(crate) fn run(a: ServeArgs, ctx: &Ctx) -> Result<u8> {
    // Logs: `RUST_LOG=cratescope_server=debug` for a line per request.
    // Coloured on a terminal only: a log file or journal gets plain text.
    let _ = tracing_subscriber::fmt()
        .with_ansi(crate::cli::stderr_colour(ctx.global.color))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .try_init();
    let catalog = catalog::load(a.catalog.as_deref())?;
    let eval = ctx.eval_options(&a.sources)?;
    let mut cfg = ServerConfig::new(eval, catalog);
    cfg.queue_capacity = a.queue.max(1);
    cfg.eval_workers = a.eval_workers;
    cfg.rate_burst = a.rate_burst;
    cfg.update_every = a.update_every;
    if let Some(t) = a.page_ttl {
        cfg.page_ttl = t;
    }
    for (flag, value, field) in [
        (
            "--header-timeout",
            a.header_timeout,
            &mut cfg.header_timeout,
        ),
        ("--body-timeout", a.body_timeout, &mut cfg.body_timeout),
        ("--idle-timeout", a.idle_timeout, &mut cfg.idle_timeout),
        ("--eval-timeout", a.eval_timeout, &mut cfg.eval_timeout),
    ] {
        if let Some(v) = value {
            if v.is_zero() {
                return Err(crate::fail::cli(cratescope_model::msg!(
                    "cli-serve-zero-duration",
                    flag = cratescope_model::message::Arg::code(flag)
                )));
            }
            *field = v;
        }
    }
    cfg.max_connections_per_client = a.max_connections_per_client.max(1);
    let budget = cratescope_server::conn::descriptor_budget();
    cfg.max_connections = match (a.max_connections, budget) {
        (Some(n), Some(b)) if n > b => {
            tracing::warn!(
                asked = n,
                allowed = b,
                "--max-connections lowered to fit the descriptor limit (ulimit -n) beside the store and evaluations"
            );
            b
        }
        (Some(n), _) => n.max(1),
        (None, Some(b)) => cratescope_server::defaults::MAX_CONNECTIONS.min(b),
        (None, None) => cratescope_server::defaults::MAX_CONNECTIONS,
    };
    // CRATESCOPE_NOW pins the day as for every command (noon UTC of it).
    if std::env::var("CRATESCOPE_NOW").is_ok_and(|v| !v.is_empty()) {
        cfg.now = crate::cli::today()?
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    let mut update = UpdateConfig::new(a.jobs.max(1));
    if let Some(l) = a.lease {
        update.lease = l;
    }
    update.host = a.worker_host.clone();
    cfg.update = update;
    let rt = cratescope_engine::runtime()?;
    rt.block_on(async move {
        let store = crate::store_cmds::open(&a.db, ctx).await?;
        let listener = tokio::net::TcpListener::bind(a.addr).await.map_err(|e| {
            cli(msg!(
                "cli-cannot-listen",
                addr = Arg::code(a.addr.to_string()),
                why = Arg::text(e.to_string())
            ))
        })?;
        let local = listener.local_addr()?;
        tracing::info!(addr = %local, "cratescope serve: listening on http://{local}/");
        if store.read_only() {
            tracing::warn!(
                "the history store is read-only (its file or directory is not writable): pages are served from it; nothing new is evaluated or stored"
            );
        }
        tracing::info!(
            max_connections = cfg.max_connections,
            per_client = cfg.max_connections_per_client,
            header_timeout_ms = cfg.header_timeout.as_millis() as u64,
            body_timeout_ms = cfg.body_timeout.as_millis() as u64,
            idle_timeout_ms = cfg.idle_timeout.as_millis() as u64,
            "connection limits"
        );
        let state = AppState::new(store.clone(), cfg);
        cratescope_server::serve(state, listener, cratescope_server::shutdown_signal())
            .await
            .map_err(|e| cli(msg!("cli-server-stopped", why = Arg::text(e.to_string()))))?;
        store.close().await;
        tracing::info!("stopped");
        Ok(0)
    })
}

/// A duration as users write it: a whole number with a unit, `90s`, `15m`,
/// `6h`, `1d` (a bare number is seconds).
pub(crate) fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("invalid duration `{s}`: expected e.g. 90s, 15m, 6h, 1d"))?;
    let secs = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("invalid duration `{s}`: unit must be s, m, h or d")),
    };
    n.checked_mul(secs)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("duration `{s}` is too long"))
}

/// A duration for the connection limits: [`parse_duration`]'s units, or
/// milliseconds (`500ms`) for tests and tight deployments.
pub(crate) fn parse_duration_ms(s: &str) -> Result<Duration, String> {
    match s.trim().strip_suffix("ms") {
        Some(n) => n
            .parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|_| format!("invalid duration `{s}`: expected e.g. 500ms, 10s, 1m")),
        None => parse_duration(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert!(parse_duration("1w").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("99999999999999999999d").is_err());
        assert_eq!(parse_duration_ms("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration_ms("10s"), Ok(Duration::from_secs(10)));
        assert!(parse_duration_ms("xms").is_err());
    }
}
