//! Opening a PostgreSQL store within [`CONNECT_TIMEOUT`], with the real cause.
//!
//! sqlx's pool treats "connection refused" as a server still starting and
//! retries until its acquire timeout, then says only "pool timed out". So the
//! pool is raced against one plain connection attempt: a refused, unknown or
//! unauthorised connection fails that attempt at once with its cause; a
//! server that never answers is reported when the pool gives up. No timer is
//! needed here, so the store stays free of any async runtime.

use std::future::Future;
use std::pin::pin;
use std::str::FromStr;
use std::task::Poll;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use crate::{CONNECT_TIMEOUT, POSTGRES_CONNECTIONS, Result, StoreError};

pub(crate) async fn open_postgres(url: &str, shown: &str) -> Result<PgPool> {
    let open_err = |source| StoreError::Open {
        url: shown.to_string(),
        source,
    };
    let opts = PgConnectOptions::from_str(url).map_err(open_err)?;
    let pool = PgPoolOptions::new()
        .max_connections(POSTGRES_CONNECTIONS)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_with(opts.clone());
    let probe = PgConnection::connect_with(&opts);
    let mut pool = pin!(pool);
    let mut probe = pin!(probe);
    let mut probe_done = false;
    let pool_result = std::future::poll_fn(|cx| {
        if let Poll::Ready(r) = pool.as_mut().poll(cx) {
            return Poll::Ready(Ok(r));
        }
        if !probe_done && let Poll::Ready(r) = probe.as_mut().poll(cx) {
            match r {
                // The real cause, at once.
                Err(e) => return Poll::Ready(Err(e)),
                // The server answers: the pool will connect too. The probe
                // connection is dropped (its socket closes).
                Ok(_conn) => probe_done = true,
            }
        }
        Poll::Pending
    })
    .await;
    match pool_result {
        Ok(Ok(p)) => Ok(p),
        Ok(Err(sqlx::Error::PoolTimedOut)) => Err(StoreError::ConnectTimeout {
            url: shown.to_string(),
            timeout: CONNECT_TIMEOUT,
        }),
        Ok(Err(e)) | Err(e) => Err(open_err(e)),
    }
}
