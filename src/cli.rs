//! The command line: argument shapes (clap) and one function per subcommand.

use crate::export::plural;
use crate::framework::Framework;
use crate::model::{Change, NoteKind, Session, Stakeholder};
use crate::store::output::{self, OutputError};
use crate::store::{self, SessionFile, SessionStore, StoreError};
use crate::terminal_text::{VisibleWriter, escape_json, one_line};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "convene",
    version,
    about = "Run participatory stakeholder workshops from a terminal, and study them afterwards",
    long_about = "Run participatory stakeholder workshops from a terminal, and study them afterwards.\n\n\
        Sessions are saved as readable RON files; every change is journaled to disk before it \
        counts as saved."
)]
pub struct Cli {
    /// Folder for sessions (default: the platform data folder, …/convene/sessions)
    #[arg(long, global = true, env = "CONVENE_DATA", value_name = "DIR")]
    pub dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workshop session and print its path
    New(NewArgs),
    /// Add one note to a session; exits 0 only once the note is safely on disk
    Add(AddArgs),
    /// Check session files; one line per file; exit code 2 if any is bad
    Check {
        /// Session files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print a readable summary of a session (or the whole session as JSON)
    Show {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the whole session as JSON
        #[arg(long)]
        json: bool,
    },
    /// List the frameworks (agendas) convene can use
    Frameworks,
    /// Export a session: a summary (md, html) or data for analysis (csv, json, qdpx)
    Export(ExportArgs),
    /// Browse many sessions read-only: a summary, or one combined dataset (csv, json, qdpx).
    /// Exit code 3 when some files were skipped, 2 when none could be read
    Review(ReviewArgs),
    /// Make a session from a spreadsheet of notes (CSV); bad rows are reported and skipped
    Import(ImportArgs),
    /// Suggest themes for a session's notes (written into it) or for a CSV of notes
    Cluster(ClusterArgs),
    /// Open a session in the facilitator's screen
    Open {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Open without taking the lock; nothing can be changed
        #[arg(long)]
        read_only: bool,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The workshop's title
    #[arg(long)]
    pub title: String,
    /// A built-in framework id, a framework in the config folder, or a path to a .ron file
    #[arg(long, value_name = "NAME|PATH", default_value = crate::framework::DEFAULT_ID)]
    pub framework: String,
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

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The table's letter
    #[arg(long, value_name = "LETTER")]
    pub table: String,
    /// The step: its number in the agenda (1 = first) or its id
    #[arg(long, value_name = "N")]
    pub step: String,
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

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// md: the workshop summary as Markdown; html: the same as one self-contained page;
    /// csv: one row per note (or theme, recommendation); json: the whole session;
    /// qdpx: a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder (needs -o)
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Where to write it [default: standard output]. With --csv all, a folder
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace existing files at -o (never a session or the files beside one)
    #[arg(long)]
    pub force: bool,
    /// Which rows a CSV export holds
    #[arg(long, value_enum, default_value = "notes")]
    pub csv: CsvChoice,
    /// Include notes marked sensitive (left out by default)
    #[arg(long)]
    pub include_sensitive: bool,
    /// Remove facilitators' names and show tables by their letter only
    #[arg(long, alias = "anonymize")]
    pub anonymise: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Html,
    Csv,
    Json,
    Qdpx,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Session files, or folders searched recursively for them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print an overview: the sessions, each principle compared across them, shared themes
    #[arg(long, conflicts_with = "export")]
    pub summary: bool,
    /// Write the selected notes as one dataset: csv or json (the columns of the single-session
    /// notes CSV, then session_file), or qdpx (a REFI-QDA project)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub export: Option<ReviewExport>,
    /// Where to write the dataset [default: standard output; qdpx needs a file]
    #[arg(short = 'o', long = "output", value_name = "PATH", requires = "export")]
    pub output: Option<PathBuf>,
    /// Replace an existing file at -o (never a session or the files beside one)
    #[arg(long)]
    pub force: bool,
    /// Include notes marked sensitive (left out by default)
    #[arg(long)]
    pub include_sensitive: bool,
    /// Remove facilitators' names and show tables by their letter only
    #[arg(long, alias = "anonymize")]
    pub anonymise: bool,
    /// Only notes under this principle: its key (e.g. person-centred) or its number in the
    /// framework, from 1. A number is refused when it means different principles in the
    /// frameworks of the sessions read; the message lists each framework's principles
    #[arg(long, value_name = "KEY|N")]
    pub principle: Option<String>,
    /// Only notes under this step (its id, e.g. trauma-awareness)
    #[arg(long, value_name = "ID")]
    pub step: Option<String>,
    /// Only notes of this kind: comment, question, idea, barrier or commitment
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Only notes from tables where this group sat: public, employer, voluntary, lived,
    /// union, education, support, other
    #[arg(long, value_name = "GROUP")]
    pub stakeholder: Option<String>,
    /// Only notes with this tag (ignoring case)
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only notes in a theme with this label (ignoring case), or "none" for notes in no theme
    #[arg(long, value_name = "LABEL")]
    pub theme: Option<String>,
    /// Only notes whose response is open, in-progress or done; "none" or "any" response
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Only notes containing every word of TEXT (ignoring case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewExport {
    Csv,
    Json,
    Qdpx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvChoice {
    Notes,
    Themes,
    Recommendations,
    /// notes.csv, themes.csv and recommendations.csv in the folder given by -o
    All,
}

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
    /// Column giving the step (its number in the agenda or its id); the first principle when absent
    #[arg(long, value_name = "C", default_value = "step")]
    pub step_column: String,
    /// Column giving the kind (comment, question, idea, barrier, commitment); comment when absent
    #[arg(long, value_name = "C", default_value = "kind")]
    pub kind_column: String,
    /// A built-in framework id, a framework in the config folder, or a path to a .ron file
    #[arg(long, value_name = "NAME|PATH", default_value = crate::framework::DEFAULT_ID)]
    pub framework: String,
}

#[derive(Debug, Args)]
#[command(
    long_about = "Suggest themes: groups notes by meaning (a small built-in language model) and \
        shared words (with a lexicon of the field's synonyms), names each group by its most \
        distinctive terms, and says why its notes belong together.\n\n\
        INPUT is a session (.ron): themes are added to it through its journal, replacing earlier \
        suggestions nobody has changed; themes and placements made by people are kept, and free \
        notes close to them are placed there. Or INPUT is a CSV of notes (.csv): the output CSV \
        has the input's columns plus theme_id, theme_label and similarity (how close the note \
        is to its theme's centre, -1 to 1).\n\n\
        Same notes, same themes: the method is deterministic."
)]
pub struct ClusterArgs {
    /// A session file (.ron) or a CSV of notes (.csv)
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// How many themes: a number, or `auto` to choose from the notes
    #[arg(long, value_name = "N|auto", default_value = "auto")]
    pub themes: crate::cluster::ThemeCount,
    /// Write a CSV of the notes with their themes here (default for a CSV INPUT: stdout)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace an existing file at -o (never a session or the files beside one)
    #[arg(long)]
    pub force: bool,
    /// Column holding the note's text (CSV INPUT)
    #[arg(long, value_name = "C", default_value = "text")]
    pub text_column: String,
    /// Extra lexicon entries (RON, the shape of assets/lexicon.ron); `lexicon.ron` in the
    /// config folder is read too when present
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Only group notes written under this step (its number or id) (session INPUT)
    #[arg(long, value_name = "STEP")]
    pub step: Option<String>,
}

/// A command that failed: the message to print and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Failure {
        Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away (`convene show --json | head`): nothing to say, nothing wrong.
            return Failure {
                code: 0,
                message: String::new(),
            };
        }
        Failure {
            code: 1,
            message: e.to_string(),
        }
    }
}

