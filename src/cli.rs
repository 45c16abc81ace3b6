//! The command line: argument shapes (clap) and one function per subcommand.

use crate::export::plural;
use crate::framework::Framework;
use crate::model::{Change, NoteKind, Session, Stakeholder};
use crate::store::{self, SessionFile, SessionStore, StoreError};
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
    /// Export a session: a summary (md, html) or data for analysis (csv, json)
    Export(ExportArgs),
    /// Browse many sessions read-only: a summary, or one combined dataset (csv, json, qdpx).
    /// Exit code 3 when some files were skipped, 2 when none could be read
    Review(ReviewArgs),
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
    /// Include notes marked sensitive (left out by default)
    #[arg(long)]
    pub include_sensitive: bool,
    /// Remove facilitators' names and show tables by their letter only
    #[arg(long, alias = "anonymize")]
    pub anonymise: bool,
    /// Only notes under this principle (its number in the framework, from 1)
    #[arg(long, value_name = "N")]
    pub principle: Option<usize>,
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

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure {
            code: 1,
            message: e.to_string(),
        }
    }
}

pub type Outcome = Result<(), Failure>;

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
    SessionFile::create(&path, session)?;
    writeln!(out, "{}", path.display())?;
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
        eprintln!("convene: warning: {w}");
    }
    writeln!(out, "added {id} to table {letter}, step “{step_title}”")?;
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
                writeln!(out, "{line}")?;
            }
            Err(e) => {
                bad += 1;
                writeln!(out, "{e}")?;
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
        eprintln!("convene: warning: {w}");
    }
    let s = &loaded.session;
    if json {
        let text = serde_json::to_string_pretty(s).map_err(|e| Failure::usage(e.to_string()))?;
        writeln!(out, "{text}")?;
        return Ok(());
    }
    write!(out, "{}", summary(s))?;
    Ok(())
}

/// A readable plain-text summary of a session.
pub fn summary(s: &Session) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(o, "{}", s.title);
    let mut where_ = vec![s.date.to_string()];
    where_.extend(
        [s.venue.clone(), s.place.clone()]
            .into_iter()
            .filter(|x| !x.is_empty()),
    );
    let _ = writeln!(o, "{}", where_.join(" · "));
    if !s.facilitators.is_empty() {
        let _ = writeln!(o, "Facilitators: {}", s.facilitators.join(", "));
    }
    let _ = writeln!(
        o,
        "Framework: {} ({} steps)",
        s.framework.name,
        s.framework.steps.len()
    );
    let step = s.current_step();
    let n = s.framework.step_index(&step.id).unwrap_or(0) + 1;
    let _ = writeln!(
        o,
        "Now at: step {n} of {}, {}",
        s.framework.steps.len(),
        step.title
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
            t.letter,
            t.name,
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
        let _ = writeln!(o, "  {:>2}. {}: {}{extra}", i + 1, step.title, notes.len());
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
                t.label,
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
        match &a.framework {
            Ok(f) => writeln!(
                out,
                "{:<18} {} — {} steps, {} principles ({source})",
                a.id,
                f.name,
                f.steps.len(),
                f.principles().count()
            )?,
            Err(e) => writeln!(out, "{:<18} unusable: {e}", a.id)?,
        }
    }
    writeln!(
        out,
        "\nYour own frameworks go in {}",
        store::frameworks::user_dir(&config).display()
    )?;
    Ok(())
}

