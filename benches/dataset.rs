//! Benchmarks for the research dataset's containers: a corpus of 1,000 generated sessions of
//! 100 notes (100,000 notes) written to a CSV folder, Parquet, SQLite and an Excel workbook,
//! sessions generated one at a time as an export reads them, beside generating and emitting
//! alone (the baseline the containers add to).
//!
//! `cargo bench --bench dataset` runs the criterion groups. With `DATASET_NOTES` set (e.g.
//! `DATASET_NOTES=10000000 cargo bench --bench dataset`) it instead writes that many notes
//! (100 a session) to Parquet and then to SQLite, each in a process of its own so that each
//! peak of memory is its own, and prints for each the time, notes a second, the size written
//! and the peak resident memory, which must stay under 500 MB whatever the number of notes.
//! `DATASET_CONTAINERS=parquet,sqlite,csv` picks the containers of that run.
//!
//! Files go in a temporary folder under the target directory, so on the same disk as the
//! project.

use convene::dataset::{
    CsvFolder, DatasetError, ParquetFolder, Sink, Source, SqliteFile, Table, Value, XlsxFile, emit,
};
use convene::model::NoteId;
use convene::review::sample::session;
use criterion::{Criterion, SamplingMode, Throughput};
use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const SESSIONS: usize = 1_000;
const NOTES_PER_SESSION: usize = 100;
/// The most a scale run may hold in memory.
const PEAK_LIMIT_MB: f64 = 500.0;

/// Takes rows and keeps nothing: what generating and emitting cost alone.
struct Discard;

impl Sink for Discard {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError> {
        black_box((table, row));
        Ok(())
    }
}

/// Generates `sessions` sessions one at a time and emits each into `sink`.
fn write_corpus(sessions: usize, sink: &mut dyn Sink) -> Result<(), DatasetError> {
    let journal: HashSet<NoteId> = HashSet::new();
    for n in 0..sessions {
        let s = session(n, NOTES_PER_SESSION);
        emit(&Source::whole(&s, &journal), sink)?;
    }
    Ok(())
}

fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("dataset-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("a temporary folder")
}

/// Which container a run writes.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Csv,
    Parquet,
    Sqlite,
    Xlsx,
}

impl Kind {
    fn named(name: &str) -> Option<Kind> {
        match name {
            "csv" => Some(Kind::Csv),
            "parquet" => Some(Kind::Parquet),
            "sqlite" => Some(Kind::Sqlite),
            "xlsx" => Some(Kind::Xlsx),
            _ => None,
        }
    }

    /// Writes `sessions` sessions into `dir`; returns what was written (a folder or a file).
    fn write(self, sessions: usize, dir: &Path) -> Result<std::path::PathBuf, DatasetError> {
        let about = "Generated sessions.";
        match self {
            Kind::Csv => {
                let out = dir.join("csv");
                std::fs::create_dir(&out).unwrap();
                let mut sink = CsvFolder::create(&out, true)?;
                write_corpus(sessions, &mut sink)?;
                sink.finish(about)?;
                Ok(out)
            }
            Kind::Parquet => {
                let out = dir.join("parquet");
                std::fs::create_dir(&out).unwrap();
                let mut sink = ParquetFolder::create(&out)?;
                write_corpus(sessions, &mut sink)?;
                sink.finish(about)?;
                Ok(out)
            }
            Kind::Sqlite => {
                let out = dir.join("dataset.sqlite");
                let mut sink = SqliteFile::create(&out)?;
                write_corpus(sessions, &mut sink)?;
                sink.finish()?;
                Ok(out)
            }
            Kind::Xlsx => {
                let out = dir.join("dataset.xlsx");
                let mut sink = XlsxFile::create(&out)?;
                write_corpus(sessions, &mut sink)?;
                sink.finish()?;
                Ok(out)
            }
        }
    }
}

fn containers(c: &mut Criterion) {
    let mut group = c.benchmark_group("dataset");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements((SESSIONS * NOTES_PER_SESSION) as u64));
    group.bench_function("generate_and_emit_100k_notes", |b| {
        b.iter(|| write_corpus(SESSIONS, &mut Discard).unwrap())
    });
    for kind in [Kind::Csv, Kind::Parquet, Kind::Sqlite, Kind::Xlsx] {
        let name = format!("{}_100k_notes", format!("{kind:?}").to_lowercase());
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let dir = scratch();
                    let start = Instant::now();
                    black_box(kind.write(SESSIONS, dir.path()).unwrap());
                    total += start.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

/// The bytes under `path` (a file, or a folder's files).
fn size(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| size(&e.unwrap().path()))
            .sum()
    } else {
        std::fs::metadata(path).unwrap().len()
    }
}

/// The peak resident memory of this process so far, in MB.
fn peak_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(ok, 0, "getrusage");
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

/// One container at scale, in this process: prints one line of figures.
fn scale_one(kind: Kind, notes: usize) {
    let sessions = notes.div_ceil(NOTES_PER_SESSION);
    let dir = scratch();
    let start = Instant::now();
    let out = kind.write(sessions, dir.path()).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let peak = peak_mb();
    let written = sessions * NOTES_PER_SESSION;
    println!(
        "{:8} {:>11} notes in {:>7.1} s  {:>9.0} notes/s  {:>8.1} MB written  peak memory {:>6.1} MB",
        format!("{kind:?}").to_lowercase(),
        written,
        seconds,
        written as f64 / seconds,
        size(&out) as f64 / 1e6,
        peak
    );
    assert!(
        peak <= PEAK_LIMIT_MB,
        "{kind:?}: peak memory {peak:.1} MB is over {PEAK_LIMIT_MB} MB"
    );
}

/// Every container asked for at scale, each in a child process (this program again) so that
/// each has its own peak of memory.
fn scale(notes: usize) {
    let names = std::env::var("DATASET_CONTAINERS").unwrap_or_else(|_| "parquet,sqlite".into());
    println!(
        "writing {notes} notes ({} sessions of {NOTES_PER_SESSION}), generated one session at a time",
        notes.div_ceil(NOTES_PER_SESSION)
    );
    for name in names.split(',').map(str::trim) {
        Kind::named(name).unwrap_or_else(|| panic!("no container called {name}"));
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .env("DATASET_CONTAINER", name)
            .status()
            .unwrap();
        assert!(status.success(), "{name}: {status}");
    }
}

fn main() {
    if let Ok(notes) = std::env::var("DATASET_NOTES") {
        let notes: usize = notes
            .replace('_', "")
            .parse()
            .expect("DATASET_NOTES: a number");
        match std::env::var("DATASET_CONTAINER") {
            Ok(name) => scale_one(Kind::named(&name).expect("a container"), notes),
            Err(_) => scale(notes),
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    containers(&mut c);
    c.final_summary();
}
