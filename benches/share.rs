//! Benchmark of the room's server under a room's load: 200 devices send 10 notes each at once
//! over loopback (keep-alive HTTP/1.1, as a phone's browser does), to a real server and a real
//! session file on disk. Reports the time for all 2,000 acknowledgements (criterion), and the
//! acknowledgement latency of each note (p50, p99, max) and notes per second.
//!
//! Same-run baseline: the writer committing each note with its own flush to disk instead of
//! one flush for every note waiting (group commit).
//!
//! Run with `cargo bench --bench share`. Latency figures are printed after each variant.

use convene::framework::Framework;
use convene::model::{Change, Session};
use convene::share::{Desk, RoomView, Server};
use convene::store::{CommitError, SessionFile, SessionStore};
use criterion::{Criterion, criterion_group, criterion_main};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

const DEVICES: usize = 200;
const NOTES: u64 = 10;

/// The session file with each note flushed on its own: the default `commit_group`.
struct OneByOne(SessionFile);

impl SessionStore for OneByOne {
    fn session(&self) -> &Session {
        self.0.session()
    }
    fn commit(&mut self, change: Change) -> Result<Option<Change>, CommitError> {
        self.0.commit(change)
    }
    fn save(&mut self) -> Result<(), CommitError> {
        self.0.save()
    }
    fn label(&self) -> String {
        self.0.label()
    }
}

/// A session with six tables in a fresh folder on the project's disk.
fn session_file(dir: &Path) -> SessionFile {
    let mut s = Session::new(
        "Bench",
        jiff::civil::date(2026, 11, 26),
        Framework::default_framework(),
        jiff::Timestamp::now(),
    );
    for _ in 0..6 {
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t)).unwrap();
    }
    SessionFile::create(&dir.join("bench.ron"), s).unwrap()
}

/// A server and its writer thread, as `convene serve` runs them.
struct Room {
    host: String,
    base: String,
    stop: Arc<AtomicBool>,
    writer: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Room {
    fn start(group: bool) -> Room {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let file = session_file(dir.path());
        let server = Server::start(
            Some("127.0.0.1:0".parse().unwrap()),
            RoomView::of(file.session()),
        )
        .unwrap();
        let url = server.url();
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_once('/').unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let writer = std::thread::spawn(move || {
            let mut desk = Desk::new(file.session());
            let mut store: Box<dyn SessionStore> = if group {
                Box::new(file)
            } else {
                Box::new(OneByOne(file))
            };
            while !stopping.load(Ordering::Relaxed) {
                let batch = server.take(Duration::from_millis(20));
                if !batch.is_empty() {
                    desk.serve(&mut store, batch, jiff::Timestamp::now());
                }
            }
        });
        Room {
            host: host.to_string(),
            base: format!("/{path}"),
            stop,
            writer: Some(writer),
            _dir: dir,
        }
    }
}

impl Drop for Room {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

/// One device: a keep-alive connection, its notes sent one after another; returns the time
/// each took to be acknowledged.
fn device(host: &str, base: &str, i: usize, start: &Barrier) -> Vec<Duration> {
    let stream = TcpStream::connect(host).unwrap();
    stream.set_nodelay(true).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let table = ["A", "B", "C", "D", "E", "F"][i % 6];
    let mut times = Vec::with_capacity(NOTES as usize);
    start.wait();
    for seq in 1..=NOTES {
        let body = format!(
            r#"{{"table":"{table}","text":"device {i} note {seq}: the bus stops before the late shift ends","kind":"idea","client":"bench-device-{i:04}","seq":{seq}}}"#
        );
        let request = format!(
            "POST {base}/notes HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let sent = Instant::now();
        writer.write_all(request.as_bytes()).unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        assert!(
            status.contains(" 201 "),
            "{status} {}",
            String::from_utf8_lossy(&body)
        );
        times.push(sent.elapsed());
    }
    times
}

/// Sends the whole room's notes once; returns the time until the last acknowledgement.
fn one_round(group: bool, latencies: &Mutex<Vec<Duration>>) -> Duration {
    let room = Room::start(group);
    let start = Arc::new(Barrier::new(DEVICES + 1));
    let threads: Vec<_> = (0..DEVICES)
        .map(|i| {
            let (host, base, start) = (room.host.clone(), room.base.clone(), start.clone());
            std::thread::spawn(move || device(&host, &base, i, &start))
        })
        .collect();
    start.wait();
    let began = Instant::now();
    let mut all = Vec::new();
    for t in threads {
        all.extend(t.join().unwrap());
    }
    let took = began.elapsed();
    latencies.lock().unwrap().extend(all);
    took
}

fn report(name: &str, latencies: &Mutex<Vec<Duration>>, total: Duration, rounds: u32) {
    let mut l = latencies.lock().unwrap().clone();
    if l.is_empty() {
        return;
    }
    l.sort();
    let at = |q: f64| l[((l.len() as f64 * q) as usize).min(l.len() - 1)];
    let notes = l.len() as f64;
    println!(
        "share/{name}: {} acknowledgements over {rounds} rounds of {DEVICES} devices x {NOTES} notes: \
         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {:.0} notes/s",
        l.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        l[l.len() - 1].as_secs_f64() * 1e3,
        notes / total.as_secs_f64(),
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("share");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, grouped) in [("group-commit", true), ("one-flush-per-note", false)] {
        let latencies = Mutex::new(Vec::new());
        let total = Mutex::new((Duration::ZERO, 0u32));
        group.bench_function(format!("{DEVICES}x{NOTES}-notes/{name}"), |b| {
            b.iter_custom(|iters| {
                let mut sum = Duration::ZERO;
                for _ in 0..iters {
                    let took = one_round(grouped, &latencies);
                    let mut t = total.lock().unwrap();
                    t.0 += took;
                    t.1 += 1;
                    sum += took;
                }
                sum
            })
        });
        let (took, rounds) = *total.lock().unwrap();
        report(name, &latencies, took, rounds);
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
