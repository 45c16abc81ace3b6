//! The journal: changes appended one JSON line each and flushed to disk before they count.

use super::StoreError;
use super::lock::sibling;
use crate::model::Change;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The session revision this change produces; continues from the snapshot's `revision`.
    pub seq: u64,
    pub at: Timestamp,
    pub change: Change,
}

/// `workshop.ron` → `workshop.ron.journal`.
pub fn journal_path(session_path: &Path) -> PathBuf {
    sibling(session_path, "journal")
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct Read {
    pub entries: Vec<(usize, Entry)>,
    /// Bytes of an unfinished last line (a write cut off by a crash or power cut).
    pub torn: Option<TornTail>,
    /// Length of the journal up to the end of its last complete entry.
    pub good_len: u64,
    /// The last entry is complete but its newline was not written.
    pub missing_newline: bool,
}

#[derive(Debug)]
pub struct TornTail {
    pub line: usize,
    pub bytes: Vec<u8>,
}

/// Reads a journal. A missing file is an empty journal. A broken line in the middle is an
/// error (something other than a crash damaged it); a broken *last* line is a torn write,
/// reported in `torn` and otherwise ignored.
pub fn read(path: &Path) -> Result<Read, StoreError> {
    // A FIFO or device is refused without waiting or reading.
    let bytes = match super::side::read(path, "read the journal") {
        Ok(b) => b,
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Read::default());
        }
        Err(e) => return Err(e),
    };
    parse(&bytes, path)
}

/// Journals at least this long are read on several threads, each taking a run of whole lines
/// (reading JSON is most of the cost of opening a long journal; applying is the rest).
const PARALLEL_FROM: usize = 4 << 20;

