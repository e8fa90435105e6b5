//! A progress bar for long captures, on standard error only.
//!
//! The bar shows bytes read against the file's size. It appears only when it helps and
//! cannot get in the way:
//!
//! * standard error is a terminal (never in pipes, logs or CI);
//! * standard output is not that terminal too, since packet lines printed there would
//!   tear the bar apart (and are progress enough);
//! * the input is a regular file of at least [`MIN_BYTES`] (small files finish before
//!   a bar could be read; standard input has no known size).
//!
//! The bar is cleared when reading ends, also on error, so messages print on a clean
//! line.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files smaller than this get no bar.
pub const MIN_BYTES: u64 = 4 * 1024 * 1024;

/// A progress bar that may be absent; every method is cheap when it is.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    last: u64,
}

impl Progress {
    /// A bar for reading `size` bytes, if the terminal rules above allow one.
    pub fn for_input(size: Option<u64>) -> Progress {
        let show = std::io::stderr().is_terminal() && !std::io::stdout().is_terminal();
        match size {
            Some(size) if show && size >= MIN_BYTES => Progress::visible(size),
            _ => Progress::hidden(),
        }
    }

    /// No bar.
    pub fn hidden() -> Progress {
        Progress { bar: None, last: 0 }
    }

    fn visible(size: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} ({eta})",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress {
            bar: Some(bar),
            last: 0,
        }
    }

    /// Reports that `bytes` of the input have been read.
    pub fn set(&mut self, bytes: u64) {
        if bytes != self.last {
            self.last = bytes;
            if let Some(bar) = &self.bar {
                bar.set_position(bytes);
            }
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
