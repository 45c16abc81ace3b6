//! Text from sessions, files and users made safe to show on a terminal: control characters and
//! bidirectional controls are written out as visible escapes (`\u{1b}`), so a title can neither
//! drive the terminal (clear it, set the clipboard, retitle the window) nor reorder a line.
//!
//! One definition of what is unsafe ([`is_hidden`]) serves the command line, the review
//! browser and JSON output. Pure: no terminal or file I/O.

use std::borrow::Cow;
use std::io::{self, Write};

/// True for the bidirectional formatting characters: embeddings and overrides
/// (U+202A–U+202E), isolates (U+2066–U+2069) and the marks U+200E, U+200F and U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// True for a character that must not reach a terminal as it is: C0 controls, DEL, C1
/// controls (U+0080–U+009F) and bidirectional controls. Line feed and tab are included; the
/// functions below say when they are kept.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `text` for a terminal, with line breaks and tabs kept (for output of several lines) and
/// every other control or bidirectional character written as `\u{…}`. A carriage return is
/// kept where it ends a line (directly before a line feed, as in CSV's CRLF line ends) and
/// written as `\r` anywhere else, where it could make one line overwrite another.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, |c, next| {
        is_hidden(c) && c != '\n' && c != '\t' && !(c == '\r' && next == Some('\n'))
    })
}

/// `text` for one line of a terminal: like [`visible`], and line breaks, carriage returns and
/// tabs are written as `\n`, `\r` and `\t`, so one value can never look like several lines.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape(text, |c, _| is_hidden(c))
}

/// The visible form of one hidden character: `\n`, `\r`, `\t`, else `\u{…}` (lower-case hex).
pub fn escaped(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        c => c.escape_unicode().to_string(),
    }
}

/// `text` with every character that `hide` picks written as [`escaped`]; `hide` is given the
/// character and the one after it.
fn escape(text: &str, hide: impl Fn(char, Option<char>) -> bool) -> Cow<'_, str> {
    let hidden = |(i, c): (usize, char)| hide(c, text[i + c.len_utf8()..].chars().next());
    if !text.char_indices().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if hidden((i, c)) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with DEL, C1 and bidirectional controls written as `\uXXXX` escapes (serde_json
/// already escapes C0). Outside strings JSON holds only ASCII punctuation, digits and letters,
/// so this changes only how strings are spelled, never what they mean.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_hidden) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hidden(c) && !matches!(c, '\n' | '\t' | '\r') {
            // Every hidden character is in the Basic Multilingual Plane: one \uXXXX each.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that passes text on with [`visible`] applied, whatever the pieces it is given:
/// a character split across two writes is joined first, and bytes that are not UTF-8 are
/// written as `\x{…}`. Call [`VisibleWriter::finish`] (or flush) at the end.
#[derive(Debug)]
pub struct VisibleWriter<W: Write> {
    inner: W,
    /// The start of a character whose remaining bytes have not come yet.
    pending: Vec<u8>,
}

impl<W: Write> VisibleWriter<W> {
    pub fn new(inner: W) -> VisibleWriter<W> {
        VisibleWriter {
            inner,
            pending: Vec::new(),
        }
    }

    /// The writer underneath, after anything pending has been written.
    pub fn raw(&mut self) -> io::Result<&mut W> {
        self.write_pending_as_bytes()?;
        Ok(&mut self.inner)
    }

    /// Writes out an unfinished character (as `\x{…}`) and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        self.write_pending_as_bytes()?;
        self.inner.flush()
    }

    fn write_pending_as_bytes(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let shown: String = self
            .pending
            .drain(..)
            .map(|b| match b {
                b'\r' => "\\r".to_string(), // held back in case a line feed followed
                b => format!("\\x{{{b:02x}}}"),
            })
            .collect();
        self.inner.write_all(shown.as_bytes())
    }
}

impl<W: Write> Write for VisibleWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = String::new();
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    // A carriage return at the end waits: kept if a line feed comes next.
                    let held = usize::from(text.ends_with('\r'));
                    out.push_str(&visible(&text[..text.len() - held]));
                    rest = &rest[rest.len() - held..];
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    // `good` is valid UTF-8 by the error's own account.
                    out.push_str(&visible(&String::from_utf8_lossy(good)));
                    match e.error_len() {
                        Some(n) => {
                            for b in &after[..n] {
                                out.push_str(&format!("\\x{{{b:02x}}}"));
                            }
                            rest = &after[n..];
                        }
                        None => {
                            rest = after; // an unfinished character: wait for the rest
                            break;
                        }
                    }
                }
            }
        }
        let keep = rest.to_vec();
        self.pending = keep;
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_plain_text_is_untouched() {
        assert!(matches!(visible("Riverside · école"), Cow::Borrowed(_)));
        assert_eq!(
            visible("T\u{1b}]52;c;aGk=\u{7}"),
            "T\\u{1b}]52;c;aGk=\\u{7}"
        );
        assert_eq!(visible("a\u{7f}b\u{9b}c"), "a\\u{7f}b\\u{9b}c");
        assert_eq!(visible("two\nlines\tand tab"), "two\nlines\tand tab");
        assert_eq!(one_line("two\nlines\r\tx"), "two\\nlines\\r\\tx");
    }

    #[test]
    fn a_crlf_line_end_is_kept_and_any_other_carriage_return_is_shown() {
        // Before the fix every CSV line on a terminal ended in a literal `\r`.
        assert!(matches!(visible("a,b\r\nc,d\r\n"), Cow::Borrowed(_)));
        assert_eq!(
            visible("over\rwrite\r\r\nend\r"),
            "over\\rwrite\\r\r\nend\\r"
        );
        assert_eq!(one_line("a\r\nb"), "a\\r\\nb");
        // Through the writer, a line end split across two writes is kept too.
        let mut w = VisibleWriter::new(Vec::new());
        for piece in ["a,b\r", "\nc\r", "d\r"] {
            w.write_all(piece.as_bytes()).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(String::from_utf8(w.inner).unwrap(), "a,b\r\nc\\rd\\r");
    }

    #[test]
    fn bidirectional_controls_become_visible() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let shown = visible(&format!("a{c}b")).into_owned();
            assert_eq!(shown, format!("a\\u{{{:x}}}b", c as u32));
        }
        // Right-to-left letters themselves are text, not controls.
        assert_eq!(visible("שלום مرحبا"), "שלום مرحبا");
    }

    #[test]
    fn json_escapes_keep_the_same_value() {
        let value = serde_json::json!({"title": "T\u{1b}]\u{9b}\u{7f}\u{202e}x\n"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = escape_json(&text);
        assert!(!safe.chars().any(|c| is_hidden(c) && c != '\n'), "{safe}");
        assert!(safe.contains("\\u202e") && safe.contains("\\u009b") && safe.contains("\\u007f"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_writer_joins_split_characters_and_shows_stray_bytes() {
        let mut w = VisibleWriter::new(Vec::new());
        let text = "é\u{1b}c\u{202e}x";
        for b in text.as_bytes() {
            w.write_all(&[*b]).unwrap();
        }
        w.write_all(&[0xff, b'z', 0xc3]).unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(w.inner).unwrap(),
            "é\\u{1b}c\\u{202e}x\\x{ff}z\\x{c3}"
        );
    }
}
