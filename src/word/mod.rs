//! Stage 5: Markdown to a Word document. pulldown-cmark reads the Markdown
//! into events; each event becomes docx-rs paragraphs, runs, lists and
//! tables. The result has real heading styles Word recognises, numbered and
//! bulleted lists that restart per list, A4 pages with page numbers, a
//! title, no user name, and the same bytes for the same input.

mod package;
mod schema;
mod xml;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Comment, Docx, Footer, Footnote, IndentLevel,
    Level, LevelJc, LevelText, LineSpacing, LineSpacingType, NumPages, NumberFormat, Numbering,
    NumberingId, PageMargin, PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style,
    StyleType, Table, TableCell, TableRow, WidthType,
};
use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// A4 in twentieths of a point.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
/// 2.5 cm margins.
const MARGIN: i32 = 1417;
const TEXT_WIDTH: usize = (A4_WIDTH as usize) - 2 * (MARGIN as usize);
const FONT: &str = "Arial";
/// Room to sign between "Yours sincerely" and the typed name: 2 cm.
const SIGNATURE_ROOM: u32 = 1134;
/// A signature cell: at least 5 cm wide and 1.5 cm high (review R5).
const SIGNATURE_WIDTH: usize = 2835;
const SIGNATURE_HEIGHT: usize = 851;
const MONO: &str = "Courier New";

/// What goes into the document's properties.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    /// The document's own date: used as its created/modified time so the
    /// same answers always give the same bytes.
    pub date: NaiveDate,
    /// "letter", "record" or "form"; forms get more room to write by hand.
    pub kind: String,
    /// The body text size in points (12 unless the document asks for
    /// larger, e.g. a page for a child to read); headings scale with it.
    pub font_size: u32,
    /// For an advocate's review copy: what to say in the margin.
    pub review: Option<Review>,
}

/// What an advocate's review copy says in Word comments: every finding of
/// the checks (on the first paragraph), and on each paragraph the answers
/// it came from and the guidance and law behind it.
#[derive(Debug, Clone, Default)]
pub struct Review {
    /// The findings, one line each.
    pub findings: Vec<String>,
    /// (question, answer as printed, other forms it may be printed in).
    pub answers: Vec<(String, Vec<String>)>,
    /// For each footnote label: the guidance topic, citation and law.
    pub topics: HashMap<String, String>,
}

/// The Markdown options every renderer uses (one place, as in mdBook).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
}

/// Converts Markdown to the bytes of a .docx file. Footnote definitions
/// (`[^id]: text`) become real Word footnotes at their references.
pub fn markdown_to_docx(markdown: &str, meta: &Meta) -> Result<Vec<u8>> {
    let events: Vec<Event> = Parser::new_ext(markdown, markdown_options()).collect();
    let (body, notes) = split_footnotes(events);
    let mut b = Builder::new(meta);
    b.notes = notes;
    for event in body {
        b.event(event);
    }
    b.finish(meta)
}

/// A footnote's text: runs of (text, italic).
type Note = Vec<(String, bool)>;

/// Separates footnote definitions from the body: the body's events, and
/// each definition's text by label.
fn split_footnotes(events: Vec<Event>) -> (Vec<Event>, HashMap<String, Note>) {
    let mut body = Vec::with_capacity(events.len());
    let mut notes: HashMap<String, Note> = HashMap::new();
    let mut current: Option<(String, Note)> = None;
    let mut italic = 0u32;
    for e in events {
        match (&mut current, e) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                current = Some((label.to_string(), Vec::new()));
            }
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) => {
                let (label, note) = current.take().expect("inside a definition");
                notes.insert(label, note);
            }
            (Some((_, note)), Event::Text(t) | Event::Code(t)) => {
                note.push((t.to_string(), italic > 0));
            }
            (Some((_, note)), Event::SoftBreak | Event::HardBreak) => {
                note.push((" ".to_string(), false));
            }
            (Some(_), Event::Start(Tag::Emphasis)) => italic += 1,
            (Some(_), Event::End(TagEnd::Emphasis)) => italic = italic.saturating_sub(1),
            (Some(_), _) => {}
            (None, e) => body.push(e),
        }
    }
    (body, notes)
}

struct ListCtx {
    num_id: usize,
    /// The next paragraph in this item is its first (gets the number).
    item_first_para: bool,
}