pub type Outcome = Result<(), Failure>;

/// A command's standard output. What is written through [`Write`] is text for people: control
/// and bidirectional characters in it are always made visible ([`crate::terminal_text`]). An
/// export written to standard output goes through [`Stdout::data`]: byte for byte to a pipe or
/// a file, made visible like text when standard output is a terminal.
pub struct Stdout<'a> {
    text: VisibleWriter<&'a mut dyn Write>,
    terminal: bool,
}

impl<'a> Stdout<'a> {
    /// `terminal`: whether standard output is a terminal.
    pub fn new(inner: &'a mut dyn Write, terminal: bool) -> Stdout<'a> {
        Stdout {
            text: VisibleWriter::new(inner),
            terminal,
        }
    }

    /// Writes an export: exact bytes, unless standard output is a terminal.
    pub fn data(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.terminal {
            self.text.write_all(bytes)
        } else {
            self.text.raw()?.write_all(bytes)
        }
    }

    /// Writes out anything pending and flushes.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.text.finish()
    }
}

impl Write for Stdout<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.text.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.text.flush()
    }
}

/// Prints one line on standard error, `convene: ` first, with control and bidirectional
/// characters made visible.
pub fn say(line: &str) {
    eprintln!("convene: {}", one_line(line));
}

/// The sessions folder: `--dir`, else `CONVENE_DATA`, else the platform data folder.
pub fn sessions_dir(cli_dir: Option<&Path>) -> PathBuf {
    cli_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(store::data_dir)
}

