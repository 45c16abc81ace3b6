//! Drawing the review browser: a pure function of [`ReviewApp`]. Only the visible window of
//! each list is drawn, so a frame costs the same over 100 notes or 100,000.
//!
//! One file per view; this one dispatches to them and holds what they share (numbers, cells,
//! a note's text on one line). The lines around every view are in `chrome`.

mod chrome;
mod compare;
mod export;
mod help;
mod loading;
mod notes;
mod promises;
mod provenance;
mod sessions;
mod themes;

pub use sessions::skipped_line;

use super::app::{Drawn, ReviewApp, View};
use crate::review::Library;
use crate::tui::screens::{MIN_HEIGHT, MIN_WIDTH, too_small};
use crate::tui::widgets::{fit, width};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The mark of a note that is only in a journal (never colour alone).
pub const JOURNAL_ONLY: &str = "◌ not in snapshot";

/// Draws the whole screen.
pub fn draw(app: &ReviewApp, frame: &mut Frame) -> Drawn {
    let area = frame.area();
    render(app, area, frame.buffer_mut())
}

/// Draws into a buffer (for tests and benchmarks without a terminal).
pub fn render(app: &ReviewApp, area: Rect, buf: &mut Buffer) -> Drawn {
    let mut drawn = Drawn::default();
    if area.is_empty() {
        return drawn;
    }
    let p = &app.palette;
    Block::new().style(p.base).render(area, buf);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(area, p, buf);
        return drawn;
    }
    let Some(library) = app.library.as_deref() else {
        loading::draw(app, area, buf);
        return drawn;
    };
    let tabs = Rect { height: 1, ..area };
    let body = Rect {
        y: area.y + 1,
        height: area.height - 3,
        ..area
    };
    let footer = Rect {
        y: area.y + area.height - 2,
        height: 1,
        ..area
    };
    let status = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    chrome::tab_line(app, library, tabs, buf, &mut drawn);
    match app.view {
        View::Sessions => sessions::draw(app, library, body, buf, &mut drawn),
        View::Notes => notes::draw(app, library, body, buf, &mut drawn),
        View::Provenance => provenance::draw(app, library, body, buf),
        View::Compare => compare::draw(app, library, body, buf, &mut drawn),
        View::Themes => themes::draw(app, library, body, buf, &mut drawn),
        View::Promises => promises::draw(app, body, buf, &mut drawn),
    }
    chrome::footer_line(app, footer, buf);
    chrome::status_line(app, library, status, buf);
    if let Some(e) = &app.exporting {
        export::draw(app, e, body, buf);
    }
    if let Some(scroll) = app.help {
        drawn.help_max_scroll = help::draw(app, scroll, area, buf);
        drawn.page = area.height.saturating_sub(3) as usize;
    }
    drawn
}

/// "1,234".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How matches of the search look: reversed and underlined, so they show without colour.
pub fn match_style(row: Style) -> Style {
    row.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::BOLD)
}

fn plural(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `text` padded or cut to exactly `w` columns.
fn cell(text: &str, w: usize) -> String {
    let t = fit(text, w);
    let pad = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(pad))
}

fn right(text: &str, w: usize) -> String {
    let t = fit(text, w);
    format!("{}{t}", " ".repeat(w.saturating_sub(width(&t))))
}

/// A short name for a session: its file name without `.ron`.
pub fn short_name(library: &Library, session: usize) -> String {
    let path = &library.sessions()[session].path;
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// How one grapheme of a note is drawn on one line: a line break or tab as a space; other
/// control and bidirectional characters written out (`\u{1b}`, `\u{202e}`), so a researcher
/// sees they are there and none can reorder the row or reach the terminal.
fn on_one_line(g: &str) -> std::borrow::Cow<'_, str> {
    if g.chars().any(|c| matches!(c, '\n' | '\r' | '\t')) {
        " ".into()
    } else {
        crate::terminal_text::one_line(g)
    }
}

/// `text` on one line of at most `room` columns, the byte `ranges` in `hit` style. Line breaks
/// show as spaces, other control and bidirectional characters as escapes ([`on_one_line`]);
/// "…" ends a line that was cut.
pub fn marked(
    text: &str,
    ranges: &[Range<usize>],
    room: usize,
    plain: Style,
    hit: Style,
) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_hit = false;
    let mut used = 0;
    let mut next_range = 0;
    let total: usize = text.graphemes(true).map(|g| width(&on_one_line(g))).sum();
    let fits = total <= room;
    let limit = if fits { room } else { room.saturating_sub(1) };
    for (at, g) in text.grapheme_indices(true) {
        while next_range < ranges.len() && ranges[next_range].end <= at {
            next_range += 1;
        }
        let is_hit = ranges.get(next_range).is_some_and(|r| r.start <= at);
        let shown = on_one_line(g);
        let gw = width(&shown);
        if used + gw > limit {
            current_push(&mut out, &mut current, current_hit, plain, hit);
            if room > 0 {
                out.push(Span::styled("…", plain));
            }
            return out;
        }
        if is_hit != current_hit {
            current_push(&mut out, &mut current, current_hit, plain, hit);
            current_hit = is_hit;
        }
        current.push_str(&shown);
        used += gw;
    }
    current_push(&mut out, &mut current, current_hit, plain, hit);
    out
}

fn current_push(
    out: &mut Vec<Span<'static>>,
    current: &mut String,
    is_hit: bool,
    plain: Style,
    hit: Style,
) {
    if !current.is_empty() {
        out.push(Span::styled(
            std::mem::take(current),
            if is_hit { hit } else { plain },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::highlight;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(100000), "100,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn marked_text_fits_and_keeps_matches() {
        let text = "The last BUS leaves\nat 6pm";
        let ranges = highlight(text, "bus");
        let plain = Style::new();
        let hit = match_style(plain);
        let spans = marked(text, &ranges, 40, plain, hit);
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(joined, "The last BUS leaves at 6pm");
        assert!(spans.iter().any(|s| s.content == "BUS" && s.style == hit));
        let cut = marked(text, &ranges, 10, plain, hit);
        let joined: String = cut.iter().map(|s| s.content.as_ref()).collect();
        assert!(width(&joined) <= 10, "{joined}");
        assert!(joined.ends_with('…'));
        assert!(
            marked("日本語", &[], 1, plain, hit)
                .iter()
                .all(|s| width(&s.content) <= 1)
        );
    }

    #[test]
    fn control_and_bidirectional_characters_in_a_note_are_written_out() {
        let text = "bus \u{202e}emit\u{1b}[2J\r\n\u{2066}x";
        let plain = Style::new();
        let hit = match_style(plain);
        let spans = marked(text, &highlight(text, "emit"), 60, plain, hit);
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(joined, "bus \\u{202e}emit\\u{1b}[2J \\u{2066}x");
        assert!(spans.iter().any(|s| s.content == "emit" && s.style == hit));
        let cut: String = marked(text, &[], 8, plain, hit)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(cut, "bus …", "an escape is never cut in half");
    }
}
