//! A small builder for Word documents (.docx): headings, paragraphs, quotes, tables and bar
//! charts, on numbered A4 pages, with the document's properties.
//!
//! Start with [`Document::new`], add blocks in reading order, and [`Document::finish`] gives the
//! file's bytes. Every piece of text is taken as plain text, never markup: it is cleaned of what
//! XML 1.0 cannot hold ([`clean`]), line breaks and tabs become Word's own, and the document
//! parts escape the rest. Headings use Word's built-in heading styles (`heading 1`…`heading 3`
//! with outline levels), so Word's navigation pane and LibreOffice's outline list them; tables
//! have a header row repeated on every page; charts are PNG images with alternative text and
//! their numbers in a table under them.
//!
//! The parts come from the `docx-rs` crate. What it cannot write is added to its output before
//! the parts are packed again ([`Document::finish`]): the alternative text and unique ids of
//! pictures (`wp:docPr`), the header rows, the document's title, subject and generator
//! (`docProps/core.xml`, `docProps/app.xml`) and its language.

use super::DocxError;
use super::chart;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, NumPages,
    PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders,
    Pic, Run, RunFonts, Shading, Style, StyleType, Table, TableCell, TableLayoutType, TableRow,
    WidthType,
};
use jiff::Timestamp;
use std::io::{Read, Write};

/// A4, in twentieths of a point.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
/// 2 cm margins.
const MARGIN: i32 = 1134;
/// The width of the text between the margins.
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN as u32;
/// English Metric Units in a twentieth of a point.
const EMU_PER_TWIP: u64 = 635;
/// Characters in a table cell below which its row is kept on one page.
const KEEP_ROW_UNDER: usize = 1000;
/// The language the document's own words are in (user text is whatever it is).
const LANGUAGE: &str = "en-GB";