/// `convene new`.
pub fn new(args: &NewArgs, dir: &Path, out: &mut dyn Write) -> Outcome {
    let framework = store::frameworks::resolve(&args.framework, &store::config_dir())
        .map_err(Failure::usage)?;
    let now = jiff::Timestamp::now();
    let date = args
        .date
        .unwrap_or_else(|| now.to_zoned(jiff::tz::TimeZone::system()).date());
    if args.title.trim().is_empty() {
        return Err(Failure::usage("the title is empty"));
    }
    let session = build_session(args, framework, date, now)?;
    let path = match &args.output {
        Some(p) => p.clone(),
        None => store::session_path(dir, &args.title, date),
    };
    create_session(&path, &session, args.force)?;
    writeln!(out, "{}", one_line(&path.display().to_string()))?;
    Ok(())
}

/// Writes a new session's file by the output rule (never over a session or what is left of
/// one; another file only with `force`), creating its folder when needed.
fn create_session(path: &Path, session: &Session, force: bool) -> Outcome {
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
    framework: Framework,
    date: jiff::civil::Date,
    now: jiff::Timestamp,
) -> Result<Session, Failure> {
    let mut session = Session::new(args.title.trim(), date, framework, now);
    session.venue = args.venue.clone();
    session.place = args.place.clone();
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
    let step = session.framework.resolve_step(&args.step).ok_or_else(|| {
        Failure::usage(format!(
            "there is no step `{}`; give a number from 1 to {} or a step id",
            args.step,
            session.framework.steps.len()
        ))
    })?;
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
    let (id, letter, step_title) = (note.id, table.letter.clone(), step.title.clone());
    file.commit(Change::AddNote(note)).map_err(|e| Failure {
        code: if e.is_retryable() { 1 } else { 2 },
        message: e.to_string(),
    })?;
    for w in file.warnings() {
        say(&format!("warning: {w}"));
    }
    writeln!(
        out,
        "added {id} to table {}, step “{}”",
        one_line(&letter),
        one_line(&step_title)
    )?;
    Ok(())
}

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

/// `convene show`.
pub fn show(path: &Path, json: bool, out: &mut dyn Write) -> Outcome {
    let loaded = store::load(path)?;
    for w in &loaded.warnings {
        say(&format!("warning: {w}"));
    }
    let s = &loaded.session;
    if json {
        let text = serde_json::to_string_pretty(s).map_err(|e| Failure::usage(e.to_string()))?;
        writeln!(out, "{}", escape_json(&text))?;
        return Ok(());
    }
    write!(out, "{}", summary(s))?;
    Ok(())
}

