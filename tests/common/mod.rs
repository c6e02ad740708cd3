//! Helpers shared by the integration tests: run the real binary, read the
//! text back out of a .docx.
#![allow(dead_code)]

pub mod readability;

use assert_cmd::Command;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

pub fn example(id: &str) -> PathBuf {
    root().join("examples").join(format!("{id}.yaml"))
}

/// The fairmove binary, with a fixed "today" and no data overlay from the
/// environment, run from a temporary directory unless told otherwise.
pub fn fairmove() -> Command {
    let mut c = Command::cargo_bin("fairmove").expect("binary built");
    c.env("FAIRMOVE_TODAY", "2026-11-23")
        .env_remove("FAIRMOVE_DATA");
    c
}

/// `fairmove draft ANSWERS -o OUT`, run and ready for its assertions.
pub fn draft_to(
    answers: impl AsRef<std::ffi::OsStr>,
    out: impl AsRef<std::ffi::OsStr>,
) -> assert_cmd::assert::Assert {
    let path = std::path::Path::new(answers.as_ref());
    fairmove_for(path)
        .arg("draft")
        .arg(answers)
        .arg("-o")
        .arg(out)
        .assert()
}

/// The text of a .docx: one line per paragraph (table cells separated by
/// " | "), entities decoded.
pub fn docx_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("docx exists");
    docx_part_text(&bytes, "word/document.xml")
}

/// The names of a Word file's parts.
pub fn docx_part_names(bytes: &[u8]) -> Vec<String> {
    let z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    z.file_names().map(str::to_string).collect()
}

pub fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in docx"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

pub fn docx_part_text(bytes: &[u8], name: &str) -> String {
    let xml = docx_part(bytes, name);
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let tail = &rest[i..];
        let end = tail.find('>').expect("tag closes");
        let tag = &tail[..=end];
        rest = &tail[end + 1..];
        if tag.starts_with("<w:t>") || tag.starts_with("<w:t ") {
            let close = rest.find("</w:t>").expect("text closes");
            out.push_str(&decode(&rest[..close]));
            rest = &rest[close..];
        } else if tag == "</w:p>" || tag.starts_with("<w:br") {
            out.push('\n');
        } else if tag == "</w:tc>" {
            out.push_str(" | ");
        }
    }
    out
}

/// XML and HTML entities back to their characters: those docx-rs writes
/// and those minijinja's HTML escaping writes (`&#x27;`, `&#x2f;`).
pub fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// Whitespace folded to single spaces, for comparing flowing text.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `fairmove check FILE`: the exit code and the report, whitespace folded.
pub fn check_report(answers: &Path) -> (Option<i32>, String) {
    let out = fairmove_for(answers)
        .arg("check")
        .arg(answers)
        .output()
        .expect("runs");
    (
        out.status.code(),
        fold(&String::from_utf8_lossy(&out.stdout)),
    )
}

/// The fairmove binary for one answers file: "today" is the date its
/// `# today: YYYY-MM-DD` comment gives, where it has one (a letter is
/// counted from the day it can be sent, so a scenario written on another
/// day says which), else the usual fixed day.
pub fn fairmove_for(answers: &Path) -> Command {
    let mut c = fairmove();
    if let Ok(text) = std::fs::read_to_string(answers) {
        if let Some(day) = text
            .lines()
            .find_map(|l| l.strip_prefix("# today: "))
            .and_then(|rest| rest.split_whitespace().next())
        {
            c.env("FAIRMOVE_TODAY", day);
        }
    }
    c
}

/// `fairmove [--terms T] draft FILE --format md -o -`: the Markdown, with
/// whitespace folded and bold markers left out, so checks read as the words
/// do. Fails the test if the document is not written.
pub fn draft_markdown(path: &Path, terms: Option<&Path>) -> String {
    let mut cmd = fairmove_for(path);
    if let Some(t) = terms {
        cmd.arg("--terms").arg(t);
    }
    let out = cmd
        .arg("draft")
        .arg(path)
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fold(&String::from_utf8_lossy(&out.stdout)).replace("**", "")
}

/// An example's answers with some changed or added (a value of `None`
/// removes the answer; a changed list's items go with it; a later change
/// of the same answer wins), written to `dir`, to be run on `today`.
pub fn example_with(
    dir: &Path,
    id: &str,
    today: &str,
    changes: &[(&str, Option<&str>)],
) -> PathBuf {
    let text = std::fs::read_to_string(example(id)).unwrap();
    let mut lines: Vec<String> = vec![format!("# today: {today}")];
    let mut skipping = false;
    for line in text.lines() {
        if skipping && line.starts_with("  ") {
            continue;
        }
        let key = line.split(':').next().unwrap_or("");
        skipping = changes.iter().any(|(k, _)| *k == key);
        if !skipping {
            lines.push(line.to_string());
        }
    }
    let mut last: Vec<(&str, Option<&str>)> = Vec::new();
    for (k, v) in changes {
        last.retain(|(lk, _)| lk != k);
        last.push((k, *v));
    }
    for (k, v) in last {
        if let Some(v) = v {
            lines.push(format!("{k}: {v}"));
        }
    }
    let n = std::fs::read_dir(dir).unwrap().count();
    let path = dir.join(format!("{id}-{n}.yaml"));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// `fairmove check` on answers it must refuse (exit 1): the error, whitespace
/// folded.
pub fn refused(path: &Path) -> String {
    let out = fairmove_for(path).arg("check").arg(path).output().unwrap();
    let err = fold(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "not refused: {err}");
    err
}

/// Every answers file that may draft: the examples and the fixtures (some
/// are refused by the checks or are not valid; callers skip those), sorted
/// within each folder.
pub fn drafting_answers() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "examples",
        "tests/fixtures",
        "tests/fixtures/law",
        "tests/fixtures/reading",
    ] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .filter(|p| !p.to_string_lossy().contains("term-dates"))
            .collect();
        here.sort();
        files.extend(here);
    }
    files
}
