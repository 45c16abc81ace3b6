//! Many sessions, read-only: find them, load them, filter and search their notes, compare
//! principles across workshops, and export one combined dataset.
//!
//! Nothing here writes, locks, replays into or truncates a session file or its journal, so a
//! researcher can review sessions while a facilitator still has one open. The interactive
//! browser drives this library; so do `convene review` and the benchmarks.

mod check;
mod clustered;
mod compare;
mod discover;
mod export;
mod library;
pub mod sample;
mod search;

pub use check::{FilterField, FilterProblem};
pub use clustered::Clustered;
pub use compare::{
    CrossNote, CrossTheme, PrincipleComparison, Provenance, ResponseLine, SameLabel,
    SessionPrinciple, TOP_THEMES, ThemeCount, ThemeFinder,
};
pub use discover::{Discovered, Skipped, discover};
pub use export::{ReviewFormat, review_columns};
pub use library::{
    FrameworkPrinciples, Library, LoadedSession, NONE, NoteRow, Progress, ResponseFilter,
    stakeholder_bit, stakeholder_mask, status_bit,
};
pub use search::{Filter, ThemeFilter, fold, highlight};