/// A readable plain-text summary of a session. Every text from the file is on one line, with
/// control and bidirectional characters made visible.
pub fn summary(s: &Session) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(o, "{}", one_line(&s.title));
    let mut where_ = vec![s.date.to_string()];
    where_.extend(
        [&s.venue, &s.place]
            .into_iter()
            .filter(|x| !x.is_empty())
            .map(|x| one_line(x).into_owned()),
    );
    let _ = writeln!(o, "{}", where_.join(" · "));
    if !s.facilitators.is_empty() {
        let names: Vec<_> = s.facilitators.iter().map(|f| one_line(f)).collect();
        let _ = writeln!(o, "Facilitators: {}", names.join(", "));
    }
    let _ = writeln!(
        o,
        "Framework: {} ({} steps)",
        one_line(&s.framework.name),
        s.framework.steps.len()
    );
    let step = s.current_step();
    let n = s.framework.step_index(&step.id).unwrap_or(0) + 1;
    let _ = writeln!(
        o,
        "Now at: step {n} of {}, {}",
        s.framework.steps.len(),
        one_line(&step.title)
    );
    let _ = writeln!(o, "\nTables ({}):", s.tables.len());
    for t in &s.tables {
        let count = s.notes.iter().filter(|n| n.table == t.id).count();
        let mix: Vec<&str> = t.mix.iter().map(|m| m.label()).collect();
        let mix = if mix.is_empty() {
            String::new()
        } else {
            format!(" — {}", mix.join(", "))
        };
        let _ = writeln!(
            o,
            "  [{}] {} ({}){mix}: {}",
            one_line(&t.letter),
            one_line(&t.name),
            t.colour.label(),
            plural(count, "note")
        );
    }
    let _ = writeln!(o, "\nNotes by step ({} in all):", s.notes.len());
    for (i, step) in s.framework.steps.iter().enumerate() {
        let notes: Vec<_> = s.notes.iter().filter(|n| n.step == step.id).collect();
        if notes.is_empty() && step.kind != crate::framework::StepKind::Principle {
            continue;
        }
        let sensitive = notes.iter().filter(|n| n.sensitive).count();
        let extra = if sensitive > 0 {
            format!(" ({sensitive} sensitive)")
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  {:>2}. {}: {}{extra}",
            i + 1,
            one_line(&step.title),
            notes.len()
        );
    }
    if !s.themes.is_empty() {
        let _ = writeln!(o, "\nThemes ({}):", s.themes.len());
        let mut themes: Vec<_> = s.themes.iter().collect();
        themes.sort_by_key(|t| std::cmp::Reverse(s.theme_dots(t.id)));
        for t in themes {
            let count = s.notes.iter().filter(|n| n.theme == Some(t.id)).count();
            let _ = writeln!(
                o,
                "  {} — {}, {}",
                one_line(&t.label),
                plural(count, "note"),
                plural(s.theme_dots(t.id) as usize, "dot")
            );
        }
    }
    let _ = writeln!(
        o,
        "\nRecommendations: {}   Responses: {}",
        s.recommendations.len(),
        s.responses.len()
    );
    o
}

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

/// `convene export`. Files go through the output rule ([`output`]); checked before anything
/// is read, so a refused output changes nothing.
pub fn export(args: &ExportArgs, out: &mut Stdout) -> Outcome {
    use crate::export::{self, CsvTable, Options};
    let all = args.csv == CsvChoice::All;
    if all && args.format != ExportFormat::Csv {
        return Err(Failure::usage("--csv all only goes with --format csv"));
    }
    if all && args.output.is_none() {
        return Err(Failure::usage("--csv all needs -o FOLDER"));
    }
    if args.format == ExportFormat::Qdpx && args.output.is_none() {
        return Err(Failure::usage(
            "--format qdpx writes a zip archive; give a file with -o",
        ));
    }
    const ALL: [(&str, CsvTable); 3] = [
        ("notes.csv", CsvTable::Notes),
        ("themes.csv", CsvTable::Themes),
        ("recommendations.csv", CsvTable::Recommendations),
    ];
    match &args.output {
        Some(dir) if all => {
            if let Some(why) = output::protected(dir) {
                return Err(OutputError::Protected {
                    path: dir.clone(),
                    why,
                }
                .into());
            }
            for (name, _) in ALL {
                output::check(&dir.join(name), args.force)?;
            }
        }
        Some(path) => output::check(path, args.force)?,
        None => {}
    }
    let loaded = store::load(&args.file)?;
    for w in &loaded.warnings {
        say(&format!("warning: {w}"));
    }
    let session = &loaded.session;
    let options = Options {
        include_sensitive: args.include_sensitive,
        anonymise: args.anonymise,
    };
    let bytes = match (args.format, args.csv) {
        (ExportFormat::Csv, CsvChoice::All) => {
            let dir = args.output.as_ref().expect("checked above");
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::from(StoreError::io(dir, "create the folder", e)))?;
            for (name, table) in ALL {
                let path = dir.join(name);
                output::write(
                    &path,
                    export::csv(session, &options, table).as_bytes(),
                    args.force,
                )?;
                writeln!(out, "{}", one_line(&path.display().to_string()))?;
            }
            return Ok(());
        }
        (ExportFormat::Md, _) => export::markdown(session, &options).into_bytes(),
        (ExportFormat::Html, _) => export::html(session, &options).into_bytes(),
        (ExportFormat::Csv, choice) => {
            let table = match choice {
                CsvChoice::Themes => CsvTable::Themes,
                CsvChoice::Recommendations => CsvTable::Recommendations,
                CsvChoice::Notes | CsvChoice::All => CsvTable::Notes,
            };
            export::csv(session, &options, table).into_bytes()
        }
        (ExportFormat::Json, _) => export::json(session, &options).into_bytes(),
        (ExportFormat::Qdpx, _) => export::qdpx(std::slice::from_ref(session), &options),
    };
    match &args.output {
        Some(path) => {
            output::write(path, &bytes, args.force)?;
            writeln!(out, "{}", one_line(&path.display().to_string()))?;
        }
        None => out.data(&bytes)?,
    }
    Ok(())
}

