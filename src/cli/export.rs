//! `convene export`: one session as a summary (md, html, docx) or data for analysis (csv, json,
//! qdpx).

use super::{Failure, Outcome, Stdout, say};
use crate::store::dataset::{TidyExport, TidyFormat};
use crate::store::output::{self, OutputError};
use crate::store::{self, StoreError};
use crate::terminal_text::one_line;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// More sessions, for "You said / We did" across a chain of linked workshops
    /// (yousaid-md, yousaid-html, yousaid-docx)
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,
    /// md: the workshop summary as Markdown; html: the same as one self-contained page; docx:
    /// the same as a Word document (headings, tables, charts); csv: one row per note (or theme,
    /// recommendation); json: the whole session; jsonl: one note per line; qdpx: a REFI-QDA
    /// project for NVivo, ATLAS.ti, MAXQDA or QualCoder; qdc: its codebook (the principles and
    /// themes) alone.
    /// The research dataset (tidy tables with global ids): dataset (a folder of CSV tables +
    /// datapackage.json), parquet (a folder of Parquet tables), sqlite, xlsx. docx, qdpx and
    /// the research dataset need -o.
    /// "You said / We did" (what was said, what was done, by whom, status), for one workshop or
    /// a chain of follow-ups given together: yousaid-md, yousaid-html, yousaid-docx (needs -o)
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// How "You said / We did" groups its rows
    #[arg(long, value_enum, default_value = "principle")]
    pub group_by: crate::export::GroupBy,
    /// Where to write it [default: standard output]. With --csv all, a folder
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace existing files at -o (never a session or the files beside one)
    #[arg(long)]
    pub force: bool,
    /// Which rows a CSV export holds
    #[arg(long, value_enum, default_value = "notes")]
    pub csv: CsvChoice,
    /// CSV cells exactly as written, without the guard that makes a cell starting with =, +, -
    /// or @ safe to open in a spreadsheet: for analysis tools (csv and dataset)
    #[arg(long)]
    pub csv_raw: bool,
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
    Docx,
    Csv,
    Json,
    Jsonl,
    Qdpx,
    Qdc,
    Dataset,
    Parquet,
    Sqlite,
    Xlsx,
    YousaidMd,
    YousaidHtml,
    YousaidDocx,
}

