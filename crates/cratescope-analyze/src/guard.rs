//! Bounds on the source analysis, so that no published crate can exhaust
//! the stack, the memory or the time of the process that reads it.
//!
//! The classes, not the shapes:
//! 1. **Recursion**: the reader never builds expressions (bodies are
//!    skipped by their delimiters, see [`crate::syntax`]), so no shape of
//!    code (nesting, operator, postfix, index, method or field chains)
//!    reaches a recursive parser. What does recurse (inline modules and
//!    macro expansions, `use` trees, `cfg` predicates, `cfg_attr`, `concat!`
//!    in `include_str!`, re-export chains) carries an explicit depth.
//! 2. **Work**: tokens per file ([`AnalysisLimits::max_file_tokens`], the
//!    lexer stops there), and the tokens a view's walk reads, macro
//!    expansions and included doc files included
//!    ([`AnalysisLimits::max_work_tokens`]): time is linear in them.
//! 3. **Memory**: everything one crate's analysis keeps (tokens, the
//!    module graph, included files counted once each however many items
//!    include them) is charged to [`AnalysisLimits::max_memory_bytes`].
//! 4. **Time**: the wall-time limit is checked as the walk takes work, so
//!    inside a file, not only between files.
//! 5. **Bytes**: per file, per line, per crate, and module files per crate
//!    ([`Budget`]); a file is walked once however many `mod` items name it.
//! 6. **A thread of its own** ([`run_guarded`]) with an explicit stack, so
//!    that a panic (a bug) becomes a reported internal error (a worker
//!    keeps one such thread for all its crates: [`guarded_thread`]); and, in the
//!    command-line tool, a worker process with OS limits around all of it
//!    (the engine's `isolate` module), for whatever escapes the above.
//!
//! What a limit refuses is recorded as a
//! [`NotAnalysed`](cratescope_model::package::NotAnalysed) and the analysis
//! goes on with the rest (or stops, for a per-crate limit).

use std::cell::Cell;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub use cratescope_model::package::{AnalysisLimit, NotAnalysed};

/// Default [`AnalysisLimits::max_file_bytes`]: the largest file read at
/// all (lexical scan). The largest real `.rs` files (generated tables such
/// as encoding_rs's `data.rs`) are 2.5 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Default [`AnalysisLimits::max_parse_file_bytes`]: the largest module
/// file the walk reads (three times the largest real one).
pub const DEFAULT_MAX_PARSE_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Default [`AnalysisLimits::max_line_bytes`]. Only minified or generated
/// text has lines of more than a few KB; a 1 MiB line is data.
pub const DEFAULT_MAX_LINE_BYTES: u64 = 1024 * 1024;

/// Default [`AnalysisLimits::max_total_bytes`] per crate and view: the
/// source the module walk parses plus what the lexical scan reads. The
/// biggest real module trees are a few tens of MB (API binding crates).
pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

/// Default [`AnalysisLimits::max_modules`] per crate and view: binding
/// crates with every feature reach a few thousand module files.
pub const DEFAULT_MAX_MODULES: u32 = 20_000;

/// Default [`AnalysisLimits::max_wall`]: real crates take milliseconds to
/// a few seconds (the biggest binding crates); a minute means something
/// is wrong, and the crate's other facts should not wait for it.
pub const DEFAULT_MAX_WALL: Duration = Duration::from_secs(60);

/// Default [`AnalysisLimits::stack_bytes`] of the analysis thread. Nothing
/// recurses deeper than its explicit depth limits (a few hundred frames);
/// this is room to spare, and address space only (the kernel maps what is
/// touched).
pub const DEFAULT_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Default [`AnalysisLimits::max_file_tokens`]: the largest real files
/// (generated tables of a few MB) hold under a million tokens; 4 Mi tokens
/// are 64 MiB of token memory.
pub const DEFAULT_MAX_FILE_TOKENS: usize = 4 * 1024 * 1024;

/// Default [`AnalysisLimits::max_work_tokens`]: tokens a view's walk reads
/// (module files, macro bodies each time they expand, included doc files
/// by the 64 bytes). The biggest real module trees read a few million.
pub const DEFAULT_MAX_WORK_TOKENS: u64 = 64 * 1024 * 1024;

/// Default [`AnalysisLimits::max_memory_bytes`]: what one crate's analysis
/// keeps (tokens at 12 bytes each, the module graph, included doc files).
/// Real crates keep a few MB; the biggest binding crates tens.
pub const DEFAULT_MAX_MEMORY_BYTES: u64 = 256 * 1024 * 1024;

