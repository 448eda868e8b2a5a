//! The one bounded-concurrency helper of the engine: run a job per item, at
//! most `limit` at once, on the tokio runtime, and get every item back with
//! its result — including the items whose task panicked, so nothing
//! disappears silently.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

/// What became of one item.
#[derive(Debug)]
pub enum Done<R> {
    /// The job returned.
    Ok(R),
    /// The job's task panicked or was cancelled; the text says which.
    Lost(String),
}

/// Run `job(item)` for every item, at most `limit` (at least 1) at once.
/// Results come back in completion order, each with its item.
pub async fn run<T, R, F, Fut>(items: Vec<T>, limit: usize, job: F) -> Vec<(T, Done<R>)>
where
    T: Clone + Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> Fut,
    Fut: Future<Output = R> + Send + 'static,
{
    let permits = Arc::new(tokio::sync::Semaphore::new(limit.max(1)));
    let mut set = tokio::task::JoinSet::new();
    let mut by_task = HashMap::new();
    for item in items {
        let permits = Arc::clone(&permits);
        let fut = job(item.clone());
        let handle = set.spawn(async move {
            // The semaphore is never closed; if it were, run unbounded rather
            // than drop the item.
            let _permit = permits.acquire_owned().await.ok();
            fut.await
        });
        by_task.insert(handle.id(), item);
    }
    let mut out = Vec::with_capacity(by_task.len());
    while let Some(joined) = set.join_next_with_id().await {
        match joined {
            Ok((id, r)) => {
                if let Some(item) = by_task.remove(&id) {
                    out.push((item, Done::Ok(r)));
                }
            }
            Err(e) => {
                if let Some(item) = by_task.remove(&e.id()) {
                    let why = if e.is_panic() {
                        "the task panicked".to_string()
                    } else {
                        "the task was cancelled".to_string()
                    };
                    out.push((item, Done::Lost(why)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bounds_concurrency_and_returns_every_item() {
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let items: Vec<u32> = (0..20).collect();
        let (r, p) = (running.clone(), peak.clone());
        let out = run(items, 3, move |i| {
            let (r, p) = (r.clone(), p.clone());
            async move {
                let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                r.fetch_sub(1, Ordering::SeqCst);
                if i == 7 {
                    panic!("boom");
                }
                i * 2
            }
        })
        .await;
        assert_eq!(out.len(), 20);
        assert!(
            peak.load(Ordering::SeqCst) <= 3,
            "peak {}",
            peak.load(Ordering::SeqCst)
        );
        for (i, d) in &out {
            match d {
                Done::Ok(v) => assert_eq!(*v, i * 2),
                Done::Lost(why) => {
                    assert_eq!(*i, 7);
                    assert!(why.contains("panicked"));
                }
            }
        }
    }
}
