//! The `convene` command: parses the command line and hands each subcommand to the library.

use clap::Parser;
use convene::cli::{self, Cli, Command};

fn main() {
    let args = Cli::parse();
    let dir = cli::sessions_dir(args.dir.as_deref());
    let mut out = std::io::stdout().lock();
    let result = match &args.command {
        Some(Command::New(a)) => cli::new(a, &dir, &mut out),
        Some(Command::Add(a)) => cli::add(a, &mut out),
        Some(Command::Check { files }) => cli::check(files, &mut out),
        Some(Command::Show { file, json }) => cli::show(file, *json, &mut out),
        Some(Command::Frameworks) => cli::frameworks(&mut out),
        Some(Command::Import(a)) => cli::import(a, &mut out),
        Some(Command::Cluster(a)) => cli::cluster(a, &mut out),
        Some(Command::Open { .. }) | None => Err(cli::Failure::usage(
            "the facilitator's screen is not built yet; see `convene --help`",
        )),
    };
    if let Err(failure) = result {
        eprintln!("convene: {}", failure.message);
        std::process::exit(failure.code);
    }
}