/// A piece of a paragraph: plain, bold or italic text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span<'a> {
    Plain(&'a str),
    Bold(&'a str),
    Italic(&'a str),
}

/// A Word document being built. See the [module documentation](self).
pub struct Document {
    docx: Docx,
    title: String,
    subject: String,
    created: Timestamp,
    /// The alternative text of each chart, in document order.
    alts: Vec<String>,
}

impl Document {
    /// A new, empty document. `title` and `subject` become the document's properties (shown
    /// by Word under File › Info, and used as the title of a PDF made from it), `created` its
    /// creation time. Nothing is added to the page: start it with a [`heading`](Self::heading).
    pub fn new(title: &str, subject: &str, created: Timestamp) -> Document {
        let footer = Footer::new().add_paragraph(
            Paragraph::new()
                .style("Footer")
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text("Page "))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" of "))
                .add_num_pages(NumPages::new()),
        );
        let docx = Docx::new()
            .page_size(PAGE_WIDTH, PAGE_HEIGHT)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN)
                    .bottom(MARGIN)
                    .left(MARGIN)
                    .right(MARGIN)
                    .header(567)
                    .footer(567),
            )
            // Arial (LibreOffice's Liberation Sans) for Latin, Greek, Cyrillic, Hebrew and
            // Arabic; the reader's own fonts for other scripts.
            .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
            .default_size(21)
            .default_line_spacing(spacing(0, 120, Some(264)))
            .footer(footer);
        let docx = styles()
            .into_iter()
            .fold(docx, |docx, style| docx.add_style(style));
        Document {
            docx,
            title: clean(title),
            subject: clean(subject),
            created,
            alts: Vec::new(),
        }
    }

    /// A heading: `level` 1 (the document's title), 2 (a section) or 3 (a part of a section);
    /// other levels are taken as the nearest of these.
    pub fn heading(&mut self, level: u8, text: &str) {
        let level = level.clamp(1, 3);
        self.push(
            Paragraph::new()
                .style(&format!("Heading{level}"))
                .keep_next(true),
            &[Span::Plain(text)],
        );
    }

    /// A paragraph of plain text.
    pub fn paragraph(&mut self, text: &str) {
        self.push(Paragraph::new(), &[Span::Plain(text)]);
    }

    /// A paragraph of plain, bold and italic pieces, in order.
    pub fn paragraph_spans(&mut self, spans: &[Span]) {
        self.push(Paragraph::new(), spans);
    }

    /// A quotation set off from the text (indented, with a rule on its left): `text`, then
    /// "— `source`" in italics when a source is given.
    pub fn quote(&mut self, text: &str, source: &str) {
        let dash = if source.is_empty() { "" } else { " — " };
        self.push(
            Paragraph::new().style("Quote"),
            &[Span::Plain(text), Span::Italic(dash), Span::Italic(source)],
        );
    }

    /// A table: a header row (`header`, repeated at the top of every page the table runs
    /// onto) and `rows` of cells, each a string that may hold line breaks. Columns get widths
    /// from what they hold; a column of numbers is narrow and aligned right.
    pub fn table<S: AsRef<str>>(&mut self, header: &[&str], rows: &[Vec<S>]) {
        let columns = header.len();
        let numeric: Vec<bool> = (0..columns)
            .map(|c| {
                rows.iter()
                    .any(|r| r.get(c).is_some_and(|s| !s.as_ref().is_empty()))
                    && rows
                        .iter()
                        .all(|r| r.get(c).is_none_or(|s| is_number(s.as_ref())))
            })
            .collect();
        let widths = column_widths(header, rows, &numeric);
        let cell = |text: &str, column: usize, head: bool| {
            let mut p = Paragraph::new().style("TableText");
            if numeric[column] {
                p = p.align(AlignmentType::Right);
            }
            let span = if head {
                Span::Bold(text)
            } else {
                Span::Plain(text)
            };
            let mut cell = TableCell::new()
                .width(widths[column] as usize, WidthType::Dxa)
                .add_paragraph(spans_into(p, &[span]));
            if head {
                cell = cell.shading(Shading::new().fill("E7E6E6"));
            }
            cell
        };
        let mut table_rows = vec![
            TableRow::new(
                header
                    .iter()
                    .enumerate()
                    .map(|(c, h)| cell(h, c, true))
                    .collect(),
            )
            .cant_split(),
        ];
        for row in rows {
            let mut table_row = TableRow::new(
                (0..columns)
                    .map(|c| cell(row.get(c).map_or("", |s| s.as_ref()), c, false))
                    .collect(),
            );
            // A row is kept on one page when it surely fits on one: a row that may not is
            // left to break, or a reader would cut it off at the page's foot.
            if row
                .iter()
                .all(|s| s.as_ref().chars().count() < KEEP_ROW_UNDER)
            {
                table_row = table_row.cant_split();
            }
            table_rows.push(table_row);
        }
        let table = Table::new(table_rows)
            .set_grid(widths.iter().map(|w| *w as usize).collect())
            .layout(TableLayoutType::Fixed)
            .width(TEXT_WIDTH as usize, WidthType::Dxa);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
        // An empty paragraph after a table, so that two tables in a row stay two tables.
        self.push(Paragraph::new().style("AfterTable"), &[]);
    }

    /// A bar chart of `bars` (label, value), numbered from 1 in order: its `caption`, the
    /// chart as an image whose alternative text is `alt` (it should state every value), and
    /// under it the numbers as a table, `header` and `rows`, one row per bar in the same order,
    /// with a first column "#" that keys each row to its bar. Labels the image cannot draw
    /// (it draws Latin and Greek letters) are read from the table by their number.
    pub fn bar_chart<S: AsRef<str>>(
        &mut self,
        caption: &str,
        alt: &str,
        bars: &[(&str, u64)],
        header: &[&str],
        rows: &[Vec<S>],
    ) -> Result<(), DocxError> {
        let png = chart::bar_chart(bars)?;
        let n = self.alts.len() + 1;
        self.alts.push(clean(alt));
        self.push(
            Paragraph::new().style("Caption").keep_next(true),
            &[Span::Plain(caption)],
        );
        let width = u64::from(TEXT_WIDTH) * EMU_PER_TWIP;
        let height = width * u64::from(png.height) / u64::from(png.width);
        let pic = Pic::new_with_dimensions(png.bytes, png.width, png.height)
            .id(format!("rIdChart{n}"))
            .size(width as u32, height as u32);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(
            Paragraph::new()
                .style("Figure")
                .keep_next(true)
                .add_run(Run::new().add_image(pic)),
        );
        let mut head = vec!["#"];
        head.extend_from_slice(header);
        let keyed: Vec<Vec<String>> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = vec![(i + 1).to_string()];
                cells.extend(row.iter().map(|s| s.as_ref().to_string()));
                cells
            })
            .collect();
        self.table(&head, &keyed);
        Ok(())
    }

    /// The document as the bytes of a .docx file.
    pub fn finish(self) -> Result<Vec<u8>, DocxError> {
        let mut packed = std::io::Cursor::new(Vec::new());
        self.docx
            .build()
            .pack(&mut packed)
            .map_err(|e| DocxError::Pack(e.to_string()))?;
        let core = core_xml(&self.title, &self.subject, self.created);
        repack(packed.get_ref(), &core, &self.alts)
    }

    fn push(&mut self, paragraph: Paragraph, spans: &[Span]) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(spans_into(paragraph, spans));
    }
}

