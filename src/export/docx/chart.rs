//! Horizontal bar charts drawn as PNG images, labelled in an 8×8 bitmap font, for documents.
//!
//! Black text and dark bars with a black outline on white: the chart reads in greyscale and
//! in print, and no value is told by colour. Every bar is numbered (the number keys it to the
//! table printed with the chart); a label the bitmap font cannot draw (scripts other than
//! Latin and Greek, emoji) is left out of the image rather than drawn wrong, and read from
//! the table by its number.

use font8x8::{BASIC_FONTS, GREEK_FONTS, LATIN_FONTS, UnicodeFonts};

/// A chart as a PNG file, with its size in pixels.
#[derive(Debug, Clone)]
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The image's width in pixels. Shown across a page's text (about 17 cm), a letter is then
/// about 9 pt high.
pub const WIDTH: u32 = 800;
/// Each dot of the 8×8 font is drawn as a square this many pixels wide.
const SCALE: u32 = 2;
const GLYPH: u32 = 8 * SCALE;
const MARGIN: u32 = 8;
const BAR: u32 = 22;
/// Up to this many bars, each label has a line of its own above its bar; beyond it, labels
/// are shortened and drawn beside their bars, so that a long list still fits on a page.
const STACKED_UP_TO: usize = 10;
/// Characters of a label beside its bar (in the compact layout).
const SIDE_LABEL: usize = 22;

const WHITE: [u8; 3] = [255, 255, 255];
const INK: [u8; 3] = [17, 17, 17];
/// Dark blue: 9:1 against white, and the black outline and the value at its end do not rely
/// on it.
const BAR_FILL: [u8; 3] = [31, 78, 121];
const RULE: [u8; 3] = [120, 120, 120];

/// A bar chart of `bars` (label, value), numbered from 1 in the order given.
pub fn bar_chart(bars: &[(&str, u64)]) -> Result<Png, png::EncodingError> {
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let value_room = (digits(max) as u32 + 1) * GLYPH + MARGIN;
    let stacked = bars.len() <= STACKED_UP_TO;
    let row = if stacked {
        GLYPH + 4 + BAR + 12
    } else {
        BAR + 8
    };
    let height = (MARGIN * 2 + row * bars.len() as u32).max(MARGIN * 2 + row);
    let mut canvas = Canvas::new(WIDTH, height);
    let number_width = digits(bars.len() as u64) as u32 + 2; // "12. "
    let bar_left = if stacked {
        MARGIN + 6
    } else {
        MARGIN + (number_width + SIDE_LABEL as u32) * GLYPH + MARGIN
    };
    let bar_room = WIDTH - bar_left - value_room - MARGIN;
    for (i, (label, value)) in bars.iter().enumerate() {
        let top = MARGIN + row * i as u32;
        let number = format!("{}.", i + 1);
        let room = if stacked {
            (WIDTH - 2 * MARGIN) as usize / GLYPH as usize - number_width as usize
        } else {
            SIDE_LABEL
        };
        let text = drawable(label)
            .map(|t| shorten(&t, room))
            .unwrap_or_default();
        let (label_y, bar_y) = if stacked {
            (top, top + GLYPH + 4)
        } else {
            (top + (BAR - GLYPH) / 2, top)
        };
        canvas.text(MARGIN, label_y, &number);
        canvas.text(MARGIN + number_width * GLYPH, label_y, &text);
        let w = (u64::from(bar_room) * value / max) as u32;
        // Where the bar starts from: zero.
        canvas.rect(bar_left - 4, bar_y - 3, 2, BAR + 6, RULE);
        if w > 0 {
            canvas.rect(bar_left, bar_y, w, BAR, INK);
            if w > 2 {
                canvas.rect(bar_left + 1, bar_y + 1, w - 2, BAR - 2, BAR_FILL);
            }
        }
        canvas.text(
            bar_left + w + MARGIN,
            bar_y + (BAR - GLYPH) / 2,
            &value.to_string(),
        );
    }
    Ok(Png {
        bytes: canvas.png()?,
        width: WIDTH,
        height,
    })
}

