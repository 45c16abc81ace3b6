//! `convene frameworks`: the agendas convene can use, built in and the user's own.

use super::Outcome;
use crate::store;
use crate::terminal_text::one_line;
use std::io::Write;

/// `convene frameworks`.
pub fn frameworks(out: &mut dyn Write) -> Outcome {
    let config = store::config_dir();
    for a in store::frameworks::list(&config) {
        let source = match &a.source {
            store::frameworks::Source::Builtin => "built in".to_string(),
            store::frameworks::Source::File(p) => p.display().to_string(),
        };
        let line = match &a.framework {
            Ok(f) => format!(
                "{:<18} {} — {} steps, {} principles ({source})",
                a.id,
                f.name,
                f.steps.len(),
                f.principles().count()
            ),
            Err(e) => format!("{:<18} unusable: {e}", a.id),
        };
        writeln!(out, "{}", one_line(&line))?;
    }
    writeln!(
        out,
        "\nYour own frameworks go in {}",
        one_line(&store::frameworks::user_dir(&config).display().to_string())
    )?;
    Ok(())
}
