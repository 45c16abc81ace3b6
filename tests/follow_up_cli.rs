//! Follow-up workshops from the command line: a chain of three linked sessions, statuses
//! recorded with `convene progress`, "You said / We did" across the chain, broken links.

use assert_cmd::Command;
use convene::model::{ItemKind, ItemStatus};
use convene::review::Lineage;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn convene(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("convene").unwrap();
    cmd.env("CONVENE_DATA", root.join("data"))
        .env("CONVENE_CONFIG", root.join("config"))
        .current_dir(root)
        .env_remove("NO_COLOR");
    cmd
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/demo.ron")
}

/// March (the demo workshop), June following it, October following June: statuses recorded
/// in June and October through the command line.
fn chain(root: &Path) -> [PathBuf; 3] {
    let march = root.join("march.ron");
    std::fs::copy(demo(), &march).unwrap();
    convene(root)
        .args(["new", "--follow-up", "march.ron", "--title", "June review"])
        .args(["--date", "2026-12-07", "--tables", "3", "-o", "june.ron"])
        .assert()
        .success()
        .stdout("june.ron\n")
        .stderr(predicate::str::contains("19 items carried in"));
    // Item 1: the bus trial (a recommendation); item 2: its commitment.
    convene(root)
        .args(["progress", "june.ron", "1", "--status", "done"])
        .assert()
        .success()
        .stdout(predicate::str::contains("recorded item 1 as ✓ done"));
    convene(root)
        .args(["progress", "june.ron", "2", "--status", "in-progress"])
        .args(["--done", "Shift times from 3 of 5 employers"])
        .assert()
        .success();
    convene(root)
        .args([
            "new",
            "--follow-up",
            "june.ron",
            "--title",
            "October review",
        ])
        .args(["--date", "2027-04-20", "--tables", "2", "-o", "october.ron"])
        .assert()
        .success();
    // In October the commitment is item 1: June closed the recommendation.
    convene(root)
        .args(["progress", "october.ron", "1", "--status", "done"])
        .args(["--done", "All five employers replied"])
        .assert()
        .success();
    [march, root.join("june.ron"), root.join("october.ron")]
}

