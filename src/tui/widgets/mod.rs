//! Small widgets shared by the screens (cards, big timer, status line) and text wrapping.

pub mod big;
pub mod card;
pub mod status;
pub mod timer;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of a string in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Wraps `text` into lines of at most `width` columns, breaking at spaces (and inside words
/// longer than a line, between graphemes). Newlines in the text are kept. At most `max_lines`
/// lines are returned; when text is cut, the last line ends with "…".
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if width == 0 || max_lines == 0 {
        return lines;
    }
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

/// `text` cut to fit `width` columns, ending with "…" (always added).
pub fn ellipsize(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in text.graphemes(true) {
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
    if self::width(text) <= width {
        text.to_string()
    } else {
        ellipsize(text, width)
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
}
