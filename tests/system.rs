//! Test tier "system": convene with real outside programs — a terminal through tmux, the HTML
//! summary and the participant page in headless Chromium — and writers killed with SIGKILL at
//! random moments.
//!
//! These tests are the slowest and need tmux and Chromium, Node.js with the packages in
//! tests/browser for the participant page, and Python with DuckDB, pandas and Frictionless for
//! the research dataset (`.ci/run` installs them; elsewhere those tests skip with a note). Each test file stays where it is and is
//! included here as a module. Run this tier alone with `cargo test --test system`.

mod crash;
mod dataset_readers;
mod e2e_tmux;
mod html_chromium;
mod share_http;
mod share_page;
