//! Stage 5: Markdown to a Word document. pulldown-cmark reads the Markdown
//! into events; each event becomes paragraphs, runs, lists and tables,
//! written as WordprocessingML in the schema's order (`ooxml.rs`). The result has real heading styles Word recognises, numbered and
//! bulleted lists that restart per list, A4 pages with page numbers, a
//! title, no user name, and the same bytes for the same input.

mod notes;
mod ooxml;
#[cfg(test)]
mod schema;
mod tables;

use anyhow::Result;
use chrono::NaiveDate;
use notes::{split_footnotes, Note};
use ooxml::{Block, List, PPr, Para, RPr};
use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use tables::TableCtx;

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

struct ListCtx {
    num_id: usize,
    /// The next paragraph in this item is its first (gets the number).
    item_first_para: bool,
}

struct Builder {
    /// The body so far.
    blocks: Vec<Block>,
    para: Option<Para>,
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
    /// Every list's numbering, in order.
    numbering: Vec<List>,
    next_num_id: usize,
    table: Option<TableCtx>,
    form: bool,
    /// Footnote texts by label, and the runs of each footnote referred to
    /// (footnote n is the n-th referred to, so the same input gives the
    /// same ids).
    notes: HashMap<String, Note>,
    footnotes: Vec<String>,
    /// The text of the paragraph being built (to keep a signature block
    /// together).
    para_text: String,
    /// A hard line break not yet placed: it becomes a paragraph break when
    /// the next text starts with the paragraph mark of an answer.
    pending_break: bool,
    /// The review copy's notes, the footnote labels the paragraph being
    /// built refers to, and the runs of each comment made.
    review: Option<Review>,
    para_labels: Vec<String>,
    comments: Vec<String>,
    comment_date: String,
    /// Whether the last paragraph of the body ended with a colon: a lead-in
    /// that keeps with the list after it.
    lead_in: bool,
    /// Where each list of the body started (its first block).
    list_starts: Vec<usize>,
}

use crate::base::words::PARAGRAPH_MARK;

impl Builder {
    fn new(meta: &Meta) -> Self {
        Builder {
            blocks: Vec::with_capacity(128),
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
            numbering: Vec::new(),
            next_num_id: 10,
            table: None,
            form: meta.kind == "form" || meta.kind == "record",
            notes: HashMap::new(),
            footnotes: Vec::new(),
            para_text: String::new(),
            pending_break: false,
            review: meta.review.clone(),
            para_labels: Vec::new(),
            comments: Vec::new(),
            comment_date: meta.date.format("%Y-%m-%dT00:00:00Z").to_string(),
            lead_in: false,
            list_starts: Vec::new(),
        }
    }

    /// A fresh paragraph for where we are: heading, quote, list item or
    /// plain.
    fn open_paragraph(&mut self) {
        if self.para.is_some() {
            return;
        }
        // Widow and orphan control everywhere: no line of a paragraph alone
        // at the top or foot of a page.
        let mut ppr = PPr {
            widow_control: true,
            ..PPr::default()
        };
        self.para_text.clear();
        if let Some(level) = self.heading {
            ppr.style = Some(if level == 0 {
                // Not Word's built-in "Title": pandoc and tools like it
                // take a Title paragraph at the start of a document as
                // metadata and drop it from the text, so six records lost
                // their titles in plain-text readers (documents review R15).
                "DocumentTitle".to_string()
            } else {
                format!("Heading{level}")
            });
            ppr.keep_next = true;
        } else if self.table.is_some() {
            ppr.style = Some("TableText".into());
        } else if self.quote > 0 {
            ppr.style = Some("Quote".into());
        } else if !self.lists.is_empty() {
            let depth = self.lists.len() - 1;
            let list = self.lists.last_mut().expect("not empty");
            ppr.style = Some("ListParagraph".into());
            if list.item_first_para {
                list.item_first_para = false;
                ppr.numbering = Some((list.num_id, depth));
            } else {
                ppr.indent = Some((720 * (depth as i32 + 1), None));
            }
        } else {
            // Body text is Word's own Normal style, so an editor sees it as
            // Normal, not as unstyled.
            ppr.style = Some("Normal".into());
        }
        self.para = Some(Para {
            ppr,
            ..Para::default()
        });
    }

