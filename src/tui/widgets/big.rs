//! Big letters for the projector (tui-big-text), sized to the room available, with plain bold
//! text as the fallback when nothing big fits or the font lacks a character.

use super::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

/// Pixel sizes tried, biggest first: (size, columns per character, rows per line).
/// Only half blocks and quadrants (Unicode block elements, in every terminal font): sextants
/// and octants are too new for many fonts, and a projector is no place to find that out.
const SIZES: [(PixelSize, u16, u16); 2] =
    [(PixelSize::HalfHeight, 8, 4), (PixelSize::Quadrant, 4, 4)];

/// True when the 8×8 font has every character (ASCII and Latin-1).
fn drawable(text: &str) -> bool {
    text.chars()
        .all(|c| (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c))
}

/// The largest size at which `text`, wrapped at spaces, fits `area`; with its lines.
pub fn layout(text: &str, area: Rect) -> Option<(PixelSize, Vec<String>, u16)> {
    layout_at_most(text, area, SIZES[0].0)
}

/// Like [`layout`], trying no size bigger than `largest` (so that a line under a title is not
/// drawn bigger than the title).
pub fn layout_at_most(
    text: &str,
    area: Rect,
    largest: PixelSize,
) -> Option<(PixelSize, Vec<String>, u16)> {
    if !drawable(text) {
        return None;
    }
    let from = SIZES.iter().position(|(s, _, _)| *s == largest)?;
    for &(size, w, h) in &SIZES[from..] {
        let per_line = (area.width / w) as usize;
        if per_line == 0 {
            continue;
        }
        let max_lines = (area.height / h) as usize;
        if max_lines == 0 {
            continue;
        }
        let lines = wrap(text, per_line, usize::MAX);
        let fits = lines.len() <= max_lines
            && lines.iter().all(|l| l.chars().count() <= per_line)
            && !lines.iter().any(|l| l.ends_with('…'));
        // Do not split a word across lines in big letters: it reads badly from afar.
        let split_word = text
            .split_whitespace()
            .any(|word| word.chars().count() > per_line);
        if fits && !split_word {
            let height = h * lines_len(&lines);
            return Some((size, lines, height));
        }
    }
    None
}

fn lines_len(lines: &[String]) -> u16 {
    lines.len() as u16
}

/// Draws `text` as big as fits in `area` (else as bold wrapped text). Returns the rows used.
pub fn render(text: &str, style: Style, alignment: Alignment, area: Rect, buf: &mut Buffer) -> u16 {
    render_at_most(text, style, alignment, area, buf, SIZES[0].0)
}

/// Like [`render`], no bigger than `largest`.
pub fn render_at_most(
    text: &str,
    style: Style,
    alignment: Alignment,
    area: Rect,
    buf: &mut Buffer,
    largest: PixelSize,
) -> u16 {
    if area.is_empty() {
        return 0;
    }
    match layout_at_most(text, area, largest) {
        Some((size, lines, height)) => {
            let big = BigText::builder()
                .pixel_size(size)
                .style(style)
                .alignment(alignment)
                .lines(lines.into_iter().map(Line::from).collect::<Vec<_>>())
                .build();
            let used = Rect {
                height: height.min(area.height),
                ..area
            };
            big.render(used, buf);
            used.height
        }
        None => {
            let lines = wrap(text, area.width as usize, area.height as usize);
            let height = lines.len() as u16;
            Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>())
                .style(style.add_modifier(Modifier::BOLD))
                .alignment(alignment)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            height.min(area.height)
        }
    }
}

/// Rows `text` would use if drawn in `area` by [`render`].
pub fn height(text: &str, area: Rect) -> u16 {
    match layout(text, area) {
        Some((_, _, h)) => h,
        None => {
            (wrap(text, area.width as usize, area.height as usize).len() as u16).min(area.height)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_biggest_size_that_fits() {
        let wide = Rect::new(0, 0, 200, 10);
        let (size, lines, h) = layout("Welcome", wide).unwrap();
        assert_eq!(size, PixelSize::HalfHeight);
        assert_eq!(lines, vec!["Welcome"]);
        assert_eq!(h, 4);
        let narrow = Rect::new(0, 0, 50, 8);
        let (size, lines, _) = layout("Invested commitment", narrow).unwrap();
        assert_eq!(size, PixelSize::Quadrant);
        assert_eq!(lines, vec!["Invested", "commitment"]);
    }

    #[test]
    fn a_size_can_be_capped() {
        let wide = Rect::new(0, 0, 200, 10);
        let (size, _, h) = layout_at_most("Welcome", wide, PixelSize::Quadrant).unwrap();
        assert_eq!((size, h), (PixelSize::Quadrant, 4));
    }

    #[test]
    fn falls_back_to_plain_text() {
        assert!(layout("日本", Rect::new(0, 0, 100, 20)).is_none());
        assert!(
            layout(
                "Stability for lived-experience-led spaces",
                Rect::new(0, 0, 30, 3)
            )
            .is_none()
        );
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 2));
        let used = render(
            "日本 text",
            Style::new(),
            Alignment::Left,
            buf.area,
            &mut buf,
        );
        assert_eq!(used, 1);
    }
}