/// Limits on the source analysis of one crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisLimits {
    /// Largest file read at all.
    pub max_file_bytes: u64,
    /// Largest module file read by the walk.
    pub max_parse_file_bytes: u64,
    /// Longest line in a module file read by the walk.
    pub max_line_bytes: u64,
    /// Most bytes of source read per crate and view.
    pub max_total_bytes: u64,
    /// Most module files walked per crate and view.
    pub max_modules: u32,
    /// Most tokens in one file.
    #[serde(default = "default_file_tokens")]
    pub max_file_tokens: usize,
    /// Most tokens one view's walk reads.
    #[serde(default = "default_work_tokens")]
    pub max_work_tokens: u64,
    /// Most bytes one crate's analysis keeps.
    #[serde(default = "default_memory_bytes")]
    pub max_memory_bytes: u64,
    /// Longest analysis of one crate.
    pub max_wall: Duration,
    /// Stack of the analysis thread.
    pub stack_bytes: usize,
}

impl Default for AnalysisLimits {
    fn default() -> Self {
        Self {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_parse_file_bytes: DEFAULT_MAX_PARSE_FILE_BYTES,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            max_total_bytes: DEFAULT_MAX_TOTAL_BYTES,
            max_modules: DEFAULT_MAX_MODULES,
            max_file_tokens: DEFAULT_MAX_FILE_TOKENS,
            max_work_tokens: DEFAULT_MAX_WORK_TOKENS,
            max_memory_bytes: DEFAULT_MAX_MEMORY_BYTES,
            max_wall: DEFAULT_MAX_WALL,
            stack_bytes: DEFAULT_STACK_BYTES,
        }
    }
}

fn default_file_tokens() -> usize {
    DEFAULT_MAX_FILE_TOKENS
}
fn default_work_tokens() -> u64 {
    DEFAULT_MAX_WORK_TOKENS
}
fn default_memory_bytes() -> u64 {
    DEFAULT_MAX_MEMORY_BYTES
}

/// A limit a file is over: which, what was found, the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Over {
    pub limit: AnalysisLimit,
    pub found: u64,
    pub max: u64,
}

impl Over {
    pub(crate) fn record(self, krate: &str, path: Option<&str>, in_tree: bool) -> NotAnalysed {
        NotAnalysed {
            krate: krate.to_owned(),
            path: path.map(str::to_owned),
            limit: self.limit,
            found: self.found,
            max: self.max,
            in_module_tree: in_tree,
        }
    }
}

/// The per-crate budget of one view's walk: bytes read, module files, and
/// the shared deadline.
#[derive(Debug)]
pub(crate) struct Budget {
    pub limits: AnalysisLimits,
    start: Instant,
    bytes: u64,
    modules: u32,
    work: u64,
    /// A crate-wide limit was hit: no more files are read.
    pub stopped: bool,
}

impl Budget {
    pub(crate) fn new(limits: AnalysisLimits, start: Instant) -> Self {
        Self {
            limits,
            start,
            bytes: 0,
            modules: 0,
            work: 0,
            stopped: false,
        }
    }

    fn wall(&self) -> Option<Over> {
        let spent = self.start.elapsed();
        (spent > self.limits.max_wall).then(|| Over {
            limit: AnalysisLimit::WallTime,
            // Rounded up: any time past a limit of 0 ms is over it.
            found: u64::try_from(spent.as_micros().div_ceil(1000)).unwrap_or(u64::MAX),
            max: u64::try_from(self.limits.max_wall.as_millis()).unwrap_or(u64::MAX),
        })
    }

    /// Takes `bytes` of reading from the budget; the limit that stops it.
    pub(crate) fn read(&mut self, bytes: u64) -> Result<(), Over> {
        if let Some(o) = self.wall() {
            self.stopped = true;
            return Err(o);
        }
        let total = self.bytes.saturating_add(bytes);
        if total > self.limits.max_total_bytes {
            self.stopped = true;
            return Err(Over {
                limit: AnalysisLimit::TotalBytes,
                found: total,
                max: self.limits.max_total_bytes,
            });
        }
        self.bytes = total;
        Ok(())
    }

    /// Takes `tokens` of walking work from the budget, looking at the clock
    /// every few thousand tokens; the limit that stops it.
    pub(crate) fn work(&mut self, tokens: u64) -> Result<(), Over> {
        let before = self.work;
        self.work = self.work.saturating_add(tokens);
        if self.work > self.limits.max_work_tokens {
            self.stopped = true;
            return Err(Over {
                limit: AnalysisLimit::Tokens,
                found: self.work,
                max: self.limits.max_work_tokens,
            });
        }
        if before >> 12 != self.work >> 12
            && let Some(o) = self.wall()
        {
            self.stopped = true;
            return Err(o);
        }
        Ok(())
    }

    /// Takes one module file from the budget.
    pub(crate) fn module(&mut self) -> Result<(), Over> {
        self.modules = self.modules.saturating_add(1);
        if self.modules > self.limits.max_modules {
            self.stopped = true;
            return Err(Over {
                limit: AnalysisLimit::Modules,
                found: u64::from(self.modules),
                max: u64::from(self.limits.max_modules),
            });
        }
        Ok(())
    }
}

thread_local! {
    /// Stack bytes this thread was started with for guarded work by
    /// [`guarded_thread`] (0 on any other thread, and while a guarded call
    /// runs in place on it).
    static GUARDED_STACK: Cell<usize> = const { Cell::new(0) };
}