    fn close_paragraph(&mut self) {
        self.flush_break();
        if let Some(mut p) = self.para.take() {
            // The sign-off keeps with the name below it, with 2 cm of room
            // between them to sign by hand (review R3).
            let t = self.para_text.trim_start();
            let t_ends_with_colon = t.trim_end().ends_with(':');
            if t.starts_with("Yours sincerely") || t.starts_with("Yours faithfully") {
                p.ppr.keep_next = true;
                p.ppr.spacing_after = Some(SIGNATURE_ROOM);
                // The paragraph before it keeps with it too, so the sign-off
                // never sits alone on a last page (reviews C4, K13).
                if let Some(Block::Para(before)) = self.blocks.last_mut() {
                    before.ppr.keep_next = true;
                }
            }
            p.comment = self.review_comment();
            self.para_labels.clear();
            if let Some(t) = self.table.as_mut() {
                // Inside a table the paragraph belongs to the cell being built.
                if let Some(cell) = t.cells.last_mut() {
                    cell.push(p);
                } else {
                    t.cells.push(vec![p]);
                }
            } else {
                self.lead_in = self.lists.is_empty() && t_ends_with_colon;
                self.note_keeps_with_table(&p);
                self.blocks.push(Block::Para(p));
            }
        }
    }

    /// A short paragraph straight after a short table explains it (the
    /// agreement's "The reviews fall after school weeks…"): the table's
    /// last row keeps with it, so the note is not left on the next page
    /// (documents review C11).
    fn note_keeps_with_table(&mut self, p: &Para) {
        let plain = p.ppr.style.as_deref().is_none_or(|s| s == "Normal");
        if !plain || self.para_text.trim().is_empty() || self.para_text.chars().count() > 400 {
            return;
        }
        let n = self.blocks.len();
        if n < 2 {
            return;
        }
        let (before, spacer) = self.blocks.split_at_mut(n - 1);
        let (Some(Block::Table(table)), Some(Block::Para(spacer))) =
            (before.last_mut(), spacer.first_mut())
        else {
            return;
        };
        if table.rows.len() > tables::SHORT_TABLE_ROWS {
            return;
        }
        spacer.ppr.keep_next = true;
        if let Some(last) = table.rows.last_mut() {
            for cell_para in last.cells.iter_mut().flatten() {
                cell_para.ppr.keep_next = true;
            }
        }
    }

    fn rpr(&self) -> RPr {
        RPr {
            bold: self.bold > 0 || self.table.as_ref().is_some_and(|t| t.in_head),
            italic: self.italic > 0,
            strike: self.strike > 0,
            mono: self.code_block,
            link: self.link.is_some(),
            size: None,
        }
    }

    /// Places a hard break that was waiting to see what followed it.
    fn flush_break(&mut self) {
        if std::mem::take(&mut self.pending_break) {
            if let Some(p) = self.para.as_mut() {
                ooxml::line_break(&mut p.runs);
            }
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
        let rpr = self.rpr();
        let p = self.para.as_mut().expect("opened above");
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                ooxml::line_break(&mut p.runs);
            }
            if !line.is_empty() {
                ooxml::run(&mut p.runs, rpr, line);
            }
        }
    }

    fn new_list(&mut self, start: Option<u64>) {
        let id = self.next_num_id;
        self.next_num_id += 1;
        self.numbering.push(List { id, start });
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
                self.para_text.push_str(&t);
                let rpr = RPr {
                    mono: true,
                    ..self.rpr()
                };
                if let Some(p) = self.para.as_mut() {
                    ooxml::run(&mut p.runs, rpr, &t);
                }
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
                self.blocks.push(Block::Para(Para {
                    runs: ooxml::PAGE_BREAK.to_string(),
                    ..Para::default()
                }));
            }
            Event::TaskListMarker(checked) => {
                // A form's tick box: the box replaces the bullet.
                let depth = self.lists.len().saturating_sub(1) as i32;
                let mut p = Para {
                    ppr: PPr {
                        style: Some("ListParagraph".into()),
                        indent: Some((720 * (depth + 1), Some(360))),
                        ..PPr::default()
                    },
                    ..Para::default()
                };
                let mark = if checked { "☒\t" } else { "☐\t" };
                let rpr = RPr {
                    size: Some(28),
                    ..RPr::default()
                };
                ooxml::run(&mut p.runs, rpr, mark);
                self.para_text.clear();
                self.para = Some(p);
            }
            Event::FootnoteReference(label) => self.footnote(&label),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
        }
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
                if self.lists.is_empty() && self.table.is_none() {
                    // A lead-in ("The school did not try:") keeps with its
                    // list (documents review C11).
                    if self.lead_in {
                        if let Some(Block::Para(before)) = self.blocks.last_mut() {
                            before.ppr.keep_next = true;
                        }
                    }
                    self.list_starts.push(self.blocks.len());
                }
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
                self.start_table(alignments);
            }
            Tag::TableHead => self.start_table_head(),
            Tag::TableRow => {}
            Tag::TableCell => self.start_cell(),
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
                if self.lists.is_empty() && self.table.is_none() {
                    // A short list stays on one page: each item keeps with
                    // the next (documents review C11, R15: item 1 on page 1,
                    // items 2 and 3 on page 2).
                    if let Some(start) = self.list_starts.pop() {
                        let items = &mut self.blocks[start..];
                        if (2..=6).contains(&items.len()) {
                            let last = items.len() - 1;
                            for b in &mut items[..last] {
                                if let Block::Para(p) = b {
                                    p.ppr.keep_next = true;
                                }
                            }
                        }
                    }
                }
            }
            TagEnd::Item => self.close_paragraph(),
            TagEnd::TableCell => self.end_cell(),
            TagEnd::TableHead | TagEnd::TableRow => self.end_row(),
            TagEnd::Table => self.end_table(),
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
        ooxml::Parts {
            blocks: &self.blocks,
            lists: &self.numbering,
            footnotes: &self.footnotes,
            comments: &self.comments,
            comment_date: &self.comment_date,
            core: &core_properties(meta),
            font_size: meta.font_size,
        }
        .write()
    }
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

