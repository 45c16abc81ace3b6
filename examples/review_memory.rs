//! Peak memory of loading many sessions for review: `generate DIR [COUNT] [NOTES]`, then
//! `load DIR` (prints the time taken and the process's peak resident memory, VmHWM).

use convene::review::{Filter, Library};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {
            let dir = PathBuf::from(&args[1]);
            let count = args.get(2).map_or(1000, |n| n.parse().expect("a count"));
            let notes = args
                .get(3)
                .map_or(100, |n| n.parse().expect("a note count"));
            let paths = convene::store::sample::write_sessions(&dir, count, notes)
                .expect("the folder is writable");
            println!(
                "wrote {} sessions of {notes} notes in {}",
                paths.len(),
                dir.display()
            );
        }
        Some("load") => {
            let dir = PathBuf::from(&args[1]);
            let start = std::time::Instant::now();
            let library = Library::open(&[dir], &mut |_| {});
            let rows = library.filter(&Filter::default());
            let summary = library.summary(&rows);
            let elapsed = start.elapsed();
            println!(
                "{} sessions, {} notes, {} skipped, summary {} bytes, in {:.2?}",
                library.sessions().len(),
                library.rows().len(),
                library.skipped().len(),
                summary.len(),
                elapsed
            );
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            for line in status
                .lines()
                .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
            {
                println!("{line}");
            }
        }
        _ => eprintln!("usage: review_memory generate DIR [COUNT] [NOTES] | load DIR"),
    }
}
