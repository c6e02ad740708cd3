//! The page and the styles: A4 with 2.5 cm margins, Arial, headings Word
//! recognises, and "Page X of Y" in a footer of one size.

use super::*;

/// A new document with the page set up and every style fairmove uses.
pub(super) fn document(meta: &Meta) -> Docx {
    let scale = |half_points: usize| half_points * meta.font_size as usize / 12;
    Docx::new()
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
        )
}

/// Two things docx-rs leaves out of the styles: Normal marked as the
/// default paragraph style (so every editor treats unmarked paragraphs as
/// Normal), and the footnote reference style (superscript), which it names
/// on the reference run but does not define.
pub(super) fn add_character_styles(styles: &[u8]) -> Vec<u8> {
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
