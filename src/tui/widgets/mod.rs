//! Small widgets shared by the screens (cards, columns of cards, the list cursor, big timer,
//! status line) and text wrapping.

pub mod big;
pub mod card;
pub mod card_column;
pub mod cursor;
pub mod qr;
pub mod status;
pub mod timer;

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of a string in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Characters that take no column of their own and that terminals join to their neighbours or
/// draw in ways of their own: zero-width spaces and joiners, variation selectors, tags, soft
/// hyphens, fillers.
pub(crate) fn takes_no_column(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Combining marks kept on one character: enough for any language's accents.
pub(crate) const MARKS_PER_CHARACTER: usize = 2;

/// Text as the screens draw it: without the characters of [`takes_no_column`], and with
/// at most [`MARKS_PER_CHARACTER`] combining marks on each character. Terminals disagree about
/// such characters, and a terminal that counts one differently from the layout moves the rest
/// of the line, leaving stray pieces of a card's border behind. What is stored is not changed.
pub fn drawable(text: &str) -> Cow<'_, str> {
    use unicode_normalization::char::is_combining_mark;
    if !text
        .chars()
        .any(|c| takes_no_column(c) || is_combining_mark(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut marks = 0;
    for c in text.chars() {
        if takes_no_column(c) {
            continue;
        }
        if is_combining_mark(c) {
            marks += 1;
            if marks > MARKS_PER_CHARACTER {
                continue;
            }
        } else {
            marks = 0;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Wraps `text` into lines of at most `width` columns, breaking at spaces (and inside words
/// longer than a line, between graphemes). Newlines in the text are kept. At most `max_lines`
/// lines are returned; when text is cut, the last line ends with "…".
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if width == 0 || max_lines == 0 {
        return lines;
    }
    let text = drawable(text);
    let mut cut = false;
    'paragraphs: for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0;
        for word in paragraph.split_whitespace() {
            let word_w = self::width(word);
            let space = usize::from(!line.is_empty());
            if line_w + space + word_w <= width {
                if space == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += space + word_w;
                continue;
            }
            if !line.is_empty() {
                if lines.len() + 1 >= max_lines {
                    lines.push(std::mem::take(&mut line));
                    cut = true;
                    break 'paragraphs;
                }
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if word_w <= width {
                line.push_str(word);
                line_w = word_w;
            } else {
                for g in word.graphemes(true) {
                    let gw = self::width(g);
                    if line_w + gw > width && !line.is_empty() {
                        if lines.len() + 1 >= max_lines {
                            lines.push(std::mem::take(&mut line));
                            cut = true;
                            break 'paragraphs;
                        }
                        lines.push(std::mem::take(&mut line));
                        line_w = 0;
                    }
                    line.push_str(g);
                    line_w += gw;
                }
            }
        }
        if lines.len() >= max_lines {
            cut = true;
            break;
        }
        lines.push(line);
    }
    while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        cut = true;
    }
    if cut && let Some(last) = lines.last_mut() {
        *last = ellipsize(last, width);
    }
    lines
}

/// An address wrapped into lines of at most `width` columns: the scheme and host, then the
/// path (`/j/CODE`), each kept whole when it fits a line; a longer path is broken before its
/// `/`s, and a piece longer than a line inside. Never cut: every character is kept.
pub fn wrap_url(url: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    if self::width(url) <= width {
        return vec![url.to_string()];
    }
    let body_start = url.find("://").map_or(0, |i| i + 3);
    let path_start = url[body_start..]
        .find('/')
        .map_or(url.len(), |i| body_start + i);
    let (host, path) = url.split_at(path_start);
    // The path whole if it fits, else its `/segment`s.
    let mut pieces = vec![host];
    if self::width(path) <= width {
        pieces.push(path);
    } else {
        let mut start = 0;
        for (i, c) in path.char_indices() {
            if c == '/' && i > start {
                pieces.push(&path[start..i]);
                start = i;
            }
        }
        pieces.push(&path[start..]);
    }
    let mut lines: Vec<String> = Vec::new();
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        let mut line = String::new();
        // A piece starts a line, and joins the line before only when both are path segments.
        if let Some(last) = lines.last()
            && last.starts_with('/')
            && self::width(last) + self::width(piece) <= width
        {
            line = lines.pop().expect("a last line");
        }
        for g in piece.graphemes(true) {
            if !line.is_empty() && self::width(&line) + self::width(g) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(g);
        }
        lines.push(line);
    }
    lines
}

/// `text` cut to fit `width` columns, ending with "…" (always added).
pub fn ellipsize(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in drawable(text).graphemes(true) {
        let gw = self::width(g);
        if w + gw + 1 > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

/// `text` cut to fit `width` columns, with "…" only when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    let text = drawable(text);
    if self::width(&text) <= width {
        text.into_owned()
    } else {
        ellipsize(&text, width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_inside_long_words() {
        assert_eq!(
            wrap("the bus does not run", 10, 5),
            vec!["the bus", "does not", "run"]
        );
        assert_eq!(wrap("abcdefghijkl", 5, 5), vec!["abcde", "fghij", "kl"]);
        assert_eq!(wrap("", 5, 3), vec![""]);
    }

    #[test]
    fn an_address_breaks_before_its_path() {
        let url = "http://192.168.100.200:7070/j/KWJBX26";
        assert_eq!(wrap_url(url, 80), vec![url]);
        assert_eq!(
            wrap_url(url, 30),
            vec!["http://192.168.100.200:7070", "/j/KWJBX26"]
        );
        assert_eq!(
            wrap_url("http://10.0.0.1:7070/a/b/c", 20),
            vec!["http://10.0.0.1:7070", "/a/b/c"]
        );
        assert_eq!(
            wrap_url("http://h/aaaa/bbbb/cccc", 10),
            vec!["http://h", "/aaaa/bbbb", "/cccc"]
        );
        assert_eq!(wrap_url(url, 12).concat(), url, "nothing is cut");
        assert!(wrap_url(url, 12).iter().all(|l| width(l) <= 12));
        assert!(wrap_url(url, 0).is_empty());
    }

    #[test]
    fn cuts_with_an_ellipsis() {
        assert_eq!(wrap("one two three four", 7, 2), vec!["one two", "three…"]);
        let lines = wrap("日本語のテキストです", 6, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| width(l) <= 6), "{lines:?}");
        assert!(lines[1].ends_with('…'));
    }

    #[test]
    fn keeps_newlines_and_handles_emoji() {
        assert_eq!(wrap("a\nb", 5, 3), vec!["a", "b"]);
        let lines = wrap("🚌🚌🚌🚌", 4, 3);
        assert_eq!(lines, vec!["🚌🚌", "🚌🚌"]);
        assert_eq!(fit("café", 4), "café");
        assert_eq!(fit("cafés", 4), "caf…");
    }

    #[test]
    fn text_is_drawn_without_what_takes_no_column() {
        assert_eq!(drawable("plain café"), "plain café");
        assert!(matches!(drawable("plain"), Cow::Borrowed(_)));
        assert_eq!(drawable("x\u{200D}\u{200D}y"), "xy");
        assert_eq!(drawable("e\u{301}\u{302}\u{303}\u{304}"), "e\u{301}\u{302}");
        assert_eq!(drawable("👩\u{200D}💻 ✔\u{FE0F}"), "👩💻 ✔");
        assert_eq!(wrap("a\u{200B}b c\u{200D}\u{200D}d", 3, 2), ["ab", "cd"]);
        assert_eq!(fit("\u{FE0F}\u{FE0F}ok", 2), "ok");
    }
}
