//! `convene import`: a new session from a spreadsheet of notes (CSV).

use super::new::create_session;
use super::{Failure, Outcome, say, step};
use crate::export::plural;
use crate::model::{Change, NoteKind, Session};
use crate::store::{self, output};
use crate::terminal_text::one_line;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(
    long_about = "Make a new session from a spreadsheet of notes saved as CSV (UTF-8 with or \
        without BOM, comma or semicolon separated, cells may hold quoted newlines).\n\n\
        Each row is a note. Rows that cannot be used (empty or overlong text, too many cells, \
        an unknown step or kind) are listed on stderr with their spreadsheet row number (the \
        header is row 1); the good rows are kept. Exit code 2 if no row could be used."
)]
pub struct ImportArgs {
    /// The CSV file
    #[arg(value_name = "NOTES.csv")]
    pub input: PathBuf,
    /// Where to write the new session (an existing file only with --force; never a session)
    #[arg(short = 'o', long = "output", value_name = "SESSION.ron")]
    pub output: PathBuf,
    /// Replace an existing file at -o (never a session or the files beside one)
    #[arg(long)]
    pub force: bool,
    /// Column holding the note's text
    #[arg(long, value_name = "C", default_value = "text")]
    pub text_column: String,
    /// Column naming the table (a letter or a name); one table when absent
    #[arg(long, value_name = "C", default_value = "table")]
    pub table_column: String,
    /// Column giving the step (its number in the agenda or its id); when absent or empty, the
    /// step given by --step or --principle, else the first principle
    #[arg(long, value_name = "C", default_value = "step")]
    pub step_column: String,
    /// Column giving the kind (comment, question, idea, barrier, commitment); comment when absent
    #[arg(long, value_name = "C", default_value = "kind")]
    pub kind_column: String,
    /// A built-in framework id, a framework in the config folder, or a path to a .ron file
    #[arg(long, value_name = "NAME|PATH", default_value = crate::framework::DEFAULT_ID)]
    pub framework: String,
}

/// `convene import` as typed: [`ImportArgs`], and the step for rows that name none.
#[derive(Debug, Args)]
pub struct ImportCommand {
    #[command(flatten)]
    pub args: ImportArgs,
    /// The step for rows that name none: its number in the agenda or its id [default: the
    /// first principle]
    #[arg(long, value_name = "N|ID", group = "default-step")]
    pub step: Option<String>,
    /// Or the principle for those rows, by its number among the principles (1 = the first
    /// principle, which is step 2 in the six principles)
    #[arg(long, value_name = "N", group = "default-step")]
    pub principle: Option<usize>,
}

/// Reads a CSV file for `import` and `cluster`; unreadable or malformed files are exit code 2.
pub(super) fn read_sheet(path: &Path) -> Result<crate::import::Sheet, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure {
        code: if e.kind() == std::io::ErrorKind::NotFound {
            2
        } else {
            1
        },
        message: format!("{}: {e}", path.display()),
    })?;
    crate::import::read(&bytes).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
}

/// `convene import`, rows that name no step going under the first principle.
pub fn import(args: &ImportArgs, out: &mut dyn Write) -> Outcome {
    import_with(args, None, None, out)
}

/// `convene import`, rows that name no step going under the one `--step` or `--principle`
/// names (the first principle when neither is given).
pub fn import_with(
    args: &ImportArgs,
    step: Option<&str>,
    principle: Option<usize>,
    out: &mut dyn Write,
) -> Outcome {
    use crate::import::{RowProblem, check_text};
    let framework = store::frameworks::resolve(&args.framework, &store::config_dir())
        .map_err(Failure::usage)?;
    let default_step = match step::chosen(&framework, step, principle)? {
        Some(chosen) => chosen,
        None => framework
            .principles()
            .next()
            .unwrap_or_else(|| framework.first_step()),
    }
    .id
    .clone();
    output::check_session(&args.output, args.force)?;
    let sheet = read_sheet(&args.input)?;
    let at =
        |e: crate::import::SheetError| Failure::usage(format!("{}: {e}", args.input.display()));
    let text_col = sheet.column(&args.text_column).map_err(at)?;
    let table_col = sheet.optional_column(&args.table_column);
    let step_col = sheet.optional_column(&args.step_column);
    let kind_col = sheet.optional_column(&args.kind_column);
    let now = jiff::Timestamp::now();
    let title = args
        .input
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "Imported notes".into());
    let date = now.to_zoned(jiff::tz::TimeZone::system()).date();
    let mut session = Session::new(title.trim(), date, framework, now);
    let mut problems: Vec<RowProblem> = sheet.problems.clone();
    let mut imported = 0usize;
    for (row, cells) in &sheet.rows {
        let problem = |message: String| RowProblem { row: *row, message };
        let text = match check_text(&cells[text_col]) {
            Ok(t) => t.to_string(),
            Err(m) => {
                problems.push(problem(m));
                continue;
            }
        };
        let step = match step_col.map(|c| cells[c].trim()).filter(|s| !s.is_empty()) {
            None => default_step.clone(),
            Some(s) => match session.framework.resolve_step(s) {
                Some(step) => step.id.clone(),
                None => {
                    problems.push(problem(step::no_such_step(&session.framework, s)));
                    continue;
                }
            },
        };
        let kind = match kind_col.map(|c| cells[c].trim()).filter(|s| !s.is_empty()) {
            None => NoteKind::Comment,
            Some(k) => match NoteKind::parse(k) {
                Some(kind) => kind,
                None => {
                    problems.push(problem(format!(
                        "unknown kind `{k}`; use comment, question, idea, barrier or commitment"
                    )));
                    continue;
                }
            },
        };
        let table_name = table_col
            .map(|c| cells[c].trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "A".into());
        let table = match find_or_add_table(&mut session, &table_name) {
            Ok(t) => t,
            Err(m) => {
                problems.push(problem(m));
                continue;
            }
        };
        let note = session.next_note(table, &step, kind, text, now);
        match session.apply(Change::AddNote(note)) {
            Ok(_) => imported += 1,
            Err(e) => problems.push(problem(e.to_string())),
        }
    }
    problems.sort_by_key(|p| p.row);
    for p in &problems {
        say(&format!("{}: {p}", args.input.display()));
    }
    if imported == 0 {
        return Err(Failure::usage(format!(
            "{}: no row could be imported",
            args.input.display()
        )));
    }
    // A new session starts from revision 0: creating it is not a change to undo or replay.
    session.revision = 0;
    create_session(&args.output, &session, args.force)?;
    writeln!(
        out,
        "imported {} into {}{}",
        plural(imported, "note"),
        one_line(&args.output.display().to_string()),
        if problems.is_empty() {
            String::new()
        } else {
            format!(
                "; {} skipped (listed on stderr)",
                plural(problems.len(), "row")
            )
        }
    )?;
    Ok(())
}

/// The table named `name` (by letter or name), added when new.
fn find_or_add_table(session: &mut Session, name: &str) -> Result<crate::model::TableId, String> {
    if let Some(t) = session.table_by_letter(name).or_else(|| {
        session
            .tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }) {
        return Ok(t.id);
    }
    let short = name.chars().count() <= 3 && !name.contains(char::is_whitespace);
    let mut table = session.next_table(
        Some(if short {
            format!("Table {name}")
        } else {
            name.to_string()
        }),
        Vec::new(),
    );
    if short {
        table.letter = name.to_string();
    }
    let id = table.id;
    session
        .apply(Change::AddTable(table))
        .map_err(|e| e.to_string())?;
    Ok(id)
}
