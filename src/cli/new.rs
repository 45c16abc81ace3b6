//! `convene new`: a new session from a title, a framework and tables, or following another.

use super::{Failure, Outcome};
use crate::framework::Framework;
use crate::model::{Change, Session, Stakeholder};
use crate::store::output;
use crate::store::{self, StoreError};
use crate::terminal_text::one_line;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The workshop's title [with --follow-up, default: the previous one's]
    #[arg(long, required_unless_present = "follow_up")]
    pub title: Option<String>,
    /// A follow-up of this session: its agenda opens with a "Since last time" step listing the
    /// previous session's recommendations, commitments and open responses (and what it carried
    /// and did not close), to record what was done about each
    #[arg(long, value_name = "PREVIOUS.ron")]
    pub follow_up: Option<PathBuf>,
    /// A built-in framework id, a framework in the config folder, or a path to a .ron file
    /// [default: six-principles; with --follow-up, the previous session's]
    #[arg(long, value_name = "NAME|PATH")]
    pub framework: Option<String>,
    /// Number of tables, named Table A, Table B… [default: 6]
    #[arg(long, value_name = "N", conflicts_with = "table", value_parser = clap::value_parser!(u32).range(1..=99))]
    pub tables: Option<u32>,
    /// A table as LETTER:NAME[:MIX,...], e.g. "A:Riverside:employer,lived" (repeat for each table).
    /// Mix: public, employer, voluntary, lived, union, education, support, other
    #[arg(long, value_name = "SPEC")]
    pub table: Vec<String>,
    /// Date of the workshop, YYYY-MM-DD [default: today]
    #[arg(long)]
    pub date: Option<jiff::civil::Date>,
    #[arg(long, default_value = "")]
    pub venue: String,
    /// Town, city or area
    #[arg(long, default_value = "")]
    pub place: String,
    /// A facilitator's name (repeat for several)
    #[arg(long = "facilitator", value_name = "NAME")]
    pub facilitators: Vec<String>,
    /// Where to write the session [default: DIR/DATE-title.ron]
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace an existing file at -o (never a session or the files beside one)
    #[arg(long)]
    pub force: bool,
}

/// `convene new`.
pub fn new(args: &NewArgs, dir: &Path, out: &mut dyn Write) -> Outcome {
    // The previous session first: nothing is written when it cannot be read.
    let previous = match &args.follow_up {
        Some(path) => Some((path, store::load(path).map_err(Failure::from)?.session)),
        None => None,
    };
    let framework = match (&args.framework, &previous) {
        (Some(name), _) => {
            store::frameworks::resolve(name, &store::config_dir()).map_err(Failure::usage)?
        }
        (None, Some((_, prev))) => without_follow_up_steps(prev.framework.clone()),
        (None, None) => {
            store::frameworks::resolve(crate::framework::DEFAULT_ID, &store::config_dir())
                .map_err(Failure::usage)?
        }
    };
    let now = jiff::Timestamp::now();
    let date = args
        .date
        .unwrap_or_else(|| now.to_zoned(jiff::tz::TimeZone::system()).date());
    let title = match (&args.title, &previous) {
        (Some(t), _) => t.trim().to_string(),
        (None, Some((_, prev))) => prev.title.clone(),
        (None, None) => String::new(),
    };
    if title.is_empty() {
        return Err(Failure::usage("the title is empty"));
    }
    if let Some((_, prev)) = &previous
        && date < prev.date
    {
        return Err(Failure::usage(format!(
            "the date {date} is before the workshop it follows (“{}”, {}); give --date",
            one_line(&prev.title),
            prev.date
        )));
    }
    let session = build_session(args, &title, previous.as_ref(), framework, date, now)?;
    let path = match &args.output {
        Some(p) => p.clone(),
        None => store::session_path(dir, &title, date),
    };
    create_session(&path, &session, args.force)?;
    writeln!(out, "{}", one_line(&path.display().to_string()))?;
    if let Some(f) = &session.follow_up {
        let overdue = f.items.iter().filter(|i| i.is_overdue(date)).count();
        let mut line = format!(
            "follows “{}” ({}): {} carried in",
            f.previous.title,
            f.previous.date,
            crate::model::plural(f.items.len(), "item")
        );
        if overdue > 0 {
            line.push_str(&format!(", {overdue} overdue"));
        }
        if let Some(dir) = path.parent()
            && let Some((prev_path, _)) = &previous
            && prev_path.parent().map(|p| p.canonicalize().ok()) != Some(dir.canonicalize().ok())
        {
            line.push_str(&format!(
                "; keep {} beside it so that the link can be checked",
                f.previous.file
            ));
        }
        eprintln!("{}", one_line(&line));
    }
    Ok(())
}