#[test]
fn a_chain_of_three_follows_each_commitment_to_where_it_stands() {
    let root = tempfile::tempdir().unwrap();
    let [march, june, october] = chain(root.path());
    let load = |p: &Path| convene::store::load(p).unwrap().session;
    let (m, j, o) = (load(&march), load(&june), load(&october));

    // June's agenda opens with the step, after the welcome; its items keep March's ids.
    assert_eq!(j.framework.steps[1].id, "since-last-time");
    let ju = j.follow_up.as_ref().unwrap();
    assert_eq!(ju.previous.uuid, m.uuid);
    let oc = o.follow_up.as_ref().unwrap();
    assert_eq!(oc.previous.uuid, j.uuid);
    let commitment = ju.items[1].id;
    assert_eq!(oc.items[0].id, commitment);
    assert_eq!(oc.items[0].status_before, ItemStatus::InProgress);
    // What June closed is not carried again; what it left open is.
    assert!(oc.item(ju.items[0].id).is_none());
    assert_eq!(oc.items.len(), ju.items.len() - 1);

    // The lineage: made in March, in progress in June, done in October.
    let lineage = Lineage::build([&o, &m, &j]);
    let t = lineage.thread(commitment).unwrap();
    assert_eq!(t.item.kind, ItemKind::Commitment);
    let stages: Vec<(&str, ItemStatus)> = t
        .stages
        .iter()
        .map(|s| (s.title.as_str(), s.status))
        .collect();
    assert_eq!(
        stages,
        [
            (m.title.as_str(), ItemStatus::Open),
            ("June review", ItemStatus::InProgress),
            ("October review", ItemStatus::Done),
        ]
    );

    // "You said / We did" across the chain: both workshops' words, the latest status.
    let out = convene(root.path())
        .args(["export", "march.ron", "june.ron", "october.ron"])
        .args(["--format", "yousaid-md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    assert!(
        md.contains("3 workshops from 2026-09-24 to 2027-04-20"),
        "{md}"
    );
    assert!(
        md.contains("2026-12-07: Shift times from 3 of 5 employers<br>2027-04-20: All five employers replied"),
        "{md}"
    );
    assert!(md.contains("## Person-centred, place-based"));
    // Every recommendation of March is there.
    for r in &m.recommendations {
        let start: String = r.text.chars().take(40).collect();
        assert!(md.contains(&start), "missing {start}");
    }
}

#[test]
fn you_said_we_did_leaves_out_sensitive_notes_unless_asked() {
    let root = tempfile::tempdir().unwrap();
    std::fs::copy(demo(), root.path().join("march.ron")).unwrap();
    let secret = "My sanction letter came the week my dad died";
    for format in ["yousaid-md", "yousaid-html"] {
        convene(root.path())
            .args(["export", "march.ron", "--format", format])
            .assert()
            .success()
            .stdout(predicate::str::contains(secret).not())
            .stdout(predicate::str::contains("left out"));
        convene(root.path())
            .args([
                "export",
                "march.ron",
                "--format",
                format,
                "--include-sensitive",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(secret));
    }
    // One file per session for the other formats.
    convene(root.path())
        .args(["export", "march.ron", "march.ron", "--format", "md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "several go with the yousaid formats",
        ));
}

#[test]
fn a_broken_link_is_reported_and_never_fatal() {
    let root = tempfile::tempdir().unwrap();
    let [_, june, october] = chain(root.path());

    // Intact: check names the previous file.
    convene(root.path())
        .args(["check", "october.ron"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "follows “June review” (2026-12-07)",
        ))
        .stdout(predicate::str::contains("warning").not());

    // June changed after October was made from it.
    convene(root.path())
        .args([
            "add",
            "june.ron",
            "--table",
            "A",
            "--step",
            "since-last-time",
        ])
        .arg("The bus trial needs a Sunday service too")
        .assert()
        .success();
    convene(root.path())
        .args(["check", "october.ron"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "has changed since this follow-up was made",
        ));

    // June renamed: still found, by its id.
    std::fs::rename(&june, root.path().join("june-2026.ron")).unwrap();
    std::fs::rename(
        root.path().join("june.ron.journal"),
        root.path().join("june-2026.ron.journal"),
    )
    .unwrap();
    convene(root.path())
        .args(["check", "october.ron"])
        .assert()
        .success()
        .stdout(predicate::str::contains("june-2026.ron"));

    // June gone: reported; October still lists, exports and records from its own copy.
    std::fs::remove_file(root.path().join("june-2026.ron")).unwrap();
    convene(root.path())
        .args(["check", "october.ron"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning: follows “June review” (2026-12-07), but its file june.ron is not beside this one",
        ));
    convene(root.path())
        .args(["progress", "october.ron"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not beside this one"))
        .stdout(predicate::str::contains("✓ done"));
    convene(root.path())
        .args(["export", "october.ron", "--format", "yousaid-md"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not beside this one"))
        .stdout(predicate::str::contains("not among the sessions read"))
        .stdout(predicate::str::contains("All five employers replied"));
    convene(root.path())
        .args(["progress", "october.ron", "2", "--status", "dropped"])
        .assert()
        .success();
    assert!(october.exists());
}

#[test]
fn a_follow_up_of_what_cannot_be_read_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    convene(root.path())
        .args(["new", "--follow-up", "nowhere.ron", "-o", "next.ron"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nowhere.ron"));
    assert!(!root.path().join("next.ron").exists());
    std::fs::copy(demo(), root.path().join("march.ron")).unwrap();
    convene(root.path())
        .args(["new", "--follow-up", "march.ron", "--date", "2026-01-01"])
        .args(["-o", "next.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("before the workshop it follows"));
    assert!(!root.path().join("next.ron").exists());
    // Never over a session: the previous one least of all.
    convene(root.path())
        .args([
            "new",
            "--follow-up",
            "march.ron",
            "-o",
            "march.ron",
            "--force",
        ])
        .assert()
        .failure();
    assert_eq!(
        std::fs::read(root.path().join("march.ron")).unwrap(),
        std::fs::read(demo()).unwrap()
    );
    // A session that follows nothing has nothing to record.
    convene(root.path())
        .args(["progress", "march.ron", "1", "--status", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("follows no earlier workshop"));
}
