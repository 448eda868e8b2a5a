//! Where the source analysis of a published `.crate` runs, and its cache.
//!
//! **Cache.** An analysis is a pure function of the `.crate` (whose SHA-256
//! the index vouches for and the download verifies) and of
//! [`ANALYSIS_FORMAT`]: it is kept under `analysis/v{FORMAT}/` in the cache
//! root, keyed by that checksum, and shared by every command (eval, audit,
//! report, update, serve), online or offline, whatever the model version.
//! The docs.rs view with sibling crates is keyed by the checksums of all the
//! archives it reads. Each entry carries the SHA-256 of its payload, checked
//! on read; a damaged entry is a miss.
//!
//! **Isolation.** [`Isolation::Worker`] runs the analysis in worker
//! processes (the `cratescope` binary re-executed with [`WORKER_ARG`]),
//! which limit their own address space ([`WORKER_ADDRESS_SPACE`]) and CPU
//! time per request ([`WORKER_CPU_SECS`]); the parent also kills a worker
//! that has not answered within [`WORKER_WALL`]. Workers are reused for
//! many crates (one per core) and replaced after a crash. A crash (an
//! abort, a stack overflow, an allocation the limit refuses, a signal)
//! ends only that analysis: the crate's card then says its source was not
//! analysed, stopped at its limit ([`AnalysisLimit::Stopped`]), with the
//! manifest and README facts read by a fresh worker. [`Isolation::InProcess`]
//! (the library default, used by in-process tests whose executable is a
//! test binary) runs it on a guarded thread of this process.
//!
//! **Test switch.** A worker started with the environment variable
//! [`CRASH_ENV`] set aborts when a file of the crate whose source it is
//! asked to analyse contains that variable's value (a file whose bytes the
//! reader keeps: not a C source or a library, see
//! `cratescope_analyze::tarball::content_unread`; and not when it reads a
//! stopped crate's manifest): how the end-to-end test
//! (`crates/cratescope-cli/tests/cli/isolation.rs`) forces a crash. It is
//! read by the worker only; nothing else looks at it.
//!
//! The protocol: one request per line-delimited JSON header followed by the
//! raw `.crate` bytes it announces, one JSON answer line back.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cratescope_analyze::{
    ANALYSIS_FORMAT, AnalysisLimit, AnalysisLimits, CrateFiles, DocsRsCoverage, Limits,
    ManifestFacts, PackageFacts, SiblingCrate, TarballError,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// The hidden first argument that makes the binary an analysis worker.
pub const WORKER_ARG: &str = "__analyze-worker";

/// Test-only: a worker aborts on a crate containing this variable's value.
pub const CRASH_ENV: &str = "CRATESCOPE_TEST_WORKER_CRASH_ON";

/// Address space a worker allows itself: the analysis keeps at most
/// [`AnalysisLimits::max_memory_bytes`] (256 MiB) beside an archive of at
/// most 256 MiB inflated; the rest is room for the allocator's arenas and
/// thread stacks, which count as address space.
pub const WORKER_ADDRESS_SPACE: u64 = 3 << 30;

/// CPU seconds one request may take in a worker (above the analysis's own
/// 60 s wall-time limit, so that limit normally speaks first).
pub const WORKER_CPU_SECS: u64 = 90;

/// How long the parent waits for one answer before killing the worker.
pub const WORKER_WALL: Duration = Duration::from_secs(120);

/// Where the analysis of untrusted source runs.
#[derive(Debug, Clone, Default)]
pub enum Isolation {
    /// On a guarded thread of this process.
    #[default]
    InProcess,
    /// In worker processes started from this executable.
    Worker {
        /// The executable (`std::env::current_exe()`).
        exe: PathBuf,
        /// Workers running at once.
        workers: usize,
    },
}

/// What the analysis of one `.crate` gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Analysed {
    /// The facts (possibly with limits hit, or stopped).
    Facts(Box<PackageFacts>),
    /// The archive was refused: over a size limit (`true`) or damaged.
    Refused {
        /// Over a size limit rather than damaged.
        too_large: bool,
        /// Why.
        reason: Message,
    },
}

#[derive(Debug, Serialize, Deserialize)]
enum Request {
    /// Analyse one `.crate`.
    Crate { size: usize, stopped_before: bool },
    /// The docs.rs view of the first archive with the others as siblings.
    DocsView {
        sizes: Vec<usize>,
        manifest: Box<ManifestFacts>,
    },
}

#[derive(Debug, Serialize, Deserialize)]
enum Answer {
    Crate(Analysed),
    DocsView(Result<DocsRsCoverage, Message>),
}

