//! Key tables in general: a key chord, a binding row (mode, keys, action, description, footer
//! hint), and looking keys up, listing footer hints and help. The facilitator's screen
//! (`keymap.rs`) and the review browser (`review/keymap.rs`) each have one table of this kind.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers (Shift is folded into the character for printable keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub(crate) const fn ch(c: char) -> Chord {
    Chord {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

pub(crate) const fn ctrl(c: char) -> Chord {
    Chord {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub(crate) const fn alt(c: char) -> Chord {
    Chord {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}

pub(crate) const fn key(code: KeyCode) -> Chord {
    Chord {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub(crate) const fn alt_key(code: KeyCode) -> Chord {
    Chord {
        code,
        mods: KeyModifiers::ALT,
    }
}

impl Chord {
    /// The chord of a key event, with Shift folded into printable characters, so that `M`
    /// matches whether or not the terminal also reports Shift.
    pub fn from_event(event: &KeyEvent) -> Chord {
        let mut mods =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = event.code;
        match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) && c.is_ascii_uppercase() {
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
            }
            KeyCode::BackTab => mods.remove(KeyModifiers::SHIFT),
            _ => {}
        }
        Chord { code, mods }
    }

    /// How the chord is written in the footer and help ("Ctrl-z", "Alt-1", "←", "Space").
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("Space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            KeyCode::Enter => out.push_str("Enter"),
            KeyCode::Esc => out.push_str("Esc"),
            KeyCode::Tab => out.push_str("Tab"),
            KeyCode::BackTab => out.push_str("Shift-Tab"),
            KeyCode::Backspace => out.push_str("Backspace"),
            KeyCode::Delete => out.push_str("Delete"),
            KeyCode::Up => out.push('↑'),
            KeyCode::Down => out.push('↓'),
            KeyCode::Left => out.push('←'),
            KeyCode::Right => out.push('→'),
            KeyCode::PageUp => out.push_str("PgUp"),
            KeyCode::PageDown => out.push_str("PgDn"),
            KeyCode::Home => out.push_str("Home"),
            KeyCode::End => out.push_str("End"),
            other => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

/// What a binding does: one action, or one action per key (the n-th key gives `f(n)`).
#[derive(Debug, Clone)]
pub enum Bound<A> {
    One(A),
    Nth(fn(usize) -> A),
}

/// One row of a key table, for a screen's modes `M` and actions `A` (the facilitator's screen
/// and the review browser each have one table).
#[derive(Debug, Clone)]
pub struct Binding<M, A> {
    pub mode: M,
    pub keys: &'static [Chord],
    /// How to write the keys when listing them all would be too long ("1…9 0").
    pub label: Option<&'static str>,
    pub action: Bound<A>,
    /// What the keys do, in the help overlay.
    pub description: &'static str,
    /// A word or two for the footer; `None` keeps the binding out of the footer.
    pub hint: Option<&'static str>,
}

impl<M, A: Clone> Binding<M, A> {
    /// The keys as written in the footer and help.
    pub fn keys_label(&self) -> String {
        match self.label {
            Some(label) => label.to_string(),
            None => self
                .keys
                .iter()
                .map(Chord::label)
                .collect::<Vec<_>>()
                .join("/"),
        }
    }

    fn action_for(&self, index: usize) -> A {
        match &self.action {
            Bound::One(action) => action.clone(),
            Bound::Nth(f) => f(index),
        }
    }
}

/// The action bound to `event` in the first of `modes` that binds it, in `table`.
pub fn lookup<M: PartialEq, A: Clone>(
    table: &[Binding<M, A>],
    modes: &[M],
    event: &KeyEvent,
) -> Option<A> {
    let chord = Chord::from_event(event);
    for mode in modes {
        for binding in table.iter().filter(|b| b.mode == *mode) {
            if let Some(i) = binding.keys.iter().position(|k| *k == chord) {
                return Some(binding.action_for(i));
            }
        }
    }
    None
}

/// Footer hints of `table` for the active modes, in order: (keys, word).
pub fn hints_in<M: PartialEq, A: Clone>(
    table: &[Binding<M, A>],
    modes: &[M],
) -> Vec<(String, &'static str)> {
    modes
        .iter()
        .flat_map(|mode| table.iter().filter(move |b| b.mode == *mode))
        .filter_map(|b| b.hint.map(|hint| (b.keys_label(), hint)))
        .collect()
}

/// A help overlay's content: for each mode in `order`, its (keys, description) rows in `table`.
pub fn help_in<M: PartialEq + Copy, A: Clone>(
    table: &[Binding<M, A>],
    order: &[M],
) -> Vec<(M, Vec<(String, &'static str)>)> {
    order
        .iter()
        .map(|mode| {
            let rows = table
                .iter()
                .filter(|b| b.mode == *mode)
                .map(|b| (b.keys_label(), b.description))
                .collect();
            (*mode, rows)
        })
        .collect()
}

/// A row of a key table: `bind!(Mode, [keys], action, "description"[, "footer hint"])`, with
/// `Mode`, `Binding` and `Bound` as named where it is used.
macro_rules! bind {
    ($mode:ident, [$($k:expr),+ $(,)?], $action:expr, $desc:literal) => {
        Binding { mode: Mode::$mode, keys: &[$($k),+], label: None, action: Bound::One($action), description: $desc, hint: None }
    };
    ($mode:ident, [$($k:expr),+ $(,)?], $action:expr, $desc:literal, $hint:literal) => {
        Binding { mode: Mode::$mode, keys: &[$($k),+], label: None, action: Bound::One($action), description: $desc, hint: Some($hint) }
    };
}
pub(crate) use bind;