/// Text as a document part can hold it: line ends made `\n`, the characters XML 1.0 forbids
/// (most C0 controls, U+FFFE, U+FFFF) dropped, and any bidirectional embedding, override or
/// isolate the text opens closed at its end, so that it cannot reorder what follows it in its
/// paragraph. Cleaning cleaned text changes nothing, so text to be put together with other
/// text can be cleaned first.
pub fn clean(text: &str) -> String {
    let mut out = crate::export::qdpx_clean(text);
    let (mut embeddings, mut isolates) = (0usize, 0usize);
    for c in out.chars() {
        match c {
            '\u{202c}' => embeddings = embeddings.saturating_sub(1),
            '\u{202a}'..='\u{202e}' => embeddings += 1,
            '\u{2066}'..='\u{2068}' => isolates += 1,
            '\u{2069}' => isolates = isolates.saturating_sub(1),
            // A line break inside the text is not the paragraph's end: what is open stays open.
            _ => {}
        }
    }
    out.extend(std::iter::repeat_n('\u{202c}', embeddings));
    out.extend(std::iter::repeat_n('\u{2069}', isolates));
    out
}

/// `paragraph` with `spans` added as runs: line breaks as Word's breaks, tabs as its tabs.
fn spans_into(mut paragraph: Paragraph, spans: &[Span]) -> Paragraph {
    for span in spans {
        let (text, bold, italic) = match span {
            Span::Plain(t) => (t, false, false),
            Span::Bold(t) => (t, true, false),
            Span::Italic(t) => (t, false, true),
        };
        if text.is_empty() {
            continue;
        }
        let mut run = Run::new();
        if bold {
            run = run.bold();
        }
        if italic {
            run = run.italic();
        }
        for (i, line) in clean(text).split('\n').enumerate() {
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            for (j, piece) in line.split('\t').enumerate() {
                if j > 0 {
                    run = run.add_tab();
                }
                if !piece.is_empty() {
                    run = run.add_text(piece);
                }
            }
        }
        paragraph = paragraph.add_run(run);
    }
    paragraph
}