/// Analyses `bytes` in this process (see [`Analyzer`]).
fn analyse_bytes(bytes: &[u8], stopped: bool) -> Analysed {
    match cratescope_analyze::read_crate(bytes, &Limits::default()) {
        Ok(files) => {
            if !stopped {
                crash_switch(&files);
            }
            Analysed::Facts(Box::new(if stopped {
                cratescope_analyze::analyze_stopped(&files)
            } else {
                cratescope_analyze::analyze(&files)
            }))
        }
        Err(e) => Analysed::Refused {
            too_large: matches!(
                e,
                TarballError::TooLarge { .. } | TarballError::TooManyEntries { .. }
            ),
            reason: e.message(),
        },
    }
}

fn docs_view_bytes(
    archives: &[&[u8]],
    manifest: &ManifestFacts,
) -> Result<DocsRsCoverage, Message> {
    let mut files: Vec<CrateFiles> = Vec::new();
    for b in archives {
        let f = cratescope_analyze::read_crate(b, &Limits::default()).map_err(|e| e.message())?;
        crash_switch(&f);
        files.push(f);
    }
    let Some((main, siblings)) = files.split_first() else {
        return Err(msg!("tarball-empty"));
    };
    let siblings: Vec<SiblingCrate<'_>> =
        siblings.iter().map(|f| SiblingCrate { files: f }).collect();
    cratescope_analyze::docs_rs_view_guarded(main, manifest, &siblings, &AnalysisLimits::default())
        .map_err(|why| msg!("analysis-internal-error", why = Arg::text(why)))
}

/// The test switch (see the module docs): only ever set by tests.
fn crash_switch(files: &CrateFiles) {
    if let Some(marker) = std::env::var_os(CRASH_ENV).filter(|m| !m.is_empty()) {
        let marker = marker.to_string_lossy().into_owned();
        let hit = files
            .paths()
            .filter_map(|p| files.get(p))
            .any(|b| b.windows(marker.len()).any(|w| w == marker.as_bytes()));
        if hit {
            std::process::abort();
        }
    }
}

/// Runs the analysis where [`Isolation`] says, through the cache.
#[derive(Debug)]
pub struct Analyzer {
    isolation: Isolation,
    cache: Option<AnalysisCache>,
    pool: Option<Pool>,
}

impl Analyzer {
    /// An analyzer caching under `cache_root` (when given).
    pub fn new(isolation: Isolation, cache_root: Option<&Path>) -> Analyzer {
        let pool = match &isolation {
            Isolation::Worker { exe, workers } => Some(Pool::new(exe.clone(), *workers)),
            Isolation::InProcess => None,
        };
        Analyzer {
            isolation,
            cache: cache_root.map(AnalysisCache::new),
            pool,
        }
    }

    /// The analysis of the `.crate` `bytes` whose SHA-256 is `cksum`.
    pub async fn analyse(&self, cksum: &str, bytes: Arc<Vec<u8>>) -> Analysed {
        let key = format!("crate-{}", cksum.to_ascii_lowercase());
        if let Some(c) = &self.cache
            && let Some(a) = c.get::<Analysed>(&key)
        {
            return a;
        }
        let a = match &self.pool {
            None => {
                let b = Arc::clone(&bytes);
                tokio::task::spawn_blocking(move || analyse_bytes(&b, false))
                    .await
                    .unwrap_or_else(|e| Analysed::Refused {
                        too_large: false,
                        reason: msg!("tarball-analysis-failed", why = Arg::text(e.to_string())),
                    })
            }
            Some(pool) => match pool
                .call(
                    Request::Crate {
                        size: bytes.len(),
                        stopped_before: false,
                    },
                    &[&bytes],
                )
                .await
            {
                Some(Answer::Crate(a)) => a,
                _ => {
                    // Stopped at its limit: what a fresh worker reads
                    // without the source analysis.
                    match pool
                        .call(
                            Request::Crate {
                                size: bytes.len(),
                                stopped_before: true,
                            },
                            &[&bytes],
                        )
                        .await
                    {
                        Some(Answer::Crate(a)) => a,
                        _ => Analysed::Refused {
                            too_large: true,
                            reason: msg!("tarball-analysis-stopped"),
                        },
                    }
                }
            },
        };
        let stopped = matches!(&a, Analysed::Facts(f) if f.code.not_analysed.iter().any(|n| n.limit == AnalysisLimit::Stopped || n.limit == AnalysisLimit::Internal || n.limit == AnalysisLimit::WallTime));
        if let Some(c) = &self.cache
            && !stopped
        {
            c.put(&key, &a);
        }
        a
    }