/// True when `convene review` should open the interactive browser: neither `--summary` nor
/// `--export` was asked for, and standard output is a terminal (piped, it prints the summary).
pub fn review_opens_browser(args: &ReviewArgs) -> bool {
    use std::io::IsTerminal;
    !args.summary && args.export.is_none() && std::io::stdout().is_terminal()
}

/// Lists on standard error the files a review skipped and the warnings of those it read.
pub fn report_skipped(library: &crate::review::Library) {
    for skipped in library.skipped() {
        say(&format!("skipped {skipped}"));
    }
    if let Some((left_out, kept)) = library.duplicates().first() {
        let (left_out, kept) = (left_out.display(), kept.display());
        let what = match library.duplicates().len() {
            1 => format!("left out {left_out}: it is another name of {kept}"),
            n => format!(
                "left out {n} names that are other names of sessions already found \
                 ({left_out} is {kept}, …)"
            ),
        };
        say(&format!(
            "{what}; each session is reviewed once, under the first name found"
        ));
    }
    for loaded in library.sessions() {
        for w in &loaded.warnings {
            say(&format!("warning: {}: {w}", loaded.path.display()));
        }
        if let Some(d) = &loaded.damage {
            say(&format!(
                "warning: {}: {}; the damaged line: {}",
                loaded.path.display(),
                d.what_is_shown(),
                d.message
            ));
        }
    }
}

/// The exit status of a review: 2 if no session could be read, 3 if some files were skipped
/// or some sessions could be read only in part (a journal damaged part-way).
pub fn review_outcome(library: &crate::review::Library) -> Outcome {
    if library.sessions().is_empty() {
        let what = if library.skipped().is_empty() {
            "no session files were found"
        } else {
            "none of the session files could be read"
        };
        return Err(Failure::usage(what));
    }
    let partial = library.partial().count();
    if library.skipped().is_empty() && partial == 0 {
        return Ok(());
    }
    let mut said = Vec::new();
    if !library.skipped().is_empty() {
        said.push(format!(
            "{} of {} files could not be read and were skipped; {} used",
            library.skipped().len(),
            library.skipped().len() + library.sessions().len(),
            match library.sessions().len() {
                1 => "the other session was".to_string(),
                n => format!("the other {n} sessions were"),
            }
        ));
    }
    if partial > 0 {
        said.push(if partial == 1 {
            "1 session was read only up to the damage in its journal (marked partial)".to_string()
        } else {
            format!("{partial} sessions were read only up to the damage in their journals (marked partial)")
        });
    }
    Err(Failure {
        code: SOME_SKIPPED,
        message: said.join("; "),
    })
}

/// Exit code of `convene review` when some files were skipped but others were read.
pub const SOME_SKIPPED: i32 = 3;

