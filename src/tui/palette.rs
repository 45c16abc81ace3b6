//! Colour themes as roles (text, selection, warning, table marker…), with four presets and `NO_COLOR`.
//!
//! Colour never carries meaning alone: tables always show their letter, kinds their symbol,
//! the selected card a `▶`, and monochrome uses bold, reverse and underline only.

use crate::model::TableColour;
use ratatui::style::{Color, Modifier, Style};

/// The colour themes a facilitator can switch between with one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Black on white with strong accents: projectors wash out dark screens. The default.
    Light,
    Dark,
    /// White and yellow on black.
    HighContrast,
    /// No colour at all (also chosen by `NO_COLOR`).
    Monochrome,
}

impl Preset {
    pub const ALL: [Preset; 4] = [
        Preset::Light,
        Preset::Dark,
        Preset::HighContrast,
        Preset::Monochrome,
    ];

    /// The name written in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Light => "light",
            Preset::Dark => "dark",
            Preset::HighContrast => "high-contrast",
            Preset::Monochrome => "monochrome",
        }
    }

    /// The name shown on screen.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Light => "light high-contrast",
            Preset::Dark => "dark",
            Preset::HighContrast => "high-contrast",
            Preset::Monochrome => "monochrome",
        }
    }

    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name.trim())
    }

    pub fn next(self) -> Preset {
        let i = Preset::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Preset::ALL[(i + 1) % Preset::ALL.len()]
    }

    /// The preset to start with: the remembered one, else monochrome when `NO_COLOR` is set,
    /// else light high-contrast.
    pub fn initial(remembered: Option<&str>, no_color: bool) -> Preset {
        if no_color {
            return Preset::Monochrome;
        }
        remembered
            .and_then(Preset::from_name)
            .unwrap_or(Preset::Light)
    }

    /// True when the `NO_COLOR` convention asks for no colour (set and not empty).
    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }
}

/// Styles by role. Widgets ask for a role, never for a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub preset: Preset,
    /// Screen background and body text.
    pub base: Style,
    pub muted: Style,
    pub title: Style,
    /// The question put to the room.
    pub prompt: Style,
    /// The facilitator's private guidance.
    pub guidance: Style,
    pub border: Style,
    pub selected: Style,
    /// Keys in the footer and help.
    pub key: Style,
    pub ok: Style,
    pub warning: Style,
    /// The flashing "TIME" banner when a timer reaches zero.
    pub signal: Style,
    pub timer: Style,
    pub overrun: Style,
    pub face_down: Style,
    pub card: Style,
    pub input: Style,
}

const BLACK: Color = Color::Rgb(0, 0, 0);
const WHITE: Color = Color::Rgb(0xff, 0xff, 0xff);