#[cfg(test)]
fn xml_char(c: char) -> bool {
    ooxml::xml_char(c)
}

fn xml_escape(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    let mut out = String::with_capacity(clean.len());
    ooxml::escape_into(&mut out, &clean);
    out
}

#[cfg(test)]
mod tests {

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
        assert!(doc.contains(r#"w:val="DocumentTitle""#));
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
    fn a_lead_in_keeps_with_its_list_and_a_short_list_stays_together() {
        // Documents review C11: "The school did not try the following:"
        // ended page 1, its list on page 2.
        let md = "# T\n\nThe school did not try:\n\n- one\n- two\n- three\n\nAfter the list.\n";
        let docx = markdown_to_docx(md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        let para_of = |text: &str| -> String {
            let at = doc.find(text).unwrap();
            let start = doc[..at].rfind("<w:p>").unwrap();
            doc[start..at].to_string()
        };
        assert!(para_of("The school did not try:").contains("<w:keepNext/>"));
        assert!(para_of(">one<").contains("<w:keepNext/>"));
        assert!(para_of(">two<").contains("<w:keepNext/>"));
        assert!(!para_of(">three<").contains("<w:keepNext/>"));
        assert!(!para_of("After the list.").contains("<w:keepNext/>"));
        // A long list is left to flow.
        let long: String = (1..=12).map(|i| format!("- item {i}\n")).collect();
        let docx = markdown_to_docx(&format!("Intro.\n\n{long}"), &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert_eq!(doc.matches("<w:keepNext/>").count(), 0, "{doc}");
    }

    #[test]
    fn a_short_table_stays_on_one_page_and_a_long_one_may_break() {
        // Documents review C11: the agreement's dates table split one row
        // to three (found by the LibreOffice page check too).
        let table = |rows: usize| -> String {
            let body: String = (1..=rows).map(|i| format!("| row {i} | x |\n")).collect();
            format!("Intro.\n\n| A | B |\n|---|---|\n{body}\n## Next\n\nAfter.\n")
        };
        let docx = markdown_to_docx(&table(3), &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        let para_of = |doc: &str, text: &str| -> String {
            let at = doc.find(text).unwrap();
            let start = doc[..at].rfind("<w:p>").unwrap();
            doc[start..at].to_string()
        };
        for kept in [">A<", ">row 1<", ">row 2<"] {
            assert!(
                para_of(&doc, kept).contains("<w:keepNext/>"),
                "{kept}: {doc}"
            );
        }
        assert!(!para_of(&doc, ">row 3<").contains("<w:keepNext/>"), "{doc}");
        // The short note after it keeps the last row with it.
        let docx = markdown_to_docx(
            &table(3).replace("## Next\n\nAfter.", "These dates count school weeks."),
            &meta(),
        )
        .unwrap();
        let doc = part(&docx, "word/document.xml");
        assert!(para_of(&doc, ">row 3<").contains("<w:keepNext/>"), "{doc}");
        // Twelve rows flow, only the heading row keeping with the first.
        let docx = markdown_to_docx(&table(12), &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        assert!(!para_of(&doc, ">row 1<").contains("<w:keepNext/>"), "{doc}");
        assert!(para_of(&doc, ">A<").contains("<w:keepNext/>"), "{doc}");
    }

    #[test]
    fn the_sign_off_keeps_with_the_paragraph_before_it() {
        // Reviews C4, K13: "Yours faithfully" alone on a last page.
        let md = "# Title\n\nFirst paragraph.\n\nLast paragraph of the letter.\n\nYours faithfully,\n\nSam Okafor\n";
        let docx = markdown_to_docx(md, &meta()).unwrap();
        let doc = part(&docx, "word/document.xml");
        let para_of = |text: &str| -> String {
            let at = doc.find(text).unwrap();
            let start = doc[..at]
                .rfind("<w:p>")
                .or_else(|| doc[..at].rfind("<w:p "))
                .unwrap();
            doc[start..at].to_string()
        };
        assert!(
            para_of("Last paragraph of the letter.").contains("<w:keepNext"),
            "{doc}"
        );
        assert!(
            !para_of("First paragraph.").contains("<w:keepNext"),
            "{doc}"
        );
        assert!(
            para_of("Yours faithfully,").contains("<w:keepNext"),
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
