//! Text files read as UTF-8, with the line and column of the first byte that is not.

/// Where a file stops being UTF-8. Positions are 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: the file is not valid UTF-8 (byte {offset})")]
pub struct NotUtf8 {
    pub line: usize,
    pub column: usize,
    /// Bytes before the bad one.
    pub offset: usize,
}

/// The text of a file's bytes, or where they stop being UTF-8. A byte-order mark is dropped.
pub fn decode(bytes: &[u8]) -> Result<&str, NotUtf8> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // Everything before `offset` is valid, so it can be read as text.
        let before = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        NotUtf8 {
            line,
            column,
            offset,
        }
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bad_byte_is_located_by_line_and_character() {
        assert_eq!(decode(b"\xEF\xBB\xBFok"), Ok("ok"));
        let e = decode(b"one\n\xC3\xA7\xC3\xA0\xff").unwrap_err();
        assert_eq!((e.line, e.column, e.offset), (2, 3, 8));
        let e = decode(b"\xff").unwrap_err();
        assert_eq!((e.line, e.column, e.offset), (1, 1, 0));
        assert_eq!(e.to_string(), "1:1: the file is not valid UTF-8 (byte 0)");
    }
}