/// Reads a journal's bytes as [`read`] does; `path` names it in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Read, StoreError> {
    let threads = if bytes.len() >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    } else {
        1
    };
    // Cut the bytes into runs of whole lines, one a thread.
    let mut cuts = vec![0];
    for k in 1..threads {
        let from = (bytes.len() * k / threads).max(*cuts.last().unwrap_or(&0));
        match memchr::memchr(b'\n', &bytes[from..]) {
            Some(i) if from + i + 1 < bytes.len() => cuts.push(from + i + 1),
            _ => break,
        }
    }
    cuts.push(bytes.len());
    let parts: Vec<Part> = if cuts.len() == 2 {
        vec![parse_part(bytes, true)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = cuts
                .windows(2)
                .map(|w| {
                    let (a, b) = (w[0], w[1]);
                    scope.spawn(move || parse_part(&bytes[a..b], b == bytes.len()))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    // Put the runs back together in order: line numbers and lengths count from the start.
    let mut out = Read::default();
    let mut lines_before = 0usize;
    for (part, start) in parts.into_iter().zip(&cuts) {
        if let Some((line, message)) = part.damaged {
            return Err(StoreError::Journal {
                path: path.to_path_buf(),
                line: lines_before + line,
                message,
            });
        }
        let entries = part.read.entries.into_iter();
        out.entries
            .extend(entries.map(|(line, entry)| (lines_before + line, entry)));
        if part.read.good_len > 0 {
            out.good_len = *start as u64 + part.read.good_len;
        }
        out.missing_newline = part.read.missing_newline;
        out.torn = part.read.torn.map(|mut torn| {
            torn.line += lines_before;
            torn
        });
        lines_before += part.lines;
    }
    Ok(out)
}

/// What reading one run of lines found; line numbers and lengths count from the run's start.
struct Part {
    read: Read,
    lines: usize,
    /// The first damaged line that is not the journal's last: its number and what is wrong.
    damaged: Option<(usize, String)>,
}

/// Reads one run of whole lines; `last` when the run ends the journal (only there can a line
/// be torn or miss its newline).
fn parse_part(bytes: &[u8], last: bool) -> Part {
    let mut out = Read::default();
    let mut start = 0usize;
    let mut line_no = 0usize;
    while start < bytes.len() {
        line_no += 1;
        let end = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let (line, next, complete) = match end {
            Some(end) => (&bytes[start..end], end + 1, true),
            None => (&bytes[start..], bytes.len(), false),
        };
        let is_last = last && next >= bytes.len();
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            if complete {
                out.good_len = next as u64;
            }
            start = next;
            continue;
        }
        match serde_json::from_slice::<Entry>(line) {
            Ok(entry) if complete => {
                out.entries.push((line_no, entry));
                out.good_len = next as u64;
            }
            // A line that parses but has no newline yet: the write may have been cut just
            // before the newline. The change itself is complete, so keep it.
            Ok(entry) => {
                out.entries.push((line_no, entry));
                out.good_len = next as u64;
                out.missing_newline = true;
            }
            Err(_) if is_last => {
                out.torn = Some(TornTail {
                    line: line_no,
                    bytes: line.to_vec(),
                });
            }
            Err(e) => {
                return Part {
                    read: out,
                    lines: line_no,
                    damaged: Some((line_no, format!("this entry is damaged ({e})"))),
                };
            }
        }
        start = next;
    }
    Part {
        read: out,
        lines: line_no,
        damaged: None,
    }
}

/// An open journal, appending.
#[derive(Debug)]
pub struct Writer {
    file: File,
    path: PathBuf,
    len: u64,
}

impl Writer {
    /// Opens the journal for appending at `len` (the end of its last complete entry),
    /// cutting off anything after it, and finishing the last line if its newline is missing.
    /// A symbolic link at `path` is refused: the journal is never written through one.
    pub fn open(path: &Path, len: u64, missing_newline: bool) -> Result<Writer, StoreError> {
        // Refused before it is cut or written if it is a FIFO, a device or a hard link.
        let file = super::side::open_written(
            OpenOptions::new().create(true).truncate(false).write(true),
            path,
            "open the journal",
        )?;
        let current = file
            .metadata()
            .map_err(|e| StoreError::io(path, "read the journal", e))?
            .len();
        if current != len {
            file.set_len(len)
                .and_then(|_| file.sync_all())
                .map_err(|e| StoreError::io(path, "repair the journal", e))?;
        }
        let mut writer = Writer {
            file,
            path: path.to_path_buf(),
            len,
        };
        if missing_newline {
            writer
                .write_at_end(b"\n")
                .map_err(|e| StoreError::io(path, "repair the journal", e))?;
            writer.len += 1;
        }
        Ok(writer)
    }

    /// Appends one entry and flushes it to disk. On failure the journal is cut back to
    /// where it was, so a failed write never leaves half a line behind.
    pub fn append(&mut self, entry: &Entry) -> std::io::Result<()> {
        self.append_all(std::slice::from_ref(entry))
    }

    /// Appends several entries with one write and one flush to disk (group commit): all of
    /// them are durable when this returns, or none is in the journal.
    pub fn append_all(&mut self, entries: &[Entry]) -> std::io::Result<()> {
        let mut line = Vec::new();
        for entry in entries {
            serde_json::to_writer(&mut line, entry).map_err(std::io::Error::other)?;
            line.push(b'\n');
        }
        let result = self.write_at_end(&line);
        match result {
            Ok(()) => {
                self.len += line.len() as u64;
                Ok(())
            }
            Err(e) => {
                let _ = self.file.set_len(self.len);
                Err(e)
            }
        }
    }

    fn write_at_end(&mut self, line: &[u8]) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        self.file.seek(SeekFrom::Start(self.len))?;
        self.file.write_all(line)?;
        self.file.sync_data()
    }

    /// Empties the journal once a snapshot holds everything in it.
    pub fn clear(&mut self) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.sync_all()?;
        self.len = 0;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Where a journal is damaged: the first line that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
    /// Lines after it that hold something (they are not read).
    pub lines_after: usize,
}

/// Reads a journal for a read-only view, stopping at the first damaged line instead of
/// refusing the whole journal: the entries before it, and where the damage is. A broken last
/// line is a torn write, as for [`read`], not damage. Never writes anything.
pub fn read_until_damage(path: &Path) -> Result<(Read, Option<Damage>), StoreError> {
    // A FIFO or device is refused without waiting or reading.
    let bytes = match super::side::read(path, "read the journal") {
        Ok(b) => b,
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Read::default(), None));
        }
        Err(e) => return Err(e),
    };
    let (line, message) = match parse(&bytes, path) {
        Ok(read) => return Ok((read, None)),
        Err(StoreError::Journal { line, message, .. }) => (line, message),
        Err(e) => return Err(e),
    };
    // Every line before the damaged one was read; read them alone.
    let start = bytes
        .split_inclusive(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(<[u8]>::len)
        .sum::<usize>();
    let read = parse(&bytes[..start], path)?;
    let lines_after = bytes[start..]
        .split(|b| *b == b'\n')
        .skip(1)
        .filter(|l| !l.iter().all(|b| b.is_ascii_whitespace()))
        .count();
    let damage = Damage {
        line,
        message,
        lines_after,
    };
    Ok((read, Some(damage)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A journal long enough to be read on several threads: `n` entries of about 300 bytes.
    fn long_journal(n: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for seq in 1..=n as u64 {
            let entry = Entry {
                seq,
                at: Timestamp::UNIX_EPOCH,
                change: Change::EditNote {
                    id: crate::model::NoteId(1),
                    text: format!("{seq:0>250}"),
                },
            };
            out.extend(serde_json::to_vec(&entry).unwrap());
            out.push(b'\n');
        }
        out
    }

    fn lines(read: &Read) -> Vec<(usize, u64)> {
        read.entries.iter().map(|(l, e)| (*l, e.seq)).collect()
    }

    #[test]
    fn a_long_journal_read_on_several_threads_reads_as_on_one() {
        let path = Path::new("s.ron.journal");
        let mut bytes = long_journal(16_000);
        assert!(bytes.len() >= PARALLEL_FROM);
        bytes.extend(b"\n   \n"); // blank lines are skipped, not counted as entries
        let whole = parse(&bytes, path).unwrap();
        let one = parse_part(&bytes, true).read;
        assert_eq!(lines(&whole), lines(&one));
        assert_eq!(whole.entries.len(), 16_000);
        assert_eq!(whole.entries[15_999].0, 16_000);
        assert_eq!(whole.good_len, bytes.len() as u64);
        assert!(whole.torn.is_none() && !whole.missing_newline);

        // A torn last line is reported with its line number, and the good length stops before it.
        let mut torn = long_journal(16_000);
        let good = torn.len() as u64;
        torn.extend(b"{\"seq\":16001,\"at\":\"19");
        let read = parse(&torn, path).unwrap();
        assert_eq!(read.good_len, good);
        assert_eq!(read.torn.as_ref().map(|t| t.line), Some(16_001));

        // A damaged line is named by its line in the whole journal, in any run of lines.
        for bad_line in [100, 12_346] {
            let mut damaged = long_journal(16_000);
            let at = damaged
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .nth(bad_line - 2)
                .map(|(i, _)| i + 1)
                .unwrap();
            damaged[at] = b'#'; // the line no longer parses
            match parse(&damaged, path) {
                Err(StoreError::Journal { line, .. }) => assert_eq!(line, bad_line),
                other => panic!("{other:?}"),
            }
        }
    }
}
