//! The research dataset in the readers researchers use: the README's first DuckDB query and
//! pandas snippet run as written, pandas reads the workbook, Python's sqlite3 the database's
//! views, and the Frictionless validator checks the data package. Each skips (saying so) when
//! Python or the module is missing; `.ci/run` installs them.

#[path = "review_common/mod.rs"]
mod sessions;

use sessions::convene;
use std::path::Path;

/// Runs Python in `dir` with `program`: its standard output, or `None` (and a note) when
/// Python or a module it imports is missing.
fn python(dir: &Path, program: &str) -> Option<String> {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(program)
        .current_dir(dir)
        .output();
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("ModuleNotFoundError") => {
            eprintln!(
                "SKIPPED: {} (.ci/run installs it)",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            );
            None
        }
        Ok(o) => panic!(
            "python failed:\n{program}\n{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => {
            eprintln!("SKIPPED: python3 is not installed");
            None
        }
    }
}

/// The code block of `lang` that follows `after` in the README.
fn readme_block(after: &str, lang: &str) -> String {
    let readme = include_str!("../README.md");
    let from = readme.find(after).expect("the README's first queries");
    let open = format!("```{lang}\n");
    let start = from + readme[from..].find(&open).unwrap() + open.len();
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].to_string()
}

/// The demo, a second workshop and a chain of three follow-ups, exported to every container,
/// in `root`.
fn exported(root: &Path) {
    let dir = sessions::two_workshops(root);
    let chain = sessions::chain(root);
    for (format, out) in [
        ("dataset", "workshops"),
        ("parquet", "workshops-parquet"),
        ("sqlite", "workshops.sqlite"),
        ("xlsx", "workshops.xlsx"),
    ] {
        let run = convene(root)
            .args(["review", "--export", format, "-o"])
            .arg(root.join(out))
            .arg(&dir)
            .arg(&chain.dir)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

#[test]
fn the_readmes_duckdb_query_and_pandas_snippet_run_as_written() {
    let root = tempfile::tempdir().unwrap();
    exported(root.path());
    let sql = readme_block("**First queries.**", "sql");
    let program = format!(
        "import duckdb\nrows = duckdb.sql({sql:?}).fetchall()\nfor r in rows: print(r)\n\
         csv = duckdb.sql({csv:?}).fetchall()\nprint('csv', sorted(csv) == sorted(rows))\n",
        csv = sql
            .replace("'workshops-parquet/", "read_csv('workshops/")
            .replace(".parquet'", ".csv')"),
    );
    if let Some(out) = python(root.path(), &program) {
        // The demo's top theme by dots, seen by the groups at the tables that voted for it.
        assert!(out.contains("Travel to work after 6pm"), "{out}");
        assert!(out.contains("'employer'"), "{out}");
        assert!(
            out.contains("csv True"),
            "the CSV folder gives the same answer:\n{out}"
        );
    }
    let snippet = readme_block(
        "and notes by principle and stakeholder group in pandas",
        "python",
    );
    if let Some(out) = python(root.path(), &snippet) {
        for key in ["person-centred", "trauma-awareness", "lived"] {
            assert!(out.contains(key), "{key}:\n{out}");
        }
    }
}

#[test]
fn pandas_reads_the_workbook_and_sqlite_answers_the_views() {
    let root = tempfile::tempdir().unwrap();
    exported(root.path());
    let program = "import pandas as pd\n\
        sheets = pd.read_excel('workshops.xlsx', sheet_name=None)\n\
        notes = sheets['notes']\n\
        print(sorted(sheets))\n\
        print('notes', len(notes), notes['created'].dtype, notes['sensitive'].dtype)\n\
        parquet = pd.read_parquet('workshops-parquet/notes.parquet')\n\
        print('same ids', sorted(parquet['note_id']) == sorted(notes['note_id']))\n";
    if let Some(out) = python(root.path(), program) {
        assert!(
            out.contains("'responses'") && out.contains("'about'"),
            "{out}"
        );
        assert!(out.contains("datetime64"), "times are times:\n{out}");
        assert!(out.contains("bool"), "marks are booleans:\n{out}");
        assert!(out.contains("same ids True"), "{out}");
    }
    let program = "import sqlite3\n\
        db = sqlite3.connect('workshops.sqlite')\n\
        db.execute('PRAGMA foreign_keys = ON')\n\
        print('fk', db.execute('PRAGMA foreign_key_check').fetchall())\n\
        for view in ['notes_in_context', 'dots_by_stakeholder', 'commitments_in_context']:\n\
        \x20   print(view, db.execute(f'SELECT count(*) FROM {view}').fetchone()[0])\n\
        print('fields', db.execute('SELECT count(*) FROM fields').fetchone()[0])\n";
    let out = python(root.path(), program).expect("Python's sqlite3 is part of Python");
    assert!(out.contains("fk []"), "{out}");
    for view in [
        "notes_in_context",
        "dots_by_stakeholder",
        "commitments_in_context",
    ] {
        let n: usize = out
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{view} ")))
            .unwrap()
            .parse()
            .unwrap();
        assert!(n > 0, "{view} is empty:\n{out}");
    }
}

#[test]
fn the_data_package_passes_the_frictionless_validator() {
    let root = tempfile::tempdir().unwrap();
    exported(root.path());
    let program = "from frictionless import validate\n\
        r = validate('workshops/datapackage.json')\n\
        print('valid' if r.valid else r.flatten(['taskNumber', 'rowNumber', 'fieldName', 'message']))\n";
    if let Some(out) = python(root.path(), program) {
        assert_eq!(out.trim(), "valid", "{out}");
    }
}
