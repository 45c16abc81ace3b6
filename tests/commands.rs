//! Test tier "commands": the `convene` binary as scripts use it — arguments, outputs, exit codes
//! and where files go — for the workshop commands, import and cluster, and review.
//!
//! Each test file stays where it is and is included here as a module, so the tier links the
//! library once. Run this tier alone with `cargo test --test commands`.

mod review_common;

mod cli;
mod cli_cluster;
mod dataset_cli;
mod docx;
mod follow_up_cli;
mod review_actions;
mod review_cli;