/// `convene export`.
pub fn export(args: &ExportArgs, out: &mut dyn Write) -> Outcome {
    use crate::export::{self, CsvTable, Options};
    let loaded = store::load(&args.file)?;
    for w in &loaded.warnings {
        eprintln!("convene: warning: {w}");
    }
    let session = &loaded.session;
    let options = Options {
        include_sensitive: args.include_sensitive,
        anonymise: args.anonymise,
    };
    let table = match args.csv {
        CsvChoice::Notes => CsvTable::Notes,
        CsvChoice::Themes => CsvTable::Themes,
        CsvChoice::Recommendations => CsvTable::Recommendations,
        CsvChoice::All => {
            if args.format != ExportFormat::Csv {
                return Err(Failure::usage("--csv all only goes with --format csv"));
            }
            let dir = args
                .output
                .as_ref()
                .ok_or_else(|| Failure::usage("--csv all needs -o FOLDER"))?;
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::from(StoreError::io(dir, "create the folder", e)))?;
            for (name, table) in [
                ("notes", CsvTable::Notes),
                ("themes", CsvTable::Themes),
                ("recommendations", CsvTable::Recommendations),
            ] {
                let path = dir.join(format!("{name}.csv"));
                std::fs::write(&path, export::csv(session, &options, table))
                    .map_err(|e| Failure::from(StoreError::io(&path, "write", e)))?;
                writeln!(out, "{}", path.display())?;
            }
            return Ok(());
        }
    };
    let text = match args.format {
        ExportFormat::Md => export::markdown(session, &options),
        ExportFormat::Html => export::html(session, &options),
        ExportFormat::Csv => export::csv(session, &options, table),
        ExportFormat::Json => export::json(session, &options),
        ExportFormat::Qdpx => {
            let path = args.output.as_ref().ok_or_else(|| {
                Failure::usage("--format qdpx writes a zip archive; give a file with -o")
            })?;
            let bytes = export::qdpx(std::slice::from_ref(session), &options);
            std::fs::write(path, bytes)
                .map_err(|e| Failure::from(StoreError::io(path, "write", e)))?;
            writeln!(out, "{}", path.display())?;
            return Ok(());
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| Failure::from(StoreError::io(path, "write", e)))?;
            writeln!(out, "{}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
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
    if args.principle == Some(0) {
        return Err(Failure::usage("principles are numbered from 1"));
    }
    Ok(Filter {
        sessions: None,
        principle: args.principle,
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
pub fn review(args: &ReviewArgs, out: &mut dyn Write) -> Outcome {
    use crate::export::Options;
    use crate::review::Library;
    let filter = review_filter(args)?;
    if args.export == Some(ReviewExport::Qdpx) && args.output.is_none() {
        return Err(Failure::usage(
            "--export qdpx writes a zip archive; give a file with -o",
        ));
    }
    let library = Library::open(&args.paths, &mut |_| {});
    for skipped in library.skipped() {
        eprintln!("convene: skipped {skipped}");
    }
    for loaded in library.sessions() {
        for w in &loaded.warnings {
            eprintln!("convene: warning: {}: {w}", loaded.path.display());
        }
    }
    if library.sessions().is_empty() {
        let what = if library.skipped().is_empty() {
            "no session files were found"
        } else {
            "none of the session files could be read"
        };
        return Err(Failure::usage(what));
    }
    let rows = library.filter(&filter);
    let options = Options {
        include_sensitive: args.include_sensitive,
        anonymise: args.anonymise,
    };
    match args.export {
        None => {
            if !args.summary {
                eprintln!(
                    "convene: the interactive review browser is not available yet; here is the summary \
                     (--summary prints it without this message, --export writes the notes)"
                );
            }
            write!(out, "{}", library.summary(&rows))?;
        }
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
                ReviewExport::Json => library.json(&rows, &options).into_bytes(),
                ReviewExport::Qdpx => library.qdpx(&rows, &options),
            };
            match &args.output {
                Some(path) => {
                    std::fs::write(path, bytes)
                        .map_err(|e| Failure::from(StoreError::io(path, "write", e)))?;
                    eprintln!(
                        "convene: wrote {} from {} to {}",
                        plural(rows.len(), "note"),
                        plural(library.sessions().len(), "session"),
                        path.display()
                    );
                    writeln!(out, "{}", path.display())?;
                }
                None => out.write_all(&bytes)?,
            }
        }
    }
    if library.skipped().is_empty() {
        Ok(())
    } else {
        Err(Failure {
            code: SOME_SKIPPED,
            message: format!(
                "{} of {} files could not be read and were skipped; the other {} were used",
                library.skipped().len(),
                library.skipped().len() + library.sessions().len(),
                plural(library.sessions().len(), "session")
            ),
        })
    }
}
