//! The engine's progress sink: an indicatif bar on stderr when it is a
//! terminal; otherwise nothing, or (for `report`, whose items are slow) one
//! short line per finished item, so a long run still shows that it moves. stdout is
//! never touched: piped output stays clean.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cratescope_engine::Progress;
use indicatif::{ProgressBar, ProgressStyle};

/// A byte bar before the total is known: what has arrived so far, no
/// made-up total.
const BYTES_UNKNOWN: &str = "{spinner} {msg} {bytes} {bytes_per_sec}";
/// A byte bar once the total is known.
const BYTES_KNOWN: &str = "{spinner} {msg} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec} {eta}";

/// A progress display; cheap to clone into the engine as a sink.
#[derive(Clone)]
pub(crate) struct Bar {
    bar: Option<ProgressBar>,
    /// Print a line per item when there is no terminal.
    lines: bool,
    /// Counts bytes: the total is shown only once the job has said it.
    bytes: bool,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
}

impl Bar {
    /// A bar with an indicatif template on a terminal, nothing elsewhere.
    pub(crate) fn new(template: &str) -> Bar {
        Bar {
            lines: false,
            ..Bar::with_lines(template)
        }
    }

    /// A byte bar (a download, an import) labelled `label`.
    pub(crate) fn bytes(label: &str) -> Bar {
        let b = Bar {
            bytes: true,
            ..Bar::new(BYTES_UNKNOWN)
        };
        b.message(label);
        b
    }

    /// A bar on a terminal, one line per finished item elsewhere (for long
    /// runs over few items, like `report`).
    pub(crate) fn with_lines(template: &str) -> Bar {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(0);
            if let Ok(style) = ProgressStyle::with_template(template) {
                b.set_style(style);
            }
            b
        });
        Bar {
            bar,
            lines: true,
            bytes: false,
            done: Arc::new(AtomicUsize::new(0)),
            total: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The engine's view of it.
    pub(crate) fn sink(&self) -> Arc<dyn Progress> {
        Arc::new(self.clone())
    }

    /// The text shown beside the bar.
    pub(crate) fn message(&self, m: &str) {
        if let Some(b) = &self.bar {
            b.set_message(cratescope_report::sanitize::line(m).into_owned());
        }
    }

    /// Remove it from the terminal.
    pub(crate) fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        if let Some(b) = &self.bar {
            if self.bytes
                && let Ok(style) = ProgressStyle::with_template(BYTES_KNOWN)
            {
                b.set_style(style);
            }
            b.set_length(total as u64);
        }
    }
    fn begin(&self, item: &str) {
        if let Some(b) = &self.bar {
            b.set_message(cratescope_report::sanitize::line(item).into_owned());
        }
    }
    fn done(&self, item: &str) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        match &self.bar {
            Some(b) => b.inc(1),
            None if !self.lines => {}
            None => eprintln!(
                "[{n}/{}] {}",
                self.total.load(Ordering::Relaxed),
                cratescope_report::sanitize::line(item)
            ),
        }
    }
    fn advance(&self, units: u64) {
        if let Some(b) = &self.bar {
            b.inc(units);
        }
    }
}
