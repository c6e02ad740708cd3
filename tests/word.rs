//! Word documents that Microsoft Word opens without repair (issue 17): every
//! example and every test fixture that drafts, in every `--sources` mode and
//! as a `--review` copy, is checked against the Microsoft 365 schema set by
//! openxml-audit (pip install openxml-audit); a `--review` copy survives a
//! LibreOffice round trip with every footnote and comment; python-docx
//! finds each footnote's number. Without openxml-audit, python-docx or
//! LibreOffice these tests fail: they never skip.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The findings of openxml-audit that are expected, each with its reason.
/// Anything else fails the test. There are none: the theme part the last
/// one was about is written since December 2026 (review B22).
const EXPECTED: &[(&str, &str)] = &[];

/// One Python process validates every file (a fresh validator for each:
/// the command's recursive mode shares state between files).
const AUDIT: &str = r#"
import sys, json
from openxml_audit import OpenXmlValidator, FileFormat
for f in sys.argv[1:]:
    v = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)
    r = v.validate(f)
    print(json.dumps({"file": f, "errors": [
        {"description": str(e.description), "part": str(getattr(e, "part_uri", "")),
         "path": str(getattr(e, "path", "")), "node": str(getattr(e, "node", ""))}
        for e in r.errors]}))
"#;

fn needs(module: &str, install: &str) {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "python3 with {module} is needed: pip install {install}");
}

/// Drafts `answers` with extra arguments; `None` when the checks block it
/// or the file is not a valid answers file (those are other tests' work).
fn draft(answers: &Path, out: &Path, extra: &[&str]) -> Option<PathBuf> {
    let o = fairmove()
        .arg("draft")
        .arg(answers)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    o.status.success().then(|| out.to_path_buf())
}

