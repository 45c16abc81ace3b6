//! `convene check`: whether session files can be read, one line per file.

use super::{Failure, Outcome};
use crate::store;
use crate::terminal_text::one_line;
use std::io::Write;
use std::path::PathBuf;

/// `convene check`: one line per file; exit code 2 if any is bad.
pub fn check(files: &[PathBuf], out: &mut dyn Write) -> Outcome {
    let mut bad = 0;
    for path in files {
        match store::load(path) {
            Ok(loaded) => {
                let s = &loaded.session;
                let mut line = format!(
                    "{}: ok, schema {}, “{}”, {} tables, {} notes, {} themes",
                    path.display(),
                    s.schema,
                    s.title,
                    s.tables.len(),
                    s.notes.len(),
                    s.themes.len()
                );
                if loaded.replayed > 0 {
                    line.push_str(&format!(
                        ", {} journal entries not yet in the snapshot",
                        loaded.replayed
                    ));
                }
                for w in &loaded.warnings {
                    line.push_str(&format!("; warning: {w}"));
                }
                // A follow-up: whether the session it follows is still there as it was.
                if let (Some(f), Some(link)) = (&s.follow_up, store::link::previous(path, s)) {
                    let head = if link.is_intact() { "" } else { "warning: " };
                    line.push_str(&format!("; {head}{}", link.describe(&f.previous)));
                }
                writeln!(out, "{}", one_line(&line))?;
            }
            Err(e) => {
                bad += 1;
                writeln!(out, "{}", one_line(&e.to_string()))?;
            }
        }
    }
    if bad > 0 {
        Err(Failure {
            code: 2,
            message: format!("{bad} of {} files could not be read", files.len()),
        })
    } else {
        Ok(())
    }
}
