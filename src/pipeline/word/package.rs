//! The last step of writing a Word document: the package docx-rs packed is
//! read back part by part and made valid WordprocessingML (ECMA-376 Part 1),
//! then written again as a deterministic zip.
//!
//! Why a pass of our own rather than a patched docx-rs: docx-rs 0.4 writes
//! children out of schema order in several elements (`w:pPr`, `w:rPr`,
//! `w:style`, `w:numPr`, `w:sectPr`, `w:settings`), run properties inside
//! the paragraph properties of styles and numbering levels, an undeclared
//! `w:type` on `w:gridCol`, footnotes without their reference mark or
//! separators, and comments parts that nothing refers to. One canonicalising
//! pass, driven by the schema's own order (src/word/schema.rs), mends all of
//! them for every part, whatever docx-rs version writes them, and is tested
//! against the schema (openxml-audit) and by Word-like readers (LibreOffice,
//! python-docx).

use super::schema;
use super::xml::{self, Element, Node};
use anyhow::{Context, Result};
use std::io::{Read, Write};

const FOOTNOTES: &str = "word/footnotes.xml";
const COMMENTS: &[&str] = &[
    "word/comments.xml",
    "word/commentsExtended.xml",
    "word/commentsIds.xml",
    "word/commentsExtensible.xml",
];
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";

/// Makes the package docx-rs wrote valid, and writes it again.
pub fn finish(packed: &[u8]) -> Result<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(packed))
        .context("could not read back the Word package")?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        // Folders are not parts (OPC has none); readers that list entries
        // can take an empty "word/" for one.
        if f.is_dir() || f.name().ends_with('/') {
            continue;
        }
        let mut bytes = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut bytes)?;
        entries.push((f.name().to_string(), bytes));
    }

    let document = entries
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, b)| xml::parse(b))
        .transpose()?
        .context("the package has no main document")?;
    let has_footnotes = document.root.contains("footnoteReference");
    let has_comments = document.root.contains("commentReference");
    // Comment ids after the footnote ids: LibreOffice mixes up a comment
    // and a footnote with the same id, and blanks the footnote's text.
    let comment_offset = if has_footnotes && has_comments {
        fn max_note(e: &Element) -> i64 {
            let own = if e.local() == "footnoteReference" {
                e.get("w:id")
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0)
            } else {
                0
            };
            e.elements().map(max_note).fold(own, i64::max)
        }
        max_note(&document.root) + 1
    } else {
        0
    };
    let mut dropped: Vec<&str> = Vec::new();
    if !has_footnotes {
        dropped.push(FOOTNOTES);
    }
    if !has_comments {
        dropped.extend(COMMENTS);
    }

    let mut out: Vec<(String, Vec<u8>)> = Vec::with_capacity(entries.len());
    // The main document was read once above; it is used again below.
    let mut document = Some(document);
    for (name, bytes) in entries {
        if dropped.contains(&name.as_str()) {
            continue;
        }
        let is_xml = name.ends_with(".xml") || name.ends_with(".rels");
        if !is_xml {
            out.push((name, bytes));
            continue;
        }
        let mut part = match (name.as_str(), document.take()) {
            ("word/document.xml", Some(d)) => d,
            (_, d) => {
                document = d;
                xml::parse(&bytes).with_context(|| format!("could not read back {name}"))?
            }
        };
        if name.starts_with("word/") && !name.contains("_rels/") {
            canonicalise(&mut part.root, "");
        }
        if comment_offset > 0 && matches!(name.as_str(), "word/document.xml" | "word/comments.xml")
        {
            shift_comment_ids(&mut part.root, comment_offset);
        }
        match name.as_str() {
            FOOTNOTES => footnotes(&mut part.root),
            "word/settings.xml" if has_footnotes => {
                settings_footnotes(&mut part.root);
                canonicalise(&mut part.root, "");
            }
            "word/_rels/document.xml.rels" => {
                part.root.children.retain(|n| match n {
                    Node::Element(e) => !e
                        .get("Target")
                        .is_some_and(|t| dropped.iter().any(|d| d.ends_with(t))),
                    Node::Text(_) => true,
                });
                if has_comments
                    && !part
                        .root
                        .elements()
                        .any(|e| e.get("Type") == Some(COMMENTS_REL))
                {
                    part.root.children.push(Node::Element(
                        Element::new("Relationship")
                            .attr("Id", "rIdComments")
                            .attr("Type", COMMENTS_REL)
                            .attr("Target", "comments.xml"),
                    ));
                }
            }
            "[Content_Types].xml" => {
                part.root.children.retain(|n| match n {
                    Node::Element(e) => !e
                        .get("PartName")
                        .is_some_and(|p| dropped.iter().any(|d| p == format!("/{d}"))),
                    Node::Text(_) => true,
                });
            }
            _ => {}
        }
        out.push((name, xml::write(&part)));
    }
    write_zip(&out)
}

