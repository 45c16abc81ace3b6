//! `convene export`: one session as a summary (md, html) or data for analysis (csv, json, qdpx).

use super::{Failure, Outcome, Stdout, say};
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