/// The review filter the command-line options describe.
pub fn review_filter(args: &ReviewArgs) -> Result<crate::review::Filter, Failure> {
    use crate::model::ResponseStatus;
    use crate::review::{Filter, ResponseFilter, ThemeFilter};
    let kind = match &args.kind {
        Some(k) => Some(NoteKind::parse(k).ok_or_else(|| {
            Failure::usage(format!(
                "unknown kind `{k}`; use comment, question, idea, barrier or commitment"
            ))
        })?),
        None => None,
    };
    let stakeholder = match &args.stakeholder {
        Some(g) => Some(Stakeholder::parse(g).ok_or_else(|| {
            let known: Vec<&str> = Stakeholder::ALL.iter().map(|s| s.key()).collect();
            Failure::usage(format!(
                "unknown stakeholder group `{g}` (known: {})",
                known.join(", ")
            ))
        })?),
        None => None,
    };
    let response = match args.status.as_deref().map(|s| s.trim().to_lowercase()) {
        None => None,
        Some(s) => Some(match s.replace(['_', ' '], "-").as_str() {
            "none" => ResponseFilter::None,
            "any" => ResponseFilter::Any,
            "open" => ResponseFilter::Status(ResponseStatus::Open),
            "in-progress" => ResponseFilter::Status(ResponseStatus::InProgress),
            "done" => ResponseFilter::Status(ResponseStatus::Done),
            _ => {
                return Err(Failure::usage(format!(
                    "unknown response status `{s}`; use open, in-progress, done, none or any"
                )));
            }
        }),
    };
    if let Some(p) = &args.principle
        && p.trim().parse::<usize>() == Ok(0)
    {
        return Err(Failure::usage("principles are numbered from 1"));
    }
    Ok(Filter {
        sessions: None,
        principle: args.principle.clone(),
        step: args.step.clone(),
        stakeholder,
        kind,
        tag: args.tag.clone(),
        theme: args.theme.as_ref().map(|t| {
            if t.trim().eq_ignore_ascii_case("none") {
                ThemeFilter::Unthemed
            } else {
                ThemeFilter::Label(t.clone())
            }
        }),
        response,
        search: args.search.clone().unwrap_or_default(),
        include_sensitive: args.include_sensitive,
    })
}

/// `convene review`: reads many sessions without writing or locking anything, then prints a
/// summary or writes one combined dataset. Files that cannot be read are listed on standard
/// error; the rest are used. Exit code 3 if some were skipped, 2 if none could be read.
pub fn review(args: &ReviewArgs, out: &mut Stdout) -> Outcome {
    use crate::export::Options;
    use crate::review::Library;
    let filter = review_filter(args)?;
    if args.export == Some(ReviewExport::Qdpx) && args.output.is_none() {
        return Err(Failure::usage(
            "--export qdpx writes a zip archive; give a file with -o",
        ));
    }
    if let Some(path) = &args.output {
        output::check(path, args.force)?; // before reading anything: a refusal changes nothing
    }
    let library = Library::open(&args.paths, &mut |_| {});
    report_skipped(&library);
    if library.sessions().is_empty() {
        return review_outcome(&library);
    }
    // A filter naming what no session has would silently select nothing: bad input.
    library
        .check(&filter)
        .map_err(|problem| Failure::usage(problem.to_string()))?;
    let rows = library.filter(&filter);
    let options = Options {
        include_sensitive: args.include_sensitive,
        anonymise: args.anonymise,
    };
    match args.export {
        None => write!(out, "{}", library.summary(&rows))?,
        Some(format) => {
            if let Some(path) = &args.output {
                let target = path.canonicalize().ok();
                if target.is_some()
                    && library
                        .sessions()
                        .iter()
                        .any(|s| s.path.canonicalize().ok() == target)
                {
                    return Err(Failure::usage(format!(
                        "{} is one of the sessions being reviewed; choose another -o",
                        path.display()
                    )));
                }
            }
            let bytes = match format {
                ReviewExport::Csv => library.csv(&rows, &options).into_bytes(),
                ReviewExport::Json => escape_json(&library.json(&rows, &options))
                    .into_owned()
                    .into_bytes(),
                ReviewExport::Qdpx => library.qdpx(&rows, &options),
            };
            match &args.output {
                Some(path) => {
                    output::write(path, &bytes, args.force)?;
                    say(&format!(
                        "wrote {} from {} to {}",
                        plural(rows.len(), "note"),
                        plural(library.sessions().len(), "session"),
                        path.display()
                    ));
                    writeln!(out, "{}", one_line(&path.display().to_string()))?;
                }
                None => out.data(&bytes)?,
            }
        }
    }
    review_outcome(&library)
}

