//! Benchmarks for the store: one durable change, snapshot save and load of a large session, a
//! bare append + fsync as a same-run baseline, replaying journals of 10,000 to 1,000,000
//! entries (the cost per entry must stay flat), and importing 100,000 spreadsheet rows.
//!
//! Run with `cargo bench --bench store` (or `-- replay`, `-- import` for one group). Files go
//! in a temporary folder under the target directory, so on the same disk as the project.
//! Medians are in `target/criterion/<group>/<bench>/new/estimates.json`.

use convene::framework::Framework;
use convene::model::{
    Change, NoteId, NoteKind, Origin, Session, Stakeholder, TableId, Theme, ThemeId,
};
use convene::store::{self, SessionFile, SessionStore};
use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// A small fixed-seed generator, so every run benchmarks the same session.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

const WORDS: &[&str] = &[
    "bus",
    "pass",
    "interview",
    "employer",
    "flexible",
    "hours",
    "childcare",
    "training",
    "mentor",
    "confidence",
    "barrier",
    "support",
    "disability",
    "benefits",
    "council",
    "local",
    "apprenticeship",
    "transport",
    "evening",
    "shift",
    "language",
    "café",
    "voluntary",
    "lived",
    "experience",
    "trauma",
    "safe",
    "trust",
    "referral",
    "digital",
    "skills",
    "wage",
    "rent",
    "“quoted”",
    "日本",
    "🚌",
    "we",
    "need",
    "more",
    "the",
    "and",
    "for",
    "with",
    "without",
];

/// Note-like text of 60–200 characters.
fn sentence(rng: &mut Rng) -> String {
    let target = 60 + rng.below(141) as usize;
    let mut out = String::new();
    while out.chars().count() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    out.chars()
        .take(target)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// A realistic large session: 12 tables, 30 themes, `notes` notes (most placed in themes,
/// some tagged and flagged) and every table's votes, all made through `Session::apply`.
fn large_session(notes: usize) -> Session {
    let mut rng = Rng(0xC0FF_EE00_1234_5678);
    let mut s = Session::new(
        "Inclusive work in Riverside",
        jiff::civil::date(2026, 11, 23),
        Framework::default_framework(),
        "2026-11-23T09:00:00Z".parse().unwrap(),
    );
    for i in 0..12 {
        let mix = vec![Stakeholder::ALL[i % 8], Stakeholder::ALL[(i + 3) % 8]];
        let t = s.next_table(None, mix);
        s.apply(Change::AddTable(t)).unwrap();
    }
    let principles: Vec<String> = s.framework.principles().map(|p| p.id.clone()).collect();
    for i in 0..30 {
        let theme = Theme {
            id: ThemeId(s.next_ids.theme),
            label: format!("Theme {i}: {}", sentence(&mut rng)),
            origin: if i % 3 == 0 {
                Origin::Suggested
            } else {
                Origin::Person
            },
            step: Some(principles[i % principles.len()].clone()),
            description: String::new(),
        };
        s.apply(Change::AddTheme(theme)).unwrap();
    }
    let mut at: jiff::Timestamp = "2026-11-23T09:30:00Z".parse().unwrap();
    for i in 0..notes {
        at += jiff::SignedDuration::from_secs(1);
        let table = TableId(1 + rng.below(12) as u32);
        let step = &principles[rng.below(principles.len() as u64) as usize];
        let kind = NoteKind::ALL[rng.below(5) as usize];
        let mut n = s.next_note(table, step, kind, sentence(&mut rng), at);
        if i % 7 == 0 {
            n.tags = vec!["transport".into(), "access".into()];
        }
        n.lived_experience = i % 11 == 0;
        n.sensitive = i % 23 == 0;
        let id = n.id;
        s.apply(Change::AddNote(n)).unwrap();
        if rng.below(4) != 0 {
            s.apply(Change::PlaceNote {
                note: id,
                theme: Some(ThemeId(1 + rng.below(30) as u32)),
                by: Some(Origin::Person),
            })
            .unwrap();
        }
    }
    for table in 1..=12 {
        for _ in 0..3 {
            let theme = ThemeId(1 + rng.below(30) as u32);
            let dots = s.dots(TableId(table), theme) + 1;
            s.apply(Change::SetVotes {
                table: TableId(table),
                theme,
                dots,
            })
            .unwrap();
        }
    }
    assert!(s.problems().is_empty());
    s
}

fn bench_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("convene-bench-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

/// (a) One durable change: `SessionFile::commit` of an AddNote (journal append + fsync).
fn durable_change(c: &mut Criterion) {
    let dir = bench_dir();
    let path = dir.path().join("bench.ron");
    let mut file = SessionFile::create(&path, large_session(0)).unwrap();
    let mut rng = Rng(7);
    let mut since_save = 0usize;
    let mut group = c.benchmark_group("durable");
    group.bench_function("commit_add_note", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                // Stay below the automatic snapshot, which is measured on its own below.
                if since_save >= store::SNAPSHOT_EVERY - 10 {
                    file.save().unwrap();
                    since_save = 0;
                }
                let s = file.session();
                let note = s.next_note(
                    TableId(1 + (i % 12) as u32),
                    "person-centred",
                    NoteKind::Idea,
                    sentence(&mut rng),
                    jiff::Timestamp::now(),
                );
                let change = Change::AddNote(note);
                let t = Instant::now();
                black_box(file.commit(change).unwrap());
                total += t.elapsed();
                since_save += 1;
            }
            total
        })
    });
    // (c) Same disk, same run: a bare 300-byte append and fsync, the floor for (a).
    let raw = dir.path().join("raw.log");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&raw)
        .unwrap();
    let line = [b'x'; 299]
        .iter()
        .copied()
        .chain([b'\n'])
        .collect::<Vec<u8>>();
    group.bench_function("baseline_write_sync_300b", |b| {
        b.iter(|| {
            f.write_all(black_box(&line)).unwrap();
            f.sync_data().unwrap();
        })
    });
    group.finish();
}

