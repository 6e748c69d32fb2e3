//! Progress on the console while many schools are read and grouped.
//!
//! Shown only when standard output is a terminal, so a log file or a test gets the final
//! summary alone. The counter line is rewritten in place with `\r`, which the Windows
//! console and Unix terminals both understand, at most ten times a second.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

const REDRAW_EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    enabled: bool,
    /// The width of the counter line now on screen, in terminal columns.
    shown: usize,
    last_draw: Option<Instant>,
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            enabled: io::stdout().is_terminal(),
            shown: 0,
            last_draw: None,
        }
    }

    /// Redraws the counter line, unless it was drawn a moment ago.
    pub fn counter(&mut self, text: &str) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self.last_draw.is_some_and(|t| now - t < REDRAW_EVERY) {
            return;
        }
        self.last_draw = Some(now);
        self.clear();
        print!("{text}");
        let _ = io::stdout().flush();
        self.shown = columns(text);
    }

    /// Prints a line above the counter.
    pub fn line(&mut self, text: &str) {
        if !self.enabled {
            return;
        }
        self.clear();
        println!("{text}");
        self.last_draw = None;
    }

    /// Removes the counter line.
    pub fn finish(&mut self) {
        if self.enabled {
            self.clear();
            let _ = io::stdout().flush();
        }
    }

    fn clear(&mut self) {
        if self.shown > 0 {
            print!("\r{}\r", " ".repeat(self.shown));
            self.shown = 0;
        }
    }
}

/// Counts the columns a text takes on a terminal: two for each Chinese character.
fn columns(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