    /// The docs.rs view of the archive `main` (checksum first in `cksums`)
    /// with its `siblings`' archives.
    pub async fn docs_view(
        &self,
        cksums: &[String],
        main: Arc<Vec<u8>>,
        siblings: Vec<Arc<Vec<u8>>>,
        manifest: &ManifestFacts,
    ) -> Result<DocsRsCoverage, Message> {
        let key = format!(
            "docs-{}",
            hex::encode(Sha256::digest(cksums.join(",").to_ascii_lowercase()))
        );
        if let Some(c) = &self.cache
            && let Some(v) = c.get::<DocsRsCoverage>(&key)
        {
            return Ok(v);
        }
        let mut all = vec![main];
        all.extend(siblings);
        let r = match &self.pool {
            None => {
                let m = manifest.clone();
                tokio::task::spawn_blocking(move || {
                    let refs: Vec<&[u8]> = all.iter().map(|b| b.as_slice()).collect();
                    docs_view_bytes(&refs, &m)
                })
                .await
                .unwrap_or_else(|e| {
                    Err(msg!(
                        "tarball-analysis-failed",
                        why = Arg::text(e.to_string())
                    ))
                })
            }
            Some(pool) => {
                let refs: Vec<&[u8]> = all.iter().map(|b| b.as_slice()).collect();
                let req = Request::DocsView {
                    sizes: refs.iter().map(|b| b.len()).collect(),
                    manifest: Box::new(manifest.clone()),
                };
                match pool.call(req, &refs).await {
                    Some(Answer::DocsView(r)) => r,
                    _ => Err(msg!("tarball-analysis-stopped")),
                }
            }
        };
        if let (Some(c), Ok(v)) = (&self.cache, &r) {
            c.put(&key, v);
        }
        r
    }

    /// Ends the worker processes now (as dropping the analyzer does), for
    /// a caller about to exit without taking its data apart.
    pub fn shut_down(&self) {
        if let Some(pool) = &self.pool {
            pool.shut_down();
        }
    }

    /// Where the analysis runs.
    pub fn isolation(&self) -> &Isolation {
        &self.isolation
    }
}

/// Analysis results on disk (see the module docs).
#[derive(Debug)]
struct AnalysisCache {
    dir: PathBuf,
}

impl AnalysisCache {
    fn new(root: &Path) -> Self {
        Self {
            dir: root.join("analysis").join(format!("v{ANALYSIS_FORMAT}")),
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir.join(format!("{safe}.json"))
    }

    /// The entry, if present and intact: first line the SHA-256 of the rest.
    fn get<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Option<T> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let nl = bytes.iter().position(|&b| b == b'\n')?;
        let (digest, payload) = (bytes.get(..nl)?, bytes.get(nl + 1..)?);
        if hex::encode(Sha256::digest(payload)).as_bytes() != digest {
            return None;
        }
        serde_json::from_slice(payload).ok()
    }

    /// Writes an entry (atomically: a temporary file renamed); a failure
    /// only costs the next run a recomputation.
    fn put<T: Serialize>(&self, key: &str, value: &T) {
        let Ok(payload) = serde_json::to_vec(value) else {
            return;
        };
        let mut out = hex::encode(Sha256::digest(&payload)).into_bytes();
        out.push(b'\n');
        out.extend_from_slice(&payload);
        let path = self.path(key);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::create_dir_all(&self.dir).is_ok() && std::fs::write(&tmp, &out).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
}

/// Worker processes, reused across requests.
#[derive(Debug)]
struct Pool {
    exe: PathBuf,
    idle: tokio::sync::Mutex<Vec<Worker>>,
    slots: tokio::sync::Semaphore,
}

#[derive(Debug)]
struct Worker {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    stdout: tokio::io::BufReader<tokio::process::ChildStdout>,
}

impl Pool {
    fn new(exe: PathBuf, workers: usize) -> Self {
        Self {
            exe,
            idle: tokio::sync::Mutex::new(Vec::new()),
            slots: tokio::sync::Semaphore::new(workers.max(1)),
        }
    }

    fn spawn(&self) -> Option<Worker> {
        let mut child = tokio::process::Command::new(&self.exe)
            .arg(WORKER_ARG)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let stdout = tokio::io::BufReader::new(child.stdout.take()?);
        Some(Worker {
            child,
            stdin,
            stdout,
        })
    }