/// Whether a cell reads as a number (or a shared rank: "2=").
fn is_number(cell: &str) -> bool {
    let digits = cell.trim_end_matches('=');
    cell.is_empty() || (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
}

/// Column widths (twentieths of a point) that add up to the text's width: each column gets at
/// least the width of its longest word (so no word is broken unless the words together cannot
/// fit); when every line fits, the spare width goes to the text columns; otherwise the rest of
/// the width goes to the columns whose text wraps, in proportion to how much text they hold
/// (which keeps the rows short), none wider than its longest line. A column of numbers is as
/// wide as its widest number or the longest word of its heading.
fn column_widths<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>], numeric: &[bool]) -> Vec<u32> {
    // About one character of 9.5 pt text (a wide font's), and a cell's padding.
    const CHAR: u32 = 125;
    const PADDING: u32 = 280;
    // Longer lines are wrapped anyway: they ask for no more than this.
    const LINE: u32 = 60;
    let chars = |s: &str| s.chars().count() as u32;
    let word = |s: &str| s.split_whitespace().map(chars).max().unwrap_or(0);
    let line = |s: &str| s.lines().map(chars).max().unwrap_or(0);
    let columns = header.len();
    let cells = |c: usize| {
        rows.iter()
            .filter_map(move |r| r.get(c))
            .map(|s| s.as_ref())
    };
    let width = |n: u32| n.max(1) * CHAR + PADDING;
    let (mut least, mut most) = (Vec::new(), Vec::new());
    for c in 0..columns {
        let longest_word = cells(c).map(word).max().unwrap_or(0).max(word(header[c]));
        if numeric[c] {
            least.push(width(longest_word));
            most.push(width(longest_word));
        } else {
            let longest_line = cells(c).map(line).max().unwrap_or(0).max(line(header[c]));
            least.push(width(longest_word.min(20)));
            most.push(width(longest_line.min(LINE)).max(width(longest_word.min(20))));
        }
    }
    let (least_total, most_total) = (least.iter().sum::<u32>(), most.iter().sum::<u32>());
    if least_total >= TEXT_WIDTH {
        return least.iter().map(|w| w * TEXT_WIDTH / least_total).collect();
    }
    if most_total <= TEXT_WIDTH {
        // Everything fits on one line: the spare width goes to the text columns.
        let spare = TEXT_WIDTH - most_total;
        let text: u32 = (0..columns).filter(|c| !numeric[*c]).map(|c| most[c]).sum();
        return (0..columns)
            .map(|c| match text {
                0 => most[c] * TEXT_WIDTH / most_total,
                _ if numeric[c] => most[c],
                _ => most[c] + spare * most[c] / text,
            })
            .collect();
    }
    let volume: Vec<u64> = (0..columns)
        .map(|c| {
            let total: u64 = cells(c).map(|s| u64::from(chars(s))).sum();
            (total / rows.len().max(1) as u64).max(1)
        })
        .collect();
    let mut widths = least;
    let mut spare = TEXT_WIDTH - least_total;
    while spare > 0 {
        let open: Vec<usize> = (0..columns).filter(|c| widths[*c] < most[*c]).collect();
        let weight: u64 = open.iter().map(|c| volume[*c]).sum();
        let mut used = 0;
        for c in open {
            let share = (u64::from(spare) * volume[c] / weight.max(1)) as u32;
            let add = share.min(most[c] - widths[c]);
            widths[c] += add;
            used += add;
        }
        if used == 0 {
            break;
        }
        spare -= used;
    }
    widths
}

/// Space before and after a paragraph, and between its lines (in 240ths of a line: 240 is
/// single), all in twentieths of a point. The rule is always given: LibreOffice takes a line
/// height without one as exact, which clips pictures and large type.
fn spacing(before: u32, after: u32, line: Option<i32>) -> LineSpacing {
    let s = LineSpacing::new().before(before).after(after);
    match line {
        Some(line) => s.line(line).line_rule(LineSpacingType::Auto),
        None => s,
    }
}