/// A framework copied from a follow-up without its "Since last time" step: the next
/// follow-up adds its own.
fn without_follow_up_steps(mut framework: Framework) -> Framework {
    framework
        .steps
        .retain(|s| s.kind != crate::framework::StepKind::FollowUp);
    framework
}

/// Writes a new session's file by the output rule (never over a session or what is left of
/// one; another file only with `force`), creating its folder when needed.
pub(super) fn create_session(path: &Path, session: &Session, force: bool) -> Outcome {
    output::check_session(path, force)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::from(StoreError::io(dir, "create the folder", e)))?;
    }
    output::write_session(path, store::to_ron(session).as_bytes(), force)?;
    Ok(())
}

fn build_session(
    args: &NewArgs,
    title: &str,
    previous: Option<&(&PathBuf, Session)>,
    framework: Framework,
    date: jiff::civil::Date,
    now: jiff::Timestamp,
) -> Result<Session, Failure> {
    let mut session = match previous {
        Some((path, prev)) => {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Session::follow_up(prev, &file, title, date, framework, now)
        }
        None => Session::new(title, date, framework, now),
    };
    session.venue = args.venue.clone();
    if !args.place.is_empty() || previous.is_none() {
        session.place = args.place.clone();
    }
    session.facilitators = args.facilitators.clone();
    if args.table.is_empty() {
        for _ in 0..args.tables.unwrap_or(6) {
            let table = session.next_table(None, Vec::new());
            session
                .apply(Change::AddTable(table))
                .map_err(|e| Failure::usage(e.to_string()))?;
        }
    } else {
        for spec in &args.table {
            let (letter, name, mix) = parse_table_spec(spec)?;
            let mut table = session.next_table(Some(name), mix);
            table.letter = letter;
            session
                .apply(Change::AddTable(table))
                .map_err(|e| Failure::usage(format!("--table {spec:?}: {e}")))?;
        }
    }
    // A new session starts from revision 0: creating it is not a change to undo or replay.
    session.revision = 0;
    Ok(session)
}

/// Parses `LETTER:NAME[:MIX,...]`.
pub fn parse_table_spec(spec: &str) -> Result<(String, String, Vec<Stakeholder>), Failure> {
    let mut parts = spec.splitn(3, ':');
    let letter = parts.next().unwrap_or("").trim().to_string();
    let name = parts.next().unwrap_or("").trim().to_string();
    let bad = |why: &str| {
        Failure::usage(format!(
            "--table {spec:?}: {why}; expected LETTER:NAME[:MIX,...], e.g. \"A:Riverside:employer,lived\""
        ))
    };
    if letter.is_empty() || letter.chars().count() > 3 {
        return Err(bad("the letter must be 1 to 3 characters"));
    }
    if name.is_empty() {
        return Err(bad("the name is missing"));
    }
    let mut mix = Vec::new();
    if let Some(list) = parts.next() {
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let s = Stakeholder::parse(item).ok_or_else(|| {
                let known: Vec<&str> = Stakeholder::ALL.iter().map(|s| s.key()).collect();
                bad(&format!(
                    "unknown stakeholder `{item}` (known: {})",
                    known.join(", ")
                ))
            })?;
            if !mix.contains(&s) {
                mix.push(s);
            }
        }
    }
    Ok((letter, name, mix))
}
