//! Many sessions, read-only: filter and search their notes, compare principles across
//! workshops, and export one combined dataset.
//!
//! A library over data in memory, like `model`, `cluster` and `export`: finding and reading the
//! session files is the store's ([`crate::store::review`], which defines [`Library::open`]),
//! and nothing here opens, writes, locks or walks anything. The interactive browser drives
//! this library; so do `convene review` and the benchmarks.

mod check;
mod clustered;
mod compare;
mod export;
mod library;
pub mod lineage;
pub mod sample;
mod search;

pub use check::{FilterField, FilterProblem};
pub use clustered::Clustered;
pub use compare::{
    CrossNote, CrossTheme, PrincipleComparison, Provenance, ResponseLine, SameLabel,
    SessionPrinciple, TOP_THEMES, ThemeCount, ThemeFinder,
};
pub use export::{ReviewFormat, review_columns};
pub use library::{
    FrameworkPrinciples, Library, LoadedSession, NONE, NoteRow, Progress, ResponseFilter,
    SessionCopy, Skipped, stakeholder_bit, stakeholder_mask, status_bit,
};
pub use lineage::{BrokenLink, Lineage, Stage, Thread, broken_links};
pub use search::{Filter, ThemeFilter, fold, highlight};