/// Reads a CSV file for `import` and `cluster`; unreadable or malformed files are exit code 2.
fn read_sheet(path: &Path) -> Result<crate::import::Sheet, Failure> {
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

/// `convene import`.
pub fn import(args: &ImportArgs, out: &mut dyn Write) -> Outcome {
    use crate::import::{RowProblem, check_text};
    let framework = store::frameworks::resolve(&args.framework, &store::config_dir())
        .map_err(Failure::usage)?;
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
    let default_step = session
        .framework
        .principles()
        .next()
        .unwrap_or_else(|| session.framework.first_step())
        .id
        .clone();
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
                    problems.push(problem(format!(
                        "there is no step `{s}`; give a number from 1 to {} or a step id",
                        session.framework.steps.len()
                    )));
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

/// Options for a run: the built-in lexicon plus the user's.
fn cluster_options(args: &ClusterArgs) -> Result<crate::cluster::Options, Failure> {
    use crate::cluster::{Lexicon, Options};
    let mut lexicon = Lexicon::builtin();
    let user = store::config_dir().join("lexicon.ron");
    let mut files: Vec<PathBuf> = Vec::new();
    if user.is_file() {
        files.push(user);
    }
    files.extend(args.lexicon.clone());
    for path in files {
        let bytes =
            std::fs::read(&path).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
        let extra = Lexicon::parse_bytes(&bytes, &path.display().to_string())
            .map_err(|e| Failure::usage(e.to_string()))?;
        lexicon.extend(extra);
    }
    Ok(Options {
        themes: args.themes,
        lexicon,
        ..Options::default()
    })
}

/// Prints progress on stderr for runs long enough to need it.
fn progress_printer(total: usize) -> impl FnMut(crate::cluster::Progress) {
    use crate::cluster::Progress;
    let show = total >= 5000;
    let mut last = String::new();
    move |p: Progress| {
        if !show {
            return;
        }
        let line = match p {
            Progress::Reading { done, total } => format!("reading notes {done}/{total}"),
            Progress::Choosing { tried, of } => {
                format!("choosing the number of themes {}/{of}", tried + 1)
            }
            Progress::Grouping { themes } => format!("grouping into {themes} themes"),
            Progress::Labelling => "naming themes".into(),
        };
        if line != last {
            say(&line);
            last = line;
        }
    }
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["csv", "tsv", "txt"].contains(&e.to_ascii_lowercase().as_str()))
}

/// `convene cluster`.
pub fn cluster(args: &ClusterArgs, out: &mut Stdout) -> Outcome {
    if let Some(path) = &args.output {
        // Before the session is touched: a refused output must not leave themes journaled.
        output::check(path, args.force)?;
    }
    let options = cluster_options(args)?;
    if is_csv(&args.input) {
        cluster_csv(args, &options, out)
    } else {
        cluster_session(args, options, out)
    }
}

fn csv_failure(e: csv::Error) -> Failure {
    Failure {
        code: 1,
        message: e.to_string(),
    }
}

fn cluster_csv(args: &ClusterArgs, options: &crate::cluster::Options, out: &mut Stdout) -> Outcome {
    let sheet = read_sheet(&args.input)?;
    let text_col = sheet
        .column(&args.text_column)
        .map_err(|e| Failure::usage(format!("{}: {e}", args.input.display())))?;
    for p in &sheet.problems {
        say(&format!("{}: {p} (left out)", args.input.display()));
    }
    // Rows with no text are written out without a theme.
    let with_text: Vec<usize> = (0..sheet.rows.len())
        .filter(|&i| !sheet.rows[i].1[text_col].trim().is_empty())
        .collect();
    for &i in &with_text {
        if let Err(m) = crate::import::check_text(&sheet.rows[i].1[text_col]) {
            say(&format!(
                "{}: row {}: {m} (grouped anyway)",
                args.input.display(),
                sheet.rows[i].0
            ));
        }
    }
    let texts: Vec<&str> = with_text
        .iter()
        .map(|&i| sheet.rows[i].1[text_col].as_str())
        .collect();
    let result = crate::cluster::cluster_texts(&texts, options, &mut progress_printer(texts.len()));
    let mut theme_of = vec![None; sheet.rows.len()];
    for (p, &i) in with_text.iter().enumerate() {
        theme_of[i] = Some((result.assignment[p], result.similarity[p]));
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(sheet.delimiter)
        .from_writer(Vec::new());
    let mut header = sheet.headers.clone();
    header.extend(["theme_id".into(), "theme_label".into(), "similarity".into()]);
    writer.write_record(&header).map_err(csv_failure)?;
    for (i, (_, cells)) in sheet.rows.iter().enumerate() {
        let mut record = cells.clone();
        match theme_of[i] {
            Some((g, s)) => record.extend([
                (g + 1).to_string(),
                result.groups[g].label.clone(),
                format!("{s:.3}"),
            ]),
            None => record.extend([String::new(), String::new(), String::new()]),
        }
        writer.write_record(&record).map_err(csv_failure)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Failure::from(e.into_error()))?;
    match &args.output {
        Some(path) => output::write(path, &bytes, args.force)?,
        None => out.data(&bytes)?,
    }
    let summary = theme_summary(
        result
            .groups
            .iter()
            .map(|g| (g.label.as_str(), g.members.len(), g.why.summary())),
    );
    if args.output.is_some() {
        write!(out, "{summary}")?;
    } else {
        eprint!("{}", crate::terminal_text::visible(&summary));
    }
    Ok(())
}

fn theme_summary<'a>(themes: impl Iterator<Item = (&'a str, usize, String)>) -> String {
    let mut s = String::new();
    for (i, (label, n, why)) in themes.enumerate() {
        s.push_str(&format!(
            "{:>3}. {} — {}\n     {}\n",
            i + 1,
            one_line(label),
            plural(n, "note"),
            one_line(&why)
        ));
    }
    s
}