    /// One request and its answer; `None` when the worker died or timed
    /// out (it is then killed and dropped; the next call starts another).
    async fn call(&self, req: Request, archives: &[&[u8]]) -> Option<Answer> {
        let _slot = self.slots.acquire().await.ok()?;
        let idle = self.idle.lock().await.pop();
        let mut w = match idle {
            Some(w) => w,
            None => self.spawn()?,
        };
        let exchange = async {
            let mut header = serde_json::to_vec(&req).ok()?;
            header.push(b'\n');
            w.stdin.write_all(&header).await.ok()?;
            for a in archives {
                w.stdin.write_all(a).await.ok()?;
            }
            w.stdin.flush().await.ok()?;
            let mut line = String::new();
            let n = w.stdout.read_line(&mut line).await.ok()?;
            if n == 0 {
                return None;
            }
            serde_json::from_str::<Answer>(&line).ok()
        };
        match tokio::time::timeout(WORKER_WALL, exchange).await {
            Ok(Some(answer)) => {
                self.idle.lock().await.push(w);
                Some(answer)
            }
            _ => {
                let _ = w.child.start_kill();
                let _ = w.child.wait().await;
                None
            }
        }
    }

    /// Closes the idle workers' input (they exit at its end) and reaps
    /// them, so no worker outlives the run and their CPU time is this
    /// process's children's (what `time` reports). Workers busy at the
    /// time (none, once every call has returned) are left to `kill_on_drop`.
    fn shut_down(&self) {
        let workers = self
            .idle
            .try_lock()
            .map(|mut idle| std::mem::take(&mut *idle))
            .unwrap_or_default();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        for w in workers {
            let Worker {
                mut child, stdin, ..
            } = w;
            // The end of their input: workers exit.
            drop(stdin);
            loop {
                match child.try_wait() {
                    Ok(Some(_)) | Err(_) => break,
                    Ok(None) if std::time::Instant::now() >= deadline => {
                        let _ = child.start_kill();
                        break;
                    }
                    Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// CPU seconds this process has used (user + system), from
/// `/proc/self/stat` in the kernel's fixed 100 ticks per second.
fn cpu_secs() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100)
}

/// The worker's main loop (the binary calls this when its first argument
/// is [`WORKER_ARG`]): limits itself, then answers requests from stdin
/// until it closes. Returns the process exit code.
pub fn worker_main() -> u8 {
    // Best effort: where the platform refuses, the analysis's own budgets
    // still hold.
    let _ = rlimit::setrlimit(
        rlimit::Resource::AS,
        WORKER_ADDRESS_SPACE,
        WORKER_ADDRESS_SPACE,
    );
    let _ = rlimit::setrlimit(rlimit::Resource::CORE, 0, 0);
    // Every crate is analysed on this one thread, in place (its stack is
    // the analysis's): no thread, stack or allocator heap made per crate.
    cratescope_analyze::guarded_thread(AnalysisLimits::default().stack_bytes, serve).unwrap_or(2)
}

/// Answers requests from stdin until it closes (see [`worker_main`]).
fn serve() -> u8 {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return 0,
            Ok(_) => {}
        }
        let Ok(req) = serde_json::from_str::<Request>(&line) else {
            return 2;
        };
        // This request's CPU allowance: the soft limit is raised and
        // lowered freely; SIGXCPU past it ends the worker.
        if let Some(now) = cpu_secs() {
            let hard = rlimit::getrlimit(rlimit::Resource::CPU).map_or(rlimit::INFINITY, |l| l.1);
            let _ = rlimit::setrlimit(
                rlimit::Resource::CPU,
                (now + WORKER_CPU_SECS).min(hard),
                hard,
            );
        }
        let sizes = match &req {
            Request::Crate { size, .. } => vec![*size],
            Request::DocsView { sizes, .. } => sizes.clone(),
        };
        let mut archives = Vec::new();
        for size in sizes {
            // The size comes from the parent, which read the archive: room
            // for it at once, not grown by doubling.
            let mut b = Vec::new();
            if b.try_reserve_exact(size).is_err()
                || (&mut input).take(size as u64).read_to_end(&mut b).is_err()
                || b.len() != size
            {
                return 2;
            }
            archives.push(b);
        }
        let answer = match req {
            Request::Crate { stopped_before, .. } => Answer::Crate(analyse_bytes(
                archives.first().map_or(&[][..], |b| b),
                stopped_before,
            )),
            Request::DocsView { manifest, .. } => {
                let refs: Vec<&[u8]> = archives.iter().map(|b| b.as_slice()).collect();
                Answer::DocsView(docs_view_bytes(&refs, &manifest))
            }
        };
        let Ok(mut text) = serde_json::to_vec(&answer) else {
            return 2;
        };
        text.push(b'\n');
        if out.write_all(&text).and_then(|()| out.flush()).is_err() {
            return 0;
        }
    }
}