impl Palette {
    pub fn new(preset: Preset) -> Palette {
        let bold = Modifier::BOLD;
        match preset {
            Preset::Light => {
                let base = Style::new().fg(BLACK).bg(WHITE);
                let blue = Color::Rgb(0x00, 0x4a, 0x80);
                let red = Color::Rgb(0xa0, 0x1c, 0x00);
                Palette {
                    preset,
                    base,
                    muted: base.fg(Color::Rgb(0x44, 0x44, 0x44)),
                    title: base.fg(blue).add_modifier(bold),
                    prompt: base.add_modifier(bold),
                    guidance: base
                        .fg(Color::Rgb(0x3a, 0x2a, 0x60))
                        .add_modifier(Modifier::ITALIC),
                    border: base.fg(Color::Rgb(0x55, 0x55, 0x55)),
                    selected: Style::new().fg(WHITE).bg(blue).add_modifier(bold),
                    key: base.fg(blue).add_modifier(bold),
                    ok: base.fg(Color::Rgb(0x00, 0x5a, 0x32)).add_modifier(bold),
                    warning: Style::new().fg(WHITE).bg(red).add_modifier(bold),
                    signal: Style::new().fg(WHITE).bg(red).add_modifier(bold),
                    timer: base.fg(BLACK).add_modifier(bold),
                    overrun: base.fg(red).add_modifier(bold),
                    face_down: Style::new()
                        .fg(Color::Rgb(0x33, 0x33, 0x33))
                        .bg(Color::Rgb(0xdd, 0xdd, 0xdd)),
                    card: base,
                    input: Style::new().fg(BLACK).bg(Color::Rgb(0xff, 0xf6, 0xd0)),
                }
            }
            Preset::Dark => {
                let base = Style::new()
                    .fg(Color::Rgb(0xe8, 0xe8, 0xe8))
                    .bg(Color::Rgb(0x1c, 0x1c, 0x1c));
                let accent = Color::Rgb(0x56, 0xb4, 0xe9);
                let red = Color::Rgb(0xff, 0x6b, 0x4a);
                Palette {
                    preset,
                    base,
                    muted: base.fg(Color::Rgb(0xa8, 0xa8, 0xa8)),
                    title: base.fg(accent).add_modifier(bold),
                    prompt: base.fg(WHITE).add_modifier(bold),
                    guidance: base
                        .fg(Color::Rgb(0xcc, 0xb8, 0xf0))
                        .add_modifier(Modifier::ITALIC),
                    border: base.fg(Color::Rgb(0x80, 0x80, 0x80)),
                    selected: Style::new().fg(BLACK).bg(accent).add_modifier(bold),
                    key: base.fg(accent).add_modifier(bold),
                    ok: base.fg(Color::Rgb(0x5f, 0xd7, 0x87)).add_modifier(bold),
                    warning: Style::new().fg(BLACK).bg(red).add_modifier(bold),
                    signal: Style::new().fg(BLACK).bg(red).add_modifier(bold),
                    timer: base.fg(WHITE).add_modifier(bold),
                    overrun: base.fg(red).add_modifier(bold),
                    face_down: Style::new()
                        .fg(Color::Rgb(0xc0, 0xc0, 0xc0))
                        .bg(Color::Rgb(0x3a, 0x3a, 0x3a)),
                    card: base,
                    input: Style::new().fg(WHITE).bg(Color::Rgb(0x2e, 0x2e, 0x40)),
                }
            }
            Preset::HighContrast => {
                let base = Style::new().fg(WHITE).bg(BLACK);
                let yellow = Color::Rgb(0xff, 0xff, 0x00);
                Palette {
                    preset,
                    base,
                    muted: base.fg(WHITE),
                    title: base.fg(yellow).add_modifier(bold),
                    prompt: base.fg(WHITE).add_modifier(bold),
                    guidance: base
                        .fg(Color::Rgb(0x00, 0xff, 0xff))
                        .add_modifier(Modifier::ITALIC),
                    border: base.fg(WHITE),
                    selected: Style::new().fg(BLACK).bg(yellow).add_modifier(bold),
                    key: base.fg(yellow).add_modifier(bold),
                    ok: base.fg(Color::Rgb(0x00, 0xff, 0x00)).add_modifier(bold),
                    warning: Style::new().fg(BLACK).bg(yellow).add_modifier(bold),
                    signal: Style::new().fg(BLACK).bg(yellow).add_modifier(bold),
                    timer: base.fg(WHITE).add_modifier(bold),
                    overrun: base.fg(yellow).add_modifier(bold),
                    face_down: Style::new().fg(BLACK).bg(WHITE),
                    card: base,
                    input: base.add_modifier(Modifier::UNDERLINED),
                }
            }
            Preset::Monochrome => {
                let base = Style::new();
                Palette {
                    preset,
                    base,
                    muted: base,
                    title: base.add_modifier(bold),
                    prompt: base.add_modifier(bold),
                    guidance: base.add_modifier(Modifier::ITALIC),
                    border: base,
                    selected: base.add_modifier(Modifier::REVERSED | bold),
                    key: base.add_modifier(bold),
                    ok: base,
                    warning: base.add_modifier(Modifier::REVERSED | bold),
                    signal: base.add_modifier(Modifier::REVERSED | bold),
                    timer: base.add_modifier(bold),
                    overrun: base.add_modifier(bold | Modifier::UNDERLINED),
                    face_down: base.add_modifier(Modifier::DIM),
                    card: base,
                    input: base.add_modifier(Modifier::UNDERLINED),
                }
            }
        }
    }