struct TableCtx {
    alignments: Vec<Alignment>,
    rows: Vec<TableRow>,
    cells: Vec<TableCell>,
    in_head: bool,
    /// Characters in the cell being built, and the most in any cell of
    /// each column: columns get widths in proportion.
    cell_chars: usize,
    col_chars: Vec<usize>,
    /// Whether any body cell of each column has text: a column left empty
    /// (a signature or a date to write by hand) needs room.
    col_filled: Vec<bool>,
    /// Characters in the row being built: an empty header row (`| | |`,
    /// used for a two-column form) is left out.
    row_chars: usize,
    /// Whether a header row with text was kept (it repeats on each page).
    has_head: bool,
    /// The column headed "Signature", if any: its rows get room to sign.
    signature_col: Option<usize>,
}

/// Column widths for a table: in proportion to the longest text in each
/// column, with a floor so a column of tick boxes stays readable and a cap
/// so one long answer does not squeeze the rest.
fn column_widths(col_chars: &[usize], col_filled: &[bool], cols: usize) -> Vec<usize> {
    let weights: Vec<usize> = (0..cols)
        .map(|c| {
            let chars = col_chars.get(c).copied().unwrap_or(0);
            if col_filled.get(c).copied().unwrap_or(false) {
                chars.clamp(12, 50)
            } else {
                // Nothing but a heading: a space to write in by hand.
                chars.max(18)
            }
        })
        .collect();
    let total: usize = weights.iter().sum();
    let mut widths: Vec<usize> = weights.iter().map(|w| TEXT_WIDTH * w / total).collect();
    // Give any rounding remainder to the widest column.
    let rest = TEXT_WIDTH - widths.iter().sum::<usize>();
    if let Some(i) = (0..cols).max_by_key(|i| widths[*i]) {
        widths[i] += rest;
    }
    widths
}

/// Makes column `col` at least `min` wide, taking the width from the
/// widest of the other columns in turn, so the table keeps its width.
fn widen(widths: &mut [usize], col: usize, min: usize) {
    while widths[col] < min {
        let Some(from) = (0..widths.len())
            .filter(|i| *i != col)
            .max_by_key(|i| widths[*i])
        else {
            return;
        };
        // Never leave a column narrower than 1.5 cm.
        let spare = widths[from].saturating_sub(851);
        let take = spare.min(min - widths[col]).min(widths[from] / 4 + 1);
        if take == 0 {
            return;
        }
        widths[from] -= take;
        widths[col] += take;
    }
}

struct Builder {
    docx: Docx,
    para: Option<Paragraph>,
    /// What kind of paragraph the next inline content starts.
    heading: Option<usize>,
    bold: u32,
    italic: u32,
    strike: u32,
    link: Option<String>,
    link_text: String,
    quote: u32,
    code_block: bool,
    lists: Vec<ListCtx>,
    next_num_id: usize,
    table: Option<TableCtx>,
    form: bool,
    /// Footnote texts by label, and the next footnote id (1, 2, ... in the
    /// order they are referenced, so the same input gives the same ids).
    notes: HashMap<String, Note>,
    next_note: usize,
    /// The text of the paragraph being built (to keep a signature block
    /// together).
    para_text: String,
    /// Which tables (in order) have a header row to repeat on each page.
    header_tables: Vec<bool>,
    /// A hard line break not yet placed: it becomes a paragraph break when
    /// the next text starts with the paragraph mark of an answer.
    pending_break: bool,
    /// The review copy's notes, the footnote labels the paragraph being
    /// built refers to, and the next comment id.
    review: Option<Review>,
    para_labels: Vec<String>,
    next_comment: usize,
    comment_date: String,
}

/// Marks, inside an escaped answer, where a blank line the person typed
/// starts a new paragraph (see `templating::escape_markdown`).
pub const PARAGRAPH_MARK: char = '\u{2029}';