/// The paragraph, table and character styles the builder uses.
fn styles() -> Vec<Style> {
    let heading = |level: usize, size: usize, before: u32| {
        let mut s = Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .ui_priority(9)
            .bold()
            .size(size)
            .color("1F3A5F")
            .outline_lvl(level - 1);
        s.paragraph_property = s
            .paragraph_property
            .keep_next(true)
            .keep_lines(true)
            .line_spacing(spacing(before, 120, None));
        s
    };
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
    };
    let mut quote = paragraph("Quote", "Quote").indent(Some(567), None, Some(567), None);
    quote.paragraph_property = quote.paragraph_property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Left)
                .val(BorderType::Single)
                .size(18)
                .space(8)
                .color("1F3A5F"),
        ),
    );
    let mut caption = paragraph("Caption", "caption").bold().size(20);
    caption.paragraph_property = caption
        .paragraph_property
        .keep_next(true)
        .line_spacing(spacing(120, 60, None));
    let mut table_text = paragraph("TableText", "Table Text").size(19);
    table_text.paragraph_property =
        table_text
            .paragraph_property
            .line_spacing(spacing(20, 20, Some(240)));
    let mut after_table = paragraph("AfterTable", "After Table").size(8);
    after_table.paragraph_property =
        after_table
            .paragraph_property
            .line_spacing(spacing(0, 0, Some(240)));
    let mut figure = paragraph("Figure", "Figure");
    figure.paragraph_property = figure
        .paragraph_property
        .keep_next(true)
        .line_spacing(spacing(0, 60, Some(240)));
    let footer = paragraph("Footer", "footer").size(18).color("404040");
    // docx-rs writes the "Normal" style itself.
    vec![
        heading(1, 40, 0),
        heading(2, 30, 360),
        heading(3, 25, 240),
        quote,
        caption,
        table_text,
        after_table,
        figure,
        footer,
    ]
}

/// Escapes text for an XML attribute value or element content.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// `docProps/core.xml`: title, subject, creation time.
fn core_xml(title: &str, subject: &str, created: Timestamp) -> String {
    let created = created.strftime("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:language>{LANGUAGE}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>\
         </cp:coreProperties>",
        xml_escape(title),
        xml_escape(subject),
    )
}

/// `docProps/app.xml`: the program that made the document.
fn app_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>convene {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

/// What docx-rs writes for every picture's drawing properties: the same id, no description.
const DOC_PR: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";

/// The package docx-rs made, packed again: directory entries left out, the document's
/// properties and the pictures' alternative text put in, compressed, with fixed times (the
/// same session gives the same file).
fn repack(packed: &[u8], core: &str, alts: &[String]) -> Result<Vec<u8>, DocxError> {
    let pack = |e: zip::result::ZipError| DocxError::Pack(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed)).map_err(pack)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let entry = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(pack)?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(pack)?.to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| DocxError::Pack(e.to_string()))?;
        let bytes = match name.as_str() {
            "docProps/core.xml" => core.as_bytes().to_vec(),
            "docProps/app.xml" => app_xml().into_bytes(),
            "word/document.xml" => document_xml(&bytes, alts)?.into_bytes(),
            "word/styles.xml" => styles_xml(&bytes)?.into_bytes(),
            _ => bytes,
        };
        out.start_file(name.as_str(), entry).map_err(pack)?;
        out.write_all(&bytes)
            .map_err(|e| DocxError::Pack(e.to_string()))?;
    }
    Ok(out.finish().map_err(pack)?.into_inner())
}

/// `word/document.xml` with each picture's drawing properties made unique and given its
/// alternative text, and each table's first row marked as its header row.
fn document_xml(bytes: &[u8], alts: &[String]) -> Result<String, DocxError> {
    let xml = std::str::from_utf8(bytes).map_err(|e| DocxError::Pack(e.to_string()))?;
    let pieces: Vec<&str> = xml.split(DOC_PR).collect();
    if pieces.len() != alts.len() + 1 {
        return Err(DocxError::Pack(format!(
            "{} pictures were written for {} charts",
            pieces.len() - 1,
            alts.len()
        )));
    }
    let mut out = String::with_capacity(xml.len() + alts.iter().map(String::len).sum::<usize>());
    for (i, piece) in pieces.iter().enumerate() {
        out.push_str(piece);
        if let Some(alt) = alts.get(i) {
            out.push_str(&format!(
                "<wp:docPr id=\"{}\" name=\"Chart {}\" descr=\"{}\" />",
                i + 1,
                i + 1,
                xml_escape(alt)
            ));
        }
    }
    Ok(mark_header_rows(&out))
}