/// Stack a [`guarded_thread`] has beyond what it promises its guarded
/// calls: the frames of the loop that makes them.
const GUARDED_THREAD_SLACK: usize = 1024 * 1024;

/// Runs `body` on a thread of its own with `stack_bytes` of stack for
/// guarded calls: [`run_guarded`] asking for no more runs its work in
/// place there (a panic still caught), instead of starting a thread per
/// call. A process that analyses many crates one after another (an
/// analysis worker) keeps one thread, its stack and its allocator's
/// memory, where a thread per crate would map fresh ones each time.
pub fn guarded_thread<T: Send>(
    stack_bytes: usize,
    body: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    spawn_joined(stack_bytes.saturating_add(GUARDED_THREAD_SLACK), || {
        GUARDED_STACK.set(stack_bytes);
        body()
    })
}

/// Runs `f` on a thread with `limits.stack_bytes` of stack (in place on a
/// [`guarded_thread`] that has them); a panic in it (a bug) comes back as
/// `Err`, and so does a refused thread. The error is the OS's or the
/// panic's own text (shown verbatim inside a message).
pub(crate) fn run_guarded<T: Send>(
    limits: &AnalysisLimits,
    f: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    let room = GUARDED_STACK.get();
    if room == 0 || room < limits.stack_bytes {
        return spawn_joined(limits.stack_bytes, f);
    }
    // A guarded call made from inside this one starts a thread of its own:
    // the stack promised here is in use.
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            GUARDED_STACK.set(self.0);
        }
    }
    let _restore = Restore(GUARDED_STACK.replace(0));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(panic_text)
}

/// `f` on a new thread of `stack_bytes`, joined.
fn spawn_joined<T: Send>(stack_bytes: usize, f: impl FnOnce() -> T + Send) -> Result<T, String> {
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("cratescope-analyze".to_owned())
            .stack_size(stack_bytes)
            .spawn_scoped(s, f)
            .map_err(|e| format!("thread: {e}"))?;
        handle.join().map_err(panic_text)
    })
}

/// A panic's payload as text.
fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    let msg = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    format!("panic: {msg}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_sees_the_clock_between_files_and_inside_them() {
        let limits = AnalysisLimits {
            max_wall: Duration::ZERO,
            ..AnalysisLimits::default()
        };
        // No read at all: the work the walk takes inside one file is
        // enough to meet the clock within 4,096 tokens.
        let mut b = Budget::new(limits, Instant::now());
        std::thread::sleep(Duration::from_millis(2));
        let stopped = (0..4096).find_map(|_| b.work(1).err());
        assert_eq!(stopped.map(|o| o.limit), Some(AnalysisLimit::WallTime));
        assert!(b.stopped);
    }

    #[test]
    fn guarded_calls_run_in_place_on_a_guarded_thread_and_still_catch_panics() {
        let limits = AnalysisLimits::default();
        let outside = std::thread::current().id();
        let spawned = run_guarded(&limits, || std::thread::current().id()).expect("runs");
        assert_ne!(spawned, outside, "off a guarded thread, a thread per call");
        let (host, calls, nested, panicked) = guarded_thread(limits.stack_bytes, || {
            let host = std::thread::current().id();
            let calls: Vec<_> = (0..3)
                .map(|_| run_guarded(&limits, || std::thread::current().id()).expect("runs"))
                .collect();
            // Inside a guarded call the promised stack is taken: a nested
            // one gets a thread of its own.
            let nested = run_guarded(&limits, || {
                run_guarded(&limits, || std::thread::current().id()).expect("runs")
            })
            .expect("runs");
            let panicked = run_guarded(&limits, || -> () { panic!("boom") });
            // After a caught panic, calls run in place again.
            let again = run_guarded(&limits, || std::thread::current().id()).expect("runs");
            assert_eq!(again, host);
            (host, calls, nested, panicked)
        })
        .expect("the guarded thread runs");
        assert!(
            calls.iter().all(|c| *c == host),
            "in place: {calls:?} on {host:?}"
        );
        assert_ne!(nested, host);
        assert_eq!(panicked, Err("panic: boom".to_owned()));
        // Asking for more stack than the guarded thread promises spawns.
        let bigger = AnalysisLimits {
            stack_bytes: limits.stack_bytes * 2,
            ..limits
        };
        let (host, other) = guarded_thread(limits.stack_bytes, || {
            (
                std::thread::current().id(),
                run_guarded(&bigger, || std::thread::current().id()).expect("runs"),
            )
        })
        .expect("runs");
        assert_ne!(host, other);
    }

    #[test]
    fn work_past_its_budget_stops_the_walk() {
        let limits = AnalysisLimits {
            max_work_tokens: 10,
            ..AnalysisLimits::default()
        };
        let mut b = Budget::new(limits, Instant::now());
        assert!(b.work(10).is_ok());
        let o = b.work(1).expect_err("over");
        assert_eq!((o.limit, o.found, o.max), (AnalysisLimit::Tokens, 11, 10));
    }
}
