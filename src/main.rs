//! The `convene` command: parses the command line and hands each subcommand to the library.

use clap::Parser;
use convene::cli::{self, Cli, Command};
use convene::terminal_text::{one_line, visible};
use std::io::IsTerminal;

fn main() {
    let args = parse();
    let dir = cli::sessions_dir(args.dir.as_deref());
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut lock = stdout.lock();
    let mut out = cli::Stdout::new(&mut lock, terminal);
    let result = match &args.command {
        Some(Command::New(a)) => cli::new(a, &dir, &mut out),
        Some(Command::Add(a)) => cli::add(a, &mut out),
        Some(Command::Progress(a)) => cli::progress(a, &mut out),
        Some(Command::Check { files }) => cli::check(files, &mut out),
        Some(Command::Show { file, json }) => cli::show(file, *json, &mut out),
        Some(Command::Frameworks) => cli::frameworks(&mut out),
        Some(Command::Export(a)) => cli::export(a, &mut out),
        Some(Command::Review(a)) if cli::review_opens_browser(a) => review_browser(a),
        Some(Command::Review(a)) => cli::review(a, &mut out),
        Some(Command::Import(a)) => {
            cli::import_with(&a.args, a.step.as_deref(), a.principle, &mut out)
        }
        Some(Command::Cluster(a)) => cli::cluster(a, &mut out),
        Some(Command::Open {
            file,
            read_only,
            share,
            moderate,
        }) => open(file, *read_only, share.as_deref(), *moderate, &dir),
        Some(Command::Serve(a)) => cli::serve(a, &mut out),
        Some(Command::Wall { file }) => cli::wall(file),
        None => cli::needs_terminal(cli::Screen::Start)
            .and_then(|()| convene::tui::run_start(dir.clone()).map_err(screen_failure)),
    };
    let result = result.and_then(|()| out.finish().map_err(cli::Failure::from));
    if let Err(failure) = result {
        let _ = out.finish();
        if !failure.message.is_empty() {
            // Messages quote file names and file contents: nothing in them may drive the terminal.
            eprintln!("convene: {}", one_line(&failure.message));
        }
        std::process::exit(failure.code);
    }
}

/// The command line, or clap's message and exit code. A message that quotes something typed
/// with control characters in it is printed without colour, the characters made visible.
fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let plain = e.render().to_string();
            if visible(&plain) == plain {
                e.exit();
            }
            eprint!("{}", visible(&plain));
            std::process::exit(e.exit_code());
        }
    }
}

/// `convene open FILE`: the facilitator's screen on one session, at the step it was left on.
/// Without a terminal it is refused before the file is read or locked.
fn open(
    file: &std::path::Path,
    read_only: bool,
    share: Option<&str>,
    moderate: bool,
    dir: &std::path::Path,
) -> cli::Outcome {
    cli::needs_terminal(cli::Screen::Session)?;
    // `--share` alone: the default address; `--share ADDR:PORT`: that one.
    let share = match share {
        None => None,
        Some("") => Some(None),
        Some(text) => Some(Some(
            convene::share::addr::parse_bind(text).map_err(cli::Failure::usage)?,
        )),
    };
    if share.is_some() && read_only {
        return Err(cli::Failure::usage(
            "--share needs the session open for writing: the room's notes are saved into it",
        ));
    }
    let store = if read_only {
        convene::store::SessionFile::open_read_only(file)
    } else {
        convene::store::SessionFile::open(file)
    }
    .map_err(|e| cli::Failure {
        code: e.exit_code(),
        message: e.to_string(),
    })?;
    let notices = store.warnings().to_vec();
    let share = share.map(|bind| convene::tui::Sharing { bind, moderate });
    convene::tui::run_session(Box::new(store), dir.to_path_buf(), notices, share)
        .map_err(screen_failure)
}

/// `convene review PATH…` on a terminal: the read-only browser; skipped files are listed on
/// standard error afterwards and set the exit code, as for the summary.
fn review_browser(args: &cli::ReviewArgs) -> cli::Outcome {
    let filter = cli::review_filter(args)?;
    let ended =
        convene::tui::review::run(&args.paths, filter, args.keep_copies).map_err(screen_failure)?;
    match ended.library {
        Some(library) => {
            cli::report_skipped(&library);
            cli::review_outcome(&library)
        }
        None => Ok(()), // quit while loading
    }
}

fn screen_failure(e: anyhow::Error) -> cli::Failure {
    cli::Failure {
        code: 1,
        message: format!("{e:#}"),
    }
}
