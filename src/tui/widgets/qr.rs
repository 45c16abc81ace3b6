//! A QR code drawn in the terminal with half blocks (two modules a cell), dark on light with
//! its quiet zone, so a phone's camera reads it whatever the terminal's own colours.

use qrcode::{Color as Module, EcLevel, QrCode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

/// Modules of quiet zone kept around the code (the standard asks for 4; 2 reads reliably on
/// screens and saves room).
const QUIET: usize = 2;

/// The modules of `text`'s QR code (true: dark), with the quiet zone, or `None` when it is too
/// long for a code.
pub fn modules(text: &str) -> Option<Vec<Vec<bool>>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut rows = vec![vec![false; size]; size];
    for y in 0..width {
        for x in 0..width {
            rows[y + QUIET][x + QUIET] = colors[y * width + x] == Module::Dark;
        }
    }
    Some(rows)
}

/// The code's size in terminal cells: (columns, rows).
pub fn size(text: &str) -> Option<(u16, u16)> {
    let m = modules(text)?;
    let n = m.len() as u16;
    Some((n, n.div_ceil(2)))
}

/// The QR code of a text, drawn from the top left of the area it is given; draws nothing when
/// the area is too small to hold it whole (a cut code cannot be read).
pub struct Qr<'a> {
    pub text: &'a str,
}

impl Widget for Qr<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(rows) = modules(self.text) else {
            return;
        };
        let n = rows.len();
        if (area.width as usize) < n || (area.height as usize) < n.div_ceil(2) {
            return;
        }
        let dark = Color::Black;
        let light = Color::White;
        for (cy, pair) in rows.chunks(2).enumerate() {
            for x in 0..n {
                let top = pair[0][x];
                let bottom = pair.get(1).is_some_and(|r| r[x]);
                // The upper half block in the top module's colour over the bottom's.
                let style = Style::default()
                    .fg(if top { dark } else { light })
                    .bg(if bottom { dark } else { light });
                let cell = &mut buf[(area.x + x as u16, area.y + cy as u16)];
                cell.set_symbol("▀");
                cell.set_style(style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_address_fits_a_small_code() {
        let url = "http://192.168.100.200:7070/j/ABCDEFG";
        let (w, h) = size(url).unwrap();
        // Version 3 (29 modules) at level L holds it: 33 × 17 cells with the quiet zone.
        assert!(w <= 33 && h <= 17, "{w}×{h}");
        let m = modules(url).unwrap();
        assert!(m[0].iter().all(|d| !d), "the quiet zone is light");
        assert!(m[QUIET][QUIET], "a finder pattern's corner is dark");
    }

    #[test]
    fn nothing_is_drawn_where_it_does_not_fit() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 5));
        Qr {
            text: "http://10.0.0.1:7070/j/ABCDEFG",
        }
        .render(buf.area, &mut buf);
        assert!(buf.content.iter().all(|c| c.symbol() == " "));
    }
}

#[cfg(test)]
mod read_back {
    use super::*;

    /// Draws the code as the terminal would and reads it back with a QR decoder: every cell's
    /// upper half in its foreground colour, its lower half in its background colour.
    fn read(url: &str, scale: usize) -> String {
        let (w, h) = size(url).unwrap();
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        Qr { text: url }.render(buf.area, &mut buf);
        let margin = 4 * scale;
        let (pw, ph) = (
            w as usize * scale + 2 * margin,
            h as usize * 2 * scale + 2 * margin,
        );
        let img = rqrr::PreparedImage::prepare_from_greyscale(pw, ph, |x, y| {
            let (Some(x), Some(y)) = (x.checked_sub(margin), y.checked_sub(margin)) else {
                return 255;
            };
            let (cx, cy) = ((x / scale) as u16, (y / (2 * scale)) as u16);
            if cx >= w || cy >= h {
                return 255;
            }
            let cell = &buf[(cx, cy)];
            let colour = if (y / scale).is_multiple_of(2) {
                cell.fg
            } else {
                cell.bg
            };
            if colour == Color::Black { 0 } else { 255 }
        });
        let mut img = img;
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_drawn_code_reads_back_as_the_join_address() {
        for url in [
            "http://192.168.1.20:7070/j/KWJBX26",
            "http://10.42.0.1:7070/j/ABCDEFG",
            "http://[fe80::1]:51234/j/Z9B2SJC",
        ] {
            assert_eq!(read(url, 6), url);
        }
    }
}