    pub fn has_colour(&self) -> bool {
        self.preset != Preset::Monochrome
    }

    /// The table's colour, or `Reset` in monochrome.
    pub fn table_colour(&self, colour: TableColour) -> Color {
        if !self.has_colour() {
            return Color::Reset;
        }
        let (r, g, b) = colour.rgb();
        Color::Rgb(r, g, b)
    }

    /// The marker that identifies a table: its letter in black or white (whichever reads better)
    /// on the table's colour. In monochrome, the letter in reverse video.
    pub fn table_marker(&self, colour: TableColour) -> Style {
        if !self.has_colour() {
            return Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        }
        let (r, g, b) = colour.rgb();
        let text = if contrast((r, g, b), (0, 0, 0)) >= contrast((r, g, b), (255, 255, 255)) {
            BLACK
        } else {
            WHITE
        };
        Style::new()
            .fg(text)
            .bg(Color::Rgb(r, g, b))
            .add_modifier(Modifier::BOLD)
    }

    /// A card's border in its table's colour.
    pub fn table_border(&self, colour: TableColour) -> Style {
        if !self.has_colour() {
            return self.border;
        }
        self.base.fg(self.table_colour(colour))
    }
}

/// Relative luminance of an sRGB colour (WCAG 2).
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG contrast ratio between two colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(c: Color) -> (u8, u8, u8) {
        match c {
            Color::Rgb(r, g, b) => (r, g, b),
            other => panic!("expected an RGB colour, got {other:?}"),
        }
    }

    #[test]
    fn table_letters_are_readable_on_every_table_colour() {
        let p = Palette::new(Preset::Light);
        for c in TableColour::ALL {
            let s = p.table_marker(c);
            let ratio = contrast(rgb(s.fg.unwrap()), rgb(s.bg.unwrap()));
            assert!(
                ratio >= 4.5,
                "{c:?}: contrast {ratio:.1} is below WCAG AA 4.5:1"
            );
        }
    }

    #[test]
    fn body_text_meets_wcag_aaa_in_coloured_presets() {
        for preset in [Preset::Light, Preset::Dark, Preset::HighContrast] {
            let p = Palette::new(preset);
            for (role, style) in [("base", p.base), ("prompt", p.prompt), ("muted", p.muted)] {
                let fg = rgb(style.fg.unwrap());
                let bg = rgb(style.bg.unwrap());
                let ratio = contrast(fg, bg);
                assert!(ratio >= 7.0, "{preset:?} {role}: {ratio:.1} < 7:1");
            }
            for (role, style) in [
                ("selected", p.selected),
                ("warning", p.warning),
                ("signal", p.signal),
            ] {
                let ratio = contrast(rgb(style.fg.unwrap()), rgb(style.bg.unwrap()));
                assert!(ratio >= 4.5, "{preset:?} {role}: {ratio:.1} < 4.5:1");
            }
        }
    }

    #[test]
    fn no_color_wins_and_names_round_trip() {
        assert_eq!(Preset::initial(Some("dark"), true), Preset::Monochrome);
        assert_eq!(Preset::initial(Some("dark"), false), Preset::Dark);
        assert_eq!(Preset::initial(Some("nonsense"), false), Preset::Light);
        assert_eq!(Preset::initial(None, false), Preset::Light);
        for p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
        assert_eq!(Preset::Monochrome.next(), Preset::Light);
    }

    #[test]
    fn monochrome_has_no_colour() {
        let p = Palette::new(Preset::Monochrome);
        assert_eq!(p.table_colour(TableColour::Orange), Color::Reset);
        assert!(
            p.table_marker(TableColour::Blue)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }
}
