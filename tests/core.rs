//! Test tier "core": the library through its own API — the model, the file format and its
//! refusals, exports, clustering, the review library and the shipped demo session.
//!
//! Each test file stays where it is and is included here as a module, so the tier links the
//! library once. Run this tier alone with `cargo test --test core`.

mod review_common;

mod bad_files;
mod cluster;
mod demo_session;
mod export;
mod model;
mod qdpx;
mod review;
mod store_roundtrip;
