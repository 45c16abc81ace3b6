//! Test tier "core": the library through its own API — the model, the file format and its
//! refusals, exports, clustering, the review library and the shipped demo session.
//!
//! Each test file stays where it is and is included here as a module, so the tier links the
//! library once. Run this tier alone with `cargo test --test core`.

mod review_common;

mod bad_files;
mod cluster;
mod dataset_containers;
mod demo_session;
mod export;
mod model;
mod qdpx;
mod review;
mod store_roundtrip;

/// Every test file under `tests/` is included by a tier, and every snapshot is named after a
/// module of the tier it belongs to: with `autotests = false`, a new test file that no tier
/// includes would never run, and a snapshot under an old name would never be compared.
#[test]
fn every_test_file_and_snapshot_belongs_to_a_tier() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let tiers = ["core", "screen", "commands", "system"];
    let included = |tier: &str, module: &str| {
        let root = std::fs::read_to_string(tests.join(format!("{tier}.rs"))).unwrap();
        root.lines().any(|line| line == format!("mod {module};"))
    };
    let mut stray = Vec::new();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(module) = name.strip_suffix(".rs") else {
            continue;
        };
        if !tiers.contains(&module) && !tiers.iter().any(|tier| included(tier, module)) {
            stray.push(name);
        }
    }
    for entry in std::fs::read_dir(tests.join("snapshots")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let mut parts = name.split("__");
        let (tier, module) = (parts.next().unwrap(), parts.next().unwrap_or(""));
        if !tiers.contains(&tier) || !included(tier, module) {
            stray.push(format!("snapshots/{name}"));
        }
    }
    assert!(
        stray.is_empty(),
        "not in any tier (see Cargo.toml): {stray:#?}"
    );
}
