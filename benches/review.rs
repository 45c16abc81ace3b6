//! Review benchmarks: load and aggregate 1,000 session files of 100 notes each, and one filter or
//! search keystroke over the resulting 100,000 notes. Sessions are generated into a temporary
//! folder first (`convene::store::sample`).

use convene::model::NoteKind;
use convene::review::{Filter, Library};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const SESSIONS: usize = 1000;
const NOTES: usize = 100;

fn review(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    convene::store::sample::write_sessions(dir.path(), SESSIONS, NOTES)
        .expect("the sessions are written");
    let paths = vec![dir.path().to_path_buf()];

    let mut group = c.benchmark_group("review");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15));
    group.bench_function("load_and_aggregate_1000_sessions_x_100_notes", |b| {
        b.iter(|| {
            let library = Library::open(&paths, &mut |_| {});
            assert_eq!(library.rows().len(), SESSIONS * NOTES);
            let rows = library.filter(&Filter::default());
            let comparison = library.compare(&rows);
            let summary = library.summary(&rows);
            black_box((comparison, summary))
        })
    });
    group.finish();

    let library = Library::open(&paths, &mut |_| {});
    assert_eq!(library.rows().len(), SESSIONS * NOTES);
    let mut group = c.benchmark_group("review_100k_notes");
    group.sample_size(50);
    let search = Filter {
        search: "NIGHT shift".into(),
        ..Filter::default()
    };
    group.bench_function("search_two_words", |b| {
        b.iter(|| black_box(library.filter(black_box(&search))))
    });
    let combined = Filter {
        principle: Some("3".into()),
        kind: Some(NoteKind::Idea),
        tag: Some("care".into()),
        search: "pilot".into(),
        ..Filter::default()
    };
    group.bench_function("filter_principle_kind_tag_and_search", |b| {
        b.iter(|| black_box(library.filter(black_box(&combined))))
    });
    group.bench_function("no_filter", |b| {
        b.iter(|| black_box(library.filter(black_box(&Filter::default()))))
    });
    // A keystroke: filter, then the highlight ranges of the first screenful of matches.
    group.bench_function("keystroke_search_and_highlight_a_screenful", |b| {
        b.iter(|| {
            let rows = library.filter(&search);
            let ranges: usize = rows
                .iter()
                .take(60)
                .map(|&r| library.matches(r, &search.search).len())
                .sum();
            black_box((rows.len(), ranges))
        })
    });
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
