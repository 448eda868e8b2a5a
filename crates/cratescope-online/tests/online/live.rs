//! Tests against the real default endpoints (network needed: ignored).

use std::time::Instant;

use cratescope_online::{OnlineClient, OnlineConfig};
use semver::Version;

use crate::common;

/// From a machine that cannot reach crates.io, GitHub or docs.rs, the three
/// sources together must fail within a few seconds (the HTTP stack marks a
/// host unreachable after its first connect failure). Prints the figure.
#[tokio::test]
#[ignore = "touches the real default hosts"]
async fn live_unreachable_hosts_fail_fast() {
    let dir = common::tempdir();
    let http = cratescope_http::HttpClient::new(cratescope_http::HttpConfig::new(dir.path()))
        .expect("client builds");
    let config = OnlineConfig {
        user_agent: Some(common::UA.to_owned()),
        ..OnlineConfig::default()
    };
    let client = OnlineClient::new(http, config);
    let as_of = jiff::Timestamp::now();
    let start = Instant::now();
    let a = client.crates_io("itoa", None).await;
    let t_a = start.elapsed();
    let b = client.github("dtolnay", "itoa", as_of).await;
    let t_b = start.elapsed();
    let c = client
        .docs_rs("itoa", &Version::new(1, 0, 19), None, as_of)
        .await;
    let total = start.elapsed();
    eprintln!(
        "crates.io {t_a:?} ({:?}); github {:?} ({:?}); docs.rs {:?} ({:?}); total {total:?}",
        a.as_ref().err(),
        t_b - t_a,
        b.as_ref().err(),
        total - t_b,
        c.as_ref().err()
    );
    assert!(a.is_err() && b.is_err() && c.is_err());
    assert!(total.as_secs_f64() < 6.0, "{total:?}");
}
