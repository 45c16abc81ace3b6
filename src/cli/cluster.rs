//! `convene cluster`: suggested themes for a session's notes, or for a CSV of notes.

use super::import::read_sheet;
use super::{Failure, Outcome, Stdout, say, step};
use crate::export::plural;
use crate::model::Change;
use crate::store::{self, SessionFile, SessionStore, output};
use crate::terminal_text::one_line;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(
    long_about = "Suggest themes: groups notes by meaning (a built-in sentence transformer, \
        all-MiniLM-L6-v2, for up to 3,000 notes; a small static model for larger corpora or \
        with --fast) and shared words (with a lexicon of the field's synonyms), names each group \
        with a phrase its notes share, and says why its notes belong together.\n\n\
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
    /// Only group notes written under this step: its number in the agenda or its id
    /// (session INPUT)
    #[arg(long, value_name = "N|ID", group = "which-step")]
    pub step: Option<String>,
    /// Or only notes under this principle, by its number among the principles (1 = the first
    /// principle, which is step 2 in the six principles) (session INPUT)
    #[arg(long, value_name = "N", group = "which-step")]
    pub principle: Option<usize>,
    /// Group the notes of each step apart: themes within each principle (session INPUT)
    #[arg(long, conflicts_with = "which-step")]
    pub each_step: bool,
    /// The static model only: no transformer, for speed (themes may be less apt)
    #[arg(long)]
    pub fast: bool,
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
        fast: args.fast,
        each_step: args.each_step,
        ..Options::default()
    })
}

/// Prints progress on stderr for runs long enough to need it: large corpora, and walls read
/// by the transformer.
fn progress_printer(
    total: usize,
    options: &crate::cluster::Options,
) -> impl FnMut(crate::cluster::Progress) + use<> {
    use crate::cluster::Progress;
    let transformer = options.mix_for(total).uses_transformer();
    let show = total >= 5000 || transformer && total >= 100;
    let mut last = String::new();
    let mut said = std::time::Instant::now();
    move |p: Progress| {
        if !show {
            return;
        }
        // Reading: a line a second, and the last one.
        if let Progress::Reading { done, total } = p
            && done < total
            && said.elapsed() < std::time::Duration::from_secs(1)
        {
            return;
        }
        let line = match p {
            Progress::Reading { done, total } if transformer => {
                format!("reading the meaning of notes {done}/{total}")
            }
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
            said = std::time::Instant::now();
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
    let result =
        crate::cluster::cluster_texts(&texts, options, &mut progress_printer(texts.len(), options));
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
    let summary = theme_summary(result.groups.iter().map(|g| Summary {
        label: &g.label,
        notes: g.members.len(),
        typical: texts[g.representative],
        why: g.why.summary(),
        step: None,
    }));
    if args.output.is_some() {
        write!(out, "{summary}")?;
    } else {
        eprint!("{}", crate::terminal_text::visible(&summary));
    }
    Ok(())
}

/// One theme as the summary lists it.
struct Summary<'a> {
    label: &'a str,
    notes: usize,
    /// The text of its most typical note.
    typical: &'a str,
    why: String,
    /// The step it belongs to, when themes were made within each step.
    step: Option<&'a str>,
}

fn theme_summary<'a>(themes: impl Iterator<Item = Summary<'a>>) -> String {
    let mut s = String::new();
    for (i, t) in themes.enumerate() {
        let step = t
            .step
            .map(|s| format!(" — in “{}”", one_line(s)))
            .unwrap_or_default();
        s.push_str(&format!(
            "{:>3}. {} — {}{step}\n     most typical: “{}”\n     {}\n",
            i + 1,
            one_line(t.label),
            plural(t.notes, "note"),
            one_line(&crate::cluster::names::opening(t.typical, 20, 100)),
            one_line(&t.why)
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
    if let Some(found) = step::chosen(
        &file.session().framework,
        args.step.as_deref(),
        args.principle,
    )? {
        options.step = Some(found.id.clone());
    }
    let session = file.session();
    let suggestions = cluster::suggest(
        session,
        &options,
        &mut progress_printer(session.notes.len(), &options),
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
    let summary = theme_summary(suggestions.themes.iter().map(|t| {
        Summary {
            label: &t.label,
            notes: t.notes.len(),
            typical: session
                .note(t.representative)
                .filter(|n| !n.sensitive)
                .map_or("(a sensitive note)", |n| n.text.as_str()),
            why: t.why.summary(),
            step: t
                .step
                .as_deref()
                .filter(|_| options.each_step)
                .and_then(|id| session.framework.step(id))
                .map(|s| s.title.as_str()),
        }
    }));
    write!(out, "{summary}")?;
    writeln!(
        out,
        "{} suggested, {} kept as people made them, {} placed in kept themes, {} replaced",
        plural(suggestions.themes.len(), "theme"),
        suggestions.kept.len(),
        plural(suggestions.offers.len(), "note"),
        plural(suggestions.replaces.len(), "earlier suggestion")
    )?;
    if suggestions.themes.is_empty() && suggestions.offers.is_empty() {
        say(
            "no notes left to group here: each is in a theme people made or placed, or in an earlier suggestion that reaches into other steps (grouping all steps again replaces those)",
        );
    }
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