fn cluster_session(
    args: &ClusterArgs,
    mut options: crate::cluster::Options,
    out: &mut dyn Write,
) -> Outcome {
    use crate::cluster::{self, Accept};
    let mut file = SessionFile::open(&args.input)?;
    for w in file.warnings() {
        say(&format!("warning: {w}"));
    }
    if let Some(step) = &args.step {
        let framework = &file.session().framework;
        let found = framework.resolve_step(step).ok_or_else(|| {
            Failure::usage(format!(
                "there is no step `{step}`; give a number from 1 to {} or a step id",
                framework.steps.len()
            ))
        })?;
        options.step = Some(found.id.clone());
    }
    let session = file.session();
    let suggestions = cluster::suggest(
        session,
        &options,
        &mut progress_printer(session.notes.len()),
    );
    let changes = cluster::to_changes(session, &suggestions, Accept::All);
    let count = changes.len();
    if count > 0 {
        file.commit(Change::Batch(changes)).map_err(|e| Failure {
            code: if e.is_retryable() { 1 } else { 2 },
            message: e.to_string(),
        })?;
        file.save().map_err(|e| Failure {
            code: 1,
            message: e.to_string(),
        })?;
    }
    let session = file.session();
    let summary = theme_summary(
        suggestions
            .themes
            .iter()
            .map(|t| (t.label.as_str(), t.notes.len(), t.why.summary())),
    );
    write!(out, "{summary}")?;
    writeln!(
        out,
        "{} suggested, {} kept as people made them, {} offered to kept themes, {} earlier suggestions replaced",
        plural(suggestions.themes.len(), "theme"),
        suggestions.kept.len(),
        plural(suggestions.offers.len(), "note"),
        suggestions.replaces.len()
    )?;
    if let Some(path) = &args.output {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record([
                "note_id",
                "table",
                "step",
                "kind",
                "text",
                "theme_id",
                "theme_label",
                "placed_by",
                "similarity",
            ])
            .map_err(csv_failure)?;
        let similarity: std::collections::HashMap<crate::model::NoteId, f32> = suggestions
            .themes
            .iter()
            .flat_map(|t| t.notes.iter().map(|f| (f.note, f.similarity)))
            .chain(suggestions.offers.iter().map(|o| (o.note, o.similarity)))
            .collect();
        for n in &session.notes {
            let theme = n.theme.and_then(|t| session.theme(t));
            let letter = session.table(n.table).map_or("", |t| t.letter.as_str());
            writer
                .write_record([
                    n.id.0.to_string(),
                    letter.to_string(),
                    n.step.clone(),
                    n.kind.label().to_string(),
                    n.text.clone(),
                    theme.map_or(String::new(), |t| t.id.0.to_string()),
                    theme.map_or(String::new(), |t| t.label.clone()),
                    match n.placed_by {
                        Some(crate::model::Origin::Person) => "person".into(),
                        Some(crate::model::Origin::Suggested) => "suggestion".into(),
                        None => String::new(),
                    },
                    similarity
                        .get(&n.id)
                        .map_or(String::new(), |s| format!("{s:.3}")),
                ])
                .map_err(csv_failure)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| Failure::from(e.into_error()))?;
        output::write(path, &bytes, args.force)?;
    }
    Ok(())
}
