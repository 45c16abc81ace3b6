//! What every subcommand shares: the failure type with its exit code, and standard output.

use crate::store::StoreError;
use crate::store::output::OutputError;
use crate::terminal_text::{VisibleWriter, one_line};
use std::io::Write;

/// A command that failed: the message to print and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Failure {
        Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

impl From<crate::store::dataset::TidyError> for Failure {
    fn from(e: crate::store::dataset::TidyError) -> Failure {
        match e {
            crate::store::dataset::TidyError::Output(e) => e.into(),
            other => Failure {
                code: 1,
                message: other.to_string(),
            },
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away (`convene show --json | head`): nothing to say, nothing wrong.
            return Failure {
                code: 0,
                message: String::new(),
            };
        }
        Failure {
            code: 1,
            message: e.to_string(),
        }
    }
}

pub type Outcome = Result<(), Failure>;

/// A command's standard output. What is written through [`Write`] is text for people: control
/// and bidirectional characters in it are always made visible ([`crate::terminal_text`]). An
/// export written to standard output goes through [`Stdout::data`]: byte for byte to a pipe or
/// a file, made visible like text when standard output is a terminal.
pub struct Stdout<'a> {
    text: VisibleWriter<&'a mut dyn Write>,
    terminal: bool,
}

impl<'a> Stdout<'a> {
    /// `terminal`: whether standard output is a terminal.
    pub fn new(inner: &'a mut dyn Write, terminal: bool) -> Stdout<'a> {
        Stdout {
            text: VisibleWriter::new(inner),
            terminal,
        }
    }

    /// Writes an export: exact bytes, unless standard output is a terminal.
    pub fn data(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.terminal {
            self.text.write_all(bytes)
        } else {
            self.text.raw()?.write_all(bytes)
        }
    }

    /// Writes out anything pending and flushes.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.text.finish()
    }
}

impl Write for Stdout<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.text.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.text.flush()
    }
}

/// Prints one line on standard error, `convene: ` first, with control and bidirectional
/// characters made visible.
pub fn say(line: &str) {
    eprintln!("convene: {}", one_line(line));
}
