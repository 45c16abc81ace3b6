//! `convene review --actions` and the research dataset over a chain of follow-up workshops
//! made through the command line: open promises with their ages, owners and statuses, closed
//! ones gone, each commitment's history in the database, and broken links warned about but
//! never fatal.

use crate::review_common as common;

use common::{Chain, chain, convene};
use convene::model::*;

/// `convene review DIR --actions --as-of 2026-11-01 …`: (exit code, stdout, stderr).
fn actions(root: &std::path::Path, dir: &std::path::Path, more: &[&str]) -> (i32, String, String) {
    let out = convene(root)
        .arg("review")
        .arg(dir)
        .args(["--actions", "--as-of", "2026-11-01"])
        .args(more)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn open_promises_are_listed_oldest_first_and_closed_ones_are_gone() {
    let root = tempfile::tempdir().unwrap();
    let Chain { dir, .. } = chain(root.path());
    let (code, out, err) = actions(root.path(), &dir, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "no link is broken");
    assert!(
        out.starts_with(
            "3 open promises across 3 sessions, as of 2026-11-01; 2 overdue; oldest first\n"
        ),
        "{out}"
    );
    let travel = "\n◐ in progress · recommendation · 232 days old · ⚠ OVERDUE (due 2026-06-14)\n  \
                  Pay travel to interviews\n  owner: Chamber\n  made at “March” (2026-03-14)\n  \
                  last recorded at “October” (2026-10-10) as in progress\n";
    let room = "\n○ open · recommendation · 232 days old · ⚠ OVERDUE (due 2026-09-01)\n  \
                Quiet room at the jobcentre\n  owner: DWP\n";
    let response = "\n○ open · response · 232 days old · no due date\n  No bus after 6pm\n  \
                    reply: We will ask the operator\n  owner: Coordinator\n";
    let at = |part: &str| {
        out.find(part)
            .unwrap_or_else(|| panic!("{part:?} in:\n{out}"))
    };
    // Oldest first, and within one workshop in the order made.
    assert!(at(travel) < at(room) && at(room) < at(response), "{out}");
    // Done in June or October, or dropped in June: gone.
    for closed in ["Fund bus passes", "Share the fares scheme", "Find a room"] {
        assert!(!out.contains(closed), "{closed}:\n{out}");
    }

    // As of a day before the first due date: nothing overdue, ages counted to that day.
    let out = convene(root.path())
        .arg("review")
        .arg(&dir)
        .args(["--actions", "--as-of", "2026-06-01"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("none overdue"), "{out}");
    assert!(out.contains("79 days old · due 2026-06-14"), "{out}");

    // CSV: one row per promise, for sorting by owner in a spreadsheet.
    let (code, csv, _) = actions(root.path(), &dir, &["--format", "csv"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cells: Vec<(&str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (&r[1], &r[2], &r[3], &r[5], &r[6]))
        .collect();
    assert_eq!(
        cells,
        [
            ("recommendation", "in progress", "true", "232", "Chamber"),
            ("recommendation", "open", "true", "232", "DWP"),
            ("response", "open", "false", "232", "Coordinator"),
        ]
    );
    // JSON: each promise with its every stage.
    let (code, json, _) = actions(root.path(), &dir, &["--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let stages: Vec<(&str, &str, &str)> = json["promises"][0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap(),
                s["status"].as_str().unwrap(),
                s["done"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stages,
        [
            ("March", "open", ""),
            ("June", "in progress", "Two employers pay"),
            ("October", "in progress", ""),
        ]
    );
}

#[test]
fn broken_links_are_warned_about_and_never_fatal() {
    let root = tempfile::tempdir().unwrap();
    let Chain {
        dir, march, june, ..
    } = chain(root.path());
    // March worked on after June was made from it.
    {
        use convene::store::SessionStore;
        let mut file = convene::store::SessionFile::open(&march).unwrap();
        file.commit(Change::SetFaceDown(true)).unwrap();
    }
    let (code, out, err) = actions(root.path(), &dir, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("june.ron: “June” follows “March”"), "{err}");
    assert!(err.contains("which has changed since"), "{err}");
    assert!(out.contains("Pay travel to interviews"), "{out}");

    // June deleted: October's link is broken; October's own copy still says what was carried.
    std::fs::remove_file(&june).unwrap();
    let (code, out, err) = actions(root.path(), &dir, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("“October” follows “June”"), "{err}");
    assert!(err.contains("not among the sessions read"), "{err}");
    assert!(out.contains("Quiet room at the jobcentre"), "{out}");
    // Without March and June, October alone: its copy stands in, with June's record.
    let (code, out, err) = actions(root.path(), &dir.join("october.ron"), &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let travel = json["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["text"] == "Pay travel to interviews")
        .unwrap();
    assert_eq!(travel["stages"][0]["done"], "Two employers pay");
    // A file that cannot be read alongside: exit code 3, as for every review.
    std::fs::write(dir.join("broken.ron"), "(schema: 1, revision: \"oops").unwrap();
    let (code, _, err) = actions(root.path(), &dir, &[]);
    assert_eq!(code, 3, "{err}");
}

#[test]
fn the_dataset_holds_a_row_per_commitment_per_session() {
    let root = tempfile::tempdir().unwrap();
    let Chain { dir, .. } = chain(root.path());
    let db = root.path().join("chain.sqlite");
    convene(root.path())
        .arg("review")
        .arg(&dir)
        .args(["--export", "sqlite", "-o"])
        .arg(&db)
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count: i64 = conn
        .query_row("SELECT count(*) FROM commitments", [], |r| r.get(0))
        .unwrap();
    // Three made in March, the three carried to June, the one still open carried to October.
    assert_eq!(count, 7);
    let mut stmt = conn
        .prepare(
            "SELECT session_title, carried, status, coalesce(done, ''), overdue
               FROM commitments_in_context WHERE what = 'Fund bus passes'
              ORDER BY workshop_date",
        )
        .unwrap();
    let history: Vec<(String, bool, String, String, bool)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let row = |t: &str, c, s: &str, d: &str, o| (t.into(), c, s.into(), d.into(), o);
    assert_eq!(
        history,
        [
            row("March", false, "open", "", false),
            row("June", true, "in progress", "Passes ordered", true),
            row("October", true, "done", "200 passes given", false),
        ]
    );
    let follows: String = conn
        .query_row(
            "SELECT p.title FROM sessions s JOIN sessions p ON p.session_id = s.follows_session_id
              WHERE s.title = 'October'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(follows, "June");
    let dropped: String = conn
        .query_row(
            "SELECT c.status || ': ' || c.done FROM carried_items c JOIN sessions s USING (session_id)
              WHERE s.title = 'June' AND c.text = 'Find a room'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dropped, "not going ahead: No room free");
}