/// `label` as the bitmap font can draw it: typographic punctuation made plain, and invisible
/// format characters (bidirectional controls, zero-width joiners) dropped. `None` when
/// something is left that it cannot draw: the bar is then keyed by its number alone.
pub fn drawable(label: &str) -> Option<String> {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{2022}' => out.push('\u{b7}'),
            '\t' | '\n' | '\r' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' => out.push(' '),
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' => {}
            '\u{2060}'..='\u{2069}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' => {}
            c if glyph(c).is_some() && !c.is_control() => out.push(c),
            _ => return None,
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(out)
}

/// At most `max` characters, ending in "..." when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(3)).collect();
        t.truncate(t.trim_end().len());
        t.push_str("...");
        t
    }
}

fn glyph(c: char) -> Option<[u8; 8]> {
    BASIC_FONTS
        .get(c)
        .or_else(|| LATIN_FONTS.get(c))
        .or_else(|| GREEK_FONTS.get(c))
}

fn digits(n: u64) -> usize {
    n.to_string().len()
}

/// An RGB image in memory.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            pixels: WHITE.repeat((width * height) as usize),
        }
    }

    fn rect(&mut self, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
        for py in y..(y + h).min(self.height) {
            for px in x..(x + w).min(self.width) {
                let i = ((py * self.width + px) * 3) as usize;
                self.pixels[i..i + 3].copy_from_slice(&colour);
            }
        }
    }

    /// Draws `text` (characters the font has) with its top left corner at (x, y); what does not
    /// fit in the width is cut off.
    fn text(&mut self, x: u32, y: u32, text: &str) {
        for (i, c) in text.chars().enumerate() {
            let Some(rows) = glyph(c) else { continue };
            let left = x + i as u32 * GLYPH;
            for (row, bits) in rows.iter().enumerate() {
                for col in 0..8 {
                    if bits & (1 << col) != 0 {
                        self.rect(
                            left + col * SCALE,
                            y + row as u32 * SCALE,
                            SCALE,
                            SCALE,
                            INK,
                        );
                    }
                }
            }
        }
    }

    fn png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&self.pixels)?;
        writer.finish()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &Png) -> (png::OutputInfo, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(&png.bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info, buf)
    }

    #[test]
    fn bars_are_as_long_as_their_values() {
        let png = bar_chart(&[("Travel", 10), ("Childcare", 5), ("None", 0)]).unwrap();
        let (info, pixels) = decode(&png);
        assert_eq!((info.width, info.height), (png.width, png.height));
        // The dark fill on the middle row of each bar, counted across the image.
        let row = GLYPH + 4 + BAR + 12;
        let fill = |bar: u32| {
            let y = MARGIN + row * bar + GLYPH + 4 + BAR / 2;
            (0..info.width)
                .filter(|x| {
                    let i = ((y * info.width + x) * 3) as usize;
                    pixels[i..i + 3] == BAR_FILL
                })
                .count()
        };
        let (a, b, c) = (fill(0), fill(1), fill(2));
        assert!(a > 500, "{a}");
        assert!((b as i64 - a as i64 / 2).abs() <= 2, "{a} {b}");
        assert_eq!(c, 0);
    }

    #[test]
    fn many_bars_still_fit_on_a_page() {
        let labels: Vec<String> = (0..30).map(|i| format!("Theme number {i}")).collect();
        let bars: Vec<(&str, u64)> = labels.iter().map(|l| (l.as_str(), 3)).collect();
        let png = bar_chart(&bars).unwrap();
        // 800 pixels across 17 cm: a page's text is about 1000 pixels high.
        assert!(png.height < 1000, "{}", png.height);
        assert!(bar_chart(&[]).unwrap().height > 0);
    }

    #[test]
    fn labels_the_font_cannot_draw_are_left_to_the_table() {
        assert_eq!(
            drawable("Caf\u{e9} \u{201c}late\u{201d} bus \u{2014} \u{3b1}\u{3b2}"),
            Some("Caf\u{e9} \"late\" bus - \u{3b1}\u{3b2}".into())
        );
        assert_eq!(drawable("a\u{202e}b\u{200d}c"), Some("abc".into()));
        assert_eq!(drawable("bus \u{1f68c}"), None);
        assert_eq!(drawable("\u{5e9}\u{5dc}\u{5d5}\u{5dd}"), None);
        assert_eq!(drawable("\u{65e5}\u{672c}"), None);
        assert_eq!(drawable("bell\u{7}"), None);
        assert_eq!(shorten("abcdefghij", 8), "abcde...");
        assert_eq!(shorten("abc", 8), "abc");
    }
}
