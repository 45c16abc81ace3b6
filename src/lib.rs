//! convene: run participatory stakeholder workshops from a terminal, and study them afterwards.

pub mod cli;
pub mod cluster;
pub mod dataset;
pub mod export;
pub mod framework;
pub mod import;
pub mod model;
pub mod review;
pub mod share;
pub mod store;
pub mod terminal_text;
pub mod tui;
pub mod utf8;
