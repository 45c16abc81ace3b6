//! Test tier "screen": the facilitator's screens and the review browser driven by keys without a
//! terminal, and their render snapshots at fixed and random sizes.
//!
//! Each test file stays where it is and is included here as a module, so the tier links the
//! library once. Run this tier alone with `cargo test --test screen`.

mod common;
mod review_tui_common;

mod review_tui;
mod review_tui_promises;
mod review_tui_screens;
mod tui_follow_up;
mod tui_outcomes;
mod tui_share;
mod tui_sizes;
mod tui_snapshots;
mod tui_themes;
mod tui_update;
mod wall;
