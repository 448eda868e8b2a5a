//! The engine's progress sink drawn as an indicatif bar on stderr when it is
//! a terminal, and hidden otherwise (piped output stays clean).

use std::io::IsTerminal;
use std::sync::Arc;

use cratescope_engine::Progress;
use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar; cheap to clone into the engine as a sink.
#[derive(Clone)]
pub(crate) struct Bar(ProgressBar);

impl Bar {
    /// A bar with an indicatif template, hidden unless stderr is a terminal.
    pub(crate) fn new(template: &str) -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar(ProgressBar::hidden());
        }
        let b = ProgressBar::new(0);
        if let Ok(style) = ProgressStyle::with_template(template) {
            b.set_style(style);
        }
        Bar(b)
    }

    /// The engine's view of it.
    pub(crate) fn sink(&self) -> Arc<dyn Progress> {
        Arc::new(self.clone())
    }

    /// The text shown beside the bar.
    pub(crate) fn message(&self, m: &str) {
        self.0.set_message(m.to_string());
    }

    /// Remove it from the terminal.
    pub(crate) fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn begin(&self, item: &str) {
        self.0.set_message(item.to_string());
    }
    fn done(&self, _item: &str) {
        self.0.inc(1);
    }
    fn advance(&self, units: u64) {
        self.0.inc(units);
    }
}