/// Puts every element's children in schema order, moves run properties out
/// of the paragraph properties of styles and numbering levels (where the
/// schema allows none), and drops attributes the schema does not declare.
pub fn canonicalise(e: &mut Element, parent: &str) {
    if e.local() == "gridCol" {
        e.attrs.retain(|(k, _)| k != "w:type");
    }
    if matches!(e.local(), "style" | "lvl") {
        lift_run_properties(e);
    }
    if e.local() == "pPr" && schema::ppr_is_general(parent) {
        e.take("rPr");
        e.take("sectPr");
    }
    // Empty property containers are allowed, but an empty `w:rPr` in front
    // of a paragraph's style says nothing: leave them, in order.
    let mut children = std::mem::take(&mut e.children);
    for c in children.iter_mut() {
        if let Node::Element(c) = c {
            canonicalise(c, e.local());
        }
    }
    e.children = children;
    if let Some(order) = schema::children(e.local(), parent) {
        let rank = |n: &Node| match n {
            Node::Element(c) => {
                let local = c.local();
                order
                    .iter()
                    .position(|o| *o == local)
                    .unwrap_or(order.len())
            }
            Node::Text(_) => order.len(),
        };
        // Most elements are in order already: sort only those that are not
        // (a stable sort keeps repeated children, such as rows, in order).
        let mut last = 0;
        let sorted = e.children.iter().all(|c| {
            let r = rank(c);
            let ok = r >= last;
            last = r;
            ok
        });
        if !sorted {
            e.children.sort_by_cached_key(rank);
        }
    }
}

/// Adds `by` to the id of every comment and comment mark.
fn shift_comment_ids(root: &mut Element, by: i64) {
    root.walk_mut(&mut |e| {
        if matches!(
            e.local(),
            "comment" | "commentRangeStart" | "commentRangeEnd" | "commentReference"
        ) {
            for (k, v) in e.attrs.iter_mut() {
                if k == "w:id" {
                    if let Ok(n) = v.parse::<i64>() {
                        *v = (n + by).to_string();
                    }
                }
            }
        }
    });
}

/// A style's or a numbering level's `w:pPr/w:rPr` belongs in its own
/// `w:rPr`: merge what is not there already.
fn lift_run_properties(e: &mut Element) {
    let Some(ppr) = e.find_mut("pPr") else {
        return;
    };
    let inner = ppr.take("rPr");
    if inner.is_empty() {
        return;
    }
    if e.find("rPr").is_none() {
        e.children.push(Node::Element(Element::new("w:rPr")));
    }
    let rpr = e.find_mut("rPr").expect("just added");
    for r in inner {
        for c in r.children {
            if let Node::Element(c) = c {
                if rpr.find(c.local()).is_none() {
                    rpr.children.push(Node::Element(c));
                }
            }
        }
    }
}