/// Marks each table's first row as its header row (`w:tblHeader`: repeated on every page the
/// table runs onto, and announced as headers by screen readers). A header row is always
/// written with `w:cantSplit`, and tables are never nested, so the first row properties with it
/// after a table's start are its header's. Text cannot look like either: its `<` is escaped.
fn mark_header_rows(xml: &str) -> String {
    const TABLE: &str = "<w:tbl>";
    const ROW: &str = "<w:trPr><w:cantSplit />";
    let mut out = String::with_capacity(xml.len() + 1024);
    let mut rest = xml;
    while let Some(t) = rest.find(TABLE) {
        let Some(r) = rest[t..].find(ROW) else { break };
        let end = t + r + ROW.len();
        out.push_str(&rest[..end]);
        out.push_str("<w:tblHeader />");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `word/styles.xml` with the document's language set (for spelling, hyphenation and screen
/// readers), as the last of the default run properties.
fn styles_xml(bytes: &[u8]) -> Result<String, DocxError> {
    let xml = std::str::from_utf8(bytes).map_err(|e| DocxError::Pack(e.to_string()))?;
    Ok(xml.replacen(
        "</w:rPr></w:rPrDefault>",
        &format!("<w:lang w:val=\"{LANGUAGE}\" /></w:rPr></w:rPrDefault>"),
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part of a finished document, by name.
    fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut b = Vec::new();
                f.read_to_end(&mut b).unwrap();
                (f.name().unwrap().to_string(), b)
            })
            .collect()
    }

    fn small() -> Vec<u8> {
        let created = "2026-09-24T09:30:00Z".parse().unwrap();
        let mut d = Document::new("A <title> & \"more\"", "Subject", created);
        d.heading(1, "Title");
        d.heading(7, "Deep");
        d.paragraph("line one\r\nline two\ttabbed\u{7}");
        d.quote("Said", "table A");
        d.table(&["Name", "Count"], &[vec!["a", "1"], vec!["b", "22"]]);
        d.bar_chart(
            "Chart",
            "alt: a 1, b \"2\"\n",
            &[("a", 1), ("b", 2)],
            &["Name", "Count"],
            &[vec!["a", "1"], vec!["b", "2"]],
        )
        .unwrap();
        d.finish().unwrap()
    }

    #[test]
    fn cleaning_drops_what_xml_forbids_and_closes_bidirectional_text() {
        assert_eq!(clean("a\r\nb\rc\u{0}\u{1b}\u{FFFE}\u{FFFF}d"), "a\nb\ncd");
        assert_eq!(clean("\u{202e}evil"), "\u{202e}evil\u{202c}");
        assert_eq!(clean("\u{2067}x\u{2069}"), "\u{2067}x\u{2069}");
        assert_eq!(
            clean("\u{2068}\u{202b}x"),
            "\u{2068}\u{202b}x\u{202c}\u{2069}"
        );
        assert_eq!(clean("\u{202e}a\nb"), "\u{202e}a\nb\u{202c}");
        assert_eq!(clean(&clean("\u{202e}a")), clean("\u{202e}a"));
        assert_eq!(
            clean("tab\there \u{5e9}\u{5dc}\u{5d5}\u{5dd}"),
            "tab\there \u{5e9}\u{5dc}\u{5d5}\u{5dd}"
        );
    }

    #[test]
    fn every_part_is_well_formed_and_the_properties_are_set() {
        let parts = parts(&small());
        assert_eq!(parts.keys().next().unwrap(), "[Content_Types].xml");
        for (name, bytes) in &parts {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let text = std::str::from_utf8(bytes).unwrap();
                roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
        let core = std::str::from_utf8(&parts["docProps/core.xml"]).unwrap();
        let core = roxmltree::Document::parse(core).unwrap();
        let text = |name: &str| {
            core.descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        assert_eq!(text("title").as_deref(), Some("A <title> & \"more\""));
        assert_eq!(text("created").as_deref(), Some("2026-09-24T09:30:00Z"));
        let app = std::str::from_utf8(&parts["docProps/app.xml"]).unwrap();
        assert!(app.contains("<Application>convene "), "{app}");
        let styles = std::str::from_utf8(&parts["word/styles.xml"]).unwrap();
        assert!(styles.contains("<w:lang w:val=\"en-GB\" />"), "{styles}");
    }

    #[test]
    fn pictures_get_unique_ids_and_their_alternative_text() {
        let parts = parts(&small());
        let xml = std::str::from_utf8(&parts["word/document.xml"]).unwrap();
        let doc = roxmltree::Document::parse(xml).unwrap();
        let pr: Vec<_> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "docPr")
            .collect();
        assert_eq!(pr.len(), 1);
        assert_eq!(pr[0].attribute("descr"), Some("alt: a 1, b \"2\"\n"));
        assert_eq!(pr[0].attribute("id"), Some("1"));
        // The header row of both tables (the chart's and the other) repeats on every page.
        let headers = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "tblHeader")
            .count();
        assert_eq!(headers, 2);
        assert!(matches!(
            document_xml(xml.as_bytes(), &["one".into(), "two".into()]),
            Err(DocxError::Pack(_))
        ));
    }

    #[test]
    fn a_row_too_long_for_a_page_may_break_and_headers_are_still_marked() {
        let created = "2026-09-24T09:30:00Z".parse().unwrap();
        let mut d = Document::new("T", "S", created);
        let long = "word ".repeat(KEEP_ROW_UNDER);
        d.table(&["Note"], &[vec![long.as_str()], vec!["short"]]);
        let parts = parts(&d.finish().unwrap());
        let xml = std::str::from_utf8(&parts["word/document.xml"]).unwrap();
        let doc = roxmltree::Document::parse(xml).unwrap();
        let rows: Vec<(bool, bool)> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "tr")
            .map(|tr| {
                let has = |name: &str| tr.descendants().any(|n| n.tag_name().name() == name);
                (has("tblHeader"), has("cantSplit"))
            })
            .collect();
        assert_eq!(rows, [(true, true), (false, false), (false, true)]);
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        assert_eq!(small(), small());
    }

    #[test]
    fn columns_share_the_width_by_what_they_hold() {
        let rows = vec![
            vec![
                "A · Canal Side",
                "a long note about the buses and the shifts that end late at night, and more",
                "3",
            ],
            vec!["B", "short", "12"],
        ];
        let widths = column_widths(&["Table", "Note", "Notes"], &rows, &[false, false, true]);
        assert!(
            widths.iter().sum::<u32>().abs_diff(TEXT_WIDTH) < 8,
            "{widths:?}"
        );
        assert!(widths[1] > widths[0] && widths[0] > widths[2], "{widths:?}");
        // The number column fits its heading's word.
        assert!(widths[2] >= 5 * 125 + 280, "{widths:?}");
        // Everything on one line: the text columns get the spare width, numbers keep theirs.
        let widths = column_widths(&["A", "N"], &[vec!["x", "1"]], &[false, true]);
        assert_eq!(widths, [TEXT_WIDTH - (125 + 280), 125 + 280]);
        // Words wider than the page: shared out, still adding up.
        let long = "w".repeat(20);
        let row: Vec<&str> = (0..8).map(|_| long.as_str()).collect();
        let widths = column_widths(&["h"; 8], &[row], &[false; 8]);
        assert!(widths.iter().sum::<u32>() <= TEXT_WIDTH);
    }
}