impl ExportFormat {
    /// A "You said / We did" document, which may cover several sessions.
    fn is_yousaid(self) -> bool {
        matches!(
            self,
            ExportFormat::YousaidMd | ExportFormat::YousaidHtml | ExportFormat::YousaidDocx
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvChoice {
    Notes,
    Themes,
    Recommendations,
    /// notes.csv, themes.csv and recommendations.csv in the folder given by -o
    All,
}

/// `convene export`. Files go through the output rule ([`output`]); checked before anything
/// is read, so a refused output changes nothing.
pub fn export(args: &ExportArgs, out: &mut Stdout) -> Outcome {
    use crate::export::{self, CsvTable, Options};
    if args.csv_raw && !matches!(args.format, ExportFormat::Csv | ExportFormat::Dataset) {
        return Err(Failure::usage(
            "--csv-raw goes with --format csv or --format dataset",
        ));
    }
    if !args.more.is_empty() && !args.format.is_yousaid() {
        return Err(Failure::usage(format!(
            "--format {} exports one session; several go with the yousaid formats, or use \
             `convene review` for a dataset of many",
            clap::ValueEnum::to_possible_value(&args.format)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default()
        )));
    }
    if args.format.is_yousaid() {
        return export_yousaid(args, out);
    }
    let tidy = match args.format {
        ExportFormat::Dataset => Some(TidyFormat::Dataset {
            guard: !args.csv_raw,
        }),
        ExportFormat::Parquet => Some(TidyFormat::Parquet),
        ExportFormat::Sqlite => Some(TidyFormat::Sqlite),
        ExportFormat::Xlsx => Some(TidyFormat::Xlsx),
        _ => None,
    };
    if let Some(format) = tidy {
        return export_tidy(args, format, out);
    }
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
    if args.format == ExportFormat::Docx && args.output.is_none() {
        return Err(Failure::usage(
            "--format docx writes a Word document; give a file with -o",
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
        (ExportFormat::Docx, _) => export::docx(session, &options).map_err(|e| Failure {
            code: 1,
            message: e.to_string(),
        })?,
        (ExportFormat::Csv, choice) => {
            let table = match choice {
                CsvChoice::Themes => CsvTable::Themes,
                CsvChoice::Recommendations => CsvTable::Recommendations,
                CsvChoice::Notes | CsvChoice::All => CsvTable::Notes,
            };
            if args.csv_raw {
                export::write_rows_raw(&export::csv_rows(session, &options, table)).into_bytes()
            } else {
                export::csv(session, &options, table).into_bytes()
            }
        }
        (ExportFormat::Json, _) => export::json(session, &options).into_bytes(),
        (ExportFormat::Jsonl, _) => {
            let library = crate::review::Library::from_sessions(vec![
                crate::review::LoadedSession::in_memory(&args.file, session.clone()),
            ]);
            let mut bytes = Vec::new();
            library.jsonl(&library.all(), &options, &mut bytes)?;
            bytes
        }
        (ExportFormat::Dataset | ExportFormat::Parquet, _)
        | (ExportFormat::Sqlite | ExportFormat::Xlsx, _) => unreachable!("written above"),
        (ExportFormat::Qdpx, _) => export::qdpx(std::slice::from_ref(session), &options),
        (ExportFormat::Qdc, _) => export::qdc(std::slice::from_ref(session), &options).into_bytes(),
        (ExportFormat::YousaidMd | ExportFormat::YousaidHtml | ExportFormat::YousaidDocx, _) => {
            unreachable!("written above")
        }
    };
    deliver(args, &bytes, out)
}

/// Writes an export's bytes to `-o` by the output rule (and prints the path), or to standard
/// output.
fn deliver(args: &ExportArgs, bytes: &[u8], out: &mut Stdout) -> Outcome {
    match &args.output {
        Some(path) => {
            output::write(path, bytes, args.force)?;
            writeln!(out, "{}", one_line(&path.display().to_string()))?;
        }
        None => out.data(bytes)?,
    }
    Ok(())
}

/// `convene export FILE [MORE…] --format yousaid-*`: "You said / We did" for one workshop or a
/// chain. Each file is read as a review reads it; a link to a previous workshop that is missing
/// or changed is reported on stderr and in the document, never fatal.
fn export_yousaid(args: &ExportArgs, out: &mut Stdout) -> Outcome {
    use crate::export::yousaid::{self, YouSaid, YouSaidOptions};
    if args.anonymise {
        return Err(Failure::usage(
            "--anonymise does not go with \"You said / We did\": it names who does what",
        ));
    }
    match &args.output {
        Some(path) => output::check(path, args.force)?,
        None if args.format == ExportFormat::YousaidDocx => {
            return Err(Failure::usage(
                "--format yousaid-docx writes a Word document; give a file with -o",
            ));
        }
        None => {}
    }
    let mut sessions = Vec::new();
    for path in std::iter::once(&args.file).chain(&args.more) {
        let loaded = store::load(path)?;
        for w in &loaded.warnings {
            say(&format!("warning: {w}"));
        }
        if let Some(f) = &loaded.session.follow_up
            && let Some(link) = store::link::previous(path, &loaded.session)
            && !link.is_intact()
        {
            say(&format!("warning: {}", link.describe(&f.previous)));
        }
        sessions.push(loaded.session);
    }
    let refs: Vec<&crate::model::Session> = sessions.iter().collect();
    let doc = YouSaid::build(
        &refs,
        &YouSaidOptions {
            include_sensitive: args.include_sensitive,
            group_by: args.group_by,
        },
    );
    let bytes = match args.format {
        ExportFormat::YousaidMd => yousaid::markdown(&doc).into_bytes(),
        ExportFormat::YousaidHtml => yousaid::html(&doc).into_bytes(),
        ExportFormat::YousaidDocx => {
            let created = refs.iter().map(|s| s.created).max().unwrap_or_default();
            crate::export::docx::yousaid::docx(&doc, created).map_err(|e| Failure {
                code: 1,
                message: e.to_string(),
            })?
        }
        _ => unreachable!("only yousaid formats come here"),
    };
    deliver(args, &bytes, out)
}

/// `convene export FILE --format dataset|parquet|sqlite|xlsx -o OUT`: one session as the
/// research dataset, read as a review reads it (snapshot and journal, nothing locked).
fn export_tidy(args: &ExportArgs, format: TidyFormat, out: &mut Stdout) -> Outcome {
    let Some(path) = &args.output else {
        return Err(Failure::usage(format!(
            "the {} needs -o {}",
            format.label(),
            if format.is_folder() { "FOLDER" } else { "FILE" }
        )));
    };
    let mut export = TidyExport::create(format, path, args.force)?;
    let loaded = store::review::read_session(&args.file)?;
    for w in &loaded.warnings {
        say(&format!("warning: {w}"));
    }
    if let Some(d) = &loaded.damage {
        say(&format!(
            "warning: {}; the damaged line: {}",
            d.what_is_shown(),
            d.message
        ));
    }
    let options = crate::export::Options {
        include_sensitive: args.include_sensitive,
        anonymise: args.anonymise,
    };
    let library = crate::review::Library::from_sessions(vec![loaded]);
    library.each_source(None, &options, &mut |s| export.add(s))?;
    let notes = export.count(crate::dataset::Table::Notes);
    export.finish(&format!(
        "Exported from one session by convene {}.",
        env!("CARGO_PKG_VERSION")
    ))?;
    say(&format!(
        "wrote {} to {} ({})",
        crate::export::plural(notes, "note"),
        path.display(),
        format.label()
    ));
    writeln!(out, "{}", one_line(&path.display().to_string()))?;
    Ok(())
}
