//! `convene review`: many sessions read-only, as a summary or one combined dataset.

use super::{Failure, Outcome, Stdout, say};
use crate::export::plural;
use crate::model::{NoteKind, Stakeholder};
use crate::store::dataset::{TidyExport, TidyFormat};
use crate::store::output;
use crate::terminal_text::{escape_json, one_line};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Session files, or folders searched recursively for them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print an overview: the sessions, each principle compared across them, shared themes
    #[arg(long, conflicts_with = "export")]
    pub summary: bool,
    /// Print every promise not yet done or dropped across the sessions read — recommendations,
    /// commitments and responses, followed through follow-up workshops by their global ids —
    /// oldest first, with its age, owner, status, due date, an overdue mark, where it was made
    /// and the last workshop that recorded it. Follow-ups whose previous session is not among
    /// those read, or has changed since, are warned about on standard error
    #[arg(long, conflicts_with_all = [
        "summary", "export", "keep_copies", "anonymise", "principle", "step", "kind",
        "stakeholder", "tag", "theme", "status", "search",
    ])]
    pub actions: bool,
    /// With --actions: the day ages and overdue marks are counted to, YYYY-MM-DD [default:
    /// today]
    #[arg(long, value_name = "DATE", requires = "actions")]
    pub as_of: Option<jiff::civil::Date>,
    /// With --actions: text for a terminal, csv (one row per promise) or json
    #[arg(long, value_enum, value_name = "FORMAT", requires = "actions")]
    pub format: Option<ActionsFormat>,
    /// Export what the filters select. The research dataset, as tidy tables with global ids:
    /// dataset (a folder of CSV tables + datapackage.json), parquet (a folder of Parquet tables),
    /// sqlite (one database with keys and views), xlsx (one workbook). The notes alone, one row
    /// each: csv, json, jsonl (JSON Lines, for big corpora). For QDA tools: qdpx (a REFI-QDA
    /// project), qdc (its codebook: the principles and themes)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub export: Option<ReviewExport>,
    /// Where to write it [default: standard output for csv, json and jsonl; the others need it]
    #[arg(short = 'o', long = "output", value_name = "PATH", requires = "export")]
    pub output: Option<PathBuf>,
    /// CSV cells exactly as written, without the guard that makes a cell starting with =, +, -
    /// or @ safe to open in a spreadsheet: for analysis tools (csv and dataset)
    #[arg(long)]
    pub csv_raw: bool,
    /// Keep copies of a session (files with the same session id), which are otherwise counted
    /// once: the one with the most changes is used and the others listed (not with the
    /// research dataset, whose ids they share)
    #[arg(long)]
    pub keep_copies: bool,
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
pub enum ActionsFormat {
    Text,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewExport {
    Dataset,
    Parquet,
    Sqlite,
    Xlsx,
    Csv,
    Json,
    Jsonl,
    Qdpx,
    Qdc,
}

impl ReviewExport {
    /// The research dataset's container, for the tidy formats.
    pub fn tidy(self, csv_raw: bool) -> Option<TidyFormat> {
        match self {
            ReviewExport::Dataset => Some(TidyFormat::Dataset { guard: !csv_raw }),
            ReviewExport::Parquet => Some(TidyFormat::Parquet),
            ReviewExport::Sqlite => Some(TidyFormat::Sqlite),
            ReviewExport::Xlsx => Some(TidyFormat::Xlsx),
            _ => None,
        }
    }
}

/// True when `convene review` should open the interactive browser: none of `--summary`,
/// `--actions` and `--export` was asked for, and standard output is a terminal (piped, it prints the summary).
pub fn review_opens_browser(args: &ReviewArgs) -> bool {
    use std::io::IsTerminal;
    !args.summary && !args.actions && args.export.is_none() && std::io::stdout().is_terminal()
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
    report_copies(library.copies());
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

/// Lists on standard error the copies of a session that were left out: each one that holds a
/// different state of its session by name (worth a look), the others together.
pub fn report_copies(copies: &[crate::review::SessionCopy]) {
    for c in copies.iter().filter(|c| c.differs()) {
        say(&format!(
            "left out {}: a copy of {} (the same session id), but with {} changes against {}: \
             one of them was worked on after the copy was made, and only the one with more \
             changes is used; look at both",
            c.left_out.display(),
            c.kept.display(),
            c.revisions.0,
            c.revisions.1
        ));
    }
    let same: Vec<_> = copies.iter().filter(|c| !c.differs()).collect();
    if let Some(c) = same.first() {
        let (left_out, kept) = (c.left_out.display(), c.kept.display());
        let what = match same.len() {
            1 => format!("left out {left_out}: a copy of {kept} (the same session id)"),
            n => format!(
                "left out {n} copies of sessions already found (the same session id; {left_out} is \
                 a copy of {kept}, …)"
            ),
        };
        say(&format!(
            "{what}; each session counts once (--keep-copies keeps copies)"
        ));
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
    let forked = library.copies().iter().filter(|c| c.differs()).count();
    if library.skipped().is_empty() && partial == 0 && forked == 0 {
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
    if forked > 0 {
        said.push(forked_copies(forked));
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

/// The closing words about copies that hold another state of their session.
fn forked_copies(n: usize) -> String {
    if n == 1 {
        "1 copy of a session holds another state of it and was left out (see above)".into()
    } else {
        format!("{n} copies of sessions hold other states of them and were left out (see above)")
    }
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
    if args.actions {
        if args.csv_raw && args.format != Some(ActionsFormat::Csv) {
            return Err(Failure::usage(
                "--csv-raw goes with --export csv, --export dataset or --actions --format csv",
            ));
        }
        return review_actions(args, out);
    }
    if args.csv_raw && !matches!(args.export, Some(ReviewExport::Csv | ReviewExport::Dataset)) {
        return Err(Failure::usage(
            "--csv-raw goes with --export csv, --export dataset or --actions --format csv",
        ));
    }
    if let Some(format) = args.export.and_then(|e| e.tidy(args.csv_raw)) {
        return review_tidy(args, &filter, format, out);
    }
    if args.export == Some(ReviewExport::Qdpx) && args.output.is_none() {
        return Err(Failure::usage(
            "--export qdpx writes a zip archive; give a file with -o",
        ));
    }
    if let Some(path) = &args.output {
        output::check(path, args.force)?; // before reading anything: a refusal changes nothing
    }
    if args.export == Some(ReviewExport::Jsonl) {
        return review_jsonl(args, &filter, out);
    }
    let library = Library::open_keeping(&args.paths, args.keep_copies, &mut |_| {});
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
                ReviewExport::Csv if args.csv_raw => library.csv_raw(&rows, &options).into_bytes(),
                ReviewExport::Csv => library.csv(&rows, &options).into_bytes(),
                ReviewExport::Json => escape_json(&library.json(&rows, &options))
                    .into_owned()
                    .into_bytes(),
                ReviewExport::Qdpx => library.qdpx(&rows, &options),
                ReviewExport::Qdc => library.qdc(&rows, &options).into_bytes(),
                ReviewExport::Dataset
                | ReviewExport::Parquet
                | ReviewExport::Sqlite
                | ReviewExport::Xlsx
                | ReviewExport::Jsonl => unreachable!("streamed above"),
            };
            match &args.output {
                Some(path) => {
                    output::write(path, &bytes, args.force)?;
                    let what = if format == ReviewExport::Qdc {
                        "the codebook (principles and themes)".to_string()
                    } else {
                        plural(rows.len(), "note")
                    };
                    say(&format!(
                        "wrote {what} from {} to {}",
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

/// What a streamed export does with each batch: the batch and the rows its filters select.
type BatchFn<'a> = dyn FnMut(&crate::review::Library, &[usize]) -> Result<(), Failure> + 'a;

/// Reads the sessions a batch at a time, as [`crate::store::review::stream`] does, applying the
/// filter to each batch. A filter that names what no batch has is refused as bad input (with
/// the message the whole review would give), after which nothing has been written.
fn stream_filtered(
    args: &ReviewArgs,
    filter: &crate::review::Filter,
    each: &mut BatchFn,
) -> Result<crate::store::review::Streamed, Failure> {
    use std::time::{Duration, Instant};
    let mut problem = None;
    let mut named = false;
    let mut last = Instant::now();
    let mut progress = |p: crate::review::Progress| {
        if p.total >= 200 && last.elapsed() >= Duration::from_secs(5) {
            last = Instant::now();
            say(&format!("read {} of {} session files", p.done, p.total));
        }
    };
    let streamed = crate::store::review::stream(
        &args.paths,
        args.keep_copies,
        &mut progress,
        &mut |library| {
            // A filter naming what this batch lacks selects nothing in it; only when it names
            // something no batch has is it refused.
            match library.check(filter) {
                Err(p) => {
                    problem.get_or_insert(p);
                    Ok(())
                }
                Ok(()) => {
                    named = true;
                    let rows = library.filter(filter);
                    each(&library, &rows)
                }
            }
        },
    )?;
    report_streamed(&streamed);
    if streamed.sessions == 0 {
        return Err(Failure::usage(if streamed.skipped.is_empty() {
            "no session files were found"
        } else {
            "none of the session files could be read"
        }));
    }
    if !named && let Some(p) = problem {
        return Err(Failure::usage(p.to_string()));
    }
    Ok(streamed)
}

/// What a streamed review left out, on standard error.
fn report_streamed(s: &crate::store::review::Streamed) {
    for skipped in &s.skipped {
        say(&format!("skipped {skipped}"));
    }
    if let Some((left_out, kept)) = s.duplicates.first() {
        say(&format!(
            "left out {} other name(s) of sessions already found ({} is {}); each session is \
             reviewed once, under the first name found",
            s.duplicates.len(),
            left_out.display(),
            kept.display()
        ));
    }
    report_copies(&s.copies);
}

/// The exit status after a streamed review: 3 when files were skipped or read in part.
fn streamed_outcome(s: &crate::store::review::Streamed) -> Outcome {
    let forked = s.copies.iter().filter(|c| c.differs()).count();
    if s.skipped.is_empty() && s.partial == 0 && forked == 0 {
        return Ok(());
    }
    let mut said = Vec::new();
    if !s.skipped.is_empty() {
        said.push(format!(
            "{} of {} files could not be read and were skipped",
            s.skipped.len(),
            s.skipped.len() + s.sessions + s.copies.len()
        ));
    }
    if forked > 0 {
        said.push(forked_copies(forked));
    }
    if s.partial > 0 {
        said.push(format!(
            "{} read only up to the damage in a journal (marked partial)",
            plural(s.partial, "session")
        ));
    }
    Err(Failure {
        code: SOME_SKIPPED,
        message: said.join("; "),
    })
}

/// `convene review … --export dataset|parquet|sqlite|xlsx -o OUT`: the research dataset,
/// written as the sessions are read, a batch at a time, so memory does not grow with the corpus.
fn review_tidy(
    args: &ReviewArgs,
    filter: &crate::review::Filter,
    format: TidyFormat,
    out: &mut Stdout,
) -> Outcome {
    let Some(path) = &args.output else {
        return Err(Failure::usage(format!(
            "the {} needs -o {}",
            format.label(),
            if format.is_folder() { "FOLDER" } else { "FILE" }
        )));
    };
    if args.keep_copies {
        return Err(Failure::usage(
            "--keep-copies cannot go with the research dataset: copies share every id, and the \
             dataset holds each session once",
        ));
    }
    // Refused now, before anything is read: nothing changes.
    let mut export = TidyExport::create(format, path, args.force)?;
    let options = crate::export::Options {
        include_sensitive: args.include_sensitive,
        anonymise: args.anonymise,
    };
    let whole = filter.is_empty();
    let streamed = stream_filtered(args, filter, &mut |library, rows| {
        library
            .each_source(if whole { None } else { Some(rows) }, &options, &mut |s| {
                export.add(s)
            })
            .map_err(Failure::from)
    })?;
    use crate::dataset::Table;
    let counts = [
        (Table::Notes, "note"),
        (Table::Themes, "theme"),
        (Table::Votes, "vote"),
        (Table::Recommendations, "recommendation"),
        (Table::Commitments, "commitment"),
        (Table::Responses, "response"),
    ]
    .map(|(t, word)| plural(export.count(t), word));
    let sessions = export.count(Table::Sessions);
    let about = format!(
        "Exported from {} by convene {}{}.",
        plural(sessions, "session"),
        env!("CARGO_PKG_VERSION"),
        if whole {
            String::new()
        } else {
            " with filters on the notes".to_string()
        }
    );
    export.finish(&about)?;
    say(&format!(
        "wrote {}: {} to {} ({})",
        plural(sessions, "session"),
        counts.join(", "),
        path.display(),
        format.label()
    ));
    writeln!(out, "{}", one_line(&path.display().to_string()))?;
    streamed_outcome(&streamed)
}

/// `convene review … --export jsonl`: one note per line, written as the sessions are read.
fn review_jsonl(args: &ReviewArgs, filter: &crate::review::Filter, out: &mut Stdout) -> Outcome {
    let options = crate::export::Options {
        include_sensitive: args.include_sensitive,
        anonymise: args.anonymise,
    };
    let mut notes = 0;
    let streamed;
    match &args.output {
        Some(path) => {
            let mut staged = crate::store::Staged::file(path, args.force)?;
            let file = staged.take_file().expect("a staged file has its handle");
            let mut w = std::io::BufWriter::new(file);
            streamed = stream_filtered(args, filter, &mut |library, rows| {
                notes += rows.len();
                library
                    .jsonl(rows, &options, &mut w)
                    .map_err(|e| crate::store::StoreError::io(path, "write", e).into())
            })?;
            w.into_inner()
                .map_err(|e| crate::store::StoreError::io(path, "write", e.into_error()))?;
            staged.commit()?;
            say(&format!(
                "wrote {} from {} to {}",
                plural(notes, "note"),
                plural(streamed.sessions, "session"),
                path.display()
            ));
            writeln!(out, "{}", one_line(&path.display().to_string()))?;
        }
        None => {
            streamed = stream_filtered(args, filter, &mut |library, rows| {
                let mut bytes = Vec::new();
                library.jsonl(rows, &options, &mut bytes)?;
                out.data(&bytes)?;
                Ok(())
            })?;
        }
    }
    streamed_outcome(&streamed)
}

/// `convene review … --actions`: every promise not yet closed across the sessions read, oldest
/// first (the longest outstanding is the one to chase; the owner is on every entry, and the CSV
/// sorts by owner as easily). Broken links between follow-ups are warnings, never fatal; the
/// exit status is the review's (3 when files were skipped).
fn review_actions(args: &ReviewArgs, out: &mut Stdout) -> Outcome {
    use crate::review::{Library, Lineage, broken_links};
    let library = Library::open_keeping(&args.paths, false, &mut |_| {});
    report_skipped(&library);
    if library.sessions().is_empty() {
        return review_outcome(&library);
    }
    let sessions: Vec<&crate::model::Session> =
        library.sessions().iter().map(|l| &l.session).collect();
    for broken in broken_links(sessions.iter().copied()) {
        let path = library
            .sessions()
            .iter()
            .find(|l| l.session.uuid == broken.follow_up)
            .map(|l| l.path.display().to_string())
            .unwrap_or_default();
        say(&format!(
            "warning: {}: {}",
            one_line(&path),
            one_line(&broken.describe())
        ));
    }
    let lineage = Lineage::build(sessions.iter().copied());
    let as_of = args.as_of.unwrap_or_else(|| jiff::Zoned::now().date());
    let actions: Vec<Action> = lineage
        .open()
        .map(|t| Action::of(t, &lineage, as_of, args.include_sensitive))
        .collect();
    match args.format.unwrap_or(ActionsFormat::Text) {
        ActionsFormat::Text => write!(out, "{}", actions_text(&actions, sessions.len(), as_of))?,
        ActionsFormat::Csv => {
            let rows = actions_rows(&actions);
            let text = if args.csv_raw {
                crate::export::write_rows_raw(&rows)
            } else {
                crate::export::write_rows(&rows)
            };
            out.data(text.as_bytes())?;
        }
        ActionsFormat::Json => {
            let json = serde_json::to_string_pretty(&actions_json(&actions, as_of))
                .expect("JSON values always serialise");
            out.data(escape_json(&json).as_bytes())?;
            out.data(b"\n")?;
        }
    }
    review_outcome(&library)
}

/// One open promise as `--actions` reports it.
struct Action<'a> {
    thread: &'a crate::review::Thread,
    /// Its words, or a placeholder when it quotes a sensitive note left out.
    text: String,
    /// A commitment's recommendation, when known.
    towards: Option<&'a str>,
    age_days: i64,
    overdue: bool,
}

/// What stands for a promise that quotes a note marked sensitive.
const SENSITIVE: &str = "[quotes a note marked sensitive; --include-sensitive shows it]";

impl<'a> Action<'a> {
    fn of(
        thread: &'a crate::review::Thread,
        lineage: &'a crate::review::Lineage,
        as_of: jiff::civil::Date,
        include_sensitive: bool,
    ) -> Action<'a> {
        let item = &thread.item;
        let hidden = item.sensitive && !include_sensitive;
        Action {
            thread,
            text: if hidden {
                SENSITIVE.to_string()
            } else {
                item.text.clone()
            },
            towards: item
                .parent
                .and_then(|p| lineage.thread(p))
                .map(|p| p.item.text.as_str()),
            age_days: item.age_days(as_of),
            overdue: thread.is_overdue(as_of),
        }
    }

    fn reply(&self) -> &str {
        if self.text == SENSITIVE {
            ""
        } else {
            &self.thread.item.reply
        }
    }
}

/// "1 day", "232 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// The text `--actions` prints: a heading, then each promise in a short block.
fn actions_text(actions: &[Action], sessions: usize, as_of: jiff::civil::Date) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let overdue = actions.iter().filter(|a| a.overdue).count();
    let _ = writeln!(
        o,
        "{} across {}, as of {as_of}{}",
        plural(actions.len(), "open promise"),
        plural(sessions, "session"),
        match (actions.len(), overdue) {
            (0, _) => String::new(),
            (_, 0) => "; none overdue; oldest first".to_string(),
            (_, n) => format!("; {n} overdue; oldest first"),
        }
    );
    for a in actions {
        let t = a.thread;
        let item = &t.item;
        let status = t.status();
        let due = match item.due {
            Some(d) if a.overdue => format!(" · ⚠ OVERDUE (due {d})"),
            Some(d) => format!(" · due {d}"),
            None => " · no due date".to_string(),
        };
        let _ = writeln!(
            o,
            "\n{} {} · {} · {} old{due}",
            status.symbol(),
            status.label(),
            item.kind.label(),
            days(a.age_days),
        );
        let _ = writeln!(o, "  {}", one_line(&a.text));
        if let Some(rec) = a.towards {
            let _ = writeln!(o, "  towards: {}", one_line(rec));
        }
        if !a.reply().is_empty() {
            let _ = writeln!(o, "  reply: {}", one_line(a.reply()));
        }
        let owner = if item.owner.trim().is_empty() {
            "no owner named".to_string()
        } else {
            one_line(&item.owner).into_owned()
        };
        let _ = writeln!(o, "  owner: {owner}");
        let _ = writeln!(
            o,
            "  made at “{}” ({})",
            one_line(&item.made_title),
            item.made_on
        );
        if let Some(last) = t.last_seen().filter(|l| !l.made_here) {
            let title = if last.title.is_empty() {
                "a workshop not read".to_string()
            } else {
                format!("“{}”", one_line(&last.title))
            };
            let done = if last.done.trim().is_empty() || a.text == SENSITIVE {
                String::new()
            } else {
                format!(": {}", one_line(&last.done))
            };
            let _ = writeln!(
                o,
                "  last recorded at {title} ({}) as {}{done}",
                last.date,
                last.status.label()
            );
        } else {
            let _ = writeln!(o, "  not yet followed up");
        }
    }
    o
}

/// The CSV of `--actions`: a header, then one row per promise.
fn actions_rows(actions: &[Action]) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "item_id",
            "kind",
            "status",
            "overdue",
            "due",
            "age_days",
            "owner",
            "text",
            "reply",
            "made_in_session_id",
            "made_in_title",
            "made_on",
            "last_session_id",
            "last_title",
            "last_date",
            "last_done",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for a in actions {
        let t = a.thread;
        let item = &t.item;
        let last = t.last_seen().filter(|l| !l.made_here);
        rows.push(vec![
            item.id.to_string(),
            item.kind.label().to_string(),
            t.status().label().to_string(),
            a.overdue.to_string(),
            item.due.map(|d| d.to_string()).unwrap_or_default(),
            a.age_days.to_string(),
            item.owner.clone(),
            a.text.clone(),
            a.reply().to_string(),
            item.made_in.to_string(),
            item.made_title.clone(),
            item.made_on.to_string(),
            last.map(|l| l.session.to_string()).unwrap_or_default(),
            last.map(|l| l.title.clone()).unwrap_or_default(),
            last.map(|l| l.date.to_string()).unwrap_or_default(),
            last.filter(|_| a.text != SENSITIVE)
                .map(|l| l.done.clone())
                .unwrap_or_default(),
        ]);
    }
    rows
}

/// The JSON of `--actions`: the day counted to and the promises, each with its every stage.
fn actions_json(actions: &[Action], as_of: jiff::civil::Date) -> serde_json::Value {
    use serde_json::json;
    let promises: Vec<serde_json::Value> = actions
        .iter()
        .map(|a| {
            let t = a.thread;
            let item = &t.item;
            let hidden = a.text == SENSITIVE;
            json!({
                "item_id": item.id.to_string(),
                "kind": item.kind.label(),
                "status": t.status().label(),
                "overdue": a.overdue,
                "due": item.due.map(|d| d.to_string()),
                "age_days": a.age_days,
                "owner": item.owner,
                "text": a.text,
                "reply": a.reply(),
                "towards": a.towards,
                "made_in": {
                    "session_id": item.made_in.to_string(),
                    "title": item.made_title,
                    "date": item.made_on.to_string(),
                },
                "stages": t.stages.iter().map(|s| json!({
                    "session_id": s.session.to_string(),
                    "title": s.title,
                    "date": s.date.to_string(),
                    "made_here": s.made_here,
                    "status": s.status.label(),
                    "done": if hidden { "" } else { s.done.as_str() },
                    "overdue": s.overdue,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "as_of": as_of.to_string(), "promises": promises })
}