/// (b) Save and load of a 5,000-note session.
fn snapshot(c: &mut Criterion) {
    let s = large_session(5_000);
    let text = store::to_ron(&s);
    let dir = bench_dir();
    let path = dir.path().join("large.ron");
    store::write_snapshot(&path, &s).unwrap();
    eprintln!(
        "large session: {} notes, {} tables, {} themes, {} votes; file {} KiB",
        s.notes.len(),
        s.tables.len(),
        s.themes.len(),
        s.votes.len(),
        text.len() / 1024
    );
    let mut group = c.benchmark_group("snapshot_5000_notes");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.bench_function("write_snapshot", |b| {
        b.iter(|| store::write_snapshot(black_box(&path), black_box(&s)).unwrap())
    });
    group.bench_function("load", |b| {
        b.iter(|| black_box(store::load(black_box(&path)).unwrap()))
    });
    group.bench_function("to_ron_in_memory", |b| {
        b.iter(|| black_box(store::to_ron(black_box(&s))))
    });
    group.bench_function("parse_in_memory", |b| {
        b.iter(|| black_box(store::parse(black_box(text.as_bytes())).unwrap()))
    });
    // The commit that crosses the threshold also writes the snapshot: the worst single change.
    group.bench_function("commit_with_auto_snapshot", |b| {
        b.iter_batched(
            || prepared_at_threshold(dir.path(), &s),
            |mut file| {
                let s = file.session();
                let note = s.next_note(
                    TableId(1),
                    "person-centred",
                    NoteKind::Idea,
                    "the one that triggers a snapshot",
                    jiff::Timestamp::now(),
                );
                file.commit(Change::AddNote(note)).unwrap();
                file
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    assert_eq!(store::load(&path).unwrap().session, s);
}

/// A session file whose journal is one entry short of the automatic snapshot.
fn prepared_at_threshold(dir: &Path, s: &Session) -> SessionFile {
    let path = dir.join("threshold.ron");
    for p in [
        path.clone(),
        store::backup_path(&path),
        convene::store::journal::journal_path(&path),
    ] {
        let _ = std::fs::remove_file(p);
    }
    store::write_snapshot(&path, s).unwrap();
    // Fill the journal without an fsync per line: the setup is not what is measured.
    let mut session = s.clone();
    let mut lines = String::new();
    for i in 0..store::SNAPSHOT_EVERY - 1 {
        let change = Change::EditNote {
            id: NoteId(1 + (i % 100) as u32),
            text: format!("edited {i}"),
        };
        session.apply(change.clone()).unwrap();
        let entry = convene::store::journal::Entry {
            seq: session.revision,
            at: jiff::Timestamp::now(),
            change,
        };
        lines.push_str(&serde_json::to_string(&entry).unwrap());
        lines.push('\n');
    }
    std::fs::write(convene::store::journal::journal_path(&path), lines).unwrap();
    SessionFile::open(&path).unwrap()
}

/// A session file (12 tables, 30 themes, no notes) whose journal adds `entries` notes, as
/// `convene add` or the facilitator's screen write it. Written without an fsync per line.
fn journaled(dir: &Path, entries: usize) -> std::path::PathBuf {
    let path = dir.join(format!("journal-{entries}.ron"));
    let mut s = large_session(0);
    store::write_snapshot(&path, &s).unwrap();
    let mut rng = Rng(entries as u64 | 1);
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(convene::store::journal::journal_path(&path)).unwrap(),
    );
    let mut at: jiff::Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
    for i in 0..entries {
        at += jiff::SignedDuration::from_millis(250);
        let note = s.next_note(
            TableId(1 + (i % 12) as u32),
            "person-centred",
            NoteKind::ALL[i % 5],
            sentence(&mut rng),
            at,
        );
        let change = Change::AddNote(note);
        // Keep the ids moving as the real writer does, without keeping every note in memory.
        s.next_ids.note += 1;
        s.revision += 1;
        let entry = convene::store::journal::Entry {
            seq: s.revision,
            at,
            change,
        };
        serde_json::to_writer(&mut out, &entry).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    path
}

/// (d) Replaying a journal: what `check`, `show`, `open`, `add` and `review` do with the entries
/// newer than the snapshot. Reported per entry, which must not grow with the journal.
fn replay(c: &mut Criterion) {
    let dir = bench_dir();
    let mut group = c.benchmark_group("replay");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    for entries in [10_000, 100_000, 1_000_000] {
        let path = journaled(dir.path(), entries);
        let bytes = std::fs::metadata(convene::store::journal::journal_path(&path))
            .unwrap()
            .len();
        eprintln!(
            "journal of {entries} entries: {} MiB",
            bytes / (1024 * 1024)
        );
        group.throughput(Throughput::Elements(entries as u64));
        group.measurement_time(Duration::from_secs(if entries >= 1_000_000 {
            30
        } else {
            8
        }));
        group.bench_function(format!("load_{entries}_entries"), |b| {
            b.iter(|| {
                let loaded = store::load(black_box(&path)).unwrap();
                assert_eq!(loaded.replayed, entries);
                black_box(loaded)
            })
        });
        let _ = std::fs::remove_file(convene::store::journal::journal_path(&path));
    }
    group.finish();
}

/// (e) `convene import` of a spreadsheet of 100,000 notes on 12 tables and 6 steps: reading the
/// CSV, checking every row, and writing the new session.
fn import(c: &mut Criterion) {
    let dir = bench_dir();
    let csv = dir.path().join("notes.csv");
    let mut rng = Rng(11);
    let mut text = String::from("text,table,step,kind\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "\"{}\",{},{},{}\n",
            sentence(&mut rng).replace('"', "\"\""),
            (b'A' + (i % 12) as u8) as char,
            2 + i % 6,
            NoteKind::ALL[i % 5].label()
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let out = dir.path().join("imported.ron");
    let args = convene::cli::ImportArgs {
        input: csv,
        output: out.clone(),
        force: false,
        text_column: "text".into(),
        table_column: "table".into(),
        step_column: "step".into(),
        kind_column: "kind".into(),
        framework: convene::framework::DEFAULT_ID.into(),
    };
    let mut group = c.benchmark_group("import");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(100_000));
    group.bench_function("csv_100000_rows", |b| {
        b.iter_batched(
            || {
                for p in [
                    out.clone(),
                    convene::store::journal::journal_path(&out),
                    store::lock_path(&out),
                ] {
                    let _ = std::fs::remove_file(p);
                }
            },
            |()| {
                let mut sink = Vec::new();
                convene::cli::import(&args, &mut sink).unwrap();
                black_box(sink)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    // Unless the benchmark was filtered out: then nothing was imported.
    if out.exists() {
        assert_eq!(store::load(&out).unwrap().session.notes.len(), 100_000);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
        .sample_size(30);
    targets = durable_change, snapshot, replay, import
}
criterion_main!(benches);