#[test]
fn every_document_in_every_mode_is_valid_wordprocessingml() {
    needs("openxml_audit", "openxml-audit");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (n, answers) in drafting_answers().iter().enumerate() {
        for (mode, extra) in [
            ("footnotes", &["--sources", "footnotes"][..]),
            ("appendix", &["--sources", "appendix"][..]),
            ("none", &["--sources", "none"][..]),
            ("review", &["--review"][..]),
        ] {
            let out = dir.path().join(format!("{n:03}-{mode}.docx"));
            if let Some(f) = draft(answers, &out, extra) {
                files.push((f, format!("{} ({mode})", answers.display())));
            }
        }
    }
    assert!(files.len() >= 200, "only {} documents drafted", files.len());
    let out = Command::new("python3")
        .args(["-c", AUDIT])
        .args(files.iter().map(|(f, _)| f))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut failures = Vec::new();
    let mut seen = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        seen += 1;
        let file = v["file"].as_str().unwrap();
        let what = &files
            .iter()
            .find(|(f, _)| f.to_str() == Some(file))
            .unwrap()
            .1;
        for e in v["errors"].as_array().unwrap() {
            let d = e["description"].as_str().unwrap();
            if !EXPECTED.iter().any(|(x, _)| *x == d) {
                failures.push(format!(
                    "{what}: {d} (part {}, at {}, element {})",
                    e["part"], e["path"], e["node"]
                ));
            }
        }
    }
    assert_eq!(seen, files.len());
    assert!(
        failures.is_empty(),
        "{} schema finding(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The text of every `w:t` under each element with the local name `tag`
/// (a footnote or a comment) of a part, keyed by nothing: in order.
fn texts_of(xml: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
        .filter(|n| {
            // Not the separators.
            n.attributes().all(|a| a.name() != "type")
        })
        .map(|n| {
            n.descendants()
                .filter(|t| t.tag_name().name() == "t")
                .filter_map(|t| t.text())
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn a_review_copy_keeps_every_footnote_and_comment_through_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let mut originals = Vec::new();
    for id in [
        "withdraw-exclusion",
        "governors-representations",
        "consent-record",
        "pressure-complaint",
    ] {
        let out = dir.path().join(format!("{id}.docx"));
        draft(&example(id), &out, &["--review"]).expect("drafts");
        originals.push(out);
    }
    let converted = dir.path().join("converted");
    std::fs::create_dir(&converted).unwrap();
    let profile = dir.path().join("profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&converted)
        .args(&originals)
        .output()
        .expect("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui");
    assert!(status.status.success(), "{status:?}");
    for original in &originals {
        let name = original.file_name().unwrap();
        let before = std::fs::read(original).unwrap();
        let after = std::fs::read(converted.join(name)).unwrap();
        for (part, tag) in [
            ("word/footnotes.xml", "footnote"),
            ("word/comments.xml", "comment"),
        ] {
            let b = texts_of(&docx_part(&before, part), tag);
            assert!(!b.is_empty(), "{name:?} has no {tag}");
            let a = texts_of(&docx_part(&after, part), tag);
            assert_eq!(
                a.len(),
                b.len(),
                "{name:?}: {tag}s after LibreOffice: {a:#?}"
            );
            for t in &b {
                assert!(
                    a.iter().any(|x| x.contains(t.trim())),
                    "{name:?}: the {tag} \"{t}\" is lost or changed after LibreOffice: {a:#?}"
                );
            }
        }
    }
}

#[test]
fn python_docx_finds_each_footnote_with_its_number() {
    needs("docx", "python-docx");
    const SCRIPT: &str = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
part = [p for p in d.part.package.parts if str(p.partname) == '/word/footnotes.xml'][0]
from lxml import etree
root = etree.fromstring(part.blob)
for f in root.findall(qn('w:footnote')):
    if f.get(qn('w:type')):
        print('SEP', f.get(qn('w:id')))
        continue
    first = f.find(qn('w:p'))
    runs = first.findall(qn('w:r'))
    ref = runs[0].find(qn('w:footnoteRef')) is not None
    style = runs[0].find(qn('w:rPr') + '/' + qn('w:rStyle'))
    print('NOTE', f.get(qn('w:id')), ref, style.get(qn('w:val')) if style is not None else None)
"#;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.docx");
    draft(&example("withdraw-exclusion"), &out, &[]).expect("drafts");
    let py = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let text = String::from_utf8_lossy(&py.stdout);
    assert!(text.contains("SEP -1"), "{text}");
    assert!(text.contains("SEP 0"), "{text}");
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("NOTE")).collect();
    assert!(notes.len() >= 2, "{text}");
    for n in notes {
        assert!(n.ends_with("True FootnoteReference"), "{n}");
    }
    // A document without footnotes has no footnotes part, and a document
    // without comments no comments part (nothing refers to them).
    let plain = dir.path().join("plain.docx");
    draft(
        &example("withdraw-exclusion"),
        &plain,
        &["--sources", "none"],
    )
    .expect("drafts");
    let bytes = std::fs::read(&plain).unwrap();
    let names = docx_part_names(&bytes);
    assert!(
        !names.iter().any(|n| n == "word/footnotes.xml"),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("word/comments")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.ends_with('/')), "{names:?}");
}

#[test]
fn every_document_keeps_its_title_in_a_plain_text_reader() {
    // Documents review R15: pandoc takes a paragraph in Word's built-in
    // Title style at the start of a document as metadata and leaves it out
    // of the text, so six records and forms lost their titles. Every
    // example, read by pandoc as plain text, starts with its title (or,
    // for a letter, shows it after the address).
    let ok = Command::new("pandoc")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "pandoc is needed: apt-get install pandoc");
    let dir = tempfile::tempdir().unwrap();
    let ids = fairmove::documents::document::list_ids(&fairmove::base::data::DataSource::builtin())
        .unwrap();
    let mut lost = Vec::new();
    for id in &ids {
        let out = dir.path().join(format!("{id}.docx"));
        draft_to(example(id), &out).success();
        let md = fairmove_for(&example(id))
            .args(["draft", "--format", "md", "-o", "-"])
            .arg(example(id))
            .output()
            .unwrap();
        let md = String::from_utf8(md.stdout).unwrap();
        let title = md
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or_else(|| panic!("{id} has no title"))
            .replace('\u{a0}', " ");
        let plain = Command::new("pandoc")
            .args(["-t", "plain", "--wrap=none"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(plain.status.success(), "pandoc could not read {id}");
        let text = String::from_utf8_lossy(&plain.stdout).replace('\u{a0}', " ");
        // The title's words, whatever escaping the reader does.
        let words: String = title
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        if !fold(&text).contains(&words) {
            lost.push(format!("{id}: \"{title}\""));
        }
    }
    assert!(
        lost.is_empty(),
        "titles lost in plain text:\n{}",
        lost.join("\n")
    );
}
