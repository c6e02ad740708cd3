//! WordprocessingML written directly, every element's children in the order
//! ECMA-376 Part 1 gives them, so the package is valid as it is written and
//! nothing is read back. The parts that never change are fixed text; the
//! styles change only with the body text size.

use super::{A4_HEIGHT, A4_WIDTH, FONT, MARGIN, MONO};
use anyhow::Result;
use std::fmt::Write as _;
use std::io::Write as _;

/// A paragraph's properties, written in the schema's order (`CT_PPrBase`:
/// pStyle, keepNext, widowControl, numPr, spacing, ind, jc).
#[derive(Debug, Clone, Default)]
pub(super) struct PPr {
    pub style: Option<String>,
    pub keep_next: bool,
    pub widow_control: bool,
    /// (numbering instance, level)
    pub numbering: Option<(usize, usize)>,
    pub spacing_after: Option<u32>,
    /// (left, hanging)
    pub indent: Option<(i32, Option<i32>)>,
    pub align: Option<&'static str>,
}

impl PPr {
    fn write(&self, out: &mut String) {
        if self.style.is_none()
            && !self.keep_next
            && !self.widow_control
            && self.numbering.is_none()
            && self.spacing_after.is_none()
            && self.indent.is_none()
            && self.align.is_none()
        {
            return;
        }
        out.push_str("<w:pPr>");
        if let Some(s) = &self.style {
            let _ = write!(out, r#"<w:pStyle w:val="{s}"/>"#);
        }
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.widow_control {
            out.push_str(r#"<w:widowControl w:val="1"/>"#);
        }
        if let Some((id, level)) = self.numbering {
            let _ = write!(
                out,
                r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{id}"/></w:numPr>"#
            );
        }
        if let Some(after) = self.spacing_after {
            let _ = write!(out, r#"<w:spacing w:after="{after}"/>"#);
        }
        if let Some((left, hanging)) = self.indent {
            match hanging {
                Some(h) => {
                    let _ = write!(out, r#"<w:ind w:left="{left}" w:hanging="{h}"/>"#);
                }
                None => {
                    let _ = write!(out, r#"<w:ind w:left="{left}"/>"#);
                }
            }
        }
        if let Some(a) = self.align {
            let _ = write!(out, r#"<w:jc w:val="{a}"/>"#);
        }
        out.push_str("</w:pPr>");
    }
}

/// A run's look, written in the schema's order (`CT_RPr`: rFonts, b, bCs,
/// i, iCs, strike, color, sz, szCs, u).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RPr {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub mono: bool,
    pub link: bool,
    /// In half points.
    pub size: Option<u32>,
}

impl RPr {
    fn write(&self, out: &mut String) {
        if !(self.bold || self.italic || self.strike || self.mono || self.link)
            && self.size.is_none()
        {
            return;
        }
        out.push_str("<w:rPr>");
        if self.mono {
            let _ = write!(out, r#"<w:rFonts w:ascii="{MONO}" w:hAnsi="{MONO}"/>"#);
        }
        if self.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if self.strike {
            out.push_str("<w:strike/>");
        }
        if self.link {
            out.push_str(r#"<w:color w:val="1F4E79"/>"#);
        }
        if let Some(s) = self.size {
            let _ = write!(out, r#"<w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#);
        }
        if self.link {
            out.push_str(r#"<w:u w:val="single"/>"#);
        }
        out.push_str("</w:rPr>");
    }
}

/// A run of text. Characters XML forbids are left out; the rest escaped.
pub(super) fn run(out: &mut String, rpr: RPr, text: &str) {
    out.push_str("<w:r>");
    rpr.write(out);
    out.push_str(r#"<w:t xml:space="preserve">"#);
    escape_into(out, text);
    out.push_str("</w:t></w:r>");
}

/// A line break inside a paragraph.
pub(super) fn line_break(out: &mut String) {
    out.push_str(r#"<w:r><w:br w:type="textWrapping"/></w:r>"#);
}

/// A page break (a paragraph of its own).
pub(super) const PAGE_BREAK: &str = r#"<w:r><w:br w:type="page"/></w:r>"#;

/// The reference to footnote `id` in the text.
pub(super) fn footnote_reference(out: &mut String, id: usize) {
    let _ = write!(
        out,
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
    );
}

/// A paragraph: its properties and its runs, within a comment's range
/// when it has one.
#[derive(Debug, Clone, Default)]
pub(super) struct Para {
    pub ppr: PPr,
    pub runs: String,
    /// The review comment on this paragraph (its place in the list).
    pub comment: Option<usize>,
}

impl Para {
    pub(super) fn write(&self, out: &mut String, comment_base: usize) {
        out.push_str("<w:p>");
        self.ppr.write(out);
        match self.comment {
            Some(n) => {
                let id = comment_base + n;
                let _ = write!(out, r#"<w:commentRangeStart w:id="{id}"/>"#);
                out.push_str(&self.runs);
                let _ = write!(
                    out,
                    r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#
                );
            }
            None => out.push_str(&self.runs),
        }
        out.push_str("</w:p>");
    }
}

/// A table row: its properties (`CT_TrPr`) and its cells' paragraphs.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub height: Option<u32>,
    pub header: bool,
    pub cells: Vec<Vec<Para>>,
}

/// A table as wide as the text, with single borders, its columns' widths
/// in twentieths of a point. Rows never split across pages.
#[derive(Debug, Clone, Default)]
pub(super) struct Table {
    pub widths: Vec<usize>,
    pub rows: Vec<Row>,
}

impl Table {
    fn write(&self, out: &mut String, comment_base: usize) {
        let total: usize = self.widths.iter().sum();
        let _ = write!(
            out,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="left"/><w:tblBorders>"#
        );
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            let _ = write!(
                out,
                r#"<w:{side} w:val="single" w:sz="2" w:space="0" w:color="000000"/>"#
            );
        }
        out.push_str("</w:tblBorders></w:tblPr><w:tblGrid>");
        for w in &self.widths {
            let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
        }
        out.push_str("</w:tblGrid>");
        for row in &self.rows {
            out.push_str("<w:tr><w:trPr><w:cantSplit/>");
            if let Some(h) = row.height {
                let _ = write!(out, r#"<w:trHeight w:val="{h}" w:hRule="atLeast"/>"#);
            }
            if row.header {
                out.push_str("<w:tblHeader/>");
            }
            out.push_str("</w:trPr>");
            for cell in &row.cells {
                out.push_str("<w:tc>");
                if cell.is_empty() {
                    out.push_str("<w:p/>");
                }
                for p in cell {
                    p.write(out, comment_base);
                }
                out.push_str("</w:tc>");
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
    }
}

/// What the body holds, in order.
#[derive(Debug, Clone)]
pub(super) enum Block {
    Para(Para),
    Table(Table),
}

/// One list's numbering: its id and, for a numbered list, its first number.
#[derive(Debug, Clone, Copy)]
pub(super) struct List {
    pub id: usize,
    pub start: Option<u64>,
}

/// Everything a document is made of, ready to be written as a package.
pub(super) struct Parts<'a> {
    pub blocks: &'a [Block],
    pub lists: &'a [List],
    /// Each footnote's runs (footnote `n` is the n-th, from 1).
    pub footnotes: &'a [String],
    /// Each comment's runs.
    pub comments: &'a [String],
    pub comment_date: &'a str,
    pub core: &'a str,
    pub font_size: u32,
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

impl Parts<'_> {
    /// The package as a zip: the same parts always give the same bytes.
    pub(super) fn write(&self) -> Result<Vec<u8>> {
        // Comment ids come after the footnote ids: LibreOffice mixes up a
        // comment and a footnote with the same id, and blanks the
        // footnote's text.
        let comment_base = self.footnotes.len() + 1;
        let has_notes = !self.footnotes.is_empty();
        let has_comments = !self.comments.is_empty();
        let has_lists = !self.lists.is_empty();

        let mut parts: Vec<(&str, std::borrow::Cow<[u8]>)> = Vec::with_capacity(12);
        parts.push((
            "[Content_Types].xml",
            self.content_types(has_notes, has_comments, has_lists)
                .into_bytes()
                .into(),
        ));
        parts.push(("_rels/.rels", ROOT_RELS.as_bytes().into()));
        parts.push(("docProps/app.xml", APP.as_bytes().into()));
        parts.push(("docProps/core.xml", self.core.as_bytes().into()));
        parts.push((
            "word/_rels/document.xml.rels",
            document_rels(has_notes, has_comments, has_lists)
                .into_bytes()
                .into(),
        ));
        parts.push((
            "word/document.xml",
            self.document(comment_base).into_bytes().into(),
        ));
        parts.push((
            "word/styles.xml",
            styles(self.font_size).into_bytes().into(),
        ));
        parts.push((
            "word/settings.xml",
            if has_notes { SETTINGS_NOTES } else { SETTINGS }
                .as_bytes()
                .into(),
        ));
        parts.push(("word/fontTable.xml", FONTS.as_bytes().into()));
        if has_comments {
            parts.push((
                "word/comments.xml",
                self.comments(comment_base).into_bytes().into(),
            ));
        }
        if has_lists {
            parts.push(("word/numbering.xml", self.numbering().into_bytes().into()));
        }
        if has_notes {
            parts.push(("word/footnotes.xml", self.footnotes().into_bytes().into()));
        }
        parts.push(("word/footer1.xml", FOOTER.as_bytes().into()));
        parts.push(("word/theme/theme1.xml", THEME.as_bytes().into()));
        write_zip(&parts)
    }

    fn document(&self, comment_base: usize) -> String {
        let mut out = String::with_capacity(16 * 1024);
        let _ = write!(
            out,
            r#"{XML}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>"#
        );
        for b in self.blocks {
            match b {
                Block::Para(p) => p.write(&mut out, comment_base),
                Block::Table(t) => t.write(&mut out, comment_base),
            }
        }
        let _ = write!(
            out,
            r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/><w:pgSz w:w="{A4_WIDTH}" w:h="{A4_HEIGHT}"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="425"/></w:sectPr></w:body></w:document>"#
        );
        out
    }

    fn footnotes(&self) -> String {
        let mut out = String::with_capacity(4096);
        let _ = write!(out, r#"{XML}<w:footnotes xmlns:w="{W}" xmlns:r="{R}">"#);
        for (id, kind, mark) in [
            ("-1", "separator", "separator"),
            ("0", "continuationSeparator", "continuationSeparator"),
        ] {
            let _ = write!(
                out,
                r#"<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{mark}/></w:r></w:p></w:footnote>"#
            );
        }
        for (i, runs) in self.footnotes.iter().enumerate() {
            let _ = write!(
                out,
                r#"<w:footnote w:id="{}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>{runs}</w:p></w:footnote>"#,
                i + 1
            );
        }
        out.push_str("</w:footnotes>");
        out
    }

    fn comments(&self, comment_base: usize) -> String {
        let mut out = String::with_capacity(8192);
        let _ = write!(out, r#"{XML}<w:comments xmlns:w="{W}" xmlns:r="{R}">"#);
        for (i, runs) in self.comments.iter().enumerate() {
            let _ = write!(
                out,
                r#"<w:comment w:id="{}" w:author="fairmove" w:date="{}" w:initials="f"><w:p>{runs}</w:p></w:comment>"#,
                comment_base + i,
                self.comment_date
            );
        }
        out.push_str("</w:comments>");
        out
    }

    fn numbering(&self) -> String {
        let mut out = String::with_capacity(2048 * self.lists.len());
        let _ = write!(out, r#"{XML}<w:numbering xmlns:w="{W}">"#);
        for list in self.lists {
            let _ = write!(out, r#"<w:abstractNum w:abstractNumId="{}">"#, list.id);
            for level in 0..9usize {
                let indent = 720 * (level + 1);
                let (start, fmt, text) = match list.start {
                    Some(first) => {
                        let fmt = ["decimal", "lowerLetter", "lowerRoman"][level % 3];
                        let start = if level == 0 { first } else { 1 };
                        (start, fmt, format!("%{}.", level + 1))
                    }
                    None => (1, "bullet", ["•", "◦", "▪"][level % 3].to_string()),
                };
                let _ = write!(
                    out,
                    r#"<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>"#
                );
            }
            out.push_str("</w:abstractNum>");
        }
        for list in self.lists {
            let _ = write!(
                out,
                r#"<w:num w:numId="{0}"><w:abstractNumId w:val="{0}"/></w:num>"#,
                list.id
            );
        }
        out.push_str("</w:numbering>");
        out
    }

    fn content_types(&self, notes: bool, comments: bool, lists: bool) -> String {
        let mut out = String::with_capacity(2048);
        out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#);
        let mut part = |name: &str, kind: &str| {
            let _ = write!(
                out,
                r#"<Override PartName="/word/{name}.xml" ContentType="{CT}.{kind}+xml"/>"#
            );
        };
        part("document", "document.main");
        part("styles", "styles");
        part("settings", "settings");
        part("fontTable", "fontTable");
        if comments {
            part("comments", "comments");
        }
        if lists {
            part("numbering", "numbering");
        }
        if notes {
            part("footnotes", "footnotes");
        }
        part("footer1", "footer");
        let _ = write!(
            out,
            r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#
        );
        out.push_str("</Types>");
        out
    }
}

fn document_rels(notes: bool, comments: bool, lists: bool) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#);
    let mut rel = |id: &str, kind: &str, target: &str| {
        let _ = write!(
            out,
            r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
        );
    };
    rel("rId1", "styles", "styles.xml");
    rel("rId2", "fontTable", "fontTable.xml");
    rel("rId3", "settings", "settings.xml");
    if comments {
        rel("rId4", "comments", "comments.xml");
    }
    if lists {
        rel("rId5", "numbering", "numbering.xml");
    }
    if notes {
        rel("rId6", "footnotes", "footnotes.xml");
    }
    rel("rIdFooter1", "footer", "footer1.xml");
    rel("rIdTheme1", "theme", "theme/theme1.xml");
    out.push_str("</Relationships>");
    out
}

/// The styles: Normal (the default), the title and headings Word
/// recognises, quotes, list paragraphs, table text, footnotes and the
/// footer. Sizes follow the body text size (12 pt unless the document asks
/// for larger, e.g. a page for a child to read).
pub(super) fn styles(font_size: u32) -> String {
    let scale = |half_points: u32| half_points * font_size / 12;
    let body = font_size * 2;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"{XML}<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="{body}"/><w:szCs w:val="{body}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
    );
    // Titles at 16 pt, so a long name stays on one line (review R47).
    for (id, name, size, outline) in [
        ("DocumentTitle", "Document Title", scale(32), None),
        ("Heading1", "heading 1", scale(28), Some(0)),
        ("Heading2", "heading 2", scale(26), Some(1)),
        ("Heading3", "heading 3", scale(24), Some(2)),
        ("Heading4", "heading 4", scale(24), Some(3)),
    ] {
        let outline = outline
            .map(|l| format!(r#"<w:outlineLvl w:val="{l}"/>"#))
            .unwrap_or_default();
        let _ = write!(
            out,
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="120"/>{outline}</w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#
        );
    }
    let footnote = scale(18);
    let _ = write!(
        out,
        r#"<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="100"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="0" w:line="240"/></w:pPr><w:rPr><w:sz w:val="{footnote}"/><w:szCs w:val="{footnote}"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>"#
    );
    out
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>fairmove</Application></Properties>"#;

const FONTS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Arial"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="Courier New"><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font></w:fonts>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// The settings when there are footnotes: they name the separators, as
/// Word's do.
const SETTINGS_NOTES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// The theme Word expects beside every document (review B22: without one
/// openxml-audit called every file "at risk"): Arial for headings and
/// text, the letters' dark blue, and the plainest fills and lines.
const THEME: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="fairmove"><a:themeElements><a:clrScheme name="fairmove">"#,
    r#"<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>"#,
    r#"<a:dk2><a:srgbClr val="1F3864"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>"#,
    r#"<a:accent1><a:srgbClr val="1F4E79"/></a:accent1><a:accent2><a:srgbClr val="2E75B6"/></a:accent2><a:accent3><a:srgbClr val="7F7F7F"/></a:accent3>"#,
    r#"<a:accent4><a:srgbClr val="1F3864"/></a:accent4><a:accent5><a:srgbClr val="385723"/></a:accent5><a:accent6><a:srgbClr val="833C0B"/></a:accent6>"#,
    r#"<a:hlink><a:srgbClr val="1F4E79"/></a:hlink><a:folHlink><a:srgbClr val="7030A0"/></a:folHlink></a:clrScheme>"#,
    r#"<a:fontScheme name="fairmove"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>"#,
    r#"<a:fmtScheme name="fairmove"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>"#,
    r#"<a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>"#,
    r#"<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>"#,
    r#"<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#
);

/// "Page X of Y", centred, in the footer style.
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> of </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#;

/// Writes the parts as a zip, in the order given, each with the same fixed
/// date, so the same answers give the same bytes.
fn write_zip(parts: &[(&str, std::borrow::Cow<[u8]>)]) -> Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(32 * 1024)));
    let opts = zip::write::SimpleFileOptions::default()
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        // Small parts are stored: compressing them saves little and each
        // compressor costs more to start than the part takes to store.
        let method = if bytes.len() > 8192 {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        w.start_file(*name, opts.compression_method(method))?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

/// Text escaped for XML, with the characters XML 1.0 forbids left out
/// (control characters other than tab and line breaks, U+FFFE, U+FFFF):
/// answers are cleaned before this, but Markdown from a data folder or a
/// template might still hold one, and Word refuses a file that does.
pub(super) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

pub(super) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::super::{markdown_to_docx, schema, Meta, Review};
    use std::io::Read;

    /// Every element of every part fairmove writes has its children in the
    /// schema's order; a regression names the element and the child. The
    /// order comes from ECMA-376's own schema (`schema.rs`), not from this
    /// writer.
    #[test]
    fn every_part_has_its_children_in_schema_order() {
        let md = "# Title\n\n## Part\n\nSome **bold**, *italic*, ~~struck~~, [linked](https://example.org) and `code` text with a note[^a].\n\n1. one\n2. two\n\n- a\n  - nested\n- b\n\n- [x] ticked\n- [ ] not\n\n> quoted\n\n| A | Signature |\n|---|:-:|\n| ☐ | |\n\n---\n\nLast paragraph.\n\nYours sincerely,\n\nSam\n\n[^a]: The *note*.\n";
        let mut review = Review::default();
        review.findings.push("NOTE: something".into());
        review
            .answers
            .push(("What is your name? Sam".into(), vec!["Some".into()]));
        let meta = Meta {
            title: "T".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            kind: "record".into(),
            font_size: 14,
            review: Some(review),
        };
        let docx = markdown_to_docx(md, &meta).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut checked = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().to_string();
            if !name.starts_with("word/") || !name.ends_with(".xml") {
                continue;
            }
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            check_order(doc.root_element(), "", &name);
            checked.push(name);
        }
        for part in [
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/numbering.xml",
            "word/footnotes.xml",
            "word/comments.xml",
            "word/footer1.xml",
            "word/fontTable.xml",
        ] {
            assert!(checked.iter().any(|c| c == part), "{part} not written");
        }
    }

    fn check_order(e: roxmltree::Node, parent: &str, part: &str) {
        let local = e.tag_name().name();
        if let Some(order) = schema::children(local, parent) {
            let ranks: Vec<(usize, &str)> = e
                .children()
                .filter(|c| c.is_element())
                .map(|c| {
                    let name = c.tag_name().name();
                    (
                        order.iter().position(|o| *o == name).unwrap_or(order.len()),
                        name,
                    )
                })
                .collect();
            for w in ranks.windows(2) {
                assert!(
                    w[0].0 <= w[1].0,
                    "{part}: in <{local}>, <{}> comes before <{}>, but the schema puts it after",
                    w[0].1,
                    w[1].1
                );
            }
        }
        if local == "pPr" && schema::ppr_is_general(parent) {
            assert!(
                !e.children().any(|c| c.tag_name().name() == "rPr"),
                "{part}: <w:rPr> inside the <w:pPr> of a <{parent}>"
            );
        }
        for c in e.children().filter(|c| c.is_element()) {
            check_order(c, local, part);
        }
    }
}
