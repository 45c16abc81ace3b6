//! `convene add`: one note into a session, journaled before the command says it is added.

use super::{Failure, Outcome, say, step};
use crate::model::{Change, NoteKind};
use crate::store::{SessionFile, SessionStore};
use crate::terminal_text::one_line;
use clap::{ArgGroup, Args};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which-step").required(true).args(["step", "principle"])))]
pub struct AddArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The table's letter
    #[arg(long, value_name = "LETTER")]
    pub table: String,
    /// The step: its number in the agenda (1 = first) or its id
    #[arg(long, value_name = "N|ID")]
    pub step: Option<String>,
    /// Or the step by its number among the principles (1 = the first principle, which is
    /// step 2 in the six principles)
    #[arg(long, value_name = "N")]
    pub principle: Option<usize>,
    /// comment, question, idea, barrier or commitment (a prefix will do)
    #[arg(long, default_value = "comment")]
    pub kind: String,
    /// A tag (repeat for several)
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Mark as the voice of someone with lived experience
    #[arg(long)]
    pub lived_experience: bool,
    /// Mark as sensitive: hidden on the projector and left out of exports by default
    #[arg(long)]
    pub sensitive: bool,
    /// The note's text
    #[arg(value_name = "TEXT")]
    pub text: String,
}

/// `convene add`.
pub fn add(args: &AddArgs, out: &mut dyn Write) -> Outcome {
    let mut file = SessionFile::open(&args.file)?;
    let session = file.session();
    let table = session.table_by_letter(&args.table).ok_or_else(|| {
        let letters: Vec<&str> = session.tables.iter().map(|t| t.letter.as_str()).collect();
        Failure::usage(format!(
            "there is no table `{}` in {}; tables: {}",
            args.table,
            args.file.display(),
            letters.join(", ")
        ))
    })?;
    let step = step::chosen(&session.framework, args.step.as_deref(), args.principle)?
        .ok_or_else(|| Failure::usage("give the step with --step N|ID or --principle N"))?;
    let kind = NoteKind::parse(&args.kind).ok_or_else(|| {
        Failure::usage(format!(
            "unknown kind `{}`; use comment, question, idea, barrier or commitment",
            args.kind
        ))
    })?;
    let mut note = session.next_note(
        table.id,
        &step.id,
        kind,
        args.text.trim(),
        jiff::Timestamp::now(),
    );
    note.tags = args.tags.clone();
    note.lived_experience = args.lived_experience;
    note.sensitive = args.sensitive;
    let (id, letter, step) = (
        note.id,
        table.letter.clone(),
        step::titled(&session.framework, step),
    );
    file.commit(Change::AddNote(note)).map_err(|e| Failure {
        code: if e.is_retryable() { 1 } else { 2 },
        message: e.to_string(),
    })?;
    for w in file.warnings() {
        say(&format!("warning: {w}"));
    }
    writeln!(out, "added {id} to table {}, {step}", one_line(&letter))?;
    Ok(())
}
