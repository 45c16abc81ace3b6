//! Review benchmarks: load and aggregate 1,000 session files of 100 notes each, and one filter or
//! search keystroke over the resulting 100,000 notes; promises followed across 100 linked
//! workshops. Sessions are generated into a temporary
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

/// A chain of `n` linked workshops: each makes 10 recommendations with 2 commitments each,
/// and records half of what it carried as done and the rest as in progress.
fn chain(n: usize) -> Vec<convene::model::Session> {
    use convene::framework::Framework;
    use convene::model::{
        Change, Commitment, ItemStatus, Recommendation, RecommendationId, Session, Timeframe,
    };
    let mut sessions: Vec<Session> = Vec::with_capacity(n);
    let start = jiff::civil::date(2020, 1, 6);
    for i in 0..n {
        let date = start
            .checked_add(jiff::Span::new().weeks(8 * i as i64))
            .unwrap();
        let created: jiff::Timestamp = date.to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp();
        let mut s = match sessions.last() {
            None => Session::new("Workshop 0", date, Framework::default_framework(), created),
            Some(prev) => Session::follow_up(
                prev,
                "prev.ron",
                format!("Workshop {i}"),
                date,
                Framework::default_framework(),
                created,
            ),
        };
        let items: Vec<_> = s
            .follow_up
            .as_ref()
            .map(|f| f.items.iter().map(|i| i.id).collect())
            .unwrap_or_default();
        for (k, id) in items.into_iter().enumerate() {
            let status = if k % 2 == 0 {
                ItemStatus::Done
            } else {
                ItemStatus::InProgress
            };
            s.apply(Change::UpdateItem {
                id,
                status,
                done: format!("step {k} of workshop {i}"),
            })
            .unwrap();
        }
        for r in 1..=10u32 {
            s.apply(Change::AddRecommendation(Recommendation {
                id: RecommendationId(r),
                text: format!("Recommendation {r} of workshop {i}"),
                audience: "Employers".into(),
                owner: "Partnership board".into(),
                timeframe: Some(Timeframe::ThreeMonths),
                themes: Vec::new(),
                steps: vec!["person-centred".into()],
                commitments: (1..=2)
                    .map(|c| Commitment {
                        who: format!("Partner {c}"),
                        what: format!("Pledge {c}"),
                    })
                    .collect(),
            }))
            .unwrap();
        }
        sessions.push(s);
    }
    sessions
}

/// Following promises across 100 linked workshops (3,000 promises made, each carried until
/// closed): the lineage alone, and "You said / We did" as Markdown from it.
fn lineage(c: &mut Criterion) {
    use convene::export::yousaid::{self, YouSaid, YouSaidOptions};
    use convene::review::Lineage;
    let sessions = chain(100);
    let refs: Vec<&convene::model::Session> = sessions.iter().collect();
    let mut group = c.benchmark_group("lineage_100_workshops");
    group.sample_size(20);
    group.bench_function("promises_of_each_session (baseline)", |b| {
        b.iter(|| {
            let n: usize = refs
                .iter()
                .map(|s| convene::model::promises_of(s, true).len())
                .sum();
            black_box(n)
        })
    });
    group.bench_function("lineage", |b| {
        b.iter(|| black_box(Lineage::build(refs.iter().copied())))
    });
    group.bench_function("yousaid_markdown", |b| {
        b.iter(|| {
            let doc = YouSaid::build(&refs, &YouSaidOptions::default());
            black_box(yousaid::markdown(&doc))
        })
    });
    group.finish();
}

criterion_group!(benches, review, lineage);
criterion_main!(benches);
