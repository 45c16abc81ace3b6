//! Finds where an item of a session file is (line and column) for a problem found after the
//! file was read: a light pass over the RON text that knows its brackets, strings and comments.

use crate::model::Place;

/// A 1-based line and column (the column counts characters).
pub type Position = (usize, usize);

/// Where each of `places` is in `text`, in the same order (`None` for a place not found).
/// One pass over the text, whatever the number of places.
pub fn positions(text: &str, places: &[Place]) -> Vec<Option<Position>> {
    let mut found: Vec<Option<Position>> = vec![None; places.len()];
    // The fallback for an item's field that is not written out (a default): the item's `id`,
    // else its opening bracket.
    let mut fallback: Vec<Option<Position>> = vec![None; places.len()];
    let mut scan = Scanner::new(text);
    let mut depth = 0usize;
    // The last field name read at each of the first levels: the session's, then the item's.
    let mut session_field: Option<&str> = None;
    let mut list: Option<&str> = None;
    let mut index = 0usize;
    let mut item_start: Position = (1, 1);
    let mut item_id: Option<Position> = None;
    // Fields of the current item, with where they are.
    let mut fields: Vec<(&str, Position)> = Vec::new();
    while let Some((token, at)) = scan.next_token() {
        match token {
            Token::Field(name) => {
                if depth == 1 {
                    session_field = Some(name);
                    for (i, place) in places.iter().enumerate() {
                        if matches!(place, Place::Session { field } if *field == name) {
                            found[i].get_or_insert(at);
                        }
                    }
                } else if depth == 3 && list.is_some() {
                    if name == "id" {
                        item_id = Some(at);
                    }
                    fields.push((name, at));
                }
            }
            Token::Open(bracket) => {
                if depth == 1 && bracket == b'[' {
                    list = session_field;
                    index = 0;
                } else if depth == 2 && list.is_some() {
                    item_start = at;
                    item_id = None;
                    fields.clear();
                }
                depth += 1;
            }
            Token::Close => {
                depth = depth.saturating_sub(1);
                if depth == 2
                    && let Some(list) = list
                {
                    for (i, place) in places.iter().enumerate() {
                        if let Place::Item {
                            list: l,
                            index: n,
                            field,
                        } = *place
                            && l == list
                            && n == index
                        {
                            found[i] = fields.iter().find(|(f, _)| *f == field).map(|(_, p)| *p);
                            fallback[i] = Some(item_id.unwrap_or(item_start));
                        }
                    }
                    index += 1;
                } else if depth == 1 {
                    list = None;
                }
            }
        }
    }
    found
        .into_iter()
        .zip(fallback)
        .map(|(f, b)| f.or(b))
        .collect()
}

enum Token<'a> {
    /// A name followed by `:`.
    Field(&'a str),
    Open(u8),
    Close,
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    line: usize,
    column: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            i: 0,
            line: 1,
            column: 1,
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.i + ahead).copied()
    }

    /// Moves past one byte, keeping count of lines and characters.
    fn bump(&mut self) {
        if let Some(&b) = self.bytes.get(self.i) {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.peek(0).is_some_and(&keep) {
            self.bump();
        }
    }

    /// Past a quoted string or character, from its opening quote.
    fn skip_quoted(&mut self, quote: u8) {
        self.bump();
        while let Some(b) = self.peek(0) {
            self.bump();
            if b == b'\\' {
                self.bump();
            } else if b == quote {
                return;
            }
        }
    }

    /// Past a raw string `r##"…"##`, from its `r`.
    fn skip_raw(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek(0) == Some(b'#') {
            hashes += 1;
            self.bump();
        }
        self.bump(); // the quote
        while let Some(b) = self.peek(0) {
            self.bump();
            if b == b'"' && (0..hashes).all(|k| self.peek(k) == Some(b'#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                return;
            }
        }
    }

    /// Past a comment, from its `/`. Block comments nest, as in RON.
    fn skip_comment(&mut self) {
        if self.peek(1) == Some(b'/') {
            self.skip_while(|b| b != b'\n');
            return;
        }
        self.bump();
        self.bump();
        let mut open = 1usize;
        while open > 0 && self.peek(0).is_some() {
            match (self.peek(0), self.peek(1)) {
                (Some(b'/'), Some(b'*')) => {
                    open += 1;
                    self.bump();
                }
                (Some(b'*'), Some(b'/')) => {
                    open -= 1;
                    self.bump();
                }
                _ => {}
            }
            self.bump();
        }
    }

    fn is_raw_string(&self) -> bool {
        let mut k = 1;
        while self.peek(k) == Some(b'#') {
            k += 1;
        }
        self.peek(k) == Some(b'"')
    }

    /// The next bracket or field name, with where it starts.
    fn next_token(&mut self) -> Option<(Token<'a>, Position)> {
        loop {
            let b = self.peek(0)?;
            let at = (self.line, self.column);
            match b {
                b'(' | b'[' | b'{' => {
                    self.bump();
                    return Some((Token::Open(b), at));
                }
                b')' | b']' | b'}' => {
                    self.bump();
                    return Some((Token::Close, at));
                }
                b'"' | b'\'' => self.skip_quoted(b),
                b'/' if matches!(self.peek(1), Some(b'/' | b'*')) => self.skip_comment(),
                b'r' if self.is_raw_string() => self.skip_raw(),
                b'b' if matches!(self.peek(1), Some(b'"' | b'\'')) => {
                    self.bump();
                    let quote = self.peek(0).unwrap_or(b'"');
                    self.skip_quoted(quote);
                }
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    let start = self.i;
                    self.skip_while(|b| b.is_ascii_alphanumeric() || b == b'_');
                    let name = &self.text[start..self.i];
                    // A field name is followed by `:` (spaces and comments aside).
                    loop {
                        match self.peek(0) {
                            Some(b) if b.is_ascii_whitespace() => self.bump(),
                            Some(b'/') if matches!(self.peek(1), Some(b'/' | b'*')) => {
                                self.skip_comment()
                            }
                            _ => break,
                        }
                    }
                    if self.peek(0) == Some(b':') {
                        self.bump();
                        return Some((Token::Field(name), at));
                    }
                }
                _ => self.bump(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_found_by_list_position_and_field() {
        let text = "// a comment with notes: [ (\n(\n    schema: 1,\n    title: \"a ( [ \\\" b\",\n    notes: [\n        (id: 1, table: 2),\n        /* (id: 9) */ (\n            id: 2,\n            table: 9,\n        ),\n    ],\n    themes: [(id: 4, label: r#\"x\"# )],\n)\n";
        let places = [
            Place::Item {
                list: "notes",
                index: 1,
                field: "table",
            },
            Place::Item {
                list: "notes",
                index: 0,
                field: "theme",
            },
            Place::Item {
                list: "themes",
                index: 0,
                field: "label",
            },
            Place::Session { field: "title" },
            Place::Item {
                list: "notes",
                index: 2,
                field: "id",
            },
        ];
        assert_eq!(
            positions(text, &places),
            [
                Some((9, 13)),
                Some((6, 10)),
                Some((12, 22)),
                Some((4, 5)),
                None
            ]
        );
    }
}