/// Footnotes as Word writes them: the separator and continuation
/// separator first (ids -1 and 0), and each note starting with its own
/// number (`w:footnoteRef` in the footnote reference style).
fn footnotes(root: &mut Element) {
    let has = |root: &Element, id: &str| root.elements().any(|f| f.get("w:id") == Some(id));
    let separator = |id: &str, kind: &str, mark: &str| {
        Element::new("w:footnote")
            .attr("w:type", kind)
            .attr("w:id", id)
            .child(
                Element::new("w:p")
                    .child(
                        Element::new("w:pPr").child(
                            Element::new("w:spacing")
                                .attr("w:after", "0")
                                .attr("w:line", "240")
                                .attr("w:lineRule", "auto"),
                        ),
                    )
                    .child(Element::new("w:r").child(Element::new(mark))),
            )
    };
    let mut front = Vec::new();
    if !has(root, "-1") {
        front.push(Node::Element(separator("-1", "separator", "w:separator")));
    }
    if !has(root, "0") {
        front.push(Node::Element(separator(
            "0",
            "continuationSeparator",
            "w:continuationSeparator",
        )));
    }
    for note in root.elements_mut() {
        if note.get("w:type").is_some() {
            continue;
        }
        let Some(p) = note.find_mut("p") else {
            continue;
        };
        if p.contains("footnoteRef") {
            continue;
        }
        let mark = Element::new("w:r")
            .child(
                Element::new("w:rPr")
                    .child(Element::new("w:rStyle").attr("w:val", "FootnoteReference")),
            )
            .child(Element::new("w:footnoteRef"));
        let at = p
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.local() == "pPr"))
            .map_or(0, |i| i + 1);
        p.children.insert(at, Node::Element(mark));
    }
    front.append(&mut root.children);
    root.children = front;
}

/// The settings name the separator footnotes, as Word's do.
fn settings_footnotes(root: &mut Element) {
    if root.find("footnotePr").is_some() {
        return;
    }
    root.children.push(Node::Element(
        Element::new("w:footnotePr")
            .child(Element::new("w:footnote").attr("w:id", "-1"))
            .child(Element::new("w:footnote").attr("w:id", "0")),
    ));
}

/// Writes the parts as a zip, in the order given, each with the same fixed
/// date, so the same answers give the same bytes.
fn write_zip(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        // Small parts are stored: compressing them saves little and each
        // compressor costs more to start than the part takes to store.
        let method = if bytes.len() > 2048 {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        w.start_file(name.as_str(), opts.compression_method(method))?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::super::{markdown_to_docx, Meta, Review};
    use super::*;

    /// Every element of every part fairmove writes has its children in the
    /// schema's order; a regression names the element and the child.
    #[test]
    fn every_part_has_its_children_in_schema_order() {
        let md = "# Title\n\n## Part\n\nSome **bold**, *italic* and `code` text with a note[^a].\n\n1. one\n2. two\n\n- a\n- b\n\n> quoted\n\n| A | B |\n|---|---|\n| ☐ | x |\n\n[^a]: The note.\n";
        let mut review = Review::default();
        review.findings.push("NOTE: something".into());
        review
            .answers
            .push(("What is your name? Sam".into(), vec!["Some".into()]));
        let meta = Meta {
            title: "T".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            kind: "record".into(),
            font_size: 12,
            review: Some(review),
        };
        let docx = markdown_to_docx(md, &meta).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut checked = 0;
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().to_string();
            if !name.starts_with("word/") || !name.ends_with(".xml") {
                continue;
            }
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            let part = xml::parse(&bytes).unwrap();
            check_order(&part.root, "", &name);
            checked += 1;
        }
        assert!(checked >= 6, "{checked}");
    }

    fn check_order(e: &Element, parent: &str, part: &str) {
        if let Some(order) = schema::children(e.local(), parent) {
            let ranks: Vec<(usize, &str)> = e
                .elements()
                .map(|c| {
                    (
                        order
                            .iter()
                            .position(|o| *o == c.local())
                            .unwrap_or(order.len()),
                        c.local(),
                    )
                })
                .collect();
            for w in ranks.windows(2) {
                assert!(
                    w[0].0 <= w[1].0,
                    "{part}: in <{}>, <{}> comes before <{}>, but the schema puts it after",
                    e.name,
                    w[0].1,
                    w[1].1
                );
            }
        }
        if e.local() == "pPr" && schema::ppr_is_general(parent) {
            assert!(
                e.find("rPr").is_none(),
                "{part}: <w:rPr> inside the <w:pPr> of a <{parent}>"
            );
        }
        if e.local() == "gridCol" {
            assert!(e.get("w:type").is_none(), "{part}: w:type on <w:gridCol>");
        }
        for c in e.elements() {
            check_order(c, e.local(), part);
        }
    }
}
