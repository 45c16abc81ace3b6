//! The command line: argument shapes (clap) and one module per subcommand.
//!
//! Each subcommand's arguments and function live in its own file; everything is re-exported
//! here, so callers name `cli::add`, `cli::ImportArgs` and so on.

mod add;
mod check;
mod cluster;
mod common;
mod export;
mod frameworks;
mod import;
mod new;
mod open;
mod progress;
mod review;
mod serve;
mod show;
mod step;
mod wall;

pub use add::{AddArgs, add};
pub use check::check;
pub use cluster::{ClusterArgs, cluster};
pub use common::{Failure, Outcome, Stdout, say};
pub use export::{CsvChoice, ExportArgs, ExportFormat, export};
pub use frameworks::frameworks;
pub use import::{ImportArgs, ImportCommand, import, import_with};
pub use new::{NewArgs, new, parse_table_spec};
pub use open::{Screen, needs_terminal};
pub use progress::{ProgressArgs, progress};
pub use review::{
    ReviewArgs, ReviewExport, SOME_SKIPPED, report_skipped, review, review_filter,
    review_opens_browser, review_outcome,
};
pub use serve::{ServeArgs, serve};
pub use show::{show, summary};
pub use wall::wall;

use crate::store;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "convene",
    version,
    about = "Run participatory stakeholder workshops from a terminal, and study them afterwards",
    long_about = "Run participatory stakeholder workshops from a terminal, and study them afterwards.\n\n\
        Sessions are saved as readable RON files; every change is journaled to disk before it \
        counts as saved."
)]
pub struct Cli {
    /// Folder for sessions (default: the platform data folder, …/convene/sessions)
    #[arg(long, global = true, env = "CONVENE_DATA", value_name = "DIR")]
    pub dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workshop session and print its path
    New(NewArgs),
    /// Add one note to a session; exits 0 only once the note is safely on disk
    Add(AddArgs),
    /// A follow-up's items from last time: list them, or record one's status and what was done
    /// (journaled before it says so)
    Progress(ProgressArgs),
    /// Check session files; one line per file; exit code 2 if any is bad
    Check {
        /// Session files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print a readable summary of a session (or the whole session as JSON)
    Show {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the whole session as JSON
        #[arg(long)]
        json: bool,
    },
    /// List the frameworks (agendas) convene can use
    Frameworks,
    /// Export a session: a summary (md, html, docx) or data for analysis (csv, json, qdpx)
    Export(ExportArgs),
    /// Browse many sessions read-only: a summary, or one combined dataset (csv, json, qdpx).
    /// Exit code 3 when some files were skipped, 2 when none could be read
    Review(ReviewArgs),
    /// Make a session from a spreadsheet of notes (CSV); bad rows are reported and skipped
    Import(ImportCommand),
    /// Suggest themes for a session's notes (written into it) or for a CSV of notes
    Cluster(ClusterArgs),
    /// Open a session in the facilitator's screen
    Open {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Open without taking the lock; nothing can be changed
        #[arg(long)]
        read_only: bool,
        /// Invite the room to add notes from phones and laptops: start sharing at once, on
        /// this machine's local address or the ADDR:PORT given (W in the session does the same)
        #[arg(long, value_name = "ADDR:PORT", num_args = 0..=1, default_missing_value = "")]
        share: Option<String>,
        /// With --share: notes from the room wait in a review queue (accept, edit or reject;
        /// rejected notes are kept, marked rejected) before they reach the board
        #[arg(long, requires = "share")]
        moderate: bool,
    },
    /// Share a session with the room without a terminal: phones and laptops add notes and dots
    /// over the local network. Prints the join address first; Ctrl-c stops
    Serve(ServeArgs),
    /// Show a session to the room on the projector: the step, its timer, its notes as they
    /// arrive, the join code while sharing, the vote. Follows the file read-only (never locks
    /// or writes), so it runs beside the facilitator's screen; q quits
    Wall {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// The sessions folder: `--dir`, else `CONVENE_DATA`, else the platform data folder.
pub fn sessions_dir(cli_dir: Option<&Path>) -> PathBuf {
    cli_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(store::data_dir)
}