impl Builder {
    fn new(meta: &Meta) -> Self {
        let scale = |half_points: usize| half_points * meta.font_size as usize / 12;
        let docx = Docx::new()
            .page_size(A4_WIDTH, A4_HEIGHT)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN)
                    .bottom(MARGIN)
                    .left(MARGIN)
                    .right(MARGIN)
                    .header(708)
                    .footer(708),
            )
            .default_fonts(
                RunFonts::new()
                    .ascii(FONT)
                    .hi_ansi(FONT)
                    .cs(FONT)
                    .east_asia(FONT),
            )
            .default_size(meta.font_size as usize * 2)
            .default_line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .after(160)
                    .line(276),
            )
            // Titles at 16 pt, so a long name stays on one line (review R47).
            .add_style(heading_style("Title", "Title", scale(32), None))
            .add_style(heading_style("Heading1", "heading 1", scale(28), Some(0)))
            .add_style(heading_style("Heading2", "heading 2", scale(26), Some(1)))
            .add_style(heading_style("Heading3", "heading 3", scale(24), Some(2)))
            .add_style(heading_style("Heading4", "heading 4", scale(24), Some(3)))
            .add_style(
                Style::new("Quote", StyleType::Paragraph)
                    .name("Quote")
                    .based_on("Normal")
                    .italic()
                    .indent(Some(720), None, Some(720), None),
            )
            .add_style(
                Style::new("ListParagraph", StyleType::Paragraph)
                    .name("List Paragraph")
                    .based_on("Normal")
                    .line_spacing(LineSpacing::new().after(100)),
            )
            .add_style(
                Style::new("TableText", StyleType::Paragraph)
                    .name("Table Text")
                    .based_on("Normal")
                    .line_spacing(LineSpacing::new().after(40).before(40)),
            )
            .add_style(
                Style::new("FootnoteText", StyleType::Paragraph)
                    .name("footnote text")
                    .based_on("Normal")
                    .size(scale(18))
                    .line_spacing(LineSpacing::new().after(0).line(240)),
            )
            // The footer in one size: the page numbers take it from the
            // style, as the words do (review R46).
            .add_style(
                Style::new("Footer", StyleType::Paragraph)
                    .name("footer")
                    .based_on("Normal")
                    .size(18)
                    .line_spacing(LineSpacing::new().after(0)),
            )
            .footer(
                Footer::new().add_paragraph(
                    Paragraph::new()
                        .style("Footer")
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text("Page "))
                        .add_page_num(PageNum::new())
                        .add_run(Run::new().add_text(" of "))
                        .add_num_pages(NumPages::new()),
                ),
            );
        Builder {
            docx,
            para: None,
            heading: None,
            bold: 0,
            italic: 0,
            strike: 0,
            link: None,
            link_text: String::new(),
            quote: 0,
            code_block: false,
            lists: Vec::new(),
            next_num_id: 10,
            table: None,
            form: meta.kind == "form" || meta.kind == "record",
            notes: HashMap::new(),
            next_note: 1,
            para_text: String::new(),
            header_tables: Vec::new(),
            pending_break: false,
            review: meta.review.clone(),
            para_labels: Vec::new(),
            next_comment: 1,
            comment_date: meta.date.format("%Y-%m-%dT00:00:00Z").to_string(),
        }
    }

    /// The review copy's comment for the paragraph just finished: the
    /// findings on the first one, then the answers it came from and the
    /// guidance it rests on. None when there is nothing to say.
    fn review_comment(&mut self) -> Option<Comment> {
        let review = self.review.as_mut()?;
        let mut lines: Vec<String> = Vec::new();
        if !review.findings.is_empty() {
            lines.push("What the checks found (fairmove check):".into());
            lines.append(&mut review.findings);
        }
        let text = &self.para_text;
        let from: Vec<String> = review
            .answers
            .iter()
            .filter_map(|(q, forms)| {
                let hits: Vec<&String> =
                    forms.iter().filter(|f| text.contains(f.as_str())).collect();
                // "Thursday 19 November 2026" also contains "19 November
                // 2026": say each answer once.
                let shown: Vec<&str> = hits
                    .iter()
                    .filter(|h| {
                        !hits
                            .iter()
                            .any(|o| o.len() > h.len() && o.contains(h.as_str()))
                    })
                    .map(|h| h.as_str())
                    .collect();
                (!shown.is_empty()).then(|| format!("{q} {}", shown.join("; ")))
            })
            .collect();
        if !from.is_empty() {
            lines.push("From the answers:".into());
            lines.extend(from);
        }
        let rests: Vec<String> = self
            .para_labels
            .iter()
            .filter_map(|l| review.topics.get(l).cloned())
            .collect();
        if !rests.is_empty() {
            lines.push("Rests on:".into());
            lines.extend(rests);
        }
        if lines.is_empty() {
            return None;
        }
        let c = Comment::new(self.next_comment)
            .author("fairmove")
            .date(self.comment_date.clone());
        self.next_comment += 1;
        // One paragraph with line breaks: docx-rs writes a comment once for
        // each of its paragraphs, so several paragraphs would repeat it.
        let mut p = Paragraph::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
            }
            p = p.add_run(Run::new().add_text(xml_text(l)));
        }
        Some(c.add_paragraph(p))
    }

    /// A fresh paragraph for where we are: heading, quote, list item or
    /// plain.
    fn open_paragraph(&mut self) {
        if self.para.is_some() {
            return;
        }
        // Widow and orphan control everywhere: no line of a paragraph alone
        // at the top or foot of a page.
        let mut p = Paragraph::new().widow_control(true);
        self.para_text.clear();
        if let Some(level) = self.heading {
            let style = if level == 0 {
                "Title".to_string()
            } else {
                format!("Heading{level}")
            };
            p = p.style(&style).keep_next(true);
        } else if self.table.is_some() {
            p = p.style("TableText");
        } else if self.quote > 0 {
            p = p.style("Quote");
        } else if !self.lists.is_empty() {
            let depth = self.lists.len() - 1;
            let list = self.lists.last_mut().expect("not empty");
            p = p.style("ListParagraph");
            if list.item_first_para {
                list.item_first_para = false;
                p = p.numbering(NumberingId::new(list.num_id), IndentLevel::new(depth));
            } else {
                p = p.indent(Some(720 * (depth as i32 + 1)), None, None, None);
            }
        } else {
            // Body text is Word's own Normal style, so an editor sees it as
            // Normal, not as unstyled.
            p = p.style("Normal");
        }
        self.para = Some(p);
    }

    fn close_paragraph(&mut self) {
        self.flush_break();
        if let Some(mut p) = self.para.take() {
            // The sign-off keeps with the name below it, with 2 cm of room
            // between them to sign by hand (review R3).
            let t = self.para_text.trim_start();
            if t.starts_with("Yours sincerely") || t.starts_with("Yours faithfully") {
                p = p
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().after(SIGNATURE_ROOM));
            }
            if let Some(c) = self.review_comment() {
                let id = c.id;
                p.children.insert(
                    0,
                    docx_rs::ParagraphChild::CommentStart(Box::new(
                        docx_rs::CommentRangeStart::new(c),
                    )),
                );
                p = p.add_comment_end(id);
            }
            self.para_labels.clear();
            if let Some(t) = self.table.as_mut() {
                // Inside a table the paragraph belongs to the cell being built.
                let cell = t.cells.pop().unwrap_or_default();
                t.cells.push(cell.add_paragraph(p));
            } else {
                self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
            }
        }
    }

    fn run(&self, text: &str) -> Run {
        let mut r = Run::new().add_text(xml_text(text));
        if self.bold > 0 || (self.table.as_ref().is_some_and(|t| t.in_head)) {
            r = r.bold();
        }
        if self.italic > 0 {
            r = r.italic();
        }
        if self.strike > 0 {
            r = r.strike();
        }
        if self.code_block {
            r = r.fonts(RunFonts::new().ascii(MONO).hi_ansi(MONO));
        }
        if self.link.is_some() {
            r = r.underline("single").color("1F4E79");
        }
        r
    }

    /// Places a hard break that was waiting to see what followed it.
    fn flush_break(&mut self) {
        if std::mem::take(&mut self.pending_break) {
            self.para = self
                .para
                .take()
                .map(|p| p.add_run(Run::new().add_break(BreakType::TextWrapping)));
        }
    }

    /// A new paragraph of the same kind (quote, list item or body) as the
    /// one just closed: where a person's answer had a blank line.
    fn continue_paragraph(&mut self) {
        self.pending_break = false;
        self.close_paragraph();
        if let Some(list) = self.lists.last_mut() {
            list.item_first_para = false;
        }
        self.open_paragraph();
    }

    fn text(&mut self, text: &str) {
        if let Some(rest) = text.strip_prefix(PARAGRAPH_MARK) {
            if self.pending_break {
                self.continue_paragraph();
            }
            if !rest.is_empty() {
                self.text(rest);
            }
            return;
        }
        self.flush_break();
        if text.contains(PARAGRAPH_MARK) {
            let mut parts = text.split(PARAGRAPH_MARK);
            if let Some(first) = parts.next() {
                self.text(first);
            }
            for part in parts {
                self.continue_paragraph();
                self.text(part);
            }
            return;
        }
        if self.link.is_some() {
            self.link_text.push_str(text);
        }
        if let Some(t) = self.table.as_mut() {
            t.cell_chars += text.chars().count();
            t.row_chars += text.chars().count();
        }
        self.open_paragraph();
        self.para_text.push_str(text);
        let mut runs = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                runs.push(Run::new().add_break(BreakType::TextWrapping));
            }
            if !line.is_empty() {
                runs.push(self.run(line));
            }
        }
        let mut p = self.para.take().expect("opened above");
        for r in runs {
            p = p.add_run(r);
        }
        self.para = Some(p);
    }

    fn new_list(&mut self, start: Option<u64>) {
        let id = self.next_num_id;
        self.next_num_id += 1;
        let mut abs = AbstractNumbering::new(id);
        for level in 0..9usize {
            let indent = 720 * (level as i32 + 1);
            let l = match start {
                Some(first) => {
                    let (fmt, text) = match level % 3 {
                        0 => ("decimal", format!("%{}.", level + 1)),
                        1 => ("lowerLetter", format!("%{}.", level + 1)),
                        _ => ("lowerRoman", format!("%{}.", level + 1)),
                    };
                    let first = if level == 0 { first as usize } else { 1 };
                    Level::new(
                        level,
                        Start::new(first),
                        NumberFormat::new(fmt),
                        LevelText::new(text),
                        LevelJc::new("left"),
                    )
                }
                None => {
                    let bullet = ["•", "◦", "▪"][level % 3];
                    Level::new(
                        level,
                        Start::new(1),
                        NumberFormat::new("bullet"),
                        LevelText::new(bullet),
                        LevelJc::new("left"),
                    )
                }
            };
            abs = abs.add_level(l.indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ));
        }
        self.docx = std::mem::take(&mut self.docx)
            .add_abstract_numbering(abs)
            .add_numbering(Numbering::new(id, id));
        self.lists.push(ListCtx {
            num_id: id,
            item_first_para: false,
        });
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                self.open_paragraph();
                let r = self
                    .run(&t)
                    .fonts(RunFonts::new().ascii(MONO).hi_ansi(MONO));
                self.para = self.para.take().map(|p| p.add_run(r));
            }
            // Raw HTML never reaches here from an answer (answers are
            // escaped); if a template has some, show it as text.
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => {
                self.open_paragraph();
                self.flush_break();
                self.pending_break = true;
            }
            Event::Rule => {
                // A thematic break starts a new page.
                self.close_paragraph();
                self.docx = std::mem::take(&mut self.docx)
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
            }
            Event::TaskListMarker(checked) => {
                // A form's tick box: the box replaces the bullet.
                let depth = self.lists.len().saturating_sub(1) as i32;
                self.para = Some(Paragraph::new().style("ListParagraph").indent(
                    Some(720 * (depth + 1)),
                    Some(SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ));
                let mark = if checked { "☒\t" } else { "☐\t" };
                self.para = self
                    .para
                    .take()
                    .map(|p| p.add_run(Run::new().add_text(mark).size(28)));
            }
            Event::FootnoteReference(label) => self.footnote(&label),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
        }
    }

    /// A real Word footnote at this point, with the definition's text; a
    /// reference with no definition is left as it was written.
    fn footnote(&mut self, label: &CowStr) {
        let Some(note) = self.notes.get(label.as_ref()) else {
            self.text(&format!("[^{label}]"));
            return;
        };
        // A space after the number Word and LibreOffice put before the text.
        let mut p = Paragraph::new()
            .style("FootnoteText")
            .add_run(Run::new().add_text(" "));
        for (text, italic) in note {
            let mut r = Run::new().add_text(xml_text(text));
            if *italic {
                r = r.italic();
            }
            p = p.add_run(r);
        }
        let id = self.next_note;
        self.next_note += 1;
        self.para_labels.push(label.to_string());
        self.open_paragraph();
        self.flush_break();
        let footnote = Footnote {
            id,
            content: vec![p],
        };
        self.para = self
            .para
            .take()
            .map(|p| p.add_run(Run::new().add_footnote_reference(footnote)));
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                self.close_paragraph();
                self.open_paragraph();
            }
            Tag::Heading { level, .. } => {
                self.close_paragraph();
                self.heading = Some(match level {
                    HeadingLevel::H1 => 0,
                    HeadingLevel::H2 => 1,
                    HeadingLevel::H3 => 2,
                    HeadingLevel::H4 => 3,
                    _ => 4,
                });
                self.open_paragraph();
            }
            Tag::BlockQuote(_) => {
                self.close_paragraph();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.close_paragraph();
                self.code_block = true;
            }
            Tag::List(start) => {
                self.close_paragraph();
                self.new_list(start);
            }
            Tag::Item => {
                self.close_paragraph();
                if let Some(l) = self.lists.last_mut() {
                    l.item_first_para = true;
                }
            }
            Tag::Table(alignments) => {
                self.close_paragraph();
                self.table = Some(TableCtx {
                    alignments,
                    rows: Vec::new(),
                    cells: Vec::new(),
                    in_head: false,
                    cell_chars: 0,
                    col_chars: Vec::new(),
                    col_filled: Vec::new(),
                    row_chars: 0,
                    has_head: false,
                    signature_col: None,
                });
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {}
            Tag::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    t.cells.push(TableCell::new());
                }
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => {
                self.link = Some(dest_url.to_string());
                self.link_text.clear();
            }
            Tag::Image { dest_url, .. } => self.text(&format!("[image: {dest_url}]")),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.close_paragraph(),
            TagEnd::Heading(_) => {
                self.close_paragraph();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.close_paragraph();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.close_paragraph();
                self.code_block = false;
            }
            TagEnd::List(_) => {
                self.close_paragraph();
                self.lists.pop();
            }
            TagEnd::Item => self.close_paragraph(),
            TagEnd::TableCell => {
                let signature = self.para_text.trim() == "Signature";
                if let Some(t) = self.table.as_mut() {
                    let col = t.cells.len().saturating_sub(1);
                    if t.in_head && signature {
                        t.signature_col = Some(col);
                    }
                    if t.col_chars.len() <= col {
                        t.col_chars.resize(col + 1, 0);
                    }
                    t.col_chars[col] = t.col_chars[col].max(t.cell_chars);
                    if t.col_filled.len() <= col {
                        t.col_filled.resize(col + 1, false);
                    }
                    if !t.in_head && t.cell_chars > 0 {
                        t.col_filled[col] = true;
                    }
                    t.cell_chars = 0;
                }
                // A cell must hold at least one paragraph.
                if self.para.is_none() {
                    self.open_paragraph();
                }
                let align = self.table.as_ref().and_then(|t| {
                    let col = t.cells.len().saturating_sub(1);
                    t.alignments.get(col).copied()
                });
                if let Some(a) = align {
                    let a = match a {
                        Alignment::Center => Some(AlignmentType::Center),
                        Alignment::Right => Some(AlignmentType::Right),
                        _ => None,
                    };
                    if let Some(a) = a {
                        self.para = self.para.take().map(|p| p.align(a));
                    }
                }
                self.close_paragraph();
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let cells = std::mem::take(&mut t.cells);
                    let empty_head = t.in_head && t.row_chars == 0;
                    t.row_chars = 0;
                    if empty_head {
                        t.in_head = false;
                        return;
                    }
                    if t.in_head {
                        t.has_head = true;
                    }
                    let mut row = TableRow::new(cells).cant_split();
                    if t.signature_col.is_some() && !t.in_head {
                        // Room to sign: at least 1.5 cm high (review R5).
                        row = row.row_height(SIGNATURE_HEIGHT as f32);
                    } else if self.form && !t.in_head {
                        // Room to write by hand.
                        row = row.row_height(560.0);
                    }
                    t.rows.push(row);
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(mut t) = self.table.take() {
                    self.header_tables.push(t.has_head);
                    let cols = t.alignments.len().max(1);
                    // A column left empty under its heading (an agreed date,
                    // a tick to give) is for writing in by hand: its rows get
                    // the room a form's rows have.
                    let by_hand = t.has_head
                        && !self.form
                        && t.signature_col.is_none()
                        && (0..cols).any(|c| !t.col_filled.get(c).copied().unwrap_or(false));
                    if by_hand {
                        t.rows = std::mem::take(&mut t.rows)
                            .into_iter()
                            .enumerate()
                            .map(|(i, r)| if i == 0 { r } else { r.row_height(560.0) })
                            .collect();
                    }
                    let mut widths = column_widths(&t.col_chars, &t.col_filled, cols);
                    if let Some(c) = t.signature_col.filter(|c| *c < cols) {
                        widen(&mut widths, c, SIGNATURE_WIDTH);
                    }
                    let table = Table::new(t.rows)
                        .set_grid(widths)
                        .width(TEXT_WIDTH, WidthType::Dxa);
                    self.docx = std::mem::take(&mut self.docx)
                        .add_table(table)
                        .add_paragraph(Paragraph::new());
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some(url) = self.link.take() {
                    let shown = url.trim_start_matches("mailto:");
                    if !self.link_text.contains(shown) {
                        self.text(&format!(" ({shown})"));
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(mut self, meta: &Meta) -> Result<Vec<u8>> {
        self.close_paragraph();
        let mut xml = self.docx.build();
        xml.doc_props.core = core_properties(meta).into_bytes();
        xml.document = repeat_header_rows(&xml.document, &self.header_tables);
        xml.styles = add_character_styles(&xml.styles);
        let mut buf = std::io::Cursor::new(Vec::new());
        xml.pack(&mut buf)
            .context("could not assemble the Word document")?;
        package::finish(&buf.into_inner())
    }
}

/// Marks the first row of each table that has a header as a header row
/// (`w:tblHeader`), so Word repeats it at the top of each page. docx-rs has
/// no builder for it; every row already has `<w:trPr>` (rows never split).
fn repeat_header_rows(document: &[u8], header_tables: &[bool]) -> Vec<u8> {
    let Ok(doc) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let mut out = String::with_capacity(doc.len() + 32 * header_tables.len());
    let mut rest = doc;
    for has_head in header_tables {
        let Some(i) = rest.find("<w:tbl>") else { break };
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        rest = after;
        if *has_head {
            if let Some(j) = rest.find("<w:trPr>") {
                let (a, b) = rest.split_at(j + "<w:trPr>".len());
                out.push_str(a);
                out.push_str("<w:tblHeader />");
                rest = b;
                continue;
            }
        }
        out.push_str("<w:tbl>");
        rest = &rest["<w:tbl>".len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Two things docx-rs leaves out of the styles: Normal marked as the
/// default paragraph style (so every editor treats unmarked paragraphs as
/// Normal), and the footnote reference style (superscript), which it names
/// on the reference run but does not define.
fn add_character_styles(styles: &[u8]) -> Vec<u8> {
    const REF: &str = r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference" /><w:rPr><w:vertAlign w:val="superscript" /></w:rPr></w:style>"#;
    const NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
    let Ok(s) = std::str::from_utf8(styles) else {
        return styles.to_vec();
    };
    let mut s = s.replacen(
        NORMAL,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#,
        1,
    );
    if !s.contains(r#"w:styleId="FootnoteReference""#) {
        s = s.replacen("</w:styles>", &format!("{REF}</w:styles>"), 1);
    }
    s.into_bytes()
}

fn heading_style(id: &str, name: &str, size: usize, outline: Option<usize>) -> Style {
    let mut s = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .bold()
        .size(size)
        .color("1F3864")
        .line_spacing(LineSpacing::new().before(240).after(120));
    if let Some(level) = outline {
        s = s.outline_lvl(level);
    }
    s
}

/// The document's core properties, written by us: a title, "fairmove" as
/// the author (never the machine's user name), and the document's own date.
fn core_properties(meta: &Meta) -> String {
    let when = meta.date.format("%Y-%m-%dT00:00:00Z");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>fairmove</dc:creator><cp:lastModifiedBy>fairmove</cp:lastModifiedBy><dc:language>en-GB</dc:language><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#,
        title = xml_escape(&meta.title),
    )
}

/// Text with the characters XML 1.0 forbids taken out (control
/// characters other than tab and line breaks, and U+FFFE, U+FFFF): answers
/// are cleaned before this, but Markdown from a data folder or a template
/// might still hold one, and Word refuses a file that does.
fn xml_text(s: &str) -> String {
    s.chars().filter(|c| xml_char(*c)).collect()
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn xml_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && xml_char(*c))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn columns_share_the_width_by_their_text_and_hand_written_columns_get_room() {
        // Name (long text), a tick column, and an empty signature column.
        let w = column_widths(&[40, 3, 9], &[true, true, false], 3);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH);
        assert!(w[0] > w[2] && w[2] > w[1], "{w:?}");
        // Weights 40, 12 (the floor for a tick column) and 18 (the room for
        // a signature) out of 70.
        assert_eq!(w[1], TEXT_WIDTH * 12 / 70);
        assert_eq!(w[2], TEXT_WIDTH * 18 / 70);
        // Equal text, equal widths.
        let w = column_widths(&[20, 20], &[true, true], 2);
        assert_eq!(w[0], w[1]);
    }

    use super::*;
    use std::io::Read;

    fn part(docx: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    fn meta() -> Meta {
        Meta {
            title: "A & B <test>".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            kind: "letter".into(),
            font_size: 12,
            review: None,
        }
    }

    #[test]
    fn headings_lists_and_emphasis_become_word_structures() {
        let md = "# Title\n\n## Part\n\nSome **bold** and *italic* text.\n\n1. one\n2. two\n\n- a\n- b\n\n1. again\n";
        let docx = markdown_to_docx(md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert!(doc.contains(r#"w:val="Title""#));
        assert!(doc.contains(r#"w:val="Heading1""#));
        assert!(doc.contains("<w:b/>") || doc.contains("<w:b/>"), "bold run");
        assert!(
            doc.contains("<w:i/>") || doc.contains("<w:i/>"),
            "italic run"
        );
        // Three lists, three numbering instances: numbering restarts.
        for id in ["10", "11", "12"] {
            assert!(
                doc.contains(&format!(r#"<w:numId w:val="{id}"/>"#)),
                "list {id}"
            );
        }
        let styles = part(&docx, "word/styles.xml");
        assert!(styles.contains(r#"w:val="heading 1""#));
        let core = part(&docx, "docProps/core.xml");
        assert!(core.contains("<dc:title>A &amp; B &lt;test&gt;</dc:title>"));
        assert!(core.contains("<dc:creator>fairmove</dc:creator>"));
    }

    #[test]
    fn same_markdown_gives_same_bytes() {
        let md = "# T\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n";
        let a = markdown_to_docx(md, &meta()).unwrap();
        let b = markdown_to_docx(md, &meta()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn tables_and_tick_boxes() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] not done\n";
        let docx = markdown_to_docx(md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert!(doc.contains("<w:tbl>"));
        assert!(doc.contains("☒") && doc.contains("☐"));
    }

    #[test]
    fn signature_cells_have_room_to_sign_and_letters_room_above_the_name() {
        let md = "| Name | Role | Signature | Date |\n|---|---|---|---|\n\
                  | Someone with a very long name indeed, and a longer job title | Parent or carer with parental responsibility | | |\n\n\
                  Yours sincerely,\n\nSam Okafor\n";
        let docx = markdown_to_docx(md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        let widths: Vec<usize> = doc
            .split("<w:gridCol w:w=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(widths.len(), 4, "{doc}");
        assert!(widths[2] >= SIGNATURE_WIDTH, "{widths:?}");
        assert_eq!(widths.iter().sum::<usize>(), TEXT_WIDTH);
        assert!(
            doc.contains(&format!(r#"<w:trHeight w:val="{SIGNATURE_HEIGHT}""#)),
            "{doc}"
        );
        assert!(
            doc.contains(&format!(r#"w:after="{SIGNATURE_ROOM}""#)),
            "{doc}"
        );
    }

    #[test]
    fn a_blank_line_in_an_answer_is_a_new_paragraph_even_in_a_quotation() {
        let md = format!(
            "> first part of the answer\\\n{}second part\n\nafter\n",
            PARAGRAPH_MARK
        );
        let docx = markdown_to_docx(&md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert_eq!(
            doc.matches(r#"<w:pStyle w:val="Quote"/>"#).count(),
            2,
            "{doc}"
        );
        assert!(!doc.contains("<w:br"), "no line break left behind: {doc}");
        assert!(!doc.contains(PARAGRAPH_MARK));
        // A plain hard break stays a line break.
        let docx = markdown_to_docx("one\\\ntwo\n", &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert!(doc.contains("<w:br"), "{doc}");
    }

    #[test]
    fn footnotes_are_real_word_footnotes() {
        let md = "The law says so[^law].\n\nAnd again[^law].\n\n[^law]: *The Regulations*, regulation 8A.\n";
        let docx = markdown_to_docx(md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert!(doc.contains(r#"<w:footnoteReference w:id="1"/>"#), "{doc}");
        assert!(doc.contains(r#"<w:footnoteReference w:id="2"/>"#), "{doc}");
        assert!(
            !doc.contains("[^law]") && !doc.contains("regulation 8A"),
            "{doc}"
        );
        let notes = part(&docx, "word/footnotes.xml");
        assert!(notes.contains("regulation 8A"), "{notes}");
        assert!(notes.contains("FootnoteText"), "{notes}");
        let styles = part(&docx, "word/styles.xml");
        assert!(styles.contains(r#"w:styleId="FootnoteReference""#));
        assert!(
            styles.contains(r#"w:default="1" w:styleId="Normal""#),
            "{styles}"
        );
        // The same input, the same bytes (ids do not depend on a counter).
        assert_eq!(docx, markdown_to_docx(md, &meta()).unwrap());
    }

    #[test]
    fn word_conventions_an_editor_expects() {
        let md = "# Title\n\nBody text.\n\n| Who | Date |\n|---|---|\n| A | B |\n\nYours sincerely,\n\nSam\n";
        let docx = markdown_to_docx(md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert!(doc.contains(r#"<w:pStyle w:val="Normal"/>"#), "{doc}");
        assert!(doc.contains(r#"<w:widowControl w:val="1"/>"#), "{doc}");
        assert!(doc.contains("<w:keepNext/>"), "{doc}");
        assert!(doc.contains("<w:tblHeader/>"), "{doc}");
        assert!(doc.contains("<w:cantSplit/>"), "{doc}");
        // A form's empty header row is not a header to repeat.
        let docx = markdown_to_docx("| | |\n|---|---|\n| a | b |\n", &meta()).unwrap();
        assert!(!part(&docx, "word/document.xml").contains("tblHeader"));
    }

    #[test]
    fn characters_xml_forbids_never_reach_the_document() {
        // Found by fuzzing (fuzz/seeds/markdown/regression-nul): a NUL in
        // Markdown made a part Word cannot open.
        let md = "A\u{0}B \u{1}\u{FFFE}C[^n]\n\n[^n]: D\u{0}E\n";
        let mut m = meta();
        m.title = "T\u{FFFF}".into();
        let docx = markdown_to_docx(md, &m).unwrap();
        for name in [
            "word/document.xml",
            "word/footnotes.xml",
            "docProps/core.xml",
        ] {
            let x = part(&docx, name);
            assert!(x.chars().all(xml_char), "{name}: {x}");
        }
        assert!(part(&docx, "word/document.xml").contains("AB C"));
    }
}
