//! `convene progress`: a follow-up's items from last time — listed, or one's status and what
//! was done recorded, journaled before the command says so.

use super::{Failure, Outcome, say};
use crate::model::{Change, ItemStatus, Session};
use crate::store::{SessionFile, SessionStore};
use crate::terminal_text::one_line;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// A follow-up session (made with `convene new --follow-up`)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The item's number in the list (as printed without it), or the start of its id
    #[arg(value_name = "ITEM")]
    pub item: Option<String>,
    /// Where it stands: open, in-progress, done or dropped (not going ahead)
    #[arg(long, value_name = "STATUS", requires = "item")]
    pub status: Option<String>,
    /// What was done (replaces what was recorded in this session)
    #[arg(long, value_name = "TEXT", requires = "item")]
    pub done: Option<String>,
}

/// `convene progress FILE` lists; `convene progress FILE N --status S [--done TEXT]` records.
pub fn progress(args: &ProgressArgs, out: &mut dyn Write) -> Outcome {
    let Some(item) = &args.item else {
        let loaded = crate::store::load(&args.file)?;
        for w in &loaded.warnings {
            say(&format!("warning: {w}"));
        }
        return list(&loaded.session, &args.file, out);
    };
    if args.status.is_none() && args.done.is_none() {
        return Err(Failure::usage(
            "say what to record: --status open|in-progress|done|dropped and/or --done TEXT",
        ));
    }
    let status = match &args.status {
        Some(s) => Some(ItemStatus::parse(s).ok_or_else(|| {
            Failure::usage(format!(
                "unknown status `{s}`; use open, in-progress, done or dropped"
            ))
        })?),
        None => None,
    };
    let mut file = SessionFile::open(&args.file)?;
    let session = file.session();
    let Some(f) = &session.follow_up else {
        return Err(not_a_follow_up(&args.file));
    };
    let found = match item.parse::<usize>() {
        Ok(n) if (1..=f.items.len()).contains(&n) => Some(&f.items[n - 1]),
        Ok(_) => None,
        Err(_) => {
            let key = item.trim().to_lowercase();
            let mut hits = f
                .items
                .iter()
                .filter(|i| key.len() >= 4 && i.id.to_string().starts_with(&key));
            match (hits.next(), hits.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        }
    };
    let Some(found) = found else {
        return Err(Failure::usage(format!(
            "there is no item `{}` in {}: give a number from 1 to {} (`convene progress {}` \
             lists them) or the first characters of an id",
            one_line(item),
            args.file.display(),
            f.items.len(),
            args.file.display()
        )));
    };
    let number = f.number(found.id).unwrap_or(0);
    let change = Change::UpdateItem {
        id: found.id,
        status: status.unwrap_or(found.status),
        done: args
            .done
            .as_deref()
            .map_or_else(|| found.done.clone(), |d| d.trim().to_string()),
    };
    let status = status.unwrap_or(found.status);
    file.commit(change).map_err(|e| Failure {
        code: if e.is_retryable() { 1 } else { 2 },
        message: e.to_string(),
    })?;
    for w in file.warnings() {
        say(&format!("warning: {w}"));
    }
    writeln!(
        out,
        "recorded item {number} as {} {}",
        status.symbol(),
        status.label()
    )?;
    Ok(())
}

fn not_a_follow_up(file: &std::path::Path) -> Failure {
    Failure::usage(format!(
        "{} follows no earlier workshop; make a follow-up with `convene new --follow-up {}`",
        file.display(),
        file.display()
    ))
}

/// One line per item: number, status (symbol and word), overdue, kind, owner, text.
fn list(session: &Session, path: &std::path::Path, out: &mut dyn Write) -> Outcome {
    let Some(f) = &session.follow_up else {
        return Err(not_a_follow_up(path));
    };
    if let Some(link) = crate::store::link::previous(path, session)
        && !link.is_intact()
    {
        say(&format!("warning: {}", link.describe(&f.previous)));
    }
    writeln!(
        out,
        "{}",
        one_line(&format!(
            "Since “{}” ({}): {}",
            f.previous.title,
            f.previous.date,
            crate::model::plural(f.items.len(), "item")
        ))
    )?;
    for (i, item) in f.items.iter().enumerate() {
        let mut line = format!(
            "{:>3}. {} {:<15} {}",
            i + 1,
            item.status.symbol(),
            item.status.label(),
            item.kind.label()
        );
        if item.is_overdue(session.date)
            && let Some(due) = item.due
        {
            line.push_str(&format!(" ⚠ overdue since {due}"));
        } else if let Some(due) = item.due {
            line.push_str(&format!(" (due {due})"));
        }
        if !item.owner.is_empty() {
            line.push_str(&format!(" — {}", item.owner));
        }
        let text = if item.sensitive {
            "(quotes a note marked sensitive)".to_string()
        } else {
            item.text.clone()
        };
        line.push_str(&format!(": {text}"));
        if !item.done.trim().is_empty() {
            line.push_str(&format!(" — done: {}", item.done));
        }
        writeln!(out, "{}", one_line(&line))?;
    }
    Ok(())
}
